"""RFM scores, named segments, lifecycle stages, segment migration and channel combinations.

Definitions (exact, see docs/segments.md): recency_days = days from a customer's last
transaction to the as-of date (default: the day after the last transaction in the data);
frequency = number of transactions; monetary = total amount (returns count as negative
amounts). With customers sorted by id, R/F/M are quintiles of rank(method="first").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from console.errors import ValidationError
from console.services.value_index import CHANNEL_TYPES

SEGMENTS = (
    "Champions",
    "Loyal Customers",
    "Potential Loyalists",
    "New Customers",
    "Promising",
    "Need Attention",
    "About to Sleep",
    "At Risk",
    "Can't Lose Them",
    "Hibernating",
)
NO_SEGMENT = "(none)"  # migration: not a customer (yet / any more) at that as-of date

# (segment, R scores, F scores): the table; every (R, F) cell is covered exactly once.
_SEGMENT_RULES = (
    ("Champions", (5,), (4, 5)),
    ("Loyal Customers", (3, 4), (4, 5)),
    ("Potential Loyalists", (4, 5), (2, 3)),
    ("New Customers", (5,), (1,)),
    ("Promising", (4,), (1,)),
    ("Need Attention", (3,), (3,)),
    ("About to Sleep", (3,), (1, 2)),
    ("At Risk", (1, 2), (3, 4)),
    ("Can't Lose Them", (1, 2), (5,)),
    ("Hibernating", (1, 2), (1, 2)),
)


def _segment_grid() -> np.ndarray:
    grid = np.empty((5, 5), dtype=object)
    for name, rs, fs in _SEGMENT_RULES:
        for r in rs:
            for f in fs:
                grid[r - 1, f - 1] = name
    return grid


SEGMENT_GRID = _segment_grid()  # SEGMENT_GRID[r - 1, f - 1] -> segment name
_SEGMENT_CODES = np.vectorize(SEGMENTS.index)(SEGMENT_GRID).astype(np.int8)

LIFECYCLE_STAGES = ("new", "active", "won back", "at risk", "lapsed")


def clean_transactions(
    tx: pd.DataFrame, customer_col: str, date_col: str, amount_col: str
) -> pd.DataFrame:
    """Validated transactions as columns customer, date (day), amount (float).

    Raises ValidationError naming the missing columns, or the rows (1-based data rows) with no
    customer, a missing or unreadable date, or a missing or non-numeric amount. Negative
    amounts (returns) are valid and kept.
    """
    missing = [c for c in (customer_col, date_col, amount_col) if c not in tx.columns]
    if missing:
        raise ValidationError(
            f"The transactions have no column(s) {', '.join(map(repr, missing))}; the columns "
            f"are {', '.join(map(repr, tx.columns))}.",
            "Name existing columns for the customer, date and amount.",
            problems=[(f"column {c!r}", "missing") for c in missing],
        )
    if tx.empty:
        raise ValidationError("The transactions have no rows.", "Supply at least one transaction.")
    customer = tx[customer_col]
    raw_date = tx[date_col]
    dates = pd.to_datetime(raw_date, errors="coerce", format="mixed")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    amounts = pd.to_numeric(tx[amount_col], errors="coerce")
    found: list[tuple[int, str, str]] = []
    checks = (
        (
            customer.isna() | (customer.astype("string").str.strip() == ""),
            customer_col,
            "no customer",
        ),
        (raw_date.isna(), date_col, "missing date"),
        (raw_date.notna() & dates.isna(), date_col, "not a date"),
        (tx[amount_col].isna(), amount_col, "missing amount"),
        (tx[amount_col].notna() & amounts.isna(), amount_col, "not a number"),
        (np.isinf(amounts.fillna(0)), amount_col, "not a finite number"),
    )
    for mask, column, reason in checks:
        rows = np.nonzero(mask.to_numpy(dtype=bool))[0]
        found += [(int(i) + 1, column, reason) for i in rows]
    problems = [(f"row {i}, column {column!r}", reason) for i, column, reason in sorted(found)]
    if problems:
        shown = "; ".join(f"{where}: {reason}" for where, reason in problems[:5])
        more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise ValidationError(
            f"{len(problems)} transaction cell(s) are unusable ({shown}{more}).",
            "Fix or remove those rows (rows count from 1 after the header; dates as "
            "YYYY-MM-DD, amounts as plain numbers).",
            problems=problems,
        )
    return pd.DataFrame(
        {"customer": customer.to_numpy(), "date": dates.dt.normalize(), "amount": amounts}
    ).reset_index(drop=True)


def default_as_of(last_dates: pd.Series) -> pd.Timestamp:
    """The day after the last transaction: every customer's recency is then at least 1 day."""
    return pd.Timestamp(last_dates.max()).normalize() + pd.Timedelta(days=1)


