"""Channel performance KPIs: SQL figures against hand-computed ones and an independent pandas
computation (per channel and per month, to the cent), rollups against raw queries, empty cuts.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert, select, update
from sqlalchemy.engine import make_url

from console.db import models as m
from console.db.engine import make_engine
from console.db.migrate import upgrade
from console.db.queries.kpi_customer_days import CustomerDaySource, channel_set
from console.db.queries.kpi_facts import CustomerRollupSource
from console.db.queries.kpi_refresh import refresh_rollups
from console.db.queries.kpis import (
    ALL,
    NO_KEY,
    DateWindow,
    KpiFilters,
    _customer_rollups,
    dimension_names,
    kpi_report,
    kpi_series,
    kpi_source,
    kpi_totals,
    order_page,
)
from console.db.rollups import rollup_state
from console.errors import UserError, ValidationError
from console.services import kpi_math
from console.services.kpi_math import KPIS, comparison_windows

MONEY_KPIS = ("gmv", "net_revenue", "returned_amount", "kept_cost", "gross_margin", "aov")
COUNT_KPIS = (
    "orders",
    "anonymous_orders",
    "online_orders",
    "dealer_fulfilled_orders",
    "active_customers",
    "new_customers",
    "returning_customers",
    "interactions",
    "converted_interactions",
)
RATIO_KPIS = (
    "anonymous_share",
    "dealer_fulfilled_share",
    "return_rate",
    "gross_margin_rate",
    "conversion_rate",
)
JAN = DateWindow(date(2025, 1, 1), date(2025, 1, 31))
FEB = DateWindow(date(2025, 2, 1), date(2025, 2, 28))


# --- a tiny hand-made network whose figures are worked out by hand below ---------------------


def _tiny_rows() -> dict[type, list[dict]]:
    def dealer(i: int) -> dict:
        return dict(
            id=i,
            code=f"D{i}",
            name=f"Dealer {i}",
            name_zh=f"经销商{i}",
            legal_entity="x",
            credit_code=f"{i:018d}",
            tier="gold",
            region_id=1,
            contract_start=date(2020, 1, 1),
        )

    def store(i: int, kind: str, city: int, dealer_id: int | None) -> dict:
        return dict(
            id=i,
            code=f"S{i}",
            name=f"Store {i}",
            name_zh=f"门店{i}",
            kind=kind,
            dealer_id=dealer_id,
            city_id=city,
            lat=0.0,
            lon=0.0,
            opened_on=date(2020, 1, 1),
        )

    types = ("direct_store", "franchise_store", "own_ecommerce", "marketplace", "social")
    orders, lines = [], []

    def order(i, day, channel, store_id, city, dealer_id, customer, status, items):
        """items: (sku, qty, returned_qty); K1 = 100 (cost 60), K2 = 50 (cost 20)."""
        price, cost = {1: 100.0, 2: 50.0}, {1: 60.0, 2: 20.0}
        net = returned = 0.0
        for sku, qty, back in items:
            lines.append(
                dict(
                    order_id=i,
                    sku_id=sku,
                    qty=qty,
                    unit_price=price[sku],
                    discount=0.0,
                    amount=qty * price[sku],
                    cost=qty * cost[sku],
                    returned_qty=back,
                )
            )
            net += qty * price[sku]
            returned += back * price[sku]
        orders.append(
            dict(
                id=i,
                order_no=f"O{i}",
                channel_id=channel,
                store_id=store_id,
                city_id=city,
                fulfilling_dealer_id=dealer_id,
                customer_id=customer,
                status=status,
                placed_at=day,
                gross_amount=net,
                net_amount=net,
                returned_amount=returned,
            )
        )

    order(1, datetime(2025, 1, 5, 10), 1, 1, None, None, 1, "completed", [(1, 2, 0)])
    order(2, datetime(2025, 1, 10, 11), 2, 2, None, 1, None, "completed", [(2, 1, 0)])
    order(3, datetime(2025, 1, 20, 9), 3, None, 3, 1, 2, "returned", [(1, 1, 1), (2, 2, 0)])
    order(4, datetime(2025, 1, 25, 23, 59), 4, None, 1, None, 1, "completed", [(2, 1, 0)])
    order(5, datetime(2025, 1, 28, 8), 2, 2, None, 1, 3, "cancelled", [(1, 1, 0)])
    order(6, datetime(2025, 2, 3, 0, 0), 1, 1, None, None, 1, "completed", [(1, 1, 0)])
    order(7, datetime(2025, 2, 14, 12), 5, None, 2, 2, 3, "delivered", [(2, 3, 1)])
    order(8, datetime(2025, 2, 20, 18), 2, 2, None, 1, None, "placed", [(1, 1, 0), (2, 1, 0)])
    order(9, datetime(2024, 12, 15, 15), 1, 1, None, None, 2, "completed", [(2, 1, 0)])
    interactions = [
        dict(channel_id=1, store_id=1, customer_id=1, at=datetime(2025, 1, 3), converted=True),
        dict(channel_id=3, store_id=None, customer_id=None, at=datetime(2025, 1, 4), converted=0),
        dict(channel_id=3, store_id=None, customer_id=2, at=datetime(2025, 1, 15), converted=1),
        dict(channel_id=2, store_id=2, customer_id=None, at=datetime(2025, 2, 2), converted=0),
    ]
    return {
        m.Region: [dict(id=i, code=f"R{i}", name=f"Region {i}", name_zh=f"区{i}") for i in (1, 2)],
        m.City: [
            dict(
                id=i,
                region_id=r,
                code=f"C{i}",
                name=f"City {i}",
                name_zh=f"市{i}",
                province="P",
                province_zh="省",
                postcode_prefix=f"10{i}",
                tier=1,
                lat=0.0,
                lon=0.0,
            )
            for i, r in ((1, 1), (2, 1), (3, 2))
        ],
        m.Channel: [
            dict(
                id=i + 1,
                code=t,
                name=t,
                name_zh=t,
                type=t,
                online=t in ("own_ecommerce", "marketplace", "social"),
                platform_fee_rate=0.0,
            )
            for i, t in enumerate(types)
        ],
        m.Dealer: [dealer(1), dealer(2)],
        m.Location: [
            store(1, "direct", 1, None),
            store(2, "franchise", 2, 1),
            store(3, "experience", 3, 1),
        ],
        m.Category: [
            dict(id=1, code="A", name="A", name_zh="甲", parent_id=None),
            dict(id=2, code="B", name="B", name_zh="乙", parent_id=None),
            dict(id=3, code="A1", name="A1", name_zh="甲1", parent_id=1),
            dict(id=4, code="B1", name="B1", name_zh="乙1", parent_id=2),
        ],
        m.Sku: [
            dict(id=1, code="K1", name="K1", name_zh="K1", category_id=3, price=100, cost=60),
            dict(id=2, code="K2", name="K2", name_zh="K2", category_id=4, price=50, cost=20),
        ],
        m.Customer: [dict(id=i, code=f"U{i}") for i in (1, 2, 3)],
        m.Order: orders,
        m.OrderLine: lines,
        m.Interaction: [
            dict(
                channel_id=row["channel_id"],
                store_id=row["store_id"],
                customer_id=row["customer_id"],
                kind="store_visit",
                occurred_at=row["at"],
                converted=bool(row["converted"]),
            )
            for row in interactions
        ],
    }


def _fill(url) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        for model, rows in _tiny_rows().items():
            if model is m.Sku:
                rows = [dict(r, volume_m3=0.1) for r in rows]
            conn.execute(insert(model), rows)
    engine.dispose()


@pytest.fixture(scope="module")
def tiny_url(tmp_path_factory):
    url = make_url(f"sqlite:///{tmp_path_factory.mktemp('tiny') / 'tiny.sqlite'}")
    _fill(url)
    return url


@pytest.fixture
def tiny_engine(tiny_url):
    engine = make_engine(tiny_url)
    yield engine
    engine.dispose()


def _one(frame: pd.DataFrame, **keys) -> pd.Series:
    rows = frame
    for key, value in keys.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, f"expected one row for {keys}, got {len(rows)}"
    return rows.iloc[0]


# --- hand-computed figures ---------------------------------------------------------------------


def test_every_kpi_of_january_by_hand(tiny_engine):
    totals = kpi_totals(tiny_engine, {"current": JAN})
    jan = _one(totals, window="current")
    # O1 200 + O2 50 + O3 200 + O4 50; O5 is cancelled
    assert jan["orders"] == 4
    assert jan["gmv"] == pytest.approx(500.0)
    assert jan["returned_amount"] == pytest.approx(100.0)
    assert jan["net_revenue"] == pytest.approx(400.0)
    assert jan["aov"] == pytest.approx(125.0)
    assert jan["anonymous_share"] == pytest.approx(0.25)  # O2
    assert jan["online_orders"] == 2  # O3, O4
    assert jan["dealer_fulfilled_orders"] == 1  # O3 (O4 is unassigned)
    assert jan["dealer_fulfilled_share"] == pytest.approx(0.5)
    assert jan["active_customers"] == 2  # U1, U2
    assert jan["new_customers"] == 1  # U1; U2 bought in December
    assert jan["returning_customers"] == 1
    assert jan["kept_cost"] == pytest.approx(120 + 20 + 40 + 20)  # O3's K1 came back
    assert jan["gross_margin"] == pytest.approx(200.0)
    assert jan["gross_margin_rate"] == pytest.approx(0.5)
    assert jan["return_rate"] == pytest.approx(0.2)
    assert jan["interactions"] == 3
    assert jan["conversion_rate"] == pytest.approx(2 / 3)


def test_february_by_hand_and_new_customer_after_a_cancelled_order(tiny_engine):
    feb = _one(kpi_totals(tiny_engine, {"current": FEB}), window="current")
    assert feb["orders"] == 3
    assert feb["gmv"] == pytest.approx(400.0)
    assert feb["net_revenue"] == pytest.approx(350.0)
    assert feb["dealer_fulfilled_share"] == pytest.approx(1.0)  # O7 by D2
    # U3's only January order was cancelled: their first counted order is O7 in February.
    assert feb["new_customers"] == 1
    assert feb["returning_customers"] == 1
    assert feb["gross_margin"] == pytest.approx(350 - (60 + 40 + 80))
    assert feb["conversion_rate"] == pytest.approx(0.0)


def test_cuts_by_dealer_region_and_category_by_hand(tiny_engine):
    dealers = kpi_totals(tiny_engine, {"current": JAN}, ["dealer"], families=("sales",))
    assert _one(dealers, dealer_id=1)["gmv"] == pytest.approx(250.0)  # O2 in S2 + O3 online
    assert _one(dealers, dealer_id=NO_KEY)["gmv"] == pytest.approx(250.0)  # direct O1 + O4
    regions = kpi_totals(tiny_engine, {"current": JAN}, ["region"])
    assert _one(regions, region_id=1)["orders"] == 3
    assert _one(regions, region_id=2)["gmv"] == pytest.approx(200.0)
    categories = kpi_totals(tiny_engine, {"current": JAN}, ["category"])
    a = _one(categories, category_id=1)
    assert (a["orders"], a["gmv"], a["returned_amount"]) == (2, 300.0, 100.0)
    assert a["kept_cost"] == pytest.approx(120.0)
    assert _one(categories, category_id=2)["orders"] == 3
    assert np.isnan(a["conversion_rate"])  # interactions carry no category


def test_series_by_month_and_channel(tiny_engine):
    window = DateWindow(date(2024, 12, 1), date(2025, 2, 28))
    series = kpi_series(tiny_engine, window, "month", ["channel"])
    assert sorted(series["bucket"].unique()) == [date(2024, 12, 1), JAN.start, FEB.start]
    franchise_jan = _one(series, bucket=JAN.start, channel_type="franchise_store")
    assert franchise_jan["orders"] == 1 and franchise_jan["anonymous_share"] == 1.0


def test_week_and_quarter_buckets(tiny_engine):
    window = DateWindow(date(2025, 1, 1), date(2025, 3, 31))
    weeks = kpi_series(tiny_engine, window, "week", families=("sales",))
    # O6 at Monday 3 Feb 00:00 opens a new ISO week; O4 Saturday 25 Jan 23:59 stays in its week.
    assert set(weeks["bucket"]) == {
        date(2024, 12, 30),
        date(2025, 1, 6),
        date(2025, 1, 20),
        date(2025, 2, 3),
        date(2025, 2, 10),
        date(2025, 2, 17),
    }
    assert _one(weeks, bucket=date(2025, 1, 20))["orders"] == 2
    quarter = kpi_series(tiny_engine, window, "quarter")
    assert _one(quarter, bucket=date(2025, 1, 1))["orders"] == 7
    assert _one(quarter, bucket=date(2025, 1, 1))["new_customers"] == 2  # U1, U3


# --- empty cuts are empty results, not errors ---------------------------------------------------


def test_period_with_no_data_gives_zero_counts_and_no_ratios(tiny_engine):
    empty = DateWindow(date(2030, 1, 1), date(2030, 1, 31))
    totals = _one(kpi_totals(tiny_engine, {"current": empty}), window="current")
    assert totals["orders"] == 0 and totals["active_customers"] == 0
    assert np.isnan(totals["aov"]) and np.isnan(totals["anonymous_share"])
    series = kpi_series(tiny_engine, empty, "month", ["region"])
    assert series.empty and "gmv" in series and "region_id" in series
    assert order_page(tiny_engine, empty).total == 0


def test_dealer_without_stores_lists_no_store(tiny_engine):
    no_stores = KpiFilters(dealer_id=2)
    jan = kpi_totals(tiny_engine, {"current": JAN}, ["store"], no_stores)
    assert jan.empty
    feb = kpi_totals(tiny_engine, {"current": FEB}, ["store"], no_stores)
    assert list(feb["store_id"]) == [NO_KEY]  # its online order only


def test_inverted_dates_are_refused():
    with pytest.raises(ValidationError, match="ends"):
        DateWindow(date(2025, 2, 1), date(2025, 1, 1))


def test_unknown_cut_and_period_are_refused(tiny_engine):
    with pytest.raises(ValidationError, match="salesman"):
        kpi_totals(tiny_engine, {"current": JAN}, ["salesman"])
    with pytest.raises(ValidationError, match="fortnight"):
        kpi_series(tiny_engine, JAN, "fortnight")


# --- the order list --------------------------------------------------------------------------


def test_order_page_is_paged_newest_first_and_filtered(tiny_engine):
    window = DateWindow(date(2024, 12, 1), date(2025, 2, 28))
    first = order_page(tiny_engine, window, ALL, offset=0, limit=3)
    assert first.total == 8  # the cancelled order is not listed
    assert list(first.rows["order_no"]) == ["O8", "O7", "O6"]
    second = order_page(tiny_engine, window, ALL, offset=3, limit=3)
    assert list(second.rows["order_no"]) == ["O4", "O3", "O2"]
    category_a = order_page(tiny_engine, window, KpiFilters(category_id=1))
    assert set(category_a.rows["order_no"]) == {"O1", "O3", "O6", "O8"}
    online = order_page(tiny_engine, window, KpiFilters(store_id=NO_KEY, dealer_id=1))
    assert list(online.rows["order_no"]) == ["O3"]


# --- an independent computation with pandas -----------------------------------------------------


RAW_COLUMNS = {
    "orders": "id, status, placed_at, channel_id, store_id, city_id, fulfilling_dealer_id, "
    "customer_id, net_amount, returned_amount",
    "order_lines": "order_id, sku_id, qty, returned_qty, amount, cost",
    "channels": "id, type, online",
    "locations": "id, city_id, dealer_id",
    "cities": "id, region_id",
    "skus": "id, category_id",
    "categories": "id, parent_id",
    "interactions": "channel_id, store_id, occurred_at, converted",
}


@functools.cache
def _raw_tables(url: str) -> dict[str, pd.DataFrame]:
    """The raw tables, read once per database (tests must not modify them)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: pd.read_sql(f"SELECT {columns} FROM {table}", conn)
                for table, columns in RAW_COLUMNS.items()
            }
    finally:
        engine.dispose()


