"""Stock: what each store carries, levels at the end of the timeline, transfers and movements.

Experience stores hold no stock (no inventory rows). Safety and target stock follow each row's
sales of the last four weeks, so the inventory monitor (console.services.stock_metrics) finds
most rows healthy; a few stores are overstocked and a few run short, more of either in some
regions than in others. Most store x SKU rows of a furniture brand sell less than once a month:
most stores show one or two display units of such slow movers (the planner's target), which the
monitor lists as slow movers rather than overstock. The movement history of the last weeks
(sales, returns, receipts, transfers) adds up, with an opening balance, to the stock on hand at
the end, and never takes the stock below zero: receipts follow a reorder-point policy and
arrive before the sales they cover.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from console.db.demo.context import SeedContext, as_datetime
from console.db.demo.network import DAY, Network
from console.db.demo.orders import OrderBatch


def store_assortment(
    ctx: SeedContext, network: Network, skus: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """(store position, SKU position) pairs: the best sellers a store carries plus every core
    SKU (the ones that substitute for items not on sale)."""
    rng = ctx.rng("assortment")
    stores = network.stores
    stocking = np.flatnonzero(stores["kind"].to_numpy() != "experience")
    count = max(1, round(ctx.scale.assortment * len(skus)))
    log_weight = np.log(skus["offline_weight"].to_numpy())
    core = skus["core"].to_numpy()
    pairs = []
    for batch in np.array_split(stocking, max(1, stocking.size // 200)):
        keys = log_weight[None, :] + rng.gumbel(size=(batch.size, len(skus)))
        keys[:, core] = np.inf
        top = np.argpartition(-keys, min(count, len(skus) - 1), axis=1)[:, :count]
        chosen = np.zeros((batch.size, len(skus)), dtype=bool)
        np.put_along_axis(chosen, top, True, axis=1)
        chosen[:, core] = True
        rows, cols = np.nonzero(chosen)
        pairs.append((batch[rows], cols))
    return (np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs]))


@dataclass
class StockHistory:
    """Order lines fulfilled inside the movement window, collected month by month."""

    start: int  # epoch second where the movement history begins
    parts: list[tuple[np.ndarray, ...]] = field(default_factory=list)

    def collect(self, batch: OrderBatch) -> None:
        line_order = batch.line_order
        keep = (
            (batch.placed[line_order] >= self.start)
            & (batch.fulfil_from[line_order] >= 0)
            & (batch.status[line_order] != 5)
        )
        self.parts.append(
            (
                batch.fulfil_from[line_order][keep],
                batch.line_sku[keep],
                batch.line_qty[keep],
                batch.line_returned[keep],
                batch.placed[line_order][keep],
                batch.delivered[line_order][keep],
            )
        )

    def lines(self) -> pd.DataFrame:
        names = ("location", "sku", "qty", "returned", "placed", "delivered")
        if not self.parts:
            return pd.DataFrame({n: np.zeros(0, np.int64) for n in names})
        return pd.DataFrame(
            {n: np.concatenate([p[i] for p in self.parts]) for i, n in enumerate(names)}
        )


def seed_inventory(
    ctx: SeedContext,
    network: Network,
    skus: pd.DataFrame,
    assortment: tuple[np.ndarray, np.ndarray],
    history: StockHistory,
) -> None:
    rng = ctx.rng("inventory")
    stores, warehouses = network.stores, network.warehouses
    end = ctx.end_second
    open_store = (stores["closed"].to_numpy() > end) & ~stores["planned"].to_numpy()
    store_of, sku_of = assortment
    keep = open_store[store_of]
    sellable = skus["available_from"].to_numpy() <= end
    wh_sku = np.flatnonzero(sellable)
    levels = pd.DataFrame(
        {
            "location": np.concatenate(
                [
                    stores["id"].to_numpy()[store_of[keep]],
                    np.repeat(warehouses["id"].to_numpy(), wh_sku.size),
                ]
            ),
            "sku": np.concatenate([sku_of[keep], np.tile(wh_sku, len(warehouses))]),
        }
    )
    levels = levels[sellable[levels["sku"].to_numpy()]].sort_values(
        ["location", "sku"], ignore_index=True
    )
    lines = history.lines()
    warehouse = levels["location"].to_numpy() > len(stores)
    rate, spread = _recent_sales(levels, lines, end)
    display = _display_units(ctx.rng("display units"), warehouse)
    safety, target = _stored_levels(rate, spread, warehouse, display)
    ended = skus["available_to"].to_numpy()[levels["sku"].to_numpy()] <= end
    safety[ended], target[ended] = 0, 0
    location = levels["location"].to_numpy()
    over, short = (np.isin(location, ids) for ids in _store_profiles(rng, network, open_store))
    position = _positions(rng, rate, safety, target, warehouse, over, short)
    leftover = rng.choice(4, len(levels), p=[0.55, 0.25, 0.15, 0.05])  # of discontinued SKUs
    position = np.where(ended, leftover, position)
    # reservations and online holds come on top of what is free to sell
    reserved = rng.binomial(position, 0.05)
    holds = warehouse | np.isin(
        location, stores["id"].to_numpy()[stores["ships_from_store"].to_numpy()]
    )
    online_hold = np.where(holds, rng.binomial(position, 0.08), 0)
    on_hand = position + reserved + online_hold
    ctx.emit(
        "inventory_levels",
        {
            "location_id": location,
            "sku_id": skus["id"].to_numpy()[levels["sku"].to_numpy()],
            "on_hand": on_hand,
            "reserved": reserved,
            "online_hold": online_hold,
            "safety_stock": safety,
            "target_stock": target,
        },
    )
    ctx.check()
    levels = levels.assign(
        on_hand=on_hand, rate=rate, safety=safety, target=target, warehouse=warehouse
    )
    transfers = _transfers(ctx, rng, network, levels, history.start, skus)
    _movements(ctx, levels, lines, transfers, history.start, skus)


RECENT_DAYS = 28
"""The planners' forecast window: the last four weeks' sales (the stock monitor's default)."""
LEAD_DAYS = (7.0, 10.0)  # replenishment lead time of a store, of a warehouse
SLOW_HELD = (0.85, 0.9)  # share of store / warehouse rows without recent sales holding stock
DISPLAY_UNITS = ((1, 2), (1, 3))  # units of a slow mover a store / a warehouse holds (range)


def _display_units(rng: np.random.Generator, warehouse: np.ndarray) -> np.ndarray:
    """Units a row keeps of an item that has not sold lately: a store shows one or two (a
    display piece, and a boxed one where there is room), a warehouse one to three."""
    low = np.where(warehouse, DISPLAY_UNITS[1][0], DISPLAY_UNITS[0][0])
    high = np.where(warehouse, DISPLAY_UNITS[1][1], DISPLAY_UNITS[0][1])
    return rng.integers(low, high + 1)


def _recent_sales(levels: pd.DataFrame, lines: pd.DataFrame, end: int) -> tuple[np.ndarray, ...]:
    """Mean and standard deviation of the daily units each row sold in the last RECENT_DAYS
    (days without sales count as 0), in the order of `levels`."""
    recent = lines[lines["placed"].to_numpy() > end - RECENT_DAYS * DAY]
    daily = recent.assign(day=recent["placed"] // DAY).groupby(["location", "sku", "day"])["qty"]
    per_day = daily.sum().rename("units").reset_index()
    per_day["square"] = per_day["units"] ** 2
    sums = per_day.groupby(["location", "sku"])[["units", "square"]].sum()
    index = pd.MultiIndex.from_arrays([levels["location"], levels["sku"]])
    units = sums["units"].reindex(index).fillna(0).to_numpy(float)
    squares = sums["square"].reindex(index).fillna(0).to_numpy(float)
    mean = units / RECENT_DAYS
    variance = (squares - RECENT_DAYS * mean**2) / (RECENT_DAYS - 1)
    return mean, np.sqrt(variance.clip(min=0))


def _stored_levels(
    rate: np.ndarray, spread: np.ndarray, warehouse: np.ndarray, display: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The planners' levels from recent sales (a periodic review): safety stock covers the lead
    time's demand plus one standard deviation of it (at least the Poisson spread of slow
    movers); the target adds two weeks of sales. Rows without recent sales: no safety stock,
    their display units as the target."""
    lead = np.where(warehouse, LEAD_DAYS[1], LEAD_DAYS[0])
    lead_demand = rate * lead
    deviation = np.maximum(spread * np.sqrt(lead), np.sqrt(lead_demand))
    safety = np.ceil(lead_demand + deviation).astype(np.int64)
    target = safety + np.ceil(rate * 14).astype(np.int64) + 1
    return safety, np.where(rate > 0, target, display)


def _store_profiles(
    rng: np.random.Generator, network: Network, open_store: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the overstocked stores (about 8%) and of the stores running short (about 10%).

    Regions lean one way (stock pushed to a region for a promotion that sold less than planned,
    another region under-supplied), but each keeps a mix, so stock can move between neighbours.
    """
    stores = network.stores
    stocking = open_store & (stores["kind"].to_numpy() != "experience")
    ids = stores["id"].to_numpy()[stocking]
    lean = rng.normal(0.0, 0.9, len(network.region_dc))[stores["region"].to_numpy()[stocking]]
    over = rng.choice(ids, max(2, round(0.08 * ids.size)), replace=False, p=_share(np.exp(lean)))
    rest = ~np.isin(ids, over)
    short_count = max(2, round(0.10 * ids.size))
    short = rng.choice(ids[rest], short_count, replace=False, p=_share(np.exp(-lean[rest])))
    return over, short


def _share(weights: np.ndarray) -> np.ndarray:
    return weights / weights.sum()


def _positions(
    rng: np.random.Generator,
    rate: np.ndarray,
    safety: np.ndarray,
    target: np.ndarray,
    warehouse: np.ndarray,
    over_store: np.ndarray,
    short_store: np.ndarray,
) -> np.ndarray:
    """Units free to sell per row. Most rows lie between safety stock and a little above
    target; most rows without recent sales hold their target (display units), the others none.
    Overstocked stores hold 100-240 days of sales (or a few units more than the display of a
    slow mover) on most SKUs; items that sell run short now and then, on most of them in the
    stores running short: below safety stock, some at zero."""
    n = rate.size
    selling = rate > 0
    # up to a quarter above target in stores (deliveries come in whole cases), up to twice the
    # target in the warehouses that also replenish the stores; never two months of sales more
    above = np.minimum(np.ceil(target * np.where(warehouse, 2.0, 1.25)), np.floor(rate * 60))
    top = np.maximum(above.astype(np.int64), target)
    position = rng.integers(safety, np.maximum(top, safety) + 1)
    held = rng.random(n) < np.where(warehouse, SLOW_HELD[1], SLOW_HELD[0])
    position = np.where(selling, position, np.where(held, target, 0))
    over = over_store & (rng.random(n) < 0.7)
    excess = np.maximum(np.ceil(rate * rng.uniform(100, 240, n)), target + rng.integers(2, 6, n))
    position = np.where(over, excess.astype(np.int64), position)
    short = selling & ~over & (rng.random(n) < np.where(short_store, 0.7, 0.12))
    below = (rng.random(n) * safety).astype(np.int64)
    return np.where(short, np.where(rng.random(n) < 0.4, 0, below), position)


def _transfers(
    ctx: SeedContext,
    rng: np.random.Generator,
    network: Network,
    levels: pd.DataFrame,
    start: int,
    skus: pd.DataFrame,
) -> pd.DataFrame:
    """Recent stock transfers from distribution centres or overstocked stores to stores."""
    end = ctx.end_second
    stores, cities = network.stores, network.cities
    held = levels.groupby("location")["sku"].apply(np.asarray)
    store_ids = [s for s in stores["id"] if s in held.index]
    region_of = dict(zip(stores["id"], stores["region"], strict=True))
    city_of = dict(zip(stores["id"], stores["city"], strict=True))
    city_of.update(zip(network.warehouses["id"], network.warehouses["city"], strict=True))
    count = ctx.scale.transfers
    rows, lines = [], []
    created = np.sort(rng.integers(start, end - DAY, count))
    recent = max(6, count // 8)  # the latest transfers are still under way
    created[-recent:] = np.sort(rng.integers(end - 5 * DAY, end - 3 * DAY, recent))
    under_way = ("proposed", "approved", "in_transit")
    for at in created:
        number = len(rows) + 1
        to = int(rng.choice(store_ids))
        same_region = [s for s in store_ids if region_of[s] == region_of[to] and s != to]
        frm = (
            int(rng.choice(same_region))
            if same_region and rng.random() < 0.4
            else int(network.region_dc[region_of[to]])
        )
        common = np.intersect1d(held[frm], held[to])
        if common.size == 0:
            continue
        moved = rng.choice(common, size=min(common.size, int(rng.integers(1, 5))), replace=False)
        qty = rng.integers(1, 11, moved.size)
        a, b = cities.loc[city_of[frm]], cities.loc[city_of[to]]
        km = 111.0 * float(np.hypot(a["lat"] - b["lat"], a["lon"] - b["lon"])) + 5.0
        unit_cost = round(1.5 + 0.004 * km, 4)
        approved = at + int(rng.integers(2, 24)) * 3600
        shipped = approved + int(rng.integers(4, 48)) * 3600
        received = shipped + int(rng.integers(1, 5)) * DAY
        draw = rng.random()
        planned = (
            "cancelled"
            if draw < 0.05
            else "received"
            if at < end - 5 * DAY
            else under_way[len(rows) % 3]
        )
        reached = (
            "received"
            if received <= end
            else "in_transit"
            if shipped <= end
            else "approved"
            if approved <= end
            else "proposed"
        )
        order = ("proposed", "approved", "in_transit", "received")
        status = (
            planned
            if planned == "cancelled"
            else order[min(order.index(planned), order.index(reached))]
        )
        rows.append(
            (
                number,
                frm,
                to,
                status,
                at,
                approved,
                shipped,
                received,
                round(float(qty.sum()) * unit_cost, 2),
                round(60 + 0.02 * km, 2),
            )
        )
        lines.extend((number, s, q, unit_cost) for s, q in zip(moved, qty, strict=True))
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "frm",
            "to",
            "status",
            "created",
            "approved",
            "shipped",
            "received",
            "transport",
            "fixed",
        ],
    )
    status = frame["status"].to_numpy()
    ctx.emit(
        "stock_transfers",
        {
            "id": frame["id"].to_numpy(),
            "code": np.array([f"TR{i:07d}" for i in frame["id"]], dtype=object),
            "from_location_id": frame["frm"].to_numpy(),
            "to_location_id": frame["to"].to_numpy(),
            "status": status.astype(object),
            "created_by": np.full(len(frame), "supply", dtype=object),
            "approved_at": as_datetime(
                frame["approved"].to_numpy(), np.isin(status, ["proposed", "cancelled"])
            ),
            "shipped_at": as_datetime(
                frame["shipped"].to_numpy(), ~np.isin(status, ["in_transit", "received"])
            ),
            "received_at": as_datetime(frame["received"].to_numpy(), status != "received"),
            "transport_cost": frame["transport"].to_numpy(),
            "fixed_cost": frame["fixed"].to_numpy(),
        },
    )
    line_frame = pd.DataFrame(lines, columns=["transfer", "sku", "qty", "unit_cost"])
    ctx.emit(
        "stock_transfer_lines",
        {
            "id": np.arange(1, len(line_frame) + 1),
            "transfer_id": line_frame["transfer"].to_numpy(),
            "sku_id": skus["id"].to_numpy()[line_frame["sku"].to_numpy()],
            "qty": line_frame["qty"].to_numpy(),
            "unit_cost": line_frame["unit_cost"].to_numpy(),
        },
    )
    return line_frame.merge(frame, left_on="transfer", right_on="id")


SALE = 20 * 3600  # a day's sales are booked in the evening; receipts come in at midnight


def _movements(
    ctx: SeedContext,
    levels: pd.DataFrame,
    lines: pd.DataFrame,
    transfers: pd.DataFrame,
    start: int,
    skus: pd.DataFrame,
) -> None:
    """Sales, returns and transfers as they happened, plus the receipts and the opening balance
    that a reorder-point policy needs for them to end at today's on hand without the stock ever
    going below zero."""
    end = ctx.end_second
    day = lines["placed"].to_numpy() // DAY
    sales = lines.assign(day=day).groupby(["location", "sku", "day"], as_index=False)["qty"].sum()
    back = lines[(lines["returned"] > 0) & (lines["delivered"] >= 0)]
    back_at = back["delivered"].to_numpy() + 5 * DAY
    ok = back_at <= end
    moving = transfers[transfers["status"].isin(["in_transit", "received"])]
    arrived = moving[moving["status"] == "received"]
    fixed = pd.concat(
        [
            _part(
                sales["location"], sales["sku"], -sales["qty"], "sale", sales["day"] * DAY + SALE
            ),
            _part(
                back["location"].to_numpy()[ok],
                back["sku"].to_numpy()[ok],
                back["returned"].to_numpy()[ok],
                "return",
                back_at[ok],
            ),
            _part(
                moving["frm"],
                moving["sku"],
                -moving["qty"],
                "transfer_out",
                moving["shipped"],
                moving["transfer"],
            ),
            _part(
                arrived["to"],
                arrived["sku"],
                arrived["qty"],
                "transfer_in",
                arrived["received"],
                arrived["transfer"],
            ),
        ],
        ignore_index=True,
    )
    rows = levels[["location", "sku"]].reset_index(names="row")
    fixed = fixed.merge(rows, on=["location", "sku"])
    first_day, days = start // DAY, (end - start) // DAY + 1
    policy = _policy(ctx.rng("replenishment"), levels)
    day = fixed["at"].to_numpy() // DAY - first_day
    opening, got, lost = _replenish(
        policy, fixed["qty"].to_numpy(), fixed["row"].to_numpy(), day, days
    )
    lost = _counted(lost, days)
    location, sku = levels["location"].to_numpy(), levels["sku"].to_numpy()
    held = np.flatnonzero(opening)
    moves = pd.concat(
        [
            _part(
                location[held],
                sku[held],
                opening[held],
                "adjustment",
                start,
                note="opening balance",
            ),
            _part(location[got[0]], sku[got[0]], got[2], "receipt", (first_day + got[1]) * DAY),
            fixed.drop(columns="row"),
            _part(
                location[lost[0]],
                sku[lost[0]],
                -lost[2],
                "adjustment",
                (first_day + lost[1] + 1) * DAY - 1,
                note="stock count correction",
            ),
        ],
        ignore_index=True,
    )
    moves = moves.sort_values(["at", "location", "sku"], kind="stable", ignore_index=True)
    ctx.emit(
        "stock_movements",
        {
            "id": np.arange(1, len(moves) + 1),
            "location_id": moves["location"].to_numpy(),
            "sku_id": skus["id"].to_numpy()[moves["sku"].to_numpy()],
            "qty": moves["qty"].to_numpy(),
            "kind": moves["kind"].to_numpy(dtype=object),
            "transfer_id": moves["transfer"].to_numpy(),
            "occurred_at": as_datetime(moves["at"].to_numpy()),
            "created_by": np.where(moves["transfer"].to_numpy() >= 0, "supply", "system").astype(
                object
            ),
            "note": moves["note"].to_numpy(dtype=object),
        },
    )


def _part(location, sku, qty, kind: str, at, transfer=-1, note: str | None = None) -> pd.DataFrame:
    """Movements of one kind, in the columns `_movements` sorts and emits."""
    columns = {"location": location, "sku": sku, "qty": qty, "at": at, "transfer": transfer}
    frame = pd.DataFrame({k: np.asarray(v) for k, v in columns.items() if np.ndim(v)})
    scalars = {k: v for k, v in columns.items() if not np.ndim(v)}
    return frame.assign(kind=kind, note=note, **scalars)[[*columns, "kind", "note"]]


@dataclass(frozen=True)
class Policy:
    """Per inventory row: stock today, the level at which the planners reorder, the level a
    delivery tops the stock up to (the last one: at least today's stock), and the replenishment
    lead time in days."""

    on_hand: np.ndarray
    reorder: np.ndarray
    up_to: np.ndarray
    lead: np.ndarray


def _policy(rng: np.random.Generator, levels: pd.DataFrame) -> Policy:
    """Rows that sell reorder at safety stock, slow movers as soon as a display unit sold; a
    delivery fills up to the target plus up to a week's sales."""
    n = len(levels)
    rate = levels["rate"].to_numpy()
    on_hand = levels["on_hand"].to_numpy()
    target = levels["target"].to_numpy()
    lead = np.where(levels["warehouse"].to_numpy(), LEAD_DAYS[1], LEAD_DAYS[0]).astype(np.int64)
    return Policy(
        on_hand=on_hand,
        reorder=np.where(rate > 0, levels["safety"].to_numpy(), target),
        up_to=target + np.floor(rate * rng.uniform(0, 7, n)).astype(np.int64),
        lead=lead + rng.integers(-2, 3, n),
    )


def _replenish(
    policy: Policy, qty: np.ndarray, row: np.ndarray, day: np.ndarray, days: int
) -> tuple[np.ndarray, tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Opening stock per row, then receipts and stock count losses as (row, day, qty), that lead
    through the given movements (signed qty on row and day) to today's on hand, never below 0.

    Walks back from today: going back, sales raise the stock; where it would pass the level a
    delivery fills up to (today's stock, if higher, for the latest one), a receipt came in that
    morning, on top of what was left by then: the reorder level less the lead time's sales, but
    at least what returns and transfers brought in earlier in the window (so that their units
    are there to go back through). A day's receipt comes before its movements and each day is
    checked as if all its outflows came first, so the stock is never negative at any moment.
    Units that came in and are not there at the end of the day are lost (shrinkage). Rows
    without movements keep their stock through the window."""
    active, row = np.unique(row, return_inverse=True)
    n = active.size
    cell = day * n + row  # (days, rows): one day's values lie together
    inflow = np.bincount(cell, np.maximum(qty, 0), days * n).astype(np.int64).reshape(days, n)
    outflow = np.bincount(cell, np.maximum(-qty, 0), days * n).astype(np.int64).reshape(days, n)
    zero = np.zeros((1, n), np.int64)
    sold_by = np.vstack([zero, outflow.cumsum(axis=0)])  # sold_by[d]: before day d
    came_by = np.vstack([zero, inflow.cumsum(axis=0)])
    received = np.zeros((days, n), np.int64)
    lost = np.zeros((days, n), np.int64)
    columns = np.arange(n)
    lead, reorder, cycle_up_to = (x[active] for x in (policy.lead, policy.reorder, policy.up_to))
    level = policy.on_hand[active].astype(np.int64)
    up_to = np.maximum(cycle_up_to, level)  # until the latest receipt is found
    for d in range(days - 1, -1, -1):
        lost[d] = np.maximum(inflow[d] - level, 0)
        top = level + lost[d] - inflow[d] + outflow[d]  # after the morning's receipt
        since = np.maximum(d - lead, 0)
        sold = sold_by[d] - sold_by[since, columns]
        left = np.minimum(top, np.maximum(reorder - sold, came_by[d]))
        due = top > up_to
        received[d] = np.where(due, top - left, 0)
        level = np.where(due, left, top)
        up_to = np.where(due, cycle_up_to, up_to)
    opening = policy.on_hand.astype(np.int64)
    opening[active] = level
    return opening, _sparse(received, active), _sparse(lost, active)


def _counted(lost: tuple[np.ndarray, ...], days: int) -> tuple[np.ndarray, ...]:
    """Units that came in and went missing are found at the stock count two days before today
    (or on the evening they went missing, if later): one correction per row, (row, day, qty).
    Booking a loss later only raises the stock in between, so it never goes below zero."""
    rows, day, qty = lost
    found = (
        pd.DataFrame({"row": rows, "day": day, "qty": qty})
        .groupby("row")
        .agg(day=("day", "max"), qty=("qty", "sum"))
    )
    return (
        found.index.to_numpy(),
        np.maximum(found["day"].to_numpy(), days - 3),
        found["qty"].to_numpy(),
    )


def _sparse(values: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, ...]:
    """(row, day, qty) of the non-zero cells of a (days, active rows) matrix."""
    day, column = np.nonzero(values)
    return active[column], day, values[day, column]
