"""Normalise customer identifiers so the same person's phone, e-mail or card compare equal.

Every normaliser takes a pandas Series of raw values and returns a DataFrame on the same index
with two columns: `value` (the canonical text, NA when the raw value is not usable) and
`reason` (NA when usable, else a short phrase saying why not). The rules and the reasons for
them are in docs/segments.md ("Identifier normalisation"); the short version is in each
function's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

ID_TYPES = (
    "phone",
    "email",
    "member_card",
    "wechat_openid",
    "marketplace_account",
    "payment_account",
    "other",
)

_EXTENSION = r"(?i)(?:转|分机|ext\.?|x|#)\s*\d+\s*$"
_EMAIL = (
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
# Decorations printed on cards or typed by staff before the number; the programme's own letter
# prefix (e.g. "A" for one dealer's cards) is kept because it tells card programmes apart.
DEFAULT_CARD_PREFIXES = ("会员卡号", "会员卡", "会员号", "会员", "卡号", "CARD", "VIP", "NO")
# Deleted with str.translate (one C-level pass, no regex); NFKC already turned '：' into ':'.
_CARD_SEPARATORS = str.maketrans("", "", " \t\u00a0-‐‑–—_./·:#№")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_OPENID = r"[A-Za-z0-9_-]{16,64}"


def _as_text(values: pd.Series) -> pd.Series:
    """Text with NA for missing; integer-valued numbers (phones read as numbers) lose '.0'."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
        numbers = pd.to_numeric(values, errors="coerce")
        whole = numbers.notna() & (numbers == np.floor(numbers))
        text = numbers.astype("string")
        text[whole] = numbers[whole].astype("Int64").astype("string")
        return text
    return values.astype("string")


def _clean(values: pd.Series) -> pd.Series:
    """NFKC folds full-width digits, letters and '@' (common from Chinese IMEs) to ASCII.

    Only non-ASCII texts need it (NFKC leaves ASCII unchanged), which spares most rows a pass.
    """
    text = _as_text(values).str.strip()
    wide = ~text.str.isascii().fillna(True)
    if wide.any():
        text = text.copy()
        text[wide] = text[wide].str.normalize("NFKC").str.strip()
    return text


def _result(value: pd.Series, reason: pd.Series) -> pd.DataFrame:
    value = value.astype("string").where(reason.isna())
    return pd.DataFrame({"value": value, "reason": reason.astype("string")}, index=value.index)


# A rule's condition: a function of the invalid rows' text, or a mask over all rows.
Rule = tuple[Callable[[pd.Series], pd.Series] | np.ndarray, str]


def _explain(text: pd.Series, invalid: np.ndarray, rules: list[Rule], fallback: str) -> pd.Series:
    """Reasons for the invalid rows only (the first rule that holds, else `fallback`).

    Valid rows never pay for the diagnostic string operations, which dominate on big inputs.
    """
    reason = pd.Series(pd.NA, index=text.index, dtype="string")
    rows = np.flatnonzero(invalid)
    if len(rows) == 0:
        return reason
    subset = text.iloc[rows]
    conditions = [
        rule[rows] if isinstance(rule, np.ndarray) else rule(subset).fillna(False).to_numpy(bool)
        for rule, _ in rules
    ]
    labels = [label for _, label in rules]
    reason.iloc[rows] = np.select(conditions, labels, default=fallback) if rules else fallback
    return reason


def _is_empty(text: pd.Series) -> pd.Series:
    return text.isna() | (text.str.strip() == "")


