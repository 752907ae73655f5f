"""Omnichannel value index: grows with spend, with the channels a customer uses, and with
engagement (interactions such as store visits, service contacts, social likes — not only
purchases).

    value_index = 100 * (log2(1 + spend⁺ / S) + g * log2(1 + interactions / E))
                      * (1 + c * channels) / (1 + c)

spend⁺ = max(spend, 0) (net returns do not make a customer worth less than nothing);
channels = channel types active, 0-5. With the defaults (S = 1000 CNY, E = 10 interactions,
g = 0.5, c = 0.5) a one-channel customer who spent 1000 CNY and never interacted scores 100;
each further channel adds a third of the one-channel value. Logarithms damp a few very large
orders; the channel factor multiplies, so breadth counts more for customers who spend more.
The index never decreases when spend, channels or interactions grow, and strictly increases
with interactions always, with channels whenever the customer spent or interacted, and with
spend above zero (docs/segments.md; proven by tests/services/test_value_index.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CHANNEL_TYPES = ("direct_store", "franchise_store", "own_ecommerce", "marketplace", "social")


@dataclass(frozen=True)
class ValueIndexParams:
    spend_scale: float = 1000.0  # S: spend scoring 1 spend unit (CNY)
    engagement_scale: float = 10.0  # E: interactions scoring 1 engagement unit
    engagement_weight: float = 0.5  # g: one engagement unit is worth half a spend unit
    channel_weight: float = 0.5  # c: growth of the channel factor per channel

    def __post_init__(self) -> None:
        if min(self.spend_scale, self.engagement_scale) <= 0:
            raise ValueError("spend_scale and engagement_scale must be positive")
        if min(self.engagement_weight, self.channel_weight) <= 0:
            raise ValueError("engagement_weight and channel_weight must be positive")


def value_index(
    spend: np.ndarray | pd.Series | float,
    channels: np.ndarray | pd.Series | int,
    interactions: np.ndarray | pd.Series | float,
    params: ValueIndexParams | None = None,
) -> np.ndarray:
    """The value index of each customer (vectorised; see the module docstring for the formula)."""
    p = params or ValueIndexParams()
    spend = np.asarray(spend, dtype=float)
    channels = np.asarray(channels, dtype=float)
    interactions = np.asarray(interactions, dtype=float)
    if np.any((channels < 0) | (channels > len(CHANNEL_TYPES))):
        raise ValueError(f"channels must be between 0 and {len(CHANNEL_TYPES)}")
    if np.any(interactions < 0):
        raise ValueError("interactions cannot be negative")
    # log1p keeps small amounts distinguishable from zero (log2(1 + x) rounds tiny x to 0).
    base = (
        np.log1p(np.maximum(spend, 0) / p.spend_scale)
        + p.engagement_weight * np.log1p(interactions / p.engagement_scale)
    ) / np.log(2)
    factor = (1 + p.channel_weight * channels) / (1 + p.channel_weight)
    return 100 * base * factor


def channel_matrix(activity: pd.DataFrame) -> pd.DataFrame:
    """Customers x channel types: True where the customer was active in that channel type.

    activity: long rows (customer, channel_type), e.g. a SELECT DISTINCT over orders and
    interactions. Output: index customer (sorted), one boolean column per CHANNEL_TYPES entry,
    plus n_channels.
    """
    unknown = sorted(set(activity["channel_type"].dropna().unique()) - set(CHANNEL_TYPES))
    if unknown:
        raise ValueError(
            f"unknown channel type(s) {', '.join(map(str, unknown))}; "
            f"known: {', '.join(CHANNEL_TYPES)}"
        )
    customers, uniques = pd.factorize(activity["customer"], sort=True)
    channel = pd.Categorical(activity["channel_type"], categories=CHANNEL_TYPES).codes
    keep = (customers >= 0) & (channel >= 0)
    flags = np.zeros((len(uniques), len(CHANNEL_TYPES)), dtype=bool)
    flags[customers[keep], channel[keep]] = True
    matrix = pd.DataFrame(flags, index=pd.Index(uniques, name="customer"), columns=CHANNEL_TYPES)
    matrix["n_channels"] = flags.sum(axis=1)
    return matrix
