"""Cells to typed columns, a whole column at a time.

Every cell first becomes text (CSV cells are text; XLSX numbers, dates and booleans are written
the way an export writes them), so CSV, XLSX and form input go through one parser per type and
give the same answers. Each distinct value of a column is parsed once — stock levels, statuses
and codes repeat a lot, so a 100,000-row column usually costs a few hundred parses — and the
result is spread back over the rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from console.io.specs import Column
from console.services import credit_code

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否", "f"})
FIRST_YEAR, LAST_YEAR = 1900, 2199
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?")
_NUMBER_HINT = "write plain numbers such as 1234.5, without thousands separators or units"
_SHOWN = 40  # characters of a bad cell quoted in its reason

Errors = dict[int, str]  # position among the distinct values -> reason


def cell_text(value: object) -> str:
    """A cell (from openpyxl or a form) as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return ""
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Parsed:
    """Typed values (missing or bad cells are NA) and the reason for every bad cell."""

    values: pd.Series
    errors: pd.Series  # str, indexed by the rows that are bad


def parse(column: Column, text: pd.Series) -> Parsed:
    """`text` is stripped; "" is an empty cell (the caller decides whether that is allowed)."""
    codes, uniques = pd.factorize(text.fillna(""))
    distinct = [str(v) for v in uniques]
    values, errors = _PARSERS[column.kind](column, distinct)
    typed = values.take(codes)
    typed.index = text.index
    if not errors:
        return Parsed(typed, pd.Series([], dtype="str"))
    bad = np.isin(codes, list(errors))
    rows = np.flatnonzero(bad)
    reasons = pd.Series([errors[c] for c in codes[rows]], index=text.index[rows], dtype="str")
    return Parsed(typed.mask(bad), reasons)


def _quoted(value: str) -> str:
    return value if len(value) <= _SHOWN else value[:_SHOWN] + "..."


def _text(column: Column, distinct: list[str]) -> tuple[pd.Series, Errors]:
    errors: Errors = {}
    for i, value in enumerate(distinct):
        if CONTROL.search(value):
            errors[i] = "contains control characters (invisible codes); retype the cell"
        elif column.max_length and len(value) > column.max_length:
            errors[i] = f"is {len(value)} characters long; at most {column.max_length} fit"
    return pd.Series([v or None for v in distinct], dtype="str"), errors


def _credit_code(column: Column, distinct: list[str]) -> tuple[pd.Series, Errors]:
    codes = [credit_code.normalize(v) for v in distinct]
    errors: Errors = {}
    for i, code in enumerate(codes):
        reason = credit_code.problem(code) if code else None
        if reason:
            errors[i] = reason
    return pd.Series([c or None for c in codes], dtype="str"), errors


def _choice(column: Column, distinct: list[str]) -> tuple[pd.Series, Errors]:
    allowed = ", ".join(column.choices)
    words = [v.lower() for v in distinct]
    errors = {
        i: f"'{_quoted(v)}' is not one of: {allowed}"
        for i, (v, w) in enumerate(zip(distinct, words, strict=True))
        if v and w not in column.choices
    }
    return pd.Series([w or None for w in words], dtype="str"), errors


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _numbers(column: Column, distinct: list[str], whole: bool) -> tuple[np.ndarray, Errors]:
    """Floats (NaN for empty or bad) and the reasons for bad ones, ranges included."""
    text = distinct
    scale = np.ones(len(distinct))
    if column.kind == "rate":
        percent = [v.endswith("%") for v in distinct]
        text = [v[:-1].strip() if p else v for v, p in zip(distinct, percent, strict=True)]
        scale = np.where(percent, 0.01, 1.0)
    numbers = (
        pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(dtype="float64")
        * scale
    )
    if column.decimals is not None:
        numbers = np.round(numbers, column.decimals)
    noun = "a whole number" if whole else "a number"
    errors: Errors = {}
    for i in np.flatnonzero(~np.isfinite(numbers)):
        if distinct[i]:
            errors[int(i)] = f"'{_quoted(distinct[i])}' is not {noun} ({_NUMBER_HINT})"
    with np.errstate(invalid="ignore"):
        fraction = np.isfinite(numbers) & (numbers != np.floor(numbers)) & whole
        checks = [(fraction, "'{v}' is not a whole number")]
        if column.minimum is not None:
            rule = (
                "must not be negative"
                if column.minimum == 0
                else f"must be at least {_shown(column.minimum)}"
            )
            checks.append((numbers < column.minimum, f"{{v}} {rule}"))
        if column.maximum is not None:
            limit = _shown(column.maximum)
            if column.below_maximum:
                high, rule = numbers >= column.maximum, f"must be less than {limit}"
            else:
                high, rule = numbers > column.maximum, f"must be at most {limit}"
            if column.kind == "rate":
                rule += " (write a rate as 0.15 or 15%)"
            checks.append((high, f"{{v}} {rule}"))
    for mask, template in checks:
        for i in np.flatnonzero(mask):
            errors.setdefault(int(i), template.format(v=_quoted(distinct[i])))
    return numbers, errors


def _int(column: Column, distinct: list[str]) -> tuple[pd.Series, Errors]:
    numbers, errors = _numbers(column, distinct, whole=True)
    numbers[list(errors)] = np.nan
    return pd.Series(numbers).astype("Int64"), errors


def _number(column: Column, distinct: list[str]) -> tuple[pd.Series, Errors]:
    numbers, errors = _numbers(column, distinct, whole=False)
    return pd.Series(numbers, dtype="float64"), errors


def _date(column: Column, distinct: list[str]) -> tuple[pd.Series, Errors]:
    days: list[date | None] = []
    errors: Errors = {}
    for i, value in enumerate(distinct):
        day = None
        match = _DATE.fullmatch(value)
        if match:
            try:
                day = date(*map(int, match.groups()))
            except ValueError:
                day = None
        if value and day is None:
            errors[i] = (
                f"'{_quoted(value)}' is not a date; write dates as YYYY-MM-DD, e.g. 2024-03-31"
            )
        elif day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            errors[i] = f"{value} is outside the years {FIRST_YEAR}-{LAST_YEAR}"
            day = None
        days.append(day)
    return pd.Series(pd.to_datetime(days), dtype="datetime64[s]"), errors


def _bool(column: Column, distinct: list[str]) -> tuple[pd.Series, Errors]:
    words = [v.lower() for v in distinct]
    values = [True if w in TRUE_WORDS else False if w in FALSE_WORDS else None for w in words]
    errors = {
        i: f"'{_quoted(v)}' is not true or false (write true/false, yes/no or 1/0)"
        for i, (v, b) in enumerate(zip(distinct, values, strict=True))
        if v and b is None
    }
    return pd.Series(values, dtype="boolean"), errors


_PARSERS: dict[str, Callable[[Column, list[str]], tuple[pd.Series, Errors]]] = {
    "text": _text,
    "ref": _text,
    "credit_code": _credit_code,
    "choice": _choice,
    "int": _int,
    "number": _number,
    "rate": _number,
    "date": _date,
    "bool": _bool,
}
