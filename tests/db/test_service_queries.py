"""Service tickets on the database: queue, KPIs (checked against an independent pandas
computation on the small dataset), customer 360, audited and version-checked ticket actions,
and refusal of bad SLA policies and histories — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import make_url

from console.db.base import Base
from console.db.customers import Customer
from console.db.database import Database
from console.db.engine import make_engine
from console.db.geo import City, Region
from console.db.migrate import upgrade
from console.db.models import AppMeta, AuditEntry, Channel, Dealer, ServiceTicket
from console.db.queries import service as q
from console.db.service import OPEN_TICKET_STATUSES, SlaPolicy, TicketStatusChange
from console.db.uow import unit_of_work
from console.errors import ConflictError, PermissionDenied, UserError, ValidationError
from console.services.business_calendar import china_calendar
from console.services.permissions import CurrentUser
from console.services.sla import SlaPolicy as ServicePolicy
from console.services.sla import SlaTarget, sla_clock
from console.services.value_index import CHANNEL_TYPES, value_index
from tests.fixtures.databases import create_pg_database, drop_pg_database

SERVICE = CurrentUser("svc", "service")
EXEC = CurrentUser("boss", "executive")
PERIOD = (date(2026, 8, 1), date(2026, 11, 15))


# -- an independent computation of the panel's KPIs, straight from the tables --------------


def _read(engine, sql: str, dates: tuple[str, ...] = ()) -> pd.DataFrame:
    with engine.connect() as conn:
        frame = pd.read_sql(text(sql), conn)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _reference(engine) -> pd.DataFrame:
    """Tickets opened in PERIOD with breach flags from the one-ticket `sla_clock` loop."""
    meta = _read(engine, "SELECT value FROM app_meta WHERE key = 'data_end'")
    now = datetime.combine(date.fromisoformat(meta.value[0]), time(23, 59, 59))
    policies = _read(
        engine,
        "SELECT priority, category, first_response_hours, resolution_hours "
        "FROM sla_policies WHERE active",
    )
    policy = ServicePolicy(
        [
            SlaTarget(
                p.priority,
                p.first_response_hours,
                p.resolution_hours,
                p.category if isinstance(p.category, str) else None,
            )
            for p in policies.itertuples()
        ]
    )
    tickets = _read(
        engine,
        "SELECT t.id, t.opened_at, t.first_response_at, t.resolved_at, t.closed_at, t.status, "
        "t.reopened_count, t.priority, t.category, c.code AS channel, d.code AS dealer "
        "FROM service_tickets t JOIN channels c ON c.id = t.channel_id "
        "LEFT JOIN dealers d ON d.id = t.dealer_id",
        dates=("opened_at", "first_response_at", "resolved_at", "closed_at"),
    )
    start, end = (pd.Timestamp(d) for d in PERIOD)
    tickets = tickets[
        (tickets.opened_at >= start) & (tickets.opened_at < end + pd.Timedelta(days=1))
    ]
    history = _read(
        engine,
        "SELECT ticket_id, changed_at, status FROM ticket_status_changes "
        "ORDER BY ticket_id, changed_at, id",
        dates=("changed_at",),
    )
    changes = {
        key: list(zip(g.changed_at, g.status, strict=True))
        for key, g in history.groupby("ticket_id")
    }
    calendar = china_calendar()
    flags = []
    for t in tickets.itertuples():
        reading = sla_clock(
            [(t.opened_at, "new"), *changes.get(t.id, [])],
            policy,
            calendar,
            now,
            priority=t.priority,
            category=t.category,
            first_response_at=t.first_response_at,
        )
        flags.append(
            (reading.first_response.state == "breached", reading.resolution.state == "breached")
        )
    tickets[["fr_breached", "res_breached"]] = np.array(flags, dtype=bool).reshape(-1, 2)
    solved = tickets.status.isin(["resolved", "closed"])
    tickets["solved"] = solved
    tickets["resolved_at"] = tickets.resolved_at.where(
        ~solved | tickets.resolved_at.notna(), tickets.closed_at
    )
    tickets["fr_h"] = calendar.business_seconds(tickets.opened_at, tickets.first_response_at) / 3600
    tickets["res_h"] = np.where(
        solved, calendar.business_seconds(tickets.opened_at, tickets.resolved_at) / 3600, np.nan
    )
    return tickets


def _expected(tickets: pd.DataFrame, by: str) -> pd.DataFrame:
    def summary(group: pd.DataFrame) -> dict:
        fr_known = group.first_response_at.notna() | group.fr_breached
        res_known = group.solved | group.res_breached
        ever = group.solved | (group.reopened_count > 0)

        def share(hits: pd.Series, among: pd.Series) -> float:
            return hits[among].sum() / among.sum() if among.any() else np.nan

        return {
            "tickets": len(group),
            "open_tickets": int((~group.solved).sum()),
            "first_response_breach_rate": share(group.fr_breached, fr_known),
            "resolution_breach_rate": share(group.res_breached, res_known),
            "first_response_median_h": group.fr_h.median(),
            "first_response_p90_h": group.fr_h.quantile(0.9),
            "resolution_median_h": group.res_h.median(),
            "resolution_p90_h": group.res_h.quantile(0.9),
            "reopen_rate": share(group.reopened_count > 0, ever),
        }

    keys = tickets[by].fillna("(none)")
    rows = {key: summary(group) for key, group in tickets.groupby(keys)}
    rows["(all)"] = summary(tickets)
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(by)


@pytest.fixture(scope="module")
def small_reference(small_db_url):
    engine = make_engine(small_db_url)
    yield engine, _reference(engine)
    engine.dispose()


def _check_report_matches(engine, reference: pd.DataFrame, by: str) -> None:
    report = q.sla_report(engine, by, *PERIOD).set_index(by)
    expected = _expected(reference, by)
    assert report.index.tolist()[-1] == "(all)"
    assert sorted(report.index) == sorted(expected.index)
    pd.testing.assert_frame_equal(
        report.loc[expected.index, expected.columns].astype(float),
        expected.astype(float),
        check_names=False,
        check_index_type=False,
        rtol=1e-9,
    )


@pytest.mark.parametrize("by", ["dealer", "channel", "category"])
def test_report_matches_an_independent_pandas_computation(small_reference, by):
    engine, reference = small_reference
    assert len(reference) > 300 and reference.res_breached.any() and reference.fr_breached.any()
    _check_report_matches(engine, reference, by)


@pytest.mark.pg
def test_report_matches_on_postgresql(small_pg_url, small_reference):
    _, reference = small_reference  # same seed, same data
    engine = make_engine(small_pg_url)
    try:
        _check_report_matches(engine, reference, "dealer")
        sqlite = q.ticket_queue(small_reference[0])
        pg = q.ticket_queue(engine)
        assert pg.code.tolist() == sqlite.code.tolist()
        assert pg.sla_state.tolist() == sqlite.sla_state.tolist()
    finally:
        engine.dispose()


def _open_at_midnights(engine, days: pd.DatetimeIndex) -> list[int]:
    """Tickets open at the midnight ending each day, replayed from the status history: a
    ticket is open when its latest status then (new at opening) is not resolved/closed."""
    opened = _read(engine, "SELECT id AS ticket_id, opened_at FROM service_tickets", ("opened_at",))
    changes = _read(
        engine,
        "SELECT ticket_id, changed_at, status FROM ticket_status_changes "
        "ORDER BY ticket_id, changed_at, id",
        ("changed_at",),
    )
    events = pd.concat(
        [opened.rename(columns={"opened_at": "changed_at"}).assign(status="new"), changes]
    )  # stable sort below keeps the opening first, then the stored order of the changes
    events = events.sort_values(["ticket_id", "changed_at"], kind="stable")
    counts = []
    for day in days:
        latest = events[events.changed_at < day + pd.Timedelta(days=1)].groupby("ticket_id")
        counts.append(int((~latest.status.last().isin(["resolved", "closed"])).sum()))
    return counts


def test_dashboard_matches_an_independent_pandas_computation(small_reference):
    """What the KPI tab draws: tables, backlog per day, weekly inflow, dealer ranking."""
    engine, reference = small_reference
    board = q.service_dashboard(engine, *PERIOD)
    for by in q.REPORT_DIMENSIONS:
        shown = board.kpis[by].set_index(by)
        expected = _expected(reference, by)
        assert sorted(shown.index) == sorted(expected.index)
        pd.testing.assert_frame_equal(
            shown.loc[expected.index, expected.columns].astype(float),
            expected.astype(float),
            check_names=False,
            check_index_type=False,
            rtol=1e-9,
        )

    days = pd.date_range(*PERIOD)
    assert board.backlog.date.tolist() == days.tolist()
    backlog = board.backlog.open_tickets.tolist()
    assert backlog == _open_at_midnights(engine, days)
    assert len(set(backlog)) > 5  # it moves: not a constant that happens to match

    opened = reference.opened_at.dt.normalize()
    week = opened - pd.to_timedelta(opened.dt.day_of_week, unit="D")
    weekly = reference.groupby([week, reference.category]).size()
    inflow = board.inflow.set_index(["week_start", "category"]).tickets
    assert inflow[inflow > 0].to_dict() == weekly.to_dict()
    mondays = pd.date_range(days[0] - pd.Timedelta(days=days[0].weekday()), days[-1], freq="W-MON")
    assert sorted(set(board.inflow.week_start)) == mondays.tolist()  # quiet weeks as zeros

    dealers = _expected(reference, "dealer").drop(index=["(none)", "(all)"])
    judged = dealers[dealers.tickets >= 5].reset_index()
    judged = judged.assign(volume=-judged.tickets).sort_values(
        [
            "resolution_breach_rate",
            "first_response_breach_rate",
            "resolution_median_h",
            "reopen_rate",
            "volume",
            "dealer",
        ],
        na_position="last",
    )
    ranked = board.ranking.dropna(subset=["rank"])
    assert ranked.dealer.tolist() == judged.dealer.tolist()
    assert ranked["rank"].tolist() == list(range(1, len(judged) + 1))
    assert sorted(board.ranking.dealer[board.ranking["rank"].isna()]) == sorted(
        dealers.index[dealers.tickets < 5]
    )
    assert board.ranking.name.notna().all()
    assert board.promotions == [date(2026, 11, 11)]


# -- the queue on the small dataset --------------------------------------------------------


def test_queue_holds_every_open_ticket_with_its_clock(small_reference):
    engine, _ = small_reference
    queue = q.ticket_queue(engine)
    raw = _read(
        engine,
        "SELECT id, status FROM service_tickets WHERE status IN "
        f"({', '.join(repr(s) for s in OPEN_TICKET_STATUSES)})",
    )
    assert sorted(queue.ticket_id) == sorted(raw.id)
    # most urgent first: breached, then at risk, then the rest
    order = queue.sla_state.map(q.QUEUE_ORDER).tolist()
    assert order == sorted(order)
    assert set(queue.sla_state) <= set(q.SLA_STATES)
    assert queue.customer_name.dropna().str.contains(r"\*").all()  # masked by default
    named = q.ticket_queue(engine, show_pii=True)
    assert not named.customer_name.dropna().str.contains(r"\*").all()


def test_queue_filters(small_reference):
    engine, _ = small_reference
    everything = q.ticket_queue(engine, q.QueueFilters(statuses=()))
    channel = int(everything.channel_id.mode()[0])
    region = int(everything.region_id.dropna().mode()[0])
    is_open = everything.status.isin(OPEN_TICKET_STATUSES)
    cases = [
        (q.QueueFilters(channel_ids=(channel,)), is_open & (everything.channel_id == channel)),
        (
            q.QueueFilters(statuses=("closed",), region_ids=(region,)),
            (everything.status == "closed") & (everything.region_id == region),
        ),
        (
            q.QueueFilters(statuses=(), categories=("damage",), priorities=("high", "urgent")),
            (everything.category == "damage") & everything.priority.isin(["high", "urgent"]),
        ),
        (
            q.QueueFilters(statuses=(), min_age_days=30, max_age_days=60),
            everything.age_days.between(30, 60),
        ),
        (q.QueueFilters(sla_states=("breached",)), is_open & (everything.sla_state == "breached")),
        (
            q.QueueFilters(statuses=(), dealer_ids=(int(everything.dealer_id.mode()[0]),)),
            everything.dealer_id == everything.dealer_id.mode()[0],
        ),
    ]
    for filters, expected in cases:
        chosen = q.ticket_queue(engine, filters)
        wanted = everything[expected]
        assert len(wanted) > 0, filters
        assert sorted(chosen.ticket_id) == sorted(wanted.ticket_id), filters
        # the panel narrows a loaded queue in memory: same rows, same order
        narrowed = q.filter_queue(everything, filters)
        assert narrowed.ticket_id.tolist() == chosen.ticket_id.tolist(), filters
    with pytest.raises(ValidationError, match="Unknown ticket priority 'asap'"):
        q.ticket_queue(engine, q.QueueFilters(priorities=("asap",)))
    with pytest.raises(ValidationError, match="age filter"):
        q.ticket_queue(engine, q.QueueFilters(min_age_days=5, max_age_days=2))


def test_queue_clock_agrees_with_the_one_ticket_clock(small_reference):
    engine, _ = small_reference
    queue = q.ticket_queue(engine).head(15)
    history = q.status_histories(engine)
    setup = q.load_sla_setup(engine)
    now = q.service_now(engine)
    assert now == datetime(2026, 11, 15, 23, 59, 59)
    for t in queue.itertuples():
        rows = history[history.ticket_id == t.ticket_id]
        reading = sla_clock(
            [(t.opened_at, "new"), *zip(rows.changed_at, rows.status, strict=True)],
            setup.policy,
            setup.calendar,
            now,
            priority=t.priority,
            category=t.category,
            channel=t.channel,
            first_response_at=t.first_response_at,
        )
        assert t.resolution_state == reading.resolution.state
        assert t.first_response_state == reading.first_response.state
        assert t.resolution_due == reading.resolution.due


# -- customer 360 ----------------------------------------------------------------------------


def _busy_customer(engine) -> int:
    """The named customer with the most tickets x interactions (not every customer has a
    name: social followers may be known by their account only)."""
    return int(
        _read(
            engine,
            "SELECT t.customer_id FROM service_tickets t JOIN interactions i "
            "ON i.customer_id = t.customer_id JOIN customers c ON c.id = t.customer_id "
            "WHERE c.name IS NOT NULL GROUP BY t.customer_id "
            "ORDER BY count(*) DESC, t.customer_id LIMIT 1",
        ).customer_id[0]
    )


def test_customer_360_timeline_and_masking(small_reference):
    engine, _ = small_reference
    customer_id = _busy_customer(engine)
    masked = q.customer_360(engine, customer_id)
    full = q.customer_360(engine, customer_id, show_pii=True)
    counts = masked.timeline.kind.value_counts()
    for kind, table in (
        ("order", "orders"),
        ("interaction", "interactions"),
        ("ticket", "service_tickets"),
    ):
        raw = _read(engine, f"SELECT count(*) AS n FROM {table} WHERE customer_id = {customer_id}")
        assert counts.get(kind, 0) == raw.n[0]
    assert masked.timeline["at"].is_monotonic_decreasing
    orders = masked.timeline[masked.timeline.kind == "order"]
    raw_orders = _read(
        engine,
        "SELECT o.order_no, d.code FROM orders o LEFT JOIN dealers d "
        f"ON d.id = o.fulfilling_dealer_id WHERE o.customer_id = {customer_id}",
    )
    shown = set(zip(orders.reference, orders.dealer.fillna("-"), strict=True))
    stored = set(zip(raw_orders.order_no, raw_orders.code.fillna("-"), strict=True))
    assert shown == stored
    assert len(full.identities) > 0
    assert (masked.identities.value != full.identities.value).all()
    assert masked.identities.value.str.contains(r"\*").all()
    assert "*" in masked.customer["name"] and "*" not in full.customer["name"]


def test_find_customers_by_phone_name_and_code(small_reference):
    engine, _ = small_reference
    customer_id = _busy_customer(engine)
    full = q.customer_360(engine, customer_id, show_pii=True)
    code = full.customer["code"]
    assert customer_id in q.find_customers(engine, code.lower()).customer_id.tolist()
    assert customer_id in q.find_customers(engine, full.customer["name"]).customer_id.tolist()
    phones = full.identities[full.identities.type.isin(["phone", "payment_account"])]
    digits = phones.value.str.replace(r"\D", "", regex=True)
    digits = digits[digits.str.len() >= 11]
    if len(digits):
        found = q.find_customers(engine, f"+86 {digits.iloc[0][-11:]}")
        assert customer_id in found.customer_id.tolist()
    assert q.find_customers(engine, "王").name.str.startswith("王").all()
    with pytest.raises(UserError, match="empty"):
        q.find_customers(engine, "  ")


def test_customer_360_follows_merges(small_db_copy):
    engine = make_engine(small_db_copy)
    survivor, merged = _busy_customer(engine), None
    with engine.begin() as conn:
        merged = conn.scalar(
            select(ServiceTicket.customer_id)
            .where(ServiceTicket.customer_id != survivor)
            .order_by(ServiceTicket.id)
            .limit(1)
        )
        conn.execute(update(Customer).where(Customer.id == merged).values(merged_into_id=survivor))
    view = q.customer_360(engine, merged)
    assert view.customer["id"] == survivor
    assert sorted(view.merged_ids) == sorted([survivor, merged])
    own = q.customer_360(engine, survivor)
    assert len(view.timeline) == len(own.timeline)
    assert q.customer_value(engine, merged).customer_id == survivor
    engine.dispose()


def _segments_scores(engine) -> pd.DataFrame:
    """The segments panel's scores of every buyer (console.db.queries.segments), by customer."""
    from console.db.queries import segments

    values = segments.load_customer_values(engine, with_clv=False)
    return values.customers.set_index("customer")


