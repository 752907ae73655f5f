"""The channel performance panel.

KPI cards (with changes against the previous period and last year), revenue per channel (lines)
or channel mix (stacked areas), anonymous-order share, a heatmap of the drill-down level x
channel type, and a ranked table with sparklines. Clicking a region, city, dealer or store (in
the heatmap or the table) drills down; clicking a point of a trend drills into that period;
breadcrumbs go back up; under a store the orders are listed, a page at a time.

Every query runs off the GUI thread through `ctx.run` with a key: a newer request cancels and
replaces an older one, and results of an outdated request (its generation) are dropped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import partial

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DATA_CHANGED,
    DataTable,
    HeatmapChart,
    PanelContext,
    TimeSeriesChart,
    ViewState,
    ask_save_path,
    format_date,
    format_number,
    translate,
)
from console.db.queries.kpi_facts import NO_KEY
from console.db.queries.kpi_views import PARTS, KpiView
from console.db.queries.kpis import ALL, OrderPage
from console.services.kpi_math import KPI_BY_KEY, DateWindow, buckets, shift_period
from plugins.channel_performance import figures, tasks
from plugins.channel_performance.breadcrumbs import Breadcrumbs
from plugins.channel_performance.cards import CardGrid
from plugins.channel_performance.filter_bar import FilterBar
from plugins.channel_performance.texts import (
    ANONYMOUS_LINES,
    CHANNEL_NAMES,
    CHANNEL_SHORT_NAMES,
    LEVEL_NAMES,
    NONE_NAMES,
    ORDER_STATUSES,
    tr_text,
)

SOURCE_TTL_S = 60  # reuse the rollups' freshness answer this long (filter changes)
ORDERS_PER_PAGE = 100
LABELLED_BUCKETS = 8  # at most this many non-month buckets get a labelled tick each
FINER = {"year": "quarter", "quarter": "month", "month": "week", "week": "day"}


@dataclass(frozen=True)
class Crumb:
    label: str
    view: KpiView  # its range, period, drill-down filters and level


class ChannelPerformancePanel(QWidget):
    loaded = Signal(int)  # a view is completely on screen (its generation number)

    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.names: dict[str, pd.DataFrame] = {}
        self.path: list[Crumb] = []
        self.parts: dict[str, pd.DataFrame] = {}
        self.generation = 0
        self.check: tasks.SourceCheck | None = None
        self.checked_at = 0.0
        self.latest = None
        self.orders_page: OrderPage | None = None
        self.card_values: pd.Series | None = None
        self.announced = False
        self.empty_reason = ""
        self.heatmap_keys: list = []  # the member behind each heatmap row (for drilling)

        self.filters = FilterBar(self)
        self.crumbs = Breadcrumbs(self)
        self.notice = QLabel(self)
        self.notice.setObjectName("StateText")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.level_note = QLabel(self)
        self.level_note.setObjectName("StateText")
        self.level_note.hide()
        self.cards = CardGrid(self)
        self.trend_chart = TimeSeriesChart(y_format="money", period="month")
        self.mix_chart = TimeSeriesChart(y_format="percent", period="month")
        self.mode_boxes = []
        for chart in (self.trend_chart, self.mix_chart):
            box = QComboBox(chart)
            box.addItems(["", ""])
            chart.header.addWidget(box)
            box.currentIndexChanged.connect(self._set_trend_mode)
            self.mode_boxes.append(box)
        self.trend_stack = QStackedWidget(self)
        self.trend_stack.addWidget(self.trend_chart)
        self.trend_stack.addWidget(self.mix_chart)
        self.anon_chart = TimeSeriesChart(y_format="percent", period="month")
        for chart in (self.trend_chart, self.mix_chart, self.anon_chart):
            _legend_above(chart)
        self.heatmap = HeatmapChart(value_format="money_compact")
        self.ranking = DataTable(
            ctx=ctx, settings_key="channel_performance.ranking", export_name="channel_ranking"
        )
        self.orders = DataTable(
            ctx=ctx, settings_key="channel_performance.orders", export_name="orders"
        )
        self.previous_page = QPushButton(self.orders)
        self.next_page = QPushButton(self.orders)
        self.page_label = QLabel(self.orders)
        for position, widget in enumerate((self.page_label, self.previous_page, self.next_page)):
            self.orders.toolbar.insertWidget(2 + position, widget)
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.ranking)
        self.table_stack.addWidget(self.orders)
        self.trend_state = ViewState(self.trend_stack, self)
        self.anon_state = ViewState(self.anon_chart, self)
        self.heat_state = ViewState(self.heatmap, self)
        self.table_state = ViewState(self.table_stack, self)
        self.states = (self.trend_state, self.anon_state, self.heat_state, self.table_state)
        self._build_layout()
        self._build_export_menu()

        self.filters.changed.connect(self._filters_changed)
        self.crumbs.clicked.connect(self._back_to)
        self.trend_chart.point_clicked.connect(self._drill_period)
        self.mix_chart.point_clicked.connect(self._drill_period)
        self.anon_chart.point_clicked.connect(self._drill_period)
        self.heatmap.cell_clicked.connect(lambda row, _col: self._drill_heatmap_row(row))
        self.ranking.row_activated.connect(self._drill_table_row)
        self.previous_page.clicked.connect(lambda: self._turn_page(-1))
        self.next_page.clicked.connect(lambda: self._turn_page(1))
        ctx.bus.subscribe(DATA_CHANGED, lambda _payload: self._forget_source())
        self.retranslate_ui()
        self._start()

    # -- layout ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.trend_state)
        top.addWidget(self.anon_state)
        top.setSizes([600, 400])
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(self.heat_state)
        bottom.addWidget(self.table_state)
        bottom.setSizes([420, 580])
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(top)
        body.addWidget(bottom)
        body.setSizes([300, 340])
        path_row = QHBoxLayout()
        path_row.addWidget(self.crumbs)
        path_row.addWidget(self.level_note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filters)
        layout.addLayout(path_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.cards)
        layout.addWidget(body, 1)

    def _build_export_menu(self) -> None:
        menu = QMenu(self.filters.export_button)
        self.export_view_action = menu.addAction("", self.export_view)
        menu.addSeparator()
        self.export_trend_action = menu.addAction("", lambda: self.export_chart(self.trend_chart))
        self.export_mix_action = menu.addAction("", lambda: self.export_chart(self.mix_chart))
        self.export_anon_action = menu.addAction("", lambda: self.export_chart(self.anon_chart))
        self.export_heat_action = menu.addAction("", lambda: self.export_chart(self.heatmap))
        self.filters.export_button.setMenu(menu)

    # -- loading --------------------------------------------------------------------------
    def _start(self) -> None:
        for state in self.states:
            state.show_loading(translate("channel_performance", "Loading…"))
        self.cards.clear()
        self.ctx.run(
            tasks.bootstrap,
            self.ctx.database,
            key="bootstrap",
            on_result=self._bootstrapped,
            on_error=self._failed,
        )

    def _bootstrapped(self, boot: tasks.Bootstrap) -> None:
        self.names = boot.names
        self.latest = boot.window.end
        self.filters.set_categories(boot.names["category"], self.ctx.language)
        view = KpiView(boot.window, "month", ALL, "region")
        self.path = [Crumb("", view)]
        self.filters.set_range(view.window, view.period)
        self._show_path()
        self.reload()

    def refresh(self) -> None:
        """F5 / reconnect: ask again whether the rollups are fresh, reload everything."""
        self._forget_source()
        if self.path:
            self.reload()
        else:
            self._start()

    def _forget_source(self) -> None:
        self.check = None

    def current_view(self) -> KpiView:
        top = self.path[-1].view
        filters = replace(
            top.filters,
            channel_types=self.filters.channel_types(),
            online=self.filters.online(),
            category_id=self.filters.category_id(),
        )
        return replace(top, filters=filters)

    def reload(self) -> None:
        if not self.path:
            return
        self.generation += 1
        generation, view = self.generation, self.current_view()
        self.parts = {}
        self.card_values = None
        self.cards.clear()
        self.level_note.hide()
        self.table_stack.setCurrentWidget(self.orders if view.level == "orders" else self.ranking)
        self.heat_state.setVisible(view.level != "orders")  # one store: the orders, full width
        fresh = self.check is not None and time.monotonic() - self.checked_at < SOURCE_TTL_S
        if fresh:
            self._load_parts(view, generation)
            return
        handle = self.ctx.run(
            tasks.check_source,
            self.ctx.database,
            bool(self.ctx.setting("auto_refresh_rollups", True, value_type=bool)),
            key="source",
            on_result=lambda check: self._source_checked(check, view, generation),
            on_error=lambda error: self._failed(error, generation),
        )
        for state in self.states:
            state.show_loading(
                translate("channel_performance", "Checking the KPI rollups…"), handle
            )

    def _source_checked(self, check: tasks.SourceCheck, view: KpiView, generation: int) -> None:
        if generation != self.generation:
            return
        self.check, self.checked_at = check, time.monotonic()
        self._show_notice()
        self._load_parts(view, generation)

    def _load_parts(self, view: KpiView, generation: int) -> None:
        handles = {}
        for name in PARTS:
            handles[name] = self.ctx.run(
                tasks.load_part,
                self.ctx.database,
                name,
                view,
                self.check.source,
                key=f"part:{name}",
                on_result=partial(self._part_loaded, generation, name, view),
                on_error=lambda error, g=generation: self._failed(error, g),
            )
        loading = translate("channel_performance", "Loading…")
        self.trend_state.show_loading(loading, handles["series"])
        self.anon_state.show_loading(loading, handles["series"])
        self.heat_state.show_loading(loading, handles["breakdown"])
        self.table_state.show_loading(loading, handles["breakdown"])
        if view.level == "orders":
            self.orders_page = None
            self._load_orders(view, 0, generation)

    def _load_orders(self, view: KpiView, offset: int, generation: int) -> None:
        self.ctx.run(
            tasks.load_orders,
            self.ctx.database,
            view,
            offset,
            ORDERS_PER_PAGE,
            key="orders",
            on_result=partial(self._orders_loaded, generation, view),
            on_error=lambda error, g=generation: self._failed(error, g),
        )

    def _part_loaded(self, generation: int, name: str, view: KpiView, frame) -> None:
        if generation != self.generation:
            return
        self.parts[name] = frame
        self._render(view)

    def _orders_loaded(self, generation: int, view: KpiView, page: OrderPage) -> None:
        if generation != self.generation:
            return
        self.orders_page = page
        self._render(view)

    def _failed(self, error: BaseException, generation: int | None = None) -> None:
        if generation is not None and generation != self.generation:
            return
        for state in self.states:
            state.show_error(error, retry=self.refresh)
        self.ctx.report_error(error)
        self._announce()

    # -- showing --------------------------------------------------------------------------
    def _has_data(self) -> bool:
        breakdown = self.parts["breakdown"]
        if breakdown.empty:
            return False
        return bool(breakdown.loc[breakdown["window"] == "current", "orders"].sum() > 0)

    def _render(self, view: KpiView) -> None:
        parts = self.parts
        if "customers" in parts and "breakdown" in parts and self.card_values is None:
            self.card_values = figures.card_figures(parts["customers"], parts["breakdown"])
            self.cards.show_figures(self.card_values)
        if "breakdown" in parts and not self._has_data():
            self._show_empty(view)
        elif "breakdown" in parts:
            self._render_breakdown(view)
        if "series" in parts and "breakdown" in parts and self._has_data():
            self._render_series()
        complete = all(name in parts for name in PARTS)
        if view.level == "orders":
            complete = complete and self.orders_page is not None
        if complete:
            self._announce()
            self.loaded.emit(self.generation)

    def _announce(self) -> None:
        """Tell the shell the first view is on screen, once the finishing task is released."""
        if not self.announced:
            self.announced = True
            QTimer.singleShot(0, self.ctx.ready)

    def _show_empty(self, view: KpiView) -> None:
        window = view.window
        title = (
            translate("channel_performance", "No orders from %1 to %2")
            .replace("%1", format_date(window.start))
            .replace("%2", format_date(window.end))
        )
        filtered = view.filters.channel_types or view.filters.online is not None
        filtered = filtered or view.filters.category_id is not None
        if self.latest is not None and window.start > self.latest:
            why = translate(
                "channel_performance", "The data ends on %1: choose an earlier range."
            ).replace("%1", format_date(self.latest))
        elif view.level == "store":
            why = translate(
                "channel_performance",
                "%1 has no store with orders in this range and fulfilled no online order.",
            ).replace("%1", self.path[-1].label)
        elif filtered:
            why = translate(
                "channel_performance",
                "No order matches the channel, online/offline or category filter.",
            )
        else:
            why = translate("channel_performance", "Widen the date range, or go back up.")
        for state in self.states:
            state.show_empty(title, why)
        self.empty_reason = why

    def _set_trend_mode(self, index: int) -> None:
        """Lines per channel (0) or the channel mix (1); both charts offer the choice."""
        for box in self.mode_boxes:
            box.blockSignals(True)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self.trend_stack.setCurrentIndex(index)

    def _render_series(self) -> None:
        view = self.current_view()
        series = self.parts["series"]
        lines = figures.channel_trend(series, view)
        dates = np.array(lines.dates, dtype="datetime64[D]")
        mix = figures.channel_mix(lines)
        for chart, shown in ((self.trend_chart, lines), (self.mix_chart, mix)):
            chart.period = view.period
            stacked = chart is self.mix_chart
            chart.set_series(
                dates,
                {tr_text(CHANNEL_NAMES[k]): v for k, v in shown.values.items()},
                stacked=stacked,
            )
            top = [sum(shown.values.values())] if stacked else list(shown.values.values())
            chart.plot.setYRange(*figures.headroom(top, 0.1), padding=0)
            _label_buckets(chart, lines.dates, view.period)
        self.trend_state.show_content()
        anonymous = figures.anonymous_trend(series, view)
        self.anon_chart.period = view.period
        self.anon_chart.set_series(
            np.array(anonymous.dates, dtype="datetime64[D]"),
            {tr_text(ANONYMOUS_LINES[k]): v for k, v in anonymous.values.items()},
        )
        self.anon_chart.plot.setYRange(
            *figures.headroom(list(anonymous.values.values()), 0.1), padding=0
        )
        _label_buckets(self.anon_chart, anonymous.dates, view.period)
        self.anon_state.show_content()
        if "breakdown" in self.parts and view.level != "orders":
            self._render_table(view)

    def _render_breakdown(self, view: KpiView) -> None:
        if view.level == "orders":
            self._render_orders()
            return
        matrix = figures.heatmap(self.parts["breakdown"], view)
        self.heatmap_keys = list(matrix.index)
        self.heatmap.set_matrix(
            matrix.to_numpy(dtype=float),
            [_short(self.name_of(view.level, k)) for k in matrix.index],
            [tr_text(CHANNEL_SHORT_NAMES[c]) for c in matrix.columns],
        )
        self.heatmap.set_title(
            translate("channel_performance", "Revenue: %1 × channel").replace(
                "%1", tr_text(LEVEL_NAMES[view.level])
            )
        )
        self.heat_state.show_content()
        if "series" in self.parts:
            self._render_table(view)

    def _render_table(self, view: KpiView) -> None:
        table = figures.ranking(self.parts["breakdown"], self.parts["series"], view)
        key = view.level_column
        if table.empty:
            self.table_state.show_empty(
                translate("channel_performance", "Nothing to rank"),
                translate("channel_performance", "Widen the date range."),
            )
            return
        only_online = view.level == "store" and set(table[key]) == {NO_KEY}
        self.level_note.setVisible(only_online)
        if only_online:
            self.level_note.setText(
                translate(
                    "channel_performance",
                    "%1 has no stores: only the online orders it fulfils are shown.",
                ).replace("%1", self.path[-1].label)
            )
        shown = table[[key, *figures.RANKING_COLUMNS]].copy()
        shown.insert(1, "name", [self.name_of(view.level, k) for k in shown[key]])
        self.ranking.set_frame(
            shown, formats=RANKING_FORMATS, headers=self._ranking_headers(view), key=key
        )
        self.ranking.set_column_visible(key, False)
        self.table_state.show_content()

    def _render_orders(self) -> None:
        page = self.orders_page
        if page is None:
            return
        zh = self.ctx.language.startswith("zh")
        rows = page.rows.copy()
        for column in ("channel", "store", "dealer"):
            if f"{column}_zh" in rows:
                if zh:
                    rows[column] = rows[f"{column}_zh"].where(
                        rows[f"{column}_zh"].notna(), rows[column]
                    )
                rows = rows.drop(columns=f"{column}_zh")
        rows["channel_type"] = [tr_text(CHANNEL_NAMES.get(t, t)) for t in rows["channel_type"]]
        rows["status"] = [tr_text(ORDER_STATUSES.get(v, v)) for v in rows["status"]]
        rows["customer"] = rows["customer"].fillna(translate("channel_performance", "anonymous"))
        self.orders.set_frame(
            rows.drop(columns="order_id"),
            formats={"placed_at": "datetime", "net_amount": "money", "returned_amount": "money"},
            headers=self._order_headers(),
        )
        last = min(page.offset + page.limit, page.total)
        self.page_label.setText(
            translate("channel_performance", "%1–%2 of %3")
            .replace("%1", format_number(page.offset + 1 if page.total else 0))
            .replace("%2", format_number(last))
            .replace("%3", format_number(page.total))
        )
        self.previous_page.setEnabled(page.offset > 0)
        self.next_page.setEnabled(last < page.total)
        if page.total:
            self.table_state.show_content()
        else:
            self.table_state.show_empty(
                translate("channel_performance", "No orders in this store in this range")
            )

    def _turn_page(self, step: int) -> None:
        page = self.orders_page
        if page is None:
            return
        offset = max(0, page.offset + step * ORDERS_PER_PAGE)
        self.orders_page = None
        self._load_orders(self.current_view(), offset, self.generation)

    def _show_notice(self) -> None:
        check = self.check
        if check is None or (check.source.use_rollups and not check.refreshed):
            self.notice.hide()
            return
        if check.problem:
            text = translate(
                "channel_performance",
                "The KPI rollups could not be updated (%1): figures come straight from the "
                "orders, which is slower.",
            ).replace("%1", check.problem)
        elif not check.source.use_rollups:
            text = translate(
                "channel_performance",
                "The KPI rollups are out of date: figures come straight from the orders, "
                "which is slower. Run “hq-console db refresh-rollups”.",
            )
        else:
            text = translate(
                "channel_performance",
                "The KPI rollups were brought up to date with the latest orders.",
            )
        self.notice.setText(text)
        self.notice.setVisible(True)

    # -- names ----------------------------------------------------------------------------
    def name_of(self, level: str, key) -> str:
        if key == NO_KEY or key is None or (isinstance(key, float) and np.isnan(key)):
            return tr_text(NONE_NAMES.get(level, "—"))
        names = self.names.get(level)
        if names is None:
            return str(key)
        row = names[names["key"] == key]
        if row.empty:
            return str(key)
        return self.ctx.name_of(row.iloc[0])

    # -- drill-down -----------------------------------------------------------------------
    def _drill(self, key) -> None:
        view = self.path[-1].view
        if view.level == "orders":
            return
        label = self.name_of(view.level, key)
        self.path.append(Crumb(label, view.drilled(int(key))))
        self._show_path()
        self.reload()

    def _drill_heatmap_row(self, row: int) -> None:
        if 0 <= row < len(self.heatmap_keys):
            self._drill(self.heatmap_keys[row])

    def _drill_table_row(self, row: int) -> None:
        view = self.path[-1].view
        if view.level != "orders":
            self._drill(self.ranking.model.row_dict(row)[view.level_column])

    def _drill_period(self, index: int) -> None:
        """A point of a trend: that bucket, one period finer (a month shows its weeks)."""
        view = self.path[-1].view
        finer = FINER.get(view.period)
        dates = buckets(view.window, view.period)
        if finer is None or not 0 <= index < len(dates):
            return
        start = max(dates[index], view.window.start)
        end = min(shift_period(dates[index], view.period, 1) - timedelta(days=1), view.window.end)
        label = format_date(dates[index], view.period)
        self.path.append(Crumb(label, replace(view, window=DateWindow(start, end), period=finer)))
        self.filters.set_range(self.path[-1].view.window, finer)
        self._show_path()
        self.reload()

    def _back_to(self, index: int) -> None:
        self.path = self.path[: index + 1]
        view = self.path[-1].view
        self.filters.set_range(view.window, view.period)
        self._show_path()
        self.reload()

    def _filters_changed(self) -> None:
        """New dates or period apply to the current step; the other filters to every step."""
        if not self.path:
            return
        crumb = self.path[-1]
        view = replace(crumb.view, window=self.filters.window(), period=self.filters.period())
        self.path[-1] = Crumb(crumb.label, view)
        self.reload()

    def _show_path(self) -> None:
        labels = [translate("channel_performance", "All regions")] + [
            crumb.label for crumb in self.path[1:]
        ]
        self.crumbs.set_items(labels)

    # -- export ---------------------------------------------------------------------------
    def view_frames(self) -> tuple[dict[str, pd.DataFrame], dict[str, bytes]]:
        """The current view as tables (one sheet each) and chart images."""
        view = self.current_view()
        frames: dict[str, pd.DataFrame] = {}
        if self.card_values is not None:
            cards = figures.cards_frame(self.card_values)
            cards.insert(1, "name", [tr_text(KPI_BY_KEY[k].label) for k in cards["kpi"]])
            frames[translate("channel_performance", "KPIs")] = cards
        if "series" in self.parts:
            series = self.parts["series"]
            trend = figures.channel_trend(series, view)
            names = {k: tr_text(v) for k, v in CHANNEL_NAMES.items()}
            frames[translate("channel_performance", "Revenue by channel")] = figures.lines_frame(
                trend, names
            )
            frames[translate("channel_performance", "Channel mix")] = figures.lines_frame(
                figures.channel_mix(trend), names
            )
            anonymous = figures.anonymous_trend(series, view)
            names = {k: tr_text(v) for k, v in ANONYMOUS_LINES.items()}
            frames[translate("channel_performance", "Anonymous-order share")] = figures.lines_frame(
                anonymous, names
            )
        if view.level == "orders" and self.orders_page is not None:
            frames[translate("channel_performance", "Orders")] = self.orders.visible_frame()
        elif self.ranking.model.rowCount():
            frames[translate("channel_performance", "Ranking")] = self.ranking.visible_frame()
            matrix = figures.heatmap(self.parts.get("breakdown", pd.DataFrame()), view)
            matrix.index = [self.name_of(view.level, k) for k in matrix.index]
            matrix.columns = [tr_text(CHANNEL_NAMES[c]) for c in matrix.columns]
            frames[translate("channel_performance", "Heatmap")] = matrix.reset_index(
                names=tr_text(LEVEL_NAMES[view.level])
            )
        charts = (
            (self.trend_chart, self.trend_state, translate("channel_performance", "Revenue chart")),
            (self.mix_chart, self.trend_state, translate("channel_performance", "Mix chart")),
            (self.anon_chart, self.anon_state, translate("channel_performance", "Anonymous chart")),
            (self.heatmap, self.heat_state, translate("channel_performance", "Heatmap chart")),
        )
        images = {
            name: chart.png_bytes() for chart, state, name in charts if state.state == "content"
        }
        return frames, images

    def export_view(self, path=None) -> object:
        path = path or ask_save_path(self, "channel_performance", ("xlsx",))
        if path is None:
            return None
        frames, images = self.view_frames()
        return self.ctx.run(tasks.export_view, path, frames, images, key="export")

    def export_chart(self, chart, path=None):
        path = path or ask_save_path(self, "chart", ("png",))
        if path is None:
            return None
        return chart.export_png(path)

    # -- language -------------------------------------------------------------------------
    def _ranking_headers(self, view: KpiView) -> dict[str, str]:
        return {
            "name": tr_text(LEVEL_NAMES[view.level]),
            "gmv": translate("channel_performance", "Revenue (GMV)"),
            "gmv_vs_prev_pct": translate("channel_performance", "vs previous period"),
            "gmv_vs_ly_pct": translate("channel_performance", "vs last year"),
            "net_revenue": translate("channel_performance", "Net revenue"),
            "orders": translate("channel_performance", "Orders"),
            "aov": translate("channel_performance", "Average order value"),
            "anonymous_share": translate("channel_performance", "Anonymous-order share"),
            "online_orders": translate("channel_performance", "Online orders"),
            "dealer_fulfilled_share": translate(
                "channel_performance", "Dealer-fulfilled share of online orders"
            ),
            "return_rate": translate("channel_performance", "Return rate"),
            "gross_margin_rate": translate("channel_performance", "Gross margin rate"),
            "conversion_rate": translate("channel_performance", "Interaction-to-order conversion"),
            "trend": translate("channel_performance", "Revenue trend"),
        }

    def _order_headers(self) -> dict[str, str]:
        return {
            "order_no": translate("channel_performance", "Order"),
            "placed_at": translate("channel_performance", "Placed"),
            "status": translate("channel_performance", "Status"),
            "channel_type": translate("channel_performance", "Channel type"),
            "channel": translate("channel_performance", "Channel"),
            "store": translate("channel_performance", "Store"),
            "dealer": translate("channel_performance", "Dealer"),
            "customer": translate("channel_performance", "Customer"),
            "net_amount": translate("channel_performance", "Amount"),
            "returned_amount": translate("channel_performance", "Returned"),
        }

    def retranslate_ui(self) -> None:
        self.filters.retranslate_ui()
        self.cards.retranslate_ui()
        self.trend_chart.set_title(translate("channel_performance", "Revenue by channel"))
        self.mix_chart.set_title(translate("channel_performance", "Channel mix"))
        for box in self.mode_boxes:
            box.setItemText(0, translate("channel_performance", "Lines per channel"))
            box.setItemText(1, translate("channel_performance", "Channel mix (share)"))
        self.anon_chart.set_title(translate("channel_performance", "Anonymous-order share"))
        self.previous_page.setText(translate("channel_performance", "Previous"))
        self.next_page.setText(translate("channel_performance", "Next"))
        self.export_view_action.setText(
            translate("channel_performance", "Export the view to Excel…")
        )
        self.export_trend_action.setText(translate("channel_performance", "Revenue chart as PNG…"))
        self.export_mix_action.setText(
            translate("channel_performance", "Channel mix chart as PNG…")
        )
        self.export_anon_action.setText(
            translate("channel_performance", "Anonymous-share chart as PNG…")
        )
        self.export_heat_action.setText(translate("channel_performance", "Heatmap as PNG…"))
        if self.path:
            self._show_path()
            self.filters.set_categories(self.names["category"], self.ctx.language)
            view = self.current_view()
            if self.card_values is not None:
                self.cards.show_figures(self.card_values)
            if "breakdown" in self.parts and self._has_data():
                self._render_breakdown(view)
                if "series" in self.parts:
                    self._render_series()


def _short(name: str, width: int = 24) -> str:
    """Heatmap row labels stay narrow; the table shows the full name."""
    return name if len(name) <= width else name[: width - 1] + "…"


def _label_buckets(chart, dates: list, period: str) -> None:
    """A few weeks, quarters or years: one tick per bucket ("2026-W18", "2026 Q2"), where
    the date axis would put its own day ticks between them; more buckets: the date axis."""
    axis = chart.plot.getAxis("bottom")
    if period == "month" or len(dates) > LABELLED_BUCKETS:
        axis.setTicks(None)
        return
    seconds = np.array(dates, dtype="datetime64[s]").astype(np.int64).astype(float)
    axis.setTicks([[(x, format_date(d, period)) for x, d in zip(seconds, dates, strict=True)]])
    margin = (seconds[-1] - seconds[0]) / max(len(seconds) - 1, 1) / 2 or 43200.0
    chart.plot.setXRange(seconds[0] - margin, seconds[-1] + margin, padding=0)  # edge labels


def _legend_above(chart) -> None:
    """Put the legend in a band above the plot, where it hides no line or area."""
    chart.legend.setParentItem(chart.plot)
    chart.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(48, 0))
    left, _top, right, bottom = chart.plot.layout.getContentsMargins()
    chart.plot.layout.setContentsMargins(left, 30, right, bottom)


RANKING_FORMATS = {
    "gmv": "money_compact",
    "gmv_vs_prev_pct": "change",
    "gmv_vs_ly_pct": "change",
    "net_revenue": "money_compact",
    "orders": "int",
    "aov": "money",
    "anonymous_share": "percent",
    "online_orders": "int",
    "dealer_fulfilled_share": "percent",
    "return_rate": "percent",
    "gross_margin_rate": "percent",
    "conversion_rate": "percent",
    "trend": "sparkline",
}


def create_panel(ctx: PanelContext) -> QWidget:
    return ChannelPerformancePanel(ctx)
