"""Customer value segments on the database: per-customer aggregates (checked against an
independent pandas computation on the small dataset), scores, segment members and exports
masked per role, and the audited, idempotent identity-resolution write-back — on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select, text, update

from console.db.customers import Customer, CustomerIdentity, CustomerProfile
from console.db.database import Database
from console.db.engine import make_engine
from console.db.identity_writeback import (
    ResolutionCancelled,
    ResolutionSettings,
    resolve_and_write,
)
from console.db.models import AuditEntry
from console.db.orders import Order
from console.db.queries import segments as q
from console.errors import PermissionDenied
from console.services import rfm
from console.services.permissions import CurrentUser
from console.services.value_index import CHANNEL_TYPES
from tests.fixtures.databases import seed_small

ADMIN = CurrentUser("admin", "admin")
MARKETING = CurrentUser("mkt", "marketing")
SERVICE = CurrentUser("svc", "service")
EXEC = CurrentUser("boss", "executive")
AS_OF = date(2026, 8, 1)  # mid-timeline: leaves later orders out, and a lifecycle window inside


def _read(engine, sql: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text(sql), conn)


@pytest.fixture(scope="module")
def small(small_db_url):
    engine = make_engine(small_db_url)
    yield engine
    engine.dispose()


def _reference_aggregates(engine, as_of: date, active_days: int) -> pd.DataFrame:
    """The aggregates from raw order and interaction rows, with pandas only."""
    orders = _read(
        engine,
        "SELECT o.customer_id, o.placed_at, o.status, o.net_amount, o.returned_amount, "
        "c.type AS channel_type FROM orders o JOIN channels c ON c.id = o.channel_id",
    )
    orders["day"] = pd.to_datetime(orders["placed_at"]).dt.normalize()
    orders = orders[
        orders.customer_id.notna()
        & (orders.status != "cancelled")
        & (orders.day < pd.Timestamp(as_of))
    ].copy()
    orders["amount"] = orders.net_amount - orders.returned_amount
    window_start = pd.Timestamp(as_of - timedelta(days=active_days))
    by = orders.groupby("customer_id")
    frame = pd.DataFrame(
        {
            "first_date": by.day.min(),
            "last_date": by.day.max(),
            "last_date_before_window": orders.day.where(orders.day < window_start)
            .groupby(orders.customer_id)
            .max(),
            "frequency": by.size(),
            "purchase_days": by.day.nunique(),
            "monetary": by.amount.sum(),
        }
    )
    first = orders[orders.day == orders.customer_id.map(frame.first_date)]
    frame["first_day_amount"] = first.groupby("customer_id").amount.sum()
    touches = _read(
        engine,
        "SELECT i.customer_id, i.occurred_at, c.type AS channel_type "
        "FROM interactions i JOIN channels c ON c.id = i.channel_id "
        "WHERE i.customer_id IS NOT NULL",
    )
    touches = touches[pd.to_datetime(touches.occurred_at) < pd.Timestamp(as_of)]
    frame["interactions"] = touches.groupby("customer_id").size().reindex(frame.index).fillna(0)
    active = pd.concat(
        [orders[["customer_id", "channel_type"]], touches[["customer_id", "channel_type"]]]
    )
    flags = pd.crosstab(active.customer_id, active.channel_type) > 0
    for channel_type in CHANNEL_TYPES:
        column = flags[channel_type] if channel_type in flags else pd.Series(dtype=bool)
        frame[channel_type] = column.reindex(frame.index).fillna(False).astype(bool)
    frame.index = frame.index.astype("int64")
    return frame.sort_index()


def _check_aggregates(engine, reference: pd.DataFrame, as_of: date, active_days: int) -> None:
    got = q.customer_aggregates(engine, as_of, active_days=active_days).set_index("customer")
    assert got.index.tolist() == reference.index.tolist()
    for column in ("first_date", "last_date", "last_date_before_window"):
        expected = pd.to_datetime(reference[column]).to_numpy(dtype="datetime64[D]")
        assert np.array_equal(
            got[column].to_numpy(dtype="datetime64[D]"), expected, equal_nan=True
        ), column
    for column in ("frequency", "purchase_days", "interactions"):
        assert got[column].tolist() == reference[column].astype("int64").tolist(), column
    for column in ("monetary", "first_day_amount"):
        np.testing.assert_allclose(got[column], reference[column], atol=0.006, err_msg=column)
    for column in CHANNEL_TYPES:
        assert got[column].tolist() == reference[column].tolist(), column
    assert got["n_channels"].tolist() == reference[list(CHANNEL_TYPES)].sum(axis=1).tolist()


def test_aggregates_match_an_independent_pandas_computation(small):
    reference = _reference_aggregates(small, AS_OF, 120)
    # the case is not trivial: returns, windows, several days, interactions all occur
    assert len(reference) > 1000
    assert (reference.purchase_days < reference.frequency).any()
    assert reference.last_date_before_window.notna().any()
    assert reference.last_date_before_window.isna().any()
    assert (reference.first_day_amount != reference.monetary).any()
    assert (reference.interactions > 0).any()
    _check_aggregates(small, reference, AS_OF, 120)


def test_default_as_of_is_the_day_after_the_last_order(small):
    last = _read(small, "SELECT max(placed_at) AS last FROM orders WHERE status != 'cancelled'")
    assert q.default_as_of(small) == pd.Timestamp(last["last"][0]).date() + timedelta(days=1)


def test_scores_agree_with_the_transaction_path_of_the_services(small):
    """The SQL aggregates feed the same RFM as the CLI's transactions path."""
    as_of = q.default_as_of(small)
    values = q.load_customer_values(small, as_of)
    tx = _read(
        small,
        "SELECT customer_id, placed_at, net_amount - returned_amount AS amount FROM orders "
        "WHERE status != 'cancelled' AND customer_id IS NOT NULL",
    )
    clean = rfm.clean_transactions(tx, "customer_id", "placed_at", "amount")
    summary, _ = rfm.summarize_customers(clean, as_of)
    expected = rfm.rfm_scores(summary, as_of)
    got = values.customers
    assert got.customer.tolist() == expected.customer.tolist()
    for column in ("recency_days", "frequency", "r", "f", "m"):
        assert got[column].tolist() == expected[column].tolist(), column
    assert got.segment.astype(str).tolist() == expected.segment.astype(str).tolist()
    assert values.clv_model is not None
    known = got.clv.notna()
    assert known.mean() > 0.5 and (got.clv[known] > 0).all() and got.p_alive.between(0, 1).all()
    assert (values.clv_problem == "") == known.all()
    assert set(got.lifecycle.astype(str)) <= set(rfm.LIFECYCLE_STAGES)
    assert got.combination[got.n_channels == 1].str.count(r"\+").eq(0).all()