def _boundary_customers(scored: pd.DataFrame) -> list[int]:
    """One customer of each segment, and those ranked next to each quintile edge of R, F and
    M (ties there are broken by customer id: an off-by-one shows up here first)."""
    chosen = [int(g.index[0]) for _, g in scored.groupby("segment", observed=True)]
    n, ids = len(scored), scored.index.to_numpy()
    for column in ("recency_days", "frequency", "monetary"):
        order = ids[np.lexsort((ids, scored[column].to_numpy()))]
        for edge in 1 + np.array([0.2, 0.4, 0.6, 0.8]) * (n - 1):
            chosen += [int(c) for c in order[int(edge) - 2 : int(edge) + 1]]
    return sorted(set(chosen))


def _check_customer_values(engine, scored: pd.DataFrame, ids: list[int]) -> None:
    for customer_id in ids:
        value = q.customer_value(engine, customer_id)
        row = scored.loc[customer_id]
        assert (value.segment, value.r, value.f, value.m) == (row.segment, row.r, row.f, row.m)
        assert value.value_index == pytest.approx(row.value_index, rel=1e-9)
        assert value.channel_types == tuple(t for t in CHANNEL_TYPES if row[t])
        assert value.buyers == len(scored)


def test_customer_value_is_the_segments_panels(small_reference):
    engine, _ = small_reference
    scored = _segments_scores(engine)
    ids = _boundary_customers(scored)
    assert len(ids) > 40 and scored.loc[ids, "segment"].nunique() == len(scored.segment.unique())
    assert scored.loc[ids, ["r", "f", "m"]].nunique().min() == 5  # every score met
    _check_customer_values(engine, scored, ids)

    never_bought = int(
        _read(
            engine,
            "SELECT min(c.id) AS id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o "
            "WHERE o.customer_id = c.id AND o.status != 'cancelled') AND EXISTS (SELECT 1 FROM "
            "interactions i WHERE i.customer_id = c.id)",
        ).id[0]
    )
    value = q.customer_value(engine, never_bought)
    assert never_bought not in scored.index
    assert (value.segment, value.r, value.f, value.m) == (None, None, None, None)
    touches = _read(
        engine,
        "SELECT count(*) AS n, count(DISTINCT ch.type) AS types FROM interactions i "
        f"JOIN channels ch ON ch.id = i.channel_id WHERE i.customer_id = {never_bought}",
    )
    assert len(value.channel_types) == touches.types[0] >= 1
    expected = value_index(0.0, touches.types[0], touches.n[0])
    assert value.value_index == pytest.approx(float(expected[()])) and value.value_index > 0


