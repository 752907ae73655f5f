"""Budget plans on SQLite and PostgreSQL: save as named versions (revision n + 1, never an
overwrite), submit (marketing) -> approve / reject (admin), approved plans read-only in the
service layer, roles refused (executive saves, marketing approves), optimistic locking (a
stale version and a newer revision saved meanwhile are conflicts), every change audited.
On the demo data: reading the history, the seeder's curves and its plans, and the fitted
curves recovering the seeder's generating curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import event, func, select

from console.db import budget_writes as w
from console.db.database import Database
from console.db.engine import make_engine
from console.db.geo import Region
from console.db.marketing import BudgetAllocation, BudgetPlan, MarketingChannel
from console.db.migrate import upgrade
from console.db.queries import budget as q
from console.db.users import AuditEntry, User
from console.errors import ConflictError, PermissionDenied, UserError, ValidationError
from console.services.budget_optimizer import (
    Constraints,
    Objective,
    evaluate_plan,
    optimize_budget,
)
from console.services.permissions import CurrentUser
from console.services.response_curves import fit_response_curves, hill
from tests.fixtures.databases import BOTH_KINDS, module_database

MARKETING = CurrentUser("mia", "marketing")
OTHER_MARKETING = CurrentUser("max", "marketing")
ADMIN = CurrentUser("ada", "admin")
EXEC = CurrentUser("boss", "executive")
CELLS = ["SEARCH|East", "SEARCH|North", "EVENTS|East", "EVENTS|North"]


def _seed(database: Database) -> None:
    upgrade(database.engine)
    with database.session() as s:
        s.add_all(
            [
                Region(id=1, code="EAST", name="East", name_zh="华东"),
                Region(id=2, code="NORTH", name="North", name_zh="华北"),
                MarketingChannel(
                    id=1, code="SEARCH", name="Search", name_zh="搜索", online=True,
                    kind="performance",
                ),
                MarketingChannel(
                    id=2, code="EVENTS", name="Events", name_zh="活动", online=False, kind="mixed"
                ),
            ]
        )  # fmt: skip
        s.commit()


@pytest.fixture(scope="module", params=BOTH_KINDS)
def network(request, tmp_path_factory):
    with module_database(request, tmp_path_factory, _seed) as database:
        yield database


@pytest.fixture
def db(network):
    """The module's database without plans or audit entries (each test starts clean)."""
    with network.session() as s:
        s.query(BudgetAllocation).delete()
        s.query(BudgetPlan).delete()
        s.query(AuditEntry).delete()
        s.commit()
    return network


def draft(name: str = "Spring launch", spend=(100.0, 200.0, 300.0, 400.0), **changes):
    allocation = pd.DataFrame(
        {
            "cell": CELLS,
            "spend": list(spend),
            "locked": [True, False, False, False],
            "min_spend": [None, 50.0, None, None],
            "max_spend": [None, None, 350.0, None],
            "expected_revenue": [400.0, 700.0, 900.0, 1000.0],
        }
    )
    values = {
        "name": name,
        "objective": "mix",
        "total_budget": 1000.0,
        "allocation": allocation,
        "brand_weight": 0.3,
        "weeks": 13,
        "settings": {"online_share": [0.2, 0.8], "bounds": {"SEARCH|North": {"min": 50.0}}},
    }
    return w.PlanDraft(**(values | changes))


def _audit(db: Database) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _plans(db: Database) -> pd.DataFrame:
    return q.plans_frame(db.engine)


# -- save as named versions --------------------------------------------------------------------


