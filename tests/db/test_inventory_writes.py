"""Proposals and transfer orders on SQLite and PostgreSQL: stock never goes negative, approving
twice (also two sessions racing) moves stock once, a stale proposal is refused with the rows
that changed, ship and receive write the movements, read-only roles are refused."""

from __future__ import annotations

import threading
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import delete, func, select

from console.db.database import Database
from console.db.migrate import upgrade
from console.db.models import (
    AuditEntry,
    Category,
    City,
    Dealer,
    InventoryLevel,
    Location,
    RebalanceProposal,
    RebalanceProposalLine,
    Region,
    Sku,
    StockMovement,
    StockTransfer,
    StockTransferLine,
    TransportLane,
)
from console.db.queries import inventory as q
from console.db.transfers import (
    StaleProposal,
    approve_proposal,
    cancel_transfer,
    discard_proposal,
    receive_transfer,
    save_proposal,
    ship_transfer,
    update_proposal_lines,
)
from console.db.uow import unit_of_work
from console.errors import ConflictError, PermissionDenied, UserError, ValidationError
from console.services.permissions import CurrentUser
from tests.fixtures.databases import BOTH_KINDS, module_database

PLANNER = CurrentUser("planner", "supply_chain")
EXEC = CurrentUser("boss", "executive")

# (code, kind, lat, lon): two stores close to the warehouse, one experience store
PLACES = [
    ("W1", "warehouse", 31.20, 121.40),
    ("S1", "direct", 31.25, 121.45),
    ("S2", "franchise", 30.27, 120.15),
    ("E1", "experience", 31.22, 121.48),
]
# (location, sku, on_hand, reserved, safety, target): W1 and S1 have surplus, S1/S2 need
LEVELS = [
    ("W1", "A", 20, 0, 2, 5),
    ("S1", "A", 0, 0, 1, 6),
    ("S2", "A", 1, 0, 1, 4),
    ("S1", "B", 10, 0, 1, 3),
    ("S2", "B", 0, 0, 1, 2),
    ("W1", "B", 0, 0, 0, 0),
]


def _seed(database: Database) -> None:
    """Migrate and fill the tiny network (once per module and database kind)."""
    upgrade(database.engine)
    with database.session() as s:
        s.add(Region(id=1, code="EAST", name="East", name_zh="华东"))
        s.flush()
        s.add(
            City(
                id=1,
                region_id=1,
                code="SH",
                name="Shanghai",
                name_zh="上海",
                province="Shanghai",
                province_zh="上海",
                postcode_prefix="200",
                tier=1,
                lat=31.23,
                lon=121.47,
            )
        )
        s.add(Category(id=1, code="SOFA", name="Sofas", name_zh="沙发"))
        s.flush()
        s.add(
            Dealer(
                id=1,
                code="D001",
                name="Shanghai Home",
                name_zh="上海家居",
                legal_entity="Shanghai Home Co., Ltd.",
                credit_code="91310000MA1FL0000A",
                tier="gold",
                region_id=1,
                contract_start=date(2024, 1, 1),
            )
        )
        s.flush()
        for i, (code, kind, lat, lon) in enumerate(PLACES, 1):
            s.add(
                Location(
                    id=i,
                    code=code,
                    name=code,
                    name_zh=code,
                    kind=kind,
                    dealer_id=1 if kind == "franchise" else None,
                    city_id=1,
                    lat=lat,
                    lon=lon,
                    opened_on=date(2024, 1, 1),
                )
            )
        for i, code in enumerate("AB", 1):
            s.add(
                Sku(
                    id=i,
                    code=code,
                    name=code,
                    name_zh=code,
                    category_id=1,
                    price=1000,
                    cost=600,
                    volume_m3=1,
                )
            )
        s.flush()
        s.commit()


WRITTEN = (
    AuditEntry,
    StockMovement,
    StockTransferLine,
    StockTransfer,
    RebalanceProposalLine,
    RebalanceProposal,
    TransportLane,
    InventoryLevel,
)
"""Tables the tests write, emptied (children first) before each test refills the levels."""


@pytest.fixture(scope="module", params=BOTH_KINDS)
def network(request, tmp_path_factory):
    """The tiny network on SQLite and on PostgreSQL, built once per module."""
    with module_database(request, tmp_path_factory, _seed) as database:
        yield database