def test_anonymous_orders_per_channel_type(small):
    orders = _read(
        small,
        "SELECT c.type, o.customer_id FROM orders o JOIN channels c ON c.id = o.channel_id "
        "WHERE o.status != 'cancelled'",
    )
    got = q.anonymous_orders(small).set_index("channel_type")
    expected = orders.customer_id.isna().groupby(orders.type).agg(["size", "sum"])
    for channel_type, row in expected.iterrows():
        assert got.loc[channel_type, "orders"] == row["size"]
        assert got.loc[channel_type, "anonymous"] == row["sum"]
    assert q.anonymous_share(got.reset_index()) == pytest.approx(orders.customer_id.isna().mean())
    assert got.loc["direct_store", "share"] > 0.3  # stores still have anonymous walk-ins


def test_identity_records_are_the_profiles_identities(small):
    records = q.identity_records(small)
    links = _read(small, "SELECT count(*) AS n FROM profile_identities").n[0]
    assert len(records.identities) == links
    assert len(records.profiles) == _read(small, "SELECT count(*) AS n FROM customer_profiles").n[0]
    assert set(records.identities.id_type) <= {
        "phone",
        "email",
        "member_card",
        "wechat_openid",
        "marketplace_account",
        "payment_account",
    }
    assert records.profiles.birth_date.notna().any()
    assert q.identity_truth(small).entity_id.nunique() < len(records.profiles)


# -- segment members, masking per role, audited exports -----------------------------------------


