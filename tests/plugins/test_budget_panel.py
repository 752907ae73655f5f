"""The budget panel on a private copy of the small demo database: it fits the curves and
optimises in the background; a slider or a bound change re-optimises live and a stale result
never replaces a newer one; infeasible constraints are explained with the conflicting fields
marked; a plan is saved, submitted, approved and then read-only; a customer segment from the
segments panel restricts the channels; the export writes one sheet per view with charts."""

from __future__ import annotations

import re
import threading
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QCoreApplication, QTranslator

from console.api import SEGMENT_CHOSEN
from console.db.database import Database, load_user
from console.db.engine import parse_url
from console.db.queries import budget as queries
from console.services.budget_errors import MESSAGES, BudgetError
from console.ui import formatting
from plugins.budget import messages, tasks
from plugins.budget.panel import create_panel
from tests.ui.fixtures import db_copy, isolated_home, ui_db_url  # noqa: F401

WAIT = 60_000
TRANSLATIONS = Path(tasks.__file__).parent / "translations"
OFFLINE = ("STORE_EVENTS", "DEALER_COOP", "OUTDOOR")


class _Uncancellable:
    """A task control that never stops the work: the stale result does come back."""

    def check(self) -> None:
        pass

    def progress(self, *_args) -> None:
        pass


@pytest.fixture(scope="module")
def fitted(ui_db_url):  # noqa: F811 (fixture imported above)
    """The demo history read and fitted once for the module (the first test fits for real)."""
    database = Database(parse_url(ui_db_url))
    try:
        return tasks.load_inputs(database, task=_Uncancellable())
    finally:
        database.dispose()


@pytest.fixture
def make_panel(qtbot, db_copy, isolated_home, fitted, monkeypatch):  # noqa: F811
    """make(user) -> (panel, ctx) on a writable copy of the small demo database, loaded and
    optimised once. The curves fitted once for the module are reused (same data), with the
    copy's own saved plans; `fit=True` fits again as the panel does."""
    from console.api import PanelContext
    from console.ui.bus import EventBus
    from console.ui.runner import BackgroundRunner

    database = Database(parse_url(db_copy))
    runner = BackgroundRunner()
    bus = EventBus()
    real_load = tasks.load_inputs

    def make(
        user: str = "marketing", *, wait: bool = True, fit: bool = False, language: str = "en"
    ):
        def cached(database, *, task):
            return replace(fitted, plans=queries.plans_frame(database.engine))

        monkeypatch.setattr(tasks, "load_inputs", real_load if fit else cached)
        errors: list[BaseException] = []
        ctx = PanelContext(
            panel_id="budget", database=database, user=load_user(database, user),
            runner=runner, bus=bus, report_error=lambda _pid, exc: errors.append(exc),
            language=language,
        )  # fmt: skip
        ctx.errors = errors
        panel = create_panel(ctx)
        qtbot.addWidget(panel)
        panel.resize(1400, 860)
        if wait:
            qtbot.waitUntil(lambda: panel.shown >= 1, timeout=WAIT)
        return panel, ctx

    make.database = database
    make.bus = bus
    yield make
    runner.cancel_all()
    runner.wait(10000)
    database.dispose()


def _settle(panel, qtbot, after: int) -> None:
    """Wait for the re-optimisation a change asked for (debounced, in the background)."""
    qtbot.waitUntil(lambda: panel.shown > after and panel.pending_setup is None, timeout=WAIT)


def test_panel_loads_fits_and_shows_the_optimal_plan(make_panel):
    panel, ctx = make_panel(fit=True)
    assert ctx.is_ready and ctx.errors == []
    evaluation = panel.evaluation
    allocation = evaluation.plan.allocation
    assert len(allocation) == 56 and panel.allocation.table.model.total_rows == 56
    # the plan spends the weekly budget, within 50%..200% of each cell's current spend
    assert allocation["spend"].sum() == pytest.approx(panel.total.value(), rel=1e-6)
    current = allocation["current_spend"]
    assert (allocation["spend"] >= 0.5 * current - 1e-6).all()
    assert (allocation["spend"] <= 2 * current + 1e-6).all()
    # never worse than the current plan under the same curves
    assert evaluation.plan.total_response >= evaluation.plan.current_response
    assert panel.kpis.cards["response"].value_label.text().startswith("¥")
    assert panel.curves.table.model.total_rows == 168
    assert panel.plans.table.model.total_rows == 2
    assert not panel.save_button.isHidden()


