"""The dealer panel's reads on the small demo dataset, each checked against an independent
computation: the what-if replay against the order-by-order reference of the assignment
policy, a settlement statement against the orders, the scorecard against pandas."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from console.db.database import Database
from console.db.queries import dealers as q
from console.db.queries import settlement as qs
from tests.services.test_assignment import reference_assign

PERIOD = (date(2026, 5, 1), date(2026, 10, 31))


@pytest.fixture(scope="module")
def demo(small_db_url):
    database = Database(small_db_url)
    yield database
    database.dispose()


def sql(demo: Database, text: str, **params) -> pd.DataFrame:
    with demo.engine.connect() as conn:
        return pd.read_sql_query(text, conn.connection.driver_connection, params=params)


# -- browse ------------------------------------------------------------------------------------


def test_dealer_search_and_city_filter(demo):
    found = q.dealer_list(demo.engine, "shanghai")
    assert found["code"].tolist() == ["D0001", "D0002"]
    counts = sql(
        demo,
        "SELECT d.code, COUNT(l.id) AS stores FROM dealers d LEFT JOIN locations l "
        "ON l.dealer_id = d.id AND l.kind IN ('direct', 'franchise', 'experience') "
        "GROUP BY d.code",
    ).set_index("code")["stores"]
    assert found["stores"].tolist() == counts.loc[found["code"]].tolist()
    by_credit = q.dealer_list(demo.engine, found["credit_code"].iloc[1].lower())
    assert by_credit["code"].tolist() == ["D0002"]
    shenzhen = q.dealer_list(demo.engine, city_id=4)
    assert set(shenzhen["code"]) == {"D0007", "D0008"}
    assert q.dealer_list(demo.engine, "no such dealer").empty


def test_store_list_filters(demo):
    stores = q.store_list(demo.engine, dealer_id=2)
    own = sql(
        demo,
        "SELECT COUNT(*) AS n FROM locations WHERE dealer_id = 2 "
        "AND kind IN ('direct', 'franchise', 'experience')",
    )["n"].iloc[0]
    assert (stores["dealer_code"] == "D0002").all() and len(stores) == own > 0
    everything = q.store_list(demo.engine)
    raw = sql(demo, "SELECT kind FROM locations")
    assert len(everything) == raw["kind"].isin(["direct", "franchise", "experience"]).sum()


def test_region_city_tree_counts(demo):
    tree = q.geography_tree(demo.engine)
    stores = sql(
        demo,
        "SELECT city_id, count(*) AS n FROM locations "
        "WHERE kind IN ('direct','franchise','experience') GROUP BY city_id",
    ).set_index("city_id")["n"]
    assert (
        tree.set_index("city_id")["stores"].to_dict()
        == stores.reindex(tree["city_id"]).fillna(0).astype(int).to_dict()
    )
    assert tree["stores"].sum() == stores.sum()
    pairs = sql(
        demo,
        "SELECT city_id, dealer_id FROM locations WHERE dealer_id IS NOT NULL UNION "
        "SELECT city_id, dealer_id FROM dealer_territories WHERE city_id IS NOT NULL",
    )
    dealers = pairs.groupby("city_id")["dealer_id"].nunique()
    assert (
        tree.set_index("city_id")["dealers"].to_dict()
        == dealers.reindex(tree["city_id"]).fillna(0).astype(int).to_dict()
    )
    per_region = sql(demo, "SELECT region_id, count(*) AS n FROM dealers GROUP BY region_id")
    assert (
        tree.drop_duplicates("region_id").set_index("region_id")["region_dealers"].sort_index()
        == per_region.set_index("region_id")["n"].sort_index()
    ).all()


def test_dealer_detail_has_form_values_territories_and_rules(demo):
    detail = q.dealer_detail(demo.engine, 5)
    assert detail.values["code"] == "D0005" and detail.values["region_code"] == "SOUTH"
    raw = sql(demo, "SELECT * FROM dealer_territories WHERE dealer_id = 5")
    assert len(detail.territories) == len(raw)
    assert (detail.rules["dealer_id"] == 5).all() and len(detail.rules) > 0


# -- what-if replay ----------------------------------------------------------------------------


def independent_inputs(demo: Database, weeks: int):
    end = date.fromisoformat(
        sql(demo, "SELECT value FROM app_meta WHERE key='data_end'")["value"].iloc[0][:10]
    )
    after = datetime.combine(end + timedelta(days=1), datetime.min.time())
    first = after - timedelta(weeks=weeks)
    orders = sql(
        demo,
        "SELECT o.id AS order_id, o.placed_at, o.city_id, o.postcode, "
        "o.fulfilling_dealer_id AS current_dealer_id FROM orders o "
        "JOIN channels c ON c.id = o.channel_id WHERE c.online = 1 AND o.store_id IS NULL "
        "AND o.status <> 'cancelled' AND o.placed_at >= :first AND o.placed_at < :after "
        "ORDER BY o.placed_at, o.id",
        first=str(first),
        after=str(after),
    )
    orders["placed_at"] = pd.to_datetime(orders["placed_at"])
    rules = sql(demo, "SELECT * FROM assignment_rules")
    dealers = sql(demo, "SELECT * FROM dealers ORDER BY id")
    stores = sql(
        demo,
        "SELECT dealer_id, avg(lat) AS lat, avg(lon) AS lon FROM locations "
        "WHERE dealer_id IS NOT NULL AND status = 'open' GROUP BY dealer_id",
    ).set_index("dealer_id")
    cities = sql(demo, "SELECT id, postcode_prefix, lat, lon FROM cities")
    city_home = (
        sql(
            demo,
            "SELECT t.dealer_id, c.lat, c.lon FROM dealer_territories t "
            "JOIN cities c ON c.id = t.city_id ORDER BY t.id",
        )
        .drop_duplicates("dealer_id")
        .set_index("dealer_id")
    )
    home = stores.combine_first(city_home)
    dealers = dealers.join(home, on="id")
    dealers["active"] = dealers["status"] == "active"
    return orders, rules, dealers, cities, end


def test_what_if_replay_matches_an_independent_computation(demo):
    weeks = 8
    orders, rules, dealers, cities, end = independent_inputs(demo, weeks)
    result = q.what_if(demo.engine, weeks=weeks)
    assert result.end == end and result.replay.summary["orders"] == len(orders) > 1000
    # the engine's view of the network is the one computed here
    network = q.dealer_network(demo.engine).set_index("id")
    assert np.allclose(network[["lat", "lon"]], dealers.set_index("id")[["lat", "lon"]])

    expected = reference_assign(orders, rules, dealers, cities)
    got = result.replay.orders.set_index("order_id")
    assert {
        oid: (None if pd.isna(r.dealer_id) else int(r.dealer_id), r.source)
        for oid, r in got.iterrows()
    } == expected

    new = pd.Series({k: v[0] for k, v in expected.items()}, dtype="float")
    old = orders.set_index("order_id")["current_dealer_id"].astype("float")
    new = new.reindex(old.index)
    moved = new.fillna(-1) != old.fillna(-1)
    by = result.by_dealer.set_index("dealer_id")
    for dealer_id, row in by.iterrows():
        assert row["current"] == (old == dealer_id).sum()
        assert row["replayed"] == (new == dealer_id).sum()
        assert row["gained"] == ((new == dealer_id) & moved).sum()
        assert row["lost"] == ((old == dealer_id) & moved).sum()
    assert result.replay.summary["unassigned_replayed"] == new.isna().sum()
    assert result.replay.summary["changed"] == moved.sum()
    assert {"code", "name", "name_zh"} <= set(result.by_dealer.columns)


def test_what_if_with_a_suspended_dealer_moves_its_orders_to_others(demo):
    network = q.dealer_network(demo.engine)
    network.loc[network["id"] == 1, "active"] = False
    result = q.what_if(demo.engine, weeks=4, dealers=network)
    row = result.by_dealer.set_index("dealer_id").loc[1]
    assert row["replayed"] == 0 and row["lost"] == row["current"] > 0
    assert (
        result.by_dealer["gained"].sum()
        >= row["lost"] - result.replay.summary["unassigned_replayed"]
    )


# -- settlement --------------------------------------------------------------------------------


def test_statement_totals_reconcile_with_the_orders(demo):
    month, dealer = date(2026, 9, 1), 6
    st = qs.statement(demo.engine, dealer, month)
    orders = sql(
        demo,
        "SELECT o.net_amount, o.returned_amount, c.platform_fee_rate AS fee, d.hq_margin_rate "
        "AS margin FROM orders o JOIN channels c ON c.id = o.channel_id "
        "JOIN dealers d ON d.id = o.fulfilling_dealer_id "
        "WHERE c.online = 1 AND o.store_id IS NULL AND o.status <> 'cancelled' "
        "AND o.fulfilling_dealer_id = :dealer "
        "AND o.delivered_at >= '2026-09-01' AND o.delivered_at < '2026-10-01'",
        dealer=dealer,
    )
    n = len(orders)
    assert st.status == "preview" and st.totals["orders_count"] == n > 20
    assert st.totals["orders_amount"] == pytest.approx(orders["net_amount"].sum(), abs=0.005)
    cent = 0.005 * n + 1e-6
    assert abs(st.totals["platform_fees"] - (orders["net_amount"] * orders["fee"]).sum()) <= cent
    assert abs(st.totals["hq_margin"] - (orders["net_amount"] * orders["margin"]).sum()) <= cent
    share = 1 - orders["fee"] - orders["margin"]
    returns = (orders["returned_amount"] * share).sum()
    damage = sql(
        demo,
        "SELECT o.net_amount FROM service_tickets t JOIN orders o ON o.id = t.order_id "
        "WHERE t.category = 'damage' AND t.dealer_id = :dealer "
        "AND t.opened_at >= '2026-09-01' AND t.opened_at < '2026-10-01'",
        dealer=dealer,
    )
    claims = 0.10 * damage["net_amount"].sum()
    assert abs(-st.totals["adjustments"] - (returns + claims)) <= cent + 0.005 * len(damage)
    captured = sql(
        demo,
        "SELECT o.net_amount - o.returned_amount AS kept FROM orders o "
        "JOIN customers cu ON cu.id = o.customer_id LEFT JOIN locations l ON l.id = o.store_id "
        "WHERE cu.captured_dealer_id = :dealer AND o.status <> 'cancelled' "
        "AND o.delivered_at >= '2026-09-01' AND o.delivered_at < '2026-10-01' "
        "AND coalesce(CASE WHEN o.store_id IS NULL THEN o.fulfilling_dealer_id "
        "ELSE l.dealer_id END, -1) <> :dealer",
        dealer=dealer,
    )
    assert st.totals["capture_credit"] == pytest.approx(
        0.02 * captured["kept"].sum(), abs=0.005 * max(len(captured), 1)
    )
    assert st.totals["amount_due"] == pytest.approx(st.lines["amount"].sum(), abs=1e-6)
    assert st.totals["amount_due"] == pytest.approx(
        st.totals["orders_amount"]
        - st.totals["platform_fees"]
        - st.totals["hq_margin"]
        + st.totals["adjustments"]
        + st.totals["capture_credit"],
        abs=1e-6,
    )


def test_month_overview_matches_each_statement(demo):
    month = date(2026, 8, 1)
    overview = q_overview = qs.month_overview(demo.engine, month).set_index("dealer_id")
    for dealer in (1, 7, 15):
        st = qs.statement(demo.engine, dealer, month)
        for column, value in st.totals.items():
            assert q_overview.loc[dealer, column] == pytest.approx(value)
    assert (overview["status"] == "preview").all()
    sheets = qs.statement_sheets(qs.statement(demo.engine, 1, month))
    assert set(sheets) == {"Statement", "Lines"} and len(sheets["Lines"]) > 0


def test_issued_statement_stores_lines_that_add_up_to_its_header(small_db_copy):
    from console.db import dealer_writes as w
    from console.services.permissions import CurrentUser

    database = Database(small_db_copy)
    try:
        month = date(2026, 9, 1)
        preview = qs.statement(database.engine, 6, month)
        w.issue_statement(database.sessions, CurrentUser("admin", "admin"), 6, month)
        stored = sql(
            database,
            "SELECT s.*, l.kind, l.amount FROM settlement_statements s "
            "JOIN settlement_lines l ON l.statement_id = s.id WHERE s.dealer_id = 6",
        )
        header = stored.iloc[0]
        by_kind = stored.groupby("kind")["amount"].sum()
        assert header["status"] == "issued"
        assert (stored["kind"] == "order").sum() == header["orders_count"]
        assert by_kind["order"] == pytest.approx(header["orders_amount"])
        assert -by_kind["platform_fee"] == pytest.approx(header["platform_fees"])
        assert -by_kind["hq_margin"] == pytest.approx(header["hq_margin"])
        assert stored["amount"].sum() == pytest.approx(header["amount_due"])
        assert header["amount_due"] == pytest.approx(preview.totals["amount_due"])
        overview = qs.month_overview(database.engine, month).set_index("dealer_id")
        assert overview.loc[6, "status"] == "issued"
    finally:
        database.dispose()


# -- scorecard ---------------------------------------------------------------------------------


def test_scorecard_matches_pandas(demo):
    start, end = PERIOD
    card = q.scorecard(demo.engine, start, end).set_index("dealer_id")
    orders = sql(
        demo,
        "SELECT o.*, c.online, l.dealer_id AS store_dealer FROM orders o "
        "JOIN channels c ON c.id = o.channel_id LEFT JOIN locations l ON l.id = o.store_id",
    )
    for column in ("placed_at", "delivered_at", "promised_at"):
        orders[column] = pd.to_datetime(orders[column])
    orders["dealer"] = orders["store_dealer"].where(
        orders["store_id"].notna(), orders["fulfilling_dealer_id"]
    )
    lo, hi = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    kept = orders[orders["status"] != "cancelled"]
    placed = kept[(kept["placed_at"] >= lo) & (kept["placed_at"] < hi)]
    sales = (placed["net_amount"] - placed["returned_amount"]).groupby(placed["dealer"]).sum()
    delivered = orders[(orders["delivered_at"] >= lo) & (orders["delivered_at"] < hi)]
    online = delivered[(delivered["online"] == 1) & delivered["store_id"].isna()]
    on_time = (online["delivered_at"] <= online["promised_at"]).groupby(online["dealer"]).mean()
    tickets = sql(demo, "SELECT dealer_id, category, opened_at FROM service_tickets")
    tickets["opened_at"] = pd.to_datetime(tickets["opened_at"])
    tickets = tickets[(tickets["opened_at"] >= lo) & (tickets["opened_at"] < hi)]
    damage = tickets[tickets["category"] == "damage"].groupby("dealer_id").size()
    per_dealer = delivered.groupby("dealer").size()
    damage_rate = damage.reindex(per_dealer.index).fillna(0) / per_dealer
    capture = placed["customer_id"].notna().groupby(placed["dealer"]).mean()
    customers = sql(demo, "SELECT captured_dealer_id, first_seen_at, merged_into_id FROM customers")
    customers["first_seen_at"] = pd.to_datetime(customers["first_seen_at"])
    fresh = customers[
        (customers["first_seen_at"] >= lo)
        & (customers["first_seen_at"] < hi)
        & customers["merged_into_id"].isna()
    ]
    captured = fresh.groupby("captured_dealer_id").size()
    for dealer, row in card.iterrows():
        assert row["sales"] == pytest.approx(sales.get(dealer, 0.0), abs=0.01)
        assert row["online_orders"] == len(online[online["dealer"] == dealer])
        assert row["on_time_rate"] == pytest.approx(on_time[dealer])
        assert row["damage_rate"] == pytest.approx(damage_rate.get(dealer, 0.0))
        assert row["member_capture_rate"] == pytest.approx(capture[dealer])
        assert row["customers_captured"] == captured.get(dealer, 0)
        assert row["service_tickets"] == (tickets["dealer_id"] == dealer).sum()
        assert 0 <= row["sla_compliance"] <= 1
    # percentiles: the best dealer of a metric scores 100, the worst 0
    assert card.loc[card["sales"].idxmax(), "pct_sales"] == pytest.approx(100)
    assert card.loc[card["sales"].idxmin(), "pct_sales"] == pytest.approx(0)
    # ... and ties share: (dealers worse + half of the others tied) / (dealers - 1)
    rates = card["damage_rate"].to_numpy()
    for dealer, rate in card["damage_rate"].items():
        worse, tied = (rates > rate).sum(), (rates == rate).sum() - 1
        expected = (worse + tied / 2) / (len(rates) - 1) * 100
        assert card.loc[dealer, "pct_damage_rate"] == pytest.approx(expected)
    ranked = card.sort_values("rank")
    assert ranked["score"].is_monotonic_decreasing and ranked["rank"].iloc[0] == 1


def test_scorecard_growth_against_the_previous_period(demo):
    start, end = PERIOD
    card = q.scorecard(demo.engine, start, end).set_index("dealer_id")
    days = (end - start).days + 1
    earlier = q.scorecard(demo.engine, start - timedelta(days=days), start - timedelta(days=1))
    earlier = earlier.set_index("dealer_id")["sales"]
    assert card["sales_previous"].to_dict() == pytest.approx(earlier.to_dict())
    has_base = earlier > 0
    expected = card.loc[has_base, "sales"] / earlier[has_base] - 1
    assert card.loc[has_base, "growth"].to_dict() == pytest.approx(expected.to_dict())
    assert card.loc[~has_base, "growth"].isna().all()


def test_click_through_lists(demo):
    orders = q.order_list(demo.engine, dealer_id=3, start=PERIOD[0], end=PERIOD[1])
    assert len(orders) > 0 and (orders["fulfilling_dealer_id"] == 3).all()
    assert orders["placed_at"].is_monotonic_decreasing
    tickets = q.ticket_list(demo.engine, 3, *PERIOD)
    assert len(tickets) > 0
    queue = q.order_list(demo.engine, unassigned_only=True)
    assert len(queue) > 0 and queue["fulfilling_dealer_id"].isna().all()


def test_what_if_with_a_rule_being_edited_replays_it_unsaved(demo):
    from console.db.dealer_writes import rules_with

    # D0001 asks for all of Shanghai first, with its own quota of 3 orders a day
    edited = {
        "dealer_code": "D0001",
        "city_code": "SHANGHAI",
        "priority": "1",
        "daily_capacity": "3",
    }
    with demo.session() as session:
        problems, rules, row = rules_with(session, edited)
    assert problems == [] and row["priority"] == 1 and (rules["id"] == -1).sum() == 1
    stored = q.what_if(demo.engine, weeks=4).by_dealer.set_index("code")
    tried = q.what_if(demo.engine, rules, weeks=4).by_dealer.set_index("code")
    orders, _, dealers, cities, _ = independent_inputs(demo, 4)
    expected = reference_assign(orders, rules, dealers, cities)
    assert (tried.loc["D0001", "replayed"]) == sum(1 for d, _ in expected.values() if d == 1)
    assert tried.loc["D0001", "replayed"] > stored.loc["D0001", "replayed"]
    assert tried.loc["D0002", "replayed"] < stored.loc["D0002", "replayed"]
    assert q.rule_frame(demo.engine)["id"].min() > 0  # nothing was saved
