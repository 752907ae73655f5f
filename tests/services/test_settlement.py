"""Statement lines and totals: each money flow of docs/dealers.md, and exact reconciliation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.errors import UserError
from console.services.settlement import (
    LINE_COLUMNS,
    SettlementPolicy,
    statement_lines,
    totals,
    totals_by_dealer,
)


def fulfilled(*rows: tuple) -> pd.DataFrame:
    """(dealer_id, order_id, net, returned, fee_rate, margin_rate)."""
    return pd.DataFrame(
        [
            {
                "dealer_id": d,
                "order_id": o,
                "order_no": f"HQ{o}",
                "channel": "TMALL",
                "net_amount": net,
                "returned_amount": returned,
                "platform_fee_rate": fee,
                "hq_margin_rate": margin,
            }
            for d, o, net, returned, fee, margin in rows
        ],
        columns=[
            "dealer_id",
            "order_id",
            "order_no",
            "channel",
            "net_amount",
            "returned_amount",
            "platform_fee_rate",
            "hq_margin_rate",
        ],
    )


def damage(*rows: tuple) -> pd.DataFrame:
    """(dealer_id, ticket_code, order_id, net)."""
    return pd.DataFrame(
        [
            {"dealer_id": d, "ticket_code": t, "order_id": o, "order_no": f"HQ{o}", "net_amount": n}
            for d, t, o, n in rows
        ],
        columns=["dealer_id", "ticket_code", "order_id", "order_no", "net_amount"],
    )


def captured(*rows: tuple) -> pd.DataFrame:
    """(dealer_id, order_id, net, returned)."""
    return pd.DataFrame(
        [
            {
                "dealer_id": d,
                "order_id": o,
                "order_no": f"HQ{o}",
                "net_amount": n,
                "returned_amount": r,
            }
            for d, o, n, r in rows
        ],
        columns=["dealer_id", "order_id", "order_no", "net_amount", "returned_amount"],
    )


def amounts(lines: pd.DataFrame) -> dict[str, list[float]]:
    return {k: g["amount"].tolist() for k, g in lines.groupby("kind", sort=False)}


def test_each_money_flow_has_its_line():
    lines = statement_lines(
        fulfilled((1, 10, 1000.0, 200.0, 0.05, 0.15)),
        damage((1, "T1", 10, 1000.0)),
        captured((1, 20, 500.0, 0.0)),
        SettlementPolicy(capture_credit_rate=0.02, damage_claim_rate=0.10),
    )
    assert list(lines.columns) == list(LINE_COLUMNS)
    assert amounts(lines) == {
        "order": [1000.0],
        "platform_fee": [-50.0],
        "hq_margin": [-150.0],
        "return": [-160.0],  # the dealer's 80% share of the 200 refunded
        "damage_claim": [-100.0],
        "capture_credit": [10.0],
    }
    header = totals(lines)
    assert header == {
        "orders_count": 1,
        "orders_amount": 1000.0,
        "platform_fees": 50.0,
        "hq_margin": 150.0,
        "adjustments": -260.0,
        "capture_credit": 10.0,
        "amount_due": 550.0,
    }


def test_zero_fee_channels_have_no_fee_line_and_full_returns_cancel_the_dealer_share():
    lines = statement_lines(
        fulfilled((1, 10, 300.0, 300.0, 0.0, 0.2)), damage(), captured(), SettlementPolicy()
    )
    assert sorted(lines["kind"]) == ["hq_margin", "order", "return"]
    assert totals(lines)["amount_due"] == 0.0


def test_capture_credit_is_on_what_the_customer_kept():
    lines = statement_lines(
        fulfilled(),
        damage(),
        captured((3, 1, 1000.0, 400.0)),
        SettlementPolicy(capture_credit_rate=0.05),
    )
    assert lines[["dealer_id", "kind", "amount"]].values.tolist() == [[3, "capture_credit", 30.0]]


def test_lines_round_half_away_from_zero_to_the_cent():
    # 0.125 would round to 0.12 with round-half-to-even
    lines = statement_lines(fulfilled((1, 1, 2.5, 0.0, 0.05, 0.15)), damage(), captured())
    assert amounts(lines)["platform_fee"] == [-0.13]
    assert amounts(lines)["hq_margin"] == [-0.38]


def test_totals_per_dealer_split_the_lines():
    lines = statement_lines(
        fulfilled((1, 1, 100.0, 0.0, 0.0, 0.1), (2, 2, 200.0, 0.0, 0.0, 0.1)), damage(), captured()
    )
    by = totals_by_dealer(lines).set_index("dealer_id")
    assert by.loc[1, "amount_due"] == 90.0 and by.loc[2, "amount_due"] == 180.0


def test_a_month_without_anything_is_an_empty_statement():
    lines = statement_lines(fulfilled(), damage(), captured())
    assert lines.empty and totals(lines)["amount_due"] == 0.0


def test_rates_outside_zero_to_one_are_refused():
    with pytest.raises(UserError, match="capture credit rate"):
        SettlementPolicy(capture_credit_rate=1.5)


money = st.integers(0, 5_000_000).map(lambda cents: cents / 100)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            money,
            st.floats(0, 1),
            st.sampled_from([0.0, 0.006, 0.05, 0.06]),
            st.sampled_from([0.12, 0.15, 0.17]),
        ),
        min_size=1,
        max_size=40,
    ),
    st.lists(st.tuples(money, st.floats(0, 1)), max_size=10),
)
def test_statement_adds_up_to_the_cent_and_reconciles_with_the_orders(orders, captures):
    rows = [
        (1, i, net, round(net * share, 2), fee, margin)
        for i, (net, share, fee, margin) in enumerate(orders)
    ]
    frame = fulfilled(*rows)
    capture = captured(*[(1, 1000 + i, n, round(n * s, 2)) for i, (n, s) in enumerate(captures)])
    lines = statement_lines(frame, damage(), capture)
    header = totals(lines)
    net = frame["net_amount"].to_numpy()
    # the header is the lines' sum, to the cent
    assert math.isclose(header["amount_due"], round(lines["amount"].sum(), 2), abs_tol=1e-6)
    assert math.isclose(
        header["amount_due"],
        header["orders_amount"]
        - header["platform_fees"]
        - header["hq_margin"]
        + header["adjustments"]
        + header["capture_credit"],
        abs_tol=1e-6,
    )
    # the orders reconcile: amounts exactly, fees and margin within half a cent per order
    assert header["orders_count"] == len(frame)
    assert math.isclose(header["orders_amount"], round(net.sum(), 2), abs_tol=1e-6)
    fees = (net * frame["platform_fee_rate"].to_numpy()).sum()
    margin = (net * frame["hq_margin_rate"].to_numpy()).sum()
    assert abs(header["platform_fees"] - fees) <= 0.005 * len(frame) + 1e-6
    assert abs(header["hq_margin"] - margin) <= 0.005 * len(frame) + 1e-6
    share = 1 - frame["platform_fee_rate"] - frame["hq_margin_rate"]
    returns = (frame["returned_amount"] * share).sum()
    assert abs(-header["adjustments"] - returns) <= 0.005 * len(frame) + 1e-6
    # every line amount is a whole number of cents
    cents = lines["amount"].to_numpy() * 100
    assert np.allclose(cents, np.round(cents), atol=1e-6)
