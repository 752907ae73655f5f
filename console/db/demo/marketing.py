"""Marketing channels, weekly spend and outcomes per region, the true response curves, a plan.

Every outcome (attributed revenue, leads, reach) of a marketing channel in a region follows a
saturating Hill curve of the geometrically adstocked spend,

    adstocked[t] = spend[t] + adstock * adstocked[t - 1]   (zero before the first week)
    outcome[t]   = beta * adstocked[t]^alpha / (adstocked[t]^alpha + gamma^alpha) * (1 + noise)

with noise ~ N(0, 0.08). The parameters are stored in `response_curve_truth`, so a fitted curve
or the budget optimiser can be checked against the truth.
"""

from __future__ import annotations

import json

import numpy as np

from console.db.demo.context import SeedContext, as_datetime
from console.db.demo.geo_reference import CITIES, REGIONS, TIER_WEIGHT
from console.db.demo.network import DAY
from console.db.demo.scales import LINES_PER_ORDER

# code, name, name_zh, online, kind, adstock range, alpha range, revenue per CNY,
# CNY per lead, reach per CNY, share of the budget
MARKETING_CHANNELS = (
    (
        "SEARCH",
        "Search ads",
        "搜索广告",
        True,
        "performance",
        (0.0, 0.1),
        (0.8, 1.4),
        4.0,
        80.0,
        8.0,
        0.14,
    ),
    (
        "MARKETPLACE_ADS",
        "Marketplace ads (Tmall, JD)",
        "电商平台站内广告",
        True,
        "performance",
        (0.0, 0.15),
        (0.9, 1.5),
        5.0,
        60.0,
        10.0,
        0.20,
    ),
    (
        "SOCIAL_KOL",
        "Social media & KOL",
        "社交媒体与达人",
        True,
        "mixed",
        (0.2, 0.5),
        (1.2, 2.2),
        3.0,
        90.0,
        40.0,
        0.16,
    ),
    (
        "OWN_PROMO",
        "Own e-commerce promotion",
        "官方商城促销",
        True,
        "performance",
        (0.0, 0.15),
        (0.8, 1.4),
        4.5,
        70.0,
        6.0,
        0.08,
    ),
    (
        "FEEDS",
        "Feed ads",
        "信息流广告",
        True,
        "mixed",
        (0.1, 0.4),
        (1.0, 2.0),
        2.5,
        100.0,
        50.0,
        0.10,
    ),
    (
        "STORE_EVENTS",
        "Store events",
        "门店活动",
        False,
        "mixed",
        (0.1, 0.3),
        (1.0, 2.0),
        3.5,
        50.0,
        3.0,
        0.12,
    ),
    (
        "DEALER_COOP",
        "Dealer co-op advertising",
        "经销商联合广告",
        False,
        "mixed",
        (0.2, 0.5),
        (1.1, 2.2),
        2.5,
        120.0,
        15.0,
        0.10,
    ),
    (
        "OUTDOOR",
        "Outdoor & print",
        "户外与平面广告",
        False,
        "brand",
        (0.4, 0.7),
        (1.5, 2.8),
        1.5,
        250.0,
        80.0,
        0.10,
    ),
)
OUTCOMES = ("revenue", "leads", "reach")
NOISE = 0.08
PLAN_WEEKS = 13


def hill(x: np.ndarray, alpha: float, gamma: float, beta: float) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    powered = x**alpha
    return beta * powered / (powered + gamma**alpha)


def adstocked(spend: np.ndarray, rate: float) -> np.ndarray:
    out = np.empty(len(spend))
    carry = 0.0
    for week, value in enumerate(spend):
        carry = value + rate * carry
        out[week] = carry
    return out


