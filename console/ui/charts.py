"""Chart helpers on pyqtgraph with one look in light and dark themes.

Every chart is a QWidget with a title, a read-out line (what the mouse points at) and a
pyqtgraph plot. They restyle themselves when the theme changes and export to PNG
(`chart.export_png(path)`; pyqtgraph's SVG export is broken in 0.14, so PNG only).

    TimeSeriesChart  lines per series over dates, or stacked areas (mix); hover read-out
    LineChart        numeric x: curves, points, uncertainty bands (response curves, ...)
    StackedBarChart  bars per category, stacked by series, vertical or horizontal
    ScatterChart     points with hover, click, rectangle and lasso selection
    HeatmapChart     a matrix with row/column labels, colour bar, annotations, cell clicks
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QGraphicsPathItem,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.ui import formatting as fmt
from console.ui.i18n import translate
from console.ui.theme import chart_theme, series_color

pg.setConfigOptions(antialias=True, useOpenGL=False)
_INVISIBLE = pg.mkPen(0, 0, 0, 0)  # a curve that counts for auto-range but is not drawn

ValueFormat = str | Callable[[float], str]


def value_formatter(spec: ValueFormat) -> Callable[[float], str]:
    """'money', 'money_compact', 'percent', 'number', 'int', 'compact' or a callable."""
    if callable(spec):
        return spec
    return {
        "money": lambda v: fmt.format_money(v, 0),
        "money_compact": lambda v: fmt.format_money(v, compact=True),
        "percent": lambda v: fmt.format_percent(v, 1),
        "int": lambda v: fmt.format_number(v, 0),
        "number": lambda v: fmt.format_number(v, 2),
        "compact": lambda v: fmt.format_compact(v),
    }[spec]


def axis_formatter(spec: ValueFormat) -> Callable[[float], str]:
    """Tick labels stay short: money and counts are compacted (¥1.2M, 120万)."""
    if spec in ("money", "money_compact"):
        return lambda v: fmt.format_money(v, compact=True)
    if spec == "percent":
        return lambda v: fmt.format_percent(v, 0)
    if spec in ("int", "number", "compact"):
        return lambda v: fmt.format_compact(v)
    return value_formatter(spec)


class ValueAxis(pg.AxisItem):
    """An axis whose tick labels use the console's number formatting."""

    def __init__(self, orientation: str, formatter: Callable[[float], str]) -> None:
        super().__init__(orientation)
        self.formatter = formatter

    def tickStrings(self, values, scale, spacing):
        return [self.formatter(v * scale) for v in values]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CHINESE_NAMES = {
    **{name: f"{number}月" for number, name in enumerate(_MONTHS, 1)},
    **{name: f"周{day}" for name, day in zip(_WEEKDAYS, "一二三四五六日", strict=True)},
}


class DateAxis(pg.DateAxisItem):
    """pyqtgraph's date axis, with month and weekday names in the interface language
    (pyqtgraph formats them with strftime, which always gives the C locale's English)."""

    def __init__(self) -> None:
        super().__init__(utcOffset=0)

    def tickStrings(self, values, scale, spacing):
        labels = super().tickStrings(values, scale, spacing)
        if not fmt.current_language().startswith("zh"):
            return labels
        return [
            " ".join(_CHINESE_NAMES.get(word, word) for word in label.split(" "))
            for label in labels
        ]


