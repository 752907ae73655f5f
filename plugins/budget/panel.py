"""The budget planning panel: one weekly budget split across channel x region cells.

Top: the objective (revenue, leads, the "immediate leads <-> brand" mix, or a target revenue
at least spend), the weekly budget (spin box and slider), the plan period. Left: the
constraints (per-cell bounds, locks and the manual plan; shares and caps). Right: the views of
the optimised plan and the saved plans. Every change re-optimises in the background after a
short pause, through `ctx.run` with one key, so a newer request cancels an older one and stale
results never replace newer ones. Constraints that cannot hold are explained with the
conflicting constraints named and their fields marked; the views keep the last feasible plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from html import escape
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    SEGMENT_CHOSEN,
    ConflictError,
    KpiStrip,
    PanelContext,
    UserError,
    ValidationError,
    ViewState,
    ask_save_path,
    describe_error,
    format_money,
    format_number,
    format_percent,
    translate,
)
from console.services.budget_optimizer import BudgetError
from console.services.response_curves import hill
from plugins.budget import tasks
from plugins.budget.curves_view import CurvesView
from plugins.budget.editor import CellEditor, GroupEditor, mark_widget
from plugins.budget.messages import Labels, error_text
from plugins.budget.model import DEFAULT_BOUNDS, Mark, Setup, marks_for, segment_channels
from plugins.budget.plans_view import PlansView
from plugins.budget.texts import objective_names, response_unit, status_names
from plugins.budget.views import (
    AllocationView,
    CellNames,
    CertificateView,
    MarginalView,
    OutcomeView,
    SplitView,
    certificate_text,
    gap_text,
)

DEBOUNCE_MS = 300
SAVE_KNOWN = -1  # based_on_revision: the newest revision the plans list knows


class MessageBar(QFrame):
    """A coloured message with action buttons (the shell's banner styles: #Banner[kind])."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.label = QLabel(self)
        self.label.setObjectName("BannerText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(12, 6, 6, 6)
        self._layout.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        self.kind = ""
        self.hide()

    def show_message(
        self, text: str, kind: str = "info", actions: list[tuple[str, Callable]] | None = None
    ) -> None:
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for label, callback in actions or []:
            button = QPushButton(label, self)
            button.clicked.connect(lambda _=False, cb=callback: cb())
            self._layout.addWidget(button)
            self.buttons.append(button)
        self.label.setText(text)
        self.kind = kind
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def clear(self) -> None:
        self.kind = ""
        self.hide()


class SaveDialog(QDialog):
    """Name of the plan, which plan to save (optimal or manual) and a note."""

    def __init__(self, name: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("budget", "Save a version of the plan"))
        self.name = QLineEdit(name, self)
        self.note = QLineEdit(note, self)
        self.optimal = QRadioButton(translate("budget", "the optimal plan"), self)
        self.manual = QRadioButton(translate("budget", "my manual plan"), self)
        self.optimal.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.optimal)
        group.addButton(self.manual)
        which = QHBoxLayout()
        which.addWidget(self.optimal)
        which.addWidget(self.manual)
        form = QFormLayout(self)
        form.addRow(translate("budget", "Plan name:"), self.name)
        form.addRow(translate("budget", "Save:"), which)
        form.addRow(translate("budget", "Note:"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def kind(self) -> str:
        return "manual" if self.manual.isChecked() else "optimal"


class BudgetPanel(QWidget):
    evaluated = Signal(object)  # an Evaluation is on screen
    saved = Signal(object)  # a SavedPlan

    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.inputs: tasks.BudgetInputs | None = None
        self.names: CellNames | None = None
        self.evaluation: tasks.Evaluation | None = None
        self.pending_setup: Setup | None = None
        self.opened: dict | None = None
        self.overrides: dict[str, dict[str, dict[str, float]]] = {}
        self.segment: dict | None = None
        self.note = ""
        self.plan_name = ""
        self.current_total = 0.0
        self.read_only = False
        self.requests = 0
        self.shown = 0
        self._filling = False

        self.heading = QLabel(self)
        self.heading.setObjectName("SectionTitle")
        self.segment_bar = MessageBar(self)
        self.message = MessageBar(self)
        self._build_controls()
        self.kpis = KpiStrip(self)
        for key in ("response", "spend", "marginal", "online", "certificate"):
            self.kpis.add_card(key, "")
        self.editor = CellEditor(self)
        self.groups = GroupEditor(self)
        self.constraints = QTabWidget(self)
        self.constraints.addTab(self.editor, "")
        self.constraints.addTab(self.groups, "")
        self.allocation = AllocationView(ctx)
        self.curves = CurvesView(ctx)
        self.marginal = MarginalView()
        self.outcome = OutcomeView()
        self.split = SplitView()
        self.certificate = CertificateView()
        self.plans = PlansView(ctx)
        self.views = QTabWidget(self)
        for view in [*self._result_views(), self.plans]:
            self.views.addTab(view, "")
        self._stale: set[QWidget] = set()
        self.views.currentChanged.connect(lambda _index: self._show_views())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.constraints)
        splitter.addWidget(self.views)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([590, 810])
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.kpis)
        body_layout.addWidget(splitter, 1)
        self.state = ViewState(body, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.segment_bar)
        layout.addLayout(self.controls)
        layout.addWidget(self.message)
        layout.addWidget(self.state, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.optimise)
        self.editor.changed.connect(self.schedule)
        self.groups.changed.connect(self.schedule)
        self.editor.manual_optimal.clicked.connect(self._manual_from_optimal)
        self.curves.override_changed.connect(self.set_override)
        self.plans.open_requested.connect(self.open_plan)
        self.ctx.allow(self.save_button, "budget.edit")
        self.retranslate_ui()
        ctx.on_payload(self.receive_payload)
        unsubscribe = ctx.bus.subscribe(SEGMENT_CHOSEN, self.receive_payload)
        self.destroyed.connect(lambda *_: unsubscribe())
        self.refresh()

    def _result_views(self) -> list[QWidget]:
        return [
            self.allocation,
            self.curves,
            self.marginal,
            self.outcome,
            self.split,
            self.certificate,
        ]

    def _build_controls(self) -> None:
        self.objective_label = QLabel(self)
        self.objective = QComboBox(self)
        for key in objective_names():
            self.objective.addItem("", key)
        self.objective.currentIndexChanged.connect(self._objective_changed)
        self.leads_label = QLabel(self)
        self.brand = QSlider(Qt.Orientation.Horizontal, self)
        self.brand.setRange(0, 100)
        self.brand.setFixedWidth(160)
        self.brand.valueChanged.connect(self._brand_changed)
        self.brand_label = QLabel(self)
        self.brand_value = QLabel(self)
        self.target_label = QLabel(self)
        self.target = QDoubleSpinBox(self)
        self.target.setRange(0, 1e12)
        self.target.setDecimals(0)
        self.target.setGroupSeparatorShown(True)
        self.target.setPrefix("¥")
        self.target.valueChanged.connect(self.schedule)
        self.total_label = QLabel(self)
        self.total = QDoubleSpinBox(self)
        self.total.setRange(0, 1e12)
        self.total.setDecimals(0)
        self.total.setGroupSeparatorShown(True)
        self.total.setPrefix("¥")
        self.total.setSingleStep(1000)
        self.total.valueChanged.connect(self._total_changed)
        self.total_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.total_slider.setRange(20, 300)
        self.total_slider.setValue(100)
        self.total_slider.setFixedWidth(180)
        self.total_slider.valueChanged.connect(self._slider_changed)
        self.total_share = QLabel(self)
        self.weeks_label = QLabel(self)
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 104)
        self.weeks.setValue(13)
        self.weeks.valueChanged.connect(self.schedule)
        self.busy = QLabel(self)
        self.busy.setObjectName("StateText")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self._save_clicked)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self._export_clicked)
        first = QHBoxLayout()
        for widget in (
            self.objective_label,
            self.objective,
            self.leads_label,
            self.brand,
            self.brand_label,
            self.brand_value,
            self.target_label,
            self.target,
        ):
            first.addWidget(widget)
        first.addStretch(1)
        first.addWidget(self.busy)
        second = QHBoxLayout()
        for widget in (
            self.total_label,
            self.total,
            self.total_slider,
            self.total_share,
            self.weeks_label,
            self.weeks,
        ):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.save_button)
        second.addWidget(self.export_button)
        self.controls = QVBoxLayout()
        self.controls.addLayout(first)
        self.controls.addLayout(second)

    # -- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """F5: read the history again, refit, and re-optimise what is on screen."""
        self.state.run(
            self.ctx,
            tasks.load_inputs,
            self.ctx.database,
            key="inputs",
            on_result=self._loaded,
            loading_text=translate("budget", "Fitting response curves…"),
        )

    def _loaded(self, inputs: tasks.BudgetInputs) -> None:
        first = self.inputs is None
        self.inputs = inputs
        if inputs.fits.empty:
            self.state.show_empty(
                translate("budget", "No marketing history"),
                translate(
                    "budget",
                    "Response curves are fitted from weekly spend and outcomes per marketing "
                    "channel and region: import that history first.",
                ),
            )
            self.ctx.ready()
            return
        previous = None if first else self.current_setup()
        self.names = self._cell_names()
        cells = inputs.cells
        self.current_total = float(cells["current_spend"].sum())
        self.editor.set_cells(cells, self._labels())
        self.groups.set_groups(
            [(r, self.names.region(r)) for r in dict.fromkeys(cells["region"])],
            [(c, self.names.channel(c)) for c in dict.fromkeys(cells["channel"])],
        )
        self.curves.set_inputs(inputs, self.names)
        self.plans.names = self.names
        self.plans.set_plans(inputs.plans)
        self.apply_setup(previous or self.default_setup())
        if first and self.segment is not None:
            self._apply_segment()
        self.optimise()

    def _cell_names(self) -> CellNames:
        channels, regions = self.inputs.channels, self.inputs.regions
        return CellNames(
            {c["code"]: self.ctx.name_of(c) for c in channels.to_dict("records")},
            {r["name"]: self.ctx.name_of(r) for r in regions.to_dict("records")},
            self.inputs.online,
        )

    def _labels(self) -> dict[str, tuple[str, str]]:
        cells = self.inputs.cells
        return {
            c: (self.names.channel(ch), self.names.region(r))
            for c, ch, r in zip(cells["cell"], cells["channel"], cells["region"], strict=True)
        }

    def default_setup(self) -> Setup:
        """The current weekly spend, rounded, within 50%..200% of each cell's current spend."""
        cells = self.inputs.cells
        return Setup(
            total=round(self.current_total, -2),
            bounds=self.default_bounds(cells["cell"]),
            manual=dict(zip(cells["cell"], cells["current_spend"].round(0), strict=True)),
        )

    @staticmethod
    def default_bounds(cells) -> dict[str, dict[str, float]]:
        low, high = DEFAULT_BOUNDS
        return {cell: {"min_pct": low, "max_pct": high} for cell in cells}

    # -- the setup on screen -----------------------------------------------------------------------
    def current_setup(self) -> Setup:
        objective = self.objective.currentData()
        return Setup(
            total=float(self.total.value()),
            objective=objective,
            brand_weight=self.brand.value() / 100,
            target_revenue=float(self.target.value()) if objective == "target_revenue" else None,
            weeks=int(self.weeks.value()),
            bounds=self.editor.bounds(),
            locked=self.editor.locked(),
            online_share=self.groups.share("online"),
            offline_share=self.groups.share("offline"),
            region_caps=self.groups.caps("region"),
            channel_caps=self.groups.caps("channel"),
            overrides=self.overrides,
            manual=self.editor.manual(),
            segment=self.segment,
            note=self.note,
        )

    def apply_setup(self, setup: Setup) -> None:
        """Put a setup on screen (defaults, a reopened plan); re-optimised by the caller."""
        self._filling = True
        self.objective.setCurrentIndex(max(self.objective.findData(setup.objective), 0))
        self.brand.setValue(round(setup.brand_weight * 100))
        self.target.setValue(setup.target_revenue or round(self.current_revenue(), -2))
        self.total.setValue(setup.total)
        self.weeks.setValue(setup.weeks)
        self.overrides = {c: dict(v) for c, v in setup.overrides.items()}
        self.curves.set_overrides(self.overrides)
        self.note = setup.note
        self.editor.set_values(setup.bounds, setup.locked, setup.manual)
        self.groups.set_values(
            setup.online_share, setup.offline_share, setup.region_caps, setup.channel_caps
        )
        self._filling = False
        self._objective_changed()

    def current_revenue(self) -> float:
        """Weekly revenue the fitted curves expect at the current spend (the default target)."""
        fits = self.inputs.fits
        revenue = fits[(fits["outcome"] == "revenue") & (fits["status"] == "ok")]
        return float(
            hill(
                revenue["current_spend"], revenue["alpha"], revenue["gamma"], revenue["beta"]
            ).sum()
        )

    def schedule(self) -> None:
        """Re-optimise after a short pause (a dragged slider asks many times)."""
        if not self._filling and self.inputs is not None and not self.read_only:
            self.busy.setText(translate("budget", "Re-optimising…"))
            self.timer.start()

    def _objective_changed(self) -> None:
        objective = self.objective.currentData()
        mix, target = objective == "mix", objective == "target_revenue"
        for widget in (self.leads_label, self.brand, self.brand_label, self.brand_value):
            widget.setVisible(mix)
        self.target_label.setVisible(target)
        self.target.setVisible(target)
        self.schedule()

    def _brand_changed(self, value: int) -> None:
        self.brand_value.setText(translate("budget", "%1% brand").replace("%1", str(value)))
        self.schedule()

    def _total_changed(self, value: float) -> None:
        if self.current_total > 0:
            self.total_slider.blockSignals(True)
            self.total_slider.setValue(round(value / self.current_total * 100))
            self.total_slider.blockSignals(False)
            self.total_share.setText(
                translate("budget", "%1 of current spend").replace(
                    "%1", format_percent(value / self.current_total, 0)
                )
            )
        self.schedule()

    def _slider_changed(self, value: int) -> None:
        self.total.setValue(round(self.current_total * value / 100, -2))

    def set_override(self, cell: str, outcome: str, params: dict) -> None:
        overrides = {c: dict(v) for c, v in self.overrides.items()}
        if params:
            overrides.setdefault(cell, {})[outcome] = dict(params)
        else:
            overrides.get(cell, {}).pop(outcome, None)
            if not overrides.get(cell):
                overrides.pop(cell, None)
        self.overrides = overrides
        self.curves.set_overrides(overrides)
        self.schedule()

    def _manual_from_optimal(self) -> None:
        if self.evaluation is not None:
            self.editor.set_manual(self.evaluation.spend("optimal").to_dict())

    # -- optimising ----------------------------------------------------------------------------
    def optimise(self) -> None:
        """Run the optimiser on what is on screen; a newer request supersedes this one."""
        self.timer.stop()
        if self.inputs is None or self.inputs.fits.empty:
            return
        invalid = self.editor.invalid() + self.groups.invalid()
        if invalid:
            self._mark(invalid)
            self.message.show_message(
                translate("budget", "<b>Some entries are not amounts.</b> %1").replace(
                    "%1", translate("budget", "Correct the marked fields (a number of 0 or more).")
                ),
                "error",
            )
            self.busy.setText("")
            self.save_button.setEnabled(False)
            return
        setup = self.current_setup()
        self.pending_setup = setup
        self.requests += 1
        self.save_button.setEnabled(False)
        self.busy.setText(translate("budget", "Re-optimising…"))
        self.ctx.run(
            tasks.optimise, self.inputs, setup, key="optimise",
            on_result=self.show_evaluation, on_error=self._optimise_failed,
        )  # fmt: skip

    def show_evaluation(self, evaluation: tasks.Evaluation) -> None:
        self.evaluation = evaluation
        self.shown += 1
        self.pending_setup = None
        self._mark([])
        if self.message.kind == "error":
            self.message.clear()
        self._show_kpis(evaluation)
        self._stale = set(self._result_views())
        self._show_views()
        self.busy.setText(
            translate("budget", "Optimised in %1 s").replace(
                "%1", format_number(evaluation.seconds, 2)
            )
        )
        self.save_button.setEnabled(not self.read_only)
        self._update_heading()
        self.evaluated.emit(evaluation)
        self.ctx.ready()

    def _show_views(self, every: bool = False) -> None:
        """Draw the plan in the visible view (all views for an export); hidden views are drawn
        when their tab is opened, so that a re-optimisation costs the GUI thread little."""
        if self.evaluation is None:
            return
        chosen = set(self._stale) if every else self._stale & {self.views.currentWidget()}
        for view in chosen:
            view.show(self.evaluation, self.names)
        self._stale -= chosen

    def _optimise_failed(self, error: BaseException) -> None:
        self.busy.setText("")
        self.save_button.setEnabled(False)
        if not isinstance(error, UserError):
            self.ctx.report_error(error)
            return
        setup = self.pending_setup or self.current_setup()
        problem, fix = self.error_text(error)
        problems = error.problems if isinstance(error, ValidationError) else []
        # the marked fields' tooltips say what is wrong, in the interface language
        marks = [replace(m, reason=problem) for m in marks_for(problems, setup, self.editor.cells)]
        self._mark(marks)
        kept = (
            translate("budget", "The views show the last plan that met the constraints.")
            if self.evaluation is not None
            else ""
        )
        title = translate("budget", "No plan meets these constraints.")
        text = escape(f"{problem} {fix}")
        self.message.show_message(f"<b>{title}</b> {text} {kept}", "error")
        self.ctx.ready()

    def error_text(self, error: UserError) -> tuple[str, str]:
        """(problem, fix) in the interface language: the optimiser's errors carry a code and
        parameters (cells named by the labels the tables show); others come translated."""
        if not isinstance(error, BudgetError) or self.names is None:
            return describe_error(error)
        labels = Labels(
            {cell: f"{channel} · {region}" for cell, (channel, region) in self._labels().items()},
            self.names.regions,
            self.names.channels,
        )
        return error_text(error, labels)

    def _mark(self, marks: list[Mark]) -> None:
        """Mark the fields an error names in every editor (empty: clear all marks)."""
        self.editor.mark(marks)
        self.groups.mark(marks)
        self.curves.mark(marks)
        reasons = {m.kind: m.reason for m in marks}
        for kind, widget in (
            ("total", self.total),
            ("target", self.target),
            ("brand", self.brand),
            ("objective", self.objective),
        ):
            mark_widget(widget, reasons.get(kind))
        if any(m.kind == "cell" for m in marks):
            self.constraints.setCurrentWidget(self.editor)
        elif any(m.kind in ("share", "region", "channel") for m in marks):
            self.constraints.setCurrentWidget(self.groups)
        if any(m.kind == "curve" for m in marks):
            self.views.setCurrentWidget(self.curves)

    def marked_fields(self) -> list[tuple[str, str]]:
        """Every marked field as (kind, key): for tests."""
        top = [
            (kind, "")
            for kind, widget in (
                ("total", self.total),
                ("target", self.target),
                ("brand", self.brand),
                ("objective", self.objective),
            )
            if widget.property("marked")
        ]
        cells = [("cell", f"{cell}.{column}") for cell, column in self.editor.marked()]
        return top + cells + self.groups.marked()

    def _show_kpis(self, evaluation: tasks.Evaluation) -> None:
        plan = evaluation.plan
        cards = self.kpis.cards
        unit = response_unit(evaluation.setup.objective)
        money = evaluation.setup.objective in ("revenue", "target_revenue")
        value = (
            format_money(plan.total_response, 0) if money else format_number(plan.total_response)
        )
        change = (
            plan.total_response / plan.current_response - 1 if plan.current_response > 0 else None
        )
        cards["response"].set_value(
            value, change, change_label=translate("budget", "vs current plan")
        )
        budget = evaluation.setup.total
        cards["spend"].set_value(
            format_money(plan.total_spend, 0),
            change_label=translate("budget", "of %1 budget").replace("%1", format_money(budget, 0)),
        )
        marginal = plan.marginal_return
        cards["marginal"].set_value(
            format_number(marginal, 3) if math.isfinite(marginal) else "—",
            change_label=translate("budget", "%1 per extra ¥1").replace("%1", unit),
        )
        allocation = plan.allocation
        online = allocation["channel"].map(self.names.online).fillna(False).astype(bool)
        share = allocation.loc[online, "spend"].sum() / max(plan.total_spend, 1e-300)
        current_share = allocation.loc[online, "current_spend"].sum() / max(
            allocation["current_spend"].sum(), 1e-300
        )
        cards["online"].set_value(
            format_percent(share, 1),
            change_label=translate("budget", "current %1").replace(
                "%1", format_percent(current_share, 1)
            ),
        )
        certificate = plan.certificate
        cards["certificate"].set_value(
            translate("budget", "Proven optimal")
            if certificate.exact
            else translate("budget", "Gap %1").replace("%1", gap_text(certificate.relative_gap))
            if certificate.relative_gap is not None
            else translate("budget", "Best found"),
            change_label=certificate_text(evaluation) if not certificate.exact else "",
        )
        cards["response"].set_title(
            translate("budget", "Expected %1 / week").replace("%1", unit),
            translate(
                "budget",
                "What the optimal plan's cells bring per week by their response curves, "
                "compared with the current weekly spend under the same curves.",
            ),
        )

    def _update_heading(self) -> None:
        if self.opened is None:
            text = translate("budget", "New plan (not saved)")
        elif self.opened["status"] == "approved" and not self.read_only:
            text = (
                translate("budget", "Revising %1 revision %2: saving creates a new revision")
                .replace("%1", str(self.opened["name"]))
                .replace("%2", str(self.opened["revision"]))
            )
        else:
            status = status_names().get(self.opened["status"], self.opened["status"])
            text = (
                translate("budget", "%1 — revision %2 (%3)")
                .replace("%1", str(self.opened["name"]))
                .replace("%2", str(self.opened["revision"]))
                .replace("%3", status)
            )
            if self.read_only:
                text += " · " + translate("budget", "read-only")
        self.heading.setText(text)

    # -- plans ---------------------------------------------------------------------------------
    def open_plan(self, plan_id: int) -> None:
        self.ctx.run(
            tasks.load_plan, self.ctx.database, plan_id, key="open",
            on_result=self._plan_loaded, on_error=self._plan_failed,
        )  # fmt: skip

    def _plan_loaded(self, stored) -> None:
        setup = Setup.from_plan(stored.header, stored.settings, stored.allocation)
        if "bounds" not in stored.settings:  # saved without constraints (e.g. imported)
            setup = setup.with_changes(bounds=self.default_bounds(self.editor.cells))
        self.opened = dict(stored.header)
        self.plan_name = str(stored.header["name"])
        self.segment = dict(setup.segment) if setup.segment else None
        self.segment_bar.clear()
        self.apply_setup(setup)
        self.set_read_only(stored.read_only)
        self.views.setCurrentWidget(self.allocation)
        if stored.read_only:
            self.message.show_message(
                translate(
                    "budget",
                    "<b>This revision is approved and read-only.</b> The manual plan shows it; "
                    "to change it, revise it as a new draft revision.",
                ),
                "info",
                [(translate("budget", "Revise as a new draft"), self.revise)],
            )
        else:
            self.message.clear()
        self.optimise()

    def _plan_failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.message.show_message(self._error_html(error), "error")
            self.plans.refresh()
        else:
            self.ctx.report_error(error)

    def revise(self) -> None:
        """Leave the approved revision untouched: edit a copy, saved as the next revision."""
        self.set_read_only(False)
        self.message.clear()
        self._update_heading()
        self.save_button.setEnabled(self.evaluation is not None)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.editor.set_read_only(read_only)
        self.groups.set_read_only(read_only)
        self.curves.set_read_only(read_only)
        for widget in (
            self.objective,
            self.brand,
            self.target,
            self.total,
            self.total_slider,
            self.weeks,
        ):
            widget.setEnabled(not read_only)
        self.save_button.setEnabled(not read_only and self.evaluation is not None)
        self._update_heading()

    def _save_clicked(self) -> None:
        dialog = SaveDialog(self.suggested_name(), self.note, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_version(dialog.name.text(), dialog.kind(), dialog.note.text())

    def suggested_name(self) -> str:
        if self.plan_name:
            return self.plan_name
        return translate("budget", "Campaign plan")

    def save_version(
        self, name: str, kind: str = "optimal", note: str = "", based_on: int | None = SAVE_KNOWN
    ) -> None:
        """Save the plan on screen as the next revision of `name` (in the background).

        based_on: the newest revision the user saw (SAVE_KNOWN: the newest in the plans
        list); None saves even if somebody saved a newer revision meanwhile."""
        if self.evaluation is None:
            return
        self.note = note
        evaluation = replace(
            self.evaluation, setup=self.evaluation.setup.with_changes(note=note.strip())
        )
        revision = self.plans.latest_revision(name) if based_on == SAVE_KNOWN else based_on
        self.ctx.run(
            tasks.save_plan, self.ctx.database, self.ctx.user, evaluation, name, kind, revision,
            key="save", on_result=self._saved,
            on_error=lambda error: self._save_failed(error, name, kind, note),
        )  # fmt: skip

    def _saved(self, saved) -> None:
        self.plan_name = saved.name
        self.opened = {
            "id": saved.id,
            "name": saved.name,
            "revision": saved.revision,
            "status": "draft",
            "version": saved.version,
        }
        self.message.show_message(
            translate("budget", "Saved as '%1' revision %2 (draft).")
            .replace("%1", escape(saved.name))
            .replace("%2", str(saved.revision)),
            "info",
        )
        self._update_heading()
        self.plans.refresh()
        self.saved.emit(saved)

    def _save_failed(self, error: BaseException, name: str, kind: str, note: str) -> None:
        if isinstance(error, ConflictError):
            self.message.show_message(
                self._error_html(error),
                "warning",
                [
                    (
                        translate("budget", "Save anyway"),
                        lambda: self.save_version(name, kind, note, based_on=None),
                    ),
                    (translate("budget", "Show the plans"), self._show_plans),
                ],
            )
            self.plans.refresh()
        elif isinstance(error, UserError):
            self.message.show_message(self._error_html(error), "error")
        else:
            self.ctx.report_error(error)

    def show_error(self, error: UserError) -> None:
        self.message.show_message(self._error_html(error), "error")

    def _error_html(self, error: UserError) -> str:
        problem, fix = self.error_text(error)
        return f"<b>{escape(problem)}</b> {escape(fix)}"

    def _show_plans(self) -> None:
        self.plans.refresh()
        self.views.setCurrentWidget(self.plans)

    # -- segment -------------------------------------------------------------------------------
    def receive_payload(self, payload: object) -> None:
        """A customer segment to plan a campaign for (from the segments panel)."""
        if not isinstance(payload, dict) or not payload.get("segment"):
            return
        self.segment = dict(payload)
        if self.inputs is not None and not self.inputs.fits.empty:
            self._apply_segment()

    def _apply_segment(self) -> None:
        segment = self.segment
        cells = self.inputs.cells
        _, unreached = segment_channels(segment, list(dict.fromkeys(cells["channel"])))
        self.set_read_only(False)
        self.opened = None
        self.plan_name = translate("budget", "Campaign for %1").replace(
            "%1", str(segment["segment"])
        )
        held = cells["channel"].isin(unreached)
        for cell in cells.loc[held, "cell"]:
            self.editor.set_cell_bounds(cell, {"max": 0.0})
        if held.any():  # the channels left can rarely take the whole budget within bounds
            self.total.setValue(round(float(cells.loc[~held, "current_spend"].sum()), -2))
        self._show_segment(unreached)
        self._update_heading()
        self.schedule()

    def _show_segment(self, unreached: list[str]) -> None:
        segment = self.segment
        text = (
            translate("budget", "Planning a campaign for segment %1 (%2 customers).")
            .replace("%1", f"<b>{escape(str(segment['segment']))}</b>")
            .replace("%2", format_number(segment.get("size") or 0))
        )
        if unreached:
            text += " " + translate(
                "budget",
                "Channels that reach none of them are held at 0: %1. The weekly budget starts "
                "at what the other channels spend now.",
            ).replace("%1", ", ".join(self.names.channel(c) for c in unreached))
        else:
            text += " " + translate("budget", "Every channel reaches some of them.")
        self.segment_bar.show_message(
            text, "info", [(translate("budget", "Plan without the segment"), self.clear_segment)]
        )

    def clear_segment(self) -> None:
        cells = self.inputs.cells
        _, unreached = segment_channels(self.segment or {}, list(dict.fromkeys(cells["channel"])))
        low, high = DEFAULT_BOUNDS
        for cell in cells.loc[cells["channel"].isin(unreached), "cell"]:
            self.editor.set_cell_bounds(cell, {"min_pct": low, "max_pct": high})
        if unreached:
            self.total.setValue(round(self.current_total, -2))
        self.segment = None
        self.plan_name = ""
        self.segment_bar.clear()
        self.schedule()

    # -- export --------------------------------------------------------------------------------
    def _export_clicked(self) -> None:
        path = ask_save_path(self, "budget_plan", ("xlsx",))
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path):
        """One sheet per view (and per chart image) of the plan on screen, in the background."""
        frames: dict[str, pd.DataFrame] = {}
        images: dict[str, bytes] = {}
        self._show_views(every=True)
        for view in self._result_views():
            frames.update(view.frames())
            if hasattr(view, "images"):
                images.update(view.images())
        frames.update(self.plans.frames())
        frames[translate("budget", "Constraints")] = self.editor_frame()
        return self.ctx.run(
            tasks.export_workbook, frames, images, Path(path), key="export",
            on_result=lambda written: self.message.show_message(
                translate("budget", "Exported to %1.").replace("%1", str(written)), "info"
            ),
        )  # fmt: skip

    def editor_frame(self) -> pd.DataFrame:
        """The per-cell constraints as entered, for the export."""
        setup = self.current_setup()
        labels = self._labels()
        rows = []
        for cell in self.editor.cells:
            bound = setup.bounds.get(cell, {})
            rows.append(
                {
                    translate("budget", "Channel"): labels[cell][0],
                    translate("budget", "Region"): labels[cell][1],
                    translate("budget", "Current / week"): self.editor.current[cell],
                    translate("budget", "Min ¥"): bound.get("min"),
                    translate("budget", "Max ¥"): bound.get("max"),
                    translate("budget", "Min %"): bound.get("min_pct"),
                    translate("budget", "Max %"): bound.get("max_pct"),
                    translate("budget", "Locked"): cell in setup.locked,
                    translate("budget", "Manual ¥"): setup.manual.get(cell),
                }
            )
        return pd.DataFrame(rows)

    # -- language ------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        names = objective_names()
        for index in range(self.objective.count()):
            self.objective.setItemText(index, names[self.objective.itemData(index)])
        self.objective_label.setText(translate("budget", "Objective:"))
        self.leads_label.setText(translate("budget", "Immediate leads"))
        self.brand_label.setText(translate("budget", "Brand"))
        self.brand_value.setText(
            translate("budget", "%1% brand").replace("%1", str(self.brand.value()))
        )
        self.target_label.setText(translate("budget", "Target revenue / week:"))
        self.total_label.setText(translate("budget", "Budget / week:"))
        self.weeks_label.setText(translate("budget", "Plan weeks:"))
        self.save_button.setText(translate("budget", "Save version…"))
        self.export_button.setText(translate("budget", "Export XLSX…"))
        self.constraints.setTabText(0, translate("budget", "Cells"))
        self.constraints.setTabText(1, translate("budget", "Shares and caps"))
        titles = (
            translate("budget", "Allocation"),
            translate("budget", "Response curves"),
            translate("budget", "Marginal return"),
            translate("budget", "Expected outcome"),
            translate("budget", "Online vs offline"),
            translate("budget", "Certificate"),
            translate("budget", "Plans"),
        )
        for index, title in enumerate(titles):
            self.views.setTabText(index, title)
        cards = self.kpis.cards
        cards["response"].set_title(translate("budget", "Expected response / week"))
        cards["spend"].set_title(
            translate("budget", "Planned spend / week"),
            translate("budget", "Weekly spend of the optimal plan."),
        )
        cards["marginal"].set_title(
            translate("budget", "Common marginal return"),
            translate(
                "budget",
                "What one more ¥ of weekly budget would bring: equal in every cell that no "
                "bound holds.",
            ),
        )
        cards["online"].set_title(
            translate("budget", "Online share"),
            translate("budget", "Share of the optimal plan's spend in online channels."),
        )
        cards["certificate"].set_title(
            translate("budget", "Optimality"),
            translate(
                "budget",
                "Proven optimal: no plan meeting the constraints brings more (the dual bound "
                "meets the plan). Otherwise the gap to that bound, where known.",
            ),
        )
        self.editor.retranslate_ui()
        self.groups.retranslate_ui()
        self.plans.retranslate_ui()
        self._update_heading()
        if self.inputs is not None and not self.inputs.fits.empty:
            self.names = self._cell_names()
            self.editor.relabel(self._labels())
            self.groups.relabel({**self.names.regions, **self.names.channels})
            self.curves.set_inputs(self.inputs, self.names)
            self.plans.names = self.names
            for view in self._result_views():
                view.retranslate_ui()
            if self.evaluation is not None:
                self._show_kpis(self.evaluation)
                self._stale = set(self._result_views())
                self._show_views()
            if self.segment is not None:
                cells = self.inputs.cells
                channels = list(dict.fromkeys(cells["channel"]))
                self._show_segment(segment_channels(self.segment, channels)[1])
        else:
            for view in self._result_views():
                view.retranslate_ui()


def create_panel(ctx: PanelContext) -> QWidget:
    return BudgetPanel(ctx)
