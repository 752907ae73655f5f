"""Persons, their channel profiles, identities, and the truth of who is who.

Every profile (a member card in a store, a web-shop account, a marketplace buyer, a follower)
starts as its own customer record: the state before identity resolution. Some persons have
profiles in several channels: most of those share a phone (or e-mail / payment account), so
exact linking finds them; some agree only on name + birth date + postcode (fuzzy linking);
a few share nothing. A shop's own landline typed for customers who would not give a phone, and
a well-known placeholder mobile, are identities shared by many different persons (the
over-merge guard must flag them). `demo_identity_truth` records the true person per profile.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from console.db.demo import names
from console.db.demo.context import (
    SeedContext,
    as_date,
    as_datetime,
    date_seconds,
    weighted_pick,
    zfill,
)
from console.db.demo.network import CHANNEL_ID, CHANNELS, DAY, YEAR, Network

STORE = 0  # channel label of store profiles: direct or franchise, by the store's kind
_LABELS = np.array(
    [STORE]
    + [
        CHANNEL_ID[c]
        for c in ("OWN_WEB", "WECHAT_MALL", "TMALL", "JD", "DOUYIN", "XIAOHONGSHU", "WECHAT_OA")
    ]
)
FIRST_MIX = np.array([0.48, 0.07, 0.10, 0.15, 0.10, 0.05, 0.02, 0.03])
LATER_MIX = np.array([0.22, 0.10, 0.22, 0.14, 0.10, 0.08, 0.04, 0.10])
# per channel id: has a name, a birth date, a postcode, a phone, an e-mail, a payment account
_TRAITS = {
    "DIRECT_STORE": (0.97, 0.75, 0.85, 0.85, 0.0, 0.0),
    "FRANCHISE_STORE": (0.97, 0.75, 0.85, 0.85, 0.0, 0.0),
    "OWN_WEB": (0.95, 0.5, 0.95, 1.0, 0.6, 0.4),
    "WECHAT_MALL": (0.9, 0.4, 0.95, 0.7, 0.1, 0.0),
    "TMALL": (0.7, 0.1, 0.95, 0.15, 0.0, 0.6),
    "JD": (0.7, 0.1, 0.95, 0.15, 0.0, 0.0),
    "DOUYIN": (0.4, 0.15, 0.6, 0.25, 0.0, 0.0),
    "XIAOHONGSHU": (0.4, 0.15, 0.5, 0.25, 0.0, 0.0),
    "WECHAT_OA": (0.4, 0.15, 0.3, 0.1, 0.0, 0.0),
}
MARKETPLACE_PREFIX = {"TMALL": "tmall", "JD": "jd", "DOUYIN": "douyin", "XIAOHONGSHU": "xhs"}
PLACEHOLDER_PHONE = "13800138000"
_MOBILE_PREFIXES = np.array(
    [
        "130",
        "131",
        "132",
        "133",
        "135",
        "136",
        "137",
        "138",
        "139",
        "150",
        "151",
        "152",
        "155",
        "156",
        "157",
        "158",
        "159",
        "166",
        "171",
        "173",
        "175",
        "176",
        "177",
        "180",
        "181",
        "182",
        "185",
        "186",
        "188",
        "189",
    ]
)
_EMAIL_DOMAINS = np.array(
    ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com", "foxmail.com"]
)
_OPENID_CHARS = np.frombuffer(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", dtype=np.uint8
)
_TIME_KEY = 1 << 33


class GroupPool:
    """Members of groups (a store's members, a channel's accounts) sorted by when they appeared:
    picks, for each query (group, time), a member already present, weighted by activity."""

    def __init__(
        self, group: np.ndarray, time: np.ndarray, weight: np.ndarray, groups: int
    ) -> None:
        order = np.lexsort((time, group))
        self.members = order
        self.key = group[order].astype(np.int64) * _TIME_KEY + time[order]
        self.start = np.searchsorted(group[order], np.arange(groups), side="left")
        self.cumulative = np.concatenate([[0.0], np.cumsum(weight[order])])

    def pick(self, rng: np.random.Generator, group: np.ndarray, time: np.ndarray) -> np.ndarray:
        """Member positions, or -1 where the group had nobody yet at that time."""
        start = self.start[group]
        end = np.searchsorted(self.key, group.astype(np.int64) * _TIME_KEY + time, side="right")
        low, high = self.cumulative[start], self.cumulative[np.maximum(end, start)]
        target = low + rng.random(len(group)) * (high - low)
        index = np.searchsorted(self.cumulative, target, side="right") - 1
        index = np.clip(index, start, np.maximum(end - 1, start))
        return np.where(end > start, self.members[np.minimum(index, len(self.members) - 1)], -1)


@dataclass
class People:
    """Profiles by position (profile id = customer id = position + 1)."""

    channel: np.ndarray  # channel id
    store: np.ndarray  # store position that captured it, or -1
    dealer: np.ndarray  # dealer position that captured it, or -1
    city: np.ndarray  # home city position
    postcode: np.ndarray  # home postcode as a number
    first_seen: np.ndarray  # epoch seconds
    store_pool: GroupPool  # store profiles by store position
    channel_pool: GroupPool  # online profiles by channel id

    @property
    def count(self) -> int:
        return len(self.channel)


def seed_customers(ctx: SeedContext, network: Network) -> People:
    rng = ctx.rng("customers")
    scale = ctx.scale
    n = scale.customers
    per_person = rng.choice([1, 2, 3], size=int(n / 1.38 * 1.1) + 10, p=[0.70, 0.22, 0.08])
    cut = int(np.searchsorted(np.cumsum(per_person), n)) + 1
    per_person = per_person[:cut]
    per_person[-1] -= per_person.sum() - n
    persons = len(per_person)
    person = np.repeat(np.arange(persons), per_person)
    first = np.repeat(np.cumsum(per_person) - per_person, per_person)  # position of rank 0
    rank = np.arange(n) - first

    # persons
    name_zh, name_en, gender, login = names.person_names(rng, persons)
    cities = network.cities
    home = weighted_pick(rng, cities["weight"].to_numpy(), persons)
    district = (rng.random(persons) * cities["subareas"].to_numpy()[home]).astype(np.int64)
    postcode = (
        cities["prefix"].to_numpy()[home] * 1000 + district * 100 + rng.integers(0, 40, persons)
    )
    end_day = ctx.end_second
    birth = end_day - (rng.uniform(22, 68, persons) * 365.25 * DAY).astype(np.int64)

    # channels: one label per profile, later profiles of a person avoid earlier labels
    label = np.where(
        rank == 0,
        _LABELS[weighted_pick(rng, FIRST_MIX, n)],
        _LABELS[weighted_pick(rng, LATER_MIX, n)],
    )
    for _ in range(4):
        clash = (rank >= 1) & (label == label[first])
        clash |= (rank == 2) & (label == label[np.minimum(first + 1, n - 1)])
        label[clash] = _LABELS[weighted_pick(rng, LATER_MIX, int(clash.sum()))]
    stores = network.stores
    is_store = label == STORE
    store = np.full(n, -1, dtype=np.int64)
    store[is_store] = _store_in_city(rng, stores, home[person[is_store]])
    channel = np.where(is_store, stores["channel"].to_numpy()[store.clip(0)], label)

    first_seen = _first_seen(ctx, rng, stores, channel, store, is_store)
    link = np.where(
        rank == 0, 0, rng.choice([1, 2, 3], n, p=[0.62, 0.28, 0.10])
    )  # exact/fuzzy/none
    traits = np.array([_TRAITS[c[0]] for c in CHANNELS])[channel - 1]
    draws = rng.random((n, 6)) < traits
    has_name, has_birth, has_postcode, has_phone, has_email, has_pay = draws.T
    fuzzy_first = np.zeros(n, dtype=bool)
    fuzzy_first[first[link == 2]] = True
    for mask in (has_name, has_birth, has_postcode):
        mask |= (link == 2) | fuzzy_first
    has_birth &= link != 3
    exact_first = np.zeros(n, dtype=bool)
    exact_first[first[link == 1]] = True
    own_phone = (link == 1) | exact_first
    has_phone |= own_phone

    # capture: stores capture their members; dealers' QR codes capture some web-shop accounts
    dealer = np.where(is_store, stores["dealer"].to_numpy()[store.clip(0)], -1)
    qr = np.isin(channel, [CHANNEL_ID["OWN_WEB"], CHANNEL_ID["WECHAT_MALL"]]) & (
        rng.random(n) < 0.12
    )
    dealer[qr] = network.city_dealer[home[person[qr]]]
    store[qr] = _dealer_store(stores, dealer[qr])

    pid = np.arange(1, n + 1)
    identities = _identities(
        rng,
        network,
        pid,
        person,
        persons,
        rank,
        link,
        channel,
        store,
        login,
        has_phone,
        own_phone,
        has_email,
        has_pay,
    )
    source_key = _source_keys(pid, identities)
    city_known = has_postcode | is_store
    location_id = np.where(store >= 0, stores["id"].to_numpy()[store.clip(0)], -1)
    dealer_id = np.where(dealer >= 0, network.dealers["id"].to_numpy()[dealer.clip(0)], -1)
    profile_columns = {
        "name": np.where(has_name, name_zh[person], None),
        "birth_date": np.where(has_birth, as_date(birth[person]), np.datetime64("NaT")),
        "postcode": np.where(has_postcode, zfill(postcode[person], 6), None),
        "city_id": np.where(city_known, cities["id"].to_numpy()[home[person]], -1),
        "first_seen_at": as_datetime(first_seen),
        "captured_store_id": location_id,
        "captured_dealer_id": dealer_id,
    }
    ctx.emit(
        "customers",
        {
            "id": pid,
            "code": np.char.add("C", np.char.zfill(pid.astype(str), 8)).astype(object),
            "name": profile_columns["name"],
            "name_en": np.where(has_name, name_en[person], None),
            "gender": np.where(has_name, gender[person], None),
            "birth_date": profile_columns["birth_date"],
            "city_id": profile_columns["city_id"],
            "postcode": profile_columns["postcode"],
            "first_channel_id": channel,
            "first_seen_at": profile_columns["first_seen_at"],
            "captured_store_id": location_id,
            "captured_dealer_id": dealer_id,
        },
    )
    ctx.check()
    ctx.emit(
        "customer_profiles",
        {
            "id": pid,
            "channel_id": channel,
            "source_key": source_key,
            "customer_id": pid,
            **profile_columns,
        },
    )
    _emit_identities(ctx, identities, pid, channel, first_seen, location_id, dealer_id)
    ctx.emit("demo_identity_truth", {"profile_id": pid, "person_key": person + 1})
    activity = rng.lognormal(0.0, 0.8, n)
    online = ~is_store
    return People(
        channel=channel,
        store=np.where(is_store, store, -1),
        dealer=dealer,
        city=home[person],
        postcode=postcode[person],
        first_seen=first_seen,
        store_pool=GroupPool(
            np.where(is_store, store, len(stores)),
            first_seen,
            np.where(is_store, activity, 0.0),
            len(stores) + 1,
        ),
        channel_pool=GroupPool(
            np.where(online, channel, 0),
            first_seen,
            np.where(online, activity, 0.0),
            len(CHANNELS) + 1,
        ),
    )


def _store_in_city(rng: np.random.Generator, stores: pd.DataFrame, city: np.ndarray) -> np.ndarray:
    """A store of the given city (weighted by its size; never a store that has not opened)."""
    weight = np.where(stores["planned"].to_numpy(), 0.0, stores["weight"].to_numpy())
    pool = GroupPool(
        stores["city"].to_numpy(),
        np.zeros(len(stores), dtype=np.int64),
        weight,
        int(stores["city"].max()) + 1,
    )
    return pool.pick(rng, city, np.zeros(len(city), dtype=np.int64))


def _dealer_store(stores: pd.DataFrame, dealer: np.ndarray) -> np.ndarray:
    """The dealer's first store, or -1 when it runs none."""
    owned = stores.index[stores["dealer"] >= 0]
    first = pd.Series(owned, index=stores.loc[owned, "dealer"]).groupby(level=0).first()
    return first.reindex(dealer).fillna(-1).to_numpy(dtype=np.int64)


