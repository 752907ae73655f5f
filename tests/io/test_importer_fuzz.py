"""Malformed files never crash the importer and never write a row.

Whatever the bytes or cells, an import either succeeds or raises a UserError (a
ValidationError for bad rows); when it raises, every table it may write is unchanged.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from console.errors import UserError
from console.io.importer import import_file
from console.io.problems import ImportValidationError
from tests.io.helpers import (
    ADMIN,
    ORDER,
    SAMPLES,
    columns,
    fingerprint,
    write_rows,
)

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "1e308",
            "-1e309",
            "1e400",
            "NaN",
            "inf",
            "9" * 40,
            "0x1F",
            "1,5",
            "１２",
            "2024-02-30",
            "2024-13-01",
            "0000-00-00",
            "=1+1",
            "\x00",
            "\ufeff",
            "é",
            "经销商",
            "true",
            "None",
            "null",
            "91350100M000100Y43",
            "D001",
            "S001",
            "SOFA-3S-GRY",
            "EAST",
            "2024-01-01",
            "franchise",
            "suspended",
            "15%",
            "%",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
CLEAN_TEXT = st.one_of(st.text(PRINTABLE, max_size=30), st.sampled_from(["", "-1", "1e400", "x"]))
XLSX_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.text(PRINTABLE, max_size=20),
)


def attempt(db, path: Path, entity: str) -> bool:
    """Import; True if it was written. Anything but a UserError fails the test, and a refused
    file must leave the database exactly as it was."""
    before = fingerprint(db)
    try:
        import_file(db.sessions, ADMIN, entity, path)
    except UserError:
        assert fingerprint(db) == before, f"{path.name} was refused but wrote rows"
        return False
    return True


@FUZZ
@given(
    data=st.binary(max_size=2048),
    suffix=st.sampled_from([".csv", ".xlsx"]),
    entity=st.sampled_from(ORDER),
)
def test_random_bytes(loaded_db, tmp_path, data, suffix, entity):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    assert not attempt(loaded_db, path, entity)


@FUZZ
@given(entity=st.sampled_from(ORDER), data=st.data())
def test_random_cells_in_a_valid_layout(loaded_db, tmp_path, entity, data):
    """Random values in random cells of a valid file: accepted or refused, never half."""
    rows = [dict(r) for r in SAMPLES[entity]]
    names = columns(entity)
    for _ in range(data.draw(st.integers(1, 6))):
        row = data.draw(st.integers(0, len(rows) - 1))
        rows[row][data.draw(st.sampled_from(names))] = data.draw(NASTY_TEXT)
    suffix = data.draw(st.sampled_from([".csv", ".xlsx"]))
    try:
        path = write_rows(tmp_path / f"cells{suffix}", rows)
    except IllegalCharacterError:  # a control character no XLSX cell can hold
        return
    attempt(loaded_db, path, entity)


@FUZZ
@given(entity=st.sampled_from(ORDER), data=st.data())
def test_a_surely_bad_cell_refuses_the_whole_file(loaded_db, tmp_path, entity, data):
    """One certainly invalid cell plus random noise: refused, with that cell among the
    problems, and nothing written."""
    rows = [dict(r) for r in SAMPLES[entity]]
    names = columns(entity)
    for _ in range(data.draw(st.integers(0, 4))):
        rows[data.draw(st.integers(0, len(rows) - 1))][data.draw(st.sampled_from(names))] = (
            data.draw(CLEAN_TEXT)
        )
    target = data.draw(st.integers(0, len(rows) - 1))
    column = names[-1]  # numeric, date or status columns: a word is never valid there
    rows[target][column] = "definitely-not-valid"
    path = write_rows(tmp_path / "bad.csv", rows)
    before = fingerprint(loaded_db)
    with pytest.raises(ImportValidationError) as caught:
        import_file(loaded_db.sessions, ADMIN, entity, path)
    assert (target + 2, column) in {(p.row, p.column) for p in caught.value.details}
    assert fingerprint(loaded_db) == before


@FUZZ
@given(entity=st.sampled_from(ORDER), data=st.data())
def test_missing_extra_and_shuffled_columns(loaded_db, tmp_path, entity, data):
    names = columns(entity)
    kept = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    extra = data.draw(st.lists(st.text(min_size=1, max_size=8), max_size=3))
    header = data.draw(st.permutations(kept + extra))
    rows = [[r.get(h, "x") for h in header] for r in SAMPLES[entity]]
    path = write_rows(tmp_path / "columns.csv", rows, header=header)
    from console.io.reader import normalize_header

    given_names = {normalize_header(h) for h in header}
    written = attempt(loaded_db, path, entity)
    if written:
        assert _required(entity) <= given_names
        assert given_names - {""} <= set(names)


def _required(entity: str) -> set[str]:
    from console.io.specs import ENTITIES

    return set(ENTITIES[entity].required_columns)


@FUZZ
@given(entity=st.sampled_from(ORDER), data=st.data())
def test_random_typed_xlsx_cells(loaded_db, tmp_path, entity, data):
    header = columns(entity)
    rows = data.draw(
        st.lists(
            st.lists(XLSX_VALUE, min_size=len(header), max_size=len(header)), min_size=1, max_size=4
        )
    )
    path = write_rows(tmp_path / "typed.xlsx", rows, header=header)
    attempt(loaded_db, path, entity)


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), min_size=1, max_size=8)
)
def test_damaged_workbook(loaded_db, tmp_path, flips):
    path = write_rows(tmp_path / "good.xlsx", [dict(SAMPLES["dealers"][0], tier="gold")])
    data = bytearray(path.read_bytes())
    for position, value in flips:
        data[position % len(data)] ^= value
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    attempt(loaded_db, damaged, "dealers")


def test_workbook_without_worksheets_is_refused(loaded_db, tmp_path):
    path = tmp_path / "hollow.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert not attempt(loaded_db, path, "dealers")
