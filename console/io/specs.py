"""What each importable entity looks like in a file: its columns, their types and rules.

Types, lengths, required flags, defaults, allowed values and uniqueness are read from the ORM
models, so a file is checked against the same rules the database enforces; the ranges of the
CHECK constraints are stated here next to the column they guard. Foreign keys are written as
codes (a store names its dealer by dealer code), never as database ids.

Stores and warehouses live in one table (`locations`) but are two entities: their kinds, their
columns and their users differ, and a code can be either a store or a warehouse, never both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Boolean, Date, Enum, Float, Integer, Numeric, String, Table

from console.db.models import (
    Dealer,
    InventoryLevel,
    Location,
    MarketingHistory,
    Sku,
)
from console.db.network import STORE_KINDS, WAREHOUSE_KINDS
from console.errors import UserError

INT_MAX = 2**31 - 1  # PostgreSQL INTEGER


@dataclass(frozen=True)
class Ref:
    """A foreign key written as the referenced row's code."""

    table: str
    label: str  # "region", "dealer": how the user calls the referenced thing
    extra: tuple[str, ...] = ()  # further columns the rules need (a dealer's status)


@dataclass(frozen=True)
class Column:
    """One column of a file. `kind`: text, credit_code, choice, int, number, rate, date, bool,
    ref. A rate is a number that may be written as a percentage ("15%")."""

    name: str
    attr: str
    kind: str
    required: bool
    default: object = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    below_maximum: bool = False  # the maximum itself is not allowed (a rate below 1)
    decimals: int | None = None  # rounded to what the database keeps
    unique: bool = False
    ref: Ref | None = None


@dataclass(frozen=True)
class Entity:
    name: str
    title: str
    table: Table
    key: tuple[str, ...]  # column names; an existing row with the same key is updated
    columns: tuple[Column, ...]
    sheet_names: tuple[str, ...] = ()
    kinds: tuple[str, ...] | None = None  # rows of `table` this entity owns (locations)
    kind_column: str = "kind"
    columns_by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns_by_name", {c.name: c for c in self.columns})

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _column(table: Table, name: str, attr: str | None = None, **overrides) -> Column:
    """A file column described by the model column it fills (overrides win)."""
    attr = attr or name
    sql = table.c[attr]
    default = sql.default.arg if sql.default is not None and sql.default.is_scalar else None
    found: dict = {
        "required": not sql.nullable and default is None,
        "default": default,
        "unique": bool(sql.unique),
    }
    if isinstance(sql.type, Enum):
        found.update(kind="choice", choices=tuple(sql.type.enums))
    elif isinstance(sql.type, String):
        found.update(kind="text", max_length=sql.type.length)
    elif isinstance(sql.type, Boolean):
        found.update(kind="bool")
    elif isinstance(sql.type, Date):
        found.update(kind="date")
    elif isinstance(sql.type, Integer):
        found.update(kind="int", maximum=INT_MAX, minimum=-INT_MAX)
    elif isinstance(sql.type, Numeric) and not isinstance(sql.type, Float):
        limit = 10.0 ** (sql.type.precision - sql.type.scale)
        found.update(
            kind="number",
            decimals=sql.type.scale,
            minimum=-limit,
            maximum=limit,
            below_maximum=True,
        )
    elif isinstance(sql.type, Float):
        found.update(kind="number")
    else:  # pragma: no cover - a new column type needs a decision here
        raise TypeError(f"no import kind for {table.name}.{attr} ({sql.type})")
    found.update(overrides)
    return Column(name=name, attr=attr, **found)


def _ref(table: Table, name: str, attr: str, ref: Ref, **overrides) -> Column:
    return _column(table, name, attr, kind="ref", ref=ref, **overrides)


_REGION = Ref("regions", "region")
_CITY = Ref("cities", "city")
_DEALER = Ref("dealers", "dealer", extra=("status",))
_CATEGORY = Ref("categories", "category")
_LOCATION = Ref("locations", "location", extra=("kind",))
_SKU = Ref("skus", "SKU")
_MARKETING_CHANNEL = Ref("marketing_channels", "marketing channel")

