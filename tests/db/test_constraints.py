"""Constraints hold on SQLite and PostgreSQL; writes are versioned, audited and role-checked."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError

from console.db.database import Database
from console.db.migrate import upgrade
from console.db.models import (
    AuditEntry,
    Category,
    Channel,
    City,
    CustomerIdentity,
    Dealer,
    InventoryLevel,
    Location,
    Region,
    Sku,
)
from console.db.uow import snapshot, unit_of_work
from console.errors import ConflictError, PermissionDenied, UserError
from console.services.permissions import CurrentUser

ADMIN = CurrentUser("admin", "admin")
EXEC = CurrentUser("exec", "executive")


@pytest.fixture
def db(any_db_url):
    database = Database(any_db_url)
    upgrade(database.engine)
    with database.session() as s:
        rows = [
            Region(code="EAST", name="East", name_zh="华东"),
            City(
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
            ),
            Channel(
                code="STORE",
                name="Direct stores",
                name_zh="直营店",
                type="direct_store",
                online=False,
                platform_fee_rate=0,
            ),
            Dealer(
                code="D001",
                name="Shanghai Home",
                name_zh="上海家居",
                legal_entity="Shanghai Home Co., Ltd.",
                credit_code="91310000MA1FL0000A",
                tier="gold",
                region_id=1,
                contract_start=date(2024, 1, 1),
            ),
            Location(
                code="S001",
                name="People's Square",
                name_zh="人民广场店",
                kind="franchise",
                dealer_id=1,
                city_id=1,
                lat=31.2,
                lon=121.4,
                opened_on=date(2024, 3, 1),
            ),
            Category(id=1, code="SOFA", name="Sofas", name_zh="沙发"),
            Sku(
                code="SKU-1",
                name="Sofa",
                name_zh="沙发",
                category_id=1,
                price=4999,
                cost=2500,
                volume_m3=2.1,
            ),
            InventoryLevel(
                location_id=1,
                sku_id=1,
                on_hand=5,
                reserved=0,
                online_hold=0,
                safety_stock=2,
                target_stock=6,
            ),
        ]
        for row in rows:  # flush one by one: these models declare no relationships
            s.add(row)
            s.flush()
        s.commit()
    yield database
    database.dispose()


def _expect_integrity(database: Database, obj) -> None:
    with database.session() as s, pytest.raises((IntegrityError, StatementError)):
        s.add(obj)
        s.commit()


@pytest.mark.pg
def test_stock_never_negative(db):
    with db.session() as s:
        level = s.get(InventoryLevel, (1, 1))
        level.on_hand = -1
        with pytest.raises(IntegrityError):
            s.commit()
    with db.session() as s:
        assert s.get(InventoryLevel, (1, 1)).on_hand == 5


@pytest.mark.pg
def test_identities_unique_by_normalized_value(db):
    with db.session() as s:
        s.add(
            CustomerIdentity(
                type="phone", raw_value="138 0013 8000", normalized_value="13800138000"
            )
        )
        s.commit()
    _expect_integrity(
        db,
        CustomerIdentity(type="phone", raw_value="+86 13800138000", normalized_value="13800138000"),
    )
    with db.session() as s:  # the same value as another type is a different identity
        s.add(
            CustomerIdentity(
                type="member_card", raw_value="13800138000", normalized_value="13800138000"
            )
        )
        s.commit()


@pytest.mark.pg
def test_enum_check_and_foreign_keys(db):
    with db.session() as s:
        s.execute(
            Location.__table__.insert().values(
                code="S002",
                name="x",
                name_zh="x",
                kind="direct",
                city_id=1,
                lat=0,
                lon=0,
                opened_on=date(2024, 1, 1),
            )
        )
        s.commit()
    with db.session() as s, pytest.raises((IntegrityError, StatementError)):
        s.execute(
            Location.__table__.insert().values(
                code="S003",
                name="x",
                name_zh="x",
                kind="popup",
                city_id=1,
                lat=0,
                lon=0,
                opened_on=date(2024, 1, 1),
            )
        )
        s.commit()
    with db.session() as s, pytest.raises(IntegrityError):
        s.execute(
            Location.__table__.insert().values(
                code="S004",
                name="x",
                name_zh="x",
                kind="direct",
                city_id=999,
                lat=0,
                lon=0,
                opened_on=date(2024, 1, 1),
            )
        )
        s.commit()
    # a franchise store must belong to a dealer; a channel's online flag matches its type
    _expect_integrity(
        db,
        Location(
            code="S005",
            name="x",
            name_zh="x",
            kind="franchise",
            city_id=1,
            lat=0,
            lon=0,
            opened_on=date(2024, 1, 1),
        ),
    )
    _expect_integrity(
        db,
        Channel(
            code="WEB",
            name="Web",
            name_zh="官网",
            type="own_ecommerce",
            online=False,
            platform_fee_rate=0,
        ),
    )


@pytest.mark.pg
def test_lost_update_is_refused_and_audited_changes_commit(db):
    with unit_of_work(db.sessions, ADMIN, "dealers.edit") as uow:
        dealer = uow.session.get(Dealer, 1)
        before = snapshot(dealer)
        dealer.daily_capacity = 30
        uow.session.flush()
        uow.audit("update", "dealer", dealer.id, before, snapshot(dealer))

    first, second = db.session(), db.session()
    mine, theirs = first.get(Dealer, 1), second.get(Dealer, 1)
    theirs.daily_capacity = 40
    second.commit()
    with pytest.raises(ConflictError), unit_of_work(lambda: first, ADMIN, "dealers.edit") as uow:
        mine.daily_capacity = 50
    second.close()
    with db.session() as s:
        assert s.get(Dealer, 1).daily_capacity == 40
        assert s.get(Dealer, 1).version == 3
        entries = s.scalars(select(AuditEntry)).all()
    assert len(entries) == 1
    assert entries[0].before["daily_capacity"] == 20 and entries[0].after["daily_capacity"] == 30


def test_write_as_executive_is_refused(db):
    with (
        pytest.raises(PermissionDenied) as err,
        unit_of_work(db.sessions, EXEC, "dealers.edit") as uow,
    ):
        uow.session.get(Dealer, 1).daily_capacity = 1
    assert "executive" in str(err.value)
    with db.session() as s:
        assert s.get(Dealer, 1).daily_capacity == 20


def test_integrity_error_rolls_back_everything(db):
    with (
        pytest.raises(UserError, match="negative"),
        unit_of_work(db.sessions, ADMIN, "inventory.edit") as uow,
    ):
        uow.audit("adjust", "inventory", "1/1")
        uow.session.get(InventoryLevel, (1, 1)).on_hand = -3
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert s.get(InventoryLevel, (1, 1)).on_hand == 5


def test_timestamps_are_set(db):
    with db.session() as s:
        dealer = s.get(Dealer, 1)
        assert isinstance(dealer.created_at, datetime)
