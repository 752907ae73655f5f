"""Product categories and SKUs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from console.db.base import Base, Money, Quantity, Versioned, enum_column

SKU_STATUSES = ("active", "discontinued")


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_zh: Mapped[str] = mapped_column(String(80))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))


class Sku(Versioned, Base):
    __tablename__ = "skus"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("cost >= 0", name="cost_not_negative"),
        CheckConstraint("volume_m3 >= 0", name="volume_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    name_zh: Mapped[str] = mapped_column(String(160))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    price: Mapped[float] = mapped_column(Money)
    cost: Mapped[float] = mapped_column(Money)
    volume_m3: Mapped[float] = mapped_column(Quantity)
    status: Mapped[str] = mapped_column(enum_column("sku_status", SKU_STATUSES), default="active")
    launched_on: Mapped[date | None] = mapped_column(Date)
