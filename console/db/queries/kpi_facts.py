"""Where channel KPI figures come from: counted orders, order lines and interactions, with cuts.

A `FactSource` is a FROM clause with named cut columns and aggregate measures. The raw tables
and the rollup tables (console/db/rollups.py) expose the same names, so one query builder
(kpis.py) serves both, and a rollup refresh is nothing but the raw source grouped by day.

How an order is attributed (docs/kpis.md):
- category (order lines only): the top-level category of the SKU;
- city: the store's city for an order placed in a store, else the order's delivery city;
- region: that city's region;
- dealer: the store's dealer for an order placed in a store (none for headquarters' direct
  stores), else the dealer fulfilling the online order (none while unassigned);
- store: where the order was placed (none for online orders).
Interactions are attributed to their channel and, when they happen in a store, to that
store, its city, region and dealer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    Date,
    Float,
    FromClause,
    Integer,
    Select,
    String,
    Table,
    and_,
    case,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from console.db.catalog import Category, Sku
from console.db.channels import Channel
from console.db.customers import Interaction
from console.db.geo import City
from console.db.network import Location
from console.db.orders import Order, OrderLine
from console.services.kpi_math import DateWindow, add_months

NO_KEY = -1
"""Filter value for "none": no dealer (direct stores, unassigned online orders) or no store."""

DIMENSIONS = {
    "channel": "channel_type",
    "online": "online",
    "region": "region_id",
    "city": "city_id",
    "dealer": "dealer_id",
    "store": "store_id",
    "category": "category_id",
}
"""Cut name (as on the command line) -> column name in query results."""
CUT_COLUMNS = (
    "channel_type",
    "online",
    "region_id",
    "city_id",
    "dealer_id",
    "store_id",
)
BUCKET_COLUMNS = {
    "day": "period_start",
    "week": "week_start",
    "month": "month_start",
    "quarter": "quarter_start",
    "year": "year_start",
}
COUNTED = Order.status != "cancelled"
_FRACTION = literal_column("1.0")  # forces a non-integer division on both databases
_KEPT_SHARE = (OrderLine.qty - OrderLine.returned_qty) * _FRACTION / OrderLine.qty
"""Share of a line's quantity the customer kept (not returned)."""


@dataclass(frozen=True)
class KpiFilters:
    """The panel's filters and drill-down path; None means "all"."""

    channel_types: tuple[str, ...] = ()
    online: bool | None = None
    category_id: int | None = None
    region_id: int | None = None
    city_id: int | None = None
    dealer_id: int | None = None  # NO_KEY: orders with no dealer
    store_id: int | None = None  # NO_KEY: orders placed online

    def narrowed(self, **changes: int | bool | tuple[str, ...] | None) -> KpiFilters:
        return replace(self, **changes)


Measures = Callable[[str | None, DateWindow], dict[str, ColumnElement]]


@dataclass(frozen=True)
class FactSource:
    """A FROM clause (joined only as far as the cuts in use need), its columns and measures."""

    joins: Callable[[set[str]], FromClause]
    columns: dict[str, ColumnElement]
    measures: Measures
    time: Callable[[DateWindow, str | None], ColumnElement[bool]]
    bucket: Callable[[str], ColumnElement]
    conditions: tuple[ColumnElement[bool], ...] = field(default=())
    tables: dict[str, FromClause] = field(default_factory=dict)  # e.g. the aliased store

    def from_(self, needed: set[str] = frozenset(CUT_COLUMNS)) -> FromClause:
        return self.joins(set(needed))


def _text(value: str) -> ColumnElement:
    """A constant written into the SQL (no bind parameter: PostgreSQL's GROUP BY needs that)."""
    return literal_column("'" + value.replace("'", "''") + "'")


