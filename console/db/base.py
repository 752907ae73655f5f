"""Declarative base, naming convention and the mixins every editable table shares."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Enum, Integer, MetaData, Numeric, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names: Alembic needs them to produce the same schema on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Amounts in the currency (CNY) with cents; floats in Python keep pandas aggregation fast.
Money = Numeric(14, 2, asdecimal=False)
Quantity = Numeric(14, 4, asdecimal=False)


def enum_column(name: str, values: tuple[str, ...]) -> Enum:
    """A VARCHAR with a CHECK constraint: identical on SQLite and PostgreSQL, easy to extend."""
    return Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(v) for v in values),
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now(), nullable=False
    )


class Versioned(Timestamped):
    """Optimistic locking: an UPDATE carries the version it read; a lost race fails."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
