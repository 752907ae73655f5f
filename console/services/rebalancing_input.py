"""Validate stock and lane tables for the rebalancing optimiser and derive need and surplus.

Everything a user can get wrong is checked here, before any solver runs, so that a bad row is
reported by its line (or row) and its keys instead of surfacing as a solver failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from console.errors import ValidationError

STOCK_COLUMNS = ("location", "sku", "on_hand", "safety", "target", "penalty")
LANE_COLUMNS = ("from", "to", "unit_cost", "fixed_cost")
_STOCK_WHOLE = ("on_hand", "safety", "target")
_SHOWN_PROBLEMS = 5

Unreachable = Literal["error", "unmet"]


@dataclass(frozen=True)
class StockKeys:
    """Integer codes of the stock rows, computed once and shared by validation and the solver."""

    locations: pd.Index  # distinct location codes
    location: np.ndarray  # per stock row: its position in `locations`
    sku: np.ndarray  # per stock row: a number per distinct sku

    def of(self, location: np.ndarray, sku: np.ndarray) -> np.ndarray:
        """One int64 per (location position, sku number) pair."""
        return np.asarray(sku, np.int64) * len(self.locations) + location


@dataclass(frozen=True)
class RebalanceProblem:
    """A validated instance: what each row needs, what it may give, and which lanes exist.

    stock: location, sku (str), on_hand, safety, target (int64), penalty (float),
        need = max(0, target - on_hand), can_give = max(0, on_hand - max(target, safety)).
    lanes: from, to (str), unit_cost, fixed_cost (float); a pair not listed cannot ship.
    unreachable: location, sku, need of rows with need that no lane can reach (see docs).
    """

    stock: pd.DataFrame
    lanes: pd.DataFrame
    unreachable: pd.DataFrame
    keys: StockKeys = field(repr=False)

    @property
    def has_fixed_costs(self) -> bool:
        return bool((self.lanes["fixed_cost"] > 0).any())


class _RowNamer:
    """Names a row the way the user sees it: a CSV line number, or a table row number."""

    def __init__(self, table: str, line_offset: int | None) -> None:
        self.table = table
        self.line_offset = line_offset

    def __call__(self, position: int) -> str:
        if self.line_offset is None:
            return f"{self.table} row {position + 1}"
        return f"{self.table} line {position + self.line_offset}"


def prepare_problem(
    stock: pd.DataFrame,
    lanes: pd.DataFrame,
    *,
    unreachable: Unreachable = "error",
    stock_name: str = "stock",
    lanes_name: str = "lanes",
    line_offset: int | None = None,
) -> RebalanceProblem:
    """Check both tables and build the problem; raise ValidationError naming every bad row.

    `line_offset` turns row positions into file line numbers (2 for a CSV with one header line).
    `unreachable="error"` refuses rows with need that no lane reaches; "unmet" keeps them as
    unmet need (listed in `problem.unreachable`) so the rest of the network can still be planned.
    """
    stock_rows = _RowNamer(stock_name, line_offset)
    lane_rows = _RowNamer(lanes_name, line_offset)
    _require_columns(stock, STOCK_COLUMNS, stock_name)
    _require_columns(lanes, LANE_COLUMNS, lanes_name)
    problems: list[tuple[str, str]] = []
    clean_stock, keys = _clean_stock(stock, stock_rows, problems)
    clean_lanes = _clean_lanes(lanes, lane_rows, problems)
    _check_lane_locations(clean_lanes, keys.locations, lane_rows, problems)
    _raise_if_any(
        problems,
        "The rebalancing input has {n} bad row(s): {shown}.",
        "Correct these rows and run again; nothing was proposed.",
    )
    clean_stock["need"] = (clean_stock["target"] - clean_stock["on_hand"]).clip(lower=0)
    floor = np.maximum(clean_stock["target"], clean_stock["safety"])
    clean_stock["can_give"] = (clean_stock["on_hand"] - floor).clip(lower=0)
    unreached = _unreachable_rows(clean_stock, clean_lanes, keys)
    if unreachable == "error" and len(unreached):
        positions = unreached.index.to_numpy()
        problems = [
            (
                stock_rows(int(pos)),
                f"location {row.location}, sku {row.sku} needs {row.need} but no lane reaches "
                "it from a location holding that sku",
            )
            for pos, row in zip(positions, unreached.itertuples(index=False), strict=True)
        ]
        _raise_if_any(
            problems,
            "{n} stock row(s) have need that no lane can supply: {shown}.",
            f"Add lanes into these locations in the {lanes_name} table, or accept "
            "the need as unmet (--allow-unreachable).",
        )
    return RebalanceProblem(clean_stock, clean_lanes, unreached.reset_index(drop=True), keys)


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], table: str) -> None:
    present = {str(c).strip() for c in frame.columns}
    missing = [c for c in columns if c not in present]
    if missing:
        raise ValidationError(
            f"The {table} table lacks the column(s) {', '.join(missing)}.",
            f"Give it a header row with at least: {','.join(columns)}.",
            problems=[(table, f"missing column {c}") for c in missing],
        )


def _clean_ids(
    frame: pd.DataFrame, columns: tuple[str, ...], rows: _RowNamer, problems: list[tuple[str, str]]
) -> tuple[pd.DataFrame, list[tuple[np.ndarray, np.ndarray]]]:
    """Identifiers as stripped text, and per column (code per row, distinct stripped values).

    Only the distinct values are stripped, which keeps a million-row table fast.
    """
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    coded = []
    for col in columns:
        raw = frame[col].reset_index(drop=True)
        codes, distinct = pd.factorize(raw)
        text = np.array([str(v).strip() for v in distinct] + [""], dtype=object)
        text_codes, text_values = pd.factorize(text)
        coded.append((text_codes[codes], text_values))  # code -1 (missing) picks the last ""
        blank = np.flatnonzero(text[codes] == "")
        problems.extend((rows(int(i)), f"{col} is empty") for i in blank)
        unchanged = not len(blank) and all(t == v for t, v in zip(text, distinct, strict=False))
        out[col] = raw.astype(str) if unchanged else text[codes].astype(str)
    return out, coded


def _parse_numbers(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers (NaN where unreadable) and a mask of empty cells; parses each distinct text once."""
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        number = raw.to_numpy(dtype=float, na_value=np.nan)
        return number, np.isnan(number)
    codes, distinct = pd.factorize(raw)
    text = pd.Series([str(v).strip() for v in distinct] + [""], dtype=object)
    parsed = pd.to_numeric(text, errors="coerce").astype(float).to_numpy()
    return parsed[codes], (text.to_numpy() == "")[codes]