def bucket_start(at: ColumnElement, period: str, dialect: str) -> ColumnElement[date]:
    """First day of the day/ISO week/month/quarter/year holding the timestamp `at`."""
    if dialect == "postgresql":
        if period == "day":
            return cast(at, Date)
        return cast(func.date_trunc(_text(period), at), Date)
    if period == "day":
        expr = func.date(at)
    elif period == "week":
        expr = func.date(at, _text("weekday 0"), _text("-6 days"))
    elif period == "month":
        expr = func.date(at, _text("start of month"))
    elif period == "quarter":
        month = cast(func.strftime(_text("%m"), at), Integer)
        back = (month - literal_column("1")) % literal_column("3")
        shift = _text("-").concat(cast(back, String)).concat(_text(" months"))
        expr = func.date(at, _text("start of month"), shift)
    elif period == "year":
        expr = func.date(at, _text("start of year"))
    else:
        raise ValueError(period)
    return type_coerce(expr, Date())


def _raw_time(at: ColumnElement) -> Callable[[DateWindow, str | None], ColumnElement[bool]]:
    def condition(window: DateWindow, _period: str | None) -> ColumnElement[bool]:
        start = datetime.combine(window.start, time())
        end = datetime.combine(window.end + timedelta(days=1), time())
        return and_(at >= start, at < end)

    return condition


def _sum(expr: ColumnElement) -> ColumnElement:
    return type_coerce(func.coalesce(func.sum(expr), 0), Float())


def _sum_if(condition: ColumnElement[bool], value: ColumnElement) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


_NEEDS_CHANNEL = {"channel_type", "online"}
_NEEDS_STORE = {"region_id", "city_id", "dealer_id"}


def _order_cuts(
    base: FromClause | None = None, always: set[str] = frozenset()
) -> tuple[Callable[[set[str]], FromClause], dict[str, ColumnElement], dict[str, FromClause]]:
    """The cut columns of an order, and joins that add only the lookups a query needs."""
    store = aliased(Location, name="store")
    city = aliased(City, name="order_city")
    city_id = func.coalesce(store.city_id, Order.city_id)
    dealer_id = case((Order.store_id.is_(None), Order.fulfilling_dealer_id), else_=store.dealer_id)

    def joins(needed: set[str]) -> FromClause:
        needed = needed | always
        joined = Order.__table__ if base is None else base
        if needed & _NEEDS_CHANNEL:
            joined = joined.join(Channel.__table__, Channel.id == Order.channel_id)
        if needed & _NEEDS_STORE:
            joined = joined.outerjoin(store, store.id == Order.store_id)
        if "region_id" in needed:
            joined = joined.outerjoin(city, city.id == city_id)
        return joined

    columns = {
        "at": Order.placed_at,
        "channel_type": Channel.type,
        "online": Channel.online,
        "region_id": city.region_id,
        "city_id": city_id,
        "dealer_id": dealer_id,
        "store_id": Order.store_id,
        "customer_id": Order.customer_id,
    }
    return joins, columns, {"store": store}


def _bucketer(at: ColumnElement, dialect: str) -> Callable[[str], ColumnElement]:
    return lambda period: bucket_start(at, period, dialect)


def raw_orders(dialect: str, with_measures: bool = True, whole: bool = False) -> FactSource:
    """One row per counted order; the cost of goods kept comes from the order's lines.

    `with_measures=False`: only the cuts are needed (no join to channels unless a cut asks).
    `whole=True` (rebuilding every rollup): the lines are summed per order once and joined,
    instead of looked up order by order — cheaper when every order is read.
    """
    always = {"online"} if with_measures else set()
    if whole:
        per_order = (
            select(OrderLine.order_id, func.sum(OrderLine.cost * _KEPT_SHARE).label("kept_cost"))
            .group_by(OrderLine.order_id)
            .subquery("order_cost")
        )
        base = Order.__table__.outerjoin(per_order, per_order.c.order_id == Order.id)
        joins, columns, tables = _order_cuts(base, always=always)
        kept_cost = per_order.c.kept_cost
    else:
        joins, columns, tables = _order_cuts(always=always)
        kept_cost = (
            select(func.sum(OrderLine.cost * _KEPT_SHARE))
            .where(OrderLine.order_id == Order.id)
            .scalar_subquery()
        )
    online = Channel.online.is_(True)

    def measures(_period: str | None, _window: DateWindow) -> dict[str, ColumnElement]:
        return {
            "orders": func.count(),
            "anonymous_orders": _count_if(Order.customer_id.is_(None)),
            "online_orders": _count_if(online),
            "dealer_fulfilled_orders": _count_if(
                and_(online, Order.fulfilling_dealer_id.is_not(None))
            ),
            "gmv": _sum(Order.net_amount),
            "returned_amount": _sum(Order.returned_amount),
            "kept_cost": _sum(kept_cost),
        }

    return FactSource(
        joins,
        columns,
        measures,
        _raw_time(Order.placed_at),
        _bucketer(Order.placed_at, dialect),
        (COUNTED,),
        tables,
    )