def _customers_with(engine, id_type: str, n: int = 30) -> list[int]:
    ids = _read(
        engine,
        "SELECT DISTINCT p.customer_id FROM customer_profiles p "
        "JOIN profile_identities pi ON pi.profile_id = p.id "
        "JOIN customer_identities ci ON ci.id = pi.identity_id "
        f"WHERE ci.type = '{id_type}' AND NOT ci.flagged_shared AND p.name IS NOT NULL "
        "ORDER BY p.customer_id",
    )
    return ids.customer_id.head(n).astype(int).tolist()


def test_members_show_identifiers_per_channel_unmasked_with_pii(small):
    ids = _customers_with(small, "phone") + _customers_with(small, "email")
    members = q.segment_members(small, ids, show_pii=True).set_index("customer_id")
    assert sorted(members.index) == sorted(set(ids))
    phones = members.phone.dropna()
    assert len(phones) >= 30 and phones.str.fullmatch(r"1\d{10}(; 1\d{10})*|0\d+").all()
    assert members.email.dropna().str.contains("@").all()
    stored = _read(small, f"SELECT id, name FROM customers WHERE id IN ({ids[0]})")
    if stored.name[0] is not None:
        assert members.loc[ids[0], "name"] == stored.name[0]


def test_members_are_masked_without_pii(small):
    ids = _customers_with(small, "phone") + _customers_with(small, "email")
    plain = q.segment_members(small, ids, show_pii=True).set_index("customer_id")
    masked = q.segment_members(small, ids, show_pii=False).set_index("customer_id")
    phones = masked.phone.dropna()
    assert phones.str.contains(r"\*\*\*\*").all()
    first_plain = plain.phone.dropna().iloc[0].split("; ")[0]
    first_masked = masked.phone.dropna().iloc[0].split("; ")[0]
    if len(first_plain) == 11:
        assert first_masked == first_plain[:3] + "****" + first_plain[-4:]
    assert masked.email.dropna().str.match(r"^.\*\*\*@").all()
    names = masked.name.dropna()
    assert len(names) and names.str.contains(r"\*").all()
    # nothing personal survives masking
    for column in ("phone", "email", "name"):
        both = plain[column].notna() & masked[column].notna()
        assert (plain.loc[both, column] != masked.loc[both, column]).all(), column


def test_flagged_shared_identifiers_are_left_out_of_exports(small_db_copy):
    engine = make_engine(small_db_copy)
    phone_owner = _customers_with(engine, "phone", 1)[0]
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE customer_identities SET flagged_shared = 1 WHERE id IN ("
                "SELECT pi.identity_id FROM profile_identities pi "
                "JOIN customer_profiles p ON p.id = pi.profile_id "
                f"JOIN customer_identities ci ON ci.id = pi.identity_id "
                f"WHERE p.customer_id = {phone_owner} AND ci.type = 'phone')"
            )
        )
    members = q.segment_members(engine, [phone_owner], show_pii=True)
    assert members.phone.isna().all()
    engine.dispose()


def _scores(engine) -> pd.DataFrame:
    return q.load_customer_values(engine, with_clv=False).customers


def test_export_is_masked_for_marketing_and_refused_for_executives(small):
    scores = _scores(small)
    segment = scores[scores.segment == "Champions"]
    rows = q.segment_export(small, MARKETING, segment)
    assert len(rows) == len(segment)
    assert rows.columns[:3].tolist() == ["customer_id", "code", "name"]
    assert {"segment", "value_index", "channels", *q.EXPORT_ID_TYPES} <= set(rows.columns)
    assert (rows.segment == "Champions").all()
    assert rows.phone.dropna().str.contains(r"\*").all()
    unmasked = q.segment_export(small, SERVICE, segment)
    assert not unmasked.phone.dropna().str.contains(r"\*").any()
    with pytest.raises(PermissionDenied):
        q.segment_export(small, EXEC, segment)


def test_exports_are_audited(small_db_copy):
    db = Database(small_db_copy)
    q.record_export(
        db.sessions, MARKETING, segment="Champions", rows=42, file_name="x.csv", as_of=AS_OF
    )
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "segment.export")).one()
    assert entry.username == "mkt" and entry.entity_id == "Champions"
    assert entry.after["rows"] == 42 and entry.after["personal_data"] == "masked"
    with pytest.raises(PermissionDenied):
        q.record_export(db.sessions, EXEC, segment="x", rows=1, file_name="x.csv", as_of=AS_OF)
    db.dispose()


