"""`hq-console report kpis` and `hq-console db refresh-rollups` on the small demo dataset."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from console.__main__ import main
from console.db.engine import make_engine
from console.db.queries.kpi_views import KpiView, series, trend
from console.db.queries.kpis import DateWindow, kpi_source
from console.services.kpi_math import KPIS, period_label

FROM, TO = "2026-01-01", "2026-06-30"


def _report(db_url, tmp_path, *extra: str, name: str = "kpis.csv") -> tuple[int, object]:
    out = tmp_path / name
    code = main(["report", "kpis", "--db", str(db_url), "--out", str(out), *extra])
    return code, out


def test_csv_by_channel_and_month_has_the_panels_figures(small_db_url, tmp_path, capsys):
    code, out = _report(
        small_db_url, tmp_path, "--by", "channel", "--period", "month", "--from", FROM, "--to", TO
    )
    assert code == 0
    assert "6 month(s) x channel" in capsys.readouterr().out
    written = pd.read_csv(out, encoding="utf-8-sig")
    keys = ["period", "period_start", "channel_type", "channel", "channel_zh", "gmv"]
    assert list(written.columns[:6]) == keys
    assert set(written["period"]) == {f"2026-{m:02d}" for m in range(1, 7)}
    assert set(written["channel_zh"]) <= {"直营店", "加盟店", "自营电商", "第三方平台", "社交媒体"}

    engine = make_engine(small_db_url)
    view = KpiView(DateWindow(date(2026, 1, 1), date(2026, 6, 30)))
    panel = trend(series(engine, view, kpi_source(engine, "raw")))
    engine.dispose()
    panel = panel.assign(period=[period_label(b, "month") for b in panel["bucket"]])
    merged = written.merge(panel, on=["period", "channel_type"], how="outer")
    assert len(merged) == len(written) == len(panel)
    assert (merged["gmv_x"] - merged["gmv_y"]).abs().max() < 0.006
    assert (merged["orders_x"] == merged["orders_y"]).all()


def test_xlsx_by_dealer_with_comparisons_and_definitions(small_db_url, tmp_path):
    code, out = _report(
        small_db_url,
        tmp_path,
        "--by",
        "dealer",
        "--period",
        "quarter",
        "--from",
        FROM,
        "--to",
        TO,
        "--compare",
        "--format",
        "xlsx",
        name="kpis.xlsx",
    )
    assert code == 0
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["kpis", "definitions"]
    header = next(book["kpis"].iter_rows(max_row=1, values_only=True))
    assert {"dealer_id", "dealer", "gmv_vs_prev_pct", "gmv_ly", "orders_vs_ly"} <= set(header)
    definitions = list(book["definitions"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in definitions] == [k.key for k in KPIS]
    periods = {row[0] for row in book["kpis"].iter_rows(min_row=2, values_only=True)}
    assert periods == {"2026-Q1", "2026-Q2"}
    book.close()


def test_filters_by_code_narrow_the_report(small_db_url, tmp_path):
    _, everything = _report(small_db_url, tmp_path, "--by", "region", "--from", FROM, "--to", TO)
    code, online = _report(
        small_db_url,
        tmp_path,
        "--by",
        "region",
        "--from",
        FROM,
        "--to",
        TO,
        "--online",
        "--channel",
        "marketplace",
        name="online.csv",
    )
    assert code == 0
    all_rows = pd.read_csv(everything, encoding="utf-8-sig")
    market = pd.read_csv(online, encoding="utf-8-sig")
    assert 0 < market["orders"].sum() < all_rows["orders"].sum()
    assert (market["online_orders"] == market["orders"]).all()


def test_a_period_without_orders_writes_an_empty_report(small_db_url, tmp_path, capsys):
    code, out = _report(
        small_db_url, tmp_path, "--by", "store", "--from", "2030-01-01", "--to", "2030-01-31"
    )
    assert code == 0
    assert "empty report" in capsys.readouterr().out
    written = pd.read_csv(out, encoding="utf-8-sig")
    assert written.empty and "gmv" in written.columns


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-03-01", "--to", "2026-02-01"], "ends (2026-02-01) before it starts"),
        (["--from", "2026-02-30"], "is not a date"),
        (["--dealer", "NO-SUCH-DEALER"], "no dealer with the code"),
        (["--format", "xlsx"], "does not match"),
        (["--source", "rollup"], "refresh-rollups"),
    ],
)
def test_bad_input_is_refused_without_writing(small_db_url, tmp_path, capsys, args, message):
    code, out = _report(small_db_url, tmp_path, "--by", "channel", *args)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_output_folder_is_refused(small_db_url, tmp_path, capsys):
    out = tmp_path / "missing" / "kpis.csv"
    code = main(["report", "kpis", "--db", str(small_db_url), "--by", "channel", "--out", str(out)])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_refresh_rollups_then_report_from_them(small_db_copy, tmp_path, capsys):
    assert main(["db", "refresh-rollups", "--db", str(small_db_copy)]) == 0
    assert "kpi_order_rollup" in capsys.readouterr().out
    window = ["--from", FROM, "--to", TO, "--by", "category", "--period", "week"]
    code, rolled = _report(small_db_copy, tmp_path, *window, "--source", "rollup")
    assert code == 0
    assert "rollups refreshed" in capsys.readouterr().out
    _, raw = _report(small_db_copy, tmp_path, *window, "--source", "raw", name="raw.csv")
    a, b = (pd.read_csv(path, encoding="utf-8-sig") for path in (rolled, raw))
    assert len(a) == len(b) > 0
    assert (a["gmv"] - b["gmv"]).abs().max() < 0.006
    assert (a["active_customers"] == b["active_customers"]).all()
