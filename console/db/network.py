"""The dealer network: dealers, their territories, and every location that holds or sells stock."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.base import Base, Timestamped, Versioned, enum_column

DEALER_TIERS = ("platinum", "gold", "silver", "bronze")
DEALER_STATUSES = ("active", "suspended", "terminated")
STORE_KINDS = ("direct", "franchise", "experience")
WAREHOUSE_KINDS = ("warehouse", "front_warehouse")
LOCATION_KINDS = STORE_KINDS + WAREHOUSE_KINDS
LOCATION_STATUSES = ("open", "closed", "planned")


class Dealer(Versioned, Base):
    __tablename__ = "dealers"
    __table_args__ = (
        CheckConstraint(
            "contract_end IS NULL OR contract_end >= contract_start", name="contract_dates"
        ),
        CheckConstraint("daily_capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("hq_margin_rate >= 0 AND hq_margin_rate < 1", name="margin_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    legal_entity: Mapped[str] = mapped_column(String(200))
    # Unified social credit code (统一社会信用代码), 18 characters with a check character.
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    tier: Mapped[str] = mapped_column(enum_column("dealer_tier", DEALER_TIERS))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    status: Mapped[str] = mapped_column(
        enum_column("dealer_status", DEALER_STATUSES), default="active"
    )
    contract_start: Mapped[date] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    contact_name: Mapped[str | None] = mapped_column(String(80))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    contact_email: Mapped[str | None] = mapped_column(String(120))
    # Online orders per day the dealer can deliver and install.
    daily_capacity: Mapped[int] = mapped_column(Integer, default=20)
    # Share of an online order's net amount kept by headquarters in settlement.
    hq_margin_rate: Mapped[float] = mapped_column(Numeric(6, 4, asdecimal=False), default=0.15)

    territories: Mapped[list[DealerTerritory]] = relationship(
        back_populates="dealer", cascade="all, delete-orphan"
    )


class DealerTerritory(Timestamped, Base):
    """One piece of a dealer's contractual area: a region, a city or a postcode prefix."""

    __tablename__ = "dealer_territories"
    __table_args__ = (
        CheckConstraint(
            "region_id IS NOT NULL OR city_id IS NOT NULL OR postcode_prefix IS NOT NULL",
            name="names_an_area",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    postcode_prefix: Mapped[str | None] = mapped_column(String(6))
    exclusive: Mapped[bool] = mapped_column(Boolean, default=False)

    dealer: Mapped[Dealer] = relationship(back_populates="territories")


class Location(Versioned, Base):
    """A store (direct, franchise, experience) or a warehouse (incl. front warehouses).

    One table for both so that stock, transfers and lanes refer to a single key.
    Experience stores show products and hold no stock.
    """

    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint(
            "kind <> 'franchise' OR dealer_id IS NOT NULL", name="franchise_has_dealer"
        ),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="open_close_dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(enum_column("location_kind", LOCATION_KINDS))
    dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(6))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(
        enum_column("location_status", LOCATION_STATUSES), default="open"
    )
    ships_from_store: Mapped[bool] = mapped_column(Boolean, default=False)