def test_save_creates_revision_one_with_its_allocation_and_is_audited(db):
    saved = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    assert (saved.name, saved.revision, saved.version) == ("Spring launch", 1, 1)
    stored = q.load_plan(db.engine, saved.id)
    assert stored.header["status"] == "draft" and stored.header["created_by"] == "mia"
    assert stored.header["objective"] == "mix" and stored.header["brand_weight"] == 0.3
    assert stored.weeks == 13 and stored.settings["online_share"] == [0.2, 0.8]
    cells = stored.allocation.set_index("cell")
    assert sorted(cells.index) == sorted(CELLS)
    assert cells.loc["EVENTS|North", "spend"] == 400.0
    assert bool(cells.loc["SEARCH|East", "locked"]) and not cells.loc["EVENTS|East", "locked"]
    assert cells.loc["SEARCH|North", "min_spend"] == 50.0
    assert pd.isna(cells.loc["SEARCH|East", "min_spend"])
    assert cells.loc["EVENTS|East", "max_spend"] == 350.0
    assert cells.loc["EVENTS|North", "expected_revenue"] == 1000.0
    assert pd.isna(cells.loc["EVENTS|North", "expected_leads"])
    (entry,) = _audit(db)
    assert (entry.username, entry.action, entry.entity, entry.entity_id) == (
        "mia",
        "create",
        "budget_plan",
        str(saved.id),
    )
    assert entry.before is None and entry.after["revision"] == 1
    assert entry.after["allocation"]["EVENTS|North"] == 400.0


def test_saving_again_adds_the_next_revision_and_keeps_the_first(db):
    first = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    second = w.save_plan(
        db.sessions, MARKETING, draft(spend=(100.0, 100.0, 100.0, 100.0)), based_on_revision=1
    )
    assert second.revision == 2 and second.id != first.id
    plans = _plans(db)
    assert plans["revision"].tolist() == [1, 2]
    assert q.load_plan(db.engine, first.id).allocation["spend"].sum() == 1000.0
    assert q.load_plan(db.engine, second.id).allocation["spend"].sum() == 400.0
    other = w.save_plan(db.sessions, MARKETING, draft(name="Autumn"), based_on_revision=0)
    assert other.revision == 1


def test_a_newer_revision_saved_meanwhile_is_a_conflict_unless_saved_anyway(db):
    w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    # both opened revision 1; the other manager saves first
    w.save_plan(db.sessions, OTHER_MARKETING, draft(), based_on_revision=1)
    with pytest.raises(ConflictError) as caught:
        w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=1)
    assert caught.value.stored["revision"] == 2 and caught.value.stored["created_by"] == "max"
    assert caught.value.mine["based_on_revision"] == 1
    assert len(_plans(db)) == 2
    saved = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=None)
    assert saved.revision == 3


def test_invalid_drafts_are_refused_naming_the_fields_and_nothing_is_written(db):
    bad = draft(
        name="  ",
        objective="profit",
        brand_weight=1.5,
        spend=(100.0, -5.0, float("nan"), 10.0),
    )
    with pytest.raises(ValidationError) as caught:
        w.save_plan(db.sessions, MARKETING, bad, based_on_revision=0)
    fields = [where for where, _ in caught.value.problems]
    assert fields == [
        "name",
        "objective",
        "brand_weight",
        "SEARCH|North.spend",
        "EVENTS|East.spend",
    ]
    unknown = draft()
    unknown.allocation.loc[0, "cell"] = "RADIO|East"
    with pytest.raises(ValidationError) as caught:
        w.save_plan(db.sessions, MARKETING, unknown, based_on_revision=0)
    assert caught.value.problems[0][0] == "RADIO|East"
    with pytest.raises(ValidationError) as caught:
        w.save_plan(db.sessions, MARKETING, draft(total_budget=900.0), based_on_revision=0)
    assert caught.value.problems[0][0] == "total_budget"
    with pytest.raises(ValidationError) as caught:
        w.save_plan(
            db.sessions, MARKETING, draft(settings={"cap": float("nan")}), based_on_revision=0
        )
    assert caught.value.problems[0][0] == "settings"
    assert _plans(db).empty and _audit(db) == []


# -- submit -> approve / reject ----------------------------------------------------------------


