"""The service tickets panel (pytest-qt) on the small demo database: filtering, auto-refresh
keeping the selection and scroll, assignment with a lost race (Cancel / Reload), status changes
and escalation, customer 360 (from a ticket, the bus, the search and a search payload), the KPI
tab against counts taken straight from the database, read-only roles, Chinese."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QCoreApplication, QDate, QTranslator
from sqlalchemy import func, select, text

import plugins.service
from console.api import CUSTOMER_OPEN, DATA_CHANGED, PanelContext, PermissionDenied
from console.db.database import Database, load_user
from console.db.engine import parse_url
from console.db.queries import service as queries
from console.db.queries.segments import load_customer_values
from console.db.service import OPEN_TICKET_STATUSES, ServiceTicket
from console.db.users import AuditEntry
from console.services.permissions import CurrentUser
from console.services.value_index import CHANNEL_TYPES
from console.ui.bus import EventBus
from console.ui.runner import BackgroundRunner
from console.ui.table_model import BACKGROUND, DISPLAY, RAW_ROLE
from plugins.service import labels, tasks
from plugins.service.dialogs import AssignDialog, ConflictBox, EscalateDialog, StatusDialog
from plugins.service.panel import CUSTOMER, KPIS, QUEUE, create_panel
from plugins.service.queue_view import ALL
from tests.ui.fixtures import db_copy, isolated_home, panel_context, ui_db_url  # noqa: F401

WAIT = 30_000
TRANSLATIONS = Path(plugins.service.__file__).resolve().parent / "translations"


@pytest.fixture
def opened(qtbot, panel_context):  # noqa: F811 (fixture imported above)
    """opened(user="admin", language="en") -> the panel on the read-only demo database, its
    first queue on screen."""

    def make(user: str = "admin", language: str = "en"):
        ctx = panel_context("service", user=user, language=language)
        return _show(qtbot, create_panel(ctx))

    return make


@pytest.fixture
def writable(qtbot, db_copy, isolated_home):  # noqa: F811
    """writable(user, late_ticket=False) -> the panel on a private copy of the demo database
    (for writes); `late_ticket` adds a breached ticket first (the seeded data may have none)."""
    database = Database(parse_url(db_copy))
    runner = BackgroundRunner()

    def make(user: str = "service", *, language: str = "en", late_ticket: bool = False):
        if late_ticket:
            _add_late_ticket(db_copy)
        errors: list[BaseException] = []
        ctx = PanelContext(
            panel_id="service",
            database=database,
            user=load_user(database, user),
            runner=runner,
            bus=EventBus(),
            language=language,
            report_error=lambda _pid, exc: errors.append(exc),
        )
        ctx.errors = errors
        return _show(qtbot, create_panel(ctx))

    yield make
    runner.cancel_all()
    runner.wait(10_000)
    database.dispose()


def _show(qtbot, panel):
    qtbot.addWidget(panel)
    panel.resize(1280, 760)
    panel.show()
    qtbot.waitUntil(lambda: panel.ctx.is_ready, timeout=WAIT)  # it called ctx.ready()
    assert panel.ctx.errors == []
    return panel


def shown_column(queue, name: str, role: int = DISPLAY) -> list:
    model = queue.table.model
    column = model.column_index(name)
    return [model.data(model.index(row, column), role) for row in range(model.rowCount())]


def shown_ids(queue) -> list[int]:
    return [int(v) for v in shown_column(queue, "ticket_id", RAW_ROLE)]


def select_ticket(queue, ticket_id: int) -> dict:
    queue.table.view.selectRow(shown_ids(queue).index(ticket_id))
    return queue.selected_ticket()


def test_filters_narrow_the_queue_and_colour_late_tickets(qtbot, writable):
    panel = writable("admin", late_ticket=True)
    queue = panel.queue
    engine = panel.ctx.database.engine
    expected = queries.ticket_queue(engine)  # the open tickets, most urgent first
    assert shown_ids(queue) == expected.ticket_id.tolist()
    assert queue.table.hidden_columns() == ["ticket_id", "version"]
    model = queue.table.model
    tints = [model.data(model.index(row, 0), BACKGROUND) for row in range(model.rowCount())]
    for tint, state in zip(tints, expected.sla_state, strict=True):
        assert (tint is not None) == (state in ("breached", "at_risk"))
    assert "breached" in set(expected.sla_state)
    breached = (expected.sla_state == "breached").sum()
    assert f": {breached} breached" in queue.summary.text()

    queue.sla_state.setCurrentIndex(queue.sla_state.findData("breached"))
    qtbot.waitUntil(lambda: shown_ids(queue) == expected.ticket_id[:breached].tolist())
    assert set(shown_column(queue, "sla_state")) == {"Breached"}
    queue.sla_state.setCurrentIndex(queue.sla_state.findData(ALL))

    queue.category.setCurrentIndex(queue.category.findData("return"))
    wanted = queries.ticket_queue(engine, queries.QueueFilters(categories=("return",)))
    qtbot.waitUntil(lambda: shown_ids(queue) == wanted.ticket_id.tolist())
    assert set(shown_column(queue, "category")) == {"Return"}

    queue.status.setCurrentIndex(queue.status.findData(ALL))  # asks the database again
    every = queries.ticket_queue(engine, queries.QueueFilters(statuses=(), categories=("return",)))
    qtbot.waitUntil(lambda: shown_ids(queue) == every.ticket_id.tolist(), timeout=WAIT)
    assert len(every) > len(wanted)
    all_loaded = queue.data.loaded

    queue.status.setCurrentIndex(queue.status.findData("closed"))  # covered: in memory
    closed = every[every.status == "closed"]
    qtbot.waitUntil(lambda: shown_ids(queue) == closed.ticket_id.tolist())
    assert queue.data.loaded is all_loaded

    queue.min_age.setValue(30)
    older = closed[closed.age_days >= 30]
    qtbot.waitUntil(lambda: sorted(shown_ids(queue)) == sorted(older.ticket_id))
    assert panel.ctx.errors == []


def _add_late_ticket(url: str) -> str:
    """Another desk opens an urgent ticket dated ten days back: it lands on top, breached."""
    database = Database(parse_url(url))
    opened_at = queries.service_now(database.engine) - timedelta(days=10)
    with database.session() as s:
        channel = s.scalar(select(func.min(ServiceTicket.channel_id)))
        s.add(
            ServiceTicket(
                code="TK-LATE-1",
                channel_id=channel,
                category="damage",
                priority="urgent",
                status="new",
                opened_at=opened_at,
            )
        )
        s.commit()
    database.dispose()
    return "TK-LATE-1"


def test_auto_refresh_keeps_selection_and_scroll(qtbot, writable, db_copy):  # noqa: F811
    panel = writable("admin")
    panel.resize(1000, 420)
    queue = panel.queue
    queue.refresh_every.setCurrentIndex(queue.refresh_every.findData(30))
    assert queue.timer.isActive() and queue.timer.interval() == 30_000
    assert panel.ctx.setting("refresh_seconds", 0, int) == 30  # remembered

    view = queue.table.view
    last = queue.table.model.rowCount() - 1
    view.selectRow(last)  # the least urgent ticket: the new breached one will come above it
    chosen = queue.selected_ticket()["ticket_id"]
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    scroll = bar.value()

    code = _add_late_ticket(db_copy)  # another desk opens a ticket meanwhile
    before = queue.data
    queue.timer.timeout.emit()  # what the timer does every 30 s
    assert queue.busy.isVisible() and queue.table_state.state == "content"  # table stays
    queue.timer.timeout.emit()  # a tick while loading is skipped, not stacked
    qtbot.waitUntil(lambda: queue.data is not before and not queue.busy.isVisible(), timeout=WAIT)
    expected = queries.ticket_queue(panel.ctx.database.engine)
    assert shown_ids(queue) == expected.ticket_id.tolist()  # in its place, most urgent first
    assert shown_column(queue, "code").index(code) < last
    assert [int(t) for t in queue.table.selected_frame()["ticket_id"]] == [chosen]
    assert queue.table.selected_rows() == [last + 1]  # the same ticket, one row lower
    assert bar.value() == scroll
    assert panel.ctx.errors == []


def test_assignment_lost_race_shows_the_conflict_cancel_then_reload(qtbot, writable):
    panel = writable("service")
    queue = panel.queue
    published = []
    panel.ctx.bus.subscribe(DATA_CHANGED, published.append)
    database = panel.ctx.database
    qtbot.waitUntil(lambda: queue.options is not None)  # the dealers to choose from
    ticket = select_ticket(queue, shown_ids(queue)[3])
    ticket_id, seen = int(ticket["ticket_id"]), int(ticket["version"])

    def ask() -> AssignDialog:
        assert queue.assign_button.isEnabled()
        queue.assign_button.click()
        dialog = queue.dialog
        assert isinstance(dialog, AssignDialog) and dialog.isVisible()
        other = next(
            i
            for i in range(dialog.dealer.count())
            if dialog.dealer.itemData(i) != ticket["dealer_id"]
        )
        dialog.dealer.setCurrentIndex(other)
        return dialog

    dialog = ask()
    # somebody else moves the ticket on while the dialog is open
    moved = "waiting_on_customer" if ticket["status"] != "waiting_on_customer" else "in_progress"
    other = CurrentUser("other", "service")
    queries.change_ticket_status(database.sessions, other, ticket_id, moved, seen)
    dialog.accept()
    qtbot.waitUntil(lambda: isinstance(queue.dialog, ConflictBox) and queue.dialog.isVisible())
    box = queue.dialog
    statuses = labels.status_names()
    assert ticket["code"] in box.text()
    assert f"status: {statuses[ticket['status']]} → {statuses[moved]}" in box.detailedText()
    with database.session() as s:  # nothing of ours was written
        stored = s.get(ServiceTicket, ticket_id)
        had = None if pd.isna(ticket["dealer_id"]) else int(ticket["dealer_id"])  # may be none
        assert (stored.dealer_id, stored.version) == (had, seen + 1)
        assert s.scalar(select(func.count()).where(AuditEntry.action == "ticket.assign")) == 0

    before = queue.data
    with qtbot.waitSignal(box.finished):
        box.cancel_button.click()  # Cancel: keep what is on screen, no reload
    assert not queue.busy.isVisible()
    qtbot.wait(300)
    assert queue.data is before

    dialog = ask()  # still the stale version: refused again, this time Reload
    dialog.accept()
    qtbot.waitUntil(lambda: isinstance(queue.dialog, ConflictBox) and queue.dialog.isVisible())
    queue.dialog.reload_button.click()
    qtbot.waitUntil(
        lambda: queue.data.loaded.set_index("ticket_id").loc[ticket_id, "version"] == seen + 1,
        timeout=WAIT,
    )

    ticket = select_ticket(queue, ticket_id)
    assert ticket["status"] == moved
    dialog = ask()
    dealer_id = dialog.dealer.currentData()
    dialog.accept()
    qtbot.waitUntil(lambda: any(p.get("id") == ticket_id for p in published), timeout=WAIT)
    with database.session() as s:
        assert s.get(ServiceTicket, ticket_id).dealer_id == dealer_id
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "ticket.assign")).one()
        assert audit.username == "service" and audit.after["dealer_id"] == dealer_id
    # the write's DATA_CHANGED made the queue reload: the row shows the new dealer
    qtbot.waitUntil(
        lambda: queue.data.loaded.set_index("ticket_id").loc[ticket_id, "dealer_id"] == dealer_id,
        timeout=WAIT,
    )
    assert panel.ctx.errors == []


def test_status_change_and_escalation_are_saved(qtbot, writable):
    panel = writable("service")
    queue = panel.queue
    database = panel.ctx.database
    rows = queue.data.rows
    ticket_id = int(rows[(rows.status == "in_progress") & ~rows.escalated].ticket_id.iloc[0])
    ticket = select_ticket(queue, ticket_id)

    queue.status_button.click()
    dialog = queue.dialog
    assert isinstance(dialog, StatusDialog)
    offered = [dialog.status.itemData(i) for i in range(dialog.status.count())]
    assert offered == list(queries.allowed_statuses("in_progress"))
    dialog.status.setCurrentIndex(offered.index("resolved"))
    dialog.accept()
    # the write's DATA_CHANGED reloads the open queue: the resolved ticket leaves it
    qtbot.waitUntil(lambda: ticket_id not in set(queue.data.loaded.ticket_id), timeout=WAIT)
    with database.session() as s:
        stored = s.get(ServiceTicket, ticket_id)
        assert stored.status == "resolved" and stored.resolved_at is not None
        assert stored.version == ticket["version"] + 1
    assert ticket_id not in shown_ids(queue)

    rows = queue.data.rows
    ticket_id = int(rows[~rows.escalated & (rows.priority != "urgent")].ticket_id.iloc[0])
    select_ticket(queue, ticket_id)
    queue.escalate_button.click()
    dialog = queue.dialog
    assert isinstance(dialog, EscalateDialog)
    dialog.priority.setCurrentIndex(dialog.priority.findData("urgent"))
    dialog.accept()
    qtbot.waitUntil(
        lambda: bool(queue.data.loaded.set_index("ticket_id").loc[ticket_id, "escalated"]),
        timeout=WAIT,
    )
    with database.session() as s:
        stored = s.get(ServiceTicket, ticket_id)
        assert stored.escalated and stored.priority == "urgent"
    assert panel.ctx.errors == []


def test_executive_is_read_only_and_sees_masked_names(opened):
    panel = opened(user="exec")
    queue = panel.queue
    for button in (queue.assign_button, queue.escalate_button, queue.status_button):
        assert button.isHidden() and not button.isEnabled()
    assert queue.customer_button.isVisible()  # reading is allowed
    names = [n for n in shown_column(queue, "customer") if n and n != "—"]
    assert names and all("*" in n for n in names)
    # hiding the buttons is not the security: the service layer refuses the write
    ticket = queue.data.rows.iloc[0]
    with pytest.raises(PermissionDenied):
        tasks.assign(
            panel.ctx.sessions,
            panel.ctx.user,
            int(ticket.ticket_id),
            int(ticket.version),
            1,
            task=None,
        )


def _customer_counts(url: str, customer_id: int) -> dict[str, int]:
    database = Database(parse_url(url))
    counts = {}
    with database.engine.connect() as conn:
        for kind, table in (
            ("order", "orders"),
            ("interaction", "interactions"),
            ("ticket", "service_tickets"),
        ):
            counts[kind] = conn.scalar(
                text(f"SELECT count(*) FROM {table} WHERE customer_id = :c"), {"c": customer_id}
            )
    database.dispose()
    return counts


def _scores(engine) -> pd.DataFrame:
    """Every buyer's scores as the segments panel computes them."""
    values = load_customer_values(engine, with_clv=False)
    return values.customers.set_index("customer")


