"""Is there any plan that meets every constraint, and if not, which constraints conflict.

Sums catch the usual conflicts with a precise message: minimums above the total, maxima below
it, a cap below its cells' minimums, a share or cap that leaves part of the total nowhere to go.
Groups that cross (a region cap and a channel cap share cells) can conflict only jointly: a plan
poured into the room they leave proves them feasible; failing that, an LP (HiGHS) decides, and
a deletion filter shrinks the groups to a minimal conflicting set to name.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from console.errors import ValidationError
from console.services.budget_errors import Amount, BudgetError
from console.services.budget_problem import Group

_REL_TOL = 1e-9


def _lp_rows(groups: list[Group], n: int, total: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Groups as A_ub x <= b_ub; with total None the shares apply to the plan's own sum."""
    a_ub = np.zeros((len(groups), n))
    b_ub = np.zeros(len(groups))
    for k, g in enumerate(groups):
        if g.share and total is None:
            a_ub[k] = g.sense * (g.members - g.limit)
        else:
            a_ub[k] = g.sense * g.members
            b_ub[k] = g.sense * g.amount(total or 0.0)
    return a_ub, b_ub


def _solve_lp(
    lower: np.ndarray, upper: np.ndarray, groups: list[Group], total: float | None, cost: np.ndarray
):  # -> scipy OptimizeResult
    a_ub, b_ub = _lp_rows(groups, lower.size, total)
    eq = {} if total is None else {"A_eq": np.ones((1, lower.size)), "b_eq": [total]}
    return linprog(
        cost,
        A_ub=a_ub if len(groups) else None,
        b_ub=b_ub if len(groups) else None,
        bounds=np.column_stack([lower, upper]),
        method="highs",
        **eq,
    )


def _lp(
    lower: np.ndarray, upper: np.ndarray, groups: list[Group], total: float | None, cost: np.ndarray
) -> float | None:
    """Optimal value of cost.x over the constraints, or None when infeasible."""
    result = _solve_lp(lower, upper, groups, total, cost)
    return None if result.status == 2 else float(result.fun)


def _poured(
    lower: np.ndarray, upper: np.ndarray, groups: tuple[Group, ...], total: float
) -> np.ndarray | None:
    """A plan meeting every constraint, poured cell by cell into the room its maximum and
    caps leave (requirements first), or None when this quick construction fails.

    The LP decides exactly but costs milliseconds in HiGHS and its wrapper; a live
    re-optimisation of a feasible problem usually needs only this proof by example.
    """
    caps = [g for g in groups if g.sense > 0]
    slack = [g.amount(total) - float(lower[g.members].sum()) for g in caps]
    caps_of: list[list[int]] = [[] for _ in range(lower.size)]
    for k, g in enumerate(caps):
        for i in np.flatnonzero(g.members).tolist():
            caps_of[i].append(k)
    spend, room = lower.tolist(), (upper - lower).tolist()

    def pour(cells: list[int], amount: float) -> None:
        for i in cells:
            if amount <= 0:
                return
            add = min(room[i], amount, *(slack[k] for k in caps_of[i]))
            if add > 0:
                spend[i] += add
                room[i] -= add
                amount -= add
                for k in caps_of[i]:
                    slack[k] -= add

    for g in groups:
        if g.sense < 0:
            cells = np.flatnonzero(g.members).tolist()
            pour(cells, g.amount(total) - sum(spend[i] for i in cells))
    pour(list(range(lower.size)), total - sum(spend))
    x = np.clip(np.array(spend), lower, upper)
    tol = _REL_TOL * max(total, 1.0)
    meets = abs(x.sum() - total) <= tol and all(
        g.sense * (x[g.members].sum() - g.amount(total)) <= tol for g in groups
    )
    return x if meets else None


def feasible_point(
    lower: np.ndarray, upper: np.ndarray, groups: tuple[Group, ...], total: float
) -> np.ndarray:
    """Some plan meeting every constraint; the problem must be feasible."""
    poured = _poured(lower, upper, groups, total)
    if poured is not None:
        return poured
    result = _solve_lp(lower, upper, list(groups), total, np.zeros(lower.size))
    return np.clip(result.x, lower, upper)


def _minimal_conflict(
    lower: np.ndarray, upper: np.ndarray, groups: list[Group], total: float | None
) -> list[Group]:
    """Drop every group whose removal keeps the problem infeasible (a deletion filter)."""
    keep = list(groups)
    zero = np.zeros(lower.size)
    for group in list(keep):
        trial = [g for g in keep if g is not group]
        if _lp(lower, upper, trial, total, zero) is None:
            keep = trial
    return keep


