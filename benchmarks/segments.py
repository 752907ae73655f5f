"""Benchmark of the customer value segments services at the large dataset's scale.

Run: python benchmarks/segments.py [--repeat 3] [--scale 1.0]

Synthetic data, generated directly in the shape the database's GROUP BY queries deliver:
- 2,000,000 customers aggregated from about 10,000,000 transaction lines (first/last date,
  last date before the activity window, number of lines, total amount), with the five channel
  flags and an interaction count;
- 3,000,000 raw identity rows (record_id, id_type, value) of about 1.3 million records
  belonging to about 800,000 people: phones written with +86, spaces and dashes, e-mails in
  mixed case, member cards with prefixes and zero padding, openids; 200 shop phones are held
  by hundreds of records each (the over-merge guard must flag them);
- BG/NBD summary data (frequency, recency, T in days, repeat spend) of 2,000,000 customers
  drawn from the BG/NBD and Gamma-Gamma models with known parameters.

With --only db (or --db URL): the panel's loads on a database — the per-customer aggregate
query (baseline: fetching the raw order rows and grouping them in pandas), scoring, a segment's
members, and on SQLite the identity-resolution write-back on a copy, run twice.

Prints the median time of each step with its target, the ratio to a baseline measured in the
same run (RFM: the textbook pandas qcut scoring of the same columns; identities: one
pd.factorize of the raw values, the cost of reading every identifier once; CLV: one
BG/NBD log-likelihood evaluation per customer, as written in the paper), the recovered
model parameters, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import URL, Engine, func, make_url, select

from console.db.customers import CustomerProfile
from console.db.database import Database
from console.db.engine import make_engine
from console.db.orders import Order
from console.services import clv
from console.services.identity_normalize import normalize_identities
from console.services.identity_resolution import resolve_identities
from console.services.permissions import CurrentUser
from console.services.rfm import (
    channel_combinations,
    lifecycle_stages,
    rf_grid,
    rfm_scores,
    segment_summary,
)
from console.services.value_index import CHANNEL_TYPES, value_index

AS_OF = pd.Timestamp("2025-01-01")
TRUE_BG = clv.BGNBDParams(r=0.8, alpha=60.0, a=0.9, b=3.0)
TRUE_GG = clv.GammaGammaParams(p=4.0, q=3.5, v=300.0)


def synthetic_customers(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Per-customer aggregates as `SELECT customer, min(date), max(date), count(*), sum(amount)`."""
    frequency = 1 + rng.poisson(4.0, n)  # about 5 lines per customer: 10 M lines for 2 M
    first_age = rng.integers(1, 1460, n)
    last_age = (first_age * rng.beta(0.6, 1.5, n)).astype(np.int64)
    last_age = np.where(frequency == 1, first_age, last_age)
    before_age = np.where(rng.random(n) < 0.5, last_age + rng.integers(181, 900, n), 10**9)
    monetary = np.round(rng.lognormal(6.0, 1.0, n) * frequency, 2)
    monetary[rng.random(n) < 0.02] *= -0.2  # net returns
    channels = rng.random((n, len(CHANNEL_TYPES))) < [0.4, 0.5, 0.3, 0.35, 0.25]
    channels[~channels.any(axis=1), 1] = True
    frame = pd.DataFrame(
        {
            "customer": rng.permutation(n).astype(np.int64) + 1,
            "first_date": AS_OF - pd.to_timedelta(first_age, unit="D"),
            "last_date": AS_OF - pd.to_timedelta(np.maximum(last_age, 1), unit="D"),
            "frequency": frequency,
            "monetary": monetary,
            "interactions": rng.poisson(6.0, n),
        }
    )
    before = AS_OF - pd.to_timedelta(np.minimum(before_age, 5000), unit="D")
    frame["last_date_before_window"] = before.where(before_age < 10**9)
    frame[list(CHANNEL_TYPES)] = channels
    return frame


