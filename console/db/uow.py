"""One unit of work per user action: check the role, write, audit, commit — or roll back all."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.db.users import AuditEntry
from console.errors import ConflictError, UserError
from console.services.permissions import CurrentUser, require

log = logging.getLogger(__name__)


def json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def snapshot(obj: object) -> dict[str, Any]:
    """The column values of a mapped object, ready for the audit log's before/after."""
    mapper = inspect(obj).mapper
    return {attr.key: json_safe(getattr(obj, attr.key)) for attr in mapper.column_attrs}


class UnitOfWork:
    def __init__(self, session: Session, user: CurrentUser) -> None:
        self.session = session
        self.user = user

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: object,
        before: dict | None = None,
        after: dict | None = None,
    ) -> None:
        self.session.add(
            AuditEntry(
                username=self.user.username,
                action=action,
                entity=entity,
                entity_id=str(entity_id),
                before=before,
                after=after,
                at=datetime.now(),
            )
        )


def explain_integrity_error(exc: IntegrityError) -> UserError:
    text = str(exc.orig).lower()
    if "not_negative" in text or "on_hand" in text:
        return UserError(
            "The change would make a stock or amount negative.",
            "Reduce the quantity, or refresh to see the current stock.",
        )
    if "unique" in text or "duplicate key" in text:
        return UserError(
            "A record with the same code or key already exists.",
            "Use a different code, or edit the existing record.",
        )
    if "foreign key" in text:
        return UserError(
            "The change refers to a record that does not exist (or removes one "
            "that others still refer to).",
            "Refresh and check the referenced dealer, store, SKU or customer.",
        )
    return UserError(
        f"The database refused the change ({str(exc.orig).splitlines()[0]}).",
        "Check the values and try again.",
    )


@contextmanager
def unit_of_work(
    session_factory: Callable[[], Session], user: CurrentUser, permission: str | None = None
) -> Iterator[UnitOfWork]:
    if permission is not None:
        require(user, permission)
    session = session_factory()
    try:
        yield UnitOfWork(session, user)
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError(code="conflict") from None
    except IntegrityError as exc:
        session.rollback()
        log.info("integrity error rolled back: %s", exc)
        raise explain_integrity_error(exc) from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
