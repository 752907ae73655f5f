"""Identity resolution on the database: link the channel profiles into customers and write the
result back — merged customers, moved profiles, orders, interactions, tickets and identities,
flagged shared identifiers — in one audited transaction.

The linking itself is console.services.identity_resolution (records = profiles, identifiers =
their normalised identities, optional fuzzy agreement on name, birth date and postcode). This
module maps the resulting clusters to customer rows:

- profiles that already share a customer stay together: an earlier merge is never undone
  automatically (splitting a customer is a review task), so a run only merges;
- the survivor of a group is its oldest existing customer (first seen, then smallest id); the
  others get `merged_into_id` = survivor, and every row pointing at them (profiles, orders,
  interactions, service tickets, identities) moves to the survivor; chains are flattened;
- a group none of whose profiles has a customer gets a new one (code `R` + profile id);
- orders and interactions that name a profile but no customer get the profile's customer;
- `flagged_shared` marks exactly the identifiers the over-merge guard flagged.

Running it again with the same settings finds the same groups and changes nothing (only the
run itself is audited). docs/segments-panel.md explains the report.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from console.db.customers import Customer, CustomerIdentity, CustomerProfile, Interaction
from console.db.orders import Order
from console.db.queries.segments import (
    CHUNK,
    IdentityRecords,
    anonymous_orders,
    anonymous_share,
    identity_records,
    identity_truth,
)
from console.db.service import ServiceTicket
from console.db.uow import UnitOfWork, unit_of_work
from console.db.users import AuditEntry
from console.errors import UserError
from console.services.identity_resolution import (
    FuzzyConfig,
    PairwiseScores,
    Resolution,
    evaluate_clusters,
    resolve_identities,
)
from console.services.masking import mask_series
from console.services.permissions import CurrentUser

Progress = Callable[[int, int, str], None]
STEPS = 6
MOVED_TABLES = ("customers", "profiles", "orders", "interactions", "tickets", "identities")
MAX_MERGE_DEPTH = 64


class ResolutionCancelled(UserError):
    """The user cancelled the run; the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__(
            "The identity resolution was cancelled; nothing was written.",
            "Run it again when you are ready.",
        )


@dataclass(frozen=True)
class ResolutionSettings:
    """What links profiles. A value held by more than `max_records_per_value` profiles is a
    household's or a shop's and is not used; a person seldom has more than a few profiles
    with one identifier."""

    fuzzy: bool = True
    fuzzy_threshold: float = 0.85
    max_records_per_value: int = 5
    max_cluster_size: int = 50


@dataclass
class WritebackReport:
    """What a run found and changed (counts of rows written), for the panel and the audit."""

    settings: ResolutionSettings
    profiles: int
    customers_before: int  # distinct surviving customers of the profiles before the run
    customers_after: int
    merges: int  # customers merged into a survivor by this run
    created: int  # customers created for groups of profiles that had none
    moved: dict[str, int]  # rows re-pointed to survivors, per table
    attributed: dict[str, int]  # orders / interactions given their profile's customer
    flagged_set: int
    flagged_cleared: int
    anonymous_before: pd.DataFrame  # anonymous_orders(): channel_type, orders, anonymous, share
    anonymous_after: pd.DataFrame
    links_by_type: pd.DataFrame  # id_type, values, shared_values, records_linked, flagged_values
    fuzzy_records_linked: int
    flagged: pd.DataFrame  # id_type, value (masked without customers.pii), records
    oversized: pd.DataFrame  # customer_id (survivor), records
    cluster_sizes: pd.DataFrame  # size, customers
    scores: PairwiseScores | None  # against demo_identity_truth, when the database has it
    seconds: float = 0.0
    audit: dict = field(default_factory=dict)

    @property
    def anonymous_share_before(self) -> float:
        return anonymous_share(self.anonymous_before)

    @property
    def anonymous_share_after(self) -> float:
        return anonymous_share(self.anonymous_after)

    @property
    def changed(self) -> bool:
        counts = [self.merges, self.created, self.flagged_set, self.flagged_cleared]
        return any(counts) or any(self.moved.values()) or any(self.attributed.values())


