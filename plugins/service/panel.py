"""The service tickets panel: the live queue, the KPIs and customer 360 as three tabs.

Other panels open a customer here through the bus topic CUSTOMER_OPEN {"customer_id"}; the
Ctrl+K search opens the panel with a {"kind": "customer", "id", ...} payload.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from console.api import CUSTOMER_OPEN, DATA_CHANGED, PanelContext, translate
from plugins.service.customer_view import CustomerView
from plugins.service.kpi_view import KpiView
from plugins.service.queue_view import QueueView

QUEUE, KPIS, CUSTOMER = range(3)


class ServicePanel(QWidget):
    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ServicePanel")
        self.ctx = ctx
        self.queue = QueueView(ctx, self)
        self.kpis = KpiView(ctx, self)
        self.customer = CustomerView(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for view in (self.queue, self.kpis, self.customer):
            self.tabs.addTab(view, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._tab_texts()

        self.queue.open_customer.connect(self.show_customer)
        self.queue.loaded.connect(self._queue_loaded)
        self.tabs.currentChanged.connect(self._tab_changed)
        stops = [
            ctx.bus.subscribe(CUSTOMER_OPEN, self._customer_requested),
            ctx.bus.subscribe(DATA_CHANGED, self._data_changed),
        ]
        self.destroyed.connect(lambda *_: [stop() for stop in stops])
        ctx.on_payload(self._customer_requested)
        self.queue.start()

    def refresh(self) -> None:
        """F5 / Reload data: reload what the current tab shows."""
        index = self.tabs.currentIndex()
        if index == QUEUE:
            self.queue.reload()
        elif index == KPIS:
            self.kpis.load()
        else:
            self.customer.reload()

    def show_customer(self, customer_id: int) -> None:
        self.tabs.setCurrentIndex(CUSTOMER)
        self.customer.open_customer(customer_id)

    def _customer_requested(self, payload: object) -> None:
        """A bus message {"customer_id"} or a search payload {"kind": "customer", "id"}."""
        if not isinstance(payload, dict) or payload.get("kind", "customer") != "customer":
            return
        customer_id = payload.get("customer_id", payload.get("id"))
        if customer_id is not None:
            self.show_customer(int(customer_id))

    def _data_changed(self, payload: object) -> None:
        if isinstance(payload, dict) and payload.get("entity") == "service_ticket":
            self.queue.reload()

    def _queue_loaded(self) -> None:
        if self.queue.data is not None:
            self.kpis.set_period_end(self.queue.data.now.date())
        self.ctx.ready()

    def _tab_changed(self, index: int) -> None:
        if index == KPIS:
            self.kpis.ensure_loaded()

    def _tab_texts(self) -> None:
        self.tabs.setTabText(QUEUE, translate("service", "Queue"))
        self.tabs.setTabText(KPIS, translate("service", "KPIs"))
        self.tabs.setTabText(CUSTOMER, translate("service", "Customer 360"))

    def retranslate_ui(self) -> None:
        """After View > Language (ctx.language is already the new one)."""
        self._tab_texts()
        for view in (self.queue, self.kpis, self.customer):
            view.retranslate_ui()


def create_panel(ctx: PanelContext) -> ServicePanel:
    return ServicePanel(ctx)
