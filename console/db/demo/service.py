"""After-sales: SLA policies, service tickets and their status histories.

Tickets follow orders (so their inflow peaks a few days after 6.18 and Double 11, and around
the festivals resolutions take longer), and dealers differ: a poor dealer damages more
deliveries, answers later, resolves slower, leaves more tickets stuck for days and gets more
tickets reopened. Each ticket's history (new -> assigned -> in_progress [-> waiting_on_customer
-> in_progress] -> resolved [-> reopened -> in_progress -> resolved] -> closed) is cut at the
end of the timeline, so recent tickets are still open; the ticket's own timestamps and status
are read off its history.
"""

from __future__ import annotations

import numpy as np

from console.db.demo.context import SeedContext, as_datetime
from console.db.demo.customers import People
from console.db.demo.network import CHANNEL_ID, DAY, Network
from console.db.demo.orders import DemandPlan, OrderBatch

CATEGORIES = np.array(
    ["delivery", "installation", "damage", "complaint", "return", "consultation"], dtype=object
)
PRIORITIES = np.array(["low", "normal", "high", "urgent"], dtype=object)
RESPONSE_HOURS = np.array([16.0, 8.0, 4.0, 2.0])  # SLA first response, by priority
RESOLUTION_HOURS = np.array([80.0, 48.0, 24.0, 8.0])
SLA_POLICIES = (  # name, priority, category, first response h, resolution h (business hours)
    ("Urgent 紧急", "urgent", None, 2.0, 8.0),
    ("High 高", "high", None, 4.0, 24.0),
    ("Normal 普通", "normal", None, 8.0, 48.0),
    ("Low 低", "low", None, 16.0, 80.0),
    ("Installation 安装 (normal)", "normal", "installation", 8.0, 72.0),
)
_CATEGORY_MIX = np.array(
    [  # by dealer quality: good, average, poor
        [0.22, 0.30, 0.06, 0.08, 0.06, 0.28],
        [0.25, 0.28, 0.10, 0.10, 0.07, 0.20],
        [0.25, 0.22, 0.20, 0.16, 0.07, 0.10],
    ]
)
_PRIORITY_MIX = np.array(
    [  # by category: low, normal, high, urgent
        [0.10, 0.60, 0.30, 0.00],
        [0.15, 0.65, 0.20, 0.00],
        [0.05, 0.35, 0.45, 0.15],
        [0.07, 0.50, 0.35, 0.08],
        [0.15, 0.70, 0.15, 0.00],
        [0.50, 0.45, 0.05, 0.00],
    ]
)
_TICKET_WEIGHT = np.array([0.6, 1.0, 2.2])  # tickets per order, by dealer quality
_RESPONSE_FACTOR = np.array([0.6, 1.0, 2.5, 0.8])  # good, average, poor, headquarters
_RESOLUTION_FACTOR = np.array([0.7, 1.0, 2.0, 0.9])
_REOPEN = np.array([0.03, 0.06, 0.14, 0.05])
_LATE = np.array([0.02, 0.05, 0.12, 0.02])  # first answer half a day to 3 days late
_STUCK = np.array([0.03, 0.06, 0.14, 0.04])  # waits days for a spare part or a visit
_RESPONSE_MEDIAN = np.array([8.0, 4.0, 2.0, 0.8])  # hours, by priority
_RESOLUTION_MEDIAN = np.array([20.0, 30.0, 60.0, 40.0, 70.0, 3.0])  # hours, by category
_SUBJECTS = {
    "delivery": (
        "配送延迟 / Delivery delayed",
        "预约送货时间 / Delivery appointment",
        "物流信息查询 / Where is my order",
    ),
    "installation": (
        "预约安装 / Installation appointment",
        "安装后漏水 / Leak after installation",
        "安装师傅未上门 / Installer did not come",
    ),
    "damage": (
        "到货破损 / Arrived damaged",
        "外观划痕 / Scratches on the unit",
        "运输中受损 / Damaged in transit",
    ),
    "complaint": (
        "服务态度投诉 / Complaint about staff",
        "价格保护申请 / Price protection request",
        "赠品未收到 / Gift not received",
    ),
    "return": (
        "七天无理由退货 / 7-day return",
        "质量问题退货 / Return for a defect",
        "换货申请 / Exchange request",
    ),
    "consultation": (
        "产品咨询 / Product question",
        "保修政策咨询 / Warranty question",
        "使用说明咨询 / How to use",
    ),
}
_CONTACT_CHANNELS = np.array(
    [CHANNEL_ID[c] for c in ("OWN_WEB", "WECHAT_MALL", "WECHAT_OA", "TMALL", "JD", "DIRECT_STORE")]
)
# history slots: status of each possible event, in time order
_SLOTS = np.array(
    [
        "new",
        "assigned",
        "in_progress",
        "waiting_on_customer",
        "in_progress",
        "resolved",
        "reopened",
        "in_progress",
        "resolved",
        "closed",
    ],
    dtype=object,
)
HOUR = 3600
BACKLOG_DAYS = (7, 14)  # days before and after a festival day
BACKLOG_FACTOR = 3.0