def _value_text(row: pd.Series) -> list[str]:
    """What the 360 header must say about a scored customer (English)."""
    channels = labels.channel_type_names()
    return [
        f"Value segment: <b>{row['segment']} (R {row['r']} · F {row['f']} · M {row['m']})</b>",
        f"Value index: <b>{row['value_index']:,.0f}</b>",
        f"Channels active: <b>{', '.join(channels[t] for t in CHANNEL_TYPES if row[t])}</b>",
    ]


def test_customer_360_from_a_ticket_the_bus_the_search_and_a_payload(qtbot, opened, ui_db_url):  # noqa: F811
    panel = opened()
    queue, customer = panel.queue, panel.customer
    scores = _scores(panel.ctx.database.engine)
    with_customer = queue.data.rows.dropna(subset=["customer_id"])
    with_customer = with_customer[with_customer.customer_id.isin(scores.index)]  # buyers
    ids = list(dict.fromkeys(int(c) for c in with_customer.customer_id))
    first, second, third = ids[:3]
    select_ticket(queue, int(with_customer.ticket_id.iloc[0]))
    queue.customer_button.click()
    assert panel.tabs.currentIndex() == CUSTOMER
    qtbot.waitUntil(lambda: customer.view is not None and customer.view.customer["id"] == first)
    counts = _customer_counts(ui_db_url, first)
    shown = customer.timeline.model.frame
    assert len(shown) == sum(counts.values())
    assert shown["kind"].value_counts().get("Ticket", 0) == counts["ticket"] >= 1
    assert list(shown["at"]) == sorted(shown["at"], reverse=True)  # newest first
    assert customer.view.customer["code"] in customer.header.text()
    qtbot.waitUntil(lambda: customer.value_state == "ready", timeout=WAIT)  # second task
    for part in _value_text(scores.loc[first]):
        assert part in customer.header.text()
    assert customer.identities.model.rowCount() == len(customer.view.identities) > 0
    clicked = len(shown) - 1  # the oldest event, clicked on the chart
    customer.chart.point_clicked.emit(int(list(customer._chart_rows).index(clicked)))
    assert customer.timeline.selected_frame()["row"].tolist() == [clicked]

    panel.tabs.setCurrentIndex(QUEUE)
    panel.ctx.bus.publish(CUSTOMER_OPEN, {"customer_id": second})  # e.g. from segments
    assert panel.tabs.currentIndex() == CUSTOMER
    qtbot.waitUntil(lambda: customer.view.customer["id"] == second)
    qtbot.waitUntil(lambda: customer.value_state == "ready", timeout=WAIT)
    for part in _value_text(scores.loc[second]):  # not the first customer's any more
        assert part in customer.header.text()

    panel.ctx.deliver_payload({"kind": "customer", "id": third, "code": "", "name": ""})
    qtbot.waitUntil(lambda: customer.view.customer["id"] == third)
    panel.ctx.deliver_payload({"kind": "dealer", "id": first})  # not ours: ignored
    qtbot.wait(200)
    assert customer.view.customer["id"] == third

    customer.search_box.setText(f"C{first:08d}")
    customer.search()
    qtbot.waitUntil(lambda: customer.view.customer["id"] == first)
    assert customer.results.model.rowCount() == 1
    assert panel.ctx.errors == []


