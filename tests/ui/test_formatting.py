"""Number, money, percent and date formatting in English and Chinese."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.ui import formatting as fmt


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1234567.891, "en", "¥1,234,567.89"),
        (-80, "en", "-¥80.00"),
        (0, "zh_CN", "¥0.00"),
        (None, "en", "—"),
        (float("nan"), "zh_CN", "—"),
        (np.float64(12.5), "en", "¥12.50"),
    ],
)
def test_money(value, lang, expected):
    assert fmt.format_money(value, lang=lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (12_345_678, "en", "¥12.3M"),
        (12_345_678, "zh_CN", "¥1,234.6万"),
        (250_000_000, "zh_CN", "¥2.5亿"),
        (2_000_000, "en", "¥2M"),
        (-5_400, "en", "-¥5.4K"),
        (950, "zh_CN", "¥950"),
    ],
)
def test_compact_money_uses_the_language_units(value, lang, expected):
    assert fmt.format_money(value, lang=lang, compact=True) == expected


def test_percent_change_and_numbers():
    assert fmt.format_percent(0.1234) == "12.3%"
    assert fmt.format_percent(0.05, signed=True) == "+5.0%"
    assert fmt.format_percent(float("inf")) == "∞"
    assert fmt.format_change(-0.052) == "▼ -5.2%"
    assert fmt.format_change(0) == "■ +0.0%"
    assert fmt.format_number(1234567.8) == "1,234,568"
    assert fmt.format_number(pd.NA) == "—"


@pytest.mark.parametrize(
    ("period", "en", "zh"),
    [
        ("day", "2024-06-18", "2024-06-18"),
        ("week", "2024-W25", "2024年第25周"),
        ("month", "Jun 2024", "2024年6月"),
        ("quarter", "2024 Q2", "2024年第2季度"),
        ("year", "2024", "2024年"),
    ],
)
def test_dates_by_period(period, en, zh):
    for value in (date(2024, 6, 18), pd.Timestamp("2024-06-18"), np.datetime64("2024-06-18")):
        assert fmt.format_date(value, period, "en") == en
        assert fmt.format_date(value, period, "zh_CN") == zh
    assert fmt.format_date(pd.NaT) == "—"


def test_the_shell_language_is_the_default():
    try:
        fmt.set_language("zh_CN")
        assert fmt.format_compact(30_000) == "3万"
        fmt.set_language("en")
        assert fmt.format_compact(30_000) == "30K"
    finally:
        fmt.set_language("en")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_money_text_parses_back_to_the_rounded_value(value):
    text = fmt.format_money(value, lang="en")
    parsed = float(text.replace("¥", "").replace(",", ""))
    assert math.isclose(parsed, round(value, 2), abs_tol=0.0051)
