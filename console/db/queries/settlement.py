"""Dealer settlement as read from the database: the month's inputs, statements (computed
previews, drafts holding manual adjustments, issued and locked ones) and their export sheets.

The arithmetic is console.services.settlement; issuing and adjusting are in
console.db.dealer_writes. An order belongs to the month it was delivered in (docs/dealers.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
from sqlalchemy import Connection, Select, case, or_, select
from sqlalchemy.orm import aliased

from console.db.channels import Channel
from console.db.customers import Customer
from console.db.dealer_ops import SettlementLine, SettlementStatement
from console.db.network import Dealer, Location
from console.db.orders import Order
from console.db.queries.bind import Bind, connected
from console.db.service import ServiceTicket
from console.errors import UserError
from console.services.settlement import (
    DEFAULT_POLICY,
    LINE_COLUMNS,
    TOTAL_COLUMNS,
    SettlementPolicy,
    statement_lines,
    totals,
    totals_by_dealer,
)

STATEMENT_STATUSES = ("preview", "draft", "issued")
"""preview: nothing stored; draft: stored manual adjustments only; issued: locked."""


def _frame(conn: Connection, stmt: Select) -> pd.DataFrame:
    result = conn.execute(stmt)
    keys = list(result.keys())
    rows = result.all()
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in keys]
    return pd.DataFrame(dict(zip(keys, map(list, columns), strict=True)), columns=keys)


def first_of_month(day: date) -> date:
    return date(day.year, day.month, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = first_of_month(month)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return datetime.combine(first, time()), datetime.combine(following, time())


def _dealers_filter(column, dealer_ids: Sequence[int] | None):
    return column.in_(list(dealer_ids)) if dealer_ids is not None else column.is_not(None)


def fulfilled_orders(
    conn: Connection, month: date, dealer_ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """Online orders delivered in the month by each dealer (FULFILLED_COLUMNS)."""
    first, after = month_bounds(month)
    stmt = (
        select(
            Order.fulfilling_dealer_id.label("dealer_id"),
            Order.id.label("order_id"),
            Order.order_no,
            Channel.code.label("channel"),
            Order.net_amount,
            Order.returned_amount,
            Channel.platform_fee_rate,
            Dealer.hq_margin_rate,
        )
        .join(Channel, Channel.id == Order.channel_id)
        .join(Dealer, Dealer.id == Order.fulfilling_dealer_id)
        .where(
            Channel.online.is_(True),
            Order.store_id.is_(None),
            Order.status != "cancelled",
            Order.delivered_at >= first,
            Order.delivered_at < after,
            _dealers_filter(Order.fulfilling_dealer_id, dealer_ids),
        )
        .order_by(Order.id)
    )
    return _frame(conn, stmt)


def damage_tickets(
    conn: Connection, month: date, dealer_ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """Damage tickets opened in the month against a dealer, on an order (DAMAGE_COLUMNS)."""
    first, after = month_bounds(month)
    stmt = (
        select(
            ServiceTicket.dealer_id,
            ServiceTicket.code.label("ticket_code"),
            Order.id.label("order_id"),
            Order.order_no,
            Order.net_amount,
        )
        .join(Order, Order.id == ServiceTicket.order_id)
        .where(
            ServiceTicket.category == "damage",
            ServiceTicket.opened_at >= first,
            ServiceTicket.opened_at < after,
            _dealers_filter(ServiceTicket.dealer_id, dealer_ids),
        )
        .order_by(ServiceTicket.id)
    )
    return _frame(conn, stmt)


def captured_elsewhere(
    conn: Connection, month: date, dealer_ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """Orders delivered in the month to customers a dealer captured first, that another
    dealer (or headquarters) sold or fulfilled (CAPTURED_COLUMNS; dealer_id = the capturer)."""
    first, after = month_bounds(month)
    store = aliased(Location)
    order_dealer = case(
        (Order.store_id.is_(None), Order.fulfilling_dealer_id), else_=store.dealer_id
    )
    stmt = (
        select(
            Customer.captured_dealer_id.label("dealer_id"),
            Order.id.label("order_id"),
            Order.order_no,
            Order.net_amount,
            Order.returned_amount,
        )
        .join(Customer, Customer.id == Order.customer_id)
        .outerjoin(store, store.id == Order.store_id)
        .where(
            Order.status != "cancelled",
            Order.delivered_at >= first,
            Order.delivered_at < after,
            _dealers_filter(Customer.captured_dealer_id, dealer_ids),
            or_(order_dealer.is_(None), order_dealer != Customer.captured_dealer_id),
        )
        .order_by(Order.id)
    )
    return _frame(conn, stmt)


def computed_lines(
    bind: Bind,
    month: date,
    dealer_ids: Sequence[int] | None = None,
    policy: SettlementPolicy = DEFAULT_POLICY,
) -> pd.DataFrame:
    """The lines the orders and tickets give for the month (no manual adjustments)."""
    with connected(bind) as conn:
        return statement_lines(
            fulfilled_orders(conn, month, dealer_ids),
            damage_tickets(conn, month, dealer_ids),
            captured_elsewhere(conn, month, dealer_ids),
            policy,
        )


def _stored(conn: Connection, month: date, dealer_ids: Sequence[int] | None) -> pd.DataFrame:
    s = SettlementStatement
    stmt = select(
        s.id.label("statement_id"),
        s.dealer_id,
        s.status,
        s.version,
        s.issued_at,
        s.issued_by,
        *(getattr(s, c) for c in TOTAL_COLUMNS),
    ).where(s.month == first_of_month(month), _dealers_filter(s.dealer_id, dealer_ids))
    return _frame(conn, stmt)


def _stored_lines(conn: Connection, statement_ids: Sequence[int], kinds=None) -> pd.DataFrame:
    stmt = (
        select(
            SettlementStatement.dealer_id,
            SettlementLine.kind,
            SettlementLine.order_id,
            Order.order_no,
            SettlementLine.amount,
            SettlementLine.description,
        )
        .join(SettlementStatement, SettlementStatement.id == SettlementLine.statement_id)
        .outerjoin(Order, Order.id == SettlementLine.order_id)
        .where(SettlementLine.statement_id.in_(list(statement_ids)))
        .order_by(SettlementLine.id)
    )
    if kinds is not None:
        stmt = stmt.where(SettlementLine.kind.in_(kinds))
    return _frame(conn, stmt)[list(LINE_COLUMNS)]


@dataclass(frozen=True)
class Statement:
    """One dealer's month: `status` in STATEMENT_STATUSES; `lines` LINE_COLUMNS; `totals`
    TOTAL_COLUMNS (for an issued statement, as stored when issued plus later adjustments)."""

    dealer_id: int
    dealer_code: str
    dealer_name: str
    dealer_name_zh: str
    month: date
    status: str
    lines: pd.DataFrame
    totals: dict[str, float | int]
    policy: SettlementPolicy
    hq_margin_rate: float
    statement_id: int | None = None
    version: int | None = None
    issued_at: datetime | None = None
    issued_by: str | None = None

    @property
    def locked(self) -> bool:
        return self.status == "issued"


def statement(
    bind: Bind, dealer_id: int, month: date, policy: SettlementPolicy = DEFAULT_POLICY
) -> Statement:
    """The statement as it stands: the stored lines of an issued statement, else the computed
    lines plus the manual adjustments stored on a draft."""
    month = first_of_month(month)
    with connected(bind) as conn:
        dealer = conn.execute(
            select(Dealer.code, Dealer.name, Dealer.name_zh, Dealer.hq_margin_rate).where(
                Dealer.id == dealer_id
            )
        ).first()
        if dealer is None:
            raise UserError(
                f"The dealer with id {dealer_id} does not exist (any more).", "Refresh the list."
            )
        stored = _stored(conn, month, [dealer_id])
        row = stored.iloc[0] if len(stored) else None
        if row is not None and row["status"] == "issued":
            lines = _stored_lines(conn, [int(row["statement_id"])])
            header = {c: row[c] for c in TOTAL_COLUMNS}
        else:
            computed = computed_lines(conn, month, [dealer_id], policy)
            manual = (
                _stored_lines(conn, [int(row["statement_id"])], kinds=["adjustment"])
                if row is not None
                else pd.DataFrame(columns=list(LINE_COLUMNS))
            )
            parts = [p for p in (computed, manual) if len(p)]
            lines = (
                pd.concat(parts, ignore_index=True)
                if parts
                else pd.DataFrame(columns=list(LINE_COLUMNS))
            )
            header = totals(lines)
    return Statement(
        dealer_id=dealer_id,
        dealer_code=dealer.code,
        dealer_name=dealer.name,
        dealer_name_zh=dealer.name_zh,
        month=month,
        status="preview" if row is None else str(row["status"]),
        lines=lines,
        totals={k: (int(v) if k == "orders_count" else float(v)) for k, v in header.items()},
        policy=policy,
        hq_margin_rate=float(dealer.hq_margin_rate),
        statement_id=None if row is None else int(row["statement_id"]),
        version=None if row is None else int(row["version"]),
        issued_at=None if row is None else _as_datetime(row["issued_at"]),
        issued_by=None if row is None else row["issued_by"],
    )


def _as_datetime(value) -> datetime | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).to_pydatetime()


def month_overview(
    bind: Bind, month: date, policy: SettlementPolicy = DEFAULT_POLICY
) -> pd.DataFrame:
    """Every dealer's statement for the month: dealer_id, code, name, name_zh, status,
    statement_id, version, issued_at, issued_by and TOTAL_COLUMNS (issued: as stored)."""
    month = first_of_month(month)
    with connected(bind) as conn:
        dealers = _frame(
            conn,
            select(
                Dealer.id.label("dealer_id"),
                Dealer.code,
                Dealer.name,
                Dealer.name_zh,
                Dealer.status.label("dealer_status"),
            ).order_by(Dealer.code),
        )
        stored = _stored(conn, month, None)
        drafts = stored[stored["status"] == "draft"]["statement_id"].astype(int).tolist()
        computed = computed_lines(conn, month, None, policy)
        manual = _stored_lines(conn, drafts, kinds=["adjustment"]) if drafts else None
    parts = [p for p in (computed, manual) if p is not None and len(p)]
    lines = pd.concat(parts, ignore_index=True) if parts else computed
    live = totals_by_dealer(lines)
    issued = stored[stored["status"] == "issued"]
    live = live[~live["dealer_id"].isin(issued["dealer_id"])]
    figures = pd.concat([live, issued[["dealer_id", *TOTAL_COLUMNS]]], ignore_index=True)
    out = dealers.merge(figures, on="dealer_id", how="left").merge(
        stored[["dealer_id", "statement_id", "status", "version", "issued_at", "issued_by"]],
        on="dealer_id",
        how="left",
    )
    out["status"] = out["status"].astype("string").fillna("preview")
    for column in TOTAL_COLUMNS:
        out[column] = out[column].fillna(0).astype("int64" if column == "orders_count" else float)
    return out


def statement_sheets(st: Statement, language: str = "en") -> dict[str, pd.DataFrame]:
    """The XLSX export of a statement: a "Statement" sheet (field, value) and a "Lines" sheet."""
    name = st.dealer_name_zh if language.startswith("zh") else st.dealer_name
    header = [
        ("Dealer", f"{st.dealer_code} {name}"),
        ("Month", st.month.strftime("%Y-%m")),
        ("Status", st.status),
        ("Issued at", st.issued_at.isoformat(sep=" ") if st.issued_at else ""),
        ("Issued by", st.issued_by or ""),
        ("HQ margin rate", st.hq_margin_rate),
        ("Capture credit rate", st.policy.capture_credit_rate),
        ("Damage claim rate", st.policy.damage_claim_rate),
        *((column, st.totals[column]) for column in TOTAL_COLUMNS),
    ]
    summary = pd.DataFrame(header, columns=["field", "value"]).astype({"value": object})
    lines = st.lines.drop(columns=["dealer_id"]).reset_index(drop=True)
    return {"Statement": summary, "Lines": lines}


def statement_list(bind: Bind, dealer_id: int | None = None) -> pd.DataFrame:
    """Stored statements (drafts and issued), newest month first."""
    s = SettlementStatement
    stmt = (
        select(
            s.id.label("statement_id"),
            s.dealer_id,
            Dealer.code,
            s.month,
            s.status,
            s.version,
            s.issued_at,
            s.issued_by,
            *(getattr(s, c) for c in TOTAL_COLUMNS),
        )
        .join(Dealer, Dealer.id == s.dealer_id)
        .order_by(s.month.desc(), Dealer.code)
    )
    if dealer_id is not None:
        stmt = stmt.where(s.dealer_id == dealer_id)
    with connected(bind) as conn:
        return _frame(conn, stmt)
