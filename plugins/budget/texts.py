"""Labels of values that come from the data or the services (objectives, plan statuses,
outcomes, bound kinds), translated when shown."""

from __future__ import annotations

from console.api import translate


def objective_names() -> dict[str, str]:
    return {
        "revenue": translate("budget", "Maximise revenue"),
        "leads": translate("budget", "Maximise leads"),
        "mix": translate("budget", "Leads and brand reach"),
        "target_revenue": translate("budget", "Target revenue at least spend"),
    }


def status_names() -> dict[str, str]:
    return {
        "draft": translate("budget", "Draft"),
        "submitted": translate("budget", "Submitted"),
        "approved": translate("budget", "Approved"),
        "rejected": translate("budget", "Rejected"),
    }


def outcome_names() -> dict[str, str]:
    return {
        "revenue": translate("budget", "Revenue"),
        "leads": translate("budget", "Leads"),
        "reach": translate("budget", "Brand reach"),
    }


def plan_names() -> dict[str, str]:
    return {
        "current": translate("budget", "Current"),
        "optimal": translate("budget", "Optimal"),
        "manual": translate("budget", "Manual"),
    }


def bound_names() -> dict[str, str]:
    return {
        "min": translate("budget", "at minimum"),
        "max": translate("budget", "at maximum"),
        "locked": translate("budget", "locked"),
        "fixed": translate("budget", "fixed (min = max)"),
        "": "",
    }


def fit_status_names() -> dict[str, str]:
    return {
        "ok": translate("budget", "fitted"),
        "too few weeks": translate("budget", "too few weeks"),
        "no spend": translate("budget", "no spend"),
    }


def response_unit(objective: str) -> str:
    """What the objective's response counts, for the cards and charts."""
    return {
        "revenue": translate("budget", "revenue"),
        "target_revenue": translate("budget", "revenue"),
        "leads": translate("budget", "leads"),
        "mix": translate("budget", "lead-equivalents"),
    }.get(objective, "")


def method_names() -> dict[str, str]:
    """The optimiser's `method` of a plan (console.services.budget_optimizer)."""
    return {
        "exact (dual Newton)": translate("budget", "exact (dual Newton)"),
        "only feasible plan": translate("budget", "the only plan the constraints allow"),
        "current plan": translate("budget", "the current plan (nothing better found)"),
        "greedy grid": translate("budget", "greedy grid"),
        "look-ahead grid": translate("budget", "greedy grid with look-ahead"),
        "feasible point": translate("budget", "a feasible point"),
        "best concave-part split": translate("budget", "grid plan, concave parts split exactly"),
    }


def constraint_label(name: str) -> str:
    """A certificate's constraint name ("total budget", "region East China cap", ...)."""
    fixed = {
        "total budget": translate("budget", "Total budget"),
        "online share minimum": translate("budget", "Online share minimum"),
        "online share maximum": translate("budget", "Online share maximum"),
    }
    if name in fixed:
        return fixed[name]
    for kind, label in (
        ("region ", translate("budget", "Region cap: %1")),
        ("channel ", translate("budget", "Channel cap: %1")),
    ):
        if name.startswith(kind) and name.endswith(" cap"):
            return label.replace("%1", name[len(kind) : -len(" cap")])
    return name
