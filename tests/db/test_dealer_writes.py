"""Dealer network writes on SQLite and PostgreSQL: create / edit / suspend with field-level
validation (nothing saved until valid), optimistic locking with two sessions (the second save
is refused with both sets of values), rules with conflict checks, and — on the demo data —
reassigning orders and issuing statements. Every change is audited with before/after."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, event, func, select

from console.db import dealer_writes as w
from console.db.database import Database
from console.db.dealer_ops import AssignmentRule, SettlementLine, SettlementStatement
from console.db.geo import City, Region
from console.db.migrate import upgrade
from console.db.network import Dealer, DealerTerritory, Location
from console.db.orders import Order
from console.db.queries import settlement as qs
from console.db.queries.dealers import history, order_list
from console.db.users import AuditEntry
from console.errors import ConflictError, PermissionDenied, UserError, ValidationError
from console.services.credit_code import check_character
from console.services.permissions import CurrentUser
from tests.fixtures.databases import BOTH_KINDS, module_database

ADMIN = CurrentUser("admin", "admin")
OTHER_ADMIN = CurrentUser("li", "admin")
EXEC = CurrentUser("boss", "executive")
PLANNER = CurrentUser("planner", "supply_chain")


def credit(body: str) -> str:
    """A valid unified social credit code from its first 17 characters."""
    return body + check_character(body)


def dealer_values(code: str, **changes) -> dict:
    values = {
        "code": code,
        "name": f"Dealer {code}",
        "name_zh": f"经销商{code}",
        "legal_entity": f"{code} Trading Co., Ltd.",
        "credit_code": credit(f"91310000MA1K{code[-4:]}0"),
        "tier": "gold",
        "region_code": "EAST",
        "contract_start": "2024-01-01",
        "daily_capacity": 5,
        "hq_margin_rate": "15%",
    }
    return values | changes


def _seed(database: Database) -> None:
    upgrade(database.engine)
    with database.session() as s:
        s.add_all(
            [
                Region(id=1, code="EAST", name="East", name_zh="华东"),
                Region(id=2, code="NORTH", name="North", name_zh="华北"),
            ]
        )
        s.flush()
        for cid, code, region, prefix, lat, lon in (
            (1, "SH", 1, "200", 31.23, 121.47),
            (2, "HZ", 1, "310", 30.27, 120.16),
            (3, "BJ", 2, "100", 39.90, 116.40),
        ):
            s.add(
                City(
                    id=cid,
                    region_id=region,
                    code=code,
                    name=code,
                    name_zh=code,
                    province=code,
                    province_zh=code,
                    postcode_prefix=prefix,
                    tier=1,
                    lat=lat,
                    lon=lon,
                )
            )
        s.commit()


def _base_rows(database: Database) -> None:
    """Dealer D001 (exclusive for postcodes 2001xx, rule for them), D002, store S1 of D001."""
    with database.session() as s:
        for model in (AuditEntry, AssignmentRule, DealerTerritory, Location, Dealer):
            s.execute(delete(model))
        s.flush()
        for code in ("D001", "D002"):
            values = dealer_values(code)
            s.add(
                Dealer(
                    code=code,
                    name=values["name"],
                    name_zh=values["name_zh"],
                    legal_entity=values["legal_entity"],
                    credit_code=values["credit_code"],
                    tier="gold",
                    region_id=1,
                    contract_start=date(2024, 1, 1),
                    daily_capacity=5,
                    hq_margin_rate=0.15,
                )
            )
        s.flush()
        d1 = s.scalar(select(Dealer.id).where(Dealer.code == "D001"))
        s.add(DealerTerritory(dealer_id=d1, postcode_prefix="2001", exclusive=True))
        s.add(AssignmentRule(dealer_id=d1, postcode_prefix="2001", exclusive=True, priority=10))
        s.add(
            Location(
                code="S1",
                name="S1",
                name_zh="S1",
                kind="franchise",
                dealer_id=d1,
                city_id=1,
                lat=31.2,
                lon=121.4,
                opened_on=date(2024, 1, 1),
            )
        )
        s.commit()


@pytest.fixture(scope="module", params=BOTH_KINDS)
def network(request, tmp_path_factory):
    with module_database(request, tmp_path_factory, _seed) as database:
        yield database


@pytest.fixture
def db(network):
    _base_rows(network)
    return network


def _dealer(db: Database, code: str) -> Dealer:
    with db.session() as s:
        return s.scalars(select(Dealer).where(Dealer.code == code)).one()


def _count(db: Database, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _audit(db: Database) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


# -- create / edit / suspend -------------------------------------------------------------------


def test_create_dealer_with_territories_is_audited(db):
    new_id = w.create_dealer(
        db.sessions,
        ADMIN,
        dealer_values("D003", contact_email="ops@d003.cn"),
        [{"postcode_prefix": "3101", "exclusive": True}, {"city_code": "sh"}],
    )
    dealer = _dealer(db, "D003")
    assert dealer.id == new_id and dealer.hq_margin_rate == 0.15 and dealer.region_id == 1
    with db.session() as s:
        areas = s.execute(
            select(
                DealerTerritory.postcode_prefix, DealerTerritory.city_id, DealerTerritory.exclusive
            ).where(DealerTerritory.dealer_id == new_id)
        ).all()
    assert sorted(areas, key=str) == sorted([("3101", None, True), (None, 1, False)], key=str)
    (entry,) = _audit(db)
    assert (entry.username, entry.action, entry.entity, entry.entity_id) == (
        "admin",
        "create",
        "dealer",
        str(new_id),
    )
    assert entry.before is None
    assert entry.after["code"] == "D003"
    assert entry.after["territories"] == ["postcode 3101 (exclusive)", "city SH"]


def test_invalid_dealer_names_every_bad_field_and_saves_nothing(db):
    bad = dealer_values("D003", credit_code="91310000MA1K00030X", daily_capacity=-1)
    with pytest.raises(ValidationError) as caught:
        w.create_dealer(db.sessions, ADMIN, bad, [{"postcode_prefix": "20015", "exclusive": True}])
    problems = dict(caught.value.problems)
    assert "check character" in problems["credit_code"]
    assert "negative" in problems["daily_capacity"]
    assert "D001" in problems["territories[0]"] and "exclusive" in problems["territories[0]"]
    assert _count(db, Dealer) == 2
    assert _count(db, DealerTerritory) == 1
    assert _audit(db) == []


def test_territory_rows_must_name_one_known_area(db):
    with pytest.raises(ValidationError) as caught:
        w.create_dealer(
            db.sessions,
            ADMIN,
            dealer_values("D003"),
            [
                {"city_code": "XX"},
                {"postcode_prefix": "20a"},
                {},
                {"region_code": "NORTH"},
                {"region_code": "NORTH"},
            ],
        )
    problems = dict(caught.value.problems)
    assert set(problems) == {
        "territories[0].city_code",
        "territories[1].postcode_prefix",
        "territories[2]",
        "territories[4]",
    }
    assert _count(db, Dealer) == 2


def test_exclusive_region_overlapping_an_exclusive_postcode_is_refused(db):
    with pytest.raises(ValidationError) as caught:
        w.create_dealer(
            db.sessions, ADMIN, dealer_values("D003"), [{"region_code": "EAST", "exclusive": True}]
        )
    assert "postcode 2001" in dict(caught.value.problems)["territories[0]"]
    # not exclusive: allowed
    w.create_dealer(db.sessions, ADMIN, dealer_values("D003"), [{"region_code": "EAST"}])


def test_edit_bumps_the_version_and_audits_before_and_after(db):
    dealer = _dealer(db, "D002")
    version = w.update_dealer(
        db.sessions, ADMIN, dealer.id, dealer.version, {"name": "Renamed", "daily_capacity": 9}
    )
    stored = _dealer(db, "D002")
    assert (stored.name, stored.daily_capacity, stored.version) == ("Renamed", 9, version)
    assert version == dealer.version + 1
    (entry,) = _audit(db)
    assert entry.action == "update"
    assert (entry.before["name"], entry.after["name"]) == ("Dealer D002", "Renamed")
    assert (entry.before["daily_capacity"], entry.after["daily_capacity"]) == (5, 9)


def test_territory_only_edit_is_versioned_and_audited(db):
    dealer = _dealer(db, "D002")
    version = w.update_dealer(
        db.sessions,
        ADMIN,
        dealer.id,
        dealer.version,
        {},
        [{"postcode_prefix": "1000", "exclusive": True}],
    )
    assert version == dealer.version + 1
    (entry,) = _audit(db)
    assert entry.before["territories"] == [] and entry.after["territories"] == [
        "postcode 1000 (exclusive)"
    ]


def test_second_save_of_an_old_version_is_refused_with_both_values(db):
    dealer = _dealer(db, "D002")
    w.update_dealer(db.sessions, ADMIN, dealer.id, dealer.version, {"contact_name": "Theirs"})
    with pytest.raises(ConflictError) as caught:
        w.update_dealer(
            db.sessions, OTHER_ADMIN, dealer.id, dealer.version, {"contact_name": "Mine"}
        )
    assert caught.value.stored["contact_name"] == "Theirs"
    assert caught.value.stored["version"] == dealer.version + 1
    assert caught.value.mine == {"contact_name": "Mine"}
    assert _dealer(db, "D002").contact_name == "Theirs"
    # "overwrite with mine": save again against the stored version
    w.update_dealer(
        db.sessions,
        OTHER_ADMIN,
        dealer.id,
        caught.value.stored["version"],
        {"contact_name": "Mine"},
    )
    assert _dealer(db, "D002").contact_name == "Mine"
    assert [e.username for e in _audit(db)] == ["admin", "li"]


def test_two_sessions_racing_the_second_write_is_refused_and_nothing_is_lost(db):
    """User B read version v; user A commits between B's read and B's write (on its own
    connection); B's UPDATE ... WHERE version = v then matches no row."""
    dealer = _dealer(db, "D002")
    other = Database(db.url)
    fired: list[bool] = []

    def a_commits_first(session, flush_context, instances):
        if not fired:
            fired.append(True)
            w.update_dealer(
                other.sessions, OTHER_ADMIN, dealer.id, dealer.version, {"contact_name": "A"}
            )

    event.listen(db.sessions, "before_flush", a_commits_first)
    try:
        with pytest.raises(ConflictError) as caught:
            w.update_dealer(db.sessions, ADMIN, dealer.id, dealer.version, {"contact_name": "B"})
    finally:
        event.remove(db.sessions, "before_flush", a_commits_first)
        other.dispose()
    assert fired
    assert caught.value.stored["contact_name"] == "A"
    assert caught.value.mine == {"contact_name": "B"}
    stored = _dealer(db, "D002")
    assert (stored.contact_name, stored.version) == ("A", dealer.version + 1)
    assert [(e.username, e.after["contact_name"]) for e in _audit(db)] == [("li", "A")]


