"""Masking of personal data for users without the `customers.pii` permission.

Why here: the customer 360 view and the ticket queue show phone numbers, e-mails and names;
an executive may see that a customer exists and what happened, not who it is. Masks keep just
enough to tell records apart on screen (a phone's prefix and last four digits, an e-mail's first
letter and domain, a surname). Pure functions; `mask_series` applies one to a column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

MASK = "*"
_NON_DIGIT = re.compile(r"\D")
_WORD = re.compile(r"\S+")


def mask_phone(value: str) -> str:
    """138****1234 for an 11-digit number (a +86 prefix is dropped); shorter numbers keep only
    their last digits: ******34."""
    digits = _NON_DIGIT.sub("", value)
    if len(digits) > 11 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) >= 11:
        return digits[:3] + MASK * (len(digits) - 7) + digits[-4:]
    if len(digits) >= 7:
        return MASK * (len(digits) - 4) + digits[-4:]
    return MASK * len(digits) if digits else mask_code(value)


def mask_email(value: str) -> str:
    """a***@x.com: the first character of the mailbox, the domain in full."""
    local, at, domain = value.strip().rpartition("@")
    if not at or not local:
        return mask_code(value)
    return f"{local[0]}{MASK * 3}@{domain}"


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK", "HANGUL"))


def mask_name(value: str) -> str:
    """张* / 张** for Chinese names (the first character stays); J*** S**** for Latin ones."""
    text = value.strip()
    if not text:
        return ""
    if _is_cjk(text[0]):
        return text[0] + MASK * (len(text.replace(" ", "")) - 1)
    return _WORD.sub(lambda word: word.group()[0] + MASK * (len(word.group()) - 1), text)


def mask_code(value: str) -> str:
    """Account ids, member cards, WeChat openids: the first two and last two characters stay
    when the value is long enough to keep most of it hidden (AB******YZ); else all masked."""
    text = value.strip()
    if len(text) < 8:
        return MASK * len(text)
    return text[:2] + MASK * (len(text) - 4) + text[-2:]


def mask_payment_account(value: str) -> str:
    """Payment accounts are phone numbers or e-mails (Alipay) or opaque ids."""
    if "@" in value:
        return mask_email(value)
    if len(_NON_DIGIT.sub("", value)) >= 7 and not re.search(r"[A-Za-z]", value):
        return mask_phone(value)
    return mask_code(value)


MASKERS: dict[str, Callable[[str], str]] = {
    "phone": mask_phone,
    "email": mask_email,
    "name": mask_name,
    "member_card": mask_code,
    "wechat_openid": mask_code,
    "marketplace_account": mask_code,
    "payment_account": mask_payment_account,
}
"""Masker per kind: the identity types of console.db.customers plus "name"."""


def mask_value(kind: str, value: object) -> object:
    """Mask one value of a kind (unknown kinds are masked as codes); missing values stay."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return value
    return MASKERS.get(kind, mask_code)(str(value))


def mask_series(values: pd.Series, kinds: str | pd.Series) -> pd.Series:
    """Mask a column; `kinds` is one kind for all rows or a column of kinds (e.g. identity
    types), aligned with `values`. Missing values stay missing."""
    if isinstance(kinds, str):
        kinds = pd.Series(kinds, index=values.index)
    masked = [
        mask_value(kind, value)
        for kind, value in zip(kinds.to_numpy(object), values.to_numpy(object), strict=True)
    ]
    return pd.Series(masked, index=values.index, name=values.name, dtype="string")