def _first_seen(
    ctx: SeedContext,
    rng: np.random.Generator,
    stores: pd.DataFrame,
    channel: np.ndarray,
    store: np.ndarray,
    is_store: np.ndarray,
) -> np.ndarray:
    """A third of the members predate the timeline; sign-ups then grow as capture improves."""
    n = len(channel)
    start, end = ctx.start_second, ctx.end_second
    pre = rng.random(n) < 0.35
    grow = -0.4 + np.sqrt(0.16 + 1.8 * rng.random(n))  # density rising over the timeline
    seen = np.where(
        pre,
        start - (rng.random(n) * 4 * YEAR).astype(np.int64),
        start + (grow * (end - start)).astype(np.int64),
    )
    social = np.isin(channel, [CHANNEL_ID["DOUYIN"], CHANNEL_ID["XIAOHONGSHU"]])
    seen = np.where(social, np.maximum(seen, date_seconds("2020-06-01")), seen)
    opened = stores["opened"].to_numpy()[store.clip(0)]
    closed = np.minimum(stores["closed"].to_numpy()[store.clip(0)], end)
    low = opened + rng.integers(0, 30, n) * DAY
    seen = np.where(is_store & (seen < low), low, seen)
    late = is_store & (seen > closed)
    seen = np.where(
        late, low + (rng.random(n) * np.maximum(closed - low, DAY)).astype(np.int64), seen
    )
    seen = np.minimum(seen, end - DAY)
    # every online channel has accounts from before the timeline, so its first orders have buyers
    for code in np.unique(channel[~is_store]):
        early = np.flatnonzero(channel == code)[:5]
        seen[early] = start - 30 * DAY
    day = seen - seen % DAY
    return day + np.where(is_store, rng.integers(10 * 3600, 21 * 3600, n), rng.integers(0, DAY, n))


