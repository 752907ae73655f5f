"""Small helpers for the panel's DataTables."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from console.api import DataTable

HEADER_PADDING = 18  # pixels around a header's text (section margins)


def fit_headers(table: DataTable) -> None:
    """Widen the columns whose header is wider than the cells: the table sizes its columns
    with the cell font, and the theme's bold header text would be clipped."""
    header = table.view.horizontalHeader()
    font = header.font()
    font.setBold(True)
    metrics = QFontMetrics(font)
    for column in range(table.model.columnCount()):
        wanted = metrics.horizontalAdvance(table.model.header(column)) + HEADER_PADDING
        if header.sectionSize(column) < wanted:
            header.resizeSection(column, wanted)
