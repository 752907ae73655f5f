"""Service tickets: the live queue, KPI inputs and reports, SLA policies from the database,
customer 360 with the customer's value segment, and the ticket actions (assign to a dealer,
escalate, change status).

The SLA arithmetic is in console.services (sla, service_kpis, business_calendar); this module
reads what those functions need, with SQL doing the filtering and joins, and writes the actions
through one unit of work each (role check, optimistic locking, audit row). The panel and
`hq-console report sla` call the same functions, so their figures agree. docs/service.md
describes the columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Integer,
    Numeric,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from console.db.channels import Channel
from console.db.customers import (
    Customer,
    CustomerIdentity,
    CustomerProfile,
    Interaction,
    ProfileIdentity,
)
from console.db.geo import City, Region
from console.db.network import Dealer, Location
from console.db.orders import Order
from console.db.queries.bind import Bind, connected
from console.db.queries.kpi_facts import day_number
from console.db.service import (
    OPEN_TICKET_STATUSES,
    TICKET_PRIORITIES,
    TICKET_STATUSES,
    ServiceTicket,
    SlaPolicy,
    TicketStatusChange,
)
from console.db.uow import snapshot, unit_of_work
from console.db.users import AppMeta
from console.errors import ConflictError, UserError, ValidationError
from console.services import sla as sla_service
from console.services.business_calendar import BusinessCalendar, china_calendar
from console.services.masking import mask_series
from console.services.permissions import CurrentUser
from console.services.rfm import SEGMENT_GRID
from console.services.service_kpis import (
    KPI_COLUMNS,
    NO_VALUE,
    TOTAL,
    backlog_over_time,
    dealer_ranking,
    kpis_by,
    weekly_inflow,
)
from console.services.value_index import CHANNEL_TYPES, value_index

CATEGORY_NAMES = {
    "delivery": ("Delivery", "配送"),
    "installation": ("Installation", "安装"),
    "damage": ("Damage", "破损"),
    "complaint": ("Complaint", "投诉"),
    "return": ("Return", "退货"),
    "consultation": ("Consultation", "咨询"),
}
REPORT_DIMENSIONS = ("dealer", "channel", "category")
SLA_STATES = ("breached", "at_risk", "on_track", "met")
"""A ticket's overall SLA state, worst first: any clock breached, any running clock at risk,
both clocks stopped within target (met), else on track."""
PROMOTION_DAYS = ((6, 18), (11, 11), (12, 12))
"""Shopping festivals (6.18, Double 11, Double 12): ticket inflow peaks in the weeks after."""


def _frame(conn: Connection, stmt: Select, dates: Sequence[str] = ()) -> pd.DataFrame:
    result = conn.execute(stmt)
    keys = list(result.keys())
    # Column-wise construction: building from Row objects costs pandas a probe per row.
    columns = list(zip(*result.all(), strict=True)) or [()] * len(keys)
    frame = pd.DataFrame(dict(zip(keys, map(list, columns), strict=True)), columns=keys)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601").astype("datetime64[s]")
    return frame


# -- time and SLA setup -------------------------------------------------------------------------


def service_now(bind: Bind) -> datetime:
    """The SLA clocks' "now": the end of the demo's last day (app_meta 'data_end') in a demo
    database, so that open tickets have realistic ages; else the wall clock (to the second)."""
    with connected(bind) as conn:
        value = conn.scalar(select(AppMeta.value).where(AppMeta.key == "data_end"))
    if value:
        return datetime.combine(date.fromisoformat(value[:10]), time(23, 59, 59))
    return datetime.now().replace(microsecond=0)


def calendar_from_spec(spec: str) -> BusinessCalendar:
    """The business calendar named in sla_policies.calendar: `cn` (Monday-Friday 09:00-18:00
    with the mainland China holidays) or `cn:<hours>` with other daily hours, e.g.
    `cn:08:00-20:00`."""
    name, _, hours = spec.strip().partition(":")
    if name != "cn":
        raise ValidationError(
            f"The SLA calendar {spec!r} is unknown.",
            "Use 'cn' (Monday-Friday 09:00-18:00, China holidays) or 'cn:HH:MM-HH:MM'.",
            problems=[("sla_policies.calendar", spec)],
        )
    if not _:
        return china_calendar()
    try:
        return china_calendar(day_hours=hours)
    except ValidationError as exc:
        raise ValidationError(
            f"The SLA calendar {spec!r} is not valid: {exc.problem}",
            "Give the working hours as 'cn:HH:MM-HH:MM', e.g. 'cn:09:00-18:00'.",
            problems=exc.problems,
        ) from None


@dataclass(frozen=True)
class SlaSetup:
    """The SLA policy and business calendar in force; `source` is "database" or "default"
    (no active policy rows: the built-in demo policy on the China calendar)."""

    policy: sla_service.SlaPolicy
    calendar: BusinessCalendar
    source: str


def load_sla_setup(bind: Bind) -> SlaSetup:
    """Build the services' SlaPolicy from the active sla_policies rows (channel overrides by
    channel code); refuse rows that disagree on calendar or at-risk ratio, or break a rule."""
    stmt = (
        select(
            SlaPolicy.name,
            SlaPolicy.priority,
            SlaPolicy.category,
            Channel.code.label("channel"),
            SlaPolicy.first_response_hours,
            SlaPolicy.resolution_hours,
            SlaPolicy.calendar,
            SlaPolicy.at_risk_ratio,
        )
        .outerjoin(Channel, Channel.id == SlaPolicy.channel_id)
        .where(SlaPolicy.active)
        .order_by(SlaPolicy.id)
    )
    with connected(bind) as conn:
        rows = _frame(conn, stmt)
    if rows.empty:
        return SlaSetup(sla_service.default_policy(), china_calendar(), "default")
    fix = "Correct the active rows of the sla_policies table (or deactivate the wrong ones)."
    for column, what in (("calendar", "calendars"), ("at_risk_ratio", "at-risk ratios")):
        values = rows[column].unique()
        if len(values) > 1:
            raise ValidationError(
                f"The active SLA policies use different {what} ({', '.join(map(str, values))}).",
                f"Give every active policy the same value. {fix}",
                problems=[
                    (f"policy {n!r}", str(v)) for n, v in zip(rows.name, rows[column], strict=True)
                ],
            )
    targets = [
        sla_service.SlaTarget(
            row.priority,
            float(row.first_response_hours),
            float(row.resolution_hours),
            category=row.category if isinstance(row.category, str) else None,
            channel=row.channel if isinstance(row.channel, str) else None,
        )
        for row in rows.itertuples()
    ]
    try:
        policy = sla_service.SlaPolicy(targets, at_risk_ratio=float(rows.at_risk_ratio.iloc[0]))
    except ValidationError as exc:
        raise ValidationError(exc.problem, fix, problems=exc.problems) from None
    return SlaSetup(policy, calendar_from_spec(str(rows.calendar.iloc[0])), "database")


# -- the queue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows; empty tuples mean "all". Ids are database ids; statuses default to
    the open ones; ages are calendar days since opening; SLA states filter after the clocks."""

    channel_ids: tuple[int, ...] = ()
    dealer_ids: tuple[int, ...] = ()
    region_ids: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = OPEN_TICKET_STATUSES
    sla_states: tuple[str, ...] = ()
    min_age_days: float | None = None
    max_age_days: float | None = None
    unassigned_only: bool = False

    def check(self) -> None:
        for values, allowed, what in (
            (self.categories, CATEGORY_NAMES, "category"),
            (self.priorities, TICKET_PRIORITIES, "priority"),
            (self.statuses, TICKET_STATUSES, "status"),
            (self.sla_states, SLA_STATES, "SLA state"),
        ):
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise ValidationError(
                    f"Unknown ticket {what} {unknown[0]!r} in the queue filter.",
                    f"Use one of {', '.join(allowed)}.",
                    problems=[(what, v) for v in unknown],
                )
        low, high = self.min_age_days, self.max_age_days
        if (low is not None and low < 0) or (low is not None and high is not None and high < low):
            raise ValidationError(
                f"The age filter {low}-{high} days is not a valid range.",
                "Give a minimum age of 0 days or more and a maximum no smaller than it.",
            )


