"""SLA policies and the SLA clock: elapsed business time, due times and state per ticket.

Two clocks run per ticket, both in business time (see `business_calendar`) and both stopped while
the ticket is in a pausing status (e.g. waiting on the customer):
- first response: from opening until the first response (or the first resolution, whichever
  comes first);
- resolution: from opening, not counting time spent resolved/closed; a reopened ticket's clock
  runs on from where it stopped; the ticket's clock stops when it is resolved or closed.

`sla_clock` reads one ticket with a plain loop; `sla_batch` computes the same for a whole table
with numpy (the panel's thousands of open tickets in a few milliseconds). The tests check that
both agree on random tickets. docs/sla.md states the model and the formulas.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from console.errors import ValidationError
from console.services.business_calendar import (
    NAT,
    BusinessCalendar,
    from_epoch_seconds,
    to_epoch_seconds,
)

PRIORITIES = ("low", "normal", "high", "urgent")
CATEGORIES = ("delivery", "installation", "damage", "complaint", "return", "consultation")
STATUSES = (
    "new",
    "assigned",
    "in_progress",
    "waiting_on_customer",
    "resolved",
    "closed",
    "reopened",
)
STOP_STATUSES = frozenset({"resolved", "closed"})
"""Statuses in which the ticket counts as solved: both clocks stop."""
STATES = ("on_track", "at_risk", "breached", "met")
"""Clock states: running clocks are on_track / at_risk / breached; stopped ones met / breached."""

_NEVER = np.iinfo(np.int64).max  # "no stop" instant, later than any real one
_STATE_CODES = np.array(STATES, dtype=object)


@dataclass(frozen=True)
class SlaTarget:
    """Targets in business hours for one priority, optionally narrowed to a category/channel."""

    priority: str
    first_response_hours: float
    resolution_hours: float
    category: str | None = None
    channel: str | None = None

    @property
    def scope(self) -> str:
        """Human-readable scope, used in messages: "priority 'high', category 'damage'"."""
        parts = [f"priority {self.priority!r}"]
        if self.category is not None:
            parts.append(f"category {self.category!r}")
        if self.channel is not None:
            parts.append(f"channel {self.channel!r}")
        return ", ".join(parts)


def _target_problems(target: SlaTarget) -> list[tuple[str, str]]:
    problems = []
    if target.priority not in PRIORITIES:
        problems.append(("priority", f"unknown; use one of {', '.join(PRIORITIES)}"))
    if target.category is not None and target.category not in CATEGORIES:
        problems.append(("category", f"unknown; use one of {', '.join(CATEGORIES)} or none"))
    if target.channel is not None and not (isinstance(target.channel, str) and target.channel):
        problems.append(("channel", "must be a channel name or none"))
    hours = {"first-response": target.first_response_hours, "resolution": target.resolution_hours}
    for name, value in hours.items():
        if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            problems.append((f"{name} target", f"{value!r} h; it must be more than 0 hours"))
    if not problems and target.first_response_hours > target.resolution_hours:
        problems.append(
            (
                "first-response target",
                f"{target.first_response_hours:g} h exceeds the resolution target "
                f"{target.resolution_hours:g} h",
            )
        )
    return [(f"{target.scope}: {where}", reason) for where, reason in problems]


@dataclass(frozen=True)
class SlaPolicy:
    """SLA targets per priority (plus optional category/channel overrides), the statuses that
    pause the clocks and the share of a target after which a running clock is at risk.

    Target choice, most specific first: category+channel, category, channel, priority only.
    """

    targets: tuple[SlaTarget, ...]
    pause_statuses: frozenset[str] = frozenset({"waiting_on_customer"})
    at_risk_ratio: float = 0.8
    _lookup: dict[tuple[str, str | None, str | None], SlaTarget] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", tuple(self.targets))
        object.__setattr__(self, "pause_statuses", frozenset(self.pause_statuses))
        problems: list[tuple[str, str]] = []
        lookup: dict[tuple[str, str | None, str | None], SlaTarget] = {}
        for target in self.targets:
            problems += _target_problems(target)
            key = (target.priority, target.category, target.channel)
            if key in lookup:
                problems.append((target.scope, "defined twice"))
            lookup[key] = target
        problems += [
            (f"priority {priority!r}", "has no target without category/channel")
            for priority in PRIORITIES
            if (priority, None, None) not in lookup
        ]
        problems += [
            (f"pause status {status!r}", "is not a status that can pause the clock")
            for status in sorted(self.pause_statuses)
            if status not in STATUSES or status in STOP_STATUSES
        ]
        ratio = self.at_risk_ratio
        if not isinstance(ratio, int | float) or not 0 < ratio < 1:
            problems.append(("at-risk ratio", f"{ratio!r}; it must be between 0 and 1"))
        if problems:
            where, reason = problems[0]
            more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
            raise ValidationError(
                f"The SLA policy is not valid: {where}: {reason}{more}.",
                "Give every priority a base target, with targets above 0 hours and a "
                "first-response target no larger than the resolution target.",
                problems=problems,
            )
        object.__setattr__(self, "_lookup", lookup)

    def _find(self, priority: str, category: str | None, channel: str | None) -> SlaTarget | None:
        for key in (
            (priority, category, channel),
            (priority, category, None),
            (priority, None, channel),
            (priority, None, None),
        ):
            if key in self._lookup:
                return self._lookup[key]
        return None

    def target_for(
        self, priority: str, category: str | None = None, channel: str | None = None
    ) -> SlaTarget:
        """The most specific target that applies to a ticket."""
        target = self._find(priority, category, channel)
        if target is None:
            raise ValidationError(
                f"Priority {priority!r} has no SLA target.",
                f"Use one of {', '.join(PRIORITIES)}.",
                problems=[("priority", repr(priority))],
            )
        return target

    def target_seconds(self, tickets: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """(first-response, resolution) targets in seconds for each row of a frame with columns
        priority and optionally category, channel. Vectorised: the choice is made once per
        distinct (priority, category, channel) combination, then gathered by codes."""
        codes, choices = [], []
        for name in ("priority", "category", "channel"):
            values = tickets[name] if name in tickets else pd.Series(None, index=tickets.index)
            code, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
            codes.append(np.where(code < 0, len(uniques), code))  # missing -> last slot
            choices.append([*uniques, None])
        seconds = np.full((*(len(choice) for choice in choices), 2), -1, dtype=np.int64)
        for i, priority in enumerate(choices[0]):
            for j, category in enumerate(choices[1]):
                for k, channel in enumerate(choices[2]):
                    target = self._find(priority, category, channel)
                    if target is not None:
                        seconds[i, j, k] = (
                            round(target.first_response_hours * 3600),
                            round(target.resolution_hours * 3600),
                        )
        chosen = seconds[codes[0], codes[1], codes[2]]
        unknown = chosen[:, 0] < 0
        if unknown.any():
            names = tickets["ticket_id"] if "ticket_id" in tickets else tickets.index.to_series()
            bad = tickets["priority"][unknown]
            raise ValidationError(
                f"{unknown.sum()} ticket(s) have a priority without an SLA target "
                f"(first: ticket {names[unknown].iloc[0]}, priority {bad.iloc[0]!r}).",
                f"Use one of {', '.join(PRIORITIES)}.",
                problems=[
                    (f"ticket {name}", f"priority {value!r}")
                    for name, value in zip(names[unknown], bad, strict=True)
                ],
            )
        return chosen[:, 0], chosen[:, 1]


def default_policy() -> SlaPolicy:
    """The demo policy: business-hour targets per priority, damage claims answered faster."""
    return SlaPolicy(
        (
            SlaTarget("urgent", 1, 8),
            SlaTarget("high", 2, 16),
            SlaTarget("normal", 4, 24),
            SlaTarget("low", 8, 40),
            SlaTarget("normal", 2, 24, category="damage"),
            SlaTarget("low", 4, 40, category="damage"),
        )
    )


@dataclass(frozen=True)
class ClockReading:
    """One SLA clock (first response or resolution) at `now`."""

    target_seconds: int
    elapsed_seconds: int
    due: datetime
    state: str
    stopped: bool
    paused: bool

    @property
    def used(self) -> float:
        """Share of the target used (1.0 = due now)."""
        return self.elapsed_seconds / self.target_seconds


@dataclass(frozen=True)
class SlaReading:
    """Both SLA clocks of one ticket."""

    first_response: ClockReading
    resolution: ClockReading


def _state(elapsed: int, target: int, stopped: bool, ratio: float) -> str:
    if stopped:
        return "met" if elapsed <= target else "breached"
    if elapsed > target:
        return "breached"
    return "at_risk" if elapsed >= ratio * target else "on_track"


def _one_instant(value: object, what: str) -> int:
    seconds = to_epoch_seconds(value, what)
    if len(seconds) != 1 or seconds[0] == NAT:
        raise ValidationError(f"{what} is missing.", f"Pass one date and time as {what}.")
    return int(seconds[0])


def _read_clock(
    segments: list[tuple[int, int, str]],
    stop: int | None,
    now: int,
    target: int,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
) -> ClockReading:
    """Walk the segments in order, counting business time while the clock runs."""
    cut = now if stop is None else stop
    spans = [(min(a, cut), min(b, cut)) for a, b, _ in segments]
    lengths = calendar.business_seconds(
        from_epoch_seconds(np.array([a for a, _ in spans])),
        from_epoch_seconds(np.array([b for _, b in spans])),
    ).astype(np.int64)
    elapsed, due = 0, None
    for (start, _), length, (_, _, status) in zip(spans, lengths, segments, strict=True):
        if status in policy.pause_statuses or status in STOP_STATUSES:
            continue
        if due is None and length > 0 and elapsed + length >= target:
            due = calendar.add_business_seconds(from_epoch_seconds(start), target - elapsed)
        elapsed += int(length)
    if due is None:
        due = calendar.add_business_seconds(from_epoch_seconds(cut), target - elapsed)
    paused = stop is None and segments[-1][2] in policy.pause_statuses
    return ClockReading(
        target_seconds=target,
        elapsed_seconds=elapsed,
        due=due[0].astype(datetime),
        state=_state(elapsed, target, stop is not None, policy.at_risk_ratio),
        stopped=stop is not None,
        paused=paused,
    )


def sla_clock(
    history: Sequence[tuple[object, str]],
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    now: object,
    *,
    priority: str,
    category: str | None = None,
    channel: str | None = None,
    first_response_at: object = None,
) -> SlaReading:
    """Read both SLA clocks of one ticket.

    `history`: (timestamp, status) pairs in time order, the first being the opening. Due times
    are when a clock reaches its target if it runs on from `now` (or from its stop) unpaused.
    """
    if not history:
        raise ValidationError(
            "The ticket's status history is empty.",
            "Pass at least the opening status, e.g. [(opened_at, 'new')].",
        )
    times = [int(t) for t in to_epoch_seconds([t for t, _ in history], "status change times")]
    statuses = [status for _, status in history]
    now_s = _one_instant(now, "now")
    for row, (at, status) in enumerate(zip(times, statuses, strict=True)):
        if status not in STATUSES:
            raise ValidationError(
                f"Status {status!r} in row {row} of the status history is unknown.",
                f"Use one of {', '.join(STATUSES)}.",
                problems=[(f"row {row}", f"unknown status {status!r}")],
            )
        if at == NAT:
            raise ValidationError(
                f"Row {row} of the status history has no time.",
                "Give every status change its time.",
                problems=[(f"row {row}", "missing time")],
            )
        if row and at < times[row - 1]:
            raise ValidationError(
                f"The status history is out of order: row {row} ({status!r} at "
                f"{from_epoch_seconds(at)}) comes before row {row - 1} "
                f"({from_epoch_seconds(times[row - 1])}).",
                "Sort the status changes by time, oldest first.",
                problems=[(f"row {row}", "earlier than the row before")],
            )
    if times[-1] > now_s:
        raise ValidationError(
            f"The status history has a change at {from_epoch_seconds(times[-1])}, after now "
            f"({from_epoch_seconds(now_s)}).",
            "Pass a `now` at or after the latest status change.",
        )
    response_at = None
    if first_response_at is not None and not pd.isna(first_response_at):
        response_at = _one_instant(first_response_at, "first_response_at")
        if not times[0] <= response_at <= now_s:
            raise ValidationError(
                f"The first response at {from_epoch_seconds(response_at)} is outside the "
                f"ticket's life (opened {from_epoch_seconds(times[0])}, now "
                f"{from_epoch_seconds(now_s)}).",
                "Fix the ticket's first-response time or opening time.",
            )
    segments = [
        (start, end, status)
        for start, end, status in zip(times, [*times[1:], now_s], statuses, strict=True)
    ]
    solved = [at for at, status in zip(times, statuses, strict=True) if status in STOP_STATUSES]
    response_stop = min(
        [*solved[:1], *([response_at] if response_at is not None else [])], default=None
    )
    resolution_stop = None
    if statuses[-1] in STOP_STATUSES:
        last_open = max(
            (row for row, status in enumerate(statuses) if status not in STOP_STATUSES),
            default=None,
        )
        resolution_stop = times[0] if last_open is None else segments[last_open][1]
    target = policy.target_for(priority, category, channel)
    return SlaReading(
        first_response=_read_clock(
            segments,
            response_stop,
            now_s,
            round(target.first_response_hours * 3600),
            policy,
            calendar,
        ),
        resolution=_read_clock(
            segments,
            resolution_stop,
            now_s,
            round(target.resolution_hours * 3600),
            policy,
            calendar,
        ),
    )


def _refuse_rows(problem: str, fix: str, ticket_ids: pd.Series, bad: np.ndarray, why: str) -> None:
    """Raise one ValidationError naming the first offending ticket and listing all of them."""
    if bad.any():
        names = ticket_ids.to_numpy()[np.flatnonzero(bad)]
        raise ValidationError(
            problem.format(count=len(names), first=names[0]),
            fix,
            problems=[(f"ticket {name}", why) for name in names],
        )


def _group_running_total(
    values: np.ndarray, group_first: np.ndarray, group: np.ndarray
) -> np.ndarray:
    """Cumulative sum of `values` restarting at each group's first row (rows sorted by group)."""
    total = np.cumsum(values)
    return total - (total - values)[group_first][group]