# -- identity resolution write-back --------------------------------------------------------------


def _state(engine) -> dict[str, list]:
    """Everything the write-back may change."""
    queries = {
        "customers": "SELECT id, merged_into_id, version FROM customers ORDER BY id",
        "profiles": "SELECT id, customer_id FROM customer_profiles ORDER BY id",
        "orders": "SELECT id, customer_id, version FROM orders ORDER BY id",
        "interactions": "SELECT id, customer_id FROM interactions ORDER BY id",
        "tickets": "SELECT id, customer_id, version FROM service_tickets ORDER BY id",
        "identities": "SELECT id, customer_id, flagged_shared FROM customer_identities ORDER BY id",
    }
    with engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in queries.items()}


def _audits(engine, action: str) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).where(AuditEntry.action == action))


def _check_write_back(db: Database) -> None:
    engine = db.engine
    report = resolve_and_write(db.sessions, ADMIN)
    # merges counted: each merge removes one customer
    assert report.merges > 100
    assert report.customers_before - report.customers_after == report.merges
    assert _audits(engine, "customer.merge") == report.merges
    assert _audits(engine, "identity.resolve") == 1
    # quality against the demo's truth
    assert report.scores.precision >= 0.95 and report.scores.recall >= 0.85
    # nothing points at a merged customer any more; survivors are the oldest of their group
    merged = _read(
        engine, "SELECT id, merged_into_id FROM customers WHERE merged_into_id IS NOT NULL"
    )
    assert len(merged) == report.merges
    for table in ("customer_profiles", "orders", "interactions", "service_tickets"):
        stale = _read(
            engine,
            f"SELECT count(*) AS n FROM {table} t JOIN customers c ON c.id = t.customer_id "
            "WHERE c.merged_into_id IS NOT NULL",
        ).n[0]
        assert stale == 0, table
    survivors = _read(
        engine,
        "SELECT m.id, m.first_seen_at AS merged_seen, s.first_seen_at AS survivor_seen "
        "FROM customers m JOIN customers s ON s.id = m.merged_into_id",
    )
    assert (pd.to_datetime(survivors.survivor_seen) <= pd.to_datetime(survivors.merged_seen)).all()
    # flagged identifiers are marked; a shop's phone is among them
    flagged = _read(
        engine, "SELECT type, normalized_value FROM customer_identities WHERE flagged_shared"
    )
    assert len(flagged) == report.flagged_set == len(report.flagged) > 0
    assert set(flagged.normalized_value) == set(report.flagged.value)
    listed = q.flagged_identifiers(engine, show_pii=True)
    assert set(listed.value) == set(flagged.normalized_value)
    assert listed.profiles.tolist() == sorted(report.flagged.records, reverse=True)
    masked = q.flagged_identifiers(engine, show_pii=False)
    assert masked.value.str.contains(r"\*").all() and not set(masked.value) & set(listed.value)
    # report: links by identifier, the anonymous-order share before and after
    phone = report.links_by_type.set_index("id_type").loc["phone"]
    assert phone.records_linked > 0 and phone.flagged_values == len(flagged)
    assert report.fuzzy_records_linked > 0
    anonymous = _read(
        engine,
        "SELECT avg(CASE WHEN customer_id IS NULL THEN 1.0 ELSE 0 END) AS s "
        "FROM orders WHERE status != 'cancelled'",
    ).s[0]
    assert report.anonymous_share_after == pytest.approx(float(anonymous))
    assert 0 < report.anonymous_share_before < 1
    # customers now span channels
    assert q.customer_aggregates(engine, q.default_as_of(engine)).n_channels.max() >= 2

    # idempotent: the second run changes nothing (only the run itself is audited)
    before = _state(engine)
    again = resolve_and_write(db.sessions, ADMIN)
    assert not again.changed and again.merges == 0
    assert again.customers_before == again.customers_after == report.customers_after
    assert _state(engine) == before
    assert _audits(engine, "customer.merge") == report.merges
    assert _audits(engine, "identity.resolve") == 2


