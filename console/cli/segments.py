"""`hq-console segments rfm|clv`: RFM segments and lifetime value from a transactions CSV.

File formats: docs/formats/segments.md. Heavy modules are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from console.errors import UserError

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_HORIZON = {"D": 365, "W": 52}  # one year in either unit


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    segments = subparsers.add_parser(
        "segments", parents=[common], help="RFM segments and customer lifetime value from a CSV"
    )
    verbs = segments.add_subparsers(dest="segments_command", metavar="VERB", required=True)

    rfm = verbs.add_parser(
        "rfm", parents=[common], help="recency, frequency, monetary scores and named segments"
    )
    _transaction_options(rfm)
    rfm.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="first day not observed (default: the day after the last transaction)",
    )
    rfm.set_defaults(func=_rfm)

    clv = verbs.add_parser(
        "clv", parents=[common], help="BG/NBD + Gamma-Gamma expected purchases and lifetime value"
    )
    _transaction_options(clv)
    clv.add_argument(
        "--time-unit",
        required=True,
        type=str.upper,
        choices=["D", "W"],
        help="time unit of recency, T and the horizon: D days, W weeks",
    )
    clv.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="last observed day (default: the date of the last transaction)",
    )
    clv.add_argument(
        "--horizon",
        type=float,
        metavar="N",
        help="prediction horizon in time units (default: one year, 365 D or 52 W)",
    )
    clv.add_argument(
        "--discount-rate",
        type=float,
        default=0.0,
        metavar="RATE",
        help="discount rate per time unit (default 0: undiscounted)",
    )
    clv.set_defaults(func=_clv)


def _transaction_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--transactions", required=True, type=Path, metavar="CSV", help="one row per transaction"
    )
    parser.add_argument("--customer-col", required=True, metavar="C", help="customer id column")
    parser.add_argument("--date-col", required=True, metavar="D", help="transaction date column")
    parser.add_argument(
        "--amount-col",
        required=True,
        metavar="A",
        help="amount column (returns as negative amounts)",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="CSV", help="file to write")


def _rfm(args: argparse.Namespace) -> int:
    from console.services.rfm import rfm_scores, summarize_customers

    check_output(args.out)
    as_of = _as_of(args.as_of)
    tx = _load_transactions(args)
    if as_of is not None:
        _note_excluded(tx, tx["date"] >= _timestamp(as_of), f"on or after {as_of}")
    customers, as_of = summarize_customers(tx, as_of)
    table = rfm_scores(customers, as_of)
    write_csv(table, args.out)
    print(f"Wrote {len(table)} customers to {args.out} (as of {as_of.date()}).")
    return 0


def _clv(args: argparse.Namespace) -> int:
    from console.services.clv import clv_table, fit_clv, summary_data

    check_output(args.out)
    horizon = DEFAULT_HORIZON[args.time_unit] if args.horizon is None else args.horizon
    if horizon <= 0:
        raise UserError(f"--horizon {horizon:g} is not positive.", "Give a horizon above 0.")
    if args.discount_rate < 0:
        raise UserError(
            f"--discount-rate {args.discount_rate:g} is negative.", "Give a rate of 0 or more."
        )
    as_of = _as_of(args.as_of)
    tx = _load_transactions(args)
    if as_of is not None:
        _note_excluded(tx, tx["date"] > _timestamp(as_of), f"after {as_of}")
    summary = summary_data(tx, as_of, args.time_unit)
    model = fit_clv(summary, args.time_unit)
    table = clv_table(summary, model, horizon, args.discount_rate)
    write_csv(table, args.out)
    print(json.dumps({k: round(v, 6) for k, v in model.as_dict().items()}))
    print(
        f"Wrote {len(table)} customers to {args.out} (horizon {horizon:g} {args.time_unit}).",
        file=sys.stderr,
    )
    return 0


def _load_transactions(args: argparse.Namespace) -> pd.DataFrame:
    from console.services.rfm import clean_transactions

    raw = read_csv(args.transactions)
    tx = clean_transactions(raw, args.customer_col, args.date_col, args.amount_col)
    tx["customer"] = integer_ids(tx["customer"])
    return tx


def _note_excluded(tx: pd.DataFrame, mask: pd.Series, when: str) -> None:
    if mask.any():
        print(f"Note: {int(mask.sum())} transaction(s) dated {when} are left out.", file=sys.stderr)


def _as_of(text: str | None) -> date | None:
    """--as-of as a date; a clear message (not an argparse usage dump) when it is wrong."""
    if text is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError("expected YYYY-MM-DD")
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UserError(
            f"--as-of {text!r} is not a date ({exc}).", "Write it as YYYY-MM-DD, e.g. 2024-06-30."
        ) from None


def _timestamp(day: date) -> pd.Timestamp:
    import pandas as pd

    return pd.Timestamp(day)


# --- CSV helpers shared with console.cli.identities ---------------------------------------------


def read_csv(path: Path) -> pd.DataFrame:
    """A CSV with every column as text (keeps leading zeros of phones and cards).

    UTF-8 (with or without BOM), else GB18030 as saved by a Chinese Excel.
    """
    import pandas as pd

    if not path.is_file():
        raise UserError(f"The file {path} does not exist.", "Check the path.")
    frame = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                encoding=encoding,
                skipinitialspace=True,
            )
            break
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise UserError(f"The file {path} is empty.", "Export the data again.") from None
        except pd.errors.ParserError as exc:
            raise UserError(
                f"The file {path} is not a readable CSV: {exc}.",
                "Save it as comma-separated values with one header row.",
            ) from None
    if frame is None:
        raise UserError(
            f"The file {path} is neither UTF-8 nor GB18030 text.", "Save it as CSV UTF-8."
        )
    if frame.empty:
        raise UserError(f"The file {path} has a header but no rows.", "Export the data again.")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def integer_ids(ids: pd.Series) -> pd.Series:
    """Ids that are all whole numbers become integers, so that '10' sorts after '9'."""
    text = ids.astype("string").str.strip()
    if len(text) and text.str.fullmatch(r"-?\d{1,18}").all():
        return text.astype("int64")
    return text


def check_output(path: Path) -> None:
    """Fail before any work if the output cannot be written."""
    if not path.parent.exists():
        raise UserError(f"The folder {path.parent} does not exist.", "Create it or fix --out.")
    if path.is_dir():
        raise UserError(f"--out {path} is a folder.", "Give a file name.")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write next to the target, then rename: a failure leaves no half-written file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        frame.to_csv(tmp, index=False)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            f"Cannot write {path}: {exc.strerror}.",
            "Check the folder's permissions and free space.",
        ) from None
