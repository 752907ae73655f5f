"""Inventory reads: stock levels, trailing demand, lanes, per-SKU history, proposals, transfers,
and the two computations the panel asks for (the monitor and a rebalancing plan).

SQL does the joins and the GROUP BYs (demand per location x SKU x day over the window only,
in-transit units per receiver x SKU, movements per day x kind); the services
(console.services.stock_metrics, rebalancing*, rebalancing_sourcing) receive the reduced tables.
Locations and SKUs are named by their codes: the optimiser, the CSV files and the panel all
show codes, and console.db.transfers maps them back to ids when it writes.
docs/inventory.md describes the panel and these columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Date,
    Select,
    String,
    and_,
    cast,
    func,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import aliased

from console.db.catalog import Category, Sku
from console.db.geo import City, Region
from console.db.inventory import (
    InventoryLevel,
    RebalanceProposal,
    RebalanceProposalLine,
    StockMovement,
    StockTransfer,
    StockTransferLine,
    TransportLane,
)
from console.db.network import Dealer, DealerTerritory, Location
from console.db.orders import Order, OrderLine
from console.db.queries.bind import Bind, connected
from console.db.users import AppMeta
from console.errors import UserError
from console.services.rebalancing import (
    RebalanceProblem,
    RebalanceResult,
    prepare_problem,
    rebalance,
)
from console.services.rebalancing_network import LaneCosts, network_lanes, rebalancing_stock
from console.services.rebalancing_sourcing import fulfilment_options, responsible_dealer
from console.services.stock_metrics import MonitorSettings, stock_metrics, stock_timeline

Progress = Callable[[int, int, str], None]
IN_CHUNK = 30_000
"""Values per IN list: below the 65,535 bind parameters a statement may carry (also for
pairs, two parameters each)."""
OPEN_TRANSFER_STATUSES = ("approved", "in_transit")
ONLINE_OPEN_STATUSES = ("placed", "paid")
HISTORY_DAYS = 56
PROPOSE_PHASES = ("loading stock", "building lanes", "checking the data", "optimising", "done")
"""The progress labels of propose, in order (the panel translates them)."""


def _frame(conn: Connection, stmt: Select) -> pd.DataFrame:
    result = conn.execute(stmt)
    keys = list(result.keys())
    # Column-wise construction: building from Row objects costs pandas a probe per row.
    columns = list(zip(*result.all(), strict=True)) or [()] * len(keys)
    return pd.DataFrame(dict(zip(keys, map(list, columns), strict=True)), columns=keys)


def int_frame(conn: Connection, stmt: Select) -> pd.DataFrame:
    """A query of integer columns only, as one int64 array: the driver's plain tuples need no
    type processing, and numpy reads them ten times faster than Row objects."""
    result = conn.execute(stmt)
    keys = list(result.keys())
    values = np.array(result.cursor.fetchall(), dtype=np.int64).reshape(-1, len(keys))
    result.close()
    return pd.DataFrame(values, columns=keys)


def chunks(values: Sequence[Any], size: int | None = None) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` (default IN_CHUNK) values, for IN lists."""
    size = size or IN_CHUNK
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _day(at, dialect: str):
    """The calendar day of a timestamp (PostgreSQL: a date; SQLite: 'YYYY-MM-DD' text)."""
    if dialect == "postgresql":
        return cast(at, Date)
    return type_coerce(func.date(at), String)


def _as_timestamp(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.astype(str).str[:10], format="%Y-%m-%d")


def inventory_today(bind: Bind) -> date:
    """ "Today" for stock: the demo's last day (app_meta 'data_end') in a demo database, so that
    trailing demand has data; else the calendar day."""
    with connected(bind) as conn:
        value = conn.scalar(select(AppMeta.value).where(AppMeta.key == "data_end"))
    return date.fromisoformat(value[:10]) if value else date.today()


# -- scope -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StockScope:
    """What a view or a plan covers: the whole network, a region, a category (codes; either may
    be None). A category code matches a top-level category or a leaf one."""

    region: str | None = None
    category: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


_PARENT = aliased(Category)


def _top_category():
    return func.coalesce(_PARENT.code, Category.code)


def _scope_conditions(scope: StockScope | None, location_id, sku_id) -> list:
    """Conditions on a location id and a SKU id column, as subqueries (no long IN lists)."""
    conditions = []
    if scope and scope.region:
        conditions.append(
            location_id.in_(
                select(Location.id)
                .join(City, City.id == Location.city_id)
                .join(Region, Region.id == City.region_id)
                .where(Region.code == scope.region)
            )
        )
    if scope and scope.category:
        conditions.append(
            sku_id.in_(
                select(Sku.id)
                .join(Category, Category.id == Sku.category_id)
                .outerjoin(_PARENT, _PARENT.id == Category.parent_id)
                .where(or_(Category.code == scope.category, _PARENT.code == scope.category))
            )
        )
    return conditions


