"""A small migrated SQLite database with the reference rows imports need, sample files per
entity, and a fingerprint of everything an import may write."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from sqlalchemy import select

from console.db.database import Database
from console.db.engine import make_engine
from console.db.migrate import upgrade
from console.db.models import (
    AuditEntry,
    Category,
    Channel,
    City,
    Dealer,
    InventoryLevel,
    Location,
    MarketingChannel,
    MarketingHistory,
    Region,
    Sku,
    User,
)
from console.io.specs import ENTITIES
from console.services.permissions import CurrentUser

ADMIN = CurrentUser("admin", "admin", "Administrator")
PLANNER = CurrentUser("planner", "supply_chain", "Planner")
BOSS = CurrentUser("boss", "executive", "Executive")

SAMPLES: dict[str, list[dict[str, str]]] = {
    "dealers": [
        {
            "code": "D001",
            "name": "Acme Home",
            "name_zh": "艾克米家居",
            "legal_entity": "Acme Home Ltd",
            "credit_code": "91350100M000100Y43",
            "tier": "gold",
            "region_code": "EAST",
            "status": "active",
            "contract_start": "2024-01-01",
            "contract_end": "2026-12-31",
            "contact_name": "李雷",
            "contact_phone": "+86 138 0000 0001",
            "contact_email": "li@acme.example",
            "daily_capacity": "25",
            "hq_margin_rate": "0.15",
        },
        {
            "code": "D002",
            "name": "Beta Living",
            "name_zh": "贝塔生活",
            "legal_entity": "Beta Living Ltd",
            "credit_code": "91110000600037341L",
            "tier": "silver",
            "region_code": "NORTH",
            "status": "suspended",
            "contract_start": "2023-06-01",
            "contract_end": "",
            "contact_name": "",
            "contact_phone": "",
            "contact_email": "",
            "daily_capacity": "0",
            "hq_margin_rate": "0.2",
        },
        {
            "code": "D003",
            "name": "Gamma",
            "name_zh": "伽马",
            "legal_entity": "Gamma Co",
            "credit_code": "911100007109310534",
            "tier": "bronze",
            "region_code": "EAST",
            "status": "active",
            "contract_start": "2024-03-01",
            "contract_end": "2024-03-01",
            "contact_name": "",
            "contact_phone": "",
            "contact_email": "",
            "daily_capacity": "5",
            "hq_margin_rate": "0.1",
        },
    ],
    "stores": [
        {
            "code": "S001",
            "name": "Acme Xuhui",
            "name_zh": "艾克米徐汇店",
            "kind": "franchise",
            "dealer_code": "D001",
            "city_code": "SH",
            "address": "1 Road",
            "postcode": "200030",
            "lat": "31.19",
            "lon": "121.43",
            "opened_on": "2024-02-01",
            "closed_on": "",
            "status": "open",
            "ships_from_store": "true",
        },
        {
            "code": "S002",
            "name": "Flagship Beijing",
            "name_zh": "北京旗舰店",
            "kind": "direct",
            "dealer_code": "",
            "city_code": "BJ",
            "address": "",
            "postcode": "",
            "lat": "39.9",
            "lon": "116.4",
            "opened_on": "2022-05-01",
            "closed_on": "",
            "status": "open",
            "ships_from_store": "false",
        },
        {
            "code": "S003",
            "name": "Experience SH",
            "name_zh": "上海体验店",
            "kind": "experience",
            "dealer_code": "",
            "city_code": "SH",
            "address": "",
            "postcode": "",
            "lat": "31.23",
            "lon": "121.47",
            "opened_on": "2021-01-01",
            "closed_on": "2024-01-31",
            "status": "closed",
            "ships_from_store": "false",
        },
    ],
    "warehouses": [
        {
            "code": "W001",
            "name": "East DC",
            "name_zh": "华东仓",
            "kind": "warehouse",
            "dealer_code": "",
            "city_code": "SH",
            "address": "",
            "postcode": "201100",
            "lat": "31.1",
            "lon": "121.3",
            "opened_on": "2020-01-01",
            "closed_on": "",
            "status": "open",
        },
        {
            "code": "W002",
            "name": "Front Xuhui",
            "name_zh": "徐汇前置仓",
            "kind": "front_warehouse",
            "dealer_code": "D001",
            "city_code": "SH",
            "address": "",
            "postcode": "",
            "lat": "31.2",
            "lon": "121.44",
            "opened_on": "2024-02-01",
            "closed_on": "",
            "status": "open",
        },
    ],
    "skus": [
        {
            "code": "SOFA-3S-GRY",
            "name": "Three-seat sofa, grey",
            "name_zh": "三人沙发 灰色",
            "category_code": "SOFA",
            "price": "5999",
            "cost": "3100.5",
            "volume_m3": "2.35",
            "status": "active",
            "launched_on": "2023-09-01",
        },
        {
            "code": "BED-150",
            "name": "Bed 150 cm",
            "name_zh": "1.5米床",
            "category_code": "BED",
            "price": "3299.99",
            "cost": "1800",
            "volume_m3": "1.8",
            "status": "discontinued",
            "launched_on": "",
        },
    ],
    "inventory": [
        {
            "location_code": "S001",
            "sku_code": "SOFA-3S-GRY",
            "on_hand": "4",
            "reserved": "1",
            "online_hold": "1",
            "safety_stock": "2",
            "target_stock": "5",
        },
        {
            "location_code": "S001",
            "sku_code": "BED-150",
            "on_hand": "0",
            "reserved": "0",
            "online_hold": "0",
            "safety_stock": "1",
            "target_stock": "2",
        },
        {
            "location_code": "W001",
            "sku_code": "SOFA-3S-GRY",
            "on_hand": "120",
            "reserved": "10",
            "online_hold": "0",
            "safety_stock": "20",
            "target_stock": "100",
        },
        {
            "location_code": "S003",
            "sku_code": "SOFA-3S-GRY",
            "on_hand": "0",
            "reserved": "0",
            "online_hold": "0",
            "safety_stock": "0",
            "target_stock": "0",
        },
    ],
    "spend": [
        {
            "week_start": "2024-01-01",
            "marketing_channel_code": "DOUYIN",
            "region_code": "EAST",
            "spend": "12000",
            "leads": "340",
            "revenue": "98000.5",
            "reach": "150000",
        },
        {
            "week_start": "2024-01-08",
            "marketing_channel_code": "DOUYIN",
            "region_code": "EAST",
            "spend": "8000.25",
            "leads": "210.5",
            "revenue": "61000",
            "reach": "90000",
        },
        {
            "week_start": "2024-01-01",
            "marketing_channel_code": "SEARCH",
            "region_code": "NORTH",
            "spend": "0",
            "leads": "0",
            "revenue": "0",
            "reach": "0",
        },
    ],
}
# Entities in the order their references need them.
ORDER = ("dealers", "stores", "warehouses", "skus", "inventory", "spend")
WRITTEN = (Dealer, Location, Sku, InventoryLevel, MarketingHistory, AuditEntry)


def make_database(path: Path) -> Database:
    db = Database(make_engine(f"sqlite:///{path}").url)
    upgrade(db.engine)
    with db.session() as session:
        east = Region(code="EAST", name="East", name_zh="华东")
        north = Region(code="NORTH", name="North", name_zh="华北")
        session.add_all([east, north])
        session.flush()
        session.add_all(
            [
                City(
                    code="SH",
                    region_id=east.id,
                    name="Shanghai",
                    name_zh="上海",
                    province="Shanghai",
                    province_zh="上海",
                    postcode_prefix="200",
                    tier=1,
                    lat=31.23,
                    lon=121.47,
                ),
                City(
                    code="BJ",
                    region_id=north.id,
                    name="Beijing",
                    name_zh="北京",
                    province="Beijing",
                    province_zh="北京",
                    postcode_prefix="100",
                    tier=1,
                    lat=39.9,
                    lon=116.4,
                ),
                Category(code="SOFA", name="Sofas", name_zh="沙发"),
                Category(code="BED", name="Beds", name_zh="床"),
                Channel(
                    code="WEB", name="Web shop", name_zh="官网", type="own_ecommerce", online=True
                ),
                MarketingChannel(
                    code="DOUYIN", name="Douyin", name_zh="抖音", online=True, kind="mixed"
                ),
                MarketingChannel(
                    code="SEARCH", name="Search", name_zh="搜索", online=True, kind="performance"
                ),
                User(username="admin", display_name="Administrator", role="admin"),
                User(username="planner", display_name="Planner", role="supply_chain"),
                User(username="boss", display_name="Executive", role="executive"),
            ]
        )
        session.commit()
    return db


def copy_database(template: Path, folder: Path) -> Database:
    """A private copy of a prepared database file (copying is much faster than migrating)."""
    copy = folder / "io.sqlite"
    shutil.copyfile(template, copy)
    return Database(make_engine(f"sqlite:///{copy}").url)


def prepare_templates(folder: Path) -> tuple[Path, Path]:
    """Two database files: reference rows only, and reference rows plus every sample."""
    empty = folder / "template.sqlite"
    make_database(empty).dispose()
    loaded = folder / "loaded.sqlite"
    shutil.copyfile(empty, loaded)
    database = Database(make_engine(f"sqlite:///{loaded}").url)
    load_samples(database, folder)
    database.dispose()
    return empty, loaded


def write_rows(
    path: Path,
    rows: list[dict[str, object]] | list[list[object]],
    header: list[str] | None = None,
    encoding: str = "utf-8",
) -> Path:
    """A CSV or XLSX file (by suffix) with `header` (default: the keys of the first row)."""
    if rows and isinstance(rows[0], dict):
        header = header or list(rows[0])
        body = [[row.get(h, "") for h in header] for row in rows]
    else:
        body = [list(r) for r in rows]
    header = header or []
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding=encoding) as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(body)
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = path.stem
        sheet.append(header)
        for row in body:
            sheet.append(row)
        book.save(path)
    return path


def load_samples(db: Database, tmp_path: Path, upto: str = "spend") -> None:
    """Import the sample rows of every entity up to and including `upto`."""
    from console.io.importer import import_file

    for name in ORDER[: ORDER.index(upto) + 1]:
        path = write_rows(tmp_path / f"sample-{name}.csv", SAMPLES[name])
        import_file(db.sessions, ADMIN, name, path)


def fingerprint(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table an import may write (audit log included)."""
    found = {}
    with db.session() as session:
        for model in WRITTEN:
            table = model.__table__
            found[table.name] = [
                tuple(r)
                for r in session.execute(select(table).order_by(*table.primary_key.columns)).all()
            ]
    return found


def columns(entity: str) -> list[str]:
    return [c.name for c in ENTITIES[entity].columns]