def resolve_and_write(
    session_factory: Callable[[], Session],
    user: CurrentUser,
    settings: ResolutionSettings | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> WritebackReport:
    """Resolve every profile into customers and write the result back, all or nothing.

    Needs `customers.resolve`. `progress(done, total, label)` is called between steps and
    `cancelled()` polled; a cancel raises ResolutionCancelled after rolling everything back.
    """
    settings = settings or ResolutionSettings()
    started = time.perf_counter()

    def step(done: int, label: str) -> None:
        if cancelled is not None and cancelled():
            raise ResolutionCancelled()
        if progress is not None:
            progress(done, STEPS, label)

    with unit_of_work(session_factory, user, "customers.resolve") as uow:
        conn = uow.session.connection()
        step(0, "Reading identity records")
        records = identity_records(uow.session)
        customers = _customers(conn)
        anonymous_before = anonymous_orders(conn)
        step(1, "Linking profiles")
        resolution = _resolve(records, settings)
        step(2, "Assigning customers")
        plan = _plan(records.profiles, customers, resolution.clusters)
        step(3, "Writing customers")
        created = _create_customers(conn, plan)
        moved = _move(conn, plan)
        attributed = _attribute_profile_orders(conn)
        step(4, "Flagging shared identifiers")
        flagged_set, flagged_cleared = _write_flags(conn, records, resolution)
        step(5, "Measuring")
        final = plan.profile_customer
        report = WritebackReport(
            settings=settings,
            profiles=len(records.profiles),
            customers_before=int(records.profiles["customer_id"].dropna().nunique()),
            customers_after=int(pd.Series(final).nunique()),
            merges=len(plan.new_merges),
            created=created,
            moved=moved,
            attributed=attributed,
            flagged_set=flagged_set,
            flagged_cleared=flagged_cleared,
            anonymous_before=anonymous_before,
            anonymous_after=anonymous_orders(conn),
            links_by_type=resolution.report.links_by_type,
            fuzzy_records_linked=resolution.report.fuzzy_records_linked,
            flagged=_shown_flagged(resolution.report.flagged, user),
            oversized=_oversized(plan, settings.max_cluster_size),
            cluster_sizes=resolution.report.cluster_sizes,
            scores=_scores(conn, records.profiles["record_id"], final),
        )
        report.seconds = time.perf_counter() - started
        _audit(uow, plan, report)
        step(STEPS, "Done")
    return report


# -- reading and linking -------------------------------------------------------------------------


def _customers(conn: Connection) -> pd.DataFrame:
    """id, merged_into_id, first_seen_at of every customer (survivor choice, merge chains)."""
    rows = conn.execute(select(Customer.id, Customer.merged_into_id, Customer.first_seen_at)).all()
    frame = pd.DataFrame(rows, columns=["id", "merged_into_id", "first_seen_at"])
    frame["id"] = frame["id"].astype("int64")
    frame["merged_into_id"] = pd.to_numeric(frame["merged_into_id"]).astype("Int64")
    frame["first_seen_at"] = pd.to_datetime(frame["first_seen_at"])
    return frame.set_index("id")


def _resolve(records: IdentityRecords, settings: ResolutionSettings) -> Resolution:
    fuzzy = None
    if settings.fuzzy:
        fuzzy = records.profiles[["record_id", "name", "birth_date", "postcode"]]
    return resolve_identities(
        records.identities[["record_id", "id_type", "value"]],
        record_ids=records.profiles["record_id"],
        normalized=True,
        fuzzy=fuzzy,
        fuzzy_config=FuzzyConfig(threshold=settings.fuzzy_threshold),
        max_records_per_value=settings.max_records_per_value,
        max_cluster_size=settings.max_cluster_size,
    )


def _roots(customers: pd.DataFrame) -> pd.Series:
    """Each customer's surviving customer, following merged_into_id chains."""
    parent = customers["merged_into_id"].fillna(pd.Series(customers.index, index=customers.index))
    parent = parent.astype("int64")
    root = parent.copy()
    for _ in range(MAX_MERGE_DEPTH):
        following = root.map(parent)
        if following.equals(root):
            return root
        root = following
    raise UserError(
        "Some customers' merges form a loop (merged_into_id leads back to itself).",
        "Ask an administrator to repair the customers' merged_into_id values.",
    )


@dataclass
class _Plan:
    profile_ids: np.ndarray
    profile_customer: np.ndarray  # final customer per profile (-1: to be created)
    group: np.ndarray  # group number per profile
    unassigned: np.ndarray  # positions of profiles without a customer before the run
    remap: pd.Series  # customer id -> survivor, for every customer not its group's survivor
    new_merges: pd.Series  # survivor of each customer that was not merged before: the merges
    creations: pd.DataFrame  # group, profile (its first): groups that get a new customer


def _plan(profiles: pd.DataFrame, customers: pd.DataFrame, clusters: pd.DataFrame) -> _Plan:
    """Groups = resolver clusters joined by shared current customers; survivor per group."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids = profiles["record_id"].to_numpy()
    n = len(ids)
    label = clusters.set_index("record_id")["customer_id"].reindex(ids).to_numpy()
    cluster_pos = np.searchsorted(ids, label)  # profiles are sorted by id
    roots = _roots(customers)
    current = profiles["customer_id"]
    known = current.notna().to_numpy() & np.isin(current.fillna(-1).to_numpy(), customers.index)
    current_root = np.full(n, -1, dtype=np.int64)
    current_root[known] = roots.reindex(current[known].astype("int64")).to_numpy()
    root_ids, root_pos = np.unique(current_root[known], return_inverse=True)
    rows = np.concatenate([np.arange(n), np.flatnonzero(known)])
    cols = np.concatenate([cluster_pos, n + root_pos])
    size = n + len(root_ids)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size))
    _, labels = connected_components(graph.tocsr(), directed=False)
    group = labels[:n]

    candidates = pd.DataFrame(
        {
            "group": labels[n:],
            "customer": root_ids,
            "first_seen": customers["first_seen_at"].reindex(root_ids).to_numpy(),
        }
    ).sort_values(["group", "first_seen", "customer"], na_position="last", kind="stable")
    survivor_of_group = candidates.drop_duplicates("group").set_index("group")["customer"]
    final = survivor_of_group.reindex(group).fillna(-1).to_numpy(dtype=np.int64)

    survivor_of_root = pd.Series(survivor_of_group.reindex(labels[n:]).to_numpy(), index=root_ids)
    in_scope = roots[roots.isin(root_ids)]
    remap = in_scope.map(survivor_of_root)
    remap = remap[remap.index != remap.to_numpy()].astype("int64")
    was_root = customers["merged_into_id"].reindex(remap.index).isna().to_numpy()
    no_customer = final < 0
    creations = (
        pd.DataFrame({"group": group[no_customer], "profile": ids[no_customer]})
        .drop_duplicates("group")
        .reset_index(drop=True)
    )
    return _Plan(
        profile_ids=ids,
        profile_customer=final,
        group=group,
        unassigned=np.flatnonzero(~known),
        remap=remap,
        new_merges=remap[was_root],
        creations=creations,
    )


# -- writing -------------------------------------------------------------------------------------


def _create_customers(conn: Connection, plan: _Plan) -> int:
    """A new customer, from its first profile's details, for each group with no customer."""
    if plan.creations.empty:
        return 0
    p = CustomerProfile
    firsts = plan.creations["profile"].astype("int64").tolist()
    rows = []
    for chunk in _chunks(firsts):
        rows += conn.execute(
            select(
                p.id,
                p.name,
                p.birth_date,
                p.postcode,
                p.city_id,
                p.channel_id,
                p.first_seen_at,
                p.captured_store_id,
                p.captured_dealer_id,
            ).where(p.id.in_(chunk))
        ).all()
    values = [
        {
            "code": f"R{row.id:09d}",
            "name": row.name,
            "birth_date": row.birth_date,
            "postcode": row.postcode,
            "city_id": row.city_id,
            "first_channel_id": row.channel_id,
            "first_seen_at": row.first_seen_at,
            "captured_store_id": row.captured_store_id,
            "captured_dealer_id": row.captured_dealer_id,
        }
        for row in rows
    ]
    created = conn.execute(
        insert(Customer).returning(Customer.code, Customer.id, sort_by_parameter_order=True),
        values,
    ).all()
    code_id = {code: cid for code, cid in created}
    group_customer = pd.Series(
        [code_id[f"R{pid:09d}"] for pid in firsts], index=plan.creations["group"].to_numpy()
    )
    missing = plan.profile_customer < 0
    plan.profile_customer[missing] = group_customer.reindex(plan.group[missing]).to_numpy()
    return len(values)


def _chunks(values: Sequence[int]) -> list[list[int]]:
    return [list(values[i : i + CHUNK]) for i in range(0, len(values), CHUNK)]


def _map_table() -> Table:
    return Table(
        "segments_customer_map",
        MetaData(),
        Column("old_id", Integer, primary_key=True),
        Column("new_id", Integer, nullable=False),
        prefixes=["TEMPORARY"],
    )


def _move(conn: Connection, plan: _Plan) -> dict[str, int]:
    """Point merged customers at their survivor and move everything that referred to them.

    One UPDATE per table through a temporary (old id -> survivor) table, so a run that merges
    half a million customers issues a handful of statements, not millions.
    """
    moved = dict.fromkeys(MOVED_TABLES, 0)
    if len(plan.remap):
        mapping = _map_table()
        mapping.drop(conn, checkfirst=True)
        mapping.create(conn)
        try:
            conn.execute(
                insert(mapping),
                [
                    {"old_id": int(old), "new_id": int(new)}
                    for old, new in zip(plan.remap.index, plan.remap.to_numpy(), strict=True)
                ],
            )
            moved.update(_remap_all(conn, mapping))
        finally:
            mapping.drop(conn)
    moved["profiles"] += _assign_profiles(conn, plan)
    return moved


def _remap_all(conn: Connection, mapping: Table) -> dict[str, int]:
    old, new = mapping.c.old_id, mapping.c.new_id
    counts = {}
    customers = Customer.__table__
    survivor = select(new).where(old == customers.c.id).scalar_subquery()
    counts["customers"] = conn.execute(
        update(customers)
        .where(
            customers.c.id.in_(select(old)),
            (customers.c.merged_into_id.is_(None)) | (customers.c.merged_into_id != survivor),
        )
        .values(merged_into_id=survivor, version=customers.c.version + 1)
    ).rowcount
    targets = (
        ("profiles", CustomerProfile.__table__, False),
        ("orders", Order.__table__, True),
        ("interactions", Interaction.__table__, False),
        ("tickets", ServiceTicket.__table__, True),
        ("identities", CustomerIdentity.__table__, False),
    )
    for name, table, versioned in targets:
        values = {"customer_id": select(new).where(old == table.c.customer_id).scalar_subquery()}
        if versioned:
            values["version"] = table.c.version + 1
        counts[name] = conn.execute(
            update(table).where(table.c.customer_id.in_(select(old))).values(**values)
        ).rowcount
    return counts


def _assign_profiles(conn: Connection, plan: _Plan) -> int:
    """Profiles that had no customer get their group's (the others moved with the remap)."""
    positions = plan.unassigned
    if len(positions) == 0:
        return 0
    table = CustomerProfile.__table__
    conn.execute(
        update(table).where(table.c.id == bindparam("pid")).values(customer_id=bindparam("cid")),
        [
            {"pid": int(plan.profile_ids[i]), "cid": int(plan.profile_customer[i])}
            for i in positions
        ],
    )
    return len(positions)


def _attribute_profile_orders(conn: Connection) -> dict[str, int]:
    """Orders and interactions that name a profile but no customer get the profile's."""
    counts = {}
    profiles = CustomerProfile.__table__
    for name, table, versioned in (
        ("orders", Order.__table__, True),
        ("interactions", Interaction.__table__, False),
    ):
        owner = (
            select(profiles.c.customer_id)
            .where(profiles.c.id == table.c.profile_id)
            .scalar_subquery()
        )
        values = {"customer_id": owner}
        if versioned:
            values["version"] = table.c.version + 1
        counts[name] = conn.execute(
            update(table)
            .where(
                table.c.customer_id.is_(None),
                table.c.profile_id.in_(
                    select(profiles.c.id).where(profiles.c.customer_id.is_not(None))
                ),
            )
            .values(**values)
        ).rowcount
    return counts


def _write_flags(
    conn: Connection, records: IdentityRecords, resolution: Resolution
) -> tuple[int, int]:
    """flagged_shared = exactly the identifiers the over-merge guard flagged this run."""
    flagged = resolution.report.flagged[["id_type", "value"]].astype("string")
    keys = records.identities[["id_type", "value", "identity_id"]].drop_duplicates("identity_id")
    wanted = set(keys.merge(flagged, on=["id_type", "value"])["identity_id"].astype("int64"))
    table = CustomerIdentity.__table__
    current = set(conn.scalars(select(table.c.id).where(table.c.flagged_shared.is_(True))).all())
    to_set, to_clear = sorted(wanted - current), sorted(current - wanted)
    for ids, value in ((to_set, True), (to_clear, False)):
        for chunk in _chunks(ids):
            conn.execute(update(table).where(table.c.id.in_(chunk)).values(flagged_shared=value))
    return len(to_set), len(to_clear)


# -- reporting -----------------------------------------------------------------------------------


def _shown_flagged(flagged: pd.DataFrame, user: CurrentUser) -> pd.DataFrame:
    shown = flagged.copy()
    if not user.can("customers.pii"):
        shown["value"] = mask_series(shown["value"].astype("string"), shown["id_type"])
    return shown


def _oversized(plan: _Plan, cap: int) -> pd.DataFrame:
    sizes = pd.Series(plan.profile_customer).value_counts()
    big = sizes[sizes > cap].sort_values(ascending=False)
    return pd.DataFrame({"customer_id": big.index.astype("int64"), "records": big.to_numpy()})


def _scores(
    conn: Connection, profile_ids: pd.Series, customer: np.ndarray
) -> PairwiseScores | None:
    truth = identity_truth(conn)
    if truth.empty:
        return None
    clusters = pd.DataFrame({"record_id": profile_ids.to_numpy(), "customer_id": customer})
    clusters = clusters[clusters["record_id"].isin(truth["record_id"])]
    return evaluate_clusters(clusters, truth[truth["record_id"].isin(clusters["record_id"])])


def _audit(uow: UnitOfWork, plan: _Plan, report: WritebackReport) -> None:
    """One row per merge (bulk) and one for the run with its counts."""
    now = datetime.now()
    rows = [
        {
            "username": uow.user.username,
            "action": "customer.merge",
            "entity": "customer",
            "entity_id": str(int(merged)),
            "before": {"merged_into_id": None},
            "after": {"merged_into_id": int(survivor)},
            "at": now,
        }
        for merged, survivor in zip(plan.new_merges.index, plan.new_merges.to_numpy(), strict=True)
    ]
    if rows:
        uow.session.execute(insert(AuditEntry), rows)
    counts = {
        "profiles": report.profiles,
        "customers_before": report.customers_before,
        "customers_after": report.customers_after,
        "merges": report.merges,
        "created": report.created,
        "moved": report.moved,
        "attributed": report.attributed,
        "flagged_set": report.flagged_set,
        "flagged_cleared": report.flagged_cleared,
        "anonymous_share_before": round(report.anonymous_share_before, 6),
        "anonymous_share_after": round(report.anonymous_share_after, 6),
        "settings": {
            "fuzzy": report.settings.fuzzy,
            "fuzzy_threshold": report.settings.fuzzy_threshold,
            "max_records_per_value": report.settings.max_records_per_value,
            "max_cluster_size": report.settings.max_cluster_size,
        },
    }
    report.audit = counts
    uow.audit(
        "identity.resolve", "identity_resolution", now.isoformat(timespec="seconds"), None, counts
    )
