"""Engines and sessions for SQLite and PostgreSQL, and plain-language connection errors."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from console.errors import UserError

SUPPORTED = ("sqlite", "postgresql")


def parse_url(url: str | URL) -> URL:
    """Accept `postgresql://` and `postgres://` as shorthands for the psycopg 3 driver."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        raise UserError(
            f"'{url}' is not a database URL.",
            "Use sqlite:///path/to/file.sqlite or postgresql://user@host:5432/dbname.",
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgres" or parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in SUPPORTED:
        raise UserError(
            f"The database kind '{parsed.get_backend_name()}' is not supported.",
            "Use SQLite (sqlite:///file) or PostgreSQL (postgresql://user@host/db).",
        )
    return parsed


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | URL) -> Engine:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=5,
            connect_args={"connect_timeout": 5},
        )
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def safe_url(url: str | URL) -> str:
    """The URL as it may be shown or logged: never with its password."""
    try:
        return parse_url(url).render_as_string(hide_password=True)
    except UserError:
        return "<invalid URL>"


def explain_connection_error(exc: Exception, url: str | URL) -> UserError:
    """Turn a driver's error into one sentence naming the problem and the fix."""
    shown = safe_url(url)
    text = str(getattr(exc, "orig", exc) or exc)
    lower = text.lower()
    if isinstance(exc, UserError):
        return exc
    if "password authentication failed" in lower or "no password supplied" in lower:
        return UserError(
            f"The server refused the user name or password for {shown}.",
            "Check the user and store the right password with File > Connect "
            "(or `hq-console db login`).",
        )
    if "does not exist" in lower and "database" in lower:
        return UserError(
            f"The database in {shown} does not exist on that server.",
            "Create it (createdb NAME) or correct the name in the URL.",
        )
    if (
        "connection refused" in lower
        or "could not connect" in lower
        or "timeout" in lower
        or "name or service not known" in lower
        or "could not translate host" in lower
    ):
        return UserError(code="database_unreachable", params={"url": shown})
    if "unable to open database file" in lower:
        return UserError(
            f"Cannot open the SQLite file of {shown}.",
            "Check that the folder exists and that you may write to it.",
        )
    if "file is not a database" in lower:
        return UserError(
            f"{shown} is not a SQLite database file.",
            "Point --db at an HQ Console database, or at a new file name.",
        )
    if isinstance(exc, OperationalError | DBAPIError):
        first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        return UserError(
            f"The database {shown} answered with an error: {first}.",
            "Check the URL and the server's log.",
        )
    return UserError(f"Cannot use the database {shown}: {text}.", "Check the URL.")


def check_connection(url: str | URL) -> None:
    """Connect once and run a trivial query; raise a UserError that explains any failure."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:
        raise explain_connection_error(exc, url) from exc
    finally:
        engine.dispose()
