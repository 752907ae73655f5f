"""Channel performance KPIs, each figure one aggregated SQL query (SQLAlchemy Core).

The same functions feed the panel, `hq-console report kpis` and the tests. Sums come from the
daily/monthly rollups while they are fresh (console/db/rollups.py), else from the raw tables;
distinct customer counts (which do not add up across days) from the customer rollups, as sums
where kpi_customer_day allows (kpi_customer_days.py).
Only `order_page` returns individual orders, one page at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, Select, exists, func, select
from sqlalchemy.orm import aliased

from console.db.catalog import Category, Sku
from console.db.channels import CHANNEL_TYPES, Channel
from console.db.customers import Customer
from console.db.geo import City, Region
from console.db.network import Dealer, Location
from console.db.orders import Order, OrderLine
from console.db.queries import kpi_facts as facts
from console.db.queries.kpi_customer_days import (
    CustomerDaySource,
    channel_set,
    customer_day_scope,
)
from console.db.queries.kpi_facts import (
    DIMENSIONS,
    NO_KEY,
    CustomerSource,
    FactSource,
    KpiFilters,
)
from console.db.rollups import (
    KpiCategoryRollup,
    KpiCustomerCategoryRollup,
    KpiCustomerDay,
    KpiCustomerDayCount,
    KpiCustomerRollup,
    KpiInteractionRollup,
    KpiOrderRollup,
    RollupState,
    rollup_state,
)
from console.errors import UserError, ValidationError
from console.services import kpi_math
from console.services.kpi_math import (
    CUSTOMER_COUNTS,
    INTERACTION_SUMS,
    SALES_SUMS,
    DateWindow,
    check_period,
)

__all__ = [
    "ALL",
    "DIMENSIONS",
    "FAMILIES",
    "NO_KEY",
    "DateWindow",
    "KpiFilters",
    "KpiSource",
    "OrderPage",
    "default_window",
    "dimension_names",
    "filters_from_codes",
    "kpi_report",
    "kpi_series",
    "kpi_source",
    "kpi_totals",
    "order_page",
]

ALL = KpiFilters()
"""No filter: the whole network."""
FAMILIES = ("sales", "customers", "interactions")
"""Groups of figures, each one query: sums over orders, distinct customers, interactions."""

CHANNEL_TYPE_NAMES = {
    "direct_store": ("Direct stores", "直营店"),
    "franchise_store": ("Franchise stores", "加盟店"),
    "own_ecommerce": ("Own e-commerce", "自营电商"),
    "marketplace": ("Marketplaces", "第三方平台"),
    "social": ("Social media", "社交媒体"),
}
NONE_NAMES = {
    "region": ("No region", "无区域"),
    "city": ("No city", "无城市"),
    "dealer": ("No dealer (HQ / unassigned)", "无经销商(总部/未分配)"),
    "store": ("Online (no store)", "线上(无门店)"),
}


@dataclass(frozen=True)
class KpiSource:
    """Whether sums come from the rollups, and why not when they do not."""

    use_rollups: bool
    state: RollupState | None


@dataclass(frozen=True)
class OrderPage:
    rows: pd.DataFrame
    total: int
    offset: int
    limit: int


@contextmanager
def _connection(bind: Engine | Connection) -> Iterator[Connection]:
    if isinstance(bind, Connection):
        _without_jit(bind)
        yield bind
    else:
        with bind.connect() as conn:
            _without_jit(conn)
            yield conn


def _without_jit(conn: Connection) -> None:
    """No JIT compilation for this transaction (PostgreSQL; SET LOCAL ends with it).

    PostgreSQL compiles a query whose estimated cost passes `jit_above_cost` (100,000 by
    default, with inlining and optimisation past 500,000). Rollup queries over a large database
    pass those thresholds, and compiling costs more than running them: measured on 10 million
    order lines, a category breakdown spent 3.4 s compiling (1.95 s wall) and runs in 0.26 s
    without. The server's setting is left alone; only the KPI queries' transactions change.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL jit = off")


def kpi_source(bind: Engine | Connection, prefer: str = "auto") -> KpiSource:
    """`auto`: the rollups when fresh; `raw`: never; `rollup`: required (error when stale)."""
    if prefer == "raw":
        return KpiSource(False, None)
    with _connection(bind) as conn:
        state = rollup_state(conn)
    if prefer == "rollup" and not state.fresh:
        raise UserError(
            f"The KPI rollups cannot be used: {state.reason}.",
            "Run `hq-console db refresh-rollups`.",
        )
    return KpiSource(state.fresh, state)