def test_submit_then_approve_makes_the_plan_read_only(db):
    saved = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    version = w.submit_plan(db.sessions, MARKETING, saved.id, saved.version)
    assert version == 2
    version = w.approve_plan(db.sessions, ADMIN, saved.id, version, "Go ahead")
    stored = q.load_plan(db.engine, saved.id)
    assert stored.header["status"] == "approved" and stored.read_only
    assert stored.header["submitted_by"] == "mia" and stored.header["decided_by"] == "ada"
    assert stored.header["decided_at"] is not None and stored.header["comment"] == "Go ahead"
    for act in (
        lambda: w.submit_plan(db.sessions, MARKETING, saved.id, version),
        lambda: w.approve_plan(db.sessions, ADMIN, saved.id, version),
        lambda: w.reject_plan(db.sessions, ADMIN, saved.id, version, "No"),
        lambda: w.delete_plan(db.sessions, ADMIN, saved.id, version),
    ):
        with pytest.raises(UserError, match="approved and read-only"):
            act()
    assert q.load_plan(db.engine, saved.id).header["version"] == version
    actions = [(e.username, e.action) for e in _audit(db)]
    assert actions == [("mia", "create"), ("mia", "submit"), ("ada", "approve")]
    approve = _audit(db)[-1]
    assert approve.before["status"] == "submitted" and approve.after["status"] == "approved"
    # a change to an approved plan is a new revision, a draft again
    revised = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=1)
    assert revised.revision == 2
    assert q.load_plan(db.engine, revised.id).header["status"] == "draft"


def test_reject_needs_a_reason_and_a_rejected_plan_can_be_deleted(db):
    saved = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    version = w.submit_plan(db.sessions, MARKETING, saved.id, saved.version)
    with pytest.raises(ValidationError) as caught:
        w.reject_plan(db.sessions, ADMIN, saved.id, version, "  ")
    assert caught.value.problems == [("comment", "is empty")]
    version = w.reject_plan(db.sessions, ADMIN, saved.id, version, "Too much outdoor")
    stored = q.load_plan(db.engine, saved.id).header
    assert (stored["status"], stored["comment"]) == ("rejected", "Too much outdoor")
    with pytest.raises(UserError, match="only a draft plan can be submitted"):
        w.submit_plan(db.sessions, MARKETING, saved.id, version)
    w.delete_plan(db.sessions, MARKETING, saved.id, version)
    assert _plans(db).empty
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(BudgetAllocation)) == 0
    assert _audit(db)[-1].action == "delete" and _audit(db)[-1].after is None


def test_a_draft_cannot_be_approved_before_it_is_submitted(db):
    saved = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    with pytest.raises(UserError, match="only a submitted plan can be approved"):
        w.approve_plan(db.sessions, ADMIN, saved.id, saved.version)


# -- roles -------------------------------------------------------------------------------------


def test_executive_may_not_save_or_submit_and_marketing_may_not_decide(db):
    with pytest.raises(PermissionDenied, match=r"budget\.edit"):
        w.save_plan(db.sessions, EXEC, draft(), based_on_revision=0)
    saved = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    with pytest.raises(PermissionDenied, match=r"budget\.submit"):
        w.submit_plan(db.sessions, EXEC, saved.id, saved.version)
    version = w.submit_plan(db.sessions, MARKETING, saved.id, saved.version)
    with pytest.raises(PermissionDenied, match=r"budget\.approve"):
        w.approve_plan(db.sessions, MARKETING, saved.id, version)
    with pytest.raises(PermissionDenied, match=r"budget\.approve"):
        w.reject_plan(db.sessions, EXEC, saved.id, version, "no")
    assert q.load_plan(db.engine, saved.id).header["status"] == "submitted"
    assert [e.action for e in _audit(db)] == ["create", "submit"]


# -- optimistic locking ------------------------------------------------------------------------


def test_acting_on_a_version_somebody_changed_is_a_conflict(db):
    saved = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    w.submit_plan(db.sessions, MARKETING, saved.id, saved.version)
    # the admin's list still shows version 1 (a draft)
    with pytest.raises(ConflictError) as caught:
        w.approve_plan(db.sessions, ADMIN, saved.id, saved.version)
    assert caught.value.stored["status"] == "submitted" and caught.value.stored["version"] == 2
    with pytest.raises(ConflictError):
        w.delete_plan(db.sessions, MARKETING, saved.id, saved.version)
    assert q.load_plan(db.engine, saved.id).header["status"] == "submitted"


