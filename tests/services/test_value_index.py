"""The omnichannel value index grows with spend, channels and engagement (property tests)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.services.value_index import (
    CHANNEL_TYPES,
    ValueIndexParams,
    channel_matrix,
    value_index,
)

spends = st.floats(-1e6, 1e9, allow_nan=False)
channel_counts = st.integers(0, len(CHANNEL_TYPES))
interaction_counts = st.integers(0, 10**6)
params = st.builds(
    ValueIndexParams,
    spend_scale=st.floats(1, 1e5),
    engagement_scale=st.floats(0.1, 1e3),
    engagement_weight=st.floats(0.01, 10),
    channel_weight=st.floats(0.01, 10),
)


def _index(spend, channels, interactions, p):
    return float(value_index(spend, channels, interactions, p))


@given(spends, st.floats(0.01, 1e6), channel_counts, interaction_counts, params)
def test_more_spend_never_lowers_the_index_and_raises_it_above_zero(spend, extra, k, i, p):
    before, after = _index(spend, k, i, p), _index(spend + extra, k, i, p)
    assert after >= before
    if spend + extra >= 0.01:  # at least a cent above zero
        assert after > before


@given(spends, st.integers(0, len(CHANNEL_TYPES) - 1), interaction_counts, params)
def test_another_channel_raises_the_index_of_anyone_who_spent_or_interacted(spend, k, i, p):
    before, after = _index(spend, k, i, p), _index(spend, k + 1, i, p)
    assert after >= before
    if spend >= 0.01 or i > 0:
        assert after > before


@given(spends, channel_counts, st.integers(0, 10**6), st.integers(1, 1000), params)
def test_more_interactions_always_raise_the_index(spend, k, i, extra, p):
    assert _index(spend, k, i + extra, p) > _index(spend, k, i, p)


def test_reference_point_and_documented_shape():
    # One channel, spend = the spend scale, no interactions: 100.
    assert _index(1000, 1, 0, None) == pytest.approx(100)
    # Two channels are worth (1 + 2c)/(1 + c) = 4/3 of one with the default c = 0.5.
    assert _index(1000, 2, 0, None) == pytest.approx(400 / 3)
    # Ten interactions are worth half a spend unit by default.
    assert _index(0, 1, 10, None) == pytest.approx(50)
    # Net returns count as zero spend.
    assert _index(-500, 3, 0, None) == _index(0, 3, 0, None) == 0
    assert math.isclose(_index(3000, 1, 0, None), 200)  # log2(1 + 3) = 2


def test_vectorised_over_series():
    spend = pd.Series([0.0, 1000, 3000])
    result = value_index(spend, pd.Series([1, 1, 2]), pd.Series([0, 0, 10]))
    assert result.shape == (3,)
    assert result.tolist() == pytest.approx([0, 100, (200 + 50) * 4 / 3])


def test_invalid_inputs_are_refused():
    with pytest.raises(ValueError, match="channels"):
        value_index(100, 6, 0)
    with pytest.raises(ValueError, match="interactions"):
        value_index(100, 1, -1)
    with pytest.raises(ValueError, match="positive"):
        ValueIndexParams(spend_scale=0)


def test_channel_matrix_from_activity_rows():
    activity = pd.DataFrame(
        {
            "customer": [3, 1, 1, 2, 3, 3],
            "channel_type": [
                "social",
                "marketplace",
                "social",
                "direct_store",
                "social",
                "own_ecommerce",
            ],
        }
    )
    matrix = channel_matrix(activity)
    assert matrix.index.tolist() == [1, 2, 3]
    assert matrix.columns.tolist() == [*CHANNEL_TYPES, "n_channels"]
    assert matrix["n_channels"].tolist() == [2, 1, 2]
    assert matrix.loc[3, ["own_ecommerce", "social"]].tolist() == [True, True]
    with pytest.raises(ValueError, match="unknown channel type"):
        channel_matrix(pd.DataFrame({"customer": [1], "channel_type": ["fax"]}))


def test_channel_types_are_the_database_ones():
    from console.db.channels import CHANNEL_TYPES as STORED

    assert CHANNEL_TYPES == STORED
