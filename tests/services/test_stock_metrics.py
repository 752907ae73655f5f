"""Stock monitor figures checked against hand computations, plus roll-ups and sourcing."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.errors import UserError, ValidationError
from console.services.rebalancing_sourcing import (
    distance_km,
    fulfilment_options,
    responsible_dealer,
)
from console.services.stock_metrics import (
    STATUSES,
    MonitorSettings,
    alert_list,
    cover_heatmap,
    rollup,
    stock_metrics,
    stock_timeline,
)

Z95 = 1.6448536269514722


def _levels(**columns) -> pd.DataFrame:
    base = {
        "location": ["A"],
        "sku": ["x"],
        "on_hand": [10],
        "reserved": [3],
        "online_hold": [1],
        "in_transit": [5],
        "unit_cost": [4.0],
        "unit_price": [10.0],
    }
    base.update(columns)
    return pd.DataFrame(base)


# Four days ending 2024-03-04: sales 2, 0, 4 (two rows), 0  -> mean 1.5, sample var 11/3.
DEMAND = pd.DataFrame(
    {
        "location": ["A", "A", "A", "A"],
        "sku": ["x"] * 4,
        "day": ["2024-03-01", "2024-03-03", "2024-03-03", "2024-02-20"],
        "qty": [2, 3, 1, 50],
    }
)
AS_OF = date(2024, 3, 4)


def _one(levels=None, demand=DEMAND, **options) -> pd.Series:
    options.setdefault("window_days", 4)
    options.setdefault("as_of", AS_OF)
    options.setdefault("lead_time_days", 4)
    metrics = stock_metrics(
        _levels() if levels is None else levels, demand, MonitorSettings(**options)
    )
    assert len(metrics) == 1
    return metrics.iloc[0]


def test_atp_demand_cover_and_safety_stock():
    row = _one()
    assert row["atp"] == 10 - 3 - 1
    assert row["position"] == 6  # in transit not counted by default
    assert row["demand_mean"] == pytest.approx(1.5)
    assert row["demand_std"] == pytest.approx(math.sqrt(11 / 3))
    assert row["days_sold"] == 2 and row["window_units"] == 6
    # 6 units in the window: not a slow mover, so the 50 sold earlier do not change the cover
    assert not row["slow"] and row["cover_demand"] == row["demand_mean"]
    assert row["slow_demand_mean"] == pytest.approx(56 / 90)
    assert row["days_of_cover"] == pytest.approx(4.0)
    assert row["safety_stock_needed"] == pytest.approx(Z95 * math.sqrt(11 / 3) * 2)
    with_transit = _one(include_in_transit=True)
    assert with_transit["position"] == 11
    assert with_transit["days_of_cover"] == pytest.approx(11 / 1.5)


def test_normal_risk_at_the_mean_is_one_half():
    row = _one(risk_model="normal")  # lead-time demand 6 = position 6
    sigma = math.sqrt(11 / 3) * 2
    assert row["risk_model"] == "normal"
    assert row["stockout_risk"] == pytest.approx(0.5)
    assert row["expected_shortage"] == pytest.approx(sigma / math.sqrt(2 * math.pi))
    assert row["shortage_value"] == pytest.approx(row["expected_shortage"] * 10)
    assert row["at_risk"] and row["status"] == "stockout"


def test_poisson_risk_for_slow_movers():
    # mean 0.5 a day over 4 days -> Poisson(2); position 1.
    demand = pd.DataFrame({"location": ["A"], "sku": ["x"], "day": ["2024-03-02"], "qty": [2]})
    row = _one(_levels(on_hand=2, reserved=1, online_hold=0), demand)
    assert row["risk_model"] == "poisson"  # auto: lead-time demand 2 < 20
    assert row["stockout_risk"] == pytest.approx(1 - 3 * math.exp(-2))
    assert row["expected_shortage"] == pytest.approx(2 - 1 + math.exp(-2))
    forced = _one(_levels(on_hand=2, reserved=1, online_hold=0), demand, risk_model="normal")
    assert forced["risk_model"] == "normal"


def test_no_demand_means_no_risk_and_infinite_cover():
    empty = DEMAND.iloc[0:0]
    row = _one(demand=empty, overstock_days=30)
    assert row["risk_model"] == "none" and row["stockout_risk"] == 0
    assert row["days_of_cover"] == math.inf
    assert row["slow"] and row["overstock"] and row["status"] == "overstock"
    assert row["excess_units"] == 6 and row["excess_value"] == 24
    oversold = _one(_levels(on_hand=1, reserved=3), empty)
    assert oversold["stockout_risk"] == 1 and oversold["days_of_cover"] == 0
    assert oversold["status"] == "stockout"


def test_display_units_up_to_target_are_a_slow_mover_not_overstock():
    empty = DEMAND.iloc[0:0]
    shown = _one(_levels(target_stock=[6]), empty, overstock_days=30)  # position 6
    assert shown["days_of_cover"] == math.inf and not shown["overstock"]
    assert shown["status"] == "slow" and shown["excess_units"] == 0
    assert shown["money_at_risk"] == 0
    more = _one(_levels(target_stock=[2]), empty, overstock_days=30)
    assert more["status"] == "overstock" and more["excess_units"] == 4
    assert more["money_at_risk"] == pytest.approx(4 * 4.0)
    none_left = _one(_levels(on_hand=0, reserved=0, online_hold=0), empty)
    assert none_left["slow"] and none_left["status"] == "ok"  # no stock: nothing to judge


# Window of 4 days ending 2024-03-04, slow movers' window of 10: 1 unit sold in the window,
# 2 more before it but inside the 10 days, 5 long before (ignored).
SLOW_DEMAND = pd.DataFrame(
    {
        "location": ["A"] * 3,
        "sku": ["x"] * 3,
        "day": ["2024-03-03", "2024-02-26", "2024-02-10"],
        "qty": [1, 2, 5],
    }
)


def test_slow_mover_cover_uses_the_longer_window():
    row = _one(demand=SLOW_DEMAND, slow_window_days=10, overstock_days=30)  # position 6
    assert row["window_units"] == 1 and row["slow"]
    assert row["demand_mean"] == pytest.approx(1 / 4)  # risk and safety stock keep the window
    assert row["cover_demand"] == row["slow_demand_mean"] == pytest.approx(3 / 10)
    assert row["days_of_cover"] == pytest.approx(6 / 0.3)
    assert row["status"] == "slow" and row["excess_units"] == 0
    over = _one(demand=SLOW_DEMAND, slow_window_days=10, overstock_days=15)
    assert over["status"] == "overstock"
    assert over["excess_units"] == pytest.approx(6 - 15 * 0.3)
    assert over["excess_value"] == pytest.approx((6 - 15 * 0.3) * 4.0)
    # a limit of 1 unit: the row's single sale makes it a regular row with 24 days of cover
    regular = _one(demand=SLOW_DEMAND, slow_window_days=10, slow_below_units=1)
    assert not regular["slow"] and regular["days_of_cover"] == pytest.approx(6 / 0.25)
    assert regular["status"] in set(STATUSES) - {"slow"}


def test_target_stock_is_never_excess():
    # 100 units at 1.5 a day: 30 days allowed by the threshold, but the planner's target is 80
    levels = _levels(on_hand=100, reserved=0, online_hold=0, target_stock=[80])
    row = _one(levels, overstock_days=20)
    assert row["status"] == "overstock" and row["excess_units"] == pytest.approx(20)


def test_overstock_excess_is_stock_beyond_the_threshold():
    row = _one(_levels(on_hand=100, reserved=0, online_hold=0), overstock_days=20)
    assert row["days_of_cover"] == pytest.approx(100 / 1.5)
    assert row["excess_units"] == pytest.approx(100 - 20 * 1.5)
    assert row["money_at_risk"] == pytest.approx(row["excess_value"] + row["shortage_value"])


def test_lead_time_column_overrides_the_setting():
    row = _one(_levels(lead_time_days=[9]))
    assert row["lead_time_demand"] == pytest.approx(1.5 * 9)
    assert row["safety_stock_needed"] == pytest.approx(Z95 * math.sqrt(11 / 3) * 3)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 6), st.integers(1, 5)), min_size=1, max_size=30
    ),
    st.integers(2, 10),
)
def test_trailing_demand_matches_zero_filled_series(sales, window):
    """Vectorised mean/std equal numpy on the explicit zero-filled daily series."""
    end = pd.Timestamp("2024-05-31")
    demand = pd.DataFrame(
        {
            "location": "A",
            "sku": [f"s{s}" for s, _, _ in sales],
            "day": [end - pd.Timedelta(days=d) for _, d, _ in sales],
            "qty": [q for _, _, q in sales],
        }
    )
    levels = pd.DataFrame({"location": "A", "sku": [f"s{i}" for i in range(10)], "on_hand": 5})
    longer = window + 3
    options = MonitorSettings(window_days=window, slow_window_days=longer, as_of=end.date())
    metrics = stock_metrics(levels, demand, options)
    for sku, row in metrics.set_index("sku").iterrows():
        series = np.zeros(longer)
        for s, d, q in sales:
            if f"s{s}" == sku and d < longer:
                series[longer - 1 - d] += q
        recent = series[-window:]
        assert row["demand_mean"] == pytest.approx(recent.mean())
        assert row["demand_std"] == pytest.approx(recent.std(ddof=1), abs=1e-9)
        assert row["window_units"] == recent.sum()
        assert row["slow_demand_mean"] == pytest.approx(series.mean())
        slow = recent.sum() < 2
        assert row["slow"] == slow
        assert row["cover_demand"] == pytest.approx(series.mean() if slow else recent.mean())


def _network() -> pd.DataFrame:
    levels = pd.DataFrame(
        {
            "location": ["A", "A", "B", "B", "E"],
            "sku": ["x", "y", "x", "y", "x"],
            "on_hand": [0, 500, 20, 30, 0],
            "unit_cost": [5.0, 1.0, 5.0, 1.0, 5.0],
            "unit_price": [20.0, 2.0, 20.0, 2.0, 20.0],
            "region": ["N", "N", "S", "S", "N"],
            "category": ["c1", "c2", "c1", "c2", "c1"],
            "location_type": ["direct", "direct", "franchise", "franchise", "experience"],
        }
    )
    demand = pd.DataFrame(
        {
            "location": ["A", "A", "B", "B", "E"],
            "sku": ["x", "y", "x", "y", "x"],
            "day": ["2024-03-04"] * 5,
            "qty": [8, 4, 4, 4, 40],
        }
    )
    return stock_metrics(
        levels, demand, MonitorSettings(window_days=4, as_of=AS_OF, overstock_days=60)
    )


def test_experience_stores_are_left_out():
    assert "E" not in set(_network()["location"])


def test_alert_list_sorted_by_money_at_risk():
    metrics = _network()
    alerts = alert_list(metrics)
    # A/y: 500 units, 1 a day, 60 days allowed -> 440 excess x cost 1; A/x: none left while
    # Poisson(2 a day x 7 days) demand comes -> 14 units short x price 20.
    assert alerts[["location", "sku", "status"]].values.tolist() == [
        ["A", "y", "overstock"],
        ["A", "x", "stockout"],
    ]
    assert alerts["money_at_risk"].tolist() == pytest.approx([440, 280])
    assert len(alert_list(metrics, limit=1)) == 1


def test_slow_movers_are_listed_on_request_and_counted_in_rollups():
    levels = pd.DataFrame(
        {
            "location": ["A", "A", "B"],
            "sku": ["x", "y", "x"],
            "on_hand": [1, 200, 2],
            "target_stock": [1, 10, 2],
            "unit_cost": [5.0, 1.0, 5.0],
            "region": ["N", "N", "S"],
            "category": ["c1", "c1", "c1"],
        }
    )
    demand = pd.DataFrame(  # A/y sells 4 a day; A/x sold once 60 days ago; B/x never
        {
            "location": ["A", "A"],
            "sku": ["y", "x"],
            "day": ["2024-03-04", "2024-01-04"],
            "qty": [16, 1],
        }
    )
    metrics = stock_metrics(
        levels, demand, MonitorSettings(window_days=4, as_of=AS_OF, overstock_days=60)
    )
    assert metrics["status"].tolist() == ["slow", "ok", "slow"]
    assert alert_list(metrics).empty
    assert set(alert_list(metrics, statuses=["slow"])["sku"]) == {"x"}
    regions = rollup(metrics, ["region"]).set_index("region")
    assert regions["slow_rows"].to_dict() == {"N": 1, "S": 1}
    # the region's cover counts A/x's 90-day demand (1/90 a day) with A/y's 4 a day
    assert regions.loc["N", "days_of_cover"] == pytest.approx(201 / (4 + 1 / 90))
    assert regions.loc["S", "days_of_cover"] == math.inf


def test_rollup_and_heatmap():
    metrics = _network()
    regions = rollup(metrics, ["region"]).set_index("region")
    north = metrics[metrics["region"] == "N"]
    assert regions.loc["N", "on_hand"] == 500
    assert regions.loc["N", "days_of_cover"] == pytest.approx(500 / (2 + 1))
    assert regions.loc["N", "demand_std"] == pytest.approx(
        math.sqrt((north["demand_std"] ** 2).sum())
    )
    assert (regions.loc["N", "stockout_rows"], regions.loc["N", "overstock_rows"]) == (1, 1)
    heat = cover_heatmap(metrics)
    assert heat.loc["S", "c1"] == pytest.approx(20 / 1)
    assert heat.loc["N", "c1"] == 0
    with pytest.raises(UserError, match="no such column"):
        rollup(metrics, ["channel"])


def test_settings_and_columns_are_checked():
    with pytest.raises(UserError, match="service level"):
        stock_metrics(_levels(), DEMAND, MonitorSettings(service_level=1.0))
    with pytest.raises(UserError, match="slow-mover window"):
        stock_metrics(_levels(), DEMAND, MonitorSettings(window_days=28, slow_window_days=14))
    with pytest.raises(ValidationError, match="on_hand"):
        stock_metrics(_levels().drop(columns="on_hand"), DEMAND)
    bad = DEMAND.assign(day=["2024-03-01", "soon", "2024-03-03", "2024-03-03"])
    with pytest.raises(ValidationError, match="row 2"):
        stock_metrics(_levels(), bad)


def test_stock_timeline_rebuilds_levels_backwards():
    movements = pd.DataFrame(
        {
            "day": ["2024-03-02", "2024-03-03", "2024-03-03", "2024-03-06"],
            "qty": [-2, 5, -1, 4],
            "kind": ["sale", "transfer_in", "transfer_out", "receipt"],
        }
    )
    timeline = stock_timeline(20, movements, DEMAND, date(2024, 3, 1), date(2024, 3, 4))
    # after 03-04 only +4 arrives, so 16 at end of 03-04 and 03-03; 12 before the +5/-1.
    assert timeline["stock"].tolist() == [14, 12, 16, 16]
    assert timeline["demand"].tolist() == [2, 0, 4, 0]
    assert timeline["transfer_in"].tolist() == [0, 0, 5, 0]
    assert timeline["transfer_out"].tolist() == [0, 0, 1, 0]


def test_fulfilment_options_complete_first_then_nearest():
    order = pd.DataFrame({"sku": ["x", "y", "x"], "qty": [1, 2, 1]})
    atp = pd.DataFrame(
        {
            "location": ["near", "near", "far", "far", "mid", "show"],
            "sku": ["x", "y", "x", "y", "x", "x"],
            "atp": [5, 1, 2, 9, 3, 9],
        }
    )
    locations = pd.DataFrame(
        {
            "location": ["near", "far", "mid", "show"],
            "lat": [31.0, 39.9, 30.0, 31.0],
            "lon": [121.0, 116.4, 120.0, 121.0],
            "location_type": ["direct", "warehouse", "franchise", "experience"],
        }
    )
    options = fulfilment_options(order, atp, locations, 31.0, 121.0)
    assert list(options["location"]) == ["far", "near", "mid"]
    assert options["complete"].tolist() == [True, False, False]
    assert options.set_index("location")["units_available"].to_dict() == {
        "far": 4,
        "near": 3,
        "mid": 2,
    }
    assert options["distance_km"].iloc[1] == pytest.approx(0)


def test_distance_km_shanghai_beijing():
    assert distance_km(31.23, 121.47, 39.90, 116.40) == pytest.approx(1067, abs=5)


def test_responsible_dealer_most_specific_area_wins():
    territories = pd.DataFrame(
        {
            "dealer": [1, 2, 3, 4],
            "region": ["East", None, None, "East"],
            "city": [None, "SH", None, None],
            "postcode_prefix": [None, None, "2000", None],
            "exclusive": [False, False, False, True],
        }
    )
    assert responsible_dealer(territories, region="East", city="SH", postcode="200031") == 3
    assert responsible_dealer(territories, region="East", city="SH", postcode="210000") == 2
    assert responsible_dealer(territories, region="East", city="HZ") == 4  # exclusive wins
    assert responsible_dealer(territories, region="West", city="CD") is None
