"""Check a whole table against an entity's rules and the database, column by column.

Import is an upsert: a row whose key (a code; for stock a location and SKU; for spend a week,
channel and region) is already stored updates that row, any other row is inserted. Every
problem is collected (never the first only) with the row number Excel shows.

Cells left empty in a column with a default (a dealer's status, a store's status) keep the
stored value of an existing row and take the default for a new one; columns left out of the
file altogether are not touched on update. Empty cells in optional columns without a default
clear the stored value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.base import Base
from console.errors import UserError
from console.io.cells import parse
from console.io.problems import Problem
from console.io.reader import RawTable
from console.io.rules import RULES
from console.io.specs import ENTITIES, Column, Entity

CHUNK = 10_000  # values per SQL IN list, far below the 65,535 parameters a statement may bind
_SHOWN_CODES = 8


@dataclass
class Validated:
    """A checked table: `frame` holds the effective typed values (spec names and model
    attributes, e.g. region_code and region_id), `old` the stored row for each row (NA where
    new) and `exists` whether there is one."""

    entity: Entity
    file: str
    frame: pd.DataFrame
    old: pd.DataFrame
    exists: pd.Series
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)


class _Collector:
    """Problems by frame row index, turned into Excel row numbers at the end."""

    def __init__(self, file: str, rows: np.ndarray) -> None:
        self.file = file
        self.rows = rows
        self.found: list[Problem] = []

    def header(self, column: str | None, reason: str) -> None:
        self.found.append(Problem(self.file, 1, column, reason))

    def add(self, index: int, column: str, reason: str) -> None:
        self.found.append(Problem(self.file, int(self.rows[index]), column, reason))

    def series(self, column: str, reasons: pd.Series) -> None:
        for index, reason in reasons.items():
            self.add(int(index), column, str(reason))

    def where(self, mask: pd.Series, column: str, reason: str | pd.Series) -> None:
        mask = mask.fillna(False).astype(bool)
        for index in mask.index[mask.to_numpy()]:
            text = reason if isinstance(reason, str) else reason[index]
            self.add(int(index), column, str(text))


def validate_table(
    session: Session, entity: Entity, raw: RawTable, *, existing_id: int | None = None
) -> Validated:
    """Check `raw` for `entity`; `existing_id` ties a single record (a form) to a stored row."""
    problems = _Collector(raw.file, raw.rows)
    problems.found.extend(raw.problems)
    positions = _columns(entity, raw, problems)
    frame = pd.DataFrame(index=raw.frame.index)
    for name, position in positions.items():
        column = entity.columns_by_name[name]
        text = raw.frame[position]
        parsed = parse(column, text)
        problems.series(name, parsed.errors)
        if column.required:
            problems.where(text.eq(""), name, "is empty; a value is required")
        frame[name] = parsed.values
    lookups = _resolve_refs(session, entity, frame, positions, problems)
    _within_file(entity, frame, positions, problems)
    old = _stored(session, entity, frame, positions, existing_id)
    exists = old.pop("_found").fillna(False).astype(bool)
    _effective(entity, frame, old, exists, positions)
    _stored_kind(entity, frame, old, exists, problems)
    _unique_in_database(session, entity, frame, old, positions, problems)
    for rule in RULES.get(entity.name, ()):
        rule(frame, old, exists, lookups, problems)
    found = sorted(set(problems.found), key=_order(entity))
    return Validated(entity, raw.file, frame, old, exists, found, list(raw.notes))


def _order(entity: Entity):
    rank = {c.name: i for i, c in enumerate(entity.columns)}
    return lambda p: (p.row or 0, rank.get(p.column or "", -1), p.column or "", p.reason)


def _columns(entity: Entity, raw: RawTable, problems: _Collector) -> dict[str, int]:
    """Which file column holds which entity column; unknown, doubled and missing ones."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for position, name in enumerate(raw.header):
        if not name:
            if raw.frame[position].ne("").any():
                problems.header(f"#{position + 1}", "holds values but has no column name")
        elif name not in entity.columns_by_name:
            unknown.append(name)
        elif name in positions:
            problems.header(name, "appears twice in the header; keep one of the two columns")
        else:
            positions[name] = position
    expected = ", ".join(c.name for c in entity.columns)
    if not positions and any(raw.header):
        hint = _other_entity(entity, raw.header)
        raise UserError(
            f"Row 1 of {raw.file} names none of the columns of {entity.name}{hint}.",
            f"Row 1 must hold the column names ({expected}); an export shows the layout.",
        )
    for name in unknown:
        problems.header(name, f"is not a column of {entity.name}; the columns are: {expected}")
    for name in entity.required_columns:
        if name not in positions:
            problems.header(name, "is missing; this column is required")
    return positions