def mobile_numbers(keys: np.ndarray) -> np.ndarray:
    """Distinct mobile numbers for distinct non-negative keys (an affine map per prefix).

    The constants keep the first million keys of every prefix off repeated-digit numbers
    (13833333333), which the resolver rightly rejects as placeholders.
    """
    keys = np.asarray(keys, dtype=np.int64)
    prefix = keys % len(_MOBILE_PREFIXES)
    suffix = (keys // len(_MOBILE_PREFIXES) * 48_271_871 + 9_371_337 + prefix * 7_919_391) % (
        100_000_000
    )
    return np.char.add(_MOBILE_PREFIXES[prefix], np.char.zfill(suffix.astype(str), 8)).astype(
        object
    )


def _phone_raw(rng: np.random.Generator, numbers: np.ndarray) -> np.ndarray:
    """How people type their mobile: plain, '+86 138 1234 5678', '138-1234-5678' ..."""
    style = rng.choice(4, len(numbers), p=[0.5, 0.2, 0.15, 0.15])
    out = numbers.copy()
    for code, fmt in ((1, "+86 {} {} {}"), (2, "{}-{}-{}"), (3, "{} {} {}")):
        rows = np.flatnonzero((style == code) & np.array([len(v) == 11 for v in numbers]))
        out[rows] = [fmt.format(v[:3], v[3:7], v[7:]) for v in numbers[rows]]
    return out