@pytest.mark.pg
def test_customer_value_on_postgresql(small_pg_url, small_reference):
    engine = make_engine(small_pg_url)
    try:
        scored = _segments_scores(small_reference[0])  # same seed, same data
        _check_customer_values(engine, scored, _boundary_customers(scored)[::3])
    finally:
        engine.dispose()


# -- ticket actions on SQLite and PostgreSQL --------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def tiny_database(request, tmp_path_factory):
    """A migrated, empty database per dialect, shared by the tests of this module."""
    if request.param == "sqlite":
        url = make_url(f"sqlite:///{tmp_path_factory.mktemp('tiny') / 'tiny.sqlite'}")
    else:
        server = request.getfixturevalue("pg_server_url")
        url = create_pg_database(server)
    database = Database(url)
    upgrade(database.engine)
    yield database
    database.dispose()
    if request.param != "sqlite":
        drop_pg_database(server, url)


@pytest.fixture
def tiny(tiny_database):
    """Two dealers (one suspended), three tickets; now = 2026-03-06 23:59:59 (app_meta)."""
    database = tiny_database
    with database.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    with database.session() as s:
        rows = [
            AppMeta(key="data_end", value="2026-03-06"),
            Region(id=1, code="EAST", name="East", name_zh="华东"),
            City(
                id=1,
                region_id=1,
                code="SH",
                name="Shanghai",
                name_zh="上海",
                province="Shanghai",
                province_zh="上海",
                postcode_prefix="200",
                tier=1,
                lat=31.2,
                lon=121.5,
            ),
            Channel(
                id=1,
                code="WEB",
                name="Web shop",
                name_zh="官网",
                type="own_ecommerce",
                online=True,
                platform_fee_rate=0,
            ),
            Dealer(
                id=1,
                code="D1",
                name="Shanghai Home",
                name_zh="上海家居",
                legal_entity="SH Home",
                credit_code="91310000MA1FL0000A",
                tier="gold",
                region_id=1,
                contract_start=date(2024, 1, 1),
            ),
            Dealer(
                id=2,
                code="D2",
                name="Suspended Co",
                name_zh="暂停",
                legal_entity="Susp",
                credit_code="91310000MA1FL0001B",
                tier="bronze",
                region_id=1,
                status="suspended",
                contract_start=date(2024, 1, 1),
            ),
            Customer(id=1, code="C1", name="张三", city_id=1),
        ]
        tickets = (
            ("T1", "new", datetime(2026, 3, 2, 10, 0), None),
            ("T2", "in_progress", datetime(2026, 3, 5, 9, 0), datetime(2026, 3, 5, 10, 0)),
            ("T3", "resolved", datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 15, 0)),
        )
        for number, (code, status, opened, changed) in enumerate(tickets, start=1):
            rows.append(
                ServiceTicket(
                    id=number,
                    code=code,
                    channel_id=1,
                    customer_id=1,
                    category="delivery",
                    priority="normal",
                    status=status,
                    opened_at=opened,
                    first_response_at=changed,
                    resolved_at=changed if status == "resolved" else None,
                )
            )
            if changed:
                rows.append(TicketStatusChange(ticket_id=number, status=status, changed_at=changed))
        for row in rows:
            s.add(row)
            s.flush()
        s.commit()
    return database


