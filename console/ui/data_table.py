"""DataTable: the table every panel uses — model, filter box, column chooser, export, row count.

table = DataTable(ctx=ctx, settings_key="dealers.ranking", export_name="dealer-ranking")
table.set_frame(df, formats={"revenue": "money"}, headers={"revenue": tr("Revenue")},
                key="dealer_id")   # keeps selection and scroll position across refreshes
table.row_activated.connect(lambda row: open_dealer(table.model.row_dict(row)))
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.ui.export import ask_save_path, export_frame
from console.ui.i18n import translate
from console.ui.progress import TaskProgress
from console.ui.table_model import RAW_ROLE, DataFrameTableModel, Formatter
from console.ui.theme import chart_theme

log = logging.getLogger(__name__)


class SparklineDelegate(QStyledItemDelegate):
    """Draws a cell's sequence of numbers (RAW_ROLE) as a small line, last point marked."""

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        super().paint(painter, option, QModelIndex())  # background / selection only
        values = index.data(RAW_ROLE)
        if values is None:
            return
        data = np.asarray(values, dtype=float)
        data = data[np.isfinite(data)]
        if len(data) < 2:
            return
        rect = option.rect.adjusted(4, 4, -4, -4)
        low, high = float(data.min()), float(data.max())
        span = (high - low) or 1.0
        xs = rect.left() + np.arange(len(data)) * rect.width() / (len(data) - 1)
        ys = rect.bottom() - (data - low) / span * rect.height()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(chart_theme().accent), 1.4))
        for i in range(len(data) - 1):
            painter.drawLine(int(xs[i]), int(ys[i]), int(xs[i + 1]), int(ys[i + 1]))
        painter.setBrush(QColor(chart_theme().accent))
        painter.drawEllipse(int(xs[-1]) - 2, int(ys[-1]) - 2, 4, 4)
        painter.restore()


