"""The optimiser's complaints in the interface language.

console.services raises BudgetError with a code and typed parameters (no Qt there, and the
command line prints its English). Here each code has its own translated sentences, and each
parameter is shown as the panel shows it: cells and regions/channels by their labels, amounts
as money, shares as percent, columns by the names of the fields that hold them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from console.api import format_money, format_percent, translate
from console.services.budget_errors import (
    Amount,
    Area,
    BudgetError,
    Cell,
    Limit,
    Param,
    Percent,
    Term,
    fill,
)
from plugins.budget.texts import objective_names


@dataclass(frozen=True)
class Labels:
    """What the panel calls things: cell key -> "channel · region", region / channel key ->
    label (keys not found are shown as they are)."""

    cells: Mapping[str, str]
    regions: Mapping[str, str]
    channels: Mapping[str, str]


def templates() -> dict[str, tuple[str, str]]:
    """code -> (problem, fix), translated; {name} stands for the parameter `name`."""
    return {
        "missing_columns": (
            translate("budget", "The {table} lack the column(s) {missing}."),
            translate("budget", "Add them; the {table} need {required}."),
        ),
        "not_a_number": (
            translate("budget", "Cell {cell}: {column} {value} in the {table} is not a number."),
            translate("budget", "Enter a number for {column} of {cell}."),
        ),
        "online_flag": (
            translate("budget", "Cell {cell}: online is {value}, not true or false."),
            translate("budget", "Enter true or false as online for {cell}."),
        ),
        "no_curves": (
            translate("budget", "There are no response curves to plan with."),
            translate("budget", "Fit the curves from the history or set them by hand."),
        ),
        "curve_not_positive": (
            translate("budget", "Cell {cell}: {column} is {value}; it must be a positive number."),
            translate("budget", "Refit the curve of {cell} or enter a valid {column}."),
        ),
        "curve_negative": (
            translate(
                "budget", "Cell {cell}: {column} is {value}; it must be a number of 0 or more."
            ),
            translate("budget", "Refit the curve of {cell} or enter a valid {column}."),
        ),
        "curve_not_positive_outcome": (
            translate(
                "budget",
                "Cell {cell} ({outcome}): {column} is {value}; it must be a positive number.",
            ),
            translate("budget", "Refit the curve of {cell} or enter a valid {column}."),
        ),
        "curve_negative_outcome": (
            translate(
                "budget",
                "Cell {cell} ({outcome}): {column} is {value}; it must be a number of 0 or more.",
            ),
            translate("budget", "Refit the curve of {cell} or enter a valid {column}."),
        ),
        "duplicate_curve": (
            translate("budget", "Cell {cell} has more than one {outcome} curve."),
            translate("budget", "Keep one curve per cell and outcome."),
        ),
        "inconsistent_rows": (
            translate(
                "budget",
                "Cell {cell} has different channel, region, current spend or online flag in "
                "its rows.",
            ),
            translate("budget", "Make the rows of {cell} agree."),
        ),
        "unknown_objective": (
            translate("budget", "Unknown objective {objective}."),
            translate("budget", "Choose one of the objectives in the list."),
        ),
        "missing_curve": (
            translate(
                "budget",
                "Cell {cell} has no {outcome} curve, which the objective {objective} needs.",
            ),
            translate("budget", "Fit or enter a {outcome} curve for {cell}."),
        ),
        "brand_weight": (
            translate("budget", "The brand weight {weight} is outside 0..1."),
            translate("budget", "Set the brand slider between leads and brand."),
        ),
        "no_bound_columns": (
            translate("budget", "The bounds have no minimum or maximum."),
            translate("budget", "Enter a minimum or a maximum, as an amount or a percent."),
        ),
        "unknown_bound_cell": (
            translate("budget", "The bounds name cell {cell}, which has no response curve."),
            translate("budget", "Remove the bounds of {cell} or add its curve."),
        ),
        "duplicate_bounds": (
            translate("budget", "The bounds list cell {cell} twice."),
            translate("budget", "Keep one row per cell."),
        ),
        "negative_bound": (
            translate("budget", "Cell {cell}: {column} {value} is negative or infinite."),
            translate("budget", "Enter {column} for {cell} as 0 or more, or leave it empty."),
        ),
        "unknown_locked_cell": (
            translate("budget", "Locked cell {cell} has no response curve."),
            translate("budget", "Unlock {cell} or add its curve."),
        ),
        "locked_spend": (
            translate("budget", "Locked cell {cell}: spend {spend} is not a number of 0 or more."),
            translate("budget", "Enter the spend to hold {cell} at."),
        ),
        "min_above_max": (
            translate(
                "budget",
                "Cell {cell}: the minimum {minimum} is above the maximum {maximum} (percent "
                "bounds are of its current spend {current}; a missing maximum means the total).",
            ),
            translate("budget", "Lower the minimum or raise the maximum of {cell}."),
        ),
        "share_bounds": (
            translate("budget", "The {side} share minimum {low} is above its maximum {high}."),
            translate("budget", "Lower the minimum or raise the maximum of the {side} share."),
        ),
        "no_online_column": (
            translate("budget", "Share bounds need to know which channels are online."),
            translate("budget", "Mark the channels as online or offline."),
        ),
        "shares_conflict": (
            translate("budget", "The {low} and the {high} cannot both hold."),
            translate("budget", "Relax one of the two share bounds."),
        ),
        "unknown_cap": (
            translate("budget", "The cap names {area}, which has no cells."),
            translate("budget", "Remove the cap or correct the {kind} name."),
        ),
        "invalid_cap": (
            translate("budget", "The cap of {area} ({cap}) is not an amount of 0 or more."),
            translate("budget", "Enter the most that {area} may spend."),
        ),
        "total_not_positive": (
            translate("budget", "The total budget {total} is not a positive amount."),
            translate("budget", "Enter a total budget above zero."),
        ),
        "target_not_positive": (
            translate("budget", "The target revenue {target} is not a positive amount."),
            translate("budget", "Enter the revenue the plan must reach."),
        ),
        "constraints_conflict": (
            translate(
                "budget",
                "These constraints cannot all hold together with the total budget {total} and "
                "the cells' bounds: {constraints}.",
            ),
            translate("budget", "Relax one of them (or the cells' minimums and maxima)."),
        ),
        "constraints_conflict_bounds": (
            translate(
                "budget",
                "These constraints cannot all hold together with the cells' bounds: {constraints}.",
            ),
            translate("budget", "Relax one of them (or the cells' minimums and maxima)."),
        ),
        "limit_below_minimums": (
            translate("budget", "The {limit} is below the minimums of its cells, {minimums}."),
            translate("budget", "Raise the limit or lower those cells' minimums."),
        ),
        "limit_above_maxima": (
            translate("budget", "The {limit} is above the maxima of its cells, {maxima}."),
            translate("budget", "Lower the limit or raise those cells' maxima."),
        ),
        "limit_rest_maxima": (
            translate(
                "budget",
                "With the {limit}, the other cells' maxima ({maxima}) cannot take the rest of "
                "the total budget {total}.",
            ),
            translate("budget", "Raise the limit or the other cells' maxima, or lower the total."),
        ),
        "limit_rest_minimums": (
            translate(
                "budget",
                "With the {limit}, the other cells' minimums ({minimums}) exceed the rest of "
                "the total budget {total}.",
            ),
            translate(
                "budget", "Lower the limit or the other cells' minimums, or raise the total."
            ),
        ),
        "minimums_above_total": (
            translate(
                "budget",
                "The cells' minimums (locked cells included) add up to {minimums}, above the "
                "total budget {total}.",
            ),
            translate(
                "budget", "Lower the minimums or unlock cells, or raise the total to {minimums}."
            ),
        ),
        "maxima_below_total": (
            translate(
                "budget",
                "The cells' maxima (locked cells included) add up to {maxima}, below the total "
                "budget {total}, so the budget cannot all be placed.",
            ),
            translate("budget", "Raise the maxima or lower the total to {maxima}."),
        ),
        "least_spend_above_total": (
            translate(
                "budget", "The constraints need at least {least}, above the total budget {total}."
            ),
            translate("budget", "Raise the total to {least} or lower the minimums."),
        ),
        "target_unreachable": (
            translate(
                "budget",
                "The target revenue {target} cannot be reached: the best plan within the total "
                "budget {total} and the constraints brings {best}.",
            ),
            translate(
                "budget", "Raise the total budget, relax the constraints or lower the target."
            ),
        ),
        "no_plan_spend": (
            translate("budget", "The manual plan has no spend for cell {cell}."),
            translate("budget", "Enter a spend (0 is fine) for every cell."),
        ),
        "invalid_plan_spend": (
            translate("budget", "Cell {cell}: the manual spend is not an amount of 0 or more."),
            translate("budget", "Enter a manual spend of 0 or more for {cell}."),
        ),
    }


def terms() -> dict[str, str]:
    """The inputs' fixed words (tables, columns, outcomes, objectives, sides, kinds)."""
    return {
        "response curves": translate("budget", "response curves"),
        "bounds": translate("budget", "bounds"),
        "alpha": translate("budget", "Shape α"),
        "gamma": translate("budget", "Half-saturation γ"),
        "beta": translate("budget", "Saturation β"),
        "current_spend": translate("budget", "current spend"),
        "min": translate("budget", "Min ¥"),
        "max": translate("budget", "Max ¥"),
        "min_pct": translate("budget", "Min %"),
        "max_pct": translate("budget", "Max %"),
        "revenue": translate("budget", "revenue"),
        "leads": translate("budget", "leads"),
        "reach": translate("budget", "brand reach"),
        "online": translate("budget", "online"),
        "offline": translate("budget", "offline"),
        "region": translate("budget", "region"),
        "channel": translate("budget", "channel"),
        **{kind: f"“{name}”" for kind, name in objective_names().items()},
    }


