"""Stock rebalancing: propose transfers that minimise transport + fixed lane + unmet-need cost.

Public entry points (the CLI and the inventory panel use only these):

- `prepare_problem(stock, lanes, ...)` validates the tables (see rebalancing_input);
- `rebalance(problem, ...)` proposes transfers (exact LP without fixed costs, MILP with them);
- `evaluate_transfers(problem, transfers)` costs a proposal the planner has edited;
- `stock_fingerprint(stock)` and `stale_rows(problem, current_stock, transfers)` detect and
  explain stock that changed since a proposal was computed.

The model and its guarantees are described in docs/rebalancing.md.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from console.errors import ValidationError
from console.services.rebalancing_input import (
    LANE_COLUMNS,
    STOCK_COLUMNS,
    RebalanceProblem,
    prepare_problem,
)
from console.services.rebalancing_solve import (
    Cancelled,
    OptimisationCancelled,
    Progress,
    build_arcs,
    solve_with_fixed_costs,
    solve_without_fixed_costs,
)

__all__ = [
    "LANE_COLUMNS",
    "STOCK_COLUMNS",
    "TRANSFER_COLUMNS",
    "OptimisationCancelled",
    "RebalanceProblem",
    "RebalanceResult",
    "evaluate_transfers",
    "prepare_problem",
    "rebalance",
    "stale_rows",
    "stock_fingerprint",
]

TRANSFER_COLUMNS = ("sku", "from", "to", "qty", "unit_cost")
DEFAULT_TIME_LIMIT = 60.0
_GAP_TOL = 1e-9


@dataclass(frozen=True)
class RebalanceResult:
    """A proposal and the figures shown before approval.

    transfers: sku, from, to (str), qty (int64), unit_cost (float); one line per sku and lane.
    shipments: from, to, units, skus, transport_cost, fixed_cost; one line per lane used.
    shortfalls: location, sku, need, received, unmet (int64), penalty, unmet_cost; every row
        with need, reachable or not.
    lower_bound: proven lower bound on total_cost; gap = (total_cost - lower_bound) / total_cost.
    """

    transfers: pd.DataFrame
    shipments: pd.DataFrame
    shortfalls: pd.DataFrame
    total_cost: float
    transport_cost: float
    fixed_cost: float
    unmet_cost: float
    need_units: int
    unmet_units: int
    shortage_avoided: int
    do_nothing_cost: float
    saving: float
    optimal: bool
    lower_bound: float
    gap: float
    method: str
    seconds: float

    def summary(self) -> dict[str, object]:
        """JSON-ready figures (the CLI prints these)."""
        return {
            "total_cost": round(self.total_cost, 6),
            "transport_cost": round(self.transport_cost, 6),
            "fixed_cost": round(self.fixed_cost, 6),
            "unmet_cost": round(self.unmet_cost, 6),
            "unmet_units": self.unmet_units,
            "need_units": self.need_units,
            "shortage_avoided": self.shortage_avoided,
            "do_nothing_cost": round(self.do_nothing_cost, 6),
            "saving": round(self.saving, 6),
            "optimal": self.optimal,
            "gap": None if math.isnan(self.gap) else round(self.gap, 9),
            "lower_bound": None if math.isnan(self.lower_bound) else round(self.lower_bound, 6),
            "transfers": len(self.transfers),
            "lanes_used": len(self.shipments),
            "method": self.method,
            "seconds": round(self.seconds, 3),
        }


def rebalance(
    problem: RebalanceProblem,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RebalanceResult:
    """Propose whole-unit transfers of least total cost.

    Without fixed lane costs the answer is always optimal (batched transportation LPs) and
    `time_limit` is not used. With fixed costs, the whole solve (a first LP pass, then a MILP
    per group of skus that share lanes) keeps within about `time_limit` seconds (None: until
    proven optimal); the result carries the proven lower bound and the gap. `progress(done,
    total)` counts skus solved (twice over with fixed costs); `cancelled()` is checked after
    every solver call and raises OptimisationCancelled.
    """
    started = time.monotonic()
    arcs = build_arcs(problem)
    if problem.has_fixed_costs:
        limit = math.inf if time_limit is None else float(time_limit)
        solution = solve_with_fixed_costs(arcs, problem, limit, progress, cancelled)
        method = "milp"
    else:
        solution = solve_without_fixed_costs(arcs, problem, progress, cancelled)
        method = "lp"
    moving = solution.flow > 0
    do_nothing = float((problem.stock["penalty"] * problem.stock["need"]).sum())
    return _result(
        problem,
        arcs.donor[moving],
        arcs.receiver[moving],
        arcs.lane[moving],
        solution.flow[moving],
        lower_bound=do_nothing + solution.lower_bound,
        optimal=solution.optimal,
        method=method,
        started=started,
    )


def evaluate_transfers(
    problem: RebalanceProblem, transfers: pd.DataFrame, *, lower_bound: float | None = None
) -> RebalanceResult:
    """Cost an edited proposal (columns sku, from, to, qty) after checking it is allowed.

    Lines naming the same sku and lane are added up; qty 0 lines are dropped. Refused, with
    the lines named: a lane not in the lane table, a donor without that much to give, a
    receiver sent more than it needs, a quantity that is not a whole number of units.
    Pass the original result's lower_bound to see how far the edit is from the best plan.
    """
    started = time.monotonic()
    missing = [c for c in ("sku", "from", "to", "qty") if c not in transfers.columns]
    if missing:
        raise ValidationError(
            f"The proposal lacks the column(s) {', '.join(missing)}.",
            "Keep the columns sku, from, to and qty.",
        )
    lines = transfers[["sku", "from", "to"]].astype(str).reset_index(drop=True)
    qty = pd.to_numeric(transfers["qty"].reset_index(drop=True), errors="coerce")
    stock, lanes = problem.stock, problem.lanes
    row_of = pd.Index(pd.MultiIndex.from_frame(stock[["location", "sku"]]))
    lane_of = pd.Index(pd.MultiIndex.from_frame(lanes[["from", "to"]]))
    donor = row_of.get_indexer(pd.MultiIndex.from_arrays([lines["from"], lines["sku"]]))
    receiver = row_of.get_indexer(pd.MultiIndex.from_arrays([lines["to"], lines["sku"]]))
    lane = lane_of.get_indexer(pd.MultiIndex.from_arrays([lines["from"], lines["to"]]))
    checks = [
        (qty.isna() | (qty < 0) | (qty != np.round(qty)), "qty is not a whole number >= 0"),
        (lane < 0, "no lane exists between these locations"),
        (donor < 0, "the sending location holds no stock row for this sku"),
        (receiver < 0, "the receiving location holds no stock row for this sku"),
    ]
    problems = [
        (
            f"proposal line {i + 1} (sku {lines['sku'][i]}, {lines['from'][i]} -> "
            f"{lines['to'][i]})",
            reason,
        )
        for bad, reason in checks
        for i in np.flatnonzero(np.asarray(bad))
    ]
    if not problems:
        qty_int = qty.to_numpy().astype(np.int64)
        problems = _limit_problems(stock, donor, receiver, qty_int)
    if problems:
        raise ValidationError(
            f"The edited proposal breaks {len(problems)} rule(s): "
            f"{problems[0][0]}: {problems[0][1]}.",
            "Change or remove these lines, or recompute the proposal.",
            problems=problems,
        )
    grouped = (
        pd.DataFrame({"d": donor, "r": receiver, "l": lane, "q": qty_int})
        .groupby(["d", "r", "l"], as_index=False)["q"]
        .sum()
    )
    grouped = grouped[grouped["q"] > 0]
    bound = math.nan if lower_bound is None else float(lower_bound)
    return _result(
        problem,
        grouped["d"].to_numpy(),
        grouped["r"].to_numpy(),
        grouped["l"].to_numpy(),
        grouped["q"].to_numpy(),
        lower_bound=bound,
        optimal=False,
        method="edited",
        started=started,
    )


def _limit_problems(
    stock: pd.DataFrame, donor: np.ndarray, receiver: np.ndarray, qty: np.ndarray
) -> list[tuple[str, str]]:
    given = np.bincount(donor, weights=qty, minlength=len(stock))
    taken = np.bincount(receiver, weights=qty, minlength=len(stock))
    can_give, need = stock["can_give"].to_numpy(), stock["need"].to_numpy()
    problems = [
        (
            f"location {stock['location'].iat[i]}, sku {stock['sku'].iat[i]}",
            f"sends {int(given[i])} but may give only {int(can_give[i])} without going "
            "below max(target, safety)",
        )
        for i in np.flatnonzero(given > can_give)
    ]
    problems += [
        (
            f"location {stock['location'].iat[i]}, sku {stock['sku'].iat[i]}",
            f"receives {int(taken[i])} but needs only {int(need[i])}",
        )
        for i in np.flatnonzero(taken > need)
    ]
    return problems


def stale_rows(
    problem: RebalanceProblem, current_stock: pd.DataFrame, transfers: pd.DataFrame
) -> pd.DataFrame:
    """Stock rows a proposal touches whose on_hand, safety or target changed since it was made.

    Returns location, sku, column, proposed_with, now (now is NaN when the row was deleted);
    empty means the proposal may still be approved as computed.
    """
    touched = (
        pd.concat(
            [
                transfers[["from", "sku"]].rename(columns={"from": "location"}),
                transfers[["to", "sku"]].rename(columns={"to": "location"}),
            ]
        )
        .astype(str)
        .drop_duplicates()
    )
    columns = ["on_hand", "safety", "target"]
    then = touched.merge(problem.stock[["location", "sku", *columns]], on=["location", "sku"])
    now = current_stock[["location", "sku", *columns]].astype({"location": str, "sku": str})
    both = then.merge(now, on=["location", "sku"], how="left", suffixes=("_then", "_now"))
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "location": both["location"],
                    "sku": both["sku"],
                    "column": c,
                    "proposed_with": both[f"{c}_then"].astype(float),
                    "now": both[f"{c}_now"].astype(float),
                }
            )
            for c in columns
        ],
        ignore_index=True,
    )
    changed = long["proposed_with"] != long["now"]
    return long[changed].sort_values(["location", "sku", "column"], ignore_index=True)


def stock_fingerprint(stock: pd.DataFrame) -> str:
    """SHA-256 (hex, 64 characters) of the stock rows the optimiser reads, order-independent.

    Store it with a proposal; a different fingerprint at approval time means the stock moved
    and the proposal must be recomputed (stale_rows says which rows changed).
    """
    columns = ["location", "sku", "on_hand", "safety", "target"]
    rows = (
        stock[columns]
        .astype({"location": str, "sku": str})
        .astype({c: np.int64 for c in columns[2:]})
        .sort_values(["location", "sku"], ignore_index=True)
    )
    hashed = pd.util.hash_pandas_object(rows, index=False).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()


def _result(
    problem: RebalanceProblem,
    donor: np.ndarray,
    receiver: np.ndarray,
    lane: np.ndarray,
    qty: np.ndarray,
    *,
    lower_bound: float,
    optimal: bool,
    method: str,
    started: float,
) -> RebalanceResult:
    stock, lanes = problem.stock, problem.lanes
    qty = np.asarray(qty, np.int64)
    unit_cost = lanes["unit_cost"].to_numpy(float)[lane]
    transfers = pd.DataFrame(
        {
            "sku": stock["sku"].to_numpy()[donor],
            "from": stock["location"].to_numpy()[donor],
            "to": stock["location"].to_numpy()[receiver],
            "qty": qty,
            "unit_cost": unit_cost,
        }
    ).sort_values(["sku", "from", "to"], ignore_index=True)
    shipments = (
        pd.DataFrame({"lane": lane, "units": qty, "cost": qty * unit_cost})
        .groupby("lane")
        .agg(units=("units", "sum"), skus=("units", "size"), transport_cost=("cost", "sum"))
    )
    shipments.insert(0, "to", lanes["to"].to_numpy()[shipments.index])
    shipments.insert(0, "from", lanes["from"].to_numpy()[shipments.index])
    shipments["fixed_cost"] = lanes["fixed_cost"].to_numpy(float)[shipments.index]
    shipments = shipments.sort_values(["from", "to"], ignore_index=True)

    needy = np.flatnonzero(stock["need"].to_numpy() > 0)
    received = np.bincount(receiver, weights=qty, minlength=len(stock)).astype(np.int64)
    shortfalls = stock.iloc[needy][["location", "sku", "need", "penalty"]].reset_index(drop=True)
    shortfalls.insert(3, "received", received[needy])
    shortfalls.insert(4, "unmet", shortfalls["need"] - shortfalls["received"])
    shortfalls["unmet_cost"] = shortfalls["unmet"] * shortfalls["penalty"]

    transport = float(shipments["transport_cost"].sum())
    fixed = float(shipments["fixed_cost"].sum())
    unmet_cost = float(shortfalls["unmet_cost"].sum())
    total = transport + fixed + unmet_cost
    do_nothing = float((shortfalls["need"] * shortfalls["penalty"]).sum())
    need_units = int(shortfalls["need"].sum())
    unmet_units = int(shortfalls["unmet"].sum())
    return RebalanceResult(
        transfers=transfers,
        shipments=shipments,
        shortfalls=shortfalls,
        total_cost=total,
        transport_cost=transport,
        fixed_cost=fixed,
        unmet_cost=unmet_cost,
        need_units=need_units,
        unmet_units=unmet_units,
        shortage_avoided=need_units - unmet_units,
        do_nothing_cost=do_nothing,
        saving=do_nothing - total,
        optimal=optimal,
        lower_bound=min(lower_bound, total),
        gap=_gap(total, lower_bound),
        method=method,
        seconds=time.monotonic() - started,
    )


def _gap(total: float, lower_bound: float) -> float:
    """Relative distance to the proven bound; 0 when they agree to rounding."""
    if math.isnan(lower_bound):
        return math.nan
    absolute = total - lower_bound
    if absolute <= _GAP_TOL * max(1.0, abs(total)):
        return 0.0
    return absolute / total
