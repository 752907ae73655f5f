"""All-or-nothing bulk loading of numpy columns into SQLite (executemany) or PostgreSQL (COPY).

One transaction for the whole seed: on an error or a cancel it is rolled back and the database
is as it was. Secondary indexes (and on PostgreSQL foreign keys) of the big tables are dropped
for the load and rebuilt from their own stored definitions before the commit: building an index
once is several times faster than updating it row by row. A background thread writes while the
caller generates the next batch, so the two cores both work.

Column conventions: nullable integer columns use negative values for NULL, floats NaN, strings
None, timestamps NaT; timestamps are numpy datetime64.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

import numpy as np
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    Numeric,
    Table,
    inspect,
)

from console.db.demo import pgcopy
from console.db.models import Base

Columns = Mapping[str, np.ndarray]
_SQLITE_BATCH = 200_000
_SQLITE_ROWS_PER_INSERT = 200
_SQLITE_MAX_PARAMS = 32_000  # SQLite >= 3.32 allows 32,766 parameters per statement
_PG_BATCH = 100_000


def _kind(table: Table, name: str) -> str:
    sql_type = table.c[name].type
    if isinstance(sql_type, Boolean):
        return "bool"
    if isinstance(sql_type, DateTime):
        return "datetime"
    if isinstance(sql_type, Date):
        return "date"
    if isinstance(sql_type, Integer):
        return "int"
    if isinstance(sql_type, Float):
        return "float"
    if isinstance(sql_type, Numeric):
        return f"numeric{sql_type.scale or 0}"
    if isinstance(sql_type, JSON):
        return "json"
    return "str"


@cache
def _time_of_day() -> np.ndarray:
    """'HH:MM:SS.000000' for every second of a day: SQLAlchemy's SQLite DateTime format."""
    clock = np.datetime_as_string(np.arange(86_400).astype("datetime64[s]"))  # 1970-01-01T..
    return np.char.add(
        clock.astype("U19").view("U1").reshape(-1, 19)[:, 11:].copy().view("U8").ravel(), ".000000"
    )


def _sqlite_datetimes(values: np.ndarray) -> list:
    null = np.isnat(values)
    seconds = np.where(null, 0, values.astype("datetime64[s]").astype(np.int64))
    day, second = np.divmod(seconds, 86_400)
    unique, inverse = np.unique(day, return_inverse=True)
    day_text = np.char.add(np.datetime_as_string(unique.astype("datetime64[D]")), " ")
    text = np.char.add(day_text[inverse], _time_of_day()[second]).astype(object)
    text[null] = None
    return text.tolist()


def _with_nulls(values: np.ndarray, null: np.ndarray) -> list:
    if not null.any():
        return values.tolist()
    objects = values.astype(object)
    objects[null] = None
    return objects.tolist()


def sqlite_values(kind: str, values: np.ndarray, nullable: bool) -> list:
    """A column as Python values the sqlite3 module binds the way SQLAlchemy would store them."""
    if kind == "int":
        ints = np.asarray(values, dtype=np.int64)
        return _with_nulls(ints, ints < 0) if nullable else ints.tolist()
    if kind == "float" or kind.startswith("numeric"):
        floats = np.asarray(values, dtype=np.float64)
        return _with_nulls(floats, np.isnan(floats))
    if kind == "bool":
        return np.asarray(values, dtype=bool).astype(np.int64).tolist()
    if kind == "datetime":
        return _sqlite_datetimes(np.asarray(values, dtype="datetime64[s]"))
    if kind == "date":
        dates = np.asarray(values, dtype="datetime64[D]")
        return _with_nulls(np.datetime_as_string(dates).astype(object), np.isnat(dates))
    return np.asarray(values, dtype=object).tolist()


def pg_field(kind: str, values: np.ndarray, nullable: bool) -> pgcopy.Field:
    if kind == "int":
        ints = np.asarray(values, dtype=np.int64)
        return pgcopy.int4(ints, ints < 0 if nullable else None)
    if kind == "float":
        floats = np.asarray(values, dtype=np.float64)
        return pgcopy.float8(floats, np.isnan(floats))
    if kind.startswith("numeric"):
        return pgcopy.numeric(np.asarray(values, dtype=np.float64), int(kind[7:]))
    if kind == "bool":
        return pgcopy.boolean(np.asarray(values, dtype=bool))
    if kind == "datetime":
        return pgcopy.timestamp(np.asarray(values, dtype="datetime64[s]"))
    if kind == "date":
        return pgcopy.date(np.asarray(values, dtype="datetime64[D]"))
    return pgcopy.text(np.asarray(values, dtype=object))


