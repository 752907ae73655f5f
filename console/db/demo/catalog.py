"""Product categories and SKUs: prices, costs, volumes, launches and discontinuations."""

from __future__ import annotations

import numpy as np
import pandas as pd

from console.db.demo.context import SeedContext, as_date, date_seconds
from console.db.demo.network import FAR_FUTURE
from console.db.demo.product_reference import CATEGORIES, KINDS, SERIES


def seed_catalog(ctx: SeedContext) -> pd.DataFrame:
    """Returns the SKUs by position: id, kind, price/cost in cents, sales weights online and
    offline, availability window, a substitute for when it is not on sale, install, core."""
    rng = ctx.rng("catalog")
    parents = len(CATEGORIES)
    ctx.emit(
        "categories",
        {
            "id": np.arange(1, parents + len(KINDS) + 1),
            "code": np.array([c.code for c in CATEGORIES] + [k.code for k in KINDS], dtype=object),
            "name": np.array([c.name for c in CATEGORIES] + [k.name for k in KINDS], dtype=object),
            "name_zh": np.array(
                [c.name_zh for c in CATEGORIES] + [k.name_zh for k in KINDS], dtype=object
            ),
            "parent_id": np.array(
                [-1] * parents + [[c.code for c in CATEGORIES].index(k.parent) + 1 for k in KINDS]
            ),
        },
    )
    n = ctx.scale.skus
    popularity = np.array([k.popularity for k in KINDS])
    per_kind = np.maximum(2, np.round(n * popularity**0.5 / (popularity**0.5).sum())).astype(int)
    per_kind[np.argmax(per_kind)] += n - per_kind.sum()
    kind = np.repeat(np.arange(len(KINDS)), per_kind)
    rank = np.concatenate([np.arange(k) for k in per_kind])
    first_of_kind = rank == 0
    low = np.array([k.price_low for k in KINDS])[kind]
    high = np.array([k.price_high for k in KINDS])[kind]
    price = np.maximum(np.round(rng.uniform(low, high) / 100) * 100 - 1, 49)
    cost = np.round(price * rng.uniform(0.55, 0.72, n), 2)
    affinity = np.array([k.online_affinity for k in KINDS])[kind]
    spread = rng.lognormal(0.0, 0.9, n)
    base = popularity[kind] / per_kind[kind] * spread
    start, end = ctx.start_second, ctx.end_second
    launched = rng.integers(date_seconds("2019-01-01"), start, n)
    new = (rng.random(n) < 0.15) & ~first_of_kind
    launched = np.where(
        new, start + (rng.random(n) * 0.9 * (end - start)).astype(np.int64), launched
    )
    discontinued = (rng.random(n) < 0.06) & ~first_of_kind & ~new
    available_to = np.where(
        discontinued,
        start + ((0.2 + 0.7 * rng.random(n)) * (end - start)).astype(np.int64),
        FAR_FUTURE,
    )
    substitute = np.flatnonzero(first_of_kind)[kind]
    series = rng.integers(0, len(SERIES), n)
    model = [
        f"{KINDS[k].model_prefix}/{chr(65 + r % 26)}{r // 26 + 1}"
        for k, r in zip(kind, rank, strict=True)
    ]
    ctx.emit(
        "skus",
        {
            "id": np.arange(1, n + 1),
            "code": np.array(
                [f"{KINDS[k].code}-{r + 1:05d}" for k, r in zip(kind, rank, strict=True)],
                dtype=object,
            ),
            "name": np.array(
                [
                    f"{SERIES[s][1]} {KINDS[k].name} {m}"
                    for s, k, m in zip(series, kind, model, strict=True)
                ],
                dtype=object,
            ),
            "name_zh": np.array(
                [
                    f"{SERIES[s][0]}{KINDS[k].name_zh} {m}"
                    for s, k, m in zip(series, kind, model, strict=True)
                ],
                dtype=object,
            ),
            "category_id": kind + parents + 1,
            "price": price,
            "cost": cost,
            "volume_m3": np.round(
                np.array([k.volume_m3 for k in KINDS])[kind] * rng.uniform(0.85, 1.2, n), 4
            ),
            "status": np.where(discontinued, "discontinued", "active").astype(object),
            "launched_on": as_date(launched),
        },
    )
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "kind": kind,
            "price_cents": np.rint(price * 100).astype(np.int64),
            "cost_cents": np.rint(cost * 100).astype(np.int64),
            "online_weight": base * affinity,
            "offline_weight": base / affinity,
            "available_from": launched,
            "available_to": available_to,
            "substitute": substitute,
            "install": np.array([k.needs_install for k in KINDS])[kind],
            "small": price < 1000,
            "core": first_of_kind,
        }
    )
