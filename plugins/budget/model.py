"""What the manager set up, as plain data (no Qt): objective, weekly budget, constraints,
curve overrides and the manual plan; how it becomes the optimiser's inputs, a saved plan's
settings, and how the optimiser's complaints map back to the fields to mark.

The optimiser works per week (the curves are weekly); a saved plan holds amounts for its
period of `weeks` weeks (console.db.queries.budget).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd

from console.services.budget_optimizer import CURVE_COLUMNS, Constraints, Objective

BOUND_KEYS = ("min", "max", "min_pct", "max_pct")
PARAMS = ("alpha", "gamma", "beta")
DEFAULT_BOUNDS = (50.0, 200.0)
"""Default cell bounds in percent of current spend: the fitted curves are only known near the
spend they were observed at, so by default a plan stays within half to twice of it."""

# Which sales channel types (console.db.channels.CHANNEL_TYPES) a marketing channel's
# campaigns reach; a segment whose customers use none of them cannot be reached by it.
SEGMENT_REACH: dict[str, tuple[str, ...]] = {
    "SEARCH": ("own_ecommerce", "marketplace"),
    "MARKETPLACE_ADS": ("marketplace",),
    "SOCIAL_KOL": ("social",),
    "OWN_PROMO": ("own_ecommerce",),
    "FEEDS": ("social", "own_ecommerce"),
    "STORE_EVENTS": ("direct_store", "franchise_store"),
    "DEALER_COOP": ("franchise_store",),
    "OUTDOOR": ("direct_store", "franchise_store"),
}


def _clean(value: object) -> float | None:
    """A finite number, or None for empty / NaN / text."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Setup:
    """Everything the manager chose. Amounts are weekly; shares are fractions.

    bounds: cell -> {min, max, min_pct, max_pct} (missing keys: not set); locked: cell ->
    weekly spend held fixed; overrides: cell -> outcome -> {alpha, gamma, beta} entered by
    hand; manual: cell -> weekly spend of the manager's own plan.
    """

    total: float
    objective: str = "revenue"
    brand_weight: float = 0.0
    target_revenue: float | None = None
    weeks: int = 13
    bounds: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    locked: Mapping[str, float] = field(default_factory=dict)
    online_share: tuple[float, float] = (0.0, 1.0)
    offline_share: tuple[float, float] = (0.0, 1.0)
    region_caps: Mapping[str, float] = field(default_factory=dict)
    channel_caps: Mapping[str, float] = field(default_factory=dict)
    overrides: Mapping[str, Mapping[str, Mapping[str, float]]] = field(default_factory=dict)
    manual: Mapping[str, float] = field(default_factory=dict)
    segment: Mapping[str, object] | None = None
    note: str = ""

    def objective_spec(self) -> Objective:
        return Objective(self.objective, self.brand_weight, self.target_revenue)

    def constraints(self, cells: Iterable[str]) -> Constraints:
        """The optimiser's constraints over the cells that have curves (others are left out)."""
        known = set(cells)
        rows = [
            {"cell": cell, **{k: bound.get(k, np.nan) for k in BOUND_KEYS}}
            for cell, bound in self.bounds.items()
            if cell in known and any(_clean(bound.get(k)) is not None for k in BOUND_KEYS)
        ]
        frame = pd.DataFrame(rows, columns=["cell", *BOUND_KEYS]) if rows else None
        return Constraints(
            total=self.total,
            bounds=frame,
            locked={c: s for c, s in self.locked.items() if c in known},
            online_share=self.online_share,
            offline_share=self.offline_share,
            region_caps=dict(self.region_caps),
            channel_caps=dict(self.channel_caps),
        )

    def to_settings(self) -> dict:
        """JSON-able settings of a saved plan (reopened with `from_settings`)."""
        settings = asdict(self)
        settings["online_share"] = list(self.online_share)
        settings["offline_share"] = list(self.offline_share)
        settings["segment"] = _segment_summary(self.segment)
        settings["target_revenue_weekly"] = settings.pop("target_revenue")
        for key in ("total", "manual"):
            settings.pop(key)
        return settings

    @classmethod
    def from_plan(cls, header: Mapping, settings: Mapping, allocation: pd.DataFrame) -> Setup:
        """Reopen a saved plan: its settings, with its allocation as the manual plan."""
        weeks = int(header.get("weeks") or settings.get("weeks") or 13)
        spend = allocation.set_index("cell")["spend"].astype(float) / weeks
        target = settings.get("target_revenue_weekly")
        return cls(
            total=float(header["total_budget"]) / weeks,
            objective=str(header["objective"]),
            brand_weight=float(header.get("brand_weight") or 0.0),
            target_revenue=_clean(target),
            weeks=weeks,
            bounds=_mapping(settings.get("bounds")),
            locked={k: float(v) for k, v in _mapping(settings.get("locked")).items()},
            online_share=_share(settings.get("online_share")),
            offline_share=_share(settings.get("offline_share")),
            region_caps={k: float(v) for k, v in _mapping(settings.get("region_caps")).items()},
            channel_caps={k: float(v) for k, v in _mapping(settings.get("channel_caps")).items()},
            overrides=_mapping(settings.get("overrides")),
            manual=spend.round(2).to_dict(),
            segment=settings.get("segment") or None,
            note=str(settings.get("note") or ""),
        )

    def with_changes(self, **changes: object) -> Setup:
        return replace(self, **changes)


