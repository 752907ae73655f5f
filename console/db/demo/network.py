"""Regions, cities, channels, dealers, their territories and assignment rules, and locations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from console.db.demo import names
from console.db.demo.context import SeedContext, as_date, date_seconds, weighted_pick
from console.db.demo.credit import credit_code
from console.db.demo.geo_reference import REGIONS, TIER_WEIGHT, cities_for
from console.db.demo.scales import LINES_PER_ORDER
from console.db.demo.timeline import SECONDS_PER_DAY

# code, English name, Chinese name, type, platform fee rate
CHANNELS = (
    ("DIRECT_STORE", "Direct stores", "直营门店", "direct_store", 0.0),
    ("FRANCHISE_STORE", "Franchise stores", "加盟门店", "franchise_store", 0.0),
    ("OWN_WEB", "Brand web shop", "品牌官网商城", "own_ecommerce", 0.0),
    ("WECHAT_MALL", "WeChat mini-program mall", "微信小程序商城", "own_ecommerce", 0.006),
    ("TMALL", "Tmall flagship store", "天猫旗舰店", "marketplace", 0.05),
    ("JD", "JD.com flagship store", "京东旗舰店", "marketplace", 0.06),
    ("DOUYIN", "Douyin shop", "抖音小店", "social", 0.05),
    ("XIAOHONGSHU", "Xiaohongshu (RED) shop", "小红书店铺", "social", 0.05),
    ("WECHAT_OA", "WeChat official account", "微信公众号", "social", 0.0),
)
CHANNEL_ID = {c[0]: i + 1 for i, c in enumerate(CHANNELS)}
ONLINE_TYPES = ("own_ecommerce", "marketplace", "social")

TIERS = ("platinum", "gold", "silver", "bronze")
SUBAREAS = {1: 10, 2: 6, 3: 4, 4: 2}  # postcode districts (4th digit) per city tier
DAY = SECONDS_PER_DAY
YEAR = 365 * DAY
FAR_FUTURE = date_seconds("2100-01-01")


@dataclass
class Network:
    cities: pd.DataFrame  # index = city position; id, region, prefix, tier, weight, lat, lon ...
    dealers: pd.DataFrame  # index = dealer position; id, city, region, tier, quality (0 good,
    # 1 average, 2 poor service), status, availability, capacity
    stores: pd.DataFrame  # index = store position; id, kind, dealer, city, channel, dates ...
    warehouses: pd.DataFrame  # id, kind, city, region
    region_dc: np.ndarray  # region position -> location id of its distribution centre
    front_by_city: np.ndarray  # city position -> location id of a front warehouse or -1
    prefix_dealer: np.ndarray  # 4-digit postcode prefix -> dealer position or -1
    city_dealer: np.ndarray  # city position -> dealer position of the city rule or -1
    region_dealers: list[np.ndarray]  # region position -> dealer positions


def seed_network(ctx: SeedContext) -> Network:
    rng = ctx.rng("network")
    cities = _cities(ctx)
    ctx.emit(
        "regions",
        {
            "id": np.arange(1, len(REGIONS) + 1),
            "code": np.array([r.code for r in REGIONS], dtype=object),
            "name": np.array([r.name for r in REGIONS], dtype=object),
            "name_zh": np.array([r.name_zh for r in REGIONS], dtype=object),
        },
    )
    ctx.emit(
        "cities",
        {
            "id": cities["id"].to_numpy(),
            "region_id": cities["region"].to_numpy() + 1,
            **{
                c: cities[c].to_numpy(dtype=object)
                for c in ("code", "name", "name_zh", "province", "province_zh")
            },
            "postcode_prefix": cities["postcode"].to_numpy(dtype=object),
            "tier": cities["tier"].to_numpy(),
            "lat": cities["lat"].to_numpy(),
            "lon": cities["lon"].to_numpy(),
        },
    )
    ctx.emit(
        "channels",
        {
            "id": np.arange(1, len(CHANNELS) + 1),
            "code": np.array([c[0] for c in CHANNELS], dtype=object),
            "name": np.array([c[1] for c in CHANNELS], dtype=object),
            "name_zh": np.array([c[2] for c in CHANNELS], dtype=object),
            "type": np.array([c[3] for c in CHANNELS], dtype=object),
            "online": np.array([c[3] in ONLINE_TYPES for c in CHANNELS]),
            "platform_fee_rate": np.array([c[4] for c in CHANNELS]),
        },
    )
    dealers = _dealers(ctx, rng, cities)
    prefix_dealer, city_dealer, rules = _assignment_rules(ctx, rng, cities, dealers)
    dealers["capacity"] = _capacities(ctx, rng, cities, dealers, prefix_dealer, city_dealer)
    _emit_dealers(ctx, rng, cities, dealers)
    _emit_territories(ctx, cities, dealers, rules)
    ctx.emit("assignment_rules", rules)
    stores, warehouses = _locations(ctx, rng, cities, dealers)
    region_dc = np.zeros(len(REGIONS), dtype=np.int64)
    dcs = warehouses[warehouses["kind"] == "warehouse"]
    for region in range(len(REGIONS)):
        anchor = cities[cities["region"] == region].iloc[0]
        distance = np.hypot(
            cities.loc[dcs["city"], "lat"].to_numpy() - anchor["lat"],
            cities.loc[dcs["city"], "lon"].to_numpy() - anchor["lon"],
        )
        region_dc[region] = dcs["id"].to_numpy()[np.argmin(distance)]
    front_by_city = np.full(len(cities), -1, dtype=np.int64)
    fronts = warehouses[warehouses["kind"] == "front_warehouse"]
    front_by_city[fronts["city"].to_numpy()] = fronts["id"].to_numpy()
    stores["fulfil_from"] = np.where(
        stores["kind"] == "experience",
        region_dc[cities.loc[stores["city"], "region"].to_numpy()],
        stores["id"],
    )
    _emit_locations(ctx, rng, cities, dealers, stores, warehouses)
    _emit_lanes(ctx, cities, warehouses)
    region_dealers = [
        np.flatnonzero(dealers["region"].to_numpy() == r) for r in range(len(REGIONS))
    ]
    return Network(
        cities,
        dealers,
        stores,
        warehouses,
        region_dc,
        front_by_city,
        prefix_dealer,
        city_dealer,
        region_dealers,
    )


def _cities(ctx: SeedContext) -> pd.DataFrame:
    refs = cities_for(ctx.scale.cities)
    region_pos = {r.code: i for i, r in enumerate(REGIONS)}
    frame = pd.DataFrame([r._asdict() for r in refs])
    frame["code"] = [r.code for r in refs]
    frame["id"] = np.arange(1, len(refs) + 1)
    frame["region"] = frame["region"].map(region_pos)
    frame["weight"] = frame["tier"].map(TIER_WEIGHT)
    frame["prefix"] = frame["postcode"].astype(int)
    frame["subareas"] = frame["tier"].map(SUBAREAS)
    return frame


def _allocate(total: int, weights: np.ndarray, minimum: int) -> np.ndarray:
    """Split `total` items over groups in proportion to weights, each group at least `minimum`."""
    base = np.full(len(weights), minimum if total >= minimum * len(weights) else 0)
    rest = total - base.sum()
    share = rest * weights / weights.sum()
    counts = base + np.floor(share).astype(int)
    counts[np.argsort(share - np.floor(share))[::-1][: total - counts.sum()]] += 1
    return counts


def _dealers(ctx: SeedContext, rng: np.random.Generator, cities: pd.DataFrame) -> pd.DataFrame:
    n = ctx.scale.dealers
    per_city = _allocate(n, cities["weight"].to_numpy(), 1)
    city = np.repeat(np.arange(len(cities)), per_city)
    order_in_city = np.concatenate([np.arange(k) for k in per_city])
    big_city = cities.loc[city, "tier"].to_numpy() <= 2
    tier = np.where(
        big_city,
        rng.choice(4, n, p=[0.15, 0.3, 0.35, 0.2]),
        rng.choice(4, n, p=[0.05, 0.2, 0.45, 0.3]),
    )
    start, end = ctx.start_second, ctx.end_second
    span = end - start
    contract_start = rng.integers(date_seconds("2014-01-01"), start - YEAR, n)
    late = rng.random(n) < 0.08
    contract_start = np.where(
        late, start + (rng.random(n) * 0.6 * span).astype(np.int64), contract_start
    )
    status = rng.choice(3, n, p=[0.93, 0.04, 0.03])  # active, suspended, terminated
    status[late] = 0
    terminated_at = start + ((0.3 + 0.6 * rng.random(n)) * span).astype(np.int64)
    suspended_at = end - (rng.random(n) * 0.1 * span).astype(np.int64)
    available_to = np.select([status == 2, status == 1], [terminated_at, suspended_at], FAR_FUTURE)
    # The city rule and every dealer's first district go to dealers that stay available.
    first = order_in_city == 0
    status[first], available_to[first] = 0, FAR_FUTURE
    contract_start[first & late] = start - YEAR
    terms = rng.integers(3, 6, n) * YEAR
    contract_end = contract_start + terms
    renewals = np.ceil(np.maximum(end - contract_end, 0) / terms).astype(np.int64)
    contract_end = np.where(status == 2, terminated_at, contract_end + renewals * terms)
    evergreen = (rng.random(n) < 0.3) & (status != 2)
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "city": city,
            "region": cities.loc[city, "region"].to_numpy(),
            "order_in_city": order_in_city,
            "tier": tier,
            "quality": rng.choice(3, n, p=[0.3, 0.5, 0.2]),
            "status": status,
            "contract_start": contract_start,
            "contract_end": np.where(evergreen, -1, contract_end),
            "available_from": contract_start,
            "available_to": available_to,
        }
    )


def _assignment_rules(
    ctx: SeedContext, rng: np.random.Generator, cities: pd.DataFrame, dealers: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Postcode-district rules (priority 10) split a city among its dealers; one city rule
    (priority 50) catches the rest. Lower priority numbers are tried first."""
    prefix_dealer = np.full(10_000, -1, dtype=np.int64)
    city_dealer = np.full(len(cities), -1, dtype=np.int64)
    rows: dict[str, list] = {
        k: []
        for k in (
            "dealer_id",
            "city_id",
            "postcode_prefix",
            "priority",
            "exclusive",
            "active",
            "note",
        )
    }

    def add(dealer: int, city: int, prefix: str | None, priority: int, note: str) -> None:
        rows["dealer_id"].append(dealers.at[dealer, "id"])
        rows["city_id"].append(-1 if prefix else cities.at[city, "id"])
        rows["postcode_prefix"].append(prefix)
        rows["priority"].append(priority)
        rows["exclusive"].append(prefix is not None)
        rows["active"].append(bool(dealers.at[dealer, "status"] != 2))
        rows["note"].append(note)

    for city, members in dealers.groupby("city").groups.items():
        members = np.asarray(members)
        ranked = members[np.argsort(dealers.loc[members, "tier"].to_numpy(), kind="stable")]
        lead = members[0]  # the first dealer of a city always stays available
        city_dealer[city] = lead
        name = cities.at[city, "name"]
        add(lead, city, None, 50, f"{name}: city-wide default")
        if len(members) < 2:
            continue
        districts = cities.at[city, "subareas"]
        owners = np.resize(ranked, districts)
        rng.shuffle(owners)
        for district, owner in enumerate(owners):
            prefix = f"{cities.at[city, 'postcode']}{district}"
            prefix_dealer[int(prefix)] = owner
            add(owner, city, prefix, 10, f"{name} district {prefix}xx")
    count = len(rows["dealer_id"])
    columns = {
        k: np.array(v, dtype=object if k in ("postcode_prefix", "note") else None)
        for k, v in rows.items()
    }
    columns["id"] = np.arange(1, count + 1)
    columns["daily_capacity"] = np.full(count, -1)
    return prefix_dealer, city_dealer, columns


