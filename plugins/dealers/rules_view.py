"""Assignment rules: the rule list with its conflicts, a rule editor that shows conflicts
while typing (before saving), the what-if replay, and reassigning an order by hand."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DATA_CHANGED,
    ConflictError,
    DataTable,
    PanelContext,
    StackedBarChart,
    UserError,
    ValidationError,
    ViewState,
    describe_error,
    format_number,
    translate,
)
from plugins.dealers import tasks
from plugins.dealers.forms import ERROR_STYLE, FieldForm

RULE_FIELDS = (
    ("dealer_code", QT_TRANSLATE_NOOP("dealers", "Dealer"), "choice", ()),
    ("city_code", QT_TRANSLATE_NOOP("dealers", "City"), "choice", ()),
    ("postcode_prefix", QT_TRANSLATE_NOOP("dealers", "Postcode prefix"), "text", ()),
    ("priority", QT_TRANSLATE_NOOP("dealers", "Priority"), "text", ()),
    ("daily_capacity", QT_TRANSLATE_NOOP("dealers", "Own daily capacity"), "text", ()),
    ("note", QT_TRANSLATE_NOOP("dealers", "Note"), "text", ()),
    ("exclusive", QT_TRANSLATE_NOOP("dealers", "Exclusive"), "check", ()),
    ("active", QT_TRANSLATE_NOOP("dealers", "Active"), "check", ()),
)
CONFLICT_KINDS = {
    "exclusive_overlap": QT_TRANSLATE_NOOP("dealers", "Two dealers exclusive for the same area"),
    "shadows_exclusive": QT_TRANSLATE_NOOP(
        "dealers", "Another dealer's rule is tried before an exclusive one"
    ),
    "ambiguous": QT_TRANSLATE_NOOP("dealers", "Two dealers, same area and priority"),
}


class RulesView(QWidget):
    def __init__(self, ctx: PanelContext, choices_changed) -> None:
        super().__init__()
        self.ctx = ctx
        self._choices_changed = choices_changed
        self.choices: tasks.Choices | None = None
        self.data: tasks.Rules | None = None
        self.rule_id: int | None = None
        self.version: int | None = None
        self.preview_conflicts = pd.DataFrame()
        self.preview_problems: list[tuple[str, str]] = []
        self.what_if_result = None
        self.orders_frame = pd.DataFrame()

        self.rules = DataTable(ctx=ctx, settings_key="dealers.rules", export_name="rules")
        self.rules.selection_changed.connect(self._rule_selected)
        self.rules_view = ViewState(self.rules, self)
        self.conflicts_title = QLabel(self)
        self.conflicts = DataTable(
            ctx=ctx, settings_key="dealers.conflicts", export_name="rule_conflicts"
        )

        self.editor_box = QGroupBox(self)
        self.form = FieldForm(RULE_FIELDS, self.editor_box, columns=1)
        self.filling = True  # programmatic changes are not checked
        self.form.set_values({"priority": "100", "active": True})
        self.preview = QLabel(self.editor_box)
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(self.editor_box)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.new_button = QPushButton(self.editor_box)
        self.save_button = QPushButton(self.editor_box)
        self.delete_button = QPushButton(self.editor_box)
        self.new_button.clicked.connect(self.new_rule)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        for button in (self.new_button, self.save_button, self.delete_button):
            ctx.allow(button, "assignment.edit")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        editor = QVBoxLayout(self.editor_box)
        editor.addWidget(self.form)
        editor.addWidget(self.preview)
        editor.addWidget(self.message)
        editor.addLayout(buttons)
        editor.addStretch(1)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.timeout.connect(self.check)
        for widget in self.form.inputs.values():
            signal = (
                getattr(widget, "textChanged", None)
                or getattr(widget, "currentIndexChanged", None)
                or widget.toggled
            )
            signal.connect(self._edited)

        self.filling = False
        self.lower = QTabWidget(self)
        self.what_if = self._build_what_if()
        self.reassign = self._build_reassign()
        self.lower.addTab(self.what_if, "")
        self.lower.addTab(self.reassign, "")

        top = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(top)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.rules_view, 3)
        left_layout.addWidget(self.conflicts_title)
        left_layout.addWidget(self.conflicts, 1)
        top.addWidget(left)
        top.addWidget(self.editor_box)
        top.setSizes([900, 500])
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.lower)
        splitter.setSizes([450, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate_ui()

    def _build_what_if(self) -> QWidget:
        box = QWidget(self)
        self.weeks = QSpinBox(box)
        self.weeks.setRange(1, 52)
        self.weeks.setValue(8)
        self.max_km = QSpinBox(box)
        self.max_km.setRange(0, 5000)
        self.max_km.setSingleStep(50)
        self.weeks_label, self.km_label = QLabel(box), QLabel(box)
        self.with_edited = QCheckBox(box)
        self.run_button = QPushButton(box)
        self.run_button.clicked.connect(self.run_what_if)
        self.summary = QLabel(box)
        self.summary.setWordWrap(True)
        self.by_dealer = DataTable(
            ctx=self.ctx, settings_key="dealers.whatif", export_name="what_if"
        )
        self.what_if_view = ViewState(self.by_dealer, box)
        self.chart = StackedBarChart("", box, y_format="int", horizontal=True)
        bar = QHBoxLayout()
        for widget in (self.weeks_label, self.weeks, self.km_label, self.max_km):
            bar.addWidget(widget)
        bar.addWidget(self.with_edited)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        body = QSplitter(Qt.Orientation.Horizontal, box)
        body.addWidget(self.what_if_view)
        body.addWidget(self.chart)
        body.setSizes([800, 500])
        layout = QVBoxLayout(box)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(body, 1)
        return box

    def _build_reassign(self) -> QWidget:
        box = QWidget(self)
        self.order_search = QLineEdit(box)
        self.order_search.setClearButtonEnabled(True)
        self.order_search.returnPressed.connect(self.load_orders)
        self.unassigned_only = QCheckBox(box)
        self.unassigned_only.setChecked(True)
        self.unassigned_only.toggled.connect(lambda _c: self.load_orders())
        self.orders = DataTable(ctx=self.ctx, settings_key="dealers.orders", export_name="orders")
        self.orders_view = ViewState(self.orders, box)
        self.target = QComboBox(box)
        self.reason = QLineEdit(box)
        self.reassign_button = QPushButton(box)
        self.reassign_button.clicked.connect(self.reassign_selected)
        self.ctx.allow(self.reassign_button, "orders.reassign")
        self.reassign_message = QLabel(box)
        self.reassign_message.setWordWrap(True)
        self.target_label, self.reason_label = QLabel(box), QLabel(box)
        bar = QHBoxLayout()
        bar.addWidget(self.order_search, 2)
        bar.addWidget(self.unassigned_only)
        bar.addStretch(1)
        action = QHBoxLayout()
        for widget in (self.target_label, self.target, self.reason_label):
            action.addWidget(widget)
        action.addWidget(self.reason, 2)
        action.addWidget(self.reassign_button)
        layout = QVBoxLayout(box)
        layout.addLayout(bar)
        layout.addWidget(self.orders_view, 1)
        layout.addLayout(action)
        layout.addWidget(self.reassign_message)
        return box

    def _edited(self, *_args) -> None:
        if not self.filling:
            self._check_timer.start(300)

    def _fill(self, values: dict) -> None:
        self.filling = True
        try:
            self.form.set_values(values)
        finally:
            self.filling = False
        self.form.clear_problems()
        self.preview.clear()
        self.save_button.setEnabled(self.ctx.can("assignment.edit"))

    # -- loading ----------------------------------------------------------------------------
    def set_choices(self, choices: tasks.Choices) -> None:
        self.choices = choices
        self.filling = True
        dealers = [
            (f"{r['code']} {self.ctx.name_of(r)}", r["code"])
            for r in choices.dealers.to_dict("records")
            if r["status"] != "terminated"
        ]
        self.form.set_choices("dealer_code", dealers)
        self.form.set_choices(
            "city_code",
            [("—", "")]
            + [(self.ctx.name_of(r), r["code"]) for r in choices.cities.to_dict("records")],
        )
        self.filling = False
        current = self.target.currentData()
        self.target.clear()
        for r in choices.dealers.to_dict("records"):
            if r["status"] == "active":
                self.target.addItem(f"{r['code']} {self.ctx.name_of(r)}", int(r["id"]))
        if current is not None:
            self.target.setCurrentIndex(max(0, self.target.findData(current)))

    def refresh(self) -> None:
        self.rules_view.run(
            self.ctx, tasks.load_rules, self.ctx.database, key="rules", on_result=self._show_rules
        )
        self.load_orders()

    def _show_rules(self, data: tasks.Rules) -> None:
        self.data = data
        rules = data.rules
        in_conflict = set(data.conflicts["rule_id"]) | set(data.conflicts["other_rule_id"])
        zh = self.ctx.language.startswith("zh")
        shown = pd.DataFrame(
            {
                "id": rules["id"],
                "priority": rules["priority"],
                "dealer": rules["dealer_code"]
                + " "
                + rules["dealer_name_zh" if zh else "dealer_name"],
                "area": [self._area(r) for r in rules.to_dict("records")],
                "exclusive": rules["exclusive"],
                "daily_capacity": rules["daily_capacity"].astype("Float64"),
                "active": rules["active"],
                "conflict": rules["id"].isin(in_conflict),
                "note": rules["note"],
                "colour": ["#fff3cd" if i in in_conflict else "" for i in rules["id"]],
            }
        )
        self.rules.set_frame(
            shown,
            key="id",
            row_colors="colour",
            headers=self._rule_headers(),
            formats={"daily_capacity": "int", "id": "int"},
        )
        self.rules_view.show_content()
        self._show_conflicts(data.conflicts, self.conflicts)
        self.ctx.ready()

    def _area(self, rule: dict) -> str:
        prefix = rule.get("postcode_prefix")
        if prefix is not None and prefix == prefix and str(prefix).strip():
            return translate("dealers", "Postcode %1…").replace("%1", str(prefix))
        name = rule.get("city_zh") if self.ctx.language.startswith("zh") else rule.get("city")
        return translate("dealers", "City %1").replace("%1", str(name))

    def _show_conflicts(self, conflicts: pd.DataFrame, table: DataTable) -> None:
        codes = {}
        if self.choices is not None:
            codes = dict(zip(self.choices.dealers["id"], self.choices.dealers["code"], strict=True))
        shown = pd.DataFrame(
            {
                "severity": conflicts["severity"].map(
                    {
                        "error": translate("dealers", "Error"),
                        "warning": translate("dealers", "Warning"),
                    }
                ),
                "kind": conflicts["kind"].map(lambda k: translate("dealers", CONFLICT_KINDS[k])),
                "rule_id": conflicts["rule_id"],
                "dealer": conflicts["dealer_id"].map(codes),
                "area": conflicts["area"],
                "other_rule_id": conflicts["other_rule_id"],
                "other_dealer": conflicts["other_dealer_id"].map(codes),
                "other_area": conflicts["other_area"],
            }
        )
        table.set_frame(
            shown,
            headers=self._conflict_headers(),
            formats={"rule_id": "int", "other_rule_id": "int"},
        )

    # -- editor -----------------------------------------------------------------------------
    def _rule_selected(self) -> None:
        rows = self.rules.selected_frame()
        if rows.empty or self.data is None:
            return
        rule = self.data.rules[self.data.rules["id"] == int(rows.iloc[0]["id"])].iloc[0]
        self.rule_id, self.version = int(rule["id"]), int(rule["version"])
        capacity = rule["daily_capacity"]
        self._fill(
            {
                "dealer_code": rule["dealer_code"],
                "city_code": rule["city_code"] if isinstance(rule["city_code"], str) else "",
                "postcode_prefix": ""
                if pd.isna(rule["postcode_prefix"])
                else rule["postcode_prefix"],
                "priority": str(rule["priority"]),
                "daily_capacity": "" if pd.isna(capacity) else str(int(capacity)),
                "note": "" if rule["note"] is None else rule["note"],
                "exclusive": bool(rule["exclusive"]),
                "active": bool(rule["active"]),
            }
        )
        self.message.clear()
        self._update_title()

    def new_rule(self) -> None:
        self.rule_id = self.version = None
        self.rules.view.clearSelection()
        self._fill(
            {
                "postcode_prefix": "",
                "city_code": "",
                "priority": "100",
                "daily_capacity": "",
                "note": "",
                "exclusive": False,
                "active": True,
            }
        )
        self.message.clear()
        self._update_title()

    def check(self) -> None:
        """Conflicts of the rule as typed, before it is saved."""
        self.ctx.run(
            tasks.check_rule,
            self.ctx.database,
            self.form.values(),
            self.rule_id,
            key="check-rule",
            on_result=self._checked,
        )

    def _checked(self, result) -> None:
        problems, conflicts = result
        self.preview_problems, self.preview_conflicts = list(problems), conflicts
        self.form.show_problems(problems)
        lines = []
        for row in conflicts.to_dict("records") if len(conflicts) else []:
            other = (
                row["other_rule_id"] if row["rule_id"] == (self.rule_id or -1) else row["rule_id"]
            )
            severity = (
                translate("dealers", "Error")
                if row["severity"] == "error"
                else translate("dealers", "Warning")
            )
            lines.append(
                translate("dealers", "%1: %2 (rule %3, %4)")
                .replace("%1", severity)
                .replace("%2", translate("dealers", CONFLICT_KINDS[row["kind"]]))
                .replace("%3", str(other))
                .replace(
                    "%4",
                    str(
                        row["other_area"] if row["rule_id"] == (self.rule_id or -1) else row["area"]
                    ),
                )
            )
        if not lines and not problems:
            lines = [translate("dealers", "No conflict with the other rules.")]
        self.preview.setText("\n".join(lines))
        has_error = bool(problems) or (
            len(conflicts) > 0 and (conflicts["severity"] == "error").any()
        )
        self.save_button.setEnabled(self.ctx.can("assignment.edit") and not has_error)

    def save(self) -> None:
        self.message.clear()
        self.ctx.run(
            tasks.save_rule,
            self.ctx.database,
            self.ctx.user,
            self.rule_id,
            self.version,
            self.form.values(),
            key="save-rule",
            on_result=self._saved,
            on_error=self._failed,
        )

    def _saved(self, rule_id: int) -> None:
        self.rule_id = int(rule_id)
        self.message.setStyleSheet("")
        self.message.setText(translate("dealers", "Rule %1 saved.").replace("%1", str(rule_id)))
        self.ctx.bus.publish(DATA_CHANGED, {"entity": "assignment_rule"})
        self.rules_view.run(
            self.ctx, tasks.load_rules, self.ctx.database, key="rules", on_result=self._after_save
        )

    def _after_save(self, data: tasks.Rules) -> None:
        self._show_rules(data)
        match = data.rules[data.rules["id"] == self.rule_id]
        self.version = int(match.iloc[0]["version"]) if len(match) else None
        self._update_title()

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        if isinstance(error, ValidationError):
            self.form.show_problems(error.problems)
            self.message.setText(str(error))
        elif isinstance(error, ConflictError):
            self.message.setText(
                describe_error(error)[0]
                + " "
                + translate("dealers", "Select the rule again to reload it.")
            )
        elif isinstance(error, UserError):
            self.message.setText(str(error))
        else:
            self.ctx.report_error(error)

    def delete(self) -> None:
        if self.rule_id is None:
            return
        self.ctx.run(
            tasks.delete_rule,
            self.ctx.database,
            self.ctx.user,
            self.rule_id,
            self.version,
            key="delete-rule",
            on_result=lambda _r: (self.new_rule(), self.refresh()),
            on_error=self._failed,
        )

    def _update_title(self) -> None:
        if self.rule_id is None:
            self.editor_box.setTitle(translate("dealers", "New rule"))
        else:
            self.editor_box.setTitle(
                translate("dealers", "Rule %1").replace("%1", str(self.rule_id))
            )
        self.delete_button.setEnabled(self.rule_id is not None and self.ctx.can("assignment.edit"))

    # -- what-if ----------------------------------------------------------------------------
    def run_what_if(self) -> None:
        km = self.max_km.value() or None
        edited = self.form.values() if self.with_edited.isChecked() else None
        self.what_if_view.run(
            self.ctx,
            tasks.run_what_if,
            self.ctx.database,
            self.weeks.value(),
            km,
            edited,
            self.rule_id,
            key="what-if",
            on_result=self._show_what_if,
        )

    def _show_what_if(self, result) -> None:
        self.what_if_result = result
        summary = result.replay.summary
        self.summary.setText(
            translate(
                "dealers",
                "%1 online orders in the %2 weeks to %3: %4 would go to another dealer; "
                "unassigned now %5, with the rules %6.",
            )
            .replace("%1", format_number(summary["orders"]))
            .replace("%2", str(result.weeks))
            .replace("%3", result.end.isoformat())
            .replace("%4", format_number(summary["changed"]))
            .replace("%5", format_number(summary["unassigned_current"]))
            .replace("%6", format_number(summary["unassigned_replayed"]))
        )
        frame = result.by_dealer
        shown = frame.assign(name=[self.ctx.name_of(r) for r in frame.to_dict("records")])
        shown = shown[
            [
                "code",
                "name",
                "current",
                "replayed",
                "gained",
                "lost",
                "net",
                "via_fallback",
                "overflow",
                "full_days",
            ]
        ]
        self.by_dealer.set_frame(shown, key="code", headers=self._what_if_headers())
        self.what_if_view.show_content()
        moved = frame[(frame["gained"] > 0) | (frame["lost"] > 0)]
        self.chart.set_data(
            list(moved["code"]),
            {
                translate("dealers", "Gained"): moved["gained"].to_numpy(),
                translate("dealers", "Lost"): -moved["lost"].to_numpy(),
            },
        )

    # -- reassign ---------------------------------------------------------------------------
    def load_orders(self) -> None:
        self.orders_view.run(
            self.ctx,
            tasks.load_orders,
            self.ctx.database,
            self.order_search.text(),
            self.unassigned_only.isChecked(),
            key="orders",
            on_result=self._show_orders,
        )

    def _show_orders(self, frame: pd.DataFrame) -> None:
        self.orders_frame = frame
        if frame.empty:
            self.orders_view.show_empty(translate("dealers", "No order matches"), "")
            return
        zh = self.ctx.language.startswith("zh")
        shown = pd.DataFrame(
            {
                "id": frame["id"],
                "order_no": frame["order_no"],
                "placed_at": frame["placed_at"],
                "channel": frame["channel"],
                "status": frame["status"],
                "city": frame["city_zh" if zh else "city"],
                "postcode": frame["postcode"],
                "dealer": frame["dealer_code"],
                "assignment": frame["assignment"],
                "net_amount": frame["net_amount"],
            }
        )
        self.orders.set_frame(
            shown,
            key="id",
            headers=self._order_headers(),
            formats={"placed_at": "datetime", "net_amount": "money", "id": "int"},
        )
        self.orders.set_column_visible("id", False)
        self.orders_view.show_content()

    def reassign_selected(self) -> None:
        rows = self.orders.selected_frame()
        if rows.empty or self.target.currentData() is None:
            self.reassign_message.setText(translate("dealers", "Select an order and a dealer."))
            return
        order = self.orders_frame[self.orders_frame["id"] == int(rows.iloc[0]["id"])].iloc[0]
        self.ctx.run(
            tasks.reassign,
            self.ctx.database,
            self.ctx.user,
            int(order["id"]),
            int(order["version"]),
            int(self.target.currentData()),
            self.reason.text(),
            key="reassign",
            on_result=lambda _v: self._reassigned(order["order_no"]),
            on_error=self._reassign_failed,
        )

    def _reassigned(self, order_no: str) -> None:
        self.reassign_message.setStyleSheet("")
        self.reassign_message.setText(
            translate("dealers", "Order %1 reassigned to %2.")
            .replace("%1", str(order_no))
            .replace("%2", self.target.currentText())
        )
        self.ctx.bus.publish(DATA_CHANGED, {"entity": "order"})
        self.load_orders()

    def _reassign_failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.reassign_message.setStyleSheet(ERROR_STYLE)
            self.reassign_message.setText(" ".join(describe_error(error)).strip())
        else:
            self.ctx.report_error(error)

    # -- text -------------------------------------------------------------------------------
    def _rule_headers(self) -> dict[str, str]:
        return {
            "id": translate("dealers", "Rule"),
            "priority": translate("dealers", "Priority"),
            "dealer": translate("dealers", "Dealer"),
            "area": translate("dealers", "Matches"),
            "exclusive": translate("dealers", "Exclusive"),
            "daily_capacity": translate("dealers", "Own daily capacity"),
            "active": translate("dealers", "Active"),
            "conflict": translate("dealers", "Conflict"),
            "note": translate("dealers", "Note"),
        }

    def _conflict_headers(self) -> dict[str, str]:
        return {
            "severity": translate("dealers", "Severity"),
            "kind": translate("dealers", "Conflict"),
            "rule_id": translate("dealers", "Rule"),
            "dealer": translate("dealers", "Dealer"),
            "area": translate("dealers", "Area"),
            "other_rule_id": translate("dealers", "Other rule"),
            "other_dealer": translate("dealers", "Other dealer"),
            "other_area": translate("dealers", "Other area"),
        }

    def _what_if_headers(self) -> dict[str, str]:
        return {
            "code": translate("dealers", "Dealer"),
            "name": translate("dealers", "Name"),
            "current": translate("dealers", "Now"),
            "replayed": translate("dealers", "With the rules"),
            "gained": translate("dealers", "Gained"),
            "lost": translate("dealers", "Lost"),
            "net": translate("dealers", "Net"),
            "via_fallback": translate("dealers", "Via fallback"),
            "overflow": translate("dealers", "Capacity overflow"),
            "full_days": translate("dealers", "Days at capacity"),
        }

    def _order_headers(self) -> dict[str, str]:
        return {
            "order_no": translate("dealers", "Order"),
            "placed_at": translate("dealers", "Placed"),
            "channel": translate("dealers", "Channel"),
            "status": translate("dealers", "Status"),
            "city": translate("dealers", "City"),
            "postcode": translate("dealers", "Postcode"),
            "dealer": translate("dealers", "Dealer"),
            "assignment": translate("dealers", "Assigned by"),
            "net_amount": translate("dealers", "Amount"),
        }

    def retranslate_ui(self) -> None:
        self.form.retranslate_ui()
        self.conflicts_title.setText(translate("dealers", "Conflicts among the active rules"))
        self.new_button.setText(translate("dealers", "New rule"))
        self.save_button.setText(translate("dealers", "Save rule"))
        self.delete_button.setText(translate("dealers", "Delete rule"))
        self.lower.setTabText(0, translate("dealers", "What-if replay"))
        self.lower.setTabText(1, translate("dealers", "Reassign an order"))
        self.weeks_label.setText(translate("dealers", "Replay the last"))
        self.weeks.setSuffix(translate("dealers", " weeks"))
        self.km_label.setText(translate("dealers", "Fallback within"))
        self.max_km.setSuffix(" km")
        self.max_km.setSpecialValueText(translate("dealers", "any distance"))
        self.run_button.setText(translate("dealers", "Replay the rules"))
        self.with_edited.setText(translate("dealers", "with the rule being edited"))
        self.chart.set_title(translate("dealers", "Orders gained and lost per dealer"))
        self.order_search.setPlaceholderText(translate("dealers", "Order number or postcode…"))
        self.unassigned_only.setText(translate("dealers", "Unassigned only"))
        self.target_label.setText(translate("dealers", "Give to"))
        self.reason_label.setText(translate("dealers", "Reason"))
        self.reassign_button.setText(translate("dealers", "Reassign"))
        self._update_title()
        if self.data is not None:
            self._show_rules(self.data)
        if self.what_if_result is not None:
            self._show_what_if(self.what_if_result)
        if not self.orders_frame.empty:
            self._show_orders(self.orders_frame)
