"""UpSet-style chart: how many customers use exactly which combination of channel types
(bars, largest first), which channels a combination holds (dots joined by a line), and the
combination's average value index (a number under each bar, and the bar's colour)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from console.api import chart_theme, format_number, translate
from console.services.value_index import CHANNEL_TYPES
from plugins.segments.texts import channel_name

MAX_COMBINATIONS = 14
LOW, HIGH = QColor("#b5d3ee"), QColor("#1f5f99")  # low and high average value


class UpSetChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UpSetChart")
        self.setMouseTracking(True)
        self.setMinimumSize(520, 360)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.combinations = pd.DataFrame()

    def sizeHint(self) -> QSize:
        return QSize(760, 460)

    def set_combinations(self, combinations: pd.DataFrame) -> None:
        """rfm.channel_combinations output; the largest MAX_COMBINATIONS are drawn."""
        self.combinations = combinations.head(MAX_COMBINATIONS).reset_index(drop=True)
        self.update()

    # -- geometry ---------------------------------------------------------------------------
    def _layout(self) -> tuple[float, float, float, float, float]:
        """left (names), column width, bar area bottom, dot row height, value row top."""
        names = max(self.fontMetrics().horizontalAdvance(channel_name(t)) for t in CHANNEL_TYPES)
        left = names + 16
        columns = max(len(self.combinations), 1)
        width = (self.width() - left - 8) / columns
        row = self.fontMetrics().height() + 8
        value_top = self.height() - row - 4
        bars_bottom = value_top - row * len(CHANNEL_TYPES) - 6
        return left, width, bars_bottom, row, value_top

    def column_at(self, x: float) -> int | None:
        left, width, *_ = self._layout()
        i = int((x - left) // width) if x >= left else -1
        return i if 0 <= i < len(self.combinations) else None

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        theme = chart_theme()
        painter.fillRect(self.rect(), QColor(theme.background))
        if self.combinations.empty:
            painter.end()
            return
        left, width, bars_bottom, row, value_top = self._layout()
        counts = self.combinations["customers"].to_numpy(dtype=float)
        values = self.combinations["avg_value"].to_numpy(dtype=float)
        top = self.fontMetrics().height() + 6
        scale = (bars_bottom - top) / max(counts.max(), 1.0)
        low, high = np.nanmin(values), np.nanmax(values)
        foreground = QColor(theme.foreground)
        muted = QColor(theme.muted)
        for i, combo in self.combinations.iterrows():
            x = left + i * width
            height = counts[i] * scale
            bar_width = min(width * 0.64, 56.0)
            bar = QRectF(x + (width - bar_width) / 2, bars_bottom - height, bar_width, height)
            painter.fillRect(bar, _blend(values[i], low, high))
            painter.setPen(foreground)
            painter.drawText(
                QRectF(x, bar.top() - top, width, top - 2),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                format_number(counts[i]),
            )
            centres = [
                QPointF(x + width / 2, bars_bottom + 6 + row * (k + 0.5))
                for k in range(len(CHANNEL_TYPES))
            ]
            used = [k for k, t in enumerate(CHANNEL_TYPES) if bool(combo[t])]
            if len(used) > 1:
                painter.setPen(QPen(foreground, 2))
                painter.drawLine(centres[used[0]], centres[used[-1]])
            radius = min(row, width) * 0.22
            for k, centre in enumerate(centres):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(foreground if k in used else muted.lighter(150))
                painter.drawEllipse(centre, radius, radius)
            painter.setPen(foreground)
            painter.drawText(
                QRectF(x, value_top, width, row),
                Qt.AlignmentFlag.AlignCenter,
                format_number(values[i]) if np.isfinite(values[i]) else "—",
            )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(foreground)
        for k, channel in enumerate(CHANNEL_TYPES):
            painter.drawText(
                QRectF(0, bars_bottom + 6 + row * k, left - 8, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                channel_name(channel),
            )
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(
            QRectF(0, value_top, left - 8, row),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            translate("segments", "Avg. value index"),
        )
        painter.drawText(
            QRectF(0, 0, left - 8, top + 40),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            translate("segments", "Customers"),
        )
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self.column_at(event.position().x())
        if i is None:
            self.setToolTip("")
        else:
            combo = self.combinations.iloc[i]
            names = [channel_name(t) for t in CHANNEL_TYPES if bool(combo[t])]
            self.setToolTip(
                translate("segments", "%1\n%2 customers, average value index %3")
                .replace("%1", " + ".join(names) or translate("segments", "no channel"))
                .replace("%2", format_number(combo["customers"]))
                .replace("%3", format_number(combo["avg_value"]))
            )
        super().mouseMoveEvent(event)


def _blend(value: float, low: float, high: float) -> QColor:
    share = 0.5 if not np.isfinite(value) or high <= low else (value - low) / (high - low)
    return QColor(
        round(LOW.red() + share * (HIGH.red() - LOW.red())),
        round(LOW.green() + share * (HIGH.green() - LOW.green())),
        round(LOW.blue() + share * (HIGH.blue() - LOW.blue())),
    )
