"""The constraint editors: per cell (min / max as amounts or % of current spend, locked, the
manual plan) and per group (online / offline shares, region and channel caps).

Both emit `changed` on every edit (the panel re-optimises, debounced) and can mark the fields
an error names (red background or border, the reason as tooltip).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.api import format_money, translate
from plugins.budget.model import BOUND_KEYS, DEFAULT_BOUNDS, Mark

MARK_COLOUR = QColor(207, 34, 46, 80)
MARK_STYLE = "border: 2px solid #cf222e; border-radius: 3px;"
CELL_COLUMNS = ("channel", "region", "current", *BOUND_KEYS, "locked", "manual")
EDITABLE = (*BOUND_KEYS, "manual")
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


def parse_amount(text: str) -> float | None:
    """A number typed by hand: thousands separators, currency and percent signs ignored.
    Empty gives None; anything else that is not a number of zero or more raises ValueError."""
    cleaned = text.replace(",", "").replace("¥", "").replace("%", "").replace(" ", "").strip()
    if not cleaned:
        return None
    value = float(cleaned)
    if not math.isfinite(value) or value < 0:
        raise ValueError(text)
    return value


def _amount_text(value: float | None) -> str:
    return (
        "" if value is None or not math.isfinite(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    )


def mark_widget(widget: QWidget, reason: str | None) -> None:
    """A red border and the reason as tooltip (None clears both)."""
    widget.setStyleSheet(MARK_STYLE if reason is not None else "")
    widget.setToolTip(reason or "")
    widget.setProperty("marked", reason is not None)


class CellEditor(QWidget):
    """One row per cell; `bounds()`, `locked()`, `manual()` read what the manager entered."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: list[str] = []
        self.current: dict[str, float] = {}
        self._filling = False
        self._bad: dict[tuple[str, str], str] = {}
        self.table = QTableWidget(0, len(CELL_COLUMNS), self)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(EDIT_TRIGGERS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemChanged.connect(self._item_changed)
        self.unit_label = QLabel(self)
        self.unit = QComboBox(self)
        self.unit.addItems(["", ""])
        self.unit.currentIndexChanged.connect(self._show_unit)
        self.min_pct = QDoubleSpinBox(self)
        self.max_pct = QDoubleSpinBox(self)
        for box, value in ((self.min_pct, DEFAULT_BOUNDS[0]), (self.max_pct, DEFAULT_BOUNDS[1])):
            box.setRange(0, 10_000)
            box.setDecimals(0)
            box.setSuffix(" %")
            box.setValue(value)
        self.all_label = QLabel(self)
        self.apply_button = QPushButton(self)
        self.apply_button.clicked.connect(self.apply_percent_bounds)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear_bounds)
        self.manual_current = QPushButton(self)
        self.manual_current.clicked.connect(lambda: self.set_manual(self.current))
        self.manual_optimal = QPushButton(self)
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit_label)
        unit_row.addWidget(self.unit)
        unit_row.addStretch(1)
        unit_row.addWidget(self.clear_button)
        quick = QHBoxLayout()
        quick.addWidget(self.all_label)
        quick.addWidget(self.min_pct)
        quick.addWidget(self.max_pct)
        quick.addWidget(self.apply_button)
        quick.addStretch(1)
        manual = QHBoxLayout()
        manual.addStretch(1)
        manual.addWidget(self.manual_current)
        manual.addWidget(self.manual_optimal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(unit_row)
        layout.addLayout(quick)
        layout.addWidget(self.table, 1)
        layout.addLayout(manual)
        self.retranslate_ui()
        self._show_unit()

    def _show_unit(self) -> None:
        """Bounds are shown in percent of current spend or in ¥ per week (both kinds apply;
        where both are set the tighter one holds)."""
        percent = self.unit.currentIndex() == 0
        for key in BOUND_KEYS:
            self.table.setColumnHidden(CELL_COLUMNS.index(key), key.endswith("_pct") != percent)
        for widget in (self.all_label, self.min_pct, self.max_pct, self.apply_button):
            widget.setVisible(percent)

    def show_unit(self, key: str) -> None:
        """Show the kind of bound a mark concerns (min/max amounts or percents)."""
        self.unit.setCurrentIndex(0 if key.endswith("_pct") else 1)

    # -- content -------------------------------------------------------------------------------
    def set_cells(self, cells: pd.DataFrame, labels: Mapping[str, tuple[str, str]]) -> None:
        """cells: cell, current_spend; labels: cell -> (channel, region) as shown."""
        self._filling = True
        self.cells = list(cells["cell"])
        self.current = dict(zip(cells["cell"], cells["current_spend"].astype(float), strict=True))
        self.table.setRowCount(len(self.cells))
        for row, cell in enumerate(self.cells):
            channel, region = labels.get(cell, (cell, ""))
            for column, text in ((0, channel), (1, region)):
                self._fixed(row, column, text).setToolTip(text)
            self._fixed(row, 2, format_money(self.current[cell], 0))
            for column in EDITABLE:
                item = QTableWidgetItem("")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, CELL_COLUMNS.index(column), item)
            check = QTableWidgetItem("")
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, CELL_COLUMNS.index("locked"), check)
        self._filling = False
        self._size_columns()

    def _size_columns(self) -> None:
        """Names get a fixed share (elided, the full name as tooltip); numbers fit their text."""
        widths = {"channel": 136, "region": 100, "current": 74, "locked": 40, "manual": 78}
        for column, name in enumerate(CELL_COLUMNS):
            self.table.setColumnWidth(column, widths.get(name, 54))

    def relabel(self, labels: Mapping[str, tuple[str, str]]) -> None:
        """New channel and region names (a language switch) without touching the values."""
        self._filling = True
        for row, cell in enumerate(self.cells):
            for column, text in zip((0, 1), labels.get(cell, (cell, "")), strict=True):
                self.table.item(row, column).setText(text)
                self.table.item(row, column).setToolTip(text)
        self._filling = False

    def _fixed(self, row: int, column: int, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if column == 2:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, column, item)
        return item

    def item(self, cell: str, column: str) -> QTableWidgetItem:
        return self.table.item(self.cells.index(cell), CELL_COLUMNS.index(column))

    def set_values(
        self,
        bounds: Mapping[str, Mapping[str, float]],
        locked: Mapping[str, float],
        manual: Mapping[str, float],
    ) -> None:
        """Fill bounds, locks and the manual plan (missing manual cells: current spend)."""
        self._filling = True
        for cell in self.cells:
            bound = bounds.get(cell, {})
            for key in BOUND_KEYS:
                value = bound.get(key)
                self.item(cell, key).setText(_amount_text(None if value is None else float(value)))
            state = Qt.CheckState.Checked if cell in locked else Qt.CheckState.Unchecked
            self.item(cell, "locked").setCheckState(state)
            spend = locked.get(cell, manual.get(cell, self.current[cell]))
            self.item(cell, "manual").setText(_amount_text(round(float(spend), 2)))
        self._bad.clear()
        self._filling = False
        self.changed.emit()

    def set_manual(self, spend: Mapping[str, float]) -> None:
        self._filling = True
        for cell in self.cells:
            if cell in spend:
                self.item(cell, "manual").setText(_amount_text(round(float(spend[cell]), 2)))
        self._filling = False
        self.changed.emit()

    def apply_percent_bounds(self) -> None:
        """The same min / max in percent of current spend for every cell (amounts cleared)."""
        self._set_all({"min_pct": self.min_pct.value(), "max_pct": self.max_pct.value()})

    def clear_bounds(self) -> None:
        self._set_all({})

    def _set_all(self, values: Mapping[str, float]) -> None:
        self._filling = True
        for cell in self.cells:
            for key in BOUND_KEYS:
                self.item(cell, key).setText(_amount_text(values.get(key)))
        self._bad = {k: v for k, v in self._bad.items() if k[1] not in BOUND_KEYS}
        self._filling = False
        self.changed.emit()

    def set_cell_bounds(self, cell: str, values: Mapping[str, float]) -> None:
        """Replace one cell's bounds (e.g. held at 0 for a segment the channel cannot reach)."""
        self._filling = True
        for key in BOUND_KEYS:
            self.item(cell, key).setText(_amount_text(values.get(key)))
        self._filling = False
        self.changed.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        column = CELL_COLUMNS[item.column()]
        cell = self.cells[item.row()]
        if column in EDITABLE:
            try:
                parse_amount(item.text())
                self._bad.pop((cell, column), None)
            except ValueError:
                self._bad[(cell, column)] = translate(
                    "budget", "'%1' is not an amount of zero or more"
                ).replace("%1", item.text())
        self.changed.emit()

    # -- reading ---------------------------------------------------------------------------------
    def invalid(self) -> list[Mark]:
        """Fields whose text is not a number: the panel marks them and waits for a fix."""
        return [Mark("cell", cell, column, reason) for (cell, column), reason in self._bad.items()]

    def _value(self, cell: str, column: str) -> float | None:
        try:
            return parse_amount(self.item(cell, column).text())
        except ValueError:
            return None

    def bounds(self) -> dict[str, dict[str, float]]:
        out = {}
        for cell in self.cells:
            values = {key: self._value(cell, key) for key in BOUND_KEYS}
            values = {k: v for k, v in values.items() if v is not None}
            if values:
                out[cell] = values
        return out

    def locked(self) -> dict[str, float]:
        """Locked cells are held at their manual amount (current spend when empty)."""
        return {
            cell: self.manual_value(cell)
            for cell in self.cells
            if self.item(cell, "locked").checkState() == Qt.CheckState.Checked
        }

    def manual_value(self, cell: str) -> float:
        value = self._value(cell, "manual")
        return self.current[cell] if value is None else value

    def manual(self) -> dict[str, float]:
        return {cell: self.manual_value(cell) for cell in self.cells}

    # -- marks and modes -------------------------------------------------------------------------
    def mark(self, marks: Iterable[Mark]) -> None:
        """Mark the named fields, and those holding text that is not a number."""
        self.clear_marks()
        targets = [
            (mark.key, column, mark.reason)
            for mark in marks
            if mark.kind == "cell" and mark.key in self.cells
            for column in ([mark.column] if mark.column else list(EDITABLE))
        ]
        targets += [(cell, column, reason) for (cell, column), reason in self._bad.items()]
        bound_columns = [column for _, column, _ in targets if column in BOUND_KEYS]
        if bound_columns:
            self.show_unit(bound_columns[0])
        self._filling = True  # a colour change emits itemChanged too
        for cell, column, reason in targets:
            item = self.item(cell, column)
            item.setBackground(QBrush(MARK_COLOUR))
            item.setToolTip(reason)
        self._filling = False

    def clear_marks(self) -> None:
        self._filling = True
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        self._filling = False

    def marked(self) -> list[tuple[str, str]]:
        """(cell, column) of the marked fields (for tests)."""
        return [
            (cell, column)
            for cell in self.cells
            for column in CELL_COLUMNS
            if self.item(cell, column).background().style() != Qt.BrushStyle.NoBrush
        ]

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else EDIT_TRIGGERS
        )
        self._filling = True
        for cell in self.cells:
            flags = Qt.ItemFlag.ItemIsUserCheckable | (
                Qt.ItemFlag.NoItemFlags if read_only else Qt.ItemFlag.ItemIsEnabled
            )
            self.item(cell, "locked").setFlags(flags)
        self._filling = False
        for widget in (
            self.unit,
            self.min_pct,
            self.max_pct,
            self.apply_button,
            self.clear_button,
            self.manual_current,
            self.manual_optimal,
        ):
            widget.setEnabled(not read_only)

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                translate("budget", "Channel"),
                translate("budget", "Region"),
                translate("budget", "Current"),
                translate("budget", "Min ¥"),
                translate("budget", "Max ¥"),
                translate("budget", "Min %"),
                translate("budget", "Max %"),
                translate("budget", "Lock"),
                translate("budget", "Manual ¥"),
            ]
        )
        self.table.horizontalHeaderItem(CELL_COLUMNS.index("current")).setToolTip(
            translate("budget", "Current weekly spend: the mean of the last 4 weeks.")
        )
        self.table.horizontalHeaderItem(CELL_COLUMNS.index("min_pct")).setToolTip(
            translate("budget", "Minimum in percent of the cell's current weekly spend.")
        )
        self.table.horizontalHeaderItem(CELL_COLUMNS.index("locked")).setToolTip(
            translate("budget", "Hold the cell at its manual amount.")
        )
        self.table.horizontalHeaderItem(CELL_COLUMNS.index("manual")).setToolTip(
            translate("budget", "Your own plan, compared with the optimal one.")
        )
        self.unit_label.setText(translate("budget", "Bounds in:"))
        self.unit.setItemText(0, translate("budget", "% of current"))
        self.unit.setItemText(1, translate("budget", "¥ per week"))
        self.all_label.setText(translate("budget", "All cells:"))
        self.min_pct.setPrefix(translate("budget", "min "))
        self.max_pct.setPrefix(translate("budget", "max "))
        self.apply_button.setText(translate("budget", "Apply"))
        self.clear_button.setText(translate("budget", "Clear bounds"))
        self.manual_current.setText(translate("budget", "Manual = current"))
        self.manual_optimal.setText(translate("budget", "Manual = optimal"))


