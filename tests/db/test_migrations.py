"""The migrations build the same schema on SQLite and PostgreSQL, and `db check` tells states."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from console.__main__ import main
from console.db import migrate
from console.db.engine import make_engine
from console.db.models import Base


def _family(sql_type) -> str:
    """A dialect-neutral type family: both databases must agree on it."""
    try:
        generic = sql_type.as_generic()
    except NotImplementedError:
        return type(sql_type).__name__
    name = type(generic).__name__
    return {
        "Numeric": "Numeric",
        "Float": "Numeric",
        "Double": "Numeric",
        "BigInteger": "Integer",
        "SmallInteger": "Integer",
        "Text": "String",
    }.get(name, name)


def _schema(url) -> dict:
    engine = make_engine(url)
    migrate.upgrade(engine)
    insp = inspect(engine)
    schema = {}
    for table in sorted(set(insp.get_table_names()) - {"alembic_version"}):
        columns = sorted(
            (c["name"], _family(c["type"]), c["nullable"]) for c in insp.get_columns(table)
        )
        schema[table] = {
            "columns": columns,
            "pk": sorted(insp.get_pk_constraint(table)["constrained_columns"]),
            "fks": sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                )
                for fk in insp.get_foreign_keys(table)
            ),
            "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table)),
            "checks": sorted(c["name"] for c in insp.get_check_constraints(table)),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)
                if not i.get("duplicates_constraint")  # PostgreSQL backs UNIQUE with an index
            ),
        }
    engine.dispose()
    return schema


@pytest.mark.pg
def test_same_schema_on_sqlite_and_postgresql(sqlite_url, pg_url):
    on_sqlite = _schema(sqlite_url)
    on_pg = _schema(pg_url)
    assert set(on_sqlite) == set(Base.metadata.tables)
    assert on_sqlite == on_pg


def test_schema_matches_models(sqlite_url):
    """The initial migration is current with the models (regenerate it after model changes)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_check_reports_each_state(sqlite_url, capsys, monkeypatch):
    db = ["--db", sqlite_url.render_as_string()]
    assert main(["db", "check", *db]) == 1
    assert "empty" in capsys.readouterr().out
    assert main([*db, "db", "upgrade"]) == 0  # --db before the subcommand works too
    assert main(["db", "check", *db]) == 0
    assert "current" in capsys.readouterr().out

    monkeypatch.setattr(migrate, "head_revision", lambda: "0002")
    assert main(["db", "check", *db]) == 1
    out = capsys.readouterr().out
    assert "too old" in out and "hq-console db upgrade" in out
    monkeypatch.undo()

    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    assert main(["db", "check", *db]) == 1
    assert "newer than this build" in capsys.readouterr().out
    assert main(["db", "upgrade", *db]) == 2
    assert "newer" in capsys.readouterr().err


def test_foreign_database_is_refused(tmp_path, capsys):
    path = tmp_path / "other.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    assert main(["db", "upgrade", "--db", f"sqlite:///{path}"]) == 2
    assert "not an HQ Console database" in capsys.readouterr().err
    with engine.connect() as conn:  # nothing was written
        assert inspect(conn).get_table_names() == ["invoices"]


def test_not_a_sqlite_file(tmp_path, capsys):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are not database pages " * 200)
    assert main(["db", "check", "--db", f"sqlite:///{path}"]) == 2
    err = capsys.readouterr().err
    assert "not a SQLite database" in err and "Traceback" not in err


def test_unreachable_server_and_bad_url(capsys):
    assert main(["db", "check", "--db", "postgresql://nobody@127.0.0.1:1/none"]) == 2
    assert "Cannot reach the database server" in capsys.readouterr().err
    assert main(["db", "check", "--db", "not a url"]) == 2
    assert "is not a database URL" in capsys.readouterr().err


def test_light_head_revision_matches_alembic():
    from console.db.schema_version import HEAD_REVISION

    assert migrate.head_revision() == HEAD_REVISION
