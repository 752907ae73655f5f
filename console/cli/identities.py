"""`hq-console identities resolve|evaluate`: link identity records into customers, score it.

File formats: docs/formats/identities.md. Heavy modules are imported inside the handlers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from console.cli.segments import check_output, integer_ids, read_csv, write_csv
from console.errors import UserError

_FIELD_HINTS = (
    ("birth_date", ("birth", "dob", "生日", "出生")),
    ("postcode", ("postcode", "postal", "zip", "邮编")),
    ("address", ("address", "addr", "地址")),
    ("name", ("name", "姓名", "名字")),
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    identities = subparsers.add_parser(
        "identities", parents=[common], help="resolve identity records into customers"
    )
    verbs = identities.add_subparsers(dest="identities_command", metavar="VERB", required=True)

    resolve = verbs.add_parser(
        "resolve", parents=[common], help="link records sharing identifiers (and fuzzy matches)"
    )
    resolve.add_argument(
        "--records", required=True, type=Path, metavar="CSV", help="one row per identity record"
    )
    resolve.add_argument("--id-col", required=True, metavar="ID", help="record id column")
    resolve.add_argument(
        "--exact",
        metavar="COL[=TYPE],...",
        default="",
        help="identifier columns linked on equal normalised values; TYPE is "
        "phone, email, member_card, wechat_openid, marketplace_account, "
        "payment_account or other (default: guessed from the name)",
    )
    resolve.add_argument(
        "--fuzzy",
        metavar="COL[=FIELD],...",
        default="",
        help="columns compared approximately; FIELD is name, birth_date, "
        "address or postcode (default: guessed from the name)",
    )
    resolve.add_argument(
        "--threshold",
        type=float,
        default=0.85,
        help="fuzzy score needed to link, 0-1 (default 0.85)",
    )
    resolve.add_argument(
        "--max-records-per-value",
        type=int,
        default=10,
        metavar="K",
        help="an identifier held by more records is flagged, not used (default 10)",
    )
    resolve.add_argument(
        "--max-cluster-size",
        type=int,
        default=50,
        metavar="N",
        help="report customers with more records than this (default 50)",
    )
    resolve.add_argument(
        "--out", required=True, type=Path, metavar="CSV", help="record_id,customer_id file to write"
    )
    resolve.set_defaults(func=_resolve)

    evaluate = verbs.add_parser(
        "evaluate", parents=[common], help="pairwise precision, recall and F1 against a truth"
    )
    evaluate.add_argument(
        "--clusters",
        required=True,
        type=Path,
        metavar="CSV",
        help="record_id,customer_id (as written by resolve)",
    )
    evaluate.add_argument(
        "--truth", required=True, type=Path, metavar="CSV", help="record_id,entity_id"
    )
    evaluate.set_defaults(func=_evaluate)


def _resolve(args: argparse.Namespace) -> int:
    from console.services.identity_normalize import ID_TYPES, id_type_for_column
    from console.services.identity_resolution import FUZZY_FIELDS, FuzzyConfig, resolve_records

    check_output(args.out)
    if not 0 <= args.threshold <= 1:
        raise UserError(f"--threshold {args.threshold:g} is outside 0-1.", "Give e.g. 0.85.")
    if args.max_records_per_value < 1 or args.max_cluster_size < 1:
        raise UserError(
            "--max-records-per-value and --max-cluster-size must be at least 1.",
            "Give positive numbers.",
        )
    exact = _column_spec(args.exact, "--exact", ID_TYPES, id_type_for_column)
    fuzzy = _column_spec(args.fuzzy, "--fuzzy", FUZZY_FIELDS, _fuzzy_field_for_column)
    if not exact and not fuzzy:
        raise UserError(
            "No identifier column was named.",
            "Name the columns to link on with --exact and/or --fuzzy.",
        )
    records = read_csv(args.records)
    _check_columns(records, [args.id_col, *exact, *fuzzy], args.records)
    records[args.id_col] = integer_ids(_checked_ids(records[args.id_col], args.records))
    resolution = resolve_records(
        records,
        args.id_col,
        exact=exact,
        fuzzy=fuzzy or None,
        fuzzy_config=FuzzyConfig(threshold=args.threshold),
        max_records_per_value=args.max_records_per_value,
        max_cluster_size=args.max_cluster_size,
    )
    write_csv(resolution.clusters, args.out)
    _print_report(resolution.report, exact, fuzzy)
    print(f"Wrote {len(resolution.clusters)} records to {args.out}.")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from console.services.identity_resolution import evaluate_clusters

    clusters = read_csv(args.clusters)
    truth = read_csv(args.truth)
    _check_columns(clusters, ["record_id", "customer_id"], args.clusters)
    _check_columns(truth, ["record_id", "entity_id"], args.truth)
    for frame, path in ((clusters, args.clusters), (truth, args.truth)):
        frame["record_id"] = _checked_ids(frame["record_id"], path)
    scores = evaluate_clusters(clusters, truth)
    print(f"pairwise precision: {scores.precision:.4f}")
    print(f"pairwise recall:    {scores.recall:.4f}")
    print(f"pairwise F1:        {scores.f1:.4f}")
    print(
        f"pairs: {scores.correct_pairs} correct of {scores.predicted_pairs} predicted, "
        f"{scores.true_pairs} true"
    )
    return 0


def _column_spec(text: str, option: str, allowed: tuple[str, ...], guess) -> dict[str, str]:
    """'phone,mail=email' -> {'phone': 'phone', 'mail': 'email'} (kinds guessed when absent)."""
    spec: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        column, _, kind = (s.strip() for s in item.partition("="))
        kind = kind or guess(column)
        if kind not in allowed:
            raise UserError(
                f"{option} {item}: {kind!r} is not one of {', '.join(allowed)}.",
                f"Write COLUMN=KIND with a known kind in {option}.",
            )
        spec[column] = kind
    return spec


def _fuzzy_field_for_column(column: str) -> str:
    name = column.casefold()
    for field, hints in _FIELD_HINTS:
        if any(hint in name for hint in hints):
            return field
    raise UserError(
        f"--fuzzy cannot tell which field the column {column!r} holds.",
        f"Write {column}=name, =birth_date, =address or =postcode.",
    )


def _check_columns(frame, columns: list[str], path: Path) -> None:
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if missing:
        raise UserError(
            f"{path} has no column(s) {', '.join(map(repr, missing))}; its columns are "
            f"{', '.join(map(repr, frame.columns))}.",
            "Name existing columns.",
        )


def _checked_ids(ids, path: Path):
    """Record ids, trimmed; each must be present and unique."""
    ids = ids.astype("string").str.strip()
    blank = ids.isna() | (ids == "")
    if blank.any():
        rows = [str(i + 1) for i in blank.to_numpy().nonzero()[0][:5]]
        raise UserError(
            f"{path}: {int(blank.sum())} record(s) have no id (rows {', '.join(rows)}).",
            "Give every record an id.",
        )
    duplicated = ids[ids.duplicated(keep=False)]
    if len(duplicated):
        rows = [str(i + 1) for i in ids.duplicated(keep=False).to_numpy().nonzero()[0][:5]]
        raise UserError(
            f"{path}: the id {duplicated.iloc[0]!r} is used by several records "
            f"(rows {', '.join(rows)}).",
            "Give every record its own id.",
        )
    return ids


def _print_report(report, exact: dict[str, str], fuzzy: dict[str, str]) -> None:
    print(
        f"Records: {report.n_records}; customers: {report.n_customers}; records linked: "
        f"{report.records_linked}."
    )
    for column, kind in {**exact, **fuzzy}.items():
        print(f"  column {column!r} read as {kind}")
    for row in report.links_by_type.itertuples(index=False):
        print(
            f"  {row.id_type}: {row.records_linked} records linked through "
            f"{row.shared_values} shared values; {row.flagged_values} flagged"
        )
    if report.fuzzy_pairs_compared:
        print(
            f"  fuzzy: {report.fuzzy_links} links among {report.fuzzy_pairs_compared} pairs "
            f"compared; {report.fuzzy_blocks_skipped} oversized blocks skipped"
        )
    for row in report.flagged.head(10).itertuples(index=False):
        print(f"  flagged {row.id_type} {row.value!r}: held by {row.records} records, not used")
    if len(report.oversized):
        print(
            f"  {len(report.oversized)} customer(s) have more records than the size cap; "
            f"largest: {report.oversized['customer_id'].iloc[0]!r} with "
            f"{report.oversized['records'].iloc[0]} records"
        )
