"""Errors that are shown to a user: one sentence naming the problem, one naming the fix."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; printed (CLI) or shown in a dialog (GUI) without a traceback."""

    def __init__(self, problem: str, fix: str = "") -> None:
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
        self, problem: str, fix: str = "", *, stored: dict | None = None, mine: dict | None = None
    ) -> None:
        super().__init__(problem, fix)
        self.stored = stored or {}
        self.mine = mine or {}


class ValidationError(UserError):
    """Input failed validation; `problems` lists (where, reason) pairs, e.g. field or file row."""

    def __init__(
        self, problem: str, fix: str = "", *, problems: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(problem, fix)
        self.problems = problems or []
