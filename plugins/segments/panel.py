"""The customer value segments panel.

Per customer (a person resolved across channels): RFM scores and segment, omnichannel value
index, lifetime value. Views: the 5 x 5 R x F grid with the segment table, the migration
between the comparison date and the as-of date, the channel combinations (UpSet), frequency
vs spend with lasso selection, and identity resolution. A segment (or a lasso selection) can
be exported with its identifiers per channel (masked per role, audited) or sent to the budget
panel over the event bus ("Plan a campaign for this segment").

Every query runs off the GUI thread through `ctx.run` with a key: a newer load cancels and
replaces an older one.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    CUSTOMER_OPEN,
    DATA_CHANGED,
    ENTRY_POINT_GROUP,
    SEGMENT_CHOSEN,
    DataTable,
    HeatmapChart,
    KpiStrip,
    PanelContext,
    ScatterChart,
    TaskProgress,
    ViewState,
    ask_save_path,
    format_date,
    format_money,
    format_number,
    format_percent,
    translate,
)
from console.services.rfm import NO_SEGMENT, SEGMENTS
from plugins.segments import tasks
from plugins.segments.grid import RFGrid
from plugins.segments.resolution_view import ResolutionView
from plugins.segments.texts import LIFECYCLE_NAMES, segment_name, tr_text
from plugins.segments.upset import UpSetChart

SELECTION = "__selection__"  # the group key of the scatter's lasso selection
SEGMENT_SHORT_NAMES = {  # the migration matrix's columns are narrow
    "Champions": "Champions",
    "Loyal Customers": "Loyal",
    "Potential Loyalists": "Potential",
    "New Customers": "New",
    "Promising": "Promising",
    "Need Attention": "Attention",
    "About to Sleep": "Sleepy",
    "At Risk": "At risk",
    "Can't Lose Them": "Can't lose",
    "Hibernating": "Dormant",
    NO_SEGMENT: "None",
}


def short_segment_name(key: str) -> str:
    names = {
        "Champions": translate("segments", "Champions", "short"),
        "Loyal": translate("segments", "Loyal", "short"),
        "Potential": translate("segments", "Potential", "short"),
        "New": translate("segments", "New", "short"),
        "Promising": translate("segments", "Promising", "short"),
        "Attention": translate("segments", "Attention", "short"),
        "Sleepy": translate("segments", "Sleepy", "short"),
        "At risk": translate("segments", "At risk", "short"),
        "Can't lose": translate("segments", "Can't lose", "short"),
        "Dormant": translate("segments", "Dormant", "short"),
        "None": translate("segments", "None", "short"),
    }
    return names[SEGMENT_SHORT_NAMES[key]]


def panel_installed(panel_id: str) -> bool:
    """Is a panel with this entry-point name installed (the budget panel may not be)?"""
    return any(ep.name == panel_id for ep in metadata.entry_points(group=ENTRY_POINT_GROUP))


class SegmentsPanel(QWidget):
    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.overview: tasks.Overview | None = None
        self.sample = pd.DataFrame()  # the customers drawn in the scatter
        self.selection = pd.DataFrame()  # the scatter's lasso selection
        self.last_payload: dict | None = None

        # toolbar: dates, group to act on, actions
        self.upto_label = QLabel(self)
        self.upto_edit = QDateEdit(self)
        self.upto_edit.setCalendarPopup(True)
        self.upto_edit.setDisplayFormat("yyyy-MM-dd")
        self.upto_edit.dateChanged.connect(lambda _: self.refresh_overview())
        self.compare_label = QLabel(self)
        self.compare_box = QComboBox(self)
        self.compare_box.currentIndexChanged.connect(lambda _: self.refresh_overview())
        self.group_label = QLabel(self)
        self.group_box = QComboBox(self)
        self.group_box.setMinimumContentsLength(18)
        self.group_box.currentIndexChanged.connect(self._group_changed)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.ask_export)
        self.ctx.allow(self.export_button, "segments.export")
        self.plan_button = QPushButton(self)
        self.plan_button.clicked.connect(self.plan_campaign)
        self.ctx.allow(self.plan_button, "budget.edit")
        self.export_progress = TaskProgress(self, compact=True)
        self.export_progress.hide()
        toolbar = QHBoxLayout()
        for widget in (self.upto_label, self.upto_edit, self.compare_label, self.compare_box):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)
        for widget in (self.group_label, self.group_box, self.export_button, self.plan_button):
            toolbar.addWidget(widget)
        toolbar.addWidget(self.export_progress)

        self.kpis = KpiStrip(self)
        self.cards = {
            key: self.kpis.add_card(key, "")
            for key in ("customers", "revenue", "value", "clv", "multichannel", "anonymous")
        }

        # views
        self.grid = RFGrid(self)
        self.grid.segment_clicked.connect(self.choose_group)
        self.table = DataTable(ctx=ctx, settings_key="segments.summary", export_name="segments")
        self.table.selection_changed.connect(self._table_selection)
        self.lifecycle = DataTable(
            ctx=ctx, settings_key="segments.lifecycle", export_name="lifecycle"
        )
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.table)
        right.addWidget(self.lifecycle)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.grid, 1)
        left_layout.addWidget(self.legend)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 880])  # the table's columns need the room more than the grid
        self.migration = HeatmapChart(value_format="int", colormap="viridis")
        self.migration_note = QLabel(self)
        self.migration_note.setWordWrap(True)
        self.upset = UpSetChart(self)
        self.upset_note = QLabel(self)
        self.upset_note.setWordWrap(True)
        self.scatter = ScatterChart(x_format="number", y_format=_money_from_log)
        self.scatter.selection_changed.connect(self._lasso_selected)
        self.scatter.point_clicked.connect(self._open_customer)
        self.selection_label = QLabel(self)
        self.selection_label.setWordWrap(True)
        self.resolution = ResolutionView(ctx, self)
        self.resolution.resolved.connect(self._resolved)

        self.views = [
            ViewState(splitter, self),
            ViewState(_column(self.migration_note, self.migration), self),
            ViewState(_column(self.upset_note, self.upset), self),
            ViewState(_column(self.scatter, self.selection_label, stretch_first=True), self),
        ]
        self.tabs = QTabWidget(self)
        for view in self.views:
            self.tabs.addTab(view, "")
        self.tabs.addTab(self.resolution, "")
        self.tabs.setCurrentIndex(min(ctx.setting("tab", 0, int), self.tabs.count() - 1))
        self.tabs.currentChanged.connect(lambda index: ctx.set_setting("tab", index))
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.kpis)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.retranslate_ui()
        unsubscribe = ctx.bus.subscribe(DATA_CHANGED, self._data_changed)
        self.destroyed.connect(lambda *_: unsubscribe())
        self.refresh()

    # -- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """F5, a reconnect, and data changes elsewhere: load everything again."""
        self.refresh_overview()
        self.resolution.refresh()

    def _chosen_as_of(self) -> date | None:
        """The first day not counted: the day after the chosen 'up to' date (None: latest)."""
        if self.overview is None:
            return None
        return self.upto_edit.date().toPython() + timedelta(days=1)

    def refresh_overview(self) -> None:
        months = self.compare_box.currentData() or tasks.COMPARE_MONTHS[0]
        handle = self.ctx.run(
            tasks.load_overview, self.ctx.database, self._chosen_as_of(), months,
            key="overview", on_result=self._show, on_error=self._failed,
            on_cancelled=self._cancelled,
        )  # fmt: skip
        for view in self.views:
            view.show_loading(translate("segments", "Scoring customers…"), handle)

    def _failed(self, error: BaseException) -> None:
        for view in self.views:
            view.show_error(error, retry=self.refresh_overview)
        self.ctx.ready()

    def _cancelled(self) -> None:
        for view in self.views:
            view.show_empty(
                translate("segments", "Cancelled"),
                translate("segments", "Loading was cancelled before it finished."),
                (translate("segments", "Load again"), self.refresh_overview),
            )

    def _data_changed(self, payload: object) -> None:
        entity = payload.get("entity") if isinstance(payload, dict) else None
        if entity in ("customers", "orders", None):
            self.refresh()

    def _resolved(self, report) -> None:
        """Customers were merged: every panel showing customers should reload (this one too,
        through its subscription)."""
        self.ctx.bus.publish(DATA_CHANGED, {"entity": "customers"})

    # -- showing ----------------------------------------------------------------------------
    def _show(self, overview: tasks.Overview) -> None:
        self.overview = overview
        self.upto_edit.blockSignals(True)
        self.upto_edit.setDate(QDate(overview.as_of - timedelta(days=1)))
        self.upto_edit.blockSignals(False)
        self.selection = pd.DataFrame()
        for view in self.views:
            view.show_content()
        self._render()
        self.ctx.ready()

    def _render(self) -> None:
        """Draw the loaded overview (again after a language switch)."""
        overview = self.overview
        self._show_cards()
        self._show_grid_and_table()
        self._show_migration()
        self.upset.set_combinations(overview.combinations)
        self._show_scatter()
        self._fill_groups()
        self.status.setText(
            translate("segments", "Note: %1").replace("%1", overview.clv_problem)
            if overview.clv_problem
            else ""
        )

    def _show_cards(self) -> None:
        overview = self.overview
        customers = overview.customers
        previous = overview.previous
        change = None
        if previous is not None and len(previous):
            change = len(customers) / len(previous) - 1
        compared = translate("segments", "vs %1").replace(
            "%1", format_date(overview.compare_as_of - timedelta(days=1))
        )
        self.cards["customers"].set_value(
            format_number(len(customers)), change, change_label=compared if change else ""
        )
        self.cards["revenue"].set_value(format_money(customers["monetary"].sum(), compact=True))
        self.cards["value"].set_value(format_number(customers["value_index"].mean(), 1))
        clv = customers["clv"].mean() if "clv" in customers else float("nan")
        self.cards["clv"].set_value(format_money(clv, 0))
        multichannel = overview.multichannel_share
        # Before identity resolution each record is its own single-channel customer: say so
        # rather than let 0 % read as a finding.
        self.cards["multichannel"].set_value(
            format_percent(multichannel, 1),
            change_label=translate("segments", "Run identity resolution first")
            if multichannel == 0
            else "",
        )
        share = overview.anonymous["anonymous"].sum() / max(overview.anonymous["orders"].sum(), 1)
        self.cards["anonymous"].set_value(format_percent(share, 1), good_when_up=False)

    def _show_grid_and_table(self) -> None:
        overview = self.overview
        self.grid.set_grid(overview.grid)
        summary = overview.summary.copy()
        summary.insert(0, "name", summary["segment"].map(segment_name))
        if "previous_customers" in summary:
            # buyers accumulate, so every segment grows: the trend is its share of customers
            before = summary["previous_customers"] / summary["previous_customers"].sum()
            now = summary["customers"] / summary["customers"].sum()
            summary["trend"] = now / before.where(before > 0) - 1
            summary = summary.drop(columns=["change"])
        summary = summary.drop(columns=["revenue"])
        self.table.set_frame(
            summary,
            headers={
                "name": translate("segments", "Segment"),
                "customers": translate("segments", "Customers"),
                "revenue_share": translate("segments", "Revenue share"),
                "avg_value_index": translate("segments", "Avg. value index"),
                "avg_clv": translate("segments", "Avg. CLV (12 months)"),
                "previous_customers": translate("segments", "Customers before"),
                "trend": translate("segments", "Share trend"),
            },
            formats={
                "customers": "int",
                "revenue_share": "percent",
                "avg_value_index": "number:1",
                "avg_clv": "money",
                "previous_customers": "int",
                "trend": "change",
            },
            tooltips={
                "trend": translate(
                    "segments",
                    "Change of the segment's share of all customers since the comparison date.",
                ),
                "avg_value_index": translate(
                    "segments",
                    "Omnichannel value index: grows with spend, channels and engagement.",
                ),
            },
            key="segment",
        )
        self.table.set_column_visible("segment", False)
        self._show_lifecycle()

    def _show_lifecycle(self) -> None:
        customers = self.overview.customers
        stages = customers.groupby("lifecycle", observed=False).agg(
            customers=("customer", "size"),
            avg_value_index=("value_index", "mean"),
            monetary=("monetary", "sum"),
        )
        stages = stages.reindex(list(LIFECYCLE_NAMES)).fillna({"customers": 0, "monetary": 0})
        total = stages["customers"].sum()
        frame = pd.DataFrame(
            {
                "stage": [tr_text(LIFECYCLE_NAMES[s]) for s in stages.index],
                "customers": stages["customers"].astype("int64").to_numpy(),
                "share": (stages["customers"] / total if total else stages["customers"]).to_numpy(),
                "avg_value_index": stages["avg_value_index"].to_numpy(),
            }
        )
        self.lifecycle.set_frame(
            frame,
            headers={
                "stage": translate("segments", "Lifecycle stage"),
                "customers": translate("segments", "Customers"),
                "share": translate("segments", "Share"),
                "avg_value_index": translate("segments", "Avg. value index"),
            },
            formats={"customers": "int", "share": "percent", "avg_value_index": "number:1"},
            tooltips={
                "stage": translate(
                    "segments",
                    "New: first order in the last 180 days. Won back: ordered in the last 180 "
                    "days after more than a year without. Active: other buyers of the last 180 "
                    "days. At risk: last order 180 to 365 days ago. Lapsed: longer ago.",
                )
            },
        )

    def _show_migration(self) -> None:
        matrix = self.overview.migration
        if matrix is None:
            self.views[1].show_empty(
                translate("segments", "No customers at the comparison date"),
                translate("segments", "Compare with a later date."),
            )
            return
        if not matrix[NO_SEGMENT].any():  # buyers stay buyers: the column is usually empty
            matrix = matrix.drop(columns=[NO_SEGMENT])
        values = matrix.to_numpy(dtype=float)
        high = float(np.quantile(values[values > 0], 0.95)) if (values > 0).any() else 1.0
        self.migration.set_matrix(
            values,
            [segment_name(s) for s in matrix.index],
            [short_segment_name(s) for s in matrix.columns],
            levels=(0.0, max(high, 1.0)),
        )

    def _show_scatter(self) -> None:
        customers = self.overview.customers
        # ordered by channels: the colours (and legend) then go 1, 2, 3 … channels
        self.sample = tasks.scatter_sample(customers).sort_values("n_channels", kind="stable")
        ids = self.sample["customer"].to_numpy()
        jitter = ((ids * 2654435761) % 1000) / 1000 - 0.5  # spreads equal frequencies apart
        channels = self.sample["n_channels"].to_numpy()
        self.scatter.set_points(
            self.sample["frequency"].to_numpy() + 0.6 * jitter,
            np.log10(np.maximum(self.sample["monetary"].to_numpy(), 1.0)),
            labels=[
                f"#{c} · {segment_name(s)}"
                for c, s in zip(ids, self.sample["segment"].astype(str), strict=True)
            ],
            groups=[_channels_label(n) for n in channels],
            sizes=6.0,
        )
        self._show_selection()

    def _fill_groups(self) -> None:
        current = self.group_box.currentData()
        counts = self.overview.customers["segment"].value_counts()
        self.group_box.blockSignals(True)
        self.group_box.clear()
        for key in SEGMENTS:
            label = f"{segment_name(key)} ({format_number(counts.get(key, 0))})"
            self.group_box.addItem(label, key)
        if len(self.selection):
            self.group_box.addItem(self._selection_label(), SELECTION)
        index = self.group_box.findData(current)
        self.group_box.setCurrentIndex(max(index, 0))
        self.group_box.blockSignals(False)
        self._group_changed()

    def _selection_label(self) -> str:
        return translate("segments", "Lasso selection (%1)").replace(
            "%1", format_number(len(self.selection))
        )

    # -- choosing a group -------------------------------------------------------------------
    def choose_group(self, key: str) -> None:
        index = self.group_box.findData(key)
        if index >= 0:
            self.group_box.setCurrentIndex(index)

    def _group_changed(self, *_: object) -> None:
        key = self.group_box.currentData()
        self.grid.select_segment(key if key in SEGMENTS else "")
        enabled = key is not None and len(self.group_customers()) > 0
        self.export_button.setEnabled(enabled)
        self.plan_button.setEnabled(enabled)

    def _table_selection(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.choose_group(str(row["segment"]))

    def group_customers(self) -> pd.DataFrame:
        """The scored customers of the chosen segment or of the lasso selection."""
        key = self.group_box.currentData()
        if self.overview is None or key is None:
            return pd.DataFrame()
        if key == SELECTION:
            return self.selection
        customers = self.overview.customers
        return customers[customers["segment"] == key]

    def _group_name(self) -> str:
        key = self.group_box.currentData()
        return "Lasso selection" if key == SELECTION else str(key)

    def _lasso_selected(self, indices: np.ndarray) -> None:
        self.selection = self.sample.iloc[np.asarray(indices, dtype=np.int64)]
        self._show_selection()
        self._fill_groups()
        if len(self.selection):
            self.choose_group(SELECTION)

    def _show_selection(self) -> None:
        if self.selection.empty:
            shown, total = len(self.sample), len(self.overview.customers)
            text = translate(
                "segments",
                "Drag with Lasso or Rectangle to select customers (%1 of %2 customers drawn).",
            )
            self.selection_label.setText(
                text.replace("%1", format_number(shown)).replace("%2", format_number(total))
            )
            return
        chosen = self.selection
        self.selection_label.setText(
            translate(
                "segments",
                "%1 customers selected: %2 spent, average value index %3, on average %4 "
                "channels. Act on them with the buttons at the top.",
            )
            .replace("%1", format_number(len(chosen)))
            .replace("%2", format_money(chosen["monetary"].sum(), compact=True))
            .replace("%3", format_number(chosen["value_index"].mean(), 1))
            .replace("%4", format_number(chosen["n_channels"].mean(), 1))
        )

    # -- acting on a group ------------------------------------------------------------------
    def ask_export(self) -> None:
        path = ask_save_path(self, f"customers_{self._group_name()}", ("xlsx", "csv"))
        if path is not None:
            self.export_group(path)

    def export_group(self, path: Path):
        """Export the chosen group's customers in the background (masked per role, audited)."""
        group = self.group_customers()
        handle = self.ctx.run(
            tasks.export_customers, self.ctx.database, self.ctx.user, group, Path(path),
            self._group_name(), self.overview.as_of, key="export",
            on_result=self._exported, on_error=self._export_failed,
            on_cancelled=self._export_done,
        )  # fmt: skip
        self.export_progress.show()
        self.export_progress.attach(handle, translate("segments", "Exporting…"))
        return handle

    def _export_done(self) -> None:
        self.export_progress.detach()
        self.export_progress.hide()

    def _export_failed(self, error: BaseException) -> None:
        self._export_done()
        self.ctx.report_error(error)

    def _exported(self, result: tuple[Path, int]) -> None:
        self._export_done()
        path, rows = result
        text = translate("segments", "Exported %1 customers to %2.")
        if not self.ctx.can("customers.pii"):
            text += " " + translate("segments", "Personal data are masked for your role.")
        self.status.setText(text.replace("%1", format_number(rows)).replace("%2", str(path)))

    def plan_campaign(self) -> dict:
        """Send the chosen group to the budget panel over the event bus."""
        group = self.group_customers()
        payload = {
            "segment": self._group_name(),
            "customer_ids": [int(c) for c in group["customer"]],
            "size": len(group),
            "channels": tasks.channels_of(group),
            "as_of": self.overview.as_of.isoformat(),
        }
        self.last_payload = payload
        self.ctx.bus.publish(SEGMENT_CHOSEN, payload)
        if panel_installed("budget"):
            self.ctx.open_panel("budget", payload)
        self.status.setText(
            translate("segments", "Sent %1 (%2 customers) to campaign planning.")
            .replace("%1", self.group_box.currentText())
            .replace("%2", format_number(len(group)))
        )
        return payload

    def _open_customer(self, index: int) -> None:
        """A click on a point opens that customer's 360 view (service panel)."""
        customer = int(self.sample["customer"].iloc[index])
        self.ctx.bus.publish(CUSTOMER_OPEN, {"customer_id": customer})

    # -- language ---------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.upto_label.setText(translate("segments", "Orders up to"))
        self.compare_label.setText(translate("segments", "compared with"))
        current = self.compare_box.currentIndex()
        self.compare_box.blockSignals(True)
        self.compare_box.clear()
        for months in tasks.COMPARE_MONTHS:
            self.compare_box.addItem(
                translate("segments", "%1 months earlier").replace("%1", str(months)), months
            )
        self.compare_box.setCurrentIndex(max(current, 0))
        self.compare_box.blockSignals(False)
        self.group_label.setText(translate("segments", "Act on"))
        self.export_button.setText(translate("segments", "Export customers…"))
        self.plan_button.setText(translate("segments", "Plan a campaign for this segment"))
        titles = {
            "customers": (
                translate("segments", "Customers"),
                translate("segments", "Identified customers with an order before the as-of date."),
            ),
            "revenue": (
                translate("segments", "Their spend"),
                translate("segments", "Net amount of their orders (returns deducted), all time."),
            ),
            "value": (
                translate("segments", "Avg. value index"),
                translate(
                    "segments",
                    "Omnichannel value index: 100 for one channel and 1,000 CNY; grows with "
                    "spend, channels and engagement (docs/kpis.md).",
                ),
            ),
            "clv": (
                translate("segments", "Avg. CLV (12 months)"),
                translate(
                    "segments",
                    "Predicted spend in the next 12 months (BG/NBD and Gamma-Gamma models).",
                ),
            ),
            "multichannel": (
                translate("segments", "Multi-channel customers"),
                translate("segments", "Customers active in two channel types or more."),
            ),
            "anonymous": (
                translate("segments", "Anonymous orders"),
                translate("segments", "Counted orders without an identified customer."),
            ),
        }
        for key, (title, definition) in titles.items():
            self.cards[key].set_title(title, definition)
        tab_names = (
            translate("segments", "Segments"),
            translate("segments", "Migration"),
            translate("segments", "Channel combinations"),
            translate("segments", "Frequency × spend"),
            translate("segments", "Identity resolution"),
        )
        for i, name in enumerate(tab_names):
            self.tabs.setTabText(i, name)
        self.legend.setText(
            translate(
                "segments",
                "R: recency score (5 = bought most recently), F: frequency score (5 = most "
                "orders). Each cell: customers and share of revenue. Click a cell to act on "
                "its segment.",
            )
        )
        self.migration_note.setText(
            translate(
                "segments",
                "Customers by segment at the comparison date (rows) and now (columns). New "
                "buyers since then are in the row “(not a buyer)”.",
            )
        )
        self.upset_note.setText(
            translate(
                "segments",
                "Customers per exact combination of channel types they bought or interacted "
                "in, largest first; the darker the bar, the higher their average value index.",
            )
        )
        self.scatter.set_title(
            translate("segments", "Orders (x) and spend (y, log scale), coloured by channels")
        )
        self.resolution.retranslate_ui()
        if self.overview is not None:
            self._render()


def _column(*widgets: QWidget, stretch_first: bool = False) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        last = i == len(widgets) - 1
        layout.addWidget(
            widget, 1 if (stretch_first and i == 0) or (not stretch_first and last) else 0
        )
    return box


def _channels_label(n: int) -> str:
    if n == 1:
        return translate("segments", "1 channel")
    return translate("segments", "%1 channels").replace("%1", str(n))


def _money_from_log(value: float) -> str:
    return format_money(10**value, compact=True)


def create_panel(ctx: PanelContext) -> QWidget:
    return SegmentsPanel(ctx)
