"""What a query function accepts: an engine (it opens and closes its own connection) or a
connection (the caller's transaction, e.g. a unit of work that reads before it writes)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

Bind = Engine | Connection


@contextmanager
def connected(bind: Bind) -> Iterator[Connection]:
    """The connection itself, or a new one from the engine, closed afterwards."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as conn:
            yield conn