def _openids(rng: np.random.Generator, count: int) -> np.ndarray:
    chars = _OPENID_CHARS[rng.integers(0, len(_OPENID_CHARS), (count, 27))]
    raw = np.concatenate([np.full((count, 1), ord("o"), dtype=np.uint8), chars], axis=1)
    return np.ascontiguousarray(raw).view("S28").ravel().astype(str).astype(object)


@dataclass
class _Identities:
    profile: np.ndarray  # profile position
    type: np.ndarray
    normalized: np.ndarray
    raw: np.ndarray


def _identities(
    rng: np.random.Generator,
    network: Network,
    pid: np.ndarray,
    person: np.ndarray,
    persons: int,
    rank: np.ndarray,
    link: np.ndarray,
    channel: np.ndarray,
    store: np.ndarray,
    login: np.ndarray,
    has_phone: np.ndarray,
    own_phone: np.ndarray,
    has_email: np.ndarray,
    has_pay: np.ndarray,
) -> _Identities:
    parts: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []
    # Linked profiles use the person's own identifiers; unlinked ones a number of their own.
    key = np.where((rank == 0) | (link == 1), person, persons * rank + person)

    rows = np.flatnonzero(has_phone)
    numbers = mobile_numbers(key[rows])
    stores = network.stores
    lazy = stores["lazy_phone"].to_numpy()[store[rows].clip(0)] & (store[rows] >= 0)
    at_till = (
        lazy
        & ~own_phone[rows]
        & (rng.random(rows.size) < 0.25)
        & np.isin(channel[rows], [CHANNEL_ID["DIRECT_STORE"], CHANNEL_ID["FRANCHISE_STORE"]])
    )
    area = network.cities["area_code"].to_numpy()[stores["city"].to_numpy()]
    shop_line = np.char.add(
        area.astype(str), (60_000_000 + stores["id"].to_numpy() * 3_137).astype(str)
    ).astype(object)
    numbers[at_till] = shop_line[store[rows][at_till]]
    placeholder = (
        ~own_phone[rows]
        & (rng.random(rows.size) < 0.004)
        & np.isin(channel[rows], [CHANNEL_ID["OWN_WEB"], CHANNEL_ID["WECHAT_MALL"]])
    )
    numbers[placeholder] = PLACEHOLDER_PHONE
    raw = _phone_raw(rng, numbers)
    landline = np.flatnonzero(at_till)
    raw[landline] = [f"{v[: len(v) - 8]}-{v[-8:]}" for v in numbers[landline]]
    parts.append((rows, "phone", numbers, raw))

    rows = np.flatnonzero(has_email)
    emails = (
        login[person[rows]]
        + key[rows].astype(str).astype(object)
        + "@"
        + _EMAIL_DOMAINS[key[rows] % len(_EMAIL_DOMAINS)].astype(object)
    )
    raw = emails.copy()
    upper = rng.random(rows.size) < 0.3
    raw[upper] = [e[:1].upper() + e[1:] for e in emails[upper]]
    parts.append((rows, "email", emails, raw))

    rows = np.flatnonzero(has_pay)
    accounts = np.char.add(
        "2088", np.char.zfill(((key[rows] * 1_000_003 + 77) % 10**12).astype(str), 12)
    ).astype(object)
    parts.append((rows, "payment_account", accounts, accounts))

    rows = np.flatnonzero(
        np.isin(channel, [CHANNEL_ID["DIRECT_STORE"], CHANNEL_ID["FRANCHISE_STORE"]])
    )
    cards = np.char.add("HQ", ((pid[rows] * 7_777_777) % 900_000_000 + 100_000_000).astype(str))
    cards = cards.astype(object)
    style = rng.choice(3, rows.size, p=[0.6, 0.25, 0.15])
    raw = cards.copy()
    raw[style == 1] = [f"{c[:2]}-{c[2:6]}-{c[6:]}" for c in cards[style == 1]]
    raw[style == 2] = [c.lower() for c in cards[style == 2]]
    parts.append((rows, "member_card", cards, raw))

    rows = np.flatnonzero(np.isin(channel, [CHANNEL_ID["WECHAT_MALL"], CHANNEL_ID["WECHAT_OA"]]))
    openids = _openids(rng, rows.size)
    parts.append((rows, "wechat_openid", openids, openids))

    for code, prefix in MARKETPLACE_PREFIX.items():
        rows = np.flatnonzero(channel == CHANNEL_ID[code])
        accounts = f"{prefix}:" + login[person[rows]] + pid[rows].astype(str).astype(object)
        raw = accounts.copy()
        upper = rng.random(rows.size) < 0.4
        raw[upper] = [a.split(":")[0] + ":" + a.split(":")[1].capitalize() for a in accounts[upper]]
        parts.append((rows, "marketplace_account", accounts, raw))
    return _Identities(
        profile=np.concatenate([p[0] for p in parts]),
        type=np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in parts]),
        normalized=np.concatenate([p[2] for p in parts]),
        raw=np.concatenate([p[3] for p in parts]),
    )


