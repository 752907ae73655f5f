"""Orders and order lines, one calendar month at a time.

Patterns built in: daily demand follows the timeline (seasons, 6.18, Double 11, Spring
Festival); online demand doubles over the timeline while store demand eases; the share of
anonymous store orders falls from about 90% to about 30% as stores capture more members; online
orders go to the dealer whose postcode or city rule matches, or to another dealer of the region
when that dealer is full or unavailable ('fallback'), and a few stay 'unassigned'; discounts
are deeper on promotion days; some orders are cancelled or (partly) returned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from console.db.demo.context import SeedContext, as_datetime, weighted_pick
from console.db.demo.customers import GroupPool, People
from console.db.demo.network import CHANNEL_ID, DAY, Network
from console.db.demo.scales import LINES_PER_ORDER

ONLINE_CHANNELS = np.array(
    [CHANNEL_ID[c] for c in ("OWN_WEB", "WECHAT_MALL", "TMALL", "JD", "DOUYIN", "XIAOHONGSHU")]
)
_MIX_START = np.array([0.10, 0.15, 0.36, 0.26, 0.10, 0.03])
_MIX_END = np.array([0.08, 0.17, 0.30, 0.22, 0.19, 0.04])
_MARKETPLACES = np.array(
    [CHANNEL_ID["TMALL"], CHANNEL_ID["JD"], CHANNEL_ID["DOUYIN"], CHANNEL_ID["XIAOHONGSHU"]]
)
_OFFLINE_HOURS = np.array(
    [
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0.3,
        1.0,
        1.2,
        1.0,
        1.0,
        1.2,
        1.4,
        1.4,
        1.2,
        1.2,
        1.5,
        1.3,
        0.6,
        0,
        0,
    ]
)
_ONLINE_HOURS = np.array(
    [
        1.0,
        0.5,
        0.2,
        0.1,
        0.1,
        0.1,
        0.2,
        0.4,
        0.6,
        0.9,
        1.2,
        1.1,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        0.9,
        0.9,
        1.1,
        1.5,
        1.8,
        1.7,
        1.2,
    ]
)
SPEED = np.array([0.8, 1.0, 1.5])  # delivery time factor by dealer quality (good/average/poor)
RETURNS = np.array([0.8, 1.0, 1.6])  # return rate factor by dealer quality
STATUSES = np.array(
    ["placed", "paid", "shipped", "delivered", "completed", "cancelled", "returned"], dtype=object
)
ASSIGNMENTS = np.array(["store", "rule", "fallback", "unassigned"], dtype=object)


@dataclass
class OrderBatch:
    """One month's orders (by position) and lines, for tickets, interactions and stock."""

    id: np.ndarray
    channel: np.ndarray
    store: np.ndarray  # store position or -1
    dealer: np.ndarray  # fulfilling dealer position or -1
    profile: np.ndarray  # profile position or -1 (anonymous)
    placed: np.ndarray
    delivered: np.ndarray  # epoch seconds or -1
    promised: np.ndarray  # epoch seconds or -1
    status: np.ndarray  # index into STATUSES
    fulfil_from: np.ndarray  # location id or -1
    install: np.ndarray  # an item needs installing
    line_order: np.ndarray  # position of the line's order
    line_sku: np.ndarray  # SKU position
    line_qty: np.ndarray
    line_returned: np.ndarray

    @property
    def online(self) -> np.ndarray:
        return self.store < 0


@dataclass
class DemandPlan:
    offline: np.ndarray  # orders per day
    online: np.ndarray  # orders per day x ONLINE_CHANNELS

    @property
    def total(self) -> int:
        return int(self.offline.sum() + self.online.sum())


def plan_demand(ctx: SeedContext) -> DemandPlan:
    rng = ctx.rng("demand")
    timeline = ctx.timeline
    offline = timeline.offline * (1.0 - 0.15 * timeline.frac)
    online = timeline.online * (0.7 + 0.9 * timeline.frac)
    mix = np.outer(1 - timeline.frac, _MIX_START) + np.outer(timeline.frac, _MIX_END)
    mix /= mix.sum(axis=1, keepdims=True)
    factor = ctx.scale.order_lines / LINES_PER_ORDER / (offline.sum() + online.sum())
    return DemandPlan(rng.poisson(offline * factor), rng.poisson(online[:, None] * mix * factor))


def month_chunks(ctx: SeedContext) -> list[tuple[int, int]]:
    """[first, last) day indexes of each calendar month of the timeline."""
    months = ctx.timeline.days.astype("datetime64[M]")
    edges = np.flatnonzero(np.r_[True, months[1:] != months[:-1], True])
    return list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))


