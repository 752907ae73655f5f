"""`hq-console rebalance`: propose stock transfers of least total cost from two CSV files.

Formats: docs/formats/rebalance.md; model: docs/rebalancing.md. Heavy modules are imported
inside the handler so that building the command-line parser stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from console.errors import UserError

DEFAULT_TIME_LIMIT = 60.0  # keep in step with console.services.rebalancing.DEFAULT_TIME_LIMIT


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "rebalance",
        parents=[common],
        help="propose stock transfers between locations at least cost (CSV in, CSV out)",
        description="Minimise transport cost + fixed lane cost + penalty x unmet need. Writes "
        "the transfers (sku,from,to,qty) and prints a JSON summary.",
    )
    parser.add_argument(
        "--stock",
        required=True,
        type=Path,
        metavar="CSV",
        help="columns location,sku,on_hand,safety,target,penalty",
    )
    parser.add_argument(
        "--lanes",
        required=True,
        type=Path,
        metavar="CSV",
        help="columns from,to,unit_cost,fixed_cost (pairs not listed cannot ship)",
    )
    parser.add_argument(
        "--out", required=True, type=Path, metavar="CSV", help="transfers to write: sku,from,to,qty"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help="solver time limit when lanes have fixed costs (default "
        f"{DEFAULT_TIME_LIMIT:g}); the gap to the proven bound is reported",
    )
    parser.add_argument(
        "--allow-unreachable",
        action="store_true",
        help="leave need that no lane can reach unmet (with a warning) instead "
        "of refusing the input",
    )
    parser.set_defaults(func=_rebalance)


def _rebalance(args: argparse.Namespace) -> int:
    from console.cli.common import cli_progress
    from console.cli.segments import check_output, read_csv, write_csv
    from console.services.rebalancing import prepare_problem, rebalance

    if not args.time_limit > 0:
        raise UserError(
            f"--time-limit {args.time_limit:g} is not positive.",
            "Give a number of seconds above 0.",
        )
    check_output(args.out)
    problem = prepare_problem(
        read_csv(args.stock),
        read_csv(args.lanes),
        unreachable="unmet" if args.allow_unreachable else "error",
        stock_name=args.stock.name,
        lanes_name=args.lanes.name,
        line_offset=2,
    )
    if len(problem.unreachable):
        shown = ", ".join(f"{r.location}/{r.sku}" for r in problem.unreachable.head(5).itertuples())
        more = len(problem.unreachable) - 5
        print(
            f"hq-console: warning: {len(problem.unreachable)} row(s) with need that no lane "
            f"reaches are left unmet ({shown}{f' and {more} more' if more > 0 else ''}).",
            file=sys.stderr,
        )
    result = rebalance(problem, time_limit=args.time_limit, progress=cli_progress(args))
    write_csv(result.transfers[["sku", "from", "to", "qty"]], args.out)
    print(json.dumps(result.summary(), indent=2))
    return 0
