"""Build the optimiser's two tables from what the database stores.

Lanes: the transport_lanes table only holds overrides; any other pair of locations costs by
distance, within a radius (warehouses reach everywhere), unless an override forbids it.
Stock: the monitor's position (available to promise, optionally + in transit) is what a
location can really give or needs, so reserved units are never proposed for transfer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from console.services.rebalancing_sourcing import EARTH_KM, distance_km

WAREHOUSE_TYPES = ("warehouse", "front_warehouse")


@dataclass(frozen=True)
class LaneCosts:
    """Distance-based lane costs (CNY); overrides in the lanes table replace them pair by pair."""

    unit_cost_base: float = 1.0
    unit_cost_per_km: float = 0.01
    fixed_cost_base: float = 0.0
    fixed_cost_per_km: float = 0.0
    max_km: float = 300.0


def network_lanes(
    locations: pd.DataFrame,
    overrides: pd.DataFrame | None = None,
    costs: LaneCosts | None = None,
    exclude_types: tuple[str, ...] = ("experience",),
) -> pd.DataFrame:
    """Lanes (from, to, unit_cost, fixed_cost) between stock-holding locations.

    locations: location, lat, lon, optionally location_type. A pair ships both ways when it is
    at most max_km apart or one end is a warehouse. overrides: from, to, unit_cost, fixed_cost,
    forbidden: set the cost of a pair (any distance) or, with forbidden true, remove it.
    """
    costs = costs or LaneCosts()
    places = locations
    if "location_type" in places.columns:
        places = places[~places["location_type"].isin(exclude_types)]
    places = places.reset_index(drop=True)
    lat, lon = places["lat"].to_numpy(float), places["lon"].to_numpy(float)
    pairs = _pairs_within(lat, lon, costs.max_km)
    if "location_type" in places.columns:
        hubs = np.flatnonzero(places["location_type"].isin(WAREHOUSE_TYPES).to_numpy())
        everyone = np.arange(len(places))
        hub_pairs = np.column_stack([np.repeat(hubs, len(places)), np.tile(everyone, len(hubs))])
        pairs = np.concatenate([pairs, hub_pairs[hub_pairs[:, 0] != hub_pairs[:, 1]]])
    pairs = np.unique(np.concatenate([pairs, pairs[:, ::-1]]), axis=0)
    km = distance_km(lat[pairs[:, 0]], lon[pairs[:, 0]], lat[pairs[:, 1]], lon[pairs[:, 1]])
    ids = places["location"].to_numpy()
    lanes = pd.DataFrame(
        {
            "from": ids[pairs[:, 0]],
            "to": ids[pairs[:, 1]],
            "unit_cost": costs.unit_cost_base + costs.unit_cost_per_km * km,
            "fixed_cost": costs.fixed_cost_base + costs.fixed_cost_per_km * km,
        }
    )
    if overrides is None or overrides.empty:
        return lanes
    known = set(ids)
    over = overrides[overrides["from"].isin(known) & overrides["to"].isin(known)]
    keep = lanes.merge(over[["from", "to"]], on=["from", "to"], how="left", indicator=True)
    lanes = lanes[(keep["_merge"] == "left_only").to_numpy()]
    allowed = over[~over["forbidden"].fillna(False).astype(bool)]
    added = allowed[["from", "to", "unit_cost", "fixed_cost"]].astype(
        {"unit_cost": float, "fixed_cost": float}
    )
    return pd.concat([lanes, added], ignore_index=True).sort_values(
        ["from", "to"], ignore_index=True
    )


def _pairs_within(lat: np.ndarray, lon: np.ndarray, max_km: float) -> np.ndarray:
    """Index pairs (i < j) at most max_km apart, via a k-d tree on the unit sphere."""
    if len(lat) < 2:
        return np.empty((0, 2), np.int64)
    phi, lam = np.radians(lat), np.radians(lon)
    xyz = np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])
    chord = 2 * np.sin(min(max_km / EARTH_KM, np.pi) / 2)
    return cKDTree(xyz).query_pairs(chord * (1 + 1e-12), output_type="ndarray").astype(np.int64)


def rebalancing_stock(
    metrics: pd.DataFrame,
    *,
    penalty: str | float = "margin",
    scope: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """The optimiser's stock table (location, sku, on_hand, safety, target, penalty).

    metrics: stock_metrics output (position, safety_stock, target_stock, unit_cost,
    unit_price). on_hand is the position, so reserved and online-held units stay put; a
    negative position (oversold) raises target by the same amount, keeping the true need.
    penalty: "margin" (price - cost, the margin lost per unit not sold), "price", or a
    number per unit. scope: {column: value} filters, e.g. {"region": "East"}.
    """
    rows = metrics
    for column, value in (scope or {}).items():
        rows = rows[rows[column] == value]
    position = np.floor(rows["position"].to_numpy(float)).astype(np.int64)
    deficit = np.maximum(-position, 0)
    if penalty == "margin":
        per_unit = (rows["unit_price"] - rows["unit_cost"]).clip(lower=0).to_numpy(float)
    elif penalty == "price":
        per_unit = rows["unit_price"].to_numpy(float)
    else:
        per_unit = np.full(len(rows), float(penalty))
    return pd.DataFrame(
        {
            "location": rows["location"].to_numpy(),
            "sku": rows["sku"].to_numpy(),
            "on_hand": position + deficit,
            "safety": np.ceil(rows["safety_stock"].to_numpy(float)).astype(np.int64) + deficit,
            "target": np.ceil(rows["target_stock"].to_numpy(float)).astype(np.int64) + deficit,
            "penalty": per_unit,
        }
    )
