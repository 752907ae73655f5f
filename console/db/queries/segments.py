"""Customer value segments: what the database delivers, aggregated, for RFM, CLV and exports.

The maths is in console.services (rfm, value_index, clv); this module reduces the order and
interaction tables to one row per customer with SQL GROUP BYs (never raw order lines), scores
those rows with the services, reads the identity records that identity resolution links, and
lists a segment's members with the identifiers usable per channel (masked for roles without
`customers.pii`; every export is audited). docs/segments-panel.md describes the figures.

Transactions are the counted orders (not cancelled) of identified customers, dated before the
as-of date (the first day not observed). An order's amount is its net amount minus what was
returned: returns count against the customer, so a fully returned order adds 0 and monetary
can fall below the sum of the orders. Anonymous orders (customer_id NULL) belong to nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, Connection, Select, case, cast, func, select
from sqlalchemy.orm import Session

from console.db.channels import Channel
from console.db.customers import (
    Customer,
    CustomerIdentity,
    CustomerProfile,
    DemoIdentityTruth,
    Interaction,
    ProfileIdentity,
)
from console.db.orders import Order
from console.db.queries.bind import Bind, connected
from console.db.queries.kpi_facts import DAY_EPOCH, day_number
from console.db.uow import unit_of_work
from console.errors import UserError
from console.services import clv as clv_service
from console.services.masking import mask_series
from console.services.permissions import CurrentUser, require
from console.services.rfm import lifecycle_stages, rfm_scores
from console.services.value_index import CHANNEL_TYPES, value_index

Progress = Callable[[int, int, str], None]

COUNTED = Order.status != "cancelled"
CHUNK = 5_000
"""Customer ids per IN list: far below the 65,535 bound parameters the databases accept."""
EXPORT_ID_TYPES = (
    "phone",
    "email",
    "wechat_openid",
    "member_card",
    "marketplace_account",
    "payment_account",
)
"""Identifier columns of an export, one per channel that can reach the customer with it: phone
(SMS, calls from the store), e-mail, WeChat (openid), store POS (member card), marketplace CRM
(marketplace account), payment account."""
AGGREGATE_COLUMNS = (
    "customer",
    "first_date",
    "last_date",
    "last_date_before_window",
    "frequency",
    "purchase_days",
    "monetary",
    "first_day_amount",
    "interactions",
    *CHANNEL_TYPES,
    "n_channels",
)


def _frame(conn: Connection, stmt: Select) -> pd.DataFrame:
    result = conn.execute(stmt)
    keys = list(result.keys())
    # Column-wise construction: building from Row objects costs pandas a probe per row.
    columns = list(zip(*result.all(), strict=True)) or [()] * len(keys)
    return pd.DataFrame(dict(zip(keys, map(list, columns), strict=True)), columns=keys)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _day_dates(day_numbers: pd.Series) -> pd.Series:
    """Day numbers (days since DAY_EPOCH, as SQL returns them) to datetime64 dates."""
    days = pd.to_numeric(day_numbers).astype("float64")
    return pd.Timestamp(DAY_EPOCH) + pd.to_timedelta(days, unit="D")


# -- as-of date and anonymous orders -------------------------------------------------------------


def default_as_of(bind: Bind) -> date:
    """The day after the last counted order: every buyer's recency is then at least one day."""
    with connected(bind) as conn:
        last = conn.scalar(select(func.max(Order.placed_at)).where(COUNTED))
    if last is None:
        raise UserError(
            "The database holds no orders, so there is nothing to segment.",
            "Load orders (or open the demo database) and try again.",
        )
    if isinstance(last, str):  # SQLite without type information on an aggregate
        last = datetime.fromisoformat(last)
    return last.date() + timedelta(days=1)


def anonymous_orders(bind: Bind) -> pd.DataFrame:
    """Counted orders and those without a customer, per channel type: channel_type, orders,
    anonymous, share. How much of the business is still anonymous (mostly store orders)."""
    stmt = (
        select(
            Channel.type.label("channel_type"),
            func.count().label("orders"),
            func.sum(case((Order.customer_id.is_(None), 1), else_=0)).label("anonymous"),
        )
        .join(Channel, Channel.id == Order.channel_id)
        .where(COUNTED)
        .group_by(Channel.type)
    )
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    frame = (
        frame.set_index("channel_type")
        .reindex(list(CHANNEL_TYPES), fill_value=0)
        .astype("int64")
        .reset_index()
    )
    frame["share"] = frame["anonymous"] / frame["orders"].where(frame["orders"] > 0)
    return frame