def pandas_kpis(url, window: DateWindow, period: str, by: str) -> pd.DataFrame:
    """Every KPI per bucket and cut, straight from the raw tables (docs/kpis.md definitions)."""
    raw = _raw_tables(url.render_as_string(hide_password=False))
    orders = raw["orders"]
    lines = raw["order_lines"]
    channels = raw["channels"].set_index("id")
    stores = raw["locations"].set_index("id")
    cities = raw["cities"].set_index("id")
    skus = raw["skus"].set_index("id")
    categories = raw["categories"].set_index("id")
    interactions = raw["interactions"]

    def floor(stamps: pd.Series) -> pd.Series:
        """Period start dates with pandas' own calendar (ISO weeks start on Monday)."""
        frequency = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
        starts = stamps.dt.to_period(frequency[period]).dt.start_time
        return pd.Series(starts.dt.date, index=stamps.index, dtype=object)

    orders = orders[orders["status"] != "cancelled"].copy()
    orders["placed_at"] = pd.to_datetime(orders["placed_at"], format="ISO8601")
    in_store = orders["store_id"].notna()
    store_ids = orders["store_id"].fillna(-1).astype(int)
    orders["city_id"] = np.where(
        in_store, store_ids.map(stores["city_id"]).astype("float64"), orders["city_id"]
    )
    orders["dealer_id"] = np.where(
        in_store,
        store_ids.map(stores["dealer_id"]).astype("float64"),
        orders["fulfilling_dealer_id"],
    )
    orders["region_id"] = orders["city_id"].map(cities["region_id"])
    orders["channel_type"] = orders["channel_id"].map(channels["type"]).astype(object)
    orders["online"] = orders["channel_id"].map(channels["online"]).astype(bool)
    first = orders.dropna(subset=["customer_id"]).groupby("customer_id")["placed_at"].min()
    orders["first_bucket"] = floor(orders["customer_id"].map(first).fillna(orders["placed_at"]))
    end = pd.Timestamp(window.end + timedelta(days=1))
    orders = orders[
        (orders["placed_at"] >= pd.Timestamp(window.start)) & (orders["placed_at"] < end)
    ]
    orders["bucket"] = floor(orders["placed_at"])

    lines = lines.merge(orders, left_on="order_id", right_on="id", suffixes=("", "_order"))
    leaf = lines["sku_id"].map(skus["category_id"])
    parent = leaf.map(categories["parent_id"])
    lines["category_id"] = parent.where(parent.notna(), leaf).astype(int)
    lines["kept_cost"] = lines["cost"] * (lines["qty"] - lines["returned_qty"]) / lines["qty"]
    lines["returned_line"] = lines["amount"] * lines["returned_qty"] / lines["qty"]
    key = kpi_math_key(by)
    orders["kept_cost"] = orders["id"].map(lines.groupby("order_id")["kept_cost"].sum())

    facts = lines if by == "category" else orders
    facts = facts.assign(
        anonymous=facts["customer_id"].isna(),
        dealer_online=facts["online"] & facts["fulfilling_dealer_id"].notna(),
        key=facts[key].fillna(NO_KEY) if key != "channel_type" else facts[key],
    )
    order_id = "order_id" if by == "category" else "id"
    amount, returned = (
        ("amount", "returned_line") if by == "category" else ("net_amount", "returned_amount")
    )
    groups = facts.groupby(["bucket", "key"])
    out = pd.DataFrame(
        {
            "orders": groups[order_id].nunique(),
            "anonymous_orders": facts[facts["anonymous"]]
            .groupby(["bucket", "key"])[order_id]
            .nunique(),
            "online_orders": facts[facts["online"]].groupby(["bucket", "key"])[order_id].nunique(),
            "dealer_fulfilled_orders": facts[facts["dealer_online"]]
            .groupby(["bucket", "key"])[order_id]
            .nunique(),
            "gmv": groups[amount].sum(),
            "returned_amount": groups[returned].sum(),
            "kept_cost": groups["kept_cost"].sum(),
        }
    )
    known = facts.dropna(subset=["customer_id"])
    out["active_customers"] = known.groupby(["bucket", "key"])["customer_id"].nunique()
    new = known[known["first_bucket"] == known["bucket"]]
    out["new_customers"] = new.groupby(["bucket", "key"])["customer_id"].nunique()
    if by != "category":
        touches = interactions.copy()
        touches["occurred_at"] = pd.to_datetime(touches["occurred_at"], format="ISO8601")
        touches = touches[
            (touches["occurred_at"] >= pd.Timestamp(window.start)) & (touches["occurred_at"] < end)
        ]
        store_of = touches["store_id"].fillna(-1).astype(int)
        touches["city_id"] = store_of.map(stores["city_id"])
        touches["dealer_id"] = store_of.map(stores["dealer_id"])
        touches["region_id"] = touches["city_id"].map(cities["region_id"])
        touches["channel_type"] = touches["channel_id"].map(channels["type"]).astype(object)
        touches["online"] = touches["channel_id"].map(channels["online"]).astype(bool)
        touches["bucket"] = floor(touches["occurred_at"])
        touches["key"] = touches[key].fillna(NO_KEY) if key != "channel_type" else touches[key]
        grouped = touches.groupby(["bucket", "key"])["converted"]
        interaction_sums = pd.DataFrame(
            {"interactions": grouped.size(), "converted_interactions": grouped.sum()}
        )
        out = out.join(interaction_sums, how="outer")
    out = out.fillna(
        {c: 0 for c in out.columns if c not in ("interactions", "converted_interactions")}
    )
    if by != "category":
        out = out.fillna(0)
    out = out.reset_index().rename(columns={"key": key})
    if key.endswith("_id"):
        out[key] = out[key].astype("int64")
    return kpi_math.derive(out)


