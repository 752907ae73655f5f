"""One stock: levels per location x SKU, movements, transfers, lanes and rebalancing proposals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.base import Base, Money, Versioned, enum_column

MOVEMENT_KINDS = ("receipt", "sale", "transfer_out", "transfer_in", "adjustment", "return")
TRANSFER_STATUSES = ("proposed", "approved", "in_transit", "received", "cancelled")
PROPOSAL_STATUSES = ("open", "approved", "discarded", "stale")


class InventoryLevel(Versioned, Base):
    __tablename__ = "inventory_levels"
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("online_hold >= 0", name="online_hold_not_negative"),
        CheckConstraint("safety_stock >= 0", name="safety_not_negative"),
        CheckConstraint("target_stock >= 0", name="target_not_negative"),
        Index("ix_inventory_levels_sku", "sku_id"),
    )

    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    # Units held back for online orders (not available to walk-in customers).
    online_hold: Mapped[int] = mapped_column(Integer, default=0)
    safety_stock: Mapped[int] = mapped_column(Integer, default=0)
    target_stock: Mapped[int] = mapped_column(Integer, default=0)


class StockMovement(Base):
    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint("qty <> 0", name="qty_not_zero"),
        Index("ix_stock_movements_loc_sku_time", "location_id", "sku_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    qty: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(enum_column("movement_kind", MOVEMENT_KINDS))
    transfer_id: Mapped[int | None] = mapped_column(ForeignKey("stock_transfers.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(200))


class StockTransfer(Versioned, Base):
    __tablename__ = "stock_transfers"
    __table_args__ = (CheckConstraint("from_location_id <> to_location_id", name="distinct_ends"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("rebalance_proposals.id"), index=True
    )
    from_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    to_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    status: Mapped[str] = mapped_column(
        enum_column("transfer_status", TRANSFER_STATUSES), default="proposed"
    )
    created_by: Mapped[str | None] = mapped_column(String(40))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime)
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    transport_cost: Mapped[float] = mapped_column(Money, default=0.0)
    fixed_cost: Mapped[float] = mapped_column(Money, default=0.0)

    lines: Mapped[list[StockTransferLine]] = relationship(cascade="all, delete-orphan")


class StockTransferLine(Base):
    __tablename__ = "stock_transfer_lines"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        UniqueConstraint("transfer_id", "sku_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("stock_transfers.id", ondelete="CASCADE"))
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    qty: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[float] = mapped_column(Numeric(12, 4, asdecimal=False), default=0.0)


class TransportLane(Versioned, Base):
    """A lane cost override; lanes not listed cost by distance (see the rebalancing docs)."""

    __tablename__ = "transport_lanes"
    __table_args__ = (
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
        CheckConstraint("fixed_cost >= 0", name="fixed_cost_not_negative"),
        CheckConstraint("from_location_id <> to_location_id", name="distinct_ends"),
    )

    from_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    to_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    unit_cost: Mapped[float] = mapped_column(Numeric(12, 4, asdecimal=False))
    fixed_cost: Mapped[float] = mapped_column(Money, default=0.0)
    forbidden: Mapped[bool] = mapped_column(Boolean, default=False)


class RebalanceProposal(Versioned, Base):
    """Proposed transfers; `stock_fingerprint` detects stock changes since it was computed."""

    __tablename__ = "rebalance_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(
        enum_column("proposal_status", PROPOSAL_STATUSES), default="open"
    )
    stock_fingerprint: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(40))
    computed_at: Mapped[datetime] = mapped_column(DateTime)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_by: Mapped[str | None] = mapped_column(String(40))
    total_cost: Mapped[float] = mapped_column(Money, default=0.0)
    saving: Mapped[float] = mapped_column(Money, default=0.0)
    optimal: Mapped[bool] = mapped_column(Boolean, default=True)
    gap: Mapped[float] = mapped_column(Float, default=0.0)
    # The optimiser's rows (location, sku, on_hand, safety, target, penalty) the lines touch, as
    # computed, with the plan's settings and lower bound: explains a stale proposal and lets an
    # edit be checked against the same stock (see console/db/transfers.py).
    basis: Mapped[dict | None] = mapped_column(JSON)

    lines: Mapped[list[RebalanceProposalLine]] = relationship(cascade="all, delete-orphan")


class RebalanceProposalLine(Base):
    __tablename__ = "rebalance_proposal_lines"
    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("rebalance_proposals.id", ondelete="CASCADE"), index=True
    )
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    from_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    to_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    qty: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[float] = mapped_column(Numeric(12, 4, asdecimal=False), default=0.0)
