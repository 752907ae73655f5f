"""History: who changed which dealer, store, rule, statement or order, when, and the values
before and after."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from console.api import DataTable, PanelContext, ViewState, translate
from console.db.queries.dealers import HISTORY_ENTITIES, changed_fields
from plugins.dealers import tasks
from plugins.dealers.forms import as_text


class HistoryView(QWidget):
    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.frame = pd.DataFrame()
        self.entity = QComboBox(self)
        self.entity.addItem("", "")
        for name in HISTORY_ENTITIES:
            self.entity.addItem("", name)
        self.entity.currentIndexChanged.connect(lambda _i: self.refresh())
        self.entity_label = QLabel(self)
        self.table = DataTable(ctx=ctx, settings_key="dealers.history", export_name="history")
        self.table.selection_changed.connect(self._entry_selected)
        self.view = ViewState(self.table, self)
        self.detail_title = QLabel(self)
        self.detail = DataTable(
            ctx=ctx, settings_key="dealers.history_detail", export_name="change"
        )
        bar = QHBoxLayout()
        bar.addWidget(self.entity_label)
        bar.addWidget(self.entity)
        bar.addStretch(1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail_title)
        lower_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setSizes([500, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.retranslate_ui()

    def refresh(self) -> None:
        chosen = self.entity.currentData()
        entities = (chosen,) if chosen else HISTORY_ENTITIES
        self.view.run(
            self.ctx,
            tasks.load_history,
            self.ctx.database,
            entities,
            key="history",
            on_result=self._show,
        )

    def _show(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        if frame.empty:
            self.view.show_empty(
                translate("dealers", "No changes yet"),
                translate(
                    "dealers",
                    "Every change to a dealer, store, rule, statement or "
                    "order assignment will be listed here.",
                ),
            )
            return
        shown = frame[["id", "at", "username", "action", "entity", "entity_id", "changed"]].assign(
            action=frame["action"].map(self._action_name),
            entity=frame["entity"].map(self._entity_name),
        )
        self.table.set_frame(
            shown, key="id", headers=self._headers(), formats={"at": "datetime", "id": "int"}
        )
        self.table.set_column_visible("id", False)
        self.view.show_content()

    def _entry_selected(self) -> None:
        rows = self.table.selected_frame()
        if rows.empty:
            return
        entry = self.frame[self.frame["id"] == int(rows.iloc[0]["id"])].iloc[0]
        before, after = entry["before"] or {}, entry["after"] or {}
        changed = set(changed_fields(before, after))
        fields = list(dict.fromkeys([*before, *after]))
        detail = pd.DataFrame(
            {
                "field": fields,
                "before": [as_text(before.get(f)) for f in fields],
                "after": [as_text(after.get(f)) for f in fields],
                "colour": ["#fff3cd" if f in changed else "" for f in fields],
            }
        )
        self.detail.set_frame(
            detail,
            row_colors="colour",
            headers={
                "field": translate("dealers", "Field"),
                "before": translate("dealers", "Before"),
                "after": translate("dealers", "After"),
            },
        )
        self.detail_title.setText(
            translate("dealers", "%1 %2 by %3")
            .replace("%1", self._entity_name(entry["entity"]))
            .replace("%2", str(entry["entity_id"]))
            .replace("%3", str(entry["username"]))
        )

    def _entity_name(self, entity: str) -> str:
        return {
            "dealer": translate("dealers", "Dealer"),
            "store": translate("dealers", "Store"),
            "assignment_rule": translate("dealers", "Assignment rule"),
            "settlement_statement": translate("dealers", "Statement"),
            "order": translate("dealers", "Order"),
        }.get(entity, entity)

    def _action_name(self, action: str) -> str:
        return {
            "create": translate("dealers", "Created"),
            "update": translate("dealers", "Changed"),
            "delete": translate("dealers", "Deleted"),
            "suspend": translate("dealers", "Suspended"),
            "reactivate": translate("dealers", "Reactivated"),
            "terminate": translate("dealers", "Terminated"),
            "reassign": translate("dealers", "Reassigned"),
            "issue": translate("dealers", "Issued"),
            "adjust": translate("dealers", "Adjusted"),
        }.get(action, action)

    def _headers(self) -> dict[str, str]:
        return {
            "at": translate("dealers", "When"),
            "username": translate("dealers", "Who"),
            "action": translate("dealers", "What"),
            "entity": translate("dealers", "Record"),
            "entity_id": translate("dealers", "Id"),
            "changed": translate("dealers", "Fields changed"),
        }

    def retranslate_ui(self) -> None:
        self.entity_label.setText(translate("dealers", "Show"))
        self.entity.setItemText(0, translate("dealers", "All records"))
        for index in range(1, self.entity.count()):
            self.entity.setItemText(index, self._entity_name(self.entity.itemData(index)))
        self.detail_title.setText(translate("dealers", "Select a change to see its values"))
        if not self.frame.empty:
            self._show(self.frame)
