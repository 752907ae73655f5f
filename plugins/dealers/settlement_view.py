"""Settlement: every dealer's statement for a month, one statement's lines, export to XLSX,
mark it issued (locked), and correction lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DATA_CHANGED,
    DataTable,
    KpiStrip,
    PanelContext,
    UserError,
    ViewState,
    ask_save_path,
    describe_error,
    format_date,
    format_money,
    format_number,
    translate,
)
from plugins.dealers import tasks
from plugins.dealers.forms import ERROR_STYLE

KINDS = (
    "order",
    "platform_fee",
    "hq_margin",
    "return",
    "damage_claim",
    "capture_credit",
    "adjustment",
)


def recent_months(today: date, count: int = 13) -> list[date]:
    """The current month and the `count - 1` before it, newest first."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


class SettlementView(QWidget):
    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.overview_frame = pd.DataFrame()
        self.statement = None
        self.month = QComboBox(self)
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())
        self.month_label = QLabel(self)
        self.policy_label = QLabel(self)
        self.policy_label.setWordWrap(True)
        self.overview = DataTable(
            ctx=ctx, settings_key="dealers.settlement", export_name="settlement"
        )
        self.overview.selection_changed.connect(self._dealer_selected)
        self.overview_view = ViewState(self.overview, self)

        self.title = QLabel(self)
        self.title.setObjectName("SectionTitle")
        self.kpis = KpiStrip(self)
        self.cards = {
            key: self.kpis.add_card(key, "")
            for key in (
                "orders_amount",
                "platform_fees",
                "hq_margin",
                "adjustments",
                "capture_credit",
                "amount_due",
            )
        }
        self.lines = DataTable(ctx=ctx, settings_key="dealers.lines", export_name="statement")
        self.lines_view = ViewState(self.lines, self)
        self.export_button = QPushButton(self)
        self.issue_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: self.export())
        self.issue_button.clicked.connect(self.issue)
        self.amount = QLineEdit(self)
        self.amount.setMinimumWidth(220)
        self.description = QLineEdit(self)
        self.adjust_button = QPushButton(self)
        self.adjust_button.clicked.connect(self.adjust)
        for widget in (self.issue_button, self.adjust_button, self.amount, self.description):
            ctx.allow(widget, "settlement.issue")
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        bar = QHBoxLayout()
        bar.addWidget(self.month_label)
        bar.addWidget(self.month)
        bar.addWidget(self.policy_label, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.title, 1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.issue_button)
        adjust = QHBoxLayout()
        adjust.addWidget(self.amount)
        adjust.addWidget(self.description, 2)
        adjust.addWidget(self.adjust_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.kpis)
        right_layout.addWidget(self.lines_view, 1)
        right_layout.addLayout(adjust)
        right_layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.overview_view)
        splitter.addWidget(right)
        splitter.setSizes([700, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.retranslate_ui()
        self._update_buttons()

    def set_choices(self, choices: tasks.Choices) -> None:
        if self.month.count():
            return
        self.month.blockSignals(True)
        for month in recent_months(choices.today):
            self.month.addItem(format_date(month, "month"), month)
        # the last month that has ended is the one to settle
        self.month.setCurrentIndex(1 if self.month.count() > 1 else 0)
        self.month.blockSignals(False)

    def selected_month(self) -> date | None:
        return self.month.currentData()

    def refresh(self) -> None:
        month = self.selected_month()
        if month is None:
            return
        self.overview_view.run(
            self.ctx,
            tasks.load_month,
            self.ctx.database,
            month,
            key="month",
            on_result=self._show_overview,
        )

    def _show_overview(self, frame: pd.DataFrame) -> None:
        self.overview_frame = frame
        shown = pd.DataFrame(
            {
                "dealer_id": frame["dealer_id"],
                "code": frame["code"],
                "name": [self.ctx.name_of(r) for r in frame.to_dict("records")],
                "status": frame["status"].map(self._status_name),
                "orders_count": frame["orders_count"],
                "orders_amount": frame["orders_amount"],
                "amount_due": frame["amount_due"],
            }
        )
        self.overview.set_frame(
            shown,
            key="dealer_id",
            headers=self._overview_headers(),
            formats={"orders_amount": "money", "amount_due": "money", "dealer_id": "int"},
        )
        self.overview.set_column_visible("dealer_id", False)
        self.overview_view.show_content()
        if self.statement is not None:
            self.load_statement(self.statement.dealer_id)
        elif len(frame):
            self.overview.view.selectRow(0)

    def _status_name(self, status: str) -> str:
        return {
            "preview": translate("dealers", "Preview"),
            "draft": translate("dealers", "Draft"),
            "issued": translate("dealers", "Issued"),
        }.get(str(status), str(status))

    def _dealer_selected(self) -> None:
        rows = self.overview.selected_frame()
        if not rows.empty:
            self.load_statement(int(rows.iloc[0]["dealer_id"]))

    def load_statement(self, dealer_id: int) -> None:
        self.lines_view.run(
            self.ctx,
            tasks.load_statement,
            self.ctx.database,
            dealer_id,
            self.selected_month(),
            key="statement",
            on_result=self._show_statement,
        )

    def _show_statement(self, statement) -> None:
        self.statement = statement
        name = (
            statement.dealer_name_zh
            if self.ctx.language.startswith("zh")
            else statement.dealer_name
        )
        self.title.setText(
            translate("dealers", "%1 %2 — %3, %4")
            .replace("%1", statement.dealer_code)
            .replace("%2", name)
            .replace("%3", format_date(statement.month, "month"))
            .replace("%4", self._status_name(statement.status))
        )
        totals = statement.totals
        for key, card in self.cards.items():
            card.set_value(format_money(totals[key]))
        self.cards["orders_amount"].set_value(
            format_money(totals["orders_amount"]),
            change_label=translate("dealers", "%1 orders").replace(
                "%1", format_number(totals["orders_count"])
            ),
        )
        lines = statement.lines
        shown = pd.DataFrame(
            {
                "kind": lines["kind"].map(self._kind_name),
                "order_no": lines["order_no"],
                "amount": lines["amount"].astype(float),
                "description": lines["description"],
            }
        )
        self.lines.set_frame(shown, headers=self._line_headers(), formats={"amount": "money"})
        self.lines_view.show_content()
        self._update_buttons()

    def _kind_name(self, kind: str) -> str:
        return {
            "order": translate("dealers", "Order"),
            "platform_fee": translate("dealers", "Platform fee"),
            "hq_margin": translate("dealers", "HQ margin"),
            "return": translate("dealers", "Return"),
            "damage_claim": translate("dealers", "Damage claim"),
            "capture_credit": translate("dealers", "Capture credit"),
            "adjustment": translate("dealers", "Adjustment"),
        }.get(kind, kind)

    def _update_buttons(self) -> None:
        has = self.statement is not None
        can = self.ctx.can("settlement.issue")
        self.export_button.setEnabled(has)
        self.issue_button.setEnabled(can and has and not self.statement.locked)
        self.adjust_button.setEnabled(can and has)

    # -- actions ----------------------------------------------------------------------------
    def export(self, path: str | Path | None = None) -> None:
        if self.statement is None:
            return
        st = self.statement
        path = path or ask_save_path(
            self, f"statement_{st.dealer_code}_{st.month:%Y-%m}", ("xlsx",)
        )
        if not path:
            return
        self.ctx.run(
            tasks.export_statement,
            st,
            str(path),
            self.ctx.language,
            key="export-statement",
            on_result=lambda p: self._say(
                translate("dealers", "Exported to %1").replace("%1", str(p))
            ),
        )

    def issue(self) -> None:
        st = self.statement
        if st is None:
            return
        self.ctx.run(
            tasks.issue,
            self.ctx.database,
            self.ctx.user,
            st.dealer_id,
            st.month,
            st.version,
            key="issue",
            on_result=lambda _id: self._changed(
                translate("dealers", "Statement issued; it is locked now.")
            ),
            on_error=self._failed,
        )

    def adjust(self) -> None:
        st = self.statement
        if st is None:
            return
        text = self.amount.text().strip().replace(",", "").replace("¥", "")
        self.ctx.run(
            tasks.adjust,
            self.ctx.database,
            self.ctx.user,
            st.dealer_id,
            st.month,
            text,
            self.description.text(),
            key="adjust",
            on_result=lambda _id: self._adjusted(),
            on_error=self._failed,
        )

    def _adjusted(self) -> None:
        self.amount.clear()
        self.description.clear()
        self._changed(translate("dealers", "Adjustment added."))

    def _changed(self, text: str) -> None:
        self._say(text)
        self.ctx.bus.publish(DATA_CHANGED, {"entity": "settlement_statement"})
        self.refresh()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self._say(" ".join(describe_error(error)).strip(), error=True)
        else:
            self.ctx.report_error(error)

    # -- text -------------------------------------------------------------------------------
    def _overview_headers(self) -> dict[str, str]:
        return {
            "code": translate("dealers", "Dealer"),
            "name": translate("dealers", "Name"),
            "status": translate("dealers", "Statement"),
            "orders_count": translate("dealers", "Orders"),
            "orders_amount": translate("dealers", "Order amount"),
            "amount_due": translate("dealers", "Amount due"),
        }

    def _line_headers(self) -> dict[str, str]:
        return {
            "kind": translate("dealers", "Line"),
            "order_no": translate("dealers", "Order"),
            "amount": translate("dealers", "Amount"),
            "description": translate("dealers", "Description"),
        }

    def retranslate_ui(self) -> None:
        self.month_label.setText(translate("dealers", "Month"))
        self.policy_label.setText(
            translate(
                "dealers",
                "Orders count in the month they were delivered. Amount due = order amount − "
                "platform fees − HQ margin + adjustments + capture credit.",
            )
        )
        titles = {
            "orders_amount": (
                translate("dealers", "Order amount"),
                translate("dealers", "Net amount of the online orders delivered"),
            ),
            "platform_fees": (
                translate("dealers", "Platform fees"),
                translate("dealers", "The channel's fee rate on each order"),
            ),
            "hq_margin": (
                translate("dealers", "HQ margin"),
                translate("dealers", "The dealer's HQ margin rate on each order"),
            ),
            "adjustments": (
                translate("dealers", "Adjustments"),
                translate("dealers", "Returns, damage claims and corrections"),
            ),
            "capture_credit": (
                translate("dealers", "Capture credit"),
                translate("dealers", "For customers it captured who bought elsewhere"),
            ),
            "amount_due": (
                translate("dealers", "Amount due"),
                translate("dealers", "What headquarters pays the dealer"),
            ),
        }
        for key, (title, definition) in titles.items():
            self.cards[key].set_title(title, definition)
        self.export_button.setText(translate("dealers", "Export XLSX…"))
        self.issue_button.setText(translate("dealers", "Mark issued"))
        self.amount.setPlaceholderText(translate("dealers", "Amount (+ owed to the dealer)"))
        self.description.setPlaceholderText(translate("dealers", "Why the correction"))
        self.adjust_button.setText(translate("dealers", "Add adjustment"))
        if self.statement is None:
            self.title.setText(translate("dealers", "Select a dealer to see its statement"))
        for index in range(self.month.count()):
            self.month.setItemText(index, format_date(self.month.itemData(index), "month"))
        if not self.overview_frame.empty:
            self._show_overview(self.overview_frame)
