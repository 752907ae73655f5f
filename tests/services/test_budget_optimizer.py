"""Budget optimiser: exact optimum (against SLSQP and KKT), constraints, infeasibility, S-curves."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog, minimize

from console.errors import ValidationError
from console.services import budget_feasibility
from console.services.budget_errors import MESSAGES, Amount, BudgetError, Cell, Limit, Percent
from console.services.budget_feasibility import is_feasible
from console.services.budget_optimizer import (
    ALLOCATION_COLUMNS,
    Constraints,
    Objective,
    evaluate_plan,
    optimize_budget,
    prepare_curves,
)
from console.services.budget_problem import build_problem
from console.services.budget_sshaped import GRID_STEPS, greedy_grids
from console.services.response_curves import hill, hill_marginal

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def curves_frame(
    alpha, gamma, beta, current, channel=None, region=None, online=None, outcome="revenue"
) -> pd.DataFrame:
    n = len(alpha)
    channel = [f"ch{i % 2}" for i in range(n)] if channel is None else channel
    region = [f"r{i % 3}" for i in range(n)] if region is None else region
    frame = pd.DataFrame(
        {
            "cell": [f"c{i}" for i in range(n)],
            "channel": channel,
            "region": region,
            "outcome": outcome,
            "alpha": alpha,
            "gamma": gamma,
            "beta": beta,
            "current_spend": current,
        }
    )
    if online is not None:
        frame["online"] = online
    return frame


@st.composite
def instances(draw, shape=(0.3, 1.0)):
    """Random cells with bounds and a total between the sums of minimums and maxima."""
    n = draw(st.integers(2, 7))
    cell = st.tuples(
        st.floats(*shape),
        st.floats(10, 1000),
        st.floats(10, 10_000),
        st.one_of(st.just(0.0), st.floats(0, 50)),
        st.floats(1, 500),
    )
    cells = draw(st.lists(cell, min_size=n, max_size=n))
    alpha, gamma, beta, lower, room = (np.array(c) for c in zip(*cells, strict=True))
    upper = lower + room
    share = draw(st.floats(0.02, 0.98))
    total = float(lower.sum() + share * room.sum())
    current = lower + (total - lower.sum()) * room / room.sum()  # feasible: sums to the total
    return alpha, gamma, beta, lower, upper, total, current


def bounds_frame(lower, upper) -> pd.DataFrame:
    return pd.DataFrame({"cell": [f"c{i}" for i in range(len(lower))], "min": lower, "max": upper})


def slsqp_best(alpha, gamma, beta, lower, upper, total, a_ub=None, b_ub=None, starts=()):
    """Independent reference: SLSQP from several starts on the plain Hill formula."""
    n = len(alpha)
    scale = beta.sum()

    def objective(x):
        return -hill(np.maximum(x, 0), alpha, gamma, beta).sum() / scale

    def gradient(x):
        return -hill_marginal(np.maximum(x, 1e-12), alpha, gamma, beta) / scale

    constraints = [
        {
            "type": "eq",
            "fun": lambda x: np.array([x.sum() - total]),
            "jac": lambda x: np.ones((1, n)),
        }
    ]
    if a_ub is not None:
        constraints.append(
            {"type": "ineq", "fun": lambda x: b_ub - a_ub @ x, "jac": lambda x: -a_ub}
        )
    best = -np.inf
    for start in starts:
        result = minimize(
            objective,
            start,
            jac=gradient,
            bounds=list(zip(lower, upper, strict=True)),
            constraints=constraints,
            method="SLSQP",
            options={"ftol": 1e-15, "maxiter": 500},
        )
        x = project(result.x, lower, upper, total, a_ub, b_ub)
        if x is not None:
            best = max(best, hill(x, alpha, gamma, beta).sum())
    return best


def project(x, lower, upper, total, a_ub, b_ub):
    """Nearest feasible point in L1 (an LP vertex: exactly on the bounds it touches).

    SLSQP meets constraints only to its tolerance, and with alpha < 1 a hair of spend on a
    cell pinned at zero is worth far more than the hair: compare feasible points only.
    """
    n = len(x)
    eye = np.eye(n)
    rows = [np.hstack([eye, -eye]), np.hstack([-eye, -eye])]
    rhs = [x, -x]
    if a_ub is not None:
        rows.append(np.hstack([a_ub, np.zeros_like(a_ub)]))
        rhs.append(b_ub)
    result = linprog(
        np.r_[np.zeros(n), np.ones(n)],
        A_ub=np.vstack(rows),
        b_ub=np.hstack(rhs),
        A_eq=np.r_[np.ones(n), np.zeros(n)][None, :],
        b_eq=[total],
        bounds=[*zip(lower, upper, strict=True), *[(0, None)] * n],
        method="highs",
    )
    return None if result.status != 0 or result.fun > 1e-6 * total else result.x[:n]


def starts_for(lower, total, current, rng_seed=0):
    rng = np.random.default_rng(rng_seed)
    n = len(lower)
    return [current] + [lower + rng.dirichlet(np.ones(n)) * (total - lower.sum()) for _ in range(2)]


@SETTINGS
@given(instances())
def test_concave_plan_is_optimal_against_slsqp_and_kkt(instance):
    alpha, gamma, beta, lower, upper, total, current = instance
    plan = optimize_budget(
        curves_frame(alpha, gamma, beta, current),
        Constraints(total=total, bounds=bounds_frame(lower, upper)),
    )
    table = plan.allocation
    spend = table["spend"].to_numpy()
    assert plan.method == "exact (dual Newton)"
    assert plan.certificate.exact and plan.certificate.relative_gap <= 1e-9
    assert spend.sum() == pytest.approx(total, rel=1e-10)
    assert np.all(spend >= lower - 1e-9 * total) and np.all(spend <= upper + 1e-9 * total)
    # KKT, checked with the independent Hill formula: equal marginal return off the bounds.
    marginal = hill_marginal(spend, alpha, gamma, beta)
    lam = plan.marginal_return
    free = table["bound"].eq("").to_numpy()
    assert np.allclose(marginal[free], lam, rtol=1e-7)
    assert np.all(marginal[table["bound"].eq("min").to_numpy()] <= lam * (1 + 1e-7))
    assert np.all(marginal[table["bound"].eq("max").to_numpy()] >= lam * (1 - 1e-7))
    value = hill(spend, alpha, gamma, beta).sum()
    reference = slsqp_best(
        alpha, gamma, beta, lower, upper, total, starts=starts_for(lower, total, current)
    )
    assert value >= reference - 1e-9 * abs(reference)
    assert value >= hill(current, alpha, gamma, beta).sum() - 1e-9 * value


@st.composite
def grouped_instances(draw, shape=(0.3, 1.0)):
    alpha, gamma, beta, lower, upper, total, current = draw(instances(shape))
    n = len(alpha)
    channel = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    region = np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    region_caps, channel_caps, rows, rhs = {}, {}, [], []
    for key, caps, members in (
        *((f"r{r}", region_caps, region == r) for r in range(3)),
        *((f"ch{c}", channel_caps, channel == c) for c in range(2)),
    ):
        if members.any() and draw(st.booleans()):
            level = draw(st.floats(0, 1))
            cap = lower[members].sum() + level * (upper[members] - lower[members]).sum()
            caps[key] = cap
            rows.append(members.astype(float))
            rhs.append(cap)
    online = channel == 0
    share = (0.0, 1.0)
    if draw(st.booleans()):
        low = draw(st.floats(0, 0.6))
        share = (low, min(1.0, low + draw(st.floats(0, 0.6))))
        if share[1] < 1:
            rows.append(online.astype(float))
            rhs.append(share[1] * total)
        if share[0] > 0:
            rows.append(-online.astype(float))
            rhs.append(-share[0] * total)
    frame = curves_frame(
        alpha, gamma, beta, current, [f"ch{c}" for c in channel], [f"r{r}" for r in region], online
    )
    constraints = Constraints(
        total=total,
        bounds=bounds_frame(lower, upper),
        region_caps=region_caps,
        channel_caps=channel_caps,
        online_share=share,
    )
    a_ub = np.array(rows) if rows else None
    b_ub = np.array(rhs) if rhs else None
    return frame, constraints, (alpha, gamma, beta, lower, upper, total, current), a_ub, b_ub


@SETTINGS
@given(grouped_instances())
def test_group_constraints_are_exact_or_reported_infeasible(case):
    frame, constraints, (alpha, gamma, beta, lower, upper, total, current), a_ub, b_ub = case
    n = len(alpha)
    lp = linprog(
        np.zeros(n),
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=np.ones((1, n)),
        b_eq=[total],
        bounds=list(zip(lower, upper, strict=True)),
        method="highs",
    )
    if lp.status == 2:
        with pytest.raises(ValidationError):
            optimize_budget(frame, constraints)
        return
    plan = optimize_budget(frame, constraints)
    spend = plan.allocation["spend"].to_numpy()
    tol = 1e-8 * total
    assert abs(spend.sum() - total) <= tol
    if a_ub is not None:
        assert np.all(a_ub @ spend <= b_ub + tol)
    assert plan.certificate.exact
    value = hill(spend, alpha, gamma, beta).sum()
    reference = slsqp_best(
        alpha,
        gamma,
        beta,
        lower,
        upper,
        total,
        a_ub,
        b_ub,
        starts=[lp.x, *starts_for(lower, total, current)],
    )
    assert value >= reference - 1e-9 * abs(reference)
    if a_ub is None or np.all(a_ub @ current <= b_ub):
        assert value >= hill(current, alpha, gamma, beta).sum() - 1e-9 * value


def greedy_grid(response, lower, upper, total, a_ub, b_ub, look_ahead):
    """Independent reference, written from the documented rule: GRID_STEPS equal steps from
    the minimums, first to meet each requirement row (negative coefficients) from its own
    cells, then over all cells; a step goes to the cell whose response grows most (with
    look-ahead: to the best average gain per step over a jump of one or more steps, taken
    whole); only whole steps that fit the maxima, the caps (rows with positive coefficients)
    and the budget. Every step searches every cell and jump again. response(x) gives each
    cell's response at the spends x (cells x points). Returns the spend, or None when no
    cell has room."""
    n = len(lower)
    a_ub = np.zeros((0, n)) if a_ub is None else a_ub
    b_ub = np.zeros(0) if b_ub is None else b_ub
    delta = (total - lower.sum()) / GRID_STEPS
    values = response(lower[:, None] + delta * np.arange(GRID_STEPS + 1))
    pos = np.zeros(n, dtype=int)
    caps = a_ub > 0

    def room(members):
        spend = lower + pos * delta
        free = np.minimum(np.floor((upper - spend) / delta + 1e-9), GRID_STEPS - pos)
        for k in np.flatnonzero(caps.any(axis=1)):
            fits = np.floor((b_ub[k] - a_ub[k] @ spend) / delta + 1e-9)
            free = np.where(caps[k], np.minimum(free, fits), free)
        return np.where(members, free, 0).astype(int)

    phases = []
    for k in np.flatnonzero((a_ub < 0).any(axis=1)):
        need = -b_ub[k] - lower[a_ub[k] < 0].sum()
        if need > 0:
            phases.append((a_ub[k] < 0, int(np.ceil(need / delta - 1e-9))))
    left = GRID_STEPS
    for members, count in [*phases, (np.ones(n, dtype=bool), GRID_STEPS)]:
        count = min(count, left)
        while count > 0:
            free = room(members)
            if not free.any():
                return None
            best = (-np.inf, 0, 0)
            if not look_ahead:  # one step each: all cells at once, the first best
                rows = np.arange(n)
                step = values[rows, np.minimum(pos + 1, GRID_STEPS)] - values[rows, pos]
                i = int(np.argmax(np.where(free > 0, step, -np.inf)))
                best = (step[i], i, 1)
            for i in np.flatnonzero(free) if look_ahead else ():
                jumps = np.arange(1, (free[i] if look_ahead else 1) + 1)
                gains = (values[i, pos[i] + jumps] - values[i, pos[i]]) / jumps
                j = int(np.argmax(gains))
                if gains[j] > best[0]:
                    best = (gains[j], i, jumps[j])
            taken = int(min(best[2], count))
            pos[best[1]] += taken
            count -= taken
            left -= taken
    return lower + pos * delta


def hill_of(alpha, gamma, beta):
    """The plain Hill formula per cell, for spends of shape (cells, points)."""
    return lambda x: hill(x, alpha[:, None], gamma[:, None], beta[:, None])


@SETTINGS
@given(grouped_instances(shape=(0.6, 3.5)))
def test_greedy_grids_follow_their_rule_under_caps_and_shares(case):
    """The tabulated heap walk gives the plans the rule defines, or gets stuck exactly when
    the rule does."""
    frame, constraints, (*_, lower, upper, total, _), a_ub, b_ub = case
    problem = build_problem(frame, constraints, Objective())
    if not is_feasible(problem.lower, problem.upper, problem.groups, total):
        return
    plans = greedy_grids(problem.curves, problem.lower, problem.upper, problem.rows(total))
    tol = 1e-9 * total
    for look_ahead, spend in zip((False, True), plans, strict=True):
        # On the optimiser's own curve values: the formulas differ in the last bits, and on
        # exact ties (identical cells) a last bit decides which cell gets a step.
        reference = greedy_grid(problem.curves.value, lower, upper, total, a_ub, b_ub, look_ahead)
        assert (spend is None) == (reference is None)
        if spend is None:
            continue
        assert spend.sum() == pytest.approx(total, rel=1e-9)
        assert np.all(spend >= lower - tol) and np.all(spend <= upper + tol)
        if a_ub is not None:
            assert np.all(a_ub @ spend <= b_ub + tol)
        assert spend == pytest.approx(reference, abs=tol)


@SETTINGS
@given(instances(shape=(1.2, 3.5)))
@example(  # the current plan misses the total by 7e-10: its held box cannot meet the total
    instance=(
        np.array([2.0, 2.0]), np.array([10.0, 10.0]), np.array([10.0, 10.0]),
        np.array([0.0, 6.90584298e-10]), np.array([2.0, 1.0]), 1.5000000006905843,
        np.array([1.0, 0.5]),
    )
)  # fmt: skip
def test_s_shaped_plan_beats_greedy_grid_and_current(instance):
    alpha, gamma, beta, lower, upper, total, current = instance
    plan = optimize_budget(
        curves_frame(alpha, gamma, beta, current),
        Constraints(total=total, bounds=bounds_frame(lower, upper)),
    )
    spend = plan.allocation["spend"].to_numpy()
    value = hill(spend, alpha, gamma, beta).sum()
    assert spend.sum() == pytest.approx(total, rel=1e-9)
    assert np.all(spend >= lower - 1e-9 * total) and np.all(spend <= upper + 1e-9 * total)
    assert value >= hill(current, alpha, gamma, beta).sum() - 1e-9 * value
    grid = greedy_grid(hill_of(alpha, gamma, beta), lower, upper, total, None, None, False)
    assert value >= hill(grid, alpha, gamma, beta).sum() - 1e-9 * value
    certificate = plan.certificate
    assert certificate.exact == (certificate.relative_gap <= 1e-9)
    assert certificate.upper_bound >= value - 1e-9 * value
    assert certificate.gap == pytest.approx(certificate.upper_bound - value, abs=1e-6 * value)


@SETTINGS
@given(grouped_instances(shape=(1.05, 3.5)))
def test_s_shaped_plan_under_caps_and_shares_beats_greedy_grid_and_current(case):
    frame, constraints, (alpha, gamma, beta, lower, upper, total, current), a_ub, b_ub = case
    problem = build_problem(frame, constraints, Objective())
    if not is_feasible(problem.lower, problem.upper, problem.groups, total):
        return
    plan = optimize_budget(frame, constraints)
    spend = plan.allocation["spend"].to_numpy()
    value = hill(spend, alpha, gamma, beta).sum()
    tol = 1e-9 * total
    assert spend.sum() == pytest.approx(total, rel=1e-9)
    assert np.all(spend >= lower - tol) and np.all(spend <= upper + tol)
    if a_ub is not None:
        assert np.all(a_ub @ spend <= b_ub + tol)
        if np.all(a_ub @ current <= b_ub):
            assert value >= hill(current, alpha, gamma, beta).sum() - 1e-9 * value
    grid = greedy_grid(hill_of(alpha, gamma, beta), lower, upper, total, a_ub, b_ub, False)
    if grid is not None:
        assert value >= hill(grid, alpha, gamma, beta).sum() - 1e-9 * value
    assert plan.certificate.upper_bound >= value - 1e-9 * value


def test_s_shaped_bounds_tighter_than_two_grid_steps_per_cell():
    """1,000 cells whose maxima hold less than two of the grid's 1,000 steps each: the table
    has a single step, and the plan still beats the greedy grid and the current plan."""
    n = 1000
    rng = np.random.default_rng(1)
    alpha, gamma, beta = rng.uniform(1.2, 3, n), rng.uniform(0.2, 2, n), rng.uniform(1, 10, n)
    lower, upper, current = np.zeros(n), np.full(n, 0.9), rng.uniform(0.2, 0.8, n)
    current *= 500.0 / current.sum()  # a feasible current plan
    plan = optimize_budget(
        curves_frame(alpha, gamma, beta, current),
        Constraints(total=500.0, bounds=bounds_frame(lower, upper)),
    )
    spend = plan.allocation["spend"].to_numpy()
    value = hill(spend, alpha, gamma, beta).sum()
    assert spend.sum() == pytest.approx(500.0) and np.all(spend <= upper + 1e-9)
    grid = greedy_grid(hill_of(alpha, gamma, beta), lower, upper, 500.0, None, None, False)
    assert grid is not None and value >= hill(grid, alpha, gamma, beta).sum() - 1e-9 * value
    assert value > hill(current, alpha, gamma, beta).sum()


def test_s_shaped_switches_on_the_cells_worth_it():
    # Two identical S-curves and a budget enough for one: splitting evenly wastes it on toes.
    frame = curves_frame([3.0, 3.0], [100.0, 100.0], [1000.0, 1000.0], [60.0, 60.0])
    plan = optimize_budget(frame, Constraints(total=120.0))
    spend = sorted(plan.allocation["spend"])
    assert spend[0] == pytest.approx(0.0, abs=1e-6) and spend[1] == pytest.approx(120.0)
    assert plan.total_response > plan.current_response * 1.7
    assert plan.certificate.exact  # the dual bound meets the plan: proven optimal


def test_plan_never_worse_than_current_even_when_current_is_optimal():
    frame = curves_frame([0.7, 0.9], [100.0, 200.0], [500.0, 800.0], [10.0, 10.0])
    optimal = optimize_budget(frame, Constraints(total=300.0)).allocation["spend"]
    again = optimize_budget(
        frame.assign(current_spend=optimal.to_numpy()), Constraints(total=300.0)
    )
    assert again.total_response >= again.current_response


def test_locked_and_percent_bounds_hold():
    frame = curves_frame(
        [0.6, 0.8, 1.0], [100.0, 150.0, 200.0], [900.0, 800.0, 700.0], [100.0, 100.0, 100.0]
    )
    bounds = pd.DataFrame(
        {"cell": ["c1", "c2"], "min_pct": [90.0, np.nan], "max_pct": [110.0, 50.0]}
    )
    plan = optimize_budget(frame, Constraints(total=270.0, bounds=bounds, locked={"c0": 120.0}))
    assert tuple(plan.allocation.columns[: len(ALLOCATION_COLUMNS)]) == ALLOCATION_COLUMNS
    table = plan.allocation.set_index("cell")
    assert table.loc["c0", "spend"] == 120.0 and table.loc["c0", "bound"] == "locked"
    assert 90.0 - 1e-9 <= table.loc["c1", "spend"] <= 110.0 + 1e-9
    assert table.loc["c2", "spend"] <= 50.0 + 1e-9
    assert plan.total_spend == pytest.approx(270.0)


def test_online_offline_share_bounds_bind():
    frame = curves_frame(
        [0.8] * 4,
        [100.0] * 4,
        [1000.0, 1000.0, 100.0, 100.0],
        [50.0] * 4,
        channel=["web", "web", "store", "store"],
        online=[True, True, False, False],
    )
    plan = optimize_budget(frame, Constraints(total=400.0, offline_share=(0.4, 1.0)))
    online = plan.allocation["online"].to_numpy()
    assert plan.allocation["spend"][~online].sum() == pytest.approx(160.0)
    assert "online share maximum" in plan.certificate.binding
    assert plan.certificate.multipliers["online share maximum"] > 0


def multi_outcome_frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    parts = []
    for outcome, scale in (("revenue", 5000.0), ("leads", 50.0), ("reach", 20000.0)):
        n = 6
        parts.append(
            curves_frame(
                rng.uniform(0.4, 1.0, n),
                rng.uniform(50, 300, n),
                scale * rng.uniform(0.5, 2, n),
                np.full(n, 100.0),
                outcome=outcome,
            )
        )
    return pd.concat(parts, ignore_index=True)


def test_objectives_use_their_outcome_and_mix_spans_leads_to_reach():
    frame = multi_outcome_frame()
    curves = prepare_curves(frame)
    constraints = Constraints(total=600.0)
    leads = optimize_budget(curves, constraints, Objective("leads")).allocation["spend"]
    reach = optimize_budget(curves, constraints, Objective("mix", brand_weight=1.0))
    pure_leads = optimize_budget(curves, constraints, Objective("mix", brand_weight=0.0))
    reach_only = optimize_budget(
        frame[frame["outcome"] == "reach"].assign(outcome="revenue"), constraints
    )
    assert np.allclose(pure_leads.allocation["spend"], leads, rtol=1e-7)
    assert np.allclose(reach.allocation["spend"], reach_only.allocation["spend"], rtol=1e-7)
    half = optimize_budget(curves, constraints, Objective("mix", brand_weight=0.5))
    assert half.certificate.exact
    assert reach.allocation["reach"].sum() >= half.allocation["reach"].sum() - 1e-6
    assert pure_leads.allocation["leads"].sum() >= half.allocation["leads"].sum() - 1e-9


def test_target_revenue_is_reached_at_least_spend():
    frame = multi_outcome_frame()
    best = optimize_budget(frame, Constraints(total=600.0))
    target = 0.9 * best.total_response
    plan = optimize_budget(
        frame, Constraints(total=600.0), Objective("target_revenue", target_revenue=target)
    )
    assert plan.total_response >= target * (1 - 1e-9)
    assert plan.total_spend < 600.0
    cheaper = optimize_budget(frame, Constraints(total=plan.total_spend * 0.999))
    assert cheaper.total_response < target


def test_target_revenue_out_of_reach_is_explained():
    frame = multi_outcome_frame()
    with pytest.raises(ValidationError, match="cannot be reached"):
        optimize_budget(
            frame, Constraints(total=600.0), Objective("target_revenue", target_revenue=1e12)
        )


def test_evaluate_plan_scores_a_manual_split():
    frame = multi_outcome_frame()
    spend = pd.Series([100.0] * 6, index=[f"c{i}" for i in range(6)])
    table = evaluate_plan(frame, spend)
    revenue = frame[frame["outcome"] == "revenue"]
    expected = hill(100.0, revenue["alpha"], revenue["gamma"], revenue["beta"]).to_numpy()
    assert np.allclose(table["response"], expected)
    with pytest.raises(ValidationError, match="no spend for cell c5"):
        evaluate_plan(frame, spend.iloc[:5])


SMALL = curves_frame(
    [0.5, 0.8, 0.9],
    [100.0, 200.0, 300.0],
    [1000.0, 900.0, 800.0],
    [100.0, 100.0, 100.0],
    channel=["web", "web", "store"],
    region=["north", "south", "south"],
    online=[True, True, False],
)


@pytest.mark.parametrize(
    ("constraints", "named"),
    [
        (
            Constraints(
                total=100.0, bounds=pd.DataFrame({"cell": ["c0", "c1"], "min": [60.0, 70.0]})
            ),
            "minimums (locked cells included) add up to 130.00, above the total budget 100.00",
        ),
        (
            Constraints(
                total=1000.0,
                bounds=pd.DataFrame({"cell": ["c0", "c1", "c2"], "max": [10.0, 10.0, 10.0]}),
            ),
            "maxima (locked cells included) add up to 30.00, below the total budget 1,000.00",
        ),
        (
            Constraints(total=300.0, online_share=(0.6, 1.0), offline_share=(0.5, 1.0)),
            "online share at least 60.0% and the offline share at least 50.0% cannot both hold",
        ),
        (
            Constraints(
                total=300.0,
                bounds=pd.DataFrame({"cell": ["c1"], "min": [80.0]}),
                region_caps={"south": 50.0},
            ),
            "region south cap of 50.00 is below the minimums of its cells, 80.00",
        ),
        (
            Constraints(
                total=300.0,
                bounds=pd.DataFrame({"cell": ["c2"], "max": [20.0]}),
                online_share=(0.0, 0.5),
            ),
            "With the online share at most 50.0%",
        ),
        (
            Constraints(
                total=300.0,
                bounds=pd.DataFrame({"cell": ["c0"], "min": [100.0]}),
                region_caps={"south": 150.0},
                channel_caps={"web": 120.0},
            ),
            "cannot all hold together with the total budget 300.00",
        ),
        (
            Constraints(total=300.0, bounds=pd.DataFrame({"cell": ["c9"], "min": [1.0]})),
            "bounds name cell c9",
        ),
        (
            Constraints(
                total=300.0, bounds=pd.DataFrame({"cell": ["c1"], "min": [50.0], "max": [40.0]})
            ),
            "Cell c1: the minimum 50.00 is above the maximum 40.00",
        ),
        (Constraints(total=300.0, locked={"c7": 10.0}), "Locked cell c7"),
        (Constraints(total=300.0, region_caps={"west": 10.0}), "names region west"),
        (Constraints(total=-5.0), "total budget -5.0 is not a positive amount"),
    ],
)
def test_infeasible_or_invalid_constraints_name_the_culprits(constraints, named):
    with pytest.raises(BudgetError) as error:
        optimize_budget(SMALL, constraints)
    assert named in str(error.value)
    assert error.value.problems
    assert error.value.code in MESSAGES
    assert "{" not in str(error.value)  # every placeholder of the code got its parameter


def test_errors_carry_a_code_and_typed_parameters_for_the_panel_to_translate():
    """The English text is for the command line; the panel renders code and parameters."""
    with pytest.raises(BudgetError) as error:
        optimize_budget(
            SMALL,
            Constraints(
                total=300.0, bounds=pd.DataFrame({"cell": ["c1"], "min": [50.0], "max": [40.0]})
            ),
        )
    assert error.value.code == "min_above_max"
    assert error.value.params["cell"] == Cell("c1")
    assert error.value.params["minimum"] == Amount(50.0)
    assert error.value.params["maximum"] == Amount(40.0)
    assert error.value.params["current"] == Amount(100.0)
    with pytest.raises(BudgetError) as error:
        optimize_budget(
            SMALL, Constraints(total=300.0, online_share=(0.6, 1.0), offline_share=(0.5, 1.0))
        )
    assert error.value.code == "shares_conflict"
    assert error.value.params == {
        "low": Limit("online", "", -1, 0.6),
        "high": Limit("offline", "", -1, 0.5),
    }
    with pytest.raises(BudgetError) as error:
        optimize_budget(
            SMALL,
            Constraints(
                total=300.0,
                bounds=pd.DataFrame({"cell": ["c0"], "min": [100.0]}),
                region_caps={"south": 150.0},
                channel_caps={"web": 120.0},
            ),
        )
    assert error.value.code == "constraints_conflict"
    assert error.value.params["total"] == Amount(300.0)
    assert set(error.value.params["constraints"]) == {
        Limit("region", "south", +1, 150.0),
        Limit("channel", "web", +1, 120.0),
    }
    with pytest.raises(BudgetError) as error:  # a share limit also says what it means online
        optimize_budget(
            SMALL,
            Constraints(
                total=300.0,
                bounds=pd.DataFrame({"cell": ["c2"], "max": [20.0]}),
                online_share=(0.0, 0.5),
            ),
        )
    assert error.value.code == "limit_rest_maxima"
    assert error.value.params["limit"] == Limit("online", "", +1, 0.5, online=(+1, 150.0))
    assert error.value.params["maxima"] == Amount(20.0)
    with pytest.raises(BudgetError) as error:
        optimize_budget(SMALL, Constraints(total=300.0, online_share=(0.7, 0.4)))
    assert (error.value.code, error.value.params["low"]) == ("share_bounds", Percent(0.7))


def test_the_services_stay_free_of_qt():
    """The command line and the services never load Qt, and print English."""
    code = (
        "import sys, console.services.budget_optimizer, console.cli.budget; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_crossing_caps_conflict_names_both_caps():
    with pytest.raises(ValidationError) as error:
        optimize_budget(
            SMALL,
            Constraints(
                total=300.0,
                bounds=pd.DataFrame({"cell": ["c0"], "min": [100.0]}),
                region_caps={"south": 150.0},
                channel_caps={"web": 120.0},
            ),
        )
    named = {where for where, _ in error.value.problems}
    assert named == {"region south cap", "channel web cap"}


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("alpha", -0.5, "Cell c1: alpha is -0.5"),
        ("gamma", np.nan, "Cell c1: gamma is nan"),
        ("beta", "lots", "Cell c1: beta 'lots' in the response curves is not a number"),
        ("current_spend", -1.0, "Cell c1: current_spend is -1.0"),
    ],
)
def test_bad_curve_parameters_name_the_cell(column, value, named):
    frame = SMALL.astype({column: object})
    frame.loc[1, column] = value
    with pytest.raises(ValidationError, match=named.replace("(", r"\(")) as error:
        optimize_budget(frame, Constraints(total=300.0))
    assert error.value.problems[0][0] == f"c1.{column}"


def test_missing_outcome_for_objective_is_named():
    with pytest.raises(ValidationError, match="has no leads curve"):
        optimize_budget(SMALL, Constraints(total=300.0), Objective("leads"))


def test_crossing_caps_that_leave_room_need_no_lp(monkeypatch):
    """A plan poured into the caps' room proves feasibility; the LP (milliseconds) is kept for
    the cases that construction cannot settle, such as the conflict above."""

    def no_lp(*_args, **_kwargs):
        raise AssertionError("the LP ran although a poured plan proves feasibility")

    monkeypatch.setattr(budget_feasibility, "linprog", no_lp)
    plan = optimize_budget(
        SMALL,
        Constraints(
            total=300.0,
            region_caps={"south": 200.0, "north": 150.0},
            channel_caps={"web": 180.0},
            online_share=(0.1, 0.8),
        ),
    )
    assert plan.total_spend == pytest.approx(300.0)
    assert plan.certificate.exact and plan.certificate.max_violation <= 1e-9 * 300.0


def test_cap_equal_to_minimums_pins_its_cells():
    bounds = pd.DataFrame({"cell": ["c1", "c2"], "min": [30.0, 40.0]})
    plan = optimize_budget(
        SMALL, Constraints(total=300.0, bounds=bounds, region_caps={"south": 70.0})
    )
    table = plan.allocation.set_index("cell")
    assert table.loc["c1", "spend"] == 30.0 and table.loc["c2", "spend"] == 40.0
    assert table.loc["c0", "spend"] == pytest.approx(230.0)
    assert "region south cap" in plan.certificate.binding
