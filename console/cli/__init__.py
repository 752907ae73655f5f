"""Command-line subcommands. Each module named in COMMANDS has `register(subparsers, common)`.

A module must stay light at import time (no pandas/scipy/Qt at top level): every start of the
console builds the parser.
"""

from __future__ import annotations

import argparse
import importlib

COMMANDS = [
    "console.cli.db",
    "console.cli.demo",
    "console.cli.io",
    "console.cli.report",
    "console.cli.budget",
    "console.cli.rebalance",
    "console.cli.segments",
    "console.cli.identities",
]


def common_parser() -> argparse.ArgumentParser:
    """Options accepted both before and after a subcommand's name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database URL (else HQ_CONSOLE_DB, the last profile, or the demo)",
    )
    common.add_argument(
        "--user",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="user name to act as (demo users: exec, marketing, supply, service, admin)",
    )
    common.add_argument(
        "--verbose", action="store_true", default=argparse.SUPPRESS, help="print progress details"
    )
    return common


def register_all(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for name in COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command module not written yet
            if exc.name != name:
                raise
            continue
        module.register(subparsers, common)