@dataclass(frozen=True)
class FilterOptions:
    """Choices for the queue filters: channels, dealers and regions (id, code, name, name_zh;
    dealers also status: only active ones take tickets)."""

    channels: pd.DataFrame
    dealers: pd.DataFrame
    regions: pd.DataFrame


def filter_options(bind: Bind) -> FilterOptions:
    with connected(bind) as conn:
        channels, regions = (
            _frame(conn, select(m.id, m.code, m.name, m.name_zh).order_by(m.code))
            for m in (Channel, Region)
        )
        dealers = _frame(
            conn,
            select(Dealer.id, Dealer.code, Dealer.name, Dealer.name_zh, Dealer.status).order_by(
                Dealer.code
            ),
        )
    return FilterOptions(channels, dealers, regions)


_DEALER_CITY = aliased(City)
_ORDER_CITY = aliased(City)
_CUSTOMER_CITY = aliased(City)


def _region_id():
    """A ticket's region: its dealer's, else the city of its order, else of its customer."""
    return func.coalesce(Dealer.region_id, _ORDER_CITY.region_id, _CUSTOMER_CITY.region_id)


def _raw(column, name: str | None = None):
    """The column without SQLAlchemy's per-value conversion (parsing SQLite datetimes, checking
    enum values: microseconds per value, seconds over a two-year report); `_frame` converts the
    whole column at once instead."""
    return type_coerce(column, String).label(name or column.key)


def _region_joins(stmt: Select) -> Select:
    """Joins from service_tickets that `_region_id()` needs (dealer, order city, customer city)."""
    return (
        stmt.outerjoin(Dealer, Dealer.id == ServiceTicket.dealer_id)
        .outerjoin(Order, Order.id == ServiceTicket.order_id)
        .outerjoin(_ORDER_CITY, _ORDER_CITY.id == Order.city_id)
        .outerjoin(Customer, Customer.id == ServiceTicket.customer_id)
        .outerjoin(_CUSTOMER_CITY, _CUSTOMER_CITY.id == Customer.city_id)
    )


_TICKET_DATES = ("opened_at", "first_response_at", "resolved_at", "closed_at")
_CORE_COLUMNS = (
    ServiceTicket.id.label("ticket_id"),
    ServiceTicket.code,
    *(_raw(getattr(ServiceTicket, name)) for name in _TICKET_DATES),
    _raw(ServiceTicket.status),
    _raw(ServiceTicket.priority),
    _raw(ServiceTicket.category),
    ServiceTicket.reopened_count,
    ServiceTicket.channel_id,
    ServiceTicket.dealer_id,
)
"""What the KPIs need of a ticket; names come from small lookups (`_add_names`)."""
_QUEUE_COLUMNS = (
    *_CORE_COLUMNS,
    ServiceTicket.version,
    ServiceTicket.escalated,
    ServiceTicket.subject,
    ServiceTicket.customer_id,
    Customer.code.label("customer_code"),
    Customer.name.label("customer_name"),
    ServiceTicket.order_id,
)


def _queue_conditions(filters: QueueFilters, now: datetime) -> list:
    t = ServiceTicket
    conditions = []
    for column, values in (
        (t.channel_id, filters.channel_ids),
        (t.dealer_id, filters.dealer_ids),
        (_region_id(), filters.region_ids),
        (t.category, filters.categories),
        (t.priority, filters.priorities),
        (t.status, filters.statuses),
    ):
        if values:
            conditions.append(column.in_(list(values)))
    if filters.unassigned_only:
        conditions.append(t.dealer_id.is_(None))
    if filters.min_age_days is not None:
        conditions.append(t.opened_at <= now - timedelta(days=filters.min_age_days))
    if filters.max_age_days is not None:
        conditions.append(t.opened_at >= now - timedelta(days=filters.max_age_days))
    return conditions


