"""Which dealer fulfils an online order: rules, daily capacity, nearest-dealer fallback.

The policy (docs/dealers.md, "Online-order assignment") treats each day's online orders as one
batch, served in rounds so that the whole batch is computed with array operations:

1. Every order lists the active rules that match it — a postcode rule when the order's
   postcode starts with the rule's prefix, a city rule when the order is in the rule's city —
   ordered by priority (lower number first), then postcode rules before city rules, longer
   prefixes first, then rule id. Rules of dealers that are not active, or whose contract does
   not cover the day, are skipped.
2. Round k: every order still waiting asks the dealer of its k-th rule. Each capacity *pool*
   takes the orders asking it in the order they were placed, up to its daily limit. A pool is
   the dealer's own daily capacity, or — for a rule with its own `daily_capacity` — that rule's
   separate daily quota. Orders turned away count as an *overflow* of that dealer.
3. Orders no rule could place go to the nearest active dealer (great-circle distance between
   the order's city and the dealer's home) whose own pool has room that day, again in rounds;
   optionally only within `max_fallback_km`.
4. What is left is "unassigned" (the queue headquarters dispatches by hand).

Inputs are plain DataFrames (see the `*_COLUMNS` tuples); nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0
RULE_COLUMNS = (
    "id",
    "priority",
    "dealer_id",
    "city_id",
    "postcode_prefix",
    "exclusive",
    "daily_capacity",
    "active",
)
DEALER_COLUMNS = ("id", "daily_capacity", "active", "contract_start", "contract_end", "lat", "lon")
CITY_COLUMNS = ("id", "postcode_prefix", "lat", "lon")
ORDER_COLUMNS = ("order_id", "placed_at", "city_id", "postcode")
SOURCES = ("rule", "fallback", "unassigned")
CONFLICT_COLUMNS = (
    "severity",
    "kind",
    "rule_id",
    "other_rule_id",
    "dealer_id",
    "other_dealer_id",
    "area",
    "other_area",
)


def _check(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack the column(s) {', '.join(missing)}")


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km (arrays broadcast)."""
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# -- rule areas and conflicts ------------------------------------------------------------------


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().replace("", pd.NA)


