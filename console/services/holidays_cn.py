"""Mainland China public holidays and make-up working days (调休), 2023-2026, as plain data.

Kept as data (not computed from the lunar calendar) because the State Council decides every
year which days are off and which weekend days become working days; the rules cannot be derived.

Sources: the State Council General Office notices on the holiday arrangements
(国务院办公厅关于<year>年部分节假日安排的通知), as published by Xinhua / gov.cn:
- 2023: 国办发明电〔2022〕16号, 2022-12-08
- 2024: 国办发明电〔2023〕7号, 2023-10-25
- 2025: 国办发明电〔2024〕12号, 2024-11-12 (first year of the revised rules: Spring Festival
  from New Year's Eve, 8 days; Labour Day 5 days)
- 2026: notice of 2025-11-04 (Xinhua, Beijing, 4 November 2025)
Each range below is the announced "放假" range (weekend days inside it are listed too; harmless);
make-up days are the announced "上班" days, all of which fall on a Saturday or Sunday.
"""

from __future__ import annotations

from datetime import date, timedelta

# (holiday, first day off, last day off, make-up working days)
_ARRANGEMENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # 2023
    ("New Year's Day 元旦", "2022-12-31", "2023-01-02", ()),
    ("Spring Festival 春节", "2023-01-21", "2023-01-27", ("2023-01-28", "2023-01-29")),
    ("Qingming 清明节", "2023-04-05", "2023-04-05", ()),
    ("Labour Day 劳动节", "2023-04-29", "2023-05-03", ("2023-04-23", "2023-05-06")),
    ("Dragon Boat 端午节", "2023-06-22", "2023-06-24", ("2023-06-25",)),
    (
        "Mid-Autumn + National Day 中秋节、国庆节",
        "2023-09-29",
        "2023-10-06",
        ("2023-10-07", "2023-10-08"),
    ),
    # 2024
    ("New Year's Day 元旦", "2024-01-01", "2024-01-01", ()),
    ("Spring Festival 春节", "2024-02-10", "2024-02-17", ("2024-02-04", "2024-02-18")),
    ("Qingming 清明节", "2024-04-04", "2024-04-06", ("2024-04-07",)),
    ("Labour Day 劳动节", "2024-05-01", "2024-05-05", ("2024-04-28", "2024-05-11")),
    ("Dragon Boat 端午节", "2024-06-10", "2024-06-10", ()),
    ("Mid-Autumn 中秋节", "2024-09-15", "2024-09-17", ("2024-09-14",)),
    ("National Day 国庆节", "2024-10-01", "2024-10-07", ("2024-09-29", "2024-10-12")),
    # 2025
    ("New Year's Day 元旦", "2025-01-01", "2025-01-01", ()),
    ("Spring Festival 春节", "2025-01-28", "2025-02-04", ("2025-01-26", "2025-02-08")),
    ("Qingming 清明节", "2025-04-04", "2025-04-06", ()),
    ("Labour Day 劳动节", "2025-05-01", "2025-05-05", ("2025-04-27",)),
    ("Dragon Boat 端午节", "2025-05-31", "2025-06-02", ()),
    (
        "National Day + Mid-Autumn 国庆节、中秋节",
        "2025-10-01",
        "2025-10-08",
        ("2025-09-28", "2025-10-11"),
    ),
    # 2026
    ("New Year's Day 元旦", "2026-01-01", "2026-01-03", ("2026-01-04",)),
    ("Spring Festival 春节", "2026-02-15", "2026-02-23", ("2026-02-14", "2026-02-28")),
    ("Qingming 清明节", "2026-04-04", "2026-04-06", ()),
    ("Labour Day 劳动节", "2026-05-01", "2026-05-05", ("2026-05-09",)),
    ("Dragon Boat 端午节", "2026-06-19", "2026-06-21", ()),
    ("Mid-Autumn 中秋节", "2026-09-25", "2026-09-27", ()),
    ("National Day 国庆节", "2026-10-01", "2026-10-07", ("2026-09-20", "2026-10-10")),
)

CN_HOLIDAY_YEARS: tuple[int, ...] = (2023, 2024, 2025, 2026)
"""Years whose arrangements are shipped; outside them only ordinary weekends apply."""


def cn_holidays() -> dict[date, str]:
    """Every day off announced for the shipped years, mapped to the holiday's name."""
    days: dict[date, str] = {}
    for name, first, last, _ in _ARRANGEMENTS:
        day, end = date.fromisoformat(first), date.fromisoformat(last)
        while day <= end:
            days[day] = name
            day += timedelta(days=1)
    return days


def cn_makeup_workdays() -> dict[date, str]:
    """Every weekend day announced as a working day (调休上班), mapped to its holiday."""
    return {date.fromisoformat(day): name for name, _, _, makeup in _ARRANGEMENTS for day in makeup}
