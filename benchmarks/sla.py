"""Service tickets benchmarks: prints measured medians (ms) and ratios to baselines run here.

Run: python benchmarks/sla.py [--db URL]
Each measurement is a function returning printable lines; `MEASUREMENTS` lists them in order.
Budgets from issue 8, on the demo database: the queue's first load <= 1 s, a filter change
<= 300 ms, the SLA states of all open tickets <= 200 ms. The database measurements call the
panel's own tasks (plugins/service/tasks.py), and then time the panel widget itself offscreen
(first rows on screen, a filter choice to new rows on screen). They use --db, or seed the demo
dataset (scale "demo", seed 42) into a temporary SQLite file first (about a minute).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from console.services.business_calendar import china_calendar
from console.services.service_kpis import kpis_by
from console.services.sla import CATEGORIES, PRIORITIES, default_policy, sla_batch, sla_clock

NOW = datetime(2025, 6, 30, 15, 0)
CHANNELS = ("web_shop", "marketplace", "social", "store", "phone")
_FLOW = np.array(
    [
        "assigned",
        "in_progress",
        "waiting_on_customer",
        "in_progress",
        "resolved",
        "reopened",
        "closed",
    ]
)


def synthetic_tickets(
    count: int, *, open_only: bool, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random tickets opened in the 60 days before NOW with 0-6 status changes each."""
    rng = np.random.default_rng(seed)
    now = np.datetime64(NOW, "s")
    opened = now - rng.integers(600, 60 * 86_400, count).astype("timedelta64[s]")
    changes = rng.integers(0, 7, count)
    owner = np.repeat(np.arange(count), changes)
    span = (now - opened).astype(np.int64)[owner]
    fractions = rng.uniform(0, 1, len(owner))
    fractions = fractions[np.lexsort((fractions, owner))]  # ascending within each ticket
    at = opened[owner] + (fractions * span).astype("timedelta64[s]")
    status = _FLOW[rng.integers(0, len(_FLOW), len(owner))]
    last = np.append(owner[1:] != owner[:-1], True)
    if open_only:
        status[last & np.isin(status, ["resolved", "closed"])] = "in_progress"
    history = pd.DataFrame({"ticket_id": owner, "changed_at": at, "status": status})
    first_change = pd.Series(at).groupby(owner).min()
    responded = pd.Series(pd.NaT, index=range(count), dtype="datetime64[s]")
    responded[first_change.index] = first_change.to_numpy()
    tickets = pd.DataFrame(
        {
            "ticket_id": np.arange(count),
            "priority": rng.choice(PRIORITIES, count),
            "category": rng.choice(CATEGORIES, count),
            "channel": rng.choice(CHANNELS, count),
            "dealer": rng.choice([f"D{n:03d}" for n in range(120)], count),
            "opened_at": opened,
            "first_response_at": responded,
        }
    )
    return tickets, history


