"""Export an entity with exactly the columns the importer reads, so an export imports back.

CSV is written as UTF-8 with a BOM, which Excel needs to show Chinese names correctly; XLSX
has one sheet named after the entity, real date cells and text cells that are never formulas.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.errors import UserError
from console.io.reader import CSV_SUFFIXES, XLSX_SUFFIXES
from console.io.specs import Entity
from console.io.specs import entity as find_entity
from console.io.validate import as_parsed_types, code_lookup, rows_frame
from console.io.write import python_values


def export_frame(session: Session, entity: str) -> pd.DataFrame:
    """Every stored row of `entity`, one column per file column, sorted by key."""
    spec = find_entity(entity)
    table = spec.table
    attrs = list(dict.fromkeys(c.attr for c in spec.columns))
    query = select(*(table.c[a] for a in attrs))
    if spec.kinds:
        query = query.where(table.c[spec.kind_column].in_(spec.kinds))
    stored = as_parsed_types(spec, rows_frame(session.execute(query).all(), attrs))
    frame = pd.DataFrame(index=stored.index)
    for column in spec.columns:
        values = stored[column.attr]
        if column.ref is not None:
            codes = code_lookup(session, column.ref.table, ())
            values = values.map(dict(zip(codes["id"], codes["code"], strict=True))).astype("str")
        frame[column.name] = values
    return frame.sort_values(list(spec.key), kind="stable").reset_index(drop=True)


def export_file(session_factory: Callable[[], Session], entity: str, path: str | Path) -> int:
    """Write `entity` to a .csv or .xlsx file; returns the number of rows."""
    path = Path(path)
    spec = find_entity(entity)
    _check_target(path)
    with session_factory() as session:
        frame = export_frame(session, spec.name)
    write_table(frame, spec, path)
    return len(frame)


def write_table(frame: pd.DataFrame, spec: Entity, path: Path) -> None:
    """Write atomically: a failed export never leaves half a file under the final name."""
    _check_target(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if path.suffix.lower() in CSV_SUFFIXES:
            _write_csv(frame, spec, partial)
        else:
            _write_xlsx(frame, spec, partial)
        os.replace(partial, path)
    except OSError as exc:
        raise UserError(
            f"Cannot write {path} ({exc.strerror or exc}).",
            "Choose a folder you may write to, and close the file if Excel has it open.",
        ) from None
    finally:
        partial.unlink(missing_ok=True)


def _check_target(path: Path) -> None:
    if path.suffix.lower() not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise UserError(
            f"Cannot export to '{path.name}': the file name must end in .csv or .xlsx.",
            "Give a name such as dealers.xlsx or dealers.csv.",
        )
    if not path.parent.is_dir():
        raise UserError(
            f"The folder {path.parent} does not exist.", "Create it first or choose another folder."
        )


def _write_csv(frame: pd.DataFrame, spec: Entity, path: Path) -> None:
    shown = frame.copy()
    for column in spec.columns:
        if column.kind == "bool":
            shown[column.name] = (
                shown[column.name].map({True: "true", False: "false"}).astype("str")
            )
    shown.to_csv(
        path, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d", lineterminator="\n"
    )


def _write_xlsx(frame: pd.DataFrame, spec: Entity, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(spec.name)
    sheet.freeze_panes = "A2"
    for position, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = min(
            40, max(10, len(column.name) + 2, (column.max_length or 0) // 3)
        )
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(sheet, column.name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    columns = [python_values(frame[c.name], "text" if c.ref else c.kind) for c in spec.columns]
    for row in zip(*columns, strict=True):
        sheet.append(
            [
                _text_cell(sheet, v, WriteOnlyCell)
                if isinstance(v, str) and v.startswith("=")
                else v
                for v in row
            ]
        )
    book.save(path)


def _text_cell(sheet, value: str, make_cell):
    """A value starting with '=' stays text: openpyxl would otherwise write a formula."""
    cell = make_cell(sheet, value)
    cell.data_type = "s"
    return cell
