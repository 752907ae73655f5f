"""Masking of personal data: the shapes users see, and that a mask never reveals the value."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.services.masking import (
    mask_code,
    mask_email,
    mask_name,
    mask_payment_account,
    mask_phone,
    mask_series,
    mask_value,
)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812341234", "138****1234"),
        ("+86 138-1234-1234", "138****1234"),
        ("8613812341234", "138****1234"),
        ("021-12345678", "021****5678"),
        ("5551234", "***1234"),
        ("12345", "*****"),
    ],
)
def test_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("alice@x.com", "a***@x.com"),
        ("b@example.com.cn", "b***@example.com.cn"),
        (" Li.Wei+shop@qq.com ", "L***@qq.com"),
        ("not-an-email", "no********il"),
    ],
)
def test_email(value: str, masked: str) -> None:
    assert mask_email(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("张三", "张*"), ("欧阳修文", "欧***"), ("王", "王"), ("Li Wei", "L* W**"), ("", "")],
)
def test_name(value: str, masked: str) -> None:
    assert mask_name(value) == masked


def test_codes_and_payment_accounts() -> None:
    assert mask_code("M2024000123") == "M2*******23"
    assert mask_code("ABC") == "***"
    assert mask_payment_account("alice@x.com") == "a***@x.com"
    assert mask_payment_account("13812341234") == "138****1234"
    assert mask_payment_account("2088abcdef1234") == "20**********34"


def test_mask_value_dispatch_and_missing() -> None:
    assert mask_value("phone", "13812341234") == "138****1234"
    assert mask_value("wechat_openid", "oAbCdEfGhIjK") == "oA********jK"
    assert mask_value("unknown_kind", "secret-value") == "se********ue"
    assert mask_value("phone", None) is None


def test_mask_series_per_row_kinds() -> None:
    values = pd.Series(["13812341234", "alice@x.com", None, "张三"])
    kinds = pd.Series(["phone", "email", "phone", "name"])
    masked = mask_series(values, kinds)
    assert masked.tolist()[:2] == ["138****1234", "a***@x.com"]
    assert masked.isna().tolist() == [False, False, True, False]
    assert masked.iloc[3] == "张*"
    assert mask_series(pd.Series(["李四"]), "name").tolist() == ["李*"]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_phone_mask_hides_the_middle_digits(phone: str) -> None:
    masked = mask_phone(phone)
    assert len(masked) == 11
    assert masked[:3] == phone[:3] and masked[-4:] == phone[-4:]
    assert masked[3:7] == "****"


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
        min_size=8,
        max_size=40,
    ),
    st.sampled_from(["phone", "email", "name", "member_card", "payment_account", "other"]),
)
def test_no_mask_reveals_a_long_value(value: str, kind: str) -> None:
    masked = mask_value(kind, value)
    assert masked != value
    assert "*" in masked
