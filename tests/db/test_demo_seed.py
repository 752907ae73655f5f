"""The demo seeder: deterministic, all-or-nothing, at the right scale, with the patterns the
panels must find. The shared `small_db_url` fixture (seed 7) is the dataset under test."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from console.__main__ import main
from console.db.demo import DATA_END, SCALES, SeedCancelled, seed_demo
from console.db.demo.bulk import seeded_tables
from console.db.demo.marketing import adstocked, hill
from console.db.engine import make_engine
from console.db.migrate import upgrade
from console.db.models import Region
from console.errors import UserError

SMALL = SCALES["small"]
# Columns the seed does not choose (the database fills them with the load time).
UNSEEDED = {"created_at", "updated_at"}


def checksums(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every seeded value, per table, in primary-key order.

    Values go through SQLAlchemy's types, so SQLite and PostgreSQL compare equal."""
    out = {}
    with engine.connect() as conn:
        for table in seeded_tables(engine):
            columns = [c for c in table.columns if c.name not in UNSEEDED]
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns)).all()
            # SQLite hands back whole-numbered NUMERIC values as int: compare numbers as floats
            values = [tuple(_number(v) for v in r) for r in rows]
            digest = hashlib.sha256(repr(values).encode()).hexdigest()
            out[table.name] = (len(rows), digest)
    return out


def _number(value):
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def file_checksums(url) -> dict[str, tuple[int, str]]:
    """The same for a SQLite file, read raw (fast)."""
    out = {}
    engine = make_engine(url)
    tables = seeded_tables(engine)
    engine.dispose()
    with closing(sqlite3.connect(make_url(str(url)).database)) as conn:
        for table in tables:
            columns = ", ".join(c.name for c in table.columns if c.name not in UNSEEDED)
            keys = ", ".join(c.name for c in table.primary_key.columns)
            rows = conn.execute(f"SELECT {columns} FROM {table.name} ORDER BY {keys}").fetchall()
            out[table.name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return out


def read(engine: Engine, sql: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text(sql), conn)


@pytest.fixture(scope="module")
def small(small_db_url) -> Engine:
    engine = make_engine(small_db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def small_sums(small_db_url) -> dict:
    return file_checksums(small_db_url)


# determinism and all-or-nothing ----------------------------------------------------------------


def test_the_same_seed_gives_the_same_data_and_replace_empties_first(small_db_copy, small_sums):
    assert (
        main(
            [
                "demo",
                "seed",
                "--scale",
                "small",
                "--seed",
                "7",
                "--replace",
                "--db",
                str(small_db_copy),
            ]
        )
        == 0
    )
    assert file_checksums(small_db_copy) == small_sums


def test_another_seed_gives_other_data(small_sums, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'seed8.sqlite'}"
    engine = make_engine(url)  # a database with facts in app_meta only counts as empty
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO app_meta (key, value) VALUES ('schema_owner', 'hq-console'), "
                "('installed_by', 'ops')"
            )
        )
    engine.dispose()
    assert main(["demo", "seed", "--scale", "small", "--seed", "8", "--db", url]) == 0
    assert "order_lines" in capsys.readouterr().out
    other = file_checksums(url)
    assert other.keys() == small_sums.keys()
    for table in ("customers", "orders", "order_lines", "service_tickets", "marketing_history"):
        assert other[table] != small_sums[table], table
    engine = make_engine(url)
    meta = dict(read(engine, "SELECT key, value FROM app_meta").itertuples(index=False))
    engine.dispose()
    assert meta["installed_by"] == "ops" and meta["demo_seed"] == "8"


def test_seeding_a_database_with_data_is_refused(small_db_copy, small_sums, capsys):
    code = main(["demo", "seed", "--scale", "small", "--db", str(small_db_copy)])
    assert code == 2
    assert "already holds HQ Console data" in capsys.readouterr().err
    engine = make_engine(small_db_copy)
    with pytest.raises(UserError, match="--replace"):
        seed_demo(engine, scale="small", seed=7)
    engine.dispose()
    assert file_checksums(small_db_copy) == small_sums


