"""The customer segments panel (pytest-qt): the R x F grid, the segment table, the migration
matrix, lasso selection, export masked per role and audited, the bus message to the budget
panel, identity resolution from the panel, and what each role may do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from console.api import DATA_CHANGED, RAW_ROLE, SEGMENT_CHOSEN, PanelContext
from console.db.database import Database, load_user
from console.db.engine import parse_url
from console.db.models import AuditEntry
from console.services import rfm
from plugins.segments import PANEL
from plugins.segments.panel import SELECTION, create_panel
from plugins.segments.texts import SEGMENT_COLORS
from tests.ui.fixtures import db_copy, isolated_home, panel_context, ui_db_url  # noqa: F401

LOAD_TIMEOUT = 60_000


@pytest.fixture
def writable_context(qtbot, db_copy, isolated_home) -> Iterator[Callable]:  # noqa: F811
    """make(user) -> PanelContext on a private copy of the demo database (for writes)."""
    from console.ui.bus import EventBus
    from console.ui.runner import BackgroundRunner

    database = Database(parse_url(db_copy))
    runner = BackgroundRunner()
    bus = EventBus()

    def make(user: str = "admin") -> PanelContext:
        errors: list[BaseException] = []
        ctx = PanelContext(
            panel_id="segments", database=database, user=load_user(database, user),
            runner=runner, bus=bus, report_error=lambda _pid, exc: errors.append(exc),
        )  # fmt: skip
        ctx.errors = errors
        return ctx

    yield make
    runner.cancel_all()
    runner.wait(10000)
    database.dispose()


@pytest.fixture
def open_segments(panel_context, qtbot) -> Callable:  # noqa: F811
    """make(user) -> (ctx, panel) on the suite's read-only demo database, loaded."""

    def make(user: str = "admin"):
        ctx = panel_context("segments", user=user)
        return ctx, _open(ctx, qtbot)

    return make


def _open(ctx, qtbot):
    panel = create_panel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1400, 850)
    panel.show()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=LOAD_TIMEOUT)
    assert ctx.errors == []
    return panel


def test_declaration_is_light_and_names_the_factory():
    assert PANEL.id == "segments"
    assert PANEL.factory == "plugins.segments.panel:create_panel"
    assert "executive" in PANEL.roles and "supply_chain" not in PANEL.roles


