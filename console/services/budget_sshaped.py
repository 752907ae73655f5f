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

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from console.services.budget_curves import CellCurves
from console.services.budget_exact import Rows, solve_concave
from console.services.budget_feasibility import feasible_point, is_feasible
from console.services.budget_problem import Group

GRID_STEPS = 1000


@dataclass(frozen=True)
class Candidate:
    spend: np.ndarray
    value: float
    multipliers: np.ndarray | None
    method: str


def _step_room(rows: Rows, spend: np.ndarray, delta: float) -> np.ndarray:
    """Whole grid steps each cell can still take under the cap rows (coefficients +1)."""
    caps = rows.matrix[1:] > 0
    slack = rows.rhs[1:] - rows.matrix[1:] @ spend
    steps = np.floor(slack / delta + 1e-9)
    return np.where(caps, steps[:, None], np.inf).min(axis=0, initial=np.inf)


def greedy_grid(
    curves: CellCurves,
    lower: np.ndarray,
    upper: np.ndarray,
    rows: Rows,
    look_ahead: bool,
    steps: int = GRID_STEPS,
) -> np.ndarray | None:
    """Spend the total in `steps` equal steps from the minimums, each to the best cell.

    Without look-ahead a step goes to the cell whose response grows most; with it, to the
    cell with the best average gain over a jump of one or more steps (taken whole).
    Requirements (rows with coefficients -1, e.g. a minimum online share) are met first from
    their own cells. Returns None when the grid gets stuck (caps leave no room for a whole
    step although the continuous problem is feasible).
    """
    budget = rows.rhs[0] - lower.sum()
    if budget <= 1e-12 * max(rows.rhs[0], 1.0):
        return lower.copy()
    delta = budget / steps
    grid_values = curves.value(lower[:, None] + delta * np.arange(steps + 1))
    last = np.minimum(np.floor((upper - lower) / delta + 1e-9), steps).astype(int)
    pos = np.zeros(lower.size, dtype=int)
    phases = []
    for k in np.flatnonzero((rows.matrix[1:] < 0).any(axis=1)) + 1:
        members = rows.matrix[k] < 0
        need = -rows.rhs[k] - lower[members].sum()
        if need > 0:
            phases.append((members, int(np.ceil(need / delta - 1e-9))))
    left = steps
    for members, count in [*phases, (np.ones(lower.size, dtype=bool), steps)]:
        count = min(count, left)
        gain, jump = np.full(lower.size, -np.inf), np.zeros(lower.size, dtype=int)
        valid = np.zeros(lower.size, dtype=bool)
        while count > 0:
            room = np.minimum(last - pos, _step_room(rows, lower + pos * delta, delta))
            room = np.where(members, room, 0).astype(int)
            if not look_ahead:
                room = np.minimum(room, 1)
            for i in np.flatnonzero((~valid | (jump > room)) & (room > 0)):
                jumps = np.arange(1, room[i] + 1)
                gains = (grid_values[i, pos[i] + jumps] - grid_values[i, pos[i]]) / jumps
                best = int(np.argmax(gains))
                gain[i], jump[i], valid[i] = gains[best], jumps[best], True
            ratio = np.where(room > 0, gain, -np.inf)
            if not np.isfinite(ratio.max()):
                return None
            i = int(np.argmax(ratio))
            taken = int(min(jump[i], count))
            pos[i] += taken
            count -= taken
            left -= taken
            valid[i] = False
    return lower + pos * delta


def _solve_box(curves: CellCurves, lower: np.ndarray, upper: np.ndarray, rows: Rows) -> Candidate:
    result = solve_concave(curves, curves.box(lower, upper), rows)
    return Candidate(result.spend, result.primal, result.multipliers, "best concave-part split")


def polish(
    curves: CellCurves, lower: np.ndarray, upper: np.ndarray, rows: Rows, spend: np.ndarray
) -> Candidate:
    """Re-split exactly among the cells on the concave part of their curve; others keep
    their spend. The plan itself lies in that box, so the result is never worse."""
    knee = np.maximum(curves.concave_from(), lower)
    concave = spend >= knee
    box_lower = np.where(concave, np.minimum(knee, spend), spend)
    box_upper = np.where(concave, upper, spend)
    return _solve_box(curves, box_lower, box_upper, rows)


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
    plans = [
        (greedy_grid(curves, lower, upper, rows, look_ahead=False), "greedy grid"),
        (greedy_grid(curves, lower, upper, rows, look_ahead=True), "look-ahead grid"),
        (current, "current plan"),
    ]
    if all(spend is None for spend, _ in plans):  # the grid got stuck on caps
        plans.append((feasible_point(lower, upper, groups, total), "feasible point"))
    candidates = []
    for spend, method in plans:
        if spend is not None:
            candidates.append(Candidate(spend, float(curves.value(spend).sum()), None, method))
            candidates.append(polish(curves, lower, upper, rows, spend))
    best = max(candidates, key=lambda c: c.value)
    bound, multipliers = dual_bound(
        curves, lower, upper, rows, best.multipliers if best.multipliers is not None else start
    )
    _, _, responses = _dual(curves, lower, upper, rows, multipliers)
    knee = np.clip(curves.concave_from(), lower, upper)
    on = responses > lower + 1e-9 * max(total, 1.0)
    pattern_lower, pattern_upper = np.where(on, knee, lower), np.where(on, upper, lower)
    if is_feasible(pattern_lower, pattern_upper, groups, total):
        candidates.append(_solve_box(curves, pattern_lower, pattern_upper, rows))
    return candidates, bound
