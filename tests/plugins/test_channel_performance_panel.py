"""The channel performance panel (pytest-qt) on the small demo dataset: background loading,
filters, drill-down to the order list and back, empty states, export."""

from __future__ import annotations

import math
import sqlite3
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt

from console.api import chart_theme, format_change
from console.db.queries.kpi_facts import NO_KEY
from console.db.queries.kpis import KpiFilters, kpi_series, kpi_source, kpi_totals
from console.services.kpi_math import KPIS, buckets, comparison_windows
from plugins.channel_performance import texts
from plugins.channel_performance.panel import create_panel
from tests.ui.fixtures import db_copy, isolated_home, panel_context, ui_db_url  # noqa: F401

LOAD_MS = 60000


@pytest.fixture
def open_panel(panel_context, qtbot):  # noqa: F811
    """The panel on the shared small database, which it must not write to (no auto-refresh
    of the rollups: figures come from the raw tables)."""

    def make(user: str = "exec"):
        ctx = panel_context("channel_performance", user=user)
        ctx.set_setting("auto_refresh_rollups", False)
        panel = create_panel(ctx)
        qtbot.addWidget(panel)
        panel.resize(1400, 900)
        return ctx, panel

    return make


@pytest.fixture
def open_on(panel_context, qtbot, monkeypatch):  # noqa: F811
    """make(url, auto_refresh) -> the panel on another database (a private copy to write to,
    or the shared PostgreSQL one, read only)."""
    from console.db.database import Database
    from console.db.engine import parse_url

    databases = []

    def make(url, auto_refresh: bool):
        ctx = panel_context("channel_performance", user="exec")
        ctx.set_setting("auto_refresh_rollups", auto_refresh)
        databases.append(Database(parse_url(str(url) if isinstance(url, str) else url)))
        monkeypatch.setattr(ctx, "database", databases[-1])
        panel = create_panel(ctx)
        qtbot.addWidget(panel)
        panel.resize(1400, 900)
        return ctx, panel

    yield make
    for database in databases:
        database.dispose()


def _wait_loaded(qtbot, panel, action) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=LOAD_MS):
        action()


def test_opens_loads_in_the_background_and_agrees_with_sql(open_panel, qtbot):
    ctx, panel = open_panel()
    assert panel.table_state.state == "loading"  # the GUI thread did not wait for the data
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    assert ctx.errors == []
    view = panel.current_view()
    assert view.level == "region" and view.period == "month"
    expected = kpi_totals(ctx.database.engine, comparison_windows(view.window))
    current = expected[expected["window"] == "current"].iloc[0]
    for kpi in ("gmv", "orders", "active_customers", "anonymous_share", "conversion_rate"):
        assert panel.card_values[kpi] == pytest.approx(current[kpi], abs=0.005), kpi
    assert panel.cards.cards["gmv"].value_label.text().startswith("¥")
    assert "YoY" in panel.cards.cards["orders"].ly_label.text()
    assert panel.ranking.model.total_rows >= 3
    assert len(panel.heatmap.rows) == panel.ranking.model.total_rows
    assert len(panel.trend_chart._series) == 5 and panel.trend_state.state == "content"
    assert panel.anon_state.state == "content"
    assert panel.crumbs.buttons[0].text() == "All regions"