def _ticket(db: Database, ticket_id: int) -> ServiceTicket:
    with db.session() as s:
        return s.get(ServiceTicket, ticket_id)


def _audits(db: Database) -> list[AuditEntry]:
    with db.session() as s:
        return s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def _history(db: Database, ticket_id: int) -> list[tuple[str, datetime, str | None]]:
    with db.session() as s:
        return s.execute(
            select(
                TicketStatusChange.status,
                TicketStatusChange.changed_at,
                TicketStatusChange.changed_by,
            )
            .where(TicketStatusChange.ticket_id == ticket_id)
            .order_by(TicketStatusChange.changed_at, TicketStatusChange.id)
        ).all()


def test_assign_is_audited_and_starts_the_history(tiny):
    queue = q.ticket_queue(tiny.engine)
    assert queue.code.tolist() == ["T1", "T2"]  # T1 breached its 4 h first response
    assert queue.sla_state.tolist() == ["breached", "on_track"]
    t1 = queue.set_index("code").loc["T1"]
    after = q.assign_ticket(tiny.sessions, SERVICE, int(t1.ticket_id), 1, int(t1.version))
    assert after["dealer_id"] == 1 and after["status"] == "assigned"
    assert after["version"] == t1.version + 1
    assert _history(tiny, 1) == [("assigned", datetime(2026, 3, 6, 23, 59, 59), "svc")]
    (audit,) = _audits(tiny)
    assert (audit.username, audit.action, audit.entity, audit.entity_id) == (
        "svc",
        "ticket.assign",
        "service_ticket",
        "1",
    )
    assert audit.before["dealer_id"] is None and audit.after["dealer_id"] == 1
    assert audit.before["status"] == "new" and audit.after["status"] == "assigned"
    row = q.ticket_queue(tiny.engine).set_index("code").loc["T1"]
    assert (row.dealer, row.status, row.version) == ("D1", "assigned", after["version"])