class GroupEditor(QWidget):
    """Online / offline share bounds (percent) and per-region / per-channel weekly caps."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.shares: dict[tuple[str, str], QDoubleSpinBox] = {}
        grid = QGridLayout()
        self.share_labels: dict[str, QLabel] = {}
        self.share_headers = (QLabel(self), QLabel(self))
        grid.addWidget(self.share_headers[0], 0, 1)
        grid.addWidget(self.share_headers[1], 0, 2)
        for row, side in enumerate(("online", "offline"), start=1):
            label = QLabel(self)
            self.share_labels[side] = label
            grid.addWidget(label, row, 0)
            for column, end in enumerate(("min", "max"), start=1):
                box = QDoubleSpinBox(self)
                box.setRange(0, 100)
                box.setDecimals(1)
                box.setSuffix(" %")
                box.setValue(0 if end == "min" else 100)
                box.valueChanged.connect(self._emit)
                self.shares[(side, end)] = box
                grid.addWidget(box, row, column)
        self.region_title = QLabel(self)
        self.region_title.setObjectName("SectionTitle")
        self.region_caps = self._cap_table()
        self.channel_title = QLabel(self)
        self.channel_title.setObjectName("SectionTitle")
        self.channel_caps = self._cap_table()
        self.cap_keys: dict[QTableWidget, list[str]] = {self.region_caps: [], self.channel_caps: []}
        self._bad: dict[tuple[str, str], str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.region_title)
        layout.addWidget(self.region_caps, 1)
        layout.addWidget(self.channel_title)
        layout.addWidget(self.channel_caps, 1)
        self.retranslate_ui()

    def _cap_table(self) -> QTableWidget:
        table = QTableWidget(0, 2, self)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.itemChanged.connect(lambda item, t=table: self._cap_changed(t, item))
        return table

    def _emit(self) -> None:
        if not self._filling:
            self.changed.emit()

    def set_groups(self, regions: list[tuple[str, str]], channels: list[tuple[str, str]]) -> None:
        """(key, label) of every region and channel that has cells."""
        self._filling = True
        for table, entries in ((self.region_caps, regions), (self.channel_caps, channels)):
            self.cap_keys[table] = [key for key, _ in entries]
            table.setRowCount(len(entries))
            for row, (_key, label) in enumerate(entries):
                name = QTableWidgetItem(label)
                name.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row, 0, name)
                cap = QTableWidgetItem("")
                cap.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, 1, cap)
        self._filling = False

    def relabel(self, labels: Mapping[str, str]) -> None:
        """New region and channel names (a language switch) by key."""
        self._filling = True
        for table in (self.region_caps, self.channel_caps):
            for row, key in enumerate(self.cap_keys[table]):
                table.item(row, 0).setText(labels.get(key, key))
        self._filling = False

    def set_values(
        self,
        online: tuple[float, float],
        offline: tuple[float, float],
        region_caps: Mapping[str, float],
        channel_caps: Mapping[str, float],
    ) -> None:
        self._filling = True
        for side, (low, high) in (("online", online), ("offline", offline)):
            self.shares[(side, "min")].setValue(low * 100)
            self.shares[(side, "max")].setValue(high * 100)
        for table, caps in ((self.region_caps, region_caps), (self.channel_caps, channel_caps)):
            for row, key in enumerate(self.cap_keys[table]):
                table.item(row, 1).setText(_amount_text(caps.get(key)))
        self._bad.clear()
        self._filling = False
        self.changed.emit()

    def _cap_changed(self, table: QTableWidget, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1:
            return
        kind = "region" if table is self.region_caps else "channel"
        key = self.cap_keys[table][item.row()]
        try:
            parse_amount(item.text())
            self._bad.pop((kind, key), None)
        except ValueError:
            self._bad[(kind, key)] = translate(
                "budget", "'%1' is not an amount of zero or more"
            ).replace("%1", item.text())
        self.changed.emit()

    def share(self, side: str) -> tuple[float, float]:
        return (
            self.shares[(side, "min")].value() / 100,
            self.shares[(side, "max")].value() / 100,
        )

    def caps(self, kind: str) -> dict[str, float]:
        table = self.region_caps if kind == "region" else self.channel_caps
        caps = {}
        for row, key in enumerate(self.cap_keys[table]):
            try:
                value = parse_amount(table.item(row, 1).text())
            except ValueError:
                value = None
            if value is not None:
                caps[key] = value
        return caps

    def invalid(self) -> list[Mark]:
        return [Mark(kind, key, reason=reason) for (kind, key), reason in self._bad.items()]

    def mark(self, marks: Iterable[Mark]) -> None:
        self.clear_marks()
        self._filling = True  # a colour change emits itemChanged too
        for mark in [*marks, *self.invalid()]:
            if mark.kind == "share" and mark.key in ("online", "offline"):
                for end in ("min", "max"):
                    mark_widget(self.shares[(mark.key, end)], mark.reason)
            elif mark.kind in ("region", "channel"):
                table = self.region_caps if mark.kind == "region" else self.channel_caps
                if mark.key in self.cap_keys[table]:
                    item = table.item(self.cap_keys[table].index(mark.key), 1)
                    item.setBackground(QBrush(MARK_COLOUR))
                    item.setToolTip(mark.reason)
        self._filling = False

    def clear_marks(self) -> None:
        self._filling = True
        for box in self.shares.values():
            mark_widget(box, None)
        for table in (self.region_caps, self.channel_caps):
            for row in range(table.rowCount()):
                table.item(row, 1).setBackground(QBrush())
                table.item(row, 1).setToolTip("")
        self._filling = False

    def marked(self) -> list[tuple[str, str]]:
        """(kind, key) of the marked fields: ("share", side), ("region" | "channel", key)."""
        marks = [
            ("share", side)
            for side in ("online", "offline")
            if self.shares[(side, "min")].property("marked")
        ]
        for kind, table in (("region", self.region_caps), ("channel", self.channel_caps)):
            for row, key in enumerate(self.cap_keys[table]):
                if table.item(row, 1).background().style() != Qt.BrushStyle.NoBrush:
                    marks.append((kind, key))
        return marks

    def set_read_only(self, read_only: bool) -> None:
        for box in self.shares.values():
            box.setReadOnly(read_only)
        for table in (self.region_caps, self.channel_caps):
            table.setEditTriggers(
                QAbstractItemView.EditTrigger.NoEditTriggers if read_only else EDIT_TRIGGERS
            )

    def retranslate_ui(self) -> None:
        self.share_headers[0].setText(translate("budget", "Minimum"))
        self.share_headers[1].setText(translate("budget", "Maximum"))
        self.share_labels["online"].setText(translate("budget", "Online share"))
        self.share_labels["offline"].setText(translate("budget", "Offline share"))
        self.region_title.setText(translate("budget", "Region caps (per week, empty: none)"))
        self.channel_title.setText(translate("budget", "Channel caps (per week, empty: none)"))
        for table in (self.region_caps, self.channel_caps):
            first = translate("budget", "Region") if table is self.region_caps else ""
            table.setHorizontalHeaderLabels(
                [first or translate("budget", "Channel"), translate("budget", "Cap ¥")]
            )