def top_category(leaf) -> ColumnElement[int]:
    """The top-level category of a SKU's category (the catalogue has two levels)."""
    return func.coalesce(leaf.parent_id, leaf.id)


def raw_lines(
    dialect: str,
    with_measures: bool = True,
    orders_where: Sequence[ColumnElement[bool]] = (),
) -> FactSource:
    """One row per counted order and top-level product category of its lines.

    The lines are summed per order and category first, so that "orders" is a plain count
    (an order with two lines of one category counts once in it). `orders_where` limits that
    sum to the lines of some orders (a rollup refresh of a few days or customers).
    """
    leaf = aliased(Category, name="leaf_category")
    category = top_category(leaf)
    returned_share = OrderLine.returned_qty * _FRACTION / OrderLine.qty
    per_category = (
        select(
            OrderLine.order_id,
            category.label("category_id"),
            func.sum(OrderLine.amount).label("amount"),
            func.sum(OrderLine.amount * returned_share).label("returned_amount"),
            func.sum(OrderLine.cost * _KEPT_SHARE).label("kept_cost"),
        )
        .join(Sku.__table__, Sku.id == OrderLine.sku_id)
        .join(leaf, leaf.id == Sku.category_id)
        .group_by(OrderLine.order_id, category)
    )
    if orders_where:
        some = select(Order.id).where(*orders_where).correlate(None)
        per_category = per_category.where(OrderLine.order_id.in_(some))
    per_category = per_category.subquery("order_category")
    with_lines = Order.__table__.join(per_category, per_category.c.order_id == Order.id)
    always = {"online"} if with_measures else set()
    joins, columns, tables = _order_cuts(with_lines, always=always)
    columns = {**columns, "category_id": per_category.c.category_id}
    online = Channel.online.is_(True)

    def sums(_period: str | None, _window: DateWindow) -> dict[str, ColumnElement]:
        return {
            "orders": func.count(),
            "anonymous_orders": _count_if(Order.customer_id.is_(None)),
            "online_orders": _count_if(online),
            "dealer_fulfilled_orders": _count_if(
                and_(online, Order.fulfilling_dealer_id.is_not(None))
            ),
            "gmv": _sum(per_category.c.amount),
            "returned_amount": _sum(per_category.c.returned_amount),
            "kept_cost": _sum(per_category.c.kept_cost),
        }

    return FactSource(
        joins,
        columns,
        sums,
        _raw_time(Order.placed_at),
        _bucketer(Order.placed_at, dialect),
        (COUNTED,),
        tables,
    )


def raw_first_orders(customers: Sequence[int] | None = None) -> Select:
    """Each identified customer's first counted order (what makes a customer "new")."""
    only = [Order.customer_id.in_(customers)] if customers is not None else []
    return (
        select(Order.customer_id, func.min(Order.placed_at).label("first_order_at"))
        .where(COUNTED, Order.customer_id.is_not(None), *only)
        .group_by(Order.customer_id)
    )


def _is_new(first_at: ColumnElement, window: DateWindow) -> ColumnElement[bool]:
    return first_at >= datetime.combine(window.start, time())


