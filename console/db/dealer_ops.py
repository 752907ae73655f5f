"""Online-order assignment rules and dealer settlement statements."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.base import Base, Money, Timestamped, Versioned, enum_column

STATEMENT_STATUSES = ("draft", "issued")
SETTLEMENT_LINE_KINDS = (
    "order",
    "platform_fee",
    "hq_margin",
    "return",
    "damage_claim",
    "capture_credit",
    "adjustment",
)


class AssignmentRule(Versioned, Base):
    """Maps an online order to a fulfilling dealer by postcode prefix or city, in priority order."""

    __tablename__ = "assignment_rules"
    __table_args__ = (
        CheckConstraint(
            "city_id IS NOT NULL OR postcode_prefix IS NOT NULL", name="matches_something"
        ),
        CheckConstraint(
            "daily_capacity IS NULL OR daily_capacity >= 0", name="capacity_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), index=True)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    postcode_prefix: Mapped[str | None] = mapped_column(String(6))
    exclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    # Overrides the dealer's own daily capacity for orders matched by this rule.
    daily_capacity: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(String(200))


class SettlementStatement(Versioned, Base):
    """A dealer's monthly statement; issued statements are locked, corrections are new lines."""

    __tablename__ = "settlement_statements"
    __table_args__ = (UniqueConstraint("dealer_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), index=True)
    month: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(
        enum_column("statement_status", STATEMENT_STATUSES), default="draft"
    )
    issued_at: Mapped[datetime | None] = mapped_column(DateTime)
    issued_by: Mapped[str | None] = mapped_column(String(40))
    orders_count: Mapped[int] = mapped_column(Integer, default=0)
    orders_amount: Mapped[float] = mapped_column(Money, default=0.0)
    platform_fees: Mapped[float] = mapped_column(Money, default=0.0)
    hq_margin: Mapped[float] = mapped_column(Money, default=0.0)
    adjustments: Mapped[float] = mapped_column(Money, default=0.0)
    capture_credit: Mapped[float] = mapped_column(Money, default=0.0)
    amount_due: Mapped[float] = mapped_column(Money, default=0.0)

    lines: Mapped[list[SettlementLine]] = relationship(cascade="all, delete-orphan")


class SettlementLine(Timestamped, Base):
    __tablename__ = "settlement_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("settlement_statements.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(enum_column("settlement_line_kind", SETTLEMENT_LINE_KINDS))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    amount: Mapped[float] = mapped_column(Money)
    description: Mapped[str | None] = mapped_column(String(200))
