"""Work the inventory panel runs off the GUI thread (through ctx.run / ViewState.run).

Each function takes the panel's `Database`, plain arguments and the runner's `task` keyword,
and returns plain data; the SQL and the maths are in console.db.queries.inventory,
console.db.transfers and console.services (this module only wires them to progress and
cancellation). It is the panel's only door to the console besides console.api: the views
import their data types from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from console.api import translate
from console.db import transfers
from console.db.queries import inventory as q
from console.db.queries.inventory import PlanSettings, StockScope
from console.db.transfers import StaleProposal
from console.services.permissions import CurrentUser
from console.services.rebalancing_network import LaneCosts
from console.services.stock_metrics import ALERT_STATUSES, MonitorSettings, alert_list, rollup

__all__ = [  # what the views use besides the task functions (they import nothing else)
    "ALERT_STATUSES",
    "LaneCosts",
    "MonitorSettings",
    "PlanSettings",
    "StaleProposal",
    "StockScope",
]

HEATMAP_CAP_DAYS = 999.0
"""Days of cover above this (or infinite: stock and no demand) are shown as this value."""


@dataclass(frozen=True)
class MonitorData:
    """What the monitor shows: alerts and slow movers (largest money at risk first), the
    days-of-cover matrix (rows categories, columns regions) with the names of both, the KPI
    cards' totals and the settings they were computed with."""

    alerts: pd.DataFrame
    cover: pd.DataFrame
    rows: pd.DataFrame
    columns: pd.DataFrame
    totals: dict[str, float]
    settings: MonitorSettings


def load_choices(database, *, task) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Regions and top-level categories (code, name, name_zh) for the scope pickers."""
    return q.scope_choices(database.engine)


def load_monitor(database, settings: MonitorSettings, scope: StockScope, *, task) -> MonitorData:
    task.progress(0, 3, "")
    metrics = q.monitor(database.engine, settings, scope)
    task.progress(2, 3, "")
    alerts = alert_list(metrics, statuses=(*ALERT_STATUSES, "slow"))
    table = rollup(metrics, ["region", "category"])
    cover = table.pivot(index="category", columns="region", values="days_of_cover")
    cover = cover.clip(upper=HEATMAP_CAP_DAYS).replace(np.inf, HEATMAP_CAP_DAYS)
    names = ["name", "name_zh"]
    regions = metrics.drop_duplicates("region").set_index("region")[
        ["region_name", "region_name_zh"]
    ]
    categories = metrics.drop_duplicates("category").set_index("category")[
        ["category_name", "category_name_zh"]
    ]
    totals = {
        "rows": float(len(metrics)),
        "stockout": float((metrics["status"] == "stockout").sum()),
        "overstock": float((metrics["status"] == "overstock").sum()),
        "slow": float((metrics["status"] == "slow").sum()),
        "money_at_risk": float(metrics["money_at_risk"].sum()),
    }
    task.progress(3, 3, "")
    return MonitorData(
        alerts=alerts,
        cover=cover,
        rows=categories.reindex(cover.index).set_axis(names, axis=1),
        columns=regions.reindex(cover.columns).set_axis(names, axis=1),
        totals=totals,
        settings=settings,
    )


def load_history(database, sku: str, location: str | None, *, task) -> q.SkuHistory:
    return q.sku_history(database.engine, sku, location)


@dataclass(frozen=True)
class ProposalData:
    summary: dict[str, Any]
    lines: pd.DataFrame


def load_proposals(database, *, task) -> pd.DataFrame:
    return q.proposals(database.engine)


def load_proposal(database, proposal_id: int, *, task) -> ProposalData:
    return ProposalData(
        q.proposal_summary(database.engine, proposal_id),
        q.proposal_lines(database.engine, proposal_id),
    )


def propose_and_save(
    database,
    user: CurrentUser,
    scope: StockScope,
    settings: PlanSettings,
    *,
    task,
) -> ProposalData:
    """Compute a proposal for the scope (progress bar, Cancel) and store it as open."""
    phases = dict(
        zip(
            q.PROPOSE_PHASES,
            (
                translate("inventory", "Loading stock…"),
                translate("inventory", "Building lanes…"),
                translate("inventory", "Checking the data…"),
                translate("inventory", "Optimising transfers…"),
                translate("inventory", "Saving the proposal…"),
            ),
            strict=True,
        )
    )
    plan = q.propose(
        database.engine,
        scope,
        settings,
        progress=lambda done, total, label: task.progress(done, total, phases[label]),
        cancelled=lambda: task.cancelled,
    )
    task.check()
    proposal_id = transfers.save_proposal(database.sessions, user, plan)
    return load_proposal(database, proposal_id, task=task)


def edit_proposal(
    database, user: CurrentUser, proposal_id: int, version: int, lines: pd.DataFrame, *, task
) -> ProposalData:
    transfers.update_proposal_lines(database.sessions, user, proposal_id, lines, version=version)
    return load_proposal(database, proposal_id, task=task)


def approve_proposal(database, user: CurrentUser, proposal_id: int, *, task) -> list[str]:
    return transfers.approve_proposal(database.sessions, user, proposal_id)


def discard_proposal(database, user: CurrentUser, proposal_id: int, version: int, *, task):
    transfers.discard_proposal(database.sessions, user, proposal_id, version=version)
    return proposal_id


def load_transfers(database, statuses: tuple[str, ...], *, task) -> pd.DataFrame:
    return q.transfers(database.engine, statuses)


def load_transfer_lines(database, transfer_id: int, *, task) -> pd.DataFrame:
    return q.transfer_lines(database.engine, transfer_id)


TRANSFER_ACTIONS = {
    "ship": transfers.ship_transfer,
    "receive": transfers.receive_transfer,
    "cancel": transfers.cancel_transfer,
}


def act_on_transfer(database, user: CurrentUser, action: str, transfer_id: int, *, task) -> int:
    TRANSFER_ACTIONS[action](database.sessions, user, transfer_id)
    return transfer_id


def load_orders(database, *, task) -> pd.DataFrame:
    return q.online_orders(database.engine)


def load_sourcing(database, order_no: str, *, task) -> q.OrderSourcing:
    return q.order_sourcing(database.engine, order_no)
