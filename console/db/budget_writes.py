"""Every change the budget panel makes to saved plans: save a named version, submit it,
approve or reject it, delete a draft.

Each function is one unit of work (console.db.uow): the role is checked (budget.edit to save
and delete, budget.submit to submit, budget.approve to decide), the input validated (nothing is
written unless all of it is valid), the row written with optimistic locking, and an audit entry
with the values before and after is added in the same transaction.

A save never changes a stored revision: it adds revision n + 1 under the plan's name, so every
version stays comparable. Approved revisions are read-only: submitting, deciding or deleting
one again is refused here, whatever the user interface shows. Amounts are for the plan period
(`weeks` weeks), as in console.db.queries.budget.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.db.geo import Region
from console.db.marketing import (
    OBJECTIVES,
    BudgetAllocation,
    BudgetPlan,
    MarketingChannel,
)
from console.db.uow import UnitOfWork, snapshot, unit_of_work
from console.errors import ConflictError, UserError, ValidationError, Word
from console.services.permissions import CurrentUser

SessionFactory = Callable[[], Session]
NAME_LENGTH = 120
COMMENT_LENGTH = 400
OUTCOME_COLUMNS = ("expected_revenue", "expected_leads", "expected_reach")


@dataclass(frozen=True)
class PlanDraft:
    """A plan to save. allocation: one row per cell with `cell` ("channel code|region name"),
    `spend` and optionally `locked`, `min_spend`, `max_spend` and OUTCOME_COLUMNS, amounts for
    the whole plan period. settings: JSON-able constraints and curve overrides to reopen with."""

    name: str
    objective: str
    total_budget: float
    allocation: pd.DataFrame
    brand_weight: float = 0.0
    weeks: int = 13
    settings: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SavedPlan:
    id: int
    name: str
    revision: int
    version: int


def _invalid(problems: list[tuple[str, str]]) -> ValidationError:
    where, reason = problems[0]
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    return ValidationError(
        f"The budget plan was not saved: {where} {reason}{more}.",
        "Correct the fields marked in the panel and save again.",
        problems=problems,
    )


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _check_header(draft: PlanDraft) -> list[tuple[str, str]]:
    problems = []
    name = (draft.name or "").strip()
    if not name:
        problems.append(("name", "is empty; give the plan a name"))
    elif len(name) > NAME_LENGTH:
        problems.append(("name", f"is longer than {NAME_LENGTH} characters"))
    if draft.objective not in OBJECTIVES:
        problems.append(("objective", f"'{draft.objective}' is not one of {', '.join(OBJECTIVES)}"))
    total = _number(draft.total_budget)
    if total is None or total < 0:
        problems.append(("total_budget", "must be an amount of zero or more"))
    weight = _number(draft.brand_weight)
    if weight is None or not 0 <= weight <= 1:
        problems.append(("brand_weight", "must be between 0 and 1"))
    if not isinstance(draft.weeks, int | np.integer) or not 1 <= draft.weeks <= 104:
        problems.append(("weeks", "must be a whole number of weeks from 1 to 104"))
    try:
        json.dumps(dict(draft.settings), allow_nan=False)
    except (TypeError, ValueError) as exc:
        problems.append(("settings", f"cannot be stored ({exc})"))
    return problems


def _cell_ids(session: Session, cells: pd.Series) -> tuple[np.ndarray, np.ndarray, list]:
    channels = dict(session.execute(select(MarketingChannel.code, MarketingChannel.id)).all())
    regions = dict(session.execute(select(Region.name, Region.id)).all())
    parts = cells.astype(str).str.split("|", n=1, expand=True).reindex(columns=[0, 1])
    channel_ids = parts[0].map(channels).to_numpy()
    region_ids = parts[1].map(regions).to_numpy()
    problems = []
    for cell, channel, region in zip(cells, channel_ids, region_ids, strict=True):
        if pd.isna(channel) or pd.isna(region):
            problems.append(
                (str(cell), "names no known marketing channel code and region ('CODE|Region')")
            )
    return channel_ids, region_ids, problems


def _check_allocation(
    session: Session, draft: PlanDraft
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    frame = draft.allocation
    if "cell" not in frame.columns or "spend" not in frame.columns:
        return frame, [("allocation", "needs the columns cell and spend")]
    frame = frame.reset_index(drop=True)
    problems = []
    duplicated = frame["cell"].astype(str).duplicated()
    problems += [(str(c), "is listed twice") for c in frame["cell"][duplicated]]
    channel_ids, region_ids, unknown = _cell_ids(session, frame["cell"])
    problems += unknown
    rows = {
        "cell": frame["cell"].astype(str),
        "marketing_channel_id": channel_ids,
        "region_id": region_ids,
    }
    for column in ("spend", "min_spend", "max_spend", *OUTCOME_COLUMNS):
        values = frame[column] if column in frame.columns else pd.Series(np.nan, frame.index)
        numbers = pd.to_numeric(values, errors="coerce")
        bad = (values.notna() & numbers.isna()) | (numbers < 0) | np.isinf(numbers)
        if column == "spend":
            bad |= numbers.isna()
        problems += [
            (f"{c}.{column}", "must be an amount of zero or more") for c in rows["cell"][bad]
        ]
        rows[column] = numbers
    locked = frame["locked"] if "locked" in frame.columns else pd.Series(False, frame.index)
    rows["locked"] = locked.fillna(False).astype(bool)
    checked = pd.DataFrame(rows)
    spent = float(checked["spend"].sum())
    total = _number(draft.total_budget)
    if not problems and total is not None and spent > total * (1 + 1e-9) + 0.01:
        problems.append(
            (
                "total_budget",
                f"{total:,.2f} is below the {spent:,.2f} the cells spend; raise it or "
                "lower the cells",
            )
        )
    return checked, problems


def _latest_revision(session: Session, name: str) -> BudgetPlan | None:
    return session.scalars(
        select(BudgetPlan).where(BudgetPlan.name == name).order_by(BudgetPlan.revision.desc())
    ).first()


def _summary(plan: BudgetPlan) -> dict:
    keys = ("name", "revision", "status", "objective", "total_budget", "created_by", "version")
    return {k: v for k, v in snapshot(plan).items() if k in keys}


def _audit_after(plan: BudgetPlan, cells: pd.DataFrame) -> dict:
    spend = dict(zip(cells["cell"], cells["spend"].round(2).astype(float), strict=True))
    return snapshot(plan) | {"allocation": spend}


def save_plan(
    session_factory: SessionFactory,
    user: CurrentUser,
    draft: PlanDraft,
    *,
    based_on_revision: int | None,
) -> SavedPlan:
    """Save `draft` as the next revision of its name (a draft).

    based_on_revision: the newest revision of this name the user had seen (0 for a name the
    user takes as new); when somebody saved a newer one since, ConflictError carries theirs
    (`stored`) and this draft (`mine`). None saves without that check (the "save anyway"
    choice after a conflict).
    """
    name = (draft.name or "").strip()
    mine = {
        "name": name,
        "objective": draft.objective,
        "total_budget": draft.total_budget,
        "based_on_revision": based_on_revision,
    }
    with unit_of_work(session_factory, user, "budget.edit") as uow:
        session = uow.session
        problems = _check_header(draft)
        cells, cell_problems = _check_allocation(session, draft)
        problems += cell_problems
        if problems:
            raise _invalid(problems)
        latest = _latest_revision(session, name)
        newest = latest.revision if latest is not None else 0
        if based_on_revision is not None and newest > based_on_revision:
            raise ConflictError(
                code="plan_newer_revision",
                params={"newest": newest, "name": name, "seen": based_on_revision},
                stored=_summary(latest),
                mine=mine,
            )
        plan = BudgetPlan(
            name=name,
            revision=newest + 1,
            status="draft",
            objective=draft.objective,
            total_budget=round(float(draft.total_budget), 2),
            brand_weight=float(draft.brand_weight),
            settings={**dict(draft.settings), "weeks": int(draft.weeks)},
            created_by=user.username,
        )
        optional = ("min_spend", "max_spend", *OUTCOME_COLUMNS)
        for row in cells.to_dict("records"):
            plan.allocations.append(
                BudgetAllocation(
                    marketing_channel_id=int(row["marketing_channel_id"]),
                    region_id=int(row["region_id"]),
                    spend=round(float(row["spend"]), 2),
                    locked=bool(row["locked"]),
                    **{c: None if pd.isna(row[c]) else float(row[c]) for c in optional},
                )
            )
        session.add(plan)
        _flush_new_revision(session, name, newest + 1, mine)
        uow.audit("create", "budget_plan", plan.id, None, _audit_after(plan, cells))
        return SavedPlan(plan.id, plan.name, plan.revision, plan.version)


def _flush_new_revision(session: Session, name: str, revision: int, mine: dict) -> None:
    """Two users saving the same name at once both ask for the same revision number: the
    unique (name, revision) key refuses the second, reported as a conflict."""
    try:
        session.flush()
    except IntegrityError as exc:
        if "unique" not in str(exc.orig).lower() and "duplicate" not in str(exc.orig).lower():
            raise
        raise ConflictError(
            code="plan_revision_race",
            params={"revision": revision, "name": name},
            mine=mine,
        ) from None


def _open_plan(
    uow: UnitOfWork, plan_id: int, seen_version: int | None, mine: dict
) -> tuple[BudgetPlan, dict]:
    plan = uow.session.get(BudgetPlan, plan_id)
    if plan is None:
        raise UserError(
            f"The budget plan with id {plan_id} does not exist (any more).",
            "Refresh the list of plans.",
        )
    before = snapshot(plan)
    if seen_version is not None and plan.version != seen_version:
        raise ConflictError(
            code="plan_changed",
            params={"name": plan.name, "revision": plan.revision, "status": Word(plan.status)},
            stored=_summary(plan),
            mine=mine,
        )
    return plan, before


def require_editable(plan: BudgetPlan, allowed: tuple[str, ...], action: str) -> None:
    """Approved plans are read-only; other actions need the status they start from."""
    label = f"The plan '{plan.name}' revision {plan.revision}"
    if plan.status == "approved":
        raise UserError(
            f"{label} is approved and read-only: it cannot be {action}.",
            "Save your changes as a new revision of the plan instead.",
        )
    if plan.status not in allowed:
        raise UserError(
            f"{label} is {plan.status}; only a {' or '.join(allowed)} plan can be {action}.",
            "Refresh the list of plans to see its current status.",
        )


def _change_status(
    session_factory: SessionFactory,
    user: CurrentUser,
    plan_id: int,
    seen_version: int | None,
    *,
    permission: str,
    allowed: tuple[str, ...],
    status: str,
    action: str,
    past: str,
    comment: str | None = None,
) -> int:
    mine = {"status": status, "comment": comment}
    with unit_of_work(session_factory, user, permission) as uow:
        plan, before = _open_plan(uow, plan_id, seen_version, mine)
        require_editable(plan, allowed, past)
        named = {"name": plan.name, "revision": plan.revision}  # read before a failed flush
        plan.status = status
        if status == "submitted":
            plan.submitted_by = user.username
        else:
            plan.decided_by = user.username
            plan.decided_at = datetime.now()
            plan.comment = comment
        try:
            uow.session.flush()
        except StaleDataError:
            raise ConflictError(
                code="plan_race",
                params=named,
                mine=mine,
            ) from None
        uow.audit(action, "budget_plan", plan_id, before, snapshot(plan))
        return plan.version


def submit_plan(
    session_factory: SessionFactory, user: CurrentUser, plan_id: int, seen_version: int | None
) -> int:
    """A draft goes to approval (marketing, admin). Returns the new version."""
    return _change_status(
        session_factory, user, plan_id, seen_version, permission="budget.submit",
        allowed=("draft",), status="submitted", action="submit", past="submitted",
    )  # fmt: skip


def approve_plan(
    session_factory: SessionFactory,
    user: CurrentUser,
    plan_id: int,
    seen_version: int | None,
    comment: str = "",
) -> int:
    """A submitted plan is approved (admin) and from then on read-only."""
    return _change_status(
        session_factory, user, plan_id, seen_version, permission="budget.approve",
        allowed=("submitted",), status="approved", action="approve", past="approved",
        comment=_comment(comment, required=False),
    )  # fmt: skip


def reject_plan(
    session_factory: SessionFactory,
    user: CurrentUser,
    plan_id: int,
    seen_version: int | None,
    comment: str,
) -> int:
    """A submitted plan is sent back (admin) with the reason; it can be revised as a new
    revision."""
    return _change_status(
        session_factory, user, plan_id, seen_version, permission="budget.approve",
        allowed=("submitted",), status="rejected", action="reject", past="rejected",
        comment=_comment(comment, required=True),
    )  # fmt: skip


def _comment(comment: str | None, *, required: bool) -> str | None:
    text = (comment or "").strip()
    if required and not text:
        raise ValidationError(
            "A rejection needs a reason.",
            "Write why the plan is rejected, so that its author can revise it.",
            problems=[("comment", "is empty")],
        )
    if len(text) > COMMENT_LENGTH:
        raise ValidationError(
            f"The comment is longer than {COMMENT_LENGTH} characters.",
            "Shorten the comment.",
            problems=[("comment", "too long")],
        )
    return text or None


def delete_plan(
    session_factory: SessionFactory, user: CurrentUser, plan_id: int, seen_version: int | None
) -> None:
    """Remove a draft or rejected revision (with its allocation); approved and submitted
    revisions stay."""
    with unit_of_work(session_factory, user, "budget.edit") as uow:
        plan, before = _open_plan(uow, plan_id, seen_version, {"deleted": True})
        require_editable(plan, ("draft", "rejected"), "deleted")
        uow.session.delete(plan)
        uow.audit("delete", "budget_plan", plan_id, before, None)
