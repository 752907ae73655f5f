"""`hq-console report kpis`: the channel performance panel's figures per period and cut.

The same query (console.db.queries.kpis.kpi_report) feeds the panel's table, so the file and
the screen agree. File format: docs/formats/report_kpis.md. Heavy modules load in the handler.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from console.errors import UserError

BY_CHOICES = ("channel", "online", "region", "city", "dealer", "store", "category")
PERIOD_CHOICES = ("day", "week", "month", "quarter", "year")
CHANNEL_TYPES = ("direct_store", "franchise_store", "own_ecommerce", "marketplace", "social")
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    kpis = subparsers.add_parser(
        "kpis",
        parents=[common],
        help="channel performance KPIs per period and channel, region, dealer, store, category",
        description="Every channel performance KPI (docs/kpis.md) per period and group, as the "
        "channel performance panel shows them. Without --from/--to: the 12 months up to the "
        "latest order.",
    )
    kpis.add_argument("--by", required=True, choices=BY_CHOICES, help="one row per ... and period")
    kpis.add_argument("--period", default="month", choices=PERIOD_CHOICES)
    kpis.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    kpis.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day (included)")
    kpis.add_argument("--format", choices=sorted(set(FORMATS.values())), help="else from --out")
    kpis.add_argument("--out", required=True, metavar="FILE", help="a .csv or .xlsx file")
    kpis.add_argument(
        "--compare",
        action="store_true",
        help="add each KPI's change vs the previous period and the same period last year",
    )
    kpis.add_argument(
        "--channel", action="append", choices=CHANNEL_TYPES, help="only this channel type (repeat)"
    )
    reach = kpis.add_mutually_exclusive_group()
    reach.add_argument("--online", dest="online", action="store_const", const=True)
    reach.add_argument("--offline", dest="online", action="store_const", const=False)
    for cut in ("region", "city", "dealer", "store", "category"):
        kpis.add_argument(f"--{cut}", metavar="CODE", help=f"only this {cut} (its code)")
    kpis.add_argument(
        "--source",
        default="auto",
        choices=("auto", "raw", "rollup"),
        help="rollups when fresh (auto), always the raw tables, or require the rollups",
    )
    kpis.set_defaults(func=run)


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"{option} {text!r} is not a date.", f"Write {option} as YYYY-MM-DD, e.g. 2026-01-31."
        ) from None


def _target(text: str, wanted: str | None) -> tuple[Path, str]:
    path = Path(text)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UserError(
            f"The output file '{path.name}' is neither .csv nor .xlsx.",
            "Give --out a name ending in .csv or .xlsx.",
        )
    if wanted and wanted != kind:
        raise UserError(
            f"--format {wanted} does not match the output file '{path.name}'.",
            f"Name the file *.{wanted}, or leave out --format.",
        )
    if not path.parent.is_dir():
        raise UserError(
            f"The folder '{path.parent}' of the output file does not exist.",
            "Create the folder first, or choose another --out path.",
        )
    return path, kind


def _write(frame, definitions, path: Path, kind: str) -> None:
    """Written under a temporary name and renamed: a failure never leaves half a file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        if kind == "csv":
            frame.to_csv(partial, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
        else:
            import pandas as pd

            with pd.ExcelWriter(partial, engine="openpyxl") as book:
                frame.to_excel(book, index=False, sheet_name="kpis")
                definitions.to_excel(book, index=False, sheet_name="definitions")
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
    path, kind = _target(args.out, args.format)
    import pandas as pd

    from console.cli.common import open_db
    from console.db.queries.kpis import default_window, filters_from_codes, kpi_report, kpi_source
    from console.services.kpi_math import KPIS

    db = open_db(args)
    try:
        window = default_window(db.engine, start, end)
        codes = {cut: getattr(args, cut) for cut in ("region", "city", "dealer", "store")}
        filters = filters_from_codes(
            db.engine,
            channel_types=tuple(args.channel or ()),
            online=args.online,
            category=args.category,
            **codes,
        )
        source = kpi_source(db.engine, args.source)
        report = kpi_report(
            db.engine, args.by, args.period, window, filters, compare=args.compare, source=source
        )
    finally:
        db.dispose()
    definitions = pd.DataFrame(
        [(k.key, k.label, k.definition) for k in KPIS], columns=["kpi", "name", "definition"]
    )
    _write(report, definitions, path, kind)
    origin = (
        f"rollups refreshed {source.state.refreshed_at:%Y-%m-%d %H:%M}"
        if source.use_rollups
        else "raw tables"
    )
    if report.empty:
        print(
            f"No orders or interactions from {window.start} to {window.end} match; wrote an "
            f"empty report to {path}."
        )
        return 0
    print(
        f"Wrote {len(report)} row(s) ({report['period'].nunique()} {args.period}(s) x "
        f"{args.by}) from {window.start} to {window.end} ({origin}) to {path}."
    )
    return 0
