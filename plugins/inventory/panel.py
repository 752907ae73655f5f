"""The inventory panel: four tabs on one database — stock monitor, rebalancing, transfer
orders, online order sourcing. Each tab loads when first shown; F5 reloads the visible one."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from console.api import PanelContext, translate
from plugins.inventory import tasks
from plugins.inventory.monitor_view import MonitorView
from plugins.inventory.rebalance_view import RebalanceView
from plugins.inventory.sourcing_view import SourcingView
from plugins.inventory.transfers_view import TransfersView


class InventoryPanel(QWidget):
    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget(self)
        self.monitor = MonitorView(ctx)
        self.rebalance = RebalanceView(ctx, self.monitor.settings, self._stock_changed)
        self.transfers = TransfersView(ctx, self._stock_changed)
        self.sourcing = SourcingView(ctx)
        for view in (self.monitor, self.rebalance, self.transfers, self.sourcing):
            self.tabs.addTab(view, "")
        self._loaded: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate_ui()
        ctx.run(tasks.load_choices, ctx.database, key="choices", on_result=self._choices)
        self._load_current()
        ctx.on_payload(self._payload)

    def _choices(self, choices) -> None:
        self.monitor.scope.set_choices(*choices)
        self.rebalance.scope.set_choices(*choices)
        if not self.rebalance.proposals_frame.empty:  # scopes by name now
            self.rebalance._show_proposals(self.rebalance.proposals_frame)

    def _load_current(self) -> None:
        view = self.tabs.currentWidget()
        if view not in self._loaded:
            self._loaded.add(view)
            view.refresh()

    def refresh(self) -> None:
        """F5: reload the visible tab; the others reload when next shown."""
        self._loaded.clear()
        self._load_current()

    def _stock_changed(self) -> None:
        """After an approval or a shipment: other tabs show stale figures until reloaded."""
        current = self.tabs.currentWidget()
        self._loaded = {current} if current in self._loaded else set()

    def _payload(self, payload: object) -> None:
        """A SKU chosen in the search box: its stock and demand over all locations."""
        if isinstance(payload, dict) and payload.get("kind") == "sku" and payload.get("code"):
            self.tabs.setCurrentWidget(self.monitor)
            self.monitor.show_history(str(payload["code"]), None)

    def retranslate_ui(self) -> None:
        names = (
            translate("inventory", "Stock monitor"),
            translate("inventory", "Rebalancing"),
            translate("inventory", "Transfer orders"),
            translate("inventory", "Online order sourcing"),
        )
        for index, name in enumerate(names):
            self.tabs.setTabText(index, name)
        for view in (self.monitor, self.rebalance, self.transfers, self.sourcing):
            view.retranslate_ui()


def create_panel(ctx: PanelContext) -> QWidget:
    return InventoryPanel(ctx)
