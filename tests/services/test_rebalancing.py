"""Rebalancing optimiser: brute force on tiny instances, an independent LP on random ones,
the hard rules (donor floor, whole units, only listed lanes), validation and helpers."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from console.errors import ValidationError
from console.services import rebalancing_solve
from console.services.rebalancing import (
    OptimisationCancelled,
    evaluate_transfers,
    prepare_problem,
    rebalance,
    stale_rows,
    stock_fingerprint,
)
from console.services.rebalancing_network import LaneCosts, network_lanes, rebalancing_stock

# --- an independent reference: plain formulas, no pruning, dense matrices -----------------------


def _need_give(stock: pd.DataFrame) -> tuple[dict, dict]:
    need, give = {}, {}
    for r in stock.itertuples():
        need[(r.location, r.sku)] = max(0, r.target - r.on_hand)
        give[(r.location, r.sku)] = max(0, r.on_hand - max(r.target, r.safety))
    return need, give


def _arcs(stock: pd.DataFrame, lanes: pd.DataFrame) -> list[tuple[str, str, str, float, float]]:
    """Every (sku, from, to) on a listed lane whose two ends hold the sku."""
    held = set(zip(stock["location"], stock["sku"], strict=True))
    return [
        (sku, ln["from"], ln["to"], ln["unit_cost"], ln["fixed_cost"])
        for sku in sorted(stock["sku"].unique())
        for ln in lanes.to_dict("records")
        if (ln["from"], sku) in held and (ln["to"], sku) in held
    ]


def _plan_cost(stock: pd.DataFrame, lanes: pd.DataFrame, plan: pd.DataFrame) -> float:
    """Total cost of a plan (sku, from, to, qty) computed from the definitions."""
    need, _ = _need_give(stock)
    price = {(ln["from"], ln["to"]): ln for ln in lanes.to_dict("records")}
    received: dict = {}
    cost = 0.0
    for t in plan.itertuples():
        cost += t.qty * price[(t[2], t.to)]["unit_cost"]
        received[(t.to, t.sku)] = received.get((t.to, t.sku), 0) + t.qty
    used = {(t[2], t.to) for t in plan.itertuples() if t.qty > 0}
    cost += sum(price[lane]["fixed_cost"] for lane in used)
    penalty = {(r.location, r.sku): r.penalty for r in stock.itertuples()}
    return cost + sum(penalty[k] * (n - received.get(k, 0)) for k, n in need.items())


def _brute_force(stock: pd.DataFrame, lanes: pd.DataFrame) -> float:
    """Enumerate every whole-unit plan that respects the limits; return the least total cost."""
    need, give = _need_give(stock)
    arcs = [a for a in _arcs(stock, lanes) if give[(a[1], a[0])] > 0 and need[(a[2], a[0])] > 0]
    penalty = {(r.location, r.sku): r.penalty for r in stock.itertuples()}
    base = sum(penalty[k] * n for k, n in need.items())
    if not arcs:
        return base
    ranges = [range(min(give[(a[1], a[0])], need[(a[2], a[0])]) + 1) for a in arcs]
    plans = np.array(list(itertools.product(*ranges)), dtype=float)
    ok = np.ones(len(plans), bool)
    for (loc_sku, limit), end in itertools.chain(
        ((k, 1) for k in give.items()), ((k, 2) for k in need.items())
    ):
        cols = [j for j, a in enumerate(arcs) if (a[end], a[0]) == loc_sku]
        if cols:
            ok &= plans[:, cols].sum(axis=1) <= limit
    unit = np.array([a[3] - penalty[(a[2], a[0])] for a in arcs])
    cost = base + plans @ unit
    lanes_of = sorted({(a[1], a[2]) for a in arcs})
    fixed = {(a[1], a[2]): a[4] for a in arcs}
    for lane in lanes_of:
        cols = [j for j, a in enumerate(arcs) if (a[1], a[2]) == lane]
        cost += fixed[lane] * (plans[:, cols].sum(axis=1) > 0)
    return float(cost[ok].min())


def _reference_lp(stock: pd.DataFrame, lanes: pd.DataFrame, open_lanes=None) -> float:
    """One dense linprog per sku: flow on every listed lane plus an unmet variable per row."""
    need, give = _need_give(stock)
    total = 0.0
    for sku, rows in stock.groupby("sku"):
        locs = list(rows["location"])
        arcs = [a for a in _arcs(rows, lanes) if open_lanes is None or (a[1], a[2]) in open_lanes]
        n = len(arcs)
        c = np.concatenate([[a[3] for a in arcs], rows["penalty"].to_numpy(float)])
        a_eq = np.zeros((len(locs), n + len(locs)))
        a_ub = np.zeros((len(locs), n + len(locs)))
        for j, a in enumerate(arcs):
            a_eq[locs.index(a[2]), j] = 1
            a_ub[locs.index(a[1]), j] = 1
        a_eq[:, n:] = np.eye(len(locs))
        res = linprog(
            c,
            A_ub=a_ub,
            b_ub=[give[(loc, sku)] for loc in locs],
            A_eq=a_eq,
            b_eq=[need[(loc, sku)] for loc in locs],
            method="highs",
        )
        assert res.status == 0
        total += res.fun
    return total


def _check_rules(stock: pd.DataFrame, lanes: pd.DataFrame, transfers: pd.DataFrame) -> None:
    need, give = _need_give(stock)
    listed = set(zip(lanes["from"], lanes["to"], strict=True))
    assert transfers["qty"].dtype.kind == "i"
    assert (transfers["qty"] > 0).all()
    assert {(f, t) for f, t in zip(transfers["from"], transfers["to"], strict=True)} <= listed
    sent = transfers.groupby(["from", "sku"])["qty"].sum()
    for (loc, sku), qty in sent.items():
        assert qty <= give[(loc, sku)], "a donor went below max(target, safety)"
    got = transfers.groupby(["to", "sku"])["qty"].sum()
    for (loc, sku), qty in got.items():
        assert qty <= need[(loc, sku)]


# --- random instances ------------------------------------------------------------------------


@st.composite
def instances(draw, n_loc=(2, 4), n_sku=(1, 2), max_units=4, fixed=True):
    locs = [f"L{i}" for i in range(draw(st.integers(*n_loc)))]
    skus = [f"S{i}" for i in range(draw(st.integers(*n_sku)))]
    rows = []
    for loc in locs:
        for sku in skus:
            if draw(st.booleans()) or len(skus) == 1:
                target = draw(st.integers(0, max_units))
                rows.append(
                    {
                        "location": loc,
                        "sku": sku,
                        "on_hand": draw(st.integers(0, max_units + 2)),
                        "safety": draw(st.integers(0, max_units)),
                        "target": target,
                        "penalty": float(draw(st.integers(0, 12))),
                    }
                )
    assume(rows)
    stock = pd.DataFrame(rows)
    assume(set(locs) <= set(stock["location"]))
    pairs = [(a, b) for a in locs for b in locs if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    lanes = pd.DataFrame(
        {
            "from": [a for a, _ in chosen],
            "to": [b for _, b in chosen],
            "unit_cost": [float(draw(st.integers(0, 8))) for _ in chosen],
            "fixed_cost": [float(draw(st.integers(0, 15))) if fixed else 0.0 for _ in chosen],
        },
        columns=["from", "to", "unit_cost", "fixed_cost"],
    )
    return stock, lanes


def _solve(stock: pd.DataFrame, lanes: pd.DataFrame, **kwargs):
    return rebalance(prepare_problem(stock, lanes, unreachable="unmet"), **kwargs)


FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


@FAST
@given(instances(fixed=False))
def test_without_fixed_costs_matches_brute_force(instance):
    stock, lanes = instance
    result = _solve(stock, lanes)
    assert result.optimal and result.gap == 0
    assert result.total_cost == pytest.approx(_brute_force(stock, lanes), abs=1e-6)
    assert result.total_cost == pytest.approx(_plan_cost(stock, lanes, result.transfers))
    _check_rules(stock, lanes, result.transfers)


@FAST
@given(instances(fixed=True))
def test_with_fixed_costs_matches_brute_force(instance):
    stock, lanes = instance
    result = _solve(stock, lanes, time_limit=None)
    assert result.optimal
    assert result.total_cost == pytest.approx(_brute_force(stock, lanes), abs=1e-4)
    assert result.total_cost == pytest.approx(_plan_cost(stock, lanes, result.transfers))
    assert result.lower_bound <= result.total_cost + 1e-9
    _check_rules(stock, lanes, result.transfers)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(n_loc=(3, 8), n_sku=(1, 5), max_units=30, fixed=False))
def test_without_fixed_costs_matches_independent_lp(instance):
    stock, lanes = instance
    result = _solve(stock, lanes)
    assert result.total_cost == pytest.approx(_reference_lp(stock, lanes), rel=1e-9, abs=1e-6)
    assert result.total_cost == pytest.approx(_plan_cost(stock, lanes, result.transfers))
    assert result.transport_cost + result.unmet_cost == pytest.approx(result.total_cost)
    _check_rules(stock, lanes, result.transfers)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(n_loc=(3, 4), n_sku=(1, 3), max_units=20, fixed=True))
def test_with_fixed_costs_matches_best_lane_subset(instance):
    """Optimum = min over open-lane sets of (independent LP on those lanes + their fixed costs)."""
    stock, lanes = instance
    assume(len(lanes) <= 5)
    pairs = list(zip(lanes["from"], lanes["to"], strict=True))
    fixed = dict(zip(pairs, lanes["fixed_cost"], strict=True))
    best = min(
        _reference_lp(stock, lanes, set(subset)) + sum(fixed[p] for p in subset)
        for k in range(len(pairs) + 1)
        for subset in itertools.combinations(pairs, k)
    )
    result = _solve(stock, lanes, time_limit=None)
    assert result.optimal
    assert result.total_cost == pytest.approx(best, abs=1e-4)
    _check_rules(stock, lanes, result.transfers)


# --- hand-made cases -----------------------------------------------------------------------


def _frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


STOCK_COLS = ["location", "sku", "on_hand", "safety", "target", "penalty"]
LANE_COLS = ["from", "to", "unit_cost", "fixed_cost"]


def test_donor_keeps_the_higher_of_target_and_safety():
    stock = _frame([("D", "a", 10, 7, 4, 0), ("R", "a", 0, 0, 9, 50)], STOCK_COLS)
    lanes = _frame([("D", "R", 1, 0)], LANE_COLS)
    result = _solve(stock, lanes)
    assert result.transfers[["from", "to", "qty"]].values.tolist() == [["D", "R", 3]]
    assert result.unmet_units == 6
    assert result.total_cost == 3 * 1 + 6 * 50


def test_transfer_dearer_than_the_penalty_is_not_proposed():
    stock = _frame([("D", "a", 10, 0, 0, 0), ("R", "a", 0, 0, 2, 4)], STOCK_COLS)
    result = _solve(stock, _frame([("D", "R", 5, 0)], LANE_COLS))
    assert result.transfers.empty
    assert result.total_cost == result.do_nothing_cost == 8
    assert result.saving == 0


def test_unlisted_lane_is_never_used_even_if_it_would_help():
    stock = _frame(
        [("D1", "a", 9, 0, 0, 0), ("D2", "a", 9, 0, 0, 0), ("R", "a", 0, 0, 5, 100)], STOCK_COLS
    )
    lanes = _frame([("D1", "R", 30, 0), ("R", "D2", 1, 0)], LANE_COLS)
    result = _solve(stock, lanes)
    assert set(result.transfers["from"]) == {"D1"}
    assert result.transfers["qty"].sum() == 5


def test_fixed_cost_consolidates_skus_on_one_lane():
    # Alone each sku would go on its own cheap lane; with fixed costs one shared lane wins.
    stock = _frame(
        [
            ("A", "x", 5, 0, 0, 0),
            ("B", "y", 5, 0, 0, 0),
            ("A", "y", 0, 0, 0, 0),
            ("R", "x", 0, 0, 2, 100),
            ("R", "y", 0, 0, 2, 100),
            ("B", "x", 0, 0, 0, 0),
        ],
        STOCK_COLS,
    )
    lanes = _frame([("A", "R", 1, 50), ("B", "R", 1, 50)], LANE_COLS)
    result = _solve(stock, lanes, time_limit=None)
    assert result.total_cost == 2 + 2 + 50 + 50  # both lanes needed: each holds one sku
    lanes_cheap = _frame([("A", "R", 1, 50), ("B", "R", 1, 50), ("B", "A", 0, 0)], LANE_COLS)
    stock2 = stock.copy()
    stock2.loc[stock2["location"].eq("A") & stock2["sku"].eq("x"), "on_hand"] = 5
    stock2.loc[stock2["location"].eq("A") & stock2["sku"].eq("y"), "on_hand"] = 2
    result2 = _solve(stock2, lanes_cheap, time_limit=None)
    assert set(zip(result2.shipments["from"], result2.shipments["to"], strict=True)) == {("A", "R")}
    assert result2.fixed_cost == 50
    assert result2.total_cost == 4 + 50


def test_figures_add_up():
    stock = _frame(
        [("D", "a", 8, 1, 2, 0), ("R1", "a", 0, 0, 4, 10), ("R2", "a", 1, 0, 5, 3)], STOCK_COLS
    )
    lanes = _frame([("D", "R1", 2, 5), ("D", "R2", 1, 1)], LANE_COLS)
    r = _solve(stock, lanes, time_limit=None)
    assert r.need_units == 8 and r.do_nothing_cost == 4 * 10 + 4 * 3
    assert r.transfers[["to", "qty"]].values.tolist() == [["R1", 4], ["R2", 2]]
    assert (r.transport_cost, r.fixed_cost, r.unmet_cost) == (10, 6, 6)
    assert r.shortage_avoided == 6 and r.unmet_units == 2
    assert r.saving == pytest.approx(52 - 22)
    assert r.summary()["total_cost"] == 22
    assert list(r.transfers.columns) == ["sku", "from", "to", "qty", "unit_cost"]
    assert r.shortfalls.set_index("location")["unmet"].to_dict() == {"R1": 0, "R2": 2}


def _many_skus(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(3)
    rows = [
        (loc, f"S{s}", int(rng.integers(0, 12)), 2, 5, float(rng.integers(1, 9)))
        for s in range(n)
        for loc in ("A", "B", "C", "D")
    ]
    lanes = [
        (a, b, float(rng.integers(0, 6)), float(rng.integers(0, 8)))
        for a in "ABCD"
        for b in "ABCD"
        if a != b
    ]
    return _frame(rows, STOCK_COLS), _frame(lanes, LANE_COLS)


@pytest.mark.parametrize("fixed", [False, True])
def test_small_batches_give_the_same_optimum(monkeypatch, fixed):
    stock, lanes = _many_skus(30)
    if not fixed:
        lanes["fixed_cost"] = 0.0
    whole = _solve(stock, lanes, time_limit=None)
    monkeypatch.setattr(rebalancing_solve, "BATCH_ARCS", 5)
    calls = []
    batched = _solve(stock, lanes, time_limit=None, progress=lambda d, t: calls.append((d, t)))
    assert batched.total_cost == pytest.approx(whole.total_cost)
    if not fixed:
        assert len(calls) > 3
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_cancel_stops_with_no_result():
    stock, lanes = _many_skus(10)
    with pytest.raises(OptimisationCancelled):
        _solve(stock, lanes, cancelled=lambda: True)


def test_solver_stopped_without_a_solution_falls_back_with_a_proven_bound(monkeypatch):
    """As when the time limit ends HiGHS before it finds anything: plan and bound remain."""
    stock, lanes = _many_skus(12)
    free = _solve(stock, lanes.assign(fixed_cost=0.0))
    exact = _solve(stock, lanes, time_limit=None)
    stopped = SimpleNamespace(status=1, x=None, mip_dual_bound=None)
    monkeypatch.setattr(rebalancing_solve, "milp", lambda *args, **kwargs: stopped)
    result = _solve(stock, lanes, time_limit=0.01)
    assert not result.optimal
    # The bound is the optimum without fixed costs; the plan is that optimum's flows (now
    # paying their lanes' fixed costs) or nothing, whichever is cheaper.
    assert result.lower_bound == pytest.approx(free.total_cost)
    assert result.lower_bound <= exact.total_cost <= result.total_cost
    with_fixed = _plan_cost(stock, lanes, free.transfers)
    assert result.total_cost == pytest.approx(min(with_fixed, free.do_nothing_cost))
    assert result.gap == pytest.approx((result.total_cost - free.total_cost) / result.total_cost)
    _check_rules(stock, lanes, result.transfers)


def test_time_limit_reached_keeps_the_highs_bound_when_it_is_better(monkeypatch):
    stock, lanes = _many_skus(12)
    exact = _solve(stock, lanes, time_limit=None)
    real_milp = rebalancing_solve.milp

    def stopped_at_optimum(*args, **kwargs):
        found = real_milp(*args, **kwargs)
        return SimpleNamespace(status=1, x=found.x, mip_dual_bound=found.mip_dual_bound - 1.0)

    monkeypatch.setattr(rebalancing_solve, "milp", stopped_at_optimum)
    result = _solve(stock, lanes, time_limit=5)
    assert not result.optimal
    assert result.total_cost == pytest.approx(exact.total_cost)
    assert result.lower_bound == pytest.approx(exact.total_cost - 1.0)
    assert result.gap == pytest.approx(1.0 / exact.total_cost)


# --- validation -------------------------------------------------------------------------------


def _problems(stock, lanes, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as err:
        prepare_problem(stock, lanes, **kwargs)
    return err.value.problems


GOOD_STOCK = _frame([("A", "x", 5, 1, 2, 3), ("B", "x", 0, 1, 2, 3)], STOCK_COLS)
GOOD_LANES = _frame([("A", "B", 1, 0)], LANE_COLS)


def test_bad_rows_are_named_with_their_line():
    stock = _frame(
        [
            ("A", "x", "-1", 1, 2, 3),
            ("B", "x", "two", 1, 2, 3),
            ("B", "x", 0, 1, 2, 3),
            ("C", "", 1.5, 1, 2, 3),
        ],
        STOCK_COLS,
    )
    problems = _problems(stock, GOOD_LANES, stock_name="s.csv", line_offset=2)
    text = dict(problems)
    assert text["s.csv line 2"] == "on_hand is negative (-1)"
    assert text["s.csv line 3"] == "on_hand is not a number ('two')"
    assert text["s.csv line 4"].startswith("duplicate of s.csv line 3")
    assert ("s.csv line 5", "sku is empty") in problems
    assert ("s.csv line 5", "on_hand is not a whole number of units (1.5)") in problems


def test_lane_problems():
    lanes = _frame(
        [("A", "Z", 1, 0), ("A", "A", 1, 0), ("A", "B", -1, 0), ("A", "B", 1, 0)], LANE_COLS
    )
    problems = dict(_problems(GOOD_STOCK, lanes))
    assert problems["lanes row 1"] == "to location Z has no row in the stock table"
    assert problems["lanes row 2"] == "lane from A to itself"
    assert problems["lanes row 3"] == "unit_cost is negative (-1)"
    assert problems["lanes row 4"].startswith("duplicate of lanes row 3")


def test_missing_column_is_named():
    with pytest.raises(ValidationError, match=r"lacks the column.*penalty"):
        prepare_problem(GOOD_STOCK.drop(columns="penalty"), GOOD_LANES)


def test_need_no_lane_can_reach_is_refused_or_left_unmet():
    stock = _frame(
        [("A", "x", 5, 1, 2, 3), ("B", "x", 0, 1, 2, 3), ("C", "x", 0, 0, 4, 2)], STOCK_COLS
    )
    problems = _problems(stock, GOOD_LANES)
    assert problems == [
        (
            "stock row 3",
            "location C, sku x needs 4 but no lane reaches it from a location holding that sku",
        )
    ]
    problem = prepare_problem(stock, GOOD_LANES, unreachable="unmet")
    assert problem.unreachable.values.tolist() == [["C", "x", 4]]
    result = rebalance(problem)
    assert result.unmet_units == 4 and result.unmet_cost == 8


# --- edited proposals, staleness -----------------------------------------------------------


def test_evaluate_edited_proposal():
    stock = _frame(
        [("D", "a", 8, 1, 2, 0), ("R1", "a", 0, 0, 4, 10), ("R2", "a", 1, 0, 5, 3)], STOCK_COLS
    )
    lanes = _frame([("D", "R1", 2, 5), ("D", "R2", 1, 1)], LANE_COLS)
    problem = prepare_problem(stock, lanes)
    best = rebalance(problem, time_limit=None)
    edit = pd.DataFrame(
        {
            "sku": ["a", "a", "a"],
            "from": ["D", "D", "D"],
            "to": ["R1", "R1", "R2"],
            "qty": [2, 1, 0],
        }
    )
    edited = evaluate_transfers(problem, edit, lower_bound=best.lower_bound)
    assert edited.transfers[["to", "qty"]].values.tolist() == [["R1", 3]]
    assert edited.total_cost == pytest.approx(3 * 2 + 5 + 1 * 10 + 4 * 3)
    assert edited.gap == pytest.approx((edited.total_cost - best.total_cost) / edited.total_cost)
    assert not edited.optimal


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (("a", "D", "R1", 2.5), "qty is not a whole number >= 0"),
        (("a", "D", "R2", 1), "no lane exists between these locations"),
        (("b", "R1", "D", 1), "the sending location holds no stock row for this sku"),
        (("b", "D", "R1", 1), "the receiving location holds no stock row for this sku"),
    ],
)
def test_evaluate_refuses_broken_lines(line, reason):
    stock = _frame(
        [
            ("D", "a", 8, 1, 2, 0),
            ("R1", "a", 0, 0, 4, 10),
            ("R2", "a", 0, 0, 4, 10),
            ("D", "b", 3, 0, 0, 1),
        ],
        STOCK_COLS,
    )
    lanes = _frame([("D", "R1", 2, 5), ("R1", "D", 1, 0), ("R2", "D", 1, 0)], LANE_COLS)
    problem = prepare_problem(stock, lanes, unreachable="unmet")
    with pytest.raises(ValidationError) as err:
        evaluate_transfers(problem, pd.DataFrame([line], columns=["sku", "from", "to", "qty"]))
    assert err.value.problems == [("proposal line 1 (sku {}, {} -> {})".format(*line[:3]), reason)]


def test_evaluate_refuses_over_giving_and_over_receiving():
    stock = _frame([("D", "a", 8, 1, 2, 0), ("R1", "a", 0, 0, 4, 10)], STOCK_COLS)
    problem = prepare_problem(stock, _frame([("D", "R1", 2, 5)], LANE_COLS))
    with pytest.raises(ValidationError) as err:
        evaluate_transfers(
            problem, pd.DataFrame({"sku": ["a"], "from": ["D"], "to": ["R1"], "qty": [5]})
        )
    reasons = [r for _, r in err.value.problems]
    assert "receives 5 but needs only 4" in reasons
    assert not any("sends" in r for r in reasons)
    with pytest.raises(ValidationError, match="may give only 6"):
        evaluate_transfers(
            problem,
            pd.DataFrame({"sku": ["a"] * 2, "from": ["D"] * 2, "to": ["R1"] * 2, "qty": [4, 3]}),
        )


def test_fingerprint_and_stale_rows():
    stock = _frame(
        [("D", "a", 8, 1, 2, 0), ("R1", "a", 0, 0, 4, 10), ("X", "a", 1, 0, 1, 1)], STOCK_COLS
    )
    problem = prepare_problem(stock, _frame([("D", "R1", 2, 0), ("X", "R1", 1, 0)], LANE_COLS))
    result = rebalance(problem)
    assert stock_fingerprint(stock) == stock_fingerprint(stock.iloc[::-1])
    moved = stock.copy()
    moved.loc[2, "on_hand"] = 0  # X is not part of the proposal
    assert stock_fingerprint(moved) != stock_fingerprint(stock)
    assert stale_rows(problem, moved, result.transfers).empty
    moved.loc[0, "on_hand"] = 3
    stale = stale_rows(problem, moved, result.transfers)
    assert stale.values.tolist() == [["D", "a", "on_hand", 8.0, 3.0]]


# --- building the tables from the database's shape ----------------------------------------


def test_network_lanes_radius_warehouses_and_overrides():
    locations = pd.DataFrame(
        {
            "location": ["S1", "S2", "S3", "W", "E"],
            "lat": [31.0, 31.1, 40.0, 23.0, 31.05],
            "lon": [121.0, 121.0, 116.0, 113.0, 121.0],
            "location_type": ["direct", "franchise", "direct", "warehouse", "experience"],
        }
    )
    overrides = pd.DataFrame(
        {
            "from": ["S2", "S3"],
            "to": ["S1", "W"],
            "unit_cost": [9.0, 0.0],
            "fixed_cost": [4.0, 0.0],
            "forbidden": [False, True],
        }
    )
    lanes = network_lanes(
        locations, overrides, LaneCosts(unit_cost_base=1, unit_cost_per_km=0.1, max_km=50)
    )
    pairs = set(zip(lanes["from"], lanes["to"], strict=True))
    assert ("S1", "S2") in pairs and ("S1", "S3") not in pairs  # 11 km vs ~1,000 km
    assert ("W", "S3") in pairs and ("S3", "W") not in pairs  # forbidden one way only
    assert not any("E" in p for p in pairs)  # experience stores hold no stock
    s1s2 = lanes[(lanes["from"] == "S1") & (lanes["to"] == "S2")]["unit_cost"].item()
    assert s1s2 == pytest.approx(1 + 0.1 * 11.12, abs=0.01)
    assert lanes[(lanes["from"] == "S2") & (lanes["to"] == "S1")][
        ["unit_cost", "fixed_cost"]
    ].values.tolist() == [[9.0, 4.0]]


def test_rebalancing_stock_uses_position_and_keeps_oversold_need():
    metrics = pd.DataFrame(
        {
            "location": ["A", "B"],
            "sku": ["x", "x"],
            "position": [7.0, -3.0],
            "safety_stock": [1.2, 0],
            "target_stock": [4, 2],
            "unit_cost": [6.0, 6.0],
            "unit_price": [10.0, 10.0],
            "region": ["N", "S"],
        }
    )
    table = rebalancing_stock(metrics)
    assert table.values.tolist() == [["A", "x", 7, 2, 4, 4.0], ["B", "x", 0, 3, 5, 4.0]]
    problem = prepare_problem(table, _frame([("A", "B", 1, 0)], LANE_COLS))
    assert problem.stock["need"].tolist() == [0, 5]
    assert rebalancing_stock(metrics, penalty=2.5, scope={"region": "S"})["penalty"].tolist() == [
        2.5
    ]
