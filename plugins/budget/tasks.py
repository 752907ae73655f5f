"""Work the budget panel runs off the GUI thread (each function takes `task`): read the
history and fit the curves, optimise a setup and score the current and manual plans, save and
move plans through approval, compare two versions, write the export workbook.

No widgets here: plain data in, plain data out (console.db for reads and writes,
console.services for the maths).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from console.api import export_frames, translate
from console.db import budget_writes
from console.db.queries import budget as queries
from console.services.budget_optimizer import (
    BudgetPlan,
    evaluate_plan,
    optimize_budget,
    prepare_curves,
)
from console.services.permissions import CurrentUser
from console.services.response_curves import (
    OUTCOMES,
    expected_outcomes,
    fit_response_curves,
    observed_points,
)
from plugins.budget.model import Setup, curve_table

PLAN_KINDS = ("current", "optimal", "manual")


@dataclass(frozen=True)
class BudgetInputs:
    """What the panel plans with: the curves fitted on the history and the data under them,
    the seeder's generating curves (demo data only), channels, regions and saved plans."""

    channels: pd.DataFrame
    regions: pd.DataFrame
    fits: pd.DataFrame
    points: pd.DataFrame
    truth: pd.DataFrame
    plans: pd.DataFrame

    @property
    def cells(self) -> pd.DataFrame:
        """One row per cell (cell, channel, region, current_spend, online), in the order of
        the channels and regions tables."""
        cells = self.fits.drop_duplicates("cell")[["cell", "channel", "region", "current_spend"]]
        cells = cells.assign(online=cells["channel"].map(self.online).astype(bool))
        return self.ordered(cells)

    def ordered(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows by channel, then region, as the channels and regions tables list them."""
        channel = {code: i for i, code in enumerate(self.channels["code"])}
        region = {name: i for i, name in enumerate(self.regions["name"])}
        keys = frame.assign(
            _channel=frame["channel"].map(channel), _region=frame["region"].map(region)
        )
        keys = keys.sort_values(["_channel", "_region", "channel", "region"], kind="stable")
        return keys.drop(columns=["_channel", "_region"]).reset_index(drop=True)

    @property
    def online(self) -> dict[str, bool]:
        return dict(zip(self.channels["code"], self.channels["online"], strict=True))


def load_inputs(database, *, task) -> BudgetInputs:
    task.progress(0, 3, translate("budget", "Reading the spend history…"))
    with database.engine.connect() as conn:
        history = queries.history_frame(conn)
        channels = queries.channels_frame(conn)
        regions = queries.regions_frame(conn)
        truth = queries.truth_curves(conn)
        plans = queries.plans_frame(conn)
    task.progress(1, 3, translate("budget", "Fitting response curves…"))
    fits = fit_response_curves(history) if len(history) else pd.DataFrame()
    task.progress(2, 3, translate("budget", "Placing the data under the curves…"))
    points = observed_points(history, fits) if len(fits) else pd.DataFrame()
    task.progress(3, 3)
    return BudgetInputs(channels, regions, fits, points, truth, plans)


def load_plans(database, *, task) -> pd.DataFrame:
    task.check()
    return queries.plans_frame(database.engine)


def load_plan(database, plan_id: int, *, task) -> queries.StoredPlan:
    task.check()
    return queries.load_plan(database.engine, plan_id)


@dataclass(frozen=True)
class Evaluation:
    """An optimised setup: the plan, the current and the manual plan scored with the same
    curves, each plan's expected weekly outcomes with a 95% band, and the cells left out
    (no curve)."""

    setup: Setup
    plan: BudgetPlan
    current: pd.DataFrame
    manual: pd.DataFrame
    expected: pd.DataFrame  # plan, outcome, expected, lower, upper (weekly)
    excluded: list[str]
    seconds: float

    def spend(self, kind: str) -> pd.Series:
        """Weekly spend per cell of the current, optimal or manual plan."""
        frame = {"current": self.current, "optimal": self.plan.allocation, "manual": self.manual}
        return frame[kind].set_index("cell")["spend"]


def optimise(inputs: BudgetInputs, setup: Setup, *, task) -> Evaluation:
    """Re-optimise after a change: raises the optimiser's ValidationError when the
    constraints cannot hold (the panel marks the fields it names)."""
    started = time.perf_counter()
    curves, excluded = curve_table(inputs.fits, inputs.online, setup.overrides)
    task.check()
    cells = curves.drop_duplicates("cell").set_index("cell")
    prepared = prepare_curves(curves)  # validated once for the three plans
    objective = setup.objective_spec()
    plan = optimize_budget(prepared, setup.constraints(cells.index), objective)
    task.check()
    current = evaluate_plan(prepared, cells["current_spend"], objective)
    manual_spend = pd.Series(setup.manual, dtype=float).reindex(cells.index)
    manual = evaluate_plan(prepared, manual_spend.fillna(cells["current_spend"]), objective)
    fitted = curves.merge(inputs.fits[["cell", "outcome", "residual_std"]], on=["cell", "outcome"])
    expected = pd.concat(
        [
            expected_outcomes(fitted, spend).assign(plan=kind)
            for kind, spend in (
                ("current", current.set_index("cell")["spend"]),
                ("optimal", plan.allocation.set_index("cell")["spend"]),
                ("manual", manual.set_index("cell")["spend"]),
            )
        ],
        ignore_index=True,
    )
    return Evaluation(
        setup, plan, current, manual, expected, excluded, time.perf_counter() - started
    )


# -- plans -------------------------------------------------------------------------------------


def plan_allocation(evaluation: Evaluation, kind: str) -> pd.DataFrame:
    """A plan's allocation to save: amounts for the plan period (weekly x weeks)."""
    weeks = evaluation.setup.weeks
    scored = evaluation.plan.allocation if kind == "optimal" else evaluation.manual
    bounds = evaluation.plan.allocation.set_index("cell")
    frame = pd.DataFrame({"cell": scored["cell"], "spend": scored["spend"] * weeks})
    frame["locked"] = frame["cell"].isin(list(evaluation.setup.locked))
    frame["min_spend"] = frame["cell"].map(bounds["lower"]).to_numpy() * weeks
    frame["max_spend"] = frame["cell"].map(bounds["upper"]).to_numpy() * weeks
    for outcome in OUTCOMES:
        if outcome in scored.columns:
            frame[f"expected_{outcome}"] = scored[outcome].to_numpy() * weeks
    return frame


def save_plan(
    database,
    user: CurrentUser,
    evaluation: Evaluation,
    name: str,
    kind: str,
    based_on_revision: int | None,
    *,
    task,
) -> budget_writes.SavedPlan:
    """Save the optimal or the manual plan as the next revision of `name`."""
    task.check()
    setup = evaluation.setup
    settings = setup.to_settings() | {"source": kind}
    draft = budget_writes.PlanDraft(
        name=name,
        objective=setup.objective,
        total_budget=setup.total * setup.weeks,
        allocation=plan_allocation(evaluation, kind),
        brand_weight=setup.brand_weight,
        weeks=setup.weeks,
        settings=settings,
    )
    return budget_writes.save_plan(
        database.sessions, user, draft, based_on_revision=based_on_revision
    )


def change_status(
    database,
    user: CurrentUser,
    action: str,
    plan_id: int,
    seen_version: int,
    comment: str = "",
    *,
    task,
) -> int | None:
    """submit, approve, reject or delete one revision (the service checks role and status)."""
    task.check()
    sessions = database.sessions
    if action == "submit":
        return budget_writes.submit_plan(sessions, user, plan_id, seen_version)
    if action == "approve":
        return budget_writes.approve_plan(sessions, user, plan_id, seen_version, comment)
    if action == "reject":
        return budget_writes.reject_plan(sessions, user, plan_id, seen_version, comment)
    budget_writes.delete_plan(sessions, user, plan_id, seen_version)
    return None


def compare_plans(a: queries.StoredPlan, b: queries.StoredPlan) -> pd.DataFrame:
    """Two saved revisions side by side per cell, per week (so that plans of different
    lengths compare): cell, channel, region, first, second, delta, change."""
    weekly_a = a.allocation.set_index("cell")["spend"] / a.weeks
    weekly_b = b.allocation.set_index("cell")["spend"] / b.weeks
    names = pd.concat(
        [a.allocation[["cell", "channel", "region"]], b.allocation[["cell", "channel", "region"]]]
    ).drop_duplicates("cell")
    frame = names.set_index("cell")
    frame["first"] = weekly_a.reindex(frame.index).fillna(0.0)
    frame["second"] = weekly_b.reindex(frame.index).fillna(0.0)
    frame["delta"] = frame["second"] - frame["first"]
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["change"] = np.where(frame["first"] > 0, frame["delta"] / frame["first"], np.nan)
    return frame.reset_index().sort_values(["channel", "region"], kind="stable")


def plan_summary(plan: queries.StoredPlan) -> dict[str, object]:
    """Header figures of a saved plan for the comparison: weekly total and expected outcomes."""
    weeks = plan.weeks
    summary: dict[str, object] = dict(plan.header)
    summary["weekly_total"] = float(plan.header["total_budget"]) / weeks
    summary["weekly_spend"] = float(plan.allocation["spend"].sum()) / weeks
    for outcome in OUTCOMES:
        values = plan.allocation[f"expected_{outcome}"]
        summary[f"weekly_{outcome}"] = float(values.sum()) / weeks if values.notna().any() else None
    return summary


def load_comparison(database, ids: tuple[int, int], *, task) -> tuple[dict, dict, pd.DataFrame]:
    """The two revisions' header summaries and their per-cell comparison."""
    first = queries.load_plan(database.engine, ids[0])
    task.check()
    second = queries.load_plan(database.engine, ids[1])
    return plan_summary(first), plan_summary(second), compare_plans(first, second)


def export_workbook(
    frames: Mapping[str, pd.DataFrame], images: Mapping[str, bytes], path: Path, *, task
) -> Path:
    return export_frames(frames, path, images=images, task=task)