@pytest.fixture
def db(network):
    """The tiny network with its stock levels as in LEVELS and nothing else written."""
    with network.session() as s:
        for model in WRITTEN:
            s.execute(delete(model))
        ids = {code: i for i, (code, *_rest) in enumerate(PLACES, 1)}
        for loc, sku, on_hand, reserved, safety, target in LEVELS:
            s.add(
                InventoryLevel(
                    location_id=ids[loc],
                    sku_id=" AB".index(sku),
                    on_hand=on_hand,
                    reserved=reserved,
                    online_hold=0,
                    safety_stock=safety,
                    target_stock=target,
                )
            )
        s.commit()
    return network


def _level(db: Database, location: str, sku: str) -> InventoryLevel:
    with db.session() as s:
        return s.scalars(
            select(InventoryLevel)
            .join(Location, Location.id == InventoryLevel.location_id)
            .join(Sku, Sku.id == InventoryLevel.sku_id)
            .where(Location.code == location, Sku.code == sku)
        ).one()


def _count(db: Database, model, *where) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _stock(db: Database) -> dict[tuple[str, str], tuple[int, int]]:
    levels = q.stock_levels(db.engine)
    return {(r.location, r.sku): (int(r.on_hand), int(r.reserved)) for r in levels.itertuples()}


def _plan(db: Database) -> q.RebalancePlan:
    return q.propose(db.engine)


def _sell(db: Database, location: str, sku: str, units: int) -> None:
    """A sale elsewhere in the console: on_hand drops by `units`."""
    with unit_of_work(db.sessions, PLANNER, "inventory.edit") as uow:
        level = uow.session.get(
            InventoryLevel,
            (
                uow.session.scalar(select(Location.id).where(Location.code == location)),
                uow.session.scalar(select(Sku.id).where(Sku.code == sku)),
            ),
        )
        level.on_hand -= units


def test_plan_moves_surplus_to_need_and_leaves_experience_store_out(db):
    plan = _plan(db)
    moved = plan.result.transfers.groupby(["sku", "to"])["qty"].sum().to_dict()
    # every need is reachable and cheaper to meet than to leave unmet
    assert moved == {("A", "S1"): 6, ("A", "S2"): 3, ("B", "S2"): 2}
    assert "E1" not in set(plan.stock["location"])
    assert plan.result.optimal and plan.result.unmet_units == 0
    # donors keep max(target, safety): W1 may give 15 units of A, S1 7 of B
    given = plan.result.transfers.groupby(["from", "sku"])["qty"].sum()
    assert given[("W1", "A")] <= 15 and given[("S1", "B")] <= 7


def test_approve_reserves_once_and_creates_transfer_orders(db):
    plan = _plan(db)
    pid = save_proposal(db.sessions, PLANNER, plan)
    codes = approve_proposal(db.sessions, PLANNER, pid)
    lanes = plan.result.transfers.groupby(["from", "to"]).ngroups
    assert len(codes) == lanes == _count(db, StockTransfer, StockTransfer.status == "approved")
    after_first = _stock(db)
    given = plan.result.transfers.groupby(["from", "sku"])["qty"].sum()
    for (src, sku), qty in given.items():
        assert after_first[(src, sku)][1] == qty  # reserved, still on hand
    with pytest.raises(UserError, match="already approved"):
        approve_proposal(db.sessions, PLANNER, pid)
    assert _stock(db) == after_first
    assert _count(db, StockTransfer, StockTransfer.proposal_id == pid) == lanes
    with db.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "approve")).one()
        assert s.scalar(select(func.count()).where(AuditEntry.action == "propose")) == 1
    assert (audit.username, audit.after["transfers"]) == ("planner", codes)
    assert sorted(map(tuple, audit.after["reserved"])) == sorted(
        (src, sku, qty) for (src, sku), qty in given.items()
    )


