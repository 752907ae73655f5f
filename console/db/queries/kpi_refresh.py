"""Rebuild the KPI rollups (console/db/rollups.py): everything, or only what changed.

An incremental refresh compares the source watermark recorded at the last refresh with the
tables: the days of new or updated orders (and of orders with new lines) and of new
interactions are rebuilt, with their months; every customer who bought on such a day — before
or after the change — gets all their customer rows rebuilt (their first order may have moved).
Too many changes, an edited store, a first refresh or `full=True` rebuild everything. Either
way it is one transaction: readers see the old rollups or the new ones.

Not detected: deleted orders or interactions, a changed order date, and an order updated in
the same second as the latest update seen by the last refresh (SQLite stores whole seconds);
run a full refresh after such repairs.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Engine, Table, delete, func, insert, or_, select

from console.db.customers import Interaction
from console.db.orders import Order, OrderLine
from console.db.queries import kpi_facts as facts
from console.db.queries.kpi_customer_days import customer_day_count_select, customer_day_select
from console.db.rollups import (
    META_REFRESHED_AT,
    META_WATERMARK,
    KpiCategoryRollup,
    KpiCustomerCategoryRollup,
    KpiCustomerDay,
    KpiCustomerDayCount,
    KpiCustomerRollup,
    KpiInteractionRollup,
    KpiOrderRollup,
    source_watermark,
    stored_watermark,
)
from console.db.users import AppMeta

Progress = Callable[[int, int, str], None]
MAX_CHANGED_DAYS = 62
"""More changed days than this: rebuild everything (cheaper than many small rebuilds)."""
MAX_CHANGED_CUSTOMERS = 20_000
CHUNK = 5_000  # ids per IN list, far below the databases' parameter limits
REFRESH_WORK_MEM = "256MB"  # PostgreSQL memory per sort/hash during a refresh (one session)


@dataclass(frozen=True)
class RefreshResult:
    mode: str  # "full", "incremental" or "none" (nothing changed)
    rows: dict[str, int]  # rows per rollup table after the refresh
    seconds: float
    refreshed_at: datetime
    changed_days: int = 0


@dataclass(frozen=True)
class _Changes:
    order_days: list[date]
    interaction_days: list[date]
    customers: list[int]


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _changes(conn: Connection, before: dict, now: dict, dialect: str) -> _Changes | None:
    """What changed between the watermarks `before` and `now`; None when too much to patch
    (or a store was edited: its dealer or city may have moved all its orders)."""
    if before.get("locations_max_updated_at") != now["locations_max_updated_at"]:
        return None
    day = facts.bucket_start(Order.placed_at, "day", dialect)
    changed = [Order.id > (before["orders_max_id"] or 0)]
    if before["orders_max_updated_at"]:
        changed.append(Order.updated_at > datetime.fromisoformat(before["orders_max_updated_at"]))
    new_lines = select(OrderLine.order_id).where(OrderLine.id > (before["order_lines_max_id"] or 0))
    changed.append(Order.id.in_(new_lines))
    order_days = sorted(
        _day(d) for d in conn.execute(select(day).distinct().where(or_(*changed))).scalars()
    )
    touched = facts.bucket_start(Interaction.occurred_at, "day", dialect)
    interaction_days = sorted(
        _day(d)
        for d in conn.execute(
            select(touched).distinct().where(Interaction.id > (before["interactions_max_id"] or 0))
        ).scalars()
    )
    if max(len(order_days), len(interaction_days)) > MAX_CHANGED_DAYS:
        return None
    customers: set[int] = set()
    if order_days:
        rollup = KpiCustomerRollup.__table__
        numbers = [facts.day_no(d) for d in order_days]
        customers.update(
            conn.execute(
                select(rollup.c.customer_id).distinct().where(rollup.c.day_no.in_(numbers))
            ).scalars()
        )
        customers.update(
            conn.execute(
                select(Order.customer_id)
                .distinct()
                .where(
                    Order.customer_id.is_not(None),
                    facts.on_days(Order.placed_at, order_days, dialect),
                )
            ).scalars()
        )
    if len(customers) > MAX_CHANGED_CUSTOMERS:
        return None
    return _Changes(order_days, interaction_days, sorted(customers))


def _insert(conn: Connection, table: Table, rows) -> None:
    conn.execute(insert(table).from_select(list(rows.selected_columns.keys()), rows))


def _rebuild_days(conn: Connection, table: Table, source, dialect: str, days: list[date]) -> None:
    """Replace the day rows of `days` and the month rows of their months."""
    if not days:
        return
    months = sorted({d.replace(day=1) for d in days})
    conn.execute(delete(table).where(table.c.grain == "day", table.c.period_start.in_(days)))
    conn.execute(delete(table).where(table.c.grain == "month", table.c.period_start.in_(months)))
    _insert(conn, table, facts.daily_rollup_select(source, dialect, days))
    _insert(conn, table, facts.monthly_rollup_select(table, months))


def _rebuild_all(conn: Connection, table: Table, rows_selects) -> None:
    conn.execute(delete(table))
    for rows in rows_selects:
        _insert(conn, table, rows)


def _vacuum(engine: Engine, tables: list[Table]) -> None:
    """Mark the reloaded pages all-visible (PostgreSQL), so that the covering indexes answer
    without visiting the table; VACUUM cannot run inside the refresh's transaction."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in tables:
            conn.exec_driver_sql(f"VACUUM {table.name}")


