"""The 5 x 5 R x F grid: each cell coloured by its segment, with its customers and its share
of revenue; a click picks the cell's segment."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from console.api import chart_theme, format_number, format_percent, translate
from plugins.segments.texts import SEGMENT_COLORS, segment_name

AXIS_SPACE = 34  # pixels for the R and F axis labels


class RFGrid(QWidget):
    """Rows R 5 (top, most recent) to R 1; columns F 1 (left) to F 5 (most frequent)."""

    segment_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RFGrid")
        self.setMouseTracking(True)
        self.setMinimumSize(360, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.cells = pd.DataFrame(
            columns=["r", "f", "segment", "customers", "revenue", "revenue_share"]
        )
        self.selected_segment = ""

    def sizeHint(self) -> QSize:
        return QSize(480, 420)

    def set_grid(self, grid: pd.DataFrame) -> None:
        """rfm.rf_grid output: 25 rows r, f, segment, customers, revenue, revenue_share."""
        self.cells = grid.set_index(["r", "f"]).sort_index()
        self.update()

    def select_segment(self, segment: str) -> None:
        self.selected_segment = segment
        self.update()

    # -- what a cell shows (also used by tests) ---------------------------------------------
    def cell(self, r: int, f: int) -> pd.Series:
        return self.cells.loc[(r, f)]

    def cell_text(self, r: int, f: int) -> str:
        cell = self.cell(r, f)
        return f"{format_number(cell['customers'])}\n{format_percent(cell['revenue_share'], 1)}"

    def cell_color(self, r: int, f: int) -> QColor:
        return QColor(SEGMENT_COLORS[self.cell(r, f)["segment"]])

    # -- geometry ---------------------------------------------------------------------------
    def _cell_rect(self, r: int, f: int) -> QRectF:
        width = (self.width() - AXIS_SPACE) / 5
        height = (self.height() - AXIS_SPACE) / 5
        return QRectF(AXIS_SPACE + (f - 1) * width, (5 - r) * height, width, height)

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        width = (self.width() - AXIS_SPACE) / 5
        height = (self.height() - AXIS_SPACE) / 5
        if x < AXIS_SPACE or y >= 5 * height:
            return None
        f, row = int((x - AXIS_SPACE) // width) + 1, int(y // height)
        return (5 - row, f) if 1 <= f <= 5 and 0 <= row < 5 else None

    # -- painting and mouse -----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        theme = chart_theme()
        painter.fillRect(self.rect(), QColor(theme.background))
        if self.cells.empty:
            painter.end()
            return
        bold = QFont(self.font())
        bold.setBold(True)
        for (r, f), cell in self.cells.iterrows():
            rect = self._cell_rect(r, f).adjusted(1.5, 1.5, -1.5, -1.5)
            painter.fillRect(rect, self.cell_color(r, f))
            painter.setPen(QColor("#1b1f24"))
            painter.setFont(bold)
            inner = rect.adjusted(4, 4, -4, -4)
            painter.drawText(
                inner, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                format_number(cell["customers"]),
            )  # fmt: skip
            painter.setFont(self.font())
            painter.drawText(
                inner, Qt.AlignmentFlag.AlignCenter, format_percent(cell["revenue_share"], 1)
            )
            if cell["segment"] == self.selected_segment:
                painter.setPen(QPen(QColor(theme.foreground), 3))
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
        self._paint_segment_names(painter)
        self._paint_axes(painter, theme)
        painter.end()

    def _paint_segment_names(self, painter: QPainter) -> None:
        """Each segment's name once, at the bottom of its lowest-left cell."""
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1.5, 6.5))
        painter.setFont(small)
        painter.setPen(QColor("#1b1f24"))
        shown = set()
        for (r, f), cell in self.cells.sort_index(ascending=[True, True]).iterrows():
            if cell["segment"] in shown:
                continue
            shown.add(cell["segment"])
            rect = self._cell_rect(r, f).adjusted(4, 4, -4, -4)
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignBottom
                | Qt.TextFlag.TextWordWrap,
                segment_name(cell["segment"]),
            )

    def _paint_axes(self, painter: QPainter, theme) -> None:
        painter.setFont(self.font())
        painter.setPen(QColor(theme.foreground))
        for score in range(1, 6):
            row = self._cell_rect(score, 1)
            painter.drawText(
                QRectF(0, row.top(), AXIS_SPACE - 4, row.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"R{score}",
            )
            column = self._cell_rect(1, score)
            painter.drawText(
                QRectF(column.left(), column.bottom() + 2, column.width(), AXIS_SPACE - 4),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"F{score}",
            )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.cell_at(event.position().x(), event.position().y())
        if hit is not None and not self.cells.empty:
            segment = str(self.cell(*hit)["segment"])
            self.select_segment(segment)
            self.segment_clicked.emit(segment)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.cell_at(event.position().x(), event.position().y())
        if hit is None or self.cells.empty:
            self.setToolTip("")
        else:
            r, f = hit
            cell = self.cell(r, f)
            self.setToolTip(
                translate("segments", "R%1 F%2: %3\n%4 customers, %5 of revenue")
                .replace("%1", str(r))
                .replace("%2", str(f))
                .replace("%3", segment_name(cell["segment"]))
                .replace("%4", format_number(cell["customers"]))
                .replace("%5", format_percent(cell["revenue_share"], 1))
            )
        super().mouseMoveEvent(event)