def test_grid_shows_each_segment_with_customers_and_revenue_share(open_segments, qtbot):
    _, panel = open_segments("marketing")
    customers = panel.overview.customers
    assert all(view.state == "content" for view in panel.views)
    cells = panel.grid.cells
    assert len(cells) == 25 and cells["customers"].sum() == len(customers)
    assert cells["revenue_share"].sum() == pytest.approx(1.0)
    for (r, f), cell in cells.iterrows():
        own = customers[(customers.r == r) & (customers.f == f)]
        assert cell["customers"] == len(own)
        assert cell["segment"] == rfm.SEGMENT_GRID[r - 1, f - 1]
        assert panel.grid.cell_color(r, f).name() == SEGMENT_COLORS[cell["segment"]]
    assert panel.grid.cell_text(5, 5).split("\n")[0].replace(",", "") == str(
        cells.loc[(5, 5), "customers"]
    )
    # clicking a cell picks its segment for export and campaigns
    rect = panel.grid._cell_rect(1, 1)
    qtbot.mouseClick(panel.grid, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert panel.group_box.currentData() == "Hibernating"
    assert panel.grid.selected_segment == "Hibernating"
    assert len(panel.group_customers()) == (customers.segment == "Hibernating").sum()


def test_segment_table_has_size_share_value_clv_and_trend(open_segments, qtbot):
    _, panel = open_segments()
    shown = panel.overview.summary.set_index("segment")
    assert list(shown.index) == list(rfm.SEGMENTS)
    customers = panel.overview.customers
    champions = customers[customers.segment == "Champions"]
    assert shown.loc["Champions", "customers"] == len(champions)
    assert shown.loc["Champions", "avg_value_index"] == pytest.approx(champions.value_index.mean())
    assert shown["change"].abs().sum() > 0  # the trend against the comparison date
    assert panel.table.model.rowCount() == len(rfm.SEGMENTS)
    # lifecycle stages: every customer in exactly one
    stages = panel.lifecycle.model
    assert stages.rowCount() == len(rfm.LIFECYCLE_STAGES)
    counts = [stages.data(stages.index(row, 1), RAW_ROLE) for row in range(stages.rowCount())]
    assert sum(counts) == len(customers)
    assert counts[0] == (customers.lifecycle == "new").sum()
    # choosing a table row picks that segment
    panel.table.view.selectRow(list(rfm.SEGMENTS).index("At Risk"))
    assert panel.group_box.currentData() == "At Risk"


def test_migration_matrix_counts_every_customer_once(open_segments, qtbot):
    _, panel = open_segments()
    overview = panel.overview
    matrix = overview.migration
    assert matrix.to_numpy().sum() == len(overview.customers)
    assert matrix.sum(axis=1)[list(rfm.SEGMENTS)].sum() == len(overview.previous)
    shown = panel.migration._values
    assert shown.shape[0] == len(rfm.SEGMENTS) + 1
    assert shown.sum() == len(overview.customers)
    # a customer's move: from their segment at the comparison date to their segment now
    first = overview.previous.iloc[0]
    now = overview.customers.set_index("customer").loc[first.customer, "segment"]
    before = overview.previous.merge(overview.customers, on="customer")
    moved = ((before.segment_x == first.segment) & (before.segment_y == now)).sum()
    assert matrix.loc[first.segment, now] == moved
    # another comparison date reloads the matrix
    with qtbot.waitSignal(panel.views[1].state_changed, timeout=LOAD_TIMEOUT):
        panel.compare_box.setCurrentIndex(1)  # 6 months earlier
    qtbot.waitUntil(lambda: panel.views[1].state == "content", timeout=LOAD_TIMEOUT)
    assert panel.overview.compare_as_of < overview.compare_as_of
    # nobody had bought yet at the comparison date: the matrix says so instead of drawing
    first_buy = overview.customers.recency_days.max()
    early = overview.as_of - timedelta(days=int(first_buy) - 20)
    panel.upto_edit.setDate(QDate(early))
    qtbot.waitUntil(lambda: panel.overview.as_of == early + timedelta(days=1), timeout=LOAD_TIMEOUT)
    assert panel.overview.migration is None
    assert panel.views[1].state == "empty" and panel.views[0].state == "content"


def test_lasso_selection_becomes_the_group_to_act_on(open_segments):
    _, panel = open_segments("marketing")
    sample = panel.sample
    x, y = panel.scatter._x, panel.scatter._y
    # a lasso around the frequent buyers
    polygon = [(10.0, -1.0), (1000.0, -1.0), (1000.0, 10.0), (10.0, 10.0)]
    chosen = panel.scatter.select_polygon(polygon)
    expected = np.flatnonzero(x >= 10)
    assert len(chosen) > 0 and np.array_equal(chosen, expected)
    assert panel.selection["customer"].tolist() == sample.iloc[expected]["customer"].tolist()
    assert panel.group_box.currentData() == SELECTION
    assert (panel.group_customers()["frequency"] >= 9).all()
    assert str(len(chosen)) in panel.selection_label.text().replace(",", "")
    assert np.isfinite(y).all()


def test_plan_a_campaign_publishes_the_segment_on_the_bus(open_segments, qtbot):
    ctx, panel = open_segments("marketing")
    received: list[dict] = []
    ctx.bus.subscribe(SEGMENT_CHOSEN, received.append)
    panel.choose_group("Can't Lose Them")
    qtbot.mouseClick(panel.plan_button, Qt.MouseButton.LeftButton)
    assert len(received) == 1
    payload = received[0]
    assert set(payload) == {"segment", "customer_ids", "size", "channels", "as_of"}
    customers = panel.overview.customers
    members = customers[customers.segment == "Can't Lose Them"]
    assert payload["segment"] == "Can't Lose Them"
    assert payload["customer_ids"] == members.customer.tolist()
    assert payload["size"] == len(members) > 0
    assert payload["channels"]["direct_store"] == members.direct_store.sum()
    assert payload["as_of"] == panel.overview.as_of.isoformat()
    assert ctx.bus.last(SEGMENT_CHOSEN) == payload


def test_export_is_masked_for_a_role_without_personal_data_and_audited(
    writable_context, qtbot, tmp_path
):
    ctx = writable_context("marketing")
    panel = _open(ctx, qtbot)
    panel.choose_group("Champions")
    path = tmp_path / "champions.csv"
    handle = panel.export_group(path)
    with qtbot.waitSignal(handle.done, timeout=LOAD_TIMEOUT):
        pass
    assert ctx.errors == []
    rows = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    champions = panel.overview.customers.query("segment == 'Champions'")
    assert len(rows) == len(champions)
    assert {"phone", "email", "wechat_openid", "member_card", "marketplace_account"} <= set(
        rows.columns
    )
    phones = rows["phone"].dropna()
    assert len(phones) and phones.str.contains(r"\*\*\*\*").all()
    assert rows["name"].dropna().str.contains(r"\*").all()
    assert "masked" in panel.status.text()
    with ctx.database.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "segment.export")).one()
    assert entry.username == "marketing" and entry.after["rows"] == len(rows)
    assert entry.after["segment"] == "Champions"


