"""A UserError in the interface language: the one place the GUI words errors for the user.

console.db and console.services raise errors with a code and parameters next to their English
(console.errors.MESSAGES; the command line prints that English). Here each code has its
translated sentences, and a parameter that is a fixed word (an entity, a status, a role) is
translated too. A ConflictError or PermissionDenied without a code still gets a translated
generic sentence; any other error without a code keeps its own text.
"""

from __future__ import annotations

from console.errors import ConflictError, Param, PermissionDenied, UserError, Word, fill
from console.ui.i18n import role_title, translate


def templates() -> dict[str, tuple[str, str]]:
    """code -> (problem, fix), translated; {name} stands for the parameter `name`."""
    compare = translate(
        "Errors", "Compare the values, then reload, or overwrite with yours, or cancel."
    )
    check_plan = translate(
        "Errors", "Reload the list of plans and check its status before acting on it."
    )
    return {
        "conflict": (
            translate("Errors", "Somebody else saved this record after you opened it."),
            translate("Errors", "Reload to see their values, then apply your change again."),
        ),
        "record_changed": (
            translate(
                "Errors",
                "This {entity} was changed by somebody else after you opened it (version "
                "{version}, you opened version {seen}).",
            ),
            compare,
        ),
        "record_race": (
            translate("Errors", "Somebody else saved this {entity} while you were editing it."),
            compare,
        ),
        "plan_newer_revision": (
            translate(
                "Errors",
                "Somebody saved revision {newest} of the plan '{name}' after you opened "
                "revision {seen}.",
            ),
            translate(
                "Errors",
                "Open their revision to compare, or save yours anyway as the next revision.",
            ),
        ),
        "plan_revision_race": (
            translate(
                "Errors",
                "Somebody saved revision {revision} of the plan '{name}' at the same moment.",
            ),
            translate(
                "Errors", "Open the list of plans again, then save yours as the next revision."
            ),
        ),
        "plan_changed": (
            translate(
                "Errors",
                "The plan '{name}' revision {revision} was changed by somebody else after you "
                "opened it (it is now {status}).",
            ),
            check_plan,
        ),
        "plan_race": (
            translate(
                "Errors",
                "The plan '{name}' revision {revision} was changed by somebody else at the same "
                "moment.",
            ),
            check_plan,
        ),
        "stock_race": (
            translate(
                "Errors", "Another change to the same stock was being saved at the same moment."
            ),
            translate("Errors", "Refresh and try again."),
        ),
        "stock_changed_approving": (
            translate(
                "Errors",
                "The stock of a sending location changed while the proposal was being approved.",
            ),
            translate("Errors", "Refresh and approve again (or recompute)."),
        ),
        "proposal_changed": (
            translate(
                "Errors", "Proposal {proposal} was changed by somebody else after you opened it."
            ),
            translate("Errors", "Reload it to see their lines, then apply your change again."),
        ),
        "proposal_closed": (
            translate("Errors", "Proposal {proposal} is {status}: it can no longer be changed."),
            translate("Errors", "Recompute a new proposal."),
        ),
        "proposal_done": (
            translate(
                "Errors", "Proposal {proposal} is already {status}; nothing was moved again."
            ),
            translate("Errors", "Refresh the list of transfers to see its transfer orders."),
        ),
        "proposal_no_basis": (
            translate(
                "Errors", "Proposal {proposal} has no record of the stock it was computed from."
            ),
            translate("Errors", "Recompute the proposal."),
        ),
        "proposal_stale": (
            # {example} is English detail; the panel lists the changed rows itself.
            translate(
                "Errors",
                "Proposal {proposal} was computed from stock that has changed since: {count} "
                "figure(s) of the rows it moves differ.",
            ),
            translate(
                "Errors", "Recompute the proposal for the same scope and approve the new one."
            ),
        ),
        "permission_denied": (
            translate(
                "Errors",
                "The role '{role}' of user '{user}' may not do this (it needs the permission "
                "'{permission}').",
            ),
            translate("Errors", "Ask an administrator, or sign in as a user whose role allows it."),
        ),
        "database_unreachable": (
            translate("Errors", "Cannot reach the database server of {url}."),
            translate(
                "Errors", "Check the host and port, that the server is running, and the network."
            ),
        ),
    }


def words() -> dict[str, str]:
    """The fixed words parameters may hold: entities, plan and proposal statuses, roles."""
    return {
        "dealer": translate("Errors", "dealer"),
        "store": translate("Errors", "store"),
        "rule": translate("Errors", "assignment rule"),
        "order": translate("Errors", "order"),
        "statement": translate("Errors", "statement"),
        "draft": translate("Errors", "draft"),
        "submitted": translate("Errors", "submitted"),
        "approved": translate("Errors", "approved"),
        "rejected": translate("Errors", "rejected"),
        "open": translate("Errors", "open"),
        "discarded": translate("Errors", "discarded"),
        "stale": translate("Errors", "stale"),
        **{
            role: role_title(role)
            for role in ("executive", "marketing", "supply_chain", "service", "admin")
        },
    }


def _generic(error: UserError) -> tuple[str, str] | None:
    if isinstance(error, ConflictError):
        return templates()["conflict"]
    if isinstance(error, PermissionDenied):
        return (
            translate("Errors", "Your role may not do this."),
            translate("Errors", "Ask an administrator, or sign in as a user whose role allows it."),
        )
    return None


def _shown(value: Param) -> str:
    if isinstance(value, Word):
        return words().get(value.word, value.word)
    return str(value)


def user_error_text(error: UserError) -> tuple[str, str]:
    """(problem, fix) of a UserError in the interface language."""
    found = templates().get(error.code) if error.code else None
    if found is None:
        return _generic(error) or (error.problem, error.fix)
    values = {name: _shown(value) for name, value in error.params.items()}
    problem, fix = found
    return fill(problem, values), fill(fix, values)