def _queue_ids(filters: QueueFilters, now: datetime) -> Select:
    stmt = select(ServiceTicket.id).select_from(ServiceTicket)
    if filters.region_ids:
        stmt = _region_joins(stmt)
    return stmt.where(*_queue_conditions(filters, now))


def _queue_select(filters: QueueFilters, now: datetime) -> Select:
    region = aliased(Region)
    stmt = _region_joins(select(*_QUEUE_COLUMNS).select_from(ServiceTicket))
    return (
        stmt.join(Channel, Channel.id == ServiceTicket.channel_id)
        .outerjoin(region, region.id == _region_id())
        .add_columns(
            Channel.code.label("channel"),
            Channel.name.label("channel_name"),
            Channel.name_zh.label("channel_name_zh"),
            Dealer.code.label("dealer"),
            Dealer.name.label("dealer_name"),
            Dealer.name_zh.label("dealer_name_zh"),
            region.id.label("region_id"),
            region.code.label("region"),
            region.name.label("region_name"),
            region.name_zh.label("region_name_zh"),
        )
        .where(*_queue_conditions(filters, now))
        .order_by(ServiceTicket.id)
    )


def _add_names(conn: Connection, tickets: pd.DataFrame) -> pd.DataFrame:
    """channel / dealer code, name and name_zh columns from the tickets' channel_id, dealer_id."""
    for model, key in ((Channel, "channel"), (Dealer, "dealer")):
        names = _frame(conn, select(model.id, model.code, model.name, model.name_zh))
        names = names.set_index("id")
        ids = tickets[f"{key}_id"]
        for column, target in (
            ("code", key),
            ("name", f"{key}_name"),
            ("name_zh", f"{key}_name_zh"),
        ):
            tickets[target] = ids.map(names[column]).astype("string")
    return tickets


def _histories(conn: Connection, ticket_ids: Select, *, authors: bool = False) -> pd.DataFrame:
    h = TicketStatusChange
    stmt = (
        select(h.ticket_id, _raw(h.changed_at), _raw(h.status))
        .where(h.ticket_id.in_(ticket_ids.scalar_subquery()))
        .order_by(h.ticket_id, h.changed_at, h.id)
    )
    if authors:
        stmt = stmt.add_columns(h.changed_by)
    return _frame(conn, stmt, dates=("changed_at",))


def status_histories(
    bind: Bind, filters: QueueFilters | None = None, now: datetime | None = None
) -> pd.DataFrame:
    """Status changes (ticket_id, changed_at, status, changed_by) of the tickets the filters
    select — by default every open ticket — ordered by ticket, time, then insertion."""
    filters = filters or QueueFilters()
    filters.check()
    with connected(bind) as conn:
        ids = _queue_ids(filters, now or service_now(conn))
        return _histories(conn, ids, authors=True)


def _clock_now(now: datetime, history: pd.DataFrame) -> datetime:
    """sla_batch refuses changes after now: a clock reads at least the latest change."""
    if history.empty:
        return now
    return max(now, history["changed_at"].max().to_pydatetime())


def sla_readings(
    tickets: pd.DataFrame, history: pd.DataFrame, setup: SlaSetup, now: datetime
) -> pd.DataFrame:
    """Both SLA clocks per ticket (sla_batch columns, row for row with `tickets`), keyed by
    ticket code so that a refusal names the ticket as users know it."""
    codes = tickets.set_index("ticket_id")["code"]
    keyed = history.assign(ticket_id=history["ticket_id"].map(codes))
    clocks = sla_service.sla_batch(
        tickets[["code", "priority", "category", "channel", "opened_at", "first_response_at"]]
        .rename(columns={"code": "ticket_id"})
        .reset_index(drop=True),
        keyed,
        setup.policy,
        setup.calendar,
        _clock_now(now, history),
    )
    clocks["ticket_id"] = tickets["ticket_id"].to_numpy()
    return clocks


def overall_state(clocks: pd.DataFrame) -> np.ndarray:
    """SLA_STATES per ticket from the two clocks: breached > at risk > met (both) > on track."""
    fr, res = clocks["first_response_state"], clocks["resolution_state"]
    return np.select(
        [
            (fr == "breached") | (res == "breached"),
            (fr == "at_risk") | (res == "at_risk"),
            (fr == "met") & (res == "met"),
        ],
        ["breached", "at_risk", "met"],
        "on_track",
    )


def _next_due(clocks: pd.DataFrame) -> pd.Series:
    """The earlier due time of the clocks still running (NaT when both stopped)."""
    fr = clocks["first_response_due"].where(~clocks["first_response_stopped"])
    res = clocks["resolution_due"].where(~clocks["resolution_stopped"])
    return pd.concat([fr, res], axis=1).min(axis=1).astype("datetime64[s]")


QUEUE_ORDER = {"breached": 0, "at_risk": 1, "on_track": 2, "met": 3}


def ticket_queue(
    bind: Bind,
    filters: QueueFilters | None = None,
    *,
    setup: SlaSetup | None = None,
    now: datetime | None = None,
    show_pii: bool = False,
) -> pd.DataFrame:
    """The tickets the filters select with their SLA clocks, most urgent first (breached, at
    risk, then by next due time). Customer names are masked unless `show_pii`.

    Columns: ticket_id, code, version, opened_at, age_days, status, priority, category,
    escalated, reopened_count, subject, first_response_at, resolved_at, closed_at, channel_id,
    channel, channel_name(_zh), dealer_id, dealer, dealer_name(_zh), region_id, region,
    region_name(_zh), customer_id, customer_code, customer_name, order_id, sla_state, next_due,
    paused, first_response_{state,due,used}, resolution_{state,due,used}.
    """
    filters = filters or QueueFilters()
    filters.check()
    with connected(bind) as conn:
        now = now or service_now(conn)
        setup = setup or load_sla_setup(conn)
        tickets = _frame(conn, _queue_select(filters, now), dates=_TICKET_DATES)
        history = _histories(conn, _queue_ids(filters, now))
    clocks = sla_readings(tickets, history, setup, now)
    tickets["age_days"] = (pd.Timestamp(now) - tickets["opened_at"]).dt.total_seconds() / 86_400
    tickets["sla_state"] = pd.array(overall_state(clocks), dtype="string")
    tickets["next_due"] = _next_due(clocks).to_numpy()
    tickets["paused"] = clocks["resolution_paused"].to_numpy()
    for clock in ("first_response", "resolution"):
        for part in ("state", "due", "used"):
            tickets[f"{clock}_{part}"] = clocks[f"{clock}_{part}"].to_numpy()
    tickets["escalated"] = tickets["escalated"].astype(bool)
    if not show_pii:
        tickets["customer_name"] = mask_series(tickets["customer_name"], "name")
    return filter_queue(tickets, QueueFilters(statuses=(), sla_states=filters.sla_states))


