"""Benchmark of the rebalancing optimiser on a synthetic network of 1,000 locations x 3,000 skus.

Run: python benchmarks/rebalance.py [--repeat 3] [--time-limit 90] [--baseline-sample 200]
     [--db sqlite:///demo.sqlite [--db-only]]

The network: 10 regions of 2 warehouses and 98 stores. Lanes join each store to its 12 nearest
stores in the region (both ways), each warehouse to every store of its region (both ways) and
every pair of warehouses. Warehouses stock every sku, each store about a third of them. Most
skus are balanced (no need anywhere); in the unbalanced fifth, about one carrying store in
eight needs stock and one in three has surplus.

Prints, for the case without fixed costs, the median end-to-end time (validation, model
building, solving, result tables) and the speed ratio against the plainest correct baseline
(one scipy linprog call per sku with need, in a loop), and, for the case with fixed costs,
the time, the proven lower bound and the gap.

With --db (a seeded HQ Console database, e.g. `hq-console demo seed --scale demo`), also the
panel's path on it: load the whole network's stock and trailing demand, compute the monitor,
build the lanes and propose (median of --repeat runs, with the time of each phase); then, on a
private copy of a SQLite file, save the proposal and approve it (stale check, reservations,
transfer orders), and approve it again (refused: stock moves once).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from console.__main__ import main as cli_main
from console.errors import UserError
from console.services.rebalancing import prepare_problem, rebalance

REGIONS = 10
WAREHOUSES_PER_REGION = 2
STORES_PER_REGION = 98
SKUS = 3_000
NEAREST = 12


def synthetic_network(seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stock rows (location, sku, on_hand, safety, target, penalty) and lanes with costs."""
    rng = np.random.default_rng(seed)
    per_region = WAREHOUSES_PER_REGION + STORES_PER_REGION
    n_loc = REGIONS * per_region
    region = np.repeat(np.arange(REGIONS), per_region)
    is_wh = np.tile(np.arange(per_region) < WAREHOUSES_PER_REGION, REGIONS)
    centre = rng.uniform(0, 2_000, (REGIONS, 2))
    xy = centre[region] + rng.normal(0, 60, (n_loc, 2))
    names = np.array([f"{'WH' if w else 'ST'}{i:04d}" for i, w in enumerate(is_wh)])

    pairs = []
    for r in range(REGIONS):
        members = np.flatnonzero(region == r)
        stores, whs = members[~is_wh[members]], members[is_wh[members]]
        dist = np.linalg.norm(xy[stores, None] - xy[None, stores], axis=2)
        np.fill_diagonal(dist, np.inf)
        near = np.argsort(dist, axis=1)[:, :NEAREST]
        pairs.append(np.column_stack([np.repeat(stores, NEAREST), stores[near.ravel()]]))
        grid = np.array(np.meshgrid(whs, stores)).reshape(2, -1).T
        pairs += [grid, grid[:, ::-1]]
    whs = np.flatnonzero(is_wh)
    pairs.append(np.array([(a, b) for a in whs for b in whs if a != b]))
    both = np.concatenate(pairs)
    both = np.unique(np.concatenate([both, both[:, ::-1]]), axis=0)
    km = np.linalg.norm(xy[both[:, 0]] - xy[both[:, 1]], axis=1)
    lanes = pd.DataFrame(
        {
            "from": names[both[:, 0]],
            "to": names[both[:, 1]],
            "unit_cost": np.round(0.3 + 0.004 * km, 2),
            "fixed_cost": np.round(15 + 0.05 * km, 2),
        }
    )

    price = np.round(rng.lognormal(4, 0.8, SKUS), 2)
    unbalanced = rng.random(SKUS) < 0.2
    carries = rng.random((n_loc, SKUS)) < 0.33
    carries[is_wh] = True
    loc_i, sku_i = np.nonzero(carries)
    target = np.where(
        is_wh[loc_i], rng.integers(20, 200, len(loc_i)), rng.integers(2, 20, len(loc_i))
    )
    safety = np.maximum(1, (target * rng.uniform(0.3, 0.9, len(loc_i))).astype(int))
    draw = rng.random(len(loc_i))
    short = unbalanced[sku_i] & (draw < 0.125)
    surplus = np.where(unbalanced[sku_i], draw > 0.67, draw > 0.9)
    on_hand = target.copy()
    on_hand[short] = rng.integers(0, target[short])
    on_hand[surplus] += rng.integers(1, 12, int(surplus.sum()))
    stock = pd.DataFrame(
        {
            "location": names[loc_i],
            "sku": np.char.add("SKU", sku_i.astype(str)),
            "on_hand": on_hand,
            "safety": safety,
            "target": target,
            "penalty": np.round(0.35 * price[sku_i], 2),
        }
    )
    return stock, lanes


