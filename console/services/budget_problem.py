"""Inputs of the budget optimiser, validated into arrays: cells, curves, bounds and groups.

Every problem in the input is reported with the cell, column or constraint it concerns and how
to fix it, so that the command line prints it and the panel can mark the offending field
(ValidationError.problems holds (field, reason) pairs; the field is "cell.column", a cell, or
a constraint such as "total", "online_share", "region:North").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from console.errors import ValidationError
from console.services.budget_curves import CellCurves
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
    multiplier; `phrase` is the constraint as the manager entered it (e.g. an offline share
    bound that became a limit on online spend).
    """

    name: str
    members: np.ndarray
    sense: int
    limit: float
    share: bool = False
    phrase: str = ""

    def amount(self, total: float) -> float:
        return self.limit * total if self.share else self.limit

    def describe(self, total: float) -> str:
        relation = "at most" if self.sense > 0 else "at least"
        if self.share:
            return f"{self.phrase} (online spend {relation} {self.amount(total):,.2f})"
        return f"{self.name} of {self.limit:,.2f}"


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


def _fail(problem: str, fix: str, where: str, reason: str) -> ValidationError:
    return ValidationError(problem, fix, problems=[(where, reason)])


def _finite(value: object) -> bool:
    return isinstance(value, int | float | np.floating | np.integer) and math.isfinite(value)


