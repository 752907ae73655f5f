"""Service KPIs per channel / dealer / category: volume, backlog, SLA breach rates, first-response
and resolution times (business hours), reopen rate; backlog over time, weekly inflow, dealer
ranking. The panel and `hq-console report sla` both call these, so their figures agree.

Every definition (which tickets are in each denominator) is in docs/sla.md.
Input: one row per ticket, already restricted to the period asked for (e.g. opened in it).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from console.errors import ValidationError
from console.services.business_calendar import BusinessCalendar
from console.services.sla import STATUSES, STOP_STATUSES

DIMENSIONS = ("channel", "dealer", "category", "priority")
NO_VALUE = "(none)"
"""Group label for tickets without a value in the chosen dimension (e.g. no dealer yet)."""
TOTAL = "(all)"
KPI_COLUMNS = (
    "tickets",
    "open_tickets",
    "first_response_breach_rate",
    "resolution_breach_rate",
    "first_response_median_h",
    "first_response_p90_h",
    "resolution_median_h",
    "resolution_p90_h",
    "reopen_rate",
)
_KPI_INPUT = (
    "ticket_id",
    "opened_at",
    "first_response_at",
    "resolved_at",
    "status",
    "reopened_count",
    "first_response_breached",
    "resolution_breached",
)


def _require(tickets: pd.DataFrame, columns: tuple[str, ...], table: str = "tickets table") -> None:
    missing = [column for column in columns if column not in tickets]
    if missing:
        raise ValidationError(
            f"The {table} lacks the column(s) {', '.join(missing)}.",
            f"Pass a {table} with the columns {', '.join(columns)}.",
            problems=[(column, "missing") for column in missing],
        )


def _dimension(tickets: pd.DataFrame, by: str) -> pd.Series:
    if by not in DIMENSIONS:
        raise ValidationError(
            f"Cannot group service KPIs by {by!r}.", f"Use one of {', '.join(DIMENSIONS)}."
        )
    _require(tickets, (by,))
    return tickets[by].astype("string").fillna(NO_VALUE).rename(by)


def _bad_rows(
    tickets: pd.DataFrame, bad: pd.Series | np.ndarray, problem: str, fix: str, why: str
) -> None:
    bad = np.asarray(bad, dtype=bool)
    if bad.any():
        names = tickets["ticket_id"].to_numpy()[bad].tolist()
        raise ValidationError(
            problem.format(count=len(names), first=names[0]),
            fix,
            problems=[(f"ticket {name}", why) for name in names],
        )


def _solved(tickets: pd.DataFrame) -> np.ndarray:
    """True for resolved/closed tickets; refuses unknown statuses and solved rows lacking
    resolved_at."""
    code = pd.Index(STATUSES).get_indexer(tickets["status"].to_numpy(dtype=object))
    _bad_rows(
        tickets,
        code < 0,
        "{count} ticket(s) have an unknown status (first: ticket {first}).",
        f"Use one of {', '.join(STATUSES)}.",
        "unknown status",
    )
    solved = np.isin(code, [STATUSES.index(status) for status in STOP_STATUSES])
    _bad_rows(
        tickets,
        solved & tickets["resolved_at"].isna().to_numpy(),
        "{count} resolved or closed ticket(s) have no resolved_at (first: ticket {first}).",
        "Fill resolved_at for every resolved or closed ticket.",
        "resolved without resolved_at",
    )
    return solved


def _hours(
    tickets: pd.DataFrame, solved: np.ndarray, calendar: BusinessCalendar
) -> tuple[np.ndarray, np.ndarray]:
    opened = tickets["opened_at"]
    response = calendar.business_seconds(opened, tickets["first_response_at"]) / 3600
    resolution = calendar.business_seconds(opened, tickets["resolved_at"]) / 3600
    return response, np.where(solved, resolution, np.nan)


def business_times(tickets: pd.DataFrame, calendar: BusinessCalendar) -> pd.DataFrame:
    """The tickets plus first_response_hours (opening -> first response) and resolution_hours
    (opening -> resolution, solved tickets only), in business hours; NaN where not reached."""
    _require(tickets, ("ticket_id", "opened_at", "first_response_at", "resolved_at", "status"))
    response, resolution = _hours(tickets, _solved(tickets), calendar)
    return tickets.assign(first_response_hours=response, resolution_hours=resolution)


def _flags(tickets: pd.DataFrame, calendar: BusinessCalendar) -> pd.DataFrame:
    """Per-ticket 0/1 numerators and denominators of every KPI (docs/sla.md)."""
    _require(tickets, _KPI_INPUT)
    for column in ("first_response_breached", "resolution_breached"):
        _bad_rows(
            tickets,
            tickets[column].isna(),
            f"{{count}} ticket(s) have no {column} flag (first: ticket {{first}}).",
            "Compute the flags with console.services.sla.sla_batch first.",
            f"{column} missing",
        )
    reopened = tickets["reopened_count"].to_numpy(dtype=float)
    _bad_rows(
        tickets,
        np.isnan(reopened) | (reopened < 0),
        "{count} ticket(s) have a missing or negative reopened_count (first: ticket {first}).",
        "Give every ticket a reopened_count of 0 or more.",
        "bad reopened_count",
    )
    solved = _solved(tickets)
    response_hours, resolution_hours = _hours(tickets, solved, calendar)
    response_breached = tickets["first_response_breached"].to_numpy(dtype=bool)
    resolution_breached = tickets["resolution_breached"].to_numpy(dtype=bool)
    return pd.DataFrame(
        {
            "open": ~solved,
            "response_breached": response_breached,
            "response_decided": tickets["first_response_at"].notna().to_numpy() | response_breached,
            "resolution_breached": resolution_breached,
            "resolution_decided": solved | resolution_breached,
            "reopened": reopened > 0,
            "ever_resolved": solved | (reopened > 0),
            "first_response_hours": response_hours,
            "resolution_hours": resolution_hours,
        },
        index=tickets.index,
    )


def _summarise(flags: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    grouped = flags.groupby(keys, sort=True)
    sums = grouped[
        [
            "open",
            "response_breached",
            "response_decided",
            "resolution_breached",
            "resolution_decided",
            "reopened",
            "ever_resolved",
        ]
    ].sum()

    def rate(numerator: str, denominator: str) -> pd.Series:
        return sums[numerator] / sums[denominator].where(sums[denominator] > 0)

    result = pd.DataFrame(
        {
            "tickets": grouped.size(),
            "open_tickets": sums["open"],
            "first_response_breach_rate": rate("response_breached", "response_decided"),
            "resolution_breach_rate": rate("resolution_breached", "resolution_decided"),
        }
    )
    for name in ("first_response", "resolution"):
        hours = grouped[f"{name}_hours"]
        result[f"{name}_median_h"] = hours.median()
        result[f"{name}_p90_h"] = hours.quantile(0.9)
    result["reopen_rate"] = rate("reopened", "ever_resolved")
    return result.astype({"tickets": "int64", "open_tickets": "int64", "reopen_rate": "float64"})


def kpis_by(
    tickets: pd.DataFrame, by: str, calendar: BusinessCalendar, *, include_total: bool = False
) -> pd.DataFrame:
    """One row per value of `by` (sorted; NO_VALUE for missing) with KPI_COLUMNS; with
    `include_total`, a last row TOTAL over all tickets (no rows at all for no tickets)."""
    keys = _dimension(tickets, by)
    flags = _flags(tickets, calendar)
    parts = [_summarise(flags, keys)]
    if include_total:
        parts.append(_summarise(flags, pd.Series(TOTAL, index=flags.index, name=by)))
    result = pd.concat(parts).rename_axis(by).reset_index()
    result[by] = result[by].astype("string")
    return result[[by, *KPI_COLUMNS]]


def backlog_over_time(
    tickets: pd.DataFrame,
    history: pd.DataFrame,
    start: date,
    end: date,
    by: str | None = None,
) -> pd.DataFrame:
    """Open tickets at the midnight ending each day from `start` to `end` (inclusive): columns
    date, [by,] open_tickets; every day (and every group) appears, zeros included.

    A ticket is open at a midnight when it was opened before it and its last status before it
    (`history`: ticket_id, changed_at, status, in the order the changes were made; "new" before
    the first change) is not resolved or closed. So a reopened ticket is not counted between
    its resolution and its reopening. Changes of tickets not in `tickets` are ignored.
    """
    _require(tickets, ("ticket_id", "opened_at"))
    _require(history, ("ticket_id", "changed_at", "status"), "status history")
    if end < start:
        raise ValidationError(
            f"The backlog period ends ({end}) before it starts ({start}).",
            "Pass an end date on or after the start date.",
        )
    days = pd.date_range(start, end, freq="D")
    first, last = days[0], days[-1]
    keys = _dimension(tickets, by) if by else pd.Series("", index=tickets.index)
    key_of = pd.Series(keys.to_numpy(), index=tickets["ticket_id"].to_numpy())
    changes = history[history["ticket_id"].isin(key_of.index)]
    # The opening, then the changes in time order (ties keep their given order): each step
    # from closed to open adds 1, from open to closed takes 1, on the day it happens (so from
    # the midnight ending that day).
    events = pd.DataFrame(
        {
            "ticket_id": np.concatenate([tickets["ticket_id"], changes["ticket_id"]]),
            "at": pd.to_datetime(np.concatenate([tickets["opened_at"], changes["changed_at"]])),
            "open": np.concatenate(
                [np.ones(len(tickets), bool), ~changes["status"].isin(STOP_STATUSES).to_numpy()]
            ),
            "step": np.arange(len(tickets) + len(changes)),
        }
    ).sort_values(["ticket_id", "at", "step"], kind="stable")
    was_open = events.groupby("ticket_id")["open"].shift(fill_value=False)
    events["change"] = events["open"].astype(int) - was_open.astype(int)
    events["day"] = events["at"].dt.normalize()
    events = events[(events["change"] != 0) & (events["day"] <= last)]
    moves = pd.DataFrame(
        {
            "date": events["day"].clip(lower=first),  # before the period: its first day
            "key": key_of.reindex(events["ticket_id"]).to_numpy(),
            "change": events["change"].to_numpy(),
        }
    )
    groups = sorted(keys.unique()) if by else [""]
    grid = (
        moves.pivot_table(index="date", columns="key", values="change", aggfunc="sum")
        .reindex(index=days, columns=groups)
        .fillna(0)
        .cumsum()
        .astype("int64")
    )
    grid.index.name = "date"
    long = grid.stack().rename("open_tickets").reset_index()
    if not by:
        return long[["date", "open_tickets"]]
    long = long.rename(columns={"key": by})
    long[by] = long[by].astype("string")
    return long[["date", by, "open_tickets"]]


def weekly_inflow(
    tickets: pd.DataFrame,
    by: str = "category",
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Tickets opened per ISO week (Monday start) and group: columns week_start, by, tickets.
    Every week between the first and last (or `start`/`end`) and every group appear."""
    _require(tickets, ("ticket_id", "opened_at"))
    keys = _dimension(tickets, by)
    opened = pd.to_datetime(tickets["opened_at"]).dt.normalize()
    inside = pd.Series(True, index=tickets.index)
    if start is not None:
        inside &= opened >= pd.Timestamp(start)
    if end is not None:
        inside &= opened <= pd.Timestamp(end)
    weeks = (opened - pd.to_timedelta(opened.dt.day_of_week, unit="D"))[inside]
    first = (
        weeks.min()
        if start is None
        else pd.Timestamp(start) - pd.Timedelta(days=pd.Timestamp(start).weekday())
    )
    last = weeks.max() if end is None else pd.Timestamp(end)
    if pd.isna(first) or pd.isna(last):
        return pd.DataFrame(
            {
                "week_start": pd.Series(dtype="datetime64[s]"),
                by: pd.Series(dtype="string"),
                "tickets": pd.Series(dtype="int64"),
            }
        )
    all_weeks = pd.date_range(first, last, freq="W-MON")
    counts = (
        pd.DataFrame({"week_start": weeks, by: keys[inside]})
        .groupby(["week_start", by])
        .size()
        .reindex(
            pd.MultiIndex.from_product(
                [all_weeks, sorted(keys.unique())], names=["week_start", by]
            ),
            fill_value=0,
        )
        .rename("tickets")
        .reset_index()
    )
    counts[by] = counts[by].astype("string")
    return counts


