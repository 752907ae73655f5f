"""SLA policies and the SLA clock: table-driven cases, refusals, batch == scalar."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.errors import ValidationError
from console.services.business_calendar import BusinessCalendar, china_calendar
from console.services.sla import (
    CATEGORIES,
    STATUSES,
    SlaPolicy,
    SlaTarget,
    default_policy,
    sla_batch,
    sla_clock,
)

OFFICE = china_calendar("09:00-18:00")
LUNCH = china_calendar("09:00-12:00,13:00-18:00")
ALWAYS = BusinessCalendar({day: "00:00-24:00" for day in range(7)})
POLICY = SlaPolicy(
    (
        SlaTarget("low", 8, 40),
        SlaTarget("normal", 4, 16),
        SlaTarget("high", 2, 8),
        SlaTarget("urgent", 1, 4),
        SlaTarget("normal", 2, 16, category="damage"),
        SlaTarget("high", 1, 8, channel="phone"),
        SlaTarget("high", 0.5, 4, category="damage", channel="phone"),
    )
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def history(*rows: str) -> list[tuple[datetime, str]]:
    """'2024-03-04 09:00 new' -> (datetime, 'new')."""
    return [(at(row.rsplit(" ", 1)[0]), row.rsplit(" ", 1)[1]) for row in rows]


# Each case: calendar, priority, history, first response, now, then for the first-response
# and the resolution clock: (elapsed hours, state, due, running / paused / stopped).
CASES = {
    "open in hours, on track": (
        OFFICE,
        "normal",
        history("2024-03-04 10:00 new"),
        None,
        "2024-03-04 12:00",
        (2, "on_track", "2024-03-04 14:00", "running"),
        (2, "on_track", "2024-03-05 17:00", "running"),
    ),
    "exactly 80% used is at risk": (
        OFFICE,
        "normal",
        history("2024-03-04 10:00 new"),
        None,
        "2024-03-04 13:12",
        (3.2, "at_risk", "2024-03-04 14:00", "running"),
        (3.2, "on_track", "2024-03-05 17:00", "running"),
    ),
    "at the due second still at risk": (
        OFFICE,
        "normal",
        history("2024-03-04 10:00 new"),
        None,
        "2024-03-04 14:00",
        (4, "at_risk", "2024-03-04 14:00", "running"),
        (4, "on_track", "2024-03-05 17:00", "running"),
    ),
    "one second past due is breached": (
        OFFICE,
        "normal",
        history("2024-03-04 10:00 new"),
        None,
        "2024-03-04 14:00:01",
        (4 + 1 / 3600, "breached", "2024-03-04 14:00", "running"),
        (4 + 1 / 3600, "on_track", "2024-03-05 17:00", "running"),
    ),
    "opened on a Saturday starts on Monday": (
        OFFICE,
        "normal",
        history("2024-03-09 10:00 new"),
        None,
        "2024-03-11 10:30",
        (1.5, "on_track", "2024-03-11 13:00", "running"),
        (1.5, "on_track", "2024-03-12 16:00", "running"),
    ),
    "opened Friday evening, over the weekend": (
        OFFICE,
        "normal",
        history("2024-03-08 17:30 new"),
        None,
        "2024-03-11 11:00",
        (2.5, "on_track", "2024-03-11 12:30", "running"),
        (2.5, "on_track", "2024-03-12 15:30", "running"),
    ),
    "National Day holidays do not count": (
        OFFICE,
        "normal",
        history("2024-09-30 16:00 assigned"),
        None,
        "2024-10-08 10:00",
        (3, "on_track", "2024-10-08 11:00", "running"),
        (3, "on_track", "2024-10-09 14:00", "running"),
    ),
    "a make-up Saturday counts": (
        OFFICE,
        "normal",
        history("2024-10-11 16:00 new"),
        None,
        "2024-10-12 11:00",
        (4, "at_risk", "2024-10-12 11:00", "running"),
        (4, "on_track", "2024-10-14 14:00", "running"),
    ),
    "2026 Spring Festival with its make-up Saturday": (
        # Fri 13th 1 h, Sat 14th (make-up) 9 h, 15th-23rd off, Tue 24th 0.5 h.
        OFFICE,
        "high",
        history("2026-02-13 17:00 new"),
        None,
        "2026-02-24 09:30",
        (10.5, "breached", "2026-02-14 10:00", "running"),
        (10.5, "breached", "2026-02-14 16:00", "running"),
    ),
    "waiting on the customer pauses the clock": (
        OFFICE,
        "normal",
        history(
            "2024-03-04 09:00 new",
            "2024-03-04 10:00 assigned",
            "2024-03-04 11:00 waiting_on_customer",
            "2024-03-05 10:00 in_progress",
        ),
        "2024-03-04 10:00",
        "2024-03-05 12:00",
        (1, "met", "2024-03-04 13:00", "stopped"),
        (4, "on_track", "2024-03-06 15:00", "running"),
    ),
    "paused now: due as if resumed now": (
        OFFICE,
        "normal",
        history(
            "2024-03-04 09:00 new",
            "2024-03-04 10:00 assigned",
            "2024-03-04 11:00 waiting_on_customer",
        ),
        "2024-03-04 10:00",
        "2024-03-05 09:30",
        (1, "met", "2024-03-04 13:00", "stopped"),
        (2, "on_track", "2024-03-06 14:30", "paused"),
    ),
    "paused before the first response": (
        OFFICE,
        "normal",
        history("2024-03-04 09:00 new", "2024-03-04 10:00 waiting_on_customer"),
        None,
        "2024-03-04 16:00",
        (1, "on_track", "2024-03-05 10:00", "paused"),
        (1, "on_track", "2024-03-06 13:00", "paused"),
    ),
    "resolved, reopened and resolved again": (
        OFFICE,
        "normal",
        history(
            "2024-03-04 09:00 new",
            "2024-03-04 09:30 in_progress",
            "2024-03-04 12:00 resolved",
            "2024-03-05 10:00 reopened",
            "2024-03-05 10:30 in_progress",
            "2024-03-05 14:00 resolved",
        ),
        "2024-03-04 09:30",
        "2024-03-06 10:00",
        (0.5, "met", "2024-03-04 13:00", "stopped"),
        (7, "met", "2024-03-06 14:00", "stopped"),
    ),
    "reopened and still open keeps counting": (
        OFFICE,
        "normal",
        history("2024-03-04 09:00 new", "2024-03-04 12:00 resolved", "2024-03-05 10:00 reopened"),
        "2024-03-04 09:30",
        "2024-03-05 12:00",
        (0.5, "met", "2024-03-04 13:00", "stopped"),
        (5, "on_track", "2024-03-06 14:00", "running"),
    ),
    "resolution without a response stops both clocks, late": (
        OFFICE,
        "urgent",
        history("2024-03-04 09:00 new", "2024-03-04 15:00 resolved"),
        None,
        "2024-03-05 09:00",
        (6, "breached", "2024-03-04 10:00", "stopped"),
        (6, "breached", "2024-03-04 13:00", "stopped"),
    ),
    "closed after resolved stops at the resolution": (
        OFFICE,
        "normal",
        history("2024-03-04 09:00 new", "2024-03-04 11:00 resolved", "2024-03-06 09:00 closed"),
        "2024-03-04 09:15",
        "2024-03-07 09:00",
        (0.25, "met", "2024-03-04 13:00", "stopped"),
        (2, "met", "2024-03-05 16:00", "stopped"),
    ),
    "midnight on a round-the-clock calendar": (
        ALWAYS,
        "urgent",
        history("2024-03-09 23:00 new"),
        None,
        "2024-03-10 01:00",
        (2, "breached", "2024-03-10 00:00", "running"),
        (2, "on_track", "2024-03-10 03:00", "running"),
    ),
    "lunch break does not count": (
        LUNCH,
        "normal",
        history("2024-03-04 11:30 new"),
        None,
        "2024-03-04 13:30",
        (1, "on_track", "2024-03-04 16:30", "running"),
        (1, "on_track", "2024-03-06 11:30", "running"),
    ),
    "category override: damage answered in 2 h": (
        OFFICE,
        "normal",
        history("2024-03-04 09:00 new"),
        None,
        "2024-03-04 10:45",
        (1.75, "at_risk", "2024-03-04 11:00", "running"),
        (1.75, "on_track", "2024-03-05 16:00", "running"),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_sla_clock_cases(case: str) -> None:
    calendar, priority, changes, responded, now, response, resolution = CASES[case]
    category = "damage" if "damage" in case else "delivery"
    reading = sla_clock(
        changes,
        POLICY,
        calendar,
        at(now),
        priority=priority,
        category=category,
        first_response_at=at(responded) if responded else None,
    )
    for clock, (hours, state, due, running) in (
        (reading.first_response, response),
        (reading.resolution, resolution),
    ):
        assert clock.elapsed_seconds == round(hours * 3600)
        assert clock.state == state
        assert clock.due == at(due)
        assert clock.paused is (running == "paused")
        assert clock.stopped is (running == "stopped")


@pytest.mark.parametrize(
    ("priority", "category", "channel", "hours"),
    [
        ("high", "damage", "phone", (0.5, 4)),  # category + channel
        ("high", "damage", "web_shop", (2, 8)),  # no category-only rule for high -> base
        ("high", "delivery", "phone", (1, 8)),  # channel rule
        ("normal", "damage", "phone", (2, 16)),  # category beats channel
        ("normal", None, None, (4, 16)),
        ("urgent", "damage", "phone", (1, 4)),
    ],
)
def test_the_most_specific_target_applies(priority, category, channel, hours) -> None:
    target = POLICY.target_for(priority, category, channel)
    assert (target.first_response_hours, target.resolution_hours) == hours
    frame = pd.DataFrame({"priority": [priority], "category": [category], "channel": [channel]})
    first, resolution = POLICY.target_seconds(frame)
    assert (first[0], resolution[0]) == (hours[0] * 3600, hours[1] * 3600)


def test_a_custom_pause_status_and_risk_ratio() -> None:
    policy = SlaPolicy(
        POLICY.targets, pause_statuses={"waiting_on_customer", "assigned"}, at_risk_ratio=0.5
    )
    reading = sla_clock(
        history(
            "2024-03-04 09:00 new", "2024-03-04 10:00 assigned", "2024-03-04 12:00 in_progress"
        ),
        policy,
        OFFICE,
        at("2024-03-04 13:00"),
        priority="normal",
    )
    assert reading.first_response.elapsed_seconds == 2 * 3600  # 9-10 and 12-13
    assert reading.first_response.state == "at_risk"  # 50% of 4 h
    assert reading.first_response.used == 0.5


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ([], "history is empty"),
        (history("2024-03-04 10:00 new", "2024-03-04 09:00 assigned"), "out of order"),
        (
            history(
                "2024-03-04 10:00 new", "2024-03-05 09:00 resolved", "2024-03-04 11:00 reopened"
            ),
            "out of order",
        ),
        (history("2024-03-04 10:00 new", "2024-03-04 11:00 pending"), "unknown"),
        (history("2024-03-04 10:00 new", "2024-03-09 11:00 assigned"), "after now"),
    ],
)
def test_bad_histories_are_refused(changes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        sla_clock(changes, POLICY, OFFICE, at("2024-03-06 12:00"), priority="normal")


def test_out_of_order_message_names_the_row() -> None:
    with pytest.raises(ValidationError) as caught:
        sla_clock(
            history(
                "2024-03-04 10:00 new", "2024-03-04 12:00 assigned", "2024-03-04 11:00 in_progress"
            ),
            POLICY,
            OFFICE,
            at("2024-03-06 12:00"),
            priority="normal",
        )
    assert "row 2" in caught.value.problem
    assert caught.value.problems == [("row 2", "earlier than the row before")]


@pytest.mark.parametrize("responded", ["2024-03-04 09:00", "2024-03-07 09:00"])
def test_a_first_response_outside_the_tickets_life_is_refused(responded: str) -> None:
    with pytest.raises(ValidationError, match="outside the ticket's life"):
        sla_clock(
            history("2024-03-04 10:00 new"),
            POLICY,
            OFFICE,
            at("2024-03-06 12:00"),
            priority="normal",
            first_response_at=at(responded),
        )


BASE = [SlaTarget(p, 4, 16) for p in ("low", "normal", "high", "urgent")]


@pytest.mark.parametrize(
    ("extra", "where", "reason"),
    [
        (
            SlaTarget("normal", 20, 16, category="damage"),
            "priority 'normal', category 'damage'",
            "20 h exceeds the resolution target 16 h",
        ),
        (SlaTarget("high", 0, 8, channel="phone"), "first-response target", "more than 0 hours"),
        (SlaTarget("high", 2, -8), "resolution target", "more than 0 hours"),
        (SlaTarget("high", math.nan, 8), "first-response target", "more than 0 hours"),
        (SlaTarget("high", 2, math.inf), "resolution target", "more than 0 hours"),
        (SlaTarget("critical", 1, 2), "priority 'critical'", "unknown"),
        (SlaTarget("high", 1, 2, category="billing"), "category", "unknown"),
        (SlaTarget("high", 1, 2, channel=""), "channel", "channel name"),
        (SlaTarget("normal", 1, 2), "priority 'normal'", "defined twice"),
    ],
)
def test_invalid_targets_are_refused(extra: SlaTarget, where: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SlaPolicy((*BASE, extra))
    assert any(where in w and reason in r for w, r in caught.value.problems)
    assert reason in caught.value.problem


def test_response_target_above_resolution_target_message() -> None:
    with pytest.raises(ValidationError) as caught:
        SlaPolicy((*BASE[:3], SlaTarget("urgent", 6, 4)))
    assert caught.value.problem == (
        "The SLA policy is not valid: priority 'urgent': first-response target: 6 h exceeds "
        "the resolution target 4 h."
    )
    assert "no larger than the resolution target" in caught.value.fix


def test_equal_response_and_resolution_targets_are_allowed() -> None:
    assert SlaPolicy((*BASE[:3], SlaTarget("urgent", 4, 4))).target_for("urgent").scope == (
        "priority 'urgent'"
    )


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        ({"targets": BASE[:3]}, "priority 'urgent'"),
        ({"targets": BASE, "pause_statuses": {"resolved"}}, "pause status 'resolved'"),
        ({"targets": BASE, "pause_statuses": {"on_hold"}}, "pause status 'on_hold'"),
        ({"targets": BASE, "at_risk_ratio": 1.0}, "at-risk ratio"),
        ({"targets": BASE, "at_risk_ratio": 0}, "at-risk ratio"),
    ],
)
def test_invalid_policies_are_refused(kwargs: dict, where: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SlaPolicy(**kwargs)
    assert caught.value.problems[0][0] == where


def test_the_default_policy_is_valid_and_damage_is_faster() -> None:
    policy = default_policy()
    assert (
        policy.target_for("normal", "damage").first_response_hours
        < policy.target_for("normal", "delivery").first_response_hours
    )


# --- batch ----------------------------------------------------------------------------------------


def frames(tickets: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [
        {"ticket_id": t["ticket_id"], "changed_at": when, "status": status}
        for t in tickets
        for when, status in t["history"]
    ]
    table = pd.DataFrame([{k: v for k, v in t.items() if k != "history"} for t in tickets])
    return table, pd.DataFrame(rows, columns=["ticket_id", "changed_at", "status"])


def test_batch_reads_the_table_cases_like_the_scalar_clock() -> None:
    now = at("2024-03-05 12:00")
    tickets = [
        {
            "ticket_id": 7,
            "priority": "normal",
            "category": "delivery",
            "channel": "store",
            "opened_at": at("2024-03-04 09:00"),
            "first_response_at": at("2024-03-04 10:00"),
            "history": history(
                "2024-03-04 10:00 assigned",
                "2024-03-04 11:00 waiting_on_customer",
                "2024-03-05 10:00 in_progress",
            ),
        },
        {
            "ticket_id": 8,
            "priority": "urgent",
            "category": None,
            "channel": None,
            "opened_at": at("2024-03-04 09:00"),
            "first_response_at": None,
            "history": history("2024-03-04 15:00 resolved"),
        },
        {
            "ticket_id": 9,
            "priority": "high",
            "category": "damage",
            "channel": "phone",
            "opened_at": at("2024-03-05 11:35"),
            "first_response_at": None,
            "history": [],
        },
    ]
    table, changes = frames(tickets)
    result = sla_batch(table, changes, POLICY, OFFICE, now)
    assert result["ticket_id"].tolist() == [7, 8, 9]
    assert result["first_response_state"].tolist() == ["met", "breached", "at_risk"]
    assert result["resolution_state"].tolist() == ["on_track", "breached", "on_track"]
    assert result["resolution_elapsed_s"].tolist() == [4 * 3600, 6 * 3600, 1500]
    assert result["first_response_target_s"].tolist() == [4 * 3600, 3600, 1800]
    assert result["resolution_due"].tolist() == [
        pd.Timestamp("2024-03-06 15:00"),
        pd.Timestamp("2024-03-04 13:00"),
        pd.Timestamp("2024-03-05 15:35"),
    ]
    assert result["current_status"].tolist() == ["in_progress", "resolved", "new"]
    assert result["first_response_breached"].tolist() == [False, True, False]


def test_batch_refuses_bad_tables_naming_the_ticket() -> None:
    now = at("2024-03-06 12:00")
    good = {
        "ticket_id": 1,
        "priority": "normal",
        "opened_at": at("2024-03-04 09:00"),
        "history": history("2024-03-04 10:00 assigned"),
    }
    cases = [
        (
            {
                **good,
                "ticket_id": 5,
                "history": history("2024-03-04 12:00 assigned", "2024-03-04 11:00 in_progress"),
            },
            "out of order \\(first: ticket 5\\)",
        ),
        (
            {**good, "ticket_id": 6, "history": history("2024-03-04 08:00 assigned")},
            "out of order \\(first: ticket 6\\)",
        ),
        (
            {**good, "ticket_id": 2, "history": history("2024-03-07 08:00 assigned")},
            "after now \\(first: ticket 2\\)",
        ),
        ({**good, "ticket_id": 3, "priority": "critical"}, "first: ticket 3, priority 'critical'"),
        (
            {**good, "ticket_id": 4, "opened_at": at("2024-03-07 09:00"), "history": []},
            "open after now \\(first: 4\\)",
        ),
        ({**good, "ticket_id": 1}, "more than once"),
        (
            {**good, "ticket_id": 8, "history": history("2024-03-04 10:00 pending")},
            "unknown status 'pending'",
        ),
    ]
    for bad, message in cases:
        table, changes = frames([good, bad])
        with pytest.raises(ValidationError, match=message):
            sla_batch(table, changes, POLICY, OFFICE, now)


def test_batch_refuses_missing_columns() -> None:
    with pytest.raises(ValidationError, match="lacks the column\\(s\\) opened_at"):
        sla_batch(
            pd.DataFrame({"ticket_id": [1], "priority": ["low"]}),
            pd.DataFrame(columns=["ticket_id", "changed_at", "status"]),
            POLICY,
            OFFICE,
            at("2024-03-06 12:00"),
        )


def test_batch_ignores_history_of_other_tickets() -> None:
    ticket = {
        "ticket_id": 1,
        "priority": "normal",
        "opened_at": at("2024-03-04 09:00"),
        "history": history("2024-03-04 10:00 waiting_on_customer"),
    }
    other = {
        "ticket_id": 99,
        "priority": "normal",
        "opened_at": at("2024-03-04 09:00"),
        "history": history("2024-03-04 09:30 resolved"),
    }
    table, changes = frames([ticket])
    _, extra = frames([other])
    alone = sla_batch(table, changes, POLICY, OFFICE, at("2024-03-04 12:00"))
    mixed = sla_batch(table, pd.concat([extra, changes]), POLICY, OFFICE, at("2024-03-04 12:00"))
    pd.testing.assert_frame_equal(alone, mixed)
    assert alone["resolution_paused"].tolist() == [True]


# --- batch == scalar on random tickets ----------------------------------------------------------

START = datetime(2024, 9, 20, 0, 0)  # spans National Day 2024 and its make-up days


@st.composite
def random_tickets(draw: st.DrawFn) -> tuple[list[dict], datetime]:
    tickets, latest = [], START
    for ticket_id in range(draw(st.integers(1, 6))):
        opened = START + timedelta(seconds=draw(st.integers(0, 20 * 86400)))
        changes, when = [], opened
        if draw(st.booleans()):
            changes.append((opened, "new"))  # history may or may not repeat the opening
        for _ in range(draw(st.integers(0, 6))):
            when += timedelta(seconds=draw(st.integers(0, 3 * 86400)))
            changes.append((when, draw(st.sampled_from(STATUSES))))
        latest = max(latest, when)
        tickets.append(
            {
                "ticket_id": f"T{ticket_id}",
                "priority": draw(st.sampled_from(("low", "normal", "high", "urgent"))),
                "category": draw(st.sampled_from((*CATEGORIES, None))),
                "channel": draw(st.sampled_from(("phone", "web_shop", None))),
                "opened_at": opened,
                "response_share": draw(st.one_of(st.none(), st.floats(0, 1))),
                "history": changes,
            }
        )
    now = latest + timedelta(seconds=draw(st.integers(0, 5 * 86400)))
    for ticket in tickets:
        share = ticket.pop("response_share")
        ticket["first_response_at"] = (
            None
            if share is None
            else ticket["opened_at"]
            + timedelta(seconds=int(share * (now - ticket["opened_at"]).total_seconds()))
        )
    return tickets, now


@settings(max_examples=60, deadline=None)
@given(random_tickets(), st.sampled_from([OFFICE, LUNCH, ALWAYS]), st.floats(0.5, 0.95))
def test_batch_equals_the_scalar_clock(drawn, calendar, ratio) -> None:
    tickets, now = drawn
    policy = SlaPolicy(POLICY.targets, at_risk_ratio=ratio)
    table, changes = frames(tickets)
    batch = sla_batch(table, changes, policy, calendar, now).set_index("ticket_id")
    for ticket in tickets:
        reading = sla_clock(
            [(ticket["opened_at"], "new"), *ticket["history"]],
            policy,
            calendar,
            now,
            priority=ticket["priority"],
            category=ticket["category"],
            channel=ticket["channel"],
            first_response_at=ticket["first_response_at"],
        )
        row = batch.loc[ticket["ticket_id"]]
        for name, clock in (
            ("first_response", reading.first_response),
            ("resolution", reading.resolution),
        ):
            assert row[f"{name}_elapsed_s"] == clock.elapsed_seconds
            assert row[f"{name}_target_s"] == clock.target_seconds
            assert row[f"{name}_due"] == pd.Timestamp(clock.due)
            assert row[f"{name}_state"] == clock.state
            assert row[f"{name}_stopped"] == clock.stopped
            assert row[f"{name}_paused"] == clock.paused
            assert row[f"{name}_breached"] == (clock.state == "breached")


def test_batch_of_no_tickets_has_the_same_columns_and_dtypes() -> None:
    ticket = {
        "ticket_id": 1,
        "priority": "normal",
        "opened_at": at("2024-03-04 09:00"),
        "history": history("2024-03-04 10:00 resolved"),
    }
    table, changes = frames([ticket])
    one = sla_batch(table, changes, POLICY, OFFICE, at("2024-03-05 09:00"))
    none = sla_batch(table.iloc[:0], changes, POLICY, OFFICE, at("2024-03-05 09:00"))
    assert len(none) == 0
    assert none.dtypes.to_dict() == one.dtypes.to_dict()