def _empty_batch(ids: pd.Series) -> pd.DataFrame:
    """The result of `sla_batch` for no tickets: the same columns and dtypes, no rows."""
    columns: dict[str, pd.Series] = {"ticket_id": ids}
    for name in ("first_response", "resolution"):
        columns |= {
            f"{name}_target_s": pd.Series(dtype="int64"),
            f"{name}_elapsed_s": pd.Series(dtype="int64"),
            f"{name}_used": pd.Series(dtype="float64"),
            f"{name}_due": pd.Series(dtype="datetime64[s]"),
            f"{name}_state": pd.Series(dtype="string"),
            f"{name}_breached": pd.Series(dtype="bool"),
            f"{name}_stopped": pd.Series(dtype="bool"),
            f"{name}_paused": pd.Series(dtype="bool"),
        }
    columns["current_status"] = pd.Series(dtype="string")
    return pd.DataFrame(columns)


def _check_columns(tickets: pd.DataFrame, history: pd.DataFrame) -> None:
    for frame, name, needed in (
        (tickets, "tickets", ("ticket_id", "priority", "opened_at")),
        (history, "history", ("ticket_id", "changed_at", "status")),
    ):
        missing = [column for column in needed if column not in frame]
        if missing:
            raise ValidationError(
                f"The {name} table lacks the column(s) {', '.join(missing)}.",
                f"Pass a {name} table with the columns {', '.join(needed)}.",
                problems=[(column, "missing") for column in missing],
            )