def _clean_numbers(
    frame: pd.DataFrame,
    out: pd.DataFrame,
    columns: tuple[str, ...],
    whole: tuple[str, ...],
    rows: _RowNamer,
    problems: list[tuple[str, str]],
) -> None:
    for col in columns:
        raw = frame[col].reset_index(drop=True)
        number, blank = _parse_numbers(raw)
        bad = ~blank & ~np.isfinite(number)
        ok = ~(blank | bad)
        safe = np.where(ok, number, 0.0)
        checks = [
            (blank, "{col} is empty"),
            (bad, "{col} is not a number ({raw!r})"),
            (safe < 0, "{col} is negative ({value:g})"),
        ]
        if col in whole:
            checks.append(
                (safe != np.round(safe), "{col} is not a whole number of units ({value:g})")
            )
        for mask, reason in checks:
            problems.extend(
                (rows(int(i)), reason.format(col=col, raw=raw[i], value=number[i]))
                for i in np.flatnonzero(mask)
            )
        out[col] = np.round(safe).astype(np.int64) if col in whole else safe


def _report_duplicates(
    frame: pd.DataFrame,
    keys: list[str],
    pair: np.ndarray,
    rows: _RowNamer,
    problems: list[tuple[str, str]],
) -> None:
    """Rows repeating an earlier row's keys (`pair`: one int per key pair, fast to hash)."""
    codes = pd.Series(pair)
    dup = np.flatnonzero(codes.duplicated(keep="first").to_numpy())
    if not len(dup):
        return
    first = dict(
        zip(codes.iloc[dup], pd.Index(codes).get_indexer_for(codes.iloc[dup]), strict=False)
    )
    for i in dup:
        label = ", ".join(f"{k} {frame[k].iat[i]}" for k in keys)
        problems.append((rows(int(i)), f"duplicate of {rows(int(first[codes.iat[i]]))} ({label})"))


