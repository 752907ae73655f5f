"""Service KPIs on a small hand-computed ticket set (09:00-18:00 calendar, March 2024)."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from console.errors import ValidationError
from console.services.business_calendar import china_calendar
from console.services.service_kpis import (
    KPI_COLUMNS,
    backlog_over_time,
    business_times,
    dealer_ranking,
    kpis_by,
    weekly_inflow,
)

CALENDAR = china_calendar("09:00-18:00")


# One ticket per line; '-' = missing; dates are 2024-MM-DD; after '#': business hours of the
# first response / resolution. Columns: id, channel, dealer, category, opened, first response,
# resolved, status, reopened count, first-response breached, resolution breached.
TABLE = """
1 web   D1 delivery  03-04T09:00 03-04T10:00 03-04T13:00 closed      0 0 0 # 1 h / 4 h
2 web   D1 damage    03-04T09:00 03-04T12:00 03-05T09:00 resolved    1 0 1 # 3 h / 9 h
3 store D2 delivery  03-05T09:00 03-05T09:30 -           in_progress 0 0 0 # 0.5 h / open
4 store D2 delivery  03-05T10:00 -           -           new         0 1 0 # no reply, breached
5 store -  complaint 03-06T09:00 -           -           new         0 0 0 # young, unknown
6 web   D2 delivery  03-11T09:00 03-11T11:00 03-11T17:00 resolved    0 0 0 # 2 h / 8 h
7 web   D1 complaint 03-08T17:00 03-11T10:00 -           reopened    2 1 1 # 2 h (Fri+Mon) / open
"""
COLUMNS = [
    "ticket_id", "channel", "dealer", "category", "opened_at", "first_response_at",
    "resolved_at", "status", "reopened_count", "first_response_breached", "resolution_breached",
]  # fmt: skip
ROWS = [line.split("#")[0].split() for line in TABLE.strip().splitlines()]


def tickets(rows: list[list[str]] = ROWS) -> pd.DataFrame:
    cells = [[None if cell == "-" else cell for cell in row] for row in rows]
    frame = pd.DataFrame(cells, columns=COLUMNS)
    frame["ticket_id"] = frame["ticket_id"].astype(int)
    for position, column in enumerate(COLUMNS[4:7], start=4):
        frame[column] = pd.to_datetime([row[position] and f"2024-{row[position]}" for row in cells])
    frame["reopened_count"] = frame["reopened_count"].astype(int)
    for column in ("first_response_breached", "resolution_breached"):
        frame[column] = frame[column] == "1"
    frame["priority"] = "normal"
    return frame


def row(frame: pd.DataFrame, by: str, value: str) -> dict:
    return frame.set_index(by).loc[value].to_dict()


def same(actual: dict, expected: dict) -> None:
    for key, value in expected.items():
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(actual[key]), key
        else:
            assert actual[key] == pytest.approx(value), key


def test_business_times_of_each_ticket() -> None:
    times = business_times(tickets(), CALENDAR)
    assert times["first_response_hours"].fillna(-1).tolist() == [1, 3, 0.5, -1, -1, 2, 2]
    assert times["resolution_hours"].fillna(-1).tolist() == [4, 9, -1, -1, -1, 8, -1]


def test_kpis_by_channel_with_total() -> None:
    kpis = kpis_by(tickets(), "channel", CALENDAR, include_total=True)
    assert kpis.columns.tolist() == ["channel", *KPI_COLUMNS]
    assert kpis["channel"].tolist() == ["store", "web", "(all)"]
    same(
        row(kpis, "channel", "web"),
        {
            "tickets": 4,
            "open_tickets": 1,  # 7 is reopened
            "first_response_breach_rate": 1 / 4,  # 7 of 1, 2, 6, 7
            "resolution_breach_rate": 2 / 4,  # 2 and 7 of solved 1, 2, 6 + breached 7
            "first_response_median_h": 2,  # of 1, 2, 2, 3
            "first_response_p90_h": 2.7,  # 2 + 0.7 * (3 - 2)
            "resolution_median_h": 8,  # of 4, 8, 9
            "resolution_p90_h": 8.8,  # 8 + 0.8 * (9 - 8)
            "reopen_rate": 2 / 4,  # 2 and 7 of ever resolved 1, 2, 6, 7
        },
    )
    same(
        row(kpis, "channel", "store"),
        {
            "tickets": 3,
            "open_tickets": 3,
            "first_response_breach_rate": 1 / 2,  # 4 of responded 3 + breached 4; 5 is unknown
            "resolution_breach_rate": math.nan,  # nothing solved or breached
            "first_response_median_h": 0.5,
            "first_response_p90_h": 0.5,
            "resolution_median_h": math.nan,
            "resolution_p90_h": math.nan,
            "reopen_rate": math.nan,
        },
    )
    same(
        row(kpis, "channel", "(all)"),
        {
            "tickets": 7,
            "open_tickets": 4,
            "first_response_breach_rate": 2 / 6,
            "resolution_breach_rate": 2 / 4,
            "first_response_median_h": 2,  # of 0.5, 1, 2, 2, 3
            "first_response_p90_h": 2.6,  # 2 + 0.6 * (3 - 2)
            "resolution_median_h": 8,
            "resolution_p90_h": 8.8,
            "reopen_rate": 2 / 4,
        },
    )


def test_kpis_by_dealer_groups_missing_dealers_as_none() -> None:
    kpis = kpis_by(tickets(), "dealer", CALENDAR)
    assert kpis["dealer"].tolist() == ["(none)", "D1", "D2"]
    same(
        row(kpis, "dealer", "D1"),
        {
            "tickets": 3,
            "open_tickets": 1,
            "first_response_breach_rate": 1 / 3,
            "resolution_breach_rate": 2 / 3,
            "first_response_median_h": 2,
            "first_response_p90_h": 2.8,
            "resolution_median_h": 6.5,
            "resolution_p90_h": 8.5,  # 4 + 0.9 * (9 - 4)
            "reopen_rate": 2 / 3,
        },
    )
    same(
        row(kpis, "dealer", "D2"),
        {
            "tickets": 3,
            "open_tickets": 2,
            "first_response_breach_rate": 1 / 3,
            "resolution_breach_rate": 0.0,
            "first_response_median_h": 1.25,
            "first_response_p90_h": 1.85,
            "resolution_median_h": 8,
            "resolution_p90_h": 8,
            "reopen_rate": 0.0,
        },
    )
    same(
        row(kpis, "dealer", "(none)"),
        {
            "tickets": 1,
            "open_tickets": 1,
            "first_response_breach_rate": math.nan,
            "resolution_breach_rate": math.nan,
            "reopen_rate": math.nan,
        },
    )


def test_kpis_by_category_counts() -> None:
    kpis = kpis_by(tickets(), "category", CALENDAR)
    assert dict(zip(kpis["category"], kpis["tickets"], strict=True)) == {
        "complaint": 2,
        "damage": 1,
        "delivery": 4,
    }
    assert dict(zip(kpis["category"], kpis["open_tickets"], strict=True)) == {
        "complaint": 2,
        "damage": 0,
        "delivery": 2,
    }


SMALL_DEALER = "8 web D3 delivery 03-11T09:00 03-11T09:30 03-11T10:00 closed 0 0 0"


def test_dealer_ranking_puts_small_dealers_last() -> None:
    small = [
        "8",
        "web",
        "D3",
        "delivery",
        "03-11T09:00",
        "03-11T09:30",
        "03-11T10:00",
        "closed",
        "0",
        "0",
        "0",
    ]
    ranking = dealer_ranking(tickets([*ROWS, small]), CALENDAR, min_tickets=2)
    assert ranking["dealer"].tolist() == ["D2", "D1", "D3"]  # D2 never breached resolution
    assert ranking["rank"].tolist() == [1, 2, pd.NA]
    assert ranking.columns.tolist() == ["rank", "dealer", *KPI_COLUMNS]
    nobody = dealer_ranking(tickets(), CALENDAR, min_tickets=4)
    assert nobody["rank"].isna().all()
    assert nobody["dealer"].tolist() == ["D2", "D1"]


# Status changes of the tickets above (ticket, 2024-MM-DD time, status), in the order made.
# Ticket 7 is resolved at the end of 03-11 and reopened on 03-12: closed at that midnight.
HISTORY = """
1 03-04T10:00 in_progress
1 03-04T13:00 resolved
1 03-04T15:00 closed
2 03-04T12:00 in_progress
2 03-04T17:00 resolved
2 03-04T17:30 reopened
2 03-05T09:00 resolved
3 03-05T09:30 in_progress
6 03-11T11:00 in_progress
6 03-11T17:00 resolved
7 03-11T10:00 in_progress
7 03-11T15:00 resolved
7 03-11T16:00 reopened
7 03-11T17:00 resolved
7 03-12T10:00 reopened
"""


def history(text: str = HISTORY) -> pd.DataFrame:
    rows = [line.split() for line in text.strip().splitlines()]
    return pd.DataFrame(
        {
            "ticket_id": [int(r[0]) for r in rows],
            "changed_at": pd.to_datetime([f"2024-{r[1]}" for r in rows]),
            "status": [r[2] for r in rows],
        }
    )


def test_backlog_over_time() -> None:
    backlog = backlog_over_time(tickets(), history(), date(2024, 3, 4), date(2024, 3, 12))
    assert backlog.columns.tolist() == ["date", "open_tickets"]
    assert backlog["date"].dt.date.tolist()[0] == date(2024, 3, 4)
    # 3/4: 2 open (1 closed, 2 reopened); 3/5: 2 solved, 3,4 open; 3/6: +5; 3/8: +7;
    # 3/11: 6 in and out, 7 resolved again; 3/12: 7 reopened.
    assert backlog["open_tickets"].tolist() == [1, 2, 3, 3, 4, 4, 4, 3, 4]
    later = backlog_over_time(tickets(), history(), date(2024, 3, 6), date(2024, 3, 8))
    assert later["open_tickets"].tolist() == [3, 3, 4]  # earlier tickets carried in


def test_backlog_follows_the_order_of_changes_made_in_the_same_second() -> None:
    # ticket 4 resolved and reopened in the same second: the row given last wins
    extra = history("4 03-06T10:00 resolved\n4 03-06T10:00 reopened")
    day = date(2024, 3, 6)
    reopened = backlog_over_time(tickets(), pd.concat([history(), extra]), day, day)
    assert reopened["open_tickets"].tolist() == [3]  # 3, 4 and 5
    resolved = backlog_over_time(tickets(), pd.concat([history(), extra.iloc[[1, 0]]]), day, day)
    assert resolved["open_tickets"].tolist() == [2]  # 3 and 5


def test_backlog_over_time_by_channel_and_with_no_tickets() -> None:
    backlog = backlog_over_time(
        tickets(), history(), date(2024, 3, 4), date(2024, 3, 6), by="channel"
    )
    assert backlog.columns.tolist() == ["date", "channel", "open_tickets"]
    assert backlog["channel"].tolist() == ["store", "web"] * 3
    assert backlog["open_tickets"].tolist() == [0, 1, 2, 0, 3, 0]
    empty = backlog_over_time(tickets([]), history(), date(2024, 3, 4), date(2024, 3, 5))
    assert empty["open_tickets"].tolist() == [0, 0]


def test_weekly_inflow_by_category() -> None:
    inflow = weekly_inflow(tickets())
    assert inflow.columns.tolist() == ["week_start", "category", "tickets"]
    assert inflow["week_start"].dt.date.tolist() == [date(2024, 3, 4)] * 3 + [date(2024, 3, 11)] * 3
    assert inflow["category"].tolist() == ["complaint", "damage", "delivery"] * 2
    assert inflow["tickets"].tolist() == [2, 1, 3, 0, 0, 1]
    window = weekly_inflow(tickets(), start=date(2024, 3, 6), end=date(2024, 3, 17))
    assert window["tickets"].tolist() == [2, 0, 0, 0, 0, 1]


def test_weekly_inflow_keeps_quiet_weeks_and_other_dimensions() -> None:
    rows = [ROWS[0], [*ROWS[5][:4], "03-19T09:00", *ROWS[5][5:]]]
    inflow = weekly_inflow(tickets(rows), by="channel")
    assert inflow["week_start"].dt.date.tolist() == [
        date(2024, 3, 4),
        date(2024, 3, 11),
        date(2024, 3, 18),
    ]
    assert inflow["tickets"].tolist() == [1, 0, 1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="reopened_count"), "lacks the column\\(s\\) reopened_count"),
        (
            lambda f: f.assign(status=["closed", "lost", *f["status"][2:]]),
            "unknown status \\(first: ticket 2\\)",
        ),
        (lambda f: f.assign(resolved_at=pd.NaT), "no resolved_at \\(first: ticket 1\\)"),
        (
            lambda f: f.assign(first_response_breached=[None, *f["first_response_breached"][1:]]),
            "no first_response_breached flag \\(first: ticket 1\\)",
        ),
        (
            lambda f: f.assign(reopened_count=[0, 0, -1, 0, 0, 0, 0]),
            "negative reopened_count \\(first: ticket 3\\)",
        ),
    ],
)
def test_bad_ticket_tables_are_refused(change, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        kpis_by(change(tickets()), "channel", CALENDAR)


def test_unknown_dimension_and_reversed_period_are_refused() -> None:
    with pytest.raises(ValidationError, match="Cannot group service KPIs by 'region'"):
        kpis_by(tickets(), "region", CALENDAR)
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        backlog_over_time(tickets(), history(), date(2024, 3, 5), date(2024, 3, 4))
    with pytest.raises(ValidationError, match="status history lacks the column"):
        backlog_over_time(
            tickets(), history().drop(columns="changed_at"), date(2024, 3, 4), date(2024, 3, 5)
        )