def filter_queue(queue: pd.DataFrame, filters: QueueFilters) -> pd.DataFrame:
    """The rows of a loaded queue that `filters` select, most urgent first — the same rows
    `ticket_queue(bind, filters)` returns when `queue` was loaded with wider filters at the
    same `now`. Lets the panel narrow the queue in memory instead of asking the database."""
    filters.check()
    keep = pd.Series(True, index=queue.index)
    for column, values in (
        ("channel_id", filters.channel_ids),
        ("dealer_id", filters.dealer_ids),
        ("region_id", filters.region_ids),
        ("category", filters.categories),
        ("priority", filters.priorities),
        ("status", filters.statuses),
        ("sla_state", filters.sla_states),
    ):
        if values:
            keep &= queue[column].isin(list(values)).fillna(False).astype(bool)
    if filters.unassigned_only:
        keep &= queue["dealer_id"].isna()
    if filters.min_age_days is not None:
        keep &= queue["age_days"] >= filters.min_age_days
    if filters.max_age_days is not None:
        keep &= queue["age_days"] <= filters.max_age_days
    chosen = queue[keep]
    return (
        chosen.assign(_urgency=chosen["sla_state"].map(QUEUE_ORDER))
        .sort_values(["_urgency", "next_due", "opened_at"], kind="mergesort", na_position="last")
        .drop(columns="_urgency")
        .reset_index(drop=True)
    )


# -- KPIs and reports ------------------------------------------------------------------------


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError(
            f"The period ends ({end}) before it starts ({start}).",
            "Give a --to date on or after the --from date.",
        )


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())


def _with_breach_flags(
    conn: Connection, conditions: list, setup: SlaSetup, now: datetime
) -> pd.DataFrame:
    stmt = select(*_CORE_COLUMNS).where(*conditions).order_by(ServiceTicket.id)
    tickets = _add_names(conn, _frame(conn, stmt, dates=_TICKET_DATES))
    history = _histories(conn, select(ServiceTicket.id).where(*conditions))
    clocks = sla_readings(tickets, history, setup, now)
    solved = tickets["status"].isin(sla_service.STOP_STATUSES)
    # A ticket closed without a recorded resolution time was resolved when it was closed.
    tickets["resolved_at"] = tickets["resolved_at"].where(
        ~solved | tickets["resolved_at"].notna(), tickets["closed_at"]
    )
    tickets["first_response_breached"] = clocks["first_response_breached"].to_numpy()
    tickets["resolution_breached"] = clocks["resolution_breached"].to_numpy()
    tickets["sla_state"] = pd.array(overall_state(clocks), dtype="string")
    return tickets


def kpi_tickets(
    bind: Bind,
    start: date,
    end: date,
    *,
    setup: SlaSetup | None = None,
    now: datetime | None = None,
) -> pd.DataFrame:
    """One row per ticket opened from `start` to `end` (inclusive): ticket_id, code, opened_at,
    first_response_at, resolved_at, closed_at, status, priority, category, reopened_count,
    channel_id, dealer_id, channel, channel_name(_zh), dealer, dealer_name(_zh) plus
    first_response_breached, resolution_breached and sla_state as of `now` — the input of
    console.services.service_kpis."""
    _check_period(start, end)
    first, after = _day_bounds(start, end)
    with connected(bind) as conn:
        now = now or service_now(conn)
        setup = setup or load_sla_setup(conn)
        period = [ServiceTicket.opened_at >= first, ServiceTicket.opened_at < after]
        return _with_breach_flags(conn, period, setup, now)


def _dimension_names(tickets: pd.DataFrame, by: str) -> pd.DataFrame:
    """code -> name, name_zh of the values of a report dimension."""
    if by == "category":
        return pd.DataFrame(
            [(code, *names) for code, names in CATEGORY_NAMES.items()],
            columns=["category", "name", "name_zh"],
        )
    names = tickets[[by, f"{by}_name", f"{by}_name_zh"]].dropna(subset=[by]).drop_duplicates(by)
    return names.set_axis([by, "name", "name_zh"], axis=1)


def kpi_table(tickets: pd.DataFrame, by: str, calendar: BusinessCalendar) -> pd.DataFrame:
    """KPIs by dealer, channel or category with a last row (all): columns by, name, name_zh and
    KPI_COLUMNS. Tickets without a dealer form the row (none)."""
    if by not in REPORT_DIMENSIONS:
        raise ValidationError(
            f"Cannot report service KPIs by {by!r}.", f"Use one of {', '.join(REPORT_DIMENSIONS)}."
        )
    kpis = kpis_by(tickets, by, calendar, include_total=True)
    names = _dimension_names(tickets, by).astype({by: "string"})
    table = kpis.merge(names, on=by, how="left")
    for value, english, chinese in ((NO_VALUE, "No dealer", "无经销商"), (TOTAL, "All", "全部")):
        row = table[by] == value
        table.loc[row, "name"] = english
        table.loc[row, "name_zh"] = chinese
    return table[[by, "name", "name_zh", *KPI_COLUMNS]]