def test_a_race_lost_at_write_time_is_a_conflict(db):
    """The admin's session reads version 2; before it writes, another admin's decision
    commits. The UPDATE carries version 2, the version column refuses it, nothing is written
    and the audit holds only the winner's entry."""
    saved = w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)
    version = w.submit_plan(db.sessions, MARKETING, saved.id, saved.version)

    def racing_sessions():
        session = db.session()

        @event.listens_for(session, "before_flush", once=True)
        def other_admin_first(*_args):
            w.approve_plan(db.sessions, CurrentUser("li", "admin"), saved.id, version)

        return session

    with pytest.raises(ConflictError, match="at the same moment"):
        w.reject_plan(racing_sessions, ADMIN, saved.id, version, "late")
    stored = q.load_plan(db.engine, saved.id).header
    assert (stored["status"], stored["decided_by"]) == ("approved", "li")
    assert [(e.username, e.action) for e in _audit(db)][-1] == ("li", "approve")
    assert "reject" not in [e.action for e in _audit(db)]


def test_two_saves_of_the_same_name_at_once_are_a_conflict_not_a_duplicate(db):
    """Both savers find revision 1 the newest and ask for revision 2; the unique (name,
    revision) key refuses the later one, reported as a conflict with nothing written."""
    w.save_plan(db.sessions, MARKETING, draft(), based_on_revision=0)

    def racing_sessions():
        session = db.session()

        @event.listens_for(session, "before_flush", once=True)
        def other_saves_first(*_args):
            w.save_plan(db.sessions, OTHER_MARKETING, draft(), based_on_revision=1)

        return session

    with pytest.raises(ConflictError, match=r"revision 2 .* at the same moment"):
        w.save_plan(racing_sessions, MARKETING, draft(), based_on_revision=1)
    plans = _plans(db)
    assert plans["revision"].tolist() == [1, 2]
    assert plans["created_by"].tolist() == ["mia", "max"]
    assert [e.username for e in _audit(db)] == ["mia", "max"]


# -- the demo data ---------------------------------------------------------------------------


def test_demo_history_truth_and_plans_are_read_per_cell(small_db_url):
    engine = make_engine(small_db_url)
    history = q.history_frame(engine)
    truth = q.truth_curves(engine)
    channels, regions = q.channels_frame(engine), q.regions_frame(engine)
    cells = len(channels) * len(regions)
    assert list(history.columns) == list(q.HISTORY_COLUMNS)
    assert history.groupby(["channel", "region"]).ngroups == cells
    assert not history.duplicated(["channel", "region", "week_start"]).any()
    assert len(truth) == 3 * cells
    decay = truth["decay"]
    assert ((truth["gamma"] - truth["gamma_seeded"] * (1 - decay)).abs() < 1e-9).all()
    assert channels["online"].dtype == bool and channels["online"].any()
    plans = q.plans_frame(engine)
    assert {"approved", "draft"} <= set(plans["status"])
    approved = q.load_plan(engine, int(plans.loc[plans["status"] == "approved", "id"][0]))
    assert approved.read_only and len(approved.allocation) == cells
    assert abs(approved.allocation["spend"].sum() - approved.header["total_budget"]) < 1.0
    engine.dispose()


def test_the_seeded_plan_history_follows_the_roles(small_db_url):
    """Whoever the demo data says created, submitted or decided a plan holds the permission the
    service layer demands for that step (marketing submits, only an administrator approves)."""
    engine = make_engine(small_db_url)
    with engine.connect() as conn:
        roles = dict(conn.execute(select(User.username, User.role)).all())
    plans = q.plans_frame(engine)
    engine.dispose()
    steps = [("created_by", "budget.edit"), ("submitted_by", "budget.submit")]
    steps.append(("decided_by", "budget.approve"))
    checked = 0
    for plan in plans.itertuples():
        for column, permission in steps:
            username = getattr(plan, column)
            if isinstance(username, str):
                assert CurrentUser(username, roles[username]).can(permission), (plan, column)
                checked += 1
    decided = plans[plans["status"].isin(["approved", "rejected"])]
    assert len(decided) and decided["decided_by"].notna().all()
    assert decided["submitted_by"].notna().all() and checked >= 3 * len(decided)


