"""Identifier normalisation: phones, e-mails, member cards, openids, accounts; masking."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.services.identity_normalize import (
    encode_identities,
    id_type_for_column,
    mask_email,
    mask_identifiers,
    mask_name,
    mask_phone,
    normalize,
    normalize_email,
    normalize_identities,
    normalize_marketplace_account,
    normalize_member_card,
    normalize_payment_account,
    normalize_phone,
    normalize_wechat_openid,
)


def _one(normalizer, raw, **options) -> tuple[object, object]:
    row = normalizer(pd.Series([raw]), **options).iloc[0]
    return (None if pd.isna(row["value"]) else row["value"]), (
        None if pd.isna(row["reason"]) else row["reason"]
    )


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("(138) 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits from a Chinese IME
        ("＋８６　１３８１２３４５６７８", "13812345678"),
        ("  13812345678\u3000", "13812345678"),
        (13812345678, "13812345678"),  # read from a spreadsheet as a number
        ("010-62345678", "01062345678"),  # Beijing landline
        ("+86 10 6234 5678", "01062345678"),  # trunk 0 restored after +86
        ("+86 (010) 6234-5678", "01062345678"),
        ("0755 2123 4567", "075521234567"),  # 4-digit area code, 8-digit subscriber
        ("0086-755-2123456", "07552123456"),
    ],
)
def test_phone_formats_normalise_to_national_digits(raw, value):
    assert _one(normalize_phone, raw) == (value, None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("13888888888", "placeholder number"),
        ("13900000000", "placeholder number"),
        ("+1 415 555 1234", "not a Chinese number"),
        ("0044 20 7946 0958", "not a Chinese number"),
        ("021-62345678转123", "extension of a switchboard number"),
        ("021-62345678 ext 12", "extension of a switchboard number"),
        ("62345678", "landline without area code"),
        ("138123456789", "not a phone number"),  # 12 digits
        ("1381234567", "not a phone number"),  # 10 digits
        ("12345678901", "not a phone number"),  # 12x is no mobile prefix
        ("400-123-4567", "not a phone number"),  # service hotline
        ("tel 13812345678", "not a phone number"),
        ("+86+13812345678", "not a phone number"),
        ("138+12345678", "not a phone number"),
        ("1" * 50, "not a phone number"),
    ],
)
def test_unusable_phones_get_a_reason(raw, reason):
    assert _one(normalize_phone, raw) == (None, reason)


def test_landlines_can_be_refused():
    assert _one(normalize_phone, "010-62345678", accept_landlines=False) == (
        None,
        "landline not accepted",
    )
    assert _one(normalize_phone, "13812345678", accept_landlines=False) == ("13812345678", None)


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
).filter(lambda m: len(set(m[3:])) > 1)  # not a placeholder


@given(
    mobile=mobiles,
    prefix=st.sampled_from(["", "+86", "+86 ", "0086", "0086-", "86"]),
    cuts=st.lists(st.integers(1, 10), max_size=3),
    separator=st.sampled_from([" ", "-", "－", " - "]),
    full_width=st.booleans(),
)
def test_any_written_form_of_a_mobile_gives_the_same_value(
    mobile, prefix, cuts, separator, full_width
):
    digits = list(mobile)
    for cut in sorted(set(cuts), reverse=True):
        digits.insert(cut, separator)
    text = prefix + "".join(digits)
    if full_width:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789+"})
    assert _one(normalize_phone, text) == (mobile, None)


def test_phone_result_keeps_the_index_and_vectorises():
    values = pd.Series(["+86 138 1234 5678", None, "abc"], index=[10, 20, 30])
    result = normalize_phone(values)
    assert list(result.index) == [10, 20, 30]
    assert list(result.columns) == ["value", "reason"]
    assert result["value"].tolist()[0] == "13812345678"
    assert result["reason"].tolist()[1:] == ["empty", "not a phone number"]


@pytest.mark.parametrize(
    ("raw", "value", "reason"),
    [
        (" Zhang.Wei@QQ.com ", "zhang.wei@qq.com", None),
        ("zhang.wei+shop@qq.com", "zhang.wei+shop@qq.com", None),  # tags kept
        ("z.h.a.n.g@gmail.com", "z.h.a.n.g@gmail.com", None),  # dots kept
        ("user＠163。com", "user@163.com", None),  # full-width @ and Chinese full stop
        ("a@b", None, "not an e-mail address"),
        ("foo bar@qq.com", None, "contains spaces"),
        ("张伟@qq.com", None, "not an e-mail address"),
        ("a..b@qq.com", None, "not an e-mail address"),
        ("x" * 65 + "@qq.com", None, "local part too long"),
        (None, None, "empty"),
    ],
)
def test_email(raw, value, reason):
    assert _one(normalize_email, raw) == (value, reason)


@pytest.mark.parametrize(
    ("raw", "value", "reason"),
    [
        ("00012345", "12345", None),
        ("VIP-000123", "123", None),
        ("vip 123", "123", None),
        ("NO.00123", "123", None),
        ("会员卡号：A-0042", "A42", None),
        ("A0042", "A42", None),  # a programme's letter prefix is kept
        ("ＶＩＰ１２３", "123", None),
        ("0000", None, "placeholder number"),
        ("A000", None, "placeholder number"),
        ("12a3", None, "not a member card number"),
        ("ABCDE123", None, "not a member card number"),
        (" ", None, "empty"),
    ],
)
def test_member_card(raw, value, reason):
    assert _one(normalize_member_card, raw) == (value, reason)


def test_member_card_prefixes_are_configurable():
    assert _one(normalize_member_card, "VIP-000123", strip_prefixes=()) == ("VIP123", None)


def test_openid_is_trimmed_but_keeps_its_case():
    upper = _one(normalize_wechat_openid, "  oAbCdEfGhIjKlMnOpQrStUvWxYz ")
    lower = _one(normalize_wechat_openid, "oabcdefghijklmnopqrstuvwxyz")
    assert upper == ("oAbCdEfGhIjKlMnOpQrStUvWxYz", None)
    assert upper[0] != lower[0]
    assert _one(normalize_wechat_openid, "short") == (None, "not an openid")


def test_marketplace_account_is_case_folded_per_platform():
    assert _one(normalize_marketplace_account, " Tmall : Zhang  San ") == ("tmall:zhang san", None)
    assert _one(normalize_marketplace_account, "N/A") == (None, "placeholder")


def test_payment_account_uses_phone_and_email_forms():
    assert _one(normalize_payment_account, "+86 138 1234 5678") == ("13812345678", None)
    assert _one(normalize_payment_account, "Foo@Bar.com") == ("foo@bar.com", None)
    assert _one(normalize_payment_account, "2088123412341234") == ("2088123412341234", None)
    assert _one(normalize_payment_account, "oAbCdEfGhIjKlMnOpQrStU") == (
        "oAbCdEfGhIjKlMnOpQrStU",
        None,
    )
    assert _one(normalize_payment_account, "x@") == (None, "not an e-mail address")


def test_unknown_type_is_refused():
    with pytest.raises(ValueError, match="unknown identifier type"):
        normalize(pd.Series(["x"]), "passport")


def test_normalize_identities_on_long_rows():
    identities = pd.DataFrame(
        {
            "record_id": [1, 2, 3, 4, 5],
            "id_type": ["phone", "phone", "email", "member_card", "phone"],
            "value": ["+86 138 1234 5678", "13812345678", "A@QQ.COM", "VIP-007", "abc"],
        }
    )
    out = normalize_identities(identities)
    assert out["normalized"].tolist()[:4] == ["13812345678", "13812345678", "a@qq.com", "7"]
    assert pd.isna(out["normalized"].iloc[4])
    assert out["reason"].iloc[4] == "not a phone number"
    assert out["reason"].iloc[:4].isna().all()


def test_encode_identities_gives_equal_keys_only_for_equal_type_and_value():
    encoded = encode_identities(
        pd.Series(["phone", "phone", "payment_account", "email", "phone"]),
        pd.Series(["138 1234 5678", "+8613812345678", "13812345678", "x@qq.com", None]),
    )
    key = encoded.key
    assert key[0] == key[1] >= 0  # two spellings of one phone
    assert key[2] != key[0]  # the same digits as a payment account are another identifier
    assert key[4] == -1 and encoded.reason[4] == "empty"
    assert encoded.normalized.tolist()[:2] == ["13812345678", "13812345678"]
    with pytest.raises(ValueError, match="unknown identifier type"):
        encode_identities(pd.Series(["passport"]), pd.Series(["E123"]))


def test_column_names_suggest_identifier_types():
    assert id_type_for_column("Mobile") == "phone"
    assert id_type_for_column("手机") == "phone"
    assert id_type_for_column("e_mail") == "email"
    assert id_type_for_column("member_card_no") == "member_card"
    assert id_type_for_column("wechat_openid") == "wechat_openid"
    assert id_type_for_column("alipay") == "payment_account"
    assert id_type_for_column("tmall_account") == "marketplace_account"
    assert id_type_for_column("crm_code") == "other"


def test_masking_hides_the_middle_of_personal_data():
    assert mask_phone(pd.Series(["13812341234"])).tolist() == ["138****1234"]
    assert mask_email(pd.Series(["zhang.wei@qq.com"])).tolist() == ["z***@qq.com"]
    assert mask_name(pd.Series(["张伟", "欧阳娜娜"])).tolist() == ["张*", "欧***"]
    masked = mask_identifiers(pd.Series(["A1234567", None]), "member_card")
    assert masked.iloc[0] == "****4567"
    assert pd.isna(masked.iloc[1])
    phones = pd.Series(["13812341234", "01062345678"])
    assert mask_identifiers(phones, "phone").tolist() == ["138****1234", "010****5678"]
    assert mask_identifiers(pd.Series(["a@b.cn"]), "email").tolist() == ["a***@b.cn"]


def test_every_stored_identity_type_has_a_normaliser():
    from console.db.customers import IDENTITY_TYPES

    for id_type in IDENTITY_TYPES:
        assert normalize(pd.Series(["x"]), id_type).columns.tolist() == ["value", "reason"]