def test_a_lost_race_is_refused_and_changes_nothing(tiny):
    seen = _ticket(tiny, 2).version
    q.escalate_ticket(tiny.sessions, SERVICE, 2, seen)  # somebody else was faster
    with pytest.raises(ConflictError) as refused:
        q.assign_ticket(tiny.sessions, SERVICE, 2, 1, seen)
    assert refused.value.stored["version"] == seen + 1 and refused.value.stored["escalated"]
    assert refused.value.mine["version"] == seen
    ticket = _ticket(tiny, 2)
    assert ticket.dealer_id is None and ticket.version == seen + 1
    assert [a.action for a in _audits(tiny)] == ["ticket.escalate"]


def test_executive_may_not_change_tickets(tiny):
    for action in (
        lambda: q.assign_ticket(tiny.sessions, EXEC, 1, 1, 1),
        lambda: q.escalate_ticket(tiny.sessions, EXEC, 1, 1),
        lambda: q.change_ticket_status(tiny.sessions, EXEC, 1, "in_progress", 1),
    ):
        with pytest.raises(PermissionDenied, match=r"tickets\.edit"):
            action()
    assert _audits(tiny) == [] and _history(tiny, 1) == []
    assert _ticket(tiny, 1).version == 1


def test_status_changes_keep_the_ticket_in_step(tiny):
    at = datetime(2026, 3, 5, 15, 0)
    after = q.change_ticket_status(tiny.sessions, SERVICE, 2, "resolved", 1, at=at)
    assert (after["status"], after["resolved_at"], after["first_response_at"]) == (
        "resolved",
        at.isoformat(),
        "2026-03-05T10:00:00",
    )
    after = q.change_ticket_status(tiny.sessions, SERVICE, 2, "reopened", after["version"])
    assert after["reopened_count"] == 1 and after["status"] == "reopened"
    after = q.change_ticket_status(tiny.sessions, SERVICE, 2, "closed", after["version"])
    assert after["closed_at"] == after["resolved_at"] == "2026-03-06T23:59:59"
    assert [h[0] for h in _history(tiny, 2)] == ["in_progress", "resolved", "reopened", "closed"]
    assert [a.action for a in _audits(tiny)] == ["ticket.status"] * 3
    first = q.change_ticket_status(tiny.sessions, SERVICE, 1, "in_progress", 1)
    assert first["first_response_at"] == "2026-03-06T23:59:59"


