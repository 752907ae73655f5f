"""Marketing channels, the weekly spend/outcome history, true response curves and budget plans."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.base import Base, Money, Versioned, enum_column

MARKETING_KINDS = ("performance", "brand", "mixed")
OUTCOMES = ("revenue", "leads", "reach")
PLAN_STATUSES = ("draft", "submitted", "approved", "rejected")
OBJECTIVES = ("revenue", "leads", "mix", "target_revenue")


class MarketingChannel(Base):
    __tablename__ = "marketing_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_zh: Mapped[str] = mapped_column(String(80))
    online: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(enum_column("marketing_kind", MARKETING_KINDS))


class MarketingHistory(Base):
    """One week x marketing channel x region: what was spent and what came of it."""

    __tablename__ = "marketing_history"
    __table_args__ = (
        UniqueConstraint("week_start", "marketing_channel_id", "region_id"),
        CheckConstraint("spend >= 0", name="spend_not_negative"),
        CheckConstraint("leads >= 0", name="leads_not_negative"),
        CheckConstraint("reach >= 0", name="reach_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, index=True)
    marketing_channel_id: Mapped[int] = mapped_column(ForeignKey("marketing_channels.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    spend: Mapped[float] = mapped_column(Money)
    leads: Mapped[float] = mapped_column(Float)
    revenue: Mapped[float] = mapped_column(Money)
    reach: Mapped[float] = mapped_column(Float)


class ResponseCurveTruth(Base):
    """The curves the demo seeder generated outcomes from, to validate fitted curves against."""

    __tablename__ = "response_curve_truth"

    marketing_channel_id: Mapped[int] = mapped_column(
        ForeignKey("marketing_channels.id"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    outcome: Mapped[str] = mapped_column(enum_column("outcome", OUTCOMES), primary_key=True)
    alpha: Mapped[float] = mapped_column(Float)
    gamma: Mapped[float] = mapped_column(Float)
    beta: Mapped[float] = mapped_column(Float)
    adstock: Mapped[float] = mapped_column(Float, default=0.0)


class BudgetPlan(Versioned, Base):
    """A named plan; each save is a new revision. Approved plans are read-only."""

    __tablename__ = "budget_plans"
    __table_args__ = (
        UniqueConstraint("name", "revision"),
        CheckConstraint("total_budget >= 0", name="total_not_negative"),
        CheckConstraint("brand_weight >= 0 AND brand_weight <= 1", name="brand_weight_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(enum_column("plan_status", PLAN_STATUSES), default="draft")
    objective: Mapped[str] = mapped_column(enum_column("objective", OBJECTIVES))
    total_budget: Mapped[float] = mapped_column(Money)
    brand_weight: Mapped[float] = mapped_column(Float, default=0.0)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(String(40))
    submitted_by: Mapped[str | None] = mapped_column(String(40))
    decided_by: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(String(400))

    allocations: Mapped[list[BudgetAllocation]] = relationship(cascade="all, delete-orphan")


class BudgetAllocation(Base):
    __tablename__ = "budget_allocations"
    __table_args__ = (
        UniqueConstraint("plan_id", "marketing_channel_id", "region_id"),
        CheckConstraint("spend >= 0", name="spend_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("budget_plans.id", ondelete="CASCADE"))
    marketing_channel_id: Mapped[int] = mapped_column(ForeignKey("marketing_channels.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    spend: Mapped[float] = mapped_column(Money)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    min_spend: Mapped[float | None] = mapped_column(Money)
    max_spend: Mapped[float | None] = mapped_column(Money)
    expected_revenue: Mapped[float | None] = mapped_column(Money)
    expected_leads: Mapped[float | None] = mapped_column(Float)
    expected_reach: Mapped[float | None] = mapped_column(Float)