def anonymous_share(per_channel: pd.DataFrame) -> float:
    """Overall share of anonymous orders from `anonymous_orders`."""
    orders = int(per_channel["orders"].sum())
    return float(per_channel["anonymous"].sum() / orders) if orders else 0.0


# -- per-customer aggregates ---------------------------------------------------------------------


def _channel_ids(conn: Connection) -> dict[str, list[int]]:
    """Channel ids per channel type: flags test the id, which spares joining every order."""
    rows = conn.execute(select(Channel.type, Channel.id)).all()
    return {t: sorted(i for kind, i in rows if kind == t) for t in CHANNEL_TYPES}


def _channel_flags(channel_id, ids: dict[str, list[int]]) -> list:
    return [
        func.max(case((channel_id.in_(ids[t] or [-1]), 1), else_=0)).label(t) for t in CHANNEL_TYPES
    ]


FIRST_DAY_SHIFT = 10**13
"""first_day_amount rides on min(day * FIRST_DAY_SHIFT + cents + FIRST_DAY_OFFSET): the
smallest day wins, and its amount is the remainder. A day's amount must stay within
±FIRST_DAY_OFFSET cents (50 billion CNY)."""
FIRST_DAY_OFFSET = 5 * 10**12


def _order_aggregates(
    dialect: str, ids: dict[str, list[int]], as_of: date, active_days: int
) -> Select:
    """One row per customer from a per-(customer, day) grouping of the counted orders.

    The inner level gives distinct purchase days (CLV counts days, RFM counts orders); the
    amount of each customer's first day is packed into one min() (cheaper than a window).
    """
    day = day_number(Order.placed_at, dialect)
    daily = (
        select(
            Order.customer_id.label("customer"),
            day.label("day"),
            func.count().label("orders"),
            func.sum(Order.net_amount - Order.returned_amount).label("amount"),
            *_channel_flags(Order.channel_id, ids),
        )
        .where(Order.customer_id.is_not(None), COUNTED, Order.placed_at < _midnight(as_of))
        .group_by(Order.customer_id, day)
        .subquery("daily")
    )
    window_start = (as_of - timedelta(days=active_days) - DAY_EPOCH).days
    d = daily.c
    cents = cast(func.round(d.amount * 100), BigInteger)
    packed = cast(d.day, BigInteger) * FIRST_DAY_SHIFT + cents + FIRST_DAY_OFFSET
    return select(
        d.customer,
        func.min(d.day).label("first_day"),
        func.max(d.day).label("last_day"),
        func.max(case((d.day < window_start, d.day))).label("before_day"),
        func.sum(d.orders).label("frequency"),
        func.count().label("purchase_days"),
        func.sum(d.amount).label("monetary"),
        func.min(packed).label("first_day_packed"),
        *[func.max(d[t]).label(t) for t in CHANNEL_TYPES],
    ).group_by(d.customer)


def _interaction_aggregates(ids: dict[str, list[int]], as_of: date) -> Select:
    return (
        select(
            Interaction.customer_id.label("customer"),
            func.count().label("interactions"),
            *_channel_flags(Interaction.channel_id, ids),
        )
        .where(Interaction.customer_id.is_not(None), Interaction.occurred_at < _midnight(as_of))
        .group_by(Interaction.customer_id)
    )


def customer_aggregates(bind: Bind, as_of: date, *, active_days: int = 180) -> pd.DataFrame:
    """Per buying customer (at least one counted order before `as_of`), sorted by customer:

    customer, first_date, last_date, last_date_before_window (last order day before
    as_of - active_days, NaT if none), frequency (orders), purchase_days (distinct days),
    monetary (net amount minus returns), first_day_amount, interactions (non-purchase touch
    points before as_of), one boolean per channel type (ordered or interacted there) and
    n_channels. Two GROUP BY queries; at most one row per customer crosses the wire.
    """
    with connected(bind) as conn:
        ids = _channel_ids(conn)
        orders = _frame(conn, _order_aggregates(conn.dialect.name, ids, as_of, active_days))
        touches = _frame(conn, _interaction_aggregates(ids, as_of))
    frame = pd.DataFrame({"customer": pd.to_numeric(orders["customer"]).astype("int64")})
    frame["first_date"] = _day_dates(orders["first_day"])
    frame["last_date"] = _day_dates(orders["last_day"])
    frame["last_date_before_window"] = _day_dates(orders["before_day"])
    for column in ("frequency", "purchase_days"):
        frame[column] = pd.to_numeric(orders[column]).astype("int64")
    frame["monetary"] = pd.to_numeric(orders["monetary"]).astype("float64").round(2)
    packed = np.array(orders["first_day_packed"].tolist(), dtype=np.int64)
    frame["first_day_amount"] = (packed % FIRST_DAY_SHIFT - FIRST_DAY_OFFSET) / 100
    touches = touches.assign(customer=pd.to_numeric(touches["customer"]).astype("int64"))
    touches = touches.set_index("customer").reindex(frame["customer"])
    frame["interactions"] = touches["interactions"].fillna(0).to_numpy(dtype="int64")
    for channel_type in CHANNEL_TYPES:
        bought = pd.to_numeric(orders[channel_type]).to_numpy() > 0
        engaged = touches[channel_type].fillna(0).to_numpy(dtype="float64") > 0
        frame[channel_type] = bought | engaged
    frame["n_channels"] = frame[list(CHANNEL_TYPES)].sum(axis=1).astype("int64")
    return frame.sort_values("customer", ignore_index=True)[list(AGGREGATE_COLUMNS)]


