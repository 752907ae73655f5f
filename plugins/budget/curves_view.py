"""Response curves: every fitted curve with its fit quality (R², MAPE), one curve drawn over
its data points with the current, optimal and manual spend marked, and a form to override the
curve's parameters by hand (or go back to the fit)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DataTable,
    LineChart,
    chart_theme,
    format_number,
    format_percent,
    series_color,
    translate,
    widget_png,
)
from console.services.response_curves import hill
from plugins.budget.editor import mark_widget
from plugins.budget.model import PARAMS, Mark
from plugins.budget.tasks import BudgetInputs, Evaluation
from plugins.budget.texts import fit_status_names, outcome_names, plan_names
from plugins.budget.views import CellNames

SYMBOLS = {"current": "s", "optimal": "star", "manual": "t"}
# Palette positions (console.api.series_color): data muted, plans in strong distinct colours.
COLOURS = {"weeks": 8, "curve": 0, "fit": 4, "truth": 2, "current": 1, "optimal": 5, "manual": 3}


class CurveChart(LineChart):
    """A LineChart whose items keep a fixed colour by role (LineChart colours by position)."""

    def add(self, role: str, kind: str, name: str, x, y, **style) -> None:
        data = {"x": np.asarray(x, float), "y": np.asarray(y, float), "role": role, **style}
        self._items.append((kind, name, data))

    def _draw(self) -> None:
        if not hasattr(self, "_items"):
            return
        background = chart_theme().background
        for kind, name, data in self._items:
            colour = series_color(COLOURS[data["role"]])
            if kind == "line":
                style = Qt.PenStyle.DashLine if data.get("dashed") else Qt.PenStyle.SolidLine
                pen = pg.mkPen(colour, width=2, style=style)
                self.plot.plot(data["x"], data["y"], pen=pen, name=name)
            else:
                self.plot.plot(
                    data["x"], data["y"], pen=None, symbol=data.get("symbol", "o"),
                    symbolSize=data.get("size", 10), symbolBrush=pg.mkBrush(colour),
                    symbolPen=pg.mkPen(background), name=name,
                )  # fmt: skip


class CurvesView(QWidget):
    """`override_changed(cell, outcome, params)`: params {alpha, gamma, beta}, or {} to go back
    to the fitted curve."""

    override_changed = Signal(str, str, object)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: BudgetInputs | None = None
        self.names: CellNames | None = None
        self.evaluation: Evaluation | None = None
        self.overrides: Mapping[str, Mapping[str, Mapping[str, float]]] = {}
        self.chosen: tuple[str, str] | None = None
        self._rows: dict[tuple[str, str], int] = {}
        self.frame = pd.DataFrame()
        self.table = DataTable(
            ctx=ctx,
            settings_key="budget.curves",
            export_name="response_curves",
            filter_columns=["channel", "region", "outcome", "status"],
        )
        self.table.selection_changed.connect(self._row_chosen)
        self.chart = CurveChart(x_format="money", y_format="compact")
        self.quality = QLabel(self)
        self.quality.setWordWrap(True)
        self.override_box = QGroupBox(self)
        self.params: dict[str, QDoubleSpinBox] = {}
        self.param_labels: dict[str, QLabel] = {}
        form = QFormLayout(self.override_box)
        for param, (high, decimals) in zip(PARAMS, ((10.0, 3), (1e10, 2), (1e13, 2)), strict=True):
            box = QDoubleSpinBox(self.override_box)
            box.setRange(0.0, high)
            box.setDecimals(decimals)
            box.setGroupSeparatorShown(True)
            self.params[param] = box
            self.param_labels[param] = QLabel(self.override_box)
            form.addRow(self.param_labels[param], box)
        self.use_button = QPushButton(self.override_box)
        self.use_button.clicked.connect(self._use_values)
        self.fit_button = QPushButton(self.override_box)
        self.fit_button.clicked.connect(self._back_to_fit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.fit_button)
        form.addRow(buttons)
        side = QVBoxLayout()
        side.addWidget(self.quality)
        side.addWidget(self.override_box)
        side.addStretch(1)
        lower = QHBoxLayout()
        lower.addWidget(self.chart, 3)
        lower.addLayout(side, 1)
        below = QWidget(self)
        below.setLayout(lower)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate_ui()

    # -- data ------------------------------------------------------------------------------------
    def set_inputs(self, inputs: BudgetInputs, names: CellNames) -> None:
        self.inputs, self.names = inputs, names
        keys = (
            zip(inputs.fits["cell"], inputs.fits["outcome"], strict=True)
            if len(inputs.fits)
            else []
        )
        self._rows = {key: i for i, key in enumerate(keys)}
        if self.chosen is None and len(inputs.fits):
            biggest = inputs.cells.sort_values("current_spend", ascending=False).iloc[0]
            self.chosen = (str(biggest["cell"]), "revenue")
        self._fill_table()

    def set_overrides(self, overrides: Mapping[str, Mapping[str, Mapping[str, float]]]) -> None:
        if overrides != self.overrides:
            self.overrides = overrides
            self._fill_table()

    def show(self, evaluation: Evaluation, names: CellNames) -> None:
        self.evaluation, self.names = evaluation, names
        self._draw()

    def curve(self, cell: str, outcome: str) -> dict[str, float]:
        """The parameters in use: the manager's override, else the fit."""
        row = self.fit_row(cell, outcome)
        given = self.overrides.get(cell, {}).get(outcome, {})
        return {p: float(given.get(p, row[p])) for p in PARAMS}

    def fit_row(self, cell: str, outcome: str) -> pd.Series:
        return self.inputs.fits.iloc[self._rows[(cell, outcome)]]

    def _used(self) -> tuple[pd.DataFrame, np.ndarray]:
        """Every curve's parameters in use, and which ones the manager set by hand."""
        used = self.inputs.fits[list(PARAMS)].astype(float).copy()
        overridden = np.zeros(len(used), dtype=bool)
        for cell, outcomes in self.overrides.items():
            for outcome, params in outcomes.items():
                row = self._rows.get((cell, outcome))
                if row is not None and params:
                    overridden[row] = True
                    for param, value in params.items():
                        used.iloc[row, used.columns.get_loc(param)] = float(value)
        return used, overridden

    def _fill_table(self) -> None:
        if self.inputs is None or self.names is None or self.inputs.fits.empty:
            return
        fits = self.inputs.fits
        used, overridden = self._used()
        statuses, outcomes = fit_status_names(), outcome_names()
        self.frame = pd.DataFrame(
            {
                "key": (fits["cell"] + "|" + fits["outcome"]).to_numpy(),
                "channel": [self.names.channel(c) for c in fits["channel"]],
                "region": [self.names.region(r) for r in fits["region"]],
                "outcome": [outcomes.get(o, o) for o in fits["outcome"]],
                "alpha": used["alpha"].to_numpy(),
                "gamma": used["gamma"].to_numpy(),
                "beta": used["beta"].to_numpy(),
                "decay": fits["decay"].to_numpy(float),
                "r2": fits["r2"].to_numpy(float),
                "mape": fits["mape"].to_numpy(float),
                "weeks": fits["weeks"].to_numpy(),
                "status": [statuses.get(s, s) for s in fits["status"]],
                "override": overridden,
            }
        )
        order = self.inputs.ordered(fits[["channel", "region"]].assign(row=range(len(fits))))
        self.frame = self.frame.iloc[order["row"].to_numpy()].reset_index(drop=True)
        self.table.set_frame(
            self.frame,
            formats={
                "alpha": "number:3", "gamma": "money:0", "beta": "number:0", "decay": "number:2",
                "r2": "number:3", "mape": "percent:1", "weeks": "int", "override": "bool",
            },
            headers=self._headers(),
            key="key",
        )  # fmt: skip
        self.table.set_column_visible("key", False)
        self._draw()

    def _row_chosen(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        cell, _, outcome = str(row["key"]).rpartition("|")
        self.choose(cell, outcome)

    def choose(self, cell: str, outcome: str) -> None:
        self.chosen = (cell, outcome)
        self._draw()

    # -- drawing ---------------------------------------------------------------------------------
    def _draw(self) -> None:
        if self.inputs is None or self.chosen is None or self.inputs.fits.empty:
            return
        cell, outcome = self.chosen
        if (cell, outcome) not in self._rows:
            return
        fit = self.fit_row(cell, outcome)
        params = self.curve(cell, outcome)
        for param, box in self.params.items():
            box.blockSignals(True)
            box.setValue(params[param] if math.isfinite(params[param]) else 0.0)
            box.blockSignals(False)
        self._describe(fit)
        points = self.inputs.points
        if len(points):
            points = points[(points["cell"] == cell) & (points["outcome"] == outcome)]
        spends = {}
        if self.evaluation is not None:
            for kind in ("current", "optimal", "manual"):
                spend = self.evaluation.spend(kind)
                if cell in spend.index:
                    spends[kind] = float(spend[cell])
        top = max(
            [float(fit["spend_max"]), *spends.values()]
            + ([float(points["effective_spend"].max())] if len(points) else [])
        )
        x = np.linspace(0.0, max(top, 1.0) * 1.25, 120)
        chart = self.chart
        chart.clear()
        label = self.names.channel(fit["channel"]) + " · " + self.names.region(fit["region"])
        chart.set_title(f"{label} — {outcome_names().get(outcome, outcome)}")
        if len(points):
            chart.add(
                "weeks", "points", translate("budget", "Weeks"), points["effective_spend"],
                points["observed"], size=6,
            )  # fmt: skip
        usable = all(math.isfinite(v) for v in params.values())
        if usable:
            chart.add("curve", "line", translate("budget", "Curve"), x, hill(x, **params))
        if self.overrides.get(cell, {}).get(outcome) and math.isfinite(fit["alpha"]):
            fitted = hill(x, fit["alpha"], fit["gamma"], fit["beta"])
            chart.add("fit", "line", translate("budget", "Fit"), x, fitted, dashed=True)
        truth = self.inputs.truth
        generating = truth[(truth["cell"] == cell) & (truth["outcome"] == outcome)]
        if len(generating):
            row = generating.iloc[0]
            chart.add(
                "truth", "line", translate("budget", "True curve (demo)"), x,
                hill(x, row["alpha"], row["gamma"], row["beta"]), dashed=True,
            )  # fmt: skip
        for kind, spend in spends.items() if usable else ():
            chart.add(
                kind, "points", plan_names()[kind], [spend], [hill(spend, **params)],
                symbol=SYMBOLS[kind], size=14,
            )  # fmt: skip
        chart.redraw()
        if chart.legend is not None:  # two rows, above the data (headroom below)
            chart.legend.setColumnCount(3)
        highest = [hill(top * 1.25, **params)] if usable else []
        if len(points):
            highest.append(float(points["observed"].max()))
        if highest:
            chart.plot.setYRange(0, max(highest) * 1.45, padding=0)

    def _describe(self, fit: pd.Series) -> None:
        if fit["status"] != "ok":
            self.quality.setText(
                translate(
                    "budget",
                    "No curve could be fitted (%1): enter the parameters by hand to plan this "
                    "cell; until then it is left out.",
                ).replace("%1", fit_status_names().get(fit["status"], fit["status"]))
            )
            return
        self.quality.setText(
            translate(
                "budget",
                "Fit over %1 weeks: R² %2, MAPE %3, carry-over (decay) %4. Spend observed "
                "from %5 to %6 per week; the curve is less certain beyond.",
            )
            .replace("%1", str(int(fit["weeks"])))
            .replace("%2", format_number(fit["r2"], 3))
            .replace("%3", format_percent(fit["mape"], 1))
            .replace("%4", format_number(fit["decay"], 2))
            .replace("%5", format_number(fit["spend_min"], 0))
            .replace("%6", format_number(fit["spend_max"], 0))
        )

    # -- override ----------------------------------------------------------------------------------
    def _use_values(self) -> None:
        if self.chosen is not None:
            values = {p: box.value() for p, box in self.params.items()}
            self.override_changed.emit(*self.chosen, values)

    def _back_to_fit(self) -> None:
        if self.chosen is not None:
            self.override_changed.emit(*self.chosen, {})

    def mark(self, marks: Iterable[Mark]) -> None:
        """Show the first curve an error names, with the offending parameter marked."""
        for box in self.params.values():
            mark_widget(box, None)
        for mark in marks:
            if mark.kind != "curve":
                continue
            outcome = mark.column if mark.column in outcome_names() else self._outcome()
            self.choose(mark.key, outcome)
            if mark.column in self.params:
                mark_widget(self.params[mark.column], mark.reason)
            return

    def _outcome(self) -> str:
        return self.chosen[1] if self.chosen else "revenue"

    def set_read_only(self, read_only: bool) -> None:
        for widget in (*self.params.values(), self.use_button, self.fit_button):
            widget.setEnabled(not read_only)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {translate("budget", "Response curves"): self.table.visible_frame()}

    def images(self) -> dict[str, bytes]:
        return {translate("budget", "Response curve chart"): widget_png(self.chart)}

    def _headers(self) -> dict[str, str]:
        return {
            "channel": translate("budget", "Channel"),
            "region": translate("budget", "Region"),
            "outcome": translate("budget", "Outcome"),
            "alpha": translate("budget", "Shape α"),
            "gamma": translate("budget", "Half-saturation γ"),
            "beta": translate("budget", "Saturation β"),
            "decay": translate("budget", "Carry-over"),
            "r2": translate("budget", "R²"),
            "mape": translate("budget", "MAPE"),
            "weeks": translate("budget", "Weeks"),
            "status": translate("budget", "Fit"),
            "override": translate("budget", "Set by hand"),
        }

    def retranslate_ui(self) -> None:
        self.override_box.setTitle(translate("budget", "Set the curve by hand"))
        self.param_labels["alpha"].setText(translate("budget", "Shape α (≤ 1 concave)"))
        self.param_labels["gamma"].setText(translate("budget", "Half-saturation spend γ"))
        self.param_labels["beta"].setText(translate("budget", "Saturation level β"))
        self.use_button.setText(translate("budget", "Use these values"))
        self.fit_button.setText(translate("budget", "Back to the fit"))
        self._fill_table()