def _check_by(by: Sequence[str]) -> list[str]:
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValidationError(
            f"Cannot cut KPIs by {', '.join(unknown)}.",
            f"Use {', '.join(DIMENSIONS)}.",
            problems=[("by", d) for d in unknown],
        )
    return [DIMENSIONS[d] for d in by]


def _with_category(by: Sequence[str], filters: KpiFilters) -> bool:
    return "category" in by or filters.category_id is not None


def _sources(
    family: str, dialect: str, by: Sequence[str], filters: KpiFilters, source: KpiSource
) -> FactSource | CustomerSource | facts.CustomerRollupSource | CustomerDaySource | None:
    lines = _with_category(by, filters)
    if family == "sales":
        if source.use_rollups:
            table = (KpiCategoryRollup if lines else KpiOrderRollup).__table__
            return facts.rollup_source(table, SALES_SUMS)
        return facts.raw_lines(dialect) if lines else facts.raw_orders(dialect)
    if family == "customers":
        if source.use_rollups:
            return _customer_rollups(dialect, filters, lines)
        return facts.raw_customers(dialect, facts.raw_first_orders().subquery(), lines)
    if lines:  # interactions carry no product category
        return None
    if source.use_rollups:
        return facts.rollup_source(KpiInteractionRollup.__table__, INTERACTION_SUMS)
    return facts.raw_interactions(dialect)


def _customer_rollups(
    dialect: str, filters: KpiFilters, lines: bool
) -> facts.CustomerRollupSource | CustomerDaySource:
    """Whole network without filters: kpi_customer_day_count; a region or a category with any
    channel filter: kpi_customer_day; else distinct customers over the customer rollups."""
    if lines:
        distinct = facts.CustomerRollupSource(KpiCustomerCategoryRollup.__table__, dialect)
    else:
        days = KpiCustomerDayCount.__table__
        distinct = facts.CustomerRollupSource(KpiCustomerRollup.__table__, dialect, days)
    scope = customer_day_scope(filters)
    if scope is None or filters == ALL:
        return distinct
    return CustomerDaySource(KpiCustomerDay.__table__, *scope, channel_set(filters), distinct)


def _select(
    fact: FactSource | CustomerSource,
    columns: list[str],
    window: DateWindow,
    period: str | None,
    filters: KpiFilters,
    label: str | None = None,
) -> Select:
    if not isinstance(fact, FactSource):  # a customer source: counts its own way
        return fact.select(columns, window, period, filters, label)
    return facts.aggregate_select(fact, columns, window, period, filters, label)


def _frame(conn: Connection, stmt: Select) -> pd.DataFrame:
    result = conn.execute(stmt)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


_FAMILY_COLUMNS = {
    "sales": SALES_SUMS,
    "customers": CUSTOMER_COUNTS,
    "interactions": INTERACTION_SUMS,
}


def _run(
    conn: Connection,
    families: Sequence[str],
    by: Sequence[str],
    filters: KpiFilters,
    source: KpiSource | None,
    build,
    keys: list[str],
) -> pd.DataFrame:
    """One query per family, merged on the keys, with every derived KPI added."""
    columns = _check_by(by)
    source = source or kpi_source(conn)
    merged: pd.DataFrame | None = None
    for family in families:
        fact = _sources(family, conn.dialect.name, by, filters, source)
        if fact is None:
            continue
        frame = _frame(conn, build(fact, columns))
        frame = _normalise_keys(frame, columns)
        merged = frame if merged is None else merged.merge(frame, on=keys + columns, how="outer")
    if merged is None:
        merged = pd.DataFrame(columns=keys + columns)
    for family in families:
        for column in _FAMILY_COLUMNS[family]:
            if column in merged:
                merged[column] = merged[column].astype("float64").fillna(0.0)
    return kpi_math.derive(merged)


