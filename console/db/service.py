"""After-sales service: SLA policies, tickets and their status history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from console.db.base import Base, Versioned, enum_column

TICKET_CATEGORIES = ("delivery", "installation", "damage", "complaint", "return", "consultation")
TICKET_PRIORITIES = ("low", "normal", "high", "urgent")
TICKET_STATUSES = (
    "new",
    "assigned",
    "in_progress",
    "waiting_on_customer",
    "resolved",
    "closed",
    "reopened",
)
OPEN_TICKET_STATUSES = ("new", "assigned", "in_progress", "waiting_on_customer", "reopened")


class SlaPolicy(Versioned, Base):
    __tablename__ = "sla_policies"
    __table_args__ = (
        CheckConstraint("first_response_hours > 0", name="response_positive"),
        CheckConstraint(
            "resolution_hours >= first_response_hours", name="response_within_resolution"
        ),
        CheckConstraint("at_risk_ratio > 0 AND at_risk_ratio < 1", name="at_risk_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    priority: Mapped[str] = mapped_column(enum_column("ticket_priority", TICKET_PRIORITIES))
    category: Mapped[str | None] = mapped_column(enum_column("ticket_category", TICKET_CATEGORIES))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id"))
    first_response_hours: Mapped[float] = mapped_column(Float)
    resolution_hours: Mapped[float] = mapped_column(Float)
    calendar: Mapped[str] = mapped_column(String(16), default="cn")
    at_risk_ratio: Mapped[float] = mapped_column(Float, default=0.8)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceTicket(Versioned, Base):
    __tablename__ = "service_tickets"
    __table_args__ = (
        CheckConstraint("reopened_count >= 0", name="reopened_not_negative"),
        CheckConstraint(
            "first_response_at IS NULL OR first_response_at >= opened_at",
            name="response_after_open",
        ),
        CheckConstraint(
            "resolved_at IS NULL OR resolved_at >= opened_at", name="resolved_after_open"
        ),
        Index("ix_service_tickets_status_opened", "status", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    category: Mapped[str] = mapped_column(enum_column("ticket_category", TICKET_CATEGORIES))
    priority: Mapped[str] = mapped_column(enum_column("ticket_priority", TICKET_PRIORITIES))
    status: Mapped[str] = mapped_column(enum_column("ticket_status", TICKET_STATUSES))
    subject: Mapped[str | None] = mapped_column(String(200))
    opened_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopened_count: Mapped[int] = mapped_column(Integer, default=0)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)


class TicketStatusChange(Base):
    __tablename__ = "ticket_status_changes"
    __table_args__ = (Index("ix_ticket_status_changes_ticket_time", "ticket_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("service_tickets.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(enum_column("ticket_status", TICKET_STATUSES))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[str | None] = mapped_column(String(40))
