"""The views of an optimised setup: allocation (current vs optimal vs manual), marginal
return, expected outcome with its uncertainty band, online vs offline split, certificate.

Each view has `show(evaluation, names)` (names: a CellNames for channel and region labels in
the current language), `frames()` and `images()` for the export, and `retranslate_ui()`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from console.api import (
    DataTable,
    HeatmapChart,
    LineChart,
    StackedBarChart,
    format_number,
    format_percent,
    series_color,
    translate,
    widget_png,
)
from plugins.budget.tasks import PLAN_KINDS, Evaluation
from plugins.budget.texts import (
    bound_names,
    constraint_label,
    method_names,
    outcome_names,
    plan_names,
    response_unit,
)


@dataclass(frozen=True)
class CellNames:
    """Labels of channels (by code) and regions (by name) in the current language."""

    channels: Mapping[str, str]
    regions: Mapping[str, str]
    online: Mapping[str, bool]

    def channel(self, code: str) -> str:
        return self.channels.get(code, code)

    def region(self, name: str) -> str:
        return self.regions.get(name, name)


def _ordered(evaluation: Evaluation, names: CellNames) -> pd.DataFrame:
    """The optimal allocation by channel, then region, as the channels and regions tables
    list them (names keep that order)."""
    channel = {code: i for i, code in enumerate(names.channels)}
    region = {name: i for i, name in enumerate(names.regions)}
    frame = evaluation.plan.allocation
    keys = frame.assign(_channel=frame["channel"].map(channel), _region=frame["region"].map(region))
    return keys.sort_values(["_channel", "_region"], kind="stable").drop(
        columns=["_channel", "_region"]
    )


def _matrix(frame: pd.DataFrame, values: pd.Series, names: CellNames):
    """Channel x region matrix of per-cell values, with row and column labels."""
    table = frame.assign(value=values.to_numpy()).pivot_table(
        index="channel", columns="region", values="value", aggfunc="first", sort=False
    )
    return (
        table.to_numpy(float),
        [names.channel(c) for c in table.index],
        short_labels([names.region(r) for r in table.columns]),
    )


def short_labels(labels: list[str]) -> list[str]:
    """Drop a last word every label shares ("East China", "North China" -> "East", "North"):
    the heatmap's column labels must fit side by side."""
    words = [label.rsplit(" ", 1) for label in labels]
    if len(labels) > 1 and all(len(w) == 2 for w in words) and len({w[1] for w in words}) == 1:
        return [w[0] for w in words]
    return labels