def test_suspended_dealer_gets_no_new_store(db):
    dealer = _dealer(db, "D002")
    version = w.suspend_dealer(db.sessions, ADMIN, dealer.id, dealer.version)
    assert _dealer(db, "D002").status == "suspended" and version == dealer.version + 1
    store = {
        "code": "S9",
        "name": "S9",
        "name_zh": "S9",
        "kind": "franchise",
        "dealer_code": "D002",
        "city_code": "SH",
        "lat": 31.2,
        "lon": 121.5,
        "opened_on": "2025-01-01",
    }
    with pytest.raises(ValidationError) as caught:
        w.create_store(db.sessions, ADMIN, store)
    assert "suspended" in dict(caught.value.problems)["dealer_code"]
    assert _count(db, Location) == 1
    assert [e.action for e in _audit(db)] == ["suspend"]
    w.set_dealer_status(db.sessions, ADMIN, dealer.id, version, "active")
    w.create_store(db.sessions, ADMIN, store)
    assert _count(db, Location) == 2


def test_store_create_edit_and_close(db):
    store_id = w.create_store(
        db.sessions,
        ADMIN,
        {
            "code": "S2",
            "name": "S2",
            "name_zh": "二店",
            "kind": "franchise",
            "dealer_code": "D001",
            "city_code": "HZ",
            "postcode": "310002",
            "lat": 30.3,
            "lon": 120.2,
            "opened_on": "2025-03-01",
            "ships_from_store": "yes",
        },
    )
    with db.session() as s:
        store = s.get(Location, store_id)
        assert (store.city_id, store.ships_from_store, store.status) == (2, True, "open")
    with pytest.raises(ValidationError) as caught:
        w.update_store(db.sessions, ADMIN, store_id, 1, {"postcode": "31A", "lat": 95})
    assert set(dict(caught.value.problems)) == {"postcode", "lat"}
    version = w.update_store(db.sessions, ADMIN, store_id, 1, {"name": "Second"})
    w.close_store(db.sessions, ADMIN, store_id, version, on=date(2026, 1, 31))
    with db.session() as s:
        store = s.get(Location, store_id)
        assert (store.name, store.status, store.closed_on) == (
            "Second",
            "closed",
            date(2026, 1, 31),
        )
    assert [e.action for e in _audit(db)] == ["create", "update", "update"]