def _clean_stock(
    stock: pd.DataFrame, rows: _RowNamer, problems: list[tuple[str, str]]
) -> tuple[pd.DataFrame, StockKeys]:
    stock = stock.rename(columns=lambda c: str(c).strip())
    out, ((location, locations), (sku, _)) = _clean_ids(stock, ("location", "sku"), rows, problems)
    _clean_numbers(stock, out, STOCK_COLUMNS[2:], _STOCK_WHOLE, rows, problems)
    keys = StockKeys(pd.Index(locations), location, sku)
    _report_duplicates(out, ["location", "sku"], keys.of(location, sku), rows, problems)
    return out, keys


def _clean_lanes(
    lanes: pd.DataFrame, rows: _RowNamer, problems: list[tuple[str, str]]
) -> pd.DataFrame:
    lanes = lanes.rename(columns=lambda c: str(c).strip())
    out, ((start, _), (end, ends)) = _clean_ids(lanes, ("from", "to"), rows, problems)
    _clean_numbers(lanes, out, LANE_COLUMNS[2:], (), rows, problems)
    same = (out["from"] == out["to"]) & (out["from"] != "")
    problems.extend(
        (rows(int(i)), f"lane from {out['from'].iat[i]} to itself") for i in np.flatnonzero(same)
    )
    pair = start.astype(np.int64) * (len(ends) + 1) + end
    _report_duplicates(out, ["from", "to"], pair, rows, problems)
    return out


def _check_lane_locations(
    lanes: pd.DataFrame, known: pd.Index, rows: _RowNamer, problems: list[tuple[str, str]]
) -> None:
    for col in ("from", "to"):
        unknown = ~lanes[col].isin(known)
        problems.extend(
            (rows(int(i)), f"{col} location {lanes[col].iat[i]} has no row in the stock table")
            for i in np.flatnonzero(unknown)
        )


def _unreachable_rows(stock: pd.DataFrame, lanes: pd.DataFrame, keys: StockKeys) -> pd.DataFrame:
    """Rows with need and no lane into their location from another holder of the same sku."""
    holders = pd.Index(keys.of(keys.location, keys.sku))
    needy = np.flatnonzero(stock["need"].to_numpy() > 0)
    into = pd.DataFrame({"row": needy, "to": keys.location[needy]}).merge(
        pd.DataFrame(
            {
                "to": keys.locations.get_indexer(lanes["to"]),
                "from": keys.locations.get_indexer(lanes["from"]),
            }
        ),
        on="to",
    )
    held = holders.get_indexer(keys.of(into["from"].to_numpy(), keys.sku[into["row"]])) >= 0
    reached = np.unique(into["row"].to_numpy()[held])
    missing = needy[~np.isin(needy, reached)]
    return stock.iloc[missing][["location", "sku", "need"]]


def _raise_if_any(problems: list[tuple[str, str]], problem: str, fix: str) -> None:
    if not problems:
        return
    shown = "; ".join(f"{where}: {reason}" for where, reason in problems[:_SHOWN_PROBLEMS])
    if len(problems) > _SHOWN_PROBLEMS:
        shown += f"; and {len(problems) - _SHOWN_PROBLEMS} more"
    raise ValidationError(problem.format(n=len(problems), shown=shown), fix, problems=problems)
