"""What one view of the channel performance panel reads.

A view is a date range, a period, filters and a drill-down level (region -> city -> dealer ->
store -> orders). Its figures come in three parts, each a separate background task in the
panel (so they run in parallel) and each one or two aggregated SQL queries; what the panel
shows (cards, trend, heatmap, ranked table) is pandas on those parts, and the last level lists
orders a page at a time. `benchmarks/kpis.py` times exactly these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from console.db.queries.bind import Bind
from console.db.queries.kpi_facts import DIMENSIONS, KpiFilters
from console.db.queries.kpis import ALL, KpiSource, kpi_series, kpi_totals
from console.services import kpi_math
from console.services.kpi_math import DateWindow, comparison_windows

DRILL_LEVELS = ("region", "city", "dealer", "store", "orders")
WINDOWS = ("current", "previous", "last_year")  # the names of comparison_windows()
_FILTER_OF = {"region": "region_id", "city": "city_id", "dealer": "dealer_id", "store": "store_id"}


@dataclass(frozen=True)
class KpiView:
    window: DateWindow
    period: str = "month"
    filters: KpiFilters = ALL
    level: str = "region"  # what the breakdown lists: the next drill-down level

    def drilled(self, key: int) -> KpiView:
        """The view one level down, restricted to the member `key` of this level."""
        position = DRILL_LEVELS.index(self.level)
        if self.level == "orders":
            raise ValueError("the order list is the last level")
        filters = replace(self.filters, **{_FILTER_OF[self.level]: key})
        return replace(self, filters=filters, level=DRILL_LEVELS[position + 1])

    @property
    def level_column(self) -> str:
        return DIMENSIONS[self.level]


def _cuts(view: KpiView) -> list[str]:
    return ["channel"] if view.level == "orders" else [view.level, "channel"]


def customers(bind: Bind, view: KpiView, source: KpiSource | None = None) -> pd.DataFrame:
    """Active and new customers of the range and its two comparison windows."""
    windows = comparison_windows(view.window)
    return kpi_totals(bind, windows, (), view.filters, ("customers",), source)


def breakdown(bind: Bind, view: KpiView, source: KpiSource | None = None) -> pd.DataFrame:
    """Sums per member of the drill-down level and channel type for the range and its two
    comparison windows (`window` column): the cards' sums, the heatmap, the ranked table."""
    windows = comparison_windows(view.window)
    return kpi_totals(bind, windows, _cuts(view), view.filters, ("sales", "interactions"), source)


def series(bind: Bind, view: KpiView, source: KpiSource | None = None) -> pd.DataFrame:
    """Sums per bucket, member of the level and channel type: the trend, the mix, the
    anonymous-order share and the ranked table's sparklines."""
    return kpi_series(bind, view.window, view.period, _cuts(view), view.filters, ("sales",), source)


PARTS: dict[str, Callable[[Bind, KpiView, KpiSource | None], pd.DataFrame]] = {
    "customers": customers,
    "breakdown": breakdown,
    "series": series,
}
"""The panel runs each part as its own background task; together they are one view."""


# --- what the panel shows, from the parts (pandas only) ---------------------------------------


def cards(customers_frame: pd.DataFrame, breakdown_frame: pd.DataFrame) -> pd.DataFrame:
    """One row: every KPI of the range with its previous-period and last-year changes."""
    totals = kpi_math.collapse(breakdown_frame, ["window"])
    totals = kpi_math.with_customers(totals, customers_frame, ["window"])
    every = pd.DataFrame({"window": list(WINDOWS)})  # a window without orders is all zeros
    totals = every.merge(totals, on="window", how="left")
    counted = [*kpi_math.SALES_SUMS, *kpi_math.INTERACTION_SUMS, *kpi_math.CUSTOMER_COUNTS]
    totals[counted] = totals[counted].fillna(0.0)
    return kpi_math.compare_windows(kpi_math.derive(totals))


def ranked(breakdown_frame: pd.DataFrame, view: KpiView) -> pd.DataFrame:
    """One row per member of the level (channels summed) with changes, best first."""
    key = view.level_column
    if view.level == "orders" or breakdown_frame.empty:
        return pd.DataFrame(columns=[key, *kpi_math.KPI_COLUMNS])
    totals = kpi_math.collapse(breakdown_frame, ["window", key])
    table = kpi_math.compare_windows(totals, [key])
    return table.sort_values("gmv", ascending=False, ignore_index=True)


def trend(series_frame: pd.DataFrame) -> pd.DataFrame:
    """Per bucket and channel type (levels summed)."""
    return kpi_math.collapse(series_frame, ["bucket", "channel_type"])


def sparklines(series_frame: pd.DataFrame, view: KpiView) -> pd.DataFrame:
    """Per bucket and member of the level (channels summed)."""
    if view.level == "orders":
        return pd.DataFrame()
    return kpi_math.collapse(series_frame, ["bucket", view.level_column])
