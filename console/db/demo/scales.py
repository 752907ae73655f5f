"""The three demo dataset sizes and the fixed timeline they end on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from console.errors import UserError

DATA_END = date(2026, 11, 15)
"""Last day of every demo timeline: fixed, so that results never depend on today's date."""

LINES_PER_ORDER = 1.55
"""Average order lines per order: the scales count order lines, the generator makes orders."""


@dataclass(frozen=True)
class Scale:
    name: str
    years: int
    cities: int
    dealers: int
    stores: int
    warehouses: int  # regional distribution centres + front warehouses
    front_warehouses: int
    skus: int
    customers: int  # customer records (one per channel profile; persons are fewer)
    order_lines: int
    tickets: int
    interactions: int
    transfers: int
    movement_weeks: int  # stock movement history kept before DATA_END
    assortment: float  # share of SKUs a stocking store carries

    @property
    def data_start(self) -> date:
        return date(DATA_END.year - self.years, DATA_END.month, DATA_END.day + 1)


SCALES: dict[str, Scale] = {
    "small": Scale(
        "small",
        years=1,
        cities=16,
        dealers=20,
        stores=60,
        warehouses=4,
        front_warehouses=1,
        skus=200,
        customers=5_000,
        order_lines=30_000,
        tickets=2_000,
        interactions=20_000,
        transfers=30,
        movement_weeks=8,
        assortment=0.35,
    ),
    "demo": Scale(
        "demo",
        years=2,
        cities=50,
        dealers=120,
        stores=400,
        warehouses=12,
        front_warehouses=5,
        skus=1_500,
        customers=100_000,
        order_lines=600_000,
        tickets=30_000,
        interactions=200_000,
        transfers=150,
        movement_weeks=8,
        assortment=0.12,
    ),
    "large": Scale(
        "large",
        years=3,
        cities=76,
        dealers=1_000,
        stores=3_000,
        warehouses=50,
        front_warehouses=43,
        skus=10_000,
        customers=2_000_000,
        order_lines=10_000_000,
        tickets=500_000,
        interactions=3_000_000,
        transfers=1_000,
        movement_weeks=4,
        assortment=0.06,
    ),
}


def get_scale(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise UserError(
            f"There is no demo scale '{name}'.", f"Use one of: {', '.join(SCALES)}."
        ) from None
