"""Budget splits for S-shaped curves (alpha > 1), where no bisection finds the optimum.

An S-shaped curve gives little for the first money (its convex part), so the optimum decides
which cells to "switch on" (spend past the knee) and which to leave at their minimum: a
combinatorial choice. Candidates:

- a fine greedy grid allocation (GRID_STEPS equal steps, each to the cell whose response grows
  most), and the same with look-ahead (each step may jump to the best average gain over
  several steps, which sees past a convex toe);
- the current plan, when it meets the constraints;
- the Lagrangian pattern: the cells that are worth switching on at the dual prices.

Each candidate is polished: the cells on the concave part of their curve are re-split exactly
(budget_exact) while the others keep their spend, so polishing never loses. The best plan is
kept and the dual function, minimised over the multipliers, bounds the gap: weak duality makes
it an upper bound for any curve shape.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from console.services.budget_curves import CellCurves
from console.services.budget_exact import RowOutOfReach, Rows, solve_concave
from console.services.budget_feasibility import feasible_point, is_feasible
from console.services.budget_problem import Group

GRID_STEPS = 1000


@dataclass(frozen=True)
class Candidate:
    spend: np.ndarray
    value: float
    multipliers: np.ndarray | None
    method: str


@dataclass(frozen=True)
class _Grid:
    """The curves on GRID_STEPS equal steps from the minimums, tabulated once in bulk.

    values[i, k]: response of cell i at lower_i + k * delta; increments: one step's gain;
    last: the most steps a cell's maximum allows; tail: the step from which a cell's
    increments no longer rise (past it the best jump is one step); cap_room: whole steps
    each cap row (coefficients +1) still allows; caps_of: the cap rows of each cell.
    """

    values: np.ndarray
    increments: np.ndarray
    last: list[int]
    tail: list[int]
    cap_room: list[int]
    caps_of: list[tuple[int, ...]]

    @classmethod
    def build(
        cls, curves: CellCurves, lower: np.ndarray, upper: np.ndarray, rows: Rows, delta: float
    ) -> _Grid:
        steps = GRID_STEPS
        last = np.minimum(np.floor((upper - lower) / delta + 1e-9), steps).astype(int)
        # Only the steps some cell's maximum allows (few, when the bounds are tight).
        width = int(last.max())
        values = curves.value(lower[:, None] + delta * np.arange(width + 1))
        increments = np.diff(values, axis=1)
        rises = increments[:, 1:] > increments[:, :-1]  # step j + 1 gains more than step j
        tail = np.where(rises, np.arange(1, width), 0).max(axis=1, initial=0)
        caps = rows.matrix[1:] > 0
        slack = rows.rhs[1:] - rows.matrix[1:] @ lower
        # At most `steps` are taken in all, so a room beyond 2 * steps never binds (and a huge
        # cap stays a small integer).
        cap_room = np.floor(slack / delta + 1e-9).clip(0, 2 * steps).astype(int)
        member_rows, member_cells = np.nonzero(caps)
        caps_of: list[list[int]] = [[] for _ in range(lower.size)]
        for k, i in zip(member_rows.tolist(), member_cells.tolist(), strict=True):
            caps_of[i].append(k)
        return cls(
            values,
            increments,
            last.tolist(),
            tail.tolist(),
            cap_room.tolist(),
            [tuple(k) for k in caps_of],
        )


def _phases(lower: np.ndarray, rows: Rows, delta: float) -> list[tuple[np.ndarray, int]]:
    """Requirements (rows with coefficients -1, e.g. a minimum online share) met first from
    their own cells, then the whole budget over all cells: (cells, steps) per phase."""
    phases = []
    for k in np.flatnonzero((rows.matrix[1:] < 0).any(axis=1)) + 1:
        members = rows.matrix[k] < 0
        need = -rows.rhs[k] - lower[members].sum()
        if need > 0:
            phases.append((np.flatnonzero(members), int(np.ceil(need / delta - 1e-9))))
    return [*phases, (np.arange(lower.size), GRID_STEPS)]


def _walk(grid: _Grid, phases: list[tuple[np.ndarray, int]], look_ahead: bool) -> list[int] | None:
    """Grid steps per cell from the greedy rule, or None when caps leave no whole step.

    A heap holds one entry per cell, keyed by its best gain per step; taking steps changes
    only the taker's key and, through shared caps, others' room, which is checked when an
    entry reaches the top (room only shrinks, and a key stays right while its jump fits).
    """
    values, increments = grid.values, grid.increments
    last, tail, cap_room, caps_of = grid.last, grid.tail, list(grid.cap_room), grid.caps_of
    pos = [0] * len(last)
    jumps = np.arange(1, GRID_STEPS + 1)

    def room(i: int) -> int:
        return min([last[i] - pos[i], *(cap_room[k] for k in caps_of[i])])

    def entry(i: int, space: int) -> tuple[float, int, int]:
        p = pos[i]
        if not look_ahead or p >= tail[i] or space == 1:
            return -float(increments[i, p]), i, 1
        gains = (values[i, p + 1 : p + space + 1] - values[i, p]) / jumps[:space]
        best = int(np.argmax(gains))
        return -float(gains[best]), i, best + 1

    left = GRID_STEPS
    for members, wanted in phases:
        count = min(wanted, left)
        heap = [entry(i, r) for i in members.tolist() if (r := room(i)) > 0]
        heapq.heapify(heap)
        while count > 0:
            if not heap:
                return None
            _, i, jump = heapq.heappop(heap)
            space = room(i)
            if space <= 0:
                continue
            if jump > space:
                heapq.heappush(heap, entry(i, space))
                continue
            taken = min(jump, count)
            pos[i] += taken
            for k in caps_of[i]:
                cap_room[k] -= taken
            count -= taken
            left -= taken
            if space > taken:
                heapq.heappush(heap, entry(i, space - taken))
    return pos


def greedy_grids(
    curves: CellCurves, lower: np.ndarray, upper: np.ndarray, rows: Rows
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Spend the total in GRID_STEPS equal steps from the minimums, each to the best cell.

    Returns two plans on one tabulated grid: the plain greedy grid (a step goes to the cell
    whose response grows most) and the look-ahead one (to the cell with the best average gain
    over a jump of one or more steps, taken whole, which sees past a convex toe). Requirements
    (rows with coefficients -1) are met first from their own cells. A plan is None when the
    grid gets stuck (caps leave no room for a whole step although the continuous problem is
    feasible).
    """
    budget = rows.rhs[0] - lower.sum()
    if budget <= 1e-12 * max(rows.rhs[0], 1.0):
        return lower.copy(), lower.copy()
    delta = budget / GRID_STEPS
    grid = _Grid.build(curves, lower, upper, rows, delta)
    phases = _phases(lower, rows, delta)
    plans = []
    for look_ahead in (False, True):
        steps = _walk(grid, phases, look_ahead)
        plans.append(None if steps is None else lower + np.array(steps) * delta)
    return plans[0], plans[1]


