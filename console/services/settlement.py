"""A dealer's monthly settlement: the lines of a statement and the totals they add up to.

Money flows (docs/dealers.md, "Settlement"): headquarters (or the platform) collects the
customer's payment for an online order; the fulfilling dealer is paid the order's net amount
less the platform's fee and headquarters' margin. A return takes back the dealer's share of
the returned amount; a damage ticket on an order the dealer delivered is charged a share of
the order; and a dealer is credited a share of what the customers it first captured bought
elsewhere ("whoever brings the customer benefits").

Every line is rounded to the cent and the totals are sums of the rounded lines, so a statement
always adds up exactly; the orders' own amounts reconcile to the cent (tests/services).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from console.errors import UserError

LINE_KINDS = (
    "order",
    "platform_fee",
    "hq_margin",
    "return",
    "damage_claim",
    "capture_credit",
    "adjustment",
)
LINE_COLUMNS = ("dealer_id", "kind", "order_id", "order_no", "amount", "description")
TOTAL_COLUMNS = (
    "orders_count",
    "orders_amount",
    "platform_fees",
    "hq_margin",
    "adjustments",
    "capture_credit",
    "amount_due",
)
FULFILLED_COLUMNS = (
    "dealer_id",
    "order_id",
    "order_no",
    "channel",
    "net_amount",
    "returned_amount",
    "platform_fee_rate",
    "hq_margin_rate",
)
DAMAGE_COLUMNS = ("dealer_id", "ticket_code", "order_id", "order_no", "net_amount")
CAPTURED_COLUMNS = ("dealer_id", "order_id", "order_no", "net_amount", "returned_amount")
ADJUSTMENT_KINDS = ("return", "damage_claim", "adjustment")
"""Line kinds summed into a statement's `adjustments` total."""


@dataclass(frozen=True)
class SettlementPolicy:
    """The rates headquarters settles with (shown on every statement)."""

    capture_credit_rate: float = 0.02  # of what a captured customer kept, bought elsewhere
    damage_claim_rate: float = 0.10  # of the order's net amount, per damage ticket

    def __post_init__(self) -> None:
        for name in ("capture_credit_rate", "damage_claim_rate"):
            value = getattr(self, name)
            if not 0 <= value < 1:
                raise UserError(
                    f"The {name.replace('_', ' ')} {value} is outside 0 to 1.",
                    "Give a share such as 0.02 for 2%.",
                )


DEFAULT_POLICY = SettlementPolicy()


def _cents(values) -> np.ndarray:
    """Round half away from zero to the cent (what accountants expect, unlike numpy's
    round-half-to-even); the tiny offset absorbs binary representation error."""
    values = np.asarray(values, dtype=float)
    return np.sign(values) * np.floor(np.abs(values) * 100 + 0.5 + 1e-9) / 100


def _lines(frame: pd.DataFrame, kind: str, amount, description) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dealer_id": frame["dealer_id"].to_numpy(),
            "kind": kind,
            "order_id": frame["order_id"].to_numpy(),
            "order_no": frame["order_no"].to_numpy(),
            "amount": _cents(amount),
            "description": description if isinstance(description, str) else np.asarray(description),
        }
    )


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack the column(s) {', '.join(missing)}")


def statement_lines(
    fulfilled: pd.DataFrame,
    damage: pd.DataFrame,
    captured: pd.DataFrame,
    policy: SettlementPolicy = DEFAULT_POLICY,
) -> pd.DataFrame:
    """The computed lines (LINE_COLUMNS) of one or many dealers' statements for one month.

    `fulfilled`: the dealer's online orders delivered in the month (FULFILLED_COLUMNS);
    `damage`: damage tickets opened in the month on orders it fulfilled (DAMAGE_COLUMNS);
    `captured`: orders delivered in the month to customers it captured first, sold or
    fulfilled by someone else (CAPTURED_COLUMNS).
    """
    _require(fulfilled, FULFILLED_COLUMNS, "The fulfilled orders")
    _require(damage, DAMAGE_COLUMNS, "The damage tickets")
    _require(captured, CAPTURED_COLUMNS, "The captured customers' orders")
    net = fulfilled["net_amount"].astype(float).to_numpy()
    returned = fulfilled["returned_amount"].astype(float).fillna(0).to_numpy()
    fee_rate = fulfilled["platform_fee_rate"].astype(float).fillna(0).to_numpy()
    margin_rate = fulfilled["hq_margin_rate"].astype(float).to_numpy()
    channel = fulfilled["channel"].astype(str)
    dealer_share = 1.0 - fee_rate - margin_rate
    with_returns = fulfilled[returned > 0]
    kept = (captured["net_amount"].astype(float) - captured["returned_amount"].astype(float)).clip(
        lower=0
    )
    parts = [
        _lines(fulfilled, "order", net, "Online order via " + channel),
        _lines(
            fulfilled,
            "platform_fee",
            -net * fee_rate,
            [f"Platform fee {rate:.2%}" for rate in fee_rate],
        ),
        _lines(
            fulfilled,
            "hq_margin",
            -net * margin_rate,
            [f"HQ margin {rate:.2%}" for rate in margin_rate],
        ),
        _lines(
            with_returns,
            "return",
            -(returned * dealer_share)[returned > 0],
            "Return: dealer share of the refunded amount",
        ),
        _lines(
            damage,
            "damage_claim",
            -damage["net_amount"].astype(float).to_numpy() * policy.damage_claim_rate,
            "Damage ticket " + damage["ticket_code"].astype(str),
        ),
        _lines(
            captured,
            "capture_credit",
            kept.to_numpy() * policy.capture_credit_rate,
            "Captured customer bought elsewhere",
        ),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=list(LINE_COLUMNS))
    lines = pd.concat(parts, ignore_index=True)
    lines = lines[lines["kind"].isin(("order",)) | (lines["amount"] != 0)]
    order = {kind: i for i, kind in enumerate(LINE_KINDS)}
    lines = lines.assign(_k=lines["kind"].map(order)).sort_values(
        ["dealer_id", "_k", "order_id"], kind="stable"
    )
    return lines.drop(columns="_k").reset_index(drop=True)[list(LINE_COLUMNS)]


def totals(lines: pd.DataFrame) -> dict[str, float | int]:
    """A statement's header from its lines (TOTAL_COLUMNS); fees and margin as positive
    amounts, adjustments signed; amount_due is the sum of all lines."""
    amount = lines["amount"].astype(float)
    kind = lines["kind"]

    def total(*kinds: str) -> float:
        return float(_cents(amount[kind.isin(kinds)].sum()))

    return {
        "orders_count": int((kind == "order").sum()),
        "orders_amount": total("order"),
        "platform_fees": -total("platform_fee"),
        "hq_margin": -total("hq_margin"),
        "adjustments": total(*ADJUSTMENT_KINDS),
        "capture_credit": total("capture_credit"),
        "amount_due": float(_cents(amount.sum())),
    }


def totals_by_dealer(lines: pd.DataFrame) -> pd.DataFrame:
    """totals() per dealer_id: one row per dealer with TOTAL_COLUMNS."""
    if lines.empty:
        return pd.DataFrame(columns=["dealer_id", *TOTAL_COLUMNS])
    rows = [{"dealer_id": d, **totals(group)} for d, group in lines.groupby("dealer_id")]
    return pd.DataFrame(rows)