def test_roles_without_the_permission_are_refused(db):
    dealer = _dealer(db, "D002")
    with pytest.raises(PermissionDenied):
        w.update_dealer(db.sessions, EXEC, dealer.id, dealer.version, {"name": "x"})
    with pytest.raises(PermissionDenied):
        w.create_rule(db.sessions, PLANNER, {"dealer_code": "D002", "city_code": "SH"})
    assert _dealer(db, "D002").name == "Dealer D002"


# -- rules -------------------------------------------------------------------------------------


def test_rule_conflicting_with_an_exclusive_rule_is_refused_before_saving(db):
    rule = {"dealer_code": "D002", "postcode_prefix": "20015", "exclusive": True, "priority": 10}
    with db.session() as s:
        problems, conflicts, _ = w.check_rule(s, rule)
    assert conflicts["kind"].tolist() == ["exclusive_overlap"]
    assert "D001" in dict(problems)["postcode_prefix"]
    with pytest.raises(ValidationError):
        w.create_rule(db.sessions, ADMIN, rule)
    assert _count(db, AssignmentRule) == 1
    # a non-exclusive rule tried after the exclusive one is fine
    rule_id = w.create_rule(db.sessions, ADMIN, rule | {"exclusive": False, "priority": 50})
    with db.session() as s:
        assert s.get(AssignmentRule, rule_id).priority == 50