def _ticket_times(
    tickets: pd.DataFrame, ids: pd.Series, now_s: int
) -> tuple[np.ndarray, np.ndarray]:
    """Validated opening and first-response epoch seconds (NAT: no response yet)."""
    _refuse_rows(
        "{count} ticket id(s) appear more than once (first: {first}).",
        "Pass each ticket once.",
        ids,
        ids.duplicated().to_numpy(),
        "duplicate ticket id",
    )
    opened = to_epoch_seconds(tickets["opened_at"], "opened_at times")
    _refuse_rows(
        "{count} ticket(s) have no opening time or open after now (first: {first}).",
        "Give every ticket an opened_at no later than `now`.",
        ids,
        (opened == NAT) | (opened > now_s),
        "opened_at missing or after now",
    )
    responded = (
        to_epoch_seconds(tickets["first_response_at"], "first_response_at times")
        if "first_response_at" in tickets
        else np.full(len(ids), NAT, dtype=np.int64)
    )
    _refuse_rows(
        "{count} ticket(s) have a first response outside their life (first: {first}).",
        "Fix the first-response time: it must be between opened_at and `now`.",
        ids,
        (responded != NAT) & ((responded < opened) | (responded > now_s)),
        "first response before opening or after now",
    )
    return opened, responded


def _events(
    history: pd.DataFrame, ids: pd.Series, opened: np.ndarray, now_s: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ticket position, epoch second, status code) of every status change, grouped by ticket
    in time order, each ticket starting with a synthetic 'new' at its opening."""
    count = len(ids)
    owner = pd.Index(ids).get_indexer(history["ticket_id"])
    kept = owner >= 0
    codes = pd.Index(STATUSES).get_indexer(history["status"].to_numpy()[kept])
    changed = to_epoch_seconds(history["changed_at"], "changed_at times")[kept]
    unknown = (codes < 0) | (changed == NAT)
    if unknown.any():
        row = np.flatnonzero(kept)[np.flatnonzero(unknown)[0]]
        raise ValidationError(
            f"History row {row} (ticket {history['ticket_id'].iloc[row]}) has an unknown status "
            f"{history['status'].iloc[row]!r} or no time.",
            f"Give every status change a time and one of the statuses {', '.join(STATUSES)}.",
            problems=[(f"history row {row}", "unknown status or missing time")],
        )
    group = np.concatenate([np.arange(count), owner[kept]])
    order = np.lexsort((np.arange(len(group)), group))  # by ticket, then as given
    group = group[order]
    at = np.concatenate([opened, changed])[order]
    code = np.concatenate([np.zeros(count, np.int64), codes])[order]
    backwards = np.zeros(count, dtype=bool)
    backwards[group[1:][(group[1:] == group[:-1]) & (at[1:] < at[:-1])]] = True
    _refuse_rows(
        "The status history of {count} ticket(s) is out of order (first: ticket {first}): a "
        "change comes before the one listed before it, or before the ticket was opened.",
        "Sort each ticket's status changes by time, oldest first, none before opened_at.",
        ids,
        backwards,
        "status history out of order",
    )
    late = np.zeros(count, dtype=bool)
    late[group[at > now_s]] = True
    _refuse_rows(
        "{count} ticket(s) have status changes after now (first: ticket {first}).",
        "Pass a `now` at or after the latest status change.",
        ids,
        late,
        "change after now",
    )
    return group, at, code


def sla_batch(
    tickets: pd.DataFrame,
    history: pd.DataFrame,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    now: object,
) -> pd.DataFrame:
    """Both SLA clocks for many tickets at once; same results as `sla_clock` per ticket.

    tickets: ticket_id, priority, opened_at, optional category, channel, first_response_at.
    history: ticket_id, changed_at, status — the status changes; within a ticket, rows must be
    in time order (ties keep their row order). A ticket is 'new' from opened_at until its first
    row; rows of tickets not in `tickets` are ignored. Returns one row per ticket, in order
    (columns: see docs/sla.md).
    """
    _check_columns(tickets, history)
    ids = tickets["ticket_id"].reset_index(drop=True)
    now_s = _one_instant(now, "now")
    opened, responded = _ticket_times(tickets, ids, now_s)
    response_target, resolution_target = policy.target_seconds(tickets.reset_index(drop=True))
    if len(ids) == 0:
        return _empty_batch(ids)
    group, at, code = _events(history, ids, opened, now_s)

    # Segment i runs from at[i] to the next change of the same ticket, or to now.
    new_ticket = np.insert(group[1:] != group[:-1], 0, True)
    first = np.flatnonzero(new_ticket)
    last = np.append(first[1:] - 1, len(group) - 1)
    end = np.append(at[1:], now_s)
    end[last] = now_s
    solved = np.isin(code, [STATUSES.index(status) for status in STOP_STATUSES])
    pausing = np.isin(code, [STATUSES.index(status) for status in policy.pause_statuses])
    runs = ~solved & ~pausing

    # Resolution stops at the start of a trailing run of resolved/closed statuses.
    resolution_stopped = solved[last]
    last_open = np.maximum.reduceat(np.where(solved, -1, np.arange(len(at))), first)
    resolution_stop = np.where(resolution_stopped, end[last_open], _NEVER)
    # First response stops at the response or the first resolution, whichever comes first.
    first_solved = np.minimum.reduceat(np.where(solved, at, _NEVER), first)
    response_stop = np.minimum(np.where(responded != NAT, responded, _NEVER), first_solved)

    line = calendar.timeline(
        int(at.min()), now_s, int(max(response_target.max(), resolution_target.max()))
    )
    columns: dict[str, object] = {"ticket_id": ids.to_numpy()}
    for name, stop, stopped, target in (
        ("first_response", response_stop, response_stop != _NEVER, response_target),
        ("resolution", resolution_stop, resolution_stopped, resolution_target),
    ):
        cut = stop[group]
        start = np.minimum(at, cut)
        worked = np.where(runs, line.position(np.minimum(end, cut)) - line.position(start), 0)
        total = _group_running_total(worked, first, group)
        elapsed = total[last]
        # Due: inside the segment where the running total first reaches the target, else run
        # on from the stop (or now).
        before = total - worked
        crossing = (total >= target[group]) & (before < target[group])
        anchor = np.where(stopped, stop, now_s)
        anchor_elapsed = elapsed.copy()
        anchor[group[crossing]] = start[crossing]
        anchor_elapsed[group[crossing]] = before[crossing]
        due = line.instant(line.position(anchor) + target - anchor_elapsed)
        state = np.select(
            [
                stopped & (elapsed <= target),
                elapsed > target,
                elapsed >= policy.at_risk_ratio * target,
            ],
            [STATES.index("met"), STATES.index("breached"), STATES.index("at_risk")],
            STATES.index("on_track"),
        )
        columns |= {
            f"{name}_target_s": target,
            f"{name}_elapsed_s": elapsed,
            f"{name}_used": elapsed / target,
            f"{name}_due": from_epoch_seconds(due),
            f"{name}_state": _STATE_CODES[state],
            f"{name}_breached": state == STATES.index("breached"),
            f"{name}_stopped": stopped,
            f"{name}_paused": ~stopped & pausing[last],
        }
    columns["current_status"] = np.array(STATUSES, dtype=object)[code[last]]
    result = pd.DataFrame(columns)
    for name in ("first_response_state", "resolution_state", "current_status"):
        result[name] = result[name].astype("string")
    return result
