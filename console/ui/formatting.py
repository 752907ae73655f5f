"""Money, percent, number and date formatting shared by every panel, in English or Chinese.

Pure Python (no Qt): table models call these once per visible cell, so they must be cheap.
Both languages group thousands with commas; they differ in compact units (K/M/B against
万/亿) and in month/quarter labels. Missing values (None, NaN, NaT) show as an em dash.
The shell sets the language once (`set_language`); a `lang` argument overrides it.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

MISSING = "—"
CURRENCY = "¥"

_language = "en"


def set_language(lang: str) -> None:
    global _language
    _language = lang


def current_language() -> str:
    return _language


def _zh(lang: str | None) -> bool:
    return (lang or _language).startswith("zh")


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:  # numpy / pandas scalars: NaN, NaT
        return bool(value != value)
    except TypeError:  # pd.NA refuses to be a bool
        return type(value).__name__ == "NAType"
    except ValueError:  # arrays
        return False


def format_number(value: Any, decimals: int = 0, lang: str | None = None) -> str:
    """1234567.8 -> '1,234,568' (decimals=0) or '1,234,567.80' (decimals=2)."""
    if is_missing(value):
        return MISSING
    return f"{float(value):,.{decimals}f}"


def format_compact(value: Any, decimals: int = 1, lang: str | None = None) -> str:
    """Short form for cards and axes: '1.2M' in English, '120.0万' in Chinese."""
    if is_missing(value):
        return MISSING
    number = float(value)
    size = abs(number)
    if _zh(lang):
        units = ((1e8, "亿"), (1e4, "万"))
    else:
        units = ((1e9, "B"), (1e6, "M"), (1e3, "K"))
    for scale, unit in units:
        if size >= scale:
            text = f"{number / scale:,.{decimals}f}"
            return (text[: -decimals - 1] if text.endswith("." + "0" * decimals) else text) + unit
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.{decimals}f}"


def format_money(
    value: Any, decimals: int = 2, lang: str | None = None, *, compact: bool = False
) -> str:
    """'¥1,234.50', '-¥80.00', or compact '¥1.2M' / '¥120.0万'."""
    if is_missing(value):
        return MISSING
    number = float(value)
    sign = "-" if number < 0 else ""
    body = format_compact(abs(number), 1, lang) if compact else f"{abs(number):,.{decimals}f}"
    return f"{sign}{CURRENCY}{body}"


def format_percent(
    value: Any, decimals: int = 1, lang: str | None = None, *, signed: bool = False
) -> str:
    """A fraction as percent: 0.1234 -> '12.3%'; signed=True gives '+12.3%' for changes."""
    if is_missing(value):
        return MISSING
    number = float(value) * 100
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    return f"{number:+,.{decimals}f}%" if signed else f"{number:,.{decimals}f}%"


def format_change(value: Any, decimals: int = 1, lang: str | None = None) -> str:
    """A relative change (0.05 = +5%) with an arrow, for KPI cards and comparison columns."""
    if is_missing(value):
        return MISSING
    arrow = "▲" if float(value) > 0 else "▼" if float(value) < 0 else "■"
    return f"{arrow} {format_percent(value, decimals, lang, signed=True)}"


def _as_datetime(value: Any) -> datetime | date | None:
    if is_missing(value):
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    if isinstance(value, datetime | date):
        return value
    if hasattr(value, "astype"):  # numpy.datetime64
        import numpy as np

        seconds = value.astype("datetime64[s]").astype(np.int64)
        return datetime(1970, 1, 1) + timedelta(seconds=int(seconds))
    return None


def format_date(value: Any, period: str = "day", lang: str | None = None) -> str:
    """A date labelled for a period: day '2024-06-18', week '2024-W25',
    month 'Jun 2024'/'2024年6月', quarter '2024 Q2'/'2024年第2季度', year '2024'/'2024年',
    datetime '2024-06-18 14:05'."""
    moment = _as_datetime(value)
    if moment is None:
        return MISSING
    zh = _zh(lang)
    if period == "datetime":
        return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else str(moment)
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}年第{week}周" if zh else f"{year}-W{week:02d}"
    if period == "month":
        return f"{moment.year}年{moment.month}月" if zh else moment.strftime("%b %Y")
    if period == "quarter":
        quarter = (moment.month - 1) // 3 + 1
        return f"{moment.year}年第{quarter}季度" if zh else f"{moment.year} Q{quarter}"
    if period == "year":
        return f"{moment.year}年" if zh else str(moment.year)
    return moment.strftime("%Y-%m-%d")
