"""Pre-aggregated KPI rollups: what the channel performance panel reads instead of raw orders.

Rows of grain "day" sum one day per cut (channel, region, city, dealer, store[, category]);
rows of grain "month" sum a whole calendar month of day rows, so a year by month reads a
dozen rows per cut instead of a year of orders. Each row also carries the start of its
week/month/quarter/year, so grouping by period is a plain column on both databases.

The rollups are a cache: `console.db.queries.kpi_refresh.refresh_rollups` rebuilds them (all,
or only the days that changed) in one transaction and records the time and a watermark of the
source tables in `app_meta`; the KPI queries use them only while that watermark still matches
(see `rollup_state`), and fall back to the raw tables otherwise.
No foreign keys: a cache must never block deleting a store or a dealer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Index,
    Integer,
    Numeric,
    String,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from console.db.base import Base, enum_column
from console.db.channels import CHANNEL_TYPES

GRAINS = ("day", "month")
# Exact sums on PostgreSQL (unbounded NUMERIC), so rollups add up to the raw figures to the cent.
Amount = Numeric(asdecimal=False)

META_REFRESHED_AT = "kpi_rollups.refreshed_at"
META_WATERMARK = "kpi_rollups.watermark"


class _Cut:
    """Period and cut columns shared by every rollup table."""

    id: Mapped[int] = mapped_column(primary_key=True)
    grain: Mapped[str] = mapped_column(enum_column("rollup_grain", GRAINS))
    period_start: Mapped[date] = mapped_column(Date)
    week_start: Mapped[date | None] = mapped_column(Date)  # NULL on month rows
    month_start: Mapped[date] = mapped_column(Date)
    quarter_start: Mapped[date] = mapped_column(Date)
    year_start: Mapped[date] = mapped_column(Date)
    channel_type: Mapped[str] = mapped_column(String(16))
    online: Mapped[bool] = mapped_column(Boolean)
    region_id: Mapped[int | None] = mapped_column(Integer)
    city_id: Mapped[int | None] = mapped_column(Integer)
    dealer_id: Mapped[int | None] = mapped_column(Integer)
    store_id: Mapped[int | None] = mapped_column(Integer)


class _SalesMeasures:
    orders: Mapped[int] = mapped_column(Integer)
    anonymous_orders: Mapped[int] = mapped_column(Integer)
    online_orders: Mapped[int] = mapped_column(Integer)
    dealer_fulfilled_orders: Mapped[int] = mapped_column(Integer)
    gmv: Mapped[float] = mapped_column(Amount)
    returned_amount: Mapped[float] = mapped_column(Amount)
    kept_cost: Mapped[float] = mapped_column(Amount)  # cost of the goods customers kept


class KpiOrderRollup(_Cut, _SalesMeasures, Base):
    """Counted orders (cancelled excluded) per period and cut."""

    __tablename__ = "kpi_order_rollup"
    __table_args__ = (Index("ix_kpi_order_rollup_period", "grain", "period_start"),)


class KpiCategoryRollup(_Cut, _SalesMeasures, Base):
    """Order lines per period, cut and product category; `orders` = orders with such a line.

    A category filter reads its own rows through the second index, not every category's."""

    __tablename__ = "kpi_category_rollup"
    __table_args__ = (
        Index("ix_kpi_category_rollup_period", "grain", "period_start"),
        Index("ix_kpi_category_rollup_category", "category_id", "grain", "period_start"),
    )

    category_id: Mapped[int] = mapped_column(Integer)


class KpiInteractionRollup(_Cut, Base):
    """Interactions per period and cut, and how many of them led to an order."""

    __tablename__ = "kpi_interaction_rollup"
    __table_args__ = (Index("ix_kpi_interaction_rollup_period", "grain", "period_start"),)

    interactions: Mapped[int] = mapped_column(Integer)
    converted_interactions: Mapped[int] = mapped_column(Integer)


class _CustomerDay:
    """One identified customer buying on one day (day numbers count from DAY_EPOCH: integer
    comparisons are twice as fast as date strings on SQLite)."""

    customer_id: Mapped[int] = mapped_column(Integer)
    day_no: Mapped[int] = mapped_column(Integer)
    first_order_day: Mapped[date] = mapped_column(Date)  # the customer's first counted order
    first_day_no: Mapped[int] = mapped_column(Integer)


_CUSTOMER_INDEX = (
    "customer_id",
    "day_no",
    "first_day_no",
    "channel_type",
    "online",
    "region_id",
    "city_id",
    "dealer_id",
    "store_id",
)
_GEO_INDEX = (
    "region_id",
    "city_id",
    "dealer_id",
    "store_id",
    "day_no",
    "customer_id",
    "first_day_no",
    "channel_type",
)


class KpiCustomerRollup(_Cut, _CustomerDay, Base):
    """Which identified customers bought, per day and cut: distinct customer counts of a
    filtered or cut view read this instead of the orders.

    Day rows only. The covering index leads with the customer, so that SQLite groups by
    customer in index order instead of sorting every row; the geographic one serves the
    drill-down (city, dealer, store) without reading the whole table.
    """

    __tablename__ = "kpi_customer_rollup"
    __table_args__ = (
        Index("ix_kpi_customer_rollup_cover", *_CUSTOMER_INDEX),
        Index("ix_kpi_customer_rollup_geo", *_GEO_INDEX),
    )