class AllocationView(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = DataTable(ctx=ctx, settings_key="budget.allocation", export_name="allocation")
        self.change_map = HeatmapChart(value_format="percent")
        self.change_map.setMinimumHeight(250)
        self.frame = pd.DataFrame()
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.change_map)
        splitter.setSizes([330, 290])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate_ui()

    def show(self, evaluation: Evaluation, names: CellNames) -> None:
        frame = _ordered(evaluation, names)
        manual = evaluation.spend("manual").reindex(frame["cell"]).to_numpy()
        current = frame["current_spend"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.where(current > 0, frame["delta"].to_numpy() / current, np.nan)
        bounds = bound_names()
        online = translate("budget", "Online")
        offline = translate("budget", "Offline")
        self.frame = pd.DataFrame(
            {
                "cell": frame["cell"].to_numpy(),
                "channel": [names.channel(c) for c in frame["channel"]],
                "region": [names.region(r) for r in frame["region"]],
                "current": current,
                "optimal": frame["spend"].to_numpy(),
                "change": change,
                "manual": manual,
                "bound": [bounds.get(b, b) for b in frame["bound"]],
                "marginal": frame["marginal_response"].to_numpy(),
                "delta": frame["delta"].to_numpy(),
                "manual_delta": manual - frame["spend"].to_numpy(),
                "kind": [online if names.online.get(c) else offline for c in frame["channel"]],
                "response_current": frame["current_response"].to_numpy(),
                "response_optimal": frame["response"].to_numpy(),
            }
        )
        money = "money:0"
        self.table.set_frame(
            self.frame,
            formats={
                "current": money, "optimal": money, "delta": money, "change": "change",
                "manual": money, "manual_delta": money, "marginal": "number:3",
                "response_current": "number:0", "response_optimal": "number:0",
            },
            headers=self._headers(evaluation),
            key="cell",
        )  # fmt: skip
        self.table.set_column_visible("cell", False)
        values, rows, columns = _matrix(frame, pd.Series(change), names)
        finite = values[np.isfinite(values)]
        reach = float(np.abs(finite).max()) if finite.size else 1.0
        self.change_map.set_matrix(values, rows, columns, levels=(-reach, reach))

    def _headers(self, evaluation: Evaluation | None = None) -> dict[str, str]:
        unit = response_unit(evaluation.setup.objective) if evaluation else ""
        return {
            "channel": translate("budget", "Channel"),
            "region": translate("budget", "Region"),
            "kind": translate("budget", "Online / offline"),
            "current": translate("budget", "Current / week"),
            "optimal": translate("budget", "Optimal / week"),
            "delta": translate("budget", "Change"),
            "change": translate("budget", "Change %"),
            "manual": translate("budget", "Manual / week"),
            "manual_delta": translate("budget", "Manual − optimal"),
            "bound": translate("budget", "Bound"),
            "marginal": translate("budget", "Marginal return"),
            "response_current": translate("budget", "Current %1").replace("%1", unit),
            "response_optimal": translate("budget", "Optimal %1").replace("%1", unit),
        }

    def frames(self) -> dict[str, pd.DataFrame]:
        return {translate("budget", "Allocation"): self.table.visible_frame()}

    def images(self) -> dict[str, bytes]:
        return {translate("budget", "Allocation change"): widget_png(self.change_map)}

    def retranslate_ui(self) -> None:
        self.change_map.set_title(
            translate("budget", "Optimal vs current spend by channel and region")
        )


class MarginalView(QWidget):
    """Marginal return (response per extra ¥) at the current and at the optimal plan: the
    optimum evens it out across the cells no bound holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.current_map = HeatmapChart(value_format="number")
        self.optimal_map = HeatmapChart(value_format="number")
        self.frame = pd.DataFrame()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explain)
        layout.addWidget(self.current_map, 1)
        layout.addWidget(self.optimal_map, 1)
        self.evaluation: Evaluation | None = None
        self.retranslate_ui()

    def show(self, evaluation: Evaluation, names: CellNames) -> None:
        self.evaluation = evaluation
        frame = _ordered(evaluation, names)
        current = evaluation.current.set_index("cell")["marginal_response"].reindex(frame["cell"])
        optimal = frame["marginal_response"]
        every = np.concatenate([current.to_numpy(float), optimal.to_numpy(float)])
        every = every[np.isfinite(every)]
        levels = (float(every.min()), float(every.max())) if every.size else None
        for chart, values in ((self.current_map, current), (self.optimal_map, optimal)):
            matrix, rows, columns = _matrix(frame, pd.Series(values.to_numpy()), names)
            chart.set_matrix(matrix, rows, columns, levels=levels)
        self.frame = pd.DataFrame(
            {
                translate("budget", "Channel"): [names.channel(c) for c in frame["channel"]],
                translate("budget", "Region"): [names.region(r) for r in frame["region"]],
                translate("budget", "At current spend"): current.to_numpy(),
                translate("budget", "At optimal spend"): optimal.to_numpy(),
                translate("budget", "Bound"): [bound_names().get(b, b) for b in frame["bound"]],
            }
        )
        self.retranslate_ui()

    def frames(self) -> dict[str, pd.DataFrame]:
        return {translate("budget", "Marginal return"): self.frame}

    def images(self) -> dict[str, bytes]:
        return {translate("budget", "Marginal return chart"): widget_png(self)}

    def retranslate_ui(self) -> None:
        self.current_map.set_title(translate("budget", "Marginal return at current spend"))
        self.optimal_map.set_title(translate("budget", "Marginal return at the optimal plan"))
        text = translate(
            "budget",
            "Marginal return: extra %1 per extra ¥1 of weekly spend in a cell. At the optimum "
            "every cell that no bound holds returns the same amount, the common marginal "
            "return %2; cells at their minimum return less, cells at their maximum more.",
        )
        evaluation = self.evaluation
        unit = response_unit(evaluation.setup.objective) if evaluation else ""
        common = evaluation.plan.marginal_return if evaluation else math.nan
        shown = format_number(common, 3) if math.isfinite(common) else "—"
        self.explain.setText(text.replace("%1", unit).replace("%2", shown))


class OutcomeChart(LineChart):
    """Bell curves of a plan period's total outcome, each with its 95% range shaded in the
    same colour as its curve (LineChart colours every item on its own)."""

    def set_plans(self, plans: list[tuple[str, float, float]], dashed: set[str]) -> None:
        """plans: (name, expected, half width of the 95% range)."""
        self._plans = plans
        self._dashed = dashed
        self._items.clear()
        for name, mean, half in plans:
            sigma = max(half / 1.96, abs(mean) * 1e-6, 1e-9)
            x = np.linspace(mean - 4 * sigma, mean + 4 * sigma, 161)
            self._items.append(("line", name, {"x": x, "y": _density(x, mean, sigma)}))
        self.redraw()
        self.plot.enableAutoRange(axis="x")
        peaks = [float(data["y"].max()) for _, _, data in self._items]
        if peaks:  # headroom for the legend above the curves
            self.plot.setYRange(0, max(peaks) * 1.4, padding=0)

    def _draw(self) -> None:
        if not hasattr(self, "_plans"):
            return
        for i, (name, mean, half) in enumerate(self._plans):
            colour = series_color(i)
            sigma = max(half / 1.96, abs(mean) * 1e-6, 1e-9)
            x = np.linspace(mean - 4 * sigma, mean + 4 * sigma, 161)
            style = Qt.PenStyle.DashLine if name in self._dashed else Qt.PenStyle.SolidLine
            self.plot.plot(x, _density(x, mean, sigma), pen=pg.mkPen(colour, width=2, style=style),
                           name=name)  # fmt: skip
            inside = np.linspace(mean - half, mean + half, 81)
            fill = QColor(colour)
            fill.setAlpha(50)
            self.plot.plot(inside, _density(inside, mean, sigma), pen=None, fillLevel=0,
                           brush=pg.mkBrush(fill))  # fmt: skip

    def hover(self, x: float, y: float) -> None:
        self.readout.setText(f"<b>{self._x_text(x)}</b>")


def _density(x: np.ndarray, mean: float, sigma: float) -> np.ndarray:
    return np.exp(-0.5 * ((x - mean) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


class OutcomeView(QWidget):
    """Expected outcome per week and over the plan period, with a 95% band from the curves'
    residual noise; the chart shows how the plan period's total may fall out per plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = QComboBox(self)
        self.outcome.currentIndexChanged.connect(self._draw)
        self.outcome_label = QLabel(self)
        self.table = DataTable(export_name="expected_outcome")
        self.chart = OutcomeChart(x_format="compact", y_format=lambda _v: "")
        self.evaluation: Evaluation | None = None
        self.frame = pd.DataFrame()
        top = QHBoxLayout()
        top.addWidget(self.outcome_label)
        top.addWidget(self.outcome)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.chart, 3)
        self.retranslate_ui()

    def show(self, evaluation: Evaluation, _names: CellNames | None = None) -> None:
        self.evaluation = evaluation
        weeks = evaluation.setup.weeks
        expected = evaluation.expected
        plans, outcomes = plan_names(), outcome_names()
        self.frame = pd.DataFrame(
            {
                "outcome": [outcomes.get(o, o) for o in expected["outcome"]],
                "plan": [plans.get(p, p) for p in expected["plan"]],
                "expected": expected["expected"].to_numpy(),
                "lower": expected["lower"].to_numpy(),
                "upper": expected["upper"].to_numpy(),
                "period": expected["expected"].to_numpy() * weeks,
                "period_band": np.sqrt(weeks) * (expected["upper"] - expected["expected"]),
            }
        )
        self.table.set_frame(
            self.frame,
            formats={
                "expected": "number:0", "lower": "number:0", "upper": "number:0",
                "period": "number:0", "period_band": "number:0",
            },
            headers=self._headers(),
        )  # fmt: skip
        self._draw()

    def _draw(self) -> None:
        evaluation = self.evaluation
        if evaluation is None:
            return
        outcome = self.outcome.currentData() or "revenue"
        weeks = evaluation.setup.weeks
        self.chart.set_title(
            translate("budget", "Total %1 over the plan's %2 weeks: expected and 95% range")
            .replace("%1", outcome_names().get(outcome, outcome))
            .replace("%2", str(weeks))
        )
        rows = evaluation.expected[evaluation.expected["outcome"] == outcome].set_index("plan")
        plans = [
            (
                plan_names()[kind],
                float(rows.loc[kind, "expected"]) * weeks,
                float(rows.loc[kind, "upper"] - rows.loc[kind, "expected"]) * np.sqrt(weeks),
            )
            for kind in ("current", "optimal", "manual")
            if kind in rows.index
        ]
        self.chart.set_plans(plans, {plan_names()["manual"]})

    def _headers(self) -> dict[str, str]:
        return {
            "outcome": translate("budget", "Outcome"),
            "plan": translate("budget", "Plan"),
            "expected": translate("budget", "Expected / week"),
            "lower": translate("budget", "Low (95%) / week"),
            "upper": translate("budget", "High (95%) / week"),
            "period": translate("budget", "Expected over the plan"),
            "period_band": translate("budget", "± over the plan (95%)"),
        }

    def frames(self) -> dict[str, pd.DataFrame]:
        return {translate("budget", "Expected outcome"): self.table.visible_frame()}

    def images(self) -> dict[str, bytes]:
        return {translate("budget", "Expected outcome chart"): widget_png(self.chart)}

    def retranslate_ui(self) -> None:
        self.outcome_label.setText(translate("budget", "Outcome:"))
        chosen = self.outcome.currentData()
        self.outcome.blockSignals(True)
        self.outcome.clear()
        for key, label in outcome_names().items():
            self.outcome.addItem(label, key)
        self.outcome.setCurrentIndex(max(self.outcome.findData(chosen), 0))
        self.outcome.blockSignals(False)
        if self.evaluation is not None:
            self.show(self.evaluation)