def rfm_and_value(customers: pd.DataFrame) -> pd.DataFrame:
    """Everything the panel computes per customer from the aggregates, plus its views."""
    rfm = rfm_scores(customers, AS_OF)
    ordered = customers.sort_values("customer", ignore_index=True)
    rfm["lifecycle"] = lifecycle_stages(ordered, AS_OF).to_numpy()
    n_channels = ordered[list(CHANNEL_TYPES)].sum(axis=1).to_numpy()
    rfm["value_index"] = value_index(rfm["monetary"], n_channels, ordered["interactions"])
    rf_grid(rfm)
    segment_summary(rfm)
    channel_combinations(ordered[list(CHANNEL_TYPES)], rfm["value_index"])
    return rfm


def textbook_rfm(customers: pd.DataFrame) -> pd.DataFrame:
    """Baseline: the common pandas recipe, qcut of rank(method='first') for each score."""
    frame = customers.sort_values("customer", ignore_index=True)
    recency = (AS_OF - frame["last_date"]).dt.days
    return pd.DataFrame(
        {
            "r": pd.qcut(recency.rank(method="first"), 5, labels=[5, 4, 3, 2, 1]),
            "f": pd.qcut(frame["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]),
            "m": pd.qcut(frame["monetary"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]),
        }
    )


def synthetic_identities(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    """Raw identity rows of people with several records and identifiers in several formats."""
    people = int(rows / 3.75)
    records_per_person = rng.choice([1, 1, 2, 2, 2, 3], people)
    person = np.repeat(np.arange(people), records_per_person)
    n_records = len(person)
    record_ids = rng.permutation(n_records) + 1
    per_record = np.maximum(1, np.round(rows / n_records * rng.uniform(0.5, 1.5, n_records)))
    per_record = per_record.astype(np.int64)
    row_record = np.repeat(np.arange(n_records), per_record)[:rows]
    owner = person[row_record]
    kind = rng.choice(4, len(row_record), p=[0.45, 0.2, 0.25, 0.1])
    mobile = 13_000_000_000 + owner * 7919 % 6_000_000_000
    shop = rng.random(len(row_record)) < 0.02  # a till that types the shop's phone
    mobile = np.where(shop & (kind == 0), 13_900_000_000 + rng.integers(0, 200, len(owner)), mobile)
    values = np.empty(len(row_record), dtype=object)
    phones = mobile.astype(str)
    style = rng.integers(0, 4, len(row_record))
    spaced = np.char.add(
        np.char.add(np.char.add("+86 ", [p[:3] for p in phones]), " "),
        [p[3:7] + "-" + p[7:] for p in phones],
    )
    formatted = np.where(
        style == 0, phones, np.where(style == 1, np.char.add("0086", phones), spaced)
    )
    values[kind == 0] = formatted[kind == 0]
    emails = np.char.add(
        np.char.add("User", owner.astype(str)), np.where(style % 2 == 0, "@QQ.com", "@qq.com")
    )
    values[kind == 1] = emails[kind == 1]
    cards = np.char.add(np.where(style % 2 == 0, "VIP-", "000"), owner.astype(str))
    values[kind == 2] = cards[kind == 2]
    openids = np.char.add("oWx", np.char.zfill(owner.astype(str), 25))
    values[kind == 3] = openids[kind == 3]
    types = np.array(["phone", "email", "member_card", "wechat_openid"])[kind]
    return pd.DataFrame(
        {
            "record_id": record_ids[row_record],
            "id_type": types,
            "value": pd.array(values, dtype="string"),
        }
    )


def synthetic_summary(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Customers drawn from BG/NBD + Gamma-Gamma, in whole days as the SQL delivers them."""
    T = rng.integers(1, 731, n).astype(float)
    rate = rng.gamma(TRUE_BG.r, 1 / TRUE_BG.alpha, n)
    dropout = rng.beta(TRUE_BG.a, TRUE_BG.b, n)
    alive_for = rng.geometric(dropout)  # repeat purchases, the last one before dropping out
    events = rng.poisson(rate * T)
    x = np.minimum(alive_for, events)
    position = T * rng.beta(np.maximum(x, 1), np.maximum(events - x + 1, 1))
    t_x = np.where(x > 0, np.clip(np.ceil(position), 1, T), 0.0)  # whole days after the first
    nu = rng.gamma(TRUE_GG.q, 1 / TRUE_GG.v, n)
    mean_spend = rng.gamma(TRUE_GG.p * np.maximum(x, 1), 1 / (nu * np.maximum(x, 1)))
    return pd.DataFrame(
        {
            "customer": np.arange(n),
            "frequency": x.astype(float),
            "recency": t_x,
            "T": T,
            "monetary_value": np.where(x > 0, np.round(mean_spend, 2), 0.0),
        }
    )


def timed(step: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of `repeat` runs, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def report(name: str, wall: float, cpu: float, target: float, base: float, base_name: str) -> None:
    verdict = "ok" if wall <= target else "OVER TARGET"
    print(
        f"{name:<32} {wall:6.2f} s wall, {cpu:6.2f} s CPU (target <= {target:g} s: {verdict}); "
        f"{wall / base:5.1f} x {base_name} ({base:.2f} s)"
    )


def bench_rfm(n: int, rng: np.random.Generator, repeat: int) -> None:
    customers = synthetic_customers(n, rng)
    print(f"{n:,} customers aggregated from {customers['frequency'].sum():,} lines")
    base, _, expected = timed(lambda: textbook_rfm(customers), repeat)
    wall, cpu, rfm = timed(lambda: rfm_and_value(customers), repeat)
    assert (rfm[["r", "f", "m"]].to_numpy() == expected.to_numpy().astype(int)).all()
    report("RFM + lifecycle + value index", wall, cpu, 10, base, "textbook qcut RFM")


def bench_identities(rows: int, rng: np.random.Generator, repeat: int) -> None:
    identities = synthetic_identities(rows, rng)
    records = identities["record_id"].nunique()
    print(f"{len(identities):,} identity rows of {records:,} records")
    base, _, _ = timed(lambda: pd.factorize(identities["value"]), repeat)
    wall, cpu, resolution = timed(lambda: resolve_identities(identities), repeat)
    report("exact identity resolution", wall, cpu, 30, base, "factorize of raw values")
    rep = resolution.report
    print(
        f"  -> {rep.n_customers:,} customers; {len(rep.flagged)} flagged values; "
        f"largest cluster {int(rep.cluster_sizes['size'].max())} records"
    )
    # The importer can store normalised values once; resolution then only links.
    stored = identities.assign(value=normalize_identities(identities)["normalized"])
    wall, cpu, again = timed(lambda: resolve_identities(stored, normalized=True), repeat)
    report("  ... from stored normalised values", wall, cpu, 30, base, "factorize of raw values")
    assert again.clusters.equals(resolution.clusters)


def bench_clv(n: int, rng: np.random.Generator, repeat: int) -> None:
    summary = synthetic_summary(n, rng)
    x, t_x, big_t = (summary[c].to_numpy() for c in ("frequency", "recency", "T"))
    base, _, _ = timed(lambda: clv.bgnbd_log_likelihood(TRUE_BG, x, t_x, big_t), repeat)
    wall, cpu, model = timed(lambda: clv.fit_clv(summary, "D"), repeat)
    report("CLV fit (BG/NBD + Gamma-Gamma)", wall, cpu, 10, base, "one per-customer LL pass")
    fitted = model.as_dict()
    true = {**asdict(TRUE_BG), **asdict(TRUE_GG)}
    print("  -> fitted " + ", ".join(f"{k}={fitted[k]:.3g} (true {true[k]:g})" for k in fitted))
    wall, cpu, _ = timed(lambda: clv.clv_table(summary, model, 365), 1)
    print(f"{'CLV table, 365-day horizon':<32} {wall:6.2f} s wall, {cpu:6.2f} s CPU (no target)")


def demo_database(url: str | None, workdir: Path) -> URL:
    """The database to measure: --db, else the demo scale (100,000 profiles) seeded afresh."""
    if url:
        return make_url(url)
    from console.db.demo import seed_demo
    from console.db.migrate import upgrade

    target = make_url(f"sqlite:///{workdir / 'demo.sqlite'}")
    engine = make_engine(target)
    started = time.perf_counter()
    upgrade(engine)
    seed_demo(engine, scale="demo", seed=42)
    engine.dispose()
    print(f"seeded the demo dataset in {time.perf_counter() - started:.0f} s")
    return target


def raw_order_lines(engine: Engine, as_of: date) -> pd.DataFrame:
    """Baseline: fetch every counted order and group in pandas (what the SQL avoids)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Order.customer_id, Order.placed_at, Order.net_amount - Order.returned_amount)
            .where(Order.customer_id.is_not(None), Order.status != "cancelled")
            .where(Order.placed_at < datetime(as_of.year, as_of.month, as_of.day))
        ).all()
    frame = pd.DataFrame(rows, columns=["customer", "at", "amount"])
    frame["day"] = pd.to_datetime(frame["at"]).dt.normalize()
    return frame.groupby("customer").agg(
        first=("day", "min"), last=("day", "max"), n=("day", "size"), amount=("amount", "sum")
    )


def bench_database(url: URL, repeat: int) -> None:
    """The panel's loads on a real database: aggregate query, scoring, resolution write-back."""
    from console.db.identity_writeback import resolve_and_write
    from console.db.queries import segments as queries

    engine = make_engine(url)
    as_of = queries.default_as_of(engine)
    with engine.connect() as conn:
        orders = conn.scalar(select(func.count()).select_from(Order))
        profiles = conn.scalar(select(func.count()).select_from(CustomerProfile))
    print(f"{url.get_backend_name()} database: {orders:,} orders, {profiles:,} profiles")
    base, base_cpu, _ = timed(lambda: raw_order_lines(engine, as_of), repeat)
    wall, cpu, aggregates = timed(lambda: queries.customer_aggregates(engine, as_of), repeat)
    print(
        f"{f'aggregate query, {len(aggregates):,} cust.':<32} {wall:6.2f} s wall, {cpu:6.2f} s "
        f"CPU (no target); {wall / base:5.2f} x raw rows + pandas ({base:.2f} s wall, "
        f"{base_cpu:.2f} s CPU)"
    )
    wall, cpu, values = timed(lambda: queries.score_customers(aggregates, as_of), repeat)
    print(f"{'RFM + value index + CLV':<32} {wall:6.2f} s wall, {cpu:6.2f} s CPU (no target)")
    largest = values.customers[values.customers["segment"] == values.customers["segment"].mode()[0]]
    wall, cpu, members = timed(
        lambda: queries.segment_members(engine, largest["customer"].tolist(), show_pii=False), 1
    )
    print(f"{f'members of a segment ({len(members):,})':<32} {wall:6.2f} s wall, {cpu:6.2f} s CPU")
    engine.dispose()
    if url.get_backend_name() != "sqlite":
        return  # the write-back changes the database: measured on a SQLite copy only
    with tempfile.TemporaryDirectory() as workdir:
        copy = Path(workdir) / "copy.sqlite"
        shutil.copyfile(url.database, copy)
        database = Database(make_url(f"sqlite:///{copy}"))
        admin = CurrentUser("benchmark", "admin")
        for label in ("identity resolution write-back", "  ... again (nothing to change)"):
            wall, cpu, result = timed(lambda: resolve_and_write(database.sessions, admin), 1)
            print(f"{label:<32} {wall:6.2f} s wall, {cpu:6.2f} s CPU (no target)")
            print(
                f"  -> {result.merges:,} merges, {result.customers_after:,} customers; "
                f"anonymous orders {result.anonymous_share_after:.1%}; precision "
                f"{result.scores.precision:.3f}, recall {result.scores.recall:.3f}"
            )
        database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes")
    parser.add_argument(
        "--only", choices=["rfm", "identities", "clv", "db"], help="run one section only"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="measure the database loads on this database (with --only db and no --db: the "
        "demo dataset, seeded into a temporary SQLite file)",
    )
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (wall times grow with other work)")
    rng = np.random.default_rng(2024)
    n_customers, n_identities = int(2_000_000 * args.scale), int(3_000_000 * args.scale)
    if args.only in (None, "rfm"):
        bench_rfm(n_customers, rng, args.repeat)
    if args.only in (None, "identities"):
        bench_identities(n_identities, rng, args.repeat)
    if args.only in (None, "clv"):
        bench_clv(n_customers, rng, args.repeat)
    if args.only == "db" or args.db:
        with tempfile.TemporaryDirectory() as workdir:
            bench_database(demo_database(args.db, Path(workdir)), args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak resident memory: {peak:.2f} GiB")


if __name__ == "__main__":
    main()