@dataclass(frozen=True)
class CustomerSource:
    """Identified customers of the counted orders (raw tables), and when each first ordered."""

    orders: FactSource
    first_orders: FromClause
    dialect: str

    def select(
        self,
        columns: list[str],
        window: DateWindow,
        period: str | None,
        filters: KpiFilters,
        label: str | None = None,
    ) -> Select:
        """Distinct (bucket, cut, customer) first, then count them and the new ones.

        Deduplicating before joining the first orders halves the work of a
        COUNT(DISTINCT) over the joined rows.
        """
        orders = self.orders
        keys = {c: orders.columns[c] for c in columns}
        if period:
            keys = {"bucket": orders.bucket(period), **keys}
        head = [_text(label).label("window")] if label else []
        inner = (
            select(*head, *(e.label(n) for n, e in keys.items()), Order.customer_id)
            .distinct()
            .select_from(orders.from_({*columns, *filter_columns(filters)}))
            .where(
                *orders.conditions,
                Order.customer_id.is_not(None),
                orders.time(window, period),
                *filter_conditions(orders, filters),
            )
            .subquery("active")
        )
        first = self.first_orders.alias("first_order")
        if period:
            is_new = bucket_start(first.c.first_order_at, period, self.dialect) == inner.c.bucket
        else:
            is_new = _is_new(first.c.first_order_at, window)
        groups = [inner.c[n] for n in (*(["window"] if label else []), *keys)]
        return (
            select(
                *groups,
                func.count().label("active_customers"),
                _count_if(is_new).label("new_customers"),
            )
            .select_from(inner.outerjoin(first, first.c.customer_id == inner.c.customer_id))
            .group_by(*groups)
        )

    def windows_select(
        self, columns: list[str], windows: dict[str, DateWindow], filters: KpiFilters
    ) -> Select:
        parts = [self.select(columns, w, None, filters, name) for name, w in windows.items()]
        return parts[0] if len(parts) == 1 else union_all(*parts)


def raw_customers(dialect: str, first_orders: FromClause, with_lines: bool) -> CustomerSource:
    orders = (raw_lines if with_lines else raw_orders)(dialect, with_measures=False)
    return CustomerSource(orders, first_orders, dialect)


DAY_EPOCH = date(2000, 1, 1)
"""Day numbers in the customer rollups count days from this date."""


def day_no(day: date) -> int:
    return (day - DAY_EPOCH).days


def day_number(at: ColumnElement, dialect: str) -> ColumnElement[int]:
    """The day number of a timestamp or date, in SQL."""
    if dialect == "postgresql":
        return cast(at, Date) - literal_column(f"DATE '{DAY_EPOCH.isoformat()}'", Date)
    epoch = literal_column(f"julianday('{DAY_EPOCH.isoformat()}')")
    return cast(func.julianday(func.date(at)) - epoch, Integer)


