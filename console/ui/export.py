"""Export tables to XLSX/CSV and charts to PNG: the same files from every panel.

Writing runs in a background task (pass the task's control as `task` for progress and
Cancel). A file is written under a temporary name and renamed at the end, so a cancelled or
failed export never leaves half a file behind. Charts are exported as PNG only (pyqtgraph's
SVG export is broken in 0.14).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console.errors import UserError

if TYPE_CHECKING:
    import pandas as pd
    from PySide6.QtWidgets import QWidget

    from console.ui.runner import TaskControl

EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet holds the headers
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_CHUNK = 20_000


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", str(name)).strip() or "Sheet"
    title, n = base[:31], 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _cell(value: Any) -> Any:
    """A value openpyxl writes: numpy scalars to Python, missing to empty, arrays to text."""
    if value is None:
        return None
    if hasattr(value, "item") and not hasattr(value, "__len__"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):
        return None if value != value else value.to_pydatetime()
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return ", ".join(str(v) for v in list(value))
    return value


def _columns(frame: pd.DataFrame) -> list[list[Any]]:
    import pandas as pd

    columns = []
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            series = series.dt.tz_localize(None)
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            values = [None if v is pd.NaT else v.to_pydatetime() for v in series]
        else:
            values = [_cell(v) for v in series.astype(object).where(series.notna(), None)]
        columns.append(values)
    return columns


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.part")


def _check(task: TaskControl | None, done: int, total: int, label: str) -> None:
    if task is not None:
        task.progress(done, total, label)


def export_frame(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    sheet_name: str = "Data",
    task: TaskControl | None = None,
) -> Path:
    """One table to .xlsx or .csv (chosen by the file extension)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _write_csv(frame, path, task)
    return export_frames({sheet_name: frame}, path, task=task)


def export_frames(
    frames: Mapping[str, pd.DataFrame],
    path: str | Path,
    *,
    images: Mapping[str, bytes] | None = None,
    task: TaskControl | None = None,
) -> Path:
    """Several tables into one workbook, one sheet each, plus one sheet per PNG image."""
    from openpyxl import Workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(
            f"'{path.name}' is not an Excel workbook name.", "Give the file the extension .xlsx."
        )
    for name, frame in frames.items():
        if len(frame) > EXCEL_MAX_ROWS:
            raise UserError(
                f"The table '{name}' has {len(frame):,} rows, more than an Excel sheet holds.",
                "Filter the table first, or export it to CSV.",
            )
    total = sum(len(f) for f in frames.values()) or 1
    workbook = Workbook(write_only=not images)
    if images:
        workbook.remove(workbook.active)
    try:
        _fill_workbook(workbook, frames, images or {}, task, total)
        _check(task, total, total, path.name)
    except BaseException:
        _abandon(workbook)
        raise
    temporary = _temporary(path)
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _fill_workbook(workbook, frames, images, task, total) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    taken: set[str] = set()
    bold = Font(bold=True)
    done = 0
    for name, frame in frames.items():
        sheet = workbook.create_sheet(sheet_title(name, taken))
        headers = [str(c) for c in frame.columns]
        for i, header in enumerate(headers, start=1):  # write-only sheets need widths first
            sheet.column_dimensions[get_column_letter(i)].width = min(max(len(header) + 4, 10), 48)
        if images:
            sheet.append(headers)
            for cell in sheet[1]:
                cell.font = bold
        else:
            row = []
            for header in headers:
                cell = WriteOnlyCell(sheet, value=header)
                cell.font = bold
                row.append(cell)
            sheet.append(row)
        columns = _columns(frame)
        for start in range(0, len(frame), _CHUNK):
            _check(task, done, total, name)
            for values in zip(*(c[start : start + _CHUNK] for c in columns), strict=True):
                sheet.append(values)
            done += min(_CHUNK, len(frame) - start)
    for name, png in images.items():
        sheet = workbook.create_sheet(sheet_title(name, taken))
        sheet.add_image(_png_image(png), "A1")


def _abandon(workbook) -> None:
    """Close and delete a write-only workbook's temporary sheet files after a cancel/error
    (left open, openpyxl would write to a closed file when they are garbage collected)."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        try:
            if not sheet.closed:
                sheet.close()
        except Exception:  # the sheet is being thrown away anyway
            pass
        writer.cleanup()


def _write_csv(frame: pd.DataFrame, path: Path, task: TaskControl | None) -> Path:
    """UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly."""
    temporary = _temporary(path)
    total = len(frame) or 1
    try:
        with temporary.open("w", encoding="utf-8-sig", newline="") as out:
            for start in range(0, max(len(frame), 1), _CHUNK):
                _check(task, start, total, path.name)
                frame.iloc[start : start + _CHUNK].to_csv(out, index=False, header=start == 0)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _png_image(png: bytes):
    """An openpyxl image from PNG bytes without Pillow (openpyxl only needs the size)."""
    import struct
    from io import BytesIO

    from openpyxl.drawing.image import Image

    class PngImage(Image):
        def __init__(self, data: bytes) -> None:  # no super(): that needs Pillow
            self.ref = BytesIO(data)
            self.width, self.height = struct.unpack(">II", data[16:24])
            self.format = "png"
            self._bytes = data

        def _data(self) -> bytes:
            return self._bytes

    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not PNG data")
    return PngImage(png)


def widget_png(widget: QWidget, scale: float = 2.0) -> bytes:
    """The widget as it looks on screen, rendered at `scale` for sharp images in reports."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QSize
    from PySide6.QtGui import QPainter, QPixmap

    size = widget.size()
    pixmap = QPixmap(QSize(int(size.width() * scale), int(size.height() * scale)))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(widget.palette().window().color())
    painter = QPainter(pixmap)
    try:
        widget.render(painter, QPoint())
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def export_chart_png(widget: QWidget, path: str | Path, scale: float = 2.0) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise UserError(
            f"'{path.name}' is not a PNG file name.",
            "Charts export as PNG: give the file the extension .png.",
        )
    path.write_bytes(widget_png(widget, scale))
    return path


def ask_save_path(
    parent: QWidget | None, suggested_name: str, kinds: tuple[str, ...] = ("xlsx", "csv")
) -> Path | None:
    """A save dialog offering the given file kinds; remembers the last folder."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from console.ui.i18n import translate

    labels = {
        "xlsx": translate("Export", "Excel workbook (*.xlsx)"),
        "csv": translate("Export", "CSV, UTF-8 (*.csv)"),
        "png": translate("Export", "PNG image (*.png)"),
    }
    settings = QSettings()
    folder = str(settings.value("export/folder", str(Path.home())))
    chosen, selected = QFileDialog.getSaveFileName(
        parent,
        translate("Export", "Export"),
        str(Path(folder) / f"{suggested_name}.{kinds[0]}"),
        ";;".join(labels[k] for k in kinds),
    )
    if not chosen:
        return None
    path = Path(chosen)
    kind = next((k for k in kinds if labels[k] == selected), kinds[0])
    if path.suffix.lower().lstrip(".") not in kinds:
        path = path.with_name(f"{path.name}.{kind}")
    settings.setValue("export/folder", str(path.parent))
    return path
