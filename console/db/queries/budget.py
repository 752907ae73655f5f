"""Budget planning reads: the weekly spend/outcome history to fit response curves on, the
channels and regions that name the cells, the seeder's generating curves, and saved plans.

SQL sums the history to one row per week x marketing channel x region (the grain the fitting
in console.services.response_curves expects); cells are named `channel code|region name`
(console.services.response_curves.cell_name). Plan amounts are stored for the plan period
(`settings["weeks"]` weeks, 13 by default) while the optimiser works per week: the budget
panel converts. docs/budget.md describes the panel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, func, select

from console.db.geo import Region
from console.db.marketing import (
    BudgetAllocation,
    BudgetPlan,
    MarketingChannel,
    MarketingHistory,
    ResponseCurveTruth,
)
from console.db.queries.bind import Bind, connected
from console.errors import UserError

DEFAULT_PLAN_WEEKS = 13
HISTORY_COLUMNS = ("week_start", "channel", "region", "spend", "revenue", "leads", "reach")
PLAN_COLUMNS = (
    "id",
    "name",
    "revision",
    "status",
    "objective",
    "total_budget",
    "brand_weight",
    "weeks",
    "created_by",
    "submitted_by",
    "decided_by",
    "decided_at",
    "comment",
    "updated_at",
    "version",
)
ALLOCATION_COLUMNS = (
    "cell",
    "channel",
    "region",
    "spend",
    "locked",
    "min_spend",
    "max_spend",
    "expected_revenue",
    "expected_leads",
    "expected_reach",
)


def _frame(conn: Connection, statement, columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(statement).all(), columns=list(columns))


def _cell(frame: pd.DataFrame) -> pd.Series:
    return frame["channel"].astype(str) + "|" + frame["region"].astype(str)


def history_frame(bind: Bind) -> pd.DataFrame:
    """Weekly spend and outcomes per channel code x region name (HISTORY_COLUMNS), oldest
    first: the input of `fit_response_curves`."""
    statement = (
        select(
            MarketingHistory.week_start,
            MarketingChannel.code,
            Region.name,
            func.sum(MarketingHistory.spend),
            func.sum(MarketingHistory.revenue),
            func.sum(MarketingHistory.leads),
            func.sum(MarketingHistory.reach),
        )
        .join(MarketingChannel, MarketingChannel.id == MarketingHistory.marketing_channel_id)
        .join(Region, Region.id == MarketingHistory.region_id)
        .group_by(MarketingHistory.week_start, MarketingChannel.code, Region.name)
        .order_by(MarketingChannel.code, Region.name, MarketingHistory.week_start)
    )
    with connected(bind) as conn:
        frame = _frame(conn, statement, HISTORY_COLUMNS)
    for column in HISTORY_COLUMNS[3:]:
        frame[column] = frame[column].astype(float)
    frame["week_start"] = pd.to_datetime(frame["week_start"])
    return frame


def channels_frame(bind: Bind) -> pd.DataFrame:
    """Marketing channels: code, name, name_zh, online (bool), kind."""
    statement = select(
        MarketingChannel.code,
        MarketingChannel.name,
        MarketingChannel.name_zh,
        MarketingChannel.online,
        MarketingChannel.kind,
    ).order_by(MarketingChannel.id)
    with connected(bind) as conn:
        frame = _frame(conn, statement, ("code", "name", "name_zh", "online", "kind"))
    frame["online"] = frame["online"].astype(bool)
    return frame


def regions_frame(bind: Bind) -> pd.DataFrame:
    """Regions: name (the cell's region), name_zh, code."""
    statement = select(Region.name, Region.name_zh, Region.code).order_by(Region.id)
    with connected(bind) as conn:
        return _frame(conn, statement, ("name", "name_zh", "code"))


def truth_curves(bind: Bind) -> pd.DataFrame:
    """The curves the demo seeder generated the history from, per cell and outcome (empty for
    real data): cell, channel, region, outcome, alpha, gamma, beta, decay, gamma_seeded.

    The seeder carries spend over as A_t = spend_t + decay * A_{t-1}; the fitting uses the
    normalised A_t = (1 - decay) * spend_t + decay * A_{t-1}, whose steady state is the weekly
    spend itself. The same response therefore has gamma = gamma_seeded * (1 - decay) in the
    fitting's convention, which `gamma` holds (alpha and beta are the same in both).
    """
    statement = (
        select(
            MarketingChannel.code,
            Region.name,
            ResponseCurveTruth.outcome,
            ResponseCurveTruth.alpha,
            ResponseCurveTruth.gamma,
            ResponseCurveTruth.beta,
            ResponseCurveTruth.adstock,
        )
        .join(MarketingChannel, MarketingChannel.id == ResponseCurveTruth.marketing_channel_id)
        .join(Region, Region.id == ResponseCurveTruth.region_id)
        .order_by(MarketingChannel.code, Region.name, ResponseCurveTruth.outcome)
    )
    columns = ("channel", "region", "outcome", "alpha", "gamma_seeded", "beta", "decay")
    with connected(bind) as conn:
        frame = _frame(conn, statement, columns)
    frame.insert(0, "cell", _cell(frame))
    frame["decay"] = frame["decay"].fillna(0.0).astype(float)
    frame["gamma"] = frame["gamma_seeded"].astype(float) * (1 - frame["decay"])
    return frame[
        ["cell", "channel", "region", "outcome", "alpha", "gamma", "beta", "decay", "gamma_seeded"]
    ]


def plans_frame(bind: Bind) -> pd.DataFrame:
    """Every saved plan revision (PLAN_COLUMNS), newest name first, revisions in order."""
    statement = select(
        BudgetPlan.id,
        BudgetPlan.name,
        BudgetPlan.revision,
        BudgetPlan.status,
        BudgetPlan.objective,
        BudgetPlan.total_budget,
        BudgetPlan.brand_weight,
        BudgetPlan.settings,
        BudgetPlan.created_by,
        BudgetPlan.submitted_by,
        BudgetPlan.decided_by,
        BudgetPlan.decided_at,
        BudgetPlan.comment,
        BudgetPlan.updated_at,
        BudgetPlan.version,
    ).order_by(BudgetPlan.name, BudgetPlan.revision)
    columns = [c if c != "weeks" else "settings" for c in PLAN_COLUMNS]
    with connected(bind) as conn:
        frame = _frame(conn, statement, columns)
    frame["settings"] = [plan_weeks(settings_dict(s)) for s in frame["settings"]]
    frame = frame.rename(columns={"settings": "weeks"})
    frame["total_budget"] = frame["total_budget"].astype(float)
    frame["brand_weight"] = frame["brand_weight"].astype(float)
    return frame


def settings_dict(value: object) -> dict:
    """A plan's settings JSON as a dict (some drivers return JSON columns as text)."""
    if isinstance(value, str):
        value = json.loads(value or "{}")
    return dict(value or {})


def plan_weeks(settings: dict) -> int:
    """Weeks of the plan period the plan's amounts cover."""
    weeks = settings.get("weeks", DEFAULT_PLAN_WEEKS)
    return int(weeks) if isinstance(weeks, int | float) and weeks >= 1 else DEFAULT_PLAN_WEEKS


@dataclass(frozen=True)
class StoredPlan:
    """One saved revision: its header (PLAN_COLUMNS), its settings (constraints, curve
    overrides, ...) and its allocation (ALLOCATION_COLUMNS, amounts for the plan period)."""

    header: dict
    settings: dict
    allocation: pd.DataFrame

    @property
    def weeks(self) -> int:
        return plan_weeks(self.settings)

    @property
    def read_only(self) -> bool:
        return self.header["status"] == "approved"


def load_plan(bind: Bind, plan_id: int) -> StoredPlan:
    """A saved revision with its allocation; UserError when it does not exist (any more)."""
    plans = select(
        *(getattr(BudgetPlan, c) for c in PLAN_COLUMNS if c != "weeks"), BudgetPlan.settings
    ).where(BudgetPlan.id == plan_id)
    cells = (
        select(
            MarketingChannel.code,
            Region.name,
            BudgetAllocation.spend,
            BudgetAllocation.locked,
            BudgetAllocation.min_spend,
            BudgetAllocation.max_spend,
            BudgetAllocation.expected_revenue,
            BudgetAllocation.expected_leads,
            BudgetAllocation.expected_reach,
        )
        .join(MarketingChannel, MarketingChannel.id == BudgetAllocation.marketing_channel_id)
        .join(Region, Region.id == BudgetAllocation.region_id)
        .where(BudgetAllocation.plan_id == plan_id)
        .order_by(MarketingChannel.code, Region.name)
    )
    with connected(bind) as conn:
        row = conn.execute(plans).mappings().first()
        if row is None:
            raise UserError(
                f"The budget plan with id {plan_id} does not exist (any more).",
                "Refresh the list of plans.",
            )
        allocation = _frame(conn, cells, ALLOCATION_COLUMNS[1:])
    header = {c: row[c] for c in PLAN_COLUMNS if c != "weeks"}
    settings = settings_dict(row["settings"])
    header["weeks"] = plan_weeks(settings)
    allocation.insert(0, "cell", _cell(allocation))
    allocation["locked"] = allocation["locked"].fillna(False).astype(bool)
    for column in ALLOCATION_COLUMNS[3:]:
        if column != "locked":
            allocation[column] = pd.to_numeric(allocation[column], errors="coerce").astype(float)
    return StoredPlan(header, settings, allocation)
