"""Roles and what they may do, checked by every service that writes (not only by hidden buttons)."""

from __future__ import annotations

from dataclasses import dataclass

from console.errors import PermissionDenied, Word

PERMISSIONS = (
    "read",
    "dealers.edit",  # dealers, stores, territories
    "assignment.edit",  # online-order assignment rules
    "orders.reassign",  # move an online order to another dealer by hand
    "settlement.issue",  # issue dealer statements and add adjustments
    "budget.edit",  # draft and save budget plans
    "budget.submit",
    "budget.approve",  # approve or reject submitted plans
    "inventory.edit",  # stock levels, lanes, proposals
    "transfers.approve",  # approve rebalancing proposals, ship and receive transfers
    "tickets.edit",  # assign, escalate, change ticket status
    "customers.pii",  # see unmasked phone numbers, e-mails and names
    "customers.resolve",  # run identity resolution and write its result back
    "segments.export",  # export customer lists
    "data.import",  # bulk imports
    "users.manage",
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "executive": frozenset({"read"}),
    "marketing": frozenset({"read", "budget.edit", "budget.submit", "segments.export"}),
    "supply_chain": frozenset(
        {"read", "inventory.edit", "transfers.approve", "orders.reassign", "data.import"}
    ),
    "service": frozenset({"read", "tickets.edit", "customers.pii", "segments.export"}),
    "admin": frozenset(PERMISSIONS),
}

ROLE_TITLES = {
    "executive": "Executive",
    "marketing": "Marketing manager",
    "supply_chain": "Supply chain planner",
    "service": "Service manager",
    "admin": "Administrator",
}


@dataclass(frozen=True)
class CurrentUser:
    username: str
    role: str
    display_name: str = ""
    display_name_zh: str = ""

    def name_for(self, language: str) -> str:
        """The name people know this user by, in the interface language."""
        chinese = self.display_name_zh if language.startswith("zh") else ""
        return chinese or self.display_name or self.username

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())


def require(user: CurrentUser, permission: str) -> None:
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    if not user.can(permission):
        raise PermissionDenied(
            code="permission_denied",
            params={"role": Word(user.role), "user": user.username, "permission": permission},
        )