# -- scoring -------------------------------------------------------------------------------------


@dataclass
class CustomerValues:
    """Per-customer scores at one as-of date, and the fitted CLV model (None if not fitted)."""

    as_of: date
    customers: pd.DataFrame
    clv_model: clv_service.CLVModel | None
    clv_problem: str = ""  # why CLV is missing, for the panel


def score_customers(
    aggregates: pd.DataFrame,
    as_of: date,
    *,
    active_days: int = 180,
    lapsed_days: int = 365,
    horizon_days: int = 365,
    with_clv: bool = True,
) -> CustomerValues:
    """RFM, segment, lifecycle, value index and (optionally) CLV per customer.

    aggregates: customer_aggregates at the same as_of. Output columns: customer,
    recency_days, frequency, monetary, r, f, m, segment, lifecycle, value_index, interactions,
    the channel flags, n_channels, combination, purchase_days, and with CLV p_alive,
    expected_purchases and clv (next `horizon_days`). CLV observes up to the day before as_of.
    """
    if aggregates.empty:
        raise UserError(
            f"No identified customer bought anything before {as_of.isoformat()}.",
            "Choose a later as-of date, or run identity resolution so that orders get customers.",
        )
    aggregates = aggregates.sort_values("customer", ignore_index=True)
    rfm = rfm_scores(aggregates, as_of)
    rfm["lifecycle"] = lifecycle_stages(
        aggregates, as_of, active_days=active_days, lapsed_days=lapsed_days
    ).to_numpy()
    rfm["value_index"] = value_index(
        aggregates["monetary"], aggregates["n_channels"], aggregates["interactions"]
    )
    for column in ("interactions", *CHANNEL_TYPES, "n_channels", "purchase_days"):
        rfm[column] = aggregates[column].to_numpy()
    rfm["combination"] = _combination_labels(aggregates)
    model, problem = None, ""
    if with_clv:
        summary = clv_service.summary_from_aggregates(
            aggregates.rename(columns={"monetary": "total_amount"}),
            pd.Timestamp(as_of) - pd.Timedelta(days=1),
            "D",
        )
        try:
            model = clv_service.fit_clv(summary, "D")
        except UserError as exc:
            problem = str(exc)
        if model is not None:
            table = clv_service.clv_table(summary, model, horizon_days)
            for column in ("p_alive", "expected_purchases", "clv"):
                rfm[column] = table[column].to_numpy()
            missing = int(rfm["clv"].isna().sum())
            if missing:
                problem = (
                    f"The lifetime value could not be computed for {missing} of {len(rfm)} "
                    "customers (the purchase model's series did not converge for them)."
                )
    return CustomerValues(as_of, rfm, model, problem)


def _combination_labels(aggregates: pd.DataFrame) -> np.ndarray:
    """'direct_store+social' per customer, as rfm.channel_combinations labels combinations."""
    flags = aggregates[list(CHANNEL_TYPES)].to_numpy(dtype=bool)
    return _COMBINATIONS[flags @ (1 << np.arange(len(CHANNEL_TYPES)))]


_COMBINATIONS = np.array(
    [
        "+".join(t for i, t in enumerate(CHANNEL_TYPES) if bits >> i & 1) or "(none)"
        for bits in range(1 << len(CHANNEL_TYPES))
    ],
    dtype=object,
)