def test_rule_fields_are_checked(db):
    with pytest.raises(ValidationError) as caught:
        bad = {"dealer_code": "D404", "priority": "-1", "daily_capacity": "-3"}
        w.create_rule(db.sessions, ADMIN, bad | {"postcode_prefix": ""})
    assert set(dict(caught.value.problems)) == {
        "dealer_code",
        "priority",
        "daily_capacity",
        "postcode_prefix",
    }


def test_rule_edit_delete_and_conflict(db):
    rule_id = w.create_rule(db.sessions, ADMIN, {"dealer_code": "D002", "city_code": "BJ"})
    edit = {"dealer_code": "D002", "city_code": "BJ", "daily_capacity": 3}
    version = w.update_rule(db.sessions, ADMIN, rule_id, 1, edit)
    with pytest.raises(ConflictError) as caught:
        w.update_rule(db.sessions, ADMIN, rule_id, 1, {"dealer_code": "D001", "city_code": "BJ"})
    assert caught.value.stored["daily_capacity"] == 3
    w.delete_rule(db.sessions, ADMIN, rule_id, version)
    assert _count(db, AssignmentRule) == 1
    assert [e.action for e in _audit(db)] == ["create", "update", "delete"]
    frame = history(db.engine, entity_id=rule_id)
    assert frame["action"].tolist() == ["delete", "update", "create"]
    assert frame.iloc[1]["changed"] == "daily_capacity"


# -- orders and statements on the demo data ----------------------------------------------------


@pytest.fixture
def demo(small_db_copy):
    database = Database(small_db_copy)
    yield database
    database.dispose()