def normalize_phone(values: pd.Series, *, accept_landlines: bool = True) -> pd.DataFrame:
    """Chinese phone numbers to their national digits: mobiles '1xxxxxxxxxx', landlines '0AAA…'.

    Removes separators and a +86 / 0086 / 86 country prefix; a landline written after +86 gets
    its trunk '0' back. Rejects foreign numbers, extensions (a switchboard, not a person),
    landlines without an area code (ambiguous across cities) and mobiles whose last eight
    digits repeat one digit (placeholders typed at the till). Works on a matrix of code points
    (numpy), so millions of numbers take about a second.
    """
    text = _as_text(values)
    digits, n_digits, plus, odd = _phone_digits(text)
    code_plus = plus & _starts(digits, "86")
    foreign = (plus & ~code_plus) | (_starts(digits, "00") & ~_starts(digits, "0086"))
    strip = np.where(code_plus, 2, np.where(_starts(digits, "0086") & ~plus, 4, 0))
    international = strip > 0
    bare_86 = ~plus & (n_digits == 13) & _starts(digits, "86") & _is_mobile_start(digits[:, 2:])
    strip = np.where(bare_86, 2, strip)
    national = _shift_left(digits, strip)
    length = n_digits - strip
    mobile = (length == 11) & _is_mobile_start(national)
    trunk = international & ~mobile & (national[:, 0] >= 1)
    national = np.where(trunk[:, None], np.roll(national, 1, axis=1), national)
    national[trunk, 0] = 0
    length = length + trunk
    area = np.where(np.isin(national[:, 1], (1, 2)), 3, 4)  # 010/02x, else 0xxx
    subscriber = np.where(area == 3, national[:, 3], national[:, 4])
    landline = (
        (national[:, 0] == 0)
        & (national[:, 1] >= 1)
        & (subscriber >= 2)
        & np.isin(length - area, (7, 8))
    )
    placeholder = mobile & (national[:, 3:11] == national[:, 3:4]).all(axis=1)
    no_area = ~international & ~mobile & np.isin(length, (7, 8)) & (national[:, 0] >= 2)
    bad = odd | foreign | ~(mobile | landline) | placeholder | (landline & ~accept_landlines)
    reason = _explain(
        text,
        bad,
        [
            (_is_empty, "empty"),
            (lambda t: t.str.contains(_EXTENSION, regex=True), "extension of a switchboard number"),
            (odd, "not a phone number"),
            (foreign, "not a Chinese number"),
            (placeholder, "placeholder number"),
            (landline, "landline not accepted"),
            (no_area, "landline without area code"),
        ],
        "not a phone number",
    )
    return _result(_digits_to_text(national, length, text.index), reason)


_PHONE_WIDTH = 40  # longer texts are not phone numbers
_MAX_DIGITS = 20
_CHUNK = 200_000  # rows per code-point matrix: bounds memory to tens of MB


def _phone_tables() -> tuple[np.ndarray, np.ndarray]:
    """Per BMP code point: its digit value (-1 if none) and its class (pad/plus/separator/other).

    ASCII and full-width forms are treated alike (what NFKC would do for these characters).
    """
    value = np.full(0x10000, -1, dtype=np.int8)
    kind = np.full(0x10000, _OTHER, dtype=np.uint8)
    for zero in (ord("0"), 0xFF10):
        value[zero : zero + 10] = np.arange(10)
        kind[zero : zero + 10] = _DIGIT
    kind[0] = _PAD
    kind[[ord("+"), 0xFF0B]] = _PLUS
    separators = " \t\r\n\u00a0\u3000-‐‑–—−()（）.·/．／－"
    kind[[ord(c) for c in separators]] = _SEPARATOR
    return value, kind


_PAD, _DIGIT, _PLUS, _SEPARATOR, _OTHER = range(5)
_DIGIT_VALUE, _CHAR_KIND = _phone_tables()