def sla_report(
    bind: Bind,
    by: str,
    start: date,
    end: date,
    *,
    setup: SlaSetup | None = None,
    now: datetime | None = None,
) -> pd.DataFrame:
    """`hq-console report sla` and the panel's KPI table: kpi_table over kpi_tickets."""
    with connected(bind) as conn:
        setup = setup or load_sla_setup(conn)
        tickets = kpi_tickets(conn, start, end, setup=setup, now=now)
    return kpi_table(tickets, by, setup.calendar)


def promotion_days(start: date, end: date) -> list[date]:
    """The shopping festivals (PROMOTION_DAYS) from `start` to `end`, to mark on charts."""
    days = [date(y, m, d) for y in range(start.year, end.year + 1) for m, d in PROMOTION_DAYS]
    return [day for day in days if start <= day <= end]


@dataclass(frozen=True)
class ServiceDashboard:
    """Everything the panel's KPI tab draws for one period (tickets opened in it)."""

    start: date
    end: date
    now: datetime
    tickets: pd.DataFrame  # kpi_tickets
    kpis: dict[str, pd.DataFrame]  # REPORT_DIMENSIONS -> kpi_table
    backlog: pd.DataFrame  # date, open_tickets
    inflow: pd.DataFrame  # week_start, category, tickets
    ranking: pd.DataFrame  # rank, dealer, name, name_zh, KPI_COLUMNS
    promotions: list[date] = field(default_factory=list)


def service_dashboard(
    bind: Bind,
    start: date,
    end: date,
    *,
    setup: SlaSetup | None = None,
    now: datetime | None = None,
    min_tickets: int = 5,
) -> ServiceDashboard:
    """KPI tables by dealer/channel/category, backlog per day, weekly inflow by category and
    the dealer ranking for tickets opened in the period (backlog: every ticket open then)."""
    _check_period(start, end)
    first, after = _day_bounds(start, end)
    with connected(bind) as conn:
        now = now or service_now(conn)
        setup = setup or load_sla_setup(conn)
        tickets = kpi_tickets(conn, start, end, setup=setup, now=now)
        # The backlog needs every ticket that may be open at a midnight of the period: opened
        # before its end and open now or changed since its start (the others kept, all
        # period long, the status they have now: solved). Their changes tell when.
        t, h = ServiceTicket, TicketStatusChange
        changed = select(h.ticket_id).where(h.changed_at >= first)
        in_backlog = [
            t.opened_at < after,
            or_(t.status.in_(OPEN_TICKET_STATUSES), t.id.in_(changed.scalar_subquery())),
        ]
        backlog_tickets = _frame(
            conn,
            select(t.id.label("ticket_id"), t.opened_at).where(*in_backlog),
            dates=("opened_at",),
        )
        backlog_history = _histories(conn, select(t.id).where(*in_backlog))
    calendar = setup.calendar
    ranking = dealer_ranking(tickets, calendar, min_tickets=min_tickets)
    names = _dimension_names(tickets, "dealer").astype({"dealer": "string"})
    ranking = ranking.merge(names, on="dealer", how="left")
    return ServiceDashboard(
        start=start,
        end=end,
        now=now,
        tickets=tickets,
        kpis={by: kpi_table(tickets, by, calendar) for by in REPORT_DIMENSIONS},
        backlog=backlog_over_time(backlog_tickets, backlog_history, start, end),
        inflow=weekly_inflow(tickets, "category", start, end),
        ranking=ranking[["rank", "dealer", "name", "name_zh", *KPI_COLUMNS]],
        promotions=promotion_days(start, end),
    )


# -- ticket actions -------------------------------------------------------------------------

SessionFactory = Callable[[], Session]
_REOPENABLE = frozenset({"resolved", "closed"})


def _load_for_change(session: Session, ticket_id: int, seen_version: int) -> ServiceTicket:
    ticket = session.get(ServiceTicket, ticket_id)
    if ticket is None:
        raise UserError(
            f"Ticket {ticket_id} does not exist (any more).", "Refresh the queue and try again."
        )
    if ticket.version != seen_version:
        raise ConflictError(
            f"Ticket {ticket.code} was changed by somebody else after you loaded it "
            f"(version {ticket.version}, you saw {seen_version}).",
            "Reload the ticket to see the current values, then apply your change again.",
            stored=snapshot(ticket),
            mine={"id": ticket_id, "version": seen_version},
        )
    return ticket


def _add_status(
    session: Session, ticket: ServiceTicket, status: str, at: datetime, by: str
) -> None:
    session.add(
        TicketStatusChange(ticket_id=ticket.id, status=status, changed_at=at, changed_by=by)
    )
    ticket.status = status


def _change_time(session: Session, ticket: ServiceTicket, at: datetime | None) -> datetime:
    """When a change happens: `at`, or now (never before the ticket's latest change)."""
    latest = session.scalar(
        select(func.max(TicketStatusChange.changed_at)).where(
            TicketStatusChange.ticket_id == ticket.id
        )
    )
    floor = max(filter(None, [latest, ticket.opened_at]))
    if at is None:
        return max(service_now(session.connection()), floor)
    if at < floor:
        raise ValidationError(
            f"The status change at {at:%Y-%m-%d %H:%M} would come before ticket {ticket.code}'s "
            f"latest change ({floor:%Y-%m-%d %H:%M}); the history must stay in time order.",
            "Give a time at or after the latest change.",
            problems=[("changed_at", at.isoformat())],
        )
    return at


