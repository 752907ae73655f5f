"""`hq-console import` and `hq-console export` through the real entry point."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from console.__main__ import main
from console.cli.io import SHOWN_PROBLEMS
from console.db.models import Dealer, InventoryLevel
from tests.io.helpers import (
    SAMPLES,
    copy_database,
    fingerprint,
    prepare_templates,
    write_rows,
)


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    return prepare_templates(tmp_path_factory.mktemp("cli-templates"))


@pytest.fixture
def db(templates, tmp_path):
    database = copy_database(templates[0], tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def loaded_db(templates, tmp_path):
    database = copy_database(templates[1], tmp_path)
    yield database
    database.dispose()


def url(database) -> str:
    return database.url.render_as_string(hide_password=False)


def test_import_prints_counts(db, tmp_path, capsys):
    path = write_rows(tmp_path / "dealers.csv", SAMPLES["dealers"])
    code = main(["import", "dealers", str(path), "--db", url(db), "--user", "admin"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Imported 3 dealers rows from dealers.csv: 3 inserted, 0 updated, 0 unchanged." in out
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Dealer)) == 3


def test_options_before_the_subcommand(db, tmp_path, capsys):
    path = write_rows(tmp_path / "dealers.csv", SAMPLES["dealers"])
    assert main(["--db", url(db), "--user", "admin", "import", "dealers", str(path)]) == 0


def test_dry_run_writes_nothing(db, tmp_path, capsys):
    path = write_rows(tmp_path / "dealers.csv", SAMPLES["dealers"])
    before = fingerprint(db)
    code = main(["import", "dealers", str(path), "--dry-run", "--db", url(db), "--user", "admin"])
    assert code == 0
    assert "would give 3 inserted" in capsys.readouterr().out
    assert fingerprint(db) == before


def test_gbk_file_is_announced(db, tmp_path, capsys):
    path = write_rows(tmp_path / "dealers.csv", SAMPLES["dealers"], encoding="gbk")
    assert main(["import", "dealers", str(path), "--db", url(db), "--user", "admin"]) == 0
    assert "was read as GBK" in capsys.readouterr().out
    bad = write_rows(tmp_path / "bad.csv", [dict(SAMPLES["dealers"][0], tier="金")], encoding="gbk")
    assert main(["import", "dealers", str(bad), "--db", url(db), "--user", "admin"]) == 2
    err = capsys.readouterr().err
    assert "bad.csv was read as GBK" in err, "the guess is shown next to the problems"
    assert "column tier: '金' is not one of" in err


def test_problems_are_listed_up_to_a_limit_and_nothing_is_written(loaded_db, tmp_path, capsys):
    rows = [dict(SAMPLES["inventory"][0], on_hand=str(-i - 1)) for i in range(SHOWN_PROBLEMS + 7)]
    for i, row in enumerate(rows):
        row["location_code"] = ["S001", "S002", "W001", "W002"][i % 4]
        row["sku_code"] = f"X{i}"
    path = write_rows(tmp_path / "levels.csv", rows)
    before = fingerprint(loaded_db)
    code = main(["import", "inventory", str(path), "--db", url(loaded_db), "--user", "admin"])
    err = capsys.readouterr().err
    assert code == 2
    listed = [line for line in err.splitlines() if line.startswith("  levels.csv, row ")]
    assert len(listed) == SHOWN_PROBLEMS
    total = 2 * len(rows)  # each row: unknown SKU and negative stock
    assert f"... and {total - SHOWN_PROBLEMS} more problems." in err
    assert f"levels.csv has {total} problems in {len(rows)} rows; nothing was imported." in err
    assert "  levels.csv, row 2, column sku_code: unknown SKU code 'X0'" in err
    assert fingerprint(loaded_db) == before
    with loaded_db.session() as session:
        assert session.scalar(select(func.count()).select_from(InventoryLevel)) == 4


def test_a_file_that_is_not_csv_gets_one_sentence(db, tmp_path, capsys):
    path = tmp_path / "report.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    code = main(["import", "dealers", str(path), "--db", url(db), "--user", "admin"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("hq-console: report.csv is not a CSV text file: it looks like a PDF")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_role_without_import_permission_is_refused(db, tmp_path, capsys):
    path = write_rows(tmp_path / "dealers.csv", SAMPLES["dealers"])
    code = main(["import", "dealers", str(path), "--db", url(db), "--user", "boss"])
    assert code == 2
    assert "data.import" in capsys.readouterr().err


def test_unknown_entity_is_an_argument_error(db, tmp_path, capsys):
    try:
        main(["import", "customers", str(tmp_path / "x.csv"), "--db", url(db)])
    except SystemExit as exc:
        assert exc.code == 2
    assert "invalid choice: 'customers'" in capsys.readouterr().err


def test_export_then_import_round_trips(loaded_db, tmp_path, capsys):
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"stores{suffix}"
        assert main(["export", "stores", "--out", str(path), "--db", url(loaded_db)]) == 0
        assert f"Exported 3 stores rows to {path}." in capsys.readouterr().out
        code = main(["import", "stores", str(path), "--db", url(loaded_db), "--user", "admin"])
        assert code == 0
        assert "0 inserted, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_export_to_a_wrong_name_or_folder(loaded_db, tmp_path, capsys):
    code = main(["export", "skus", "--out", str(tmp_path / "skus.json"), "--db", url(loaded_db)])
    assert code == 2
    assert "must end in .csv or .xlsx" in capsys.readouterr().err
    missing = tmp_path / "nowhere" / "skus.csv"
    assert main(["export", "skus", "--out", str(missing), "--db", url(loaded_db)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not missing.parent.exists()