def scope_choices(bind: Bind) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Regions and top-level categories (code, name, name_zh) for the scope pickers."""
    with connected(bind) as conn:
        regions = _frame(conn, select(Region.code, Region.name, Region.name_zh).order_by(Region.id))
        categories = _frame(
            conn,
            select(Category.code, Category.name, Category.name_zh)
            .where(Category.parent_id.is_(None))
            .order_by(Category.id),
        )
    return regions, categories


# -- locations and levels ----------------------------------------------------------------------


def locations(bind: Bind) -> pd.DataFrame:
    """Every location: location_id, location (code), location_name(_zh), location_type,
    status, ships_from_store, dealer_id, dealer (code), city_id, region_id, region (code),
    region_name(_zh), lat, lon."""
    stmt = (
        select(
            Location.id.label("location_id"),
            Location.code.label("location"),
            Location.name.label("location_name"),
            Location.name_zh.label("location_name_zh"),
            type_coerce(Location.kind, String).label("location_type"),
            type_coerce(Location.status, String).label("status"),
            Location.ships_from_store,
            Location.dealer_id,
            Dealer.code.label("dealer"),
            Location.city_id,
            City.region_id,
            Region.code.label("region"),
            Region.name.label("region_name"),
            Region.name_zh.label("region_name_zh"),
            Location.lat,
            Location.lon,
        )
        .join(City, City.id == Location.city_id)
        .join(Region, Region.id == City.region_id)
        .outerjoin(Dealer, Dealer.id == Location.dealer_id)
        .order_by(Location.id)
    )
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    frame["ships_from_store"] = frame["ships_from_store"].astype(bool)
    return frame


def _inbound(conn: Connection) -> pd.DataFrame:
    """Units per receiver x SKU on open transfers: in_transit (shipped) and approved_inbound."""
    rows = _frame(
        conn,
        select(
            StockTransfer.to_location_id.label("location_id"),
            StockTransferLine.sku_id,
            type_coerce(StockTransfer.status, String).label("status"),
            func.sum(StockTransferLine.qty).label("qty"),
        )
        .join(StockTransferLine, StockTransferLine.transfer_id == StockTransfer.id)
        .where(StockTransfer.status.in_(OPEN_TRANSFER_STATUSES))
        .group_by(StockTransfer.to_location_id, StockTransferLine.sku_id, StockTransfer.status),
    )
    wide = (
        rows.astype({"qty": np.int64})
        .set_index(["location_id", "sku_id", "status"])["qty"]
        .unstack("status", fill_value=0)
        .reindex(columns=list(OPEN_TRANSFER_STATUSES), fill_value=0)
    )
    return wide.rename(columns={"approved": "approved_inbound"}).reset_index()


def _location_names(conn: Connection) -> pd.DataFrame:
    return _frame(
        conn,
        select(
            Location.id.label("location_id"),
            Location.code.label("location"),
            Location.name.label("location_name"),
            Location.name_zh.label("location_name_zh"),
            type_coerce(Location.kind, String).label("location_type"),
            Region.code.label("region"),
            Region.name.label("region_name"),
            Region.name_zh.label("region_name_zh"),
        )
        .join(City, City.id == Location.city_id)
        .join(Region, Region.id == City.region_id),
    )


def _sku_names(conn: Connection) -> pd.DataFrame:
    frame = _frame(
        conn,
        select(
            Sku.id.label("sku_id"),
            Sku.code.label("sku"),
            Sku.name.label("sku_name"),
            Sku.name_zh.label("sku_name_zh"),
            _top_category().label("category"),
            func.coalesce(_PARENT.name, Category.name).label("category_name"),
            func.coalesce(_PARENT.name_zh, Category.name_zh).label("category_name_zh"),
            Category.code.label("subcategory"),
            Sku.cost.label("unit_cost"),
            Sku.price.label("unit_price"),
        )
        .join(Category, Category.id == Sku.category_id)
        .outerjoin(_PARENT, _PARENT.id == Category.parent_id),
    )
    return frame.astype({"unit_cost": float, "unit_price": float})


LEVEL_COLUMNS = (
    "location_id",
    "location",
    "location_name",
    "location_name_zh",
    "location_type",
    "region",
    "region_name",
    "region_name_zh",
    "sku_id",
    "sku",
    "sku_name",
    "sku_name_zh",
    "category",
    "category_name",
    "category_name_zh",
    "subcategory",
    "on_hand",
    "reserved",
    "online_hold",
    "safety_stock",
    "target_stock",
    "unit_cost",
    "unit_price",
    "in_transit",
    "approved_inbound",
    "version",
)


def _levels(conn: Connection, conditions: Sequence[Any]) -> pd.DataFrame:
    """The stock numbers come from SQL (integers only, fast to fetch); names, region, category,
    prices and open-transfer quantities are joined from small lookups."""
    level = InventoryLevel
    numbers = int_frame(
        conn,
        select(
            level.location_id,
            level.sku_id,
            level.on_hand,
            level.reserved,
            level.online_hold,
            level.safety_stock,
            level.target_stock,
            level.version,
        )
        .where(*conditions)
        .order_by(level.location_id, level.sku_id),
    )
    frame = numbers.merge(_location_names(conn), on="location_id").merge(
        _sku_names(conn), on="sku_id"
    )
    frame = frame.merge(_inbound(conn), on=["location_id", "sku_id"], how="left")
    for column in ("in_transit", "approved_inbound"):
        frame[column] = frame[column].fillna(0).astype(np.int64)
    return frame[list(LEVEL_COLUMNS)]


def stock_levels(bind: Bind, scope: StockScope | None = None) -> pd.DataFrame:
    """Current stock per location x SKU with what the monitor and the optimiser need.

    Columns (LEVEL_COLUMNS): location_id, location, location_name(_zh), location_type, region,
    region_name(_zh), sku_id, sku, sku_name(_zh), category (top level), category_name(_zh),
    subcategory, on_hand, reserved, online_hold, safety_stock, target_stock, unit_cost,
    unit_price, in_transit (units shipped to the location, not yet received),
    approved_inbound (units on approved transfers to it, not yet shipped), version.
    """
    with connected(bind) as conn:
        return _levels(
            conn, _scope_conditions(scope, InventoryLevel.location_id, InventoryLevel.sku_id)
        )


def levels_for(bind: Bind, pairs: pd.DataFrame) -> pd.DataFrame:
    """stock_levels columns for the given (location, sku) code pairs only (chunked IN lists);
    pairs without a stock row are left out."""
    with connected(bind) as conn:
        ids = _ids_of(conn, pairs)
        keys = list(zip(ids["location_id"].tolist(), ids["sku_id"].tolist(), strict=True))
        frames = [
            _levels(conn, [tuple_(InventoryLevel.location_id, InventoryLevel.sku_id).in_(part)])
            for part in chunks(sorted(keys), IN_CHUNK // 2)
        ]
        if not frames:
            frames = [_levels(conn, [InventoryLevel.location_id.is_(None)])]
    return pd.concat(frames, ignore_index=True)


def _ids_of(conn: Connection, pairs: pd.DataFrame) -> pd.DataFrame:
    """location_id and sku_id for code pairs; unknown codes are refused by name."""
    out = pairs[["location", "sku"]].astype(str).drop_duplicates().reset_index(drop=True)
    location_ids = code_ids(conn, Location, out["location"].unique())
    sku_ids = code_ids(conn, Sku, out["sku"].unique())
    out["location_id"] = out["location"].map(location_ids)
    out["sku_id"] = out["sku"].map(sku_ids)
    for column, what in (("location_id", "location"), ("sku_id", "sku")):
        unknown = out.loc[out[column].isna(), what].unique()
        if len(unknown):
            raise UserError(
                f"The {what} code(s) {', '.join(map(str, unknown[:5]))} do not exist.",
                "Refresh the view: the record may have been renamed or removed.",
            )
    return out.astype({"location_id": np.int64, "sku_id": np.int64})


def code_ids(conn: Connection, model, codes: Iterable[str]) -> dict[str, int]:
    """{code: id} for the codes that exist (chunked IN lists)."""
    codes = list(codes)
    found: dict[str, int] = {}
    for part in chunks(codes):
        found.update(conn.execute(select(model.code, model.id).where(model.code.in_(part))).all())
    return found


# -- demand --------------------------------------------------------------------------------------


def _demand_location():
    """Where a sale takes stock from: the fulfilling location, else the store it was placed in."""
    return func.coalesce(Order.fulfilled_from_id, Order.store_id)


def _window(start: date, end: date):
    return and_(
        Order.placed_at >= datetime.combine(start, time()),
        Order.placed_at < datetime.combine(end + timedelta(days=1), time()),
    )


def daily_demand(
    bind: Bind, start: date, end: date, scope: StockScope | None = None
) -> pd.DataFrame:
    """Units ordered per location x SKU x day in [start, end] (cancelled orders left out).

    Columns: location (code), sku (code), day (Timestamp), qty. Only days with sales appear;
    the monitor counts the others as 0.
    """
    where = _demand_location()
    with connected(bind) as conn:
        day = _day(Order.placed_at, conn.dialect.name)
        stmt = (
            select(
                where.label("location_id"),
                OrderLine.sku_id,
                day.label("day"),
                func.sum(OrderLine.qty).label("qty"),
            )
            .join(Order, Order.id == OrderLine.order_id)
            .where(
                _window(start, end),
                Order.status != "cancelled",
                where.is_not(None),
                *_scope_conditions(scope, where, OrderLine.sku_id),
            )
            .group_by(where, OrderLine.sku_id, day)
        )
        frame = _frame(conn, stmt)
        names = _code_maps(conn)
    return pd.DataFrame(
        {
            "location": frame["location_id"].map(names["location"]).astype(str),
            "sku": frame["sku_id"].map(names["sku"]).astype(str),
            "day": _as_timestamp(frame["day"])
            if len(frame)
            else pd.Series([], dtype="datetime64[s]"),
            "qty": frame["qty"].astype(float),
        }
    )


def _code_maps(conn: Connection) -> dict[str, pd.Series]:
    return {
        "location": pd.Series(dict(conn.execute(select(Location.id, Location.code)).all())),
        "sku": pd.Series(dict(conn.execute(select(Sku.id, Sku.code)).all())),
    }


# -- the monitor ---------------------------------------------------------------------------------


def monitor_inputs(levels: pd.DataFrame) -> pd.DataFrame:
    """The levels as stock_metrics reads them: in_transit counts every unit already committed
    to the location (approved or shipped), so that approved transfers are not proposed again."""
    return levels.assign(in_transit=levels["in_transit"] + levels["approved_inbound"])


def monitor(
    bind: Bind, settings: MonitorSettings | None = None, scope: StockScope | None = None
) -> pd.DataFrame:
    """stock_metrics for the scope as of the stock "today" (the demand windows end there; the
    demand is read over the longer of the window and the slow movers' window)."""
    settings = settings or MonitorSettings()
    settings.check()
    today = settings.as_of or inventory_today(bind)
    settings = replace(settings, as_of=today)
    levels = stock_levels(bind, scope)
    start = today - timedelta(days=max(settings.window_days, settings.slow_window_days) - 1)
    demand = daily_demand(bind, start, today, scope)
    return stock_metrics(monitor_inputs(levels), demand, settings)


# -- lanes ---------------------------------------------------------------------------------------


def lane_overrides(bind: Bind) -> pd.DataFrame:
    """The transport_lanes rows by location code: from, to, unit_cost, fixed_cost, forbidden."""
    src, dst = aliased(Location), aliased(Location)
    stmt = (
        select(
            src.code.label("from"),
            dst.code.label("to"),
            TransportLane.unit_cost,
            TransportLane.fixed_cost,
            TransportLane.forbidden,
        )
        .join(src, src.id == TransportLane.from_location_id)
        .join(dst, dst.id == TransportLane.to_location_id)
        .order_by(src.code, dst.code)
    )
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    return frame.astype({"unit_cost": float, "fixed_cost": float, "forbidden": bool})


def lanes(
    bind: Bind,
    among: Iterable[str] | None = None,
    costs: LaneCosts | None = None,
    places: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Lanes (from, to, unit_cost, fixed_cost) among open stock-holding locations (`among`:
    only these codes): the overrides plus the services' distance rule for the other pairs."""
    places = locations(bind) if places is None else places
    places = places[places["status"] != "closed"]
    if among is not None:
        places = places[places["location"].isin(set(among))]
    return network_lanes(places, lane_overrides(bind), costs)


# -- a rebalancing plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSettings:
    """The planner's choices for a proposal; stored with it (as JSON) to re-check it later."""

    monitor: MonitorSettings = field(
        default_factory=lambda: MonitorSettings(include_in_transit=True)
    )
    penalty: str | float = "margin"
    lane_costs: LaneCosts = field(default_factory=LaneCosts)
    time_limit: float = 60.0

    def as_json(self) -> dict[str, Any]:
        monitor = asdict(self.monitor)
        monitor["as_of"] = self.monitor.as_of.isoformat() if self.monitor.as_of else None
        monitor["exclude_location_types"] = list(self.monitor.exclude_location_types)
        return {
            "monitor": monitor,
            "penalty": self.penalty,
            "lane_costs": asdict(self.lane_costs),
            "time_limit": self.time_limit,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanSettings:
        monitor = dict(data.get("monitor") or {})
        if monitor.get("as_of"):
            monitor["as_of"] = date.fromisoformat(monitor["as_of"])
        if "exclude_location_types" in monitor:
            monitor["exclude_location_types"] = tuple(monitor["exclude_location_types"])
        return cls(
            monitor=MonitorSettings(**monitor),
            penalty=data.get("penalty", "margin"),
            lane_costs=LaneCosts(**(data.get("lane_costs") or {})),
            time_limit=float(data.get("time_limit", 60.0)),
        )


@dataclass(frozen=True)
class RebalancePlan:
    """A computed proposal before it is saved: the optimiser's table (stock: location, sku,
    on_hand, safety, target, penalty), the validated problem and the result."""

    scope: StockScope
    settings: PlanSettings
    stock: pd.DataFrame
    problem: RebalanceProblem
    result: RebalanceResult
    computed_at: datetime


def optimiser_stock(metrics: pd.DataFrame, settings: PlanSettings) -> pd.DataFrame:
    """The optimiser's table (location, sku, on_hand, safety, target, penalty) of monitor rows.

    safety and target are the planner's stored levels (inventory_levels.safety_stock and
    target_stock), on_hand the position (available to promise, + committed inbound when
    counted): so reserved and online-held units are never proposed for transfer. Units on
    their way count toward a receiver's need but cannot be given away before they arrive:
    safety is raised by them, so a donor gives only from what is on its shelf.
    """
    stock = rebalancing_stock(metrics, penalty=settings.penalty)
    if settings.monitor.include_in_transit:
        inbound = np.ceil(metrics["in_transit"].to_numpy(float)).astype(np.int64)
        stock["safety"] = stock["safety"].to_numpy() + inbound
    return stock


def propose(
    bind: Bind,
    scope: StockScope | None = None,
    settings: PlanSettings | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RebalancePlan:
    """Load the scope, compute the monitor, build lanes among its locations and optimise.

    Rows with need no lane can reach stay unmet (listed in problem.unreachable) rather than
    blocking the rest of the network. `progress(done, total, label)` follows the phases
    (PROPOSE_PHASES) and the solver.
    """
    scope = scope or StockScope()
    settings = settings or PlanSettings()
    say = progress or (lambda _d, _t, _l: None)
    say(0, 100, "loading stock")
    places = locations(bind)
    open_codes = set(places.loc[places["status"] != "closed", "location"])
    metrics = monitor(bind, settings.monitor, scope)
    metrics = metrics[metrics["location"].isin(open_codes)]
    stock = optimiser_stock(metrics, settings)
    if cancelled and cancelled():
        from console.services.rebalancing import OptimisationCancelled

        raise OptimisationCancelled("The rebalancing was cancelled.")
    say(5, 100, "building lanes")
    lane_table = lanes(bind, stock["location"].unique(), settings.lane_costs, places)
    say(7, 100, "checking the data")
    problem = prepare_problem(stock, lane_table, unreachable="unmet")
    say(10, 100, "optimising")

    def solver_progress(done: int, total: int) -> None:
        say(10 + int(90 * done / max(total, 1)), 100, "optimising")

    result = rebalance(
        problem, time_limit=settings.time_limit, progress=solver_progress, cancelled=cancelled
    )
    say(100, 100, "done")
    return RebalancePlan(scope, settings, stock, problem, result, datetime.now())


# -- per-SKU history for the chart -------------------------------------------------------------


@dataclass(frozen=True)
class SkuHistory:
    """timeline: day, stock, demand, transfer_in, transfer_out (stock_timeline); transfers:
    the SKU's transfers touching the location (all locations when none was given)."""

    sku: str
    location: str | None
    on_hand: int
    timeline: pd.DataFrame
    transfers: pd.DataFrame


def sku_history(
    bind: Bind,
    sku: str,
    location: str | None = None,
    *,
    days: int = HISTORY_DAYS,
    end: date | None = None,
) -> SkuHistory:
    """Daily stock, demand and transfers of one SKU at one location (or summed over all) for
    the `days` days ending at the stock "today" (or the latest movement, if later)."""
    with connected(bind) as conn:
        sku_id = code_ids(conn, Sku, [sku]).get(sku)
        location_id = code_ids(conn, Location, [location]).get(location) if location else None
        if sku_id is None or (location and location_id is None):
            raise UserError(
                f"There is no stock record for SKU {sku}"
                + (f" at {location}." if location else "."),
                "Pick a row of the stock monitor.",
            )
        dialect = conn.dialect.name
        on_hand = conn.scalar(
            select(func.coalesce(func.sum(InventoryLevel.on_hand), 0)).where(
                InventoryLevel.sku_id == sku_id,
                *([InventoryLevel.location_id == location_id] if location_id else []),
            )
        )
        moved_day = _day(StockMovement.occurred_at, dialect)
        movements = _frame(
            conn,
            select(
                moved_day.label("day"),
                type_coerce(StockMovement.kind, String).label("kind"),
                func.sum(StockMovement.qty).label("qty"),
            )
            .where(
                StockMovement.sku_id == sku_id,
                *([StockMovement.location_id == location_id] if location_id else []),
            )
            .group_by(moved_day, StockMovement.kind),
        )
        sold_day = _day(Order.placed_at, dialect)
        where = _demand_location()
        last = end or max(
            inventory_today(conn),
            _as_timestamp(movements["day"]).max().date() if len(movements) else date.min,
        )
        first = last - timedelta(days=days - 1)
        demand = _frame(
            conn,
            select(sold_day.label("day"), func.sum(OrderLine.qty).label("qty"))
            .join(Order, Order.id == OrderLine.order_id)
            .where(
                OrderLine.sku_id == sku_id,
                Order.status != "cancelled",
                _window(first, last),
                *([where == location_id] if location_id else [where.is_not(None)]),
            )
            .group_by(sold_day),
        )
        transfers = _transfer_rows(conn, sku_id, location_id)
    movements["day"] = _as_timestamp(movements["day"])
    demand["day"] = _as_timestamp(demand["day"])
    timeline = stock_timeline(float(on_hand), movements, demand, first, last)
    return SkuHistory(sku, location, int(on_hand), timeline, transfers)


def _transfer_rows(conn: Connection, sku_id: int, location_id: int | None) -> pd.DataFrame:
    src, dst = aliased(Location), aliased(Location)
    stmt = (
        select(
            StockTransfer.code,
            type_coerce(StockTransfer.status, String).label("status"),
            src.code.label("from"),
            dst.code.label("to"),
            StockTransferLine.qty,
            StockTransfer.approved_at,
            StockTransfer.shipped_at,
            StockTransfer.received_at,
        )
        .join(StockTransferLine, StockTransferLine.transfer_id == StockTransfer.id)
        .join(src, src.id == StockTransfer.from_location_id)
        .join(dst, dst.id == StockTransfer.to_location_id)
        .where(StockTransferLine.sku_id == sku_id)
        .order_by(StockTransfer.id)
    )
    if location_id is not None:
        stmt = stmt.where(
            or_(
                StockTransfer.from_location_id == location_id,
                StockTransfer.to_location_id == location_id,
            )
        )
    return _frame(conn, stmt)


# -- proposals and transfers ---------------------------------------------------------------------


def proposals(bind: Bind, statuses: Sequence[str] = ()) -> pd.DataFrame:
    """Saved proposals, newest first: id, status, scope, created_by, computed_at, approved_at,
    approved_by, total_cost, saving, optimal, gap, lines, units, version."""
    p, line = RebalanceProposal, RebalanceProposalLine
    counts = (
        select(
            line.proposal_id,
            func.count().label("lines"),
            func.sum(line.qty).label("units"),
        )
        .group_by(line.proposal_id)
        .subquery()
    )
    stmt = (
        select(
            p.id,
            type_coerce(p.status, String).label("status"),
            p.scope,
            p.created_by,
            p.computed_at,
            p.approved_at,
            p.approved_by,
            p.total_cost,
            p.saving,
            p.optimal,
            p.gap,
            func.coalesce(counts.c.lines, 0).label("lines"),
            func.coalesce(counts.c.units, 0).label("units"),
            p.version,
        )
        .outerjoin(counts, counts.c.proposal_id == p.id)
        .order_by(p.id.desc())
    )
    if statuses:
        stmt = stmt.where(p.status.in_(list(statuses)))
    with connected(bind) as conn:
        return _frame(conn, stmt)


def proposal_summary(bind: Bind, proposal_id: int) -> dict[str, Any]:
    """One proposal's figures as shown before approval: id, status, scope, version, created_by,
    computed_at, approved_at, approved_by, total_cost, saving, optimal, gap, lines, units
    (= units of shortage avoided: a receiver never gets more than it needs), need_units,
    transport_cost, fixed_cost (of the lanes used), unmet_cost."""
    p, line = RebalanceProposal, RebalanceProposalLine
    with connected(bind) as conn:
        row = conn.execute(
            select(
                p.id,
                type_coerce(p.status, String).label("status"),
                p.scope,
                p.version,
                p.created_by,
                p.computed_at,
                p.approved_at,
                p.approved_by,
                p.total_cost,
                p.saving,
                p.optimal,
                p.gap,
                p.basis,
            ).where(p.id == proposal_id)
        ).first()
        if row is None:
            raise UserError(
                f"There is no proposal {proposal_id}.", "Refresh the list of proposals."
            )
        lines, units, transport = conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(line.qty), 0),
                func.coalesce(func.sum(line.qty * line.unit_cost), 0),
            ).where(line.proposal_id == proposal_id)
        ).one()
    summary = dict(row._mapping)
    basis = summary.pop("basis") or {}
    fixed = float(sum(cost for _src, _dst, cost in basis.get("lanes", [])))
    summary.update(
        lines=int(lines),
        units=int(units),
        need_units=int(basis.get("need_units", units)),
        transport_cost=float(transport),
        fixed_cost=fixed,
        unmet_cost=float(summary["total_cost"]) - float(transport) - fixed,
    )
    return summary


def proposal_lines(bind: Bind, proposal_id: int) -> pd.DataFrame:
    """Lines of a proposal: line_id, sku, sku_name(_zh), from, from_name(_zh), to,
    to_name(_zh), qty, unit_cost, line_cost."""
    line = RebalanceProposalLine
    src, dst = aliased(Location), aliased(Location)
    stmt = (
        select(
            line.id.label("line_id"),
            Sku.code.label("sku"),
            Sku.name.label("sku_name"),
            Sku.name_zh.label("sku_name_zh"),
            src.code.label("from"),
            src.name.label("from_name"),
            src.name_zh.label("from_name_zh"),
            dst.code.label("to"),
            dst.name.label("to_name"),
            dst.name_zh.label("to_name_zh"),
            line.qty,
            line.unit_cost,
        )
        .join(Sku, Sku.id == line.sku_id)
        .join(src, src.id == line.from_location_id)
        .join(dst, dst.id == line.to_location_id)
        .where(line.proposal_id == proposal_id)
        .order_by(Sku.code, src.code, dst.code)
    )
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    frame["unit_cost"] = frame["unit_cost"].astype(float)
    frame["line_cost"] = frame["qty"] * frame["unit_cost"]
    return frame


def transfers(bind: Bind, statuses: Sequence[str] = ()) -> pd.DataFrame:
    """Transfer orders, newest first: id, code, status, proposal_id, from, from_name(_zh), to,
    to_name(_zh), lines, units, transport_cost, fixed_cost, approved_at, shipped_at,
    received_at, created_by, version."""
    t, line = StockTransfer, StockTransferLine
    src, dst = aliased(Location), aliased(Location)
    counts = (
        select(line.transfer_id, func.count().label("lines"), func.sum(line.qty).label("units"))
        .group_by(line.transfer_id)
        .subquery()
    )
    stmt = (
        select(
            t.id,
            t.code,
            type_coerce(t.status, String).label("status"),
            t.proposal_id,
            src.code.label("from"),
            src.name.label("from_name"),
            src.name_zh.label("from_name_zh"),
            dst.code.label("to"),
            dst.name.label("to_name"),
            dst.name_zh.label("to_name_zh"),
            func.coalesce(counts.c.lines, 0).label("lines"),
            func.coalesce(counts.c.units, 0).label("units"),
            t.transport_cost,
            t.fixed_cost,
            t.approved_at,
            t.shipped_at,
            t.received_at,
            t.created_by,
            t.version,
        )
        .join(src, src.id == t.from_location_id)
        .join(dst, dst.id == t.to_location_id)
        .outerjoin(counts, counts.c.transfer_id == t.id)
        .order_by(t.id.desc())
    )
    if statuses:
        stmt = stmt.where(t.status.in_(list(statuses)))
    with connected(bind) as conn:
        return _frame(conn, stmt)


def transfer_lines(bind: Bind, transfer_id: int) -> pd.DataFrame:
    """sku, sku_name(_zh), qty, unit_cost of one transfer."""
    line = StockTransferLine
    stmt = (
        select(Sku.code.label("sku"), Sku.name.label("sku_name"), Sku.name_zh.label("sku_name_zh"))
        .add_columns(line.qty, line.unit_cost)
        .join(Sku, Sku.id == line.sku_id)
        .where(line.transfer_id == transfer_id)
        .order_by(Sku.code)
    )
    with connected(bind) as conn:
        return _frame(conn, stmt)


# -- online order sourcing -----------------------------------------------------------------------


def online_orders(bind: Bind, statuses: Sequence[str] = ONLINE_OPEN_STATUSES, limit: int = 500):
    """Recent online orders (no store), newest first: order_no, status, placed_at, city,
    city_name(_zh), postcode, net_amount, dealer (fulfilling dealer code), fulfilled_from."""
    src = aliased(Location)
    stmt = (
        select(
            Order.order_no,
            type_coerce(Order.status, String).label("status"),
            Order.placed_at,
            City.code.label("city"),
            City.name.label("city_name"),
            City.name_zh.label("city_name_zh"),
            Order.postcode,
            Order.net_amount,
            Dealer.code.label("dealer"),
            src.code.label("fulfilled_from"),
        )
        .outerjoin(City, City.id == Order.city_id)
        .outerjoin(Dealer, Dealer.id == Order.fulfilling_dealer_id)
        .outerjoin(src, src.id == Order.fulfilled_from_id)
        .where(Order.store_id.is_(None))
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit)
    )
    if statuses:
        stmt = stmt.where(Order.status.in_(list(statuses)))
    with connected(bind) as conn:
        return _frame(conn, stmt)