def kpi_math_key(by: str) -> str:
    from console.db.queries.kpi_facts import DIMENSIONS

    return DIMENSIONS[by]


def assert_same_figures(sql: pd.DataFrame, reference: pd.DataFrame, keys: list[str]) -> None:
    """Every KPI of every (bucket, cut) equal: money to the cent, counts exactly."""
    assert len(sql) == len(reference), "different groups"
    joined = sql.merge(reference, on=keys, suffixes=("_sql", "_pd"), how="outer", indicator=True)
    assert (joined["_merge"] == "both").all(), joined[joined["_merge"] != "both"][keys]
    for kpi in (*MONEY_KPIS, *COUNT_KPIS, *RATIO_KPIS):
        got, want = joined[f"{kpi}_sql"], joined[f"{kpi}_pd"]
        assert (got.isna() == want.isna()).all(), kpi
        tolerance = 0.005 if kpi in MONEY_KPIS else (0 if kpi in COUNT_KPIS else 1e-9)
        difference = (got - want).abs().max()
        assert not difference > tolerance, f"{kpi}: off by {difference}"


CUTS = ("channel", "online", "region", "city", "dealer", "store", "category")


@pytest.mark.parametrize("by", CUTS)
def test_tiny_dataset_matches_pandas(tiny_url, by):
    window = DateWindow(date(2024, 12, 1), date(2025, 2, 28))
    engine = make_engine(tiny_url)
    sql = kpi_series(engine, window, "month", [by])
    engine.dispose()
    key = kpi_math_key(by)
    assert_same_figures(sql, pandas_kpis(tiny_url, window, "month", by), ["bucket", key])