def assign_ticket(
    sessions: SessionFactory, user: CurrentUser, ticket_id: int, dealer_id: int, seen_version: int
) -> dict:
    """Give the ticket to an active dealer; a new ticket becomes 'assigned'. Returns the
    ticket's values after the change (with its new version)."""
    with unit_of_work(sessions, user, "tickets.edit") as uow:
        ticket = _load_for_change(uow.session, ticket_id, seen_version)
        dealer = uow.session.get(Dealer, dealer_id)
        if dealer is None or dealer.status != "active":
            raise UserError(
                f"Dealer {dealer_id if dealer is None else dealer.code} cannot take tickets "
                f"({'it does not exist' if dealer is None else 'it is ' + dealer.status}).",
                "Choose an active dealer.",
            )
        if ticket.dealer_id == dealer_id:
            raise UserError(
                f"Ticket {ticket.code} is already assigned to {dealer.code}.",
                "Choose another dealer.",
            )
        when = _change_time(uow.session, ticket, None)  # queries first: one UPDATE, one version
        before = snapshot(ticket)
        ticket.dealer_id = dealer_id
        if ticket.status == "new":
            _add_status(uow.session, ticket, "assigned", when, user.username)
        uow.session.flush()
        after = snapshot(ticket)
        uow.audit("ticket.assign", "service_ticket", ticket.id, before, after)
    return after


def escalate_ticket(
    sessions: SessionFactory,
    user: CurrentUser,
    ticket_id: int,
    seen_version: int,
    priority: str | None = None,
) -> dict:
    """Mark the ticket escalated, optionally raising its priority (which tightens its SLA)."""
    with unit_of_work(sessions, user, "tickets.edit") as uow:
        ticket = _load_for_change(uow.session, ticket_id, seen_version)
        if priority is not None and priority not in TICKET_PRIORITIES:
            raise ValidationError(
                f"Priority {priority!r} is unknown.", f"Use one of {', '.join(TICKET_PRIORITIES)}."
            )
        if ticket.status in _REOPENABLE:
            raise UserError(
                f"Ticket {ticket.code} is {ticket.status}; only open tickets can be escalated.",
                "Reopen it first if the customer still needs help.",
            )
        rank = TICKET_PRIORITIES.index
        if priority is not None and rank(priority) < rank(ticket.priority):
            raise UserError(
                f"Escalating ticket {ticket.code} cannot lower its priority "
                f"from {ticket.priority} to {priority}.",
                "Keep the priority or choose a higher one.",
            )
        if ticket.escalated and priority in (None, ticket.priority):
            raise UserError(
                f"Ticket {ticket.code} is already escalated.",
                "Choose a higher priority to escalate it further.",
            )
        before = snapshot(ticket)
        ticket.escalated = True
        if priority is not None:
            ticket.priority = priority
        uow.session.flush()
        after = snapshot(ticket)
        uow.audit("ticket.escalate", "service_ticket", ticket.id, before, after)
    return after


def allowed_statuses(current: str) -> tuple[str, ...]:
    """Where a ticket may go from `current`: a solved ticket only to closed / reopened; an open
    one to any other open status or solved; never back to new."""
    if current == "closed":
        return ("reopened",)
    if current == "resolved":
        return ("closed", "reopened")
    return tuple(s for s in TICKET_STATUSES if s not in (current, "new", "reopened"))


def change_ticket_status(
    sessions: SessionFactory,
    user: CurrentUser,
    ticket_id: int,
    status: str,
    seen_version: int,
    at: datetime | None = None,
) -> dict:
    """Move the ticket to `status` at `at` (default now), recording a TicketStatusChange; the
    first move out of new/assigned is the first response; resolving/closing/reopening keep
    resolved_at, closed_at and reopened_count in step."""
    with unit_of_work(sessions, user, "tickets.edit") as uow:
        ticket = _load_for_change(uow.session, ticket_id, seen_version)
        if status not in allowed_statuses(ticket.status):
            raise UserError(
                f"Ticket {ticket.code} cannot go from {ticket.status} to {status}.",
                f"Choose one of {', '.join(allowed_statuses(ticket.status))}.",
            )
        when = _change_time(uow.session, ticket, at)
        before = snapshot(ticket)
        _add_status(uow.session, ticket, status, when, user.username)
        if ticket.first_response_at is None and status not in ("assigned", "reopened"):
            ticket.first_response_at = when
        if status == "resolved" or (status == "closed" and before["status"] != "resolved"):
            ticket.resolved_at = when
        if status == "closed":
            ticket.closed_at = when
        if status == "reopened":
            ticket.reopened_count += 1
            ticket.closed_at = None
        uow.session.flush()
        after = snapshot(ticket)
        uow.audit("ticket.status", "service_ticket", ticket.id, before, after)
    return after


# -- customer 360 ----------------------------------------------------------------------------


def _customer_family(conn: Connection, customer_id: int) -> tuple[int, list[int]]:
    """The surviving customer of `customer_id` (following merges) and every id merged into it."""
    seen: set[int] = set()
    current = customer_id
    while current not in seen:
        seen.add(current)
        merged_into = conn.scalar(select(Customer.merged_into_id).where(Customer.id == current))
        if merged_into is None:
            break
        current = merged_into
    family, frontier = {current}, [current]
    while frontier:
        children = conn.scalars(
            select(Customer.id).where(Customer.merged_into_id.in_(frontier))
        ).all()
        frontier = [c for c in children if c not in family]
        family.update(frontier)
    return current, sorted(family)


def find_customers(
    bind: Bind, text: str, *, limit: int = 50, show_pii: bool = False
) -> pd.DataFrame:
    """Customers whose code, name (either script) or phone / e-mail / member card matches
    `text` (a phone matches on its digits): customer_id, code, name, city, first_seen_at."""
    needle = text.strip()
    if not needle:
        raise UserError(
            "The customer search is empty.",
            "Type part of a name, a customer code, a phone number or an e-mail.",
        )
    digits = "".join(ch for ch in needle if ch.isdigit())
    pattern = f"%{needle.lower()}%"
    by_identity = select(CustomerIdentity.customer_id).where(
        or_(
            func.lower(CustomerIdentity.normalized_value) == needle.lower(),
            *([CustomerIdentity.normalized_value.like(f"%{digits}")] if len(digits) >= 7 else []),
        )
    )
    stmt = (
        select(
            Customer.id.label("customer_id"),
            Customer.code,
            Customer.name,
            City.name.label("city"),
            City.name_zh.label("city_zh"),
            Customer.first_seen_at,
        )
        .outerjoin(City, City.id == Customer.city_id)
        .where(
            Customer.merged_into_id.is_(None),
            or_(
                func.lower(Customer.code) == needle.lower(),
                func.lower(Customer.name).like(pattern),
                func.lower(Customer.name_en).like(pattern),
                Customer.id.in_(by_identity.scalar_subquery()),
            ),
        )
        .order_by(Customer.code)
        .limit(limit)
    )
    with connected(bind) as conn:
        found = _frame(conn, stmt, dates=("first_seen_at",))
    if not show_pii:
        found["name"] = mask_series(found["name"], "name")
    return found