class KpiCustomerCategoryRollup(_Cut, _CustomerDay, Base):
    """The same per top-level product category (a customer's order spans categories)."""

    __tablename__ = "kpi_customer_category_rollup"
    __table_args__ = (
        Index("ix_kpi_customer_category_rollup_cover", *_CUSTOMER_INDEX, "category_id"),
        Index("ix_kpi_customer_category_rollup_category", "category_id", *_GEO_INDEX),
    )

    category_id: Mapped[int] = mapped_column(Integer)


CUSTOMER_DAY_SCOPES = ("all", "region", "category")
"""Whole network (key 0), one region (key: region id, NO_KEY = none), one top-level category."""


def channel_bit(channel_type: str) -> int:
    """The bit of a channel type in `KpiCustomerDay.channels`."""
    return 1 << CHANNEL_TYPES.index(channel_type)


def prev_column(channel_type: str) -> str:
    """The column of the previous buying day in that channel type."""
    return f"prev_{channel_type}_day_no"


class KpiCustomerDay(Base):
    """Each customer's buying days within a scope (the network, one region, one category):
    the channel types bought that day, and the last earlier day in the scope overall and in
    each channel type (NULL: never). Kept per customer so that a refresh can redo the customers
    whose orders changed.

    A customer is active in a window for a set of channel types S on exactly one of its rows:
    the first day in the window with a type of S, which is the one whose previous days in every
    type of S lie before the window. Distinct counts become sums, without grouping by customer.
    Rows are written in (scope, key, day) order, so that a date range is a contiguous read.
    """

    __tablename__ = "kpi_customer_day"
    __table_args__ = (Index("ix_kpi_customer_day_scope", "scope", "scope_key", "day_no"),)

    customer_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    scope: Mapped[str] = mapped_column(
        enum_column("customer_day_scope", CUSTOMER_DAY_SCOPES), primary_key=True
    )
    scope_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    day_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first_day_no: Mapped[int] = mapped_column(Integer)  # the customer's first counted order
    channels: Mapped[int] = mapped_column(Integer)  # channel_bit() of each type bought
    prev_day_no: Mapped[int | None] = mapped_column(Integer)
    prev_direct_store_day_no: Mapped[int | None] = mapped_column(Integer)
    prev_franchise_store_day_no: Mapped[int | None] = mapped_column(Integer)
    prev_own_ecommerce_day_no: Mapped[int | None] = mapped_column(Integer)
    prev_marketplace_day_no: Mapped[int | None] = mapped_column(Integer)
    prev_social_day_no: Mapped[int | None] = mapped_column(Integer)


class KpiCustomerDayCount(Base):
    """How many customers bought on a day whose previous buying day was `prev_day_no`.

    Whole-network active customers in a window are those counted on its days with a previous
    buying day before it (or none: then they are new) — a sum, without any DISTINCT.
    """

    __tablename__ = "kpi_customer_day_count"
    __table_args__ = (
        Index("ix_kpi_customer_day_count_cover", "day_no", "prev_day_no", "customers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day_no: Mapped[int] = mapped_column(Integer)
    prev_day_no: Mapped[int | None] = mapped_column(Integer)
    customers: Mapped[int] = mapped_column(Integer)


@dataclass(frozen=True)
class RollupState:
    fresh: bool
    refreshed_at: datetime | None
    reason: str  # why the rollups are not used (empty when fresh)


def source_watermark(conn: Connection) -> dict[str, str | int | None]:
    """Cheap fingerprint of the source tables: grows with every insert and order update, and
    with every store edit (a store moved to another dealer or city moves its orders' cuts)."""
    from console.db.customers import Interaction
    from console.db.network import Location
    from console.db.orders import Order, OrderLine

    row = conn.execute(
        select(
            select(func.max(Order.id)).scalar_subquery(),
            select(func.max(Order.updated_at)).scalar_subquery(),
            select(func.max(OrderLine.id)).scalar_subquery(),
            select(func.max(Interaction.id)).scalar_subquery(),
            select(func.max(Location.updated_at)).scalar_subquery(),
        )
    ).one()
    updated, stores = row[1], row[4]
    return {
        "orders_max_id": row[0],
        "orders_max_updated_at": str(updated) if updated is not None else None,
        "order_lines_max_id": row[2],
        "interactions_max_id": row[3],
        "locations_max_updated_at": str(stores) if stores is not None else None,
    }


def _meta(conn: Connection) -> dict[str, str]:
    from console.db.users import AppMeta

    rows = conn.execute(
        select(AppMeta.key, AppMeta.value).where(
            AppMeta.key.in_([META_REFRESHED_AT, META_WATERMARK])
        )
    )
    return {key: value for key, value in rows}


def rollup_state(conn: Connection) -> RollupState:
    """Are the rollups there and do they still describe the source tables?"""
    meta = _meta(conn)
    if META_REFRESHED_AT not in meta:
        return RollupState(False, None, "the rollups were never refreshed")
    refreshed = datetime.fromisoformat(meta[META_REFRESHED_AT])
    if json.loads(meta.get(META_WATERMARK, "{}")) != source_watermark(conn):
        return RollupState(
            False, refreshed, "orders, interactions or stores changed since the refresh"
        )
    return RollupState(True, refreshed, "")


def stored_watermark(conn: Connection) -> dict | None:
    """The watermark recorded at the last refresh (None: never refreshed)."""
    value = _meta(conn).get(META_WATERMARK)
    return json.loads(value) if value else None
