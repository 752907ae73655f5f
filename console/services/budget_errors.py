"""The budget optimiser's complaints as data: a code, typed parameters and the English text.

The command line prints the English text (`str(error)`); the budget panel renders the same code
and parameters in the interface language (plugins/budget/messages.py), with cells by their
labels and amounts formatted for the language. So the parameters say what they are (a cell, an
amount, a share, a constraint) rather than arriving as finished English. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from console.errors import ValidationError, fill


@dataclass(frozen=True)
class Cell:
    """A channel x region cell, by its key (the panel shows its channel and region labels)."""

    key: str

    def english(self) -> str:
        return self.key


@dataclass(frozen=True)
class Amount:
    """Money (per week in the panel)."""

    value: float

    def english(self) -> str:
        return f"{self.value:,.2f}"


@dataclass(frozen=True)
class Percent:
    """A fraction shown as percent (a share of the total budget)."""

    fraction: float

    def english(self) -> str:
        return f"{self.fraction:.1%}"


@dataclass(frozen=True)
class Entered:
    """A value as it was given (not a valid number, so it is shown, not formatted)."""

    value: object
    quoted: bool = False

    def english(self) -> str:
        return repr(self.value) if self.quoted else str(self.value)


@dataclass(frozen=True)
class Term:
    """A fixed word of the inputs (a column, an outcome, an objective), translated for show."""

    word: str

    def english(self) -> str:
        return self.word


@dataclass(frozen=True)
class Area:
    """A region or a channel (kind "region" / "channel") by its key."""

    kind: str
    key: str

    def english(self) -> str:
        return f"{self.kind} {self.key}"


@dataclass(frozen=True)
class Limit:
    """A share bound or a cap as the manager entered it.

    kind: "online" / "offline" (a share; value a fraction) or "region" / "channel" (a cap;
    value an amount, key the region or channel). sense: +1 at most, -1 at least. A share
    becomes a limit on online spend: `online` is (sense, amount) of that limit at the total,
    when the message needs it.
    """

    kind: str
    key: str
    sense: int
    value: float
    online: tuple[int, float] | None = None

    @property
    def share(self) -> bool:
        return self.kind in ("online", "offline")

    def english(self) -> str:
        if not self.share:
            return f"{self.kind} {self.key} cap of {self.value:,.2f}"
        text = f"{self.kind} share {_relation(self.sense)} {self.value:.1%}"
        if self.online is not None:
            sense, amount = self.online
            text += f" (online spend {_relation(sense)} {amount:,.2f})"
        return text


Param = Cell | Amount | Percent | Entered | Term | Area | Limit | tuple


def _relation(sense: int) -> str:
    return "at most" if sense > 0 else "at least"


def english(value: Param) -> str:
    """A parameter in the command line's English; a tuple is a list joined by "; "."""
    if isinstance(value, tuple):
        return "; ".join(english(item) for item in value)
    return value.english()


