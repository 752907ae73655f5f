"""Command line: without a subcommand it opens the console; subcommands work headless."""

from __future__ import annotations

import argparse
import logging
import sys

from console.cli import common_parser, register_all
from console.errors import UserError

log = logging.getLogger("console")


def build_parser() -> argparse.ArgumentParser:
    common = common_parser()
    parser = argparse.ArgumentParser(
        prog="hq-console",
        parents=[common],
        description="HQ Console: headquarters console for an omnichannel retail network.",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PNG",
        help="start offscreen, wait for the panel to load, save the window, exit",
    )
    parser.add_argument("--panel", metavar="ID", help="panel to open at start")
    parser.add_argument(
        "--lang", metavar="LANG", choices=["en", "zh_CN"], help="user-interface language"
    )
    parser.add_argument("--theme", choices=["light", "dark"], help="colour theme")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    register_all(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    from console.logs import setup_logging

    setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in (("db", None), ("user", None), ("verbose", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    try:
        if args.command is None:
            from console.app import run_gui

            return run_gui(args)
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"hq-console: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hq-console: interrupted.", file=sys.stderr)
        return 130
    except Exception:
        from console.paths import log_file

        log.exception("unexpected error in command %s", args.command)
        print(
            f"hq-console: an unexpected error stopped the command; the details are in "
            f"{log_file()}. Please report them.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