class OrderMaker:
    """Generates the orders of one day range at a time; ids continue across calls."""

    def __init__(
        self,
        ctx: SeedContext,
        network: Network,
        skus,
        people: People,
        assortment: tuple[np.ndarray, np.ndarray],
    ) -> None:
        self.ctx = ctx
        self.network = network
        self.skus = skus
        self.people = people
        self.plan = plan_demand(ctx)
        self.next_order = 1
        self.next_line = 1
        stores = network.stores
        rng = ctx.rng("orders:stores")
        bonus = np.where(stores["kind"].to_numpy() == "franchise", -0.03, 0.05)
        self.capture_offset = bonus + rng.normal(0.0, 0.06, len(stores))
        self.store_weight = np.where(stores["planned"].to_numpy(), 0.0, stores["weight"].to_numpy())
        store_of, sku_of = assortment
        self.assortment = GroupPool(
            store_of,
            np.zeros(len(store_of), dtype=np.int64),
            skus["offline_weight"].to_numpy()[sku_of],
            len(stores),
        )
        self.assortment_sku = sku_of

    def make(self, first_day: int, last_day: int) -> OrderBatch:
        ctx, stores, skus = self.ctx, self.network.stores, self.skus
        rng = ctx.rng(f"orders:{first_day}")
        days = np.arange(first_day, last_day)
        offline_day = np.repeat(days, self.plan.offline[first_day:last_day])
        counts = self.plan.online[first_day:last_day]
        online_day = np.repeat(np.repeat(days, counts.shape[1]), counts.ravel())
        online_channel = np.repeat(np.tile(ONLINE_CHANNELS, len(days)), counts.ravel())
        day = np.concatenate([offline_day, online_day])
        online = np.r_[np.zeros(offline_day.size, bool), np.ones(online_day.size, bool)]
        n = day.size
        hours = np.where(
            online, weighted_pick(rng, _ONLINE_HOURS, n), weighted_pick(rng, _OFFLINE_HOURS, n)
        )
        midnight_rush = online & ctx.timeline.peak[day] & (rng.random(n) < 0.15)
        hours = np.where(midnight_rush, 0, hours)
        placed = ctx.seconds(day) + hours * 3600 + rng.integers(0, 3600, n)
        order = np.argsort(placed, kind="stable")  # ids follow time within the month
        day, online, placed = day[order], online[order], placed[order]
        channel = np.r_[np.zeros(offline_day.size, np.int64), online_channel][order]
        frac = ctx.timeline.frac[day]

        # where: a store (offline) or the buyer's account (online)
        store = np.full(n, -1, dtype=np.int64)
        off = np.flatnonzero(~online)
        chosen = weighted_pick(rng, self.store_weight, off.size)
        closed = (stores["opened"].to_numpy()[chosen] > placed[off]) | (
            stores["closed"].to_numpy()[chosen] <= placed[off]
        )
        chosen = np.where(closed, stores["successor"].to_numpy()[chosen], chosen)
        store[off] = chosen
        channel[off] = stores["channel"].to_numpy()[chosen]
        profile = np.full(n, -1, dtype=np.int64)
        known = rng.random(off.size) < np.clip(
            0.1 + 0.6 * frac[off] + self.capture_offset[chosen], 0.02, 0.95
        )
        profile[off[known]] = self.people.store_pool.pick(rng, chosen[known], placed[off[known]])
        on = np.flatnonzero(online)
        buyer = self.people.channel_pool.pick(rng, channel[on], placed[on])
        pool = self.people.channel_pool
        profile[on] = np.where(buyer >= 0, buyer, pool.members[pool.start[channel[on]]])
        city = np.where(
            online, self.people.city[profile.clip(0)], stores["city"].to_numpy()[store.clip(0)]
        )
        postcode = np.where(profile >= 0, self.people.postcode[profile.clip(0)], -1)

        dealer, assignment = self._assign(rng, online, store, city, postcode, placed, day)
        fulfil_from = np.where(
            online,
            np.where(
                self.network.front_by_city[city] >= 0,
                self.network.front_by_city[city],
                self.network.region_dc[self.network.cities["region"].to_numpy()[city]],
            ),
            stores["fulfil_from"].to_numpy()[store.clip(0)],
        )
        fulfil_from = np.where(assignment == 3, -1, fulfil_from)

        # lines
        extra = (rng.random(n) < 0.36).astype(int) + (rng.random(n) < 0.14) + (rng.random(n) < 0.05)
        line_order = np.repeat(np.arange(n), 1 + extra)
        lines = line_order.size
        line_store = store[line_order]
        from_assortment = (line_store >= 0) & (
            stores["kind"].to_numpy()[line_store.clip(0)] != "experience"
        )
        sku = np.where(
            online[line_order],
            weighted_pick(rng, skus["online_weight"].to_numpy(), lines),
            weighted_pick(rng, skus["offline_weight"].to_numpy(), lines),
        )
        rows = np.flatnonzero(from_assortment)
        picked = self.assortment.pick(rng, line_store[rows], np.zeros(rows.size, np.int64))
        sku[rows] = self.assortment_sku[picked]
        line_time = placed[line_order]
        unavailable = (skus["available_from"].to_numpy()[sku] > line_time) | (
            skus["available_to"].to_numpy()[sku] <= line_time
        )
        sku = np.where(unavailable, skus["substitute"].to_numpy()[sku], sku)
        small = skus["small"].to_numpy()[sku]
        r = rng.random(lines)
        qty = 1 + np.where(small, (r < 0.15).astype(int) + (r < 0.05), (r < 0.03).astype(int))
        price = skus["price_cents"].to_numpy()[sku]
        marketplace = np.isin(channel[line_order], _MARKETPLACES)
        rate = (
            np.where(online[line_order], np.where(marketplace, 0.06, 0.045), 0.03)
            + ctx.timeline.extra_discount[day[line_order]] * np.where(online[line_order], 1.0, 0.6)
            + rng.uniform(0, 0.03, lines)
        )
        gross = qty * price
        discount = np.rint(gross * rate).astype(np.int64)
        amount = gross - discount
        cost = qty * skus["cost_cents"].to_numpy()[sku]
        install = np.bincount(line_order, skus["install"].to_numpy()[sku], n) > 0
        big = np.bincount(line_order, ~small, n) > 0

        # status and timestamps
        promo = ctx.timeline.extra_discount[day] >= 0.08
        cancelled = rng.random(n) < np.where(online, 0.04 + 0.03 * promo, 0.01)
        paid = np.where(online, placed + rng.integers(10, 1200, n), placed)
        unpaid = (cancelled & online & (rng.random(n) < 0.5)) | (
            online & ~cancelled & (paid > ctx.end_second)
        )
        quality = self.network.dealers["quality"].to_numpy()
        speed = np.where(dealer >= 0, SPEED[quality[dealer.clip(0)]], 1.0)
        backlog = np.where(ctx.timeline.extra_discount[day] >= 0.1, 1.5, 0.0)
        lead_days = np.where(
            online | big, rng.lognormal(np.log(2.2), 0.45, n) * speed + backlog + install, 0.0
        )
        delivered = placed + (lead_days * DAY).astype(np.int64)
        needs_delivery = online | big
        promised = np.where(
            needs_delivery, placed + (np.where(big, 5, 2) + 2 * install + 2 * promo) * DAY, -1
        )
        end = self.ctx.end_second
        status = np.select(
            [cancelled, unpaid, delivered <= end - 7 * DAY, delivered <= end, placed + DAY <= end],
            [5, 0, 4, 3, 2],
            1,
        )
        delivered = np.where(cancelled | unpaid | (delivered > end), -1, delivered)
        assignment = np.where(online & unpaid & ~cancelled, 3, assignment)
        dealer = np.where(online & unpaid & ~cancelled, -1, dealer)
        fulfil_from = np.where(online & unpaid & ~cancelled, -1, fulfil_from)
        return_factor = np.where(dealer >= 0, RETURNS[quality[dealer.clip(0)]], 1.0)
        draw = rng.random(n)
        full_return = (status == 4) & (draw < np.where(online, 0.035, 0.015) * return_factor)
        partial = (
            (status == 4) & ~full_return & (draw < np.where(online, 0.065, 0.025) * return_factor)
        )
        status = np.where(full_return, 6, status)
        first_line = np.r_[True, line_order[1:] != line_order[:-1]]
        returned_qty = np.where(
            full_return[line_order], qty, np.where(partial[line_order] & first_line, 1, 0)
        )
        returned_cents = np.rint(amount * returned_qty / qty).astype(np.int64)

        ids = self.next_order + np.arange(n)
        self.next_order += n
        dealer_ids = self.network.dealers["id"].to_numpy()
        location_ids = stores["id"].to_numpy()
        order_gross = np.bincount(line_order, gross, n)
        order_discount = np.bincount(line_order, discount, n)
        ctx.emit(
            "orders",
            {
                "id": ids,
                "order_no": _order_numbers(ctx, day, ids),
                "channel_id": channel,
                "store_id": np.where(store >= 0, location_ids[store.clip(0)], -1),
                "fulfilling_dealer_id": np.where(dealer >= 0, dealer_ids[dealer.clip(0)], -1),
                "fulfilled_from_id": fulfil_from,
                "assignment": ASSIGNMENTS[assignment],
                "customer_id": np.where(profile >= 0, profile + 1, -1),
                "profile_id": np.where(profile >= 0, profile + 1, -1),
                "city_id": self.network.cities["id"].to_numpy()[city],
                "postcode": np.where(postcode >= 0, np.char.zfill(postcode.astype(str), 6), None),
                "status": STATUSES[status],
                "placed_at": as_datetime(placed),
                "paid_at": as_datetime(paid, unpaid),
                "promised_at": as_datetime(promised, promised < 0),
                "delivered_at": as_datetime(delivered, delivered < 0),
                "gross_amount": order_gross / 100,
                "discount_amount": order_discount / 100,
                "net_amount": (order_gross - order_discount) / 100,
                "returned_amount": np.bincount(line_order, returned_cents, n) / 100,
            },
        )
        line_ids = self.next_line + np.arange(lines)
        self.next_line += lines
        ctx.emit(
            "order_lines",
            {
                "id": line_ids,
                "order_id": ids[line_order],
                "sku_id": skus["id"].to_numpy()[sku],
                "qty": qty,
                "unit_price": price / 100,
                "discount": discount / 100,
                "amount": amount / 100,
                "cost": cost / 100,
                "returned_qty": returned_qty,
            },
        )
        return OrderBatch(
            ids,
            channel,
            store,
            dealer,
            profile,
            placed,
            delivered,
            promised,
            status,
            fulfil_from,
            install,
            line_order,
            sku,
            qty,
            returned_qty,
        )

    def _assign(
        self,
        rng: np.random.Generator,
        online: np.ndarray,
        store: np.ndarray,
        city: np.ndarray,
        postcode: np.ndarray,
        placed: np.ndarray,
        day: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Fulfilling dealer and how it was chosen (index into ASSIGNMENTS)."""
        network = self.network
        dealers = network.dealers
        frm, to = dealers["available_from"].to_numpy(), dealers["available_to"].to_numpy()

        def available(d: np.ndarray, at: np.ndarray) -> np.ndarray:
            return (d >= 0) & (frm[d.clip(0)] <= at) & (at < to[d.clip(0)])

        rule = network.prefix_dealer[np.where(postcode >= 0, postcode // 100, 0)]
        rule = np.where(available(rule, placed), rule, network.city_dealer[city])
        rule = np.where(online & available(rule, placed), rule, -1)
        # capacity: the first `daily_capacity` orders of a dealer's day go to it
        candidates = np.flatnonzero(rule >= 0)
        key = rule[candidates] * 100_000 + day[candidates]
        order = np.lexsort((placed[candidates], key))
        sorted_key = key[order]
        rank = np.empty(candidates.size, dtype=np.int64)
        rank[order] = np.arange(candidates.size) - np.searchsorted(sorted_key, sorted_key)
        full = rank >= dealers["capacity"].to_numpy()[rule[candidates]]
        rule[candidates[full]] = -1
        assignment = np.where(online, 1, 0)
        dealer = np.where(online, rule, network.stores["dealer"].to_numpy()[store.clip(0)])
        # the rest go to an available dealer of the region; on festival days some wait
        needs = np.flatnonzero(online & (rule < 0))
        region = network.cities["region"].to_numpy()[city[needs]]
        fallback = np.full(needs.size, -1, dtype=np.int64)
        for _ in range(3):
            todo = np.flatnonzero(fallback < 0)
            for r in np.unique(region[todo]):
                rows = todo[region[todo] == r]
                members = network.region_dealers[r]
                pick = members[rng.integers(0, len(members), rows.size)]
                fallback[rows] = np.where(available(pick, placed[needs[rows]]), pick, -1)
        waiting = self.ctx.timeline.peak[day[needs]] & (rng.random(needs.size) < 0.25)
        fallback[waiting] = -1
        dealer[needs] = fallback
        assignment[needs] = np.where(fallback < 0, 3, 2)
        return dealer, assignment


def _order_numbers(ctx: SeedContext, day: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """'HQ' + yyyymmdd + a 9-digit sequence, e.g. HQ20261111000123456."""
    dates = np.char.replace(np.datetime_as_string(ctx.timeline.days), "-", "")
    return np.char.add(np.char.add("HQ", dates[day]), np.char.zfill(ids.astype(str), 9)).astype(
        object
    )