def seed_sla_policies(ctx: SeedContext) -> None:
    count = len(SLA_POLICIES)
    ctx.emit(
        "sla_policies",
        {
            "id": np.arange(1, count + 1),
            "name": np.array([p[0] for p in SLA_POLICIES], dtype=object),
            "priority": np.array([p[1] for p in SLA_POLICIES], dtype=object),
            "category": np.array([p[2] for p in SLA_POLICIES], dtype=object),
            "channel_id": np.full(count, -1),
            "first_response_hours": np.array([p[3] for p in SLA_POLICIES]),
            "resolution_hours": np.array([p[4] for p in SLA_POLICIES]),
            "calendar": np.full(count, "cn", dtype=object),
            "at_risk_ratio": np.full(count, 0.8),
            "active": np.ones(count, dtype=bool),
        },
    )


class TicketMaker:
    """Tickets for each month's orders, plus questions and complaints without an order."""

    def __init__(
        self, ctx: SeedContext, network: Network, people: People, plan: DemandPlan
    ) -> None:
        self.ctx, self.network, self.people = ctx, network, people
        self.per_order = 0.85 * ctx.scale.tickets / max(plan.total, 1)
        self.free_per_day = 0.15 * ctx.scale.tickets / ctx.timeline.days.size
        self.next_ticket = 1
        self.next_change = 1

    def make(self, batch: OrderBatch, first_day: int, last_day: int) -> None:
        ctx = self.ctx
        rng = ctx.rng(f"tickets:{first_day}")
        quality = self.network.dealers["quality"].to_numpy()
        dealer_quality = np.where(batch.dealer >= 0, quality[batch.dealer.clip(0)], 1)
        eligible = np.isin(batch.status, [2, 3, 4, 6])
        weight = (
            _TICKET_WEIGHT[dealer_quality]
            * np.where(batch.online, 1.3, 1.0)
            * np.where(batch.install, 1.5, 1.0)
            * np.where(batch.status == 6, 8.0, 1.0)
        )
        wanted = min(round(self.per_order * len(batch.id) * 1.05), int(eligible.sum()))
        keys = np.where(eligible, rng.exponential(size=len(batch.id)) / weight, np.inf)
        chosen = np.sort(np.argpartition(keys, wanted)[:wanted]) if wanted else np.zeros(0, int)
        q = dealer_quality[chosen]
        category = weighted_rows(rng, _CATEGORY_MIX[q])
        category = np.where(batch.status[chosen] == 6, 4, category)
        category = np.where(batch.status[chosen] == 2, 0, category)
        category = np.where((category == 1) & ~batch.install[chosen], 5, category)
        opened = self._opened(rng, batch, chosen, category)

        free = rng.poisson(self.free_per_day * (last_day - first_day))
        free_opened = ctx.seconds(first_day) + rng.integers(0, (last_day - first_day) * DAY, free)
        free_opened = free_opened - free_opened % DAY + rng.integers(8 * HOUR, 22 * HOUR, free)
        profile = rng.integers(0, self.people.count, free)
        profile = np.where(self.people.first_seen[profile] <= free_opened, profile, -1)
        lead = self.network.city_dealer[self.people.city[profile.clip(0)]]
        free_dealer = np.where((rng.random(free) < 0.3) & (lead >= 0), lead, -1)

        dealer = np.r_[batch.dealer[chosen], free_dealer]
        order_channel = batch.channel[chosen]
        channel = np.r_[
            np.where(rng.random(chosen.size) < 0.2, CHANNEL_ID["WECHAT_OA"], order_channel),
            _CONTACT_CHANNELS[rng.integers(0, len(_CONTACT_CHANNELS), free)],
        ]
        self._emit(
            rng,
            opened=np.r_[opened, free_opened],
            category=np.r_[category, np.where(rng.random(free) < 0.6, 5, 3)],
            order_id=np.r_[batch.id[chosen], np.full(free, -1)],
            profile=np.r_[batch.profile[chosen], profile],
            dealer=dealer,
            channel=channel,
        )

    def _opened(
        self, rng: np.random.Generator, batch: OrderBatch, chosen: np.ndarray, category: np.ndarray
    ) -> np.ndarray:
        placed, delivered = batch.placed[chosen], batch.delivered[chosen]
        promised = np.where(batch.promised[chosen] >= 0, batch.promised[chosen], placed + 3 * DAY)
        base = np.where(delivered >= 0, delivered, placed + DAY)
        n = chosen.size
        days = rng.random(n)
        opened = np.select(
            [category == 0, category == 1, category == 2, category == 3, category == 4],
            [
                np.where(delivered >= 0, np.minimum(delivered, promised), placed + DAY)
                + (days * 2 * DAY).astype(np.int64),
                base + (days * 2 * DAY).astype(np.int64),
                base + (days * 1.5 * DAY).astype(np.int64),
                base + ((1 + days * 14) * DAY).astype(np.int64),
                base + ((1 + days * 6) * DAY).astype(np.int64),
            ],
            placed + (days * 20 * DAY).astype(np.int64),
        )
        return opened - opened % DAY + rng.integers(8 * HOUR, 22 * HOUR, n)

    def _backlog(self, opened: np.ndarray) -> np.ndarray:
        """How much longer resolutions take: BACKLOG_FACTOR times from a week before a festival
        day (its pre-sale deliveries) to two weeks after it, when the installers are busy."""
        peak = self.ctx.timeline.peak
        count = np.r_[0, np.cumsum(peak)]  # festival days before each day
        day = np.arange(peak.size)
        first = np.maximum(day - BACKLOG_DAYS[1], 0)
        last = np.minimum(day + BACKLOG_DAYS[0] + 1, peak.size)
        busy = count[last] > count[first]
        index = self.ctx.timeline.day_index(opened).clip(0, peak.size - 1)
        return np.where(busy[index], BACKLOG_FACTOR, 1.0)

    def _emit(
        self,
        rng: np.random.Generator,
        *,
        opened: np.ndarray,
        category: np.ndarray,
        order_id: np.ndarray,
        profile: np.ndarray,
        dealer: np.ndarray,
        channel: np.ndarray,
    ) -> None:
        ctx, end = self.ctx, self.ctx.end_second
        keep = opened <= end
        opened, category, order_id = opened[keep], category[keep], order_id[keep]
        profile, dealer, channel = profile[keep], dealer[keep], channel[keep]
        order = np.argsort(opened, kind="stable")
        opened, category, order_id = opened[order], category[order], order_id[order]
        profile, dealer, channel = profile[order], dealer[order], channel[order]
        n = opened.size
        priority = weighted_rows(rng, _PRIORITY_MIX[category])
        quality = np.where(
            dealer >= 0, self.network.dealers["quality"].to_numpy()[dealer.clip(0)], 3
        )
        times = _history(rng, opened, category, priority, quality, self._backlog(opened))
        kept = (times >= 0) & (times <= end)
        last = kept.shape[1] - 1 - np.argmax(kept[:, ::-1], axis=1)
        status = _SLOTS[last]
        resolved_slot = np.where(kept[:, 8], 8, np.where(kept[:, 5] & ~kept[:, 6], 5, -1))
        resolved_at = np.where(
            np.isin(status, ["resolved", "closed"]) & (resolved_slot >= 0),
            times[np.arange(n), resolved_slot.clip(0)],
            -1,
        )
        response = np.where(kept[:, 2], times[:, 2], -1)
        late = ((response >= 0) & (response - opened > 2 * RESPONSE_HOURS[priority] * HOUR)) | (
            np.where(resolved_at >= 0, resolved_at, end) - opened
            > 2 * RESOLUTION_HOURS[priority] * HOUR
        )
        ids = self.next_ticket + np.arange(n)
        self.next_ticket += n
        subjects = np.array(
            [
                _SUBJECTS[c][k]
                for c, k in zip(CATEGORIES[category], rng.integers(0, 3, n), strict=True)
            ],
            dtype=object,
        )
        dealer_ids = self.network.dealers["id"].to_numpy()
        ctx.emit(
            "service_tickets",
            {
                "id": ids,
                "code": np.char.add("TK", np.char.zfill(ids.astype(str), 8)).astype(object),
                "customer_id": np.where(profile >= 0, profile + 1, -1),
                "order_id": order_id,
                "dealer_id": np.where(dealer >= 0, dealer_ids[dealer.clip(0)], -1),
                "channel_id": channel,
                "category": CATEGORIES[category],
                "priority": PRIORITIES[priority],
                "status": status,
                "subject": subjects,
                "opened_at": as_datetime(opened),
                "first_response_at": as_datetime(response, response < 0),
                "resolved_at": as_datetime(resolved_at, resolved_at < 0),
                "closed_at": as_datetime(times[:, 9], ~kept[:, 9]),
                "reopened_count": kept[:, 6].astype(np.int64),
                "escalated": late & (rng.random(n) < 0.6),
            },
        )
        ticket, slot = np.nonzero(kept)
        by = np.where(
            dealer >= 0,
            np.char.add(
                "dealer:",
                np.char.add("D", np.char.zfill(dealer_ids[dealer.clip(0)].astype(str), 4)),
            ),
            "service",
        )
        changed_by = np.where(slot == 0, "system", np.where(slot == 1, "service", by[ticket]))
        count = ticket.size
        ctx.emit(
            "ticket_status_changes",
            {
                "id": self.next_change + np.arange(count),
                "ticket_id": ids[ticket],
                "status": _SLOTS[slot],
                "changed_at": as_datetime(times[ticket, slot]),
                "changed_by": changed_by.astype(object),
            },
        )
        self.next_change += count


