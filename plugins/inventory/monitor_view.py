"""The stock monitor: planner settings, KPI cards, alert list (largest money at risk first),
region x category heatmap of days of cover, and the chosen row's stock and demand over time."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DataTable,
    HeatmapChart,
    KpiStrip,
    LineChart,
    PanelContext,
    ViewState,
    format_date,
    format_money,
    format_number,
    translate,
)
from plugins.inventory import tasks
from plugins.inventory.tasks import MonitorSettings, StockScope

ALERT_COLUMNS = [
    "status",
    "location_name",
    "sku_name",
    "money_at_risk",
    "stockout_risk",
    "days_of_cover",
    "on_hand",
    "atp",
    "in_transit",
    "window_units",
    "cover_demand",
    "safety_stock_needed",
    "region_name",
    "category_name",
    "location",
    "sku",
]
ALERT_FORMATS = {
    "on_hand": "int",
    "atp": "int",
    "in_transit": "int",
    "window_units": "int",
    "cover_demand": "number:2",
    "days_of_cover": lambda days: "∞" if days == np.inf else format_number(days),
    "safety_stock_needed": "number:1",
    "stockout_risk": "percent:1",
    "money_at_risk": "money",
}


def status_names() -> dict[str, str]:
    return {
        "stockout": translate("inventory", "About to run out"),
        "overstock": translate("inventory", "Overstocked"),
        "slow": translate("inventory", "Slow mover"),
        "ok": translate("inventory", "OK"),
    }


def alert_headers(settings: MonitorSettings) -> dict[str, str]:
    return {
        "status": translate("inventory", "Alert"),
        "location": translate("inventory", "Location"),
        "location_name": translate("inventory", "Location name"),
        "sku": translate("inventory", "SKU"),
        "sku_name": translate("inventory", "Product"),
        "region_name": translate("inventory", "Region"),
        "category_name": translate("inventory", "Category"),
        "on_hand": translate("inventory", "On hand"),
        "atp": translate("inventory", "Available to promise"),
        "in_transit": translate("inventory", "On its way"),
        "window_units": translate("inventory", "Sold in %1 days").replace(
            "%1", format_number(settings.window_days)
        ),
        "cover_demand": translate("inventory", "Daily demand"),
        "days_of_cover": translate("inventory", "Days of cover"),
        "safety_stock_needed": translate("inventory", "Safety stock"),
        "stockout_risk": translate("inventory", "Stockout risk"),
        "money_at_risk": translate("inventory", "Money at risk"),
    }


def alert_tooltips(settings: MonitorSettings) -> dict[str, str]:
    """Header tooltips: how daily demand (and so days of cover) is estimated."""
    demand = (
        translate(
            "inventory",
            "Mean units sold per day over the last %1 days; for slow movers (fewer than %2 "
            "units sold in those days) over the last %3 days.",
        )
        .replace("%1", format_number(settings.window_days))
        .replace("%2", format_number(settings.slow_below_units))
        .replace("%3", format_number(settings.slow_window_days))
    )
    return {
        "cover_demand": demand,
        "days_of_cover": translate(
            "inventory",
            "Available to promise (plus stock on its way, when counted) divided by the daily "
            "demand; ∞: stock but no sales.",
        ),
    }


class ScopePicker(QWidget):
    """Region and category choosers ("All" = no filter) shared by monitor and rebalancing."""

    changed = Signal()

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.region_label = QLabel(self)
        self.region = QComboBox(self)
        self.category_label = QLabel(self)
        self.category = QComboBox(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.region_label, self.region, self.category_label, self.category):
            row.addWidget(widget)
        self.region.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.category.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._choices: tuple[pd.DataFrame, pd.DataFrame] | None = None
        self.retranslate_ui()

    def set_choices(self, regions: pd.DataFrame, categories: pd.DataFrame) -> None:
        self._choices = (regions, categories)
        self._fill()

    def _fill(self) -> None:
        if self._choices is None:
            return
        scope = self.scope()
        for combo, frame, current in (
            (self.region, self._choices[0], scope.region),
            (self.category, self._choices[1], scope.category),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(translate("inventory", "All"), None)
            for row in frame.to_dict("records"):
                combo.addItem(self.ctx.name_of(row), row["code"])
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def name(self, kind: str, code: str) -> str:
        """The shown name of a region or category code (the code until choices are loaded)."""
        if self._choices is None:
            return code
        frame = self._choices[0 if kind == "region" else 1]
        match = frame[frame["code"] == code].to_dict("records")
        return self.ctx.name_of(match[0]) if match else code

    def scope(self) -> StockScope:
        return StockScope(region=self.region.currentData(), category=self.category.currentData())

    def retranslate_ui(self) -> None:
        self.region_label.setText(translate("inventory", "Region"))
        self.category_label.setText(translate("inventory", "Category"))
        if self.region.count() == 0:
            self.region.addItem(translate("inventory", "All"), None)
            self.category.addItem(translate("inventory", "All"), None)
        else:
            self._fill()


class MonitorView(QWidget):
    """Loads the monitor for the chosen scope and settings; the alert row chosen drives the
    per-SKU chart below."""

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: tasks.MonitorData | None = None
        self._chart_subject: tuple[str, str] | None = None
        self.scope = ScopePicker(ctx, self)
        self.service_label = QLabel(self)
        self.service_level = QDoubleSpinBox(self)
        self.service_level.setRange(50.0, 99.9)
        self.service_level.setDecimals(1)
        self.service_level.setSuffix(" %")
        self.service_level.setValue(ctx.setting("service_level", 95.0, float))
        self.lead_label = QLabel(self)
        self.lead_time = QSpinBox(self)
        self.lead_time.setRange(1, 90)
        self.lead_time.setValue(ctx.setting("lead_time", 7, int))
        self.overstock_label = QLabel(self)
        self.overstock = QSpinBox(self)
        self.overstock.setRange(7, 720)
        self.overstock.setValue(ctx.setting("overstock_days", 90, int))
        self.in_transit = QCheckBox(self)
        self.in_transit.setChecked(ctx.setting("include_in_transit", True, bool))
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.refresh)

        controls = QHBoxLayout()
        controls.addWidget(self.scope)
        for widget in (
            self.service_label,
            self.service_level,
            self.lead_label,
            self.lead_time,
            self.overstock_label,
            self.overstock,
            self.in_transit,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)

        self.kpis = KpiStrip(self)
        self.rows_card = self.kpis.add_card("rows", "")
        self.stockout_card = self.kpis.add_card("stockout", "")
        self.overstock_card = self.kpis.add_card("overstock", "")
        self.slow_card = self.kpis.add_card("slow", "")
        self.money_card = self.kpis.add_card("money", "")

        self.alerts = DataTable(ctx=ctx, settings_key="inventory.alerts", export_name="alerts")
        self.alerts.selection_changed.connect(self._alert_chosen)
        self.heatmap = HeatmapChart("", value_format=_cover_label)
        self.heatmap.cell_clicked.connect(self._cell_chosen)
        self.chart = LineChart("", x_format=_day_label, y_format="int")
        if self.chart.legend is not None:
            self.chart.legend.setOffset((-10, 10))  # top right: stock starts at the left
        self.chart_view = ViewState(self.chart)
        self.chart_view.state_changed.connect(self._chart_state)

        self.kind = QComboBox(self)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_alerts())
        self.alerts.toolbar.insertWidget(0, self.kind)
        self._cell: tuple[str, str] | None = None

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.heatmap)
        bottom.addWidget(self.chart_view)
        bottom.setSizes([720, 680])
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.alerts)
        body.addWidget(bottom)
        body.setSizes([420, 360])
        content = QWidget()
        content_box = QVBoxLayout(content)
        content_box.setContentsMargins(0, 0, 0, 0)
        content_box.addWidget(self.kpis)
        content_box.addWidget(body, 1)
        self.view = ViewState(content, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.view, 1)
        self.retranslate_ui()

    # -- loading ----------------------------------------------------------------------------
    def settings(self) -> MonitorSettings:
        return MonitorSettings(
            service_level=self.service_level.value() / 100,
            lead_time_days=float(self.lead_time.value()),
            overstock_days=float(self.overstock.value()),
            include_in_transit=self.in_transit.isChecked(),
        )

    def refresh(self) -> None:
        self.ctx.set_setting("service_level", self.service_level.value())
        self.ctx.set_setting("lead_time", self.lead_time.value())
        self.ctx.set_setting("overstock_days", self.overstock.value())
        self.ctx.set_setting("include_in_transit", self.in_transit.isChecked())
        self.view.run(
            self.ctx,
            tasks.load_monitor,
            self.ctx.database,
            self.settings(),
            self.scope.scope(),
            key="monitor",
            on_result=self.show_monitor,
            loading_text=translate("inventory", "Computing stock figures…"),
        )

    def show_monitor(self, data: tasks.MonitorData) -> None:
        self.data = data
        totals = data.totals
        self.rows_card.set_value(format_number(totals["rows"]))
        self.stockout_card.set_value(format_number(totals["stockout"]))
        self.overstock_card.set_value(format_number(totals["overstock"]))
        self.slow_card.set_value(format_number(totals["slow"]))
        self.money_card.set_value(format_money(totals["money_at_risk"], compact=True))
        if data.alerts.empty and totals["rows"] == 0:
            self.view.show_empty(
                translate("inventory", "No stock in this scope"),
                translate(
                    "inventory", "Choose another region or category, or record stock levels first."
                ),
            )
            self.ctx.ready()
        else:
            self._show_alerts()
            self._show_heatmap()
            self.view.show_content()
            if self.alerts.model.total_rows:
                self.alerts.view.selectRow(0)  # the costliest alert's chart: ready once drawn
            else:
                self.ctx.ready()

    def _show_alerts(self) -> None:
        """The alerts of the chosen kind (all alerts: about to run out or overstocked; slow
        movers only when asked for), and of the heatmap cell, if one was clicked."""
        assert self.data is not None
        alerts = self.data.alerts
        kinds = [self.kind.currentData()] if self.kind.currentData() else tasks.ALERT_STATUSES
        alerts = alerts[alerts["status"].isin(list(kinds))]
        if self._cell is not None:
            region, category = self._cell
            alerts = alerts[(alerts["region"] == region) & (alerts["category"] == category)]
        zh = self.ctx.language.startswith("zh")
        shown = alerts.assign(
            status=alerts["status"].map(status_names()),
            location_name=alerts["location_name_zh" if zh else "location_name"],
            sku_name=alerts["sku_name_zh" if zh else "sku_name"],
            region_name=alerts["region_name_zh" if zh else "region_name"],
            category_name=alerts["category_name_zh" if zh else "category_name"],
        )[ALERT_COLUMNS]
        settings = self.data.settings
        self.alerts.set_frame(
            shown,
            formats=ALERT_FORMATS,
            headers=alert_headers(settings),
            tooltips=alert_tooltips(settings),
        )

    def _show_heatmap(self) -> None:
        assert self.data is not None
        cover = self.data.cover
        zh = self.ctx.language.startswith("zh")
        regions = [
            self.ctx.name_of(r) if zh else self.ctx.name_of(r).removesuffix(" China")
            for r in self.data.columns.to_dict("records")
        ]
        self.heatmap.set_matrix(
            cover.to_numpy(float),
            [self.ctx.name_of(c) for c in self.data.rows.to_dict("records")],
            regions,
            levels=(0.0, max(2.0 * self.overstock.value(), float(np.nanmax(cover.to_numpy())))),
        )

    def _cell_chosen(self, row: int, column: int) -> None:
        """Rows of the matrix are categories, columns regions (region names are short)."""
        if self.data is None:
            return
        cell = (self.data.cover.columns[column], self.data.cover.index[row])
        self._cell = None if cell == self._cell else cell
        self._show_alerts()

    # -- the per-SKU chart ------------------------------------------------------------------
    def _alert_chosen(self) -> None:
        row = self.alerts.current_row()
        if row:
            self.show_history(str(row["sku"]), str(row["location"]))

    def show_history(self, sku: str, location: str | None) -> None:
        where = location or translate("inventory", "all locations")
        self._chart_subject = (sku, where)
        self.chart.set_title(
            translate("inventory", "%1 at %2: stock and demand per day")
            .replace("%1", sku)
            .replace("%2", where)
        )
        self.chart_view.run(
            self.ctx,
            tasks.load_history,
            self.ctx.database,
            sku,
            location,
            key="history",
            on_result=self._draw_history,
        )

    def _chart_state(self, state: str) -> None:
        if state != "loading" and self.data is not None:
            self.ctx.ready()

    def _draw_history(self, history) -> None:
        line = history.timeline
        x = line["day"].map(pd.Timestamp.toordinal).to_numpy(float)
        self.chart.clear()
        self.chart.add_line(translate("inventory", "Stock"), x, line["stock"])
        self.chart.add_line(translate("inventory", "Demand"), x, line["demand"], dashed=True)
        for column, name, symbol in (
            ("transfer_in", translate("inventory", "Transfer in"), "t1"),
            ("transfer_out", translate("inventory", "Transfer out"), "t"),
        ):
            moved = line[column].to_numpy(float) > 0
            if moved.any():
                self.chart.add_points(
                    name, x[moved], line["stock"].to_numpy(float)[moved], symbol=symbol, size=12
                )
        top = float(max(line["stock"].max(), line["demand"].max(), 1.0))
        self.chart.plot.setYRange(0, top * 1.35)  # room for the legend above the lines
        self.chart.set_title(
            translate("inventory", "%1 at %2: stock and demand per day (on hand %3, %4 transfers)")
            .replace("%1", self._chart_subject[0])
            .replace("%2", self._chart_subject[1])
            .replace("%3", format_number(history.on_hand))
            .replace("%4", format_number(len(history.transfers)))
        )

    # -- text -------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        chosen = self.settings()
        self.scope.retranslate_ui()
        self.service_label.setText(translate("inventory", "Service level"))
        self.service_level.setToolTip(
            translate(
                "inventory",
                "Probability of not running out during the lead time; sets the safety stock.",
            )
        )
        self.lead_label.setText(translate("inventory", "Lead time (days)"))
        self.overstock_label.setText(translate("inventory", "Overstock above (days of cover)"))
        self.in_transit.setText(translate("inventory", "Count stock on its way"))
        self.refresh_button.setText(translate("inventory", "Refresh"))
        self.rows_card.set_title(
            translate("inventory", "Stock rows"),
            translate("inventory", "Location x SKU rows in the scope."),
        )
        self.stockout_card.set_title(
            translate("inventory", "About to run out"),
            translate("inventory", "Rows whose stockout risk over the lead time is at least 25 %."),
        )
        self.overstock_card.set_title(
            translate("inventory", "Overstocked"),
            translate(
                "inventory",
                "Rows with more stock than both their target and the overstock threshold's "
                "days of cover.",
            ),
        )
        self.slow_card.set_title(
            translate("inventory", "Slow movers"),
            translate(
                "inventory",
                "Rows with stock that sold fewer than %1 units in the last %2 days and are not "
                "overstocked: their days of cover use the daily sales of the last %3 days.",
            )
            .replace("%1", format_number(chosen.slow_below_units))
            .replace("%2", format_number(chosen.window_days))
            .replace("%3", format_number(chosen.slow_window_days)),
        )
        self.money_card.set_title(
            translate("inventory", "Money at risk"),
            translate(
                "inventory",
                "Expected lost sales (shortage x price) plus capital tied up in excess stock.",
            ),
        )
        self.heatmap.set_title(translate("inventory", "Days of cover by region and category"))
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(translate("inventory", "All alerts"), None)
        self.kind.addItem(translate("inventory", "About to run out"), "stockout")
        self.kind.addItem(translate("inventory", "Overstocked"), "overstock")
        self.kind.addItem(translate("inventory", "Slow movers"), "slow")
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
        self.kind.blockSignals(False)
        if not self._chart_subject:
            self.chart.set_title(
                translate("inventory", "Choose an alert to see its stock and demand over time.")
            )
        if self.data is not None:
            self._show_alerts()
            self._show_heatmap()


def _cover_label(days: float) -> str:
    if days >= tasks.HEATMAP_CAP_DAYS:
        return f"≥{format_number(tasks.HEATMAP_CAP_DAYS)}"
    return format_number(days)


def _day_label(value: float) -> str:
    try:
        return format_date(date.fromordinal(round(value)))
    except (ValueError, OverflowError):
        return ""
