"""The inventory panel on a private copy of the small demo database: the monitor loads in the
background, a proposal is computed, edited and approved (and refused when stale, with a
recompute), transfers ship and receive, online orders are sourced, read-only roles see no
write buttons."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text

from console.api import format_number
from console.db.database import Database, load_user
from console.db.engine import parse_url
from console.errors import PermissionDenied
from plugins.inventory import tasks
from plugins.inventory.panel import create_panel
from tests.ui.fixtures import db_copy, isolated_home, ui_db_url  # noqa: F401

WAIT = 60_000


@pytest.fixture
def make_panel(qtbot, db_copy, isolated_home):  # noqa: F811 (fixtures imported above)
    """make(user) -> (panel, ctx) on a writable copy of the small demo database."""
    from console.api import PanelContext
    from console.ui.bus import EventBus
    from console.ui.runner import BackgroundRunner

    database = Database(parse_url(db_copy))
    runner = BackgroundRunner()

    def make(user: str = "supply"):
        errors: list[BaseException] = []
        ctx = PanelContext(
            panel_id="inventory",
            database=database,
            user=load_user(database, user),
            runner=runner,
            bus=EventBus(),
            report_error=lambda _pid, exc: errors.append(exc),
        )
        ctx.errors = errors
        panel = create_panel(ctx)
        qtbot.addWidget(panel)
        panel.resize(1400, 900)
        return panel, ctx

    yield make
    runner.cancel_all()
    runner.wait(10000)
    database.dispose()


def _propose(panel, qtbot, region: str = "EAST"):
    view = panel.rebalance
    panel.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.scope.region.count() > 1, timeout=WAIT)
    view.scope.region.setCurrentIndex(view.scope.region.findData(region))
    before = view.current
    view.propose()
    qtbot.waitUntil(
        lambda: view.current is not before and view.result_view.state == "content", timeout=WAIT
    )
    return view


def test_monitor_shows_alerts_by_money_at_risk_heatmap_and_chart(make_panel, qtbot):
    panel, ctx = make_panel()
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=WAIT)
    monitor = panel.monitor
    assert monitor.view.state == "content"
    alerts = monitor.data.alerts
    assert set(alerts["status"]) == {"stockout", "overstock", "slow"}
    acting = alerts[alerts["status"] != "slow"]  # "All alerts" leaves the slow movers out
    assert len(acting) == monitor.alerts.model.total_rows > 0
    money = acting["money_at_risk"].to_numpy()
    assert (np.diff(money) <= 1e-9).all()
    shown = set(monitor.alerts.model.frame["status"])
    assert shown == {"About to run out", "Overstocked"}
    assert len(monitor.heatmap.rows) == 7 and len(monitor.heatmap.columns) == 7
    assert monitor.rows_card.value_label.text() != "—"

    monitor.alerts.view.selectRow(0)
    qtbot.waitUntil(lambda: bool(monitor.chart._items), timeout=WAIT)
    names = [name for _kind, name, _data in monitor.chart._items]
    assert names[:2] == ["Stock", "Demand"]

    totals = monitor.data.totals
    assert monitor.slow_card.value_label.text() == format_number(totals["slow"])
    monitor.kind.setCurrentIndex(monitor.kind.findData("slow"))
    assert monitor.alerts.model.total_rows == totals["slow"] > 0
    assert set(monitor.alerts.model.frame["status"]) == {"Slow mover"}
    model = monitor.alerts.model
    assert (model.frame["window_units"] < 2).all()
    assert model.header(model.column_index("window_units")) == "Sold in 28 days"
    monitor.kind.setCurrentIndex(monitor.kind.findData(None))

    overstocked = monitor.data.totals["overstock"]
    monitor.overstock.setValue(30)
    old = monitor.data
    monitor.refresh()
    qtbot.waitUntil(lambda: monitor.data is not old, timeout=WAIT)
    assert monitor.data.totals["overstock"] > overstocked
    assert ctx.errors == []


def test_propose_edit_and_approve(make_panel, qtbot):
    panel, ctx = make_panel()
    view = _propose(panel, qtbot)
    summary = view.current.summary
    lines = view.current.lines
    assert summary["status"] == "open" and len(lines) > 3
    assert view.approve_button.isEnabled() and view.avoided_card.value_label.text() != "—"

    # remove the first line, then lower the quantity of another
    first = tuple(lines[["sku", "from", "to"]].iloc[0])
    view.lines.view.selectRow(0)
    view.remove_selected()
    qtbot.waitUntil(lambda: view.current.summary["version"] == summary["version"] + 1, timeout=WAIT)
    assert len(view.current.lines) == len(lines) - 1
    assert first not in set(map(tuple, view.current.lines[["sku", "from", "to"]].to_numpy()))
    removed = int(lines["qty"].iloc[0])
    multi = view.current.lines[view.current.lines["qty"] > 1]
    target = (multi if len(multi) else view.current.lines).iloc[0]
    lowered = 1 if len(multi) else 0  # a proposal of single units has nothing to lower
    if lowered:
        version = view.current.summary["version"]
        view.set_quantity(int(target["line_id"]), int(target["qty"]) - 1)
        qtbot.waitUntil(lambda: view.current.summary["version"] == version + 1, timeout=WAIT)
    units = int(view.current.lines["qty"].sum())
    assert units == int(lines["qty"].sum()) - removed - lowered
    assert not view.current.summary["optimal"]

    # an edit the stock does not allow is refused and explained, nothing saved
    version = view.current.summary["version"]
    now = view.current.lines.set_index(["sku", "from", "to"])
    view.set_quantity(int(now.loc[tuple(target[["sku", "from", "to"]]), "line_id"]), 10_000)
    qtbot.waitUntil(
        lambda: not view.banner.isHidden() and "rule" in view.message.text(), timeout=WAIT
    )
    assert view.current.summary["version"] == version

    view.approve()
    qtbot.waitUntil(lambda: view.current.summary["status"] == "approved", timeout=WAIT)
    assert "transfer order" in view.message.text()
    assert not view.approve_button.isEnabled()
    with ctx.database.engine.connect() as conn:
        reserved = conn.execute(
            text(
                "SELECT sum(qty) FROM stock_transfer_lines l JOIN "
                "stock_transfers t ON t.id = l.transfer_id WHERE "
                f"t.proposal_id = {view.current.summary['id']}"
            )
        ).scalar()
    assert reserved == units

    transfers = panel.transfers
    panel.tabs.setCurrentWidget(transfers)
    qtbot.waitUntil(lambda: not transfers.frame.empty, timeout=WAIT)
    mine = transfers.frame[transfers.frame["proposal_id"] == view.current.summary["id"]]
    assert len(mine) > 0 and (mine["status"] == "approved").all()
    tid = int(mine["id"].iloc[0])
    transfers.act("ship", tid)
    qtbot.waitUntil(
        lambda: (
            tid in set(transfers.frame["id"])
            and transfers.frame.set_index("id").loc[tid, "status"] == "in_transit"
        ),
        timeout=WAIT,
    )
    transfers.act("receive", tid)
    qtbot.waitUntil(lambda: tid not in set(transfers.frame["id"]), timeout=WAIT)
    with ctx.database.engine.connect() as conn:
        kinds = conn.execute(
            text(f"SELECT kind FROM stock_movements WHERE transfer_id = {tid}")
        ).scalars()
        assert sorted(set(kinds)) == ["transfer_in", "transfer_out"]
    assert ctx.errors == []


def test_stale_proposal_is_refused_and_recomputed(make_panel, qtbot):
    panel, ctx = make_panel()
    view = _propose(panel, qtbot)
    line = view.current.lines.iloc[0]
    with ctx.database.engine.begin() as conn:  # a sale at the sending location meanwhile
        conn.execute(
            text(
                "UPDATE inventory_levels SET on_hand = on_hand - 1 WHERE location_id = "
                "(SELECT id FROM locations WHERE code = :loc) AND sku_id = "
                "(SELECT id FROM skus WHERE code = :sku)"
            ),
            {"loc": line["from"], "sku": line["sku"]},
        )
    stale_id = view.current.summary["id"]
    view.approve()
    qtbot.waitUntil(
        lambda: not view.banner.isHidden() and not view.recompute_button.isHidden(), timeout=WAIT
    )
    assert "changed" in view.message.text() and line["from"] in view.message.text()
    qtbot.waitUntil(lambda: view.current.summary["status"] == "stale", timeout=WAIT)
    view.recompute_button.click()
    qtbot.waitUntil(
        lambda: view.current.summary["id"] != stale_id and view.result_view.state == "content",
        timeout=WAIT,
    )
    assert view.current.summary["status"] == "open"
    assert view.current.summary["scope"] == {"region": "EAST"}
    assert ctx.errors == []


def test_cancelled_proposal_saves_nothing(make_panel, qtbot):
    panel, ctx = make_panel()
    view = panel.rebalance
    panel.tabs.setCurrentWidget(view)
    view.propose()
    assert view.result_view.state == "loading"
    view.result_view.progress.cancel()
    qtbot.waitUntil(lambda: view.result_view.state == "empty", timeout=WAIT)
    with ctx.database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM rebalance_proposals")).scalar() == 0
    assert view.current is None and ctx.errors == []


def test_online_order_sourcing(make_panel, qtbot):
    panel, ctx = make_panel()
    sourcing = panel.sourcing
    panel.tabs.setCurrentWidget(sourcing)
    qtbot.waitUntil(lambda: not sourcing.orders_frame.empty, timeout=WAIT)
    sourcing.orders.view.selectRow(0)
    qtbot.waitUntil(lambda: sourcing.result is not None, timeout=WAIT)
    options = sourcing.result.options
    assert sourcing.options.model.total_rows == len(options) > 0
    assert options["distance_km"].is_monotonic_increasing or options["complete"].any()
    assert "dealer" in sourcing.heading.text()
    assert ctx.errors == []


def test_read_only_role_sees_no_write_buttons_and_is_refused(make_panel, qtbot):
    panel, ctx = make_panel("exec")
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=WAIT)
    view = panel.rebalance
    for button in (
        view.propose_button,
        view.approve_button,
        view.quantity_button,
        view.remove_button,
        view.discard_button,
        *panel.transfers.buttons.values(),
    ):
        assert button.isHidden()
    with pytest.raises(PermissionDenied):
        tasks.approve_proposal(ctx.database, ctx.user, 1, task=None)
    assert ctx.errors == []