@dataclass(frozen=True)
class OrderSourcing:
    """Where an online order can be fulfilled from and who delivers it.

    order: order_no, status, city, city_name(_zh), region, postcode, lat, lon.
    lines: sku, sku_name(_zh), qty. options: fulfilment_options columns (location,
    location_name(_zh), location_type, dealer, distance_km, lines_complete, units_available,
    complete...) plus atp_by_sku ({sku: atp}). dealer: code, name, name_zh of the responsible
    dealer (None: no territory holds the customer); assigned_dealer: the order's current one.
    """

    order: dict[str, Any]
    lines: pd.DataFrame
    options: pd.DataFrame
    dealer: dict[str, Any] | None
    assigned_dealer: str | None


def order_sourcing(bind: Bind, order_no: str) -> OrderSourcing:
    """Locations able to ship an online order from stock (ATP = on hand - reserved: the units
    held back for online orders serve exactly these), complete ones first, then nearest; and
    the dealer whose territory holds the customer's city or postcode."""
    assigned = aliased(Dealer)
    with connected(bind) as conn:
        head = conn.execute(
            select(
                Order.id,
                Order.order_no,
                type_coerce(Order.status, String).label("status"),
                Order.store_id,
                Order.city_id,
                Order.postcode,
                City.code.label("city"),
                City.name.label("city_name"),
                City.name_zh.label("city_name_zh"),
                City.region_id,
                Region.code.label("region"),
                City.lat,
                City.lon,
                assigned.code.label("assigned_dealer"),
            )
            .outerjoin(City, City.id == Order.city_id)
            .outerjoin(Region, Region.id == City.region_id)
            .outerjoin(assigned, assigned.id == Order.fulfilling_dealer_id)
            .where(Order.order_no == order_no)
        ).first()
        if head is None:
            raise UserError(
                f"There is no order {order_no}.",
                "Check the order number, or pick one from the list.",
            )
        if head.store_id is not None or head.lat is None:
            raise UserError(
                f"Order {order_no} is not an online order with a delivery city.",
                "Pick an online order: store orders are served by their store.",
            )
        lines = _frame(
            conn,
            select(
                Sku.id.label("sku_id"),
                Sku.code.label("sku"),
                Sku.name.label("sku_name"),
                Sku.name_zh.label("sku_name_zh"),
                func.sum(OrderLine.qty).label("qty"),
            )
            .join(Sku, Sku.id == OrderLine.sku_id)
            .where(OrderLine.order_id == head.id)
            .group_by(Sku.id, Sku.code, Sku.name, Sku.name_zh)
            .order_by(Sku.code),
        )
        atp = _frame(
            conn,
            select(
                Location.code.label("location"),
                Sku.code.label("sku"),
                (InventoryLevel.on_hand - InventoryLevel.reserved).label("atp"),
            )
            .join(Location, Location.id == InventoryLevel.location_id)
            .join(Sku, Sku.id == InventoryLevel.sku_id)
            .where(
                InventoryLevel.sku_id.in_(lines["sku_id"].tolist()),
                Location.status == "open",
            ),
        )
        territories = _frame(
            conn,
            select(
                Dealer.code.label("dealer"),
                DealerTerritory.region_id.label("region"),
                DealerTerritory.city_id.label("city"),
                DealerTerritory.postcode_prefix,
                DealerTerritory.exclusive,
            )
            .join(Dealer, Dealer.id == DealerTerritory.dealer_id)
            .where(Dealer.status == "active")
            .order_by(DealerTerritory.id),
        )
        code = responsible_dealer(
            territories, region=head.region_id, city=head.city_id, postcode=head.postcode
        )
        dealer = None
        if code is not None:
            row = conn.execute(
                select(Dealer.code, Dealer.name, Dealer.name_zh).where(Dealer.code == code)
            ).first()
            dealer = dict(row._mapping)
    places = locations(bind)
    places = places[places["status"] == "open"]
    options = fulfilment_options(
        lines[["sku", "qty"]], atp, places, float(head.lat), float(head.lon)
    )
    per_sku = atp.pivot_table(index="location", columns="sku", values="atp", aggfunc="sum")
    options["atp_by_sku"] = [
        {k: int(v) for k, v in per_sku.loc[loc].dropna().items()} for loc in options["location"]
    ]
    order = {
        k: getattr(head, k)
        for k in ("order_no", "status", "city", "city_name", "city_name_zh", "region", "postcode")
    }
    order.update(lat=float(head.lat), lon=float(head.lon))
    return OrderSourcing(order, lines.drop(columns="sku_id"), options, dealer, head.assigned_dealer)
