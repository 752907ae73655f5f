"""Transfer orders: the list by status, the lines of the chosen one, and ship / receive / cancel
(each one transaction with its stock movements; read-only roles see no buttons)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.api import DataTable, PanelContext, UserError, ViewState, describe_error, translate
from plugins.inventory import tasks

TRANSFER_COLUMNS = [
    "code",
    "status",
    "from",
    "from_name",
    "to",
    "to_name",
    "lines",
    "units",
    "transport_cost",
    "fixed_cost",
    "approved_at",
    "shipped_at",
    "received_at",
    "proposal_id",
]
FILTERS = {
    "open": ("approved", "in_transit"),
    "all": (),
    "proposed": ("proposed",),
    "approved": ("approved",),
    "in_transit": ("in_transit",),
    "received": ("received",),
    "cancelled": ("cancelled",),
}
ALLOWED = {"ship": ("approved",), "receive": ("in_transit",), "cancel": ("proposed", "approved")}


def transfer_status_names() -> dict[str, str]:
    return {
        "proposed": translate("inventory", "Proposed"),
        "approved": translate("inventory", "Approved"),
        "in_transit": translate("inventory", "In transit"),
        "received": translate("inventory", "Received"),
        "cancelled": translate("inventory", "Cancelled"),
    }


class TransfersView(QWidget):
    def __init__(
        self, ctx: PanelContext, changed: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changed = changed
        self.frame = pd.DataFrame()
        self.filter_label = QLabel(self)
        self.filter = QComboBox(self)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.ship_button = QPushButton(self)
        self.receive_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.buttons = {
            "ship": self.ship_button,
            "receive": self.receive_button,
            "cancel": self.cancel_button,
        }
        for action, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, a=action: self.act(a))
            ctx.allow(button, "transfers.approve")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(self.filter_label)
        controls.addWidget(self.filter)
        controls.addWidget(self.message, 1)
        for button in self.buttons.values():
            controls.addWidget(button)

        self.table = DataTable(ctx=ctx, settings_key="inventory.transfers", export_name="transfers")
        self.table.selection_changed.connect(self._chosen)
        self.lines = DataTable(ctx=ctx, export_name="transfer_lines")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.lines)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.view = ViewState(split, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.view, 1)
        self.retranslate_ui()
        self._update_buttons()

    def statuses(self) -> tuple[str, ...]:
        return FILTERS.get(self.filter.currentData() or "open", ())

    def refresh(self) -> None:
        self.view.run(
            self.ctx,
            tasks.load_transfers,
            self.ctx.database,
            self.statuses(),
            key="transfers",
            on_result=self.show_transfers,
        )

    def show_transfers(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        if frame.empty:
            self.view.show_empty(
                translate("inventory", "No transfer orders"),
                translate("inventory", "Approve a rebalancing proposal to create some."),
            )
        else:
            self._fill()
        self._update_buttons()

    def _fill(self) -> None:
        zh = self.ctx.language.startswith("zh")
        frame = self.frame
        shown = frame.assign(
            status=frame["status"].map(transfer_status_names()),
            from_name=frame["from_name_zh" if zh else "from_name"],
            to_name=frame["to_name_zh" if zh else "to_name"],
        )[[*TRANSFER_COLUMNS, "id"]]
        self.table.set_frame(
            shown,
            formats={
                "units": "int",
                "transport_cost": "money:2",
                "fixed_cost": "money:2",
                "approved_at": "datetime",
                "shipped_at": "datetime",
                "received_at": "datetime",
            },
            headers={
                "code": translate("inventory", "Transfer"),
                "status": translate("inventory", "Status"),
                "from": translate("inventory", "From"),
                "from_name": translate("inventory", "Sending location"),
                "to": translate("inventory", "To"),
                "to_name": translate("inventory", "Receiving location"),
                "lines": translate("inventory", "Lines"),
                "units": translate("inventory", "Units"),
                "transport_cost": translate("inventory", "Transport cost"),
                "fixed_cost": translate("inventory", "Lane cost"),
                "approved_at": translate("inventory", "Approved"),
                "shipped_at": translate("inventory", "Shipped"),
                "received_at": translate("inventory", "Received"),
                "proposal_id": translate("inventory", "Proposal"),
            },
            key="id",
        )
        self.table.set_column_visible("id", False)

    def _selected(self) -> dict | None:
        row = self.table.current_row()
        if not row:
            return None
        match = self.frame[self.frame["id"] == row["id"]]
        return match.iloc[0].to_dict() if len(match) else None

    def _chosen(self) -> None:
        self._update_buttons()
        row = self._selected()
        if row is None:
            return
        self.ctx.run(
            tasks.load_transfer_lines,
            self.ctx.database,
            int(row["id"]),
            key="transfer_lines",
            on_result=self._show_lines,
        )

    def _show_lines(self, lines: pd.DataFrame) -> None:
        zh = self.ctx.language.startswith("zh")
        shown = lines.assign(sku_name=lines["sku_name_zh" if zh else "sku_name"])
        self.lines.set_frame(
            shown[["sku", "sku_name", "qty", "unit_cost"]],
            formats={"qty": "int", "unit_cost": "money:2"},
            headers={
                "sku": translate("inventory", "SKU"),
                "sku_name": translate("inventory", "Product"),
                "qty": translate("inventory", "Units"),
                "unit_cost": translate("inventory", "Cost per unit"),
            },
        )

    def _update_buttons(self) -> None:
        row = self._selected()
        for action, button in self.buttons.items():
            allowed = row is not None and row["status"] in ALLOWED[action]
            button.setEnabled(allowed and not button.isHidden())

    def act(self, action: str, transfer_id: int | None = None) -> None:
        """Ship, receive or cancel the chosen transfer (or `transfer_id`)."""
        if transfer_id is None:
            row = self._selected()
            if row is None:
                return
            transfer_id = int(row["id"])
        self.message.clear()
        self.ctx.run(
            tasks.act_on_transfer,
            self.ctx.database,
            self.ctx.user,
            action,
            transfer_id,
            key="transfer_action",
            on_result=lambda _id: self._done(),
            on_error=self._failed,
        )

    def _done(self) -> None:
        self.refresh()
        self.changed()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.message.setText(" ".join(describe_error(error)).strip())
            self.refresh()
        else:
            self.ctx.report_error(error)

    def retranslate_ui(self) -> None:
        self.filter_label.setText(translate("inventory", "Show"))
        current = self.filter.currentData() or "open"
        names = {
            "open": translate("inventory", "Open (approved or in transit)"),
            "all": translate("inventory", "All"),
            **transfer_status_names(),
        }
        self.filter.blockSignals(True)
        self.filter.clear()
        for key in FILTERS:
            self.filter.addItem(names[key], key)
        self.filter.setCurrentIndex(max(self.filter.findData(current), 0))
        self.filter.blockSignals(False)
        self.ship_button.setText(translate("inventory", "Ship"))
        self.receive_button.setText(translate("inventory", "Receive"))
        self.cancel_button.setText(translate("inventory", "Cancel transfer"))
        if not self.frame.empty:
            self._fill()