def _other_entity(entity: Entity, header: list[str]) -> str:
    given = set(header)
    for other in ENTITIES.values():
        if other is not entity and set(other.required_columns) <= given:
            return f" (it looks like a file of {other.name})"
    return ""


def code_lookup(session: Session, table: str, extra: tuple[str, ...]) -> pd.DataFrame:
    """code -> id (and the extra columns) of every row of a referenced table."""
    source = Base.metadata.tables[table]
    columns = [source.c.code, source.c.id, *(source.c[e] for e in extra)]
    rows = session.execute(select(*columns)).all()
    return rows_frame(rows, ["code", "id", *extra])


def rows_frame(rows: list, columns: list[str]) -> pd.DataFrame:
    """Query rows as a DataFrame, built column-wise: pandas takes SQLAlchemy rows apart one
    attribute lookup at a time, which is slow for 100,000 rows."""
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))


def _resolve_refs(
    session: Session,
    entity: Entity,
    frame: pd.DataFrame,
    positions: dict[str, int],
    problems: _Collector,
) -> dict[str, pd.DataFrame]:
    lookups: dict[str, pd.DataFrame] = {}
    for name in positions:
        column = entity.columns_by_name[name]
        if column.ref is None:
            continue
        ref = column.ref
        if ref.table not in lookups:
            lookups[ref.table] = code_lookup(session, ref.table, ref.extra)
        table = lookups[ref.table]
        ids = frame[name].map(dict(zip(table["code"], table["id"], strict=True)))
        unknown = frame[name].notna() & ids.isna()
        if unknown.any():
            problems.where(
                unknown, name, _unknown_reasons(frame[name][unknown], ref.label, table["code"])
            )
        frame[column.attr] = ids.astype("Int64")
    return lookups


def _unknown_reasons(codes: pd.Series, label: str, known: pd.Series) -> pd.Series:
    by_lower = {str(c).lower(): c for c in known}
    listed = ", ".join(sorted(map(str, known))[:_SHOWN_CODES])
    more = ", ..." if len(known) > _SHOWN_CODES else ""

    def reason(code: str) -> str:
        text = f"unknown {label} code '{code}'"
        if code.lower() in by_lower:
            return f"{text}; did you mean '{by_lower[code.lower()]}'?"
        if not len(known):
            return f"{text}; there are no {label} records yet"
        return f"{text} (known codes: {listed}{more})"

    return codes.map(reason)


def _within_file(
    entity: Entity, frame: pd.DataFrame, positions: dict[str, int], problems: _Collector
) -> None:
    """A key or a unique value twice in one file: every later row names the first."""
    groups = [list(entity.key)]
    groups += [[c.name] for c in entity.columns if c.unique and [c.name] != list(entity.key)]
    for names in groups:
        if not all(n in positions for n in names):
            continue
        given = frame[names].notna().all(axis=1)
        keys = frame.loc[given, names]
        repeated = keys.duplicated(keep="first")
        if not repeated.any():
            continue
        firsts = keys.reset_index().groupby(names, sort=False)["index"].transform("first")
        firsts.index = keys.index
        what = " + ".join(names)
        column = names[-1] if len(names) > 1 else names[0]
        for index in keys.index[repeated.to_numpy()]:
            first_row = int(problems.rows[int(firsts[index])])
            problems.add(int(index), column, f"the same {what} is already on row {first_row}")


def _stored(
    session: Session,
    entity: Entity,
    frame: pd.DataFrame,
    positions: dict[str, int],
    existing_id: int | None,
) -> pd.DataFrame:
    """The stored row of every file row (by key, or by id for a form), aligned to `frame`."""
    table = entity.table
    key = [entity.columns_by_name[k].attr for k in entity.key]
    attrs = list(
        dict.fromkeys(
            [c.name for c in table.primary_key.columns]
            + [c.attr for c in entity.columns]
            + ([entity.kind_column] if entity.kinds else [])
        )
    )
    columns = [table.c[a] for a in attrs]
    rows: list = []
    if existing_id is not None:
        rows = session.execute(select(*columns).where(table.c.id == existing_id)).all()
    elif all(entity.columns_by_name[k].name in positions for k in entity.key):
        wanted = frame[key[0]].dropna().unique().tolist()
        wanted = [v.date() if isinstance(v, pd.Timestamp) else v for v in wanted]
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            rows += session.execute(select(*columns).where(table.c[key[0]].in_(part))).all()
    stored = as_parsed_types(entity, rows_frame(rows, attrs))
    stored["_found"] = True
    if existing_id is not None and len(stored):
        old = pd.concat([stored] * len(frame), ignore_index=True)
    elif existing_id is None and len(frame) and all(k in frame for k in key):
        old = frame[key].merge(stored, how="left", on=key, sort=False)
    else:
        old = pd.DataFrame(index=range(len(frame)), columns=stored.columns)
    old.index = frame.index
    return old