def _small_window(url) -> DateWindow:
    engine = create_engine(url)
    with engine.connect() as conn:
        span = pd.read_sql("SELECT MIN(placed_at) AS a, MAX(placed_at) AS b FROM orders", conn)
    engine.dispose()
    return DateWindow(pd.Timestamp(span["a"][0]).date(), pd.Timestamp(span["b"][0]).date())


def test_small_dataset_per_channel_and_month_matches_pandas(small_db_url):
    window = _small_window(small_db_url)
    engine = make_engine(small_db_url)
    sql = kpi_series(engine, window, "month", ["channel"], source=kpi_source(engine, "raw"))
    engine.dispose()
    reference = pandas_kpis(small_db_url, window, "month", "channel")
    assert sql["orders"].sum() > 1000  # the dataset is not trivially small
    assert_same_figures(sql, reference, ["bucket", "channel_type"])


@pytest.mark.parametrize("by", ["region", "dealer", "category"])
def test_small_dataset_other_cuts_match_pandas(small_db_url, by):
    window = _small_window(small_db_url)
    engine = make_engine(small_db_url)
    sql = kpi_series(engine, window, "quarter", [by], source=kpi_source(engine, "raw"))
    engine.dispose()
    key = kpi_math_key(by)
    assert_same_figures(sql, pandas_kpis(small_db_url, window, "quarter", by), ["bucket", key])