def _phone_digits(text: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Digits (n x 20, -1 padded), their count, a leading '+', and rows with other characters."""
    n = len(text)
    lengths = text.str.len().fillna(0).to_numpy(dtype=np.int64)
    usable = (lengths > 0) & (lengths <= _PHONE_WIDTH)
    width = int(max(lengths[usable].max(initial=1), 1))
    fixed = text.where(usable, "").to_numpy(dtype=f"<U{width}", na_value="")
    digits = np.full((n, _MAX_DIGITS), -1, dtype=np.int8)
    n_digits = np.zeros(n, dtype=np.int64)
    plus = np.zeros(n, dtype=bool)
    odd = ~usable
    for start in range(0, n, _CHUNK):
        part = slice(start, min(start + _CHUNK, n))
        codes = np.minimum(fixed[part].view(np.uint32).reshape(-1, width), 0xFFFF)
        value = _DIGIT_VALUE[codes]
        kind = _CHAR_KIND[codes]
        is_digit = value >= 0
        count = is_digit.sum(axis=1)
        first_digit = np.where(count > 0, is_digit.argmax(axis=1), width)
        is_plus = kind == _PLUS
        has_plus = is_plus.any(axis=1)
        plus_ok = (is_plus.sum(axis=1) == 1) & (is_plus.argmax(axis=1) < first_digit)
        odd[part] |= (kind == _OTHER).any(axis=1) | (has_plus & ~plus_ok) | (count > _MAX_DIGITS)
        # Compact the digits to the left: digit k of a row goes to column k, the other
        # characters to a spare last column that is dropped.
        rank = np.cumsum(is_digit, axis=1, dtype=np.int8) - 1
        target = np.where(is_digit & (rank < _MAX_DIGITS), rank, _MAX_DIGITS).astype(np.intp)
        compact = np.full((len(codes), _MAX_DIGITS + 1), -1, dtype=np.int8)
        np.put_along_axis(compact, target, value, axis=1)
        digits[part] = compact[:, :_MAX_DIGITS]
        n_digits[part] = np.minimum(count, _MAX_DIGITS)
        plus[part] = has_plus & plus_ok
    return digits, n_digits, plus, odd


def _starts(digits: np.ndarray, prefix: str) -> np.ndarray:
    wanted = np.array([int(c) for c in prefix], dtype=np.int8)
    return (digits[:, : len(prefix)] == wanted).all(axis=1)


def _is_mobile_start(digits: np.ndarray) -> np.ndarray:
    return (digits[:, 0] == 1) & (digits[:, 1] >= 3)


def _shift_left(digits: np.ndarray, by: np.ndarray) -> np.ndarray:
    """Drop the first `by` digits of each row (by is 0, 2 or 4: a country prefix)."""
    shifted = digits.copy()
    for step in np.unique(by[by > 0]):
        rows = np.flatnonzero(by == step)
        shifted[rows, :-step] = digits[rows, step:]
        shifted[rows, -step:] = -1
    return shifted


def _digits_to_text(digits: np.ndarray, length: np.ndarray, index: pd.Index) -> pd.Series:
    width = int(max(length.max(initial=1), 1))
    inside = np.arange(width)[None, :] < length[:, None]
    part = digits[:, :width]
    codes = np.where(inside & (part >= 0), part + 48, 0).astype(np.uint32)
    fixed = np.ascontiguousarray(codes).view(f"<U{width}").reshape(-1)
    return pd.Series(fixed, index=index, dtype="string")


def normalize_email(values: pd.Series) -> pd.DataFrame:
    """E-mail addresses trimmed and lower-cased as a whole.

    Dots and '+tags' in the local part are kept: only some providers ignore them (Gmail), the
    Chinese ones most customers use (QQ, 163, 126) do not, so stripping them would merge
    different people.
    """
    text = _clean(values).str.lower().str.replace("。", ".", regex=False)
    valid = text.str.fullmatch(_EMAIL) & (text.str.len() <= 254) & (text.str.find("@") <= 64)
    reason = _explain(
        text,
        ~valid.fillna(False).to_numpy(dtype=bool),
        [
            (_is_empty, "empty"),
            (lambda t: t.str.contains(r"\s", regex=True), "contains spaces"),
            (lambda t: t.str.len() > 254, "too long for an e-mail address"),
            (lambda t: t.str.fullmatch(_EMAIL), "local part too long"),
        ],
        "not an e-mail address",
    )
    return _result(text, reason)


def normalize_member_card(
    values: pd.Series, *, strip_prefixes: tuple[str, ...] = DEFAULT_CARD_PREFIXES
) -> pd.DataFrame:
    """Member card numbers as an optional programme letter prefix plus the number.

    Upper-cased; separators and printed decorations ('VIP', 'NO', '会员卡号' …) removed; leading
    zeros of the number removed because tills pad cards to different widths ('000123' and '123'
    are the same card). An all-zero number is a placeholder.
    """
    text = _clean(values).str.upper()
    # Most cards are bare digits: only the others pay for deleting separators and prefixes.
    decorated = ~text.str.isdigit().fillna(True)
    if decorated.any():
        ordered = sorted(strip_prefixes, key=len, reverse=True)
        pattern = "^(?:" + "|".join(re.escape(p.upper()) for p in ordered) + ")+"
        cleaned = text[decorated].str.translate(_CARD_SEPARATORS)
        if strip_prefixes:
            cleaned = cleaned.str.replace(pattern, "", regex=True)
        text = text.copy()
        text[decorated] = cleaned
    shaped = text.str.fullmatch(r"[A-Z]{0,4}\d{1,20}").fillna(False).to_numpy(dtype=bool)
    # Plain strips, not regex substitutions: letters then digits is already checked.
    number = text.str.lstrip(_LETTERS).str.lstrip("0")
    zero = (number == "").fillna(False).to_numpy(dtype=bool)
    reason = _explain(
        text,
        ~shaped | zero,
        [(_is_empty, "empty"), (~shaped, "not a member card number")],
        "placeholder number",
    )
    return _result(text.str.rstrip("0123456789") + number, reason)


def normalize_wechat_openid(values: pd.Series) -> pd.DataFrame:
    """WeChat openids/unionids trimmed only: they are case-sensitive ('oAb…' ≠ 'oab…')."""
    text = _as_text(values).str.strip()
    valid = text.str.fullmatch(_OPENID).fillna(False).to_numpy(dtype=bool)
    return _result(text, _explain(text, ~valid, [(_is_empty, "empty")], "not an openid"))


def normalize_marketplace_account(values: pd.Series) -> pd.DataFrame:
    """Marketplace account names, best written 'platform:account' (names are per platform).

    NFKC, trimmed, inner runs of spaces collapsed and case-folded: exports from the platforms'
    back offices differ in letter case for the same account more often than two real accounts
    differ only in case.
    """
    text = _clean(values).str.replace(r"\s+", " ", regex=True).str.casefold()
    text = text.str.replace(r"\s*:\s*", ":", regex=True)
    placeholder = text.str.fullmatch(r"[-_.*/\\?0]+|n/?a|none|null|无")
    invalid = (_is_empty(text) | placeholder).fillna(True).to_numpy(dtype=bool)
    return _result(text, _explain(text, invalid, [(_is_empty, "empty")], "placeholder"))


def normalize_payment_account(values: pd.Series) -> pd.DataFrame:
    """Payment accounts: a phone or e-mail login gets that type's canonical form; other account
    ids (Alipay '2088…' ids, WeChat Pay openids) are trimmed and keep their case."""
    text = _clean(values).str.replace(r"\s+", "", regex=True)
    phone = normalize_phone(text, accept_landlines=False)
    email = normalize_email(text)
    value = phone["value"].fillna(email["value"]).fillna(text)
    looks_like_email = text.str.contains("@", regex=False)
    invalid = (
        _is_empty(text)
        | (looks_like_email & email["value"].isna())
        | ~text.str.fullmatch(r"[A-Za-z0-9_@.+-]{4,64}")
    )
    reason = _explain(
        text,
        invalid.fillna(True).to_numpy(dtype=bool),
        [
            (_is_empty, "empty"),
            (lambda t: t.str.contains("@", regex=False), "not an e-mail address"),
        ],
        "not a payment account",
    )
    return _result(value, reason)


def normalize_other(values: pd.Series) -> pd.DataFrame:
    """Identifiers of no known type: compared exactly after NFKC and trimming."""
    text = _clean(values)
    invalid = _is_empty(text).to_numpy(dtype=bool)
    return _result(text, _explain(text, invalid, [], "empty"))


_NORMALIZERS: dict[str, Callable[[pd.Series], pd.DataFrame]] = {
    "phone": normalize_phone,
    "email": normalize_email,
    "member_card": normalize_member_card,
    "wechat_openid": normalize_wechat_openid,
    "marketplace_account": normalize_marketplace_account,
    "payment_account": normalize_payment_account,
    "other": normalize_other,
}


def normalize(values: pd.Series, id_type: str) -> pd.DataFrame:
    """Normalise values of one identifier type (one of ID_TYPES)."""
    try:
        normalizer = _NORMALIZERS[id_type]
    except KeyError:
        raise ValueError(
            f"unknown identifier type {id_type!r}; known: {', '.join(ID_TYPES)}"
        ) from None
    return normalizer(values)


@dataclass(frozen=True)
class EncodedIdentities:
    """Identity rows as integer keys: equal keys = same id type and same normalised value.

    Per row: type_code (index into ID_TYPES, -1 if none), key (-1 when unusable), reason_code
    (index into reason_labels, -1 when usable). Per key: key_type and key_value (normalised).
    """

    type_code: np.ndarray
    key: np.ndarray
    reason_code: np.ndarray
    reason_labels: np.ndarray
    key_type: np.ndarray
    key_value: np.ndarray

    @property
    def normalized(self) -> np.ndarray:
        """The normalised value of each row (None where unusable)."""
        out = np.full(len(self.key), None, dtype=object)
        usable = self.key >= 0
        out[usable] = self.key_value[self.key[usable]]
        return out

    @property
    def reason(self) -> np.ndarray:
        """Why each row is unusable (None where usable)."""
        labels = np.append(self.reason_labels, None)  # code -1 -> None
        return labels[self.reason_code]


def encode_identities(
    id_type: pd.Series, value: pd.Series, *, normalized: bool = False
) -> EncodedIdentities:
    """Normalise and number identifiers without ever hashing all rows' normalised text.

    Per id type, each distinct raw value is normalised once (a phone copied into many records
    costs one normalisation), and distinct normalised values are numbered; rows then take their
    key by integer indexing. normalized=True: the values are canonical already (e.g. stored
    normalised by the importer) and are only numbered.
    """
    codes = pd.Index(ID_TYPES).get_indexer(id_type).astype(np.int64)
    unknown = (codes < 0) & id_type.notna().to_numpy()
    if unknown.any():
        names = sorted(map(str, id_type[unknown].unique()))
        raise ValueError(f"unknown identifier type(s) {', '.join(names)}; known: {ID_TYPES}")
    n = len(codes)
    labels = ["no identifier type", "empty"]
    key = np.full(n, -1, dtype=np.int64)
    reason_code = np.where(codes < 0, 0, 1).astype(np.int16)
    key_type, key_value, offset = [], [], 0
    for type_code, name in enumerate(ID_TYPES):
        rows = np.flatnonzero(codes == type_code)
        if len(rows) == 0:
            continue
        raw_codes, raw_uniques = pd.factorize(value.iloc[rows])
        uniques = pd.Series(raw_uniques, dtype="string")
        if normalized:  # distinct already: number them; only blanks are unusable
            blank = uniques.eq("").to_numpy(dtype=bool)
            value_codes = np.full(len(uniques), -1, dtype=np.int64)
            value_codes[~blank] = np.arange(np.count_nonzero(~blank))
            values = uniques.to_numpy(dtype=object)[~blank]
            unique_reason = np.where(blank, 1, -1)
        else:
            result = normalize(uniques, name)
            value_codes, values = pd.factorize(result["value"])
            found, found_labels = pd.factorize(result["reason"])
            # Reasons of the distinct values -> codes into `labels`; -1 (usable) stays -1.
            global_code = [_label_code(labels, label) for label in found_labels]
            unique_reason = np.array([*global_code, -1], dtype=np.int64)[found]
        present = raw_codes >= 0
        row_codes = value_codes[raw_codes[present]]
        key[rows[present]] = np.where(row_codes >= 0, row_codes + offset, -1)
        reason_code[rows[present]] = unique_reason[raw_codes[present]]
        key_type.append(np.full(len(values), type_code, dtype=np.int64))
        key_value.append(np.asarray(values, dtype=object))
        offset += len(values)
    return EncodedIdentities(
        type_code=codes,
        key=key,
        reason_code=reason_code,
        reason_labels=np.array(labels, dtype=object),
        key_type=np.concatenate(key_type) if key_type else np.zeros(0, dtype=np.int64),
        key_value=np.concatenate(key_value) if key_value else np.zeros(0, dtype=object),
    )


def _label_code(labels: list[str], label: str) -> int:
    if label not in labels:
        labels.append(label)
    return labels.index(label)


def normalize_identities(identities: pd.DataFrame) -> pd.DataFrame:
    """Long identities (record_id, id_type, value) plus `normalized` and `reason` columns."""
    missing = {"record_id", "id_type", "value"} - set(identities.columns)
    if missing:
        raise ValueError(f"identities lack column(s) {', '.join(sorted(missing))}")
    encoded = encode_identities(identities["id_type"], identities["value"])
    out = identities.copy()
    out["normalized"] = pd.array(encoded.normalized, dtype="string")
    out["reason"] = pd.array(encoded.reason, dtype="string")
    return out


_TYPE_HINTS = (
    ("wechat_openid", ("openid", "unionid", "wechat", "weixin", "微信")),
    ("payment_account", ("alipay", "payment", "pay_", "支付")),
    ("email", ("mail", "邮箱")),
    ("phone", ("phone", "mobile", "tel", "手机", "电话")),
    ("member_card", ("card", "member", "会员", "卡号")),
    ("marketplace_account", ("marketplace", "tmall", "taobao", "jd", "account", "账号")),
)


def id_type_for_column(column: str) -> str:
    """Guess an identifier type from a column name ('mobile' -> phone); 'other' if no hint."""
    name = column.casefold()
    for id_type, hints in _TYPE_HINTS:
        if any(hint in name for hint in hints):
            return id_type
    return "other"


def mask_phone(values: pd.Series) -> pd.Series:
    """'13812341234' -> '138****1234': enough to confirm with the customer, not to call."""
    text = _as_text(values)
    masked = text.str.slice(0, 3) + "****" + text.str.slice(-4)
    return masked.where(text.str.len() >= 8, "****")


def mask_email(values: pd.Series) -> pd.Series:
    """'zhang.wei@qq.com' -> 'z***@qq.com'."""
    parts = _as_text(values).str.extract(r"^(.)[^@]*(@.*)$")
    return (parts[0] + "***" + parts[1]).fillna("***")


def mask_name(values: pd.Series) -> pd.Series:
    """'张伟' -> '张*', 'Wei Zhang' -> 'W********': the family name alone identifies nobody."""
    text = _as_text(values).str.strip()
    stars = text.str.len().sub(1).clip(lower=1).fillna(1).astype(int)
    return text.str.slice(0, 1) + pd.Series("*", index=text.index, dtype="string").str.repeat(stars)


def mask_other(values: pd.Series) -> pd.Series:
    """Cards and accounts keep their last four characters: '****5678'."""
    text = _as_text(values)
    return ("****" + text.str.slice(-4)).where(text.str.len() > 4, "****")


def mask_identifiers(values: pd.Series, id_type: str) -> pd.Series:
    """Mask personal identifiers for roles without personal-data access; NA stays NA."""
    masker = {"phone": mask_phone, "email": mask_email}.get(id_type, mask_other)
    masked = masker(values)
    return masked.where(_as_text(values).notna())