class DataTable(QWidget):
    """A DataFrameTableModel in a QTableView with a toolbar: filter, row count, columns, export.

    `ctx` (the PanelContext) is used to run exports in the background; `settings_key` makes
    hidden columns persistent; `export_name` is the suggested file name.
    """

    row_activated = Signal(int)  # view row, on double click or Enter (QTableView.activated)
    selection_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        ctx: Any = None,
        settings_key: str | None = None,
        export_name: str = "table",
        filter_columns: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DataTable")
        self._ctx = ctx
        self._settings_key = settings_key
        self._export_name = export_name
        self._filter_columns = filter_columns
        self._sized_columns: list[str] = []

        self.model = DataFrameTableModel(parent=self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        self.view.setSortingEnabled(True)
        self.view.activated.connect(lambda index: self.row_activated.emit(index.row()))
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit()
        )

        self.filter_box = QLineEdit(self)
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setObjectName("FilterBox")
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_box.textChanged.connect(lambda _: self._filter_timer.start(200))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("RowCount")
        self.columns_button = QToolButton(self)
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self.columns_button)
        self.columns_button.setMenu(self.columns_menu)
        self.export_button = QToolButton(self)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        self.export_xlsx_action = export_menu.addAction("", lambda: self.ask_export("xlsx"))
        self.export_csv_action = export_menu.addAction("", lambda: self.ask_export("csv"))
        self.export_button.setMenu(export_menu)
        self.export_progress = TaskProgress(self, compact=True)
        self.export_progress.hide()

        self.toolbar = QHBoxLayout()
        self.toolbar.setContentsMargins(0, 0, 0, 0)
        self.toolbar.addWidget(self.filter_box, 2)
        self.toolbar.addWidget(self.count_label)
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.export_progress)
        self.toolbar.addWidget(self.columns_button)
        self.toolbar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.view, 1)
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(self._update_count)
        self.retranslate_ui()

    # -- data -----------------------------------------------------------------------------
    def set_frame(
        self,
        frame: pd.DataFrame,
        *,
        formats: Mapping[str, str | Formatter] | None = None,
        headers: Mapping[str, str] | None = None,
        tooltips: Mapping[str, str] | None = None,
        row_colors: str | None = None,
        key: str | None = None,
    ) -> None:
        """Show a new frame. With `key` (a column of unique ids) the selected rows and the
        scroll position are kept, so auto-refresh does not disturb the user."""
        selected = self._selected_keys(key)
        scroll = self.view.verticalScrollBar().value()
        self.model.set_frame(
            frame, formats=formats, headers=headers, tooltips=tooltips, row_colors=row_colors
        )
        self._configure_columns()
        if key is not None:
            self._select_keys(key, selected)
            self.view.verticalScrollBar().setValue(scroll)

    def visible_frame(self) -> pd.DataFrame:
        """Rows as shown (sorted, filtered), visible columns in on-screen order, display headers."""
        header = self.view.horizontalHeader()
        columns = self.model.columns
        order = sorted(
            (header.visualIndex(i), name)
            for i, name in enumerate(columns)
            if not self.view.isColumnHidden(i)
        )
        return self.model.visible_frame([name for _, name in order])

    def selected_rows(self) -> list[int]:
        """View rows of the selection, top to bottom."""
        return sorted({i.row() for i in self.view.selectionModel().selectedRows()})

    def selected_frame(self) -> pd.DataFrame:
        sources = [self.model.source_row(r) for r in self.selected_rows()]
        return self.model.frame.iloc[sources].reset_index(drop=True)

    def current_row(self) -> dict[str, Any] | None:
        index = self.view.currentIndex()
        return self.model.row_dict(index.row()) if index.isValid() else None

    # -- columns --------------------------------------------------------------------------
    def set_column_visible(self, name: str, visible: bool) -> None:
        column = self.model.column_index(name)
        self.view.setColumnHidden(column, not visible)
        for action in self.columns_menu.actions():
            if action.data() == name:
                action.setChecked(visible)
        if self._settings_key:
            QSettings().setValue(f"tables/{self._settings_key}/hidden", self.hidden_columns())

    def hidden_columns(self) -> list[str]:
        return [n for i, n in enumerate(self.model.columns) if self.view.isColumnHidden(i)]

    def _configure_columns(self) -> None:
        columns = self.model.columns
        if columns == self._sized_columns:
            return
        self._sized_columns = columns
        hidden = set()
        if self._settings_key:
            stored = QSettings().value(f"tables/{self._settings_key}/hidden", [])
            hidden = {stored} if isinstance(stored, str) else set(stored or [])
        self.columns_menu.clear()
        metrics = self.view.fontMetrics()
        # The header has its own (bold) font and a sort arrow: measured apart from the cells.
        header_font = QFont(self.view.horizontalHeader().font())
        header_font.setWeight(QFont.Weight.DemiBold)  # the style sheet's weight 600
        header_metrics = QFontMetrics(header_font)
        sample = min(self.model.rowCount(), 200)
        for i, name in enumerate(columns):
            kind = self.model.column_kind(i)
            delegate = SparklineDelegate(self.view) if kind == "sparkline" else None
            self.view.setItemDelegateForColumn(i, delegate)
            cells = [str(self.model.data(self.model.index(r, i)) or "") for r in range(sample)]
            width = max(
                header_metrics.horizontalAdvance(self.model.header(i)) + 40,
                max((metrics.horizontalAdvance(t) for t in cells), default=0) + 28,
            )
            self.view.setColumnWidth(i, 110 if kind == "sparkline" else min(max(width, 60), 360))
            self.view.setColumnHidden(i, name in hidden)
            action = QAction(self.model.header(i), self.columns_menu)
            action.setCheckable(True)
            action.setChecked(name not in hidden)
            action.setData(name)
            action.toggled.connect(lambda on, n=name: self.set_column_visible(n, on))
            self.columns_menu.addAction(action)

    # -- filter and selection -------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Filter immediately (the box itself waits for a pause in typing)."""
        self.filter_box.blockSignals(True)
        self.filter_box.setText(text)
        self.filter_box.blockSignals(False)
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.model.set_filter(self.filter_box.text(), self._filter_columns)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_rows
        if shown == total:
            text = translate("DataTable", "%1 rows").replace("%1", f"{total:,}")
        else:
            text = (
                translate("DataTable", "%1 of %2 rows")
                .replace("%1", f"{shown:,}")
                .replace("%2", f"{total:,}")
            )
        self.count_label.setText(text)

    def _selected_keys(self, key: str | None) -> set[Any]:
        if key is None or key not in self.model.columns:
            return set()
        column = self.model.column_index(key)
        return {
            self.model.data(self.model.index(r, column), RAW_ROLE) for r in self.selected_rows()
        }

    def _select_keys(self, key: str, keys: set[Any]) -> None:
        if not keys or key not in self.model.columns:
            return
        values = self.model.frame[key].to_numpy()
        sources = np.flatnonzero(pd.Series(values).isin(list(keys)).to_numpy())
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for source in sources:
            row = self.model.view_row_of(int(source))
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().select(selection, flags)

    # -- export ---------------------------------------------------------------------------
    def ask_export(self, kind: str) -> None:
        path = ask_save_path(self, self._export_name, (kind,))
        if path is not None:
            self.export_to(path)

    def export_to(self, path) -> Any:
        """Write the visible rows and columns in the background; returns the task handle."""
        frame = self.visible_frame()
        runner = self._ctx if self._ctx is not None else _fallback_runner()
        submit = runner.run if hasattr(runner, "run") else runner.submit
        handle = submit(
            lambda task: export_frame(frame, path, task=task),
            on_result=self._exported,
            on_error=self._export_failed,
            on_cancelled=self.export_progress.hide,
        )
        self.export_progress.show()
        self.export_progress.attach(handle, translate("DataTable", "Exporting…"))
        return handle

    def _exported(self, path) -> None:
        self.export_progress.hide()
        self.count_label.setText(translate("DataTable", "Exported to %1").replace("%1", str(path)))

    def _export_failed(self, error: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from console.ui.view_state import describe_error

        self.export_progress.hide()
        log.error("export failed: %s\n%s", error, getattr(error, "traceback_text", ""))
        problem, fix = describe_error(error)
        QMessageBox.warning(self, translate("DataTable", "Export failed"), f"{problem}\n\n{fix}")

    # -- language -------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.filter_box.setPlaceholderText(translate("DataTable", "Filter…"))
        self.columns_button.setText(translate("DataTable", "Columns"))
        self.columns_button.setToolTip(translate("DataTable", "Choose the columns to show"))
        self.export_button.setText(translate("DataTable", "Export"))
        self.export_xlsx_action.setText(translate("DataTable", "Excel workbook (.xlsx)…"))
        self.export_csv_action.setText(translate("DataTable", "CSV file (.csv)…"))
        self._update_count()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


_runner = None


def _fallback_runner():
    """A runner for tables used outside a panel (tests, dialogs)."""
    global _runner
    if _runner is None:
        from console.ui.runner import BackgroundRunner

        _runner = BackgroundRunner()
    return _runner