@pytest.mark.pg
def test_postgresql_per_channel_and_month_matches_pandas(small_pg_url):
    window = _small_window(small_pg_url)
    engine = make_engine(small_pg_url)
    sql = kpi_series(engine, window, "month", ["channel"], source=kpi_source(engine, "raw"))
    weeks = kpi_series(engine, window, "week", ["dealer"], source=kpi_source(engine, "raw"))
    engine.dispose()
    reference = pandas_kpis(small_pg_url, window, "month", "channel")
    assert_same_figures(sql, reference, ["bucket", "channel_type"])
    assert_same_figures(
        weeks, pandas_kpis(small_pg_url, window, "week", "dealer"), ["bucket", "dealer_id"]
    )


# --- rollups ---------------------------------------------------------------------------------


def _assert_rollups_equal_raw(engine, window: DateWindow) -> None:
    raw, rolled = kpi_source(engine, "raw"), kpi_source(engine, "rollup")
    assert rolled.use_rollups
    odd = DateWindow(window.start + timedelta(days=17), window.end - timedelta(days=9))
    cases = [
        ("month", ["channel"], ALL, odd),
        ("week", ["region"], ALL, window),
        ("quarter", ["dealer", "online"], KpiFilters(channel_types=("marketplace", "social")), odd),
        ("month", ["category"], KpiFilters(online=False), window),
        ("day", [], KpiFilters(category_id=1), odd),
    ]
    for period, by, filters, w in cases:
        a = kpi_series(engine, w, period, by, filters, source=raw)
        b = kpi_series(engine, w, period, by, filters, source=rolled)
        assert len(a) > 0
        assert_same_figures(b, a, ["bucket", *(kpi_math_key(d) for d in by)])
    for span in (odd, window):
        windows = comparison_windows(span)
        for by, filters in [
            (["region", "channel"], ALL),
            (["category"], KpiFilters(region_id=1)),
            *((["channel"], f) for f in CUSTOMER_DAY_FILTERS[:3]),
            *(([], f) for f in (*CUSTOMER_DAY_FILTERS, *DISTINCT_FILTERS)),
        ]:
            a = kpi_totals(engine, windows, by, filters, source=raw)
            b = kpi_totals(engine, windows, by, filters, source=rolled)
            assert a["active_customers"].sum() > 0, filters
            assert_same_figures(b, a, ["window", *(kpi_math_key(d) for d in by)])