def test_a_slider_and_a_bound_change_reoptimise_live_and_stale_results_are_dropped(
    make_panel, qtbot, monkeypatch
):
    """The budget slider starts a slow optimisation; a bound edit while it runs starts a
    newer one. Only the newer result is shown, also after the slow one has finished."""
    panel, _ctx = make_panel()
    calls: list[dict] = []
    real = tasks.optimise

    def recorded(inputs, setup, *, task):
        call = {"total": setup.total, "bounds": dict(setup.bounds), "done": threading.Event()}
        calls.append(call)
        if len(calls) == 1:  # slower than the next request, and it ignores the cancel
            time.sleep(2.0)
            task = _Uncancellable()
        result = real(inputs, setup, task=task)
        call["done"].set()
        return result

    monkeypatch.setattr(tasks, "optimise", recorded)
    shown = []
    panel.evaluated.connect(shown.append)
    cell = panel.editor.cells[0]
    before = panel.shown
    panel.total_slider.setValue(120)  # a drag ends at 120% of current spend
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=WAIT)
    item = panel.editor.item(cell, "max_pct")
    item.setText("60")  # while the first one runs
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=WAIT)
    _settle(panel, qtbot, before)
    assert calls[0]["done"].wait(10)
    qtbot.wait(300)  # the slow result has come back by now, and must have been dropped
    assert len(shown) == 1
    latest = shown[0]
    assert latest.setup.bounds[cell]["max_pct"] == 60.0
    expected_total = round(panel.current_total * 1.2, -2)
    assert latest.setup.total == expected_total == calls[1]["total"]
    plan = latest.plan.allocation.set_index("cell")
    assert plan["spend"].sum() == pytest.approx(expected_total, rel=1e-6)
    assert plan.loc[cell, "spend"] <= 0.6 * plan.loc[cell, "current_spend"] + 1e-6
    assert panel.evaluation is latest


