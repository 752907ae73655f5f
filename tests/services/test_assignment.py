"""The assignment engine: rule matching, capacity pools, fallback, conflicts, what-if replay.

`reference_assign` re-implements the policy of docs/dealers.md order by order with plain
Python loops; the vectorised engine must agree with it on random networks here and on the
small demo dataset in tests/db/test_dealer_queries.py.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from console.services.assignment import assign, find_conflicts, haversine_km, replay

CITIES = pd.DataFrame(
    {
        "id": [1, 2, 3],
        "postcode_prefix": ["200", "310", "100"],
        "lat": [31.23, 30.27, 39.90],
        "lon": [121.47, 120.16, 116.40],
    }
)
DAY = datetime(2026, 3, 2, 9, 0)


def dealers(**capacity: int) -> pd.DataFrame:
    """Dealers A (Shanghai), B (Shanghai), C (Hangzhou), D (Beijing) with capacities."""
    ids = {"A": 1, "B": 2, "C": 3, "D": 4}
    home = {"A": (31.2, 121.5), "B": (31.3, 121.4), "C": (30.3, 120.2), "D": (39.9, 116.4)}
    return pd.DataFrame(
        {
            "id": list(ids.values()),
            "daily_capacity": [capacity.get(k, 10) for k in ids],
            "active": True,
            "contract_start": pd.Timestamp("2020-01-01"),
            "contract_end": pd.NaT,
            "lat": [home[k][0] for k in ids],
            "lon": [home[k][1] for k in ids],
        }
    )


def rules(*rows: tuple) -> pd.DataFrame:
    """(id, priority, dealer_id, city_id, prefix, exclusive[, capacity[, active]])."""
    records = []
    for row in rows:
        rid, priority, dealer, city, prefix, exclusive, *rest = row
        records.append(
            {
                "id": rid,
                "priority": priority,
                "dealer_id": dealer,
                "city_id": city,
                "postcode_prefix": prefix,
                "exclusive": exclusive,
                "daily_capacity": rest[0] if rest else None,
                "active": rest[1] if len(rest) > 1 else True,
            }
        )
    frame = pd.DataFrame(records)
    frame["city_id"] = pd.array(frame["city_id"], dtype="Int64")
    frame["daily_capacity"] = pd.array(frame["daily_capacity"], dtype="Int64")
    frame["postcode_prefix"] = frame["postcode_prefix"].astype("string")
    return frame


def orders(*rows: tuple) -> pd.DataFrame:
    """(order_id, minutes after DAY, city_id, postcode)."""
    return pd.DataFrame(
        {
            "order_id": [r[0] for r in rows],
            "placed_at": [DAY + timedelta(minutes=r[1]) for r in rows],
            "city_id": pd.array([r[2] for r in rows], dtype="Int64"),
            "postcode": pd.array([r[3] for r in rows], dtype="string"),
        }
    )


def dealer_of(result, order_id: int):
    row = result.orders.set_index("order_id").loc[order_id]
    return (None if pd.isna(row["dealer_id"]) else int(row["dealer_id"])), row["source"]


# -- the reference: the documented policy, one order at a time --------------------------------


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def reference_assign(
    order_frame: pd.DataFrame,
    rule_frame: pd.DataFrame,
    dealer_frame: pd.DataFrame,
    city_frame: pd.DataFrame,
    max_km: float | None = None,
) -> dict[int, tuple[int | None, str]]:
    """order_id -> (dealer id or None, source), by the rules of docs/dealers.md."""
    dealer_list = dealer_frame.to_dict("records")
    by_id = {d["id"]: d for d in dealer_list}
    cities = {c["id"]: c for c in city_frame.to_dict("records")}
    active_rules = [r for r in rule_frame.to_dict("records") if r["active"]]

    def available(dealer: dict, day) -> bool:
        start, end = dealer["contract_start"], dealer["contract_end"]
        return (
            bool(dealer["active"])
            and (pd.isna(start) or pd.Timestamp(start).date() <= day)
            and (pd.isna(end) or day <= pd.Timestamp(end).date())
        )

    def matches(rule: dict, order: dict) -> bool:
        prefix = rule["postcode_prefix"]
        if not pd.isna(prefix) and str(prefix).strip():
            code = order["postcode"]
            return not pd.isna(code) and str(code).startswith(str(prefix))
        return not pd.isna(order["city_id"]) and order["city_id"] == rule["city_id"]

    def sort_key(rule: dict) -> tuple:
        prefix = rule["postcode_prefix"]
        length = 0 if pd.isna(prefix) or not str(prefix).strip() else len(str(prefix))
        return (rule["priority"], -length, rule["id"])

    result: dict[int, tuple[int | None, str]] = {}
    records = order_frame.to_dict("records")
    for position, record in enumerate(records):
        record["position"] = position
    by_day: dict = defaultdict(list)
    for record in records:
        by_day[pd.Timestamp(record["placed_at"]).date()].append(record)
    for day, todays in sorted(by_day.items()):
        todays.sort(key=lambda r: (pd.Timestamp(r["placed_at"]), r["position"]))
        used: dict = defaultdict(int)
        choices = {}
        for record in todays:
            pools, seen = [], set()
            for rule in sorted((r for r in active_rules if matches(r, record)), key=sort_key):
                dealer = by_id.get(rule["dealer_id"])
                if dealer is None or not available(dealer, day):
                    continue
                own = pd.isna(rule["daily_capacity"])
                pool = ("dealer", dealer["id"]) if own else ("rule", rule["id"])
                if pool in seen:
                    continue
                seen.add(pool)
                limit = dealer["daily_capacity"] if own else rule["daily_capacity"]
                pools.append((pool, int(limit), dealer["id"]))
            choices[record["order_id"]] = pools
        done: dict[int, int] = {}
        round_no = 0
        while True:
            asked = False
            for record in todays:
                oid = record["order_id"]
                if oid in done or round_no >= len(choices[oid]):
                    continue
                asked = True
                pool, limit, dealer = choices[oid][round_no]
                if used[pool] < limit:
                    used[pool] += 1
                    done[oid] = dealer
                    result[oid] = (dealer, "rule")
            if not asked:
                break
            round_no += 1
        # fallback: every waiting order asks its nearest dealer with room; rounds until stuck
        while True:
            room = {
                d["id"]: d["daily_capacity"] - used[("dealer", d["id"])]
                for d in dealer_list
                if available(d, day) and not pd.isna(d["lat"])
            }
            asks = {}
            for record in todays:
                oid = record["order_id"]
                if oid in done or pd.isna(record["city_id"]) or record["city_id"] not in cities:
                    continue
                city = cities[record["city_id"]]
                options = []
                for index, d in enumerate(dealer_list):
                    if room.get(d["id"], 0) <= 0:
                        continue
                    km = _km(city["lat"], city["lon"], d["lat"], d["lon"])
                    if max_km is None or km <= max_km:
                        options.append((km, index, d["id"]))
                if options:
                    asks[oid] = min(options)[2]
            if not asks:
                break
            for record in todays:
                oid = record["order_id"]
                dealer = asks.get(oid)
                if dealer is not None and room[dealer] > 0:
                    room[dealer] -= 1
                    used[("dealer", dealer)] += 1
                    done[oid] = dealer
                    result[oid] = (dealer, "fallback")
    for record in records:
        result.setdefault(record["order_id"], (None, "unassigned"))
    return result


def as_dict(result) -> dict[int, tuple[int | None, str]]:
    return {
        int(r.order_id): (None if pd.isna(r.dealer_id) else int(r.dealer_id), r.source)
        for r in result.orders.itertuples(index=False)
    }


# -- rules and capacity ------------------------------------------------------------------------


def test_longest_prefix_wins_at_equal_priority_and_postcode_before_city():
    table = rules(
        (1, 10, 1, 1, None, False),  # city rule: Shanghai -> A
        (2, 10, 2, None, "2001", False),  # B
        (3, 10, 3, None, "20012", False),  # C
    )
    result = assign(
        orders((100, 0, 1, "200123"), (101, 1, 1, "200199"), (102, 2, 1, "200999")),
        table,
        dealers(),
        CITIES,
    )
    assert dealer_of(result, 100) == (3, "rule")
    assert dealer_of(result, 101) == (2, "rule")
    assert dealer_of(result, 102) == (1, "rule")
    assert int(result.orders.set_index("order_id").loc[100, "rule_id"]) == 3


def test_priority_comes_before_prefix_length():
    table = rules((1, 5, 2, None, "2001", False), (2, 10, 3, None, "20012", False))
    result = assign(orders((100, 0, 1, "200123")), table, dealers(), CITIES)
    assert dealer_of(result, 100) == (2, "rule")


def test_full_dealer_passes_the_order_to_the_next_rule_in_placed_order():
    table = rules((1, 10, 2, None, "2001", True), (2, 50, 1, 1, None, False))
    result = assign(
        orders((100, 30, 1, "200100"), (101, 10, 1, "200101"), (102, 20, 1, "200102")),
        table,
        dealers(B=2),
        CITIES,
    )
    # B takes the two earliest orders (placed at +10 and +20 minutes); +30 goes to A
    assert dealer_of(result, 101) == (2, "rule")
    assert dealer_of(result, 102) == (2, "rule")
    assert dealer_of(result, 100) == (1, "rule")
    overflow = result.overflow.set_index("dealer_id")["turned_away"]
    assert overflow.to_dict() == {2: 1}


def test_capacity_resets_each_day():
    table = rules((1, 10, 2, None, "2001", True))
    frame = orders((100, 0, 1, "200100"), (101, 24 * 60, 1, "200101"))
    result = assign(frame, table, dealers(B=1), CITIES)
    assert dealer_of(result, 100) == (2, "rule")
    assert dealer_of(result, 101) == (2, "rule")


def test_rule_capacity_is_a_separate_daily_quota():
    table = rules((1, 10, 2, None, "2001", True, 1), (2, 10, 2, None, "2002", True))
    frame = orders((100, 0, 1, "200100"), (101, 1, 1, "200101"), (102, 2, 1, "200200"))
    result = assign(frame, table, dealers(B=1, A=0, C=0, D=0), CITIES)
    assert dealer_of(result, 100) == (2, "rule")  # rule 1's quota of 1
    assert dealer_of(result, 101) == (None, "unassigned")  # quota used; nobody else has room
    assert dealer_of(result, 102) == (2, "rule")  # B's own capacity is untouched by rule 1


def test_first_choices_are_served_before_overflow_from_other_areas():
    # A's own district order (placed later) is not displaced by B's overflow (placed earlier)
    table = rules(
        (1, 10, 2, None, "2001", True),
        (2, 10, 1, None, "2002", True),
        (3, 50, 1, 1, None, False),
    )
    frame = orders((100, 0, 1, "200100"), (101, 1, 1, "200101"), (102, 2, 1, "200200"))
    result = assign(frame, table, dealers(A=1, B=1, C=0, D=0), CITIES)
    assert dealer_of(result, 100) == (2, "rule")
    assert dealer_of(result, 102) == (1, "rule")
    assert dealer_of(result, 101) == (None, "unassigned")


def test_suspended_dealer_and_ended_contract_are_skipped():
    table = rules((1, 10, 2, None, "2001", True), (2, 50, 1, 1, None, False))
    network = dealers()
    network.loc[network["id"] == 2, "active"] = False
    result = assign(orders((100, 0, 1, "200100")), table, network, CITIES)
    assert dealer_of(result, 100) == (1, "rule")
    network = dealers()
    network.loc[network["id"] == 2, "contract_end"] = pd.Timestamp("2026-03-01")
    result = assign(orders((100, 0, 1, "200100")), table, network, CITIES)
    assert dealer_of(result, 100) == (1, "rule")


def test_inactive_rule_is_ignored():
    table = rules((1, 10, 2, None, "2001", True, None, False), (2, 50, 1, 1, None, False))
    result = assign(orders((100, 0, 1, "200100")), table, dealers(), CITIES)
    assert dealer_of(result, 100) == (1, "rule")


# -- fallback ----------------------------------------------------------------------------------


def test_fallback_goes_to_the_nearest_dealer_with_room():
    # an order in Hangzhou with no rule: C (Hangzhou) is nearest; when C is full, a Shanghai one
    frame = orders((100, 0, 2, "310000"), (101, 1, 2, "310001"))
    result = assign(frame, rules((1, 10, 4, 3, None, False)), dealers(C=1), CITIES)
    assert dealer_of(result, 100) == (3, "fallback")
    second, source = dealer_of(result, 101)
    assert source == "fallback" and second in (1, 2)
    row = result.orders.set_index("order_id").loc[100]
    home = dealers().set_index("id").loc[3]
    expected = haversine_km(30.27, 120.16, home["lat"], home["lon"])
    assert row["distance_km"] == np.float64(expected)


def test_fallback_respects_the_distance_limit_and_leaves_the_rest_unassigned():
    frame = orders((100, 0, 2, "310000"), (101, 1, 2, "310001"))
    result = assign(
        frame, rules((1, 10, 4, 3, None, False)), dealers(C=1), CITIES, max_fallback_km=50
    )
    assert dealer_of(result, 100) == (3, "fallback")
    assert dealer_of(result, 101) == (None, "unassigned")


def test_dealers_without_a_home_are_never_a_fallback():
    network = dealers()
    network[["lat", "lon"]] = np.nan
    result = assign(
        orders((100, 0, 2, "310000")), rules((1, 10, 4, 3, None, False)), network, CITIES
    )
    assert dealer_of(result, 100) == (None, "unassigned")


def test_load_reports_pool_use_per_day():
    table = rules((1, 10, 2, None, "2001", True))
    result = assign(
        orders((100, 0, 1, "200100"), (101, 1, 1, "200101")), table, dealers(B=5), CITIES
    )
    load = result.load
    assert load[["dealer_id", "used", "limit"]].values.tolist() == [[2, 2, 5]]


# -- conflicts ---------------------------------------------------------------------------------


def test_two_exclusive_dealers_for_overlapping_postcodes_is_an_error():
    table = rules(
        (1, 10, 1, None, "2001", True),
        (2, 10, 2, None, "20015", True),
        (3, 10, 3, None, "2002", True),
    )
    found = find_conflicts(table, CITIES)
    errors = found[found["severity"] == "error"]
    assert errors[["kind", "rule_id", "other_rule_id"]].values.tolist() == [
        ["exclusive_overlap", 2, 1]
    ]


def test_exclusive_city_and_exclusive_postcode_in_it_conflict():
    found = find_conflicts(rules((1, 10, 1, 1, None, True), (2, 10, 2, None, "2003", True)), CITIES)
    assert found["kind"].tolist() == ["exclusive_overlap"]


def test_same_dealer_or_non_overlapping_areas_are_no_conflict():
    table = rules(
        (1, 10, 1, None, "2001", True),
        (2, 10, 1, None, "20011", True),  # same dealer
        (3, 10, 2, None, "2002", True),  # beside it
        (4, 50, 3, 1, None, False),  # city default tried after the districts
        (5, 10, 4, None, "2001", True, None, False),  # inactive
    )
    assert find_conflicts(table, CITIES).empty


def test_a_rule_tried_before_an_exclusive_one_is_a_warning():
    found = find_conflicts(rules((1, 10, 1, None, "2001", True), (2, 5, 2, 1, None, False)), CITIES)
    assert found[["severity", "kind", "rule_id", "other_rule_id"]].values.tolist() == [
        ["warning", "shadows_exclusive", 1, 2]
    ]
    found = find_conflicts(
        rules((1, 10, 1, None, "2001", True), (2, 10, 2, None, "20019", False)), CITIES
    )
    assert found["kind"].tolist() == ["shadows_exclusive"]


def test_two_non_exclusive_rules_for_the_same_area_and_priority_are_ambiguous():
    found = find_conflicts(rules((1, 10, 1, 1, None, False), (2, 10, 2, 1, None, False)), CITIES)
    assert found["kind"].tolist() == ["ambiguous"]


# -- replay ------------------------------------------------------------------------------------


def test_replay_counts_gains_losses_and_overflow():
    table = rules((1, 10, 2, None, "2001", True), (2, 50, 1, 1, None, False))
    frame = orders((100, 0, 1, "200100"), (101, 1, 1, "200101"), (102, 2, 1, "200300"))
    frame["current_dealer_id"] = pd.array([1, 1, pd.NA], dtype="Int64")
    result = replay(frame, table, dealers(B=1), CITIES)
    by = result.by_dealer.set_index("dealer_id")
    # 100 moves A -> B; 101 overflows B and stays with A; 102 goes from the queue to A
    columns = ["current", "replayed", "gained", "lost", "overflow"]
    assert by.loc[2, columns].tolist() == [0, 1, 1, 0, 1]
    assert by.loc[1, ["current", "replayed", "gained", "lost", "net"]].tolist() == [2, 2, 1, 1, 0]
    assert result.summary == {
        "orders": 3,
        "changed": 2,
        "unassigned_current": 1,
        "unassigned_replayed": 0,
    }
    assert by.loc[2, "full_days"] == 1


# -- against the reference ---------------------------------------------------------------------

PREFIXES = ["2", "20", "200", "2001", "2002", "20011", "310", "3101", "100"]


@st.composite
def networks(draw):
    n_rules = draw(st.integers(1, 8))
    rows = []
    for rid in range(1, n_rules + 1):
        by_city = draw(st.booleans())
        rows.append(
            (
                rid,
                draw(st.sampled_from([5, 10, 10, 50])),
                draw(st.integers(1, 4)),
                draw(st.integers(1, 3)) if by_city else None,
                None if by_city else draw(st.sampled_from(PREFIXES)),
                draw(st.booleans()),
                draw(st.one_of(st.none(), st.integers(0, 3))),
                draw(st.booleans()) or rid == 1,
            )
        )
    capacity = {k: draw(st.integers(0, 3)) for k in "ABCD"}
    network = dealers(**capacity)
    network["active"] = [draw(st.booleans()) or i == 0 for i in range(4)]
    n_orders = draw(st.integers(1, 30))
    order_rows = []
    for oid in range(n_orders):
        city = draw(st.integers(1, 3))
        tail = draw(st.integers(0, 999))
        prefix = CITIES.set_index("id").loc[city, "postcode_prefix"]
        order_rows.append((oid + 1, draw(st.integers(0, 3 * 24 * 60)), city, f"{prefix}{tail:03d}"))
    max_km = draw(st.sampled_from([None, 200.0]))
    return rules(*rows), network, orders(*order_rows), max_km


@settings(max_examples=60, deadline=None)
@given(networks())
def test_engine_agrees_with_the_reference_and_never_exceeds_capacity(case):
    table, network, frame, max_km = case
    result = assign(frame, table, network, CITIES, max_fallback_km=max_km)
    assert as_dict(result) == reference_assign(frame, table, network, CITIES, max_km)
    assert (result.load["used"] <= result.load["limit"]).all()
    own = result.load[result.load["rule_id"].isna()]
    assigned = result.orders.dropna(subset=["dealer_id"])
    # every order a dealer got is counted in exactly one of its pools that day
    assert int(result.load["used"].sum()) == len(assigned)
    if max_km is None:
        # nobody is left waiting while an active dealer still has room that day
        days = pd.to_datetime(frame["placed_at"]).dt.normalize()
        waiting_days = set(days[result.orders["dealer_id"].isna().to_numpy()])
        for day in waiting_days:
            used = own[own["day"] == day].set_index("dealer_id")["used"]
            room = network.set_index("id")["daily_capacity"] - used.reindex(network["id"]).fillna(0)
            assert not (room[network.set_index("id")["active"]] > 0).any()


@settings(max_examples=20, deadline=None)
@given(networks())
def test_replay_gains_and_losses_balance(case):
    table, network, frame, _ = case
    rng = np.random.default_rng(len(frame))
    current = rng.choice([1, 2, 3, 4, 0], len(frame))
    frame["current_dealer_id"] = pd.array(np.where(current > 0, current, 0), dtype="Int64")
    frame.loc[current == 0, "current_dealer_id"] = pd.NA
    result = replay(frame, table, network, CITIES)
    by = result.by_dealer
    summary = result.summary
    assert by["gained"].sum() - by["lost"].sum() == (
        summary["unassigned_current"] - summary["unassigned_replayed"]
    )
    assert (by["replayed"] == by["current"] + by["net"]).all()
    assert by["replayed"].sum() == summary["orders"] - summary["unassigned_replayed"]