def test_filters_reload_with_filtered_figures(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    everything = panel.card_values["orders"]
    _wait_loaded(qtbot, panel, lambda: panel.filters.reach_box.setCurrentIndex(1))  # online
    assert panel.current_view().filters.online is True
    assert 0 < panel.card_values["orders"] < everything
    assert panel.card_values["online_orders"] == panel.card_values["orders"]
    _wait_loaded(qtbot, panel, lambda: panel.filters.set_channel_types(("marketplace",)))
    lines = {k: v.sum() for k, v in panel.trend_chart._series.items()}
    assert lines["Marketplaces"] > 0 and lines["Social media"] == 0
    assert ctx.errors == []


def test_a_newer_request_replaces_an_older_one(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    box = panel.filters.reach_box
    box.blockSignals(True)  # no debounced reload: the test starts both requests itself
    box.setCurrentIndex(2)  # offline ...
    panel._filters_changed()
    box.setCurrentIndex(1)  # ... then online at once
    box.blockSignals(False)
    with qtbot.waitSignal(panel.loaded, timeout=LOAD_MS) as done:
        panel._filters_changed()
    assert done.args == [panel.generation]
    assert panel.card_values["online_orders"] == panel.card_values["orders"]


def test_drill_down_to_the_orders_and_back_up(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    region = panel.ranking.model.row_dict(0)["region_id"]
    _wait_loaded(qtbot, panel, lambda: panel.ranking.row_activated.emit(0))
    assert panel.current_view().level == "city"
    assert panel.current_view().filters.region_id == region
    _wait_loaded(qtbot, panel, lambda: panel.heatmap.cell_clicked.emit(0, 0))
    assert panel.current_view().level == "dealer"
    dealers = panel.ranking.model.visible_frame()
    row = next(i for i, k in enumerate(dealers["dealer_id"]) if k != NO_KEY)
    _wait_loaded(qtbot, panel, lambda: panel.ranking.row_activated.emit(row))
    assert panel.current_view().level == "store"
    _wait_loaded(qtbot, panel, lambda: panel.ranking.row_activated.emit(0))
    assert panel.current_view().level == "orders"
    assert panel.table_stack.currentWidget() is panel.orders and panel.heat_state.isHidden()
    page = panel.orders_page
    assert page.total > 0 and panel.orders.model.total_rows == min(page.total, 100)
    assert len(panel.crumbs.buttons) == 5
    _wait_loaded(qtbot, panel, lambda: panel.crumbs.clicked.emit(0))
    assert panel.current_view().level == "region" and len(panel.crumbs.buttons) == 1
    assert panel.table_stack.currentWidget() is panel.ranking and not panel.heat_state.isHidden()


def test_a_trend_point_drills_into_its_period(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    _wait_loaded(qtbot, panel, lambda: panel.trend_chart.point_clicked.emit(2))
    view = panel.current_view()
    assert view.period == "week" and view.window.days <= 31
    assert panel.filters.window() == view.window and panel.filters.period() == "week"
    _wait_loaded(qtbot, panel, lambda: panel.crumbs.clicked.emit(0))
    assert panel.current_view().period == "month"


def test_a_range_without_orders_explains_itself(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    latest = panel.latest

    def future():
        panel.filters.to_edit.setDate(QDate(latest.year + 2, 12, 31))
        panel.filters.from_edit.setDate(QDate(latest.year + 2, 1, 1))

    _wait_loaded(qtbot, panel, future)
    assert panel.table_state.state == "empty" and panel.trend_state.state == "empty"
    assert "The data ends on" in panel.empty_reason
    assert panel.cards.cards["gmv"].value_label.text() == "¥0"
    assert ctx.errors == []


def _dealer_without_stores(url: str) -> tuple[int, str, int, int]:
    """Turn the stores of the dealer fulfilling most online orders into headquarters' direct
    stores: a dealer with no stores and online orders (the seed may hold none such)."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        dealer, name, region, city = conn.execute(
            "SELECT d.id, d.name, c.region_id, c.id FROM orders o "
            "JOIN dealers d ON d.id = o.fulfilling_dealer_id JOIN cities c ON c.id = o.city_id "
            "WHERE o.store_id IS NULL GROUP BY d.id, c.id ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()
        conn.execute(
            "UPDATE locations SET kind = 'direct', dealer_id = NULL WHERE dealer_id = ?", (dealer,)
        )
    return dealer, name, region, city


def test_a_dealer_without_stores_lists_only_its_online_orders(open_on, db_copy, qtbot):  # noqa: F811
    dealer, name, region, city = _dealer_without_stores(db_copy)
    ctx, panel = open_on(db_copy, auto_refresh=False)
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    view = panel.path[0].view.drilled(region).drilled(city).drilled(dealer)
    panel.path.append(type(panel.path[0])(name, view))
    _wait_loaded(qtbot, panel, panel.reload)
    stores = panel.ranking.model.frame
    assert set(stores["store_id"]) == {NO_KEY} and stores["orders"].sum() > 0
    assert not panel.level_note.isHidden() and "has no stores" in panel.level_note.text()
    assert panel.table_state.state == "content" and ctx.errors == []
    empty = type(view)(
        view.window, view.period, KpiFilters(dealer_id=dealer, store_id=-99), "store"
    )
    panel.path.append(type(panel.path[0])(name, empty))
    _wait_loaded(qtbot, panel, panel.reload)
    assert panel.table_state.state == "empty" and "has no store" in panel.empty_reason
    assert ctx.errors == []


def test_inverted_dates_are_refused_in_the_picker(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    start = panel.filters.from_edit.date()
    panel.filters.to_edit.setDate(start.addDays(-30))  # before "from": clamped
    assert panel.filters.to_edit.date() == start
    end = panel.filters.to_edit.date()
    panel.filters.from_edit.setDate(end.addDays(10))  # after "to": clamped
    assert panel.filters.from_edit.date() <= panel.filters.to_edit.date()
    assert panel.filters.window().days >= 1


def test_export_the_view_and_each_chart(open_panel, qtbot, tmp_path):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    target = tmp_path / "view.xlsx"
    handle = panel.export_view(target)
    with qtbot.waitSignal(handle.done, timeout=LOAD_MS):
        pass
    book = load_workbook(target)
    for sheet in ("KPIs", "Revenue by channel", "Channel mix", "Anonymous-order share"):
        assert sheet in book.sheetnames
    assert book["KPIs"].max_row == len(KPIS) + 1
    assert book["Ranking"].max_row == panel.ranking.model.total_rows + 1
    charts = ["Revenue chart", "Mix chart", "Anonymous chart", "Heatmap chart"]
    assert book.sheetnames[-4:] == charts
    with zipfile.ZipFile(target) as archive:  # the charts are pictures in their own sheets
        pictures = [n for n in archive.namelist() if n.startswith("xl/media/")]
    assert len(pictures) == 4  # revenue lines, channel mix, anonymous share, heatmap
    png = panel.export_chart(panel.heatmap, tmp_path / "heatmap.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ctx.errors == []


def test_stale_rollups_get_updated(open_on, db_copy, qtbot):  # noqa: F811
    ctx, panel = open_on(db_copy, auto_refresh=True)
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS * 2)
    assert panel.check.refreshed == "full" and panel.check.source.use_rollups
    assert "brought up to date" in panel.notice.text()
    assert kpi_source(ctx.database.engine).use_rollups
    assert ctx.errors == []


def test_the_panel_texts_are_kpi_maths_words():
    marked = set(texts.KPI_TEXTS)
    for kpi in KPIS:
        assert kpi.label in marked and kpi.definition in marked, kpi.key


def test_default_range_is_a_year_up_to_the_latest_order(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    window = panel.current_view().window
    assert window.start.day == 1 and 330 <= window.days <= 366
    assert window.end == panel.latest and isinstance(window.end, date)


def test_category_and_period_filters(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    box = panel.filters.category_box
    assert box.count() == len(panel.names["category"]) + 1  # "All categories" + each one
    _wait_loaded(qtbot, panel, lambda: box.setCurrentIndex(1))
    view = panel.current_view()
    assert view.filters.category_id == box.itemData(1)
    expected = kpi_totals(
        ctx.database.engine, comparison_windows(view.window), (), view.filters, ("sales",)
    )
    current = expected[expected["window"] == "current"].iloc[0]
    assert panel.card_values["gmv"] == pytest.approx(current["gmv"], abs=0.005)
    _wait_loaded(qtbot, panel, lambda: panel.filters.period_box.setCurrentIndex(3))
    view = panel.current_view()
    assert view.period == "quarter" and panel.trend_chart.period == "quarter"
    quarters = buckets(view.window, "quarter")
    assert all(len(v) == len(quarters) for v in panel.trend_chart._series.values())
    assert len(panel.ranking.model.frame["trend"].iloc[0]) == len(quarters)
    assert ctx.errors == []


def test_cards_explain_compare_and_colour(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    theme = chart_theme()
    for kpi in KPIS:
        card = panel.cards.cards.get(kpi.key)
        if card is None:  # shown after another KPI on its card (e.g. gross margin rate)
            assert any(kpi.definition in c.toolTip() for c in panel.cards.cards.values())
            continue
        assert kpi.definition in card.toolTip(), kpi.key
        change = panel.card_values[f"{kpi.key}_vs_prev_pct"]
        if change and not math.isnan(change):
            good = (change > 0) == kpi.higher_is_better
            colour = theme.positive if good else theme.negative
            assert colour in card.change_label.styleSheet(), kpi.key
            assert format_change(change) in card.change_label.text()
            assert "vs prev." in card.change_label.text()
    absolute = panel.card_values["orders_vs_prev"]
    assert f"({absolute:+,.0f})" in panel.cards.cards["orders"].change_label.text()
    # the small dataset starts less than a year before the range: nothing to compare with
    assert panel.card_values["orders_ly"] == 0
    assert panel.cards.cards["orders"].ly_label.text() == "— YoY"


def test_lines_mix_and_anonymous_share_follow_the_data(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    view = panel.current_view()
    months = kpi_series(ctx.database.engine, view.window, "month", (), view.filters, ("sales",))
    months = months.set_index("bucket").reindex(buckets(view.window, "month"))
    lines = panel.trend_chart._series
    assert sum(lines.values()) == pytest.approx(months["gmv"].to_numpy(), abs=0.01)
    panel.mode_boxes[0].setCurrentIndex(1)  # the channel mix: stacked shares
    assert panel.trend_stack.currentWidget() is panel.mix_chart
    assert panel.mode_boxes[1].currentIndex() == 1 and panel.mix_chart._stacked
    assert sum(panel.mix_chart._series.values()) == pytest.approx(1.0)
    share = panel.anon_chart._series["All orders"]
    assert share == pytest.approx(months["anonymous_share"].to_numpy(), abs=1e-9)


@pytest.mark.pg
def test_on_postgresql_cards_agree_with_sql_and_orders_are_listed(open_on, small_pg_url, qtbot):
    ctx, panel = open_on(small_pg_url.render_as_string(hide_password=False), auto_refresh=False)
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    assert ctx.errors == [] and ctx.database.engine.dialect.name == "postgresql"
    view = panel.current_view()
    expected = kpi_totals(ctx.database.engine, comparison_windows(view.window))
    current = expected[expected["window"] == "current"].iloc[0]
    for kpi in KPIS:
        assert panel.card_values[kpi.key] == pytest.approx(current[kpi.key], abs=0.005), kpi.key
    for level, key in (("region", "region_id"), ("city", "city_id"), ("dealer", "dealer_id")):
        keys = list(panel.ranking.model.frame[key])
        row = next(i for i in range(len(keys)) if panel.ranking.model.row_dict(i)[key] != NO_KEY)
        _wait_loaded(qtbot, panel, lambda r=row: panel.ranking.row_activated.emit(r))
        assert panel.current_view().level != level
    stores = panel.ranking.model
    row = next(i for i in range(stores.rowCount()) if stores.row_dict(i)["store_id"] != NO_KEY)
    store = stores.row_dict(row)["store_id"]
    _wait_loaded(qtbot, panel, lambda: panel.ranking.row_activated.emit(row))
    view = panel.current_view()
    assert view.level == "orders" and view.filters.store_id == store
    counted = kpi_totals(ctx.database.engine, {"current": view.window}, (), view.filters)
    assert panel.orders_page.total == counted["orders"].iloc[0] > 0
    assert panel.orders.model.total_rows == min(panel.orders_page.total, 100)
    assert ctx.errors == []


def test_the_channel_menu_stays_open_for_several_choices(open_panel, qtbot):
    ctx, panel = open_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_MS)
    menu, actions = panel.filters.channels_menu, panel.filters.channel_actions
    menu.popup(panel.mapToGlobal(panel.rect().center()))
    qtbot.waitExposed(menu)
    for key in ("marketplace", "social"):
        centre = menu.actionGeometry(actions[key]).center()
        qtbot.mouseMove(menu, centre)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=centre)
        assert menu.isVisible(), key
    assert panel.filters.channel_types() == ("marketplace", "social")
    assert panel.filters.channels_button.text() == "2 channels"
    _wait_loaded(qtbot, panel, lambda: None)  # the choice applies once the user pauses
    assert panel.current_view().filters.channel_types == ("marketplace", "social")
    assert panel.card_values["online_orders"] == panel.card_values["orders"]
    everything = menu.actionGeometry(panel.filters.all_channels_action).center()
    qtbot.mouseMove(menu, everything)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=everything)
    assert not menu.isVisible() and panel.filters.channel_types() == ()
    assert panel.filters.channels_button.text() == "All channels"
