"""Schema versions: upgrade a database, and tell whether it is current, too old or too new."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from console.errors import UserError

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@dataclass(frozen=True)
class SchemaStatus:
    state: str  # "current", "behind", "ahead", "empty", "foreign"
    database_revision: str | None
    head_revision: str

    @property
    def message(self) -> str:
        return {
            "current": f"The database schema is current (revision {self.head_revision}).",
            "behind": (
                f"The database schema is too old (revision {self.database_revision}, "
                f"this build needs {self.head_revision}). Run `hq-console db upgrade` "
                "to bring it up to date."
            ),
            "ahead": (
                f"The database schema (revision {self.database_revision}) is newer than "
                "this build of HQ Console understands. Install the newer HQ Console "
                "version that created it."
            ),
            "empty": (
                "The database is empty. Run `hq-console db upgrade` to create the HQ "
                "Console schema (and `hq-console demo seed` for demo data)."
            ),
            "foreign": (
                "The database holds tables but is not an HQ Console database. Point "
                "--db at an HQ Console database or at an empty one."
            ),
        }[self.state]


def schema_status(engine: Engine) -> SchemaStatus:
    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
    if current is None:
        return SchemaStatus("empty" if not tables else "foreign", None, head)
    if current == head:
        return SchemaStatus("current", current, head)
    try:
        script.get_revision(current)
    except Exception:
        return SchemaStatus("ahead", current, head)
    return SchemaStatus("behind", current, head)


def upgrade(engine: Engine) -> SchemaStatus:
    """Bring the schema to this build's head; refuses foreign and newer databases."""
    from alembic import command

    status = schema_status(engine)
    if status.state in ("foreign", "ahead"):
        raise UserError(status.message.split(". ")[0] + ".", status.message.split(". ", 1)[1])
    if status.state == "current":
        return status
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return schema_status(engine)


def require_current(engine: Engine) -> None:
    status = schema_status(engine)
    if status.state != "current":
        problem, _, fix = status.message.partition(". ")
        raise UserError(problem + ".", fix)