def summarize_customers(
    tx: pd.DataFrame, as_of: date | pd.Timestamp | None = None, *, active_days: int = 180
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Per-customer aggregates from clean transactions dated before `as_of`.

    Returns (frame, as_of) with columns customer, first_date, last_date,
    last_date_before_window (last transaction before as_of - active_days, NaT if none),
    frequency, monetary — what the database's GROUP BY delivers at scale.
    """
    as_of = default_as_of(tx["date"]) if as_of is None else pd.Timestamp(as_of).normalize()
    tx = tx[tx["date"] < as_of]
    if tx.empty:
        raise ValidationError(
            f"No transaction is dated before the as-of date {as_of.date()}.",
            "Choose a later as-of date.",
        )
    window_start = as_of - pd.Timedelta(days=active_days)
    before = tx["date"].where(tx["date"] < window_start)
    grouped = tx.assign(before=before).groupby("customer", sort=True)
    frame = grouped.agg(
        first_date=("date", "min"),
        last_date=("date", "max"),
        last_date_before_window=("before", "max"),
        frequency=("date", "size"),
        monetary=("amount", "sum"),
    ).reset_index()
    return frame, as_of


def rfm_scores(customers: pd.DataFrame, as_of: date | pd.Timestamp | None = None) -> pd.DataFrame:
    """RFM table from per-customer aggregates (customer, last_date, frequency, monetary).

    Output columns: customer, recency_days, frequency, monetary, r, f, m (int8 scores 1-5),
    segment (categorical over SEGMENTS); one row per customer, sorted by customer id. Ties in
    rank(method="first") go to the earlier id, so the result does not depend on input order.
    """
    missing = [c for c in ("customer", "last_date", "frequency", "monetary") if c not in customers]
    if missing:
        raise ValueError(f"customer aggregates lack column(s) {', '.join(missing)}")
    order = stable_argsort(customers["customer"].to_numpy())
    last = pd.to_datetime(customers["last_date"]).dt.normalize().to_numpy()[order]
    as_of = default_as_of(pd.Series(last)) if as_of is None else pd.Timestamp(as_of).normalize()
    if (last >= as_of.to_datetime64()).any():
        raise ValueError("a customer's last transaction is on or after the as-of date")
    recency = ((as_of.to_datetime64() - last) // np.timedelta64(1, "D")).astype(np.int64)
    frequency = customers["frequency"].to_numpy()[order]
    monetary = customers["monetary"].to_numpy(dtype=float)[order]
    r = 6 - quintile(recency)  # smallest recency (most recent) -> 5
    f = quintile(frequency)
    m = quintile(monetary)
    return pd.DataFrame(
        {
            "customer": customers["customer"].to_numpy()[order],
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary,
            "r": r,
            "f": f,
            "m": m,
            "segment": pd.Categorical.from_codes(_SEGMENT_CODES[r - 1, f - 1], SEGMENTS),
        }
    )


def quintile(values: np.ndarray) -> np.ndarray:
    """1-5: pd.qcut(pd.Series(values).rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).

    rank(method="first") is the position in a stable sort; qcut's edges are the 20/40/60/80 %
    quantiles of the ranks 1..n with right-closed bins. Computed directly, this is exact, fast,
    and also defined for fewer than five customers (where qcut fails on equal edges).
    """
    values = np.asarray(values)
    n = len(values)
    ranks = np.empty(n, dtype=np.int64)
    ranks[stable_argsort(values)] = np.arange(1, n + 1)
    edges = 1 + np.array([0.2, 0.4, 0.6, 0.8]) * max(n - 1, 0)
    return (np.searchsorted(edges, ranks, side="left") + 1).astype(np.int8)


def stable_argsort(values: np.ndarray) -> np.ndarray:
    """np.argsort(values, kind="stable"), in linear time for two common integer cases: values
    spanning less than 2**15 (days, counts) are shifted to int16, which numpy sorts by radix;
    distinct values spanning at most 4 n (customer ids) are placed into slots directly."""
    values = np.asarray(values)
    if len(values) and values.dtype.kind in "iu":
        low = values.min()
        span = int(values.max()) - int(low)
        if span < 2**15:
            return np.argsort((values - low).astype(np.int16), kind="stable")
        if span < 4 * len(values):
            slots = np.full(span + 1, -1, dtype=np.int64)
            slots[values - low] = np.arange(len(values))
            order = slots[slots >= 0]
            if len(order) == len(values):  # else there were duplicates
                return order
    return np.argsort(values, kind="stable")


def lifecycle_stages(
    customers: pd.DataFrame,
    as_of: date | pd.Timestamp,
    *,
    active_days: int = 180,
    lapsed_days: int = 365,
) -> pd.Series:
    """Lifecycle stage (categorical over LIFECYCLE_STAGES) per customer from first_date,
    last_date and last_date_before_window (summarize_customers with the same active_days).

    With window = the `active_days` before as_of: new = first transaction in the window;
    won back = bought in the window after having been lapsed at its start (last transaction
    before the window more than `lapsed_days` before the window start); active = other buyers
    in the window; at risk = last transaction active_days..lapsed_days ago; lapsed = longer ago.
    """
    if not 0 < active_days < lapsed_days:
        raise ValueError("need 0 < active_days < lapsed_days")
    as_of_day = _day_numbers(pd.Series([pd.Timestamp(as_of).normalize()]))[0]
    window_start = as_of_day - active_days
    last = _day_numbers(customers["last_date"])
    in_window = last >= window_start
    new = _day_numbers(customers["first_date"]) >= window_start
    gap = np.floor(window_start - _day_numbers(customers["last_date_before_window"]))  # NaN: none
    won_back = in_window & ~new & (gap > lapsed_days)
    recency = np.floor(as_of_day - last)
    code = np.select(
        [new, won_back, in_window, recency <= lapsed_days],
        [LIFECYCLE_STAGES.index(s) for s in ("new", "won back", "active", "at risk")],
        default=LIFECYCLE_STAGES.index("lapsed"),
    )
    stage = pd.Categorical.from_codes(code, LIFECYCLE_STAGES)
    return pd.Series(stage, index=customers.index, name="lifecycle")


def _day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since 1970 as floats (NaN for missing; whole days stay exact): the comparisons run
    in numpy rather than on pandas datetime Series."""
    stamps = pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]")
    days = stamps.astype(np.int64) / 86_400e9
    return np.where(np.isnat(stamps), np.nan, days)


