"""Forms of the dealer panel: dealer (with territories) and store dialogs that show the
validation problems next to each field, and the conflict dialog for a save that lost a race.

The dialogs save in the background and stay open until the save succeeds: a rejected save
keeps what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.api import ConflictError, PanelContext, UserError, ValidationError, translate
from plugins.dealers import tasks

ERROR_STYLE = "color: #c62828;"
CONFLICT_COLOR = QColor("#fff3cd")

TIERS = ("platinum", "gold", "silver", "bronze")
# (field, label, kind, choices): kind text / choice / check
DEALER_FIELDS = (
    ("code", QT_TRANSLATE_NOOP("dealers", "Code"), "text", ()),
    ("name", QT_TRANSLATE_NOOP("dealers", "Name (English)"), "text", ()),
    ("name_zh", QT_TRANSLATE_NOOP("dealers", "Name (Chinese)"), "text", ()),
    ("legal_entity", QT_TRANSLATE_NOOP("dealers", "Legal entity"), "text", ()),
    ("credit_code", QT_TRANSLATE_NOOP("dealers", "Unified social credit code"), "text", ()),
    ("tier", QT_TRANSLATE_NOOP("dealers", "Tier"), "choice", TIERS),
    ("region_code", QT_TRANSLATE_NOOP("dealers", "Region"), "choice", ()),
    ("contract_start", QT_TRANSLATE_NOOP("dealers", "Contract start"), "text", ()),
    ("contract_end", QT_TRANSLATE_NOOP("dealers", "Contract end"), "text", ()),
    ("contact_name", QT_TRANSLATE_NOOP("dealers", "Contact"), "text", ()),
    ("contact_phone", QT_TRANSLATE_NOOP("dealers", "Phone"), "text", ()),
    ("contact_email", QT_TRANSLATE_NOOP("dealers", "E-mail"), "text", ()),
    ("daily_capacity", QT_TRANSLATE_NOOP("dealers", "Online orders a day"), "text", ()),
    ("hq_margin_rate", QT_TRANSLATE_NOOP("dealers", "HQ margin"), "text", ()),
)
STORE_FIELDS = (
    ("code", QT_TRANSLATE_NOOP("dealers", "Code"), "text", ()),
    ("name", QT_TRANSLATE_NOOP("dealers", "Name (English)"), "text", ()),
    ("name_zh", QT_TRANSLATE_NOOP("dealers", "Name (Chinese)"), "text", ()),
    ("kind", QT_TRANSLATE_NOOP("dealers", "Kind"), "choice", ("franchise", "direct", "experience")),
    ("dealer_code", QT_TRANSLATE_NOOP("dealers", "Dealer"), "choice", ()),
    ("city_code", QT_TRANSLATE_NOOP("dealers", "City"), "choice", ()),
    ("address", QT_TRANSLATE_NOOP("dealers", "Address"), "text", ()),
    ("postcode", QT_TRANSLATE_NOOP("dealers", "Postcode"), "text", ()),
    ("lat", QT_TRANSLATE_NOOP("dealers", "Latitude"), "text", ()),
    ("lon", QT_TRANSLATE_NOOP("dealers", "Longitude"), "text", ()),
    ("opened_on", QT_TRANSLATE_NOOP("dealers", "Opened on"), "text", ()),
    ("closed_on", QT_TRANSLATE_NOOP("dealers", "Closed on"), "text", ()),
    ("status", QT_TRANSLATE_NOOP("dealers", "Status"), "choice", ("open", "closed", "planned")),
    ("ships_from_store", QT_TRANSLATE_NOOP("dealers", "Ships from store"), "check", ()),
)
TERRITORY_KINDS = (
    ("region_code", QT_TRANSLATE_NOOP("dealers", "Region")),
    ("city_code", QT_TRANSLATE_NOOP("dealers", "City")),
    ("postcode_prefix", QT_TRANSLATE_NOOP("dealers", "Postcode prefix")),
)
CHOICE_NAMES = {
    "platinum": QT_TRANSLATE_NOOP("dealers", "Platinum"),
    "gold": QT_TRANSLATE_NOOP("dealers", "Gold"),
    "silver": QT_TRANSLATE_NOOP("dealers", "Silver"),
    "bronze": QT_TRANSLATE_NOOP("dealers", "Bronze"),
    "franchise": QT_TRANSLATE_NOOP("dealers", "Franchise"),
    "direct": QT_TRANSLATE_NOOP("dealers", "Direct"),
    "experience": QT_TRANSLATE_NOOP("dealers", "Experience"),
    "open": QT_TRANSLATE_NOOP("dealers", "Open"),
    "closed": QT_TRANSLATE_NOOP("dealers", "Closed"),
    "planned": QT_TRANSLATE_NOOP("dealers", "Planned"),
    "active": QT_TRANSLATE_NOOP("dealers", "Active"),
    "suspended": QT_TRANSLATE_NOOP("dealers", "Suspended"),
    "terminated": QT_TRANSLATE_NOOP("dealers", "Terminated"),
}


def tr_noop(text: str) -> str:
    """Translate a string marked with QT_TRANSLATE_NOOP("dealers", ...)."""
    return translate("dealers", text)


def choice_name(value: object) -> str:
    text = "" if value is None else str(value)
    return tr_noop(CHOICE_NAMES[text]) if text in CHOICE_NAMES else text


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return translate("dealers", "Yes") if value else translate("dealers", "No")
    return str(value)


class FieldForm(QWidget):
    """Labelled inputs in two columns, each with a red problem line under it."""

    def __init__(
        self, fields: Sequence[tuple], parent: QWidget | None = None, *, columns: int = 2
    ) -> None:
        super().__init__(parent)
        self.fields = fields
        self.inputs: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        half = (len(fields) + columns - 1) // columns
        for index, (name, label, kind, choices) in enumerate(fields):
            if kind == "choice":
                widget: QWidget = QComboBox(self)
                for value in choices:
                    widget.addItem(choice_name(value), value)
            elif kind == "check":
                widget = QCheckBox(self)
            else:
                widget = QLineEdit(self)
            widget.setObjectName(f"field_{name}")
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            title = QLabel(tr_noop(label), self)
            column = 0 if index < half else 2
            row = 2 * (index % half)
            grid.addWidget(title, row, column)
            grid.addWidget(widget, row, column + 1)
            grid.addWidget(error, row + 1, column + 1)
            self.inputs[name], self.labels[name], self.errors[name] = widget, title, error
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def set_choices(self, name: str, items: Sequence[tuple[str, object]]) -> None:
        combo = self.inputs[name]
        current = combo.currentData()
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))

    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                out[name] = widget.currentData() or ""
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            else:
                out[name] = widget.text().strip()
        return out

    def set_values(self, values: Mapping[str, object]) -> None:
        for name, widget in self.inputs.items():
            if name not in values:
                continue
            value = values[name]
            if isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0 and value not in (None, ""):
                    widget.addItem(str(value), value)
                    index = widget.count() - 1
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            else:
                widget.setText(as_text(value) if not isinstance(value, bool) else str(value))

    def show_problems(self, problems: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """Mark the fields named in `problems`; returns the problems of no field."""
        self.clear_problems()
        rest = []
        for where, reason in problems:
            if where in self.errors:
                label = self.errors[where]
                text = label.text()
                label.setText(f"{text}\n{reason}" if text else reason)
                label.show()
                self.inputs[where].setStyleSheet("border: 1px solid #c62828;")
            else:
                rest.append((where, reason))
        return rest

    def clear_problems(self) -> None:
        for name, label in self.errors.items():
            label.clear()
            label.hide()
            self.inputs[name].setStyleSheet("")

    def retranslate_ui(self) -> None:
        for name, label, *_ in self.fields:
            self.labels[name].setText(tr_noop(label))


class TerritoryEditor(QWidget):
    """The dealer's areas: one row per region, city or postcode prefix, exclusive or not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.add_button.clicked.connect(lambda: self.add_row("postcode_prefix", "", False))
        self.remove_button.clicked.connect(self._remove)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.retranslate_ui()

    def add_row(self, kind: str, value: str, exclusive: bool) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        for key, label in TERRITORY_KINDS:
            combo.addItem(tr_noop(label), key)
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        self.table.setCellWidget(row, 0, combo)
        self.table.setItem(row, 1, QTableWidgetItem(value))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if exclusive else Qt.CheckState.Unchecked)
        self.table.setItem(row, 2, check)

    def _remove(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def set_rows(self, territories) -> None:
        self.table.setRowCount(0)
        for row in (
            territories.to_dict("records") if hasattr(territories, "to_dict") else territories
        ):
            for kind, _ in TERRITORY_KINDS:
                value = row.get(kind)
                if value is not None and value == value and str(value).strip():
                    self.add_row(kind, str(value), bool(row.get("exclusive")))
                    break

    def values(self) -> list[dict[str, object]]:
        rows = []
        for row in range(self.table.rowCount()):
            kind = self.table.cellWidget(row, 0).currentData()
            item = self.table.item(row, 1)
            rows.append(
                {
                    kind: item.text().strip() if item else "",
                    "exclusive": self.table.item(row, 2).checkState() == Qt.CheckState.Checked,
                }
            )
        return rows

    def show_problems(self, problems: Sequence[tuple[str, str]]) -> None:
        lines = []
        for where, reason in problems:
            row = int(where.split("[")[1].split("]")[0])
            lines.append(
                translate("dealers", "Area %1: %2")
                .replace("%1", str(row + 1))
                .replace("%2", reason)
            )
            for column in (1, 2):
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QColor("#ffe0e0"))
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))

    def clear_problems(self) -> None:
        self.error.hide()
        for row in range(self.table.rowCount()):
            for column in (1, 2):
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QColor(0, 0, 0, 0))

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                translate("dealers", "Area"),
                translate("dealers", "Value"),
                translate("dealers", "Exclusive"),
            ]
        )
        self.add_button.setText(translate("dealers", "Add area"))
        self.remove_button.setText(translate("dealers", "Remove area"))


