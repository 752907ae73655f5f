"""`hq-console report sla`: service SLA KPIs by dealer, channel or category to CSV or XLSX.

The same figures as the service panel's KPI table (console.db.queries.service.sla_report).
File format: docs/formats/report_sla.md. Heavy modules are imported inside the handler.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from console.errors import UserError

BY_CHOICES = ("dealer", "channel", "category")
SUFFIXES = (".csv", ".xlsx")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sla = subparsers.add_parser(
        "sla",
        parents=[common],
        help="service tickets: SLA breach rates, response and resolution times, reopen rate",
        description="KPIs of the service tickets opened from --from to --to (inclusive), one "
        "row per dealer, channel or category plus a total row '(all)'; SLA breaches are judged "
        "as of now (the demo's last day in a demo database).",
    )
    sla.add_argument("--by", required=True, choices=BY_CHOICES, help="one row per ...")
    sla.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    sla.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    sla.add_argument("--out", required=True, metavar="FILE", help="a .csv or .xlsx file")
    sla.set_defaults(func=run)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"{option} {text!r} is not a date.", f"Write {option} as YYYY-MM-DD, e.g. 2026-01-31."
        ) from None


def _target(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in SUFFIXES:
        raise UserError(
            f"The output file '{path.name}' is neither .csv nor .xlsx.",
            "Give --out a name ending in .csv or .xlsx.",
        )
    if not path.parent.is_dir():
        raise UserError(
            f"The folder '{path.parent}' of the output file does not exist.",
            "Create the folder first, or choose another --out path.",
        )
    return path


def _write(frame, path: Path) -> None:
    """CSV as UTF-8 with a BOM (Excel shows Chinese names), XLSX one sheet 'sla'; written under
    a temporary name and renamed, so a failure never leaves half a file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        if path.suffix.lower() == ".csv":
            frame.to_csv(partial, index=False, encoding="utf-8-sig")
        else:
            frame.to_excel(partial, index=False, sheet_name="sla", engine="openpyxl")
        os.replace(partial, path)
    except OSError as exc:
        raise UserError(
            f"Could not write '{path}' ({exc.strerror or exc}).",
            "Close the file if it is open in another program, or choose another --out path.",
        ) from None
    finally:
        partial.unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    path = _target(args.out)
    from console.cli.common import open_db
    from console.db.queries.service import service_now, sla_report

    db = open_db(args)
    try:
        now = service_now(db.engine)
        report = sla_report(db.engine, args.by, start, end, now=now)
    finally:
        db.dispose()
    _write(report, path)
    if report.empty:
        print(f"No tickets were opened from {start} to {end}; wrote an empty report to {path}.")
        return 0
    tickets = int(report["tickets"].iloc[-1])  # the total row (all) comes last
    print(
        f"Wrote {len(report) - 1} {args.by} row(s) and the total over {tickets:,} ticket(s) "
        f"opened {start} to {end} (SLA as of {now:%Y-%m-%d %H:%M}) to {path}."
    )
    return 0
