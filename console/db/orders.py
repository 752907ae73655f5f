"""Orders and order lines from every channel; amounts in CNY."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.base import Base, Money, Versioned, enum_column

ORDER_STATUSES = (
    "placed",
    "paid",
    "shipped",
    "delivered",
    "completed",
    "cancelled",
    "returned",
)
ASSIGNMENT_SOURCES = ("store", "rule", "fallback", "manual", "unassigned")


class Order(Versioned, Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("gross_amount >= 0", name="gross_not_negative"),
        CheckConstraint("discount_amount >= 0", name="discount_not_negative"),
        CheckConstraint(
            "returned_amount >= 0 AND returned_amount <= net_amount", name="returned_within_net"
        ),
        Index("ix_orders_channel_placed", "channel_id", "placed_at"),
        Index("ix_orders_dealer_placed", "fulfilling_dealer_id", "placed_at"),
        # The rollups' freshness check and incremental refresh look for recently edited orders.
        Index("ix_orders_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(24), unique=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    # Where an offline order was placed (NULL for online orders).
    store_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    # The dealer that delivers, installs and services the order, and is settled for it.
    fulfilling_dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"))
    fulfilled_from_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    assignment: Mapped[str | None] = mapped_column(
        enum_column("assignment_source", ASSIGNMENT_SOURCES)
    )
    # NULL customer: an anonymous order (no identity captured).
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("customer_profiles.id"))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    postcode: Mapped[str | None] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(enum_column("order_status", ORDER_STATUSES))
    placed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime)
    promised_at: Mapped[datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    gross_amount: Mapped[float] = mapped_column(Money)
    discount_amount: Mapped[float] = mapped_column(Money, default=0.0)
    net_amount: Mapped[float] = mapped_column(Money)
    returned_amount: Mapped[float] = mapped_column(Money, default=0.0)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("returned_qty >= 0 AND returned_qty <= qty", name="returned_within_qty"),
        CheckConstraint("unit_price >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[float] = mapped_column(Money)
    discount: Mapped[float] = mapped_column(Money, default=0.0)
    # qty * unit_price - discount
    amount: Mapped[float] = mapped_column(Money)
    # qty * the SKU's unit cost at the time of sale
    cost: Mapped[float] = mapped_column(Money)
    returned_qty: Mapped[int] = mapped_column(Integer, default=0)

    order: Mapped[Order] = relationship(back_populates="lines")
