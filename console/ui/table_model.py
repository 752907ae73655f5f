"""A Qt table model over a pandas DataFrame that stays fast at a million rows.

Every column is turned into one numpy array when the frame is set; `data()` only indexes
that array and formats one value, so its cost does not depend on the number of rows
(no `df.iloc` per cell). Sorting and filtering build an index array (`view -> source row`);
selections survive both because persistent indexes are remapped.

Column formats (`formats={"revenue": "money", ...}`; guessed from the dtype when omitted):
text, int, number, number:N, money, money:N, money_compact, percent, percent:N, change,
bool, date, week, month, quarter, year, datetime, sparkline — or any callable value -> str.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from console.ui import formatting as fmt
from console.ui.theme import chart_theme

RAW_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the unformatted value (exports, delegates, tests)
# Plain ints: data() is called for every role of every painted cell, enum compares cost time.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ROLES = frozenset({DISPLAY, EDIT, ALIGNMENT, FOREGROUND, BACKGROUND, RAW_ROLE})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

Formatter = Callable[[Any], str]
NUMERIC_KINDS = {"int", "number", "money", "money_compact", "percent", "change"}
DATE_KINDS = {"date", "week", "month", "quarter", "year", "datetime"}


def _datetime_of(value: Any) -> datetime | None:
    if value is None or (isinstance(value, np.datetime64) and np.isnat(value)):
        return None
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[us]").item()
    return value


def make_formatter(spec: str | Formatter) -> tuple[str, Formatter]:
    """(kind, value -> display text) for a format spec such as 'money:0' or 'percent'."""
    if callable(spec):
        return "custom", spec
    kind, _, digits = spec.partition(":")
    places = int(digits) if digits else None
    if kind == "int":
        return kind, lambda v: fmt.format_number(v, 0)
    if kind == "number":
        return kind, lambda v: fmt.format_number(v, 2 if places is None else places)
    if kind == "money":
        return kind, lambda v: fmt.format_money(v, 2 if places is None else places)
    if kind == "money_compact":
        return kind, lambda v: fmt.format_money(v, compact=True)
    if kind == "percent":
        return kind, lambda v: fmt.format_percent(v, 1 if places is None else places)
    if kind == "change":
        return kind, lambda v: fmt.format_change(v, 1 if places is None else places)
    if kind == "bool":
        return kind, lambda v: fmt.MISSING if v is None else ("✓" if v else "")
    if kind in DATE_KINDS:
        period = "day" if kind == "date" else kind
        return kind, lambda v: fmt.format_date(_datetime_of(v), period)
    if kind == "sparkline":
        return kind, lambda v: ""
    if kind == "text":
        return kind, lambda v: fmt.MISSING if v is None else str(v)
    raise ValueError(f"unknown column format {spec!r}")


def guess_format(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        values = series.dropna().to_numpy()
        if len(values) and (values.astype("datetime64[D]") != values).any():
            return "datetime"
        return "date"
    if pd.api.types.is_object_dtype(dtype):
        first = series.dropna().head(1)
        if len(first) and isinstance(first.iloc[0], list | tuple | np.ndarray):
            return "sparkline"
    return "text"


def column_array(series: pd.Series, kind: str) -> np.ndarray:
    """One numpy array per column: float/int for numbers, datetime64 for dates, else objects."""
    if kind in NUMERIC_KINDS or (kind == "custom" and pd.api.types.is_numeric_dtype(series)):
        if pd.api.types.is_integer_dtype(series.dtype) and not series.isna().any():
            return series.to_numpy(dtype=np.int64)
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    if kind in DATE_KINDS:
        return pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[ns]")
    if kind == "bool":
        return series.astype(object).where(series.notna(), None).to_numpy(dtype=object)
    return series.astype(object).where(series.notna(), None).to_numpy(dtype=object)


def sort_keys(values: np.ndarray) -> np.ndarray:
    """Integer or float keys with missing values last when sorted ascending."""
    if values.dtype.kind in "if":
        return values
    if values.dtype.kind == "M":
        keys = values.view(np.int64).astype(np.float64)
        keys[np.isnat(values)] = np.nan
        return keys
    try:
        codes, _ = pd.factorize(values, sort=True)
    except TypeError:  # mixed types: compare as text
        codes, _ = pd.factorize(pd.Series(values, dtype=object).map(_comparable), sort=True)
    keys = codes.astype(np.float64)
    keys[codes < 0] = np.nan
    return keys


def _comparable(value: Any) -> Any:
    if value is None or isinstance(value, list | tuple | np.ndarray):
        return None
    return value if isinstance(value, str | int | float | bool) else str(value)


class DataFrameTableModel(QAbstractTableModel):
    """Read-only model: formatted display text, raw values under RAW_ROLE, sort and filter."""

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        *,
        formats: Mapping[str, str | Formatter] | None = None,
        headers: Mapping[str, str] | None = None,
        tooltips: Mapping[str, str] | None = None,
        row_colors: str | None = None,
        parent: Any = None,
    ) -> None:
        """`row_colors` names a column holding a colour per row ('#ffe0e0', or '' for none)."""
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._columns: list[str] = []
        self._arrays: list[np.ndarray] = []
        self._kinds: list[str] = []
        self._formatters: list[Formatter] = []
        self._headers: list[str] = []
        self._tooltips: dict[str, str] = {}
        self._row_colors: np.ndarray | None = None
        self._brushes: dict[str, QBrush] = {}
        self._order: np.ndarray | None = None  # sorted source rows (None = frame order)
        self._mask: np.ndarray | None = None  # rows passing the filter (None = all)
        self._view: np.ndarray | None = None  # view row -> source row (None = identity)
        self._n = 0
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._filter_text = ""
        self._filter_columns: list[str] | None = None
        self._lower_cache: dict[int, pd.Series] = {}
        self.set_frame(
            frame if frame is not None else pd.DataFrame(),
            formats=formats, headers=headers, tooltips=tooltips, row_colors=row_colors,
        )  # fmt: skip

    # -- data in --------------------------------------------------------------------------
    def set_frame(
        self,
        frame: pd.DataFrame,
        *,
        formats: Mapping[str, str | Formatter] | None = None,
        headers: Mapping[str, str] | None = None,
        tooltips: Mapping[str, str] | None = None,
        row_colors: str | None = None,
    ) -> None:
        """Replace the data; the current sort and filter are applied to the new rows."""
        self.beginResetModel()
        formats = dict(formats or {})
        headers = dict(headers or {})
        self._frame = frame.reset_index(drop=True)
        colour_column = row_colors
        self._columns = [str(c) for c in self._frame.columns if str(c) != colour_column]
        self._arrays, self._kinds, self._formatters = [], [], []
        for name in self._columns:
            series = self._frame[name]
            kind, formatter = make_formatter(formats.get(name) or guess_format(series))
            self._kinds.append(kind)
            self._formatters.append(formatter)
            self._arrays.append(column_array(series, kind))
        self._headers = [headers.get(c, c) for c in self._columns]
        self._tooltips = dict(tooltips or {})
        self._row_colors = (
            self._frame[colour_column].fillna("").astype(str).to_numpy(dtype=object)
            if colour_column and colour_column in self._frame
            else None
        )
        self._n = len(self._frame)
        self._lower_cache.clear()
        self._order = None
        self._mask = None
        if self._sort is not None and self._sort[0] >= len(self._columns):
            self._sort = None
        if self._sort is not None:
            self._order = self._sorted_rows(*self._sort)
        if self._filter_text:
            self._mask = self._filter_mask()
        self._rebuild_view()
        self.endResetModel()

    # -- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._n if self._view is None else len(self._view)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row() if self._view is None else int(self._view[index.row()])
        column = index.column()
        if role == DISPLAY:
            return self._formatters[column](self._value(column, row))
        if role in (RAW_ROLE, EDIT):
            return self._value(column, row)
        if role == ALIGNMENT:
            return _RIGHT if self._kinds[column] in NUMERIC_KINDS else _LEFT
        if role == FOREGROUND:
            if self._kinds[column] != "change":
                return None
            value = self._value(column, row)
            if value is None or value == 0:
                return None
            theme = chart_theme()
            return self._brush(theme.positive if value > 0 else theme.negative)
        if self._row_colors is not None:  # BACKGROUND
            colour = self._row_colors[row]
            return self._brush(colour) if colour else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(self._columns):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltips.get(self._columns[section])
            if role == Qt.ItemDataRole.TextAlignmentRole and self._kinds[section] in NUMERIC_KINDS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self._sort = (column, order)
        self._relayout(lambda: setattr(self, "_order", self._sorted_rows(column, order)))

    # -- filter ---------------------------------------------------------------------------
    def set_filter(self, text: str, columns: Sequence[str] | None = None) -> None:
        """Keep rows where any of `columns` (default: all text columns) contains `text`."""
        self._filter_text = text.strip()
        self._filter_columns = list(columns) if columns else None

        def apply() -> None:
            self._mask = self._filter_mask() if self._filter_text else None

        self._relayout(apply)

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def filterable_columns(self) -> list[str]:
        return [c for c, k in zip(self._columns, self._kinds, strict=True) if k == "text"]

    # -- data out -------------------------------------------------------------------------
    @property
    def frame(self) -> pd.DataFrame:
        return self._frame

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def header(self, column: int) -> str:
        return self._headers[column]

    def column_index(self, name: str) -> int:
        return self._columns.index(name)

    def column_kind(self, column: int) -> str:
        return self._kinds[column]

    @property
    def total_rows(self) -> int:
        return self._n

    def source_row(self, view_row: int) -> int:
        return view_row if self._view is None else int(self._view[view_row])

    def view_rows(self) -> np.ndarray:
        """Source row numbers in the order the view shows them (after sort and filter)."""
        return np.arange(self._n) if self._view is None else self._view.copy()

    def view_row_of(self, source_row: int) -> int | None:
        if self._view is None:
            return source_row if 0 <= source_row < self._n else None
        hits = np.flatnonzero(self._view == source_row)
        return int(hits[0]) if len(hits) else None

    def visible_frame(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The rows as shown (sorted, filtered) with display headers: what an export writes."""
        names = list(columns) if columns is not None else self._columns
        frame = self._frame.iloc[self.view_rows()][names].reset_index(drop=True)
        return frame.rename(columns={c: self._headers[self._columns.index(c)] for c in names})

    def row_dict(self, view_row: int) -> dict[str, Any]:
        source = self.source_row(view_row)
        return {c: self._value(i, source) for i, c in enumerate(self._columns)}

    # -- internals ------------------------------------------------------------------------
    def _value(self, column: int, row: int) -> Any:
        value = self._arrays[column][row]
        kind = self._arrays[column].dtype.kind
        if kind == "f":
            return None if value != value else float(value)
        if kind == "i":
            return int(value)
        if kind == "M":
            return None if np.isnat(value) else value
        return value

    def _brush(self, colour: str) -> QBrush:
        brush = self._brushes.get(colour)
        if brush is None:
            brush = self._brushes[colour] = QBrush(QColor(colour))
        return brush

    def _sorted_rows(self, column: int, order: Qt.SortOrder) -> np.ndarray:
        keys = sort_keys(self._arrays[column])
        if order == Qt.SortOrder.DescendingOrder:
            keys = -keys.astype(np.float64)  # NaN stays NaN: missing values stay last
        return np.argsort(keys, kind="stable")

    def _filter_mask(self) -> np.ndarray:
        names = self._filter_columns or self.filterable_columns()
        needle = self._filter_text.lower()
        mask = np.zeros(self._n, dtype=bool)
        for name in names:
            if name not in self._columns:
                continue
            column = self._columns.index(name)
            lowered = self._lower_cache.get(column)
            if lowered is None:
                values = pd.Series(self._arrays[column], dtype=object).fillna("")
                lowered = values.map(str).str.lower()
                self._lower_cache[column] = lowered
            mask |= lowered.str.contains(needle, regex=False).to_numpy(dtype=bool)
        return mask

    def _rebuild_view(self) -> None:
        if self._order is None and self._mask is None:
            self._view = None
        elif self._mask is None:
            self._view = self._order
        elif self._order is None:
            self._view = np.flatnonzero(self._mask)
        else:
            self._view = self._order[self._mask[self._order]]

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply a sort/filter change, keeping selections and the current index on their rows."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [self.source_row(p.row()) for p in persistent]
        change()
        self._rebuild_view()
        if persistent:
            position = np.full(self._n, -1, dtype=np.int64)
            view = self.view_rows()
            position[view] = np.arange(len(view))
            new = []
            for old, source in zip(persistent, sources, strict=True):
                row = int(position[source])
                new.append(self.index(row, old.column()) if row >= 0 else QModelIndex())
            self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()