class SplitView(QWidget):
    """Weekly spend online vs offline for the current, optimal and manual plans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = StackedBarChart(y_format="money")
        self.table = DataTable(export_name="online_offline")
        self.frame = pd.DataFrame()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.table, 1)
        self.evaluation: Evaluation | None = None
        self.names: CellNames | None = None
        self.retranslate_ui()

    def show(self, evaluation: Evaluation, names: CellNames) -> None:
        self.evaluation, self.names = evaluation, names
        online = evaluation.plan.allocation.set_index("cell")["channel"].map(names.online)
        online = online.fillna(False).astype(bool)
        rows = []
        for kind in PLAN_KINDS:
            spend = evaluation.spend(kind).reindex(online.index).fillna(0.0)
            on, off = float(spend[online].sum()), float(spend[~online].sum())
            rows.append((plan_names()[kind], on, off, on / (on + off) if on + off else math.nan))
        self.frame = pd.DataFrame(rows, columns=["plan", "online", "offline", "share"])
        self.chart.set_data(
            list(self.frame["plan"]),
            {
                translate("budget", "Online"): self.frame["online"].to_numpy(),
                translate("budget", "Offline"): self.frame["offline"].to_numpy(),
            },
        )
        self.table.set_frame(
            self.frame,
            formats={"online": "money:0", "offline": "money:0", "share": "percent"},
            headers={
                "plan": translate("budget", "Plan"),
                "online": translate("budget", "Online / week"),
                "offline": translate("budget", "Offline / week"),
                "share": translate("budget", "Online share"),
            },
        )

    def frames(self) -> dict[str, pd.DataFrame]:
        return {translate("budget", "Online vs offline"): self.table.visible_frame()}

    def images(self) -> dict[str, bytes]:
        return {translate("budget", "Online vs offline chart"): widget_png(self.chart)}

    def retranslate_ui(self) -> None:
        self.chart.set_title(translate("budget", "Weekly spend online and offline"))
        if self.evaluation is not None and self.names is not None:
            self.show(self.evaluation, self.names)


class CertificateView(QWidget):
    """Why the plan can be trusted: proven optimal or the gap, the common marginal return,
    the constraints that bind with their shadow prices, how many cells sit at a bound."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.table = DataTable(export_name="certificate")
        self.bound_title = QLabel(self)
        self.bound_title.setObjectName("SectionTitle")
        self.bound_title.setWordWrap(True)
        self.bounds = DataTable(export_name="binding_bounds")
        self.frame = pd.DataFrame()
        self.evaluation: Evaluation | None = None
        self.names: CellNames | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.bound_title)
        layout.addWidget(self.bounds, 2)

    def show(self, evaluation: Evaluation, names: CellNames) -> None:
        self.evaluation, self.names = evaluation, names
        plan, certificate = evaluation.plan, evaluation.plan.certificate
        unit = response_unit(evaluation.setup.objective)
        counts = plan.allocation["bound"].value_counts()
        kinds = bound_names()
        lines = [f"<b>{certificate_text(evaluation)}</b>"]
        lines.append(
            translate("budget", "Method: %1. Solved in %2 s.")
            .replace("%1", method_names().get(plan.method, plan.method))
            .replace("%2", format_number(evaluation.seconds, 2))
        )
        if certificate.upper_bound is not None:
            lines.append(
                translate("budget", "No plan meeting the constraints reaches more than %1 %2.")
                .replace("%1", format_number(certificate.upper_bound, 2))
                .replace("%2", unit)
            )
        at_bounds = ", ".join(
            f"{kinds.get(k, k)}: {int(v)}" for k, v in counts.items() if k and k in kinds
        )
        lines.append(
            translate("budget", "Cells held by a bound: %1 (of %2).")
            .replace("%1", at_bounds or "0")
            .replace("%2", str(len(plan.allocation)))
        )
        if evaluation.excluded:
            lines.append(
                translate("budget", "Left out (no curve): %1.").replace(
                    "%1", ", ".join(evaluation.excluded)
                )
            )
        self.summary.setText("<br>".join(lines))
        self.frame = pd.DataFrame(
            [
                (
                    constraint_label(name),
                    value,
                    name == "total budget" or name in certificate.binding,
                )
                for name, value in certificate.multipliers.items()
            ],
            columns=["constraint", "multiplier", "binding"],
        )
        self.table.set_frame(
            self.frame,
            formats={"multiplier": "number:4", "binding": "bool"},
            headers={
                "constraint": translate("budget", "Constraint"),
                "multiplier": translate("budget", "Shadow price (per ¥ relaxed)"),
                "binding": translate("budget", "Binding"),
            },
        )
        held = _ordered(evaluation, names)
        held = held[held["bound"] != ""]
        self.bounds.set_frame(
            pd.DataFrame(
                {
                    "channel": [names.channel(c) for c in held["channel"]],
                    "region": [names.region(r) for r in held["region"]],
                    "bound": [bound_names().get(b, b) for b in held["bound"]],
                    "spend": held["spend"].to_numpy(),
                    "marginal": held["marginal_response"].to_numpy(),
                }
            ),
            formats={"spend": "money:0", "marginal": "number:3"},
            headers={
                "channel": translate("budget", "Channel"),
                "region": translate("budget", "Region"),
                "bound": translate("budget", "Bound"),
                "spend": translate("budget", "Optimal / week"),
                "marginal": translate("budget", "Marginal return"),
            },
        )
        self.bound_title.setText(
            translate(
                "budget",
                "Cells a bound holds: below the common marginal return at their minimum, "
                "above it at their maximum (relaxing the bound would pay).",
            )
        )

    def frames(self) -> dict[str, pd.DataFrame]:
        lines = self.summary.text().replace("<b>", "").replace("</b>", "").split("<br>")
        return {
            translate("budget", "Certificate"): pd.DataFrame(
                {translate("budget", "Certificate"): lines}
            ),
            translate("budget", "Constraints' shadow prices"): self.table.visible_frame(),
            translate("budget", "Binding bounds"): self.bounds.visible_frame(),
        }

    def retranslate_ui(self) -> None:
        if self.evaluation is not None:
            self.show(self.evaluation, self.names)


def certificate_text(evaluation: Evaluation) -> str:
    """One line: proven optimal, or the gap to the best possible, or no bound known."""
    certificate = evaluation.plan.certificate
    if certificate.exact:
        return translate("budget", "Proven optimal (gap 0 within rounding).")
    if certificate.relative_gap is not None:
        return translate("budget", "Within %1 of the best possible plan.").replace(
            "%1", gap_text(certificate.relative_gap)
        )
    return translate(
        "budget", "Best plan found (S-shaped curves: no bound on the gap for this objective)."
    )


def gap_text(gap: float) -> str:
    """A relative gap as a percentage; below what two decimals show, as "< 0.01%"."""
    return format_percent(gap, 2) if gap >= 0.00005 else "< " + format_percent(0.0001, 2)