def test_bad_actions_are_refused_with_a_reason(tiny):
    with pytest.raises(ValidationError, match="time order"):
        q.change_ticket_status(tiny.sessions, SERVICE, 2, "resolved", 1, at=datetime(2026, 3, 3))
    with pytest.raises(UserError, match="cannot go from resolved to in_progress"):
        q.change_ticket_status(tiny.sessions, SERVICE, 3, "in_progress", 1)
    with pytest.raises(UserError, match="it is suspended"):
        q.assign_ticket(tiny.sessions, SERVICE, 1, 2, 1)
    with pytest.raises(UserError, match="only open tickets"):
        q.escalate_ticket(tiny.sessions, SERVICE, 3, 1)
    with pytest.raises(UserError, match="cannot lower"):
        q.escalate_ticket(tiny.sessions, SERVICE, 1, 1, priority="low")
    with pytest.raises(UserError, match="does not exist"):
        q.assign_ticket(tiny.sessions, SERVICE, 99, 1, 1)
    assert _audits(tiny) == []
    escalated = q.escalate_ticket(tiny.sessions, SERVICE, 1, 1, priority="high")
    with pytest.raises(UserError, match="already escalated"):
        q.escalate_ticket(tiny.sessions, SERVICE, 1, escalated["version"])


# -- bad SLA policies and histories in the database ----------------------------------------