def test_write_back_merges_audits_and_is_idempotent(small_db_copy):
    db = Database(small_db_copy)
    _check_write_back(db)
    db.dispose()


@pytest.mark.pg
def test_write_back_on_postgresql(pg_url):
    seed_small(pg_url)
    db = Database(pg_url)
    _check_write_back(db)
    db.dispose()


@pytest.mark.pg
def test_aggregates_on_postgresql_equal_sqlite(small, small_pg_url):
    engine = make_engine(small_pg_url)
    try:
        pg = q.customer_aggregates(engine, AS_OF)
        lite = q.customer_aggregates(small, AS_OF)
        pd.testing.assert_frame_equal(pg, lite, check_exact=False, atol=0.006)
        assert q.default_as_of(engine) == q.default_as_of(small)
    finally:
        engine.dispose()


def test_executives_may_not_resolve_and_nothing_is_written(small_db_copy):
    db = Database(small_db_copy)
    before = _state(db.engine)
    for user in (EXEC, MARKETING):
        with pytest.raises(PermissionDenied):
            resolve_and_write(db.sessions, user)
    assert _state(db.engine) == before
    assert _audits(db.engine, "identity.resolve") == 0
    db.dispose()


def test_cancel_rolls_everything_back(small_db_copy):
    db = Database(small_db_copy)
    before = _state(db.engine)
    seen: list[str] = []

    def progress(done: int, total: int, label: str) -> None:
        seen.append(label)

    with pytest.raises(ResolutionCancelled):
        resolve_and_write(
            db.sessions,
            ADMIN,
            progress=progress,
            cancelled=lambda: "Flagging shared identifiers" in seen or len(seen) == 4,
        )
    assert "Writing customers" in seen  # it was cancelled after writing had started
    assert _state(db.engine) == before
    assert _audits(db.engine, "identity.resolve") == 0
    db.dispose()


def test_earlier_merges_are_kept_and_profiles_without_customer_get_one(small_db_copy):
    db = Database(small_db_copy)
    engine = db.engine
    first = resolve_and_write(db.sessions, ADMIN)
    # exact identifiers only: fuzzy links of the first run are not undone
    exact = resolve_and_write(db.sessions, ADMIN, ResolutionSettings(fuzzy=False))
    assert exact.merges == 0 and exact.customers_after == first.customers_after
    # a profile linked to nobody loses its customer (an import without one), with its orders
    lone = int(
        _read(
            engine,
            "SELECT min(p.id) AS id FROM customer_profiles p WHERE p.birth_date IS NULL AND "
            "(SELECT count(*) FROM customer_profiles o WHERE o.customer_id = p.customer_id) = 1 "
            "AND EXISTS (SELECT 1 FROM orders WHERE orders.profile_id = p.id)",
        ).id[0]
    )
    with engine.begin() as conn:
        orders = conn.scalar(select(func.count()).where(Order.profile_id == lone))
        conn.execute(update(Order).where(Order.profile_id == lone).values(customer_id=None))
        conn.execute(
            update(CustomerProfile).where(CustomerProfile.id == lone).values(customer_id=None)
        )
    report = resolve_and_write(db.sessions, ADMIN)
    assert report.created == 1 and report.attributed["orders"] == orders
    with db.session() as s:
        profile = s.get(CustomerProfile, lone)
        customer = s.get(Customer, profile.customer_id)
        assert customer.code == f"R{lone:09d}" and customer.merged_into_id is None
        assert s.scalar(select(func.count()).where(Order.customer_id == customer.id)) == orders
    assert not resolve_and_write(db.sessions, ADMIN).changed
    db.dispose()


def test_a_lower_limit_flags_more_and_a_higher_one_clears(small_db_copy):
    db = Database(small_db_copy)
    strict = resolve_and_write(db.sessions, ADMIN, ResolutionSettings(max_records_per_value=2))
    loose = resolve_and_write(db.sessions, ADMIN, ResolutionSettings(max_records_per_value=20))
    assert strict.flagged_set > 3 and loose.flagged_cleared == strict.flagged_set
    with db.session() as s:
        assert not s.scalar(select(func.count()).where(CustomerIdentity.flagged_shared))
    db.dispose()
