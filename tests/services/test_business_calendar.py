"""Business calendar: China holiday data, business time, due times, refusals."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.errors import ValidationError
from console.services.business_calendar import BusinessCalendar, china_calendar
from console.services.holidays_cn import CN_HOLIDAY_YEARS, cn_holidays, cn_makeup_workdays

LUNCH = "09:00-12:00,13:00-18:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- holiday data -------------------------------------------------------------------------------


def test_every_makeup_day_is_a_weekend_day_and_never_a_holiday() -> None:
    makeup = cn_makeup_workdays()
    assert makeup, "make-up days are shipped"
    assert all(day.weekday() >= 5 for day in makeup)
    assert not set(makeup) & set(cn_holidays())


def test_days_off_per_year_match_the_announced_totals() -> None:
    # 共N天 of each notice; 2023's New Year break began on 2022-12-31.
    per_year = Counter(day.year for day in cn_holidays())
    assert per_year == {2022: 1, 2023: 26, 2024: 28, 2025: 28, 2026: 33}
    assert set(CN_HOLIDAY_YEARS) == {2023, 2024, 2025, 2026}


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2023-01-02", False),  # New Year Monday
        ("2023-01-28", True),  # Saturday make-up after Spring Festival
        ("2023-04-05", False),  # Qingming Wednesday
        ("2023-06-25", True),  # Sunday make-up (Dragon Boat)
        ("2023-10-06", False),  # last day of the 8-day Mid-Autumn + National Day break
        ("2023-10-07", True),
        ("2024-02-04", True),  # Sunday make-up before Spring Festival
        ("2024-02-09", True),  # New Year's Eve 2024 was not a holiday (Friday)
        ("2024-02-16", False),
        ("2024-04-07", True),
        ("2024-05-11", True),
        ("2024-06-10", False),  # Dragon Boat Monday
        ("2024-09-14", True),
        ("2024-09-16", False),
        ("2024-09-29", True),
        ("2024-10-12", True),
        ("2025-01-28", False),  # New Year's Eve, holiday from 2025 on
        ("2025-02-04", False),
        ("2025-02-08", True),
        ("2025-04-27", True),
        ("2025-05-05", False),
        ("2025-06-02", False),
        ("2025-10-08", False),  # Wednesday, National Day + Mid-Autumn merged
        ("2025-10-11", True),
        ("2026-01-02", False),
        ("2026-01-04", True),  # Sunday make-up
        ("2026-02-14", True),
        ("2026-02-16", False),
        ("2026-02-23", False),
        ("2026-02-24", True),
        ("2026-02-28", True),
        ("2026-04-06", False),
        ("2026-05-05", False),
        ("2026-05-09", True),
        ("2026-06-19", False),
        ("2026-09-20", True),
        ("2026-09-25", False),
        ("2026-10-07", False),
        ("2026-10-10", True),
        ("2026-03-07", False),  # an ordinary Saturday
        ("2026-03-09", True),  # an ordinary Monday
    ],
)
def test_china_calendar_working_days(day: str, working: bool) -> None:
    assert china_calendar().is_working_day(date.fromisoformat(day)) is working


# --- business time, table-driven ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "start", "end", "expected"),
    [
        ("09:00-18:00", "2024-03-04 10:00", "2024-03-04 15:30", 5.5),  # inside one day
        ("09:00-18:00", "2024-03-04 17:00", "2024-03-05 10:00", 2),  # across midnight
        ("09:00-18:00", "2024-03-04 07:00", "2024-03-04 10:00", 1),  # starts before opening
        ("09:00-18:00", "2024-03-04 19:00", "2024-03-05 08:00", 0),  # night only
        ("09:00-18:00", "2024-03-04 17:00", "2024-03-05 00:00", 1),  # ends at midnight
        ("09:00-18:00", "2024-03-04 00:00", "2024-03-05 00:00", 9),  # midnight to midnight
        ("09:00-18:00", "2024-03-08 16:00", "2024-03-11 11:00", 4),  # over a weekend
        ("09:00-18:00", "2024-03-09 10:00", "2024-03-10 17:00", 0),  # weekend only
        ("09:00-18:00", "2024-09-30 17:00", "2024-10-08 10:00", 2),  # National Day week
        ("09:00-18:00", "2024-10-11 17:00", "2024-10-12 11:00", 3),  # into a make-up Saturday
        ("09:00-18:00", "2024-09-28 12:00", "2024-09-29 12:00", 3),  # make-up Sunday
        ("09:00-18:00", "2025-12-31 17:00", "2026-01-04 10:00", 2),  # 2026 New Year + make-up
        ("09:00-18:00", "2025-01-24 17:00", "2025-02-05 10:00", 20),  # Spring Festival 2025
        ("09:00-18:00", "2024-03-04 10:00", "2024-03-04 10:00", 0),  # empty
        ("09:00-18:00", "2024-03-05 10:00", "2024-03-04 17:00", -2),  # reversed
        (LUNCH, "2024-03-04 11:00", "2024-03-04 14:00", 2),
        (LUNCH, "2024-03-04 12:15", "2024-03-04 12:45", 0),  # inside the lunch break
        (LUNCH, "2024-03-04 12:30", "2024-03-04 13:30", 0.5),
        (LUNCH, "2024-03-04 00:00", "2024-03-05 00:00", 8),
        (LUNCH, "2024-10-12 08:00", "2024-10-12 20:00", 8),  # make-up day keeps the lunch
    ],
)
def test_business_seconds_china(hours: str, start: str, end: str, expected: float) -> None:
    result = china_calendar(hours).business_seconds([at(start)], [at(end)])
    assert result.tolist() == [expected * 3600]


def test_round_the_clock_calendar_counts_wall_time_over_midnight() -> None:
    calendar = BusinessCalendar({day: "00:00-24:00" for day in range(7)})
    result = calendar.business_seconds(
        ["2024-03-09 22:00", "2024-03-04 23:59:30"], ["2024-03-10 02:00", "2024-03-05 00:00:30"]
    )
    assert result.tolist() == [4 * 3600, 60]


def test_missing_timestamps_give_nan_and_nat() -> None:
    calendar = china_calendar()
    starts = pd.Series([at("2024-03-04 10:00"), pd.NaT, at("2024-03-04 10:00")])
    ends = pd.Series([at("2024-03-04 11:00"), at("2024-03-04 11:00"), pd.NaT])
    result = calendar.business_seconds(starts, ends)
    assert result[0] == 3600
    assert np.isnan(result[1:]).all()
    due = calendar.add_business_seconds(starts, [3600, 3600, np.nan])
    assert due[0] == np.datetime64("2024-03-04T11:00:00")
    assert np.isnat(due[1:]).all()


@pytest.mark.parametrize(
    ("hours", "start", "add_hours", "expected"),
    [
        ("09:00-18:00", "2024-03-04 10:00", 2, "2024-03-04 12:00"),
        ("09:00-18:00", "2024-03-04 17:00", 1, "2024-03-04 18:00"),  # closing time, not next day
        ("09:00-18:00", "2024-03-04 17:00", 2, "2024-03-05 10:00"),
        ("09:00-18:00", "2024-03-08 17:00", 3, "2024-03-11 11:00"),  # over the weekend
        ("09:00-18:00", "2024-03-09 10:00", 1, "2024-03-11 10:00"),  # from a Saturday
        ("09:00-18:00", "2024-03-04 20:00", 0.5, "2024-03-05 09:30"),  # from the evening
        ("09:00-18:00", "2024-09-30 17:00", 2, "2024-10-08 10:00"),  # over National Day
        ("09:00-18:00", "2024-10-11 17:00", 2, "2024-10-12 10:00"),  # onto a make-up Saturday
        ("09:00-18:00", "2024-03-04 09:00", 90, "2024-03-15 18:00"),  # ten working days
        ("09:00-18:00", "2024-03-09 10:00", 0, "2024-03-09 10:00"),  # adding nothing
        (LUNCH, "2024-03-04 11:00", 1, "2024-03-04 12:00"),  # reaches the lunch break
        (LUNCH, "2024-03-04 11:00", 2, "2024-03-04 14:00"),
        (LUNCH, "2024-03-04 12:30", 1, "2024-03-04 14:00"),  # from inside the break
    ],
)
def test_add_business_seconds(hours: str, start: str, add_hours: float, expected: str) -> None:
    due = china_calendar(hours).add_business_seconds([at(start)], [add_hours * 3600])
    assert due.astype(datetime).tolist() == [at(expected)]


def test_working_periods_of_a_make_up_day_and_a_holiday() -> None:
    calendar = china_calendar(LUNCH)
    assert calendar.working_periods(date(2026, 1, 4)) == (
        (at("2026-01-04 09:00"), at("2026-01-04 12:00")),
        (at("2026-01-04 13:00"), at("2026-01-04 18:00")),
    )
    assert calendar.working_periods(date(2026, 1, 1)) == ()
    assert calendar.weekly_hours[0] == ("09:00-12:00", "13:00-18:00")
    assert calendar.weekly_hours[6] == ()


# --- agreement with a naive reference on random calendars --------------------------------------


def reference_seconds(
    weekly: dict[int, list[tuple[int, int]]],
    holidays: set[date],
    makeup: set[date],
    start: datetime,
    end: datetime,
) -> int:
    """Day by day intersection of [start, end) with the working minutes (test oracle)."""
    total, day = 0, start.date()
    while day <= end.date():
        if day in holidays:
            intervals: list[tuple[int, int]] = []
        elif day in makeup:
            intervals = weekly[min(d for d in weekly if weekly[d])]
        else:
            intervals = weekly[day.weekday()]
        midnight = datetime.combine(day, datetime.min.time())
        for first, last in intervals:
            low = max(start, midnight + timedelta(minutes=first))
            high = min(end, midnight + timedelta(minutes=last))
            total += max(0, int((high - low).total_seconds()))
        day += timedelta(days=1)
    return total


@st.composite
def calendars(draw: st.DrawFn) -> tuple[dict[int, list[tuple[int, int]]], set[date], set[date]]:
    weekly: dict[int, list[tuple[int, int]]] = {}
    for weekday in range(7):
        cuts = sorted(draw(st.sets(st.integers(0, 24 * 4), max_size=4)))
        cuts = cuts[: len(cuts) // 2 * 2]
        weekly[weekday] = [(cuts[i] * 15, cuts[i + 1] * 15) for i in range(0, len(cuts), 2)]
    if not any(weekly.values()):
        weekly[draw(st.integers(0, 6))] = [(9 * 60, 18 * 60)]
    days = st.dates(date(2024, 1, 1), date(2024, 1, 31))
    holidays = draw(st.sets(days, max_size=6))
    makeup = draw(st.sets(days, max_size=4)) - holidays
    return weekly, holidays, makeup


def build(weekly: dict[int, list[tuple[int, int]]], holidays: set[date], makeup: set[date]):
    def text(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    spec = {day: [(text(a), text(b)) for a, b in hours] for day, hours in weekly.items()}
    return BusinessCalendar(spec, holidays=holidays, makeup_workdays=makeup)


moments = st.datetimes(datetime(2023, 12, 28), datetime(2024, 2, 3))


@settings(max_examples=80, deadline=None)
@given(calendars(), st.lists(st.tuples(moments, moments), min_size=1, max_size=8))
def test_business_seconds_match_a_day_by_day_reference(spec, pairs) -> None:
    calendar = build(*spec)
    starts = [min(a, b).replace(microsecond=0) for a, b in pairs]
    ends = [max(a, b).replace(microsecond=0) for a, b in pairs]
    result = calendar.business_seconds(starts, ends)
    expected = [reference_seconds(*spec, s, e) for s, e in zip(starts, ends, strict=True)]
    assert result.tolist() == expected


@settings(max_examples=80, deadline=None)
@given(calendars(), moments, st.integers(0, 200 * 3600))
def test_added_time_is_the_earliest_instant_reaching_the_amount(spec, start, amount) -> None:
    calendar = build(*spec)
    start = start.replace(microsecond=0)
    due = calendar.add_business_seconds([start], [amount])[0].astype(datetime)
    assert due >= start
    assert reference_seconds(*spec, start, due) == amount
    if due > start:
        assert reference_seconds(*spec, start, due - timedelta(seconds=1)) < amount


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "weekly",
    [{}, {0: ""}, {day: [] for day in range(7)}],
)
def test_a_calendar_without_working_hours_is_refused(weekly) -> None:
    with pytest.raises(ValidationError, match="no working hours"):
        BusinessCalendar(weekly)


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("18:00-09:00", "does not end after it starts"),
        ("09:00-09:00", "does not end after it starts"),
        ("25:00-26:00", "is not a 'HH:MM-HH:MM' interval"),
        ("24:30-24:45", "is not a 'HH:MM-HH:MM' interval"),
        ("9-17", "is not a 'HH:MM-HH:MM' interval"),
        ("09:00-13:00,12:00-18:00", "overlap"),
        (["09:00-12:00", ("13:00",)], "is not a 'HH:MM-HH:MM' interval"),
    ],
)
def test_malformed_hours_are_refused_naming_the_weekday(spec, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        BusinessCalendar({0: "09:00-18:00", 2: spec})
    assert caught.value.problems[0][0] == "Wednesday"
    assert reason in caught.value.problems[0][1]


def test_a_weekday_outside_0_to_6_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        BusinessCalendar({7: "09:00-18:00"})
    assert "weekday 7" in caught.value.problems[0][0]


def test_a_date_both_holiday_and_make_up_day_is_refused() -> None:
    with pytest.raises(ValidationError, match="both a holiday and a make-up"):
        BusinessCalendar(
            {0: "09:00-18:00"}, holidays=[date(2024, 1, 6)], makeup_workdays=[date(2024, 1, 6)]
        )


def test_make_up_hours_must_be_valid() -> None:
    with pytest.raises(ValidationError, match="make-up working days"):
        BusinessCalendar({0: "09:00-18:00"}, makeup_workdays=[date(2024, 1, 6)], makeup_hours="")


def test_time_zone_aware_timestamps_are_refused() -> None:
    aware = pd.Series(pd.to_datetime(["2024-03-04 10:00"]).tz_localize("Asia/Shanghai"))
    with pytest.raises(ValidationError, match="time zone"):
        china_calendar().business_seconds(aware, aware)


def test_unreadable_negative_or_mismatched_inputs_are_refused() -> None:
    calendar = china_calendar()
    with pytest.raises(ValidationError, match="could not be read"):
        calendar.business_seconds(["not a date"], ["2024-03-04 10:00"])
    with pytest.raises(ValidationError, match="negative"):
        calendar.add_business_seconds(["2024-03-04 10:00"], [-1])
    with pytest.raises(ValidationError, match="one end time for every start"):
        calendar.business_seconds(["2024-03-04 10:00"], ["2024-03-04 11:00"] * 2)
