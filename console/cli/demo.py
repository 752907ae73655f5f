"""`hq-console demo seed`: fill a database with a deterministic demo dataset."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    demo = subparsers.add_parser("demo", parents=[common], help="demo data")
    verbs = demo.add_subparsers(dest="demo_command", metavar="VERB", required=True)
    seed = verbs.add_parser(
        "seed",
        parents=[common],
        help="create the schema if needed and fill it with a demo dataset",
        description="Fill an empty HQ Console database with a realistic demo history ending "
        "on 2026-11-15. small: ~30k order lines, one year (seconds); demo: ~600k "
        "order lines, two years; large: ~10M order lines, three years (PostgreSQL).",
    )
    seed.add_argument(
        "--scale",
        choices=["small", "demo", "large"],
        default="demo",
        help="dataset size (default: demo)",
    )
    seed.add_argument(
        "--seed",
        type=int,
        default=42,
        help="random seed; the same seed gives the same data (default: 42)",
    )
    seed.add_argument(
        "--replace", action="store_true", help="delete all HQ Console data in the database first"
    )
    seed.set_defaults(func=_seed)


def _seed(args: argparse.Namespace) -> int:
    from console.cli.common import cli_progress
    from console.connections import resolve_database
    from console.db.database import Database
    from console.db.demo import seed_demo
    from console.db.migrate import upgrade

    db = Database(resolve_database(args.db).url)
    try:
        db.ping()
        upgrade(db.engine)
        summary = seed_demo(
            db.engine,
            scale=args.scale,
            seed=args.seed,
            progress=cli_progress(args),
            replace=args.replace,
        )
    finally:
        db.dispose()
    print(f"{db.display_url}:")
    print(summary.describe())
    return 0