def seed_marketing(ctx: SeedContext) -> None:
    rng = ctx.rng("marketing")
    channels = len(MARKETING_CHANNELS)
    ctx.emit(
        "marketing_channels",
        {
            "id": np.arange(1, channels + 1),
            "code": np.array([m[0] for m in MARKETING_CHANNELS], dtype=object),
            "name": np.array([m[1] for m in MARKETING_CHANNELS], dtype=object),
            "name_zh": np.array([m[2] for m in MARKETING_CHANNELS], dtype=object),
            "online": np.array([m[3] for m in MARKETING_CHANNELS]),
            "kind": np.array([m[4] for m in MARKETING_CHANNELS], dtype=object),
        },
    )
    timeline = ctx.timeline
    first_monday = (7 - (timeline.days[0].astype(int) + 3) % 7) % 7
    starts = np.arange(first_monday, timeline.days.size - 6, 7)
    weeks = starts.size
    season_online = np.array([timeline.online[s : s + 7].mean() for s in starts]) ** 0.7
    season_offline = np.array([timeline.offline[s : s + 7].mean() for s in starts]) ** 0.7
    region_weight = np.array(
        [sum(TIER_WEIGHT[c.tier] for c in CITIES if c.region == r.code) for r in REGIONS]
    )
    region_weight /= region_weight.sum()
    weekly_budget = 0.05 * ctx.scale.order_lines / LINES_PER_ORDER * 2500 / (timeline.days.size / 7)

    rows: dict[str, list] = {
        k: [] for k in ("week", "channel", "region", "spend", "revenue", "leads", "reach")
    }
    truth: dict[str, list] = {
        k: [] for k in ("channel", "region", "outcome", "alpha", "gamma", "beta", "adstock")
    }
    plan: list[tuple[int, int, float, dict[str, float]]] = []
    for c, spec in enumerate(MARKETING_CHANNELS):
        online, low_rate, alpha_range = spec[3], spec[5], spec[6]
        season = season_online if online else season_offline
        for r in range(len(REGIONS)):
            base = weekly_budget * spec[10] * region_weight[r]
            spend = base * season * rng.lognormal(-0.06, 0.35, weeks)
            if spec[0] in ("OUTDOOR", "STORE_EVENTS"):
                spend[rng.random(weeks) < 0.35] = 0.0  # flighting: weeks without a campaign
            spend = np.round(spend, 2)
            rate = float(rng.uniform(*low_rate))
            carried = adstocked(spend, rate)
            typical = float(np.median(carried[carried > 0]))
            expected: dict[str, float] = {}
            recent = float(spend[-PLAN_WEEKS:].mean())
            for outcome, per_unit in zip(OUTCOMES, (spec[7], 1.0 / spec[8], spec[9]), strict=True):
                alpha = float(rng.uniform(*alpha_range))
                gamma = typical * float(rng.uniform(0.7, 1.6))
                beta = (
                    per_unit
                    * float(rng.uniform(0.7, 1.3))
                    * typical
                    / float(hill(typical, alpha, gamma, 1.0))
                )
                curve = hill(carried, alpha, gamma, beta)
                values = np.maximum(curve * (1 + rng.normal(0, NOISE, weeks)), 0.0)
                rows[outcome].append(np.round(values, 0 if outcome == "reach" else 2))
                for key, value in zip(
                    truth, (c + 1, r + 1, outcome, alpha, gamma, beta, rate), strict=True
                ):
                    truth[key].append(value)
                expected[outcome] = float(hill(recent / (1 - rate), alpha, gamma, beta))
            rows["week"].append(starts)
            rows["channel"].append(np.full(weeks, c + 1))
            rows["region"].append(np.full(weeks, r + 1))
            rows["spend"].append(spend)
            plan.append((c + 1, r + 1, recent, expected))
    history = {k: np.concatenate(v) for k, v in rows.items()}
    count = len(history["week"])
    ctx.emit(
        "marketing_history",
        {
            "id": np.arange(1, count + 1),
            "week_start": timeline.days[history["week"]],
            "marketing_channel_id": history["channel"],
            "region_id": history["region"],
            "spend": history["spend"],
            "leads": history["leads"],
            "revenue": history["revenue"],
            "reach": history["reach"],
        },
    )
    ctx.emit(
        "response_curve_truth",
        {
            "marketing_channel_id": np.array(truth["channel"]),
            "region_id": np.array(truth["region"]),
            "outcome": np.array(truth["outcome"], dtype=object),
            "alpha": np.array(truth["alpha"]),
            "gamma": np.array(truth["gamma"]),
            "beta": np.array(truth["beta"]),
            "adstock": np.array(truth["adstock"]),
        },
    )
    _budget_plan(ctx, plan)


def _budget_plan(ctx: SeedContext, plan: list[tuple[int, int, float, dict[str, float]]]) -> None:
    """Next quarter at the recent weekly spend: approved revision 1 and a draft revision 2."""
    spend = np.array([p[2] for p in plan]) * PLAN_WEEKS
    total = round(float(spend.sum()), 2)
    decided = np.array([ctx.end_second - 40 * DAY, -1])
    ctx.emit(
        "budget_plans",
        {
            "id": np.array([1, 2]),
            "name": np.full(2, "2027 Q1 整合营销 Integrated campaign", dtype=object),
            "revision": np.array([1, 2]),
            "status": np.array(["approved", "draft"], dtype=object),
            "objective": np.array(["revenue", "mix"], dtype=object),
            "total_budget": np.array([total, round(total * 1.1, 2)]),
            "brand_weight": np.array([0.0, 0.3]),
            "settings": np.array([json.dumps({"weeks": PLAN_WEEKS})] * 2, dtype=object),
            "created_by": np.full(2, "marketing", dtype=object),
            "submitted_by": np.array(["marketing", None], dtype=object),
            # Roles: marketing creates and submits, only an administrator approves.
            "decided_by": np.array(["admin", None], dtype=object),
            "decided_at": as_datetime(decided, decided < 0),
            "comment": np.array(
                ["按近一季度周均投放延续 / Recent weekly spend carried forward", None], dtype=object
            ),
        },
    )
    rows = len(plan)
    allocation = {
        "plan_id": np.r_[np.ones(rows, int), np.full(rows, 2)],
        "marketing_channel_id": np.tile([p[0] for p in plan], 2),
        "region_id": np.tile([p[1] for p in plan], 2),
        "spend": np.round(np.r_[spend, spend * 1.1], 2),
        "locked": np.zeros(2 * rows, dtype=bool),
        "expected_revenue": np.round(np.tile([p[3]["revenue"] for p in plan], 2) * PLAN_WEEKS, 2),
        "expected_leads": np.round(np.tile([p[3]["leads"] for p in plan], 2) * PLAN_WEEKS, 2),
        "expected_reach": np.round(np.tile([p[3]["reach"] for p in plan], 2) * PLAN_WEEKS, 0),
    }
    allocation["expected_revenue"][rows:] = np.nan  # the draft is not evaluated yet
    allocation["expected_leads"][rows:] = np.nan
    allocation["expected_reach"][rows:] = np.nan
    ctx.emit("budget_allocations", {"id": np.arange(1, 2 * rows + 1), **allocation})
