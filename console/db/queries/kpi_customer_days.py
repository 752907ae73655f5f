"""Distinct customer counts as sums: the customer-day rollup (console/db/rollups.py).

A COUNT(DISTINCT customer) over a year of a large network groups hundreds of thousands of
customers, which is what made a change of the channel or category filter slow on PostgreSQL.
`kpi_customer_day` keeps, per scope (the network, one region, one top-level category),
customer and buying day, the last earlier buying day in each channel type; a customer is then
counted on exactly one of its rows per window, and the count is a filtered sum over the rows
of the window. Filters it cannot express (a city, dealer or store, or a region together with a
category) fall back to the distinct counts over the customer rollups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import add

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from console.db.channels import CHANNEL_TYPES, ONLINE_CHANNEL_TYPES
from console.db.queries.kpi_facts import (
    NO_KEY,
    CustomerRollupSource,
    KpiFilters,
    _count_if,
    _text,
    day_no,
)
from console.db.rollups import channel_bit, prev_column
from console.services.kpi_math import DateWindow


def _has(channel_type: str) -> str:
    return f"has_{channel_type}"


def _scope_rows(
    table: Table, scope: str, key: ColumnElement | None, customers: Sequence[int] | None
) -> Select:
    """One row per (scope key, customer, day) of a customer rollup, with the types bought."""
    t = table.c
    flags = {kind: func.max(case((t.channel_type == kind, 1), else_=0)) for kind in CHANNEL_TYPES}
    channels = reduce(add, (flag * channel_bit(kind) for kind, flag in flags.items()))
    only = [t.customer_id.in_(customers)] if customers is not None else []
    groups = [key] if key is not None else []
    return (
        select(
            _text(scope).label("scope"),
            (key if key is not None else literal_column("0")).label("scope_key"),
            t.customer_id,
            t.day_no,
            func.min(t.first_day_no).label("first_day_no"),
            channels.label("channels"),
            *(flag.label(_has(kind)) for kind, flag in flags.items()),
        )
        .where(*only)
        .group_by(*groups, t.customer_id, t.day_no)
    )


def customer_day_select(
    customer_rollup: Table,
    category_rollup: Table,
    customers: Sequence[int] | None = None,
    ordered: bool = False,
) -> Select:
    """The rows of kpi_customer_day, from the customer rollups (of all customers, or only of
    `customers`); `ordered` writes them in (scope, key, day) order."""
    region = func.coalesce(customer_rollup.c.region_id, literal_column(str(NO_KEY)))
    days = union_all(
        _scope_rows(customer_rollup, "all", None, customers),
        _scope_rows(customer_rollup, "region", region, customers),
        _scope_rows(category_rollup, "category", category_rollup.c.category_id, customers),
    ).subquery("days")
    d = days.c
    partition = {"partition_by": [d.scope, d.scope_key, d.customer_id], "order_by": d.day_no}
    earlier = {
        prev_column(kind): func.max(case((d[_has(kind)] == 1, d.day_no))).over(
            **partition, rows=(None, -1)
        )
        for kind in CHANNEL_TYPES
    }
    stmt = select(
        d.customer_id,
        d.scope,
        d.scope_key,
        d.day_no,
        d.first_day_no,
        d.channels,
        func.lag(d.day_no).over(**partition).label("prev_day_no"),
        *(expr.label(name) for name, expr in earlier.items()),
    )
    return stmt.order_by(d.scope, d.scope_key, d.day_no) if ordered else stmt


def customer_day_count_select(customer_days: Table) -> Select:
    """The rows of kpi_customer_day_count: network customer days by (day, previous day)."""
    d = customer_days.c
    return (
        select(d.day_no, d.prev_day_no, func.count().label("customers"))
        .where(d.scope == "all")
        .group_by(d.day_no, d.prev_day_no)
    )


def channel_set(filters: KpiFilters) -> tuple[str, ...]:
    """The channel types the channel-type and online filters leave (the online flag follows
    the type: see the CHECK constraint of `channels`)."""
    kinds = [k for k in CHANNEL_TYPES if not filters.channel_types or k in filters.channel_types]
    if filters.online is not None:
        kinds = [k for k in kinds if (k in ONLINE_CHANNEL_TYPES) == filters.online]
    return tuple(kinds)


def customer_day_scope(filters: KpiFilters) -> tuple[str, int] | None:
    """The scope and key that answer these filters, or None (distinct counts needed)."""
    if any(v is not None for v in (filters.city_id, filters.dealer_id, filters.store_id)):
        return None
    if filters.region_id is not None:
        return None if filters.category_id is not None else ("region", filters.region_id)
    if filters.category_id is not None:
        return ("category", filters.category_id)
    return ("all", 0)


@dataclass(frozen=True)
class CustomerDaySource:
    """Active and new customers per window from kpi_customer_day, for totals (no cut and no
    period); anything else goes to `fallback` (the distinct counts)."""

    table: Table
    scope: str
    key: int
    kinds: tuple[str, ...]  # the channel types counted
    fallback: CustomerRollupSource

    def select(self, columns, window, period, filters, label=None) -> Select:
        return self.fallback.select(columns, window, period, filters, label)

    def windows_select(
        self, columns: list[str], windows: dict[str, DateWindow], filters: KpiFilters
    ) -> Select:
        if columns:
            return self.fallback.windows_select(columns, windows, filters)
        parts = [self._window(name, window) for name, window in windows.items()]
        return parts[0] if len(parts) == 1 else union_all(*parts)

    def _window(self, name: str, window: DateWindow) -> Select:
        t = self.table.c
        start = day_no(window.start)
        if self.kinds == CHANNEL_TYPES:  # every type: the previous day in any of them
            first = or_(t.prev_day_no.is_(None), t.prev_day_no < start)
        else:
            mask = sum(channel_bit(kind) for kind in self.kinds)
            before = (
                or_(t[prev_column(k)].is_(None), t[prev_column(k)] < start) for k in self.kinds
            )
            first = and_(t.channels.bitwise_and(mask) != 0, *before)
        return select(
            _text(name).label("window"),
            _count_if(first).label("active_customers"),
            _count_if(and_(first, t.first_day_no >= start)).label("new_customers"),
        ).where(
            t.scope == self.scope,
            t.scope_key == self.key,
            t.day_no.between(start, day_no(window.end)),
        )
