"""Runs the generation steps in order inside one bulk-load transaction."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine

from console.db.demo.activity import InteractionMaker
from console.db.demo.bulk import BackgroundWriter, open_load
from console.db.demo.catalog import seed_catalog
from console.db.demo.context import Progress, SeedContext
from console.db.demo.customers import seed_customers
from console.db.demo.inventory import StockHistory, seed_inventory, store_assortment
from console.db.demo.marketing import seed_marketing
from console.db.demo.network import DAY, seed_network
from console.db.demo.orders import OrderMaker, month_chunks
from console.db.demo.scales import LINES_PER_ORDER, Scale, get_scale
from console.db.demo.service import TicketMaker, seed_sla_policies
from console.db.demo.summary import SeedSummary
from console.db.demo.users import META_KEYS, seed_app_meta, seed_users
from console.db.engine import safe_url
from console.db.migrate import require_current
from console.errors import UserError

# Tables big enough that building their indexes once, after the load, pays off.
BULK_TABLES = (
    "customers",
    "customer_profiles",
    "customer_identities",
    "profile_identities",
    "demo_identity_truth",
    "orders",
    "order_lines",
    "interactions",
    "service_tickets",
    "ticket_status_changes",
    "inventory_levels",
    "stock_movements",
)


def planned_rows(scale: Scale) -> int:
    """About how many rows the seed writes, plus a quarter for building the indexes at the end
    (the progress bar's total)."""
    stocked = (
        scale.stores * 0.9 * (scale.assortment * scale.skus + 19) + scale.warehouses * scale.skus
    )
    rows = (
        scale.customers * 6.5
        + scale.order_lines * (1 + 1 / LINES_PER_ORDER)
        + scale.interactions
        + scale.tickets * 6.6
        + stocked * 2.3
    )
    return int(rows * 1.25)


def run_seed(
    engine: Engine,
    scale_name: str,
    seed: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    replace: bool,
) -> SeedSummary:
    scale = get_scale(scale_name)
    if scale.name == "large" and engine.dialect.name == "sqlite":
        raise UserError(
            "The large demo dataset (10 million order lines) is made for PostgreSQL, "
            "not for a SQLite file.",
            "Use --db postgresql://USER@HOST/DATABASE, or --scale demo.",
        )
    require_current(engine)
    started = time.perf_counter()
    load = open_load(engine)
    writer: BackgroundWriter | None = None
    try:
        load.begin()
        filled = load.nonempty_tables()
        holding = [t for t in filled if t != "app_meta"]
        if holding and not replace:
            raise UserError(
                f"The database {safe_url(engine.url)} already holds HQ Console data (e.g. in "
                f"{', '.join(holding[:3])}).",
                "Seed into an empty database, or pass --replace to delete all its HQ Console "
                "data first.",
            )
        if holding:
            load.empty_all()
        elif filled:  # only facts about the database: keep those the seed does not set
            load.forget_meta(META_KEYS)
        load.defer_indexes(BULK_TABLES)
        # SQLite inserts run in this thread: the sqlite3 module releases the GIL for every row,
        # and a busy generator thread would then keep the writer waiting.
        writer = BackgroundWriter(load) if engine.dialect.name != "sqlite" else None
        sink = writer.write if writer is not None else load.write
        ctx = SeedContext(scale, seed, sink, progress, cancelled, planned_rows(scale))
        _generate(ctx)
        if writer is not None:
            writer.join()
        ctx.report("building indexes")
        load.commit()
        ctx.finished()
    except BaseException:
        if writer is not None:
            writer.abort()
        load.rollback()
        raise
    finally:
        load.close()
    return SeedSummary(
        scale.name,
        seed,
        engine.dialect.name,
        scale.data_start,
        ctx.timeline.end,
        round(time.perf_counter() - started, 2),
        dict(ctx.rows),
    )


def _generate(ctx: SeedContext) -> None:
    seed_users(ctx)
    seed_sla_policies(ctx)
    network = seed_network(ctx)
    ctx.check()
    skus = seed_catalog(ctx)
    people = seed_customers(ctx, network)
    ctx.check()
    assortment = store_assortment(ctx, network, skus)
    orders = OrderMaker(ctx, network, skus, people, assortment)
    tickets = TicketMaker(ctx, network, people, orders.plan)
    touches = InteractionMaker(ctx, network, people, orders.plan)
    history = StockHistory(ctx.end_second + 1 - ctx.scale.movement_weeks * 7 * DAY)
    for first, last in month_chunks(ctx):
        batch = orders.make(first, last)
        touches.make(batch, first, last)
        tickets.make(batch, first, last)
        history.collect(batch)
        ctx.check()
    seed_inventory(ctx, network, skus, assortment, history)
    ctx.check()
    seed_marketing(ctx)
    seed_app_meta(ctx)