def _capacities(
    ctx: SeedContext,
    rng: np.random.Generator,
    cities: pd.DataFrame,
    dealers: pd.DataFrame,
    prefix_dealer: np.ndarray,
    city_dealer: np.ndarray,
) -> np.ndarray:
    """Online orders a day each dealer can deliver: about 2-3.5 times its ordinary load, so that
    the festival peaks overflow into fallback assignments."""
    days = ctx.timeline.days.size
    online_per_day = 0.5 * ctx.scale.order_lines / LINES_PER_ORDER / days
    city_share = cities["weight"].to_numpy() / cities["weight"].sum()
    load = np.zeros(len(dealers))
    for city in range(len(cities)):
        districts = cities.at[city, "subareas"]
        for district in range(districts):
            owner = prefix_dealer[int(f"{cities.at[city, 'postcode']}{district}")]
            owner = owner if owner >= 0 else city_dealer[city]
            if owner >= 0:
                load[owner] += online_per_day * city_share[city] / districts
    factor = np.array([3.5, 3.0, 2.5, 2.0])[dealers["tier"].to_numpy()]
    return np.maximum(3, np.ceil(load * factor * rng.uniform(0.85, 1.15, len(dealers)))).astype(
        np.int64
    )


def _trade_names(rng: np.random.Generator, per_city: np.ndarray) -> list[tuple[str, str]]:
    combos = [
        (a + b, pa + pb) for a, pa in names.TRADE_FIRST for b, pb in names.TRADE_SECOND if a != b
    ]
    out: list[tuple[str, str]] = []
    for count in per_city:
        picked = rng.permutation(len(combos))[:count]
        out.extend(combos[i] for i in picked)
    return out


