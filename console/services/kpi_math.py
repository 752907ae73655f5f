"""Channel-performance KPI arithmetic on figures the database already aggregated.

The SQL queries (console/db/queries/kpis.py) return additive sums and distinct counts per
group; everything here is pure pandas post-processing shared by the panel, the command line
and the tests: ratios, comparison windows, period labels, changes against earlier periods.
Definitions of every KPI are in docs/kpis.md (section "Channel performance KPIs").
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from console.errors import ValidationError

PERIODS = ("day", "week", "month", "quarter", "year")

SALES_SUMS = (
    "orders",
    "anonymous_orders",
    "online_orders",
    "dealer_fulfilled_orders",
    "gmv",
    "returned_amount",
    "kept_cost",
)
"""Additive sums over counted orders (or over order lines when cut by category)."""
CUSTOMER_COUNTS = ("active_customers", "new_customers")
"""Distinct counts: the total is not the sum of the groups (a customer buys in several)."""
INTERACTION_SUMS = ("interactions", "converted_interactions")
MONEY = ("gmv", "returned_amount", "net_revenue", "kept_cost", "aov", "gross_margin")


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    definition: str
    kind: str  # "money", "count" or "ratio"
    higher_is_better: bool = True


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "gmv",
        "Revenue (GMV)",
        "Amount paid (after discounts) of all orders placed in the period, cancelled orders "
        "excluded; returns not deducted.",
        "money",
    ),
    Kpi(
        "net_revenue",
        "Net revenue",
        "Revenue (GMV) minus the amount refunded for returns of those orders.",
        "money",
    ),
    Kpi("orders", "Orders", "Orders placed in the period, cancelled orders excluded.", "count"),
    Kpi("aov", "Average order value", "Revenue (GMV) divided by orders.", "money"),
    Kpi(
        "active_customers",
        "Active customers",
        "Identified customers with at least one order in the period (anonymous orders have "
        "no customer).",
        "count",
    ),
    Kpi(
        "new_customers",
        "New customers",
        "Active customers whose first order ever (any channel) was placed in the period.",
        "count",
    ),
    Kpi(
        "returning_customers",
        "Returning customers",
        "Active customers who had ordered before the period: active minus new.",
        "count",
    ),
    Kpi(
        "anonymous_share",
        "Anonymous-order share",
        "Share of orders with no identified customer.",
        "ratio",
        higher_is_better=False,
    ),
    Kpi(
        "dealer_fulfilled_orders",
        "Online orders fulfilled by dealers",
        "Online orders (own e-commerce, marketplaces, social) that a dealer delivers.",
        "count",
    ),
    Kpi(
        "dealer_fulfilled_share",
        "Dealer-fulfilled share of online orders",
        "Online orders fulfilled by a dealer divided by all online orders.",
        "ratio",
    ),
    Kpi(
        "conversion_rate",
        "Interaction-to-order conversion",
        "Share of interactions (store visits, page views, social, consultations) in the "
        "period that led to an order.",
        "ratio",
    ),
    Kpi(
        "return_rate",
        "Return rate",
        "Amount refunded for returns divided by revenue (GMV).",
        "ratio",
        higher_is_better=False,
    ),
    Kpi(
        "gross_margin",
        "Gross margin",
        "Net revenue minus the cost of the goods customers kept.",
        "money",
    ),
    Kpi(
        "gross_margin_rate",
        "Gross margin rate",
        "Gross margin divided by net revenue.",
        "ratio",
    ),
)
KPI_BY_KEY = {kpi.key: kpi for kpi in KPIS}
KPI_COLUMNS = tuple(k.key for k in KPIS)


@dataclass(frozen=True)
class DateWindow:
    """A range of whole days, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"The date range ends ({self.end}) before it starts ({self.start}).",
                "Choose an end date on or after the start date.",
                problems=[("to", "before from")],
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def check_period(period: str) -> str:
    if period not in PERIODS:
        raise ValidationError(
            f"Unknown period {period!r}.",
            f"Use one of {', '.join(PERIODS)}.",
            problems=[("period", period)],
        )
    return period


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier if negative), clipped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def comparison_windows(window: DateWindow) -> dict[str, DateWindow]:
    """The window, the period just before it, and the same period one year earlier.

    Whole calendar months compare with the same number of whole months before them
    (March with February, not with the 31 days before March); other ranges with the
    same number of days just before.
    """
    if window.start.day == 1 and _is_month_end(window.end):
        months = (window.end.year - window.start.year) * 12 + window.end.month
        months -= window.start.month - 1
        previous_start = add_months(window.start, -months)
        previous = DateWindow(previous_start, window.start - timedelta(days=1))
    else:
        previous = DateWindow(
            window.start - timedelta(days=window.days), window.start - timedelta(days=1)
        )
    last_end = add_months(window.end, -12)
    if _is_month_end(window.end):
        last_end = add_months(window.end + timedelta(days=1), -12) - timedelta(days=1)
    last_year = DateWindow(add_months(window.start, -12), last_end)
    return {"current": window, "previous": previous, "last_year": last_year}