class CategoryAxis(pg.AxisItem):
    """An axis labelled with category names at integer positions."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.labels: list[str] = []

    def set_labels(self, labels: Sequence[str]) -> None:
        self.labels = [str(label) for label in labels]
        self.setTicks([list(enumerate(self.labels))])


def _html_swatch(colour: str) -> str:
    return f'<span style="color:{colour}">■</span>'


class Chart(QWidget):
    """Base: title, read-out line, themed pyqtgraph PlotItem, PNG export."""

    def __init__(
        self,
        title: str = "",
        parent: QWidget | None = None,
        *,
        y_format: ValueFormat = "number",
        x_axis: pg.AxisItem | None = None,
        y_axis: pg.AxisItem | None = None,
        view_box: pg.ViewBox | None = None,
        legend: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Chart")
        self.y_format = y_format
        self._value_text = value_formatter(y_format)
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("ChartTitle")
        self.readout = QLabel(self)
        self.readout.setObjectName("ChartReadout")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        axes = {"left": y_axis or ValueAxis("left", axis_formatter(y_format))}
        if x_axis is not None:
            axes["bottom"] = x_axis
        self.plot_widget = pg.PlotWidget(self, axisItems=axes, viewBox=view_box)
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.legend = self.plot.addLegend(offset=(10, 10)) if legend else None
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addWidget(self.title_label)
        self.header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.header)
        layout.addWidget(self.readout)
        layout.addWidget(self.plot_widget, 1)
        self._hover_proxy = pg.SignalProxy(
            self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved
        )
        self.plot.scene().sigMouseClicked.connect(self._mouse_clicked)
        self.apply_theme()

    # -- public ---------------------------------------------------------------------------
    def set_title(self, title: str) -> None:
        self.title_label.setText(title)

    def clear(self) -> None:
        self._reset_plot()
        self.readout.clear()

    def _reset_plot(self) -> None:
        """Remove every item and legend entry before drawing again."""
        self.plot.clear()
        if self.legend is not None:
            self.legend.clear()

    def png_bytes(self, scale: float = 2.0) -> bytes:
        from console.ui.export import widget_png

        return widget_png(self, scale)

    def export_png(self, path: str | Path, scale: float = 2.0) -> Path:
        from console.ui.export import export_chart_png

        return export_chart_png(self, path, scale)

    # -- theme ----------------------------------------------------------------------------
    def apply_theme(self) -> None:
        theme = chart_theme()
        self.plot_widget.setBackground(theme.background)
        for name in ("left", "bottom", "right", "top"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(theme.muted))
            axis.setTextPen(pg.mkPen(theme.foreground))
            axis.setTickFont(self.font())
        self.plot.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        if self.legend is not None:
            self.legend.setLabelTextColor(theme.foreground)
            self.legend.setBrush(pg.mkBrush(QColor(theme.background).darker(102)))
        self.redraw()

    def redraw(self) -> None:
        """Draw the data again (new data, theme change): subclasses draw in `_draw`."""
        self._reset_plot()
        self._draw()
        if self.legend is not None:  # one row above the data rather than a box over it
            self.legend.setColumnCount(max(1, min(len(self.legend.items), 6)))

    def _draw(self) -> None:
        """Add the plot items for the current data."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.apply_theme()
        super().changeEvent(event)

    # -- mouse ----------------------------------------------------------------------------
    def _view_point(self, scene_pos: QPointF) -> QPointF | None:
        if not self.plot.sceneBoundingRect().contains(scene_pos):
            return None
        return self.plot.vb.mapSceneToView(scene_pos)

    def _mouse_moved(self, event: tuple) -> None:
        point = self._view_point(event[0])
        if point is None:
            return
        self.hover(point.x(), point.y())

    def _mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self._view_point(event.scenePos())
        if point is not None:
            self.click(point.x(), point.y())

    def hover(self, x: float, y: float) -> None:
        """Update the read-out for the data point under the mouse."""

    def click(self, x: float, y: float) -> None:
        """React to a click on the plot (drill-down signals)."""

    def _pixel_size(self) -> tuple[float, float]:
        width, height = self.plot.vb.viewPixelSize()
        return width or 1.0, height or 1.0


def _to_seconds(x: Any) -> np.ndarray:
    """Dates (datetime64, DatetimeIndex, Python dates) as UTC seconds for pyqtgraph."""
    values = np.asarray(x)
    if values.dtype.kind != "M":
        values = np.asarray(values, dtype="datetime64[s]")
    return values.astype("datetime64[s]").astype(np.int64).astype(np.float64)