CUSTOMER_DAY_FILTERS = (
    ALL,  # whole network: kpi_customer_day_count answers, no DISTINCT
    KpiFilters(online=True),
    KpiFilters(channel_types=("marketplace", "social")),
    KpiFilters(channel_types=("direct_store", "social"), online=False),
    KpiFilters(region_id=1),
    KpiFilters(region_id=2, channel_types=("own_ecommerce", "franchise_store")),
    KpiFilters(region_id=3, online=False),
    KpiFilters(category_id=1),
    KpiFilters(category_id=2, online=True),
)
"""Customer counts that kpi_customer_day answers with sums (see test_customer_day_routing)."""
DISTINCT_FILTERS = (
    KpiFilters(region_id=1, city_id=1),
    KpiFilters(region_id=1, category_id=1, online=False),
    KpiFilters(dealer_id=NO_KEY, channel_types=("marketplace",)),
)
"""Customer counts that need the distinct counts over the customer rollups."""


def test_customer_day_routing():
    """The filters above take the paths they are meant to test (sums vs distinct counts)."""
    for filters in CUSTOMER_DAY_FILTERS[1:]:
        lines = filters.category_id is not None
        assert isinstance(_customer_rollups("sqlite", filters, lines), CustomerDaySource)
    for filters in (ALL, *DISTINCT_FILTERS):
        lines = filters.category_id is not None
        assert isinstance(_customer_rollups("sqlite", filters, lines), CustomerRollupSource)
    assert channel_set(KpiFilters(channel_types=("direct_store", "social"), online=False)) == (
        "direct_store",
    )


