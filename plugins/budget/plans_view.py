"""Saved plans: every named version with its status; open one, compare two side by side,
submit a draft (marketing), approve or reject a submitted one (admin), delete a draft.

The buttons follow the role (ctx.allow) and the selected plan's status; the services check
both again (console.db.budget_writes), so a refusal is shown here as written.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DATA_CHANGED,
    DataTable,
    PanelContext,
    UserError,
    describe_error,
    format_date,
    format_money,
    format_number,
    translate,
)
from plugins.budget import tasks
from plugins.budget.texts import objective_names, outcome_names, status_names
from plugins.budget.views import CellNames

ACTIONS = {
    "submit": ("budget.submit", ("draft",)),
    "approve": ("budget.approve", ("submitted",)),
    "reject": ("budget.approve", ("submitted",)),
    "delete": ("budget.edit", ("draft", "rejected")),
}


class PlansView(QWidget):
    open_requested = Signal(int)  # plan id
    changed = Signal()  # a plan was submitted, decided or deleted: the list was reloaded

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plans = pd.DataFrame()
        self.names: CellNames | None = None
        self.comparison: tuple[dict, dict, pd.DataFrame] | None = None
        self.table = DataTable(ctx=ctx, settings_key="budget.plans", export_name="budget_plans")
        self.table.selection_changed.connect(self._update_buttons)
        self.table.row_activated.connect(lambda _row: self.open_selected())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name in ("open", "compare", *ACTIONS):
            button = QPushButton(self)
            button.clicked.connect(lambda _=False, n=name: self._clicked(n))
            self.buttons[name] = button
            row.addWidget(button)
            if name in ACTIONS:
                ctx.allow(button, ACTIONS[name][0])
        row.addStretch(1)
        self.message = QLabel(self)
        self.message.hide()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.compare_title = QLabel(self)
        self.compare_title.setObjectName("SectionTitle")
        self.compare_title.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_frame = pd.DataFrame()
        self.cells = DataTable(export_name="plan_comparison")
        compare = QWidget(self)
        compare_layout = QVBoxLayout(compare)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        compare_layout.addWidget(self.compare_title)
        compare_layout.addWidget(self.summary)
        compare_layout.addWidget(self.cells, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(compare)
        splitter.setSizes([130, 470])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.retranslate_ui()

    # -- list ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ctx.run(tasks.load_plans, self.ctx.database, key="plans", on_result=self.set_plans)

    def set_plans(self, plans: pd.DataFrame) -> None:
        self.plans = plans
        statuses, objectives = status_names(), objective_names()
        shown = plans.assign(
            status=plans["status"].map(lambda s: statuses.get(s, s)),
            objective=plans["objective"].map(lambda o: objectives.get(o, o)),
            weekly=plans["total_budget"] / plans["weeks"],
        )
        columns = [
            "id", "name", "revision", "status", "objective", "total_budget", "weeks", "weekly",
            "created_by", "submitted_by", "decided_by", "decided_at", "comment",
        ]  # fmt: skip
        self.table.set_frame(
            shown[columns],
            formats={"total_budget": "money:0", "weekly": "money:0", "decided_at": "datetime"},
            headers=self._headers(),
            key="id",
        )
        self.table.set_column_visible("id", False)
        self._update_buttons()

    def latest_revision(self, name: str) -> int:
        """The newest revision of a plan name this view knows (0: a new name)."""
        if self.plans.empty:
            return 0
        revisions = self.plans.loc[self.plans["name"] == name.strip(), "revision"]
        return int(revisions.max()) if len(revisions) else 0

    def selected(self) -> pd.DataFrame:
        ids = self.table.selected_frame()["id"] if len(self.plans) else []
        return self.plans[self.plans["id"].isin(list(ids))]

    def select_ids(self, ids: list[int]) -> None:
        """Select plans by id (the comparison and the workflow act on the selection)."""
        view = self.table.view
        view.clearSelection()
        model = self.table.model
        for source, plan_id in enumerate(model.frame["id"]):
            if int(plan_id) in ids:
                row = model.view_row_of(source)
                if row is not None:
                    view.selectionModel().select(
                        model.index(row, 0),
                        view.selectionModel().SelectionFlag.Select
                        | view.selectionModel().SelectionFlag.Rows,
                    )

    def _update_buttons(self) -> None:
        chosen = self.selected()
        one = len(chosen) == 1
        status = chosen["status"].iloc[0] if one else ""
        self.buttons["open"].setEnabled(one)
        self.buttons["compare"].setEnabled(len(chosen) == 2)
        for name, (permission, allowed) in ACTIONS.items():
            self.buttons[name].setEnabled(one and status in allowed and self.ctx.can(permission))

    # -- actions ---------------------------------------------------------------------------------
    def _clicked(self, name: str) -> None:
        if name == "open":
            self.open_selected()
        elif name == "compare":
            self.compare_selected()
        elif name in ("approve", "reject"):
            prompt = (
                translate("budget", "Why is the plan rejected?")
                if name == "reject"
                else translate("budget", "Comment (optional):")
            )
            comment, ok = QInputDialog.getText(self, self.buttons[name].text(), prompt)
            if ok:
                self.act(name, comment)
        else:
            self.act(name)

    def open_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.open_requested.emit(int(chosen["id"].iloc[0]))

    def act(self, action: str, comment: str = "") -> None:
        """Submit, approve, reject or delete the selected revision (in the background)."""
        chosen = self.selected()
        if len(chosen) != 1:
            return
        plan = chosen.iloc[0]
        self.ctx.run(
            tasks.change_status, self.ctx.database, self.ctx.user, action, int(plan["id"]),
            int(plan["version"]), comment, key="plan_action",
            on_result=lambda _v: self._acted(action, plan), on_error=self._failed,
        )  # fmt: skip

    def _acted(self, action: str, plan: pd.Series) -> None:
        done = {
            "submit": translate("budget", "'%1' revision %2 was submitted for approval."),
            "approve": translate("budget", "'%1' revision %2 was approved; it is now read-only."),
            "reject": translate("budget", "'%1' revision %2 was rejected."),
            "delete": translate("budget", "'%1' revision %2 was deleted."),
        }[action]
        self.show_message(
            done.replace("%1", str(plan["name"])).replace("%2", str(plan["revision"]))
        )
        self.ctx.bus.publish(DATA_CHANGED, {"entity": "budget_plan"})
        self.ctx.run(
            tasks.load_plans, self.ctx.database, key="plans",
            on_result=lambda plans: (self.set_plans(plans), self.changed.emit()),
        )  # fmt: skip

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.show_message(" ".join(describe_error(error)).strip(), error=True)
            self.refresh()
        else:
            self.ctx.report_error(error)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.show()
        self.message.setObjectName("ErrorText" if error else "StateText")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # -- comparison ------------------------------------------------------------------------------
    def compare_selected(self) -> None:
        chosen = self.selected().sort_values(["name", "revision"])
        if len(chosen) != 2:
            return
        ids = (int(chosen["id"].iloc[0]), int(chosen["id"].iloc[1]))
        self.ctx.run(
            tasks.load_comparison, self.ctx.database, ids, key="compare",
            on_result=self.show_comparison,
        )  # fmt: skip

    def show_comparison(self, result: tuple[dict, dict, pd.DataFrame]) -> None:
        self.comparison = result
        first, second, cells = result
        label = translate("budget", "%1 rev. %2")
        names = [
            label.replace("%1", str(p["name"])).replace("%2", str(p["revision"]))
            for p in (first, second)
        ]
        self.compare_title.setText(
            translate("budget", "A: %1  ·  B: %2").replace("%1", names[0]).replace("%2", names[1])
        )
        titles = [
            translate("budget", "A (rev. %1)").replace("%1", str(first["revision"])),
            translate("budget", "B (rev. %1)").replace("%1", str(second["revision"])),
        ]
        rows = [
            (translate("budget", "Status"), *(status_names().get(p["status"]) for p in result[:2])),
            (
                translate("budget", "Objective"),
                *(objective_names().get(p["objective"]) for p in result[:2]),
            ),
            (translate("budget", "Weeks"), *(str(p["weeks"]) for p in result[:2])),
            (
                translate("budget", "Budget / week"),
                *(format_money(p["weekly_total"], 0) for p in result[:2]),
            ),
            (
                translate("budget", "Planned spend / week"),
                *(format_money(p["weekly_spend"], 0) for p in result[:2]),
            ),
        ]
        for outcome, name in outcome_names().items():
            key = f"weekly_{outcome}"
            rows.append(
                (
                    translate("budget", "Expected %1 / week").replace("%1", name),
                    *("—" if p[key] is None else format_number(p[key], 0) for p in (first, second)),
                )
            )
        rows.append(
            (translate("budget", "Decided by"), *(_text(p["decided_by"]) for p in (first, second)))
        )
        rows.append(
            (
                translate("budget", "Decided on"),
                *(format_date(p["decided_at"]) for p in (first, second)),
            )
        )
        self.summary_frame = pd.DataFrame(rows, columns=["", titles[0], titles[1]])
        self.summary.setText(_html_table(self.summary_frame))
        labels = self.names
        if labels is not None:  # in the order (and the language) of the other views
            channel = {code: i for i, code in enumerate(labels.channels)}
            region = {name: i for i, name in enumerate(labels.regions)}
            order = cells.assign(
                _c=cells["channel"].map(channel), _r=cells["region"].map(region)
            ).sort_values(["_c", "_r"], kind="stable")
            cells = order.drop(columns=["_c", "_r"])
        name = (labels.channel, labels.region) if labels is not None else (str, str)
        shown = pd.DataFrame(
            {
                "cell": cells["cell"].to_numpy(),
                "label": [
                    f"{name[0](c)} · {name[1](r)}"
                    for c, r in zip(cells["channel"], cells["region"], strict=True)
                ],
                "first": cells["first"].to_numpy(),
                "second": cells["second"].to_numpy(),
                "change": cells["change"].to_numpy(),
                "delta": cells["delta"].to_numpy(),
            }
        )
        self.cells.set_frame(
            shown,
            formats={
                "first": "money:0", "second": "money:0", "delta": "money:0", "change": "change",
            },
            headers={
                "label": translate("budget", "Channel · region"),
                "first": titles[0] + " " + translate("budget", "/ week"),
                "second": titles[1] + " " + translate("budget", "/ week"),
                "delta": translate("budget", "Difference"),
                "change": translate("budget", "Change %"),
            },
            key="cell",
        )  # fmt: skip
        self.cells.set_column_visible("cell", False)

    def frames(self) -> dict[str, pd.DataFrame]:
        frames = {translate("budget", "Plans"): self.table.visible_frame()}
        if self.comparison is not None:
            frames[translate("budget", "Plan comparison")] = self.summary_frame
            frames[translate("budget", "Plan comparison by cell")] = self.cells.visible_frame()
        return frames

    def _headers(self) -> dict[str, str]:
        return {
            "name": translate("budget", "Plan"),
            "revision": translate("budget", "Revision"),
            "status": translate("budget", "Status"),
            "objective": translate("budget", "Objective"),
            "total_budget": translate("budget", "Budget (period)"),
            "weeks": translate("budget", "Weeks"),
            "weekly": translate("budget", "Budget / week"),
            "created_by": translate("budget", "Saved by"),
            "submitted_by": translate("budget", "Submitted by"),
            "decided_by": translate("budget", "Decided by"),
            "decided_at": translate("budget", "Decided at"),
            "comment": translate("budget", "Comment"),
        }

    def retranslate_ui(self) -> None:
        texts = {
            "open": translate("budget", "Open"),
            "compare": translate("budget", "Compare two"),
            "submit": translate("budget", "Submit for approval"),
            "approve": translate("budget", "Approve"),
            "reject": translate("budget", "Reject…"),
            "delete": translate("budget", "Delete draft"),
        }
        for name, text in texts.items():
            self.buttons[name].setText(text)
        self.compare_title.setText(
            translate("budget", "Select two revisions and press Compare two.")
        )
        if not self.plans.empty:
            self.set_plans(self.plans)
        if self.comparison is not None:
            self.show_comparison(self.comparison)


def _html_table(frame: pd.DataFrame) -> str:
    """A small table as rich text (a label: no scroll bars or tool bar for ten rows)."""
    head = "".join(f"<th align='left'>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table cellspacing='0' cellpadding='3'><tr>{head}</tr>{rows}</table>"


def _text(value: object) -> str:
    return "—" if value is None or (isinstance(value, float) and value != value) else str(value)
