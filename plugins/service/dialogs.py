"""Dialogs of the queue's actions: choose a dealer, a priority or a status; explain a lost race
(Reload / Cancel) or a refusal.

All are opened with `open()` (window-modal, not blocking), so background work and tests go on.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from console.api import ConflictError, PanelContext, UserError, describe_error, translate
from console.db.queries.service import allowed_statuses
from console.db.service import TICKET_PRIORITIES
from plugins.service import labels


class AssignDialog(QDialog):
    """Pick the active dealer who takes the ticket (the current one is preselected)."""

    chosen = Signal(int)

    def __init__(
        self, ticket: dict, dealers: pd.DataFrame, ctx: PanelContext, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AssignDialog")
        self.setWindowTitle(translate("service", "Assign ticket %1").replace("%1", ticket["code"]))
        self.dealer = QComboBox(self)
        for row in dealers.to_dict("records"):
            self.dealer.addItem(f"{row['code']} {ctx.name_of(row)}", int(row["id"]))
        current = ticket.get("dealer_id")
        if current is not None and not pd.isna(current):
            self.dealer.setCurrentIndex(max(self.dealer.findData(int(current)), 0))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(translate("service", "Dealer"), self.dealer)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(ticket.get("subject") or "", self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        super().accept()
        self.chosen.emit(int(self.dealer.currentData()))


class EscalateDialog(QDialog):
    """Escalate, keeping the priority or raising it (a higher priority tightens the SLA)."""

    chosen = Signal(object)  # the new priority, or None to keep it

    def __init__(self, ticket: dict, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("EscalateDialog")
        self.setWindowTitle(
            translate("service", "Escalate ticket %1").replace("%1", ticket["code"])
        )
        self.priority = QComboBox(self)
        names = labels.priority_names()
        current = ticket["priority"]
        for priority in TICKET_PRIORITIES[TICKET_PRIORITIES.index(current) :]:
            text = names[priority]
            if priority == current:
                text = translate("service", "%1 (keep)").replace("%1", text)
            self.priority.addItem(text, priority)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(translate("service", "Priority"), self.priority)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._current = current

    def accept(self) -> None:
        super().accept()
        priority = self.priority.currentData()
        self.chosen.emit(None if priority == self._current else priority)


class StatusDialog(QDialog):
    """Move the ticket on: only the statuses its current one may go to are offered."""

    chosen = Signal(str)

    def __init__(self, ticket: dict, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusDialog")
        self.setWindowTitle(
            translate("service", "Change the status of ticket %1").replace("%1", ticket["code"])
        )
        names = labels.status_names()
        self.status = QComboBox(self)
        for status in allowed_statuses(ticket["status"]):
            self.status.addItem(names[status], status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(translate("service", "Now"), QLabel(names[ticket["status"]], self))
        form.addRow(translate("service", "New status"), self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(ticket.get("subject") or "", self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        super().accept()
        self.chosen.emit(str(self.status.currentData()))


class ConflictBox(QMessageBox):
    """Somebody saved the ticket first: say what they changed. Reload shows the queue as it
    is now; Cancel keeps what is on screen."""

    def __init__(
        self,
        ticket: dict,
        error: ConflictError,
        dealer_names: dict[int, str],
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ConflictDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(translate("service", "Ticket changed by somebody else"))
        self.setText(
            translate(
                "service",
                "Ticket %1 was saved by somebody else after you loaded it; "
                "your change was not saved.",
            ).replace("%1", ticket["code"])
        )
        self.setInformativeText(
            translate(
                "service",
                "Reload shows the ticket as it is now; then apply your change again if it is "
                "still needed.",
            )
        )
        details = _changes(ticket, error.stored, dealer_names)
        if details:
            self.setDetailedText(details)
        self.reload_button = self.addButton(
            translate("service", "Reload"), QMessageBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.reload_button)


def _changes(mine: dict, stored: dict, dealer_names: dict[int, str]) -> str:
    """'what: mine → theirs' per field the other user changed."""
    statuses, priorities = labels.status_names(), labels.priority_names()
    yes_no = {True: translate("service", "yes"), False: translate("service", "no")}

    def dealer(value: object) -> str:
        return "—" if value is None or pd.isna(value) else dealer_names.get(int(value), "?")

    fields = [
        (
            translate("service", "dealer"),
            dealer(mine.get("dealer_id")),
            dealer(stored.get("dealer_id")),
        ),
        (
            translate("service", "status"),
            statuses.get(mine.get("status"), "?"),
            statuses.get(stored.get("status"), "?"),
        ),
        (
            translate("service", "priority"),
            priorities.get(mine.get("priority"), "?"),
            priorities.get(stored.get("priority"), "?"),
        ),
        (
            translate("service", "escalated"),
            yes_no[bool(mine.get("escalated"))],
            yes_no[bool(stored.get("escalated"))],
        ),
    ]
    return "\n".join(f"{name}: {a} → {b}" for name, a, b in fields if a != b)


def problem_box(error: UserError, parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("ProblemDialog")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(translate("service", "The change was not saved"))
    problem, fix = describe_error(error)
    box.setText(problem)
    box.setInformativeText(fix)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
