"""DataFrameTableModel and DataTable: formatting, sort, filter, columns, selection, O(1) data()."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from console.ui.data_table import DataTable
from console.ui.table_model import RAW_ROLE, DataFrameTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["D03", "D01", "D02", "D04"],
            "name": ["上海鸿运家居", "Beijing Home", "广州家具城", None],
            "revenue": [1234.5, None, -80.0, 1_000_000.0],
            "orders": [3, 10, 7, 1],
            "change": [0.052, -0.1, 0.0, None],
            "opened": pd.to_datetime(["2024-06-18", "2023-01-05", None, "2022-11-11"]),
        }
    )


def cell(model, row: int, column: str, role=DISPLAY):
    return model.data(model.index(row, model.column_index(column)), role)


def column_texts(model, column: str) -> list[str]:
    return [cell(model, r, column) for r in range(model.rowCount())]


def test_formats_cells_by_column_kind(qtbot, frame):
    model = DataFrameTableModel(frame, formats={"revenue": "money", "change": "change"})
    assert column_texts(model, "revenue") == ["¥1,234.50", "—", "-¥80.00", "¥1,000,000.00"]
    assert column_texts(model, "orders") == ["3", "10", "7", "1"]
    assert column_texts(model, "change") == ["▲ +5.2%", "▼ -10.0%", "■ +0.0%", "—"]
    assert column_texts(model, "opened") == ["2024-06-18", "2023-01-05", "—", "2022-11-11"]
    assert column_texts(model, "name")[3] == "—"
    assert cell(model, 0, "revenue", RAW_ROLE) == 1234.5
    assert cell(model, 1, "revenue", RAW_ROLE) is None
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert cell(model, 0, "revenue", Qt.ItemDataRole.TextAlignmentRole) == right
    assert cell(model, 0, "change", Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(model, 2, "change", Qt.ItemDataRole.ForegroundRole) is None


def test_sorts_numbers_text_and_dates_with_missing_values_last(qtbot, frame):
    model = DataFrameTableModel(frame)
    model.sort(model.column_index("revenue"), Qt.SortOrder.AscendingOrder)
    assert column_texts(model, "code") == ["D02", "D03", "D04", "D01"]
    model.sort(model.column_index("revenue"), Qt.SortOrder.DescendingOrder)
    assert column_texts(model, "code") == ["D04", "D03", "D02", "D01"]
    model.sort(model.column_index("code"), Qt.SortOrder.AscendingOrder)
    assert column_texts(model, "code") == ["D01", "D02", "D03", "D04"]
    model.sort(model.column_index("opened"), Qt.SortOrder.DescendingOrder)
    assert column_texts(model, "code") == ["D03", "D01", "D04", "D02"]
    model.sort(model.column_index("name"), Qt.SortOrder.AscendingOrder)
    assert column_texts(model, "code")[-1] == "D04"  # the missing name sorts last


def test_filter_is_case_insensitive_over_text_columns_and_combines_with_sort(qtbot, frame):
    model = DataFrameTableModel(frame)
    model.set_filter("beijing")
    assert column_texts(model, "code") == ["D01"]
    model.set_filter("家")
    assert column_texts(model, "code") == ["D03", "D02"]
    model.sort(model.column_index("code"), Qt.SortOrder.AscendingOrder)
    assert column_texts(model, "code") == ["D02", "D03"]
    model.set_filter("d0", columns=["code"])
    assert model.rowCount() == 4 and model.total_rows == 4
    model.set_filter("")
    assert column_texts(model, "code") == ["D01", "D02", "D03", "D04"]


def test_new_data_keeps_the_sort_and_the_filter(qtbot, frame):
    model = DataFrameTableModel(frame)
    model.sort(model.column_index("orders"), Qt.SortOrder.DescendingOrder)
    model.set_filter("d0")
    model.set_frame(pd.concat([frame, frame.assign(code="D05", orders=99)]).head(5))
    assert column_texts(model, "code")[0] == "D05"


def test_selection_follows_rows_through_sorting(qtbot, frame):
    table = DataTable()
    qtbot.addWidget(table)
    table.set_frame(frame)
    table.view.selectionModel().select(
        table.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.model.sort(table.model.column_index("code"), Qt.SortOrder.AscendingOrder)
    assert [table.model.row_dict(r)["code"] for r in table.selected_rows()] == ["D03"]
    assert table.selected_frame()["code"].tolist() == ["D03"]


def test_refresh_with_a_key_keeps_selection_and_scroll(qtbot):
    table = DataTable()
    qtbot.addWidget(table)
    table.resize(500, 200)
    table.show()
    data = pd.DataFrame({"id": np.arange(500), "value": np.arange(500) * 2.0})
    table.set_frame(data, key="id")
    table.view.selectRow(300)
    table.view.scrollTo(table.model.index(300, 0))
    scroll = table.view.verticalScrollBar().value()
    assert scroll > 0
    table.set_frame(data.assign(value=data["value"] + 1), key="id")
    assert [table.model.row_dict(r)["id"] for r in table.selected_rows()] == [300]
    assert table.view.verticalScrollBar().value() == scroll


def test_columns_are_wide_enough_for_their_bold_headers(qtbot):
    from PySide6.QtGui import QFont, QFontMetrics

    table = DataTable()
    qtbot.addWidget(table)
    header = "Shadow price (per ¥ relaxed)"
    table.set_frame(pd.DataFrame({header: [1.5, 2.0]}))
    bold = QFont(table.view.horizontalHeader().font())
    bold.setWeight(QFont.Weight.DemiBold)
    room = 36  # padding and the sort arrow
    assert table.view.columnWidth(0) >= QFontMetrics(bold).horizontalAdvance(header) + room


def test_filter_box_and_row_count(qtbot, frame):
    table = DataTable()
    qtbot.addWidget(table)
    table.set_frame(frame)
    assert table.count_label.text() == "4 rows"
    qtbot.keyClicks(table.filter_box, "BEIJ")  # (QTest types ASCII only)
    qtbot.waitUntil(lambda: table.model.rowCount() == 1, timeout=3000)
    assert table.count_label.text() == "1 of 4 rows"


def test_column_chooser_hides_columns_and_remembers_them(qtbot, frame, isolated_home):
    table = DataTable(settings_key="test.columns")
    qtbot.addWidget(table)
    table.set_frame(frame, headers={"revenue": "Revenue"})
    action = next(a for a in table.columns_menu.actions() if a.data() == "revenue")
    assert action.text() == "Revenue" and action.isChecked()
    action.trigger()  # untick
    assert table.view.isColumnHidden(table.model.column_index("revenue"))
    assert "Revenue" not in table.visible_frame().columns
    assert table.hidden_columns() == ["revenue"]
    again = DataTable(settings_key="test.columns")
    qtbot.addWidget(again)
    again.set_frame(frame)
    assert again.hidden_columns() == ["revenue"]


def test_visible_frame_follows_view_order_headers_and_hidden_columns(qtbot, frame):
    table = DataTable()
    qtbot.addWidget(table)
    table.set_frame(frame, headers={"code": "Code", "orders": "Orders"})
    table.view.horizontalHeader().moveSection(table.model.column_index("orders"), 0)
    table.set_column_visible("name", False)
    table.model.sort(table.model.column_index("orders"), Qt.SortOrder.DescendingOrder)
    out = table.visible_frame()
    assert list(out.columns[:2]) == ["Orders", "Code"]
    assert "name" not in out.columns
    assert out["Code"].tolist() == ["D01", "D02", "D03", "D04"]


def _time_data_calls(model: DataFrameTableModel, rows: np.ndarray) -> float:
    indexes = [model.index(int(r), c) for r in rows for c in range(model.columnCount())]
    start = time.perf_counter()
    for _ in range(3):
        for index in indexes:
            model.data(index)
    return time.perf_counter() - start


def test_data_costs_the_same_for_a_thousand_or_a_million_rows(qtbot):
    """O(1) data(): reading the same number of cells from a 1,000-row and a 1,000,000-row
    frame (sorted, so the view goes through an index array) takes about the same time."""
    rng = np.random.default_rng(0)

    def make(n: int) -> DataFrameTableModel:
        frame = pd.DataFrame({
            "code": np.char.add("S", np.arange(n).astype(str)).astype(object),
            "revenue": rng.normal(1e5, 2e4, n),
            "orders": rng.integers(0, 100, n),
            "day": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D"),
        })  # fmt: skip
        model = DataFrameTableModel(frame, formats={"revenue": "money"})
        model.sort(1, Qt.SortOrder.DescendingOrder)
        return model

    small, large = make(1_000), make(1_000_000)
    rows = rng.integers(0, 1_000, 400)
    small_times, large_times = [], []
    for _ in range(9):  # interleaved, and the minimum of each: robust to a busy machine
        small_times.append(_time_data_calls(small, rows))
        large_times.append(_time_data_calls(large, rows + 500_000))
    # A cost growing with the rows would make the large model ~1000 times slower.
    assert min(large_times) < min(small_times) * 3, (min(small_times), min(large_times))