def _emit_dealers(
    ctx: SeedContext, rng: np.random.Generator, cities: pd.DataFrame, dealers: pd.DataFrame
) -> None:
    n = len(dealers)
    city = dealers["city"].to_numpy()
    trade = _trade_names(rng, np.bincount(city, minlength=len(cities)))
    forms = rng.integers(0, len(names.LEGAL_FORMS), n)
    city_zh = cities.loc[city, "name_zh"].to_numpy()
    city_en = cities.loc[city, "name"].to_numpy()
    contact_zh = names.person_names(rng, n)[0]
    bodies = rng.integers(10_000_000, 99_999_999, n)
    adcodes = cities.loc[city, "adcode"].to_numpy()
    domains = [
        f"{c.lower().replace(chr(39), '').replace(' ', '')}{t[1].lower()}.com.cn"
        for c, t in zip(city_en, trade, strict=True)
    ]
    status = np.array(["active", "suspended", "terminated"])[dealers["status"].to_numpy()]
    ctx.emit(
        "dealers",
        {
            "id": dealers["id"].to_numpy(),
            "code": np.array([f"D{i:04d}" for i in dealers["id"]], dtype=object),
            "name": np.array(
                [f"{c} {t[1]}" for c, t in zip(city_en, trade, strict=True)], dtype=object
            ),
            "name_zh": np.array(
                [c + t[0] for c, t in zip(city_zh, trade, strict=True)], dtype=object
            ),
            "legal_entity": np.array(
                [
                    c + t[0] + names.LEGAL_FORMS[f][0]
                    for c, t, f in zip(city_zh, trade, forms, strict=True)
                ],
                dtype=object,
            ),
            "credit_code": np.array(
                [credit_code(a, str(b)) for a, b in zip(adcodes, bodies, strict=True)], dtype=object
            ),
            "tier": np.array(TIERS, dtype=object)[dealers["tier"].to_numpy()],
            "region_id": dealers["region"].to_numpy() + 1,
            "status": status.astype(object),
            "contract_start": as_date(dealers["contract_start"].to_numpy()),
            "contract_end": np.where(
                dealers["contract_end"] < 0,
                np.datetime64("NaT"),
                as_date(dealers["contract_end"].clip(lower=0).to_numpy()),
            ),
            "contact_name": contact_zh,
            "contact_phone": _mobiles(rng, n),
            "contact_email": np.array([f"service@{d}" for d in domains], dtype=object),
            "daily_capacity": dealers["capacity"].to_numpy(),
            "hq_margin_rate": np.array([0.12, 0.14, 0.15, 0.17])[dealers["tier"].to_numpy()],
        },
    )


