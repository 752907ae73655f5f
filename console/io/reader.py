"""Read a CSV or XLSX file into a table of text cells, with Excel's row numbers.

A file that is not what its name says (a renamed PDF, an old .xls, binary garbage, an empty
file) is refused with one sentence naming the problem and the fix, before any row is checked.
CSV files may be UTF-8 (with or without the BOM Excel writes for "CSV UTF-8") or GBK/GB18030
(what Chinese Excel writes for plain "CSV"); the encoding that was used is reported back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from console.errors import UserError
from console.io.cells import cell_text
from console.io.problems import Problem
from console.io.specs import Entity

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SAVE_AS = "Save the data from Excel as .xlsx or as 'CSV UTF-8 (comma delimited)'"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SIGNATURES = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"\x1f\x8b", "gzip"),
)
_LOOKS_LIKE = {
    "zip": "a ZIP archive",
    "ole2": "an old Excel 97-2003 (.xls) or password-protected workbook",
    "pdf": "a PDF document",
    "image": "an image",
    "gzip": "a compressed (gzip) file",
    "binary": "a binary file",
    "text": "a text (CSV) file",
}


@dataclass
class RawTable:
    """The cells of one sheet as text; `rows[i]` is the Excel row number of `frame` row i."""

    file: str
    header: list[str]  # normalized column names, in file order
    frame: pd.DataFrame  # columns 0..len(header)-1, dtype str, stripped, "" = empty
    rows: np.ndarray
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def normalize_header(name: str) -> str:
    """'Dealer Code ' and 'dealer-code' both mean the column dealer_code."""
    return re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip().lower())


def read_table(path: Path, entity: Entity) -> RawTable:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise UserError(_wrong_suffix(path.name, suffix), f"{SAVE_AS}, and import that file.")
    data = _read_bytes(path)
    if not data.strip() or data in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise UserError(
            f"{path.name} is empty.",
            f"Put a header row with the column names of {entity.name} in row 1 "
            "and one record per row below it (an export shows the layout).",
        )
    kind = sniff(data)
    if suffix in XLSX_SUFFIXES:
        if kind != "zip":
            raise UserError(
                f"{path.name} is not an XLSX workbook: it looks like {_LOOKS_LIKE[kind]}.",
                _fix_for(kind, "xlsx"),
            )
        return _read_xlsx(data, path.name, entity)
    if kind != "text":
        raise UserError(
            f"{path.name} is not a CSV text file: it looks like {_LOOKS_LIKE[kind]}.",
            _fix_for(kind, "csv"),
        )
    return _read_csv(data, path.name)


def sniff(data: bytes) -> str:
    """What the bytes are, whatever the file is called."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16, as Excel's "Unicode Text"
    if b"\x00" in data[:65536]:
        return "binary"
    return "text"


def _wrong_suffix(name: str, suffix: str) -> str:
    if suffix == ".xls":
        return f"{name} is an old Excel 97-2003 workbook (.xls), which cannot be imported."
    if not suffix:
        return f"{name} has no file extension, so it is not known to be CSV or XLSX."
    return f"{name} is a '{suffix}' file; only .csv and .xlsx files can be imported."


def _fix_for(kind: str, suffix: str) -> str:
    if kind == "zip":
        return (
            "If it is an Excel workbook, rename it to end in .xlsx; otherwise "
            + SAVE_AS[0].lower()
            + SAVE_AS[1:]
            + "."
        )
    if kind == "text":
        return (
            "If it holds comma-separated rows, rename it to end in .csv; otherwise "
            + SAVE_AS[0].lower()
            + SAVE_AS[1:]
            + "."
        )
    if kind == "ole2":
        return "Open it in Excel (removing any password) and save it as .xlsx."
    return f"{SAVE_AS}, and import that .{suffix} file."


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            f"The file {path} does not exist.", "Check the path and the file name."
        ) from None
    except IsADirectoryError:
        raise UserError(
            f"{path} is a folder, not a file.", "Give the path of a .csv or .xlsx file."
        ) from None
    except OSError as exc:
        raise UserError(
            f"Cannot read {path} ({exc.strerror or exc}).",
            "Check that the file exists and that you may read it.",
        ) from None


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = [("utf-8-sig", None)]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = [("utf-16", "UTF-16 (Excel's 'Unicode Text')")]
    else:
        encodings = [
            ("utf-8", None),
            (
                "gb18030",
                "GBK (GB18030), the encoding Chinese Excel uses for plain "
                "'CSV (comma delimited)'; save as 'CSV UTF-8' to avoid the "
                "guess",
            ),
        ]
    for encoding, note in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        if sample and len(_CONTROL.findall(sample)) > len(sample) // 20:
            break
        return text, [f"{name} was read as {note}."] if note else []
    raise UserError(
        f"{name} is not a text file in UTF-8 or GBK (it looks like a binary file).",
        f"{SAVE_AS}, and import that file.",
    )