def _solve_box(
    curves: CellCurves, lower: np.ndarray, upper: np.ndarray, rows: Rows
) -> Candidate | None:
    """The exact split within the box; None when the box misses the total (a plan off it by
    rounding held at its spend), whose plan is a candidate already."""
    try:
        result = solve_concave(curves, curves.box(lower, upper), rows)
    except RowOutOfReach:
        return None
    return Candidate(result.spend, result.primal, result.multipliers, "best concave-part split")


def polish_box(
    curves: CellCurves, lower: np.ndarray, upper: np.ndarray, spend: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds that free the cells on the concave part of their curve and hold the others at
    their spend: the plan lies in that box, so its exact re-split is never worse."""
    knee = np.maximum(curves.concave_from(), lower)
    concave = spend >= knee
    return np.where(concave, np.minimum(knee, spend), spend), np.where(concave, upper, spend)


def _dual(
    curves: CellCurves, lower: np.ndarray, upper: np.ndarray, rows: Rows, y: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Dual function (an upper bound on any feasible plan), its gradient, best responses."""
    spend, gains = curves.best_response(rows.matrix.T @ y, lower, upper)
    return float(gains.sum() + y @ rows.rhs), rows.rhs - rows.matrix @ spend, spend


def dual_bound(
    curves: CellCurves, lower: np.ndarray, upper: np.ndarray, rows: Rows, start: np.ndarray
) -> tuple[float, np.ndarray]:
    """Smallest dual value found from `start` (L-BFGS-B; any multipliers give a valid bound),
    and the multipliers where it is attained."""
    limits = [(None, None) if eq else (0.0, None) for eq in rows.equality]
    result = minimize(
        lambda y: _dual(curves, lower, upper, rows, y)[:2],
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=limits,
        options={"maxiter": 200},
    )
    first = _dual(curves, lower, upper, rows, start)[0]
    return (float(result.fun), result.x) if result.fun < first else (first, start)


def s_shaped_candidates(
    curves: CellCurves,
    lower: np.ndarray,
    upper: np.ndarray,
    groups: tuple[Group, ...],
    rows: Rows,
    current: np.ndarray | None,
    start: np.ndarray,
) -> tuple[list[Candidate], float]:
    """Feasible plans (see the module docstring) and the dual upper bound on any plan."""
    total = float(rows.rhs[0])
    plain, look_ahead = greedy_grids(curves, lower, upper, rows)
    plans = [(plain, "greedy grid"), (look_ahead, "look-ahead grid"), (current, "current plan")]
    if all(spend is None for spend, _ in plans):  # the grid got stuck on caps
        plans.append((feasible_point(lower, upper, groups, total), "feasible point"))
    candidates: list[Candidate] = []
    solved: set[bytes] = set()

    def split(box_lower: np.ndarray, box_upper: np.ndarray) -> None:
        """Add the exact split within a box, once per box (the grids often agree)."""
        key = box_lower.tobytes() + box_upper.tobytes()
        if key not in solved:
            solved.add(key)
            candidate = _solve_box(curves, box_lower, box_upper, rows)
            if candidate is not None:
                candidates.append(candidate)

    for spend, method in plans:
        if spend is not None:
            candidates.append(Candidate(spend, float(curves.value(spend).sum()), None, method))
            split(*polish_box(curves, lower, upper, spend))
    best = max(candidates, key=lambda c: c.value)
    bound, multipliers = dual_bound(
        curves, lower, upper, rows, best.multipliers if best.multipliers is not None else start
    )
    _, _, responses = _dual(curves, lower, upper, rows, multipliers)
    knee = np.clip(curves.concave_from(), lower, upper)
    on = responses > lower + 1e-9 * max(total, 1.0)
    pattern_lower, pattern_upper = np.where(on, knee, lower), np.where(on, upper, lower)
    if is_feasible(pattern_lower, pattern_upper, groups, total):
        split(pattern_lower, pattern_upper)
    return candidates, bound
