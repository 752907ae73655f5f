"""Solver core of the rebalancing optimiser: arcs, batched transportation LPs, fixed-cost MILPs.

Only (sku, lane) arcs from a location that can give to a location that needs, and cheaper than
the receiver's penalty, can lower the cost, so the model is built on those arcs alone. Costs are
written relative to doing nothing: shipping one unit on an arc changes the total by
unit_cost - penalty (negative on every kept arc), and the constant penalty x all need is added
back by the caller.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse.csgraph import connected_components

from console.services.rebalancing_input import RebalanceProblem

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

BATCH_ARCS = 5_000
"""Arcs per LP call (and smallest MILP batch): the total LP time hardly depends on it between
2,000 and 40,000, so it is chosen small enough for a smooth progress bar and quick cancel."""
MIP_REL_GAP = 1e-6
_INTEGRAL_TOL = 1e-6


class OptimisationCancelled(Exception):
    """The caller's `cancelled()` returned True; no partial proposal is returned."""


@dataclass(frozen=True)
class Arcs:
    """The decision variables: one per (sku, lane) that can carry a useful unit."""

    receiver: np.ndarray  # row of problem.stock that needs the unit
    donor: np.ndarray  # row of problem.stock that gives it
    lane: np.ndarray  # row of problem.lanes it travels on
    sku: np.ndarray  # sku code (arcs are sorted by it)
    unit_cost: np.ndarray
    reduced_cost: np.ndarray  # unit_cost - receiver's penalty (< 0)
    cap: np.ndarray  # min(need, can_give): no arc can carry more

    def __len__(self) -> int:
        return len(self.lane)

    def take(self, index: np.ndarray) -> Arcs:
        return Arcs(*(getattr(self, f)[index] for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class Solution:
    """Whole-unit flow per arc, a proven lower bound on the relative objective, and optimality."""

    flow: np.ndarray
    lower_bound: float
    optimal: bool


def build_arcs(problem: RebalanceProblem) -> Arcs:
    """Join receivers to their in-lanes, then to the donor of the same sku at the lane's start."""
    stock, lanes, keys = problem.stock, problem.lanes, problem.keys
    sku_code, loc_code = keys.sku, keys.location
    receivers = np.flatnonzero(stock["need"].to_numpy() > 0)
    donors = np.flatnonzero(stock["can_give"].to_numpy() > 0)
    useful = np.intersect1d(sku_code[receivers], sku_code[donors])
    receivers = receivers[np.isin(sku_code[receivers], useful)]
    donors = donors[np.isin(sku_code[donors], useful)]
    lane_from = keys.locations.get_indexer(lanes["from"])
    lane_to = keys.locations.get_indexer(lanes["to"])

    pairs = pd.DataFrame({"receiver": receivers, "to": loc_code[receivers]}).merge(
        pd.DataFrame({"lane": np.arange(len(lanes)), "to": lane_to}), on="to"
    )
    receiver = pairs["receiver"].to_numpy()
    lane = pairs["lane"].to_numpy()
    donor_keys = pd.Index(keys.of(loc_code[donors], sku_code[donors]))
    found = donor_keys.get_indexer(keys.of(lane_from[lane], sku_code[receiver]))
    unit_cost = lanes["unit_cost"].to_numpy(float)[lane]
    penalty = stock["penalty"].to_numpy(float)[receiver]
    keep = (found >= 0) & (unit_cost < penalty)
    receiver, lane, unit_cost, penalty = receiver[keep], lane[keep], unit_cost[keep], penalty[keep]
    donor = donors[found[keep]]
    cap = np.minimum(stock["need"].to_numpy()[receiver], stock["can_give"].to_numpy()[donor])
    order = np.lexsort((lane, receiver, sku_code[receiver]))
    return Arcs(
        receiver, donor, lane, sku_code[receiver], unit_cost, unit_cost - penalty, cap
    ).take(order)


def _constraint_matrix(arcs: Arcs, problem: RebalanceProblem) -> tuple[sp.csr_array, np.ndarray]:
    """Rows: each receiver takes at most its need; each donor gives at most what it may give."""
    r_rows, r_col = np.unique(arcs.receiver, return_inverse=True)
    d_rows, d_col = np.unique(arcs.donor, return_inverse=True)
    n = len(arcs)
    cols = np.arange(n)
    matrix = sp.csr_array(
        (np.ones(2 * n), (np.concatenate([r_col, len(r_rows) + d_col]), np.tile(cols, 2))),
        shape=(len(r_rows) + len(d_rows), n),
    )
    limit = np.concatenate(
        [problem.stock["need"].to_numpy()[r_rows], problem.stock["can_give"].to_numpy()[d_rows]]
    ).astype(float)
    return matrix, limit


def whole_units(x: np.ndarray) -> np.ndarray:
    """Round a vertex solution to integers; flooring keeps every <= constraint satisfied."""
    return np.floor(np.asarray(x) + _INTEGRAL_TOL).astype(np.int64)


def solve_transport_lp(arcs: Arcs, problem: RebalanceProblem) -> np.ndarray:
    """Optimal whole-unit flow of the transportation LP on `arcs` (no fixed costs).

    The constraint matrix is the incidence matrix of a bipartite graph, hence totally
    unimodular: dual simplex ends on a vertex, which is integral, so no branching is needed.
    """
    if len(arcs) == 0:
        return np.zeros(0, np.int64)
    matrix, limit = _constraint_matrix(arcs, problem)
    res = linprog(
        arcs.reduced_cost,
        A_ub=matrix,
        b_ub=limit,
        bounds=np.column_stack([np.zeros(len(arcs)), arcs.cap]),
        method="highs-ds",
    )
    if res.status != 0:
        raise RuntimeError(f"HiGHS failed on a transportation LP: {res.message}")
    return whole_units(res.x)


def _batches(groups: np.ndarray, smallest_first: bool = False) -> list[np.ndarray]:
    """Arc positions in batches of whole groups (skus or components), ~BATCH_ARCS arcs each.

    A group starting at offset s of the ordered arcs joins batch s // BATCH_ARCS, so a batch
    never splits a group and exceeds BATCH_ARCS only by its last group.
    """
    _, inverse, sizes = np.unique(groups, return_inverse=True, return_counts=True)
    rank = (
        np.argsort(np.argsort(sizes, kind="stable"), kind="stable")
        if smallest_first
        else np.arange(len(sizes))
    )
    order = np.lexsort((np.arange(len(groups)), rank[inverse]))
    group_start = np.concatenate([[0], np.cumsum(sizes[np.argsort(rank)])[:-1]])
    batch_of_group = np.empty(len(sizes), np.int64)
    batch_of_group[np.argsort(rank)] = group_start // BATCH_ARCS
    batch = batch_of_group[inverse[order]]
    cuts = np.flatnonzero(np.diff(batch)) + 1
    return np.split(order, cuts)


def _report(progress: Progress | None, cancelled: Cancelled | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
    if cancelled is not None and cancelled():
        raise OptimisationCancelled("The rebalancing was cancelled.")


def solve_without_fixed_costs(
    arcs: Arcs,
    problem: RebalanceProblem,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    steps: tuple[int, int] | None = None,
) -> Solution:
    """Exact optimum: skus are independent, so batches of whole skus go to one LP call each.

    Progress counts skus; `steps` = (offset, total) lets a caller embed it in a longer count.
    """
    flow = np.zeros(len(arcs), np.int64)
    offset, total = steps or (0, len(np.unique(arcs.sku)))
    done = offset
    _report(progress, cancelled, done, total)
    for batch in _batches(arcs.sku) if len(arcs) else []:
        flow[batch] = solve_transport_lp(arcs.take(batch), problem)
        done += len(np.unique(arcs.sku[batch]))
        _report(progress, cancelled, done, total)
    return Solution(flow, float(arcs.reduced_cost @ flow), True)


def fixed_cost_of(flow: np.ndarray, arcs: Arcs, fixed: np.ndarray) -> float:
    """Each lane that carries anything pays its fixed cost once, whatever the number of skus."""
    used = np.unique(arcs.lane[flow > 0])
    return float(fixed[used].sum())


def _components(arcs: Arcs, fixed: np.ndarray) -> np.ndarray:
    """Label per arc: skus sharing a fixed-cost lane must be optimised together."""
    skus, sku_node = np.unique(arcs.sku, return_inverse=True)
    coupled = fixed[arcs.lane] > 0
    lanes, lane_node = np.unique(arcs.lane[coupled], return_inverse=True)
    n = len(skus) + len(lanes)
    graph = sp.coo_array(
        (np.ones(int(coupled.sum())), (sku_node[coupled], len(skus) + lane_node)), shape=(n, n)
    )
    _, label = connected_components(graph, directed=False)
    return label[sku_node]


def _solve_fixed_batch(
    arcs: Arcs,
    problem: RebalanceProblem,
    fixed: np.ndarray,
    free: np.ndarray,
    time_limit: float,
) -> Solution:
    """MILP: x continuous (integral once the open lanes are fixed), z binary per fixed lane.

    `free` is the optimal flow when fixed costs are ignored: a fallback plan and, fixed costs
    being >= 0, a proven lower bound even when HiGHS stops before it has one of its own.
    """
    matrix, limit = _constraint_matrix(arcs, problem)
    coupled = np.flatnonzero(fixed[arcs.lane] > 0)
    lanes, lane_col = np.unique(arcs.lane[coupled], return_inverse=True)
    n, m = len(arcs), len(lanes)
    link = sp.csr_array(
        (
            np.concatenate([np.ones(len(coupled)), -arcs.cap[coupled].astype(float)]),
            (np.tile(np.arange(len(coupled)), 2), np.concatenate([coupled, n + lane_col])),
        ),
        shape=(len(coupled), n + m),
    )
    full = sp.vstack([sp.hstack([matrix, sp.csr_array((matrix.shape[0], m))]), link]).tocsr()
    upper = np.concatenate([limit, np.zeros(len(coupled))])
    res = milp(
        np.concatenate([arcs.reduced_cost, fixed[lanes]]),
        integrality=np.concatenate([np.zeros(n), np.ones(m)]),
        bounds=Bounds(0, np.concatenate([arcs.cap, np.ones(m)])),
        constraints=LinearConstraint(full, -np.inf, upper),
        options={"time_limit": max(time_limit, 0.1), "mip_rel_gap": MIP_REL_GAP},
    )
    candidates = [np.zeros(n, np.int64), free]
    if res.x is not None:
        # Re-solve the transportation LP on the lanes the MILP opened: a vertex, so whole units.
        is_open = np.isin(arcs.lane, lanes[res.x[n:] > 0.5]) | (fixed[arcs.lane] <= 0)
        polished = np.zeros(n, np.int64)
        polished[is_open] = solve_transport_lp(arcs.take(np.flatnonzero(is_open)), problem)
        candidates.append(polished)
    costs = [float(arcs.reduced_cost @ f) + fixed_cost_of(f, arcs, fixed) for f in candidates]
    best = int(np.argmin(costs))
    bound = max(float(arcs.reduced_cost @ free), _finite_or(res.mip_dual_bound, -np.inf))
    return Solution(candidates[best], min(bound, costs[best]), res.status == 0)


def _finite_or(value: float | None, default: float) -> float:
    return float(value) if value is not None and np.isfinite(value) else default


def solve_with_fixed_costs(
    arcs: Arcs,
    problem: RebalanceProblem,
    time_limit: float,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Solution:
    """Fixed-cost optimum within `time_limit` seconds for the whole solve.

    First the exact LP without fixed costs (bound and fallback), then one MILP per batch of
    independent components, each given a share of the time left (minus the time the final
    polishing LP is expected to take, estimated from the first pass).
    Progress counts skus twice: once for the first pass, once for the MILPs.
    """
    started = time.monotonic()
    deadline = started + time_limit
    fixed = problem.lanes["fixed_cost"].to_numpy(float)
    n_skus = len(np.unique(arcs.sku))
    free = solve_without_fixed_costs(arcs, problem, progress, cancelled, (0, 2 * n_skus))
    lp_seconds_per_arc = (time.monotonic() - started) / max(len(arcs), 1)
    flow = free.flow.copy()
    done, bound, optimal = n_skus, 0.0, True
    left_arcs = len(arcs)
    for batch in _batches(_components(arcs, fixed), smallest_first=True) if len(arcs) else []:
        part = arcs.take(batch)
        if (fixed[part.lane] > 0).any():
            reserve = lp_seconds_per_arc * len(batch)
            share = (deadline - time.monotonic()) * len(batch) / left_arcs - reserve
            solution = _solve_fixed_batch(part, problem, fixed, free.flow[batch], share)
            flow[batch] = solution.flow
        else:
            solution = Solution(free.flow[batch], float(part.reduced_cost @ free.flow[batch]), True)
        bound += solution.lower_bound
        optimal &= solution.optimal
        left_arcs -= len(batch)
        done += len(np.unique(part.sku))
        _report(progress, cancelled, done, 2 * n_skus)
    return Solution(flow, bound, optimal)