def _delimiter(text: str) -> str:
    """Comma, unless the header line is clearly separated by tabs or semicolons."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_csv(data: bytes, name: str) -> RawTable:
    text, notes = _decode(data, name)
    delimiter = _delimiter(text)
    try:  # pandas' C parser is fast; it refuses rows longer than the header
        cells = pd.read_csv(
            io.StringIO(text, newline=""),
            sep=delimiter,
            header=None,
            dtype="str",
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except Exception:
        cells = _frame(_csv_records(text, delimiter, name))
    return _table(name, cells.fillna(""), notes, lambda i: f"#{i + 1}")


def _csv_records(text: str, delimiter: str, name: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        raise UserError(
            f"{name} is not a well-formed CSV file (line {reader.line_num}: {exc}).",
            f"{SAVE_AS}, and import that file.",
        ) from None


def _frame(records: list[list[str]]) -> pd.DataFrame:
    """Records of any lengths as a rectangular table of text."""
    width = max((len(r) for r in records), default=0)
    padded = [r + [""] * (width - len(r)) if len(r) < width else r for r in records]
    return pd.DataFrame(padded, columns=range(width), dtype="str")


def _read_xlsx(data: bytes, name: str, entity: Entity) -> RawTable:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise UserError(
            f"{name} is not a readable XLSX workbook (it is damaged or not really an Excel file).",
            "Open it in Excel and save it again as .xlsx.",
        ) from None
    try:
        sheets = book.worksheets
        if not sheets:
            raise UserError(f"{name} has no worksheet.", "Put the data on the first sheet.")
        wanted = {normalize_header(s) for s in entity.sheet_names}
        sheet = next((s for s in sheets if normalize_header(s.title) in wanted), sheets[0])
        notes = [f"{name}: read the sheet '{sheet.title}'."] if len(sheets) > 1 else []
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # a wrong stored size would make every row 16,384 wide
        try:
            cells = _frame(
                [
                    [v if type(v) is str else cell_text(v) for v in row]
                    for row in sheet.iter_rows(values_only=True)
                ]
            )
        except Exception:
            raise UserError(
                f"The sheet '{sheet.title}' of {name} cannot be read (the workbook is damaged).",
                "Open it in Excel and save it again as .xlsx.",
            ) from None
    finally:
        book.close()
    return _table(name, cells, notes, lambda i: get_column_letter(i + 1), sheet=sheet.title)


def _strip(column: pd.Series) -> pd.Series:
    """Strip each distinct value once (columns repeat values a lot)."""
    codes, uniques = pd.factorize(column.fillna(""))
    stripped = np.array([str(v).strip() for v in uniques] or [""], dtype=object)
    return pd.Series(stripped[codes], index=column.index, dtype="str")


def _table(
    name: str,
    cells: pd.DataFrame,
    notes: list[str],
    column_label: Callable[[int], str],
    sheet: str | None = None,
) -> RawTable:
    """Row 0 of `cells` is the header; the others become data rows numbered as in Excel."""
    cells = cells.apply(_strip) if len(cells.columns) else cells
    where = f"the sheet '{sheet}' of {name}" if sheet else name
    if cells.empty or not cells.iloc[0].ne("").any():
        if cells.ne("").any().any():
            raise UserError(
                f"Row 1 of {where} is empty, but it must hold the column names.",
                "Put the header row (as in an export) in row 1.",
            )
        raise UserError(
            f"{where[0].upper()}{where[1:]} is empty.",
            "Put a header row with the column names in row 1 and one record per "
            "row below it (an export shows the layout).",
        )
    header = [normalize_header(c) for c in cells.iloc[0]]
    while not header[-1]:
        header.pop()
    body = cells.iloc[1:]
    rows = body.index.to_numpy(dtype="int64") + 1
    problems = []
    for position in range(len(header), len(cells.columns)):
        for index in np.flatnonzero(body[position].ne("").to_numpy()):
            problems.append(
                Problem(
                    name,
                    int(rows[index]),
                    column_label(position),
                    "holds a value but has no column name in row 1",
                )
            )
    body = body[list(range(len(header)))]
    keep = body.ne("").any(axis=1).to_numpy()
    return RawTable(
        name, header, body[keep].reset_index(drop=True), rows[keep], notes, sorted(set(problems))
    )