def _policy(**values) -> SlaPolicy:
    return SlaPolicy(**{"name": "p", "calendar": "cn", "at_risk_ratio": 0.8, **values})


def _add_policies(db: Database, *policies: SlaPolicy) -> None:
    with unit_of_work(db.sessions, SERVICE) as uow:
        uow.session.add_all(policies)


def _base_policies() -> list[SlaPolicy]:
    return [
        _policy(priority=p, first_response_hours=h, resolution_hours=4 * h)
        for p, h in (("low", 8), ("normal", 4), ("high", 2), ("urgent", 1))
    ]


def test_policies_load_from_the_database(tiny):
    assert q.load_sla_setup(tiny.engine).source == "default"
    _add_policies(
        tiny,
        *_base_policies(),
        _policy(
            priority="normal",
            category="delivery",
            channel_id=1,
            first_response_hours=1,
            resolution_hours=2,
        ),
    )
    setup = q.load_sla_setup(tiny.engine)
    assert setup.source == "database"
    assert setup.policy.target_for("normal", "delivery", "WEB").resolution_hours == 2
    assert setup.policy.target_for("normal", "delivery", "SHOP").resolution_hours == 16
    queue = q.ticket_queue(tiny.engine).set_index("code")
    assert queue.loc["T2", "resolution_state"] == "breached"  # 2 business hours long gone