def test_infeasible_constraints_name_the_conflict_and_mark_the_fields(make_panel, qtbot):
    panel, ctx = make_panel()
    feasible = panel.evaluation
    before = panel.shown
    panel.groups.shares[("online", "min")].setValue(90)
    panel.groups.shares[("offline", "min")].setValue(20)
    qtbot.waitUntil(lambda: panel.message.kind == "error", timeout=WAIT)
    text = panel.message.label.text()
    assert "online share at least 90.0%" in text and "offline share at least 20.0%" in text
    assert ("share", "online") in panel.marked_fields()
    assert ("share", "offline") in panel.marked_fields()
    assert panel.constraints.currentWidget() is panel.groups
    assert panel.evaluation is feasible and panel.shown == before  # the last feasible plan
    assert not panel.save_button.isEnabled()
    # back to feasible: the message and the marks go
    panel.groups.shares[("offline", "min")].setValue(0)
    panel.groups.shares[("online", "min")].setValue(0)
    _settle(panel, qtbot, before)
    assert panel.message.kind != "error" and panel.marked_fields() == []
    assert panel.save_button.isEnabled()
    # a total below the cells' minimums marks the total and the minimums that add up
    before = panel.shown
    panel.total.setValue(round(panel.current_total * 0.3))
    qtbot.waitUntil(lambda: panel.message.kind == "error", timeout=WAIT)
    assert "minimums" in panel.message.label.text()
    marked = panel.marked_fields()
    assert ("total", "") in marked
    assert ("cell", f"{panel.editor.cells[0]}.min_pct") in marked
    assert panel.shown == before
    panel.total.setValue(round(panel.current_total, -2))
    # a channel cap below its cells' minimums names the cap and marks it
    channel = panel.editor.cells[0].split("|")[0]
    row = panel.groups.cap_keys[panel.groups.channel_caps].index(channel)
    panel.groups.channel_caps.item(row, 1).setText("100")
    qtbot.waitUntil(lambda: ("channel", channel) in panel.marked_fields(), timeout=WAIT)
    assert f"channel {panel.names.channel(channel)} cap of ¥100.00" in panel.message.label.text()
    assert panel.constraints.currentWidget() is panel.groups
    panel.groups.channel_caps.item(row, 1).setText("")
    # a cell's minimum amount above its maximum (200% of current) marks both bounds
    cell = panel.editor.cells[2]
    panel.editor.item(cell, "min").setText(str(round(panel.editor.current[cell] * 3)))
    qtbot.waitUntil(lambda: ("cell", f"{cell}.min") in panel.marked_fields(), timeout=WAIT)
    assert ("cell", f"{cell}.max_pct") in panel.marked_fields()
    code, region = cell.split("|")
    label = f"{panel.names.channel(code)} · {panel.names.region(region)}"
    assert f"Cell {label}: the minimum" in panel.message.label.text()
    assert cell not in panel.message.label.text()  # the label, not the key
    assert panel.editor.unit.currentIndex() == 1  # the amounts are shown, where the mark is
    panel.editor.item(cell, "min").setText("")
    # text that is not an amount is marked at once, and nothing is optimised
    requests = panel.requests
    panel.editor.item(panel.editor.cells[1], "manual").setText("lots")
    qtbot.waitUntil(lambda: ("cell", f"{panel.editor.cells[1]}.manual") in panel.marked_fields())
    qtbot.wait(500)  # longer than the re-optimisation's debounce
    assert panel.message.kind == "error" and "not amounts" in panel.message.label.text()
    assert panel.requests == requests
    assert ctx.errors == []


@pytest.fixture
def chinese(qapp):
    """The budget panel's Chinese catalogue and Chinese number formats; English after."""
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "budget_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    formatting.set_language("zh_CN")
    yield
    QCoreApplication.removeTranslator(translator)
    formatting.set_language("en")


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_every_optimiser_error_has_a_chinese_text_with_the_same_placeholders(qapp):
    """A code without a panel text, or a translation that lost or renamed a {name}, would
    show English or a raw placeholder."""
    english = messages.templates()
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "budget_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        chinese = messages.templates()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert set(english) == set(chinese) == set(MESSAGES)
    for code, (problem, fix) in chinese.items():
        assert re.search("[\u4e00-\u9fff]", problem) and re.search("[\u4e00-\u9fff]", fix)
        assert _placeholders(problem) == _placeholders(english[code][0]), code
        assert _placeholders(fix) == _placeholders(english[code][1]), code
        service = _placeholders(" ".join(MESSAGES[code]))
        assert _placeholders(problem + fix) <= service, code  # only what the service gives