def as_parsed_types(entity: Entity, stored: pd.DataFrame) -> pd.DataFrame:
    """Database values in the dtypes the parsers produce, so that they compare equal."""
    kinds = {c.attr: c.kind for c in entity.columns}
    for attr in stored.columns:
        kind = kinds.get(attr)
        if kind == "date":
            stored[attr] = pd.to_datetime(stored[attr]).astype("datetime64[s]")
        elif kind in ("text", "credit_code", "choice") or attr == entity.kind_column:
            stored[attr] = stored[attr].astype("str")
        elif kind in ("int", "ref") or attr == "id":
            stored[attr] = stored[attr].astype("Int64")
        elif kind in ("number", "rate"):
            stored[attr] = stored[attr].astype("float64")
        elif kind == "bool":
            stored[attr] = stored[attr].astype("boolean")
    return stored


def _effective(
    entity: Entity,
    frame: pd.DataFrame,
    old: pd.DataFrame,
    exists: pd.Series,
    positions: dict[str, int],
) -> None:
    """What each row will hold once written (see the module docstring for empty cells)."""
    for column in entity.columns:
        attr = column.attr
        stored = old[attr].where(exists)
        if column.name not in positions:
            values = stored
        elif column.default is not None:
            values = frame[attr].where(frame[attr].notna(), stored)
        else:
            continue
        if column.default is not None:
            values = values.astype(object).where(values.notna(), column.default)
        frame[attr] = _as_kind(column, values)


def _as_kind(column: Column, values: pd.Series) -> pd.Series:
    if column.kind == "date":
        return pd.to_datetime(values).astype("datetime64[s]")
    return values.astype(_DTYPES[column.kind])


_DTYPES = {
    "text": "str",
    "credit_code": "str",
    "choice": "str",
    "ref": "Int64",
    "int": "Int64",
    "number": "float64",
    "rate": "float64",
    "bool": "boolean",
}


def _stored_kind(
    entity: Entity, frame: pd.DataFrame, old: pd.DataFrame, exists: pd.Series, problems: _Collector
) -> None:
    """A code that is a warehouse cannot be imported as a store (and the other way round)."""
    if not entity.kinds:
        return
    stored_kind = old[entity.kind_column]
    foreign = exists & ~stored_kind.isin(entity.kinds)
    if not foreign.any():
        return
    owner = {k: e.name for e in ENTITIES.values() if e.kinds for k in e.kinds}
    reasons = stored_kind[foreign].map(
        lambda k: (
            f"this code belongs to a {k.replace('_', ' ')} (import it with "
            f"{owner.get(k, 'its own entity')}); choose another code"
        )
    )
    problems.where(foreign, entity.key[0], reasons)


def _unique_in_database(
    session: Session,
    entity: Entity,
    frame: pd.DataFrame,
    old: pd.DataFrame,
    positions: dict[str, int],
    problems: _Collector,
) -> None:
    """A unique value (a credit code) already held by a stored row the file does not update."""
    table = entity.table
    key = entity.key[0]
    for column in entity.columns:
        if not column.unique or column.name in entity.key or column.name not in positions:
            continue
        values = frame[column.name].dropna().unique().tolist()
        holders: list = []
        for start in range(0, len(values), CHUNK):
            part = values[start : start + CHUNK]
            holders += session.execute(
                select(table.c[column.attr], table.c.id, table.c[key]).where(
                    table.c[column.attr].in_(part)
                )
            ).all()
        if not holders:
            continue
        held = rows_frame(holders, ["value", "id", "key"])
        in_file = set(frame[key].dropna())
        held = held[~held["key"].isin(in_file)]
        owner_id = frame[column.name].map(dict(zip(held["value"], held["id"], strict=True)))
        owner_key = frame[column.name].map(dict(zip(held["value"], held["key"], strict=True)))
        clash = owner_id.notna() & old["id"].astype("float64").ne(owner_id.astype("float64"))
        problems.where(
            clash,
            column.name,
            owner_key.map(
                lambda k: f"is already used by the {entity.name.rstrip('s')} with {key} '{k}'"
            ),
        )