def test_response_target_above_resolution_is_refused_by_the_database(tiny):
    with pytest.raises(UserError, match="refused"):
        _add_policies(tiny, _policy(priority="low", first_response_hours=9, resolution_hours=8))
    with tiny.session() as s:
        assert s.scalar(select(func.count()).select_from(SlaPolicy)) == 0


@pytest.mark.parametrize(
    ("change", "rows", "message"),
    [
        ({"calendar": "cn:"}, slice(None), "no working hours"),
        ({"calendar": "moon"}, slice(None), "calendar 'moon' is unknown"),
        ({"calendar": "cn:08:00-20:00"}, slice(-1, None), "different calendars"),
        ({"at_risk_ratio": 0.5}, slice(-1, None), "different at-risk ratios"),
        ({"active": False}, slice(-1, None), "priority 'urgent'"),
    ],
)
def test_bad_policies_are_refused_with_a_clear_message(tiny, change, rows, message):
    policies = _base_policies()
    for policy in policies[rows]:
        for key, value in change.items():
            setattr(policy, key, value)
    _add_policies(tiny, *policies)
    with pytest.raises(ValidationError, match=message) as refused:
        q.ticket_queue(tiny.engine)
    assert refused.value.fix


def test_a_history_out_of_order_is_refused_naming_the_ticket(tiny):
    with tiny.session() as s:
        s.add(
            TicketStatusChange(
                ticket_id=2, status="assigned", changed_at=datetime(2026, 3, 1, 8, 0)
            )
        )
        s.commit()
    with pytest.raises(ValidationError, match=r"out of order.*T2"):
        q.ticket_queue(tiny.engine)