def test_infeasible_constraints_are_explained_in_chinese(chinese, make_panel, qtbot):
    panel, ctx = make_panel(language="zh_CN")
    names = panel.names
    # share bounds that cannot both hold: both named, in Chinese, and marked
    panel.groups.shares[("online", "min")].setValue(90)
    panel.groups.shares[("offline", "min")].setValue(20)
    qtbot.waitUntil(lambda: panel.message.kind == "error", timeout=WAIT)
    text = _plain(panel.message.label.text())
    assert text.startswith("没有方案能满足这些约束。")
    assert "线上占比至少 90.0%与线下占比至少 20.0%无法同时满足。" in text
    assert "请放宽两个占比限制中的一个。" in text
    assert not re.search("[A-Za-z]{3,}", text), text  # no English left
    assert "线上占比至少 90.0%" in panel.groups.shares[("online", "min")].toolTip()
    panel.groups.shares[("offline", "min")].setValue(0)
    # an online share the capped online channels cannot reach: a minimal conflicting set,
    # each cap named by its channel's Chinese label
    cells = panel.inputs.cells
    spend = cells[cells["online"]].groupby("channel")["current_spend"].sum()
    share = spend.sum() / cells["current_spend"].sum()
    for code, amount in spend.items():
        row = panel.groups.cap_keys[panel.groups.channel_caps].index(code)
        panel.groups.channel_caps.item(row, 1).setText(f"{amount:.0f}")
    panel.groups.shares[("online", "min")].setValue(round(share * 100) + 10)
    qtbot.waitUntil(lambda: "以下约束无法同时满足" in panel.message.label.text(), timeout=WAIT)
    with pytest.raises(BudgetError) as raised:
        tasks.optimise(panel.inputs, panel.current_setup(), task=_Uncancellable())
    conflict = raised.value.params["constraints"]
    capped = [limit.key for limit in conflict if limit.kind == "channel"]
    assert capped and any(limit.kind == "online" for limit in conflict)
    text = _plain(panel.message.label.text())
    assert f"线上占比至少 {round(share * 100) + 10}.0%（线上花费至少 ¥" in text
    for code in capped:
        label = names.channel(code)
        assert re.search("[\u4e00-\u9fff]", label)  # the channel's Chinese name
        assert f"渠道“{label}”的上限 ¥{round(spend[code]):,.2f}" in text
        assert ("channel", code) in panel.marked_fields()
    assert ("share", "online") in panel.marked_fields()
    assert "cap" not in text and "share" not in text
    panel.groups.shares[("online", "min")].setValue(0)
    for code in spend.index:
        row = panel.groups.cap_keys[panel.groups.channel_caps].index(code)
        panel.groups.channel_caps.item(row, 1).setText("")
    # a cell's minimum above its maximum: the cell by its Chinese labels, amounts in ¥
    cell = panel.editor.cells[2]
    panel.editor.item(cell, "min").setText(str(round(panel.editor.current[cell] * 3)))
    qtbot.waitUntil(lambda: ("cell", f"{cell}.min") in panel.marked_fields(), timeout=WAIT)
    code, region = cell.split("|")
    label = f"{names.channel(code)} · {names.region(region)}"
    text = _plain(panel.message.label.text())
    assert f"单元 {label}：最小值 ¥" in text and "高于最大值 ¥" in text
    assert f"请降低 {label} 的最小值或提高其最大值。" in text
    assert cell not in text
    assert panel.editor.item(cell, "min").toolTip().startswith(f"单元 {label}：")
    assert ctx.errors == []


def test_the_brand_slider_and_a_target_revenue_change_the_objective(make_panel, qtbot):
    panel, ctx = make_panel()
    revenue_plan = panel.evaluation.plan
    before = panel.shown
    panel.objective.setCurrentIndex(panel.objective.findData("mix"))
    assert not panel.brand.isHidden() and panel.target.isHidden()
    panel.brand.setValue(70)  # mostly brand reach, some immediate leads
    _settle(panel, qtbot, before)
    mix = panel.evaluation
    assert (mix.setup.objective, mix.setup.brand_weight) == ("mix", 0.7)
    assert "lead-equivalents" in panel.kpis.cards["marginal"].change_label.text()
    assert not mix.plan.allocation["spend"].equals(revenue_plan.allocation["spend"])
    # the least spend that still brings today's expected revenue
    before = panel.shown
    panel.objective.setCurrentIndex(panel.objective.findData("target_revenue"))
    assert not panel.target.isHidden()
    target = panel.target.value()
    assert target == pytest.approx(revenue_plan.current_response, rel=0.01)
    _settle(panel, qtbot, before)
    plan = panel.evaluation.plan
    assert plan.total_response >= target * (1 - 1e-6)
    assert plan.total_spend < panel.total.value()  # reaching it costs less than the budget
    assert ctx.errors == []