def weighted_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One draw per row of a (rows x options) probability matrix."""
    cumulative = probabilities.cumsum(axis=1)
    draws = rng.random(len(probabilities))[:, None] * cumulative[:, -1:]
    return (draws >= cumulative).sum(axis=1).clip(0, probabilities.shape[1] - 1)


def _working_time(rng: np.random.Generator, at: np.ndarray) -> np.ndarray:
    """Staff answer between 08:00 and 21:00; later answers move to the next morning."""
    day = at - at % DAY
    hour = (at - day) / HOUR
    morning = rng.integers(int(8.5 * HOUR), 10 * HOUR, at.size)
    return np.where(hour >= 21, day + DAY + morning, np.where(hour < 8, day + morning, at))


def _history(
    rng: np.random.Generator,
    opened: np.ndarray,
    category: np.ndarray,
    priority: np.ndarray,
    quality: np.ndarray,
    backlog: np.ndarray,
) -> np.ndarray:
    """Times of the ten possible events per ticket (-1 = the event does not happen); `backlog`
    stretches the resolution times."""
    n = opened.size

    def hours(median: np.ndarray | float, sigma: float) -> np.ndarray:
        return (rng.lognormal(np.log(median), sigma, n) * HOUR).astype(np.int64)

    late = rng.random(n) < _LATE[quality]
    delay = np.where(late, (rng.uniform(0.5, 3, n) * DAY).astype(np.int64), 0)
    response = _working_time(
        rng,
        opened + delay + hours(_RESPONSE_MEDIAN[priority] * _RESPONSE_FACTOR[quality], 0.8),
    )
    assigned = opened + np.minimum(rng.integers(5, 60, n) * 60, (response - opened) // 2)
    median = _RESOLUTION_MEDIAN[category] * _RESOLUTION_FACTOR[quality] * backlog
    resolved = response + hours(median, 0.7)
    stuck = rng.random(n) < _STUCK[quality]
    resolved = resolved + np.where(stuck, ((1 + rng.exponential(6, n)) * DAY).astype(np.int64), 0)
    waits = rng.random(n) < 0.22
    wait_start = response + ((resolved - response) * rng.uniform(0.2, 0.6, n)).astype(np.int64)
    pause = hours(20.0, 0.6)
    wait_end = wait_start + pause
    resolved = np.where(waits, resolved + pause, resolved)
    reopens = rng.random(n) < _REOPEN[quality]
    reopened = resolved + (rng.uniform(1, 5, n) * DAY).astype(np.int64)
    again = reopened + rng.integers(1, 7, n) * HOUR
    resolved_again = again + hours(24.0, 0.6)
    closes = rng.random(n) < 0.95
    closed = np.where(reopens, resolved_again, resolved) + (rng.uniform(1, 4, n) * DAY).astype(
        np.int64
    )
    absent = np.full(n, -1, dtype=np.int64)
    return np.column_stack(
        [
            opened,
            assigned,
            response,
            np.where(waits, wait_start, absent),
            np.where(waits, wait_end, absent),
            resolved,
            np.where(reopens, reopened, absent),
            np.where(reopens, again, absent),
            np.where(reopens, resolved_again, absent),
            np.where(closes, closed, absent),
        ]
    )