@dataclass(frozen=True)
class CustomerRollupSource:
    """Distinct customers from the customer rollups: one row per customer before counting.

    `days` (kpi_customer_day_count) answers whole-network totals without any DISTINCT.
    """

    table: Table
    dialect: str
    days: Table | None = None

    def _fact(self) -> FactSource:
        return rollup_source(self.table, ())

    def _in(self, window: DateWindow) -> ColumnElement[bool]:
        return self.table.c.day_no.between(day_no(window.start), day_no(window.end))

    def select(
        self,
        columns: list[str],
        window: DateWindow,
        period: str | None,
        filters: KpiFilters,
        label: str | None = None,
    ) -> Select:
        t = self.table
        keys = {c: t.c[c] for c in columns}
        if period:
            keys = {"bucket": t.c[BUCKET_COLUMNS[period]], **keys}
        inner = (
            select(
                *(e.label(n) for n, e in keys.items()),
                t.c.customer_id,
                func.min(t.c.first_order_day).label("first_order_day"),
            )
            .where(self._in(window), *filter_conditions(self._fact(), filters))
            .group_by(t.c.customer_id, *keys.values())
            .subquery("active")
        )
        if period:
            first = bucket_start(inner.c.first_order_day, period, self.dialect)
            is_new = first == inner.c.bucket
        else:
            is_new = inner.c.first_order_day >= window.start
        head = [_text(label).label("window")] if label else []
        groups = [inner.c[n] for n in keys]
        return (
            select(
                *head,
                *groups,
                func.count().label("active_customers"),
                _count_if(is_new).label("new_customers"),
            )
            .select_from(inner)
            .group_by(*groups)
        )

    def windows_select(
        self, columns: list[str], windows: dict[str, DateWindow], filters: KpiFilters
    ) -> Select:
        """All windows in one pass: per customer, a 0/1 flag for each window it bought in."""
        if not columns and not filter_columns(filters) and self.days is not None:
            return self._network_totals(windows)
        t = self.table
        cuts = [t.c[c] for c in columns]
        flags = {
            f"in_{i}": func.max(case((self._in(w), 1), else_=0))
            for i, w in enumerate(windows.values())
        }
        span = DateWindow(
            min(w.start for w in windows.values()), max(w.end for w in windows.values())
        )
        active = (
            select(
                *cuts,
                t.c.customer_id,
                func.min(t.c.first_day_no).label("first_day_no"),
                *(flag.label(name) for name, flag in flags.items()),
            )
            .where(self._in(span), *filter_conditions(self._fact(), filters))
            .group_by(t.c.customer_id, *cuts)
            .cte("active")
        )
        groups = [active.c[c] for c in columns]
        parts = []
        for i, (name, window) in enumerate(windows.items()):
            flag = active.c[f"in_{i}"]
            new = and_(flag == 1, active.c.first_day_no >= day_no(window.start))
            part = (
                select(
                    _text(name).label("window"),
                    *groups,
                    _count_if(flag == 1).label("active_customers"),
                    _count_if(new).label("new_customers"),
                )
                .select_from(active)
                .group_by(*groups)
            )
            parts.append(part.having(func.max(flag) == 1) if groups else part)
        return parts[0] if len(parts) == 1 else union_all(*parts)

    def _network_totals(self, windows: dict[str, DateWindow]) -> Select:
        """A customer is active in a window on the first of its days in it: the day whose
        previous buying day is before the window (or none: then they are new)."""
        d = self.days
        parts = []
        for name, window in windows.items():
            start = day_no(window.start)
            first_in_window = or_(d.c.prev_day_no.is_(None), d.c.prev_day_no < start)
            parts.append(
                select(
                    _text(name).label("window"),
                    _sum_if(first_in_window, d.c.customers).label("active_customers"),
                    _sum_if(d.c.prev_day_no.is_(None), d.c.customers).label("new_customers"),
                ).where(d.c.day_no.between(start, day_no(window.end)))
            )
        return parts[0] if len(parts) == 1 else union_all(*parts)


def customer_rollup_select(
    dialect: str, with_category: bool, customers: Sequence[int] | None = None
) -> Select:
    """The rows of a customer rollup: distinct (day, cut, [category,] customer) — of all
    customers, or only of `customers`."""
    if with_category:
        only = [Order.customer_id.in_(customers)] if customers is not None else []
        lines = raw_lines(dialect, with_measures=False, orders_where=only)
    else:
        lines = raw_orders(dialect, with_measures=False)
    first = raw_first_orders(customers).subquery("first_order")
    day = bucket_start(lines.columns["at"], "day", dialect)
    names = (*CUT_COLUMNS, *(("category_id",) if with_category else ()), "customer_id")
    keys = [day, *(lines.columns[n] for n in names), first.c.first_order_at]
    by_day = (
        select(
            day.label("period_start"),
            *(lines.columns[n].label(n) for n in names),
            first.c.first_order_at,
        )
        .select_from(lines.from_().join(first, first.c.customer_id == Order.customer_id))
        .where(*lines.conditions)
        .group_by(*keys)
        .subquery("by_day")
    )
    first_at = by_day.c.first_order_at
    derived = {
        "day_no": day_number(by_day.c.period_start, dialect),
        "first_order_day": bucket_start(first_at, "day", dialect),
        "first_day_no": day_number(first_at, dialect),
    }
    return select(
        _text("day").label("grain"),
        by_day.c.period_start,
        *(expr.label(name) for name, expr in _with_periods(by_day, dialect).items()),
        *(by_day.c[n] for n in names),
        *(expr.label(name) for name, expr in derived.items()),
    )


