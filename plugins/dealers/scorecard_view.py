"""Scorecard: dealers ranked by their mean network percentile over eight figures, a bar view
of one dealer's percentiles, and click-through to its orders and tickets."""

from __future__ import annotations

from datetime import date

import pandas as pd
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.api import DataTable, PanelContext, StackedBarChart, ViewState, translate
from plugins.dealers import tasks

METRICS = (
    "sales",
    "growth",
    "online_orders",
    "on_time_rate",
    "damage_rate",
    "sla_compliance",
    "member_capture_rate",
    "customers_captured",
)


class ScorecardView(QWidget):
    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.card = pd.DataFrame()
        self.dealer_id: int | None = None
        self.period_set = False
        self.drill: tuple[pd.DataFrame, pd.DataFrame] | None = None
        self.start, self.end = QDateEdit(self), QDateEdit(self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.from_label, self.to_label = QLabel(self), QLabel(self)
        self.load_button = QPushButton(self)
        self.load_button.clicked.connect(self.refresh)
        self.table = DataTable(ctx=ctx, settings_key="dealers.scorecard", export_name="scorecard")
        self.table.selection_changed.connect(self._dealer_selected)
        self.table.row_activated.connect(lambda _r: self.show_drill())
        self.view = ViewState(self.table, self)
        self.chart = StackedBarChart("", self, y_format="int", horizontal=True)
        if self.chart.legend is not None:
            self.chart.legend.hide()
        self.orders_button = QPushButton(self)
        self.orders_button.clicked.connect(lambda: self.show_drill(0))
        self.tickets_button = QPushButton(self)
        self.tickets_button.clicked.connect(lambda: self.show_drill(1))
        self.drill_tabs = QTabWidget(self)
        self.orders = DataTable(ctx=ctx, settings_key="dealers.drill_orders", export_name="orders")
        self.tickets = DataTable(
            ctx=ctx, settings_key="dealers.drill_tickets", export_name="tickets"
        )
        self.drill_view = ViewState(self.drill_tabs, self)
        self.drill_tabs.addTab(self.orders, "")
        self.drill_tabs.addTab(self.tickets, "")

        bar = QHBoxLayout()
        for widget in (self.from_label, self.start, self.to_label, self.end, self.load_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.chart, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.orders_button)
        buttons.addWidget(self.tickets_button)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.drill_view, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setSizes([950, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.retranslate_ui()

    def set_choices(self, choices: tasks.Choices) -> None:
        if not self.period_set:
            end = choices.today
            start = date(end.year - (end.month <= 6), (end.month - 6 - 1) % 12 + 1, 1)
            self.set_period(start, end)

    def set_period(self, start: date, end: date) -> None:
        self.period_set = True
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))

    def period(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()

    def refresh(self) -> None:
        if not self.period_set:
            return
        self.view.run(
            self.ctx,
            tasks.load_scorecard,
            self.ctx.database,
            *self.period(),
            key="scorecard",
            on_result=self._show,
        )

    def _show(self, card: pd.DataFrame) -> None:
        self.card = card
        shown = card[["dealer_id", "rank", "code"]].assign(
            name=[self.ctx.name_of(r) for r in card.to_dict("records")],
            score=card["score"],
            **{m: card[m] for m in METRICS},
            **{f"pct_{m}": card[f"pct_{m}"] for m in METRICS},
        )
        formats = {
            "dealer_id": "int",
            "rank": "int",
            "score": "number:0",
            "sales": "money_compact",
            "growth": "change",
            "online_orders": "int",
            "on_time_rate": "percent",
            "damage_rate": "percent:2",
            "sla_compliance": "percent",
            "member_capture_rate": "percent",
            "customers_captured": "int",
        }
        formats |= {f"pct_{m}": "number:0" for m in METRICS}
        self.table.set_frame(shown, key="dealer_id", headers=self._headers(), formats=formats)
        self.table.set_column_visible("dealer_id", False)
        self.view.show_content()
        if self.dealer_id is None and len(card):
            self.table.view.selectRow(0)
        else:
            self._draw()

    def _dealer_selected(self) -> None:
        rows = self.table.selected_frame()
        if rows.empty:
            return
        self.dealer_id = int(rows.iloc[0]["dealer_id"])
        self._draw()
        self.show_drill(self.drill_tabs.currentIndex())

    def _draw(self) -> None:
        match = self.card[self.card["dealer_id"] == self.dealer_id]
        if match.empty:
            return
        row = match.iloc[0]
        names = self._metric_names()
        self.chart.set_title(
            translate("dealers", "%1: network percentiles (100 = best)").replace("%1", row["code"])
        )
        self.chart.set_data(
            [names[m] for m in METRICS],
            {translate("dealers", "Percentile"): [row[f"pct_{m}"] for m in METRICS]},
        )
        self.chart.plot.setXRange(0, 100, padding=0.02)

    def show_drill(self, tab: int = 0) -> None:
        if self.dealer_id is None:
            return
        self.drill_tabs.setCurrentIndex(tab)
        self.drill_view.run(
            self.ctx,
            tasks.load_drill,
            self.ctx.database,
            self.dealer_id,
            *self.period(),
            key="drill",
            on_result=self._show_drill,
        )

    def _show_drill(self, result) -> None:
        self.drill = result
        orders, tickets = result
        self.orders.set_frame(
            orders[
                [
                    "order_no",
                    "placed_at",
                    "channel",
                    "status",
                    "postcode",
                    "assignment",
                    "net_amount",
                ]
            ],
            headers={
                "order_no": translate("dealers", "Order"),
                "placed_at": translate("dealers", "Placed"),
                "channel": translate("dealers", "Channel"),
                "status": translate("dealers", "Status"),
                "postcode": translate("dealers", "Postcode"),
                "assignment": translate("dealers", "Assigned by"),
                "net_amount": translate("dealers", "Amount"),
            },
            formats={"placed_at": "datetime", "net_amount": "money"},
        )
        self.tickets.set_frame(
            tickets[["code", "opened_at", "category", "priority", "status", "resolved_at"]],
            headers={
                "code": translate("dealers", "Ticket"),
                "opened_at": translate("dealers", "Opened"),
                "category": translate("dealers", "Category"),
                "priority": translate("dealers", "Priority"),
                "status": translate("dealers", "Status"),
                "resolved_at": translate("dealers", "Resolved"),
            },
            formats={"opened_at": "datetime", "resolved_at": "datetime"},
        )
        self.drill_view.show_content()

    def _metric_names(self) -> dict[str, str]:
        return {
            "sales": translate("dealers", "Sales"),
            "growth": translate("dealers", "Growth"),
            "online_orders": translate("dealers", "Online orders fulfilled"),
            "on_time_rate": translate("dealers", "On time"),
            "damage_rate": translate("dealers", "Damage rate"),
            "sla_compliance": translate("dealers", "SLA compliance"),
            "member_capture_rate": translate("dealers", "Member capture"),
            "customers_captured": translate("dealers", "Customers captured"),
        }

    def _headers(self) -> dict[str, str]:
        names = self._metric_names()
        headers = {
            "rank": translate("dealers", "Rank"),
            "code": translate("dealers", "Dealer"),
            "name": translate("dealers", "Name"),
            "score": translate("dealers", "Score"),
        }
        headers |= names
        headers |= {
            f"pct_{m}": translate("dealers", "%1 pct.").replace("%1", names[m]) for m in METRICS
        }
        return headers

    def retranslate_ui(self) -> None:
        self.from_label.setText(translate("dealers", "From"))
        self.to_label.setText(translate("dealers", "to"))
        self.load_button.setText(translate("dealers", "Score"))
        self.orders_button.setText(translate("dealers", "Show its orders"))
        self.tickets_button.setText(translate("dealers", "Show its tickets"))
        self.drill_tabs.setTabText(0, translate("dealers", "Orders"))
        self.drill_tabs.setTabText(1, translate("dealers", "Service tickets"))
        if not self.card.empty:
            self._show(self.card)
        if self.drill is not None:
            self._show_drill(self.drill)