def load_customer_values(
    bind: Bind,
    as_of: date | None = None,
    *,
    active_days: int = 180,
    with_clv: bool = True,
    progress: Progress | None = None,
) -> CustomerValues:
    """Aggregate in SQL, then score: what the panel and the benchmark load."""
    report = progress or (lambda done, total, label: None)
    report(0, 3, "Finding the as-of date")
    as_of = as_of or default_as_of(bind)
    report(1, 3, "Aggregating orders per customer")
    aggregates = customer_aggregates(bind, as_of, active_days=active_days)
    report(2, 3, "Scoring customers")
    values = score_customers(aggregates, as_of, active_days=active_days, with_clv=with_clv)
    report(3, 3, "Done")
    return values


def flagged_identifiers(bind: Bind, *, show_pii: bool) -> pd.DataFrame:
    """Identifiers marked as shared by many people (not used for linking): id_type, value
    (masked without `show_pii`), profiles holding it; most widely shared first."""
    ci = CustomerIdentity
    stmt = (
        select(
            ci.type.label("id_type"),
            ci.normalized_value.label("value"),
            func.count(ProfileIdentity.profile_id).label("profiles"),
        )
        .outerjoin(ProfileIdentity, ProfileIdentity.identity_id == ci.id)
        .where(ci.flagged_shared.is_(True))
        .group_by(ci.type, ci.normalized_value)
        .order_by(func.count(ProfileIdentity.profile_id).desc(), ci.type, ci.normalized_value)
    )
    with connected(bind) as conn:
        frame = _frame(conn, stmt)
    frame = frame.astype({"id_type": "string", "value": "string"})
    frame["profiles"] = pd.to_numeric(frame["profiles"]).astype("int64")
    if not show_pii:
        frame["value"] = mask_series(frame["value"], frame["id_type"])
    return frame


# -- identity records ----------------------------------------------------------------------------


@dataclass
class IdentityRecords:
    """What identity resolution links: profiles are the records.

    identities: record_id (profile id), id_type, value (normalised), identity_id.
    profiles: record_id, customer_id (current), name, birth_date, postcode — every profile,
    also those without identifiers (they become their own customer or link by fuzzy fields).
    """

    identities: pd.DataFrame
    profiles: pd.DataFrame


def identity_records(bind: Bind | Session) -> IdentityRecords:
    """profile_identities x customer_identities, and the profiles' fuzzy-linking fields."""
    ci = CustomerIdentity
    stmt = select(
        ProfileIdentity.profile_id.label("record_id"),
        ci.type.label("id_type"),
        ci.normalized_value.label("value"),
        ci.id.label("identity_id"),
    ).join(ci, ci.id == ProfileIdentity.identity_id)
    p = CustomerProfile
    profile_stmt = select(
        p.id.label("record_id"),
        p.customer_id,
        p.name,
        p.birth_date,
        p.postcode,
    ).order_by(p.id)
    with _connection_or_session(bind) as conn:
        identities = _frame(conn, stmt)
        profiles = _frame(conn, profile_stmt)
    identities["record_id"] = pd.to_numeric(identities["record_id"]).astype("int64")
    identities["identity_id"] = pd.to_numeric(identities["identity_id"]).astype("int64")
    identities["id_type"] = identities["id_type"].astype("string")
    identities["value"] = identities["value"].astype("string")
    profiles["record_id"] = pd.to_numeric(profiles["record_id"]).astype("int64")
    profiles["customer_id"] = pd.to_numeric(profiles["customer_id"]).astype("Int64")
    profiles["birth_date"] = pd.to_datetime(profiles["birth_date"], errors="coerce")
    for column in ("name", "postcode"):
        profiles[column] = profiles[column].astype("string")
    return IdentityRecords(identities, profiles)


def identity_truth(bind: Bind | Session) -> pd.DataFrame:
    """record_id (profile), entity_id (true person): demo databases only, else empty."""
    stmt = select(
        DemoIdentityTruth.profile_id.label("record_id"),
        DemoIdentityTruth.person_key.label("entity_id"),
    )
    with _connection_or_session(bind) as conn:
        truth = _frame(conn, stmt)
    return truth.astype("int64")


@contextmanager
def _connection_or_session(bind: Bind | Session) -> Iterator[Connection]:
    """A Session's own connection (its transaction), or a connection from an engine."""
    if isinstance(bind, Session):
        yield bind.connection()
    else:
        with connected(bind) as conn:
            yield conn


# -- segment members and export ------------------------------------------------------------------