def _mobiles(rng: np.random.Generator, n: int) -> np.ndarray:
    prefixes = np.array(["138", "139", "137", "135", "186", "158", "159", "188", "177", "199"])
    return np.char.add(
        prefixes[rng.integers(0, len(prefixes), n)],
        np.char.zfill(rng.integers(0, 10**8, n).astype(str), 8),
    ).astype(object)


def _emit_territories(
    ctx: SeedContext, cities: pd.DataFrame, dealers: pd.DataFrame, rules: dict
) -> None:
    dealer_ids = rules["dealer_id"].astype(np.int64)
    city_ids = rules["city_id"].astype(np.int64)
    prefixes = rules["postcode_prefix"]
    platinum = dealers.index[dealers["tier"] == 0].to_numpy()
    count = len(dealer_ids) + len(platinum)
    ctx.emit(
        "dealer_territories",
        {
            "id": np.arange(1, count + 1),
            "dealer_id": np.concatenate([dealer_ids, dealers.loc[platinum, "id"].to_numpy()]),
            "region_id": np.concatenate(
                [np.full(len(dealer_ids), -1), dealers.loc[platinum, "region"].to_numpy() + 1]
            ),
            "city_id": np.concatenate([city_ids, np.full(len(platinum), -1)]),
            "postcode_prefix": np.concatenate([prefixes, np.full(len(platinum), None)]),
            "exclusive": np.concatenate(
                [rules["exclusive"].astype(bool), np.zeros(len(platinum), dtype=bool)]
            ),
        },
    )