def _source_keys(pid: np.ndarray, identities: _Identities) -> np.ndarray:
    """The key a channel's own system uses: card number, openid, marketplace account, user id."""
    keys = np.char.add("U", np.char.zfill(pid.astype(str), 9)).astype(object)
    for kind in ("member_card", "wechat_openid", "marketplace_account"):
        rows = identities.type == kind
        keys[identities.profile[rows]] = identities.normalized[rows]
    return keys


def _emit_identities(
    ctx: SeedContext,
    identities: _Identities,
    pid: np.ndarray,
    channel: np.ndarray,
    first_seen: np.ndarray,
    location_id: np.ndarray,
    dealer_id: np.ndarray,
) -> None:
    """One identity row per (type, normalized value), owned by the profile that had it first."""
    frame = pd.DataFrame(
        {
            "profile": identities.profile,
            "type": identities.type,
            "normalized": identities.normalized,
            "raw": identities.raw,
            "seen": first_seen[identities.profile],
        }
    )
    frame = frame.sort_values(["seen", "profile"], kind="stable", ignore_index=True)
    # ids in key order: the table and its unique (type, value) index then fill front to back
    frame["identity"] = frame.groupby(["type", "normalized"], sort=True).ngroup() + 1
    owners = frame[~frame.duplicated("identity")].sort_values("identity")
    owner = owners["profile"].to_numpy()
    ctx.emit(
        "customer_identities",
        {
            "id": owners["identity"].to_numpy(),
            "customer_id": pid[owner],
            "type": owners["type"].to_numpy(dtype=object),
            "raw_value": owners["raw"].to_numpy(dtype=object),
            "normalized_value": owners["normalized"].to_numpy(dtype=object),
            "channel_id": channel[owner],
            "first_seen_at": as_datetime(first_seen[owner]),
            "captured_store_id": location_id[owner],
            "captured_dealer_id": dealer_id[owner],
            "flagged_shared": np.zeros(len(owners), dtype=bool),
        },
    )
    links = frame[["profile", "identity"]].drop_duplicates().sort_values(["profile", "identity"])
    ctx.emit(
        "profile_identities",
        {
            "profile_id": pid[links["profile"].to_numpy()],
            "identity_id": links["identity"].to_numpy(),
        },
    )
