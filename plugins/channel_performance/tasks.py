"""Background work of the channel performance panel: runs in worker threads, no widgets.

Every function takes the `Database` and the runner's `task` (progress, cancel) and returns
plain data; the queries are console.db.queries.kpi_views (one or two aggregated SQL queries
per part), the arithmetic console.services.kpi_math.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from console.db.queries import kpi_views
from console.db.queries.kpi_refresh import refresh_rollups
from console.db.queries.kpi_views import KpiView
from console.db.queries.kpis import (
    KpiSource,
    OrderPage,
    default_window,
    dimension_names,
    kpi_source,
    order_page,
)
from console.services.kpi_math import DateWindow

NAMED = ("region", "city", "dealer", "store", "category")


@dataclass(frozen=True)
class Bootstrap:
    window: DateWindow  # the default range: the 12 months up to the latest order
    names: dict[str, pd.DataFrame]  # cut -> key, name, name_zh


@dataclass(frozen=True)
class SourceCheck:
    source: KpiSource
    refreshed: str = ""  # "full" / "incremental" when the rollups were just brought up to date
    problem: str = ""  # why the rollups could not be refreshed (figures come from raw tables)


def bootstrap(database, *, task) -> Bootstrap:
    """The default date range and the names of regions, cities, dealers, stores, categories."""
    engine = database.engine
    names = {}
    for done, cut in enumerate(NAMED):
        task.progress(done, len(NAMED))
        names[cut] = dimension_names(engine, cut)
    return Bootstrap(default_window(engine), names)


def check_source(database, refresh: bool, *, task) -> SourceCheck:
    """Use the rollups; bring stale ones up to date first (a cache, not business data) when
    `refresh`, and fall back to the raw tables when that is refused or fails."""
    engine = database.engine
    source = kpi_source(engine)
    if source.use_rollups or not refresh:
        return SourceCheck(source)
    try:
        result = refresh_rollups(engine, progress=task.progress)
    except Exception as exc:  # e.g. a read-only database account: raw figures still work
        task.check()
        return SourceCheck(source, problem=str(getattr(exc, "orig", exc) or exc))
    return SourceCheck(kpi_source(engine), refreshed=result.mode)


def load_part(database, name: str, view: KpiView, source: KpiSource, *, task) -> pd.DataFrame:
    task.check()
    return kpi_views.PARTS[name](database.engine, view, source)


def load_orders(database, view: KpiView, offset: int, limit: int, *, task) -> OrderPage:
    task.check()
    return order_page(database.engine, view.window, view.filters, offset, limit)


def export_view(
    path: Path, frames: dict[str, pd.DataFrame], images: dict[str, bytes], *, task
) -> Path:
    """One workbook: a sheet per table, then a sheet per chart image."""
    from console.api import export_frames

    return export_frames(frames, path, images=images, task=task)