def _locations(
    ctx: SeedContext, rng: np.random.Generator, cities: pd.DataFrame, dealers: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    scale = ctx.scale
    start, end = ctx.start_second, ctx.end_second
    per_city = _allocate(scale.stores, cities["weight"].to_numpy(), 1)
    city = np.repeat(np.arange(len(cities)), per_city)
    n = len(city)
    big = cities.loc[city, "tier"].to_numpy() <= 2
    kind = np.where(rng.random(n) < 0.8, "franchise", "direct").astype(object)
    # The first store of a city never closes (closed stores' orders go to it): a direct store
    # or one of the city's first dealer, who stays available.
    first_in_city = np.r_[True, city[1:] != city[:-1]]
    kind[first_in_city] = np.where(
        rng.random(int(first_in_city.sum())) < 0.7, "franchise", "direct"
    )
    # about 6% are the brand's show rooms, in the big cities
    showroom = rng.permutation(np.flatnonzero(big & ~first_in_city))[: max(2, round(0.06 * n))]
    kind[showroom] = "experience"
    dealer = np.full(n, -1, dtype=np.int64)
    tier_weight = np.array([4.0, 3.0, 2.0, 1.0])[dealers["tier"].to_numpy()]
    for c in np.unique(city):
        rows = np.flatnonzero((city == c) & (kind == "franchise") & ~first_in_city)
        members = np.flatnonzero(dealers["city"].to_numpy() == c)
        if rows.size:
            dealer[rows] = members[weighted_pick(rng, tier_weight[members], rows.size)]
        dealer[np.flatnonzero((city == c) & first_in_city & (kind == "franchise"))] = members[0]
    # Franchise stores open after their dealer's contract starts and close when it ends.
    opened = np.where(
        rng.random(n) < 0.9,
        rng.integers(date_seconds("2012-01-01"), start, n),
        start + (rng.random(n) * 0.85 * (end - start)).astype(np.int64),
    )
    franchise = dealer >= 0
    dealer_start = dealers["available_from"].to_numpy()[dealer.clip(0)]
    opened = np.where(
        franchise, np.maximum(opened, dealer_start + rng.integers(0, YEAR, n)), opened
    )
    closed = np.where(franchise, dealers["available_to"].to_numpy()[dealer.clip(0)], FAR_FUTURE)
    closed = np.where(
        franchise & (dealers["status"].to_numpy()[dealer.clip(0)] != 2), FAR_FUTURE, closed
    )
    random_close = (rng.random(n) < 0.02) & ~first_in_city
    closed = np.where(
        random_close, start + (rng.random(n) * (end - start)).astype(np.int64), closed
    )
    opened = np.minimum(np.minimum(opened, closed - 30 * DAY), end - 20 * DAY)
    planned = (rng.random(n) < 0.01) & ~first_in_city & (closed == FAR_FUTURE)
    opened = np.where(planned, end + rng.integers(20, 120, n) * DAY, opened)
    opened = np.where(first_in_city, np.minimum(opened, start - YEAR), opened)
    weight = (
        cities.loc[city, "weight"].to_numpy() ** 0.5
        * pd.Series(kind).map({"direct": 1.4, "franchise": 1.0, "experience": 0.5}).to_numpy()
        * rng.lognormal(0.0, 0.45, n)
    )
    stores = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "kind": kind,
            "dealer": dealer,
            "city": city,
            "region": cities.loc[city, "region"].to_numpy(),
            "opened": opened,
            "closed": closed,
            "planned": planned,
            "weight": weight,
            "channel": np.where(
                kind == "franchise", CHANNEL_ID["FRANCHISE_STORE"], CHANNEL_ID["DIRECT_STORE"]
            ),
            "ships_from_store": franchise & (rng.random(n) < 0.35),
            "lazy_phone": rng.random(n) < 0.3,  # staff type the shop's phone for customers
        }
    )
    # Orders meant for a store that was not open go to a store of the same city that always was.
    always = (stores["opened"] < start) & (stores["closed"] == FAR_FUTURE) & ~stores["planned"]
    stores["successor"] = [int(np.flatnonzero((city == c) & always.to_numpy())[0]) for c in city]
    dcs = scale.warehouses - scale.front_warehouses
    dc_city = [int(cities.index[cities["region"] == r][0]) for r in range(dcs)]
    front_city = list(range(scale.front_warehouses))
    warehouses = pd.DataFrame(
        {
            "id": n + 1 + np.arange(dcs + len(front_city)),
            "kind": ["warehouse"] * dcs + ["front_warehouse"] * len(front_city),
            "city": dc_city + front_city,
        }
    )
    warehouses["region"] = cities.loc[warehouses["city"], "region"].to_numpy()
    return stores, warehouses