# code -> (problem, fix); {name} is replaced by the parameter `name`.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing_columns": (
        "The {table} lack the column(s) {missing}.",
        "Add them; the {table} need {required}.",
    ),
    "not_a_number": (
        "Cell {cell}: {column} {value} in the {table} is not a number.",
        "Enter a number for {column} of {cell}.",
    ),
    "online_flag": (
        "Cell {cell}: online is {value}, not true or false.",
        "Enter true or false as online for {cell}.",
    ),
    "no_curves": (
        "There are no response curves to plan with.",
        "Fit the curves from the history or load a curves file.",
    ),
    "curve_not_positive": (
        "Cell {cell}: {column} is {value}; it must be a finite number, positive.",
        "Refit the curve of {cell} or enter a valid {column}.",
    ),
    "curve_negative": (
        "Cell {cell}: {column} is {value}; it must be a finite number, zero or more.",
        "Refit the curve of {cell} or enter a valid {column}.",
    ),
    "curve_not_positive_outcome": (
        "Cell {cell} ({outcome}): {column} is {value}; it must be a finite number, positive.",
        "Refit the curve of {cell} or enter a valid {column}.",
    ),
    "curve_negative_outcome": (
        "Cell {cell} ({outcome}): {column} is {value}; it must be a finite number, zero or more.",
        "Refit the curve of {cell} or enter a valid {column}.",
    ),
    "duplicate_curve": (
        "Cell {cell} has more than one {outcome} curve.",
        "Keep one row per cell and outcome.",
    ),
    "inconsistent_rows": (
        "Cell {cell} has different channel, region, current spend or online flag in its rows.",
        "Make the rows of {cell} agree.",
    ),
    "unknown_objective": ("Unknown objective {objective}.", "Choose one of {choices}."),
    "missing_curve": (
        "Cell {cell} has no {outcome} curve, which the {objective} objective needs.",
        "Fit or enter a {outcome} curve for {cell}.",
    ),
    "brand_weight": (
        "The brand weight {weight} is outside 0..1.",
        "Set it between 0 (only leads) and 1 (only brand reach).",
    ),
    "no_bound_columns": (
        "The bounds have none of the columns min, max, min_pct, max_pct.",
        "Add min and/or max (amounts) or min_pct/max_pct (percent of current).",
    ),
    "unknown_bound_cell": (
        "The bounds name cell {cell}, which has no response curve.",
        "Remove {cell} from the bounds or add its curve.",
    ),
    "duplicate_bounds": ("The bounds list cell {cell} twice.", "Keep one row per cell."),
    "negative_bound": (
        "Cell {cell}: {column} {value} is negative or infinite.",
        "Enter {column} for {cell} as zero or more, or leave it empty.",
    ),
    "unknown_locked_cell": (
        "Locked cell {cell} has no response curve.",
        "Unlock {cell} or add its curve.",
    ),
    "locked_spend": (
        "Locked cell {cell}: spend {spend} is not a number of zero or more.",
        "Enter the spend to hold {cell} at.",
    ),
    "min_above_max": (
        "Cell {cell}: the minimum {minimum} is above the maximum {maximum} (percent bounds are "
        "of its current spend {current}; a missing maximum means the total).",
        "Lower the minimum or raise the maximum of {cell}.",
    ),
    "share_bounds": (
        "The {side} share bounds ({low}, {high}) are not 0% <= min <= max <= 100%.",
        "Enter the {side} share between 0% and 100%, the minimum first.",
    ),
    "no_online_column": (
        "Share bounds need to know which cells are online; the curves have no online column.",
        "Add an online (true/false) column to the curves.",
    ),
    "shares_conflict": (
        "The {low} and the {high} cannot both hold.",
        "Relax one of the two share bounds.",
    ),
    "unknown_cap": (
        "The cap names {area}, which has no cells.",
        "Remove the cap or correct the {kind} name.",
    ),
    "invalid_cap": (
        "The cap of {area} ({cap}) is not an amount of zero or more.",
        "Enter the most that {area} may spend.",
    ),
    "total_not_positive": (
        "The total budget {total} is not a positive amount.",
        "Enter a total budget above zero.",
    ),
    "target_not_positive": (
        "The target revenue {target} is not a positive amount.",
        "Enter the revenue the plan must reach.",
    ),
    "constraints_conflict": (
        "These constraints cannot all hold together with the total budget {total} and the "
        "cells' bounds: {constraints}.",
        "Relax one of them (or the cells' minimums and maxima).",
    ),
    "constraints_conflict_bounds": (
        "These constraints cannot all hold together with the cells' bounds: {constraints}.",
        "Relax one of them (or the cells' minimums and maxima).",
    ),
    "limit_below_minimums": (
        "The {limit} is below the minimums of its cells, {minimums}.",
        "Raise the limit or lower those cells' minimums.",
    ),
    "limit_above_maxima": (
        "The {limit} is above the maxima of its cells, {maxima}.",
        "Lower the limit or raise those cells' maxima.",
    ),
    "limit_rest_maxima": (
        "With the {limit}, the other cells' maxima ({maxima}) cannot take the rest of the total "
        "budget {total}.",
        "Raise the limit or the other cells' maxima, or lower the total.",
    ),
    "limit_rest_minimums": (
        "With the {limit}, the other cells' minimums ({minimums}) exceed the rest of the total "
        "budget {total}.",
        "Lower the limit or the other cells' minimums, or raise the total.",
    ),
    "minimums_above_total": (
        "The cells' minimums (locked cells included) add up to {minimums}, above the total "
        "budget {total}.",
        "Lower the minimums or unlock cells, or raise the total to {minimums}.",
    ),
    "maxima_below_total": (
        "The cells' maxima (locked cells included) add up to {maxima}, below the total budget "
        "{total}, so the budget cannot all be placed.",
        "Raise the maxima or lower the total to {maxima}.",
    ),
    "least_spend_above_total": (
        "The constraints need at least {least}, above the total budget {total}.",
        "Raise the total to {least} or lower the minimums.",
    ),
    "target_unreachable": (
        "The target revenue {target} cannot be reached: the best plan within the total budget "
        "{total} and the constraints brings {best}.",
        "Raise the total budget, relax the constraints or lower the target.",
    ),
    "no_plan_spend": (
        "The plan has no spend for cell {cell}.",
        "Enter a spend (0 is fine) for every cell.",
    ),
    "invalid_plan_spend": (
        "Cell {cell}: the spend is not an amount of zero or more.",
        "Enter a spend of zero or more for {cell}.",
    ),
}


class BudgetError(ValidationError):
    """A ValidationError of the budget optimiser that keeps its code and parameters.

    problems: (field, reason) pairs as in ValidationError (the panel marks those fields).
    """

    def __init__(
        self,
        code: str,
        problems: Iterable[tuple[str, str]] = (),
        **params: Param,
    ) -> None:
        problem, fix = MESSAGES[code]
        words = {name: english(value) for name, value in params.items()}
        super().__init__(fill(problem, words), fill(fix, words), problems=list(problems))
        self.code = code
        self.params = params
