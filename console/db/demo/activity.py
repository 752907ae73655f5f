"""Interactions: store visits, page views, social follows and engagement, consultations.

A fifth of the orders are preceded by a touch point that converted (a store visit or a page
view just before the purchase); many more touch points do not convert. Store visits are often
anonymous (footfall); every follower of a social account has a follow at sign-up.
"""

from __future__ import annotations

import numpy as np

from console.db.demo.context import SeedContext, as_datetime, weighted_pick
from console.db.demo.customers import People
from console.db.demo.network import CHANNEL_ID, DAY, Network
from console.db.demo.orders import DemandPlan, OrderBatch

KINDS = np.array(
    ["store_visit", "page_view", "social_follow", "social_engagement", "consultation"], dtype=object
)
VISIT, VIEW, FOLLOW, ENGAGE, CONSULT = range(5)
CONVERTED_SHARE = 0.2
_BROWSE = np.array(
    [CHANNEL_ID[c] for c in ("OWN_WEB", "WECHAT_MALL", "TMALL", "JD", "DOUYIN", "XIAOHONGSHU")]
)
_BROWSE_MIX = np.array([0.2, 0.25, 0.25, 0.15, 0.1, 0.05])
_SOCIAL = np.array([CHANNEL_ID[c] for c in ("WECHAT_OA", "DOUYIN", "XIAOHONGSHU")])
_SOCIAL_MIX = np.array([0.5, 0.35, 0.15])
_FREE_MIX = np.array([0.4, 0.35, 0.0, 0.15, 0.1])
HOUR = 3600


class InteractionMaker:
    def __init__(
        self, ctx: SeedContext, network: Network, people: People, plan: DemandPlan
    ) -> None:
        self.ctx, self.network, self.people = ctx, network, people
        start, end = ctx.start_second, ctx.end_second
        self.followers = np.flatnonzero(
            np.isin(people.channel, _SOCIAL)
            & (people.first_seen >= start)
            & (people.first_seen <= end)
        )
        self.followers = self.followers[np.argsort(people.first_seen[self.followers])]
        expected = CONVERTED_SHARE * plan.total + self.followers.size
        self.free_per_day = max(0.0, ctx.scale.interactions - expected) / ctx.timeline.days.size
        stores = network.stores
        self.store_weight = np.where(stores["planned"].to_numpy(), 0.0, stores["weight"].to_numpy())
        self.next_id = 1

    def make(self, batch: OrderBatch, first_day: int, last_day: int) -> None:
        ctx, people, stores = self.ctx, self.people, self.network.stores
        rng = ctx.rng(f"interactions:{first_day}")
        # touch points that converted into this month's orders
        chosen = np.flatnonzero((batch.status != 5) & (rng.random(len(batch.id)) < CONVERTED_SHARE))
        online = batch.online[chosen]
        kind = np.where(rng.random(chosen.size) < 0.15, CONSULT, np.where(online, VIEW, VISIT))
        before = np.where(
            online, rng.integers(30, HOUR, chosen.size), rng.integers(60, 2 * HOUR, chosen.size)
        )
        at = batch.placed[chosen] - before
        buyer = batch.profile[chosen]
        at = np.maximum(
            at, np.where(buyer >= 0, people.first_seen[buyer.clip(0)], ctx.start_second)
        )
        parts = [
            (
                kind,
                np.maximum(at, ctx.start_second),
                batch.channel[chosen],
                batch.store[chosen],
                buyer,
                np.ones(chosen.size, dtype=bool),
            )
        ]

        # touch points that did not convert
        first, last = ctx.seconds(first_day), ctx.seconds(last_day)
        count = rng.poisson(self.free_per_day * (last_day - first_day))
        kind = weighted_pick(rng, _FREE_MIX, count)
        at = first + rng.integers(0, last - first, count)
        at = (
            at
            - at % DAY
            + np.where(
                kind == VISIT,
                rng.integers(10 * HOUR, 21 * HOUR, count),
                rng.integers(7 * HOUR, 24 * HOUR, count),
            )
        )
        in_store = (kind == VISIT) | ((kind == CONSULT) & (rng.random(count) < 0.5))
        store = np.where(in_store, weighted_pick(rng, self.store_weight, count), -1)
        shut = in_store & (
            (stores["opened"].to_numpy()[store.clip(0)] > at)
            | (stores["closed"].to_numpy()[store.clip(0)] <= at)
        )
        store = np.where(shut, stores["successor"].to_numpy()[store.clip(0)], store)
        channel = np.where(
            in_store,
            stores["channel"].to_numpy()[store.clip(0)],
            np.where(
                kind == ENGAGE,
                _SOCIAL[weighted_pick(rng, _SOCIAL_MIX, count)],
                _BROWSE[weighted_pick(rng, _BROWSE_MIX, count)],
            ),
        )
        profile = np.full(count, -1, dtype=np.int64)
        known = in_store & (rng.random(count) < np.where(kind == VISIT, 0.45, 0.7))
        profile[known] = people.store_pool.pick(rng, store[known], at[known])
        profile[~in_store] = people.channel_pool.pick(rng, channel[~in_store], at[~in_store])
        keep = in_store | (profile >= 0)
        parts.append(
            (
                kind[keep],
                at[keep],
                channel[keep],
                store[keep],
                profile[keep],
                np.zeros(int(keep.sum()), dtype=bool),
            )
        )

        # follows of the accounts that appeared this month
        lo, hi = np.searchsorted(people.first_seen[self.followers], [first, last])
        follow = self.followers[lo:hi]
        parts.append(
            (
                np.full(follow.size, FOLLOW),
                people.first_seen[follow],
                people.channel[follow],
                np.full(follow.size, -1),
                follow,
                np.zeros(follow.size, dtype=bool),
            )
        )

        kind, at, channel, store, profile, converted = (
            np.concatenate(p) for p in zip(*parts, strict=True)
        )
        order = np.argsort(at, kind="stable")
        n = order.size
        customer = np.where(profile[order] >= 0, profile[order] + 1, -1)
        ctx.emit(
            "interactions",
            {
                "id": self.next_id + np.arange(n),
                "customer_id": customer,
                "profile_id": customer,
                "channel_id": channel[order],
                "store_id": np.where(
                    store[order] >= 0, stores["id"].to_numpy()[store[order].clip(0)], -1
                ),
                "kind": KINDS[kind[order]],
                "occurred_at": as_datetime(at[order]),
                "converted": converted[order],
            },
        )
        self.next_id += n