def _chunks(values: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield [int(v) for v in values[start : start + CHUNK]]


def segment_members(
    bind: Bind,
    customer_ids: Sequence[int],
    *,
    show_pii: bool,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """The customers' code, name and identifiers usable per channel, one row per customer.

    Columns: customer_id, code, name, then one column per EXPORT_ID_TYPES (several values
    joined with '; '). Identifiers flagged as shared (a shop's phone) reach somebody else and
    are left out. Without `show_pii` names and identifiers are masked (138****1234).
    """
    ids = sorted({int(c) for c in customer_ids})
    customers, identities = [], []
    p, ci = CustomerProfile, CustomerIdentity
    with connected(bind) as conn:
        for done, chunk in enumerate(_chunks(ids)):
            if progress is not None:
                progress(done * CHUNK, len(ids), "Reading identifiers")
            customers.append(
                _frame(
                    conn,
                    select(
                        Customer.id.label("customer_id"),
                        Customer.code,
                        func.coalesce(Customer.name, func.max(p.name)).label("name"),
                    )
                    .outerjoin(p, p.customer_id == Customer.id)
                    .where(Customer.id.in_(chunk))
                    .group_by(Customer.id, Customer.code, Customer.name),
                )
            )
            identities.append(
                _frame(
                    conn,
                    select(
                        p.customer_id,
                        ci.type.label("id_type"),
                        ci.normalized_value.label("value"),
                    )
                    .distinct()
                    .join(ProfileIdentity, ProfileIdentity.profile_id == p.id)
                    .join(ci, ci.id == ProfileIdentity.identity_id)
                    .where(p.customer_id.in_(chunk), ci.flagged_shared.is_(False)),
                )
            )
    members = _concat(customers, ["customer_id", "code", "name"])
    members["customer_id"] = pd.to_numeric(members["customer_id"]).astype("int64")
    members["name"] = members["name"].astype("string")
    ident = _concat(identities, ["customer_id", "id_type", "value"])
    ident = ident.astype({"id_type": "string", "value": "string"})
    if not show_pii:
        members["name"] = mask_series(members["name"], "name")
        ident["value"] = mask_series(ident["value"], ident["id_type"])
    ident = ident.sort_values(["customer_id", "id_type", "value"])
    joined = (
        ident.groupby(["customer_id", "id_type"])["value"].agg("; ".join).unstack("id_type")
        if len(ident)
        else pd.DataFrame(index=pd.Index([], name="customer_id"))
    )
    joined = joined.reindex(columns=list(EXPORT_ID_TYPES)).astype("string")
    members = members.merge(joined, left_on="customer_id", right_index=True, how="left")
    if progress is not None:
        progress(len(ids), len(ids), "Reading identifiers")
    return members.sort_values("customer_id", ignore_index=True)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


EXPORT_SCORE_COLUMNS = (
    "segment",
    "lifecycle",
    "recency_days",
    "frequency",
    "monetary",
    "r",
    "f",
    "m",
    "value_index",
    "clv",
    "combination",
)


def segment_export(
    bind: Bind,
    user: CurrentUser,
    scores: pd.DataFrame,
    *,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """The rows an export of these scored customers (a segment, a selection) writes.

    Needs `segments.export`; names and identifiers are masked unless the user also has
    `customers.pii`. Columns: customer_id, code, name, the scores (EXPORT_SCORE_COLUMNS present
    in `scores`, `combination` as `channels`), then the identifier columns.
    """
    require(user, "segments.export")
    members = segment_members(
        bind, scores["customer"].tolist(), show_pii=user.can("customers.pii"), progress=progress
    )
    present = [c for c in EXPORT_SCORE_COLUMNS if c in scores]
    score_part = scores[["customer", *present]].rename(
        columns={"customer": "customer_id", "combination": "channels"}
    )
    score_part = score_part.assign(segment=score_part["segment"].astype(str))
    rows = members.merge(score_part, on="customer_id", how="left")
    ordered = ["customer_id", "code", "name", *score_part.columns[1:], *EXPORT_ID_TYPES]
    return rows[ordered]


def record_export(
    session_factory: Callable[[], Session],
    user: CurrentUser,
    *,
    segment: str,
    rows: int,
    file_name: str,
    as_of: date,
) -> None:
    """Audit an export: who exported which segment, how many rows, with personal data or not."""
    with unit_of_work(session_factory, user, "segments.export") as uow:
        uow.audit(
            "segment.export",
            "segment",
            segment[:40],
            None,
            {
                "segment": segment,
                "rows": int(rows),
                "file": file_name,
                "as_of": as_of.isoformat(),
                "personal_data": "unmasked" if user.can("customers.pii") else "masked",
            },
        )