def test_rollups_give_the_raw_figures(small_db_copy):
    engine = make_engine(small_db_copy)
    result = refresh_rollups(engine)
    assert result.rows["kpi_order_rollup"] > 0
    _assert_rollups_equal_raw(engine, _small_window(small_db_copy))
    engine.dispose()


def test_incremental_refresh_follows_new_changed_and_cancelled_orders(small_db_copy):
    engine = make_engine(small_db_copy)
    assert refresh_rollups(engine).mode == "full"
    assert refresh_rollups(engine).mode == "none"
    window = _small_window(small_db_copy)
    with engine.begin() as conn:
        orders = pd.read_sql("SELECT id, customer_id FROM orders ORDER BY id", conn)
        known = orders.dropna(subset=["customer_id"])
        moved, cancelled = int(known["id"].iloc[10]), int(known["id"].iloc[20])
        later = datetime(2099, 1, 1)
        # identity resolution moves an order to another customer; another order is cancelled
        conn.execute(
            update(m.Order)
            .where(m.Order.id == moved)
            .values(customer_id=int(known["customer_id"].iloc[-1]), updated_at=later)
        )
        conn.execute(
            update(m.Order)
            .where(m.Order.id == cancelled)
            .values(status="cancelled", updated_at=later)
        )
        new_id = int(orders["id"].max()) + 1
        template = conn.execute(m.Order.__table__.select().where(m.Order.id == moved)).mappings()
        row = dict(next(iter(template)))
        last_day = datetime.combine(window.end, datetime.min.time())
        row.update(id=new_id, order_no="NEW-1", placed_at=last_day)
        row.pop("version"), row.pop("created_at"), row.pop("updated_at")
        conn.execute(insert(m.Order), [row])
        conn.execute(
            insert(m.OrderLine),
            [dict(order_id=new_id, sku_id=1, qty=2, unit_price=10, discount=0, amount=20, cost=8)],
        )
    assert not kpi_source(engine).use_rollups
    result = refresh_rollups(engine)
    assert result.mode == "incremental" and 1 <= result.changed_days <= 3
    _assert_rollups_equal_raw(engine, window)
    engine.dispose()