def _emit_locations(
    ctx: SeedContext,
    rng: np.random.Generator,
    cities: pd.DataFrame,
    dealers: pd.DataFrame,
    stores: pd.DataFrame,
    warehouses: pd.DataFrame,
) -> None:
    seen: dict[tuple[int, int], int] = {}
    store_zh, store_en = [], []
    mall = rng.integers(0, len(names.MALLS), len(stores))
    for c, m, kind in zip(stores["city"], mall, stores["kind"], strict=True):
        count = seen[(c, m)] = seen.get((c, m), 0) + 1
        mall_zh, mall_en = names.MALLS[m]
        suffix_zh = (
            "品牌体验中心" if kind == "experience" else f"{names.ORDINALS_ZH[(count - 1) % 10]}店"
        )
        suffix_en = "Brand Experience Center" if kind == "experience" else "Store"
        number = f" {count}" if count > 1 else ""
        store_zh.append(f"{cities.at[c, 'name_zh']}{mall_zh}{suffix_zh}")
        store_en.append(f"{cities.at[c, 'name']} {mall_en} {suffix_en}{number}")
    wh_zh = [
        f"{REGIONS[cities.at[c, 'region']].name_zh}区域配送中心"
        if k == "warehouse"
        else f"{cities.at[c, 'name_zh']}前置仓"
        for c, k in zip(warehouses["city"], warehouses["kind"], strict=True)
    ]
    wh_en = [
        f"{REGIONS[cities.at[c, 'region']].name} Regional DC"
        if k == "warehouse"
        else f"{cities.at[c, 'name']} Front Warehouse"
        for c, k in zip(warehouses["city"], warehouses["kind"], strict=True)
    ]
    city = np.concatenate([stores["city"].to_numpy(), warehouses["city"].to_numpy()])
    n = len(city)
    roads = np.array(names.ROADS, dtype=object)[rng.integers(0, len(names.ROADS), n)]
    numbers = rng.integers(1, 999, n)
    # Municipalities (上海市) are their own province: name them once.
    place = [
        p if p.startswith(c) else p + c + "市"
        for p, c in zip(cities["province_zh"], cities["name_zh"], strict=True)
    ]
    address = [f"{place[c]}{r}{k}号" for c, r, k in zip(city, roads, numbers, strict=True)]
    postcode = (
        cities.loc[city, "prefix"].to_numpy() * 1000
        + rng.integers(0, 4, n) * 100
        + rng.integers(0, 40, n)
    )
    opened = np.concatenate(
        [stores["opened"].to_numpy(), np.full(len(warehouses), date_seconds("2015-03-01"))]
    )
    closed = np.concatenate([stores["closed"].to_numpy(), np.full(len(warehouses), FAR_FUTURE)])
    planned = np.concatenate([stores["planned"].to_numpy(), np.zeros(len(warehouses), bool)])
    status = np.where(planned, "planned", np.where(closed <= ctx.end_second, "closed", "open"))
    codes = [f"S{i:04d}" for i in stores["id"]] + [
        f"W{i:03d}" for i in range(1, len(warehouses) + 1)
    ]
    ctx.emit(
        "locations",
        {
            "id": np.arange(1, n + 1),
            "code": np.array(codes, dtype=object),
            "name": np.array(store_en + wh_en, dtype=object),
            "name_zh": np.array(store_zh + wh_zh, dtype=object),
            "kind": np.concatenate([stores["kind"].to_numpy(), warehouses["kind"].to_numpy()]),
            "dealer_id": np.concatenate(
                [
                    np.where(
                        stores["dealer"] >= 0,
                        dealers["id"].to_numpy()[stores["dealer"].clip(lower=0)],
                        -1,
                    ),
                    np.full(len(warehouses), -1),
                ]
            ),
            "city_id": cities.loc[city, "id"].to_numpy(),
            "address": np.array(address, dtype=object),
            "postcode": np.char.zfill(postcode.astype(str), 6).astype(object),
            "lat": np.round(cities.loc[city, "lat"].to_numpy() + rng.normal(0, 0.04, n), 5),
            "lon": np.round(cities.loc[city, "lon"].to_numpy() + rng.normal(0, 0.05, n), 5),
            "opened_on": as_date(opened),
            "closed_on": np.where(closed >= FAR_FUTURE, np.datetime64("NaT"), as_date(closed)),
            "status": status.astype(object),
            "ships_from_store": np.concatenate(
                [stores["ships_from_store"].to_numpy(), np.zeros(len(warehouses), bool)]
            ),
        },
    )


def _emit_lanes(ctx: SeedContext, cities: pd.DataFrame, warehouses: pd.DataFrame) -> None:
    """Contract rates from each distribution centre to the front warehouses of its region."""
    rows = []
    dcs = warehouses[warehouses["kind"] == "warehouse"]
    for _, front in warehouses[warehouses["kind"] == "front_warehouse"].iterrows():
        same = dcs[dcs["region"] == front["region"]]
        for _, dc in same.iterrows():
            km = 111 * float(
                np.hypot(
                    cities.at[dc["city"], "lat"] - cities.at[front["city"], "lat"],
                    cities.at[dc["city"], "lon"] - cities.at[front["city"], "lon"],
                )
            )
            rows.append((dc["id"], front["id"], round(1.5 + 0.004 * km, 4), 60.0))
    if rows:
        frm, to, unit, fixed = (np.array(v) for v in zip(*rows, strict=True))
        ctx.emit(
            "transport_lanes",
            {
                "from_location_id": frm,
                "to_location_id": to,
                "unit_cost": unit,
                "fixed_cost": fixed,
                "forbidden": np.zeros(len(rows), dtype=bool),
            },
        )