def test_export_is_unmasked_for_a_role_with_personal_data(writable_context, qtbot, tmp_path):
    ctx = writable_context("service")
    panel = _open(ctx, qtbot)
    panel.choose_group("Champions")
    path = tmp_path / "champions.xlsx"
    handle = panel.export_group(path)
    with qtbot.waitSignal(handle.done, timeout=LOAD_TIMEOUT):
        pass
    rows = pd.read_excel(path, dtype=str)
    phones = rows["phone"].dropna()
    assert len(phones) and not phones.str.contains(r"\*").any()


def test_executives_see_the_views_but_may_not_export_plan_or_resolve(open_segments):
    _, panel = open_segments("exec")
    assert panel.grid.cells["customers"].sum() > 0
    assert panel.export_button.isHidden() and panel.plan_button.isHidden()
    assert panel.resolution.run_button.isHidden()
    assert not panel.resolution.not_allowed.isHidden()


def test_identity_resolution_from_the_panel(writable_context, qtbot):
    ctx = writable_context("admin")
    panel = _open(ctx, qtbot)
    before = panel.overview
    assert before.multichannel_share == 0  # every profile is its own customer before
    hint = panel.cards["multichannel"].change_label
    assert "identity resolution" in hint.text()  # 0 % is explained, not shown as a finding
    changes: list[object] = []
    ctx.bus.subscribe(DATA_CHANGED, changes.append)
    panel.tabs.setCurrentWidget(panel.resolution)
    with qtbot.waitSignal(panel.resolution.resolved, timeout=LOAD_TIMEOUT) as blocker:
        qtbot.mouseClick(panel.resolution.run_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.merges > 0 and changes == [{"entity": "customers"}]
    assert report.scores.precision > 0.95
    assert "→" in panel.resolution.cards["customers"].value_label.text()
    assert panel.resolution.flagged.model.rowCount() == report.flagged_set > 0
    assert panel.resolution.links.model.rowCount() == len(report.links_by_type) + 1
    # the panel reloads: customers now span channels
    qtbot.waitUntil(
        lambda: panel.overview is not before and panel.views[0].state == "content",
        timeout=LOAD_TIMEOUT,
    )
    assert panel.overview.multichannel_share > 0.1
    assert hint.text() == ""
    assert len(panel.overview.customers) < len(before.customers)
    assert (panel.overview.combinations["n_channels"] >= 2).any()
    assert ctx.errors == []


def test_cancelling_identity_resolution_writes_nothing(writable_context, qtbot):
    ctx = writable_context("admin")
    panel = _open(ctx, qtbot)
    view = panel.resolution
    view.run()
    view.progress.cancel()
    qtbot.waitUntil(lambda: view.run_button.isEnabled(), timeout=LOAD_TIMEOUT)
    assert view.report is None and "nothing was written" in view.status.text()
    with ctx.database.session() as s:
        assert not s.scalars(
            select(AuditEntry).where(AuditEntry.action == "identity.resolve")
        ).all()


def test_clicking_a_point_opens_the_customer(open_segments):
    ctx, panel = open_segments()
    opened: list[dict] = []
    ctx.bus.subscribe("customer.open", opened.append)
    panel.tabs.setCurrentIndex(3)
    panel.scatter.point_clicked.emit(0)
    assert opened == [{"customer_id": int(panel.sample["customer"].iloc[0])}]