_dealers = Dealer.__table__
DEALERS = Entity(
    name="dealers",
    title="Dealers",
    table=_dealers,
    key=("code",),
    sheet_names=("dealers", "dealer", "经销商"),
    columns=(
        _column(_dealers, "code"),
        _column(_dealers, "name"),
        _column(_dealers, "name_zh"),
        _column(_dealers, "legal_entity"),
        _column(_dealers, "credit_code", kind="credit_code"),
        _column(_dealers, "tier"),
        _ref(_dealers, "region_code", "region_id", _REGION),
        _column(_dealers, "status"),
        _column(_dealers, "contract_start"),
        _column(_dealers, "contract_end"),
        _column(_dealers, "contact_name"),
        _column(_dealers, "contact_phone"),
        _column(_dealers, "contact_email"),
        _column(_dealers, "daily_capacity", minimum=0),
        _column(_dealers, "hq_margin_rate", kind="rate", minimum=0, maximum=1),
    ),
)

_locations = Location.__table__


def _location_columns(kinds: tuple[str, ...], *, stores: bool) -> tuple[Column, ...]:
    columns = [
        _column(_locations, "code"),
        _column(_locations, "name"),
        _column(_locations, "name_zh"),
        _column(_locations, "kind", choices=kinds),
        _ref(_locations, "dealer_code", "dealer_id", _DEALER),
        _ref(_locations, "city_code", "city_id", _CITY),
        _column(_locations, "address"),
        _column(_locations, "postcode"),
        _column(_locations, "lat", minimum=-90, maximum=90),
        _column(_locations, "lon", minimum=-180, maximum=180),
        _column(_locations, "opened_on"),
        _column(_locations, "closed_on"),
        _column(_locations, "status"),
    ]
    if stores:
        columns.append(_column(_locations, "ships_from_store"))
    return tuple(columns)


STORES = Entity(
    name="stores",
    title="Stores",
    table=_locations,
    key=("code",),
    sheet_names=("stores", "store", "门店"),
    kinds=STORE_KINDS,
    columns=_location_columns(STORE_KINDS, stores=True),
)
WAREHOUSES = Entity(
    name="warehouses",
    title="Warehouses",
    table=_locations,
    key=("code",),
    sheet_names=("warehouses", "warehouse", "仓库"),
    kinds=WAREHOUSE_KINDS,
    columns=_location_columns(WAREHOUSE_KINDS, stores=False),
)

_skus = Sku.__table__
SKUS = Entity(
    name="skus",
    title="SKUs",
    table=_skus,
    key=("code",),
    sheet_names=("skus", "sku", "products", "商品"),
    columns=(
        _column(_skus, "code"),
        _column(_skus, "name"),
        _column(_skus, "name_zh"),
        _ref(_skus, "category_code", "category_id", _CATEGORY),
        _column(_skus, "price", minimum=0),
        _column(_skus, "cost", minimum=0),
        _column(_skus, "volume_m3", minimum=0),
        _column(_skus, "status"),
        _column(_skus, "launched_on"),
    ),
)

_levels = InventoryLevel.__table__
INVENTORY = Entity(
    name="inventory",
    title="Inventory levels",
    table=_levels,
    key=("location_code", "sku_code"),
    sheet_names=("inventory", "stock", "库存"),
    columns=(
        _ref(_levels, "location_code", "location_id", _LOCATION, required=True),
        _ref(_levels, "sku_code", "sku_id", _SKU, required=True),
        _column(_levels, "on_hand", minimum=0, required=True, default=None),
        _column(_levels, "reserved", minimum=0),
        _column(_levels, "online_hold", minimum=0),
        _column(_levels, "safety_stock", minimum=0),
        _column(_levels, "target_stock", minimum=0),
    ),
)

_history = MarketingHistory.__table__
SPEND = Entity(
    name="spend",
    title="Marketing spend history",
    table=_history,
    key=("week_start", "marketing_channel_code", "region_code"),
    sheet_names=("spend", "marketing", "营销投放"),
    columns=(
        _column(_history, "week_start"),
        _ref(_history, "marketing_channel_code", "marketing_channel_id", _MARKETING_CHANNEL),
        _ref(_history, "region_code", "region_id", _REGION),
        _column(_history, "spend", minimum=0),
        _column(_history, "leads", minimum=0),
        _column(_history, "revenue", minimum=0),
        _column(_history, "reach", minimum=0),
    ),
)

ENTITIES: dict[str, Entity] = {
    e.name: e for e in (DEALERS, STORES, WAREHOUSES, SKUS, INVENTORY, SPEND)
}


def entity(name: str) -> Entity:
    try:
        return ENTITIES[name]
    except KeyError:
        raise UserError(
            f"'{name}' is not something that can be imported or exported.",
            f"Use one of: {', '.join(ENTITIES)}.",
        ) from None
