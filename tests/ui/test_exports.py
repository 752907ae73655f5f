"""Exports: tables to XLSX and CSV (round trip, Chinese text, limits), charts to PNG."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
import pytest
from PySide6.QtGui import QImage

from console.errors import UserError
from console.ui import export
from console.ui.charts import TimeSeriesChart
from console.ui.data_table import DataTable
from console.ui.export import export_chart_png, export_frame, export_frames


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "门店": ["上海旗舰店", "Beijing Store", None],
            "revenue": [1234.5, None, 99.0],
            "orders": [3, 10, 7],
            "day": pd.to_datetime(["2024-06-18", None, "2024-11-11"]),
            "status": pd.array(["open", None, "closed"], dtype="string"),
        }
    )


def test_xlsx_round_trip_keeps_values_types_and_chinese(frame, tmp_path):
    path = export_frame(frame, tmp_path / "stores.xlsx", sheet_name="门店/Stores")
    back = pd.read_excel(path)
    assert list(back.columns) == list(frame.columns)
    assert back["门店"].tolist()[:2] == ["上海旗舰店", "Beijing Store"]
    assert back["revenue"].tolist()[0] == 1234.5 and pd.isna(back["revenue"][1])
    assert back["orders"].tolist() == [3, 10, 7]
    assert back["day"][0] == pd.Timestamp("2024-06-18") and pd.isna(back["day"][1])
    import openpyxl

    assert openpyxl.load_workbook(path).sheetnames == ["门店_Stores"]  # '/' is not allowed


def test_csv_round_trip_is_utf8_with_bom_for_excel(frame, tmp_path):
    path = export_frame(frame, tmp_path / "stores.csv")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["门店"].tolist()[0] == "上海旗舰店"
    assert back["orders"].tolist() == [3, 10, 7]


def test_workbook_with_several_sheets_and_a_chart_image(frame, tmp_path, qtbot):
    chart = TimeSeriesChart("Revenue")
    qtbot.addWidget(chart)
    chart.resize(400, 250)
    chart.set_series(pd.date_range("2024-01-01", periods=5), {"Online": [1, 2, 3, 2, 4]})
    path = export_frames(
        {"Stores": frame, "Stores ": frame.head(1)}, tmp_path / "report.xlsx",
        images={"Revenue chart": chart.png_bytes()},
    )  # fmt: skip
    names = zipfile.ZipFile(path).namelist()
    assert "xl/media/image1.png" in names
    import openpyxl

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Stores", "Stores (2)", "Revenue chart"]
    assert book.worksheets[1].max_row == 2


def test_too_many_rows_for_excel_are_refused_with_a_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 2)
    with pytest.raises(UserError, match="more than an Excel sheet holds") as info:
        export_frame(pd.DataFrame({"a": [1, 2, 3]}), tmp_path / "big.xlsx")
    assert "export it to CSV" in info.value.fix
    assert not (tmp_path / "big.xlsx").exists()


def test_cancelled_export_leaves_no_file(tmp_path):
    from console.ui.runner import Cancelled, TaskControl

    control = TaskControl(lambda *a: None)
    control.cancel()
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        export_frame(pd.DataFrame({"a": range(10)}), folder / "t.csv", task=control)
    with pytest.raises(Cancelled):
        export_frame(pd.DataFrame({"a": range(10)}), folder / "t.xlsx", task=control)
    assert list(folder.iterdir()) == []


def test_data_table_exports_what_is_shown_in_the_background(frame, tmp_path, qtbot):
    table = DataTable(export_name="stores")
    qtbot.addWidget(table)
    table.set_frame(frame, headers={"revenue": "Revenue"})
    table.set_column_visible("status", False)
    table.set_filter("store")
    table.export_to(tmp_path / "shown.xlsx")
    qtbot.waitUntil(lambda: table.count_label.text().startswith("Exported to "), timeout=20000)
    back = pd.read_excel(tmp_path / "shown.xlsx")
    assert back.columns.tolist() == ["门店", "Revenue", "orders", "day"]
    assert back["门店"].tolist() == ["Beijing Store"]


def test_chart_png_export(tmp_path, qtbot):
    chart = TimeSeriesChart("Revenue", y_format="money")
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.set_series(pd.date_range("2024-01-01", periods=30), {"Online": np.arange(30.0)})
    path = export_chart_png(chart, tmp_path / "chart.png", scale=2)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1000, 600)
    colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 600, 25)}
    assert len(colours) > 3  # not a blank image
    with pytest.raises(UserError, match="PNG"):
        export_chart_png(chart, tmp_path / "chart.svg")