def _mapping(value: object) -> dict:
    return dict(value) if isinstance(value, Mapping) else {}


def _share(value: object) -> tuple[float, float]:
    if isinstance(value, list | tuple) and len(value) == 2:
        low, high = _clean(value[0]), _clean(value[1])
        if low is not None and high is not None:
            return (low, high)
    return (0.0, 1.0)


def _segment_summary(segment: Mapping | None) -> dict | None:
    """What a saved plan keeps of a segment: its name and size, not the customer ids."""
    if not segment:
        return None
    return {k: segment[k] for k in ("segment", "size", "channels", "as_of") if k in segment}


def curve_table(
    fits: pd.DataFrame, online: Mapping[str, bool], overrides: Mapping
) -> tuple[pd.DataFrame, list[str]]:
    """The optimiser's curves (CURVE_COLUMNS + online) from the fits with the manager's
    overrides; cells with an outcome that has neither a fit nor an override are left out
    (returned second) rather than refused, so the rest can still be planned."""
    curves = fits.copy()
    for cell, outcomes in overrides.items():
        for outcome, params in outcomes.items():
            rows = (curves["cell"] == cell) & (curves["outcome"] == outcome)
            for param in PARAMS:
                value = _clean(params.get(param))
                if value is not None:
                    curves.loc[rows, param] = value
    finite = np.isfinite(curves[list(PARAMS)].to_numpy(float)).all(axis=1)
    incomplete = sorted(set(curves.loc[~finite, "cell"]))
    curves = curves[~curves["cell"].isin(incomplete)]
    curves = curves[list(CURVE_COLUMNS)].assign(online=curves["channel"].map(online).astype(bool))
    return curves.reset_index(drop=True), incomplete


def segment_channels(
    payload: Mapping[str, object], channel_codes: Iterable[str]
) -> tuple[list[str], list[str]]:
    """(channels that reach some of the segment's customers, channels that reach none).

    A channel unknown to SEGMENT_REACH counts as reaching them (nothing is assumed)."""
    active = payload.get("channels") or {}
    used = {k for k, v in active.items() if _clean(v)} if isinstance(active, Mapping) else set()
    reached, unreached = [], []
    for code in channel_codes:
        types = SEGMENT_REACH.get(code)
        (reached if types is None or used & set(types) else unreached).append(code)
    return reached, unreached


# -- fields to mark ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A field of the panel an error concerns: kind is total, target, brand, objective,
    share (key online / offline), region, channel, cell (column: min, max, min_pct, max_pct,
    locked, manual or "" for the row), curve (key cell, column outcome or parameter)."""

    kind: str
    key: str = ""
    column: str = ""
    reason: str = ""


_CAP = re.compile(r"^(region|channel)(?::| )(.+?)(?: cap)?$")
_CELL_COLUMNS = {*BOUND_KEYS, "locked", "spend"}
_CURVE_COLUMNS = {*PARAMS, "current_spend", "revenue", "leads", "reach", "online"}


def marks_for(
    problems: Iterable[tuple[str, str]], setup: Setup, cells: Iterable[str]
) -> list[Mark]:
    """The fields behind an optimiser ValidationError's (field, reason) problems. A total
    below the cells' minimums (above their maxima) also marks the cells' minimums (maxima)."""
    known = set(cells)
    marks = []
    for where, reason in problems:
        found = _marks_of(str(where), str(reason), known)
        marks += found
        if where == "total":
            marks += _bound_marks(setup, known, "min" if "minimum" in reason else "max")
        for mark in found:
            if mark.kind == "cell" and mark.column in ("min", "max"):
                bound = setup.bounds.get(mark.key, {})
                marks += [  # the bounds that clash may be amounts or percents
                    Mark("cell", mark.key, key, reason)
                    for key in BOUND_KEYS
                    if key != mark.column and _clean(bound.get(key)) is not None
                ]
    return marks


def _bound_marks(setup: Setup, cells: set[str], side: str) -> list[Mark]:
    marks = [Mark("cell", cell, "locked") for cell in setup.locked if cell in cells]
    for cell, bound in setup.bounds.items():
        if cell in cells and cell not in setup.locked:
            marks += [
                Mark("cell", cell, key)
                for key in (side, f"{side}_pct")
                if _clean(bound.get(key)) is not None
            ]
    return marks


def _marks_of(where: str, reason: str, cells: set[str]) -> list[Mark]:
    simple = {
        "total": "total",
        "target_revenue": "target",
        "brand_weight": "brand",
        "objective": "objective",
    }
    if where in simple:
        return [Mark(simple[where], reason=reason)]
    if where in ("online_share", "offline_share"):
        return [Mark("share", where.split("_")[0], reason=reason)]
    if where in ("share", "online") or where.startswith("online share"):
        sides = [s for s in ("online", "offline") if f"{s} share" in reason] or [
            "online",
            "offline",
        ]
        return [Mark("share", side, reason=reason) for side in sides]
    cap = _CAP.match(where)
    if cap:
        return [Mark(cap.group(1), cap.group(2), reason=reason)]
    if where in cells:
        return [Mark("cell", where, reason=reason)]
    cell, _, column = where.rpartition(".")
    if cell in cells and column in _CELL_COLUMNS:
        return [Mark("cell", cell, "manual" if column == "spend" else column, reason)]
    if cell in cells and column in _CURVE_COLUMNS:
        return [Mark("curve", cell, column, reason)]
    return []
