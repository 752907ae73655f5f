"""The schema revision this build expects, readable without importing Alembic (start-up speed)."""

from __future__ import annotations

from sqlalchemy import Engine, text

# Must equal Alembic's head revision; tests/db/test_migrations.py checks it.
HEAD_REVISION = "0001"


def database_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None when there is none (or no table)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        return None