def refresh_rollups(
    engine: Engine, progress: Progress | None = None, full: bool = False
) -> RefreshResult:
    """Bring the rollups up to date with the orders and interactions (see module doc)."""
    started = time.perf_counter()
    dialect = engine.dialect.name
    sales = [
        (KpiOrderRollup.__table__, facts.raw_orders(dialect)),
        (KpiCategoryRollup.__table__, facts.raw_lines(dialect)),
    ]
    whole_orders = facts.raw_orders(dialect, whole=True)  # every order is read: join, not look up
    interactions = (KpiInteractionRollup.__table__, facts.raw_interactions(dialect))
    customer_tables = [
        (KpiCustomerRollup.__table__, False),
        (KpiCustomerCategoryRollup.__table__, True),
    ]
    rollups = [table for table, _ in customer_tables]  # what kpi_customer_day is built from
    days_table = KpiCustomerDay.__table__
    counts_table = KpiCustomerDayCount.__table__
    tables = [t for t, _ in (*sales, interactions, *customer_tables)] + [days_table, counts_table]
    steps = [t.name for t in tables]

    def report(done: int, label: str) -> None:
        if progress:
            progress(done, len(steps), label)

    with engine.begin() as conn:
        if dialect == "postgresql":  # big GROUP BYs: hash in memory, not in temporary files
            conn.exec_driver_sql(f"SET LOCAL work_mem = '{REFRESH_WORK_MEM}'")
        watermark = source_watermark(conn)
        before = None if full else stored_watermark(conn)
        unchanged = before == watermark
        changes = _changes(conn, before, watermark, dialect) if before and not unchanged else None
        if unchanged:
            mode = "none"
        elif changes is None:
            mode = "full"
            rebuilt = [(sales[0][0], whole_orders), sales[1], interactions]
            for done, (table, source) in enumerate(rebuilt):
                report(done, table.name)
                rows = (
                    facts.daily_rollup_select(source, dialect),
                    facts.monthly_rollup_select(table),
                )
                _rebuild_all(conn, table, rows)
            for done, (table, with_category) in enumerate(customer_tables, start=3):
                report(done, table.name)
                _rebuild_all(conn, table, [facts.customer_rollup_select(dialect, with_category)])
            report(5, days_table.name)
            rows = customer_day_select(*rollups, ordered=True)  # a date range reads together
            _rebuild_all(conn, days_table, [rows])
        else:
            mode = "incremental"
            days = changes.order_days
            changed = [facts.on_days(Order.placed_at, days, dialect)] if days else []
            patches = [sales[0], (sales[1][0], facts.raw_lines(dialect, orders_where=changed))]
            for done, (table, source) in enumerate(patches):
                report(done, table.name)
                _rebuild_days(conn, table, source, dialect, days)
            report(2, interactions[0].name)
            _rebuild_days(conn, *interactions, dialect, changes.interaction_days)
            for chunk in _chunks(changes.customers):
                for table, category in customer_tables:
                    conn.execute(delete(table).where(table.c.customer_id.in_(chunk)))
                    _insert(conn, table, facts.customer_rollup_select(dialect, category, chunk))
                conn.execute(delete(days_table).where(days_table.c.customer_id.in_(chunk)))
                _insert(conn, days_table, customer_day_select(*rollups, chunk))
        if mode != "none":  # small: recounted from kpi_customer_day every time
            report(len(steps) - 1, counts_table.name)
            _rebuild_all(conn, counts_table, [customer_day_count_select(days_table)])
        if dialect == "postgresql" and mode != "none":  # fresh statistics after a reload
            for table in tables:
                conn.exec_driver_sql(f"ANALYZE {table.name}")
        refreshed_at = datetime.now().replace(microsecond=0)
        meta = AppMeta.__table__
        conn.execute(delete(meta).where(meta.c.key.in_([META_REFRESHED_AT, META_WATERMARK])))
        conn.execute(
            insert(meta),
            [
                {"key": META_REFRESHED_AT, "value": refreshed_at.isoformat()},
                {"key": META_WATERMARK, "value": json.dumps(watermark, sort_keys=True)},
            ],
        )
        counts = {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in tables
        }
    if dialect == "postgresql" and mode != "none":
        _vacuum(engine, tables)
    report(len(steps), "done")
    changed = len(set(changes.order_days) | set(changes.interaction_days)) if changes else 0
    return RefreshResult(mode, counts, time.perf_counter() - started, refreshed_at, changed)
