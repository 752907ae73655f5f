"""`hq-console budget optimize`: the campaign budget optimiser on CSV files.

File formats: docs/formats/budget.md. Heavy modules are imported inside the handler so that
building the command-line parser stays fast.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import tempfile
from pathlib import Path

from console.errors import UserError, ValidationError

CLI_CURVE_COLUMNS = ("cell", "channel", "region", "alpha", "gamma", "beta", "current_spend")
PLAN_COLUMNS = ("cell", "spend", "response", "marginal_response")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("budget", parents=[common], help="plan campaign budgets")
    verbs = parser.add_subparsers(dest="budget_command", metavar="VERB", required=True)
    optimize = verbs.add_parser(
        "optimize",
        parents=[common],
        help="split a total budget over channel x region cells for the most response",
        description="Split --total over the cells of --curves (Hill curves) for the largest "
        "total response within the cells' bounds; write the plan to --out and "
        "print a JSON summary. Formats: docs/formats/budget.md.",
    )
    optimize.add_argument(
        "--curves",
        required=True,
        metavar="CSV",
        help="cell,channel,region,alpha,gamma,beta,current_spend per cell",
    )
    optimize.add_argument(
        "--total", required=True, metavar="AMOUNT", help="the budget to split (a positive amount)"
    )
    optimize.add_argument(
        "--bounds",
        metavar="CSV",
        help="cell,min,max (optional; a missing value means 0 or the total)",
    )
    optimize.add_argument(
        "--out",
        required=True,
        metavar="CSV",
        help="plan to write: cell,spend,response,marginal_response",
    )
    optimize.set_defaults(func=run_optimize)


def _read_csv(path: str, what: str):  # -> pd.DataFrame
    import pandas as pd

    try:
        return pd.read_csv(
            path, dtype={"cell": str, "channel": str, "region": str}, skipinitialspace=True
        )
    except FileNotFoundError:
        raise UserError(
            f"The {what} file {path} does not exist.", "Check the path and try again."
        ) from None
    except (IsADirectoryError, PermissionError) as exc:
        raise UserError(
            f"The {what} file {path} cannot be opened ({exc.strerror}).",
            "Give the path of a readable CSV file.",
        ) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(
            f"The {what} file {path} is not a readable CSV file ({reason}).",
            "Save it as UTF-8 CSV with a header row; see docs/formats/budget.md.",
        ) from None


def _parse_total(text: str) -> float:
    try:
        total = float(text)
    except ValueError:
        total = math.nan
    if not (math.isfinite(total) and total > 0):
        raise UserError(
            f"The total {text!r} is not a positive amount.",
            "Give --total as a number above zero, e.g. --total 250000.",
        )
    return total


def _load_curves(path: str):  # -> pd.DataFrame
    frame = _read_csv(path, "curves")
    missing = [c for c in CLI_CURVE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"The curves file {path} lacks the column(s) {', '.join(missing)}.",
            f"Give it the header {','.join(CLI_CURVE_COLUMNS)}.",
            problems=[(path, f"missing {', '.join(missing)}")],
        )
    twice = frame["cell"][frame["cell"].duplicated()]
    if len(twice):
        raise ValidationError(
            f"The curves file {path} lists cell {twice.iloc[0]} twice.",
            "Keep one row per cell.",
            problems=[(twice.iloc[0], "duplicate")],
        )
    return frame.assign(outcome="revenue")


def _load_bounds(path: str):  # -> pd.DataFrame
    frame = _read_csv(path, "bounds")
    if "cell" not in frame.columns or not ({"min", "max"} & set(frame.columns)):
        raise ValidationError(
            f"The bounds file {path} needs a cell column and min and/or max columns.",
            "Give it the header cell,min,max.",
            problems=[(path, "missing columns")],
        )
    return frame


def _write_atomically(frame, path: str) -> None:
    """Write the plan to a temporary file next to `path`, then move it in place."""
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=".plan-", suffix=".csv", dir=target.parent if str(target.parent) else "."
        )
    except OSError as exc:
        raise UserError(
            f"Cannot write the plan to {path} ({exc.strerror}).",
            "Choose a folder that exists and that you may write to.",
        ) from None
    try:
        with os.fdopen(handle, "w", newline="") as stream:
            frame.to_csv(stream, index=False)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UserError(
            f"Cannot write the plan to {path} ({exc.strerror}).",
            "Choose a file path you may write to.",
        ) from None


def run_optimize(args: argparse.Namespace) -> int:
    from console.services.budget_optimizer import Constraints, Objective, optimize_budget

    total = _parse_total(args.total)
    curves = _load_curves(args.curves)
    bounds = _load_bounds(args.bounds) if args.bounds else None
    plan = optimize_budget(curves, Constraints(total=total, bounds=bounds), Objective("revenue"))
    _write_atomically(plan.allocation[list(PLAN_COLUMNS)], args.out)
    certificate = plan.certificate
    summary = {
        "total_spend": plan.total_spend,
        "total_response": plan.total_response,
        "current_response": plan.current_response,
        "marginal_return": None if math.isnan(plan.marginal_return) else plan.marginal_return,
        "method": plan.method,
        "exact": certificate.exact,
        "relative_gap": certificate.relative_gap,
        "cells_at_min": int((plan.allocation["bound"] == "min").sum()),
        "cells_at_max": int((plan.allocation["bound"] == "max").sum()),
    }
    print(json.dumps(summary, indent=2))
    return 0
