"""Budget optimiser benchmark: 12 channels x 30 regions (360 cells), concave curves, bounds.

Prints the median solve time of `optimize_budget` (whole call: constraint validation, exact
solve, certificate, result table) over --runs runs, the optimum compared with SciPy's SLSQP
started from several points (relative difference of total response), and the speed ratio
against SLSQP on the same problem; then the same with region/channel caps and an online
share bound; then a demo-like S-shaped instance (the demo's alpha ranges per channel), timed
against the previous pure-Python greedy grid kept below as a reference only; then the time to
fit 360 x 3 response curves from two years of weekly history.

    python benchmarks/budget.py [--runs 50] [--starts 3] [--s-runs 15]

Targets (issue 6): median solve <= 20 ms; optimum within 1e-6 (relative) of the reference.
"""

from __future__ import annotations

import os

# Both solvers run single-threaded BLAS: on a small shared machine threaded BLAS only adds
# contention to the tiny products both make.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from console.db.demo.marketing import MARKETING_CHANNELS
from console.services import budget_sshaped
from console.services.budget_curves import CellCurves
from console.services.budget_exact import Rows
from console.services.budget_optimizer import (
    Constraints,
    optimize_budget,
    prepare_curves,
)
from console.services.response_curves import (
    adstock,
    fit_response_curves,
    hill,
    hill_marginal,
)

CHANNELS, REGIONS = 12, 30


