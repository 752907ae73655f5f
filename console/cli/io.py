"""`hq-console import ENTITY FILE` and `hq-console export ENTITY --out FILE`."""

from __future__ import annotations

import argparse
import sys

from console.io import ENTITY_NAMES

SHOWN_PROBLEMS = 50


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    entities = ", ".join(ENTITY_NAMES)
    load = subparsers.add_parser(
        "import",
        parents=[common],
        help="import a CSV or XLSX file (all rows or none)",
        description="Check every row of FILE and insert new codes / update existing ones in "
        "one transaction; with any problem nothing is written. Formats: "
        "docs/formats/import-export.md.",
    )
    load.add_argument("entity", choices=ENTITY_NAMES, metavar="ENTITY", help=entities)
    load.add_argument("file", metavar="FILE", help=".csv (UTF-8 or GBK) or .xlsx")
    load.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and show what would change, write nothing",
    )
    load.set_defaults(func=_import)
    dump = subparsers.add_parser(
        "export", parents=[common], help="export an entity to CSV or XLSX (re-importable)"
    )
    dump.add_argument("entity", choices=ENTITY_NAMES, metavar="ENTITY", help=entities)
    dump.add_argument("--out", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx")
    dump.set_defaults(func=_export)


def _import(args: argparse.Namespace) -> int:
    from console.cli.common import current_user, open_db
    from console.io.importer import import_file
    from console.io.problems import ImportValidationError

    db = open_db(args)
    try:
        user = current_user(args, db)
        result = import_file(db.sessions, user, args.entity, args.file, dry_run=args.dry_run)
    except ImportValidationError as exc:
        for note in exc.notes:
            print(note, file=sys.stderr)
        for problem in exc.details[:SHOWN_PROBLEMS]:
            print(f"  {problem}", file=sys.stderr)
        hidden = len(exc.details) - SHOWN_PROBLEMS
        if hidden > 0:
            print(f"  ... and {hidden} more problem{'s' if hidden != 1 else ''}.", file=sys.stderr)
        raise
    finally:
        db.dispose()
    for note in result.notes:
        print(note)
    print(result.summary)
    return 0


def _export(args: argparse.Namespace) -> int:
    from console.cli.common import open_db
    from console.io.export import export_file

    db = open_db(args)
    try:
        rows = export_file(db.sessions, args.entity, args.out)
    finally:
        db.dispose()
    print(f"Exported {rows} {args.entity} rows to {args.out}.")
    return 0
