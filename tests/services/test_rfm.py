"""RFM against a hand-computed example; segments, lifecycle, migration, channel combinations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.errors import ValidationError
from console.services.rfm import (
    NO_SEGMENT,
    SEGMENT_GRID,
    SEGMENTS,
    channel_combinations,
    clean_transactions,
    lifecycle_stages,
    quintile,
    rf_grid,
    rfm_scores,
    segment_migration,
    segment_summary,
    stable_argsort,
    summarize_customers,
)
from console.services.value_index import CHANNEL_TYPES

TX = pd.DataFrame(
    [
        (1, "2024-06-30", 100),
        (1, "2024-06-01", 50),
        (2, "2024-01-10", 500),
        (3, "2024-06-20", 80),
        (3, "2024-06-20", 20),
        (3, "2024-05-01", 30),
        (3, "2024-04-01", -10),  # a return: kept as a negative amount
        (4, "2024-03-15", 200),
        (4, "2024-06-25", 300),
        (4, "2024-06-25", -50),
        (5, "2024-06-30", 10),
        *[(6, day, 1000) for day in ("2023-12-01", "2024-02-01", "2024-03-01", "2024-04-01")],
        (6, "2024-05-01", 1000),
    ],
    columns=["cust", "day", "amt"],
)

# Worked by hand (docs/segments.md): as of 2024-07-01, the day after the last transaction.
# Six customers: quintile edges of ranks 1..6 are 2, 3, 4, 5 -> ranks 1,2,3,4,5,6 score
# 1,1,2,3,4,5. Recency 1,173,11,6,1,61: ranks (ties by id) 1,6,4,3,2,5 -> R = 5,1,3,4,5,2.
# Frequency 2,1,4,3,1,5: ranks 3,1,5,4,2,6 -> F = 2,1,4,3,1,5.
# Monetary 150,500,120,450,10,5000: ranks 3,5,2,4,1,6 -> M = 2,4,1,3,1,5.
EXPECTED = pd.DataFrame(
    {
        "customer": [1, 2, 3, 4, 5, 6],
        "recency_days": [1, 173, 11, 6, 1, 61],
        "frequency": [2, 1, 4, 3, 1, 5],
        "monetary": [150.0, 500.0, 120.0, 450.0, 10.0, 5000.0],
        "r": [5, 1, 3, 4, 5, 2],
        "f": [2, 1, 4, 3, 1, 5],
        "m": [2, 4, 1, 3, 1, 5],
        "segment": [
            "Potential Loyalists",
            "Hibernating",
            "Loyal Customers",
            "Potential Loyalists",
            "New Customers",
            "Can't Lose Them",
        ],
    }
)


def _rfm(tx: pd.DataFrame = TX, as_of=None) -> pd.DataFrame:
    customers, as_of = summarize_customers(clean_transactions(tx, "cust", "day", "amt"), as_of)
    return rfm_scores(customers, as_of)


def test_rfm_matches_the_hand_computed_example():
    result = _rfm()
    assert result.columns.tolist() == EXPECTED.columns.tolist()
    for column in ("customer", "recency_days", "frequency", "r", "f", "m"):
        assert result[column].tolist() == EXPECTED[column].tolist(), column
    assert result["monetary"].tolist() == EXPECTED["monetary"].tolist()
    assert result["segment"].astype(str).tolist() == EXPECTED["segment"].tolist()


def test_rfm_does_not_depend_on_row_order():
    shuffled = TX.sample(frac=1, random_state=7).reset_index(drop=True)
    pd.testing.assert_frame_equal(_rfm(shuffled), _rfm())


def test_ties_go_to_the_earlier_customer_id():
    tx = pd.DataFrame({"cust": [5, 3, 1, 4, 2], "day": ["2024-01-01"] * 5, "amt": [10.0] * 5})
    result = _rfm(tx)
    assert result["customer"].tolist() == [1, 2, 3, 4, 5]
    assert result["f"].tolist() == [1, 2, 3, 4, 5]  # equal frequency: rank by id
    assert result["r"].tolist() == [5, 4, 3, 2, 1]  # equal recency: earlier id ranks as recent


def test_explicit_as_of_ignores_later_transactions():
    result = _rfm(as_of="2024-06-01")
    assert result["customer"].tolist() == [2, 3, 4, 6]  # customers 1 and 5 start in June
    assert result.set_index("customer").loc[
        3, ["recency_days", "frequency", "monetary"]
    ].tolist() == [
        31,
        2,
        20,
    ]


@given(st.lists(st.integers(-3, 3), min_size=2, max_size=60))
def test_quintile_is_qcut_of_first_rank(values):
    expected = pd.qcut(pd.Series(values).rank(method="first"), 5, labels=[1, 2, 3, 4, 5])
    assert quintile(np.array(values)).tolist() == expected.astype(int).tolist()


def test_segment_grid_is_the_issue_table():
    cells = {
        "Champions": [(5, 4), (5, 5)],
        "Loyal Customers": [(3, 4), (3, 5), (4, 4), (4, 5)],
        "Potential Loyalists": [(4, 2), (4, 3), (5, 2), (5, 3)],
        "New Customers": [(5, 1)],
        "Promising": [(4, 1)],
        "Need Attention": [(3, 3)],
        "About to Sleep": [(3, 1), (3, 2)],
        "At Risk": [(1, 3), (1, 4), (2, 3), (2, 4)],
        "Can't Lose Them": [(1, 5), (2, 5)],
        "Hibernating": [(1, 1), (1, 2), (2, 1), (2, 2)],
    }
    assert sum(len(v) for v in cells.values()) == 25
    for segment, rf in cells.items():
        for r, f in rf:
            assert SEGMENT_GRID[r - 1, f - 1] == segment
    assert set(SEGMENTS) == set(cells)


def test_bad_transactions_name_rows_and_columns():
    with pytest.raises(ValidationError) as error:
        clean_transactions(TX, "cust", "day", "amount")
    assert "'amount'" in error.value.problem and "'amt'" in error.value.problem
    bad = pd.DataFrame(
        {
            "cust": [1, 2, 3, None, 5],
            "day": ["2024-01-01", None, "2024-13-45", "2024-01-02", "2024-01-03"],
            "amt": ["10", "20", "30", "40", "abc"],
        }
    )
    with pytest.raises(ValidationError) as error:
        clean_transactions(bad, "cust", "day", "amt")
    assert error.value.problems == [
        ("row 2, column 'day'", "missing date"),
        ("row 3, column 'day'", "not a date"),
        ("row 4, column 'cust'", "no customer"),
        ("row 5, column 'amt'", "not a number"),
    ]
    assert "row 2, column 'day'" in error.value.problem
    with pytest.raises(ValidationError, match="no rows"):
        clean_transactions(TX.iloc[:0], "cust", "day", "amt")


def test_negative_amounts_are_kept():
    clean = clean_transactions(TX, "cust", "day", "amt")
    assert clean["amount"].min() == -50
    assert clean["amount"].sum() == TX["amt"].sum()


LIFECYCLE_TX = pd.concat(
    [
        TX,
        pd.DataFrame(
            [(7, "2023-01-01", 100), (7, "2024-06-15", 100), (8, "2023-06-01", 100)],
            columns=TX.columns,
        ),
    ],
    ignore_index=True,
)


def test_lifecycle_stages():
    # Window: the 90 days before 2024-07-01, i.e. from 2024-04-02; lapsed after 180 days.
    customers, as_of = summarize_customers(
        clean_transactions(LIFECYCLE_TX, "cust", "day", "amt"), active_days=90
    )
    stages = lifecycle_stages(customers, as_of, active_days=90, lapsed_days=180)
    assert dict(zip(customers["customer"], stages.astype(str), strict=True)) == {
        1: "new",  # first purchase 2024-06-01
        2: "at risk",  # last purchase 173 days ago
        3: "active",  # bought 2024-04-01, just before the window, and in it
        4: "active",
        5: "new",
        6: "active",
        7: "won back",  # 457 days without a purchase before the window, then one in it
        8: "lapsed",  # last purchase 396 days ago
    }
    with pytest.raises(ValueError):
        lifecycle_stages(customers, as_of, active_days=200, lapsed_days=100)


def test_migration_matrix_between_two_dates():
    before, after = _rfm(as_of="2024-04-01"), _rfm()
    # Before: customers 2, 4, 6 only; scores of 3 customers are 1, 3, 5 (worked in the docs).
    assert dict(zip(before["customer"], before["segment"].astype(str), strict=True)) == {
        2: "Hibernating",
        4: "Potential Loyalists",
        6: "Loyal Customers",
    }
    matrix = segment_migration(before, after)
    assert matrix.index.tolist() == [*SEGMENTS, NO_SEGMENT] == matrix.columns.tolist()
    moves = {(a, b): n for (a, b), n in matrix.stack().items() if n}
    assert moves == {
        ("Hibernating", "Hibernating"): 1,
        ("Potential Loyalists", "Potential Loyalists"): 1,
        ("Loyal Customers", "Can't Lose Them"): 1,
        (NO_SEGMENT, "Potential Loyalists"): 1,
        (NO_SEGMENT, "Loyal Customers"): 1,
        (NO_SEGMENT, "New Customers"): 1,
    }


def test_rf_grid_and_segment_summary():
    rfm = _rfm()
    grid = rf_grid(rfm)
    assert len(grid) == 25 and grid["customers"].sum() == 6
    assert grid["revenue_share"].sum() == pytest.approx(1.0)
    cell = grid[(grid["r"] == 5) & (grid["f"] == 2)].iloc[0]
    assert (cell["segment"], cell["customers"], cell["revenue"]) == ("Potential Loyalists", 1, 150)
    summary = segment_summary(
        rfm.assign(value_index=[1.0, 2, 3, 5, 4, 6]), _rfm(as_of="2024-04-01")
    )
    row = summary.set_index("segment").loc["Potential Loyalists"]
    assert row["customers"] == 2 and row["revenue"] == 600
    assert row["revenue_share"] == pytest.approx(600 / 6230)
    assert row["avg_value_index"] == pytest.approx(3.0)
    assert (row["previous_customers"], row["change"]) == (1, 1)
    assert summary["segment"].tolist() == list(SEGMENTS)


def test_channel_combinations_count_exact_combinations():
    channels = pd.DataFrame(False, index=[1, 2, 3, 4], columns=list(CHANNEL_TYPES))
    channels.loc[[1, 2], ["direct_store", "social"]] = True
    channels.loc[3, "marketplace"] = True
    table = channel_combinations(channels, pd.Series([10.0, 20, 30, 5], index=[1, 2, 3, 4]))
    assert table[["combination", "n_channels", "customers", "avg_value"]].values.tolist() == [
        ["direct_store+social", 2, 2, 15.0],
        ["(none)", 0, 1, 5.0],
        ["marketplace", 1, 1, 30.0],
    ]
    assert table.loc[0, list(CHANNEL_TYPES)].tolist() == [True, False, False, False, True]


@pytest.mark.parametrize(
    "values",
    [
        np.array([3, 1, 3, 2, 1, 3]),  # small span: int16 radix
        np.array([70_000, 5, 40_000, 5, 70_000]),  # wide span with ties: numpy's stable sort
        np.random.default_rng(1).permutation(50_000) + 10**9,  # distinct ids: slots
        np.r_[np.random.default_rng(2).permutation(40_000), 7],  # ids with one duplicate
        np.array([2.5, -1.0, 2.5, 0.0]),
        np.array(["b", "a", "b"], dtype=object),
        np.array([], dtype=np.int64),
    ],
)
def test_stable_argsort_equals_numpys_stable_sort(values):
    assert (stable_argsort(values) == np.argsort(values, kind="stable")).all()