def test_save_submit_approve_and_the_approved_plan_is_read_only(make_panel, qtbot):
    panel, ctx = make_panel("marketing")
    with qtbot.waitSignal(panel.saved, timeout=WAIT) as saved:
        panel.save_version("Spring launch", "optimal", "first try")
    plan = saved.args[0]
    assert (plan.name, plan.revision) == ("Spring launch", 1)
    stored = queries.load_plan(make_panel.database.engine, plan.id)
    weeks = panel.weeks.value()
    assert stored.header["status"] == "draft" and stored.header["created_by"] == "marketing"
    optimal = panel.evaluation.plan.allocation.set_index("cell")["spend"] * weeks
    spend = stored.allocation.set_index("cell")["spend"]
    assert (spend - optimal.reindex(spend.index)).abs().max() < 0.01
    assert stored.settings["note"] == "first try" and stored.settings["source"] == "optimal"
    assert stored.settings["bounds"][panel.editor.cells[0]] == {"min_pct": 50.0, "max_pct": 200.0}
    # marketing submits; it may not approve (the buttons are not even there)
    plans = panel.plans
    qtbot.waitUntil(lambda: plans.latest_revision("Spring launch") == 1, timeout=WAIT)
    assert plans.buttons["approve"].isHidden() and plans.buttons["reject"].isHidden()
    plans.select_ids([plan.id])
    assert plans.buttons["submit"].isEnabled()
    with qtbot.waitSignal(plans.changed, timeout=WAIT):
        plans.act("submit")
    assert queries.load_plan(make_panel.database.engine, plan.id).header["status"] == "submitted"
    # the administrator approves
    admin, _ = make_panel("admin")
    admin.plans.select_ids([plan.id])
    assert admin.plans.buttons["approve"].isEnabled()
    with qtbot.waitSignal(admin.plans.changed, timeout=WAIT):
        admin.plans.act("approve", "Go")
    header = queries.load_plan(make_panel.database.engine, plan.id).header
    assert (header["status"], header["decided_by"], header["comment"]) == (
        "approved",
        "admin",
        "Go",
    )
    # reopened, the approved plan is read-only: no edits, no save, no submit again
    before = panel.shown
    panel.open_plan(plan.id)
    _settle(panel, qtbot, before)
    assert panel.read_only and not panel.save_button.isEnabled()
    assert not panel.total.isEnabled() and not panel.objective.isEnabled()
    assert panel.editor.table.editTriggers() == panel.editor.table.EditTrigger.NoEditTriggers
    assert "approved and read-only" in panel.message.label.text()
    assert panel.editor.manual()[panel.editor.cells[0]] == pytest.approx(
        spend[panel.editor.cells[0]] / weeks, abs=0.01
    )
    panel.plans.refresh()
    qtbot.waitUntil(lambda: (panel.plans.plans["status"] == "approved").sum() == 2, timeout=WAIT)
    panel.plans.select_ids([plan.id])
    assert not panel.plans.buttons["submit"].isEnabled()
    assert not panel.plans.buttons["delete"].isEnabled()
    # revising it unlocks a copy, saved as revision 2 (a draft); revision 1 stays approved
    panel.revise()
    assert panel.save_button.isEnabled() and panel.total.isEnabled()
    with qtbot.waitSignal(panel.saved, timeout=WAIT) as revised:
        panel.save_version("Spring launch")
    assert revised.args[0].revision == 2
    assert queries.load_plan(make_panel.database.engine, plan.id).header["status"] == "approved"
    assert ctx.errors == []


def test_executive_sees_plans_but_cannot_save_or_decide(make_panel):
    panel, ctx = make_panel("exec")
    assert panel.save_button.isHidden()
    for name in ("submit", "approve", "reject", "delete"):
        assert panel.plans.buttons[name].isHidden()
    assert panel.plans.table.model.total_rows == 2 and ctx.errors == []