def _normalise_keys(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """NULL keys become NO_KEY (so that groups merge), booleans become bool, dates dates."""
    out = frame.copy()
    for column in columns:
        if column == "online":
            out[column] = out[column].astype(bool)
        elif column.endswith("_id"):
            out[column] = out[column].astype("float64").fillna(NO_KEY).astype("int64")
        else:
            out[column] = out[column].astype(object)
    if "bucket" in out:
        out["bucket"] = [_as_date(v) for v in out["bucket"]]
    return out


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def kpi_totals(
    bind: Engine | Connection,
    windows: Mapping[str, DateWindow],
    by: Sequence[str] = (),
    filters: KpiFilters = ALL,
    families: Sequence[str] = FAMILIES,
    source: KpiSource | None = None,
) -> pd.DataFrame:
    """One row per window and group (`window` column + the cut columns + every KPI).

    Windows with the same dates (a year's "previous period" is also "last year") are
    queried once.
    """
    distinct: dict[DateWindow, str] = {}
    for name, window in windows.items():
        distinct.setdefault(window, name)

    unique = {name: window for window, name in distinct.items()}

    def build(fact: FactSource | CustomerSource, columns: list[str]) -> Select:
        return facts.windows_select(fact, columns, unique, filters)

    with _connection(bind) as conn:
        frame = _run(conn, families, by, filters, source, build, ["window"])
    copies = [
        frame[frame["window"] == distinct[window]].assign(window=name)
        for name, window in windows.items()
        if distinct[window] != name
    ]
    return pd.concat([frame, *copies], ignore_index=True) if copies else frame


def kpi_series(
    bind: Engine | Connection,
    window: DateWindow,
    period: str,
    by: Sequence[str] = (),
    filters: KpiFilters = ALL,
    families: Sequence[str] = FAMILIES,
    source: KpiSource | None = None,
) -> pd.DataFrame:
    """One row per bucket (period start date, `bucket`) and group that has data."""
    check_period(period)

    def build(fact: FactSource | CustomerSource, columns: list[str]) -> Select:
        return _select(fact, columns, window, period, filters)

    with _connection(bind) as conn:
        frame = _run(conn, families, by, filters, source, build, ["bucket"])
    return frame.sort_values(["bucket", *_check_by(by)], ignore_index=True)


def dimension_names(bind: Engine | Connection, by: str) -> pd.DataFrame:
    """`key`, `name`, `name_zh` of every member of a cut (NO_KEY = "none" included)."""
    _check_by([by])
    if by == "channel":
        rows = [(k, *CHANNEL_TYPE_NAMES[k]) for k in CHANNEL_TYPES]
        return pd.DataFrame(rows, columns=["key", "name", "name_zh"])
    if by == "online":
        rows = [(True, "Online", "线上"), (False, "Offline", "线下")]
        return pd.DataFrame(rows, columns=["key", "name", "name_zh"])
    model = {
        "region": Region,
        "city": City,
        "dealer": Dealer,
        "store": Location,
        "category": Category,
    }[by]
    query = select(model.id.label("key"), model.name, model.name_zh)
    if model is Category:  # KPIs cut by top-level category
        query = query.where(Category.parent_id.is_(None))
    with _connection(bind) as conn:
        frame = _frame(conn, query)
    if by in NONE_NAMES:
        none = pd.DataFrame([(NO_KEY, *NONE_NAMES[by])], columns=["key", "name", "name_zh"])
        frame = pd.concat([frame, none], ignore_index=True)
    return frame


def default_window(
    bind: Engine | Connection, start: date | None = None, end: date | None = None
) -> DateWindow:
    """The asked dates; a missing end is the latest order's day (today without orders), a
    missing start the first day of the month 11 months before the end (a year by month)."""
    if start is not None and end is not None:
        return DateWindow(start, end)
    with _connection(bind) as conn:
        latest = conn.execute(select(func.max(Order.placed_at)).where(facts.COUNTED)).scalar()
    last = _as_date(latest) if latest is not None else date.today()
    if end is None:
        end = max(last, start) if start is not None else last
    if start is None:
        start = kpi_math.add_months(end.replace(day=1), -11)
    return DateWindow(start, end)


def filters_from_codes(
    bind: Engine | Connection,
    channel_types: tuple[str, ...] = (),
    online: bool | None = None,
    **codes: str | None,
) -> KpiFilters:
    """Filters named by codes (as on the command line): region, city, dealer, store, category."""
    models = {
        "region": Region,
        "city": City,
        "dealer": Dealer,
        "store": Location,
        "category": Category,
    }
    ids: dict[str, int] = {}
    with _connection(bind) as conn:
        for cut, code in codes.items():
            if code is None:
                continue
            model = models[cut]
            query = select(model.id).where(model.code == code)
            if model is Category:
                query = query.where(Category.parent_id.is_(None))
            found = conn.execute(query).scalar()
            if found is None:
                kind = "top-level category" if model is Category else cut
                raise UserError(
                    f"There is no {kind} with the code {code!r}.",
                    f"Use the code of an existing {kind} (see the dealers panel or an export).",
                )
            ids[f"{cut}_id"] = found
    return KpiFilters(channel_types=channel_types, online=online, **ids)


REPORT_KPIS = (
    "gmv",
    "net_revenue",
    "orders",
    "aov",
    "active_customers",
    "new_customers",
    "returning_customers",
    "anonymous_orders",
    "anonymous_share",
    "online_orders",
    "dealer_fulfilled_orders",
    "dealer_fulfilled_share",
    "interactions",
    "converted_interactions",
    "conversion_rate",
    "returned_amount",
    "return_rate",
    "kept_cost",
    "gross_margin",
    "gross_margin_rate",
)
"""Columns of a KPI report, in order (docs/formats/report_kpis.md)."""


def kpi_report(
    bind: Engine | Connection,
    by: str,
    period: str,
    window: DateWindow,
    filters: KpiFilters = ALL,
    compare: bool = False,
    source: KpiSource | None = None,
) -> pd.DataFrame:
    """Per bucket and group: every KPI (and, with `compare`, its change vs the previous
    bucket and the same bucket a year earlier) — the rows of `hq-console report kpis`."""
    check_period(period)
    column = _check_by([by])[0]
    queried = kpi_math.lookback_window(window, period) if compare else window
    with _connection(bind) as conn:
        source = source or kpi_source(conn)
        series = kpi_series(conn, queried, period, [by], filters, source=source)
        names = dimension_names(conn, by)
    if compare:
        kpis = [k for k in REPORT_KPIS if k in series]
        series = kpi_math.compare_buckets(series, period, [column], kpis)
        first = kpi_math.period_start(window.start, period)
        series = series[series["bucket"] >= first]
    names = names.rename(columns={"key": column, "name": by, "name_zh": f"{by}_zh"})
    out = series.merge(names, on=column, how="left")
    out = out.assign(period=[kpi_math.period_label(b, period) for b in out["bucket"]])
    out = out.rename(columns={"bucket": "period_start"})
    comparisons = [
        f"{k}_{suffix}"
        for k in REPORT_KPIS
        for suffix in ("prev", "vs_prev", "vs_prev_pct", "ly", "vs_ly", "vs_ly_pct")
    ]
    keys = [column, by] if column != by else [by]  # --by online keys on "online" itself
    ordered = ["period", "period_start", *keys, f"{by}_zh", *REPORT_KPIS, *comparisons]
    out = out[[c for c in ordered if c in out]].sort_values(["period_start", column])
    return kpi_math.round_money(out.reset_index(drop=True))


def order_page(
    bind: Engine | Connection,
    window: DateWindow,
    filters: KpiFilters = ALL,
    offset: int = 0,
    limit: int = 100,
) -> OrderPage:
    """The orders behind the figures (the last drill-down level), newest first, one page."""
    with _connection(bind) as conn:
        fact = facts.raw_orders(conn.dialect.name)
        store = fact.tables["store"]
        dealer = Dealer.__table__.alias("order_dealer")
        joined = fact.from_().outerjoin(dealer, dealer.c.id == fact.columns["dealer_id"])
        joined = joined.outerjoin(Customer.__table__, Customer.id == Order.customer_id)
        conditions = [
            *fact.conditions,
            fact.time(window, None),
            *facts.filter_conditions(fact, filters.narrowed(category_id=None)),
        ]
        if filters.category_id is not None:
            leaf = aliased(Category)
            conditions.append(
                exists().where(
                    OrderLine.order_id == Order.id,
                    Sku.id == OrderLine.sku_id,
                    leaf.id == Sku.category_id,
                    facts.top_category(leaf) == filters.category_id,
                )
            )
        rows = (
            select(
                Order.id.label("order_id"),
                Order.order_no,
                Order.placed_at,
                Order.status,
                Channel.type.label("channel_type"),
                Channel.name.label("channel"),
                Channel.name_zh.label("channel_zh"),
                store.name.label("store"),
                store.name_zh.label("store_zh"),
                dealer.c.name.label("dealer"),
                dealer.c.name_zh.label("dealer_zh"),
                Customer.code.label("customer"),
                Order.net_amount,
                Order.returned_amount,
            )
            .select_from(joined)
            .where(*conditions)
            .order_by(Order.placed_at.desc(), Order.id.desc())
            .offset(offset)
            .limit(limit)
        )
        frame = _frame(conn, rows)
        count = select(func.count()).select_from(fact.from_()).where(*conditions)
        total = conn.execute(count).scalar_one()
    return OrderPage(frame, int(total), offset, limit)
