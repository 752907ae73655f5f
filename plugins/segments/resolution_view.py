"""Identity resolution tab: how much of the business is still anonymous, the run button (with
progress and Cancel), and the report of the last run — links per identifier, flagged shared
identifiers, oversized clusters, customers before and after, quality against the demo truth."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DataTable,
    KpiStrip,
    PanelContext,
    TaskProgress,
    format_number,
    format_percent,
    translate,
)
from console.db.identity_writeback import ResolutionSettings, WritebackReport
from console.db.queries import segments as queries
from plugins.segments import tasks
from plugins.segments.texts import ID_TYPE_NAMES, channel_name, tr_text


def load_state(database, show_pii: bool, *, task) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Anonymous orders per channel type and the identifiers flagged as shared, as stored."""
    task.progress(0, 2)
    anonymous = queries.anonymous_orders(database.engine)
    task.progress(1, 2)
    return anonymous, queries.flagged_identifiers(database.engine, show_pii=show_pii)


class ResolutionView(QWidget):
    resolved = Signal(object)  # the WritebackReport of a finished run

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: WritebackReport | None = None
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.fuzzy_box = QCheckBox(self)
        self.fuzzy_box.setChecked(True)
        self.limit_label = QLabel(self)
        self.limit_box = QSpinBox(self)
        self.limit_box.setRange(2, 1000)
        self.limit_box.setValue(ResolutionSettings().max_records_per_value)
        self.run_button = QPushButton(self)
        self.run_button.clicked.connect(self.run)
        self.not_allowed = QLabel(self)
        self.not_allowed.setVisible(not ctx.allow(self.run_button, "customers.resolve"))
        self.progress = TaskProgress(self)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.kpis = KpiStrip(self)
        self.cards = {
            key: self.kpis.add_card(key, "")
            for key in ("anonymous", "customers", "merges", "quality")
        }
        self.links = DataTable(ctx=ctx, settings_key="segments.links", export_name="links")
        self.anonymous = DataTable(
            ctx=ctx, settings_key="segments.anonymous", export_name="anonymous_orders"
        )
        self.flagged = DataTable(ctx=ctx, settings_key="segments.flagged", export_name="flagged")
        self.oversized = DataTable(
            ctx=ctx, settings_key="segments.oversized", export_name="oversized_clusters"
        )
        self.titles = {name: QLabel(self) for name in ("links", "anonymous", "flagged", "big")}

        controls = QHBoxLayout()
        controls.addWidget(self.fuzzy_box)
        controls.addSpacing(12)
        controls.addWidget(self.limit_label)
        controls.addWidget(self.limit_box)
        controls.addStretch(1)
        controls.addWidget(self.not_allowed)
        controls.addWidget(self.run_button)
        tables = QGridLayout()
        for column, (title, table) in enumerate(
            (("links", self.links), ("anonymous", self.anonymous))
        ):
            tables.addWidget(self.titles[title], 0, column)
            tables.addWidget(table, 1, column)
        for column, (title, table) in enumerate(
            (("flagged", self.flagged), ("big", self.oversized))
        ):
            tables.addWidget(self.titles[title], 2, column)
            tables.addWidget(table, 3, column)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(controls)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.kpis)
        layout.addLayout(tables, 1)
        self.anonymous_frame = pd.DataFrame()
        self.flagged_frame = pd.DataFrame()
        self.retranslate_ui()

    # -- loading and running ----------------------------------------------------------------
    def refresh(self) -> None:
        self.ctx.run(
            load_state, self.ctx.database, self.ctx.can("customers.pii"),
            key="resolution-state", on_result=self._show_state,
        )  # fmt: skip

    def _show_state(self, state: tuple[pd.DataFrame, pd.DataFrame]) -> None:
        self.anonymous_frame, self.flagged_frame = state
        self._show_tables()
        if self.report is None:
            share = queries.anonymous_share(self.anonymous_frame)
            self.cards["anonymous"].set_value(format_percent(share, 1))

    def settings(self) -> ResolutionSettings:
        return ResolutionSettings(
            fuzzy=self.fuzzy_box.isChecked(), max_records_per_value=self.limit_box.value()
        )

    def run(self) -> None:
        self.run_button.setEnabled(False)
        self.status.setText("")
        handle = self.ctx.run(
            tasks.run_resolution, self.ctx.database, self.ctx.user, self.settings(),
            key="resolve", on_result=self._finished, on_error=self._failed,
            on_cancelled=self._cancelled,
        )  # fmt: skip
        self.progress.show()
        self.progress.attach(handle, translate("segments", "Resolving identities…"))

    def _done(self) -> None:
        self.progress.detach()
        self.progress.hide()
        self.run_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self._done()
        self.ctx.report_error(error)

    def _cancelled(self) -> None:
        self._done()
        self.status.setText(
            translate("segments", "Cancelled: nothing was written to the database.")
        )

    def _finished(self, report: WritebackReport) -> None:
        self._done()
        self.report = report
        self.status.setText(
            translate(
                "segments",
                "Done in %1 s: %2 customers merged, %3 new shared identifiers flagged. "
                "Run it again at any time: a second run changes nothing.",
            )
            .replace("%1", format_number(report.seconds, 1))
            .replace("%2", format_number(report.merges))
            .replace("%3", format_number(report.flagged_set))
        )
        self.anonymous_frame = report.anonymous_after
        self.flagged_frame = report.flagged.rename(columns={"records": "profiles"})
        self._show_report()
        self.resolved.emit(report)

    # -- showing ----------------------------------------------------------------------------
    def _show_report(self) -> None:
        report = self.report
        if report is None:
            return
        arrow = translate("segments", "%1 → %2")
        self.cards["anonymous"].set_value(
            arrow.replace("%1", format_percent(report.anonymous_share_before, 1)).replace(
                "%2", format_percent(report.anonymous_share_after, 1)
            )
        )
        self.cards["customers"].set_value(
            arrow.replace("%1", format_number(report.customers_before)).replace(
                "%2", format_number(report.customers_after)
            )
        )
        self.cards["merges"].set_value(format_number(report.merges))
        if report.scores is not None:
            self.cards["quality"].set_value(
                f"{format_percent(report.scores.precision, 1)} / "
                f"{format_percent(report.scores.recall, 1)}"
            )
        links = report.links_by_type.assign(
            id_type=report.links_by_type["id_type"].map(lambda t: tr_text(ID_TYPE_NAMES[t]))
        )
        fuzzy = pd.DataFrame(
            {
                "id_type": [translate("segments", "Name + birth date + postcode (fuzzy)")],
                "values": [pd.NA],
                "shared_values": [pd.NA],
                "records_linked": [report.fuzzy_records_linked],
                "flagged_values": [pd.NA],
            }
        )
        self.links.set_frame(
            pd.concat([links, fuzzy], ignore_index=True),
            headers={
                "id_type": translate("segments", "Identifier"),
                "values": translate("segments", "Distinct values"),
                "shared_values": translate("segments", "Shared values"),
                "records_linked": translate("segments", "Profiles linked"),
                "flagged_values": translate("segments", "Flagged"),
            },
            formats={c: "int" for c in ("values", "shared_values", "records_linked")},
        )
        self.oversized.set_frame(
            report.oversized,
            headers={
                "customer_id": translate("segments", "Customer"),
                "records": translate("segments", "Profiles"),
            },
        )
        self._show_tables()

    def _show_tables(self) -> None:
        if not self.anonymous_frame.empty:
            frame = self.anonymous_frame.assign(
                channel_type=self.anonymous_frame["channel_type"].map(channel_name)
            )
            self.anonymous.set_frame(
                frame,
                headers={
                    "channel_type": translate("segments", "Channel type"),
                    "orders": translate("segments", "Orders"),
                    "anonymous": translate("segments", "Anonymous"),
                    "share": translate("segments", "Share"),
                },
                formats={"orders": "int", "anonymous": "int", "share": "percent"},
            )
        if not self.flagged_frame.empty or self.report is not None:
            frame = self.flagged_frame.assign(
                id_type=self.flagged_frame["id_type"].map(lambda t: tr_text(ID_TYPE_NAMES[t]))
            )
            self.flagged.set_frame(
                frame,
                headers={
                    "id_type": translate("segments", "Identifier"),
                    "value": translate("segments", "Value"),
                    "profiles": translate("segments", "Profiles"),
                },
            )

    def retranslate_ui(self) -> None:
        self.intro.setText(
            translate(
                "segments",
                "Identity resolution links the profiles of one person across channels (member "
                "cards, web-shop accounts, marketplace buyers, followers) through shared phone "
                "numbers, e-mails and accounts, and optionally through name, birth date and "
                "postcode, and writes the resulting customer back to profiles, orders, "
                "interactions, tickets and identities. Earlier merges are kept.",
            )
        )
        self.fuzzy_box.setText(translate("segments", "Also link by name, birth date and postcode"))
        self.limit_label.setText(
            translate("segments", "An identifier held by more profiles than this is shared:")
        )
        self.run_button.setText(translate("segments", "Run identity resolution"))
        self.not_allowed.setText(
            translate("segments", "Your role may not run identity resolution.")
        )
        titles = {
            "anonymous": (
                translate("segments", "Anonymous orders"),
                translate("segments", "Counted orders without an identified customer."),
            ),
            "customers": (
                translate("segments", "Customers"),
                translate("segments", "Distinct customers of the profiles, before → after."),
            ),
            "merges": (
                translate("segments", "Merged in the last run"),
                translate("segments", "Customers merged into the oldest customer of their group."),
            ),
            "quality": (
                translate("segments", "Precision / recall"),
                translate(
                    "segments",
                    "Pairs of profiles linked correctly, against the demo data's true persons.",
                ),
            ),
        }
        for key, (title, definition) in titles.items():
            self.cards[key].set_title(title, definition)
        self.titles["links"].setText(translate("segments", "Profiles linked, by identifier"))
        self.titles["anonymous"].setText(translate("segments", "Anonymous orders by channel type"))
        self.titles["flagged"].setText(
            translate("segments", "Shared identifiers (flagged, not used for linking)")
        )
        self.titles["big"].setText(translate("segments", "Oversized clusters, for review"))
        self._show_report()
        self._show_tables()
