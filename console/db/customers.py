"""One customer across channels.

A *profile* is a customer record as one channel knows it (a member card in a store, a web-shop
account, a marketplace buyer, a social follower). Identities are the identifiers found on
profiles, unique by (type, normalized value). Identity resolution links profiles that share
identities (or agree on name, birth date and postcode) and writes the resolved `customer_id`
back to profiles, identities, orders and interactions.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from console.db.base import Base, Timestamped, Versioned, enum_column

IDENTITY_TYPES = (
    "phone",
    "email",
    "member_card",
    "wechat_openid",
    "marketplace_account",
    "payment_account",
)
GENDERS = ("F", "M")
INTERACTION_KINDS = (
    "store_visit",
    "page_view",
    "social_follow",
    "social_engagement",
    "consultation",
)


class Customer(Versioned, Base):
    """A resolved person. `merged_into_id` points at the survivor when two customers are merged."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str | None] = mapped_column(String(80))
    name_en: Mapped[str | None] = mapped_column(String(80))
    gender: Mapped[str | None] = mapped_column(enum_column("gender", GENDERS))
    birth_date: Mapped[date | None] = mapped_column(Date)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"), index=True)
    postcode: Mapped[str | None] = mapped_column(String(6))
    first_channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id"))
    first_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    # "Whoever brings the customer benefits": the store / dealer that captured the customer first.
    captured_store_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    captured_dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))


class CustomerProfile(Timestamped, Base):
    __tablename__ = "customer_profiles"
    __table_args__ = (UniqueConstraint("channel_id", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    source_key: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(80))
    birth_date: Mapped[date | None] = mapped_column(Date)
    postcode: Mapped[str | None] = mapped_column(String(6))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    captured_store_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    captured_dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"))


class CustomerIdentity(Timestamped, Base):
    __tablename__ = "customer_identities"
    __table_args__ = (UniqueConstraint("type", "normalized_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    type: Mapped[str] = mapped_column(enum_column("identity_type", IDENTITY_TYPES))
    raw_value: Mapped[str] = mapped_column(String(128))
    normalized_value: Mapped[str] = mapped_column(String(128))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id"))
    first_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    captured_store_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    captured_dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"))
    # Set by identity resolution: shared by implausibly many people, so not used for linking.
    flagged_shared: Mapped[bool] = mapped_column(Boolean, default=False)


class ProfileIdentity(Base):
    __tablename__ = "profile_identities"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("customer_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    identity_id: Mapped[int] = mapped_column(
        ForeignKey("customer_identities.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Interaction(Base):
    """A non-purchase touch point; engagement feeds the omnichannel value index."""

    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_customer_time", "customer_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("customer_profiles.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    kind: Mapped[str] = mapped_column(enum_column("interaction_kind", INTERACTION_KINDS))
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    converted: Mapped[bool] = mapped_column(Boolean, default=False)


class DemoIdentityTruth(Base):
    """Demo data only: the true person behind each profile, to measure identity resolution."""

    __tablename__ = "demo_identity_truth"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("customer_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    person_key: Mapped[int] = mapped_column(Integer, index=True)