def segment_migration(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """How many customers moved from each segment (rows) to each segment (columns).

    Both frames: customer, segment (rfm_scores at two as-of dates). A customer missing from one
    side counts under NO_SEGMENT there. All segments appear, in SEGMENTS order.
    """
    joined = before[["customer", "segment"]].merge(
        after[["customer", "segment"]], on="customer", how="outer", suffixes=("_from", "_to")
    )
    labels = [*SEGMENTS, NO_SEGMENT]
    source = pd.Categorical(joined["segment_from"].astype(object).fillna(NO_SEGMENT), labels)
    target = pd.Categorical(joined["segment_to"].astype(object).fillna(NO_SEGMENT), labels)
    matrix = pd.crosstab(source, target, dropna=False).reindex(
        index=labels, columns=labels, fill_value=0
    )
    matrix.index.name, matrix.columns.name = "from", "to"
    return matrix


def rf_grid(rfm: pd.DataFrame) -> pd.DataFrame:
    """The 5 x 5 R x F cells: r, f, segment, customers, revenue, revenue_share (25 rows)."""
    cell = (rfm["r"].to_numpy(np.int64) - 1) * 5 + rfm["f"].to_numpy(np.int64) - 1
    monetary = rfm["monetary"].to_numpy(float)
    r, f = np.divmod(np.arange(25), 5)
    grid = pd.DataFrame(
        {
            "r": (r + 1).astype(np.int8),
            "f": (f + 1).astype(np.int8),
            "segment": SEGMENT_GRID.ravel().astype(str),
            "customers": np.bincount(cell, minlength=25),
            "revenue": np.bincount(cell, weights=monetary, minlength=25),
        }
    )
    total = rfm["monetary"].sum()
    grid["revenue_share"] = grid["revenue"] / total if total else 0.0
    return grid[["r", "f", "segment", "customers", "revenue", "revenue_share"]]


def segment_summary(customers: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per segment: customers, revenue, revenue_share, and means of value_index / clv if present.

    customers: customer, segment, monetary [, value_index, clv]. previous: customer, segment at
    an earlier as-of date; adds previous_customers and change (the segment's trend).
    """
    aggregations = {"customers": ("customer", "size"), "revenue": ("monetary", "sum")}
    for column in ("value_index", "clv"):
        if column in customers:
            aggregations[f"avg_{column}"] = (column, "mean")
    table = customers.groupby("segment").agg(**aggregations).reindex(list(SEGMENTS))
    table[["customers", "revenue"]] = table[["customers", "revenue"]].fillna(0)
    table["customers"] = table["customers"].astype(np.int64)
    total = customers["monetary"].sum()
    table.insert(2, "revenue_share", table["revenue"] / total if total else 0.0)
    if previous is not None:
        counts = previous.groupby("segment").size().reindex(list(SEGMENTS), fill_value=0)
        table["previous_customers"] = counts.to_numpy()
        table["change"] = table["customers"] - table["previous_customers"]
    table.index.name = "segment"
    return table.reset_index()


def channel_combinations(channels: pd.DataFrame, value: pd.Series | None = None) -> pd.DataFrame:
    """UpSet-style counts: customers per exact combination of active channel types.

    channels: one row per customer, a boolean column per channel type in CHANNEL_TYPES (as from
    value_index.channel_matrix). value: per-customer value on the same index (e.g. the value
    index). Output: the five boolean columns, combination ('direct_store+social'), n_channels,
    customers, avg_value; largest combination first.
    """
    missing = [c for c in CHANNEL_TYPES if c not in channels]
    if missing:
        raise ValueError(f"channel columns missing: {', '.join(missing)}")
    flags = channels[list(CHANNEL_TYPES)].to_numpy(dtype=bool)
    bits = flags @ (1 << np.arange(len(CHANNEL_TYPES)))
    frame = pd.DataFrame({"bits": bits})
    frame["value"] = np.nan if value is None else value.reindex(channels.index).to_numpy(float)
    table = frame.groupby("bits").agg(customers=("bits", "size"), avg_value=("value", "mean"))
    table = table.reset_index().sort_values(["customers", "bits"], ascending=[False, True])
    combo = (table["bits"].to_numpy()[:, None] >> np.arange(len(CHANNEL_TYPES))) & 1 == 1
    out = pd.DataFrame(combo, columns=list(CHANNEL_TYPES))
    out["combination"] = [_combination_label(row) for row in combo]
    out["n_channels"] = combo.sum(axis=1)
    out["customers"] = table["customers"].to_numpy()
    out["avg_value"] = table["avg_value"].to_numpy()
    return out


def _combination_label(row: Sequence[bool]) -> str:
    names = [name for name, on in zip(CHANNEL_TYPES, row, strict=True) if on]
    return "+".join(names) if names else "(none)"
