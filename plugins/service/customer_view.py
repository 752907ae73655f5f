"""Customer 360: search a customer (or come from a ticket / the bus), then see the identities in
every channel and one timeline of orders (with their fulfilling dealers), interactions and
tickets, and the customer's value segment. Personal data is masked unless the user's role may
see it (`customers.pii`)."""

from __future__ import annotations

import html
from datetime import timedelta

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DataTable,
    PanelContext,
    ScatterChart,
    ViewState,
    format_date,
    format_money,
    format_number,
    translate,
)
from console.db.queries.service import Customer360, CustomerValue
from plugins.service import labels
from plugins.service.tasks import find_customers, load_customer, load_value

LANES = ("order", "interaction", "ticket")


def _joined(facts: list[tuple[str, object]]) -> str:
    """'Label: <b>value</b> · …' for the header (values escaped; empty ones as a dash)."""
    return " &nbsp;·&nbsp; ".join(
        f"{html.escape(label)}: <b>{html.escape(str(value or '—'))}</b>" for label, value in facts
    )


class CustomerView(QWidget):
    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.show_pii = ctx.can("customers.pii")
        self.view: Customer360 | None = None
        self.value: CustomerValue | None = None  # the shown customer's value segment
        self.value_state = "none"  # none / loading / ready / failed
        self.found: pd.DataFrame | None = None  # the last search's customers
        self._chart_rows = np.array([], dtype=np.int64)

        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self.search_button = QPushButton(self)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.search_button)
        self.results = DataTable(ctx=ctx, settings_key="service.customers", export_name="customers")
        self.results_state = ViewState(self.results, self)
        self.results_state.setMaximumHeight(220)

        self.header = QLabel(self)
        self.header.setObjectName("CustomerHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.identities = DataTable(
            ctx=ctx, settings_key="service.identities", export_name="customer-identities"
        )
        self.chart = ScatterChart(
            parent=self,
            x_format=lambda s: format_date(np.datetime64(int(s), "s"), "day"),
            y_format=self._lane_name,
        )
        self.timeline = DataTable(
            ctx=ctx, settings_key="service.timeline", export_name="customer-timeline"
        )
        upper = QSplitter(Qt.Orientation.Horizontal, self)
        upper.addWidget(self.identities)
        upper.addWidget(self.chart)
        upper.setSizes([420, 620])
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(upper)
        body.addWidget(self.timeline)
        body.setSizes([260, 420])
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.header)
        content_layout.addWidget(body, 1)
        self.state = ViewState(content, self)

        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.results_state)
        layout.addWidget(self.state, 1)
        self.results_state.hide()

        self.search_button.clicked.connect(self.search)
        self.search_box.returnPressed.connect(self.search)
        self.results.row_activated.connect(self._open_result)
        self.results.selection_changed.connect(self._open_result)
        self.chart.point_clicked.connect(self._select_event)
        self.retranslate_ui()

    # -- search ---------------------------------------------------------------------------
    def search(self) -> None:
        text = self.search_box.text().strip()
        if not text:
            return
        self.results_state.show()
        self.results_state.run(
            self.ctx,
            find_customers,
            self.ctx.database.engine,
            text,
            self.show_pii,
            key="customer-search",
            on_result=self._found,
        )

    def _found(self, found: pd.DataFrame) -> None:
        self.found = found
        self._show_found(found)
        if len(found) == 1:
            self.open_customer(int(found["customer_id"].iloc[0]))

    def _show_found(self, found: pd.DataFrame) -> None:
        if found.empty:
            self.results_state.show_empty(
                translate("service", "No customer matches"),
                translate("service", "Check the spelling, or search by phone or code."),
            )
            return
        city = found["city_zh"] if self.ctx.language.startswith("zh") else found["city"]
        shown = pd.DataFrame(
            {
                "customer_id": found["customer_id"],
                "code": found["code"],
                "name": found["name"],
                "city": city,
                "first_seen_at": found["first_seen_at"],
            }
        )
        self.results.set_frame(
            shown,
            formats={"first_seen_at": "date"},
            key="customer_id",
            headers={
                "code": translate("service", "Code"),
                "name": translate("service", "Name"),
                "city": translate("service", "City"),
                "first_seen_at": translate("service", "First seen"),
            },
        )
        if "customer_id" not in self.results.hidden_columns():
            self.results.set_column_visible("customer_id", False)

    def _open_result(self, *_args) -> None:
        row = self.results.current_row()
        if row is not None and (
            self.view is None or row["customer_id"] not in self.view.merged_ids
        ):
            self.open_customer(int(row["customer_id"]))

    # -- one customer ---------------------------------------------------------------------
    def reload(self) -> None:
        """Read the shown customer again (F5 on this tab)."""
        if self.view is not None:
            self.open_customer(int(self.view.customer["id"]))

    def open_customer(self, customer_id: int) -> None:
        """Load the history and, as a second task, the value segment (it ranks every buyer,
        so it may take a second longer: the header says so meanwhile)."""
        self.value, self.value_state = None, "loading"
        self.ctx.run(
            load_value,
            self.ctx.database.engine,
            customer_id,
            key="customer-value",
            on_result=self._value_loaded,
            on_error=self._value_failed,
        )
        self.state.run(
            self.ctx,
            load_customer,
            self.ctx.database.engine,
            customer_id,
            self.show_pii,
            key="customer",
            on_result=self.show_customer,
            loading_text=translate("service", "Loading the customer's history…"),
        )

    def show_customer(self, view: Customer360) -> None:
        self.view = view
        self.state.show_content()
        self._show_header(view)
        self._show_identities(view.identities)
        self._show_timeline(view.timeline)

    def _show_header(self, view: Customer360) -> None:
        c = view.customer
        zh = self.ctx.language.startswith("zh")
        timeline = view.timeline
        orders = timeline[timeline["kind"] == "order"]
        kept = orders[~orders["status"].isin(["cancelled", "returned"])]
        facts = [
            (translate("service", "Code"), c["code"]),
            (translate("service", "City"), c["city_zh"] if zh else c["city"]),
            (
                translate("service", "First channel"),
                c["first_channel_zh"] if zh else c["first_channel"],
            ),
            (translate("service", "First seen"), format_date(c["first_seen_at"], "day")),
            (
                translate("service", "Captured by"),
                c["captured_dealer_name_zh"] if zh else c["captured_dealer_name"],
            ),
            (translate("service", "Orders"), format_number(len(orders))),
            (translate("service", "Spent (kept orders)"), format_money(kept["amount"].sum(), 0)),
        ]
        if len(view.merged_ids) > 1:
            facts.append(
                (translate("service", "Merged records"), format_number(len(view.merged_ids)))
            )
        name = c["name"] or c["name_en"] or c["code"]
        self.header.setText(
            f"<span style='font-size:15pt'><b>{html.escape(name)}</b></span>"
            f"<br>{_joined(facts)}<br>{_joined(self._value_facts(int(c['id'])))}"
        )

    def _value_facts(self, customer_id: int) -> list[tuple[str, str]]:
        """Segment, R/F/M, value index and channel types, as the segments panel scores them
        (the two tasks may finish in either order: a value of another customer is not shown)."""
        label = translate("service", "Value segment")
        value = self.value
        if value is None or value.customer_id != customer_id:
            waiting = self.value_state == "loading"
            shown = "…" if waiting else translate("service", "not available")
            return [(label, shown)]
        segment = (
            f"{labels.segment_names()[value.segment]} (R {value.r} · F {value.f} · M {value.m})"
            if value.segment
            else translate("service", "none: no counted order yet")
        )
        types = labels.channel_type_names()
        return [
            (label, segment),
            (translate("service", "Value index"), format_number(value.value_index, 0)),
            (
                translate("service", "Channels active"),
                ", ".join(types[t] for t in value.channel_types),
            ),
            (
                translate("service", "Scored as of"),
                format_date(value.as_of - timedelta(days=1), "day"),
            ),
        ]

    def _value_loaded(self, value: CustomerValue) -> None:
        self.value, self.value_state = value, "ready"
        if self.view is not None:
            self._show_header(self.view)

    def _value_failed(self, error: BaseException) -> None:
        self.value_state = "failed"
        if self.view is not None:
            self._show_header(self.view)
        self.ctx.report_error(error)

    def _show_identities(self, identities: pd.DataFrame) -> None:
        zh = self.ctx.language.startswith("zh")
        shown = pd.DataFrame(
            {
                "identity_id": identities["identity_id"],
                "channel": identities["channel_name_zh" if zh else "channel_name"],
                "type": identities["type"].map(labels.identity_type_names()),
                "value": identities["value"],
                "first_seen_at": identities["first_seen_at"],
            }
        )
        self.identities.set_frame(
            shown,
            formats={"first_seen_at": "date"},
            key="identity_id",
            headers={
                "channel": translate("service", "Channel"),
                "type": translate("service", "Identity"),
                "value": translate("service", "Value"),
                "first_seen_at": translate("service", "First seen"),
            },
        )
        if "identity_id" not in self.identities.hidden_columns():
            self.identities.set_column_visible("identity_id", False)

    def _show_timeline(self, timeline: pd.DataFrame) -> None:
        zh = self.ctx.language.startswith("zh")
        kinds, details = labels.event_kind_names(), labels.detail_names()
        shown = pd.DataFrame(
            {
                "row": np.arange(len(timeline)),
                "at": timeline["at"],
                "kind": timeline["kind"].map(kinds),
                "detail": timeline["detail"].map(details).fillna(timeline["detail"]),
                "reference": timeline["reference"],
                "status": timeline["status"].map(details).fillna(timeline["status"]),
                "amount": timeline["amount"],
                "channel": timeline["channel_name_zh" if zh else "channel_name"],
                "dealer": timeline["dealer_name_zh" if zh else "dealer_name"],
                "store": timeline["store_name_zh" if zh else "store_name"],
            }
        )
        self.timeline.set_frame(
            shown,
            formats={"at": "datetime", "amount": "money"},
            key="row",
            headers={
                "at": translate("service", "When"),
                "kind": translate("service", "Event"),
                "detail": translate("service", "What"),
                "reference": translate("service", "Reference"),
                "status": translate("service", "Status"),
                "amount": translate("service", "Amount"),
                "channel": translate("service", "Channel"),
                "dealer": translate("service", "Dealer"),
                "store": translate("service", "Store"),
            },
        )
        if "row" not in self.timeline.hidden_columns():
            self.timeline.set_column_visible("row", False)
        # points in lane order, so that each kind keeps its colour whatever the customer
        lanes = timeline["kind"].map({kind: i for i, kind in enumerate(LANES)}).to_numpy(float)
        self._chart_rows = np.argsort(lanes, kind="stable")  # chart point -> timeline row
        points = timeline.iloc[self._chart_rows]
        self.chart.set_points(
            points["at"].astype("datetime64[s]").astype(np.int64).to_numpy(dtype=float),
            lanes[self._chart_rows],
            labels=[
                f"{kinds[k]} {r if isinstance(r, str) else ''} {details.get(d, d)}".strip()
                for k, r, d in zip(
                    points["kind"], points["reference"], points["detail"], strict=True
                )
            ],
            groups=points["kind"].map(kinds).tolist(),
        )
        # every lane always (same place whatever the customer), and room above the top lane
        # for the legend row, which would otherwise hide the earliest tickets
        self.chart.plot.setYRange(-0.4, len(LANES) - 0.2, padding=0)

    def _lane_name(self, value: float) -> str:
        lane = round(value)
        if abs(value - lane) > 0.01 or not 0 <= lane < len(LANES):
            return ""
        return labels.event_kind_names()[LANES[lane]]

    def _select_event(self, index: int) -> None:
        self.timeline.set_filter("")
        row = self.timeline.model.view_row_of(int(self._chart_rows[index]))
        if row is not None:
            self.timeline.view.selectRow(row)
            self.timeline.view.scrollTo(self.timeline.model.index(row, 0))

    # -- text -----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.search_box.setPlaceholderText(
            translate("service", "Customer name, code, phone or e-mail")
        )
        self.search_button.setText(translate("service", "Search"))
        self.chart.set_title(translate("service", "Timeline"))
        if self.found is not None:
            self._show_found(self.found)
        if self.view is not None:
            self.show_customer(self.view)
        elif self.state.state != "loading":
            self.state.show_empty(
                translate("service", "No customer chosen"),
                translate(
                    "service",
                    "Search by name, customer code, phone or e-mail, or open a "
                    "ticket's customer from the queue.",
                ),
            )
