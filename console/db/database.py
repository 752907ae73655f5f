"""An open HQ Console database: engine, sessions, schema check, first-start demo creation."""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Callable

from sqlalchemy import Engine, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from console.connections import ResolvedDatabase
from console.db.engine import explain_connection_error, make_engine, make_session_factory
from console.db.schema_version import HEAD_REVISION, database_revision
from console.errors import UserError
from console.services.permissions import CurrentUser

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
DEMO_DEFAULT_USER = "admin"


class Database:
    def __init__(self, url: URL, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        return self.sessions()

    def ping(self) -> None:
        """Raise a UserError explaining why the database cannot be reached."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception as exc:
            raise explain_connection_error(exc, self.url) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    resolved: ResolvedDatabase, *, progress: Progress | None = None, demo_scale: str = "demo"
) -> Database:
    """Connect and check the schema; the embedded demo database is created on first use."""
    db = Database(resolved.url)
    db.ping()
    if database_revision(db.engine) == HEAD_REVISION:  # the usual case: no Alembic import
        return db
    from console.db.migrate import require_current, schema_status, upgrade

    if resolved.is_default_demo and schema_status(db.engine).state == "empty":
        from console.db.demo import seed_demo

        log.info("creating the embedded demo database at %s", db.display_url)
        upgrade(db.engine)
        seed_demo(db.engine, scale=demo_scale, seed=42, progress=progress)
    else:
        require_current(db.engine)
    return db


def load_user(db: Database, name: str | None) -> CurrentUser:
    """The user to act as: --user, else HQ_CONSOLE_USER, else the login name, else demo admin."""
    from console.db.users import User

    wanted = name or os.environ.get("HQ_CONSOLE_USER")
    with db.session() as session:
        users = {u.username: u for u in session.scalars(select(User).where(User.active))}
    candidates = [wanted] if wanted else [_login_name(), DEMO_DEFAULT_USER]
    for candidate in candidates:
        if candidate and candidate in users:
            user = users[candidate]
            names = (user.display_name, user.display_name_zh or "")
            return CurrentUser(user.username, user.role, *names)
    known = ", ".join(sorted(users)) or "none"
    if wanted:
        raise UserError(
            f"There is no active user '{wanted}' in this database (users: {known}).",
            "Pass --user with one of those names.",
        )
    raise UserError(
        f"No user to sign in as (users in this database: {known}).",
        "Pass --user NAME, or set HQ_CONSOLE_USER.",
    )


def _login_name() -> str | None:
    try:
        return getpass.getuser()
    except Exception:
        return None