@dataclass(frozen=True)
class Customer360:
    """One customer across channels. `customer`: the stored record (name masked unless PII
    may be shown); `identities`: one row per identity in any channel; `timeline`: orders,
    interactions and tickets, newest first; `merged_ids`: the customer and every record merged
    into it. The value segment comes separately (`customer_value`): it ranks the whole base."""

    customer: dict
    identities: pd.DataFrame
    timeline: pd.DataFrame
    merged_ids: list[int]


TIMELINE_COLUMNS = (
    "at",
    "kind",  # order / interaction / ticket
    "detail",  # order status, interaction kind, ticket category
    "reference",  # order number, ticket code
    "status",
    "amount",
    "channel",
    "channel_name",
    "channel_name_zh",
    "dealer",
    "dealer_name",
    "dealer_name_zh",
    "store_name",
    "store_name_zh",
    "record_id",  # orders.id / interactions.id / service_tickets.id
)


def _timeline(conn: Connection, ids: list[int]) -> pd.DataFrame:
    store = aliased(Location)

    def part(kind, table, at, detail, reference, status, amount, dealer_id, store_id, owner):
        return (
            select(
                at.label("at"),
                literal(kind, String).label("kind"),
                type_coerce(detail, String).label("detail"),  # different enums per part
                reference.label("reference"),
                type_coerce(status, String).label("status"),
                amount.label("amount"),
                Channel.code.label("channel"),
                Channel.name.label("channel_name"),
                Channel.name_zh.label("channel_name_zh"),
                Dealer.code.label("dealer"),
                Dealer.name.label("dealer_name"),
                Dealer.name_zh.label("dealer_name_zh"),
                store.name.label("store_name"),
                store.name_zh.label("store_name_zh"),
                table.id.label("record_id"),
            )
            .select_from(table)
            .join(Channel, Channel.id == table.channel_id)
            .outerjoin(store, store.id == store_id)
            .outerjoin(Dealer, Dealer.id == dealer_id)
            .where(owner.in_(ids))
        )

    text, amount, key = cast(null(), String), cast(null(), Numeric(14, 2)), cast(null(), Integer)
    orders = part(
        "order",
        Order,
        Order.placed_at,
        Order.status,
        Order.order_no,
        Order.status,
        Order.net_amount,
        Order.fulfilling_dealer_id,
        Order.store_id,
        Order.customer_id,
    )
    interactions = part(
        "interaction",
        Interaction,
        Interaction.occurred_at,
        Interaction.kind,
        text,
        text,
        amount,
        store.dealer_id,
        Interaction.store_id,
        Interaction.customer_id,
    )
    tickets = part(
        "ticket",
        ServiceTicket,
        ServiceTicket.opened_at,
        ServiceTicket.category,
        ServiceTicket.code,
        ServiceTicket.status,
        amount,
        ServiceTicket.dealer_id,
        key,
        ServiceTicket.customer_id,
    )
    union = union_all(orders, interactions, tickets).subquery()
    stmt = select(*union.c).order_by(union.c.at.desc(), union.c.kind, union.c.record_id)
    frame = _frame(conn, stmt, dates=("at",))
    frame["amount"] = pd.to_numeric(frame["amount"]).astype("float64")
    return frame[list(TIMELINE_COLUMNS)]


def _identities(conn: Connection, ids: list[int], show_pii: bool) -> pd.DataFrame:
    """Identities of the customer: resolved to it, or found on its channel profiles."""
    i = CustomerIdentity
    via_profiles = (
        select(ProfileIdentity.identity_id)
        .join(CustomerProfile, CustomerProfile.id == ProfileIdentity.profile_id)
        .where(CustomerProfile.customer_id.in_(ids))
    )
    stmt = (
        select(
            i.id.label("identity_id"),
            i.type,
            i.raw_value.label("value"),
            Channel.code.label("channel"),
            Channel.name.label("channel_name"),
            Channel.name_zh.label("channel_name_zh"),
            i.first_seen_at,
            i.flagged_shared,
        )
        .outerjoin(Channel, Channel.id == i.channel_id)
        .where(or_(i.customer_id.in_(ids), i.id.in_(via_profiles.scalar_subquery())))
        .order_by(Channel.code, i.type, i.id)
    )
    frame = _frame(conn, stmt, dates=("first_seen_at",))
    frame["flagged_shared"] = frame["flagged_shared"].astype(bool)
    if not show_pii:
        frame["value"] = mask_series(frame["value"], frame["type"])
    return frame


def customer_360(bind: Bind, customer_id: int, *, show_pii: bool = False) -> Customer360:
    """The whole history of one customer (merged customers included) as one timeline."""
    first_channel = aliased(Channel)
    with connected(bind) as conn:
        survivor, family = _customer_family(conn, customer_id)
        row = conn.execute(
            select(
                Customer.id,
                Customer.code,
                Customer.name,
                Customer.name_en,
                Customer.gender,
                Customer.birth_date,
                City.name.label("city"),
                City.name_zh.label("city_zh"),
                first_channel.name.label("first_channel"),
                first_channel.name_zh.label("first_channel_zh"),
                Customer.first_seen_at,
                Dealer.code.label("captured_dealer"),
                Dealer.name.label("captured_dealer_name"),
                Dealer.name_zh.label("captured_dealer_name_zh"),
            )
            .outerjoin(City, City.id == Customer.city_id)
            .outerjoin(first_channel, first_channel.id == Customer.first_channel_id)
            .outerjoin(Dealer, Dealer.id == Customer.captured_dealer_id)
            .where(Customer.id == survivor)
        ).first()
        if row is None:
            raise UserError(
                f"Customer {customer_id} does not exist.", "Search for the customer again."
            )
        identities = _identities(conn, family, show_pii)
        timeline = _timeline(conn, family)
    customer = dict(row._mapping)
    if not show_pii:
        for key in ("name", "name_en"):
            if customer[key] is not None:  # a customer known by an account only has no name
                customer[key] = mask_series(pd.Series([customer[key]]), "name").iloc[0]
        customer["birth_date"] = None
    return Customer360(customer, identities, timeline, family)