class ConflictDialog(QDialog):
    """Somebody else saved first: their values against the user's, with three ways out."""

    RELOAD, OVERWRITE, CANCEL = "reload", "overwrite", "cancel"

    def __init__(
        self,
        error: ConflictError,
        labels: Mapping[str, str],
        parent=None,
        shown: Callable[[Mapping[str, Any]], Mapping[str, Any]] = dict,
    ) -> None:
        """`shown` turns stored values into what the form shows (e.g. 0.15 -> "15%")."""
        super().__init__(parent)
        self.setWindowTitle(translate("dealers", "Somebody else saved this record"))
        self.choice = self.CANCEL
        self.error = error
        message = QLabel(
            translate(
                "dealers",
                "Another user saved this record after you opened it. Their values are stored "
                "now; yours are not saved yet. Changed fields are highlighted.",
            ),
            self,
        )
        message.setWordWrap(True)
        stored = shown(error.stored)
        names = [k for k in dict.fromkeys([*error.mine, *stored]) if k in labels]
        self.table = QTableWidget(len(names), 3, self)
        self.table.setHorizontalHeaderLabels(
            [
                translate("dealers", "Field"),
                translate("dealers", "Stored (theirs)"),
                translate("dealers", "Yours"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.differing: list[str] = []
        for row, name in enumerate(names):
            theirs = as_text(stored.get(name))
            mine = as_text(error.mine[name]) if name in error.mine else theirs
            cells = (tr_noop(labels[name]), theirs, mine)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if name in error.mine and _differs(stored.get(name), error.mine[name]):
                    item.setBackground(CONFLICT_COLOR)
                self.table.setItem(row, column, item)
            if name in error.mine and _differs(stored.get(name), error.mine[name]):
                self.differing.append(name)
        self.buttons = QDialogButtonBox(self)
        self.reload_button = self.buttons.addButton(
            translate("dealers", "Reload their values"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.overwrite_button = self.buttons.addButton(
            translate("dealers", "Overwrite with mine"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.reload_button.clicked.connect(lambda: self.choose(self.RELOAD))
        self.overwrite_button.clicked.connect(lambda: self.choose(self.OVERWRITE))
        self.cancel_button.clicked.connect(lambda: self.choose(self.CANCEL))
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 420)

    def choose(self, choice: str) -> None:
        self.choice = choice
        if choice == self.CANCEL:
            self.reject()
        else:
            self.accept()


def _differs(stored: object, mine: object) -> bool:
    return as_text(stored).strip().lower() != as_text(mine).strip().lower()


class RecordDialog(QDialog):
    """Shared save logic of the dealer and store dialogs."""

    saved = Signal(int)

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_id: int | None = None
        self.version: int | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.summary = QLabel(self)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.saving = False

    def labels(self) -> dict[str, str]:
        raise NotImplementedError

    def save(self, version: int | None = -1) -> None:
        """Save in the background; `version` -1: the version the form was opened at."""
        if self.saving:
            return
        self.saving = True
        self.buttons.setEnabled(False)
        self.summary.hide()
        self.ctx.run(
            *self.save_call(self.version if version == -1 else version),
            key=f"save-{type(self).__name__}",
            on_result=self._saved,
            on_error=self._failed,
        )

    def save_call(self, version: int | None) -> tuple:
        raise NotImplementedError

    def _saved(self, record_id: int) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        self.saved.emit(int(record_id))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        if isinstance(error, ConflictError):
            self.conflict_dialog = ConflictDialog(error, self.labels(), self, self.shown)
            self.conflict_dialog.finished.connect(lambda _r: self._resolve(error))
            self.conflict_dialog.open()
        elif isinstance(error, ValidationError):
            rest = self.show_problems(error.problems)
            marked = len(rest) < len(error.problems)
            self._summary(error, rest, marked)
        elif isinstance(error, UserError):
            self._summary(error, [], False)
        else:
            self.ctx.report_error(error)

    def _summary(self, error: UserError, rest: Sequence[tuple[str, str]], marked: bool) -> None:
        lines = [
            translate("dealers", "Not saved: correct the marked fields.") if marked else str(error)
        ]
        lines += [f"{where}: {reason}" for where, reason in rest]
        self.summary.setText("\n".join(lines))
        self.summary.show()

    def _resolve(self, error: ConflictError) -> None:
        choice = self.conflict_dialog.choice
        if choice == ConflictDialog.RELOAD:
            self.load_values(error.stored)
            self.version = int(error.stored.get("version", self.version or 0))
        elif choice == ConflictDialog.OVERWRITE:
            self.version = int(error.stored.get("version", self.version or 0))
            self.save()

    def shown(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Stored values as the form shows them."""
        return dict(values)

    def show_problems(self, problems) -> list[tuple[str, str]]:
        raise NotImplementedError

    def load_values(self, values: Mapping[str, Any]) -> None:
        raise NotImplementedError


class DealerDialog(RecordDialog):
    """Create or edit a dealer and its territories."""

    def __init__(
        self,
        ctx: PanelContext,
        choices: tasks.Choices,
        detail=None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.form = FieldForm(DEALER_FIELDS, self)
        self.form.set_choices(
            "region_code",
            [(ctx.name_of(r), r["code"]) for r in choices.regions.to_dict("records")],
        )
        self.territories = TerritoryEditor(self)
        self.territory_title = QLabel(translate("dealers", "Territory"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.form)
        layout.addWidget(self.territory_title)
        layout.addWidget(self.territories, 1)
        layout.addWidget(self.buttons)
        if detail is not None:
            self.record_id, self.version = detail.id, detail.version
            self.load_values(detail.values)
            self.territories.set_rows(detail.territories)
            self.setWindowTitle(
                translate("dealers", "Edit dealer %1").replace("%1", str(detail.values["code"]))
            )
        else:
            self.form.set_values(
                {
                    "tier": "silver",
                    "daily_capacity": "20",
                    "hq_margin_rate": "15%",
                    "contract_start": choices.today.isoformat(),
                }
            )
            self.setWindowTitle(translate("dealers", "New dealer"))
        self.resize(880, 640)

    def labels(self) -> dict[str, str]:
        labels = {name: label for name, label, *_ in DEALER_FIELDS}
        labels["territories"] = QT_TRANSLATE_NOOP("dealers", "Territory")
        return labels

    def shown(self, values: Mapping[str, Any]) -> dict[str, Any]:
        shown = dict(values)
        rate = shown.get("hq_margin_rate")
        if isinstance(rate, float):
            shown["hq_margin_rate"] = f"{rate * 100:g}%"
        return shown

    def load_values(self, values: Mapping[str, Any]) -> None:
        self.form.set_values(self.shown(values))

    def save_call(self, version: int | None) -> tuple:
        return (
            tasks.save_dealer,
            self.ctx.database,
            self.ctx.user,
            self.record_id,
            version,
            self.form.values(),
            self.territories.values(),
        )

    def show_problems(self, problems) -> list[tuple[str, str]]:
        self.territories.clear_problems()
        areas = [p for p in problems if p[0].startswith("territories[")]
        rest = self.form.show_problems([p for p in problems if p not in areas])
        self.territories.show_problems(areas)
        return rest


class StoreDialog(RecordDialog):
    """Create or edit a store."""

    def __init__(
        self,
        ctx: PanelContext,
        choices: tasks.Choices,
        values: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.form = FieldForm(STORE_FIELDS, self)
        dealers = [("", "")] + [
            (f"{r['code']} {ctx.name_of(r)}", r["code"]) for r in choices.dealers.to_dict("records")
        ]
        self.form.set_choices("dealer_code", dealers)
        self.form.set_choices(
            "city_code", [(ctx.name_of(r), r["code"]) for r in choices.cities.to_dict("records")]
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        if values is not None:
            self.record_id, self.version = int(values["id"]), int(values["version"])
            self.load_values(values)
            self.setWindowTitle(
                translate("dealers", "Edit store %1").replace("%1", str(values["code"]))
            )
        else:
            self.form.set_values({"opened_on": choices.today.isoformat(), "status": "open"})
            self.setWindowTitle(translate("dealers", "New store"))
        self.resize(820, 460)

    def labels(self) -> dict[str, str]:
        return {name: label for name, label, *_ in STORE_FIELDS}

    def load_values(self, values: Mapping[str, Any]) -> None:
        self.form.set_values(values)

    def save_call(self, version: int | None) -> tuple:
        return (
            tasks.save_store,
            self.ctx.database,
            self.ctx.user,
            self.record_id,
            version,
            self.form.values(),
        )

    def show_problems(self, problems) -> list[tuple[str, str]]:
        return self.form.show_problems(problems)


class ProblemsDialog(QDialog):
    """An import that was refused: every problem with its row and column."""

    def __init__(self, error: ValidationError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("dealers", "The file was not imported"))
        text = QLabel(str(error), self)
        text.setWordWrap(True)
        self.table = QTableWidget(len(error.problems), 2, self)
        self.table.setHorizontalHeaderLabels(
            [translate("dealers", "Where"), translate("dealers", "Problem")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for row, (where, reason) in enumerate(error.problems):
            self.table.setItem(row, 0, QTableWidgetItem(str(where)))
            self.table.setItem(row, 1, QTableWidgetItem(str(reason)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)