def make_problem(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(CHANNELS):
        for r in range(REGIONS):
            current = rng.uniform(5_000, 50_000)
            rows.append(
                {
                    "cell": f"ch{c:02d}|r{r:02d}",
                    "channel": f"ch{c:02d}",
                    "region": f"r{r:02d}",
                    "outcome": "revenue",
                    "alpha": rng.uniform(0.4, 1.0),
                    "gamma": current * rng.uniform(0.5, 3.0),
                    "beta": current * rng.uniform(2.0, 8.0),
                    "current_spend": current,
                    "online": c < 5,
                }
            )
    curves = pd.DataFrame(rows)
    bounds = pd.DataFrame(
        {
            "cell": curves["cell"],
            "min": 0.5 * curves["current_spend"],
            "max": 2.0 * curves["current_spend"],
        }
    )
    return curves, bounds, float(curves["current_spend"].sum() * 1.05)


def slsqp(
    curves: pd.DataFrame,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
    a_ub: np.ndarray | None,
    b_ub: np.ndarray | None,
    starts: int,
    seed: int = 1,
) -> tuple[float, list[float]]:
    """Best total response of SLSQP from `starts` points (scaled to units of the total)."""
    alpha, gamma, beta = (curves[c].to_numpy() for c in ("alpha", "gamma", "beta"))
    scale = beta.sum()
    lo, hi = lower / total, upper / total

    def objective(z: np.ndarray) -> tuple[float, np.ndarray]:
        x = np.maximum(z * total, 1e-12)
        return (
            -hill(x, alpha, gamma, beta).sum() / scale,
            -hill_marginal(x, alpha, gamma, beta) * total / scale,
        )

    constraints = [
        {
            "type": "eq",
            "fun": lambda z: np.array([z.sum() - 1.0]),
            "jac": lambda z: np.ones((1, z.size)),
        }
    ]
    if a_ub is not None:
        constraints.append(
            {"type": "ineq", "fun": lambda z: b_ub / total - a_ub @ z, "jac": lambda z: -a_ub}
        )
    rng = np.random.default_rng(seed)
    points = [np.clip(curves["current_spend"].to_numpy() / total, lo, hi)]
    points += [lo + rng.dirichlet(np.ones(lo.size)) * (1 - lo.sum()) for _ in range(starts - 1)]
    best, times = -np.inf, []
    for start in points:
        began = time.perf_counter()
        result = minimize(
            objective,
            start,
            jac=True,
            method="SLSQP",
            bounds=list(zip(lo, hi, strict=True)),
            constraints=constraints,
            options={"ftol": 1e-14, "maxiter": 2000},
        )
        times.append(time.perf_counter() - began)
        x = np.clip(result.x, lo, hi) * total
        feasible = abs(x.sum() - total) <= 1e-8 * total and (
            a_ub is None or np.all(a_ub @ x <= b_ub + 1e-8 * total)
        )
        if feasible:
            best = max(best, hill(x, alpha, gamma, beta).sum())
    return best, times


def group_rows(curves: pd.DataFrame, constraints: Constraints) -> tuple[np.ndarray, np.ndarray]:
    rows, rhs = [], []
    for column, caps in (
        ("region", constraints.region_caps),
        ("channel", constraints.channel_caps),
    ):
        for key, cap in caps.items():
            rows.append((curves[column] == key).to_numpy(float))
            rhs.append(cap)
    online = curves["online"].to_numpy(float)
    rows.append(online)
    rhs.append(constraints.online_share[1] * constraints.total)
    return np.array(rows), np.array(rhs)


def scenario(
    name: str, curves: pd.DataFrame, constraints: Constraints, runs: int, starts: int
) -> None:
    prepared = prepare_curves(curves)
    optimize_budget(prepared, constraints)  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        plan = optimize_budget(prepared, constraints)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    median = statistics.median(times)
    bounds = constraints.bounds
    lower, upper = bounds["min"].to_numpy(), bounds["max"].to_numpy()
    grouped = constraints.region_caps or constraints.channel_caps
    a_ub, b_ub = group_rows(curves, constraints) if grouped else (None, None)
    reference, slsqp_times = slsqp(curves, lower, upper, constraints.total, a_ub, b_ub, starts)
    ours = plan.total_response
    print(f"\n{name}")
    print(
        f"  optimize_budget median over {runs} runs: {median * 1e3:.2f} ms wall "
        f"(min {min(times) * 1e3:.2f}, max {max(times) * 1e3:.2f}); "
        f"{statistics.median(cpu) * 1e3:.2f} ms CPU (unaffected by other processes)  "
        f"target <= 20 ms: {'met' if median <= 0.020 else 'NOT met'}"
    )
    print(
        f"  method {plan.method}; certificate exact={plan.certificate.exact}, "
        f"relative gap {plan.certificate.relative_gap:.1e}, "
        f"max violation {plan.certificate.max_violation:.1e}; "
        f"binding {len(plan.certificate.binding)} group constraint(s)"
    )
    print(f"  total response: ours {ours:,.4f}  SLSQP best of {starts} starts {reference:,.4f}")
    difference = (ours - reference) / abs(ours)
    print(
        f"  relative difference (ours - SLSQP) / ours: {difference:+.2e}  target |d| <= 1e-6: "
        f"{'met' if abs(difference) <= 1e-6 else 'NOT met'}"
        f"{' (ours higher)' if difference > 1e-6 else ''}"
    )
    single = statistics.median(slsqp_times)
    print(
        f"  SLSQP time per start: median {single:.2f} s (all {starts} starts "
        f"{sum(slsqp_times):.2f} s); speed ratio SLSQP / ours: {single / median:,.0f}x "
        f"per start, {sum(slsqp_times) / median:,.0f}x multi-start"
    )


def make_s_shaped_problem(seed: int = 5) -> tuple[pd.DataFrame, float]:
    """360 cells whose curves are drawn like the demo seeder's: each channel's alpha range
    (mostly S-shaped), gamma around the typical spend, current spend near it."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(CHANNELS):
        alpha_range = MARKETING_CHANNELS[c % len(MARKETING_CHANNELS)][6]
        for r in range(REGIONS):
            typical = rng.uniform(5_000, 50_000)
            alpha = rng.uniform(*alpha_range)
            gamma = typical * rng.uniform(0.7, 1.6)
            # About 4 of revenue per unit spent at the typical spend, like the seeder.
            beta = 4.0 * rng.uniform(0.7, 1.3) * typical * (1 + (gamma / typical) ** alpha)
            rows.append(
                {
                    "cell": f"ch{c:02d}|r{r:02d}",
                    "channel": f"ch{c:02d}",
                    "region": f"r{r:02d}",
                    "outcome": "revenue",
                    "alpha": alpha,
                    "gamma": gamma,
                    "beta": beta,
                    "current_spend": typical * rng.uniform(0.8, 1.2),
                    "online": c < 5,
                }
            )
    curves = pd.DataFrame(rows)
    return curves, float(curves["current_spend"].sum())


def _reference_greedy_grid(
    curves: CellCurves,
    lower: np.ndarray,
    upper: np.ndarray,
    rows: Rows,
    look_ahead: bool,
    steps: int = budget_sshaped.GRID_STEPS,
) -> np.ndarray | None:
    """The previous greedy grid (one numpy pass over all cells per step), for the ratio only."""
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
    caps = rows.matrix[1:] > 0
    for members, count in [*phases, (np.ones(lower.size, dtype=bool), steps)]:
        count = min(count, left)
        gain, jump = np.full(lower.size, -np.inf), np.zeros(lower.size, dtype=int)
        valid = np.zeros(lower.size, dtype=bool)
        while count > 0:
            slack = rows.rhs[1:] - rows.matrix[1:] @ (lower + pos * delta)
            cap_steps = np.floor(slack / delta + 1e-9)
            room_caps = np.where(caps, cap_steps[:, None], np.inf).min(axis=0, initial=np.inf)
            room = np.where(members, np.minimum(last - pos, room_caps), 0).astype(int)
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


@contextmanager
def reference_greedy() -> Iterator[None]:
    """Run the optimiser with the previous greedy grid in place of the tabulated one."""
    tabulated = budget_sshaped.greedy_grids

    def both(curves, lower, upper, rows):
        return tuple(
            _reference_greedy_grid(curves, lower, upper, rows, look_ahead)
            for look_ahead in (False, True)
        )

    budget_sshaped.greedy_grids = both
    try:
        yield
    finally:
        budget_sshaped.greedy_grids = tabulated


def _timed(prepared, constraints: Constraints, runs: int) -> tuple[float, float, object]:
    optimize_budget(prepared, constraints)  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        plan = optimize_budget(prepared, constraints)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(times), statistics.median(cpu), plan


def s_shaped(runs: int) -> None:
    curves, total = make_s_shaped_problem()
    prepared = prepare_curves(curves)
    share = float((curves["alpha"] > 1).mean())
    print(
        f"\nS-shaped, demo-like: {len(curves)} cells, {share:.0%} with alpha > 1 (demo alpha "
        f"ranges per channel), total {total:,.0f} = the current spend"
    )
    cells = curves.set_index("cell")
    by_region = cells.groupby("region")["current_spend"].sum()
    by_channel = cells.groupby("channel")["current_spend"].sum()
    bounds = pd.DataFrame({"cell": curves["cell"], "min_pct": 50.0, "max_pct": 200.0})
    cases = {
        "no bounds (the panel's default)": Constraints(total=total),
        "bounds 50%..200% + 10 region caps + 6 channel caps + online share <= 35%": Constraints(
            total=total,
            bounds=bounds,
            online_share=(0.0, 0.35),
            region_caps={r: 1.0 * by_region[r] for r in by_region.index[::3]},
            channel_caps={c: 0.95 * by_channel[c] for c in by_channel.index[::2]},
        ),
    }
    for name, constraints in cases.items():
        wall, cpu, plan = _timed(prepared, constraints, runs)
        with reference_greedy():
            old_wall, old_cpu, old_plan = _timed(prepared, constraints, runs)
        certificate = plan.certificate
        print(f"  {name}")
        print(
            f"    optimize_budget median over {runs} runs: {wall * 1e3:.1f} ms wall, "
            f"{cpu * 1e3:.1f} ms CPU; with the previous greedy grid {old_wall * 1e3:.1f} ms "
            f"wall, {old_cpu * 1e3:.1f} ms CPU; speed-up {old_wall / wall:.1f}x wall, "
            f"{old_cpu / cpu:.1f}x CPU"
        )
        print(
            f"    method {plan.method}; response {plan.total_response:,.2f} (previous "
            f"{old_plan.total_response:,.2f}, current plan {plan.current_response:,.2f}); "
            f"dual bound gap {certificate.relative_gap:.1e}"
        )


def fitting(seed: int = 3) -> None:
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2024-01-01", periods=104, freq="W-MON")
    frames = []
    for c in range(CHANNELS):
        for r in range(REGIONS):
            level = rng.uniform(2_000, 20_000)
            spend = level * (1 + 0.15 * rng.standard_normal(104))
            promo = rng.random(104) < 0.12
            spend[promo] *= rng.uniform(1.8, 3.0, promo.sum())
            spend = np.maximum(spend, 0.0)
            carried = adstock(spend, rng.uniform(0, 0.6))
            frame = {
                "week_start": weeks,
                "channel": f"ch{c:02d}",
                "region": f"r{r:02d}",
                "spend": spend,
            }
            for outcome in ("revenue", "leads", "reach"):
                clean = hill(
                    carried,
                    rng.uniform(0.5, 2.5),
                    level * rng.uniform(0.5, 2),
                    rng.uniform(1e4, 1e5),
                )
                frame[outcome] = clean * (1 + 0.03 * rng.standard_normal(104))
            frames.append(pd.DataFrame(frame))
    history = pd.concat(frames, ignore_index=True)
    began = time.perf_counter()
    fits = fit_response_curves(history)
    elapsed = time.perf_counter() - began
    print(
        f"\nfit_response_curves: {len(fits)} curves ({CHANNELS} x {REGIONS} x 3, 104 weeks) "
        f"in {elapsed:.2f} s; median R^2 {fits['r2'].median():.3f}, "
        f"median MAPE {fits['mape'].median():.2%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--starts", type=int, default=3, help="SLSQP starting points")
    parser.add_argument("--s-runs", type=int, default=15, help="runs per S-shaped case")
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (timings scale with load)")
    curves, bounds, total = make_problem()
    print(
        f"{CHANNELS} channels x {REGIONS} regions = {len(curves)} cells, concave curves "
        f"(alpha 0.4..1.0), bounds 50%..200% of current spend, total {total:,.0f}"
    )
    scenario("bounds only", curves, Constraints(total=total, bounds=bounds), args.runs, args.starts)
    cells = curves.set_index("cell")["current_spend"]
    by_region = cells.groupby(curves.set_index("cell")["region"]).sum()
    by_channel = cells.groupby(curves.set_index("cell")["channel"]).sum()
    grouped = Constraints(
        total=total,
        bounds=bounds,
        online_share=(0.0, 0.35),
        region_caps={r: 1.0 * by_region[r] for r in by_region.index[::3]},
        channel_caps={c: 0.95 * by_channel[c] for c in by_channel.index[::2]},
    )
    scenario(
        "bounds + 10 region caps + 6 channel caps + online share <= 35%",
        curves,
        grouped,
        args.runs,
        args.starts,
    )
    s_shaped(args.s_runs)
    fitting()


if __name__ == "__main__":
    main()
