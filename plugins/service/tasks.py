"""Work the panel runs off the GUI thread (`ctx.run`): each function takes `task` (the
TaskControl) and returns plain data for the views. Writes take `ctx.sessions` (a session
factory): console.db.queries.service checks the role, the version and writes the audit row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from console.api import CurrentUser
from console.db.queries import service as queries

Sessions = Callable[[], Session]


@dataclass(frozen=True)
class QueueData:
    """The tickets as loaded (the statuses asked of the database; () = every status) and the
    rows the other filters keep."""

    statuses: tuple[str, ...]
    loaded: pd.DataFrame
    rows: pd.DataFrame
    now: datetime
    policy_source: str

    def covers(self, statuses: tuple[str, ...]) -> bool:
        """Can a filter on `statuses` be answered from the loaded tickets, in memory?"""
        if not self.statuses:
            return True
        return bool(statuses) and set(statuses) <= set(self.statuses)


def load_options(engine: Engine, *, task) -> queries.FilterOptions:
    return queries.filter_options(engine)


def load_queue(engine: Engine, filters: queries.QueueFilters, show_pii: bool, *, task) -> QueueData:
    """Ask the database for the tickets of the chosen statuses, then narrow in memory."""
    task.progress(0, 3)
    now = queries.service_now(engine)
    setup = queries.load_sla_setup(engine)
    task.progress(1, 3)
    loaded = queries.ticket_queue(
        engine,
        queries.QueueFilters(statuses=filters.statuses),
        setup=setup,
        now=now,
        show_pii=show_pii,
    )
    task.progress(2, 3)
    rows = queries.filter_queue(loaded, filters)
    return QueueData(filters.statuses, loaded, rows, now, setup.source)


def narrow_queue(data: QueueData, filters: queries.QueueFilters, *, task) -> QueueData:
    """A filter change the loaded tickets cover: no database round trip."""
    rows = queries.filter_queue(data.loaded, filters)
    return QueueData(data.statuses, data.loaded, rows, data.now, data.policy_source)


def load_dashboard(engine: Engine, start: date, end: date, *, task) -> queries.ServiceDashboard:
    return queries.service_dashboard(engine, start, end)


def find_customers(engine: Engine, text: str, show_pii: bool, *, task) -> pd.DataFrame:
    return queries.find_customers(engine, text, show_pii=show_pii)


def load_customer(engine: Engine, customer_id: int, show_pii: bool, *, task) -> queries.Customer360:
    return queries.customer_360(engine, customer_id, show_pii=show_pii)


def assign(
    sessions: Sessions, user: CurrentUser, ticket_id: int, version: int, dealer_id: int, *, task
) -> dict:
    return queries.assign_ticket(sessions, user, ticket_id, dealer_id, version)


def escalate(
    sessions: Sessions,
    user: CurrentUser,
    ticket_id: int,
    version: int,
    priority: str | None,
    *,
    task,
) -> dict:
    return queries.escalate_ticket(sessions, user, ticket_id, version, priority)


def change_status(
    sessions: Sessions, user: CurrentUser, ticket_id: int, version: int, status: str, *, task
) -> dict:
    return queries.change_ticket_status(sessions, user, ticket_id, status, version)


def load_value(engine: Engine, customer_id: int, *, task) -> queries.CustomerValue:
    """The customer's value segment: it ranks every buyer in SQL (about a second on the demo
    database), so it runs beside `load_customer` instead of holding up the history."""
    return queries.customer_value(engine, customer_id)