def test_customer_360_of_a_nameless_non_buyer_read_only(qtbot, opened, ui_db_url):  # noqa: F811
    """Known by an account only, never bought: the header names the code, and says there
    is no segment (personal data masked for an executive)."""
    database = Database(parse_url(ui_db_url))
    with database.engine.connect() as conn:
        customer_id = conn.scalar(
            text(
                "SELECT min(c.id) FROM customers c WHERE c.name IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status != 'cancelled')"
                " AND EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id)"
            )
        )
    database.dispose()
    panel = opened(user="exec")
    customer = panel.customer
    panel.ctx.bus.publish(CUSTOMER_OPEN, {"customer_id": customer_id})
    qtbot.waitUntil(lambda: customer.view is not None and customer.value_state == "ready")
    header = customer.header.text()
    assert f"<b>{customer.view.customer['code']}</b></span>" in header  # the code as the name
    assert "Value segment: <b>none: no counted order yet</b>" in header
    assert customer.value.value_index > 0  # it interacted
    assert panel.ctx.errors == []


def test_kpi_tab_matches_the_database(qtbot, opened):
    panel = opened()
    panel.tabs.setCurrentIndex(KPIS)
    kpis = panel.kpis
    qtbot.waitUntil(lambda: kpis.board is not None, timeout=60_000)
    start, end = kpis.start.date().toPython(), kpis.end.date().toPython()
    assert end == panel.queue.data.now.date() and (end - start).days == 26 * 7 - 1
    with panel.ctx.database.engine.connect() as conn:  # counted independently of the panel
        t = ServiceTicket
        in_period = (
            t.opened_at >= datetime.combine(start, time()),
            t.opened_at < datetime.combine(end + timedelta(days=1), time()),
        )
        opened_count = conn.scalar(select(func.count()).where(*in_period))
        still_open = conn.scalar(
            select(func.count()).where(*in_period, t.status.in_(OPEN_TICKET_STATUSES))
        )
    cards = kpis.cards.cards
    assert cards["tickets"].value_label.text() == f"{opened_count:,}"
    assert cards["open_tickets"].value_label.text() == f"{still_open:,}"
    report = queries.sla_report(panel.ctx.database.engine, "category", start, end)
    total = report.iloc[-1]  # what `hq-console report sla --by category` prints
    assert cards["resolution_breach_rate"].value_label.text() == (
        f"{total['resolution_breach_rate'] * 100:.1f}%"
    )
    assert kpis.kpi_table.model.rowCount() == len(kpis.board.kpis["dealer"])
    kpis.by.setCurrentIndex(kpis.by.findData("category"))
    assert kpis.kpi_table.model.rowCount() == len(report)
    assert int(kpis.board.inflow["tickets"].sum()) == opened_count
    assert kpis.inflow_chart.markers == queries.promotion_days(start, end)
    assert len(kpis.board.backlog) == (end - start).days + 1

    kpis.start.setDate(QDate(2010, 1, 1))  # long before the data: the empty state says so
    kpis.end.setDate(QDate(2010, 1, 31))
    kpis.load_button.click()
    qtbot.waitUntil(lambda: kpis.state.state == "empty", timeout=WAIT)
    assert panel.ctx.errors == []


def test_chinese(writable, qapp):
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "service_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        panel = writable("admin", language="zh_CN", late_ticket=True)
        assert [panel.tabs.tabText(i) for i in range(3)] == ["工单队列", "服务指标", "客户360"]
        states = set(shown_column(panel.queue, "sla_state"))
        assert states <= {"已超时", "有风险", "正常", "已达标"} and "已超时" in states
        assert QCoreApplication.translate("panels", "Service tickets") == "售后工单"
    finally:
        QCoreApplication.removeTranslator(translator)
    panel.ctx.language = "en"  # what View > Language does, then it calls retranslate_ui
    panel.retranslate_ui()
    assert [panel.tabs.tabText(i) for i in range(3)] == ["Queue", "KPIs", "Customer 360"]
    assert "Breached" in set(shown_column(panel.queue, "sla_state"))
    assert panel.queue.status.currentText() == "Open"
