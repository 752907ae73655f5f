"""The shared importer: every rule, all-or-nothing, upsert, round trips, encodings, bad files."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select, update

from console.db.models import AuditEntry, Dealer, InventoryLevel, Location, Sku
from console.errors import PermissionDenied, UserError
from console.io.export import export_file, export_frame
from console.io.importer import import_file
from console.io.problems import ImportValidationError, Problem
from console.io.records import validate_dealer, validate_record, validate_store
from tests.io.helpers import (
    ADMIN,
    BOSS,
    ORDER,
    PLANNER,
    SAMPLES,
    columns,
    fingerprint,
    write_rows,
)


def problems_of(
    db, tmp_path: Path, entity: str, rows, suffix: str = ".csv", header=None
) -> list[Problem]:
    path = write_rows(tmp_path / f"check{suffix}", rows, header)
    before = fingerprint(db)
    with pytest.raises(ImportValidationError) as caught:
        import_file(db.sessions, ADMIN, entity, path)
    assert fingerprint(db) == before, "a refused file must not write anything"
    return caught.value.details


def with_cell(entity: str, index: int, **cells: str) -> list[dict[str, str]]:
    rows = [dict(r) for r in SAMPLES[entity]]
    rows[index].update(cells)
    return rows


# --- valid files ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_entity_imports_its_sample(db, tmp_path, suffix):
    for name in ORDER:
        path = write_rows(tmp_path / f"{name}{suffix}", SAMPLES[name])
        result = import_file(db.sessions, ADMIN, name, path)
        assert (result.inserted, result.updated, result.unchanged) == (len(SAMPLES[name]), 0, 0)
    with db.session() as session:
        acme = session.scalars(select(Dealer).where(Dealer.code == "D001")).one()
        assert (acme.name_zh, acme.credit_code, acme.contract_end) == (
            "艾克米家居",
            "91350100M000100Y43",
            date(2026, 12, 31),
        )
        assert acme.hq_margin_rate == pytest.approx(0.15)
        store = session.scalars(select(Location).where(Location.code == "S001")).one()
        assert (store.kind, store.dealer_id, store.ships_from_store) == ("franchise", acme.id, True)
        front = session.scalars(select(Location).where(Location.code == "W002")).one()
        assert front.kind == "front_warehouse"
        sofa = session.scalars(select(Sku).where(Sku.code == "SOFA-3S-GRY")).one()
        assert (sofa.price, sofa.cost, sofa.volume_m3) == (5999, 3100.5, 2.35)
        level = session.get(InventoryLevel, (store.id, sofa.id))
        assert (level.on_hand, level.reserved, level.safety_stock) == (4, 1, 2)


def test_import_is_an_upsert_by_code(loaded_db, tmp_path):
    with loaded_db.session() as session:
        versions = dict(session.execute(select(Dealer.code, Dealer.version)).all())
    rows = with_cell("dealers", 0, daily_capacity="40")
    rows.append({**rows[2], "code": "D004", "credit_code": _valid_code("91440300MA5F00000")})
    result = import_file(loaded_db.sessions, ADMIN, "dealers", write_rows(tmp_path / "d.csv", rows))
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 2)
    with loaded_db.session() as session:
        after = dict(session.execute(select(Dealer.code, Dealer.version)).all())
        capacity = session.scalar(select(Dealer.daily_capacity).where(Dealer.code == "D001"))
    assert capacity == 40
    assert after["D001"] == versions["D001"] + 1, "an update bumps the optimistic-lock version"
    assert after["D002"] == versions["D002"], "an unchanged row is not written"
    assert after["D004"] == 1


def _valid_code(first17: str) -> str:
    from console.services.credit_code import check_character

    return first17 + check_character(first17)


def test_reimporting_the_same_file_changes_nothing(loaded_db, tmp_path):
    before = fingerprint(loaded_db)
    for name in ORDER:
        path = write_rows(tmp_path / f"{name}.csv", SAMPLES[name])
        result = import_file(loaded_db.sessions, ADMIN, name, path)
        assert (result.inserted, result.updated) == (0, 0)
    after = fingerprint(loaded_db)
    after.pop("audit_log"), before.pop("audit_log")
    assert after == before


def test_one_bad_row_among_many_writes_nothing(loaded_db, tmp_path):
    rows = [
        dict(SAMPLES["inventory"][0], sku_code="SOFA-3S-GRY", location_code=code)
        for code in ("S001", "S002", "W001", "W002")
    ]
    rows[2]["on_hand"] = "-3"
    problems = problems_of(loaded_db, tmp_path, "inventory", rows)
    assert [(p.row, p.column) for p in problems] == [(4, "on_hand")]
    assert "must not be negative" in problems[0].reason
    with loaded_db.session() as session:
        stored = session.scalar(select(func.count()).select_from(InventoryLevel))
    assert stored == len(SAMPLES["inventory"])


def test_every_problem_is_reported_with_excel_row_numbers(db, tmp_path):
    rows = with_cell("dealers", 0, tier="gld", credit_code="91350100M000100Y44")
    rows[2].update(name="", daily_capacity="-1", region_code="WEST")
    problems = problems_of(db, tmp_path, "dealers", rows)
    assert {(p.file, p.row, p.column) for p in problems} == {
        ("check.csv", 2, "tier"),
        ("check.csv", 2, "credit_code"),
        ("check.csv", 4, "name"),
        ("check.csv", 4, "daily_capacity"),
        ("check.csv", 4, "region_code"),
    }
    assert str(problems[0]).startswith("check.csv, row 2, column ")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_blank_rows_keep_the_numbering_excel_shows(db, tmp_path, suffix):
    header = columns("dealers")
    good = [SAMPLES["dealers"][0][h] for h in header]
    bad = [SAMPLES["dealers"][2][h] for h in header]
    bad[header.index("tier")] = "gld"
    problems = problems_of(
        db, tmp_path, "dealers", [good, [""] * len(header), bad], suffix=suffix, header=header
    )
    assert [(p.row, p.column) for p in problems] == [(4, "tier")]


# --- the validation rules ------------------------------------------------------------------

RULES = [
    # entity, row, cells, column, reason fragment
    ("dealers", 0, {"credit_code": "91350100M000100Y44"}, "credit_code", "check character"),
    ("dealers", 0, {"credit_code": "9135010"}, "credit_code", "has 7 characters"),
    ("dealers", 0, {"credit_code": "91350100O000100Y43"}, "credit_code", "did you mean 0"),
    ("dealers", 0, {"tier": "diamond"}, "tier", "is not one of: platinum"),
    ("dealers", 0, {"status": "paused"}, "status", "is not one of: active, suspended"),
    ("dealers", 0, {"region_code": "MARS"}, "region_code", "unknown region code 'MARS'"),
    ("dealers", 0, {"region_code": "east"}, "region_code", "did you mean 'EAST'"),
    (
        "dealers",
        0,
        {"contract_end": "2023-12-31"},
        "contract_end",
        "is before contract_start (2024-01-01)",
    ),
    ("dealers", 0, {"contract_start": "2024-02-30"}, "contract_start", "is not a date"),
    ("dealers", 0, {"contract_start": "1899-01-01"}, "contract_start", "outside the years"),
    ("dealers", 0, {"daily_capacity": "-1"}, "daily_capacity", "must not be negative"),
    ("dealers", 0, {"daily_capacity": "2.5"}, "daily_capacity", "not a whole number"),
    ("dealers", 0, {"daily_capacity": "1,000"}, "daily_capacity", "without thousands"),
    ("dealers", 0, {"daily_capacity": "99999999999"}, "daily_capacity", "must be at most"),
    ("dealers", 0, {"hq_margin_rate": "1"}, "hq_margin_rate", "must be less than 1"),
    ("dealers", 0, {"hq_margin_rate": "120%"}, "hq_margin_rate", "must be less than 1"),
    ("dealers", 0, {"name": ""}, "name", "a value is required"),
    ("dealers", 0, {"code": "D" * 17}, "code", "at most 16 fit"),
    ("dealers", 0, {"name": "bad\x07name"}, "name", "control characters"),
    ("dealers", 0, {"contact_email": "li at acme"}, "contact_email", "not an e-mail address"),
    ("dealers", 0, {"contact_phone": "call me"}, "contact_phone", "not a phone number"),
    ("dealers", 2, {"code": "D001"}, "code", "the same code is already on row 2"),
    (
        "dealers",
        2,
        {"credit_code": "91350100M000100Y43"},
        "credit_code",
        "the same credit_code is already on row 2",
    ),
    ("stores", 0, {"kind": "warehouse"}, "kind", "is not one of: direct, franchise, experience"),
    ("stores", 0, {"dealer_code": ""}, "dealer_code", "required for a franchise store"),
    ("stores", 0, {"dealer_code": "D002"}, "dealer_code", "the dealer is suspended"),
    ("stores", 0, {"dealer_code": "D999"}, "dealer_code", "unknown dealer code 'D999'"),
    ("stores", 0, {"city_code": "XX"}, "city_code", "unknown city code"),
    ("stores", 0, {"lat": "95"}, "lat", "must be at most 90"),
    ("stores", 0, {"lon": "east"}, "lon", "is not a number"),
    ("stores", 0, {"closed_on": "2024-01-01"}, "closed_on", "is before opened_on (2024-02-01)"),
    ("stores", 0, {"postcode": "20003"}, "postcode", "must be 6 digits"),
    ("stores", 0, {"ships_from_store": "maybe"}, "ships_from_store", "is not true or false"),
    ("warehouses", 0, {"kind": "direct"}, "kind", "is not one of: warehouse, front_warehouse"),
    ("warehouses", 1, {"dealer_code": "D002"}, "dealer_code", "the dealer is suspended"),
    ("skus", 0, {"price": "-1"}, "price", "must not be negative"),
    ("skus", 0, {"cost": "1e13"}, "cost", "must be less than 1000000000000"),
    ("skus", 0, {"volume_m3": "big"}, "volume_m3", "is not a number"),
    ("skus", 0, {"category_code": "CHAIR"}, "category_code", "unknown category code"),
    ("skus", 0, {"launched_on": "01/09/2023"}, "launched_on", "write dates as YYYY-MM-DD"),
    ("inventory", 0, {"on_hand": "-1"}, "on_hand", "must not be negative"),
    ("inventory", 0, {"reserved": "-2"}, "reserved", "must not be negative"),
    ("inventory", 0, {"on_hand": ""}, "on_hand", "a value is required"),
    ("inventory", 0, {"location_code": "S404"}, "location_code", "unknown location code"),
    ("inventory", 0, {"sku_code": "NOPE"}, "sku_code", "unknown SKU code"),
    (
        "inventory",
        1,
        {"sku_code": "SOFA-3S-GRY"},
        "sku_code",
        "the same location_code + sku_code is already on row 2",
    ),
    ("inventory", 3, {"on_hand": "2"}, "on_hand", "experience store, which holds no stock"),
    (
        "spend",
        0,
        {"week_start": "2024-01-03"},
        "week_start",
        "2024-01-03 is a Wednesday; weeks start on Monday (2024-01-01)",
    ),
    (
        "spend",
        0,
        {"marketing_channel_code": "TV"},
        "marketing_channel_code",
        "unknown marketing channel code",
    ),
    ("spend", 0, {"spend": "-100"}, "spend", "must not be negative"),
    ("spend", 0, {"revenue": "inf"}, "revenue", "is not a number"),
    (
        "spend",
        1,
        {"week_start": "2024-01-01"},
        "region_code",
        "the same week_start + marketing_channel_code + region_code is already on row 2",
    ),
]


@pytest.mark.parametrize(
    ("entity", "index", "cells", "column", "reason"),
    RULES,
    ids=[f"{r[0]}-{r[3]}-{i}" for i, r in enumerate(RULES)],
)
def test_rule(request, tmp_path, entity, index, cells, column, reason):
    # dealers are checked as new rows; the other entities update the loaded samples
    database = request.getfixturevalue("db" if entity == "dealers" else "loaded_db")
    problems = problems_of(database, tmp_path, entity, with_cell(entity, index, **cells))
    assert [(p.row, p.column) for p in problems] == [(index + 2, column)], problems
    assert reason in problems[0].reason


def test_credit_code_of_another_stored_dealer_is_refused(loaded_db, tmp_path):
    newcomer = dict(SAMPLES["dealers"][2], code="D009", credit_code="91110000600037341L")
    problems = problems_of(loaded_db, tmp_path, "dealers", [newcomer])
    assert [(p.column, p.reason) for p in problems] == [
        ("credit_code", "is already used by the dealer with code 'D002'")
    ]


def test_store_already_with_a_dealer_that_is_now_suspended_can_be_reimported(loaded_db, tmp_path):
    with loaded_db.engine.begin() as conn:
        conn.execute(
            update(Dealer.__table__).where(Dealer.code == "D001").values(status="suspended")
        )
    renamed = with_cell("stores", 0, name="Acme Xuhui (renovated)")
    result = import_file(
        loaded_db.sessions, ADMIN, "stores", write_rows(tmp_path / "s.csv", renamed)
    )
    assert result.updated == 1
    moved = with_cell("stores", 1, dealer_code="D001")  # a new assignment is still refused
    problems = problems_of(loaded_db, tmp_path, "stores", moved)
    assert [(p.row, p.column) for p in problems] == [(3, "dealer_code")]


def test_a_warehouse_code_cannot_be_imported_as_a_store(loaded_db, tmp_path):
    problems = problems_of(loaded_db, tmp_path, "stores", with_cell("stores", 1, code="W001"))
    assert [(p.row, p.column) for p in problems] == [(3, "code")]
    assert "belongs to a warehouse (import it with warehouses)" in problems[0].reason


def test_header_problems(db, tmp_path):
    header = [*columns("skus"), "colour", "name"]
    header.remove("price")
    rows = [[SAMPLES["skus"][0].get(h, "x") for h in header]]
    problems = problems_of(db, tmp_path, "skus", rows, header=header)
    found = {(p.row, p.column): p.reason for p in problems}
    assert "is not a column of skus" in found[(1, "colour")]
    assert "appears twice" in found[(1, "name")]
    assert found[(1, "price")] == "is missing; this column is required"


def test_a_value_beyond_the_named_columns_is_a_problem(loaded_db, tmp_path):
    path = tmp_path / "levels.csv"
    path.write_text("location_code,sku_code,on_hand\nS001,BED-150,3,surplus\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as caught:
        import_file(loaded_db.sessions, ADMIN, "inventory", path)
    assert [(p.row, p.column) for p in caught.value.details] == [(2, "#4")]


def test_columns_left_out_keep_stored_values_and_empty_defaults_keep_them_too(loaded_db, tmp_path):
    header = [c for c in columns("dealers") if c not in ("contact_email", "daily_capacity")]
    rows = [dict(r, status="") for r in SAMPLES["dealers"]]
    rows.append(
        dict(
            SAMPLES["dealers"][2],
            code="D005",
            status="",
            credit_code=_valid_code("91310000MA1FL5LX3"),
        )
    )
    import_file(loaded_db.sessions, ADMIN, "dealers", write_rows(tmp_path / "d.csv", rows, header))
    with loaded_db.session() as session:
        stored = {d.code: d for d in session.scalars(select(Dealer))}
    assert stored["D001"].contact_email == "li@acme.example"
    assert stored["D001"].daily_capacity == 25
    assert stored["D002"].status == "suspended", "an empty status keeps the stored one"
    assert (stored["D005"].status, stored["D005"].daily_capacity) == ("active", 20)


def test_an_empty_optional_cell_clears_the_stored_value(loaded_db, tmp_path):
    rows = with_cell("dealers", 0, contract_end="", contact_email="")
    result = import_file(loaded_db.sessions, ADMIN, "dealers", write_rows(tmp_path / "d.csv", rows))
    assert result.updated == 1
    with loaded_db.session() as session:
        acme = session.scalars(select(Dealer).where(Dealer.code == "D001")).one()
    assert (acme.contract_end, acme.contact_email) == (None, None)


def test_accepted_spellings(db, tmp_path):
    rows = with_cell(
        "dealers",
        0,
        credit_code=" 91350100m000100y43 ",
        tier=" Gold ",
        contract_start="2024/1/1",
        hq_margin_rate="15%",
    )
    path = tmp_path / "d.csv"
    write_rows(
        path,
        [[r[h] for h in columns("dealers")] for r in rows],
        header=[f" {h.upper()} " for h in columns("dealers")],
    )
    import_file(db.sessions, ADMIN, "dealers", path)
    with db.session() as session:
        acme = session.scalars(select(Dealer).where(Dealer.code == "D001")).one()
    assert (acme.credit_code, acme.tier, acme.contract_start) == (
        "91350100M000100Y43",
        "gold",
        date(2024, 1, 1),
    )
    assert acme.hq_margin_rate == pytest.approx(0.15)


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("entity", ORDER)
def test_export_import_round_trip(loaded_db, tmp_path, entity, suffix):
    with loaded_db.session() as session:
        original = export_frame(session, entity)
    assert len(original) == len(SAMPLES[entity])
    path = tmp_path / f"export{suffix}"
    assert export_file(loaded_db.sessions, entity, path) == len(original)
    table = {"stores": Location, "warehouses": Location}.get(entity)
    with loaded_db.engine.begin() as conn:  # change (or wipe) what was exported
        if entity == "inventory":
            conn.execute(InventoryLevel.__table__.delete())
        elif entity == "spend":
            conn.execute(update(_model(entity).__table__).values(spend=1, reach=2))
        else:
            conn.execute(update((table or _model(entity)).__table__).values(name="changed"))
    result = import_file(loaded_db.sessions, ADMIN, entity, path)
    assert result.inserted + result.updated == len(original)
    with loaded_db.session() as session:
        again = export_frame(session, entity)
    pd.testing.assert_frame_equal(again, original)


def _model(entity: str):
    from console.db.models import MarketingHistory

    return {"dealers": Dealer, "skus": Sku, "spend": MarketingHistory}[entity]


def test_export_writes_the_importers_columns(loaded_db, tmp_path):
    path = tmp_path / "dealers.csv"
    export_file(loaded_db.sessions, "dealers", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to show Chinese names"
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(columns("dealers"))
    assert "艾克米家居" in lines[1]


def test_xlsx_export_keeps_text_that_looks_like_a_formula(loaded_db, tmp_path):
    with loaded_db.engine.begin() as conn:
        conn.execute(
            update(Dealer.__table__).where(Dealer.code == "D001").values(name="=SUM(A1:A9)")
        )
    path = tmp_path / "dealers.xlsx"
    export_file(loaded_db.sessions, "dealers", path)
    from openpyxl import load_workbook

    sheet = load_workbook(path)["dealers"]
    assert sheet["B2"].value == "=SUM(A1:A9)"
    assert sheet["B2"].data_type == "s"
    assert import_file(loaded_db.sessions, ADMIN, "dealers", path).unchanged == 3


# --- encodings, sheets and files that are not CSV/XLSX ----------------------------------------


def test_gbk_csv_from_chinese_excel_is_read_and_reported(db, tmp_path):
    path = write_rows(tmp_path / "经销商.csv", SAMPLES["dealers"], encoding="gbk")
    result = import_file(db.sessions, ADMIN, "dealers", path)
    assert result.inserted == 3
    assert any("GBK" in note for note in result.notes)
    with db.session() as session:
        names = set(session.scalars(select(Dealer.name_zh)))
    assert names == {"艾克米家居", "贝塔生活", "伽马"}


def test_utf8_with_bom_and_semicolons(db, tmp_path):
    path = tmp_path / "d.csv"
    header = ";".join(columns("dealers"))
    body = "\n".join(";".join(r[c] for c in columns("dealers")) for r in SAMPLES["dealers"])
    path.write_bytes(b"\xef\xbb\xbf" + f"{header}\n{body}\n".encode())
    result = import_file(db.sessions, ADMIN, "dealers", path)
    assert (result.inserted, result.notes) == (3, ())


def test_xlsx_sheet_named_like_the_entity_is_preferred(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "readme"
    book.active.append(["this sheet explains the file"])
    sheet = book.create_sheet("Dealers")
    sheet.append(columns("dealers"))
    for row in SAMPLES["dealers"]:
        sheet.append([row[c] for c in columns("dealers")])
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = import_file(db.sessions, ADMIN, "dealers", path)
    assert result.inserted == 3
    assert result.notes == ("book.xlsx: read the sheet 'Dealers'.",)


def test_xlsx_typed_cells_are_read_like_text(loaded_db, tmp_path):
    header = columns("dealers")
    row = [SAMPLES["dealers"][0][h] for h in header]
    row[header.index("contract_start")] = date(2024, 1, 1)
    row[header.index("daily_capacity")] = 25.0
    row[header.index("hq_margin_rate")] = 0.15
    path = write_rows(tmp_path / "typed.xlsx", [row], header=header)
    assert import_file(loaded_db.sessions, ADMIN, "dealers", path).unchanged == 1


def _zip_bytes() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


BAD_FILES = [
    ("data.json", b'{"code": "D001"}', "is a '.json' file; only .csv and .xlsx"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Excel 97-2003 workbook"),
    ("noext", b"code,name\n", "has no file extension"),
    ("empty.csv", b"", "empty.csv is empty."),
    ("blank.xlsx", b"   \n", "blank.xlsx is empty."),
    ("bom.csv", b"\xef\xbb\xbf", "bom.csv is empty."),
    ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "it looks like a PDF document"),
    ("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "it looks like a PDF document"),
    ("noise.csv", bytes(range(256)) * 8, "it looks like a binary file"),
    ("noise.xlsx", bytes(range(256)) * 8, "it looks like a binary file"),
    ("text.xlsx", b"code,name\nD1,x\n", "rename it to end in .csv"),
    ("book.csv", b"PK\x03\x04" + bytes(40), "rename it to end in .xlsx"),
    ("archive.xlsx", _zip_bytes(), "is not a readable XLSX workbook"),
    ("garbage.csv", b"\x01\x02\x03\x04\x05\x06" * 50, "not a text file in UTF-8 or GBK"),
    (
        "other.csv",
        b"location_code,sku_code,on_hand\nS1,K1,3\n",
        "names none of the columns of dealers (it looks like a file of inventory)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_files_that_are_not_csv_or_xlsx_get_one_clear_sentence(
    db, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    before = fingerprint(db)
    with pytest.raises(UserError) as caught:
        import_file(db.sessions, ADMIN, "dealers", path)
    assert not isinstance(caught.value, ImportValidationError)
    assert message in str(caught.value)
    assert caught.value.fix, "every refusal names the fix"
    assert fingerprint(db) == before


def test_xlsx_without_a_header_row(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A3"] = "D001"
    book.save(tmp_path / "noheader.xlsx")
    with pytest.raises(UserError, match=r"Row 1 of the sheet 'Sheet' of noheader\.xlsx is empty"):
        import_file(db.sessions, ADMIN, "dealers", tmp_path / "noheader.xlsx")
    Workbook().save(tmp_path / "blank.xlsx")
    with pytest.raises(UserError, match=r"The sheet 'Sheet' of blank\.xlsx is empty"):
        import_file(db.sessions, ADMIN, "dealers", tmp_path / "blank.xlsx")


def test_missing_file(db, tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        import_file(db.sessions, ADMIN, "dealers", tmp_path / "nowhere.csv")


def test_header_only_file_imports_nothing(db, tmp_path):
    path = tmp_path / "empty-dealers.csv"
    path.write_text(",".join(columns("dealers")) + "\n", encoding="utf-8")
    result = import_file(db.sessions, ADMIN, "dealers", path)
    assert (result.rows, result.inserted) == (0, 0)


# --- permission, dry run, audit ------------------------------------------------------------


def test_the_role_must_allow_imports(db, tmp_path):
    path = write_rows(tmp_path / "d.csv", SAMPLES["dealers"])
    before = fingerprint(db)
    with pytest.raises(PermissionDenied, match=r"data\.import"):
        import_file(db.sessions, BOSS, "dealers", path)
    assert fingerprint(db) == before
    assert import_file(db.sessions, PLANNER, "dealers", path).inserted == 3


def test_dry_run_reports_counts_and_writes_nothing(loaded_db, tmp_path):
    before = fingerprint(loaded_db)
    rows = with_cell("dealers", 1, tier="gold")
    result = import_file(
        loaded_db.sessions, ADMIN, "dealers", write_rows(tmp_path / "d.csv", rows), dry_run=True
    )
    assert (result.inserted, result.updated, result.unchanged, result.dry_run) == (0, 1, 2, True)
    assert "Nothing was written" in result.summary
    assert fingerprint(loaded_db) == before


def test_one_audit_entry_per_import_with_counts(loaded_db, tmp_path):
    rows = with_cell("dealers", 0, tier="platinum")
    import_file(loaded_db.sessions, PLANNER, "dealers", write_rows(tmp_path / "d.csv", rows))
    with loaded_db.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "dealers").order_by(AuditEntry.id)
        ).all()
    assert len(entries) == 2, "one for loading the samples, one for this import"
    last = entries[-1]
    assert (last.username, last.action, last.entity, last.entity_id) == (
        "planner",
        "import",
        "dealers",
        "d.csv",
    )
    assert last.after["inserted"] == 0 and last.after["updated"] == 1
    assert last.after["unchanged"] == 2 and last.after["updated_keys"] == ["D001"]


def test_progress_is_reported(db, tmp_path):
    seen = []
    path = write_rows(tmp_path / "d.csv", SAMPLES["dealers"])
    import_file(db.sessions, ADMIN, "dealers", path, progress=lambda d, t, label: seen.append(d))
    assert seen == [0, 1, 2, 3]


# --- one record from a form ----------------------------------------------------------------


def test_validate_dealer_gives_field_level_problems(db, tmp_path):
    values = dict(
        SAMPLES["dealers"][0],
        code="D010",
        credit_code="91350100M000100Y44",
        contract_end="2020-01-01",
        daily_capacity=-5,
    )
    with db.session() as session:
        check = validate_dealer(session, values)
    assert not check.ok
    assert set(check.by_column()) == {"credit_code", "contract_end", "daily_capacity"}
    assert check.values == {}


def test_validate_dealer_returns_model_values_when_valid(db, tmp_path):
    values = dict(SAMPLES["dealers"][0], contract_start=date(2024, 1, 1), daily_capacity=30)
    with db.session() as session:
        check = validate_dealer(session, values)
        east = session.scalar(select(func.min(Dealer.region_id)))  # none yet
    assert check.ok, check.problems
    assert east is None
    assert check.values["contract_start"] == date(2024, 1, 1)
    assert check.values["daily_capacity"] == 30
    assert check.values["credit_code"] == "91350100M000100Y43"
    assert isinstance(check.values["region_id"], int)


def test_validate_dealer_edit_keeps_its_own_credit_code_and_refuses_a_taken_code(
    loaded_db, tmp_path
):
    with loaded_db.session() as session:
        acme = session.scalars(select(Dealer).where(Dealer.code == "D001")).one()
        renamed = validate_dealer(
            session, dict(SAMPLES["dealers"][0], code="D001X"), dealer_id=acme.id
        )
        taken = validate_dealer(
            session, dict(SAMPLES["dealers"][0], code="D002"), dealer_id=acme.id
        )
        created = validate_dealer(session, dict(SAMPLES["dealers"][0]))
        partial = validate_dealer(session, {"daily_capacity": "-1"}, dealer_id=acme.id)
    assert renamed.ok, renamed.problems
    assert ("code", "is already used by another dealer; choose another code") in taken.problems
    assert "code" in created.by_column()
    assert partial.problems == [("daily_capacity", "-1 must not be negative")]


def test_validate_store_refuses_a_suspended_dealer(loaded_db, tmp_path):
    with loaded_db.session() as session:
        new = dict(SAMPLES["stores"][0], code="S010")
        check = validate_store(session, dict(new, dealer_code="D002"))
        fine = validate_record(session, "stores", new)
    assert check.by_column() == {
        "dealer_code": [
            "the dealer is suspended; a location cannot be assigned to a suspended dealer "
            "(reactivate the dealer first or choose another)"
        ]
    }
    assert fine.ok and fine.values["kind"] == "franchise"


def test_utf16_tab_separated_unicode_text(db, tmp_path):
    header = "\t".join(columns("dealers"))
    body = "\n".join("\t".join(r[c] for c in columns("dealers")) for r in SAMPLES["dealers"])
    path = tmp_path / "unicode.csv"
    path.write_bytes(f"{header}\n{body}\n".encode("utf-16"))
    result = import_file(db.sessions, ADMIN, "dealers", path)
    assert result.inserted == 3
    assert result.notes == ("unicode.csv was read as UTF-16 (Excel's 'Unicode Text').",)


def test_the_format_document_lists_every_column():
    document = Path(__file__).parents[2] / "docs" / "formats" / "import-export.md"
    text = document.read_text(encoding="utf-8")
    for name in ORDER:
        section = text.split(f"\n### {name}\n", 1)[1].split("\n### ", 1)[0]
        for column in columns(name):
            assert f"\n| {column} |" in section, (name, column)
        assert ",".join(columns(name)) in section, f"the {name} example has every column"


def test_the_command_line_lists_every_entity():
    from console.io import ENTITY_NAMES
    from console.io.specs import ENTITIES

    assert tuple(ENTITIES) == ENTITY_NAMES
