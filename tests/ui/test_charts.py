"""Chart helpers: hover read-outs, clicks, selection, theming."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtWidgets import QApplication

from console.ui.charts import (
    HeatmapChart,
    LineChart,
    ScatterChart,
    StackedBarChart,
    TimeSeriesChart,
    points_in_polygon,
)
from console.ui.theme import CHART_THEMES, apply_theme


@pytest.fixture
def shown(qtbot):
    def show(chart):
        qtbot.addWidget(chart)
        chart.resize(600, 400)
        chart.show()
        qtbot.waitExposed(chart)
        return chart

    return show


def test_time_series_hover_reads_every_series_at_the_nearest_date(shown):
    chart = shown(TimeSeriesChart("Revenue", y_format="money"))
    dates = pd.date_range("2024-06-01", periods=30, freq="D")
    chart.set_series(dates, {"Online": np.arange(30) * 1000.0, "Offline": np.full(30, 500.0)},
                     stacked=True)  # fmt: skip
    chart.hover(pd.Timestamp("2024-06-18 05:00").timestamp(), 0)
    text = chart.readout.text()
    assert "2024-06-18" in text
    assert "Online: ¥17,000" in text and "Offline: ¥500" in text and "Total: ¥17,500" in text


def test_time_series_click_reports_the_date_index(shown, qtbot):
    chart = shown(TimeSeriesChart())
    dates = pd.date_range("2024-01-01", periods=10, freq="D")
    chart.set_series(dates, {"a": np.arange(10.0)})
    with qtbot.waitSignal(chart.point_clicked) as clicked:
        chart.click(dates[6].timestamp() + 3600, 0)
    assert clicked.args == [6]


def test_stacked_bars_hover_and_click_find_the_segment(shown, qtbot):
    chart = shown(StackedBarChart("Tickets", y_format="int"))
    chart.set_data(["North", "East"], {"Delivery": [5, 7], "Damage": [2, 1]})
    chart.hover(1.1, 7.5)
    assert "<b>East</b>" in chart.readout.text()
    assert "<u>" in chart.readout.text() and "Damage: 1</u>" in chart.readout.text()
    with qtbot.waitSignal(chart.bar_clicked) as clicked:
        chart.click(0.0, 3.0)
    assert clicked.args == [0, "Delivery"]


def test_horizontal_bars_swap_the_axes(shown, qtbot):
    chart = shown(StackedBarChart(horizontal=True))
    chart.set_data(["A", "B", "C"], {"x": [1, 2, 3]})
    with qtbot.waitSignal(chart.bar_clicked) as clicked:
        chart.click(2.5, 2.0)
    assert clicked.args == [2, "x"]


def test_scatter_lasso_and_rectangle_select_the_points_inside(shown, qtbot):
    chart = shown(ScatterChart(x_format="money"))
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    y = np.array([1.0, 4.0, 2.0, 5.0, 1.0])
    chart.set_points(x, y, labels=list("abcde"), groups=["g1", "g1", "g2", "g2", "g2"])
    chart.set_selection_mode("lasso")
    with qtbot.waitSignal(chart.selection_changed) as changed:
        chart.select_polygon([(0.5, 0.5), (3.5, 0.5), (3.5, 2.5), (0.5, 2.5)])
    assert changed.args[0].tolist() == [0, 2]
    assert chart.selected().tolist() == [0, 2]
    chart.set_selection_mode("rect")
    assert chart.selection_mode == "rect"
    chart.select(np.array([4]))
    assert chart.selected().tolist() == [4]
    chart.clear_button.click()
    assert chart.selected().tolist() == []


def test_points_in_polygon_handles_concave_shapes():
    polygon = np.array([(0, 0), (4, 0), (4, 4), (2, 1), (0, 4)], dtype=float)  # a 'V' notch
    x = np.array([1.0, 2.0, 3.0, 2.0])
    y = np.array([1.0, 3.0, 1.0, 0.5])
    assert points_in_polygon(x, y, polygon).tolist() == [True, False, True, True]


def test_heatmap_hover_and_click_name_the_cell(shown, qtbot):
    chart = shown(HeatmapChart("Days of cover", value_format="int"))
    chart.set_matrix([[1, 2, np.nan], [4, 5, 6]], ["华东", "华北"], ["Sofa", "Bed", "Lamp"])
    chart.hover(1.2, 0.9)
    assert chart.readout.text() == "<b>华北 × Bed</b>: 5"
    chart.hover(2.0, 0.0)
    assert chart.readout.text() == "<b>华东 × Lamp</b>: —"
    with qtbot.waitSignal(chart.cell_clicked) as clicked:
        chart.click(0.1, 1.2)
    assert clicked.args == [1, 0]


def test_line_chart_reads_curves_at_the_mouse(shown):
    chart = shown(LineChart(x_format="money", y_format="money"))
    x = np.linspace(0, 100, 11)
    chart.add_band("band", x, x * 0.9, x * 1.1)
    chart.add_line("response", x, x * 2)
    chart.add_points("optimum", [50], [100])
    chart.hover(25, 0)
    assert "response: ¥50" in chart.readout.text()


def test_charts_restyle_when_the_theme_changes(shown):
    chart = shown(TimeSeriesChart())
    chart.set_series(pd.date_range("2024-01-01", periods=3), {"a": [1.0, 2.0, 3.0]})
    app = QApplication.instance()
    try:
        apply_theme(app, "dark")
        QApplication.processEvents()
        assert chart.plot_widget.backgroundBrush().color().name() == CHART_THEMES["dark"].background
    finally:
        apply_theme(app, "light")
        QApplication.processEvents()
    assert chart.plot_widget.backgroundBrush().color().name() == CHART_THEMES["light"].background


@pytest.mark.parametrize(("lang", "june"), [("en", "Jun"), ("zh_CN", "6月")])
def test_date_axis_names_months_in_the_interface_language(shown, lang, june):
    from console.ui import formatting

    chart = shown(TimeSeriesChart())
    dates = pd.date_range("2024-01-01", periods=12, freq="MS")
    chart.set_series(dates, {"Online": np.arange(12.0)})
    axis = chart.plot.getAxis("bottom")
    june_1st = pd.Timestamp("2024-06-01").timestamp()
    chart.grab()  # painting picks the axis' zoom level: months for a year
    spacing = next(s.spacing for s in axis.zoomLevel.tickSpecs if "%b" in s.format)
    formatting.set_language(lang)
    try:
        assert axis.tickStrings([june_1st], 1.0, spacing) == [june]
    finally:
        formatting.set_language("en")
