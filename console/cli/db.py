"""`hq-console db ...`: create or upgrade the schema, check it, store a password."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from console.errors import UserError

if TYPE_CHECKING:  # imported in the handlers: building the parser must stay cheap
    from console.db.database import Database


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    db = subparsers.add_parser("db", parents=[common], help="database schema and connection")
    verbs = db.add_subparsers(dest="db_command", metavar="VERB", required=True)
    verbs.add_parser(
        "upgrade", parents=[common], help="create or upgrade the HQ Console schema"
    ).set_defaults(func=_upgrade)
    verbs.add_parser(
        "check", parents=[common], help="is the schema current, too old or too new?"
    ).set_defaults(func=_check)
    login = verbs.add_parser(
        "login", parents=[common], help="store the database password in the system keyring"
    )
    login.set_defaults(func=_login)
    rollups = verbs.add_parser(
        "refresh-rollups",
        parents=[common],
        help="update the pre-aggregated KPI rollups the channel performance panel reads",
    )
    rollups.add_argument(
        "--full", action="store_true", help="rebuild everything, not only the days that changed"
    )
    rollups.set_defaults(func=_refresh_rollups)


def _database(args: argparse.Namespace) -> Database:
    from console.connections import resolve_database
    from console.db.database import Database

    db = Database(resolve_database(args.db).url)
    db.ping()
    return db


def _upgrade(args: argparse.Namespace) -> int:
    from console.db.migrate import upgrade

    db = _database(args)
    status = upgrade(db.engine)
    print(f"{db.display_url}: {status.message}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from console.db.migrate import schema_status

    db = _database(args)
    status = schema_status(db.engine)
    print(f"{db.display_url}: {status.message}")
    return 0 if status.state == "current" else 1


def _login(args: argparse.Namespace) -> int:
    from console.connections import resolve_database, store_password, without_password
    from console.db.database import Database

    url = resolve_database(args.db).url
    if url.get_backend_name() == "sqlite":
        raise UserError("A SQLite database has no password.", "Use --db with a PostgreSQL URL.")
    if not url.username:
        raise UserError("The URL names no user.", "Use postgresql://USER@host/db.")
    password = url.password
    if not password:
        if not sys.stdin.isatty():
            raise UserError(
                "No password given and no terminal to ask for one.",
                "Run the command in a terminal, or include the password in --db once.",
            )
        password = getpass.getpass(f"Password for {url.username}@{url.host}: ")
    Database(url).ping()
    store_password(url, str(password))
    print(
        f"Stored the password for {without_password(url).render_as_string()} in the system "
        "keyring; use the URL without the password from now on."
    )
    return 0


def _refresh_rollups(args: argparse.Namespace) -> int:
    from console.cli.common import cli_progress
    from console.db.migrate import require_current
    from console.db.queries.kpi_refresh import refresh_rollups

    db = _database(args)
    require_current(db.engine)
    result = refresh_rollups(db.engine, progress=cli_progress(args), full=args.full)
    rows = ", ".join(f"{table} {count:,}" for table, count in result.rows.items())
    what = {
        "full": "rebuilt",
        "incremental": f"updated ({result.changed_days} changed day(s))",
        "none": "already up to date",
    }[result.mode]
    print(
        f"{db.display_url}: KPI rollups {what} in {result.seconds:.1f} s at "
        f"{result.refreshed_at:%Y-%m-%d %H:%M:%S} (rows: {rows})."
    )
    return 0
