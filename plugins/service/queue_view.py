"""The live ticket queue: filters, SLA colours, auto-refresh, assign / escalate / change status.

The database is asked for the tickets of the chosen statuses; the other filters (and a status
the loaded tickets already cover) narrow that frame in memory (`filter_queue`), so a filter
change does not wait for a query. Auto-refresh reloads at the chosen interval; the table keeps
the selection and the scroll position (its rows are keyed by ticket id).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DATA_CHANGED,
    ConflictError,
    DataTable,
    PanelContext,
    TaskHandle,
    TaskProgress,
    UserError,
    ViewState,
    chart_theme,
    format_date,
    format_number,
    translate,
)
from console.db.queries.service import CATEGORY_NAMES, SLA_STATES, QueueFilters
from console.db.service import OPEN_TICKET_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES
from plugins.service import labels
from plugins.service.dialogs import (
    AssignDialog,
    ConflictBox,
    EscalateDialog,
    StatusDialog,
    problem_box,
)
from plugins.service.tables import fit_headers
from plugins.service.tasks import (
    QueueData,
    assign,
    change_status,
    escalate,
    load_options,
    load_queue,
    narrow_queue,
)

ALL = "__all__"
OPEN = "__open__"
UNASSIGNED = -1
REFRESH_CHOICES = (0, 30, 60, 120, 300)  # seconds; 0 = off
DEFAULT_REFRESH = 60
HIDDEN_COLUMNS = ("ticket_id", "version")  # keys the actions need, not for reading


def tinted(colour: str, share: float) -> str:
    """`colour` mixed into the chart background: a row tint readable in light and dark themes."""
    base, tint = QColor(chart_theme().background), QColor(colour)
    mix = [
        round(b + (t - b) * share)
        for b, t in zip(base.getRgb()[:3], tint.getRgb()[:3], strict=True)
    ]
    return QColor(*mix).name()


class QueueView(QWidget):
    """Filters above the queue table, actions below it."""

    open_customer = Signal(int)
    loaded = Signal()  # a queue (or its empty / error state) is on screen

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: QueueData | None = None
        self.options = None
        self.show_pii = ctx.can("customers.pii")
        self.dialog: QDialog | None = None  # the open action dialog (tests look at it)
        self._reloading: TaskHandle | None = None
        self._ids_hidden = False

        self.channel = QComboBox(self)
        self.dealer = QComboBox(self)
        self.region = QComboBox(self)
        self.category = QComboBox(self)
        self.priority = QComboBox(self)
        self.status = QComboBox(self)
        self.sla_state = QComboBox(self)
        self.min_age = QSpinBox(self)
        self.max_age = QSpinBox(self)
        for box in (self.min_age, self.max_age):
            box.setRange(0, 3650)
            box.setMinimumWidth(80)
        self.refresh_every = QComboBox(self)
        self.refresh_button = QPushButton(self)
        self.busy = TaskProgress(self, compact=True)
        self.busy.hide()
        self.as_of = QLabel(self)
        self.as_of.setObjectName("QueueAsOf")
        names = ("channel", "dealer", "region", "category", "priority", "status", "sla_state")
        self.filter_labels = {name: QLabel(self) for name in (*names, "age", "refresh")}

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        for i, name in enumerate(names):
            row, column = divmod(i, 4)
            grid.addWidget(self.filter_labels[name], row, 2 * column)
            grid.addWidget(getattr(self, name), row, 2 * column + 1)
            grid.setColumnStretch(2 * column + 1, 1)
        ages = QHBoxLayout()
        ages.setSpacing(4)
        ages.addWidget(self.min_age, 1)
        ages.addWidget(QLabel("–", self))
        ages.addWidget(self.max_age, 1)
        grid.addWidget(self.filter_labels["age"], 1, 6)
        grid.addLayout(ages, 1, 7)

        top = QHBoxLayout()
        top.addWidget(self.as_of, 1)
        top.addWidget(self.busy)
        top.addWidget(self.filter_labels["refresh"])
        top.addWidget(self.refresh_every)
        top.addWidget(self.refresh_button)

        self.table = DataTable(ctx=ctx, settings_key="service.queue", export_name="service-queue")
        self.table_state = ViewState(self.table, self)

        self.summary = QLabel(self)
        self.summary.setObjectName("QueueSummary")
        self.customer_button = QPushButton(self)
        self.assign_button = QPushButton(self)
        self.escalate_button = QPushButton(self)
        self.status_button = QPushButton(self)
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.customer_button)
        for button in (self.assign_button, self.escalate_button, self.status_button):
            actions.addWidget(button)
            ctx.allow(button, "tickets.edit")  # the service layer checks the role again

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.table_state, 1)
        layout.addLayout(actions)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.retranslate_ui()
        seconds = ctx.setting("refresh_seconds", DEFAULT_REFRESH, int)
        if seconds not in REFRESH_CHOICES:
            seconds = DEFAULT_REFRESH
        self.refresh_every.setCurrentIndex(REFRESH_CHOICES.index(seconds))
        self._set_interval()

        for combo in (*(getattr(self, name) for name in names), self.refresh_every):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (getattr(self, name) for name in names):
            combo.currentIndexChanged.connect(self.narrow)
        self.min_age.valueChanged.connect(self.narrow)
        self.max_age.valueChanged.connect(self.narrow)
        self.refresh_every.currentIndexChanged.connect(self._set_interval)
        self.refresh_button.clicked.connect(self.reload)
        self.customer_button.clicked.connect(self._open_customer)
        self.assign_button.clicked.connect(self.ask_assign)
        self.escalate_button.clicked.connect(self.ask_escalate)
        self.status_button.clicked.connect(self.ask_status)
        self.table.selection_changed.connect(self._update_actions)
        self.table.row_activated.connect(lambda _row: self._open_customer())
        self._update_actions()

    # -- loading --------------------------------------------------------------------------
    def start(self) -> None:
        self.ctx.run(
            load_options, self.ctx.database.engine, key="options", on_result=self._set_options
        )
        self.reload()

    def filters(self) -> QueueFilters:
        def chosen(combo: QComboBox) -> tuple:
            value = combo.currentData()
            return () if value in (None, ALL) else (value,)

        status = self.status.currentData()
        dealer = self.dealer.currentData()
        return QueueFilters(
            channel_ids=chosen(self.channel),
            dealer_ids=() if dealer in (None, ALL, UNASSIGNED) else (dealer,),
            unassigned_only=dealer == UNASSIGNED,
            region_ids=chosen(self.region),
            categories=chosen(self.category),
            priorities=chosen(self.priority),
            statuses=OPEN_TICKET_STATUSES if status in (None, OPEN) else chosen(self.status),
            sla_states=chosen(self.sla_state),
            min_age_days=self.min_age.value() or None,
            max_age_days=self.max_age.value() or None,
        )

    def reload(self) -> None:
        """Ask the database again (Refresh, auto-refresh, after a write, statuses not loaded)."""
        handle = self.ctx.run(
            load_queue,
            self.ctx.database.engine,
            self.filters(),
            self.show_pii,
            key="queue",
            on_result=lambda data: self._reloaded(handle, data),
            on_error=self._load_failed,
            on_cancelled=self._load_cancelled,
        )
        self._reloading = handle
        handle.done.connect(lambda: self._reload_done(handle))
        text = translate("service", "Loading the ticket queue…")
        if self.data is None:
            self.table_state.show_loading(text, handle)
        else:  # keep the table (selection, scroll) on screen while the new rows come
            self.busy.attach(handle, text)
            self.busy.show()

    def narrow(self) -> None:
        """A filter changed: filter the loaded tickets in memory when they cover it."""
        filters = self.filters()
        if self.data is None or self._reloading is not None:
            self.reload()  # (a running load is superseded: it used the old filters)
        elif not self.data.covers(filters.statuses):
            self.reload()
        else:
            self.ctx.run(
                narrow_queue,
                self.data,
                filters,
                key="queue",
                on_result=self.show_data,
                on_error=self._load_failed,
            )

    def _tick(self) -> None:
        """Auto-refresh: skipped while a load is still running (a slow database)."""
        if self._reloading is None:
            self.reload()

    def _reloaded(self, handle: TaskHandle, data: QueueData) -> None:
        self._reload_done(handle)  # at once: a filter change may narrow these rows now
        self.show_data(data)

    def _reload_done(self, handle: TaskHandle) -> None:
        if self._reloading is handle:
            self._reloading = None
            self.busy.hide()

    def _load_cancelled(self) -> None:
        if self.data is None:
            self.table_state.show_empty(
                translate("service", "Loading was cancelled"),
                translate("service", "The queue was not loaded."),
                (translate("service", "Load again"), self.reload),
            )
            self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        if self.data is None:
            self.table_state.show_error(error, retry=self.reload)
        self.ctx.report_error(error)

    def show_data(self, data: QueueData) -> None:
        self.data = data
        rows = data.rows
        self.table.set_frame(
            self._display(rows),
            formats={
                "age_days": "number:1",
                "next_due": "datetime",
                "opened_at": "datetime",
                "escalated": "bool",
            },
            headers=self._headers(),
            row_colors="_colour",
            key="ticket_id",
        )
        fit_headers(self.table)
        if not self._ids_hidden:
            for column in HIDDEN_COLUMNS:
                self.table.set_column_visible(column, False)
            self._ids_hidden = True
        if rows.empty:
            self.table_state.show_empty(
                translate("service", "No tickets match the filters"),
                translate("service", "Choose other filters, or all statuses."),
            )
        else:
            self.table_state.show_content()
        counts = rows["sla_state"].value_counts()
        self.summary.setText(
            translate("service", "%1 tickets: %2 breached, %3 at risk")
            .replace("%1", format_number(len(rows)))
            .replace("%2", format_number(counts.get("breached", 0)))
            .replace("%3", format_number(counts.get("at_risk", 0)))
        )
        as_of = translate("service", "SLA clocks as of %1").replace(
            "%1", format_date(data.now, "datetime")
        )
        if data.policy_source == "default":
            as_of += translate("service", " (built-in default policy)")
        self.as_of.setText(as_of)
        self._update_actions()
        self.loaded.emit()

    def _display(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Translated, user-facing columns (plus the hidden keys and the row colour)."""
        colours = {
            "breached": tinted(chart_theme().negative, 0.22),
            "at_risk": tinted("#E69F00", 0.3),
        }
        suffix = "_zh" if self.ctx.language.startswith("zh") else ""
        return pd.DataFrame(
            {
                "ticket_id": rows["ticket_id"],
                "version": rows["version"],
                "_colour": rows["sla_state"].map(colours).fillna(""),
                "code": rows["code"],
                "sla_state": rows["sla_state"].map(labels.sla_state_names()),
                "next_due": rows["next_due"],
                "status": rows["status"].map(labels.status_names()),
                "priority": rows["priority"].map(labels.priority_names()),
                "category": rows["category"].map(labels.category_names()),
                "subject": rows["subject"],
                "channel": rows[f"channel_name{suffix}"],
                "dealer": rows[f"dealer_name{suffix}"],
                "region": rows[f"region_name{suffix}"],
                "customer": rows["customer_name"],
                "age_days": rows["age_days"],
                "opened_at": rows["opened_at"],
                "escalated": rows["escalated"],
            }
        )

    def _headers(self) -> dict[str, str]:
        return {
            "code": translate("service", "Ticket"),
            "sla_state": translate("service", "SLA"),
            "next_due": translate("service", "Next due"),
            "status": translate("service", "Status"),
            "priority": translate("service", "Priority"),
            "category": translate("service", "Category"),
            "channel": translate("service", "Channel"),
            "dealer": translate("service", "Dealer"),
            "region": translate("service", "Region"),
            "customer": translate("service", "Customer"),
            "age_days": translate("service", "Age (days)"),
            "opened_at": translate("service", "Opened"),
            "escalated": translate("service", "Escalated"),
            "subject": translate("service", "Subject"),
        }

    def _set_options(self, options) -> None:
        self.options = options
        self._fill_filter_combos()
        self._update_actions()

    # -- actions --------------------------------------------------------------------------
    def selected_ticket(self) -> dict[str, Any] | None:
        """The loaded row of the selected ticket (raw codes and ids), or None."""
        selected = self.table.selected_frame()  # survives refreshes, unlike the current index
        if len(selected) != 1 or self.data is None:
            return None
        rows = self.data.loaded
        match = rows[rows["ticket_id"] == selected["ticket_id"].iloc[0]]
        return match.iloc[0].to_dict() if len(match) else None

    def _update_actions(self) -> None:
        ticket = self.selected_ticket()
        is_open = ticket is not None and ticket["status"] in OPEN_TICKET_STATUSES
        self.assign_button.setEnabled(is_open and self.options is not None)
        self.escalate_button.setEnabled(is_open)
        self.status_button.setEnabled(ticket is not None)
        self.customer_button.setEnabled(
            ticket is not None and not pd.isna(ticket.get("customer_id"))
        )

    def _open_customer(self) -> None:
        ticket = self.selected_ticket()
        if ticket is not None and not pd.isna(ticket.get("customer_id")):
            self.open_customer.emit(int(ticket["customer_id"]))

    def ask_assign(self) -> None:
        ticket = self.selected_ticket()
        if ticket is None or self.options is None:
            return
        dealers = self.options.dealers[self.options.dealers["status"] == "active"]
        dialog = AssignDialog(ticket, dealers, self.ctx, self)
        dialog.chosen.connect(lambda dealer_id: self._write(assign, ticket, dealer_id))
        self._open_dialog(dialog)

    def ask_escalate(self) -> None:
        ticket = self.selected_ticket()
        if ticket is None:
            return
        dialog = EscalateDialog(ticket, self)
        dialog.chosen.connect(lambda priority: self._write(escalate, ticket, priority))
        self._open_dialog(dialog)

    def ask_status(self) -> None:
        ticket = self.selected_ticket()
        if ticket is None:
            return
        dialog = StatusDialog(ticket, self)
        dialog.chosen.connect(lambda status: self._write(change_status, ticket, status))
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal, not blocking: background work goes on

    def _write(self, fn: Callable, ticket: dict, value: object) -> None:
        """One action on the ticket as the user saw it (its version): refused if stale."""
        self.ctx.run(
            fn,
            self.ctx.sessions,
            self.ctx.user,
            int(ticket["ticket_id"]),
            int(ticket["version"]),
            value,
            on_result=lambda after: self._written(ticket, after),
            on_error=lambda error: self._write_failed(ticket, error),
        )

    def _written(self, ticket: dict, after: dict) -> None:
        self.summary.setText(translate("service", "Ticket %1 saved.").replace("%1", ticket["code"]))
        # the panel reloads the queue on this event, like every other view of tickets
        self.ctx.bus.publish(DATA_CHANGED, {"entity": "service_ticket", "id": after["id"]})

    def _write_failed(self, ticket: dict, error: BaseException) -> None:
        if isinstance(error, ConflictError):
            box = ConflictBox(ticket, error, self._dealer_names(), self)
            box.reload_button.clicked.connect(self.reload)
            self._open_dialog(box)
        elif isinstance(error, UserError):  # e.g. already assigned there, role refused
            self._open_dialog(problem_box(error, self))
        else:
            self.ctx.report_error(error)

    def _dealer_names(self) -> dict[int, str]:
        if self.options is None:
            return {}
        return {
            int(row["id"]): f"{row['code']} {self.ctx.name_of(row)}"
            for row in self.options.dealers.to_dict("records")
        }

    # -- auto-refresh ---------------------------------------------------------------------
    def _set_interval(self) -> None:
        seconds = REFRESH_CHOICES[max(self.refresh_every.currentIndex(), 0)]
        self.ctx.set_setting("refresh_seconds", seconds)
        if seconds:
            self.timer.start(seconds * 1000)
        else:
            self.timer.stop()

    # -- text -----------------------------------------------------------------------------
    def _fill_filter_combos(self) -> None:
        def fill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

        everything = translate("service", "All")
        if self.options is not None:
            for combo, frame in (
                (self.channel, self.options.channels),
                (self.region, self.options.regions),
            ):
                names = [self.ctx.name_of(row) for row in frame.to_dict("records")]
                fill(combo, [(everything, ALL), *zip(names, frame["id"].tolist(), strict=True)])
            fill(
                self.dealer,
                [
                    (everything, ALL),
                    (translate("service", "Unassigned"), UNASSIGNED),
                    *(
                        (f"{row['code']} {self.ctx.name_of(row)}", row["id"])
                        for row in self.options.dealers.to_dict("records")
                    ),
                ],
            )
        fill(
            self.category,
            [(everything, ALL), *((labels.category_names()[c], c) for c in CATEGORY_NAMES)],
        )
        fill(
            self.priority,
            [
                (everything, ALL),
                *((labels.priority_names()[p], p) for p in reversed(TICKET_PRIORITIES)),
            ],
        )
        fill(
            self.status,
            [
                (translate("service", "Open"), OPEN),
                (translate("service", "All statuses"), ALL),
                *((labels.status_names()[s], s) for s in TICKET_STATUSES),
            ],
        )
        fill(
            self.sla_state,
            [(everything, ALL), *((labels.sla_state_names()[s], s) for s in SLA_STATES)],
        )

    def retranslate_ui(self) -> None:
        texts = {
            "channel": translate("service", "Channel"),
            "dealer": translate("service", "Dealer"),
            "region": translate("service", "Region"),
            "category": translate("service", "Category"),
            "priority": translate("service", "Priority"),
            "status": translate("service", "Status"),
            "sla_state": translate("service", "SLA"),
            "age": translate("service", "Age (days)"),
            "refresh": translate("service", "Auto-refresh"),
        }
        for name, label in self.filter_labels.items():
            label.setText(texts[name])
        for box in (self.min_age, self.max_age):
            box.setSpecialValueText(translate("service", "any"))
        self.min_age.setToolTip(translate("service", "At least this many days old"))
        self.max_age.setToolTip(translate("service", "At most this many days old"))
        self.refresh_every.blockSignals(True)
        index = self.refresh_every.currentIndex()
        self.refresh_every.clear()
        for seconds in REFRESH_CHOICES:
            text = (
                translate("service", "Off")
                if not seconds
                else translate("service", "every %1 s").replace("%1", str(seconds))
            )
            self.refresh_every.addItem(text, seconds)
        self.refresh_every.setCurrentIndex(max(index, 0))
        self.refresh_every.blockSignals(False)
        self.refresh_button.setText(translate("service", "Refresh"))
        self.customer_button.setText(translate("service", "Customer 360"))
        self.assign_button.setText(translate("service", "Assign to dealer…"))
        self.escalate_button.setText(translate("service", "Escalate…"))
        self.status_button.setText(translate("service", "Change status…"))
        self._fill_filter_combos()
        if self.data is not None:
            self.show_data(self.data)