def period_start(day: date, period: str) -> date:
    """The first day of the day/week (Monday)/month/quarter/year holding `day`."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period == "year":
        return date(day.year, 1, 1)
    raise ValueError(period)


def shift_period(start: date, period: str, steps: int) -> date:
    """The start of the period `steps` periods after (before, if negative) `start`."""
    if period == "day":
        return start + timedelta(days=steps)
    if period == "week":
        return start + timedelta(weeks=steps)
    return add_months(start, steps * {"month": 1, "quarter": 3, "year": 12}[period])


def period_label(start: date, period: str) -> str:
    """How a bucket is written in tables and files: 2025-03-04, 2025-W10, 2025-03, 2025-Q1."""
    if period == "day":
        return start.isoformat()
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def buckets(window: DateWindow, period: str) -> list[date]:
    """Every bucket start the window touches, in order (also those without data)."""
    out = [period_start(window.start, period)]
    while (following := shift_period(out[-1], period, 1)) <= window.end:
        out.append(following)
    return out


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    num = numerator.astype("float64")
    den = denominator.astype("float64")
    return (num / den.where(den != 0)).astype("float64")


def derive(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the ratio and difference KPIs to a frame of sums and distinct counts.

    Columns that were not queried (e.g. interactions under a category cut) stay NaN; a
    ratio over an empty denominator is NaN ("no data"), never 0 or an error.
    """
    out = frame.copy()
    for column in (*SALES_SUMS, *CUSTOMER_COUNTS, *INTERACTION_SUMS):
        if column not in out:
            out[column] = np.nan
        out[column] = out[column].astype("float64")
    out["net_revenue"] = out["gmv"] - out["returned_amount"]
    out["aov"] = _ratio(out["gmv"], out["orders"])
    out["anonymous_share"] = _ratio(out["anonymous_orders"], out["orders"])
    out["dealer_fulfilled_share"] = _ratio(out["dealer_fulfilled_orders"], out["online_orders"])
    out["return_rate"] = _ratio(out["returned_amount"], out["gmv"])
    out["gross_margin"] = out["net_revenue"] - out["kept_cost"]
    out["gross_margin_rate"] = _ratio(out["gross_margin"], out["net_revenue"])
    out["returning_customers"] = out["active_customers"] - out["new_customers"]
    out["conversion_rate"] = _ratio(out["converted_interactions"], out["interactions"])
    return out