def test_a_save_that_lost_a_race_offers_to_save_anyway(make_panel, qtbot):
    first, _ = make_panel("marketing")
    second, _ = make_panel("admin")
    with qtbot.waitSignal(first.saved, timeout=WAIT):
        first.save_version("Autumn")
    # the second manager's list does not know revision 1 yet: saving is a conflict
    second.save_version("Autumn", based_on=0)
    qtbot.waitUntil(lambda: second.message.kind == "warning", timeout=WAIT)
    assert "Somebody saved revision 1" in second.message.label.text()
    anyway = second.message.buttons[0]
    with qtbot.waitSignal(second.saved, timeout=WAIT) as saved:
        anyway.click()
    assert saved.args[0].revision == 2


def test_a_segment_from_the_segments_panel_restricts_the_channels(make_panel, qtbot):
    panel, ctx = make_panel()
    before = panel.shown
    payload = {
        "segment": "Online loyalists",
        "customer_ids": [1, 2, 3],
        "size": 1234,
        "channels": {
            "direct_store": 0, "franchise_store": 0, "own_ecommerce": 800, "marketplace": 600,
            "social": 300,
        },
        "as_of": "2026-11-15",
    }  # fmt: skip
    ctx.deliver_payload(payload)
    _settle(panel, qtbot, before)
    text = panel.segment_bar.label.text()
    assert "Online loyalists" in text and "1,234" in text
    assert "Store events" in text and "Outdoor & print" in text
    assert panel.suggested_name() == "Campaign for Online loyalists"
    allocation = panel.evaluation.plan.allocation
    offline = allocation["channel"].isin(OFFLINE)
    assert (allocation.loc[offline, "spend"] == 0).all()
    assert allocation["spend"].sum() == pytest.approx(panel.total.value(), rel=1e-6)
    # planning without the segment brings the offline channels back
    before = panel.shown
    panel.clear_segment()
    _settle(panel, qtbot, before)
    assert panel.segment_bar.isHidden()
    assert (panel.evaluation.plan.allocation.loc[offline, "spend"] > 0).any()
    # the same payload published on the bus (the panel is already open) works too
    before = panel.shown
    make_panel.bus.publish(SEGMENT_CHOSEN, payload)
    _settle(panel, qtbot, before)
    assert (panel.evaluation.plan.allocation.loc[offline, "spend"] == 0).all()


def test_a_curve_set_by_hand_is_used_and_export_writes_a_sheet_per_view(
    make_panel, qtbot, tmp_path
):
    panel, ctx = make_panel()
    cell = panel.evaluation.plan.allocation.sort_values("spend").iloc[-1]["cell"]
    before = panel.shown
    panel.curves.choose(cell, "revenue")
    for param, value in (("alpha", 0.5), ("gamma", 1000.0), ("beta", 1.0)):
        panel.curves.params[param].setValue(value)
    panel.curves.use_button.click()  # a curve worth almost nothing
    _settle(panel, qtbot, before)
    allocation = panel.evaluation.plan.allocation.set_index("cell")
    assert allocation.loc[cell, "bound"] == "min"  # money goes where it brings more
    row = panel.curves.frame.set_index("key").loc[f"{cell}|revenue"]
    assert bool(row["override"]) and row["beta"] == 1.0
    path = tmp_path / "plan.xlsx"
    panel.export_to(path)
    qtbot.waitUntil(lambda: "Exported to" in panel.message.label.text(), timeout=WAIT)
    book = load_workbook(path)
    for sheet in (
        "Allocation", "Response curves", "Marginal return", "Expected outcome",
        "Online vs offline", "Certificate", "Plans", "Constraints",
    ):  # fmt: skip
        assert sheet in book.sheetnames
    charts = {"Response curve chart", "Marginal return chart", "Expected outcome chart"}
    assert charts <= set(book.sheetnames)
    with zipfile.ZipFile(path) as archive:  # the charts are embedded as PNG pictures
        pictures = [n for n in archive.namelist() if n.startswith("xl/media/")]
    assert len(pictures) >= len(charts) + 2  # also allocation change, online vs offline
    assert book["Allocation"].max_row == 57  # a header and the 56 cells
    assert ctx.errors == []