def _race(db: Database, *proposal_ids: int) -> list[object]:
    """Approve each proposal from its own thread and session, released at the same moment."""
    barrier = threading.Barrier(len(proposal_ids))
    outcomes: list[object] = [None] * len(proposal_ids)

    def run(slot: int, pid: int) -> None:
        barrier.wait()
        try:
            outcomes[slot] = approve_proposal(db.sessions, PLANNER, pid)
        except Exception as exc:  # collected and checked by the test
            outcomes[slot] = exc

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(proposal_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_two_sessions_approving_the_same_proposal_move_stock_once(db):
    plan = _plan(db)
    pid = save_proposal(db.sessions, PLANNER, plan)
    outcomes = _race(db, pid, pid)
    won = [o for o in outcomes if isinstance(o, list)]
    lost = [o for o in outcomes if isinstance(o, Exception)]
    assert len(won) == 1 and len(lost) == 1
    assert isinstance(lost[0], UserError), repr(lost[0])
    given = plan.result.transfers.groupby(["from", "sku"])["qty"].sum()
    stock = _stock(db)
    for (src, sku), qty in given.items():
        assert stock[(src, sku)][1] == qty
    assert _count(db, StockTransfer, StockTransfer.proposal_id == pid) == len(won[0])


def test_racing_proposals_on_the_same_donor_second_is_refused_cleanly(db):
    first = save_proposal(db.sessions, PLANNER, _plan(db))
    second = save_proposal(db.sessions, PLANNER, _plan(db))
    outcomes = _race(db, first, second)
    won = [o for o in outcomes if isinstance(o, list)]
    lost = [o for o in outcomes if isinstance(o, Exception)]
    assert len(won) == 1 and len(lost) == 1
    assert isinstance(lost[0], StaleProposal | ConflictError), repr(lost[0])
    for (_loc, _sku), (on_hand, reserved) in _stock(db).items():
        assert 0 <= reserved <= on_hand
    assert _count(db, StockTransfer, StockTransfer.proposal_id.is_not(None)) == len(won[0])


def test_stale_proposal_is_refused_with_the_changed_rows_and_can_be_recomputed(db):
    pid = save_proposal(db.sessions, PLANNER, _plan(db))
    _sell(db, "W1", "A", 4)
    with pytest.raises(StaleProposal) as refused:
        approve_proposal(db.sessions, PLANNER, pid)
    stale = refused.value.stale
    row = stale[(stale["location"] == "W1") & (stale["column"] == "on_hand")].iloc[0]
    assert (row["sku"], row["proposed_with"], row["now"]) == ("A", 20.0, 16.0)
    assert "W1" in refused.value.problem and "Recompute" in refused.value.fix
    assert _count(db, StockTransfer, StockTransfer.proposal_id == pid) == 0
    assert _level(db, "W1", "A").reserved == 0
    with db.session() as s:
        assert s.get(RebalanceProposal, pid).status == "stale"
    scope, settings = refused.value.recompute_args()
    fresh = q.propose(db.engine, scope, settings)
    codes = approve_proposal(db.sessions, PLANNER, save_proposal(db.sessions, PLANNER, fresh))
    assert codes and _level(db, "W1", "A").reserved > 0


def test_ship_and_receive_write_movements(db):
    plan = _plan(db)
    approve_proposal(db.sessions, PLANNER, save_proposal(db.sessions, PLANNER, plan))
    transfers = q.transfers(db.engine, ["approved"])
    row = transfers[(transfers["from"] == "W1") & (transfers["to"] == "S1")].iloc[0]
    tid = int(row["id"])
    qty = int(plan.result.transfers.query("`from` == 'W1' and to == 'S1'")["qty"].sum())
    assert (
        _level(db, "W1", "A").reserved
        == plan.result.transfers.query("`from` == 'W1' and sku == 'A'")["qty"].sum()
    )
    reserved_before = _level(db, "W1", "A").reserved

    ship_transfer(db.sessions, PLANNER, tid)
    donor = _level(db, "W1", "A")
    assert (donor.on_hand, donor.reserved) == (20 - qty, reserved_before - qty)
    levels = q.stock_levels(db.engine).set_index(["location", "sku"])
    assert levels.loc[("S1", "A"), "in_transit"] == qty
    with pytest.raises(UserError, match="in_transit"):
        ship_transfer(db.sessions, PLANNER, tid)
    with pytest.raises(UserError, match="cannot be cancelled"):
        cancel_transfer(db.sessions, PLANNER, tid)

    receive_transfer(db.sessions, PLANNER, tid)
    assert _level(db, "S1", "A").on_hand == qty
    with db.session() as s:
        moves = s.execute(
            select(StockMovement.kind, StockMovement.qty).where(StockMovement.transfer_id == tid)
        ).all()
    assert sorted(moves) == [("transfer_in", qty), ("transfer_out", -qty)]
    assert (
        q.stock_levels(db.engine).set_index(["location", "sku"]).loc[("S1", "A"), "in_transit"] == 0
    )
    history = q.sku_history(db.engine, "A", "S1", days=7)
    assert history.timeline["stock"].iloc[-1] == qty
    assert history.timeline["transfer_in"].sum() == qty


def test_cancel_releases_the_reservation(db):
    approve_proposal(db.sessions, PLANNER, save_proposal(db.sessions, PLANNER, _plan(db)))
    for tid in q.transfers(db.engine, ["approved"])["id"]:
        cancel_transfer(db.sessions, PLANNER, int(tid))
    assert all(reserved == 0 for _on_hand, reserved in _stock(db).values())
    assert _count(db, StockTransfer, StockTransfer.status == "cancelled") > 0


def test_shipping_stock_the_donor_no_longer_holds_is_refused_and_nothing_moves(db):
    approve_proposal(db.sessions, PLANNER, save_proposal(db.sessions, PLANNER, _plan(db)))
    transfers = q.transfers(db.engine, ["approved"])
    tid = int(transfers[transfers["from"] == "W1"]["id"].iloc[0])
    with db.session() as s:  # a stock count found most units missing
        level = s.get(InventoryLevel, (1, 1))
        level.reserved, level.on_hand = 0, 1
        s.commit()
    with pytest.raises(UserError, match="no longer holds"):
        ship_transfer(db.sessions, PLANNER, tid)
    assert _level(db, "W1", "A").on_hand == 1
    assert _count(db, StockMovement) == 0
    assert q.transfers(db.engine).set_index("id").loc[tid, "status"] == "approved"


def test_edit_is_validated_and_recosted(db):
    plan = _plan(db)
    pid = save_proposal(db.sessions, PLANNER, plan)
    lines = q.proposal_lines(db.engine, pid)[["sku", "from", "to", "qty"]]
    too_many = lines.assign(qty=lines["qty"] + 50)
    with pytest.raises(ValidationError) as refused:
        update_proposal_lines(db.sessions, PLANNER, pid, too_many)
    assert any("may give only" in reason for _where, reason in refused.value.problems)

    kept = lines.iloc[1:]
    result = update_proposal_lines(db.sessions, PLANNER, pid, kept, version=1)
    assert len(result.transfers) == len(kept)
    stored = q.proposals(db.engine).set_index("id").loc[pid]
    assert stored["lines"] == len(kept) and not stored["optimal"]
    removed = lines.iloc[0]
    penalty = 1000 - 600  # margin lost per unit left unmet
    assert stored["total_cost"] == pytest.approx(
        plan.result.total_cost + removed["qty"] * (penalty - _unit_cost(plan, removed)), abs=0.02
    )
    with pytest.raises(ConflictError):
        update_proposal_lines(db.sessions, PLANNER, pid, kept, version=1)
    update_proposal_lines(db.sessions, PLANNER, pid, kept.iloc[:0], version=2)
    with pytest.raises(UserError, match="no lines"):
        approve_proposal(db.sessions, PLANNER, pid)
    assert _count(db, StockTransfer) == 0 and _level(db, "W1", "A").reserved == 0


def _unit_cost(plan: q.RebalancePlan, line: pd.Series) -> float:
    t = plan.result.transfers
    match = t[(t["sku"] == line["sku"]) & (t["from"] == line["from"]) & (t["to"] == line["to"])]
    return float(match["unit_cost"].iloc[0])


def test_forbidden_lane_is_not_used(db):
    with db.session() as s:
        s.add(TransportLane(from_location_id=1, to_location_id=2, unit_cost=1, forbidden=True))
        s.commit()
    plan = _plan(db)
    used = set(zip(plan.result.transfers["from"], plan.result.transfers["to"], strict=True))
    assert ("W1", "S1") not in used


def test_read_only_role_is_refused_everywhere(db):
    plan = _plan(db)
    with pytest.raises(PermissionDenied):
        save_proposal(db.sessions, EXEC, plan)
    pid = save_proposal(db.sessions, PLANNER, plan)
    for action in (approve_proposal, discard_proposal):
        with pytest.raises(PermissionDenied):
            action(db.sessions, EXEC, pid)
    approve_proposal(db.sessions, PLANNER, pid)
    tid = int(q.transfers(db.engine)["id"].iloc[0])
    for action in (ship_transfer, receive_transfer, cancel_transfer):
        with pytest.raises(PermissionDenied):
            action(db.sessions, EXEC, tid)
    assert q.transfers(db.engine)["status"].eq("approved").all()
    assert _count(db, StockMovement) == 0
