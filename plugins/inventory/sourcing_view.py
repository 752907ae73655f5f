"""Online order sourcing: for an open online order, the locations able to ship it from stock
(complete ones first, then nearest) and the dealer whose territory delivers it."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from console.api import DataTable, PanelContext, ViewState, format_number, translate
from plugins.inventory import tasks

ORDER_COLUMNS = ["order_no", "status", "placed_at", "city_name", "postcode", "net_amount", "dealer"]
OPTION_COLUMNS = [
    "location",
    "location_name",
    "location_type",
    "dealer",
    "distance_km",
    "complete",
    "lines_complete",
    "units_available",
    "stock",
]


def order_status_names() -> dict[str, str]:
    return {
        "placed": translate("inventory", "Placed, not paid"),
        "paid": translate("inventory", "Paid"),
    }


def location_type_names() -> dict[str, str]:
    return {
        "direct": translate("inventory", "Direct store"),
        "franchise": translate("inventory", "Franchise store"),
        "experience": translate("inventory", "Experience store"),
        "warehouse": translate("inventory", "Warehouse"),
        "front_warehouse": translate("inventory", "Front warehouse"),
    }


class SourcingView(QWidget):
    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.orders_frame = pd.DataFrame()
        self.result: object | None = None
        self.orders = DataTable(ctx=ctx, settings_key="inventory.orders", export_name="orders")
        self.orders.selection_changed.connect(self._chosen)
        self.orders_view = ViewState(self.orders)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.lines = DataTable(ctx=ctx, export_name="order_lines")
        self.options = DataTable(ctx=ctx, settings_key="inventory.sourcing", export_name="sourcing")
        detail = QWidget()
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.heading)
        box.addWidget(self.lines, 1)
        box.addWidget(self.options, 3)
        self.detail_view = ViewState(detail)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.orders_view)
        split.addWidget(self.detail_view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.retranslate_ui()

    def refresh(self) -> None:
        self.orders_view.run(
            self.ctx, tasks.load_orders, self.ctx.database, key="orders", on_result=self._orders
        )

    def _orders(self, frame: pd.DataFrame) -> None:
        self.orders_frame = frame
        if frame.empty:
            self.orders_view.show_empty(
                translate("inventory", "No open online orders"),
                translate("inventory", "Orders that are placed or paid appear here."),
            )
            return
        zh = self.ctx.language.startswith("zh")
        shown = frame.assign(
            city_name=frame["city_name_zh" if zh else "city_name"],
            status=frame["status"].map(order_status_names()).fillna(frame["status"]),
        )
        self.orders.set_frame(
            shown[ORDER_COLUMNS],
            formats={"placed_at": "datetime", "net_amount": "money"},
            headers={
                "order_no": translate("inventory", "Order"),
                "status": translate("inventory", "Status"),
                "placed_at": translate("inventory", "Placed"),
                "city_name": translate("inventory", "City"),
                "postcode": translate("inventory", "Postcode"),
                "net_amount": translate("inventory", "Amount"),
                "dealer": translate("inventory", "Assigned dealer"),
            },
            key="order_no",
        )

    def _chosen(self) -> None:
        row = self.orders.current_row()
        if row:
            self.show_order(str(row["order_no"]))

    def show_order(self, order_no: str) -> None:
        self.detail_view.run(
            self.ctx,
            tasks.load_sourcing,
            self.ctx.database,
            order_no,
            key="sourcing",
            on_result=self._show_sourcing,
        )

    def _show_sourcing(self, found) -> None:
        self.result = found
        zh = self.ctx.language.startswith("zh")
        order = found.order
        dealer = found.dealer
        dealer_text = (
            f"{dealer['code']} {dealer['name_zh'] if zh else dealer['name']}"
            if dealer
            else translate("inventory", "none (no territory holds this customer)")
        )
        self.heading.setText(
            translate("inventory", "<b>%1</b> to %2 (%3): delivered by dealer <b>%4</b>")
            .replace("%1", str(order["order_no"]))
            .replace("%2", str(order["city_name_zh" if zh else "city_name"]))
            .replace("%3", str(order["postcode"] or "—"))
            .replace("%4", dealer_text)
        )
        lines = found.lines
        self.lines.set_frame(
            lines.assign(sku_name=lines["sku_name_zh" if zh else "sku_name"])[
                ["sku", "sku_name", "qty"]
            ],
            formats={"qty": "int"},
            headers={
                "sku": translate("inventory", "SKU"),
                "sku_name": translate("inventory", "Product"),
                "qty": translate("inventory", "Units"),
            },
        )
        options = found.options
        if options.empty:
            self.detail_view.show_empty(
                translate("inventory", "No location holds these products"),
                translate("inventory", "Rebalance stock toward this region, or reorder."),
            )
            return
        shown = options.assign(
            location_name=options["location_name_zh" if zh else "location_name"],
            location_type=options["location_type"].map(location_type_names()),
            stock=options["atp_by_sku"].map(
                lambda held: ", ".join(f"{k}: {format_number(v)}" for k, v in held.items())
            ),
        )
        self.options.set_frame(
            shown[OPTION_COLUMNS],
            formats={"distance_km": "number:0", "complete": "bool", "units_available": "int"},
            headers={
                "location": translate("inventory", "Location"),
                "location_name": translate("inventory", "Location name"),
                "location_type": translate("inventory", "Kind"),
                "dealer": translate("inventory", "Dealer"),
                "distance_km": translate("inventory", "Distance (km)"),
                "complete": translate("inventory", "Whole order"),
                "lines_complete": translate("inventory", "Lines in stock"),
                "units_available": translate("inventory", "Units available"),
                "stock": translate("inventory", "Available to promise"),
            },
        )
        self.detail_view.show_content()

    def retranslate_ui(self) -> None:
        if self.result is None:
            self.detail_view.show_empty(
                translate("inventory", "Choose an online order"),
                translate(
                    "inventory",
                    "The locations able to ship it are listed nearest first, with the dealer "
                    "who delivers it.",
                ),
            )
        else:
            self._show_sourcing(self.result)
        if not self.orders_frame.empty:
            self._orders(self.orders_frame)
