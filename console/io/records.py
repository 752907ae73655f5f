"""Check one record typed into a form with exactly the rules of the importer.

An edit form (the dealer panel) and an import file must never disagree about what a valid
dealer is, so a form's values go through the same parsers, lookups and rules as a one-row file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.io.cells import cell_text
from console.io.reader import RawTable, normalize_header
from console.io.specs import Entity
from console.io.specs import entity as find_entity
from console.io.validate import validate_table
from console.io.write import python_values

FORM = "form"


@dataclass(frozen=True)
class RecordCheck:
    """`problems`: (column, reason) pairs; `values`: model attribute -> Python value (ids for
    references, e.g. region_id), ready to set on the ORM object when `ok`."""

    problems: list[tuple[str, str]]
    values: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_column(self) -> dict[str, list[str]]:
        """The reasons per column, to show next to each field."""
        grouped: dict[str, list[str]] = {}
        for column, reason in self.problems:
            grouped.setdefault(column, []).append(reason)
        return grouped


def validate_record(
    session: Session, entity: str, values: Mapping[str, object], *, record_id: int | None = None
) -> RecordCheck:
    """Check a new record (`record_id` None) or the edit of the stored row `record_id`.

    `values` uses the file's column names (code, region_code, contract_start, ...) with text or
    Python values (date, int, float, bool); a column left out keeps its stored value when
    editing and is required (if the column is) when creating.
    """
    spec = find_entity(entity)
    if record_id is not None and spec.key != ("code",):
        raise ValueError(f"{entity} rows have no id to edit by; check them without record_id")
    header = [normalize_header(str(k)) for k in values]
    frame = pd.DataFrame(
        [[cell_text(v).strip() for v in values.values()]], columns=range(len(header)), dtype="str"
    )
    raw = RawTable(FORM, header, frame, np.asarray([2]))
    checked = validate_table(session, spec, raw, existing_id=record_id)
    problems = [
        (p.column or "", p.reason)
        for p in checked.problems
        if not (record_id is not None and p.row == 1 and p.reason.startswith("is missing"))
    ]
    problems += _code_taken(session, spec, checked.frame, record_id)
    if problems:
        return RecordCheck(problems)
    row = {c.attr: python_values(checked.frame[c.attr], c.kind)[0] for c in spec.columns}
    return RecordCheck([], row)


def _code_taken(
    session: Session, spec: Entity, frame: pd.DataFrame, record_id: int | None
) -> list[tuple[str, str]]:
    """A form creates or edits one row: a code another row holds is taken, not an update."""
    if spec.key != ("code",) or "code" not in frame or frame["code"].isna().all():
        return []
    table = spec.table
    owner = session.execute(
        select(table.c.id).where(table.c.code == frame["code"].iloc[0])
    ).scalar_one_or_none()
    if owner is None or owner == record_id:
        return []
    return [("code", f"is already used by another {spec.name.rstrip('s')}; choose another code")]


def validate_dealer(
    session: Session, values: Mapping[str, object], *, dealer_id: int | None = None
) -> RecordCheck:
    """A dealer form: credit code checksum, contract dates, capacity, region, uniqueness."""
    return validate_record(session, "dealers", values, record_id=dealer_id)


def validate_store(
    session: Session, values: Mapping[str, object], *, store_id: int | None = None
) -> RecordCheck:
    """A store form: kind, dealer (not a suspended one), city, dates, coordinates."""
    return validate_record(session, "stores", values, record_id=store_id)
