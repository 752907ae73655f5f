"""Service KPIs for a period: cards, backlog over time, weekly inflow by category with the
shopping festivals marked, KPIs and breach rates by dealer / channel / category, dealer ranking.

The figures are `service_dashboard`'s — the same as `hq-console report sla` prints.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DataTable,
    KpiStrip,
    PanelContext,
    StackedBarChart,
    TimeSeriesChart,
    ViewState,
    chart_theme,
    format_number,
    format_percent,
    translate,
)
from console.db.queries.service import REPORT_DIMENSIONS, ServiceDashboard
from console.services.service_kpis import NO_VALUE, TOTAL
from plugins.service import labels
from plugins.service.tables import fit_headers
from plugins.service.tasks import load_dashboard

DEFAULT_WEEKS = 26
TOP_BARS = 15
MIN_TICKETS = 5  # fewer tickets make a breach rate noise
LEGEND_ROOM = 1.15  # y axis top over the highest value: the legend row sits above the data
RATE_COLUMNS = ("first_response_breach_rate", "resolution_breach_rate", "reopen_rate")
HOUR_COLUMNS = (
    "first_response_median_h",
    "first_response_p90_h",
    "resolution_median_h",
    "resolution_p90_h",
)


class InflowChart(TimeSeriesChart):
    """Weekly inflow with the shopping festivals as dashed lines (kept across theme redraws)."""

    def __init__(self, *args, **kwargs) -> None:
        self.markers: list[date] = []  # before the base class draws for the first time
        super().__init__(*args, **kwargs)

    def set_markers(self, days: list[date]) -> None:
        self.markers = days
        self.redraw()

    def _draw(self) -> None:
        super()._draw()
        theme = chart_theme()
        for day in self.markers:  # ticket peaks follow the festivals
            self.plot.addItem(
                pg.InfiniteLine(
                    pos=float(np.datetime64(day, "s").astype(np.int64)),
                    angle=90,
                    pen=pg.mkPen(theme.negative, style=Qt.PenStyle.DashLine),
                    label=f"{day.month}.{day.day}",
                    # below the legend, left of the line: the peak comes right after it
                    labelOpts={
                        "position": 0.8,
                        "color": theme.negative,
                        "anchors": [(1.1, 0.5), (1.1, 0.5)],
                    },
                ),
                ignoreBounds=True,
            )


def _hours(value: float) -> str:
    return translate("service", "%1 h").replace("%1", format_number(value, 1))


class KpiView(QWidget):
    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.board: ServiceDashboard | None = None
        self.started = False

        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.by = QComboBox(self)
        self.load_button = QPushButton(self)
        self.period_label, self.to_label, self.by_label = QLabel(self), QLabel(self), QLabel(self)
        controls = QHBoxLayout()
        for widget in (self.period_label, self.start, self.to_label, self.end, self.load_button):
            controls.addWidget(widget)
        controls.addStretch(1)

        self.cards = KpiStrip(self)
        for key in (
            "tickets",
            "open_tickets",
            "first_response_breach_rate",
            "resolution_breach_rate",
            "first_response",
            "resolution",
            "reopen_rate",
        ):
            self.cards.add_card(key, "")

        self.backlog_chart = TimeSeriesChart(parent=self, y_format="int")
        self.inflow_chart = InflowChart(parent=self, y_format="int", period="week")
        trends = QSplitter(Qt.Orientation.Horizontal, self)
        trends.addWidget(self.backlog_chart)
        trends.addWidget(self.inflow_chart)

        self.kpi_table = DataTable(ctx=ctx, settings_key="service.kpis", export_name="service-kpis")
        self.kpi_table.toolbar.insertWidget(0, self.by_label)
        self.kpi_table.toolbar.insertWidget(1, self.by)
        self.breach_charts = {
            column: StackedBarChart(parent=self, y_format="percent", horizontal=True)
            for column in RATE_COLUMNS[:2]
        }
        charts = QSplitter(Qt.Orientation.Horizontal, self)
        for chart in self.breach_charts.values():
            chart.legend.hide()  # one series: the title says what the bars are
            charts.addWidget(chart)
        by_dimension = QSplitter(Qt.Orientation.Vertical, self)
        by_dimension.addWidget(self.kpi_table)
        by_dimension.addWidget(charts)
        by_dimension.setSizes([330, 300])

        self.ranking_table = DataTable(
            ctx=ctx, settings_key="service.ranking", export_name="dealer-ranking"
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(trends, "")
        self.tabs.addTab(by_dimension, "")
        self.tabs.addTab(self.ranking_table, "")

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.cards)
        body_layout.addWidget(self.tabs, 1)
        self.state = ViewState(body, self)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.state, 1)

        self.set_period_end(date.today())  # until the queue tells the SLA clocks' today
        self.retranslate_ui()
        self.load_button.clicked.connect(self.load)
        self.by.currentIndexChanged.connect(self._show_dimension)

    def set_period_end(self, end: date) -> None:
        """Default period: the DEFAULT_WEEKS weeks up to `end` (the SLA clocks' today)."""
        if not self.started:
            self.end.setDate(QDate(end.year, end.month, end.day))
            start = end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
            self.start.setDate(QDate(start.year, start.month, start.day))

    def ensure_loaded(self) -> None:
        if not self.started:
            self.load()

    def load(self) -> None:
        self.started = True
        start, end = self.start.date().toPython(), self.end.date().toPython()
        self.state.run(
            self.ctx,
            load_dashboard,
            self.ctx.database.engine,
            start,
            end,
            key="kpis",
            on_result=self.show_board,
            loading_text=translate("service", "Computing the service KPIs…"),
        )

    def show_board(self, board: ServiceDashboard) -> None:
        self.board = board
        total = board.kpis["category"]
        if total.empty:
            self.state.show_empty(
                translate("service", "No tickets were opened in this period"),
                translate("service", "Choose a longer or an earlier period."),
            )
            return
        self.state.show_content()
        self._show_cards(total.iloc[-1])
        self._show_trends(board)
        self._show_dimension()
        self._show_ranking(board.ranking)

    # -- parts ----------------------------------------------------------------------------
    def _show_cards(self, total: pd.Series) -> None:
        cards = self.cards.cards
        cards["tickets"].set_value(format_number(total["tickets"]))
        cards["open_tickets"].set_value(format_number(total["open_tickets"]))
        for key in ("first_response_breach_rate", "resolution_breach_rate", "reopen_rate"):
            cards[key].set_value(format_percent(total[key]))
        for key in ("first_response", "resolution"):
            cards[key].set_value(
                f"{_hours(total[f'{key}_median_h'])} / {_hours(total[f'{key}_p90_h'])}"
            )

    def _show_trends(self, board: ServiceDashboard) -> None:
        backlog = board.backlog
        self.backlog_chart.set_series(
            backlog["date"].to_numpy(),
            {translate("service", "Open tickets"): backlog["open_tickets"].to_numpy()},
        )
        # from zero (honest heights), with room above the data for the legend row
        highest = max(int(backlog["open_tickets"].max()), 1) if len(backlog) else 1
        self.backlog_chart.plot.setYRange(0, highest * LEGEND_ROOM)
        inflow = board.inflow.pivot(index="week_start", columns="category", values="tickets")
        names = labels.category_names()
        # each week at its middle: a festival inside a week falls inside that week's span
        self.inflow_chart.set_series(
            (inflow.index + pd.Timedelta(hours=84)).to_numpy(),
            {names.get(c, c): inflow[c].to_numpy() for c in inflow.columns},
            stacked=True,
        )
        self.inflow_chart.set_markers(board.promotions)
        weekly_top = max(int(inflow.sum(axis=1).max()), 1) if len(inflow) else 1
        self.inflow_chart.plot.setYRange(0, weekly_top * LEGEND_ROOM)

    def _show_dimension(self) -> None:
        if self.board is None:
            return
        by = self.by.currentData() or "dealer"
        table = self.board.kpis[by].copy()
        name_column = "name_zh" if self.ctx.language.startswith("zh") else "name"
        names = table[name_column]
        if by == "category":
            category = labels.category_names()
            names = table["category"].map(category).fillna(names)
        # codes in the code column; the "(none)" and "(all)" rows are named in the name column
        codes = table[by].replace({NO_VALUE: "—", TOTAL: ""})
        shown = pd.DataFrame({by: codes, "name": names})
        for column in (
            "tickets",
            "open_tickets",
            *RATE_COLUMNS[:2],
            *HOUR_COLUMNS,
            RATE_COLUMNS[2],
        ):
            shown[column] = table[column]
        self.kpi_table.set_frame(
            shown,
            formats={
                **{c: "percent" for c in RATE_COLUMNS},
                **{c: "number:1" for c in HOUR_COLUMNS},
                "tickets": "int",
                "open_tickets": "int",
            },
            headers=self._kpi_headers(by),
            tooltips=self._definitions(),
            key=by,
        )
        fit_headers(self.kpi_table)
        headers = self._kpi_headers(by)
        bars = table[~table[by].isin([TOTAL, NO_VALUE]) & (table["tickets"] >= MIN_TICKETS)]
        for column, chart in self.breach_charts.items():
            top = bars.nlargest(TOP_BARS, column)
            chart.set_data(
                names.loc[top.index].fillna(top[by]).tolist(),
                {headers[column]: top[column].to_numpy()},
            )

    def _show_ranking(self, ranking: pd.DataFrame) -> None:
        name_column = "name_zh" if self.ctx.language.startswith("zh") else "name"
        shown = ranking[
            [
                "rank",
                "dealer",
                name_column,
                "tickets",
                "resolution_breach_rate",
                "first_response_breach_rate",
                "resolution_median_h",
                "reopen_rate",
            ]
        ]
        shown = shown.rename(columns={name_column: "name"})
        self.ranking_table.set_frame(
            shown,
            formats={
                "rank": "int",
                "tickets": "int",
                "resolution_breach_rate": "percent",
                "first_response_breach_rate": "percent",
                "resolution_median_h": "number:1",
                "reopen_rate": "percent",
            },
            headers=self._kpi_headers("dealer") | {"rank": translate("service", "Rank")},
            tooltips=self._definitions()
            | {
                "rank": translate(
                    "service",
                    "By resolution breach rate, then first-response breach rate and median "
                    "resolution time; dealers with fewer than 5 tickets are not ranked",
                )
            },
            key="dealer",
        )
        fit_headers(self.ranking_table)

    def _kpi_headers(self, by: str) -> dict[str, str]:
        return {
            by: labels.dimension_names()[by],
            "name": translate("service", "Name"),
            "tickets": translate("service", "Tickets"),
            "open_tickets": translate("service", "Open"),
            "first_response_breach_rate": translate("service", "1st resp. breached"),
            "resolution_breach_rate": translate("service", "Resolution breached"),
            "first_response_median_h": translate("service", "1st resp. median (h)"),
            "first_response_p90_h": translate("service", "1st resp. p90 (h)"),
            "resolution_median_h": translate("service", "Resolution median (h)"),
            "resolution_p90_h": translate("service", "Resolution p90 (h)"),
            "reopen_rate": translate("service", "Reopen rate"),
        }

    def _definitions(self) -> dict[str, str]:
        """What each KPI means (card and column tooltips)."""
        first_response = translate("service", "Business hours from opening to the first response")
        resolution = translate("service", "Business hours from opening to resolution")
        return {
            "tickets": translate("service", "Tickets opened in the period"),
            "open_tickets": translate("service", "Of those, open now"),
            "first_response_breach_rate": translate(
                "service",
                "Share of tickets whose first-response SLA was breached, "
                "among those whose outcome is known",
            ),
            "resolution_breach_rate": translate(
                "service",
                "Share of tickets whose resolution SLA was breached, "
                "among those solved or already late",
            ),
            "first_response_median_h": first_response,
            "first_response_p90_h": first_response,
            "resolution_median_h": resolution,
            "resolution_p90_h": resolution,
            "reopen_rate": translate("service", "Reopened among tickets resolved at least once"),
        }

    # -- text -----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.period_label.setText(translate("service", "Tickets opened from"))
        self.to_label.setText(translate("service", "to"))
        self.by_label.setText(translate("service", "by"))
        self.load_button.setText(translate("service", "Show"))
        index = self.by.currentIndex()
        self.by.blockSignals(True)
        self.by.clear()
        for by in REPORT_DIMENSIONS:
            self.by.addItem(labels.dimension_names()[by], by)
        self.by.setCurrentIndex(max(index, 0))
        self.by.blockSignals(False)
        definitions = self._definitions()
        titles = {
            "tickets": translate("service", "Tickets"),
            "open_tickets": translate("service", "Still open"),
            "first_response_breach_rate": translate("service", "1st response breached"),
            "resolution_breach_rate": translate("service", "Resolution breached"),
            "first_response": translate("service", "1st response median / p90"),
            "resolution": translate("service", "Resolution median / p90"),
            "reopen_rate": translate("service", "Reopen rate"),
        }
        for key, title in titles.items():
            self.cards.cards[key].set_title(
                title, definitions.get(key, definitions.get(f"{key}_median_h"))
            )
        self.breach_charts["resolution_breach_rate"].set_title(
            translate("service", "Highest resolution breach rates (at least 5 tickets)")
        )
        self.breach_charts["first_response_breach_rate"].set_title(
            translate("service", "Highest first-response breach rates (at least 5 tickets)")
        )
        self.backlog_chart.set_title(
            translate("service", "Backlog: open tickets at each day's end")
        )
        self.inflow_chart.set_title(
            translate("service", "Tickets opened per week by category (dashed: 6.18, 11.11, 12.12)")
        )
        self.tabs.setTabText(0, translate("service", "Trends"))
        self.tabs.setTabText(1, translate("service", "By dealer, channel, category"))
        self.tabs.setTabText(2, translate("service", "Dealer ranking"))
        if self.board is not None:
            self.show_board(self.board)