class TimeSeriesChart(Chart):
    """Lines per series over time, or stacked areas for a mix; hover shows every value."""

    point_clicked = Signal(int)  # index into x of the date clicked

    def __init__(
        self,
        title: str = "",
        parent: QWidget | None = None,
        *,
        y_format: ValueFormat = "number",
        period: str = "day",
    ) -> None:
        super().__init__(title, parent, y_format=y_format, x_axis=DateAxis())
        self.period = period
        self._cursor = pg.InfiniteLine(angle=90, movable=False)
        self._x = np.array([])
        self._dates: np.ndarray = np.array([], dtype="datetime64[s]")
        self._series: dict[str, np.ndarray] = {}
        self._stacked = False

    def set_series(
        self, x: Any, series: Mapping[str, Sequence[float]], *, stacked: bool = False
    ) -> None:
        self._x = _to_seconds(x)
        self._dates = np.asarray(self._x.astype(np.int64), dtype="datetime64[s]")
        self._series = {str(k): np.asarray(v, dtype=float) for k, v in series.items()}
        self._stacked = stacked
        self.redraw()
        if len(self._x):
            self.plot.enableAutoRange()

    def _draw(self) -> None:
        if not hasattr(self, "_series"):
            return
        theme = chart_theme()
        self._cursor.setPen(pg.mkPen(theme.muted, style=Qt.PenStyle.DashLine))
        self.plot.addItem(self._cursor, ignoreBounds=True)
        self._cursor.hide()
        base = np.zeros(len(self._x))
        previous = None
        for i, (name, values) in enumerate(self._series.items()):
            colour = series_color(i)
            if self._stacked:
                top = base + np.nan_to_num(values)
                curve = self.plot.plot(self._x, top, pen=pg.mkPen(colour, width=1.5), name=name)
                lower = previous or self.plot.plot(self._x, base, pen=_INVISIBLE)
                fill = QColor(colour)
                fill.setAlpha(120)
                fill_item = pg.FillBetweenItem(curve, lower, brush=pg.mkBrush(fill))
                self.plot.addItem(fill_item, ignoreBounds=True)
                base, previous = top, curve
            else:
                self.plot.plot(
                    self._x, values, pen=pg.mkPen(colour, width=2), name=name, connect="finite"
                )

    def hover(self, x: float, y: float) -> None:
        if not len(self._x):
            return
        i = int(np.clip(np.searchsorted(self._x, x), 0, len(self._x) - 1))
        if i > 0 and abs(self._x[i - 1] - x) < abs(self._x[i] - x):
            i -= 1
        self._cursor.setPos(self._x[i])
        self._cursor.show()
        parts = [f"<b>{fmt.format_date(self._dates[i], self.period)}</b>"]
        for n, (name, values) in enumerate(self._series.items()):
            parts.append(f"{_html_swatch(series_color(n))} {name}: {self._value_text(values[i])}")
        if self._stacked:
            total = float(np.nansum([v[i] for v in self._series.values()]))
            parts.append(translate("Charts", "Total: %1").replace("%1", self._value_text(total)))
        self.readout.setText(" &nbsp; ".join(parts))

    def click(self, x: float, y: float) -> None:
        if len(self._x):
            self.point_clicked.emit(int(np.argmin(np.abs(self._x - x))))


class LineChart(Chart):
    """Numeric x: curves, marked points and shaded bands (e.g. response curves with optimum)."""

    def __init__(
        self,
        title: str = "",
        parent: QWidget | None = None,
        *,
        x_format: ValueFormat = "number",
        y_format: ValueFormat = "number",
    ) -> None:
        super().__init__(
            title, parent, y_format=y_format, x_axis=ValueAxis("bottom", axis_formatter(x_format))
        )
        self._x_text = value_formatter(x_format)
        self._items: list[tuple[str, str, dict[str, Any]]] = []

    def clear(self) -> None:
        self._items.clear()
        super().clear()

    def add_line(
        self, name: str, x: Sequence[float], y: Sequence[float], *, dashed: bool = False
    ) -> None:
        self._items.append(
            ("line", name, {"x": np.asarray(x, float), "y": np.asarray(y, float), "dashed": dashed})
        )
        self.redraw()

    def add_points(
        self,
        name: str,
        x: Sequence[float],
        y: Sequence[float],
        *,
        symbol: str = "o",
        size: int = 10,
    ) -> None:
        self._items.append(
            (
                "points",
                name,
                {
                    "x": np.asarray(x, float),
                    "y": np.asarray(y, float),
                    "symbol": symbol,
                    "size": size,
                },
            )
        )
        self.redraw()

    def add_band(
        self, name: str, x: Sequence[float], low: Sequence[float], high: Sequence[float]
    ) -> None:
        self._items.append(
            (
                "band",
                name,
                {
                    "x": np.asarray(x, float),
                    "low": np.asarray(low, float),
                    "high": np.asarray(high, float),
                },
            )
        )
        self.redraw()

    def _draw(self) -> None:
        if not hasattr(self, "_items"):
            return
        for i, (kind, name, data) in enumerate(self._items):
            colour = series_color(i)
            if kind == "line":
                style = Qt.PenStyle.DashLine if data["dashed"] else Qt.PenStyle.SolidLine
                self.plot.plot(
                    data["x"], data["y"], pen=pg.mkPen(colour, width=2, style=style), name=name
                )
            elif kind == "points":
                self.plot.plot(
                    data["x"], data["y"], pen=None, symbol=data["symbol"], symbolSize=data["size"],
                    symbolBrush=pg.mkBrush(colour), symbolPen=pg.mkPen(chart_theme().background),
                    name=name,
                )  # fmt: skip
            else:
                fill = QColor(colour)
                fill.setAlpha(60)
                low = pg.PlotDataItem(data["x"], data["low"], pen=_INVISIBLE)
                high = pg.PlotDataItem(data["x"], data["high"], pen=_INVISIBLE)
                self.plot.addItem(low)
                self.plot.addItem(high)
                band = pg.FillBetweenItem(low, high, brush=pg.mkBrush(fill))
                self.plot.addItem(band, ignoreBounds=True)
                if self.legend is not None:  # a bar sample: FillBetweenItem samples crash
                    self.legend.addItem(
                        pg.BarGraphItem(x=[0], height=[1], width=1, brush=fill), name
                    )

    def hover(self, x: float, y: float) -> None:
        parts = [f"<b>{self._x_text(x)}</b>"]
        for i, (kind, name, data) in enumerate(self._items):
            if kind != "line" or not len(data["x"]):
                continue
            value = float(np.interp(x, data["x"], data["y"]))
            parts.append(f"{_html_swatch(series_color(i))} {name}: {self._value_text(value)}")
        self.readout.setText(" &nbsp; ".join(parts))