def _limit(limit: Limit, labels: Labels) -> str:
    if not limit.share:
        names = labels.regions if limit.kind == "region" else labels.channels
        text = (
            translate("budget", "region %1 cap of %2")
            if limit.kind == "region"
            else translate("budget", "channel %1 cap of %2")
        )
        return text.replace("%1", names.get(limit.key, limit.key)).replace(
            "%2", format_money(limit.value)
        )
    text = {
        ("online", -1): translate("budget", "online share at least %1"),
        ("online", 1): translate("budget", "online share at most %1"),
        ("offline", -1): translate("budget", "offline share at least %1"),
        ("offline", 1): translate("budget", "offline share at most %1"),
    }[(limit.kind, 1 if limit.sense > 0 else -1)].replace("%1", format_percent(limit.value))
    if limit.online is not None:
        sense, amount = limit.online
        spend = (
            translate("budget", " (online spend at most %1)")
            if sense > 0
            else translate("budget", " (online spend at least %1)")
        )
        text += spend.replace("%1", format_money(amount))
    return text


def render(value: Param, labels: Labels) -> str:
    """One parameter as the panel shows it."""
    if isinstance(value, tuple):
        return translate("budget", "; ").join(render(item, labels) for item in value)
    if isinstance(value, Cell):
        return labels.cells.get(value.key, value.key)
    if isinstance(value, Amount):
        return format_money(value.value)
    if isinstance(value, Percent):
        return format_percent(value.fraction)
    if isinstance(value, Term):
        return terms().get(value.word, value.word)
    if isinstance(value, Area):
        names = labels.regions if value.kind == "region" else labels.channels
        text = (
            translate("budget", "region %1")
            if value.kind == "region"
            else translate("budget", "channel %1")
        )
        return text.replace("%1", names.get(value.key, value.key))
    if isinstance(value, Limit):
        return _limit(value, labels)
    return value.english()  # Entered: shown as it was given


def error_text(error: BudgetError, labels: Labels) -> tuple[str, str]:
    """(problem, fix) of an optimiser error in the interface language."""
    problem, fix = templates()[error.code]
    values = {name: render(value, labels) for name, value in error.params.items()}
    return fill(problem, values), fill(fix, values)
