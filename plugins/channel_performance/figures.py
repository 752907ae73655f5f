"""What the widgets draw, shaped from the query parts with pandas (no Qt, no SQL).

Every function takes the frames of console.db.queries.kpi_views (customers, breakdown,
series) and returns arrays or frames keyed by ids; the panel puts names and labels on them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from console.db.queries.kpi_views import KpiView, cards, ranked, sparklines, trend
from console.services import kpi_math
from console.services.kpi_math import buckets

CHANNEL_TYPES = ("direct_store", "franchise_store", "own_ecommerce", "marketplace", "social")
ONLINE_TYPES = ("own_ecommerce", "marketplace", "social")
HEATMAP_ROWS = 15  # more members than this: the best ones, the rest are in the table


@dataclass(frozen=True)
class Lines:
    """Series over the buckets of the range: `dates` (period starts) and values per name."""

    dates: list
    values: dict[str, np.ndarray]


def headroom(values: list[np.ndarray], share: float = 0.25) -> tuple[float, float]:
    """A y range from 0 to a little above the highest value."""
    finite = [v[np.isfinite(v)] for v in values]
    top = max((float(v.max()) for v in finite if v.size), default=0.0)
    return 0.0, (top or 1.0) * (1 + share)


def _grid(series: pd.DataFrame, view: KpiView, column: str, keys: list, value: str) -> Lines:
    dates = buckets(view.window, view.period)
    if series.empty:
        return Lines(dates, {k: np.zeros(len(dates)) for k in keys})
    table = series.pivot_table(index="bucket", columns=column, values=value, aggfunc="sum")
    table = table.reindex(index=dates, columns=keys)
    return Lines(dates, {k: table[k].to_numpy(dtype=float) for k in keys})


def channel_trend(series: pd.DataFrame, view: KpiView, kpi: str = "gmv") -> Lines:
    """One line per channel type (0 where a channel sold nothing)."""
    per_channel = trend(series) if not series.empty else series
    lines = _grid(per_channel, view, "channel_type", list(CHANNEL_TYPES), kpi)
    return Lines(lines.dates, {k: np.nan_to_num(v) for k, v in lines.values.items()})


def channel_mix(lines: Lines) -> Lines:
    """Each channel's share of the bucket's total (stacked areas add up to 100%)."""
    stacked = np.vstack(list(lines.values.values())) if lines.values else np.zeros((0, 0))
    totals = stacked.sum(axis=0)
    shares = np.divide(stacked, totals, out=np.zeros_like(stacked), where=totals > 0)
    return Lines(lines.dates, dict(zip(lines.values, shares, strict=True)))


def anonymous_trend(series: pd.DataFrame, view: KpiView) -> Lines:
    """Anonymous-order share of all, offline and online orders per bucket (NaN: no orders)."""
    dates = buckets(view.window, view.period)
    out: dict[str, np.ndarray] = {}
    for name, types in (
        ("all", CHANNEL_TYPES),
        ("offline", [t for t in CHANNEL_TYPES if t not in ONLINE_TYPES]),
        ("online", ONLINE_TYPES),
    ):
        part = series[series["channel_type"].isin(types)] if not series.empty else series
        if part.empty:
            out[name] = np.full(len(dates), np.nan)
            continue
        sums = part.groupby("bucket")[["anonymous_orders", "orders"]].sum().reindex(dates)
        orders = sums["orders"].to_numpy(dtype=float)
        anonymous = sums["anonymous_orders"].to_numpy(dtype=float)
        out[name] = np.divide(anonymous, orders, out=np.full(len(dates), np.nan), where=orders > 0)
    return Lines(dates, out)


def card_figures(customers: pd.DataFrame, breakdown: pd.DataFrame) -> pd.Series:
    """Every KPI with its `_prev`, `_vs_prev`, `_vs_prev_pct`, `_ly`, ... comparisons."""
    return cards(customers, breakdown).iloc[0]


def heatmap(breakdown: pd.DataFrame, view: KpiView, kpi: str = "gmv") -> pd.DataFrame:
    """Members of the level (rows, largest first, at most HEATMAP_ROWS) x channel types."""
    key = view.level_column
    if view.level == "orders" or breakdown.empty:
        return pd.DataFrame(columns=list(CHANNEL_TYPES))
    current = breakdown[breakdown["window"] == "current"]
    if current.empty:
        return pd.DataFrame(columns=list(CHANNEL_TYPES))
    sold = current.groupby(key)["orders"].sum()
    current = current[current[key].isin(sold[sold > 0].index)]  # not members with only visits
    matrix = current.pivot_table(index=key, columns="channel_type", values=kpi, aggfunc="sum")
    matrix = matrix.reindex(columns=list(CHANNEL_TYPES))
    order = matrix.sum(axis=1).sort_values(ascending=False).index[:HEATMAP_ROWS]
    return matrix.loc[order]


def ranking(breakdown: pd.DataFrame, series: pd.DataFrame, view: KpiView) -> pd.DataFrame:
    """The ranked table: one row per member of the level, largest revenue first, with the
    changes against the previous period and last year and the revenue per bucket."""
    key = view.level_column
    table = ranked(breakdown, view)
    if table.empty:
        return table
    table = table[table["orders"] > 0].reset_index(drop=True)
    lines = sparklines(series, view) if not series.empty else series
    dates = buckets(view.window, view.period)
    if lines.empty:
        table["trend"] = [[0.0] * len(dates) for _ in range(len(table))]
        return table
    grid = lines.pivot_table(index=key, columns="bucket", values="gmv", aggfunc="sum")
    grid = grid.reindex(columns=dates).fillna(0.0)
    table["trend"] = [
        grid.loc[k].tolist() if k in grid.index else [0.0] * len(dates) for k in table[key]
    ]
    return table


RANKING_COLUMNS = (
    "trend",
    "gmv",
    "gmv_vs_prev_pct",
    "gmv_vs_ly_pct",
    "orders",
    "aov",
    "anonymous_share",
    "return_rate",
    "gross_margin_rate",
    "net_revenue",
    "online_orders",
    "dealer_fulfilled_share",
    "conversion_rate",
)


def cards_frame(figures: pd.Series) -> pd.DataFrame:
    """The cards as a table (for export): value, previous period, last year, changes."""
    rows = []
    for kpi in kpi_math.KPIS:
        rows.append(
            {
                "kpi": kpi.key,
                "value": figures.get(kpi.key),
                "previous_period": figures.get(f"{kpi.key}_prev"),
                "change_vs_previous": figures.get(f"{kpi.key}_vs_prev"),
                "change_vs_previous_pct": figures.get(f"{kpi.key}_vs_prev_pct"),
                "last_year": figures.get(f"{kpi.key}_ly"),
                "change_vs_last_year": figures.get(f"{kpi.key}_vs_ly"),
                "change_vs_last_year_pct": figures.get(f"{kpi.key}_vs_ly_pct"),
            }
        )
    return pd.DataFrame(rows)


def lines_frame(lines: Lines, names: dict[str, str]) -> pd.DataFrame:
    """A chart's series as a table (for export): one column per line."""
    frame = pd.DataFrame({names.get(k, k): v for k, v in lines.values.items()})
    frame.insert(0, "period_start", lines.dates)
    return frame
