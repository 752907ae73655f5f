"""Errors that are shown to a user: one sentence naming the problem, one naming the fix.

A common error (a lost race, a refused permission, an unreachable database, a stale proposal)
also carries a `code` and its parameters: the command line prints the English of MESSAGES
(`str(error)`), and the GUI words the same code in the interface language
(console/ui/error_text.py). No Qt here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    """A fixed English word in a message (an entity, a status, a role) that the GUI translates."""

    word: str

    def __str__(self) -> str:
        return self.word


Param = Word | str | int

# code -> (problem, fix) in English; {name} is replaced by the parameter `name`.
MESSAGES: dict[str, tuple[str, str]] = {
    "conflict": (
        "Somebody else saved this record after you opened it.",
        "Reload to see their values, then apply your change again.",
    ),
    "record_changed": (
        "This {entity} was changed by somebody else after you opened it (version {version}, "
        "you opened version {seen}).",
        "Compare the values, then reload, or overwrite with yours, or cancel.",
    ),
    "record_race": (
        "Somebody else saved this {entity} while you were editing it.",
        "Compare the values, then reload, or overwrite with yours, or cancel.",
    ),
    "plan_newer_revision": (
        "Somebody saved revision {newest} of the plan '{name}' after you opened revision {seen}.",
        "Open their revision to compare, or save yours anyway as the next revision.",
    ),
    "plan_revision_race": (
        "Somebody saved revision {revision} of the plan '{name}' at the same moment.",
        "Open the list of plans again, then save yours as the next revision.",
    ),
    "plan_changed": (
        "The plan '{name}' revision {revision} was changed by somebody else after you opened it "
        "(it is now {status}).",
        "Reload the list of plans and check its status before acting on it.",
    ),
    "plan_race": (
        "The plan '{name}' revision {revision} was changed by somebody else at the same moment.",
        "Reload the list of plans and check its status before acting on it.",
    ),
    "stock_race": (
        "Another change to the same stock was being saved at the same moment.",
        "Refresh and try again.",
    ),
    "stock_changed_approving": (
        "The stock of a sending location changed while the proposal was being approved.",
        "Refresh and approve again (or recompute).",
    ),
    "proposal_changed": (
        "Proposal {proposal} was changed by somebody else after you opened it.",
        "Reload it to see their lines, then apply your change again.",
    ),
    "proposal_closed": (
        "Proposal {proposal} is {status}: it can no longer be changed.",
        "Recompute a new proposal.",
    ),
    "proposal_done": (
        "Proposal {proposal} is already {status}; nothing was moved again.",
        "Refresh the list of transfers to see its transfer orders.",
    ),
    "proposal_no_basis": (
        "Proposal {proposal} has no record of the stock it was computed from.",
        "Recompute the proposal.",
    ),
    "proposal_stale": (
        "Proposal {proposal} was computed from stock that has changed since: {count} figure(s) "
        "of the rows it moves differ{example}.",
        "Recompute the proposal for the same scope and approve the new one.",
    ),
    "permission_denied": (
        "The role '{role}' of user '{user}' may not do this (it needs the permission "
        "'{permission}').",
        "Ask an administrator, or sign in as a user whose role allows it.",
    ),
    "database_unreachable": (
        "Cannot reach the database server of {url}.",
        "Check the host and port, that the server is running, and the network.",
    ),
}


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace each {name} by its value (no str.format: a value may hold braces)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


class UserError(Exception):
    """A problem the user can fix; printed (CLI) or shown in a dialog (GUI) without a traceback.

    Either the English `problem` and `fix`, or a `code` of MESSAGES and its `params` (the
    English is then made from MESSAGES, and the GUI can translate it).
    """

    def __init__(
        self,
        problem: str = "",
        fix: str = "",
        *,
        code: str = "",
        params: Mapping[str, Param] | None = None,
    ) -> None:
        self.code = code
        self.params = dict(params or {})
        if code:
            english = {name: str(value) for name, value in self.params.items()}
            problem, fix = (fill(text, english) for text in MESSAGES[code])
        super().__init__(problem)
        self.problem = problem
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.problem} {self.fix}".strip()


class PermissionDenied(UserError):
    """The current user's role may not perform the action."""


class ConflictError(UserError):
    """An optimistic-locking conflict: somebody else saved the row first."""

    def __init__(
        self,
        problem: str = "",
        fix: str = "",
        *,
        code: str = "",
        params: Mapping[str, Param] | None = None,
        stored: dict | None = None,
        mine: dict | None = None,
    ) -> None:
        super().__init__(problem, fix, code=code, params=params)
        self.stored = stored or {}
        self.mine = mine or {}


class ValidationError(UserError):
    """Input failed validation; `problems` lists (where, reason) pairs, e.g. field or file row."""

    def __init__(
        self, problem: str, fix: str = "", *, problems: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(problem, fix)
        self.problems = problems or []