def _median_ms(work: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _scalar_ms_per_ticket(tickets: pd.DataFrame, history: pd.DataFrame, sample: int) -> float:
    """The baseline: one `sla_clock` call per ticket, timed on a sample."""
    calendar, policy = china_calendar(), default_policy()
    changes = {
        key: list(zip(rows["changed_at"], rows["status"], strict=True))
        for key, rows in history.groupby("ticket_id")
    }
    rows = tickets.head(sample).to_dict("records")

    def run() -> None:
        for row in rows:
            sla_clock(
                [(row["opened_at"], "new"), *changes.get(row["ticket_id"], [])],
                policy,
                calendar,
                NOW,
                priority=row["priority"],
                category=row["category"],
                channel=row["channel"],
                first_response_at=row["first_response_at"],
            )

    return _median_ms(run, repeat=3) / sample


def measure_sla_states(count: int = 5_000) -> list[str]:
    tickets, history = synthetic_tickets(count, open_only=True)
    calendar, policy = china_calendar(), default_policy()
    batch = _median_ms(lambda: sla_batch(tickets, history, policy, calendar, NOW))
    scalar = _scalar_ms_per_ticket(tickets, history, 200) * count
    return [
        f"SLA states of {count:,} open tickets ({len(history):,} status changes): "
        f"median {batch:.1f} ms (budget 200 ms incl. the query)",
        f"  baseline, one sla_clock call per ticket: ~{scalar:,.0f} ms "
        f"(from 200 tickets) -> batch is {scalar / batch:,.0f}x faster",
    ]


def measure_business_time(count: int = 30_000) -> list[str]:
    tickets, _ = synthetic_tickets(count, open_only=False, seed=1)
    calendar = china_calendar("09:00-12:00,13:00-18:00")
    starts = tickets["opened_at"]
    ends = pd.Series(np.datetime64(NOW, "s"), index=tickets.index)
    vectorised = _median_ms(lambda: calendar.business_seconds(starts, ends))
    sample = 500
    pairs = list(zip(starts.head(sample), ends.head(sample), strict=True))
    per_pair = (
        _median_ms(
            lambda: [calendar.business_seconds(start, end) for start, end in pairs], repeat=3
        )
        / sample
    )
    return [
        f"Business time of {count:,} (opened, now) pairs, lunch-break calendar: "
        f"median {vectorised:.1f} ms",
        f"  baseline, one call per pair: ~{per_pair * count:,.0f} ms (from {sample} pairs) "
        f"-> {per_pair * count / vectorised:,.0f}x faster",
    ]


def measure_kpis(count: int = 30_000) -> list[str]:
    tickets, history = synthetic_tickets(count, open_only=False, seed=2)
    calendar, policy = china_calendar(), default_policy()
    clocks = sla_batch(tickets, history, policy, calendar, NOW)
    status = clocks["current_status"].to_numpy(dtype=object)
    solved = np.isin(status, ["resolved", "closed"])
    solved_at = (
        history[history["status"].isin(["resolved", "closed"])]
        .groupby("ticket_id")["changed_at"]
        .max()
        .reindex(tickets["ticket_id"])
        .to_numpy()
    )
    reopened = history[history["status"] == "reopened"].groupby("ticket_id").size()
    frame = tickets.assign(
        status=status,
        resolved_at=np.where(solved, solved_at, np.datetime64("NaT")),
        reopened_count=reopened.reindex(tickets["ticket_id"], fill_value=0).to_numpy(),
        first_response_breached=clocks["first_response_breached"].to_numpy(),
        resolution_breached=clocks["resolution_breached"].to_numpy(),
    )
    sla = _median_ms(lambda: sla_batch(tickets, history, policy, calendar, NOW), repeat=5)
    lines = [f"SLA clocks of {count:,} tickets ({len(history):,} changes): median {sla:.1f} ms"]
    for by in ("channel", "dealer", "category"):
        kpis = _median_ms(lambda by=by: kpis_by(frame, by, calendar), repeat=5)
        lines.append(f"KPIs by {by} over {count:,} tickets: median {kpis:.1f} ms")
    return lines


_DATABASE: dict[str, str | None] = {"url": None}


@cache
def demo_engine():
    """The engine of --db, else of the demo dataset seeded into a temporary SQLite file."""
    from console.db.engine import make_engine

    if _DATABASE["url"]:
        return make_engine(_DATABASE["url"])
    from console.db.demo import seed_demo
    from console.db.migrate import upgrade

    path = Path(tempfile.mkdtemp(prefix="hq-sla-bench-")) / "demo.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    start = time.perf_counter()
    seed_demo(engine, scale="demo", seed=42)
    print(f"(seeded the demo dataset into {path} in {time.perf_counter() - start:.0f} s)")
    return engine


def _verdict(ms: float, budget: float) -> str:
    return f"budget {budget:,.0f} ms: {'OK' if ms <= budget else 'OVER'}"


def _naive_queue(engine, queue: pd.DataFrame) -> None:
    """Baseline: the ORM row by row and one `sla_clock` call per ticket (what a helpdesk
    without a batch clock would do)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from console.db.queries.service import load_sla_setup, service_now
    from console.db.service import ServiceTicket, TicketStatusChange

    with Session(engine) as session:
        setup, now = load_sla_setup(session.connection()), service_now(session.connection())
        for ticket in session.scalars(
            select(ServiceTicket).where(ServiceTicket.id.in_(queue["ticket_id"].tolist()))
        ):
            changes = session.execute(
                select(TicketStatusChange.changed_at, TicketStatusChange.status)
                .where(TicketStatusChange.ticket_id == ticket.id)
                .order_by(TicketStatusChange.changed_at, TicketStatusChange.id)
            ).all()
            sla_clock(
                [(ticket.opened_at, "new"), *changes],
                setup.policy,
                setup.calendar,
                now,
                priority=ticket.priority,
                category=ticket.category,
                first_response_at=ticket.first_response_at,
            )


def _task():
    """What the panel's runner hands its tasks (progress goes nowhere here)."""
    from console.ui.runner import TaskControl

    return TaskControl(lambda done, total, label: None)


def measure_queue_first_load() -> list[str]:
    """Cold, as the panel opens: a new engine, then the panel's own tasks (`load_options`,
    `load_queue`: the clock's now, SLA policies, the open tickets with their clocks)."""
    from console.db.queries.service import QueueFilters
    from plugins.service import tasks

    url = demo_engine().url

    def first_load() -> tasks.QueueData:
        from console.db.engine import make_engine

        engine = make_engine(url)
        try:
            tasks.load_options(engine, task=_task())
            return tasks.load_queue(engine, QueueFilters(), False, task=_task())
        finally:
            engine.dispose()

    queue = first_load().rows
    cold = _median_ms(first_load)
    naive = _median_ms(lambda: _naive_queue(demo_engine(), queue), repeat=3)
    return [
        f"Queue first load ({len(queue):,} open tickets, new connection, policies, filter "
        f"choices): median {cold:.0f} ms ({_verdict(cold, 1000)})",
        f"  baseline, ORM row by row + one sla_clock per ticket: {naive:,.0f} ms "
        f"-> {naive / cold:,.1f}x slower",
    ]


def measure_filter_change() -> list[str]:
    """The panel's tasks: `narrow_queue` (in memory) when the loaded statuses cover the new
    filters, `load_queue` (the database) when the status choice needs tickets not loaded."""
    from console.db.queries.service import QueueFilters
    from plugins.service import tasks

    engine = demo_engine()
    options = tasks.load_options(engine, task=_task())
    loaded = tasks.load_queue(engine, QueueFilters(), False, task=_task())
    changes = [
        QueueFilters(channel_ids=(int(options.channels.id.iloc[0]),)),
        QueueFilters(region_ids=tuple(int(r) for r in options.regions.id.head(2))),
        QueueFilters(categories=("delivery", "damage"), priorities=("high", "urgent")),
        QueueFilters(min_age_days=2, max_age_days=30),
        QueueFilters(sla_states=("breached", "at_risk")),
    ]
    memory = [_median_ms(lambda f=f: tasks.narrow_queue(loaded, f, task=_task())) for f in changes]
    statuses = [("waiting_on_customer",), ("new", "assigned"), ("resolved",)]
    reload = [
        _median_ms(
            lambda s=s: tasks.load_queue(engine, QueueFilters(statuses=s), False, task=_task()), 5
        )
        for s in statuses
    ]
    everything = _median_ms(
        lambda: tasks.load_queue(engine, QueueFilters(statuses=()), False, task=_task()), repeat=3
    )
    return [
        f"Filter change in memory ({len(changes)} filters over {len(loaded.loaded):,} open "
        f"tickets): median {statistics.median(memory):.1f} ms, slowest {max(memory):.1f} ms "
        f"({_verdict(max(memory), 300)})",
        f"Filter change reloading from the database (a status not loaded): median "
        f"{statistics.median(reload):.0f} ms, slowest {max(reload):.0f} ms "
        f"({_verdict(max(reload), 300)})",
        f"  reference, every ticket of the demo (all statuses) in the queue: {everything:,.0f} ms",
    ]


def _quiet_offscreen(mode, context, message: str) -> None:
    """Qt's messages, except the offscreen platform's note on every shown window."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def measure_panel() -> list[str]:
    """The panel itself, offscreen: from creating it to its first rows on screen, and from a
    filter choice to the new rows on screen (the background task and the table fill on the
    GUI thread), as a user sees it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HQ_CONSOLE_HOME"] = tempfile.mkdtemp(prefix="hq-sla-bench-home-")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from console.api import PanelContext
    from console.app import configure_settings
    from console.db.database import Database, load_user
    from console.ui.bus import EventBus
    from console.ui.runner import BackgroundRunner
    from plugins.service.panel import create_panel

    app = QApplication.instance() or QApplication([])
    qInstallMessageHandler(_quiet_offscreen)
    configure_settings()
    database, runner = Database(demo_engine().url), BackgroundRunner()

    def until(done: Callable[[], bool]) -> None:
        deadline = time.perf_counter() + 60
        while not done():
            app.processEvents()
            time.sleep(0.001)
            if time.perf_counter() > deadline:
                raise RuntimeError("the service panel did not finish in 60 s")

    def opened():
        ctx = PanelContext(
            panel_id="service",
            database=database,
            user=load_user(database, "service"),
            runner=runner,
            bus=EventBus(),
        )
        panel = create_panel(ctx)
        panel.resize(1280, 760)
        panel.show()
        until(lambda: ctx.is_ready)
        return panel

    def first_open() -> None:
        panel = opened()
        panel.close()
        panel.deleteLater()
        app.processEvents()

    first_open()  # imports and thread start-up once, as in a running console
    first = _median_ms(first_open, repeat=5)
    panel = opened()
    queue = panel.queue
    combos = [queue.channel, queue.region, queue.category, queue.priority, queue.sla_state]

    def choose(combo, index: int) -> None:
        before = queue.data
        combo.setCurrentIndex(index)
        until(lambda: queue.data is not before)
        app.processEvents()

    # each filter chosen (its first value) and cleared again: two changes per measurement
    changes = [_median_ms(lambda c=c: (choose(c, 1), choose(c, 0))) / 2 for c in combos]
    panel.close()
    runner.cancel_all()
    runner.wait(10_000)
    database.dispose()
    return [
        f"Service panel opened to its first queue on screen ({len(queue.data.rows):,} rows): "
        f"median {first:.0f} ms ({_verdict(first, 1000)})",
        f"Filter choice to new rows on screen ({len(combos)} filters, each chosen and cleared): "
        f"median {statistics.median(changes):.0f} ms, slowest {max(changes):.0f} ms "
        f"({_verdict(max(changes), 300)})",
    ]


def measure_open_ticket_states() -> list[str]:
    """The SLA clocks of every open ticket in the demo database, computation and with query."""
    from console.db.queries.service import (
        QueueFilters,
        load_sla_setup,
        service_now,
        sla_readings,
        status_histories,
        ticket_queue,
    )

    engine = demo_engine()
    setup, now = load_sla_setup(engine), service_now(engine)
    tickets = ticket_queue(engine, setup=setup)
    history = status_histories(engine, QueueFilters(), now)
    compute = _median_ms(lambda: sla_readings(tickets, history, setup, now))
    with_query = _median_ms(
        lambda: sla_readings(tickets, status_histories(engine, QueueFilters(), now), setup, now)
    )
    return [
        f"SLA states of all {len(tickets):,} open tickets of the demo ({len(history):,} status "
        f"changes): median {compute:.1f} ms computing, {with_query:.1f} ms with the history "
        f"query ({_verdict(with_query, 200)})",
    ]


def measure_customer_360() -> list[str]:
    """The 360 tab's two tasks for customers with tickets: the history, and the value segment
    (baseline: scoring every buyer with the segments service and picking the one)."""
    from sqlalchemy import select

    from console.db.queries.segments import load_customer_values
    from console.db.service import ServiceTicket
    from plugins.service import tasks

    engine = demo_engine()
    with engine.connect() as conn:
        ids = conn.scalars(
            select(ServiceTicket.customer_id)
            .where(ServiceTicket.customer_id.is_not(None))
            .order_by(ServiceTicket.id.desc())
            .limit(5)
        ).all()
    history = statistics.median(
        _median_ms(lambda c=c: tasks.load_customer(engine, c, False, task=_task()), 3) for c in ids
    )
    value = statistics.median(
        _median_ms(lambda c=c: tasks.load_value(engine, c, task=_task()), 3) for c in ids
    )
    buyers = tasks.load_value(engine, ids[0], task=_task()).buyers
    whole = _median_ms(lambda: load_customer_values(engine, with_clv=False), repeat=3)
    return [
        f"Customer 360 of {len(ids)} ticket customers: history median {history:.0f} ms, value "
        f"segment (ranked among {buyers:,} buyers) median {value:.0f} ms",
        f"  baseline, scoring every buyer with the segments service: {whole:,.0f} ms "
        f"-> {whole / value:,.1f}x slower",
    ]


MEASUREMENTS: list[tuple[str, Callable[[], list[str]]]] = [
    ("SLA states (open tickets)", measure_sla_states),
    ("business time", measure_business_time),
    ("KPIs", measure_kpis),
    ("demo database: queue first load", measure_queue_first_load),
    ("demo database: filter change", measure_filter_change),
    ("demo database: the panel on screen", measure_panel),
    ("demo database: SLA states of all open tickets", measure_open_ticket_states),
    ("demo database: customer 360", measure_customer_360),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="a demo database (default: seed one)")
    _DATABASE["url"] = parser.parse_args().db
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"({os.cpu_count()} CPUs, load average {load}: wall-clock times rise with the load)")
    for title, measure in MEASUREMENTS:
        print(f"== {title}")
        for line in measure():
            print(line)


if __name__ == "__main__":
    main()
