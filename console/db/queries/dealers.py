"""The dealer network as the dealer panel reads it: dealers and stores with search, the
region -> city tree, one dealer's detail, the assignment inputs, the scorecard and the history.

Everything is aggregated in SQL (counts per dealer, per city, per period); pandas only joins the
reduced frames and ranks dealers. docs/dealers.md defines every scorecard figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import (
    Connection,
    Select,
    and_,
    case,
    distinct,
    func,
    or_,
    select,
    union,
)

from console.db.channels import Channel
from console.db.customers import Customer
from console.db.dealer_ops import AssignmentRule
from console.db.geo import City, Region
from console.db.network import STORE_KINDS, Dealer, DealerTerritory, Location
from console.db.orders import Order
from console.db.queries.bind import Bind, connected
from console.db.service import ServiceTicket
from console.db.users import AppMeta, AuditEntry
from console.errors import UserError
from console.io.specs import DEALERS, STORES
from console.services.assignment import Replay, replay

HISTORY_ENTITIES = ("dealer", "store", "assignment_rule", "settlement_statement", "order")
"""Audit-log entity names written by console.db.dealer_writes."""
SCORE_METRICS = {
    # metric -> True when higher is better (its percentile ranks high values high)
    "sales": True,
    "growth": True,
    "online_orders": True,
    "on_time_rate": True,
    "damage_rate": False,
    "sla_compliance": True,
    "member_capture_rate": True,
    "customers_captured": True,
}


def _frame(conn: Connection, stmt: Select) -> pd.DataFrame:
    result = conn.execute(stmt)
    keys = list(result.keys())
    rows = result.all()
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in keys]
    return pd.DataFrame(dict(zip(keys, map(list, columns), strict=True)), columns=keys)


def data_today(bind: Bind) -> date:
    """ "Today" of the data: the demo's last day (app_meta 'data_end') in a demo database, so
    that "the last N weeks" hold orders; else the calendar day."""
    with connected(bind) as conn:
        value = conn.scalar(select(AppMeta.value).where(AppMeta.key == "data_end"))
    return date.fromisoformat(value[:10]) if value else date.today()


def _like(text: str) -> str:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search(columns: Sequence, text: str):
    pattern = _like(text)
    return or_(*(func.lower(c).like(pattern, escape="\\") for c in columns))


# -- browse ------------------------------------------------------------------------------------


def dealer_list(
    bind: Bind,
    search: str = "",
    *,
    region_id: int | None = None,
    city_id: int | None = None,
    status: str | None = None,
) -> pd.DataFrame:
    """One row per dealer: every dealer column, region names, and counts of stores and
    territories. `search` matches code, names, legal entity, credit code and contact name;
    `city_id` keeps dealers with a store or a city territory there."""
    stores = (
        select(Location.dealer_id, func.count().label("stores"))
        .where(Location.kind.in_(STORE_KINDS))
        .group_by(Location.dealer_id)
        .subquery()
    )
    territories = (
        select(DealerTerritory.dealer_id, func.count().label("territories"))
        .group_by(DealerTerritory.dealer_id)
        .subquery()
    )
    stmt = (
        select(
            *(c for c in Dealer.__table__.c if c.key not in ("created_at", "updated_at")),
            Region.code.label("region_code"),
            Region.name.label("region"),
            Region.name_zh.label("region_zh"),
            func.coalesce(stores.c.stores, 0).label("stores"),
            func.coalesce(territories.c.territories, 0).label("territories"),
        )
        .join(Region, Region.id == Dealer.region_id)
        .outerjoin(stores, stores.c.dealer_id == Dealer.id)
        .outerjoin(territories, territories.c.dealer_id == Dealer.id)
        .order_by(Dealer.code)
    )
    if search.strip():
        stmt = stmt.where(
            _search(
                (
                    Dealer.code,
                    Dealer.name,
                    Dealer.name_zh,
                    Dealer.legal_entity,
                    Dealer.credit_code,
                    Dealer.contact_name,
                ),
                search,
            )
        )
    if region_id is not None:
        stmt = stmt.where(Dealer.region_id == region_id)
    if status:
        stmt = stmt.where(Dealer.status == status)
    if city_id is not None:
        in_city = union(
            select(Location.dealer_id).where(Location.city_id == city_id),
            select(DealerTerritory.dealer_id).where(DealerTerritory.city_id == city_id),
        ).subquery()
        stmt = stmt.where(Dealer.id.in_(select(in_city.c.dealer_id)))
    with connected(bind) as conn:
        return _frame(conn, stmt)


def store_list(
    bind: Bind,
    search: str = "",
    *,
    dealer_id: int | None = None,
    region_id: int | None = None,
    city_id: int | None = None,
) -> pd.DataFrame:
    """One row per store (direct, franchise, experience) with its dealer and city names."""
    stmt = (
        select(
            *(c for c in Location.__table__.c if c.key not in ("created_at", "updated_at")),
            Dealer.code.label("dealer_code"),
            Dealer.name.label("dealer_name"),
            Dealer.name_zh.label("dealer_name_zh"),
            Dealer.status.label("dealer_status"),
            City.code.label("city_code"),
            City.name.label("city"),
            City.name_zh.label("city_zh"),
            City.region_id,
        )
        .join(City, City.id == Location.city_id)
        .outerjoin(Dealer, Dealer.id == Location.dealer_id)
        .where(Location.kind.in_(STORE_KINDS))
        .order_by(Location.code)
    )
    if search.strip():
        stmt = stmt.where(
            _search(
                (Location.code, Location.name, Location.name_zh, Location.address, Dealer.code),
                search,
            )
        )
    if dealer_id is not None:
        stmt = stmt.where(Location.dealer_id == dealer_id)
    if region_id is not None:
        stmt = stmt.where(City.region_id == region_id)
    if city_id is not None:
        stmt = stmt.where(Location.city_id == city_id)
    with connected(bind) as conn:
        return _frame(conn, stmt)


def geography_tree(bind: Bind) -> pd.DataFrame:
    """One row per city in region order: region_id, region_code, region, region_zh, city_id,
    city_code, city, city_zh, dealers (with a store or a city territory there), stores.
    The panel folds the rows into a region -> city tree; a region's dealers are counted in
    `region_dealers` (distinct, so not the sum of its cities)."""
    dealer_cities = union(
        select(Location.city_id, Location.dealer_id).where(Location.dealer_id.is_not(None)),
        select(DealerTerritory.city_id, DealerTerritory.dealer_id).where(
            DealerTerritory.city_id.is_not(None)
        ),
    ).subquery()
    per_city_dealers = (
        select(dealer_cities.c.city_id, func.count(distinct(dealer_cities.c.dealer_id)).label("n"))
        .group_by(dealer_cities.c.city_id)
        .subquery()
    )
    per_city_stores = (
        select(Location.city_id, func.count().label("n"))
        .where(Location.kind.in_(STORE_KINDS))
        .group_by(Location.city_id)
        .subquery()
    )
    stmt = (
        select(
            Region.id.label("region_id"),
            Region.code.label("region_code"),
            Region.name.label("region"),
            Region.name_zh.label("region_zh"),
            City.id.label("city_id"),
            City.code.label("city_code"),
            City.name.label("city"),
            City.name_zh.label("city_zh"),
            func.coalesce(per_city_dealers.c.n, 0).label("dealers"),
            func.coalesce(per_city_stores.c.n, 0).label("stores"),
        )
        .join(City, City.region_id == Region.id)
        .outerjoin(per_city_dealers, per_city_dealers.c.city_id == City.id)
        .outerjoin(per_city_stores, per_city_stores.c.city_id == City.id)
        .order_by(Region.id, City.name)
    )
    region_dealers = select(Dealer.region_id, func.count().label("region_dealers")).group_by(
        Dealer.region_id
    )
    with connected(bind) as conn:
        tree = _frame(conn, stmt)
        regions = _frame(conn, region_dealers)
    tree = tree.merge(regions, on="region_id", how="left")
    tree["region_dealers"] = tree["region_dealers"].fillna(0).astype("int64")
    return tree


# -- one dealer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DealerDetail:
    """`values`: the form values (the import file's column names, e.g. region_code);
    `territories`: id, region_id/code, city_id/code, postcode_prefix, exclusive; `stores` and
    `rules` as in store_list / rule_frame."""

    id: int
    version: int
    values: dict[str, object]
    territories: pd.DataFrame
    stores: pd.DataFrame
    rules: pd.DataFrame


def _codes(conn: Connection, table) -> dict[int, str]:
    return dict(conn.execute(select(table.c.id, table.c.code)).all())


def form_values(conn: Connection, entity: str, record_id: int) -> dict[str, object]:
    """A stored dealer or store as its form shows it: the import columns, references as
    codes, plus id and version."""
    spec = {"dealers": DEALERS, "stores": STORES}[entity]
    row = conn.execute(select(spec.table).where(spec.table.c.id == record_id)).mappings().first()
    if row is None:
        raise UserError(
            f"The {entity.rstrip('s')} with id {record_id} does not exist (any more).",
            "Refresh the list.",
        )
    values: dict[str, object] = {"id": row["id"], "version": row["version"]}
    for column in spec.columns:
        value = row[column.attr]
        if column.ref is not None and value is not None:
            table = {"regions": Region, "cities": City, "dealers": Dealer}[column.ref.table]
            value = _codes(conn, table.__table__).get(value)
        values[column.name] = value
    return values


def territories_frame(conn: Connection, dealer_id: int | None = None) -> pd.DataFrame:
    """Territories with codes: id, dealer_id, region_id, region_code, city_id, city_code,
    city_prefix, postcode_prefix, exclusive."""
    stmt = (
        select(
            DealerTerritory.id,
            DealerTerritory.dealer_id,
            DealerTerritory.region_id,
            Region.code.label("region_code"),
            DealerTerritory.city_id,
            City.code.label("city_code"),
            City.postcode_prefix.label("city_prefix"),
            DealerTerritory.postcode_prefix,
            DealerTerritory.exclusive,
        )
        .outerjoin(Region, Region.id == DealerTerritory.region_id)
        .outerjoin(City, City.id == DealerTerritory.city_id)
        .order_by(DealerTerritory.dealer_id, DealerTerritory.id)
    )
    if dealer_id is not None:
        stmt = stmt.where(DealerTerritory.dealer_id == dealer_id)
    return _frame(conn, stmt)


def dealer_detail(bind: Bind, dealer_id: int) -> DealerDetail:
    with connected(bind) as conn:
        values = form_values(conn, "dealers", dealer_id)
        territories = territories_frame(conn, dealer_id)
    rules = rule_frame(bind)
    return DealerDetail(
        id=dealer_id,
        version=int(values["version"]),
        values=values,
        territories=territories,
        stores=store_list(bind, dealer_id=dealer_id),
        rules=rules[rules["dealer_id"] == dealer_id].reset_index(drop=True),
    )


# -- assignment inputs -------------------------------------------------------------------------


def rule_frame(bind: Bind) -> pd.DataFrame:
    """Every assignment rule (console.services.assignment.RULE_COLUMNS plus note, version,
    dealer_code, dealer_name(_zh), dealer_status, city_code, city(_zh)), by priority."""
    stmt = (
        select(
            AssignmentRule.id,
            AssignmentRule.priority,
            AssignmentRule.dealer_id,
            AssignmentRule.city_id,
            AssignmentRule.postcode_prefix,
            AssignmentRule.exclusive,
            AssignmentRule.daily_capacity,
            AssignmentRule.active,
            AssignmentRule.note,
            AssignmentRule.version,
            Dealer.code.label("dealer_code"),
            Dealer.name.label("dealer_name"),
            Dealer.name_zh.label("dealer_name_zh"),
            Dealer.status.label("dealer_status"),
            City.code.label("city_code"),
            City.name.label("city"),
            City.name_zh.label("city_zh"),
        )
        .join(Dealer, Dealer.id == AssignmentRule.dealer_id)
        .outerjoin(City, City.id == AssignmentRule.city_id)
        .order_by(AssignmentRule.priority, AssignmentRule.id)
    )
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    for column in ("city_id", "daily_capacity"):
        frame[column] = pd.array(frame[column], dtype="Int64")
    frame["postcode_prefix"] = frame["postcode_prefix"].astype("string")
    frame["exclusive"] = frame["exclusive"].astype(bool)
    frame["active"] = frame["active"].astype(bool)
    return frame


def cities_frame(bind: Bind) -> pd.DataFrame:
    """id, code, name, name_zh, region_id, postcode_prefix, lat, lon."""
    stmt = select(
        City.id,
        City.code,
        City.name,
        City.name_zh,
        City.region_id,
        City.postcode_prefix,
        City.lat,
        City.lon,
    ).order_by(City.id)
    with connected(bind) as conn:
        return _frame(conn, stmt)


def dealer_network(bind: Bind) -> pd.DataFrame:
    """The dealers as the assignment engine needs them (DEALER_COLUMNS) plus code, names and
    status. `active`: status 'active'. Home (lat, lon) for the nearest-dealer fallback: the
    mean position of the dealer's open locations, else the city of its first city territory
    or city rule, else the city whose postcode prefix starts its first postcode territory."""
    with connected(bind) as conn:
        dealers = _frame(
            conn,
            select(
                Dealer.id,
                Dealer.code,
                Dealer.name,
                Dealer.name_zh,
                Dealer.status,
                Dealer.region_id,
                Dealer.daily_capacity,
                Dealer.contract_start,
                Dealer.contract_end,
            ).order_by(Dealer.id),
        )
        at_stores = _frame(
            conn,
            select(
                Location.dealer_id,
                func.avg(Location.lat).label("lat"),
                func.avg(Location.lon).label("lon"),
            )
            .where(Location.dealer_id.is_not(None), Location.status == "open")
            .group_by(Location.dealer_id),
        )
        city_areas = _frame(
            conn,
            union(
                select(
                    DealerTerritory.dealer_id, DealerTerritory.city_id, DealerTerritory.id
                ).where(DealerTerritory.city_id.is_not(None)),
                select(
                    AssignmentRule.dealer_id,
                    AssignmentRule.city_id,
                    (AssignmentRule.id + 1_000_000_000).label("id"),
                ).where(AssignmentRule.city_id.is_not(None)),
            ),
        )
        prefixes = _frame(
            conn,
            select(
                DealerTerritory.dealer_id, DealerTerritory.postcode_prefix, DealerTerritory.id
            ).where(DealerTerritory.postcode_prefix.is_not(None)),
        )
    cities = cities_frame(bind)
    city_at = cities.set_index("id")[["lat", "lon"]]
    by_city = city_areas.sort_values("id").drop_duplicates("dealer_id")
    by_city = by_city.join(city_at, on="city_id")[["dealer_id", "lat", "lon"]]
    prefixes = prefixes.sort_values("id").drop_duplicates("dealer_id")
    prefix_city = {p: i for i, p in zip(cities["id"], cities["postcode_prefix"], strict=True)}
    prefixes["city_id"] = [
        next((prefix_city[p[:n]] for n in range(len(p), 0, -1) if p[:n] in prefix_city), None)
        for p in prefixes["postcode_prefix"]
    ]
    by_prefix = prefixes.dropna(subset=["city_id"]).join(city_at, on="city_id")
    home = pd.concat([at_stores, by_city, by_prefix[["dealer_id", "lat", "lon"]]])
    home = home.dropna().drop_duplicates("dealer_id").set_index("dealer_id")
    dealers = dealers.join(home, on="id")
    dealers["active"] = dealers["status"] == "active"
    for column in ("contract_start", "contract_end"):
        dealers[column] = pd.to_datetime(dealers[column])
    return dealers


def replay_orders(bind: Bind, weeks: int, end: date | None = None) -> pd.DataFrame:
    """Online orders placed in the `weeks` weeks up to `end` (default: data_today), not
    cancelled: order_id, order_no, placed_at, city_id, postcode, current_dealer_id,
    assignment."""
    if weeks < 1:
        raise UserError(f"Cannot replay {weeks} weeks.", "Choose 1 week or more.")
    end = end or data_today(bind)
    after = datetime.combine(end + timedelta(days=1), time())
    first = after - timedelta(weeks=weeks)
    stmt = (
        select(
            Order.id.label("order_id"),
            Order.order_no,
            Order.placed_at,
            Order.city_id,
            Order.postcode,
            Order.fulfilling_dealer_id.label("current_dealer_id"),
            Order.assignment,
        )
        .join(Channel, Channel.id == Order.channel_id)
        .where(
            Channel.online.is_(True),
            Order.store_id.is_(None),
            Order.status != "cancelled",
            Order.placed_at >= first,
            Order.placed_at < after,
        )
        .order_by(Order.placed_at, Order.id)
    )
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    frame["placed_at"] = pd.to_datetime(frame["placed_at"])
    frame["current_dealer_id"] = pd.array(frame["current_dealer_id"], dtype="Int64")
    frame["city_id"] = pd.array(frame["city_id"], dtype="Int64")
    frame["postcode"] = frame["postcode"].astype("string")
    return frame


@dataclass(frozen=True)
class WhatIf:
    """A replay with names: `by_dealer` adds code, name, name_zh, status to Replay.by_dealer."""

    weeks: int
    end: date
    replay: Replay
    by_dealer: pd.DataFrame


def what_if(
    bind: Bind,
    rules: pd.DataFrame | None = None,
    *,
    weeks: int = 8,
    end: date | None = None,
    dealers: pd.DataFrame | None = None,
    max_fallback_km: float | None = None,
) -> WhatIf:
    """Replay `rules` (default: the stored ones; pass the panel's edited frame to try a
    change) on the last `weeks` weeks of online orders. `dealers` overrides the stored network
    (e.g. a dealer marked inactive to see who takes over its orders)."""
    end = end or data_today(bind)
    orders = replay_orders(bind, weeks, end)
    network = dealer_network(bind) if dealers is None else dealers
    result = replay(
        orders,
        rule_frame(bind) if rules is None else rules,
        network,
        cities_frame(bind),
        max_fallback_km=max_fallback_km,
    )
    names = network[["id", "code", "name", "name_zh", "status"]].rename(columns={"id": "dealer_id"})
    by_dealer = result.by_dealer.merge(names, on="dealer_id", how="left")
    by_dealer = by_dealer[[*names.columns, *result.by_dealer.columns.drop("dealer_id")]]
    return WhatIf(weeks, end, result, by_dealer)


def order_list(
    bind: Bind,
    *,
    dealer_id: int | None = None,
    search: str = "",
    start: date | None = None,
    end: date | None = None,
    online_only: bool = False,
    unassigned_only: bool = False,
    limit: int = 1000,
) -> pd.DataFrame:
    """Orders for the click-through and the reassign dialog, newest first: id, order_no,
    placed_at, channel, online, status, city, postcode, fulfilling_dealer_id, dealer_code,
    assignment, net_amount, version."""
    stmt = (
        select(
            Order.id,
            Order.order_no,
            Order.placed_at,
            Channel.code.label("channel"),
            Channel.online,
            Order.status,
            City.name.label("city"),
            City.name_zh.label("city_zh"),
            Order.postcode,
            Order.fulfilling_dealer_id,
            Dealer.code.label("dealer_code"),
            Order.assignment,
            Order.net_amount,
            Order.version,
        )
        .join(Channel, Channel.id == Order.channel_id)
        .outerjoin(City, City.id == Order.city_id)
        .outerjoin(Dealer, Dealer.id == Order.fulfilling_dealer_id)
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit)
    )
    if dealer_id is not None:
        stmt = stmt.where(Order.fulfilling_dealer_id == dealer_id)
    if search.strip():
        stmt = stmt.where(_search((Order.order_no, Order.postcode), search))
    if start is not None:
        stmt = stmt.where(Order.placed_at >= datetime.combine(start, time()))
    if end is not None:
        stmt = stmt.where(Order.placed_at < datetime.combine(end + timedelta(days=1), time()))
    if online_only or unassigned_only:
        stmt = stmt.where(Channel.online.is_(True), Order.store_id.is_(None))
    if unassigned_only:
        stmt = stmt.where(Order.fulfilling_dealer_id.is_(None), Order.status != "cancelled")
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    frame["placed_at"] = pd.to_datetime(frame["placed_at"])
    return frame


def ticket_list(
    bind: Bind, dealer_id: int, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """A dealer's service tickets (scorecard click-through): id, code, opened_at, category,
    priority, status, order_id, resolved_at."""
    t = ServiceTicket
    stmt = (
        select(
            t.id, t.code, t.opened_at, t.category, t.priority, t.status, t.order_id, t.resolved_at
        )
        .where(t.dealer_id == dealer_id)
        .order_by(t.opened_at.desc())
    )
    if start is not None:
        stmt = stmt.where(t.opened_at >= datetime.combine(start, time()))
    if end is not None:
        stmt = stmt.where(t.opened_at < datetime.combine(end + timedelta(days=1), time()))
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    for column in ("opened_at", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


# -- scorecard ---------------------------------------------------------------------------------


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise UserError(
            f"The period ends ({end}) before it starts ({start}).",
            "Choose an end date on or after the start date.",
        )
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())


def _count_if(condition) -> object:
    return func.sum(case((condition, 1), else_=0))


def _operations(conn: Connection, first: datetime, after: datetime) -> pd.DataFrame:
    """Per dealer: online orders delivered in the period and those on time, all orders
    delivered, damage tickets opened, customers first captured."""
    store = select(Location.id, Location.dealer_id).subquery()
    dealer_of = case(
        (Order.store_id.is_(None), Order.fulfilling_dealer_id), else_=store.c.dealer_id
    )
    online = and_(Channel.online.is_(True), Order.store_id.is_(None))
    delivered = (
        select(
            dealer_of.label("dealer_id"),
            func.count().label("delivered_orders"),
            _count_if(online).label("online_orders"),
            _count_if(and_(online, Order.delivered_at <= Order.promised_at)).label(
                "on_time_orders"
            ),
            _count_if(and_(online, Order.promised_at.is_not(None))).label("promised_orders"),
        )
        .join(Channel, Channel.id == Order.channel_id)
        .outerjoin(store, store.c.id == Order.store_id)
        .where(Order.delivered_at >= first, Order.delivered_at < after)
        .group_by(dealer_of)
    )
    damage = (
        select(ServiceTicket.dealer_id, func.count().label("damage_tickets"))
        .where(
            ServiceTicket.category == "damage",
            ServiceTicket.opened_at >= first,
            ServiceTicket.opened_at < after,
            ServiceTicket.dealer_id.is_not(None),
        )
        .group_by(ServiceTicket.dealer_id)
    )
    captured = (
        select(Customer.captured_dealer_id.label("dealer_id"), func.count().label("captured"))
        .where(
            Customer.captured_dealer_id.is_not(None),
            Customer.merged_into_id.is_(None),
            Customer.first_seen_at >= first,
            Customer.first_seen_at < after,
        )
        .group_by(Customer.captured_dealer_id)
    )
    frame = _frame(conn, select(Dealer.id.label("dealer_id")))
    for part in (delivered, damage, captured):
        found = _frame(conn, part).dropna(subset=["dealer_id"])
        frame = frame.merge(found.astype({"dealer_id": "int64"}), on="dealer_id", how="left")
    return frame.fillna(0)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return numerator.astype(float) / denominator.astype(float).where(denominator > 0)


def scorecard(bind: Bind, start: date, end: date) -> pd.DataFrame:
    """One row per dealer, ranked: figures of the period (SCORE_METRICS), their network
    percentiles (`pct_<metric>`, 0-100, 100 = best, NaN when the dealer has no value), `score`
    (mean of the percentiles it has) and `rank`.

    Sales and orders come from the channel KPIs (console.db.queries.kpis, orders placed in the
    period; growth vs the same number of days before), SLA compliance from the service KPIs
    (1 - resolution breach rate of tickets opened in the period); docs/dealers.md."""
    from console.db.queries.kpis import kpi_totals
    from console.db.queries.service import sla_report
    from console.services.kpi_math import DateWindow

    first, after = _period(start, end)
    days = (end - start).days + 1
    windows = {
        "current": DateWindow(start, end),
        "previous": DateWindow(start - timedelta(days=days), start - timedelta(days=1)),
    }
    with connected(bind) as conn:
        sales = kpi_totals(conn, windows, by=["dealer"], families=("sales",))
        ops = _operations(conn, first, after)
        sla = sla_report(conn, "dealer", start, end)
        names = _frame(
            conn,
            select(
                Dealer.id.label("dealer_id"),
                Dealer.code,
                Dealer.name,
                Dealer.name_zh,
                Dealer.tier,
                Dealer.status,
                Region.name.label("region"),
                Region.name_zh.label("region_zh"),
            ).join(Region, Region.id == Dealer.region_id),
        )
    current = sales[sales["window"] == "current"].set_index("dealer_id")
    previous = sales[sales["window"] == "previous"].set_index("dealer_id")
    card = names.merge(ops, on="dealer_id", how="left").set_index("dealer_id")
    card["orders"] = current["orders"].reindex(card.index).fillna(0).astype("int64")
    card["identified_orders"] = (
        (current["orders"] - current["anonymous_orders"]).reindex(card.index).fillna(0)
    ).astype("int64")
    card["sales"] = current["net_revenue"].reindex(card.index).fillna(0.0)
    card["sales_previous"] = previous["net_revenue"].reindex(card.index).fillna(0.0)
    card["growth"] = _ratio(card["sales"] - card["sales_previous"], card["sales_previous"])
    card["on_time_rate"] = _ratio(card["on_time_orders"], card["promised_orders"])
    card["damage_rate"] = _ratio(card["damage_tickets"], card["delivered_orders"])
    compliance = sla.set_index("dealer")
    card["service_tickets"] = (
        card["code"].map(compliance["tickets"]).fillna(0).astype("int64").to_numpy()
    )
    card["sla_compliance"] = 1.0 - card["code"].map(compliance["resolution_breach_rate"])
    card["member_capture_rate"] = _ratio(card["identified_orders"], card["orders"])
    card["customers_captured"] = card.pop("captured").astype("int64")
    for column in ("delivered_orders", "online_orders", "on_time_orders", "damage_tickets"):
        card[column] = card[column].astype("int64")
    card = card.drop(columns="promised_orders").reset_index()
    return rank_dealers(card)


def rank_dealers(card: pd.DataFrame) -> pd.DataFrame:
    """Network percentiles per metric (100 = best; ties share the average rank; a dealer
    without a value gets none), their mean as `score`, and `rank` by score (1 = best)."""
    out = card.copy()
    percentiles = []
    for metric, higher_better in SCORE_METRICS.items():
        values = out[metric].astype(float)
        ranked = values.rank(pct=True, ascending=higher_better, method="average")
        count = values.notna().sum()
        # rank(pct) gives 1/n .. 1; rescale to 0 .. 100 so the worst is 0 and the best 100
        pct = (ranked * count - 1) / (count - 1) * 100 if count > 1 else ranked * 100
        out[f"pct_{metric}"] = pct
        percentiles.append(f"pct_{metric}")
    out["score"] = out[percentiles].mean(axis=1, skipna=True)
    out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
    return out.sort_values(["rank", "code"], na_position="last", ignore_index=True)


# -- history -----------------------------------------------------------------------------------


def changed_fields(before: dict | None, after: dict | None) -> list[str]:
    """The fields whose value differs (ignoring bookkeeping columns)."""
    ignore = {"version", "updated_at", "created_at"}
    before, after = before or {}, after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in ignore]
    return [k for k in keys if before.get(k) != after.get(k)]


def history(
    bind: Bind,
    entities: Sequence[str] = HISTORY_ENTITIES,
    *,
    entity_id: int | str | None = None,
    username: str | None = None,
    limit: int = 2000,
) -> pd.DataFrame:
    """Audit entries of the dealer network, newest first: id, at, username, action, entity,
    entity_id, changed (the field names), before, after (dicts)."""
    stmt = (
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.username,
            AuditEntry.action,
            AuditEntry.entity,
            AuditEntry.entity_id,
            AuditEntry.before,
            AuditEntry.after,
        )
        .where(AuditEntry.entity.in_(list(entities)))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == str(entity_id))
    if username:
        stmt = stmt.where(AuditEntry.username == username)
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    frame["at"] = pd.to_datetime(frame["at"])
    frame["changed"] = [
        ", ".join(changed_fields(b, a))
        for b, a in zip(frame["before"], frame["after"], strict=True)
    ]
    return frame[
        ["id", "at", "username", "action", "entity", "entity_id", "changed", "before", "after"]
    ]


__all__ = [
    "HISTORY_ENTITIES",
    "SCORE_METRICS",
    "DealerDetail",
    "WhatIf",
    "cities_frame",
    "data_today",
    "dealer_detail",
    "dealer_list",
    "dealer_network",
    "form_values",
    "geography_tree",
    "history",
    "order_list",
    "rank_dealers",
    "replay_orders",
    "rule_frame",
    "scorecard",
    "store_list",
    "territories_frame",
    "ticket_list",
    "what_if",
]