def rule_areas(rules: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Each rule's area as a postcode prefix (a city rule covers its city's prefix): id,
    dealer_id, priority, exclusive, prefix, area (readable: "postcode 2001" / "city 3")."""
    prefix = _text(rules["postcode_prefix"])
    city_prefix = rules["city_id"].map(
        dict(zip(cities["id"], cities["postcode_prefix"].astype(str), strict=True))
    )
    is_city = prefix.isna()
    return pd.DataFrame(
        {
            "id": rules["id"].to_numpy(),
            "dealer_id": rules["dealer_id"].to_numpy(),
            "priority": rules["priority"].to_numpy(),
            "exclusive": rules["exclusive"].astype(bool).to_numpy(),
            "is_city": is_city.to_numpy(),
            "prefix": prefix.where(~is_city, city_prefix.astype("string")).to_numpy(),
            "area": np.where(
                is_city,
                "city " + rules["city_id"].astype("Int64").astype("string").fillna("?"),
                "postcode " + prefix.fillna(""),
            ),
        }
    ).dropna(subset=["prefix"])


def overlapping_pairs(areas: pd.DataFrame) -> pd.DataFrame:
    """Pairs of rows whose `prefix`es overlap (one starts with the other), each pair once, with
    the columns suffixed _a (the longer or equal prefix) and _b."""
    areas = areas.reset_index(drop=True).assign(_row=lambda f: np.arange(len(f)))
    lengths = areas["prefix"].str.len()
    pairs = []
    for length in sorted(lengths.unique()):
        short = areas[lengths == length]
        long = areas[lengths >= length]
        long = long.assign(_join=long["prefix"].str[:length])
        joined = long.merge(short, left_on="_join", right_on="prefix", suffixes=("_a", "_b"))
        same_length = joined["prefix_a"].str.len() == length
        pairs.append(joined[~same_length | (joined["_row_a"] < joined["_row_b"])])
    if not pairs:
        return pd.DataFrame()
    return pd.concat(pairs, ignore_index=True).drop(columns=["_join", "_row_a", "_row_b"])


def find_conflicts(rules: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Conflicts among the active rules: CONFLICT_COLUMNS, errors first.

    - error `exclusive_overlap`: two dealers are both exclusive for an overlapping area;
    - warning `shadows_exclusive`: another dealer's non-exclusive rule is tried before (or tied
      with) an exclusive rule for part of its area, so the exclusivity does not hold;
    - warning `ambiguous`: two dealers' non-exclusive rules for the same area and priority.
    """
    _check(rules, RULE_COLUMNS, "The rules")
    active = rules[rules["active"].astype(bool)]
    pairs = overlapping_pairs(rule_areas(active, cities))
    if pairs.empty:
        return pd.DataFrame(columns=list(CONFLICT_COLUMNS))
    pairs = pairs[pairs["dealer_id_a"] != pairs["dealer_id_b"]]
    ex_a, ex_b = pairs["exclusive_a"], pairs["exclusive_b"]
    pri_a, pri_b = pairs["priority_a"], pairs["priority_b"]
    same_area = pairs["prefix_a"] == pairs["prefix_b"]
    kinds = [
        ("error", "exclusive_overlap", ex_a & ex_b, False),
        # b (broader or equal) is tried first when its priority number is lower
        (
            "warning",
            "shadows_exclusive",
            ex_a & ~ex_b & ((pri_b < pri_a) | ((pri_b == pri_a) & same_area)),
            False,
        ),
        # a (narrower or equal) is tried first at a lower or equal priority number
        ("warning", "shadows_exclusive", ~ex_a & ex_b & (pri_a <= pri_b), True),
        ("warning", "ambiguous", ~ex_a & ~ex_b & (pri_a == pri_b) & same_area, False),
    ]
    parts = []
    for severity, kind, mask, swap in kinds:
        chosen = pairs[mask.to_numpy()]
        first, second = ("b", "a") if swap else ("a", "b")
        parts.append(
            pd.DataFrame(
                {
                    "severity": severity,
                    "kind": kind,
                    "rule_id": chosen[f"id_{first}"].to_numpy(),
                    "other_rule_id": chosen[f"id_{second}"].to_numpy(),
                    "dealer_id": chosen[f"dealer_id_{first}"].to_numpy(),
                    "other_dealer_id": chosen[f"dealer_id_{second}"].to_numpy(),
                    "area": chosen[f"area_{first}"].to_numpy(),
                    "other_area": chosen[f"area_{second}"].to_numpy(),
                }
            )
        )
    found = pd.concat(parts, ignore_index=True)
    found["order"] = found["severity"].map({"error": 0, "warning": 1})
    return (
        found.sort_values(["order", "rule_id", "other_rule_id"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)[list(CONFLICT_COLUMNS)]
    )


def conflicts_of(conflicts: pd.DataFrame, rule_id: int) -> pd.DataFrame:
    """The conflicts one rule takes part in (either side)."""
    return conflicts[(conflicts["rule_id"] == rule_id) | (conflicts["other_rule_id"] == rule_id)]


# -- assignment --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """`orders`: order_id, dealer_id (Int64, NA = unassigned), source (SOURCES), rule_id,
    distance_km (fallback only), in the input order. `overflow`: dealer_id, day, turned_away —
    orders that matched a dealer's rule and found its pool full. `load`: pool use per day:
    dealer_id, rule_id (NA for the dealer's own pool), day, used, limit."""

    orders: pd.DataFrame
    overflow: pd.DataFrame
    load: pd.DataFrame


def _days(placed_at: pd.Series) -> np.ndarray:
    return pd.to_datetime(placed_at).to_numpy().astype("datetime64[D]").astype(np.int64)


def _availability(dealers: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """available[day - first_day, dealer position]: active, and the contract covers the day."""
    start = pd.to_datetime(dealers["contract_start"]).to_numpy().astype("datetime64[D]")
    end = pd.to_datetime(dealers["contract_end"]).to_numpy().astype("datetime64[D]")
    start_no = np.where(np.isnat(start), np.iinfo(np.int64).min, start.astype(np.int64))
    end_no = np.where(np.isnat(end), np.iinfo(np.int64).max, end.astype(np.int64))
    active = dealers["active"].astype(bool).to_numpy()
    return (
        active[None, :] & (start_no[None, :] <= days[:, None]) & (days[:, None] <= end_no[None, :])
    )


def _matches(orders: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """(order position, rule) pairs of every active rule matching an order, best first."""
    active = rules[rules["active"].astype(bool)].assign(
        prefix=lambda f: _text(f["postcode_prefix"])
    )
    postcode = _text(orders["postcode"])
    position = pd.Series(np.arange(len(orders)), index=orders.index)
    parts = []
    by_prefix = active[active["prefix"].notna()]
    for length in sorted(by_prefix["prefix"].str.len().unique()):
        rules_l = by_prefix[by_prefix["prefix"].str.len() == length]
        keys = pd.DataFrame({"pos": position.to_numpy(), "prefix": postcode.str[:length]})
        keys = keys[postcode.str.len().fillna(0).to_numpy() >= length]
        parts.append(
            keys.merge(rules_l, on="prefix").assign(specificity=int(length))[
                ["pos", "id", "dealer_id", "priority", "daily_capacity", "specificity"]
            ]
        )
    by_city = active[active["prefix"].isna() & active["city_id"].notna()]
    if len(by_city):
        keys = pd.DataFrame({"pos": position.to_numpy(), "city_id": orders["city_id"].to_numpy()})
        keys = keys.dropna().astype({"city_id": "int64"})
        city_rules = by_city.astype({"city_id": "int64"})
        parts.append(
            keys.merge(city_rules, on="city_id").assign(specificity=0)[
                ["pos", "id", "dealer_id", "priority", "daily_capacity", "specificity"]
            ]
        )
    columns = ["pos", "rule_id", "dealer_id", "priority", "rule_capacity", "specificity"]
    if not parts:
        return pd.DataFrame(columns=columns)
    found = pd.concat(parts, ignore_index=True).set_axis(columns, axis=1)
    found["neg_specificity"] = -found["specificity"]
    return found.sort_values(["pos", "priority", "neg_specificity", "rule_id"], kind="stable")


def _rank_in_groups(*keys: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within runs of equal keys (the rows are sorted by the keys)."""
    n = len(keys[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.zeros(n, dtype=bool)
    starts[0] = True
    for key in keys:
        starts[1:] |= key[1:] != key[:-1]
    index = np.arange(n)
    return index - np.maximum.accumulate(np.where(starts, index, 0))


@dataclass
class _Pools:
    """Daily capacity pools: one per dealer (its own capacity), then one per rule with its own
    quota; `used[pool, day]` counts the orders taken."""

    dealer_ids: np.ndarray
    rule_ids: np.ndarray  # rules with their own quota, pool = len(dealer_ids) + position
    limit: np.ndarray
    used: np.ndarray

    def rule_dealer(self, rules: pd.DataFrame) -> np.ndarray:
        owner = dict(zip(rules["id"], rules["dealer_id"], strict=True))
        return np.array([owner[r] for r in self.rule_ids], dtype=np.int64)


def _pools(dealers: pd.DataFrame, rules: pd.DataFrame, days: int) -> _Pools:
    quota = rules[rules["daily_capacity"].notna() & rules["active"].astype(bool)]
    limit = np.concatenate(
        [
            dealers["daily_capacity"].fillna(0).astype(np.int64).to_numpy(),
            quota["daily_capacity"].astype(np.int64).to_numpy(),
        ]
    )
    return _Pools(
        dealers["id"].to_numpy(),
        quota["id"].to_numpy(),
        limit,
        np.zeros((len(limit), days), dtype=np.int64),
    )


def _accept(pools: _Pools, pool: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Which proposals their pools take: in placed order, while the pool's day has room.
    The proposals are sorted by pool, day and placed time."""
    rank = _rank_in_groups(pool, day)
    accepted = pools.used[pool, day] + rank < pools.limit[pool]
    np.add.at(pools.used, (pool[accepted], day[accepted]), 1)
    return accepted


def assign(
    orders: pd.DataFrame,
    rules: pd.DataFrame,
    dealers: pd.DataFrame,
    cities: pd.DataFrame,
    *,
    max_fallback_km: float | None = None,
) -> Assignment:
    """Assign online orders to dealers by the module's policy."""
    _check(orders, ORDER_COLUMNS, "The orders")
    _check(rules, RULE_COLUMNS, "The rules")
    _check(dealers, DEALER_COLUMNS, "The dealers")
    _check(cities, CITY_COLUMNS, "The cities")
    n = len(orders)
    day = _days(orders["placed_at"])
    placed = pd.to_datetime(orders["placed_at"]).to_numpy()
    first_day = int(day.min()) if n else 0
    day = day - first_day
    span = int(day.max()) + 1 if n else 1
    dealer_pos = pd.Series(np.arange(len(dealers)), index=dealers["id"].to_numpy())
    available = _availability(dealers, np.arange(first_day, first_day + span))
    pools = _pools(dealers, rules, span)
    quota_pos = pd.Series(np.arange(len(pools.rule_ids)) + len(dealers), index=pools.rule_ids)

    dealer = np.full(n, -1, dtype=np.int64)  # dealer id
    rule_of = np.full(n, -1, dtype=np.int64)
    source = np.full(n, 2, dtype=np.int8)  # index into SOURCES
    distance = np.full(n, np.nan)
    turned_away: list[pd.DataFrame] = []

    matches = _matches(orders, rules)
    if len(matches):
        dpos = matches["dealer_id"].map(dealer_pos)
        matches = matches[dpos.notna().to_numpy()].copy()
        dpos = dpos.dropna().astype(np.int64).to_numpy()
        matches["day"] = day[matches["pos"].to_numpy()]
        keep = available[matches["day"].to_numpy(), dpos]
        matches, dpos = matches[keep], dpos[keep]
        own = matches["rule_capacity"].isna().to_numpy()
        quota = matches["rule_id"].map(quota_pos).fillna(-1).astype(np.int64).to_numpy()
        matches["pool"] = np.where(own, dpos, quota)
        matches = matches.drop_duplicates(["pos", "pool"])
        matches["round"] = _rank_in_groups(matches["pos"].to_numpy())
        matches["placed"] = placed[matches["pos"].to_numpy()]
        for k in range(int(matches["round"].max()) + 1 if len(matches) else 0):
            asking = matches[(matches["round"] == k).to_numpy()]
            asking = asking[dealer[asking["pos"].to_numpy()] < 0]
            if asking.empty:
                continue
            asking = asking.sort_values(["pool", "day", "placed", "pos"], kind="stable")
            accepted = _accept(pools, asking["pool"].to_numpy(), asking["day"].to_numpy())
            won = asking[accepted]
            dealer[won["pos"].to_numpy()] = won["dealer_id"].to_numpy()
            rule_of[won["pos"].to_numpy()] = won["rule_id"].to_numpy()
            source[won["pos"].to_numpy()] = 0
            turned_away.append(asking.loc[~accepted, ["dealer_id", "day"]])

    _fallback(
        orders,
        dealers,
        cities,
        day,
        placed,
        available,
        pools,
        dealer,
        source,
        distance,
        max_fallback_km,
    )

    result = pd.DataFrame(
        {
            "order_id": orders["order_id"].to_numpy(),
            "dealer_id": pd.array(np.where(dealer >= 0, dealer, 0), dtype="Int64"),
            "source": np.asarray(SOURCES, dtype=object)[source],
            "rule_id": pd.array(np.where(rule_of >= 0, rule_of, 0), dtype="Int64"),
            "distance_km": distance,
        }
    )
    result.loc[dealer < 0, "dealer_id"] = pd.NA
    result.loc[rule_of < 0, "rule_id"] = pd.NA
    return Assignment(result, _overflow(turned_away, first_day), _load(pools, rules, first_day))


def _fallback(
    orders,
    dealers,
    cities,
    day,
    placed,
    available,
    pools,
    dealer,
    source,
    distance,
    max_fallback_km,
) -> None:
    """Step 3: the nearest available dealer whose own pool has room, in rounds."""
    has_home = dealers["lat"].notna().to_numpy() & dealers["lon"].notna().to_numpy()
    city_pos = pd.Series(np.arange(len(cities)), index=cities["id"].to_numpy())
    order_city = orders["city_id"].map(city_pos).to_numpy(dtype=float)
    waiting = np.flatnonzero((dealer < 0) & ~np.isnan(order_city))
    if waiting.size == 0 or not has_home.any():
        return
    order_city = np.nan_to_num(order_city, nan=0).astype(np.int64)
    km = haversine_km(
        cities["lat"].to_numpy()[:, None],
        cities["lon"].to_numpy()[:, None],
        dealers["lat"].to_numpy()[None, :],
        dealers["lon"].to_numpy()[None, :],
    )
    reachable = has_home[None, :] & ~np.isnan(km)
    if max_fallback_km is not None:
        reachable &= km <= max_fallback_km
    n_dealers = len(dealers)
    ids = dealers["id"].to_numpy()
    while waiting.size:
        days, where = day[waiting], order_city[waiting]
        room = pools.limit[None, :n_dealers] - pools.used[:n_dealers, days].T
        cost = np.where(available[days] & (room > 0) & reachable[where], km[where], np.inf)
        choice = np.argmin(cost, axis=1)
        feasible = np.isfinite(cost[np.arange(waiting.size), choice])
        # room only shrinks: an order with no dealer in reach now will never have one
        waiting = waiting[feasible]
        if not waiting.size:
            return
        pos, pool, won_day = waiting, choice[feasible], days[feasible]
        order = np.lexsort((pos, placed[pos], won_day, pool))
        pos, pool, won_day = pos[order], pool[order], won_day[order]
        accepted = _accept(pools, pool, won_day)
        pos, pool = pos[accepted], pool[accepted]
        dealer[pos] = ids[pool]
        source[pos] = 1
        distance[pos] = km[order_city[pos], pool]
        waiting = waiting[dealer[waiting] < 0]


def _overflow(turned_away: list[pd.DataFrame], first_day: int) -> pd.DataFrame:
    columns = ["dealer_id", "day", "turned_away"]
    frame = pd.concat(turned_away, ignore_index=True) if turned_away else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(columns=columns)
    counted = frame.groupby(["dealer_id", "day"]).size().rename("turned_away").reset_index()
    counted["day"] = (counted["day"].to_numpy() + first_day).astype("datetime64[D]")
    return counted[columns]


def _load(pools: _Pools, rules: pd.DataFrame, first_day: int) -> pd.DataFrame:
    """Pool use per day, for every pool and day that took an order."""
    pool, day = np.nonzero(pools.used)
    n_dealers = len(pools.dealer_ids)
    own = pool < n_dealers
    owners = np.concatenate([pools.dealer_ids, pools.rule_dealer(rules)])
    rule_ids = np.concatenate([np.zeros(n_dealers, dtype=np.int64), pools.rule_ids])
    frame = pd.DataFrame(
        {
            "dealer_id": owners[pool],
            "rule_id": pd.array(rule_ids[pool], dtype="Int64"),
            "day": (day + first_day).astype("datetime64[D]"),
            "used": pools.used[pool, day],
            "limit": pools.limit[pool],
        }
    )
    frame.loc[own, "rule_id"] = pd.NA
    return frame.sort_values(["day", "dealer_id"], ignore_index=True)


# -- what-if replay ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Replay:
    """`orders`: the Assignment's orders plus current_dealer_id and changed. `by_dealer`: one row
    per dealer with orders now or in the replay: dealer_id, current, replayed, gained, lost,
    net, via_fallback, overflow (orders turned away for lack of capacity), full_days (days its
    own pool was full). `summary`: orders, changed, unassigned_current, unassigned_replayed."""

    orders: pd.DataFrame
    by_dealer: pd.DataFrame
    summary: dict[str, int]


def replay(
    orders: pd.DataFrame,
    rules: pd.DataFrame,
    dealers: pd.DataFrame,
    cities: pd.DataFrame,
    *,
    max_fallback_km: float | None = None,
) -> Replay:
    """Replay `rules` over past online orders (which carry their `current_dealer_id`) and
    compare, per dealer, with how they are assigned now."""
    _check(orders, ("current_dealer_id",), "The orders")
    result = assign(orders, rules, dealers, cities, max_fallback_km=max_fallback_km)
    frame = result.orders.copy()
    frame["current_dealer_id"] = pd.array(orders["current_dealer_id"].to_numpy(), dtype="Int64")
    now, then = frame["current_dealer_id"], frame["dealer_id"]
    changed = (now.fillna(-1) != then.fillna(-1)).to_numpy(dtype=bool)
    frame["changed"] = changed
    moved = frame[changed]
    counts = {
        "current": now.value_counts(),
        "replayed": then.value_counts(),
        "gained": moved["dealer_id"].value_counts(),
        "lost": moved["current_dealer_id"].value_counts(),
        "via_fallback": frame.loc[frame["source"] == "fallback", "dealer_id"].value_counts(),
        "overflow": result.overflow.groupby("dealer_id")["turned_away"].sum(),
    }
    own = result.load[result.load["rule_id"].isna()]
    counts["full_days"] = own[own["used"] >= own["limit"]].groupby("dealer_id").size()
    by_dealer = pd.DataFrame({k: v for k, v in counts.items()}).fillna(0).astype("int64")
    by_dealer.index = by_dealer.index.astype("int64")
    by_dealer = by_dealer.rename_axis("dealer_id").reset_index().sort_values("dealer_id")
    by_dealer["net"] = by_dealer["gained"] - by_dealer["lost"]
    columns = ["dealer_id", "current", "replayed", "gained", "lost", "net", "via_fallback"]
    by_dealer = by_dealer.reindex(columns=[*columns, "overflow", "full_days"], fill_value=0)
    summary = {
        "orders": len(frame),
        "changed": int(changed.sum()),
        "unassigned_current": int(now.isna().sum()),
        "unassigned_replayed": int(then.isna().sum()),
    }
    return Replay(frame, by_dealer.reset_index(drop=True), summary)