def windows_select(
    fact: FactSource | CustomerSource | CustomerRollupSource,
    columns: list[str],
    windows: dict[str, DateWindow],
    filters: KpiFilters,
) -> Select:
    """Totals per window (a `window` column) and cut, in one statement."""
    if not isinstance(fact, FactSource):  # a customer source: counts its own way
        return fact.windows_select(columns, windows, filters)
    parts = [aggregate_select(fact, columns, w, None, filters, name) for name, w in windows.items()]
    return parts[0] if len(parts) == 1 else union_all(*parts)


def raw_interactions(dialect: str) -> FactSource:
    store = aliased(Location, name="store")
    city = aliased(City, name="store_city")

    def joins(needed: set[str]) -> FromClause:
        joined = Interaction.__table__
        if needed & _NEEDS_CHANNEL:
            joined = joined.join(Channel.__table__, Channel.id == Interaction.channel_id)
        if needed & _NEEDS_STORE:
            joined = joined.outerjoin(store, store.id == Interaction.store_id)
        if "region_id" in needed:
            joined = joined.outerjoin(city, city.id == store.city_id)
        return joined

    columns = {
        "at": Interaction.occurred_at,
        "channel_type": Channel.type,
        "online": Channel.online,
        "region_id": city.region_id,
        "city_id": store.city_id,
        "dealer_id": store.dealer_id,
        "store_id": Interaction.store_id,
    }

    def measures(_period: str | None, _window: DateWindow) -> dict[str, ColumnElement]:
        return {
            "interactions": func.count(),
            "converted_interactions": _count_if(Interaction.converted.is_(True)),
        }

    return FactSource(
        joins,
        columns,
        measures,
        _raw_time(Interaction.occurred_at),
        _bucketer(Interaction.occurred_at, dialect),
    )


def grain_segments(window: DateWindow, period: str | None) -> list[tuple[str, date, date]]:
    """Cover the window with whole months (month rows) and the leftover days (day rows).

    Month rows cannot serve day or week buckets, which straddle months.
    """
    if period in ("day", "week"):
        return [("day", window.start, window.end)]
    first_full = window.start if window.start.day == 1 else add_months(window.start, 1)
    first_full = first_full.replace(day=1)
    after_last = (window.end + timedelta(days=1)).replace(day=1)
    if first_full >= after_last:
        return [("day", window.start, window.end)]
    segments = []
    if window.start < first_full:
        segments.append(("day", window.start, first_full - timedelta(days=1)))
    segments.append(("month", first_full, add_months(after_last, -1)))
    if after_last <= window.end:
        segments.append(("day", after_last, window.end))
    return segments


def rollup_source(table: Table, measure_names: tuple[str, ...]) -> FactSource:
    """Sums over a rollup table: the same names as the raw source it was built from."""
    columns = {name: table.c[name] for name in (*CUT_COLUMNS, "category_id") if name in table.c}

    def measures(_period: str | None, _window: DateWindow) -> dict[str, ColumnElement]:
        return {name: _sum(table.c[name]) for name in measure_names}

    def condition(window: DateWindow, period: str | None) -> ColumnElement[bool]:
        return or_(
            *(
                and_(table.c.grain == grain, table.c.period_start.between(start, end))
                for grain, start, end in grain_segments(window, period)
            )
        )

    return FactSource(
        lambda _needed: table,
        columns,
        measures,
        condition,
        lambda period: table.c[BUCKET_COLUMNS[period]],
    )


def aggregate_select(
    fact: FactSource,
    columns: list[str],
    window: DateWindow,
    period: str | None,
    filters: KpiFilters,
    label: str | None = None,
) -> Select:
    """The measures of `fact` per (bucket,) cut within the window and filters."""
    keys = [fact.columns[c] for c in columns]
    head = [_text(label).label("window")] if label else []
    if period:
        bucket = fact.bucket(period)
        head.append(bucket.label("bucket"))
        keys = [bucket, *keys]
    measures = fact.measures(period, window)
    stmt = (
        select(
            *head,
            *(fact.columns[c].label(c) for c in columns),
            *(m.label(name) for name, m in measures.items()),
        )
        .select_from(fact.from_({*columns, *filter_columns(filters)}))
        .where(
            *fact.conditions,
            fact.time(window, period),
            *filter_conditions(fact, filters),
        )
    )
    return stmt.group_by(*keys) if keys else stmt