def test_the_seeded_approved_plan_is_read_only_and_a_revision_of_it_saves(small_db_copy):
    database = Database(small_db_copy)
    try:
        plans = q.plans_frame(database.engine)
        approved = plans[plans["status"] == "approved"].iloc[0]
        with pytest.raises(UserError, match="read-only"):
            w.delete_plan(database.sessions, ADMIN, int(approved["id"]), int(approved["version"]))
        stored = q.load_plan(database.engine, int(approved["id"]))
        revision = w.PlanDraft(
            name=stored.header["name"],
            objective="revenue",
            total_budget=stored.header["total_budget"],
            allocation=stored.allocation,
            weeks=stored.weeks,
        )
        saved = w.save_plan(
            database.sessions, MARKETING, revision, based_on_revision=int(plans["revision"].max())
        )
        assert saved.revision == int(plans["revision"].max()) + 1
        reloaded = q.load_plan(database.engine, saved.id).allocation
        assert reloaded["spend"].sum() == pytest.approx(stored.allocation["spend"].sum(), abs=0.5)
    finally:
        database.dispose()


def test_fits_on_the_demo_history_recover_the_seeders_curves(small_db_url):
    """The small demo data (52 weeks per cell, 8% multiplicative noise, carry-over in the
    seeder's unnormalised form, converted by truth_curves) fitted with the services' Hill +
    adstock fit. Over the 5th..95th percentile of each cell's weekly spend (weeks with spend),
    the fitted steady-state response stays within a mean 20% of the generating curve for every
    one of the 168 curves, within 3% for the median curve and 7% for 90% of them (noise alone
    leaves about 2%). And what matters for planning: the revenue plan made from the fitted
    curves (cells within 50%..200% of current spend) earns, under the true curves, at least
    98% of the true curves' own optimum, and more than the current plan."""
    engine = make_engine(small_db_url)
    history, truth = q.history_frame(engine), q.truth_curves(engine)
    engine.dispose()
    fits = fit_response_curves(history)
    assert (fits["status"] == "ok").all()
    both = fits.merge(truth, on=["cell", "outcome"], suffixes=("", "_true"))
    assert len(both) == len(truth) == 168
    errors = []
    for row in both.itertuples():
        spend = history.loc[(history["channel"] == row.channel) & (history["region"] == row.region)]
        weekly = spend["spend"].to_numpy()
        grid = np.linspace(*np.percentile(weekly[weekly > 0], [5, 95]), 50)
        fitted = hill(grid, row.alpha, row.gamma, row.beta)
        generating = hill(grid, row.alpha_true, row.gamma_true, row.beta_true)
        errors.append(np.mean(np.abs(fitted / generating - 1)))
    errors = np.array(errors)
    assert errors.max() < 0.20
    assert np.median(errors) < 0.03
    assert np.quantile(errors, 0.9) < 0.07

    current = fits.drop_duplicates("cell").set_index("cell")["current_spend"]
    columns = ["cell", "channel", "region", "outcome", "alpha", "gamma", "beta", "current_spend"]
    true_curves = truth.assign(current_spend=truth["cell"].map(current))[columns]
    bounds = pd.DataFrame({"cell": current.index, "min_pct": 50.0, "max_pct": 200.0})
    constraints = Constraints(total=float(current.sum()), bounds=bounds)
    from_fits = optimize_budget(fits[columns], constraints, Objective("revenue"))
    best_true = optimize_budget(true_curves, constraints, Objective("revenue"))
    earned = evaluate_plan(true_curves, from_fits.allocation.set_index("cell")["spend"])
    earned_now = evaluate_plan(true_curves, current)
    assert earned["response"].sum() >= 0.98 * best_true.total_response
    assert earned["response"].sum() > earned_now["response"].sum()