def collapse(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Sum the additive figures over every other cut (e.g. channels within a region) and
    derive the KPIs again. Distinct customer counts do not add up, so they are dropped."""
    additive = [c for c in (*SALES_SUMS, *INTERACTION_SUMS) if c in frame]
    summed = frame.groupby(list(keys), as_index=False, dropna=False)[additive].sum()
    out = derive(summed)
    for column in (*CUSTOMER_COUNTS, "returning_customers"):
        out[column] = np.nan
    return out


def with_customers(
    sums: pd.DataFrame, customers: pd.DataFrame, keys: Sequence[str]
) -> pd.DataFrame:
    """Attach distinct customer counts (queried separately) to summed figures."""
    merged = sums.drop(columns=[*CUSTOMER_COUNTS, "returning_customers"], errors="ignore")
    merged = merged.merge(customers[[*keys, *CUSTOMER_COUNTS]], on=list(keys), how="outer")
    for column in SALES_SUMS:
        merged[column] = merged[column].fillna(0.0)
    return derive(merged)


def change(current: pd.Series | float, base: pd.Series | float) -> tuple:
    """Absolute and relative change; the relative change is NaN when the base is 0 or missing."""
    cur = pd.Series(current, dtype="float64") if np.isscalar(current) else current
    old = pd.Series(base, dtype="float64") if np.isscalar(base) else base
    absolute = cur.astype("float64") - old.astype("float64")
    relative = _ratio(absolute, old.astype("float64").abs())
    if np.isscalar(current) and np.isscalar(base):
        return float(absolute.iloc[0]), float(relative.iloc[0])
    return absolute, relative


def compare_windows(
    totals: pd.DataFrame, keys: Sequence[str] = (), kpis: Sequence[str] = KPI_COLUMNS
) -> pd.DataFrame:
    """One row per group of the `current` window with each KPI's previous/last-year change.

    `totals` has a `window` column (current / previous / last_year), the group keys and
    the KPI columns (as returned by `derive`). Added columns per KPI: `<kpi>_prev`,
    `<kpi>_vs_prev`, `<kpi>_vs_prev_pct`, `<kpi>_ly`, `<kpi>_vs_ly`, `<kpi>_vs_ly_pct`.
    """
    keys = list(keys)
    out = totals[totals["window"] == "current"].drop(columns="window").reset_index(drop=True)
    for name, suffix in (("previous", "prev"), ("last_year", "ly")):
        base = totals[totals["window"] == name][[*keys, *kpis]]
        base = base.rename(columns={k: f"{k}_{suffix}" for k in kpis})
        if keys:
            out = out.merge(base, on=keys, how="left")
        else:
            first = base.iloc[0] if len(base) else pd.Series(np.nan, index=base.columns)
            out = out.assign(**{c: first[c] for c in base.columns})
        out = _with_changes(out, kpis, suffix)
    return out


def _with_changes(out: pd.DataFrame, kpis: Sequence[str], suffix: str) -> pd.DataFrame:
    added = {}
    for k in kpis:
        absolute, relative = change(out[k], out[f"{k}_{suffix}"])
        added[f"{k}_vs_{suffix}"] = absolute
        added[f"{k}_vs_{suffix}_pct"] = relative
    return pd.concat([out, pd.DataFrame(added, index=out.index)], axis=1)


def compare_buckets(
    series: pd.DataFrame,
    period: str,
    keys: Sequence[str] = (),
    kpis: Sequence[str] = KPI_COLUMNS,
) -> pd.DataFrame:
    """Add each bucket's previous-bucket and same-bucket-last-year values and changes.

    `series` has a `bucket` column (period start dates) and must include the year of
    buckets before the first one to compare (rows without an earlier bucket get NaN).
    """
    keys = list(keys)
    out = series.copy()
    for suffix in ("prev", "ly"):
        base = series[["bucket", *keys, *kpis]]
        if suffix == "ly" and period == "day":  # 29 February has no day a year later
            base = base[[not (b.month == 2 and b.day == 29) for b in base["bucket"]]]
        base = base.assign(bucket=[_later(b, period, suffix) for b in base["bucket"]])
        base = base.rename(columns={k: f"{k}_{suffix}" for k in kpis})
        out = _with_changes(out.merge(base, on=["bucket", *keys], how="left"), kpis, suffix)
    return out


def _later(bucket: date, period: str, suffix: str) -> date:
    """The bucket that compares with `bucket`: the next one, or the same one a year later."""
    if suffix == "prev":
        return shift_period(bucket, period, 1)
    if period == "week":  # ISO weeks: 52 weeks keep the weekday and nearly the season
        return bucket + timedelta(weeks=52)
    return add_months(bucket, 12)


def lookback_window(window: DateWindow, period: str) -> DateWindow:
    """The range to query so that every bucket of `window` has its comparison buckets."""
    first = period_start(window.start, period)
    return DateWindow(min(add_months(first, -12), shift_period(first, period, -1)), window.end)


def round_money(frame: pd.DataFrame) -> pd.DataFrame:
    """Money columns to the cent, as shown and written."""
    out = frame.copy()
    for column in out.columns:
        root = column.split("_vs_")[0].removesuffix("_prev").removesuffix("_ly")
        if root in MONEY and not column.endswith("_pct"):
            out[column] = out[column].round(2)
    return out
