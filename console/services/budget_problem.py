"""Inputs of the budget optimiser, validated into arrays: cells, curves, bounds and groups.

Every problem in the input is reported with the cell, column or constraint it concerns and how
to fix it, as a BudgetError (console.services.budget_errors): the command line prints its
English text, the panel renders its code and parameters in the interface language and marks
the offending field (`problems` holds (field, reason) pairs; the field is "cell.column", a
cell, or a constraint such as "total", "online_share", "region:North")
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from console.services.budget_curves import CellCurves
from console.services.budget_errors import (
    Amount,
    Area,
    BudgetError,
    Cell,
    Entered,
    Limit,
    Percent,
    Term,
)
from console.services.budget_exact import Rows

OBJECTIVES = ("revenue", "leads", "mix", "target_revenue")
CURVE_COLUMNS = ("cell", "channel", "region", "outcome", "alpha", "gamma", "beta", "current_spend")
BOUND_COLUMNS = ("min", "max", "min_pct", "max_pct")
_TRUE = {"true", "1", "yes", "y", "online"}
_FALSE = {"false", "0", "no", "n", "offline"}


@dataclass(frozen=True)
class Objective:
    """What the plan maximises (or, for target_revenue, the revenue it must reach at least spend).

    mix: (1 - brand_weight) * leads + brand_weight * reach converted to lead-equivalents at the
    ratio of the two outcomes' saturation levels (sum of beta), so 0 is pure leads, 1 pure reach.
    """

    kind: str = "revenue"
    brand_weight: float = 0.0
    target_revenue: float | None = None


@dataclass(frozen=True)
class Constraints:
    """The manager's constraints. Amounts are per week, like the curves.

    bounds: a DataFrame with `cell` and any of `min`, `max` (amounts) and `min_pct`, `max_pct`
    (percent of the cell's current spend); NaN means not set; when both kinds are set the
    tighter one holds. A missing minimum is 0, a missing maximum the total. locked: cell ->
    spend held fixed (overrides its bounds). Shares are fractions of the total in [0, 1]. Caps
    limit the sum over a region's or a channel's cells.
    """

    total: float
    bounds: pd.DataFrame | None = None
    locked: Mapping[str, float] = field(default_factory=dict)
    online_share: tuple[float, float] = (0.0, 1.0)
    offline_share: tuple[float, float] = (0.0, 1.0)
    region_caps: Mapping[str, float] = field(default_factory=dict)
    channel_caps: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Group:
    """A constraint on the sum over some cells: sense +1 means sum <= limit, -1 sum >= limit.

    A share limit is a fraction of the total budget; others are amounts. `name` keys the
    multiplier; `entered` is the constraint as the manager entered it (e.g. an offline share
    bound that became a limit on online spend).
    """

    name: str
    members: np.ndarray
    sense: int
    limit: float
    share: bool
    entered: Limit

    def amount(self, total: float) -> float:
        return self.limit * total if self.share else self.limit

    def constraint(self, total: float) -> Limit:
        """The constraint as entered; a share with the limit on online spend it sets."""
        if not self.share:
            return self.entered
        return replace(self.entered, online=(self.sense, self.amount(total)))

    def describe(self, total: float) -> str:
        return self.constraint(total).english()


@dataclass(frozen=True)
class CurveSet:
    """Validated curves: one entry per cell (in `cells` order) and per outcome.

    Prepare once with `prepare_curves` and re-optimise many times (the panel's sliders):
    validation is the slow, pandas part.
    """

    cells: pd.DataFrame
    outcomes: dict[str, CellCurves]
    missing: dict[str, list[str]]
    names: np.ndarray
    channel: np.ndarray
    region: np.ndarray
    online: np.ndarray | None
    current: np.ndarray

    @property
    def position(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.names)}


@dataclass(frozen=True)
class Problem:
    """Validated arrays, one entry per cell in the order of `curve_set.cells`."""

    curve_set: CurveSet
    curves: CellCurves
    lower: np.ndarray
    upper: np.ndarray
    locked: np.ndarray
    groups: tuple[Group, ...]
    total: float
    objective: Objective

    @property
    def current(self) -> np.ndarray:
        return self.curve_set.current

    def rows(self, total: float, groups: tuple[Group, ...] | None = None) -> Rows:
        """The total as an equality row, then each group as a <= row."""
        groups = self.groups if groups is None else groups
        matrix = np.ones((1 + len(groups), self.lower.size))
        rhs = np.empty(1 + len(groups))
        rhs[0] = total
        for k, group in enumerate(groups, start=1):
            matrix[k] = group.sense * group.members
            rhs[k] = group.sense * group.amount(total)
        return Rows(matrix, rhs, np.arange(rhs.size) == 0)


def _fail(code: str, where: str, reason: str, **params) -> BudgetError:
    """The error `code` (console.services.budget_errors) about one field."""
    return BudgetError(code, [(where, reason)], **params)


def _finite(value: object) -> bool:
    return isinstance(value, int | float | np.floating | np.integer) and math.isfinite(value)


def _check_columns(frame: pd.DataFrame, required: tuple[str, ...], what: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise _fail(
            "missing_columns",
            what,
            f"missing {', '.join(missing)}",
            table=Term(what),
            missing=Entered(", ".join(missing)),
            required=Entered(", ".join(required)),
        )


def _check_numbers(
    frame: pd.DataFrame, columns: tuple[str, ...], what: str
) -> dict[str, np.ndarray]:
    """Columns as float arrays; text that is not a number is named with its cell."""
    out = {}
    for column in columns:
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        bad = np.isnan(values) & frame[column].notna().to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            cell = frame["cell"].iloc[i]
            raise _fail(
                "not_a_number",
                f"{cell}.{column}",
                "not a number",
                cell=Cell(str(cell)),
                column=Term(column),
                value=Entered(frame[column].iloc[i], quoted=True),
                table=Term(what),
            )
        out[column] = values
    return out


def _online_flags(cells: pd.DataFrame) -> np.ndarray | None:
    if "online" not in cells.columns:
        return None
    column = cells["online"]
    if column.dtype == bool:
        return column.to_numpy()
    text = column.astype(str).str.strip().str.lower()
    unknown = ~text.isin(_TRUE | _FALSE)
    if unknown.any():
        i = int(np.argmax(unknown.to_numpy()))
        cell = cells["cell"].iloc[i]
        raise _fail(
            "online_flag",
            f"{cell}.online",
            "not a flag",
            cell=Cell(str(cell)),
            value=Entered(column.iloc[i], quoted=True),
        )
    return text.isin(_TRUE).to_numpy()


def prepare_curves(curves: pd.DataFrame) -> CurveSet:
    """Validate a curves table (CURVE_COLUMNS, optional `online`) into a CurveSet."""
    _check_columns(curves, CURVE_COLUMNS, "response curves")
    if len(curves) == 0:
        raise _fail("no_curves", "curves", "empty")
    numbers = _check_numbers(curves, ("alpha", "gamma", "beta", "current_spend"), "response curves")
    frame = curves.assign(
        cell=curves["cell"].astype(str),
        outcome=curves["outcome"].astype(str),
        channel=curves["channel"].astype(str),
        region=curves["region"].astype(str),
        **numbers,
    )
    for column, rule in (
        ("alpha", "positive"),
        ("gamma", "positive"),
        ("beta", "zero or more"),
        ("current_spend", "zero or more"),
    ):
        values = numbers[column]
        bad = ~np.isfinite(values) | ((values <= 0) if rule == "positive" else (values < 0))
        if bad.any():
            row = frame.iloc[int(np.argmax(bad))]
            code = "curve_not_positive" if rule == "positive" else "curve_negative"
            several = frame["outcome"].nunique() > 1
            raise _fail(
                f"{code}_outcome" if several else code,
                f"{row['cell']}.{column}",
                f"must be {rule}",
                cell=Cell(row["cell"]),
                column=Term(column),
                value=Entered(row[column]),
                outcome=Term(row["outcome"]),
            )
    duplicated = frame.duplicated(["cell", "outcome"]).to_numpy()
    if duplicated.any():
        row = frame.iloc[int(np.argmax(duplicated))]
        raise _fail(
            "duplicate_curve",
            row["cell"],
            "duplicate curve",
            cell=Cell(row["cell"]),
            outcome=Term(row["outcome"]),
        )
    meta_columns = ["cell", "channel", "region", "current_spend"]
    if "online" in frame.columns:
        meta_columns.append("online")
    distinct = frame[meta_columns].drop_duplicates()
    conflicting = distinct["cell"].duplicated().to_numpy()
    if conflicting.any():
        cell = distinct["cell"].iloc[int(np.argmax(conflicting))]
        raise _fail("inconsistent_rows", cell, "inconsistent rows", cell=Cell(cell))
    cells = distinct.reset_index(drop=True)
    position = pd.Index(cells["cell"]).get_indexer(frame["cell"])
    params = np.column_stack([numbers["alpha"], numbers["gamma"], numbers["beta"]])
    outcome_codes, outcome_names = pd.factorize(frame["outcome"])
    outcomes, missing = {}, {}
    for code, outcome in enumerate(outcome_names):
        table = np.full((len(cells), 3), np.nan)
        mine = outcome_codes == code
        table[position[mine]] = params[mine]
        absent = np.isnan(table[:, 0])
        if absent.any():
            missing[str(outcome)] = cells["cell"][absent].tolist()
        else:
            outcomes[str(outcome)] = CellCurves(*(table[:, [k]] for k in range(3)))
    return CurveSet(
        cells,
        outcomes,
        missing,
        cells["cell"].to_numpy(dtype=object),
        cells["channel"].to_numpy(dtype=object),
        cells["region"].to_numpy(dtype=object),
        _online_flags(cells),
        cells["current_spend"].to_numpy(dtype=float),
    )


def _objective_curves(objective: Objective, curve_set: CurveSet) -> CellCurves:
    if objective.kind not in OBJECTIVES:
        raise _fail(
            "unknown_objective",
            "objective",
            "unknown",
            objective=Entered(objective.kind, quoted=True),
            choices=Entered(", ".join(OBJECTIVES)),
        )
    needed = {
        "revenue": ["revenue"],
        "leads": ["leads"],
        "mix": ["leads", "reach"],
        "target_revenue": ["revenue"],
    }[objective.kind]
    for outcome in needed:
        if outcome not in curve_set.outcomes:
            cell = curve_set.missing.get(outcome, list(curve_set.names))[0]
            raise _fail(
                "missing_curve",
                f"{cell}.{outcome}",
                "missing curve",
                cell=Cell(str(cell)),
                outcome=Term(outcome),
                objective=Term(objective.kind),
            )
    if objective.kind != "mix":
        return curve_set.outcomes[needed[0]]
    weight = objective.brand_weight
    if not (_finite(weight) and 0 <= weight <= 1):
        raise _fail("brand_weight", "brand_weight", "outside 0..1", weight=Entered(weight))
    leads, reach = curve_set.outcomes["leads"], curve_set.outcomes["reach"]
    exchange = leads.beta.sum() / max(reach.beta.sum(), 1e-300)
    return CellCurves(
        np.hstack([leads.alpha, reach.alpha]),
        np.hstack([leads.gamma, reach.gamma]),
        np.hstack([(1 - weight) * leads.beta, weight * exchange * reach.beta]),
    )


def _apply_bounds(
    curve_set: CurveSet, bounds: pd.DataFrame, lower: np.ndarray, upper: np.ndarray
) -> None:
    _check_columns(bounds, ("cell",), "bounds")
    present = tuple(c for c in BOUND_COLUMNS if c in bounds.columns)
    if not present:
        raise _fail("no_bound_columns", "bounds", "no bound columns")
    numbers = _check_numbers(bounds, present, "bounds")
    cells = bounds["cell"].astype(str).tolist()
    position = curve_set.position
    unknown = [cell for cell in cells if cell not in position]
    if unknown:
        raise _fail("unknown_bound_cell", unknown[0], "unknown cell", cell=Cell(unknown[0]))
    if len(set(cells)) < len(cells):
        cell = next(c for i, c in enumerate(cells) if c in cells[:i])
        raise _fail("duplicate_bounds", cell, "duplicate bounds", cell=Cell(cell))
    idx = np.array([position[cell] for cell in cells], dtype=int)
    for column in present:
        values = numbers[column]
        bad = np.isinf(values) | (values < 0)
        if bad.any():
            cell = cells[int(np.argmax(bad))]
            raise _fail(
                "negative_bound",
                f"{cell}.{column}",
                "negative",
                cell=Cell(cell),
                column=Term(column),
                value=Entered(values[bad][0]),
            )
        given = ~np.isnan(values)
        amount = values * curve_set.current[idx] / 100 if column.endswith("_pct") else values
        target = idx[given]
        if column.startswith("min"):
            lower[target] = np.maximum(lower[target], amount[given])
        else:
            upper[target] = np.minimum(upper[target], amount[given])


def _cell_bounds(
    curve_set: CurveSet, constraints: Constraints, total: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    names = curve_set.names
    lower = np.zeros(names.size)
    upper = np.full(names.size, total)
    if constraints.bounds is not None and len(constraints.bounds):
        _apply_bounds(curve_set, constraints.bounds, lower, upper)
    locked = np.zeros(names.size, dtype=bool)
    position = curve_set.position
    for cell, spend in constraints.locked.items():
        if cell not in position:
            raise _fail("unknown_locked_cell", str(cell), "unknown cell", cell=Cell(str(cell)))
        if not (_finite(spend) and spend >= 0):
            raise _fail(
                "locked_spend",
                f"{cell}.locked",
                "invalid spend",
                cell=Cell(str(cell)),
                spend=Entered(spend),
            )
        i = position[cell]
        lower[i] = upper[i] = float(spend)
        locked[i] = True
    wrong = np.flatnonzero(lower > upper)
    if wrong.size:
        i = wrong[0]
        raise _fail(
            "min_above_max",
            f"{names[i]}.min",
            "above max",
            cell=Cell(str(names[i])),
            minimum=Amount(float(lower[i])),
            maximum=Amount(float(upper[i])),
            current=Amount(float(curve_set.current[i])),
        )
    return lower, upper, locked


def _share_groups(curve_set: CurveSet, constraints: Constraints) -> list[Group]:
    """The online and offline share bounds, combined into limits on online spend."""
    for label, (lo, hi) in (
        ("online", constraints.online_share),
        ("offline", constraints.offline_share),
    ):
        if not (_finite(lo) and _finite(hi) and 0 <= lo <= hi <= 1):
            raise _fail(
                "share_bounds",
                f"{label}_share",
                "invalid",
                side=Term(label),
                low=Percent(lo),
                high=Percent(hi),
            )
    on_lo, on_hi = constraints.online_share
    off_lo, off_hi = constraints.offline_share
    if (on_lo, on_hi, off_lo, off_hi) == (0.0, 1.0, 0.0, 1.0):
        return []
    if curve_set.online is None:
        raise _fail("no_online_column", "online", "missing column")
    lo_entered, lo = (
        (Limit("online", "", -1, on_lo), on_lo)
        if on_lo >= 1 - off_hi
        else (Limit("offline", "", +1, off_hi), 1 - off_hi)
    )
    hi_entered, hi = (
        (Limit("online", "", +1, on_hi), on_hi)
        if on_hi <= 1 - off_lo
        else (Limit("offline", "", -1, off_lo), 1 - off_lo)
    )
    if lo > hi + 1e-12:
        raise _fail(
            "shares_conflict",
            "share",
            f"{lo_entered.english()} conflicts with {hi_entered.english()}",
            low=lo_entered,
            high=hi_entered,
        )
    groups = []
    if lo > 0:
        groups.append(Group("online share minimum", curve_set.online, -1, lo, True, lo_entered))
    if hi < 1:
        groups.append(Group("online share maximum", curve_set.online, +1, hi, True, hi_entered))
    return groups


def _cap_groups(keys: np.ndarray, caps: Mapping[str, float], label: str) -> list[Group]:
    groups = []
    for key, cap in caps.items():
        members = keys == str(key)
        if not members.any():
            raise _fail(
                "unknown_cap",
                f"{label}:{key}",
                "unknown",
                area=Area(label, str(key)),
                kind=Term(label),
            )
        if not (_finite(cap) and cap >= 0):
            raise _fail(
                "invalid_cap",
                f"{label}:{key}",
                "invalid cap",
                area=Area(label, str(key)),
                cap=Entered(cap),
            )
        entered = Limit(label, str(key), +1, float(cap))
        groups.append(Group(f"{label} {key} cap", members, +1, float(cap), False, entered))
    return groups


def build_problem(
    curves: pd.DataFrame | CurveSet, constraints: Constraints, objective: Objective
) -> Problem:
    """Validate the inputs; raise BudgetError naming the first problem and its fix."""
    curve_set = curves if isinstance(curves, CurveSet) else prepare_curves(curves)
    total = constraints.total
    if not (_finite(total) and total > 0):
        raise _fail("total_not_positive", "total", "not positive", total=Entered(total))
    if objective.kind == "target_revenue" and not (
        _finite(objective.target_revenue) and objective.target_revenue > 0
    ):
        raise _fail(
            "target_not_positive",
            "target_revenue",
            "not positive",
            target=Entered(objective.target_revenue),
        )
    objective_curves = _objective_curves(objective, curve_set)
    lower, upper, locked = _cell_bounds(curve_set, constraints, float(total))
    groups = (
        _share_groups(curve_set, constraints)
        + _cap_groups(curve_set.region, constraints.region_caps, "region")
        + _cap_groups(curve_set.channel, constraints.channel_caps, "channel")
    )
    return Problem(
        curve_set, objective_curves, lower, upper, locked, tuple(groups), float(total), objective
    )