def test_a_store_moved_to_another_dealer_rebuilds_the_rollups(small_db_copy):
    engine = make_engine(small_db_copy)
    refresh_rollups(engine)
    with engine.begin() as conn:
        store, dealer = conn.execute(
            select(m.Location.id, m.Location.dealer_id)
            .where(m.Location.kind == "franchise")
            .order_by(m.Location.id)
        ).first()
        other = conn.execute(
            select(m.Dealer.id).where(m.Dealer.id != dealer).order_by(m.Dealer.id)
        ).scalar()
        conn.execute(  # as an edit does: the row's updated_at moves on
            update(m.Location)
            .where(m.Location.id == store)
            .values(dealer_id=other, updated_at=datetime(2099, 1, 1))
        )
    state = kpi_source(engine).state
    assert not state.fresh and "stores" in state.reason  # raw figures until refreshed
    assert refresh_rollups(engine).mode == "full"  # every day of the store may have moved
    _assert_rollups_equal_raw(engine, _small_window(small_db_copy))
    engine.dispose()


@pytest.mark.pg
def test_rollups_give_the_raw_figures_on_postgresql(pg_url):
    from tests.fixtures.databases import seed_small

    seed_small(pg_url)
    engine = make_engine(pg_url)
    refresh_rollups(engine)
    _assert_rollups_equal_raw(engine, _small_window(pg_url))
    engine.dispose()


def test_stale_rollups_are_not_used(tmp_path):
    url = make_url(f"sqlite:///{tmp_path / 'stale.sqlite'}")
    _fill(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        assert not rollup_state(conn).fresh
    with pytest.raises(UserError, match="refresh-rollups"):
        kpi_source(engine, "rollup")
    refresh_rollups(engine)
    assert kpi_source(engine).use_rollups
    assert kpi_totals(engine, {"current": JAN})["net_revenue"].iloc[0] == 400.0
    with engine.begin() as conn:  # a return recorded after the refresh
        conn.execute(
            update(m.Order)
            .where(m.Order.id == 1)
            .values(returned_amount=50.0, updated_at=datetime(2099, 1, 1))
        )
    source = kpi_source(engine)
    assert not source.use_rollups and "changed" in source.state.reason
    assert kpi_totals(engine, {"current": JAN})["net_revenue"].iloc[0] == 350.0
    engine.dispose()


# --- the report the command line writes ---------------------------------------------------------


def test_report_has_names_labels_and_comparisons(tiny_engine):
    report = kpi_report(tiny_engine, "dealer", "month", FEB, compare=True)
    d2 = _one(report, dealer_id=2)
    assert d2["period"] == "2025-02" and d2["dealer"] == "Dealer 2"
    assert d2["gmv"] == 150.0
    none = _one(report, dealer_id=NO_KEY)
    assert none["dealer"].startswith("No dealer")
    assert none["gmv_prev"] == 250.0  # January: O1 + O4
    assert none["gmv_vs_prev_pct"] == pytest.approx(100 / 250 - 1)


def test_dimension_names_cover_every_channel_type_and_top_categories(tiny_engine):
    assert len(dimension_names(tiny_engine, "channel")) == 5
    assert set(dimension_names(tiny_engine, "category")["key"]) == {1, 2}


# --- pure arithmetic --------------------------------------------------------------------------


def test_comparison_windows_of_whole_months_and_odd_ranges():
    windows = comparison_windows(DateWindow(date(2025, 3, 1), date(2025, 3, 31)))
    assert windows["previous"] == DateWindow(date(2025, 2, 1), date(2025, 2, 28))
    assert windows["last_year"] == DateWindow(date(2024, 3, 1), date(2024, 3, 31))
    leap = comparison_windows(DateWindow(date(2024, 2, 1), date(2024, 2, 29)))
    assert leap["last_year"] == DateWindow(date(2023, 2, 1), date(2023, 2, 28))
    odd = comparison_windows(DateWindow(date(2025, 3, 10), date(2025, 3, 19)))
    assert odd["previous"] == DateWindow(date(2025, 2, 28), date(2025, 3, 9))


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    days=st.integers(min_value=0, max_value=800),
)
def test_previous_window_ends_the_day_before_and_last_year_is_a_year_back(start, days):
    window = DateWindow(start, start + timedelta(days=days))
    windows = comparison_windows(window)
    assert windows["previous"].end == window.start - timedelta(days=1)
    assert windows["previous"].days in range(window.days - 3, window.days + 4)
    last = windows["last_year"]
    assert 365 <= (window.start - last.start).days <= 366
    assert abs(last.days - window.days) <= 1


def test_change_is_nan_against_zero():
    assert kpi_math.change(5.0, 0.0)[1] != kpi_math.change(5.0, 0.0)[1]
    assert kpi_math.change(15.0, 10.0) == (5.0, 0.5)


def test_every_kpi_is_defined_in_the_docs():
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "kpis.md").read_text(encoding="utf-8")
    section = docs.split("## Channel performance KPIs", 1)[1]
    for kpi in KPIS:
        assert kpi.label in section, kpi.label