def test_reassign_an_online_order_by_hand_is_audited(demo):
    order = order_list(demo.engine, online_only=True, limit=1).iloc[0]
    target = 2 if order["fulfilling_dealer_id"] != 2 else 3
    version = w.reassign_order(
        demo.sessions, PLANNER, int(order["id"]), int(order["version"]), target, "customer asked"
    )
    with demo.session() as s:
        stored = s.get(Order, int(order["id"]))
        assert (stored.fulfilling_dealer_id, stored.assignment, stored.version) == (
            target,
            "manual",
            version,
        )
    entry = history(demo.engine, ["order"]).iloc[0]
    assert entry["before"]["fulfilling_dealer_id"] == order["fulfilling_dealer_id"]
    assert entry["after"]["fulfilling_dealer_id"] == target
    assert entry["after"]["reason"] == "customer asked"
    with pytest.raises(PermissionDenied):
        w.reassign_order(demo.sessions, EXEC, int(order["id"]), version, 3)


def test_store_orders_cannot_be_reassigned(demo):
    with demo.session() as s:
        order = s.scalars(select(Order).where(Order.store_id.is_not(None)).limit(1)).one()
    with pytest.raises(UserError, match="placed in a store"):
        w.reassign_order(demo.sessions, ADMIN, order.id, order.version, 2)


def test_issued_statement_is_locked_and_corrected_by_adjustment_lines(demo):
    month = date(2026, 9, 1)
    draft_id = w.add_adjustment(demo.sessions, ADMIN, 1, month, -100, "late delivery penalty")
    preview = qs.statement(demo.engine, 1, month)
    assert preview.status == "draft" and preview.statement_id == draft_id
    statement_id = w.issue_statement(demo.sessions, ADMIN, 1, month)
    assert statement_id == draft_id
    issued = qs.statement(demo.engine, 1, month)
    assert issued.status == "issued" and issued.issued_by == "admin"
    assert issued.totals == preview.totals
    assert issued.totals["adjustments"] == pytest.approx(
        issued.lines.loc[
            issued.lines["kind"].isin(["return", "damage_claim", "adjustment"]), "amount"
        ].sum(),
        abs=0.005,
    )
    with pytest.raises(UserError, match="already issued"):
        w.issue_statement(demo.sessions, ADMIN, 1, month)
    # a settled order is locked too
    settled = int(issued.lines.loc[issued.lines["kind"] == "order", "order_id"].iloc[0])
    with demo.session() as s:
        version = s.get(Order, settled).version
    with pytest.raises(UserError, match="issued statement"):
        w.reassign_order(demo.sessions, ADMIN, settled, version, 2)
    w.add_adjustment(demo.sessions, ADMIN, 1, month, 50.5, "goodwill")
    corrected = qs.statement(demo.engine, 1, month)
    assert corrected.totals["amount_due"] == pytest.approx(issued.totals["amount_due"] + 50.5)
    assert corrected.totals["adjustments"] == pytest.approx(issued.totals["adjustments"] + 50.5)
    assert corrected.totals["amount_due"] == pytest.approx(
        corrected.lines["amount"].sum(), abs=0.005
    )
    with demo.session() as s:
        lines = s.scalar(
            select(func.count())
            .select_from(SettlementLine)
            .where(SettlementLine.statement_id == statement_id)
        )
        assert lines == len(corrected.lines)
        assert s.get(SettlementStatement, statement_id).version == 3  # draft, issued, adjusted
    assert history(demo.engine, ["settlement_statement"])["action"].tolist() == [
        "adjust",
        "issue",
        "adjust",
    ]


def test_a_month_that_has_not_ended_cannot_be_issued(demo):
    with pytest.raises(UserError, match="not ended"):
        w.issue_statement(demo.sessions, ADMIN, 1, date(2026, 11, 1))
    with pytest.raises(ValidationError) as caught:
        w.add_adjustment(demo.sessions, ADMIN, 1, date(2026, 9, 1), 0, "")
    assert set(dict(caught.value.problems)) == {"amount", "description"}
    with pytest.raises(PermissionDenied):
        w.issue_statement(demo.sessions, PLANNER, 1, date(2026, 9, 1))