# -- value segment of one customer -----------------------------------------------------------


@dataclass(frozen=True)
class CustomerValue:
    """One customer's value as the segments panel scores it on the same as-of date (the day
    after the last counted order): RFM scores and segment (None when the customer bought
    nothing before `as_of`), the omnichannel value index and the channel types it counts."""

    customer_id: int
    as_of: date
    buyers: int  # customers ranked for R/F/M
    segment: str | None
    r: int | None
    f: int | None
    m: int | None
    value_index: float
    channel_types: tuple[str, ...]


def _quintile_of_rank(rank: int, n: int) -> int:
    """rfm.quintile for one customer whose rank(method="first") among n customers is `rank`."""
    edges = 1 + np.array([0.2, 0.4, 0.6, 0.8]) * max(n - 1, 0)
    return int(np.searchsorted(edges, rank, side="left")) + 1


def _rfm_ranks(
    conn: Connection, customer_id: int, as_of: date, counted: ColumnElement[bool]
) -> tuple[int, int, int, int]:
    """(buyers, recency rank, frequency rank, monetary rank) of the customer among the buyers,
    in one aggregated query: rfm_scores ranks with ties going to the lower customer id, and
    recency ranks the latest last order first. Ranks are 0 when the customer bought nothing."""
    day = day_number(Order.placed_at, conn.dialect.name)
    cents = cast(func.round(func.sum(Order.net_amount - Order.returned_amount) * 100), BigInteger)
    per_customer = (
        select(
            Order.customer_id.label("customer"),
            func.max(day).label("last_day"),
            func.count().label("frequency"),
            cents.label("cents"),
        )
        .where(Order.customer_id.is_not(None), counted, Order.placed_at < _midnight(as_of))
        .group_by(Order.customer_id)
        .cte("per_customer")
    )
    them, me = per_customer.alias("them"), per_customer.alias("me")

    def rank(column: str, *, larger_first: bool = False):
        ahead = them.c[column] > me.c[column] if larger_first else them.c[column] < me.c[column]
        tie = and_(them.c[column] == me.c[column], them.c.customer <= me.c.customer)
        return func.coalesce(func.sum(case((or_(ahead, tie), 1), else_=0)), 0)

    buyers = select(func.count()).select_from(per_customer).scalar_subquery()
    row = conn.execute(
        select(
            buyers,
            rank("last_day", larger_first=True),
            rank("frequency"),
            rank("cents"),
        )
        .select_from(them)
        .join(me, me.c.customer == customer_id)
    ).one()
    return tuple(int(value or 0) for value in row)


def _own_activity(
    conn: Connection, customer_id: int, as_of: date, counted: ColumnElement[bool]
) -> tuple[float, int, set[str]]:
    """(net spend, interactions, channel types) of one customer before `as_of`, counted as
    console.db.queries.segments.customer_aggregates counts them."""
    before = _midnight(as_of)
    spend = conn.scalar(
        select(func.sum(Order.net_amount - Order.returned_amount)).where(
            Order.customer_id == customer_id, counted, Order.placed_at < before
        )
    )
    touches = conn.scalar(
        select(func.count()).where(
            Interaction.customer_id == customer_id, Interaction.occurred_at < before
        )
    )
    ordered = select(Order.channel_id.label("channel_id")).where(
        Order.customer_id == customer_id, counted, Order.placed_at < before
    )
    engaged = select(Interaction.channel_id.label("channel_id")).where(
        Interaction.customer_id == customer_id, Interaction.occurred_at < before
    )
    used = union_all(ordered, engaged).subquery()
    types = conn.scalars(
        select(Channel.type).distinct().join(used, used.c.channel_id == Channel.id)
    ).all()
    return float(spend or 0), int(touches or 0), set(types) & set(CHANNEL_TYPES)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def customer_value(bind: Bind, customer_id: int, as_of: date | None = None) -> CustomerValue:
    """The value segment, R/F/M, value index and active channel types of one customer (the
    survivor, when it was merged), without scoring or storing the whole base: R/F/M come from
    the customer's ranks among all buyers (`_rfm_ranks`), the same numbers as
    console.db.queries.segments.score_customers gives for that customer."""
    from console.db.queries import segments  # imports scipy (CLV): only when asked

    with connected(bind) as conn:
        survivor, _ = _customer_family(conn, customer_id)
        as_of = as_of or segments.default_as_of(conn)
        buyers, r_rank, f_rank, m_rank = _rfm_ranks(conn, survivor, as_of, segments.COUNTED)
        spend, touches, types = _own_activity(conn, survivor, as_of, segments.COUNTED)
    channel_types = tuple(t for t in CHANNEL_TYPES if t in types)
    index = float(value_index(spend, len(channel_types), touches)[()])
    if not r_rank:
        return CustomerValue(survivor, as_of, buyers, None, None, None, None, index, channel_types)
    r = 6 - _quintile_of_rank(r_rank, buyers)
    f = _quintile_of_rank(f_rank, buyers)
    m = _quintile_of_rank(m_rank, buyers)
    segment = str(SEGMENT_GRID[r - 1, f - 1])
    return CustomerValue(survivor, as_of, buyers, segment, r, f, m, index, channel_types)