def baseline_seconds_per_sku(
    stock: pd.DataFrame, lanes: pd.DataFrame, skus: list[str]
) -> tuple[float, float]:
    """Plain loop: for each sku, one dense-ish linprog with a variable per usable lane.

    Returns seconds per sku and the summed optimal cost of the skus (to cross-check).
    """
    started = time.perf_counter()
    total = 0.0
    by_sku = dict(tuple(stock[stock["sku"].isin(skus)].groupby("sku")))
    for sku in skus:
        rows = by_sku[sku]
        need = (rows["target"] - rows["on_hand"]).clip(lower=0)
        give = (rows["on_hand"] - np.maximum(rows["target"], rows["safety"])).clip(lower=0)
        recv = rows[need > 0].assign(need=need[need > 0])
        donors = rows[give > 0].assign(give=give[give > 0])
        arcs = lanes.merge(donors[["location", "give"]], left_on="from", right_on="location")
        arcs = arcs.merge(
            recv[["location", "need", "penalty"]],
            left_on="to",
            right_on="location",
            suffixes=("_d", "_r"),
        )
        n_arc, n_recv = len(arcs), len(recv)
        # variables: arc flows, then unmet need per receiver
        c = np.concatenate([arcs["unit_cost"], recv["penalty"]])
        a_eq = np.zeros((n_recv, n_arc + n_recv))
        recv_pos = {loc: i for i, loc in enumerate(recv["location"])}
        for j, loc in enumerate(arcs["location_r"]):
            a_eq[recv_pos[loc], j] = 1
        a_eq[:, n_arc:] = np.eye(n_recv)
        donor_list = list(donors["location"])
        a_ub = np.zeros((len(donor_list), n_arc + n_recv))
        for j, loc in enumerate(arcs["location_d"]):
            a_ub[donor_list.index(loc), j] = 1
        res = linprog(
            c,
            A_ub=a_ub if len(donor_list) else None,
            b_ub=donors["give"].to_numpy() if len(donor_list) else None,
            A_eq=a_eq,
            b_eq=recv["need"].to_numpy(),
            method="highs",
        )
        total += res.fun
    return (time.perf_counter() - started) / len(skus), total


def _progress_bar(done: int, total: int) -> None:
    width = 40
    filled = width * done // max(total, 1)
    bar = "#" * filled + "." * (width - filled)
    sys.stderr.write(f"\r  [{bar}] {done}/{total} (skus solved; twice over with fixed costs)")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _timed(stock: pd.DataFrame, lanes: pd.DataFrame, **options):
    """(validation seconds, optimiser seconds, result) of one service call."""
    started = time.perf_counter()
    problem = prepare_problem(stock, lanes)
    checked = time.perf_counter()
    result = rebalance(problem, progress=_progress_bar, **options)
    return checked - started, time.perf_counter() - checked, result