def filter_columns(filters: KpiFilters) -> set[str]:
    """The cut columns a set of filters reads (so that their joins are made)."""
    used = {"channel_type"} if filters.channel_types else set()
    if filters.online is not None:
        used.add("online")
    names = ("region_id", "city_id", "dealer_id", "store_id", "category_id")
    return used | {name for name in names if getattr(filters, name) is not None}


def filter_conditions(source: FactSource, filters: KpiFilters) -> list[ColumnElement[bool]]:
    columns = source.columns
    out: list[ColumnElement[bool]] = []
    if filters.channel_types:
        out.append(columns["channel_type"].in_(filters.channel_types))
    if filters.online is not None:
        out.append(columns["online"].is_(filters.online))
    for name in ("region_id", "city_id", "dealer_id", "store_id", "category_id"):
        value = getattr(filters, name)
        if value is None:
            continue
        column = columns[name]
        out.append(column.is_(None) if value == NO_KEY else column == value)
    return out


def on_days(at: ColumnElement, days: Sequence[date], dialect: str) -> ColumnElement[bool]:
    """`at` falls on one of `days` (the range first, so that an index on `at` is used)."""
    start = datetime.combine(min(days), time())
    end = datetime.combine(max(days) + timedelta(days=1), time())
    return and_(at >= start, at < end, bucket_start(at, "day", dialect).in_(sorted(days)))


def _with_periods(by_day, dialect: str) -> dict[str, ColumnElement]:
    """Week, month, quarter and year starts of the day column of a per-day subquery
    (computed once per output row, not once per order)."""
    day = by_day.c.period_start
    periods = ("week", "month", "quarter", "year")
    return {BUCKET_COLUMNS[p]: bucket_start(day, p, dialect) for p in periods}


def daily_rollup_select(
    source: FactSource, dialect: str, days: Sequence[date] | None = None
) -> Select:
    """The raw source grouped by day and cut: the rows of a rollup table of grain "day"
    (of every day, or only of `days`)."""
    at = source.columns["at"]
    only = [on_days(at, days, dialect)] if days is not None else []
    day = bucket_start(at, "day", dialect)
    names = [c for c in (*CUT_COLUMNS, "category_id") if c in source.columns]
    cuts = [source.columns[c] for c in names]
    measures = source.measures(None, DateWindow(date.min, date.max))
    by_day = (
        select(
            day.label("period_start"),
            *(expr.label(name) for name, expr in zip(names, cuts, strict=True)),
            *(expr.label(name) for name, expr in measures.items()),
        )
        .select_from(source.from_())
        .where(*source.conditions, *only)
        .group_by(day, *cuts)
        .subquery("by_day")
    )
    return select(
        _text("day").label("grain"),
        by_day.c.period_start,
        *(expr.label(name) for name, expr in _with_periods(by_day, dialect).items()),
        *(by_day.c[name] for name in (*names, *measures)),
    )


def monthly_rollup_select(table: Table, months: Sequence[date] | None = None) -> Select:
    """Month rows from the day rows already in `table` (all months, or only `months`)."""
    only = [table.c.month_start.in_(sorted(months))] if months is not None else []
    keys = [table.c[c] for c in ("month_start", "quarter_start", "year_start")]
    cuts = [table.c[c] for c in (*CUT_COLUMNS, "category_id") if c in table.c]
    skip = {"id", "grain", "period_start", "week_start", *(c.name for c in keys)}
    skip |= {c.name for c in cuts}
    measures = [c for c in table.c if c.name not in skip]
    return (
        select(
            _text("month").label("grain"),
            table.c.month_start.label("period_start"),
            null().label("week_start"),
            *keys,
            *cuts,
            *(func.sum(c).label(c.name) for c in measures),
        )
        .where(table.c.grain == "day", *only)
        .group_by(*keys, *cuts)
    )
