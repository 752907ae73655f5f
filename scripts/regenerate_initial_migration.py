"""Regenerate the initial migration from the models (allowed until the first release).

Run after changing models: python scripts/regenerate_initial_migration.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from console.db.migrate import MIGRATIONS, alembic_config


def main() -> None:
    versions = MIGRATIONS / "versions"
    for old in versions.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'empty.sqlite'}")
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
    path = next(versions.glob("0001_*.py"))
    for args in (["check", "--fix", "-q"], ["format", "-q"]):  # keep CI's `ruff check .` green
        subprocess.run([sys.executable, "-m", "ruff", *args, str(path)], check=False)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
