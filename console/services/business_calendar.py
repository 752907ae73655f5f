"""Business calendar: working hours per weekday, public holidays and make-up working days.

SLA targets are counted in business time, so every elapsed time and due time goes through here.
Timestamps are naive local time (mainland China has no daylight saving), handled to the second.

Why a per-day table: the panel needs business time for thousands of tickets at once. The
calendar is expanded, for the span of days the inputs cover, into each day's working intervals
and the cumulative business seconds at each midnight (`BusinessTimeline`). Every timestamp then
maps to a position on a business-time axis with a few numpy operations, and the business time
between two timestamps is the difference of their positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import numpy as np
import pandas as pd

from console.errors import ValidationError
from console.services.holidays_cn import cn_holidays, cn_makeup_workdays

DAY_SECONDS = 86_400
NAT = np.iinfo(np.int64).min
"""Epoch-second value standing for a missing timestamp (numpy's NaT as int64)."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_HOLIDAY, _MAKEUP = 7, 8  # pattern rows after the seven weekdays
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday = 0)
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")

TimeSpec = str | time
IntervalSpec = str | tuple[TimeSpec, TimeSpec]
DayHours = str | Sequence[IntervalSpec]
"""A day's working hours: "09:00-12:00,13:00-18:00", or a sequence of "09:00-12:00" strings or
(start, end) pairs of "HH:MM" strings / datetime.time; "24:00" may end the day; "" = no hours."""


def _seconds_of_day(value: TimeSpec) -> int | None:
    if isinstance(value, time):
        return value.hour * 3600 + value.minute * 60 + value.second
    match = _TIME.match(str(value))
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and minutes + seconds > 0):
        return None
    return hours * 3600 + minutes * 60 + seconds


def _format_seconds(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def _parse_day_hours(
    spec: DayHours, where: str, problems: list[tuple[str, str]]
) -> tuple[tuple[int, int], ...]:
    """Turn one day's hours into sorted (start, end) seconds of day; report problems."""
    items: Iterable[IntervalSpec] = (
        [part for part in spec.split(",") if part.strip()] if isinstance(spec, str) else spec
    )
    intervals: list[tuple[int, int]] = []
    for item in items:
        pair = (
            item.split("-")
            if isinstance(item, str)
            else list(item)
            if isinstance(item, tuple | list)
            else []
        )
        bounds = [_seconds_of_day(part) for part in pair] if len(pair) == 2 else [None]
        if None in bounds:
            problems.append((where, f"{item!r} is not a 'HH:MM-HH:MM' interval"))
            continue
        start, end = bounds
        if start >= end:
            problems.append((where, f"{item!r} does not end after it starts"))
            continue
        intervals.append((start, end))
    intervals.sort()
    for (_, end), (start, _) in pairwise(intervals):
        if start < end:
            problems.append((where, "working intervals overlap"))
            break
    return tuple(intervals)


def to_epoch_seconds(values: object, what: str = "timestamps") -> np.ndarray:
    """Naive datetimes (scalar, list, ndarray, Series, Index) -> int64 seconds; NaT -> `NAT`."""
    if np.ndim(values) == 0:
        values = np.atleast_1d(values)
    try:
        index = pd.DatetimeIndex(values)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            f"The {what} could not be read as dates and times ({exc}).",
            "Pass naive local datetimes such as 2024-05-06 09:30.",
        ) from exc
    if index.tz is not None:
        raise ValidationError(
            f"The {what} carry a time zone ({index.tz}); business hours use naive local time.",
            "Convert them first, e.g. .dt.tz_convert('Asia/Shanghai').dt.tz_localize(None).",
        )
    return np.asarray(index.as_unit("s").asi8, dtype=np.int64)


def from_epoch_seconds(seconds: np.ndarray) -> np.ndarray:
    """int64 epoch seconds (`NAT` for missing) -> numpy datetime64[s] array."""
    return np.asarray(seconds, dtype=np.int64).astype("datetime64[s]")


