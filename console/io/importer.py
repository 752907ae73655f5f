"""Import a file: read, check every row, then upsert all of it in one transaction — or nothing.

The same function serves the command line (`hq-console import`) and the panels (run it in a
worker; it reports coarse progress). Permission: `data.import`. One audit entry per import,
with the counts and the keys written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from console.db.uow import unit_of_work
from console.io.problems import ImportValidationError
from console.io.reader import read_table
from console.io.specs import entity as find_entity
from console.io.validate import validate_table
from console.io.write import apply_plan, plan_changes
from console.services.permissions import CurrentUser, require

Progress = Callable[[int, int, str], None]
AUDITED_KEYS = 200  # keys listed per audit entry; the counts are always complete


@dataclass(frozen=True)
class ImportResult:
    entity: str
    file: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    dry_run: bool
    notes: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        counts = f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged"
        if self.dry_run:
            return (
                f"{self.file} is valid ({self.rows} {self.entity} rows): an import would "
                f"give {counts}. Nothing was written (dry run)."
            )
        return f"Imported {self.rows} {self.entity} rows from {self.file}: {counts}."


def import_file(
    session_factory: Callable[[], Session],
    user: CurrentUser,
    entity: str,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Raise UserError for a file that is not CSV/XLSX, ImportValidationError (a UserError,
    with `.details`) listing every problem; otherwise write (unless `dry_run`) and return
    the counts."""
    report = progress or (lambda done, total, label: None)
    spec = find_entity(entity)
    require(user, "data.import")
    report(0, 3, "reading")
    raw = read_table(Path(path), spec)
    report(1, 3, "checking")
    with unit_of_work(session_factory, user, "data.import") as uow:
        checked = validate_table(uow.session, spec, raw)
        if checked.problems:
            raise ImportValidationError(raw.file, checked.problems, tuple(checked.notes))
        plan = plan_changes(checked)
        if not dry_run:
            report(2, 3, "writing")
            apply_plan(uow.session, plan)
            uow.audit(
                "import",
                spec.name,
                raw.file[:40],
                after={
                    "file": raw.file,
                    "rows": len(checked.frame),
                    "inserted": len(plan.inserts),
                    "updated": len(plan.updates),
                    "unchanged": plan.unchanged,
                    "inserted_keys": plan.keys(plan.inserts.head(AUDITED_KEYS)),
                    "updated_keys": plan.keys(plan.updates.head(AUDITED_KEYS)),
                },
            )
    report(3, 3, "done")
    return ImportResult(
        spec.name,
        raw.file,
        len(checked.frame),
        len(plan.inserts),
        len(plan.updates),
        plan.unchanged,
        dry_run,
        tuple(checked.notes),
    )
