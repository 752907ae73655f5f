"""What most subcommands share: open the database named by --db, act as --user."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: every start builds the parser
    from console.db.database import Database
    from console.services.permissions import CurrentUser


def open_db(args: argparse.Namespace) -> Database:
    from console.connections import resolve_database
    from console.db.database import open_database

    resolved = resolve_database(args.db)
    if resolved.source == "--db" and resolved.url.password:
        print(
            "hq-console: tip: `hq-console db login --db URL` moves this password to the system "
            "keyring, so that the URL need not carry it.",
            file=sys.stderr,
        )
    return open_database(resolved, progress=cli_progress(args))


def current_user(args: argparse.Namespace, db: Database) -> CurrentUser:
    from console.db.database import load_user

    return load_user(db, args.user)


def cli_progress(args: argparse.Namespace):
    """A one-line progress bar on stderr (only when stderr is a terminal or --verbose)."""
    show = sys.stderr.isatty() or getattr(args, "verbose", False)
    last = {"text": ""}

    def report(done: int, total: int, label: str = "") -> None:
        if not show or total <= 0:
            return
        width = 30
        filled = int(width * min(done, total) / total)
        text = f"\r[{'#' * filled}{'.' * (width - filled)}] {100 * done // total:3d}% {label}"
        if text != last["text"]:
            sys.stderr.write(text.ljust(80)[:100])
            sys.stderr.flush()
            last["text"] = text
        if done >= total:
            sys.stderr.write("\n")

    return report
