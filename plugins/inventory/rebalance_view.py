"""Rebalancing: propose transfers for a scope (progress bar, Cancel), see their cost and what
they save before approving, edit or remove lines, approve (a stale proposal is refused with the
rows that changed and an offer to recompute), and reopen saved proposals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
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
    describe_error,
    format_money,
    format_number,
    format_percent,
    translate,
)
from plugins.inventory import tasks
from plugins.inventory.monitor_view import ScopePicker
from plugins.inventory.tasks import (
    LaneCosts,
    MonitorSettings,
    PlanSettings,
    StaleProposal,
    StockScope,
)

LINE_COLUMNS = ["sku", "sku_name", "from", "from_name", "to", "to_name", "qty", "unit_cost"]
LINE_FORMATS = {"qty": "int", "unit_cost": "money:2", "line_cost": "money:2"}
PROPOSAL_COLUMNS = ["id", "status", "lines", "units", "total_cost", "computed_at", "scope"]


def proposal_status_names() -> dict[str, str]:
    return {
        "open": translate("inventory", "Open"),
        "approved": translate("inventory", "Approved"),
        "discarded": translate("inventory", "Discarded"),
        "stale": translate("inventory", "Stale"),
    }


class RebalanceView(QWidget):
    """`monitor_settings()` gives the monitor's current settings (whether stock on its way
    counts); `changed()` is called after an approval so that the transfers list reloads."""

    def __init__(
        self,
        ctx: PanelContext,
        monitor_settings: Callable[[], MonitorSettings],
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.monitor_settings = monitor_settings
        self.changed = changed
        self.current: tasks.ProposalData | None = None
        self.stale: StaleProposal | None = None

        self.scope = ScopePicker(ctx, self)
        self.penalty_label = QLabel(self)
        self.penalty = QComboBox(self)
        self.limit_label = QLabel(self)
        self.time_limit = QSpinBox(self)
        self.time_limit.setRange(5, 600)
        self.time_limit.setValue(ctx.setting("time_limit", 60, int))
        self.propose_button = QPushButton(self)
        self.propose_button.clicked.connect(self.propose)
        controls = QHBoxLayout()
        controls.addWidget(self.scope)
        for widget in (self.penalty_label, self.penalty, self.limit_label, self.time_limit):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.propose_button)

        self.banner = QFrame(self)
        self.banner.setObjectName("InventoryBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(self.banner)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recompute_button = QPushButton(self.banner)
        self.recompute_button.clicked.connect(self.recompute)
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.message, 1)
        banner_row.addWidget(self.recompute_button)
        self.recompute_button.hide()
        self.banner.hide()

        self.proposals = DataTable(
            ctx=ctx, settings_key="inventory.proposals", export_name="proposals"
        )
        self.proposals.selection_changed.connect(self._proposal_chosen)
        self.proposals_frame = pd.DataFrame()

        self.kpis = KpiStrip(self)
        self.transport_card = self.kpis.add_card("transport", "")
        self.fixed_card = self.kpis.add_card("fixed", "")
        self.avoided_card = self.kpis.add_card("avoided", "")
        self.saving_card = self.kpis.add_card("saving", "")
        self.quality_card = self.kpis.add_card("quality", "")
        self.title = QLabel(self)
        self.title.setObjectName("SectionTitle")
        self.lines = DataTable(ctx=ctx, settings_key="inventory.lines", export_name="transfers")
        self.quantity_button = QPushButton(self)
        self.quantity_button.clicked.connect(self._ask_quantity)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.discard_button = QPushButton(self)
        self.discard_button.clicked.connect(self.discard)
        self.approve_button = QPushButton(self)
        self.approve_button.setObjectName("PrimaryButton")
        self.approve_button.clicked.connect(self.approve)
        actions = QHBoxLayout()
        actions.addWidget(self.title, 1)
        for button in (
            self.quantity_button,
            self.remove_button,
            self.discard_button,
            self.approve_button,
        ):
            actions.addWidget(button)
        result = QWidget()
        result_box = QVBoxLayout(result)
        result_box.setContentsMargins(0, 0, 0, 0)
        result_box.addWidget(self.kpis)
        result_box.addLayout(actions)
        result_box.addWidget(self.lines, 1)
        self.result_view = ViewState(result)

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.proposals)
        body.addWidget(self.result_view)
        body.setSizes([140, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.banner)
        layout.addWidget(body, 1)

        ctx.allow(self.propose_button, "inventory.edit")
        ctx.allow(self.recompute_button, "inventory.edit")
        ctx.allow(self.quantity_button, "inventory.edit")
        ctx.allow(self.remove_button, "inventory.edit")
        ctx.allow(self.discard_button, "inventory.edit")
        ctx.allow(self.approve_button, "transfers.approve")
        self.retranslate_ui()
        self._show_nothing()

    # -- proposals --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ctx.run(
            tasks.load_proposals,
            self.ctx.database,
            key="proposals",
            on_result=self._show_proposals,
        )
        if self.current is not None:
            self.open_proposal(int(self.current.summary["id"]))

    def _show_proposals(self, frame: pd.DataFrame) -> None:
        self.proposals_frame = frame
        shown = frame.assign(
            status=frame["status"].map(proposal_status_names()),
            scope=frame["scope"].map(self._scope_text),
        )
        self.proposals.set_frame(
            shown[PROPOSAL_COLUMNS],
            formats={"computed_at": "datetime", "total_cost": "money", "units": "int"},
            headers={
                "id": translate("inventory", "Proposal"),
                "status": translate("inventory", "Status"),
                "scope": translate("inventory", "Scope"),
                "computed_at": translate("inventory", "Computed"),
                "lines": translate("inventory", "Lines"),
                "units": translate("inventory", "Units"),
                "total_cost": translate("inventory", "Total cost"),
            },
            key="id",
        )

    def _scope_text(self, scope: dict[str, Any] | None) -> str:
        """ "East China · Air conditioning", or "All network"."""
        scope = scope or {}
        parts = [
            self.scope.name(kind, scope[kind]) for kind in ("region", "category") if kind in scope
        ]
        return " · ".join(parts) or translate("inventory", "All network")

    def _proposal_chosen(self) -> None:
        row = self.proposals.current_row()
        if row and (self.current is None or int(row["id"]) != self.current.summary["id"]):
            self.open_proposal(int(row["id"]))

    def open_proposal(self, proposal_id: int) -> None:
        self.result_view.run(
            self.ctx,
            tasks.load_proposal,
            self.ctx.database,
            proposal_id,
            key="proposal",
            on_result=self.show_proposal,
        )

    # -- computing --------------------------------------------------------------------------
    def plan_settings(self) -> PlanSettings:
        return PlanSettings(
            monitor=self.monitor_settings(),
            penalty=self.penalty.currentData() or "margin",
            lane_costs=LaneCosts(),
            time_limit=float(self.time_limit.value()),
        )

    def propose(self, scope: StockScope | None = None, settings: PlanSettings | None = None):
        self.ctx.set_setting("time_limit", self.time_limit.value())
        self._hide_banner()
        self.result_view.run(
            self.ctx,
            tasks.propose_and_save,
            self.ctx.database,
            self.ctx.user,
            scope or self.scope.scope(),
            settings or self.plan_settings(),
            key="proposal",
            on_result=self._proposed,
            loading_text=translate("inventory", "Optimising transfers…"),
        )

    def _proposed(self, data: tasks.ProposalData) -> None:
        self.show_proposal(data)
        self.refresh_list()

    def refresh_list(self) -> None:
        self.ctx.run(
            tasks.load_proposals, self.ctx.database, key="proposals", on_result=self._show_proposals
        )

    def recompute(self) -> None:
        if self.stale is not None:
            scope, settings = self.stale.recompute_args()
            self.propose(scope, settings)

    # -- one proposal -----------------------------------------------------------------------
    def _show_nothing(self) -> None:
        self.result_view.show_empty(
            translate("inventory", "No proposal yet"),
            translate(
                "inventory",
                "Choose a scope and press Propose transfers, or open a saved proposal above.",
            ),
        )

    def show_proposal(self, data: tasks.ProposalData) -> None:
        self.current = data
        summary = data.summary
        lines = data.lines
        zh = self.ctx.language.startswith("zh")
        shown = lines.assign(
            sku_name=lines["sku_name_zh" if zh else "sku_name"],
            from_name=lines["from_name_zh" if zh else "from_name"],
            to_name=lines["to_name_zh" if zh else "to_name"],
        )[[*LINE_COLUMNS, "line_cost", "line_id"]]
        self.lines.set_frame(shown, formats=LINE_FORMATS, headers=self._line_headers())
        self.lines.set_column_visible("line_id", False)
        self.transport_card.set_value(format_money(summary["transport_cost"]))
        self.fixed_card.set_value(format_money(summary["fixed_cost"]))
        self.avoided_card.set_value(
            translate("inventory", "%1 of %2")
            .replace("%1", format_number(summary["units"]))
            .replace("%2", format_number(summary["need_units"]))
        )
        self.saving_card.set_value(format_money(summary["saving"], compact=True))
        self.quality_card.set_value(
            translate("inventory", "optimal")
            if summary["optimal"]
            else translate("inventory", "gap %1").replace("%1", format_percent(summary["gap"], 2))
        )
        status = proposal_status_names().get(summary["status"], summary["status"])
        self.title.setText(
            translate("inventory", "Proposal %1 (%2): %3 lines")
            .replace("%1", str(summary["id"]))
            .replace("%2", status)
            .replace("%3", format_number(summary["lines"]))
        )
        editable = summary["status"] == "open"
        for button in (
            self.quantity_button,
            self.remove_button,
            self.discard_button,
            self.approve_button,
        ):
            button.setEnabled(editable and not button.isHidden())
        if lines.empty:
            self.result_view.show_empty(
                translate("inventory", "This proposal moves nothing"),
                translate(
                    "inventory",
                    "No location can help another at less than the cost of the shortage.",
                ),
            )
        else:
            self.result_view.show_content()
        self.ctx.ready()

    def _line_headers(self) -> dict[str, str]:
        return {
            "sku": translate("inventory", "SKU"),
            "sku_name": translate("inventory", "Product"),
            "from": translate("inventory", "From"),
            "from_name": translate("inventory", "Sending location"),
            "to": translate("inventory", "To"),
            "to_name": translate("inventory", "Receiving location"),
            "qty": translate("inventory", "Units"),
            "unit_cost": translate("inventory", "Cost per unit"),
            "line_cost": translate("inventory", "Transport cost"),
        }

    # -- edits and approval -------------------------------------------------------------------
    def _edited(self) -> pd.DataFrame:
        assert self.current is not None
        return self.current.lines[["line_id", "sku", "from", "to", "qty"]].copy()

    def _selected_line_ids(self) -> list[int]:
        return [int(v) for v in self.lines.selected_frame().get("line_id", [])]

    def _ask_quantity(self) -> None:
        row = self.lines.current_row()
        if not row:
            return
        qty, ok = QInputDialog.getInt(
            self,
            translate("inventory", "Change quantity"),
            translate("inventory", "Units of %1 from %2 to %3:")
            .replace("%1", str(row["sku"]))
            .replace("%2", str(row["from"]))
            .replace("%3", str(row["to"])),
            int(row["qty"]),
            0,
            1_000_000,
        )
        if ok:
            self.set_quantity(int(row["line_id"]), qty)

    def set_quantity(self, line_id: int, qty: int) -> None:
        edited = self._edited()
        edited.loc[edited["line_id"] == line_id, "qty"] = qty
        self._save_edit(edited)

    def remove_selected(self) -> None:
        chosen = self._selected_line_ids()
        if chosen:
            edited = self._edited()
            self._save_edit(edited[~edited["line_id"].isin(chosen)])

    def _save_edit(self, edited: pd.DataFrame) -> None:
        assert self.current is not None
        summary = self.current.summary
        self._hide_banner()
        self.ctx.run(
            tasks.edit_proposal,
            self.ctx.database,
            self.ctx.user,
            int(summary["id"]),
            int(summary["version"]),
            edited.drop(columns="line_id"),
            key="edit",
            on_result=self._edit_saved,
            on_error=self._failed,
        )

    def _edit_saved(self, data: tasks.ProposalData) -> None:
        self.show_proposal(data)
        self.refresh_list()
        self._say(translate("inventory", "Your changes were checked and saved."))

    def approve(self) -> None:
        if self.current is None:
            return
        proposal_id = int(self.current.summary["id"])
        self._hide_banner()
        self.approve_button.setEnabled(False)
        self.ctx.run(
            tasks.approve_proposal,
            self.ctx.database,
            self.ctx.user,
            proposal_id,
            key="approve",
            on_result=lambda codes: self._approved(proposal_id, codes),
            on_error=self._failed,
        )

    def _approved(self, proposal_id: int, codes: list[str]) -> None:
        self._say(
            translate(
                "inventory",
                "Approved: %1 transfer order(s) created; the units are reserved at the "
                "sending locations until they ship.",
            ).replace("%1", format_number(len(codes)))
        )
        self.ctx.bus.publish(DATA_CHANGED, {"entity": "stock_transfers"})
        self.open_proposal(proposal_id)
        self.refresh_list()
        self.changed()

    def discard(self) -> None:
        if self.current is None:
            return
        summary = self.current.summary
        self.ctx.run(
            tasks.discard_proposal,
            self.ctx.database,
            self.ctx.user,
            int(summary["id"]),
            int(summary["version"]),
            key="discard",
            on_result=self.open_proposal,
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        """Refusals are explained in the banner; anything else is a bug for the panel's error
        display (and the log)."""
        if not isinstance(error, UserError):
            self.ctx.report_error(error)
            return
        self.stale = error if isinstance(error, StaleProposal) else None
        text = " ".join(describe_error(error)).strip()
        if self.stale is not None:  # which stock figures moved: location · SKU: then -> now
            text += "".join(
                f"\n• {row.location} · {row.sku}: {_figure(row.proposed_with)} → {_figure(row.now)}"
                for row in self.stale.stale.head(5).itertuples()
            )
        problems = getattr(error, "problems", [])
        if problems:
            text += "\n" + "\n".join(f"• {where}: {why}" for where, why in problems[:5])
        self._say(text, warning=True, recompute=self.stale is not None)
        if self.stale is not None and self.current is not None:
            self.open_proposal(int(self.current.summary["id"]))
            self.refresh_list()
        elif self.current is not None:
            self.show_proposal(self.current)

    def _say(self, text: str, *, warning: bool = False, recompute: bool = False) -> None:
        self.message.setText(text)
        self.banner.setProperty("warning", warning)
        self.banner.setStyleSheet(
            "#InventoryBanner { background: %s; }" % ("#fdecea" if warning else "#e8f4ea")
        )
        self.recompute_button.setVisible(recompute and self.ctx.can("inventory.edit"))
        self.banner.show()

    def _hide_banner(self) -> None:
        self.banner.hide()
        self.stale = None

    # -- text -------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.scope.retranslate_ui()
        self.penalty_label.setText(translate("inventory", "Cost of a missing unit"))
        current = self.penalty.currentData()
        self.penalty.clear()
        self.penalty.addItem(translate("inventory", "Lost margin"), "margin")
        self.penalty.addItem(translate("inventory", "Price"), "price")
        self.penalty.setCurrentIndex(max(self.penalty.findData(current), 0))
        self.limit_label.setText(translate("inventory", "Time limit (s)"))
        self.propose_button.setText(translate("inventory", "Propose transfers"))
        self.recompute_button.setText(translate("inventory", "Recompute"))
        self.quantity_button.setText(translate("inventory", "Change quantity…"))
        self.remove_button.setText(translate("inventory", "Remove lines"))
        self.discard_button.setText(translate("inventory", "Discard"))
        self.approve_button.setText(translate("inventory", "Approve"))
        self.transport_card.set_title(
            translate("inventory", "Transport cost"),
            translate("inventory", "Unit cost per lane x units moved."),
        )
        self.fixed_card.set_title(
            translate("inventory", "Lane costs"),
            translate("inventory", "Fixed cost of each lane used (one shipment per lane)."),
        )
        self.avoided_card.set_title(
            translate("inventory", "Shortage avoided (units)"),
            translate("inventory", "Units of need met by the transfers, of all units needed."),
        )
        self.saving_card.set_title(
            translate("inventory", "Saving vs doing nothing"),
            translate(
                "inventory",
                "Cost of leaving every need unmet minus the total cost of this proposal.",
            ),
        )
        self.quality_card.set_title(
            translate("inventory", "Solution"),
            translate(
                "inventory",
                "Optimal, or the largest possible distance to the best plan (proven bound).",
            ),
        )
        if not self.proposals_frame.empty:
            self._show_proposals(self.proposals_frame)
        if self.current is not None:
            self.show_proposal(self.current)


def _figure(value) -> str:
    return "—" if pd.isna(value) else f"{value:g}"
