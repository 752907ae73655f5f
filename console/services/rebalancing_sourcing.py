"""Online order sourcing: which locations can fulfil an order from stock, nearest first, and
which dealer delivers it ("one dealer system": the dealer whose territory holds the customer).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EARTH_KM = 6371.0088


def distance_km(
    lat1: np.ndarray | float,
    lon1: np.ndarray | float,
    lat2: np.ndarray | float,
    lon2: np.ndarray | float,
) -> np.ndarray:
    """Great-circle (haversine) distance in km; arrays broadcast."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def fulfilment_options(
    order: pd.DataFrame,
    atp: pd.DataFrame,
    locations: pd.DataFrame,
    lat: float,
    lon: float,
    exclude_types: tuple[str, ...] = ("experience",),
) -> pd.DataFrame:
    """Locations holding any ordered unit, those able to ship the whole order first, then nearest.

    order: sku, qty. atp: location, sku, atp (e.g. from stock_metrics). locations: location,
    lat, lon and optionally location_type plus any columns to show (name, dealer...).
    Returns the locations columns plus distance_km, lines, lines_complete, units_ordered,
    units_available, complete.
    """
    wanted = order.groupby("sku", as_index=False)["qty"].sum()
    held = atp.merge(wanted, on="sku")
    held["available"] = np.minimum(held["atp"].clip(lower=0), held["qty"])
    held["complete_line"] = held["atp"] >= held["qty"]
    per_location = held.groupby("location", as_index=False).agg(
        lines_complete=("complete_line", "sum"), units_available=("available", "sum")
    )
    per_location = per_location[per_location["units_available"] > 0]
    places = locations
    if "location_type" in places.columns:
        places = places[~places["location_type"].isin(exclude_types)]
    out = places.merge(per_location, on="location")
    out["distance_km"] = distance_km(
        lat, lon, out["lat"].to_numpy(float), out["lon"].to_numpy(float)
    )
    out["lines"] = len(wanted)
    out["units_ordered"] = int(wanted["qty"].sum())
    out["complete"] = out["lines_complete"] == len(wanted)
    return out.sort_values(["complete", "distance_km"], ascending=[False, True], ignore_index=True)


def responsible_dealer(
    territories: pd.DataFrame,
    *,
    region: object = None,
    city: object = None,
    postcode: str | None = None,
) -> object | None:
    """The dealer whose territory holds the customer; the most specific area wins.

    territories: dealer, region, city, postcode_prefix, exclusive (one row per area piece, as
    stored). A matching postcode prefix beats a city, which beats a region; among equals the
    longer prefix, then an exclusive territory, then the first row wins. None: no dealer.
    """
    prefix = territories["postcode_prefix"].fillna("").astype(str)
    code = str(postcode or "")
    by_postcode = (prefix != "") & prefix.isin({code[:k] for k in range(1, len(code) + 1)})
    by_city = territories["city"].notna() & (territories["city"] == city)
    by_region = territories["region"].notna() & (territories["region"] == region)
    score = np.select(
        [by_postcode, by_city, by_region], [1_000 + 10 * prefix.str.len(), 500, 100], 0
    )
    exclusive = territories["exclusive"].fillna(False).astype(bool).to_numpy()
    score = np.where(score > 0, score + exclusive, 0)
    if not len(score) or score.max() == 0:
        return None
    return territories["dealer"].iloc[int(np.argmax(score))]
