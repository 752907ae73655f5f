"""Database fixtures for the import/export tests (copies of two prepared SQLite files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.io.helpers import copy_database, prepare_templates


@pytest.fixture(scope="session")
def io_templates(tmp_path_factory) -> tuple[Path, Path]:
    return prepare_templates(tmp_path_factory.mktemp("io-templates"))


@pytest.fixture
def db(io_templates, tmp_path: Path):
    """Regions, cities, categories, channels and users; no dealers yet."""
    database = copy_database(io_templates[0], tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def loaded_db(io_templates, tmp_path: Path):
    """`db` plus the SAMPLES of every entity."""
    database = copy_database(io_templates[1], tmp_path)
    yield database
    database.dispose()
