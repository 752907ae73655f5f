"""Background work of the segments panel: runs in worker threads, no widgets.

Every function takes the `Database` (and the user where the role matters) and the runner's
`task` (progress, cancel) and returns plain data: the SQL is console.db.queries.segments and
console.db.identity_writeback, the maths console.services.rfm / value_index / clv.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from console.api import CurrentUser, UserError, export_frame
from console.db import identity_writeback
from console.db.queries import segments as queries
from console.services.rfm import (
    channel_combinations,
    rf_grid,
    segment_migration,
    segment_summary,
)
from console.services.value_index import CHANNEL_TYPES

SCATTER_POINTS = 20_000
"""At most this many customers are drawn in the scatter (a fixed random sample beyond)."""
COMPARE_MONTHS = (3, 6, 12)


@dataclass
class Overview:
    """Everything the panel shows for one as-of date and one comparison date."""

    as_of: date
    compare_as_of: date
    customers: pd.DataFrame  # score_customers(...).customers at as_of
    previous: pd.DataFrame | None  # customer, segment at compare_as_of (None: nobody yet)
    grid: pd.DataFrame  # rf_grid: r, f, segment, customers, revenue, revenue_share
    summary: pd.DataFrame  # segment_summary with the trend against compare_as_of
    migration: pd.DataFrame | None  # segment_migration(previous, now)
    combinations: pd.DataFrame  # channel_combinations with avg_value (value index)
    anonymous: pd.DataFrame  # anonymous_orders: channel_type, orders, anonymous, share
    clv_problem: str = ""

    @property
    def multichannel_share(self) -> float:
        return float((self.customers["n_channels"] >= 2).mean())


def compare_date(as_of: date, months: int) -> date:
    return (pd.Timestamp(as_of) - pd.DateOffset(months=months)).date()


def load_overview(database, as_of: date | None, compare_months: int, *, task) -> Overview:
    """Scores at as_of (default: the day after the last order) and the segments `compare_months`
    earlier, with the grid, the segment table, the migration matrix and the combinations."""
    engine = database.engine
    task.progress(0, 5, "Finding the as-of date")
    as_of = as_of or queries.default_as_of(engine)
    task.progress(1, 5, "Aggregating orders per customer")
    aggregates = queries.customer_aggregates(engine, as_of)
    task.progress(2, 5, "Scoring customers and fitting lifetime value")
    values = queries.score_customers(aggregates, as_of)
    customers = values.customers
    task.progress(3, 5, "Segments of the comparison date")
    earlier = compare_date(as_of, compare_months)
    previous = None
    before = queries.customer_aggregates(engine, earlier)
    if len(before):
        scored = queries.score_customers(before, earlier, with_clv=False).customers
        previous = scored[["customer", "segment"]]
    task.progress(4, 5, "Summaries")
    summary = segment_summary(
        customers[["customer", "segment", "monetary", "value_index", *_clv(customers)]],
        previous=previous,
    )
    flags = customers[list(CHANNEL_TYPES)]
    overview = Overview(
        as_of=as_of,
        compare_as_of=earlier,
        customers=customers,
        previous=previous,
        grid=rf_grid(customers),
        summary=summary,
        migration=segment_migration(previous, customers) if previous is not None else None,
        combinations=channel_combinations(flags, customers["value_index"]),
        anonymous=queries.anonymous_orders(engine),
        clv_problem=values.clv_problem,
    )
    task.progress(5, 5, "Done")
    return overview


def _clv(customers: pd.DataFrame) -> list[str]:
    return ["clv"] if "clv" in customers else []


def scatter_sample(customers: pd.DataFrame, limit: int = SCATTER_POINTS) -> pd.DataFrame:
    """The customers drawn in the scatter: all, or a fixed random sample of `limit`."""
    if len(customers) <= limit:
        return customers
    rng = np.random.default_rng(7)
    rows = np.sort(rng.choice(len(customers), limit, replace=False))
    return customers.iloc[rows]


def channels_of(customers: pd.DataFrame) -> dict[str, int]:
    """Customers active per channel type: where a campaign for them can reach them."""
    return {t: int(customers[t].sum()) for t in CHANNEL_TYPES}


def export_customers(
    database,
    user: CurrentUser,
    scores: pd.DataFrame,
    path: Path,
    segment: str,
    as_of: date,
    *,
    task,
) -> tuple[Path, int]:
    """Write the customers' export (masked per role) and audit it; (path, rows)."""
    if scores.empty:
        raise UserError("The chosen group has no customers.", "Choose another segment.")
    rows = queries.segment_export(database.engine, user, scores, progress=task.progress)
    written = export_frame(rows, path, sheet_name=segment[:31], task=task)
    queries.record_export(
        database.sessions, user, segment=segment, rows=len(rows), file_name=path.name, as_of=as_of
    )
    return written, len(rows)


def run_resolution(
    database, user: CurrentUser, settings: identity_writeback.ResolutionSettings, *, task
) -> identity_writeback.WritebackReport:
    """Identity resolution and its write-back; a cancel rolls it back."""
    try:
        return identity_writeback.resolve_and_write(
            database.sessions,
            user,
            settings,
            progress=task.progress,
            cancelled=lambda: task.cancelled,
        )
    except identity_writeback.ResolutionCancelled:
        task.check()  # raises the runner's Cancelled: the panel shows "cancelled"
        raise
