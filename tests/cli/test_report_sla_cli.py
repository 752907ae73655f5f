"""`hq-console report sla`: the panel's figures in CSV / XLSX, and clear refusals."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import update

from console.__main__ import main
from console.db.engine import make_engine
from console.db.queries.service import sla_report
from console.db.service import ServiceTicket, SlaPolicy, TicketStatusChange
from console.services.service_kpis import KPI_COLUMNS

PERIOD = ["--from", "2026-06-01", "--to", "2026-11-15"]


def _run(url, *args: str) -> int:
    return main(["report", "sla", "--db", url.render_as_string(hide_password=False), *args])


@pytest.mark.parametrize("by", ["dealer", "channel", "category"])
def test_csv_holds_the_panels_figures(small_db_url, tmp_path, capsys, by):
    out = tmp_path / f"sla_{by}.csv"
    assert _run(small_db_url, "--by", by, *PERIOD, "--out", str(out)) == 0
    written = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    engine = make_engine(small_db_url)
    panel = sla_report(engine, by, date(2026, 6, 1), date(2026, 11, 15))
    engine.dispose()
    assert written.columns.tolist() == [by, "name", "name_zh", *KPI_COLUMNS]
    assert written[by].astype(str).tolist() == panel[by].astype(str).tolist()
    assert written[by].iloc[-1] == "(all)"
    pd.testing.assert_frame_equal(
        written[list(KPI_COLUMNS)].astype(float),
        panel[list(KPI_COLUMNS)].astype(float),
        rtol=1e-12,
    )
    total = int(panel["tickets"].iloc[-1])
    assert f"the total over {total:,} ticket(s)" in capsys.readouterr().out


def test_xlsx_with_chinese_names(small_db_url, tmp_path):
    out = tmp_path / "sla.xlsx"
    assert _run(small_db_url, "--by", "category", *PERIOD, "--out", str(out)) == 0
    sheet = pd.read_excel(out, sheet_name="sla")
    assert set(sheet["name_zh"]) >= {"配送", "安装", "全部"}
    assert sheet["tickets"].iloc[-1] == sheet["tickets"].iloc[:-1].sum()


def test_empty_period_writes_headers_only(small_db_url, tmp_path, capsys):
    out = tmp_path / "empty.csv"
    assert (
        _run(
            small_db_url,
            "--by",
            "dealer",
            "--from",
            "2020-01-01",
            "--to",
            "2020-01-31",
            "--out",
            str(out),
        )
        == 0
    )
    assert pd.read_csv(out, encoding="utf-8-sig").empty
    assert "No tickets were opened" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-11-15", "--out", "x.csv"], "--from '2026-13-01'"),
        (["--from", "2026-11-01", "--to", "2026-10-01", "--out", "x.csv"], "ends (2026-10-01)"),
        (["--from", "2026-10-01", "--to", "2026-11-01", "--out", "x.pdf"], "neither .csv"),
        (["--from", "2026-10-01", "--to", "2026-11-01", "--out", "no/dir/x.csv"], "does not exist"),
    ],
)
def test_bad_arguments_are_refused(small_db_url, tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert _run(small_db_url, "--by", "dealer", *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_bad_policy_in_the_database_is_refused(small_db_copy, tmp_path, capsys):
    engine = make_engine(small_db_copy)
    with engine.begin() as conn:
        conn.execute(update(SlaPolicy).values(calendar="cn:"))
    engine.dispose()
    out = tmp_path / "sla.csv"
    assert _run(small_db_copy, "--by", "dealer", *PERIOD, "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "no working hours" in err and "cn:HH:MM-HH:MM" in err
    assert not out.exists()


def test_history_out_of_order_is_refused_naming_the_ticket(small_db_copy, tmp_path, capsys):
    engine = make_engine(small_db_copy)
    with engine.begin() as conn:
        code, ticket_id = conn.execute(
            ServiceTicket.__table__.select()
            .with_only_columns(ServiceTicket.code, ServiceTicket.id)
            .where(ServiceTicket.opened_at >= datetime(2026, 7, 1))
            .order_by(ServiceTicket.id)
            .limit(1)
        ).one()
        conn.execute(
            TicketStatusChange.__table__.insert().values(
                ticket_id=ticket_id, status="in_progress", changed_at=datetime(2026, 1, 1)
            )
        )
    engine.dispose()
    out = tmp_path / "sla.csv"
    assert _run(small_db_copy, "--by", "channel", *PERIOD, "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "out of order" in err and code in err
    assert not out.exists()
