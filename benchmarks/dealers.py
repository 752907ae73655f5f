"""Benchmark of the online-order assignment engine (the what-if replay's core).

Run: python benchmarks/dealers.py [--repeat 3] [--orders 10000] [--big-orders 200000]

A synthetic network: 120 cities in 8 regions, 300 dealers (2-3 per city, capacities 3-12 a
day), each city split into district postcode rules (priority 10, exclusive) among its dealers
plus a city-wide default (priority 50). Orders over 8 weeks, by city weight, with peak days
that overflow capacity so that rounds and the nearest-dealer fallback do real work.

Prints the median time of `console.services.assignment.assign` and of the order-by-order
reference of the same policy (tests/services/test_assignment.py: plain Python loops, the
baseline) on --orders orders, checks both give the same assignment, and the median time of the
engine alone on --big-orders orders (a year of a large network's online orders).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.services.assignment import assign


def network(seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n_cities = 120
    cities = pd.DataFrame(
        {
            "id": np.arange(1, n_cities + 1),
            "postcode_prefix": [f"{100 + 7 * i:03d}" for i in range(n_cities)],
            "lat": rng.uniform(22, 42, n_cities),
            "lon": rng.uniform(103, 123, n_cities),
            "weight": rng.pareto(1.5, n_cities) + 1,
        }
    )
    per_city = rng.integers(2, 4, n_cities)
    city_of = np.repeat(cities["id"].to_numpy(), per_city)[:300]
    n = len(city_of)
    dealers = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "daily_capacity": rng.integers(3, 13, n),
            "active": rng.random(n) > 0.03,
            "contract_start": pd.Timestamp("2020-01-01"),
            "contract_end": pd.NaT,
            "lat": cities.set_index("id").loc[city_of, "lat"].to_numpy() + rng.normal(0, 0.05, n),
            "lon": cities.set_index("id").loc[city_of, "lon"].to_numpy() + rng.normal(0, 0.05, n),
        }
    )
    rows = []
    for city, members in pd.Series(dealers["id"]).groupby(city_of):
        prefix = cities.set_index("id").loc[city, "postcode_prefix"]
        members = members.to_numpy()
        rows.append((members[0], city, None, 50, False))
        for district in range(10):
            rows.append((members[district % len(members)], None, f"{prefix}{district}", 10, True))
    rules = pd.DataFrame(
        rows, columns=["dealer_id", "city_id", "postcode_prefix", "priority", "exclusive"]
    )
    rules.insert(0, "id", np.arange(1, len(rules) + 1))
    rules["daily_capacity"] = pd.array([None] * len(rules), dtype="Int64")
    rules["active"] = True
    rules["city_id"] = pd.array(rules["city_id"], dtype="Int64")
    rules["postcode_prefix"] = rules["postcode_prefix"].astype("string")
    return cities, dealers, rules


def orders(cities: pd.DataFrame, count: int, days: int, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weights = cities["weight"].to_numpy() / cities["weight"].sum()
    city = rng.choice(cities["id"].to_numpy(), count, p=weights)
    peak = rng.random(count) < 0.2
    day = np.where(peak, rng.integers(0, 3, count) * 7, rng.integers(0, days, count))
    seconds = rng.integers(0, 86_400, count)
    placed = pd.Timestamp("2026-01-05") + pd.to_timedelta(day, "D") + pd.to_timedelta(seconds, "s")
    prefix = cities.set_index("id").loc[city, "postcode_prefix"].to_numpy()
    tail = rng.integers(0, 1000, count)
    postcode = [f"{p}{t:03d}" for p, t in zip(prefix, tail, strict=True)]
    return pd.DataFrame(
        {
            "order_id": np.arange(1, count + 1),
            "placed_at": placed,
            "city_id": pd.array(city, dtype="Int64"),
            "postcode": pd.array(postcode, dtype="string"),
        }
    )


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--big-orders", type=int, default=200_000)
    args = parser.parse_args(argv)
    from tests.services.test_assignment import reference_assign

    cities, dealers, rules = network()
    city_frame = cities.drop(columns="weight")
    small = orders(cities, args.orders, 56)
    engine_s, result = median_time(lambda: assign(small, rules, dealers, city_frame), args.repeat)
    reference_s, expected = median_time(
        lambda: reference_assign(small, rules, dealers, city_frame), 1
    )
    got = {
        int(r.order_id): (None if pd.isna(r.dealer_id) else int(r.dealer_id), r.source)
        for r in result.orders.itertuples(index=False)
    }
    sources = result.orders["source"].value_counts().to_dict()
    print(f"network: {len(cities)} cities, {len(dealers)} dealers, {len(rules)} rules")
    print(f"{len(small):,} orders over 8 weeks: {sources}")
    print(f"  engine (vectorised)      median {engine_s * 1000:8.1f} ms  ({args.repeat} runs)")
    print(f"  reference (order loops)         {reference_s * 1000:8.1f} ms  (1 run)")
    print(f"  speed-up {reference_s / engine_s:.1f}x; same assignment: {got == expected}")
    big = orders(cities, args.big_orders, 364, seed=3)
    big_s, big_result = median_time(lambda: assign(big, rules, dealers, city_frame), args.repeat)
    print(
        f"{len(big):,} orders over a year: engine median {big_s:.2f} s "
        f"({len(big) / big_s:,.0f} orders/s); "
        f"{big_result.orders['source'].value_counts().to_dict()}"
    )
    return 0 if got == expected else 1


if __name__ == "__main__":
    sys.exit(main())