class StackedBarChart(Chart):
    """Bars per category, stacked by series (one series = plain bars)."""

    bar_clicked = Signal(int, str)  # category index, series name

    def __init__(
        self,
        title: str = "",
        parent: QWidget | None = None,
        *,
        y_format: ValueFormat = "number",
        horizontal: bool = False,
    ) -> None:
        self.horizontal = horizontal
        self._category_axis = CategoryAxis("left" if horizontal else "bottom")
        value_axis = ValueAxis("bottom" if horizontal else "left", axis_formatter(y_format))
        if horizontal:
            super().__init__(
                title, parent, y_format=y_format, x_axis=value_axis, y_axis=self._category_axis
            )
            self.plot.invertY(True)
        else:
            super().__init__(
                title, parent, y_format=y_format, x_axis=self._category_axis, y_axis=value_axis
            )
        self.categories: list[str] = []
        self._stacks: dict[str, np.ndarray] = {}

    def set_data(self, categories: Sequence[str], stacks: Mapping[str, Sequence[float]]) -> None:
        self.categories = [str(c) for c in categories]
        self._stacks = {str(k): np.nan_to_num(np.asarray(v, float)) for k, v in stacks.items()}
        self._category_axis.set_labels(self.categories)
        self.redraw()
        self.plot.enableAutoRange()

    def _bounds(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Start and end of every series' bar segment (positives up, negatives down)."""
        positive = np.zeros(len(self.categories))
        negative = np.zeros(len(self.categories))
        bounds = {}
        for name, values in self._stacks.items():
            start = np.where(values >= 0, positive, negative)
            bounds[name] = (start, start + values)
            positive = np.where(values >= 0, positive + values, positive)
            negative = np.where(values < 0, negative + values, negative)
        return bounds

    def _draw(self) -> None:
        if not hasattr(self, "_stacks"):
            return
        positions = np.arange(len(self.categories), dtype=float)
        width = 0.7
        for i, (name, (start, end)) in enumerate(self._bounds().items()):
            colour = series_color(i)
            brush, pen = pg.mkBrush(colour), pg.mkPen(chart_theme().background, width=0.5)
            if self.horizontal:
                item = pg.BarGraphItem(
                    x0=start, x1=end, y=positions, height=width, brush=brush, pen=pen
                )
            else:
                item = pg.BarGraphItem(
                    x=positions, y0=start, y1=end, width=width, brush=brush, pen=pen
                )
            self.plot.addItem(item)
            if self.legend is not None and len(self._stacks) > 1:
                self.legend.addItem(item, name)

    def _hit(self, x: float, y: float) -> tuple[int, str] | None:
        position, value = (y, x) if self.horizontal else (x, y)
        i = round(position)
        if not 0 <= i < len(self.categories) or abs(position - i) > 0.35:
            return None
        for name, (start, end) in self._bounds().items():
            if min(start[i], end[i]) <= value <= max(start[i], end[i]) and start[i] != end[i]:
                return i, name
        return None

    def hover(self, x: float, y: float) -> None:
        hit = self._hit(x, y)
        if hit is None:
            return
        i, name = hit
        parts = [f"<b>{self.categories[i]}</b>"]
        for n, (series, values) in enumerate(self._stacks.items()):
            text = f"{_html_swatch(series_color(n))} {series}: {self._value_text(values[i])}"
            parts.append(f"<u>{text}</u>" if series == name else text)
        self.readout.setText(" &nbsp; ".join(parts))

    def click(self, x: float, y: float) -> None:
        hit = self._hit(x, y)
        if hit is not None:
            self.bar_clicked.emit(*hit)


class _SelectionViewBox(pg.ViewBox):
    """A ViewBox whose left-drag draws a rectangle or a lasso instead of panning."""

    def __init__(self) -> None:
        super().__init__()
        self.mode = "pan"
        self.on_selected: Callable[[np.ndarray], None] | None = None
        self._path: list[QPointF] = []
        self._outline = QGraphicsPathItem()
        self._outline.setZValue(1000)
        self.addItem(self._outline, ignoreBounds=True)

    def mouseDragEvent(self, ev, axis=None):
        if self.mode == "pan" or ev.button() != Qt.MouseButton.LeftButton:
            return super().mouseDragEvent(ev, axis)
        ev.accept()
        point = self.mapSceneToView(ev.scenePos())
        if ev.isStart():
            self._path = [self.mapSceneToView(ev.buttonDownScenePos()), point]
        else:
            self._path.append(point)
        polygon = self.polygon()
        path = QPainterPath()
        if polygon:
            path.moveTo(*polygon[0])
            for px, py in polygon[1:]:
                path.lineTo(px, py)
            path.closeSubpath()
        self._outline.setPath(path)
        pen = QPen(QColor(chart_theme().accent), 0)
        pen.setStyle(Qt.PenStyle.DashLine)
        self._outline.setPen(pen)
        if ev.isFinish():
            self._outline.setPath(QPainterPath())
            if self.on_selected is not None:
                self.on_selected(np.asarray(polygon, dtype=float))

    def polygon(self) -> list[tuple[float, float]]:
        if len(self._path) < 2:
            return []
        if self.mode == "rect":
            a, b = self._path[0], self._path[-1]
            return [(a.x(), a.y()), (b.x(), a.y()), (b.x(), b.y()), (a.x(), b.y())]
        return [(p.x(), p.y()) for p in self._path]


def points_in_polygon(x: np.ndarray, y: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Even-odd rule, vectorised over points (polygon vertices loop: a lasso has few)."""
    inside = np.zeros(len(x), dtype=bool)
    if len(polygon) < 3:
        return inside
    px, py = polygon[:, 0], polygon[:, 1]
    j = len(polygon) - 1
    for i in range(len(polygon)):
        crosses = (py[i] > y) != (py[j] > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i]
        inside ^= crosses & (x < at)
        j = i
    return inside


class ScatterChart(Chart):
    """Points coloured by group; hover, click, and rectangle or lasso selection."""

    selection_changed = Signal(object)  # np.ndarray of selected point indices
    point_clicked = Signal(int)

    def __init__(
        self,
        title: str = "",
        parent: QWidget | None = None,
        *,
        x_format: ValueFormat = "number",
        y_format: ValueFormat = "number",
    ) -> None:
        self._box = _SelectionViewBox()
        super().__init__(
            title, parent, y_format=y_format, view_box=self._box,
            x_axis=ValueAxis("bottom", axis_formatter(x_format)),
        )  # fmt: skip
        self._box.on_selected = self._select_polygon
        self._x_text = value_formatter(x_format)
        self._x = np.array([])
        self._y = np.array([])
        self._labels: list[str] = []
        self._groups: np.ndarray = np.array([])
        self._sizes: np.ndarray | float = 8.0
        self._selected = np.array([], dtype=np.int64)
        self._mode_group = QButtonGroup(self)
        for mode in ("pan", "rect", "lasso"):
            button = QToolButton(self)
            button.setCheckable(True)
            button.setProperty("mode", mode)
            button.setChecked(mode == "pan")
            self._mode_group.addButton(button)
            self.header.addWidget(button)
        self._mode_group.buttonClicked.connect(
            lambda b: self.set_selection_mode(b.property("mode"))
        )
        self.clear_button = QToolButton(self)
        self.clear_button.clicked.connect(lambda: self.select(np.array([], dtype=np.int64)))
        self.header.addWidget(self.clear_button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        names = {
            "pan": translate("Charts", "Pan"),
            "rect": translate("Charts", "Rectangle"),
            "lasso": translate("Charts", "Lasso"),
        }
        for button in self._mode_group.buttons():
            button.setText(names[button.property("mode")])
        self.clear_button.setText(translate("Charts", "Clear selection"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_points(
        self,
        x: Sequence[float],
        y: Sequence[float],
        *,
        labels: Sequence[str] | None = None,
        groups: Sequence[str] | None = None,
        sizes: Sequence[float] | float = 8.0,
    ) -> None:
        self._x = np.asarray(x, dtype=float)
        self._y = np.asarray(y, dtype=float)
        self._labels = [str(v) for v in labels] if labels is not None else []
        self._groups = np.asarray(
            groups if groups is not None else [""] * len(self._x), dtype=object
        )
        self._sizes = np.asarray(sizes, dtype=float) if not np.isscalar(sizes) else float(sizes)
        self._selected = np.array([], dtype=np.int64)
        self.redraw()
        self.plot.enableAutoRange()

    def set_selection_mode(self, mode: str) -> None:
        """'pan' (drag moves the view), 'rect' or 'lasso' (drag selects points)."""
        self._box.mode = mode
        for button in self._mode_group.buttons():
            button.setChecked(button.property("mode") == mode)

    @property
    def selection_mode(self) -> str:
        return self._box.mode

    def selected(self) -> np.ndarray:
        return self._selected.copy()

    def select(self, indices: np.ndarray) -> None:
        self._selected = np.unique(np.asarray(indices, dtype=np.int64))
        self._draw_selection()
        self.selection_changed.emit(self._selected.copy())

    def select_polygon(self, polygon: Sequence[tuple[float, float]]) -> np.ndarray:
        """Select the points inside a polygon given in data coordinates (what a lasso does)."""
        self._select_polygon(np.asarray(polygon, dtype=float))
        return self.selected()

    def _select_polygon(self, polygon: np.ndarray) -> None:
        self.select(np.flatnonzero(points_in_polygon(self._x, self._y, polygon)))

    def _draw(self) -> None:
        if not hasattr(self, "_groups"):
            return
        names = list(dict.fromkeys(self._groups.tolist()))
        for i, name in enumerate(names):
            mask = self._groups == name
            sizes = self._sizes[mask] if isinstance(self._sizes, np.ndarray) else self._sizes
            colour = QColor(series_color(i))
            colour.setAlpha(200)
            self.plot.addItem(
                pg.ScatterPlotItem(
                    x=self._x[mask],
                    y=self._y[mask],
                    size=sizes,
                    brush=pg.mkBrush(colour),
                    pen=pg.mkPen(chart_theme().background, width=0.5),
                    name=name or None,
                )
            )
        self._highlight = pg.ScatterPlotItem(
            size=12, brush=pg.mkBrush(None), pen=pg.mkPen(chart_theme().foreground, width=1.5)
        )
        self.plot.addItem(self._highlight)
        self._draw_selection()

    def _draw_selection(self) -> None:
        if hasattr(self, "_highlight"):
            chosen = self._selected
            self._highlight.setData(x=self._x[chosen], y=self._y[chosen])

    def _nearest(self, x: float, y: float) -> int | None:
        if not len(self._x):
            return None
        width, height = self._pixel_size()
        distance = np.hypot((self._x - x) / width, (self._y - y) / height)
        i = int(np.nanargmin(distance))
        return i if distance[i] <= 10 else None

    def hover(self, x: float, y: float) -> None:
        i = self._nearest(x, y)
        if i is None:
            return
        label = self._labels[i] if self._labels else f"#{i + 1}"
        self.readout.setText(
            f"<b>{label}</b> &nbsp; {self._x_text(self._x[i])}, {self._value_text(self._y[i])}"
        )

    def click(self, x: float, y: float) -> None:
        i = self._nearest(x, y)
        if i is not None and self._box.mode == "pan":
            self.point_clicked.emit(i)


class HeatmapChart(Chart):
    """A matrix coloured by value, rows top to bottom, with labels, colour bar and clicks."""

    cell_clicked = Signal(int, int)  # row, column

    def __init__(
        self,
        title: str = "",
        parent: QWidget | None = None,
        *,
        value_format: ValueFormat = "number",
        colormap: str = "viridis",
    ) -> None:
        self._rows_axis = CategoryAxis("left")
        self._cols_axis = CategoryAxis("bottom")
        super().__init__(
            title, parent, y_format=value_format, x_axis=self._cols_axis,
            y_axis=self._rows_axis, legend=False,
        )  # fmt: skip
        self.plot.invertY(True)
        self.plot.showGrid(x=False, y=False)
        self.colormap = colormap
        self._values = np.zeros((0, 0))
        self.rows: list[str] = []
        self.columns: list[str] = []
        self._annotate = True
        self._levels: tuple[float, float] | None = None
        self._image = pg.ImageItem()
        self._bar: pg.ColorBarItem | None = None

    def set_matrix(
        self,
        values: Any,
        rows: Sequence[str],
        columns: Sequence[str],
        *,
        annotate: bool = True,
        colormap: str | None = None,
        levels: tuple[float, float] | None = None,
    ) -> None:
        """`values[r][c]`; NaN cells stay blank. `levels` fixes the colour scale (min, max)."""
        self._values = np.asarray(values, dtype=float)
        self.rows = [str(r) for r in rows]
        self.columns = [str(c) for c in columns]
        self._annotate = annotate
        self._levels = levels
        self.colormap = colormap or self.colormap
        self._rows_axis.set_labels(self.rows)
        self._cols_axis.set_labels(self.columns)
        self.redraw()
        self.plot.setRange(
            xRange=(-0.5, len(self.columns) - 0.5), yRange=(-0.5, len(self.rows) - 0.5),
            padding=0,
        )  # fmt: skip

    def _draw(self) -> None:
        if not hasattr(self, "_image"):
            return
        if self._values.size == 0:
            return
        finite = self._values[np.isfinite(self._values)]
        low, high = self._levels or (
            (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        )
        if high <= low:
            high = low + 1.0
        cmap = pg.colormap.get(self.colormap)
        self._image = pg.ImageItem(self._values.T)  # ImageItem is indexed [x, y]
        self._image.setLookupTable(cmap.getLookupTable(nPts=256))
        self._image.setLevels((low, high))
        self._image.setRect(QRectF(-0.5, -0.5, len(self.columns), len(self.rows)))
        self.plot.addItem(self._image)
        if self._bar is None:
            self._bar = pg.ColorBarItem(
                values=(low, high), colorMap=cmap, interactive=False, width=12, colorMapMenu=False
            )
            self._bar.axis.tickStrings = lambda values, scale, spacing: [  # type: ignore[method-assign]
                axis_formatter(self.y_format)(v) for v in values
            ]
            self._bar.setImageItem(self._image, insert_in=self.plot)
        else:
            self._bar.setColorMap(cmap)
            self._bar.setLevels((low, high))
            self._bar.setImageItem(self._image)
        self._bar.axis.setTextPen(pg.mkPen(chart_theme().foreground))
        if self._annotate and self._values.size <= 400:
            text = value_formatter(self.y_format)
            for (r, c), value in np.ndenumerate(self._values):
                if not np.isfinite(value):
                    continue
                share = (value - low) / (high - low)
                colour = "#111111" if share > 0.6 else "#ffffff"
                label = pg.TextItem(text(value), color=colour, anchor=(0.5, 0.5))
                label.setPos(c, r)
                self.plot.addItem(label)

    def _cell(self, x: float, y: float) -> tuple[int, int] | None:
        r, c = round(y), round(x)
        if 0 <= r < len(self.rows) and 0 <= c < len(self.columns):
            return r, c
        return None

    def hover(self, x: float, y: float) -> None:
        cell = self._cell(x, y)
        if cell is None:
            return
        r, c = cell
        value = self._values[r, c]
        shown = self._value_text(value) if np.isfinite(value) else fmt.MISSING
        self.readout.setText(f"<b>{self.rows[r]} × {self.columns[c]}</b>: {shown}")

    def click(self, x: float, y: float) -> None:
        cell = self._cell(x, y)
        if cell is not None:
            self.cell_clicked.emit(*cell)
