"""Integrated campaign budget optimiser: split one budget over channel x region cells.

Public entry points (the budget panel and `hq-console budget optimize` use only these):

- `optimize_budget(curves, constraints, objective)` -> BudgetPlan;
- `Objective`, `Constraints` (inputs), `BudgetPlan`, `Certificate` (result);
- `evaluate_plan(curves, spend, objective)` scores a manual plan with the same curves;
- `BudgetError`: bad input or constraints that cannot hold, with a code and parameters next
  to its English text (console.services.budget_errors), so the panel can translate it.

Concave curves (alpha <= 1) get the exact optimum with a certificate (budget_exact); S-shaped
ones the best of a greedy grid plan, exact concave-part splits and the current plan
(budget_sshaped). No result is worse than the current plan when that plan meets the
constraints. The method is described in docs/budget-optimizer.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from console.services.budget_errors import Amount, BudgetError, Cell
from console.services.budget_exact import initial_price, solve_concave
from console.services.budget_feasibility import check_feasible, spend_range
from console.services.budget_problem import (
    BOUND_COLUMNS,
    CURVE_COLUMNS,
    OBJECTIVES,
    Constraints,
    CurveSet,
    Group,
    Objective,
    Problem,
    build_problem,
    prepare_curves,
)
from console.services.budget_sshaped import s_shaped_candidates

__all__ = [
    "ALLOCATION_COLUMNS",
    "BOUND_COLUMNS",
    "CURVE_COLUMNS",
    "OBJECTIVES",
    "BudgetError",
    "BudgetPlan",
    "Certificate",
    "Constraints",
    "CurveSet",
    "Objective",
    "evaluate_plan",
    "optimize_budget",
    "prepare_curves",
]

ALLOCATION_COLUMNS = (
    "cell",
    "channel",
    "region",
    "current_spend",
    "spend",
    "delta",
    "lower",
    "upper",
    "bound",
    "response",
    "current_response",
    "marginal_response",
)
_REL_TOL = 1e-9


@dataclass(frozen=True)
class Certificate:
    """Why the plan can be trusted.

    upper_bound: no plan meeting the constraints reaches more (weak duality); None when unknown
    (S-shaped curves mixing two outcomes). exact: the plan is within a relative 1e-9 of that
    bound, i.e. a proven optimum (always, for concave curves). multipliers: the marginal value
    of relaxing each constraint by one unit ("total budget" is the common marginal return);
    NaN for a constraint that pins its cells. binding: constraints at their limit.
    max_violation: largest constraint excess (rounding).
    """

    exact: bool
    upper_bound: float | None
    gap: float | None
    relative_gap: float | None
    multipliers: dict[str, float]
    binding: tuple[str, ...]
    max_violation: float


@dataclass(frozen=True)
class BudgetPlan:
    """allocation: one row per cell with ALLOCATION_COLUMNS (+ `online` when given) and one
    column per fitted outcome (revenue, leads, reach) expected at the planned spend.

    response is in objective units: revenue, leads, or lead-equivalents for the mix.
    bound: "min", "max", "locked", "fixed" (min = max) or "" for cells not at a bound.
    """

    allocation: pd.DataFrame
    objective: Objective
    total_spend: float
    total_response: float
    current_response: float
    marginal_return: float
    method: str
    certificate: Certificate


@dataclass(frozen=True)
class _Solution:
    spend: np.ndarray
    value: float
    multipliers: dict[str, float]
    upper_bound: float | None
    method: str


def _presolve(
    problem: Problem, total: float
) -> tuple[np.ndarray, np.ndarray, list[Group], list[str]]:
    """Pin cells a constraint leaves no choice (a cap equal to its cells' minimums, ...), drop
    constraints that cannot bind; the dual then has a finite optimum."""
    lower, upper = problem.lower.copy(), problem.upper.copy()
    tol = _REL_TOL * max(total, 1.0)
    if total - lower.sum() <= tol:
        upper = lower.copy()
    elif upper.sum() - total <= tol:
        lower = upper.copy()
    groups, pinned = list(problem.groups), []
    changed = True
    while changed:
        changed = False
        for group in list(groups):
            amount, m = group.amount(total), group.members
            low, high = lower[m].sum(), upper[m].sum()
            redundant = high <= amount + tol if group.sense > 0 else low >= amount - tol
            forced = amount - low <= tol if group.sense > 0 else high - amount <= tol
            if forced and not redundant:
                if group.sense > 0:
                    upper[m] = lower[m]
                else:
                    lower[m] = upper[m]
                pinned.append(group.name)
            if forced or redundant:
                groups.remove(group)
                changed = True
    return lower, upper, groups, pinned


def _maximise(problem: Problem, total: float) -> _Solution:
    check_feasible(problem.lower, problem.upper, problem.groups, total)
    lower, upper, groups, pinned = _presolve(problem, total)
    rows = problem.rows(total, tuple(groups))
    names = ["total budget", *(g.name for g in groups)]
    curves = problem.curves
    if np.all(lower == upper):
        spend = lower
        value = float(curves.value(spend).sum())
        best = _Solution(spend, value, {"total budget": math.nan}, value, "only feasible plan")
    elif curves.concave:
        result = solve_concave(curves, curves.box(lower, upper), rows)
        best = _Solution(
            result.spend,
            result.primal,
            dict(zip(names, result.multipliers, strict=True)),
            result.dual,
            "exact (dual Newton)",
        )
    else:
        start = np.zeros(rows.rhs.size)
        start[0] = initial_price(curves, curves.box(lower, upper), total)
        current = problem.current if _meets(problem, problem.current, total) else None
        candidates, bound = s_shaped_candidates(
            curves, lower, upper, tuple(groups), rows, current, start
        )
        top = max(candidates, key=lambda c: c.value)
        multipliers = (
            dict(zip(names, top.multipliers, strict=True))
            if top.multipliers is not None
            else {"total budget": math.nan}
        )
        best = _Solution(
            top.spend, top.value, multipliers, bound if curves.single_term else None, top.method
        )
    best.multipliers.update({name: math.nan for name in pinned})
    current = problem.current
    if _meets(problem, current, total):
        value = float(curves.value(current).sum())
        # Only a real improvement replaces the plan: rounding noise must not hide the method.
        if value > best.value + 1e-9 * max(1.0, abs(best.value)):
            best = replace(best, spend=current.copy(), value=value, method="current plan")
    return best


def _meets(problem: Problem, spend: np.ndarray, total: float) -> bool:
    """Does a plan meet every constraint (within rounding) at this total?"""
    tol = _REL_TOL * max(total, 1.0)
    return bool(
        np.all(spend >= problem.lower - tol)
        and np.all(spend <= problem.upper + tol)
        and abs(spend.sum() - total) <= tol
        and all(g.sense * (spend[g.members].sum() - g.amount(total)) <= tol for g in problem.groups)
    )


def _min_spend(problem: Problem) -> tuple[_Solution, float]:
    """Least total at which the best plan reaches the target revenue, by bracketing the total."""
    target = float(problem.objective.target_revenue)
    least, most = spend_range(problem.lower, problem.upper, problem.groups, problem.total)
    best_at_most = _maximise(problem, most)
    if best_at_most.value < target * (1 - _REL_TOL):
        raise BudgetError(
            "target_unreachable",
            [("target_revenue", "unreachable")],
            target=Amount(target),
            total=Amount(problem.total),
            best=Amount(best_at_most.value),
        )
    if _maximise(problem, least).value >= target:
        spend_total = least
    elif best_at_most.value <= target:
        spend_total = most
    else:
        spend_total = brentq(
            lambda s: _maximise(problem, s).value - target,
            least,
            most,
            xtol=_REL_TOL * most,
            rtol=1e-12,
        )
        # brentq may stop just short of the target: step to the bracket's side that reaches it.
        spend_total = min(most, spend_total + _REL_TOL * most)
    return _maximise(problem, spend_total), spend_total


def _bound_labels(problem: Problem, spend: np.ndarray, total: float) -> np.ndarray:
    tol = _REL_TOL * max(total, 1.0)
    lower, upper = problem.lower, problem.upper
    labels = np.where(spend <= lower + tol, "min", np.where(spend >= upper - tol, "max", ""))
    labels = np.where(upper - lower <= tol, "fixed", labels)
    return np.where(problem.locked, "locked", labels)


def _certificate(problem: Problem, solution: _Solution, total: float) -> Certificate:
    spend = solution.spend
    tol = _REL_TOL * max(total, 1.0)
    excess = [abs(spend.sum() - total)]
    binding = []
    for g in problem.groups:
        over = g.sense * (spend[g.members].sum() - g.amount(total))
        excess.append(max(over, 0.0))
        if over >= -tol:
            binding.append(g.name)
    below, above = problem.lower - spend, spend - problem.upper
    violation = max(*excess, float(below.max()), float(above.max()), 0.0)
    bound = solution.upper_bound
    gap = None if bound is None else max(bound - solution.value, 0.0)
    relative = None if gap is None else gap / max(abs(bound), 1e-300)
    exact = relative is not None and relative <= _REL_TOL
    return Certificate(
        bool(exact and violation <= tol),
        bound,
        gap,
        relative,
        solution.multipliers,
        tuple(binding),
        violation,
    )


def optimize_budget(
    curves: pd.DataFrame | CurveSet, constraints: Constraints, objective: Objective | None = None
) -> BudgetPlan:
    """The best split of `constraints.total` over the cells of `curves` (see module docstring).

    curves: one row per cell and outcome with CURVE_COLUMNS (+ optional boolean `online`,
    needed for share bounds), outcomes named revenue, leads, reach; or `prepare_curves` of it
    (faster when re-optimising). Raises BudgetError (a ValidationError with a code and
    parameters, console.services.budget_errors) naming the offending cell or the conflicting
    constraints.
    """
    objective = objective or Objective()
    problem = build_problem(curves, constraints, objective)
    if objective.kind == "target_revenue":
        solution, total = _min_spend(problem)
    else:
        solution, total = _maximise(problem, problem.total), problem.total
    return _plan(problem, solution, total)


def _plan(problem: Problem, solution: _Solution, total: float) -> BudgetPlan:
    spend, current, curves = solution.spend, problem.current, problem.curves
    curve_set = problem.curve_set
    columns = {"cell": curve_set.names, "channel": curve_set.channel, "region": curve_set.region}
    columns.update(
        current_spend=current,
        spend=spend,
        delta=spend - current,
        lower=problem.lower,
        upper=problem.upper,
        bound=_bound_labels(problem, spend, total),
        response=curves.value(spend),
        current_response=curves.value(current),
        marginal_response=curves.marginal(spend),
    )
    if curve_set.online is not None:
        columns["online"] = curve_set.online
    for outcome, outcome_curves in curve_set.outcomes.items():
        columns[outcome] = outcome_curves.value(spend)
    return BudgetPlan(
        allocation=pd.DataFrame(columns),
        objective=problem.objective,
        total_spend=float(spend.sum()),
        total_response=float(columns["response"].sum()),
        current_response=float(columns["current_response"].sum()),
        marginal_return=float(solution.multipliers.get("total budget", math.nan)),
        method=solution.method,
        certificate=_certificate(problem, solution, total),
    )


def evaluate_plan(
    curves: pd.DataFrame | CurveSet, spend: pd.Series, objective: Objective | None = None
) -> pd.DataFrame:
    """Response, marginal response and each outcome of a manual plan (spend indexed by cell)."""
    objective = objective or Objective()
    total = float(spend.sum()) or 1.0
    problem = build_problem(curves, Constraints(total=total), objective)
    curve_set = problem.curve_set
    names = curve_set.names
    missing = names[~np.isin(names, spend.index.astype(str))]
    if missing.size:
        raise BudgetError("no_plan_spend", [(missing[0], "no spend")], cell=Cell(str(missing[0])))
    x = pd.to_numeric(
        spend.set_axis(spend.index.astype(str)).reindex(names), errors="coerce"
    ).to_numpy(float)
    valid = np.isfinite(x) & (x >= 0)
    if not valid.all():
        bad = names[~valid][0]
        raise BudgetError("invalid_plan_spend", [(bad, "invalid spend")], cell=Cell(str(bad)))
    columns = {"cell": names, "channel": curve_set.channel, "region": curve_set.region}
    columns.update(
        spend=x, response=problem.curves.value(x), marginal_response=problem.curves.marginal(x)
    )
    for outcome, outcome_curves in curve_set.outcomes.items():
        columns[outcome] = outcome_curves.value(x)
    return pd.DataFrame(columns)