def _conflict_error(groups: list[Group], total: float, with_total: bool) -> BudgetError:
    limits = tuple(g.constraint(total) for g in groups)
    return BudgetError(
        "constraints_conflict" if with_total else "constraints_conflict_bounds",
        [(g.name, limit.english()) for g, limit in zip(groups, limits, strict=True)],
        total=Amount(total),
        constraints=limits,
    )


def _group_with_bounds(
    lower: np.ndarray, upper: np.ndarray, group: Group, total: float
) -> BudgetError | None:
    """A single group against the cells' bounds and the total."""
    amount = group.amount(total)
    inside_lo, inside_hi = lower[group.members].sum(), upper[group.members].sum()
    rest_lo, rest_hi = lower[~group.members].sum(), upper[~group.members].sum()
    tol = _REL_TOL * max(total, 1.0)
    if group.sense > 0 and inside_lo > amount + tol:
        code, sums = "limit_below_minimums", {"minimums": inside_lo}
    elif group.sense < 0 and inside_hi < amount - tol:
        code, sums = "limit_above_maxima", {"maxima": inside_hi}
    elif group.sense > 0 and min(amount, inside_hi) + rest_hi < total - tol:
        code, sums = "limit_rest_maxima", {"maxima": rest_hi}
    elif group.sense < 0 and max(amount, inside_lo) + rest_lo > total + tol:
        code, sums = "limit_rest_minimums", {"minimums": rest_lo}
    else:
        return None
    limit = group.constraint(total)
    amounts = {name: Amount(float(value)) for name, value in sums.items()}
    return BudgetError(
        code, [(group.name, limit.english())], limit=limit, total=Amount(total), **amounts
    )


def check_sums(
    lower: np.ndarray, upper: np.ndarray, groups: tuple[Group, ...], total: float
) -> None:
    """The conflicts sums reveal: the total or one group against the cells' bounds.

    Exact when there is at most one group; with more, `check_joint` decides.
    """
    tol = _REL_TOL * max(total, 1.0)
    if lower.sum() > total + tol:
        raise BudgetError(
            "minimums_above_total",
            [("total", "below the sum of minimums")],
            minimums=Amount(float(lower.sum())),
            total=Amount(total),
        )
    if upper.sum() < total - tol:
        raise BudgetError(
            "maxima_below_total",
            [("total", "above the sum of maxima")],
            maxima=Amount(float(upper.sum())),
            total=Amount(total),
        )
    for group in groups:
        error = _group_with_bounds(lower, upper, group, total)
        if error is not None:
            raise error


def check_joint(
    lower: np.ndarray, upper: np.ndarray, groups: tuple[Group, ...], total: float
) -> None:
    """Several groups together; raise naming a minimal conflicting set. A plan poured into
    the room the constraints leave proves feasibility; only when none is found, the LP decides."""
    if len(groups) <= 1 or _poured(lower, upper, groups, total) is not None:
        return
    if _lp(lower, upper, list(groups), total, np.zeros(lower.size)) is None:
        raise _conflict_error(_minimal_conflict(lower, upper, list(groups), total), total, True)


def check_feasible(
    lower: np.ndarray, upper: np.ndarray, groups: tuple[Group, ...], total: float
) -> None:
    """Raise ValidationError naming the conflicting constraints when no plan spends `total`."""
    check_sums(lower, upper, groups, total)
    check_joint(lower, upper, groups, total)


def is_feasible(
    lower: np.ndarray, upper: np.ndarray, groups: tuple[Group, ...], total: float
) -> bool:
    try:
        check_feasible(lower, upper, groups, total)
    except ValidationError:
        return False
    return True


def spend_range(
    lower: np.ndarray, upper: np.ndarray, groups: tuple[Group, ...], ceiling: float
) -> tuple[float, float]:
    """Least and most a plan can spend (at most `ceiling`); shares apply to the plan's sum."""
    tol = _REL_TOL * max(ceiling, 1.0)
    ones = np.ones(lower.size)
    least = _lp(lower, upper, list(groups), None, ones)
    if least is None:
        raise _conflict_error(_minimal_conflict(lower, upper, list(groups), None), ceiling, False)
    if least > ceiling + tol:
        raise BudgetError(
            "least_spend_above_total",
            [("total", "below the least spend the constraints allow")],
            least=Amount(least),
            total=Amount(ceiling),
        )
    most = -(_lp(lower, upper, list(groups), None, -ones) or 0.0)
    return least, min(most, ceiling)