def test_cancel_half_way_leaves_the_old_data(small_db_copy, small_sums):
    engine = make_engine(small_db_copy)
    checks = []
    labels = []

    def cancelled() -> bool:
        checks.append(1)
        return len(checks) > 6  # inside the order months

    with pytest.raises(SeedCancelled):
        seed_demo(
            engine,
            scale="small",
            seed=8,
            replace=True,
            cancelled=cancelled,
            progress=lambda done, total, label: labels.append(label),
        )
    engine.dispose()
    assert "orders" in labels and "inventory_levels" not in labels  # it stopped half way
    assert file_checksums(small_db_copy) == small_sums


def test_an_error_half_way_leaves_an_empty_database(tmp_path, monkeypatch):
    from console.db.demo.service import TicketMaker

    made = []
    original = TicketMaker.make

    def failing(self, *args):
        made.append(1)
        if len(made) == 3:
            raise RuntimeError("disk on fire")
        return original(self, *args)

    monkeypatch.setattr(TicketMaker, "make", failing)
    engine = make_engine(f"sqlite:///{tmp_path / 'broken.sqlite'}")
    upgrade(engine)
    with pytest.raises(RuntimeError, match="disk on fire"):
        seed_demo(engine, scale="small", seed=7)
    with engine.connect() as conn:
        for table in seeded_tables(engine):
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 0, table
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_large_is_refused_on_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'large.sqlite'}")
    upgrade(engine)
    with pytest.raises(UserError, match="PostgreSQL"):
        seed_demo(engine, scale="large")
    engine.dispose()


# scale ------------------------------------------------------------------------------------------


def test_counts_are_near_the_small_targets(small):
    counts = read(
        small,
        """
        SELECT (SELECT count(*) FROM dealers) AS dealers,
               (SELECT count(*) FROM locations WHERE kind IN ('direct', 'franchise',
                                                              'experience')) AS stores,
               (SELECT count(*) FROM locations WHERE kind IN ('warehouse',
                                                              'front_warehouse')) AS warehouses,
               (SELECT count(*) FROM skus) AS skus,
               (SELECT count(*) FROM customers) AS customers,
               (SELECT count(*) FROM order_lines) AS lines,
               (SELECT count(*) FROM service_tickets) AS tickets""",
    ).iloc[0]
    assert (counts["dealers"], counts["stores"], counts["warehouses"], counts["skus"]) == (
        SMALL.dealers,
        SMALL.stores,
        SMALL.warehouses,
        SMALL.skus,
    )
    assert counts["customers"] == SMALL.customers
    assert abs(counts["lines"] / SMALL.order_lines - 1) < 0.05
    assert abs(counts["tickets"] / SMALL.tickets - 1) < 0.15


def test_every_foreign_key_points_at_a_row(small):
    with small.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []


def test_app_meta_describes_the_dataset(small):
    meta = dict(read(small, "SELECT key, value FROM app_meta").itertuples(index=False))
    assert meta == {
        "schema_owner": "hq-console",
        "demo_scale": "small",
        "demo_seed": "7",
        "data_start": "2025-11-16",
        "data_end": DATA_END.isoformat(),
    }
    span = read(small, "SELECT min(placed_at) AS first, max(placed_at) AS last FROM orders")
    assert str(span["first"][0]) >= "2025-11-16" and str(span["last"][0]) < "2026-11-16"


def test_one_user_per_role_with_chinese_names(small):
    users = read(small, "SELECT username, role, display_name_zh FROM users")
    assert sorted(users["role"]) == ["admin", "executive", "marketing", "service", "supply_chain"]
    assert set(users["username"]) == {"exec", "marketing", "supply", "service", "admin"}
    assert users["display_name_zh"].str.contains(r"[\u4e00-\u9fff]").all()


def test_dealer_credit_codes_are_valid(small):
    from console.services.credit_code import is_valid

    codes = read(small, "SELECT credit_code FROM dealers")["credit_code"]
    assert codes.str.len().eq(18).all() and codes.is_unique
    assert all(is_valid(code) for code in codes)