def _cli_seconds(stock: pd.DataFrame, lanes: pd.DataFrame) -> tuple[float, dict]:
    """The command line on CSV files: read, validate, solve, write transfers.csv."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: Path(folder) / f"{name}.csv" for name in ("stock", "lanes", "out")}
        stock.to_csv(paths["stock"], index=False)
        lanes.to_csv(paths["lanes"], index=False)
        argv = ["rebalance", "--verbose", "--out", str(paths["out"])]
        argv += ["--stock", str(paths["stock"]), "--lanes", str(paths["lanes"])]
        captured = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(captured):
            code = cli_main(argv)
        elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"the command failed with exit code {code}")
    return elapsed, json.loads(captured.getvalue())


def _phased_propose(bind) -> tuple[dict[str, float], object]:
    """queries.propose with the seconds spent in each phase its progress labels name."""
    from console.db.queries import inventory as q

    marks: list[tuple[str, float]] = []

    def progress(_done: int, _total: int, label: str) -> None:
        if not marks or marks[-1][0] != label:
            marks.append((label, time.perf_counter()))

    plan = q.propose(bind, progress=progress)
    phases = {
        label: following[1] - started for (label, started), following in itertools.pairwise(marks)
    }
    return phases, plan


def database_run(url: str, repeat: int) -> None:
    """Propose for the whole network of a seeded database, then save and approve on a copy."""
    from sqlalchemy.engine import make_url

    from console.db import transfers
    from console.db.database import Database
    from console.services.permissions import CurrentUser

    db = Database(make_url(url))
    runs = []
    for run in range(repeat):
        started = time.perf_counter()
        phases, plan = _phased_propose(db.engine)
        runs.append(time.perf_counter() - started)
        shown = ", ".join(f"{label} {seconds:.2f} s" for label, seconds in phases.items())
        print(f"  run {run + 1}: {runs[-1]:.2f} s ({shown})")
    db.dispose()
    result = plan.result
    print(
        f"DATABASE {db.display_url}: {plan.stock['location'].nunique()} locations, "
        f"{plan.stock['sku'].nunique()} skus, {len(plan.stock):,} stock rows, "
        f"{len(plan.problem.lanes):,} lanes; PROPOSE FOR THE WHOLE NETWORK median "
        f"{statistics.median(runs):.2f} s (load + monitor + lanes + optimiser), "
        f"method={result.method}, optimal={result.optimal}, gap={result.gap:.3%}, "
        f"{len(result.transfers):,} transfer lines on {len(result.shipments):,} lanes, "
        f"{result.shortage_avoided:,} of {result.need_units:,} units of need covered, "
        f"saving {result.saving:,.2f} vs doing nothing"
    )
    source = make_url(url)
    if source.get_backend_name() != "sqlite":
        print("  (save and approve timed on SQLite copies only: the database was left as it is)")
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite"
        shutil.copyfile(source.database, copy)
        db = Database(make_url(f"sqlite:///{copy}"))
        planner = CurrentUser("benchmark", "supply_chain")
        started = time.perf_counter()
        proposal = transfers.save_proposal(db.sessions, planner, plan)
        saved = time.perf_counter()
        codes = transfers.approve_proposal(db.sessions, planner, proposal)
        approved = time.perf_counter()
        try:
            transfers.approve_proposal(db.sessions, planner, proposal)
            again = "ACCEPTED (wrong)"
        except UserError as exc:
            again = f"refused ({exc.problem})"
        db.dispose()
    print(
        f"  save proposal ({len(result.transfers):,} lines): {saved - started:.2f} s; approve "
        f"(stale check + reservations + {len(codes):,} transfer orders, one transaction): "
        f"{approved - saved:.2f} s; approving again: {again}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the no-fixed-cost case")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=90.0,
        help="solver time limit in seconds for the fixed-cost case",
    )
    parser.add_argument(
        "--baseline-sample",
        type=int,
        default=200,
        help="skus timed with the baseline (then extrapolated); 0 = all",
    )
    parser.add_argument("--db", help="also time the panel's path on this seeded database")
    parser.add_argument("--db-only", action="store_true", help="skip the synthetic network")
    args = parser.parse_args()
    if not args.db_only:
        synthetic_run(args)
    if args.db:
        database_run(args.db, args.repeat)


def synthetic_run(args: argparse.Namespace) -> None:
    stock, lanes = synthetic_network()
    skus_with_need = sorted(stock.loc[stock["target"] > stock["on_hand"], "sku"].unique())
    print(
        f"network: {stock['location'].nunique()} locations, {stock['sku'].nunique()} skus, "
        f"{len(stock):,} stock rows, {len(lanes):,} lanes, "
        f"{len(skus_with_need)} skus with need"
    )

    zero = lanes.assign(fixed_cost=0.0)
    runs = []
    for run in range(args.repeat):
        checking, solving, result = _timed(stock, zero)
        runs.append((checking + solving, solving))
        print(f"  run {run + 1}: validation {checking:.2f} s + optimiser {solving:.2f} s")
    end_to_end = statistics.median(r[0] for r in runs)
    optimiser = statistics.median(r[1] for r in runs)
    print(
        f"WITHOUT FIXED COSTS: median {end_to_end:.2f} s end to end (validation + optimiser; "
        f"target <= 30 s), optimiser alone {optimiser:.2f} s, optimal={result.optimal}, "
        f"total_cost={result.total_cost:,.2f}, {len(result.transfers):,} transfers, "
        f"{result.shortage_avoided:,} of {result.need_units:,} units of need covered"
    )
    cli_seconds, summary = _cli_seconds(stock, zero)
    print(
        f"  command line on CSV files (read + validate + solve + write): {cli_seconds:.2f} s, "
        f"optimal={summary['optimal']}, total_cost={summary['total_cost']:,.2f}"
    )

    sample = skus_with_need
    if args.baseline_sample and args.baseline_sample < len(skus_with_need):
        picks = np.random.default_rng(1).choice(
            len(skus_with_need), args.baseline_sample, replace=False
        )
        sample = [skus_with_need[i] for i in sorted(picks)]
    per_sku, sample_cost = baseline_seconds_per_sku(stock, zero, sample)
    baseline_total = per_sku * len(skus_with_need)
    ours = result.shortfalls[result.shortfalls["sku"].isin(sample)]["unmet_cost"].sum() + (
        result.transfers[result.transfers["sku"].isin(sample)].eval("qty * unit_cost").sum()
    )
    how = (
        "measured on all of them"
        if len(sample) == len(skus_with_need)
        else f"EXTRAPOLATED from {len(sample)} randomly sampled skus x {per_sku * 1e3:.1f} ms"
    )
    print(
        f"BASELINE (one scipy linprog per sku with need, {len(skus_with_need)} skus, no input "
        f"checks): {baseline_total:.2f} s ({how}); same optimal cost on the sampled skus: "
        f"{abs(ours - sample_cost) <= 1e-6 * max(1.0, ours)}"
    )
    print(
        f"SPEED RATIO vs baseline: {baseline_total / optimiser:.1f}x (optimiser alone), "
        f"{baseline_total / end_to_end:.1f}x (end to end, our validation included)"
    )

    checking, solving, fixed = _timed(stock, lanes, time_limit=args.time_limit)
    print(
        f"WITH FIXED COSTS: {checking + solving:.2f} s end to end (target <= 120 s; solver "
        f"time limit {args.time_limit:g} s), optimal={fixed.optimal}, "
        f"total_cost={fixed.total_cost:,.2f} (transport {fixed.transport_cost:,.2f} + fixed "
        f"{fixed.fixed_cost:,.2f} + unmet {fixed.unmet_cost:,.2f}), proven lower bound "
        f"{fixed.lower_bound:,.2f}, GAP {fixed.gap:.3%} (absolute "
        f"{fixed.total_cost - fixed.lower_bound:,.2f}), {len(fixed.shipments):,} lanes used "
        f"(vs {len(result.shipments):,} when lanes cost nothing to open)"
    )


if __name__ == "__main__":
    main()
