"""Inventory reads on the small demo dataset, checked against independent pandas computations
straight from the tables: trailing demand, levels with in-transit units, the monitor's ATP,
lanes, the per-SKU history and online order sourcing — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from console.db.engine import make_engine
from console.db.queries import inventory as q
from console.services.rebalancing_sourcing import distance_km
from console.services.stock_metrics import MonitorSettings


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def engine(request):
    url = request.getfixturevalue("small_db_url" if request.param == "sqlite" else "small_pg_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _read(engine, sql: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text(sql), conn)


def _codes(engine) -> tuple[pd.Series, pd.Series]:
    places = _read(engine, "SELECT id, code FROM locations").set_index("id")["code"]
    skus = _read(engine, "SELECT id, code FROM skus").set_index("id")["code"]
    return places, skus


def _reference_demand(engine, start, end) -> pd.DataFrame:
    orders = _read(engine, "SELECT id, store_id, fulfilled_from_id, status, placed_at FROM orders")
    lines = _read(engine, "SELECT order_id, sku_id, qty FROM order_lines")
    orders["placed_at"] = pd.to_datetime(orders["placed_at"], format="ISO8601")
    orders["where"] = orders["fulfilled_from_id"].fillna(orders["store_id"])
    day = orders["placed_at"].dt.normalize()
    kept = orders[
        (orders["status"] != "cancelled")
        & orders["where"].notna()
        & (day >= pd.Timestamp(start))
        & (day <= pd.Timestamp(end))
    ]
    joined = lines.merge(kept.assign(day=day), left_on="order_id", right_on="id")
    places, skus = _codes(engine)
    joined["location"] = joined["where"].astype(int).map(places)
    joined["sku"] = joined["sku_id"].map(skus)
    return (
        joined.groupby(["location", "sku", "day"], as_index=False)["qty"]
        .sum()
        .astype({"qty": float, "location": str, "sku": str})
    )


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, ignore_index=True)


def test_daily_demand_matches_pandas(engine):
    end = q.inventory_today(engine)
    start = end - timedelta(days=27)
    mine = q.daily_demand(engine, start, end)
    reference = _reference_demand(engine, start, end)
    assert len(reference) > 500
    keys = ["location", "sku", "day"]
    pd.testing.assert_frame_equal(
        _sorted(mine, keys).astype({"day": "datetime64[ns]"}),
        _sorted(reference, keys)[mine.columns].astype({"day": "datetime64[ns]"}),
        check_dtype=False,
    )


def test_scopes_filter_demand_and_levels(engine):
    end = q.inventory_today(engine)
    scope = q.StockScope(region="EAST", category="AIR")
    demand = q.daily_demand(engine, end - timedelta(days=27), end, scope)
    levels = q.stock_levels(engine, scope)
    everything = q.stock_levels(engine)
    region_of = everything.drop_duplicates("location").set_index("location")["region"]
    category_of = everything.drop_duplicates("sku").set_index("sku")["category"]
    assert len(demand) > 0 and len(levels) > 0
    assert set(demand["location"].map(region_of)) == {"EAST"}
    assert set(demand["sku"].map(category_of)) == {"AIR"}
    expected = everything[(everything["region"] == "EAST") & (everything["category"] == "AIR")]
    assert len(levels) == len(expected)
    leaf = q.stock_levels(engine, q.StockScope(category="AC_SPLIT"))
    assert set(leaf["subcategory"]) == {"AC_SPLIT"}


def test_levels_carry_in_transit_units_from_open_transfers(engine):
    levels = q.stock_levels(engine)
    raw = _read(
        engine,
        "SELECT i.location_id, i.sku_id, i.on_hand, i.reserved, s.price FROM inventory_levels i "
        "JOIN skus s ON s.id = i.sku_id",
    )
    assert len(levels) == len(raw)
    transfers = _read(
        engine,
        "SELECT t.to_location_id AS location_id, l.sku_id, l.qty, t.status "
        "FROM stock_transfers t JOIN stock_transfer_lines l ON l.transfer_id = t.id",
    )
    stocked = pd.MultiIndex.from_frame(raw[["location_id", "sku_id"]])
    for status, column in (("in_transit", "in_transit"), ("approved", "approved_inbound")):
        expected = (
            transfers[transfers["status"] == status].groupby(["location_id", "sku_id"])["qty"].sum()
        )
        expected = expected[expected.index.isin(stocked)]
        got = levels.set_index(["location_id", "sku_id"])[column]
        assert got[got > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert (levels["in_transit"] > 0).any()
    merged = levels.merge(raw, on=["location_id", "sku_id"])
    assert (merged["on_hand_x"] == merged["on_hand_y"]).all()
    assert np.allclose(merged["unit_price"], merged["price"])


def test_monitor_atp_demand_and_no_experience_store(engine):
    metrics = q.monitor(engine, MonitorSettings())
    kinds = _read(engine, "SELECT code, kind FROM locations").set_index("code")["kind"]
    assert "experience" not in set(metrics["location"].map(kinds))
    assert (
        metrics["atp"] == metrics["on_hand"] - metrics["reserved"] - metrics["online_hold"]
    ).all()
    end = q.inventory_today(engine)
    reference = _reference_demand(engine, end - timedelta(days=27), end)
    per_row = reference.groupby(["location", "sku"])["qty"].sum() / 28
    got = metrics.set_index(["location", "sku"])["demand_mean"]
    shared = per_row.index.intersection(got.index)
    assert len(shared) > 100
    assert np.allclose(got.loc[shared], per_row.loc[shared])
    assert (got.drop(shared) == 0).all()


def test_monitor_judges_slow_movers_on_90_days_of_demand(engine):
    metrics = q.monitor(engine, MonitorSettings()).set_index(["location", "sku"])
    end = q.inventory_today(engine)
    reference = _reference_demand(engine, end - timedelta(days=89), end)
    per_day = (reference.groupby(["location", "sku"])["qty"].sum() / 90).reindex(metrics.index)
    assert np.allclose(metrics["slow_demand_mean"], per_day.fillna(0))
    slow = metrics["window_units"] < 2
    assert (metrics["slow"] == slow).all() and slow.mean() > 0.5
    assert ((metrics["slow_demand_mean"] > 0) & (metrics["window_units"] == 0)).any()
    expected = np.where(slow, metrics["slow_demand_mean"], metrics["demand_mean"])
    assert np.allclose(metrics["cover_demand"], expected)
    judged = metrics[slow & (metrics["position"] > 0) & ~metrics["at_risk"]]
    limit = np.maximum(90 * judged["cover_demand"], judged["target_stock"])
    over = judged["position"] > limit
    assert over.any() and (~over).any()
    assert (judged.loc[over, "status"] == "overstock").all()
    assert (judged.loc[~over, "status"] == "slow").all()


def test_chunked_in_lists_give_the_same_rows(engine, monkeypatch):
    levels = q.stock_levels(engine)
    pairs = levels.sample(40, random_state=1)[["location", "sku"]]
    whole = q.levels_for(engine, pairs)
    monkeypatch.setattr(q, "IN_CHUNK", 20)  # IN lists of at most 10 values: 4 x 4 queries
    chunked = q.levels_for(engine, pairs)
    keys = ["location_id", "sku_id"]
    pd.testing.assert_frame_equal(_sorted(whole, keys), _sorted(chunked, keys))
    expected = levels.merge(pairs, on=["location", "sku"])
    pd.testing.assert_frame_equal(_sorted(chunked, keys), _sorted(expected, keys))


def test_lanes_apply_overrides_and_the_distance_rule(engine):
    overrides = q.lane_overrides(engine).rename(columns={"from": "src", "to": "dst"})
    assert len(overrides) > 0
    lanes = q.lanes(engine)
    places = q.locations(engine).set_index("location")
    assert not set(places.index[places["location_type"] == "experience"]) & set(lanes["from"])
    for row in overrides[~overrides["forbidden"]].itertuples():
        lane = lanes[(lanes["from"] == row.src) & (lanes["to"] == row.dst)]
        assert lane[["unit_cost", "fixed_cost"]].values.tolist() == [
            [row.unit_cost, row.fixed_cost]
        ]
    ends = places[["location_type", "lat", "lon"]]
    stores = lanes.merge(ends, left_on="from", right_index=True).merge(
        ends, left_on="to", right_index=True, suffixes=("", "_to")
    )
    between_stores = ~stores["location_type"].str.contains("warehouse") & ~stores[
        "location_type_to"
    ].str.contains("warehouse")
    km = distance_km(stores["lat"], stores["lon"], stores["lat_to"], stores["lon_to"])
    assert (km[between_stores.to_numpy()] <= 300 + 1e-6).all()


def test_sku_history_rebuilds_stock_from_movements(engine):
    moves = _read(
        engine,
        "SELECT m.location_id, m.sku_id, m.qty, m.kind, m.occurred_at FROM stock_movements m",
    )
    busiest = moves[moves["kind"] == "transfer_in"].iloc[0]
    places, skus = _codes(engine)
    location, sku = places[busiest.location_id], skus[busiest.sku_id]
    history = q.sku_history(engine, sku, location)
    mine = moves[(moves.location_id == busiest.location_id) & (moves.sku_id == busiest.sku_id)]
    day = pd.to_datetime(mine["occurred_at"], format="ISO8601").dt.normalize()
    daily = mine["qty"].groupby(day).sum()
    timeline = history.timeline.set_index("day")
    running = daily.cumsum().reindex(timeline.index, method="ffill").fillna(0)
    assert np.allclose(timeline["stock"], running)
    assert timeline["stock"].iloc[-1] == history.on_hand
    arrived = mine[mine["kind"] == "transfer_in"]["qty"].sum()
    assert timeline["transfer_in"].sum() == arrived > 0
    assert (history.transfers["to"] == location).any()


def test_order_sourcing_matches_pandas(engine):
    orders = q.online_orders(engine)
    assert set(orders["status"]) <= {"placed", "paid"} and len(orders) > 10
    order_no = orders["order_no"].iloc[0]
    found = q.order_sourcing(engine, order_no)
    raw = _read(
        engine,
        "SELECT l.sku_id, l.qty, c.lat, c.lon FROM orders o JOIN order_lines l "
        f"ON l.order_id = o.id JOIN cities c ON c.id = o.city_id WHERE o.order_no = '{order_no}'",
    )
    stock = _read(
        engine,
        "SELECT i.location_id, i.sku_id, i.on_hand - i.reserved AS atp, p.lat, p.lon, p.kind "
        "FROM inventory_levels i JOIN locations p ON p.id = i.location_id "
        "WHERE p.status = 'open' AND p.kind <> 'experience'",
    )
    wanted = raw.groupby("sku_id")["qty"].sum()
    held = stock[stock["sku_id"].isin(wanted.index)].copy()
    held["available"] = np.minimum(held["atp"].clip(lower=0), held["sku_id"].map(wanted))
    held["full"] = held["atp"] >= held["sku_id"].map(wanted)
    per = held.groupby("location_id").agg(
        units=("available", "sum"),
        full=("full", "sum"),
        lat=("lat", "first"),
        lon=("lon", "first"),
    )
    per = per[per["units"] > 0]
    per["complete"] = per["full"] == len(wanted)
    per["km"] = distance_km(raw["lat"].iloc[0], raw["lon"].iloc[0], per["lat"], per["lon"])
    per = per.sort_values(["complete", "km"], ascending=[False, True])
    places, _ = _codes(engine)
    assert found.options["location"].tolist() == places[per.index].tolist()
    assert found.options["complete"].tolist() == per["complete"].tolist()
    assert found.lines["qty"].sum() == raw["qty"].sum()
    assert found.dealer is not None
    covering = _read(
        engine,
        "SELECT d.code FROM dealer_territories t JOIN dealers d ON d.id = t.dealer_id "
        "JOIN cities c ON c.code = :city WHERE d.status = 'active' AND (t.city_id = c.id OR "
        "t.region_id = c.region_id OR (t.postcode_prefix IS NOT NULL AND :postcode LIKE "
        "t.postcode_prefix || '%'))".replace(":city", f"'{found.order['city']}'").replace(
            ":postcode", f"'{found.order['postcode'] or ''}'"
        ),
    )
    assert found.dealer["code"] in set(covering["code"])