# sales patterns ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def daily(small) -> pd.DataFrame:
    """Per day and online/offline: orders, anonymous orders, revenue, discount, gross."""
    frame = read(
        small,
        """
        SELECT date(o.placed_at) AS day, c.online AS online, count(*) AS orders,
               sum(o.customer_id IS NULL) AS anonymous, sum(o.net_amount) AS revenue,
               sum(o.discount_amount) AS discount, sum(o.gross_amount) AS gross
        FROM orders o JOIN channels c ON c.id = o.channel_id
        WHERE o.status <> 'cancelled' GROUP BY 1, 2""",
    )
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def _quarters(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    first = frame["day"] < pd.Timestamp(SMALL.data_start) + pd.Timedelta(days=91)
    last = frame["day"] > pd.Timestamp(DATA_END) - pd.Timedelta(days=91)
    return frame[first], frame[last]


def test_anonymous_store_orders_fall_from_about_90_to_about_30_percent(daily):
    first, last = _quarters(daily[daily["online"] == 0])
    share_first = first["anonymous"].sum() / first["orders"].sum()
    share_last = last["anonymous"].sum() / last["orders"].sum()
    assert share_first > 0.75
    assert share_last < 0.45
    assert (daily[daily["online"] == 1]["anonymous"] == 0).all()


def test_online_share_of_revenue_grows(daily):
    first, last = _quarters(daily)
    online_first = first[first["online"] == 1]["revenue"].sum() / first["revenue"].sum()
    online_last = last[last["online"] == 1]["revenue"].sum() / last["revenue"].sum()
    assert online_last > online_first + 0.15


def test_6_18_and_double_11_are_peaks_and_spring_festival_a_dip(daily):
    per_day = daily.groupby("day")["revenue"].sum()
    month = per_day.groupby(per_day.index.to_period("M")).mean()
    assert month["2026-06"] > 1.1 * max(month["2026-05"], month["2026-07"])
    assert month["2026-11"] > 1.2 * max(month["2026-10"], month["2025-12"])
    assert per_day["2026-11-11"] > 2.5 * per_day["2026-10-01":"2026-10-31"].median()
    spring = per_day["2026-02-15":"2026-02-23"].mean()
    assert spring < 0.7 * per_day["2026-01-05":"2026-02-08"].mean()


def test_discounts_are_deeper_on_promotion_days(daily):
    totals = daily.groupby("day")[["discount", "gross"]].sum()
    rate = totals["discount"] / totals["gross"]
    festival = rate[["2026-06-18", "2026-11-11"]]
    ordinary = rate["2026-03-01":"2026-04-15"]
    assert festival.min() > ordinary.mean() + 0.08


def test_order_statuses_and_returns(small):
    orders = read(
        small,
        """
        SELECT o.status, o.net_amount, o.returned_amount,
               (SELECT sum(l.amount * l.returned_qty * 1.0 / l.qty) FROM order_lines l
                WHERE l.order_id = o.id) AS line_returns,
               o.paid_at IS NULL AS unpaid, o.delivered_at IS NULL AS undelivered
        FROM orders o""",
    )
    counts = orders["status"].value_counts(normalize=True)
    assert {"cancelled", "returned", "completed", "delivered", "shipped"} <= set(counts.index)
    assert 0.005 < counts["cancelled"] < 0.08 and 0.005 < counts["returned"] < 0.06
    returned = orders[orders["status"] == "returned"]
    assert np.allclose(returned["returned_amount"], returned["net_amount"])
    partial = orders[(orders["status"] == "completed") & (orders["returned_amount"] > 0)]
    assert len(partial) > 50
    assert np.allclose(orders["returned_amount"], orders["line_returns"], atol=0.02)
    assert orders[orders["status"] == "completed"]["undelivered"].sum() == 0


def test_online_orders_go_to_dealers_by_rule_within_capacity(small):
    online = read(
        small,
        """
        SELECT o.assignment, o.fulfilling_dealer_id AS dealer, date(o.placed_at) AS day
        FROM orders o JOIN channels c ON c.id = o.channel_id WHERE c.online""",
    )
    share = online["assignment"].value_counts(normalize=True)
    assert share["rule"] > 0.8 and 0.01 < share["fallback"] < 0.15
    assert 0 < share["unassigned"] < 0.03
    assert online[online["assignment"] == "unassigned"]["dealer"].isna().all()
    assert online[online["assignment"] != "unassigned"]["dealer"].notna().all()
    per_day = online[online["assignment"] == "rule"].groupby(["dealer", "day"]).size()
    capacity = read(small, "SELECT id, daily_capacity FROM dealers").set_index("id")
    load = per_day.reset_index(name="n").join(capacity, on="dealer")
    assert (load["n"] <= load["daily_capacity"]).all()
    assert (load["n"] == load["daily_capacity"]).any()  # festival days fill them up
    offline = read(
        small,
        """SELECT DISTINCT o.assignment FROM orders o
                             JOIN channels c ON c.id = o.channel_id WHERE NOT c.online""",
    )
    assert offline["assignment"].tolist() == ["store"]


def test_rules_send_orders_to_the_dealer_of_the_postcode_district(small):
    rows = read(
        small,
        """
        SELECT o.fulfilling_dealer_id AS dealer, r.dealer_id AS rule_dealer
        FROM orders o JOIN assignment_rules r ON r.postcode_prefix = substr(o.postcode, 1, 4)
        WHERE o.assignment = 'rule' AND r.active""",
    )
    assert len(rows) > 1000
    assert (rows["dealer"] == rows["rule_dealer"]).mean() > 0.95


# customers and identities -----------------------------------------------------------------------


def test_customers_active_in_several_channels_under_different_identities(small):
    profiles = read(
        small,
        """
        SELECT t.person_key, p.id, p.channel_id, p.name, p.birth_date, p.postcode
        FROM demo_identity_truth t JOIN customer_profiles p ON p.id = t.profile_id""",
    )
    links = read(small, "SELECT profile_id, identity_id FROM profile_identities")
    channels = profiles.groupby("person_key")["channel_id"].nunique()
    assert (channels >= 2).mean() > 0.15
    assert (channels >= 3).sum() > 50
    # profile pairs of one person: do they share an identity, or only name+birth+postcode?
    pairs = profiles.merge(profiles, on="person_key")
    pairs = pairs[pairs["id_x"] < pairs["id_y"]]
    shared = links.merge(links, on="identity_id")
    shared = set(zip(shared["profile_id_x"], shared["profile_id_y"], strict=True))
    exact = [(a, b) in shared for a, b in zip(pairs["id_x"], pairs["id_y"], strict=True)]
    pairs = pairs.assign(exact=exact)
    same_details = (
        (pairs["name_x"] == pairs["name_y"])
        & (pairs["birth_date_x"] == pairs["birth_date_y"])
        & (pairs["postcode_x"] == pairs["postcode_y"])
    )
    assert pairs["exact"].mean() > 0.4
    assert (~pairs["exact"] & same_details).sum() > 100
    assert (~pairs["exact"] & ~same_details).sum() > 20


def test_shared_identifiers_link_many_different_persons(small):
    crowded = read(
        small,
        """
        SELECT i.type, i.normalized_value, count(*) AS profiles,
               count(DISTINCT t.person_key) AS persons
        FROM customer_identities i JOIN profile_identities l ON l.identity_id = i.id
        JOIN demo_identity_truth t ON t.profile_id = l.profile_id
        GROUP BY i.id HAVING count(DISTINCT t.person_key) >= 5""",
    )
    assert len(crowded) >= 3
    assert (crowded["type"] == "phone").all()
    assert crowded["normalized_value"].str.startswith("0").any()  # a shop's landline


def test_identity_values_are_normalized_the_way_the_resolver_does(small):
    from console.services.identity_normalize import normalize

    identities = read(small, "SELECT type, raw_value, normalized_value FROM customer_identities")
    assert identities.groupby("type").size().to_dict().keys() == {
        "phone",
        "email",
        "member_card",
        "wechat_openid",
        "marketplace_account",
        "payment_account",
    }
    for kind, rows in identities.groupby("type"):
        result = normalize(rows["raw_value"], kind)
        assert result["reason"].isna().all(), kind
        assert (result["value"] == rows["normalized_value"]).all(), kind
    assert (identities["raw_value"] != identities["normalized_value"]).sum() > 500


def test_whoever_brings_the_customer_is_recorded(small):
    customers = read(
        small,
        """
        SELECT c.type, cu.captured_store_id AS store, cu.captured_dealer_id AS dealer,
               l.kind, l.dealer_id AS store_dealer
        FROM customers cu JOIN channels c ON c.id = cu.first_channel_id
        LEFT JOIN locations l ON l.id = cu.captured_store_id""",
    )
    in_store = customers[customers["type"].isin(["direct_store", "franchise_store"])]
    assert in_store["store"].notna().all()
    franchise = in_store[in_store["type"] == "franchise_store"]
    assert (franchise["dealer"] == franchise["store_dealer"]).all()
    online = customers[~customers["type"].isin(["direct_store", "franchise_store"])]
    assert 0.01 < online["dealer"].notna().mean() < 0.2


def test_profiles_appear_before_their_orders_and_interactions(small):
    late = read(
        small,
        """
        SELECT (SELECT count(*) FROM orders o JOIN customer_profiles p ON p.id = o.profile_id
                WHERE o.placed_at < p.first_seen_at) AS orders,
               (SELECT count(*) FROM interactions i
                JOIN customer_profiles p ON p.id = i.profile_id
                WHERE i.occurred_at < p.first_seen_at) AS interactions""",
    ).iloc[0]
    assert late["orders"] == 0 and late["interactions"] == 0


def test_interactions_of_every_kind_some_converting(small):
    kinds = read(
        small,
        """SELECT kind, avg(converted) AS rate, count(*) AS n
                           FROM interactions GROUP BY kind""",
    ).set_index("kind")
    assert set(kinds.index) == {
        "store_visit",
        "page_view",
        "social_follow",
        "social_engagement",
        "consultation",
    }
    assert 0.05 < kinds.loc["store_visit", "rate"] < 0.6
    assert kinds.loc["social_follow", "rate"] == 0


# stock ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stock(small) -> pd.DataFrame:
    return read(
        small,
        """
        SELECT l.kind, s.location_id, s.sku_id, s.on_hand, s.reserved, s.online_hold,
               s.safety_stock, s.target_stock
        FROM inventory_levels s JOIN locations l ON l.id = s.location_id""",
    )


def test_experience_stores_hold_no_stock(small, stock):
    experience = read(small, "SELECT count(*) AS n FROM locations WHERE kind = 'experience'")
    assert experience["n"][0] > 0
    assert "experience" not in set(stock["kind"])
    assert {"direct", "franchise", "warehouse", "front_warehouse"} <= set(stock["kind"])


@pytest.fixture(scope="module")
def monitored(small) -> pd.DataFrame:
    """The inventory monitor at its defaults, as the panel first shows it."""
    from console.db.queries.inventory import monitor

    return monitor(small)


def test_the_monitor_finds_most_rows_healthy_and_a_minority_out_of_line(monitored):
    status = monitored["status"].value_counts(normalize=True)
    below = monitored["position"] < monitored["safety_stock"]
    under = (monitored["status"] == "stockout") | below
    assert status["ok"] + status["slow"] > 0.8 and status["ok"] > 0.1
    assert 0.03 < status["overstock"] < 0.2
    assert 0.02 < under.mean() < 0.12 and status["stockout"] > 0.003


def test_slow_movers_keep_display_units_and_are_not_overstocked(monitored):
    """Most store x SKU rows sell less than twice in four weeks; most stores show one or two
    units of them, which the monitor calls slow movers (their cover judged on 90 days)."""
    stores = monitored[monitored["location_type"].isin(["direct", "franchise"])]
    assert stores["slow"].mean() > 0.5  # slow movers are the bulk of a furniture assortment
    assert (stores["on_hand"] == 0).mean() < 0.3  # shelves are not empty
    slow = stores[stores["status"] == "slow"]
    assert len(slow) > 0.4 * len(stores)
    assert (slow["window_units"] < 2).all() and (slow["position"] > 0).all()
    assert (slow["excess_units"] == 0).all() and (slow["position"] <= 3).mean() > 0.9
    # the 90-day demand judges them: some of the slow rows did sell in those 90 days
    assert (slow["slow_demand_mean"] > slow["demand_mean"]).any()
    over_slow = stores[stores["slow"] & (stores["status"] == "overstock")]
    assert len(over_slow) > 0 and (over_slow["position"] > over_slow["target_stock"]).all()


def test_some_stores_overstocked_and_some_running_short(monitored):
    stores = monitored[monitored["location_type"].isin(["direct", "franchise"])]
    selling = stores[stores["safety_stock"] > 0]
    over = (stores["status"] == "overstock").groupby(stores["location"]).mean()
    short = (selling["position"] < selling["safety_stock"]).groupby(selling["location"]).mean()
    assert (over > 0.5).sum() >= 2 and (short > 0.4).sum() >= 2
    assert over.median() < 0.2 and short.median() < 0.2  # a typical store is mostly in line


def test_regions_lean_one_way_and_neighbours_can_rebalance(monitored):
    stores = monitored[monitored["location_type"].isin(["direct", "franchise"])]
    over_share = (stores["status"] == "overstock").groupby(stores["region"]).mean()
    assert over_share.max() > 1.5 * over_share.min()
    # the same SKU in one region: a store holding more than its target, another below safety
    gives = stores[stores["position"] > stores["target_stock"]][["region", "sku"]]
    needs = stores[stores["position"] < stores["safety_stock"]][["region", "sku"]]
    pairs = gives.drop_duplicates().merge(needs.drop_duplicates())
    assert len(pairs) >= 10 and pairs["region"].nunique() >= 3


def test_stored_levels_follow_recent_sales(monitored, stock):
    assert (stock["reserved"] + stock["online_hold"] <= stock["on_hand"]).all()
    assert (stock["safety_stock"] <= stock["target_stock"]).all()
    # the planners' safety stock covers at least the lead time's demand of the last 4 weeks
    lead_days = np.where(monitored["location_type"].str.contains("warehouse"), 10, 7)
    assert (monitored["safety_stock"] >= np.ceil(monitored["demand_mean"] * lead_days)).all()
    # rows without sales in those weeks: no safety stock, one or two display units in a store
    # (one to three in a warehouse) as the target, held by most of them
    quiet = monitored[(monitored["demand_mean"] == 0) & (monitored["target_stock"] > 0)]
    in_store = quiet["location_type"].isin(["direct", "franchise"])
    assert len(quiet) > 100 and (quiet["safety_stock"] == 0).all()
    assert set(quiet.loc[in_store, "target_stock"]) == {1, 2}
    assert set(quiet.loc[~in_store, "target_stock"]) == {1, 2, 3}
    assert (quiet["position"] >= quiet["target_stock"]).mean() > 0.75


def test_stock_movements_add_up_to_the_stock_on_hand(small, stock):
    moved = read(
        small,
        """SELECT location_id, sku_id, sum(qty) AS qty
                           FROM stock_movements GROUP BY 1, 2""",
    )
    joined = stock.merge(moved, on=["location_id", "sku_id"], how="left").fillna({"qty": 0})
    assert (joined["qty"] == joined["on_hand"]).all()
    kinds = set(read(small, "SELECT DISTINCT kind FROM stock_movements")["kind"])
    assert {"sale", "receipt", "transfer_out", "transfer_in", "return"} <= kinds


def test_stock_rebuilt_backwards_is_never_negative(small, stock):
    """The inventory chart rebuilds each row's daily stock backwards from today's on hand (the
    panel's stock_timeline): receipts come before the sales they cover, so no day is below 0."""
    from console.db.queries.inventory import HISTORY_DAYS, inventory_today
    from console.services.stock_metrics import stock_timeline

    moved = read(
        small,
        """SELECT location_id, sku_id, date(occurred_at) AS day, kind, sum(qty) AS qty
           FROM stock_movements GROUP BY 1, 2, 3, 4""",
    )
    moved["day"] = pd.to_datetime(moved["day"])
    last = inventory_today(small)
    first = last - timedelta(days=HISTORY_DAYS - 1)
    assert moved["day"].min().date() >= first  # the whole history is inside the chart
    no_demand = pd.DataFrame({"day": pd.to_datetime([]), "qty": []})
    on_hand = stock.set_index(["location_id", "sku_id"])["on_hand"]
    lowest = {
        key: stock_timeline(float(on_hand[key]), rows, no_demand, first, last)["stock"].min()
        for key, rows in moved.groupby(["location_id", "sku_id"])
    }
    assert len(lowest) > 0.5 * len(stock)
    assert min(lowest.values()) >= 0, [k for k, v in lowest.items() if v < 0][:5]


def test_stock_is_never_negative_between_movements(small):
    """Not only at the end of the day: in the order the movements happened."""
    moved = read(
        small,
        "SELECT location_id, sku_id, kind, qty FROM stock_movements ORDER BY occurred_at, id",
    )
    running = moved.groupby(["location_id", "sku_id"])["qty"].cumsum()
    assert running.min() >= 0, moved[running < 0].head()
    # rows that sell are refilled by receipts, not only by stock held before the window
    assert (moved["kind"] == "receipt").sum() > 0.2 * (moved["kind"] == "sale").sum()


def test_transfers_move_stock_consistently(small):
    transfers = read(
        small,
        """
        SELECT t.status, t.shipped_at IS NOT NULL AS shipped, t.received_at IS NOT NULL AS got,
               (SELECT count(*) FROM stock_movements m WHERE m.transfer_id = t.id
                AND m.kind = 'transfer_out') AS outs,
               (SELECT count(*) FROM stock_movements m WHERE m.transfer_id = t.id
                AND m.kind = 'transfer_in') AS ins,
               (SELECT count(*) FROM stock_transfer_lines s WHERE s.transfer_id = t.id) AS lines
        FROM stock_transfers t""",
    )
    assert {"received", "in_transit", "proposed"} <= set(transfers["status"])
    moved = transfers["status"].isin(["received", "in_transit"])
    assert (transfers[moved]["outs"] == transfers[moved]["lines"]).all()
    received = transfers["status"] == "received"
    assert (transfers[received]["ins"] == transfers[received]["lines"]).all()
    assert (transfers[~moved][["outs", "ins"]] == 0).all().all()
    assert (transfers["got"] == received).all() and (transfers["shipped"] == moved).all()


# service ----------------------------------------------------------------------------------------


def test_sla_policies_per_priority(small):
    policies = read(
        small,
        """SELECT priority, first_response_hours AS r, resolution_hours AS s
                              FROM sla_policies WHERE category IS NULL""",
    ).set_index("priority")
    assert policies.loc["urgent"].tolist() == [2, 8]
    assert policies.loc["high"].tolist() == [4, 24]
    assert policies.loc["normal"].tolist() == [8, 48]
    assert policies.loc["low"].tolist() == [16, 80]


def test_ticket_timestamps_agree_with_their_status_history(small):
    tickets = read(
        small,
        """SELECT id, status, opened_at, first_response_at, resolved_at,
                                    closed_at, reopened_count FROM service_tickets""",
    )
    changes = read(
        small,
        """SELECT ticket_id, status, changed_at FROM ticket_status_changes
                             ORDER BY ticket_id, id""",
    )
    for frame, columns in (
        (tickets, ["opened_at", "first_response_at", "resolved_at", "closed_at"]),
        (changes, ["changed_at"]),
    ):
        for column in columns:
            frame[column] = pd.to_datetime(frame[column])
    grouped = changes.groupby("ticket_id")
    assert grouped["changed_at"].apply(lambda s: s.is_monotonic_increasing).all()
    history = pd.DataFrame(
        {
            "first": grouped["status"].first(),
            "last": grouped["status"].last(),
            "opened": grouped["changed_at"].first(),
            "response": changes[changes["status"] == "in_progress"]
            .groupby("ticket_id")["changed_at"]
            .first(),
            "resolved": changes[changes["status"] == "resolved"]
            .groupby("ticket_id")["changed_at"]
            .last(),
            "closed": changes[changes["status"] == "closed"]
            .groupby("ticket_id")["changed_at"]
            .last(),
            "reopened": changes[changes["status"] == "reopened"].groupby("ticket_id").size(),
        }
    ).reindex(tickets["id"])
    t = tickets.set_index("id")
    assert (history["first"] == "new").all()
    assert (history["last"] == t["status"]).all()
    assert (history["opened"] == t["opened_at"]).all()
    assert history["response"].equals(t["first_response_at"].rename("response"))
    done = t["status"].isin(["resolved", "closed"])
    assert (history["resolved"][done] == t["resolved_at"][done]).all()
    assert t["resolved_at"][~done].isna().all()
    assert history["closed"].equals(t["closed_at"].rename("closed"))
    assert (history["reopened"].fillna(0) == t["reopened_count"]).all()
    still_open = t["status"].isin(
        ["new", "assigned", "in_progress", "waiting_on_customer", "reopened"]
    )
    assert 10 < still_open.sum() < 0.2 * len(t)
    assert (changes["changed_at"] <= pd.Timestamp(DATA_END) + pd.Timedelta(days=1)).all()
    assert changes["status"].isin(["waiting_on_customer"]).any()
    assert (t["reopened_count"] > 0).any()


def test_the_open_queue_has_tickets_at_risk_and_breached(small):
    """As the service panel's queue reads the SLA clocks on the last evening of the data."""
    from console.db.queries.service import ticket_queue

    states = ticket_queue(small)["sla_state"].value_counts()
    assert states["on_track"] > 0.5 * states.sum()
    assert states["at_risk"] >= 2 and states["breached"] >= 5


def test_dealers_differ_in_service_quality(small):
    dealers = read(
        small,
        """
        SELECT d.id, count(DISTINCT o.id) AS orders,
               (SELECT count(*) FROM service_tickets t WHERE t.dealer_id = d.id
                AND t.category = 'damage') AS damage,
               (SELECT avg((julianday(t.first_response_at) - julianday(t.opened_at)) * 24)
                FROM service_tickets t WHERE t.dealer_id = d.id) AS response_hours
        FROM dealers d JOIN orders o ON o.fulfilling_dealer_id = d.id
        GROUP BY d.id HAVING count(DISTINCT o.id) >= 200""",
    )
    rate = dealers["damage"] / dealers["orders"]
    assert rate.max() > 3 * max(rate.min(), 1e-4)
    assert dealers["response_hours"].max() > 2.5 * dealers["response_hours"].min()


def test_ticket_inflow_peaks_after_the_festivals(small):
    opened = read(
        small, "SELECT date(opened_at) AS day, count(*) AS n FROM service_tickets GROUP BY 1"
    ).set_index("day")["n"]
    opened.index = pd.to_datetime(opened.index)
    after_618 = opened["2026-06-19":"2026-07-02"].mean()
    assert after_618 > 1.3 * opened["2026-05-01":"2026-05-28"].mean()
    assert opened["2026-11-08":"2026-11-15"].mean() > 1.3 * opened["2026-09-01":"2026-09-28"].mean()


# marketing --------------------------------------------------------------------------------------


def test_true_response_curves_cover_every_channel_region_and_outcome(small):
    truth = read(small, "SELECT * FROM response_curve_truth")
    channels = read(small, "SELECT count(*) AS n FROM marketing_channels")["n"][0]
    regions = read(small, "SELECT count(*) AS n FROM regions")["n"][0]
    assert len(truth) == channels * regions * 3
    assert (
        truth.groupby(["marketing_channel_id", "region_id"])["outcome"]
        .apply(set)
        .eq({"revenue", "leads", "reach"})
        .all()
    )
    kinds = read(small, "SELECT online, kind FROM marketing_channels")
    assert set(kinds["online"]) == {0, 1} and {"performance", "brand"} <= set(kinds["kind"])


def test_marketing_history_follows_the_true_curves(small):
    history = read(
        small,
        """SELECT week_start, marketing_channel_id AS c, region_id AS r,
                                    spend, revenue, leads, reach FROM marketing_history
                             ORDER BY c, r, week_start""",
    )
    truth = read(small, "SELECT * FROM response_curve_truth")
    assert history["week_start"].nunique() == 52
    for outcome in ("revenue", "leads", "reach"):
        predicted, observed = [], []
        for (c, r), weeks in history.groupby(["c", "r"]):
            row = truth[
                (truth["marketing_channel_id"] == c)
                & (truth["region_id"] == r)
                & (truth["outcome"] == outcome)
            ].iloc[0]
            carried = adstocked(weeks["spend"].to_numpy(), row["adstock"])
            curve = hill(carried, row["alpha"], row["gamma"], row["beta"])
            predicted.append(curve / curve.mean())  # scale-free, so every cell weighs alike
            observed.append(weeks[outcome].to_numpy() / curve.mean())
        x, y = np.concatenate(predicted), np.concatenate(observed)
        slope = (x @ y) / (x @ x)
        residual = y - slope * x
        assert abs(slope - 1) < 0.02, outcome
        assert 1 - residual.var() / y.var() > 0.85, outcome


# the same data on PostgreSQL --------------------------------------------------------------------


@pytest.mark.pg
def test_postgresql_gets_the_same_data_and_working_sequences(small_pg_url, small):
    """The shared PostgreSQL fixture is seeded small with seed 7, like the SQLite one."""
    engine = make_engine(small_pg_url)
    assert checksums(engine) == checksums(small)
    with pytest.raises(UserError, match="already holds"):
        seed_demo(engine, scale="small", seed=7)
    with Session(engine) as session:  # the id sequences continue after the loaded rows
        region = Region(code="TEST", name="Test", name_zh="测试")
        session.add(region)
        session.flush()
        assert region.id == 8
        session.rollback()
    engine.dispose()