def _check_columns(frame: pd.DataFrame, required: tuple[str, ...], what: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise _fail(
            f"The {what} lack the column(s) {', '.join(missing)}.",
            f"Add them; the {what} need {', '.join(required)}.",
            what,
            f"missing {', '.join(missing)}",
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
                f"Cell {cell}: {column} {frame[column].iloc[i]!r} in the {what} is not a number.",
                f"Enter a number for {column} of {cell}.",
                f"{cell}.{column}",
                "not a number",
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
            f"Cell {cell}: online is {column.iloc[i]!r}, not true or false.",
            f"Enter true or false as online for {cell}.",
            f"{cell}.online",
            "not a flag",
        )
    return text.isin(_TRUE).to_numpy()


def prepare_curves(curves: pd.DataFrame) -> CurveSet:
    """Validate a curves table (CURVE_COLUMNS, optional `online`) into a CurveSet."""
    _check_columns(curves, CURVE_COLUMNS, "response curves")
    if len(curves) == 0:
        raise _fail(
            "There are no response curves to plan with.",
            "Fit the curves from the history or load a curves file.",
            "curves",
            "empty",
        )
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
            which = f" ({row['outcome']})" if frame["outcome"].nunique() > 1 else ""
            raise _fail(
                f"Cell {row['cell']}{which}: {column} is {row[column]}; it "
                f"must be a finite number, {rule}.",
                f"Refit the curve of {row['cell']} or enter a valid {column}.",
                f"{row['cell']}.{column}",
                f"must be {rule}",
            )
    duplicated = frame.duplicated(["cell", "outcome"]).to_numpy()
    if duplicated.any():
        row = frame.iloc[int(np.argmax(duplicated))]
        raise _fail(
            f"Cell {row['cell']} has more than one {row['outcome']} curve.",
            "Keep one row per cell and outcome.",
            row["cell"],
            "duplicate curve",
        )
    meta_columns = ["cell", "channel", "region", "current_spend"]
    if "online" in frame.columns:
        meta_columns.append("online")
    distinct = frame[meta_columns].drop_duplicates()
    conflicting = distinct["cell"].duplicated().to_numpy()
    if conflicting.any():
        cell = distinct["cell"].iloc[int(np.argmax(conflicting))]
        raise _fail(
            f"Cell {cell} has different channel, region, current spend or online flag in its rows.",
            f"Make the rows of {cell} agree.",
            cell,
            "inconsistent rows",
        )
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
            f"Unknown objective {objective.kind!r}.",
            f"Choose one of {', '.join(OBJECTIVES)}.",
            "objective",
            "unknown",
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
                f"Cell {cell} has no {outcome} curve, which the {objective.kind} objective needs.",
                f"Fit or enter a {outcome} curve for {cell}.",
                f"{cell}.{outcome}",
                "missing curve",
            )
    if objective.kind != "mix":
        return curve_set.outcomes[needed[0]]
    weight = objective.brand_weight
    if not (_finite(weight) and 0 <= weight <= 1):
        raise _fail(
            f"The brand weight {weight} is outside 0..1.",
            "Set it between 0 (only leads) and 1 (only brand reach).",
            "brand_weight",
            "outside 0..1",
        )
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
        raise _fail(
            "The bounds have none of the columns min, max, min_pct, max_pct.",
            "Add min and/or max (amounts) or min_pct/max_pct (percent of current).",
            "bounds",
            "no bound columns",
        )
    numbers = _check_numbers(bounds, present, "bounds")
    cells = bounds["cell"].astype(str).tolist()
    position = curve_set.position
    unknown = [cell for cell in cells if cell not in position]
    if unknown:
        raise _fail(
            f"The bounds name cell {unknown[0]}, which has no response curve.",
            f"Remove {unknown[0]} from the bounds or add its curve.",
            unknown[0],
            "unknown cell",
        )
    if len(set(cells)) < len(cells):
        cell = next(c for i, c in enumerate(cells) if c in cells[:i])
        raise _fail(
            f"The bounds list cell {cell} twice.",
            "Keep one row per cell.",
            cell,
            "duplicate bounds",
        )
    idx = np.array([position[cell] for cell in cells], dtype=int)
    for column in present:
        values = numbers[column]
        bad = np.isinf(values) | (values < 0)
        if bad.any():
            cell = cells[int(np.argmax(bad))]
            raise _fail(
                f"Cell {cell}: {column} {values[bad][0]} is negative or infinite.",
                f"Enter {column} for {cell} as zero or more, or leave it empty.",
                f"{cell}.{column}",
                "negative",
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
            raise _fail(
                f"Locked cell {cell} has no response curve.",
                f"Unlock {cell} or add its curve.",
                str(cell),
                "unknown cell",
            )
        if not (_finite(spend) and spend >= 0):
            raise _fail(
                f"Locked cell {cell}: spend {spend} is not a number of zero or more.",
                f"Enter the spend to hold {cell} at.",
                f"{cell}.locked",
                "invalid spend",
            )
        i = position[cell]
        lower[i] = upper[i] = float(spend)
        locked[i] = True
    wrong = np.flatnonzero(lower > upper)
    if wrong.size:
        i = wrong[0]
        raise _fail(
            f"Cell {names[i]}: the minimum {lower[i]:,.2f} is above the maximum "
            f"{upper[i]:,.2f} (percent bounds are of its current spend "
            f"{curve_set.current[i]:,.2f}; a missing maximum means the total).",
            f"Lower the minimum or raise the maximum of {names[i]}.",
            f"{names[i]}.min",
            "above max",
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
                f"The {label} share bounds ({lo}, {hi}) are not 0 <= min <= max <= 1.",
                f"Enter the {label} share as fractions, the minimum first.",
                f"{label}_share",
                "invalid",
            )
    on_lo, on_hi = constraints.online_share
    off_lo, off_hi = constraints.offline_share
    if (on_lo, on_hi, off_lo, off_hi) == (0.0, 1.0, 0.0, 1.0):
        return []
    if curve_set.online is None:
        raise _fail(
            "Share bounds need to know which cells are online; the curves have no online column.",
            "Add an online (true/false) column to the curves.",
            "online",
            "missing column",
        )
    lo_name, lo = (
        (f"online share at least {on_lo:.1%}", on_lo)
        if on_lo >= 1 - off_hi
        else (f"offline share at most {off_hi:.1%}", 1 - off_hi)
    )
    hi_name, hi = (
        (f"online share at most {on_hi:.1%}", on_hi)
        if on_hi <= 1 - off_lo
        else (f"offline share at least {off_lo:.1%}", 1 - off_lo)
    )
    if lo > hi + 1e-12:
        raise _fail(
            f"The {lo_name} and the {hi_name} cannot both hold.",
            "Relax one of the two share bounds.",
            "share",
            f"{lo_name} conflicts with {hi_name}",
        )
    groups = []
    if lo > 0:
        groups.append(Group("online share minimum", curve_set.online, -1, lo, True, lo_name))
    if hi < 1:
        groups.append(Group("online share maximum", curve_set.online, +1, hi, True, hi_name))
    return groups


def _cap_groups(keys: np.ndarray, caps: Mapping[str, float], label: str) -> list[Group]:
    groups = []
    for key, cap in caps.items():
        members = keys == str(key)
        if not members.any():
            raise _fail(
                f"The cap names {label} {key}, which has no cells.",
                f"Remove the cap or correct the {label} name.",
                f"{label}:{key}",
                "unknown",
            )
        if not (_finite(cap) and cap >= 0):
            raise _fail(
                f"The cap of {label} {key} ({cap}) is not an amount of zero or more.",
                f"Enter the most that {label} {key} may spend.",
                f"{label}:{key}",
                "invalid cap",
            )
        groups.append(Group(f"{label} {key} cap", members, +1, float(cap)))
    return groups


def build_problem(
    curves: pd.DataFrame | CurveSet, constraints: Constraints, objective: Objective
) -> Problem:
    """Validate the inputs; raise ValidationError naming the first problem and its fix."""
    curve_set = curves if isinstance(curves, CurveSet) else prepare_curves(curves)
    total = constraints.total
    if not (_finite(total) and total > 0):
        raise _fail(
            f"The total budget {total} is not a positive amount.",
            "Enter a total budget above zero.",
            "total",
            "not positive",
        )
    if objective.kind == "target_revenue" and not (
        _finite(objective.target_revenue) and objective.target_revenue > 0
    ):
        raise _fail(
            f"The target revenue {objective.target_revenue} is not a positive amount.",
            "Enter the revenue the plan must reach.",
            "target_revenue",
            "not positive",
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
