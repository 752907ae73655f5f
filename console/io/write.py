"""Write a checked table: bulk INSERT of new keys, bulk UPDATE of changed rows, nothing else.

One executemany per kind of statement instead of one ORM object per row: 100,000 stock levels
are written in a second. Rows equal to what is stored are not written (their version stays),
so re-importing an unchanged export changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import and_, bindparam, insert, update
from sqlalchemy.orm import Session

from console.io.specs import Entity
from console.io.validate import Validated


@dataclass(frozen=True)
class Plan:
    """What an import will do: `inserts` and `updates` hold model attributes (updates also
    the primary key of the stored row)."""

    entity: Entity
    inserts: pd.DataFrame
    updates: pd.DataFrame
    unchanged: int

    def keys(self, frame: pd.DataFrame) -> list[str]:
        """The file keys of some planned rows, e.g. for the audit log."""
        names = list(self.entity.key)
        return ["/".join(_key_text(v) for v in row) for row in frame[names].itertuples(index=False)]


def _key_text(value: object) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else str(value)


def plan_changes(checked: Validated) -> Plan:
    entity = checked.entity
    attrs = [c.attr for c in entity.columns]
    frame, old, exists = checked.frame, checked.old, checked.exists.to_numpy()
    differs = np.zeros(len(frame), dtype=bool)
    for column in entity.columns:
        differs |= ~_same(frame[column.attr], old[column.attr], column.kind)
    pk = [c.name for c in entity.table.primary_key.columns]
    shown = list(dict.fromkeys(list(entity.key) + attrs))
    inserts = frame.loc[~exists, shown]
    updates = frame.loc[exists & differs, shown].copy()
    for name in pk:
        updates[f"_pk_{name}"] = old.loc[exists & differs, name]
    return Plan(entity, inserts, updates, int((exists & ~differs).sum()))


def _same(new: pd.Series, stored: pd.Series, kind: str) -> np.ndarray:
    """Row by row: does the file hold what is stored (two missing values are the same)?"""
    if kind in ("number", "rate"):
        a = new.to_numpy(dtype="float64", na_value=np.nan)
        b = pd.to_numeric(stored, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        return np.isclose(a, b, rtol=1e-12, atol=0.0, equal_nan=True)
    a, b = new.to_numpy(dtype=object, copy=True), stored.to_numpy(dtype=object, copy=True)
    a_missing, b_missing = new.isna().to_numpy(), stored.isna().to_numpy()
    a[a_missing], b[b_missing] = None, None  # NA and NaT do not compare equal to themselves
    return np.fromiter((x == y for x, y in zip(a, b, strict=True)), dtype=bool, count=len(a))


def apply_plan(session: Session, plan: Plan) -> None:
    entity = plan.entity
    table = entity.table
    connection = session.connection()
    attrs = [c.attr for c in entity.columns]
    kinds = {c.attr: c.kind for c in entity.columns}
    if len(plan.inserts):
        connection.execute(insert(table), _records(plan.inserts, attrs, kinds))
    if len(plan.updates):
        pk = [c.name for c in table.primary_key.columns]
        changing = [a for a in attrs if a not in pk]
        values: dict = {a: bindparam(f"v_{a}") for a in changing}
        if "version" in table.c:
            values["version"] = table.c.version + 1
        statement = (
            update(table)
            .where(and_(*(table.c[k] == bindparam(f"k_{k}") for k in pk)))
            .values(values)
        )
        source = plan.updates.rename(
            columns={a: f"v_{a}" for a in changing} | {f"_pk_{k}": f"k_{k}" for k in pk}
        )
        names = [f"v_{a}" for a in changing] + [f"k_{k}" for k in pk]
        types = {f"v_{a}": kinds[a] for a in changing} | {f"k_{k}": "int" for k in pk}
        connection.execute(statement, _records(source, names, types))


def _records(frame: pd.DataFrame, names: list[str], kinds: dict[str, str]) -> list[dict]:
    columns = [python_values(frame[n], kinds[n]) for n in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def python_values(series: pd.Series, kind: str) -> list:
    """Plain Python values (date, int, float, bool, str, None) for the database driver."""
    if kind == "date":
        dates = pd.to_datetime(series)
        return dates.dt.date.astype(object).where(dates.notna(), None).tolist()
    if kind in ("int", "ref"):
        series = series.astype("Int64")
    return series.astype(object).where(series.notna(), None).tolist()
