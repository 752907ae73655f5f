"""Sales channels: the five channel types, each online or offline."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from console.db.base import Base, enum_column

CHANNEL_TYPES = ("direct_store", "franchise_store", "own_ecommerce", "marketplace", "social")
ONLINE_CHANNEL_TYPES = ("own_ecommerce", "marketplace", "social")


class Channel(Base):
    __tablename__ = "channels"
    __table_args__ = (
        CheckConstraint(
            "online = (type IN ('own_ecommerce', 'marketplace', 'social'))",
            name="online_matches_type",
        ),
        CheckConstraint("platform_fee_rate >= 0 AND platform_fee_rate < 1", name="fee_rate_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_zh: Mapped[str] = mapped_column(String(80))
    type: Mapped[str] = mapped_column(enum_column("channel_type", CHANNEL_TYPES))
    online: Mapped[bool] = mapped_column(Boolean)
    # Share of an order's amount a marketplace or platform keeps (deducted in dealer settlement).
    platform_fee_rate: Mapped[float] = mapped_column(Numeric(6, 4, asdecimal=False), default=0.0)