def dealer_ranking(
    tickets: pd.DataFrame, calendar: BusinessCalendar, min_tickets: int = 5
) -> pd.DataFrame:
    """Dealers best first: lowest resolution breach rate, then lowest first-response breach rate,
    shortest median resolution, lowest reopen rate, most tickets. Dealers with fewer than
    `min_tickets` tickets (too few to judge) get rank <NA> and come last; tickets without a
    dealer are left out. Columns: rank, dealer, KPI_COLUMNS."""
    kpis = kpis_by(tickets, "dealer", calendar)
    kpis = kpis[kpis["dealer"] != NO_VALUE]
    eligible = kpis["tickets"] >= min_tickets
    ordered = kpis.assign(_ineligible=~eligible, _volume=-kpis["tickets"]).sort_values(
        [
            "_ineligible",
            "resolution_breach_rate",
            "first_response_breach_rate",
            "resolution_median_h",
            "reopen_rate",
            "_volume",
            "dealer",
        ],
        na_position="last",
        kind="mergesort",
    )
    ranked = int(eligible.sum())
    ordered.insert(
        0,
        "rank",
        pd.array([*range(1, ranked + 1), *[pd.NA] * (len(ordered) - ranked)], dtype="Int64"),
    )
    return ordered.drop(columns=["_ineligible", "_volume"]).reset_index(drop=True)
