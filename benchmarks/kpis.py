"""Channel performance benchmarks: the panel's first full load and a filter change.

Run: python benchmarks/kpis.py [--db URL] [--pg URL] [--repeat N]

- SQLite: the demo database (seeded at scale "demo" into a temporary file unless --db names
  an existing one). Targets (issue 4): first full load <= 1 s, filter change <= 300 ms.
- PostgreSQL (--pg URL): a large database (an empty one is migrated and seeded at scale
  "large" first, which takes minutes). Target: first full load <= 2 s with rollups.

A "load" is what the panel does (plugins/channel_performance/tasks.py): the first one reads
the names of regions, cities, dealers, stores and categories and the default range, checks the
rollups' freshness, then runs the parts of the view (console/db/queries/kpi_views.py) as
parallel background tasks on as many threads as the panel's thread pool has (at least 6),
on a new engine (empty connection pool). Filter changes cycle through channel, online, category
and drill-down filters on a warm engine and reuse the freshness answer, as the panel does for a
minute. Printed: medians of
wall-clock and CPU time (all threads) in ms — CPU time shows the cost when other processes
compete for the cores — and the ratio to the same load from the raw tables (no rollups).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import Engine

from console.db.database import Database
from console.db.engine import make_engine, parse_url
from console.db.migrate import schema_status, upgrade
from console.db.queries.kpi_refresh import refresh_rollups
from console.db.queries.kpi_views import PARTS, KpiView
from console.db.queries.kpis import KpiFilters, KpiSource, default_window, kpi_source
from console.db.rollups import rollup_state
from plugins.channel_performance import tasks

THREADS = max(os.cpu_count() or 1, 6)  # the panel's pool: console/ui/runner.py (at least 6)


class _Task:
    """Stands in for the runner's TaskControl (never cancelled)."""

    def check(self) -> None:
        pass

    def progress(self, done: int, total: int, label: str = "") -> None:
        pass


def first_load(url: str) -> KpiView:
    """What opening the panel runs: names and default range, rollup check, the parts."""
    database = Database(parse_url(url))
    boot = tasks.bootstrap(database, task=_Task())
    view = KpiView(boot.window)
    check = tasks.check_source(database, False, task=_Task())
    panel_load(database.engine, view, source=check.source)
    database.dispose()
    return view


def panel_load(
    engine: Engine, view: KpiView, prefer: str = "auto", source: KpiSource | None = None
) -> None:
    """Freshness check (unless known), then the view's parts in parallel, as in the panel."""
    source = source or kpi_source(engine, prefer)
    with ThreadPoolExecutor(THREADS) as pool:
        for future in [pool.submit(part, engine, view, source) for part in PARTS.values()]:
            future.result()


def _ms(work: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of `work`."""
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def filter_changes(view: KpiView, region: int, city: int) -> list[KpiView]:
    """What a user does after the first load: pick channels, offline, a category, drill."""
    window = view.window
    return [
        KpiView(window, filters=KpiFilters(channel_types=("marketplace", "social"))),
        KpiView(window, filters=KpiFilters(online=False)),
        KpiView(window, filters=KpiFilters(category_id=1)),
        view.drilled(region),
        view.drilled(region).drilled(city),
    ]


def prepare(url: str, scale: str) -> tuple[int, int]:
    """Seed an empty database, refresh stale rollups; returns a region and one of its cities."""
    engine = make_engine(url)
    state = schema_status(engine).state
    if state == "empty":
        from console.db.demo import seed_demo

        print(f"seeding scale {scale} into {engine.url.render_as_string()} ...", flush=True)
        upgrade(engine)
        summary = seed_demo(engine, scale=scale, seed=42)
        print(f"  seeded in {summary.seconds:.0f} s")
    with engine.connect() as conn:
        fresh = rollup_state(conn).fresh
    if not fresh:
        result = refresh_rollups(engine)
        rows = sum(result.rows.values())
        print(f"  rollups refreshed in {result.seconds:.1f} s ({rows:,} rows)")
    with engine.connect() as conn:
        region, city = conn.exec_driver_sql(
            "SELECT region_id, MIN(id) FROM cities GROUP BY region_id ORDER BY region_id"
        ).first()
    engine.dispose()
    return region, city


def measure(url: str, scale: str, repeat: int, first_target: float, change_target: float) -> None:
    region, city = prepare(url, scale)
    engine = make_engine(url)
    view = KpiView(default_window(engine))
    engine.dispose()
    print(f"view: {view.window.start} to {view.window.end} by {view.period}, {THREADS} threads")

    firsts = [_ms(lambda: first_load(url)) for _ in range(repeat)]
    engine = make_engine(url)
    source = kpi_source(engine)
    panel_load(engine, view, source=source)
    changes = [
        _ms(lambda v=v: panel_load(engine, v, source=source))
        for _ in range(repeat)
        for v in filter_changes(view, region, city)
    ]
    raw = [_ms(lambda: panel_load(engine, view, "raw")) for _ in range(max(1, repeat // 3))]
    engine.dispose()

    first, change, baseline = (
        [statistics.median(run[i] for run in runs) for i in (0, 1)]
        for runs in (firsts, changes, raw)
    )
    print(
        f"  first full load  median {first[0]:7.0f} ms wall, {first[1]:5.0f} ms CPU  "
        f"(target {first_target:.0f} ms: {'met' if first[0] <= first_target else 'MISSED'})"
    )
    print(
        f"  filter change    median {change[0]:7.0f} ms wall, {change[1]:5.0f} ms CPU  "
        f"(target {change_target:.0f} ms: {'met' if change[0] <= change_target else 'MISSED'})"
        f", slowest {max(run[0] for run in changes):.0f} ms over {len(changes)} changes"
    )
    print(
        f"  raw tables       median {baseline[0]:7.0f} ms wall, {baseline[1]:5.0f} ms CPU  "
        f"(rollups {baseline[0] / first[0]:.1f}x faster)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an existing SQLite/PostgreSQL demo database")
    parser.add_argument("--pg", help="a PostgreSQL database for the large dataset")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'demo.sqlite'}"
        print(f"demo database: {url}")
        measure(url, "demo", args.repeat, 1000, 300)
    if args.pg:
        print(f"large PostgreSQL database: {args.pg}")
        measure(args.pg, "large", args.repeat, 2000, 2000)


if __name__ == "__main__":
    main()