class BusinessTimeline:
    """A business-time axis over whole days: position = business seconds since the first midnight.

    Built by `BusinessCalendar.timeline`; valid only for timestamps inside its days.
    """

    def __init__(self, first_day: int, starts: np.ndarray, ends: np.ndarray) -> None:
        self.first_day = first_day
        self._starts = starts
        self._lengths = ends - starts
        self._cumulative = np.concatenate(([0], np.cumsum(self._lengths.sum(axis=1))))

    @property
    def end_position(self) -> int:
        """Business seconds in the whole span (the position of the last midnight)."""
        return int(self._cumulative[-1])

    def position(self, seconds: np.ndarray) -> np.ndarray:
        """Business position of each epoch second (no NaT allowed)."""
        day = seconds // DAY_SECONDS - self.first_day
        offset = seconds - (seconds // DAY_SECONDS) * DAY_SECONDS
        worked = np.clip(offset[:, None] - self._starts[day], 0, self._lengths[day])
        return self._cumulative[day] + worked.sum(axis=1)

    def instant(self, positions: np.ndarray) -> np.ndarray:
        """Earliest epoch second whose position reaches each (strictly positive) position."""
        day = np.maximum(np.searchsorted(self._cumulative, positions, side="left") - 1, 0)
        rest = positions - self._cumulative[day]
        lengths = self._lengths[day]
        done = np.cumsum(lengths, axis=1)
        interval = (done < rest[:, None]).sum(axis=1)
        rows = np.arange(len(day))
        before = done[rows, interval] - lengths[rows, interval]
        return (self.first_day + day) * DAY_SECONDS + self._starts[day, interval] + rest - before


class BusinessCalendar:
    """Working hours per weekday (several intervals allowed, e.g. a lunch break), public
    holidays (no hours) and make-up working days (weekend days worked, with `makeup_hours`)."""

    def __init__(
        self,
        weekly_hours: Mapping[int, DayHours],
        holidays: Iterable[date] = (),
        makeup_workdays: Iterable[date] = (),
        makeup_hours: DayHours | None = None,
    ) -> None:
        problems: list[tuple[str, str]] = []
        days: list[tuple[tuple[int, int], ...]] = [() for _ in WEEKDAYS]
        for weekday, spec in weekly_hours.items():
            if not isinstance(weekday, int) or not 0 <= weekday <= 6:
                problems.append((f"weekday {weekday!r}", "use 0 (Monday) to 6 (Sunday)"))
                continue
            days[weekday] = _parse_day_hours(spec, WEEKDAYS[weekday], problems)
        if problems:
            raise ValidationError(
                "The business calendar's working hours are not valid.",
                "Give each weekday sorted, non-overlapping intervals like '09:00-12:00'.",
                problems=problems,
            )
        if not any(days):
            raise ValidationError(
                "The business calendar has no working hours on any weekday.",
                "Give at least one weekday working hours, e.g. {0: '09:00-18:00'} for Monday.",
                problems=[("weekly_hours", "no working interval")],
            )
        self.holidays = frozenset(holidays)
        self.makeup_workdays = frozenset(makeup_workdays)
        clash = sorted(self.holidays & self.makeup_workdays)
        if clash:
            raise ValidationError(
                f"{len(clash)} date(s) are both a holiday and a make-up working day "
                f"(first: {clash[0]}).",
                "Keep each date in only one of the two lists.",
                problems=[(day.isoformat(), "holiday and make-up working day") for day in clash],
            )
        if makeup_hours is None:
            makeup = next(hours for hours in days if hours)
        else:
            makeup = _parse_day_hours(makeup_hours, "make-up working day", problems)
            if problems or not makeup:
                raise ValidationError(
                    "The working hours of make-up working days are not valid.",
                    "Give them as intervals like '09:00-18:00', or leave them out to use the "
                    "first working weekday's hours.",
                    problems=problems or [("make-up working day", "no working interval")],
                )
        patterns = [*days, (), makeup]
        width = max(len(hours) for hours in patterns)
        self._starts = np.zeros((len(patterns), width), dtype=np.int64)
        self._ends = np.zeros((len(patterns), width), dtype=np.int64)
        for row, hours in enumerate(patterns):
            for column, (start, end) in enumerate(hours):
                self._starts[row, column], self._ends[row, column] = start, end
        self._patterns = tuple(patterns)
        self._week_seconds = int((self._ends - self._starts)[:7].sum())
        epoch = date(1970, 1, 1)
        self._holiday_days = np.array(sorted((d - epoch).days for d in self.holidays), np.int64)
        self._makeup_days = np.array(
            sorted((d - epoch).days for d in self.makeup_workdays), np.int64
        )

    @property
    def weekly_hours(self) -> dict[int, tuple[str, ...]]:
        """Working intervals per weekday (0 = Monday) as 'HH:MM-HH:MM' strings, for display."""
        return {
            weekday: tuple(f"{_format_seconds(s)}-{_format_seconds(e)}" for s, e in hours)
            for weekday, hours in enumerate(self._patterns[:7])
        }

    def _pattern(self, day: date) -> tuple[tuple[int, int], ...]:
        if day in self.holidays:
            return self._patterns[_HOLIDAY]
        if day in self.makeup_workdays:
            return self._patterns[_MAKEUP]
        return self._patterns[day.weekday()]

    def is_working_day(self, day: date) -> bool:
        """True if the day has any working hours (weekday hours, or a make-up working day)."""
        return bool(self._pattern(day))

    def working_periods(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The day's working intervals as (start, end) datetimes; empty on days off."""
        midnight = datetime.combine(day, time())
        return tuple(
            (midnight + timedelta(seconds=start), midnight + timedelta(seconds=end))
            for start, end in self._pattern(day)
        )

    def timeline(self, first_second: int, last_second: int, reach: int = 0) -> BusinessTimeline:
        """A timeline covering both epoch seconds and at least `reach` business seconds after
        the last one (so due times up to that far ahead can be found)."""
        first_day, last_day = first_second // DAY_SECONDS, last_second // DAY_SECONDS
        extra = 7 + 7 * -(-reach // self._week_seconds) if reach > 0 else 0
        while True:
            days = np.arange(first_day, last_day + extra + 1, dtype=np.int64)
            pattern = (days + _EPOCH_WEEKDAY) % 7
            pattern[np.isin(days, self._makeup_days)] = _MAKEUP
            pattern[np.isin(days, self._holiday_days)] = _HOLIDAY
            line = BusinessTimeline(first_day, self._starts[pattern], self._ends[pattern])
            last = int(line.position(np.array([last_second], dtype=np.int64))[0])
            if line.end_position - last >= reach:
                return line
            extra *= 2

    def business_seconds(self, starts: object, ends: object) -> np.ndarray:
        """Business seconds from each start to each end (float64; negative if the end comes
        first; NaN where either is missing). Inputs: equal-length datetime array-likes."""
        start = to_epoch_seconds(starts, "start times")
        end = to_epoch_seconds(ends, "end times")
        if start.shape != end.shape:
            raise ValidationError(
                f"{len(start)} start times but {len(end)} end times were given.",
                "Pass one end time for every start time.",
            )
        result = np.full(start.shape, np.nan)
        valid = (start != NAT) & (end != NAT)
        if valid.any():
            start, end = start[valid], end[valid]
            line = self.timeline(int(min(start.min(), end.min())), int(max(start.max(), end.max())))
            result[valid] = line.position(end) - line.position(start)
        return result

    def add_business_seconds(self, starts: object, seconds: object) -> np.ndarray:
        """The earliest instant at which `seconds` business seconds have passed since each start
        (datetime64[s]; a start plus 0 is the start itself; NaT where an input is missing)."""
        start = to_epoch_seconds(starts, "start times")
        amount = np.atleast_1d(np.asarray(seconds, dtype=float))
        if amount.shape != start.shape:
            amount = np.broadcast_to(amount, start.shape)
        if (amount < 0).any():
            raise ValidationError(
                "A negative number of business seconds was asked to be added.",
                "Pass durations of zero or more.",
            )
        result = np.full(start.shape, NAT, dtype=np.int64)
        valid = (start != NAT) & ~np.isnan(amount)
        if valid.any():
            begin, add = start[valid], np.rint(amount[valid]).astype(np.int64)
            line = self.timeline(int(begin.min()), int(begin.max()), int(add.max()))
            moved = line.instant(line.position(begin) + add)
            result[valid] = np.where(add == 0, begin, moved)
        return from_epoch_seconds(result)


def china_calendar(
    day_hours: DayHours = "09:00-18:00", working_weekdays: Iterable[int] = (0, 1, 2, 3, 4)
) -> BusinessCalendar:
    """Monday-Friday working hours plus the shipped mainland China holidays and make-up days
    (2023-2026; see `holidays_cn`). Make-up working days use `day_hours`."""
    return BusinessCalendar(
        {weekday: day_hours for weekday in working_weekdays},
        holidays=cn_holidays(),
        makeup_workdays=cn_makeup_workdays(),
        makeup_hours=day_hours,
    )