def seeded_tables(engine: Engine) -> list[Table]:
    """The HQ Console tables this database has, parents before children."""
    existing = set(inspect(engine).get_table_names())
    return [t for t in Base.metadata.sorted_tables if t.name in existing]


class BulkLoad:
    """A transaction that bulk-inserts numpy columns; subclasses speak one dialect."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.tables = seeded_tables(engine)
        self.raw = engine.raw_connection()
        self.connection = self.raw.driver_connection
        self.rows: Counter[str] = Counter()
        self._deferred: list[tuple[str, ...]] = []

    def write(self, table_name: str, columns: Columns) -> int:
        table = Base.metadata.tables[table_name]
        names = list(columns)
        count = len(next(iter(columns.values())))
        if count:
            self._insert(table, names, columns, count)
        self.rows[table_name] += count
        return count

    def nonempty_tables(self) -> list[str]:
        return [t.name for t in self.tables if self._scalar(f"SELECT 1 FROM {t.name} LIMIT 1")]

    def forget_meta(self, keys: Iterable[str]) -> None:
        """Delete these app_meta facts (the seed writes them anew)."""
        listed = ", ".join(f"'{key}'" for key in keys)
        cursor = self.connection.cursor()
        try:
            cursor.execute(f"DELETE FROM app_meta WHERE key IN ({listed})")
        finally:
            cursor.close()

    def close(self) -> None:
        self.raw.close()

    # dialect specifics
    def begin(self) -> None:
        raise NotImplementedError

    def empty_all(self) -> None:
        raise NotImplementedError

    def defer_indexes(self, tables: Iterable[str]) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    def _insert(self, table: Table, names: list[str], columns: Columns, count: int) -> None:
        raise NotImplementedError

    def _scalar(self, sql: str):
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql)
            row = cursor.fetchone()
            return row[0] if row else None
        finally:
            cursor.close()


class SqliteLoad(BulkLoad):
    """Multi-row INSERTs over the raw sqlite3 connection.

    Foreign keys are not checked during the load (the generator builds consistent keys and the
    test suite checks them); PRAGMA threads lets SQLite sort with two threads to build indexes.
    """

    def begin(self) -> None:
        self._isolation = self.connection.isolation_level
        self.connection.isolation_level = None  # we issue BEGIN / COMMIT ourselves
        for pragma in (
            "foreign_keys=OFF",
            "synchronous=OFF",
            "cache_size=-262144",
            "temp_store=MEMORY",
            "threads=2",
        ):
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.execute("BEGIN IMMEDIATE")

    def empty_all(self) -> None:
        for table in reversed(self.tables):
            self.connection.execute(f"DELETE FROM {table.name}")

    def defer_indexes(self, tables: Iterable[str]) -> None:
        wanted = set(tables)
        found = self.connection.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        for name, table, sql in found:
            if table in wanted:
                self.connection.execute(f'DROP INDEX "{name}"')
                self._deferred.append((sql,))

    def _insert(self, table: Table, names: list[str], columns: Columns, count: int) -> None:
        """Many rows per INSERT statement: SQLite evaluates an enum CHECK (`x IN (...)`) by
        building a small lookup table once per statement execution, which row-by-row inserts
        would pay for every row."""
        width = len(names)
        per_statement = max(1, min(_SQLITE_ROWS_PER_INSERT, _SQLITE_MAX_PARAMS // width))
        head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
        row = f"({', '.join('?' * width)})"
        kinds = [(_kind(table, n), table.c[n].nullable) for n in names]
        for start in range(0, count, _SQLITE_BATCH):
            part = slice(start, start + _SQLITE_BATCH)
            values = [
                sqlite_values(kind, np.asarray(columns[n])[part], nullable)
                for n, (kind, nullable) in zip(names, kinds, strict=True)
            ]
            rows = len(values[0])
            flat = list(itertools.chain.from_iterable(zip(*values, strict=True)))
            full = rows // per_statement * per_statement
            step = per_statement * width
            if full:
                self.connection.executemany(
                    head + ", ".join([row] * per_statement),
                    (flat[i : i + step] for i in range(0, full * width, step)),
                )
            if rows > full:
                self.connection.execute(
                    head + ", ".join([row] * (rows - full)), flat[full * width :]
                )

    def commit(self) -> None:
        for (sql,) in self._deferred:
            self.connection.execute(sql)
        self.connection.execute("COMMIT")
        self._restore()
        self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # Statistics for the query planner from a sample of each index: enough, and quick.
        self.connection.execute("PRAGMA analysis_limit=1000")
        self.connection.execute("ANALYZE")

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        self._restore()

    def _restore(self) -> None:
        for pragma in ("foreign_keys=ON", "synchronous=NORMAL", "cache_size=-2000", "threads=0"):
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.isolation_level = self._isolation


class PostgresLoad(BulkLoad):
    """Binary COPY over the raw psycopg connection; id sequences reset afterwards."""

    def begin(self) -> None:
        self.connection.autocommit = False
        self.connection.execute("SET LOCAL maintenance_work_mem = '256MB'")

    def empty_all(self) -> None:
        names = ", ".join(t.name for t in self.tables)
        self.connection.execute(f"TRUNCATE {names} RESTART IDENTITY")

    def defer_indexes(self, tables: Iterable[str]) -> None:
        wanted = list(tables)
        constraints = self.connection.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'f' "
            "AND c.conrelid::regclass::text = ANY(%s)",
            (wanted,),
        ).fetchall()
        indexes = self.connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            (wanted,),
        ).fetchall()
        for table, name, definition in constraints:
            self.connection.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            self._deferred.append((f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}',))
        for name, definition in indexes:
            self.connection.execute(f'DROP INDEX "{name}"')
            self._deferred.insert(0, (definition,))

    def _insert(self, table: Table, names: list[str], columns: Columns, count: int) -> None:
        from psycopg.copy import QueuedLibpqWriter

        kinds = [(_kind(table, n), table.c[n].nullable) for n in names]
        sql = f"COPY {table.name} ({', '.join(names)}) FROM STDIN (FORMAT binary)"
        with (
            self.connection.cursor() as cursor,
            cursor.copy(sql, writer=QueuedLibpqWriter(cursor)) as copy,
        ):
            copy.write(pgcopy.HEADER)
            for start in range(0, count, _PG_BATCH):
                part = slice(start, start + _PG_BATCH)
                fields = [
                    pg_field(kind, np.asarray(columns[n])[part], nullable)
                    for n, (kind, nullable) in zip(names, kinds, strict=True)
                ]
                copy.write(pgcopy.encode_rows(fields))
            copy.write(pgcopy.TRAILER)

    def commit(self) -> None:
        for (sql,) in self._deferred:
            self.connection.execute(sql)
        for table in self.tables:
            if "id" in table.c and table.c.id.primary_key:
                self.connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
        self.connection.commit()
        self.connection.autocommit = True
        try:
            self.connection.execute("ANALYZE")
        finally:
            self.connection.autocommit = False

    def rollback(self) -> None:
        self.connection.rollback()


def open_load(engine: Engine) -> BulkLoad:
    return SqliteLoad(engine) if engine.dialect.name == "sqlite" else PostgresLoad(engine)


class BackgroundWriter:
    """Runs a BulkLoad's writes in a thread, so generating the next batch overlaps the insert.

    A write error is raised in the caller at its next write or at `join`.
    """

    def __init__(self, load: BulkLoad) -> None:
        self.load = load
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="demo-seed-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._error is None and not self._stopped:
                try:
                    self.load.write(*job)
                except BaseException as exc:  # handed to the caller's thread
                    self._error = exc

    def write(self, table: str, columns: Columns) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((table, columns))

    def join(self) -> None:
        """Wait for every queued write; raise the first write error, if any."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        """Skip the queued writes and wait for the one in progress (before a rollback)."""
        self._stopped = True
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
