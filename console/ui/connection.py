"""Watch the database connection: notice an outage, tell the user, reconnect on Retry.

A heartbeat pings the database in the background; a panel's database error triggers an
immediate ping. While the database is unreachable the state is "lost"; Retry (or the next
successful heartbeat) brings it back without restarting anything, so panels keep their widgets
and whatever the user was typing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from console.ui.runner import BackgroundRunner

log = logging.getLogger(__name__)

CONNECTING, CONNECTED, LOST, DISCONNECTED = "connecting", "connected", "lost", "disconnected"


def is_connection_error(exc: BaseException) -> bool:
    """Could this error mean the database went away (rather than a bug or bad input)?"""
    from sqlalchemy.exc import DBAPIError, DisconnectionError

    if isinstance(exc, DisconnectionError):
        return True
    if isinstance(exc, DBAPIError):
        return True
    cause = exc.__cause__
    return cause is not None and cause is not exc and is_connection_error(cause)


_DROPPED = (
    "connection refused",
    "could not connect",
    "server closed the connection",
    "connection timeout",
    "timeout expired",
    "terminating connection",
)


def connection_dropped(exc: BaseException) -> bool:
    """Is this a database connection that failed or went away (not a failed query)?"""
    from sqlalchemy.exc import DBAPIError, DisconnectionError

    if isinstance(exc, DisconnectionError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    text = str(exc.orig).lower()
    return exc.connection_invalidated or any(words in text for words in _DROPPED)


def _ping(database, *, task) -> None:
    database.ping()


class ConnectionMonitor(QObject):
    state_changed = Signal(str)
    restored = Signal()

    def __init__(self, runner: BackgroundRunner, interval_ms: int = 15000, parent=None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.database = None
        self.state = DISCONNECTED
        self.last_error: BaseException | None = None
        self._checking = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def attach(self, database) -> None:
        self.database = database
        self.last_error = None
        self._set(CONNECTED)
        self._timer.start()

    def detach(self) -> None:
        self._timer.stop()
        self.database = None

    def connecting(self) -> None:
        self._set(CONNECTING)

    def disconnected(self, error: BaseException | None = None) -> None:
        self._timer.stop()
        self.last_error = error
        self._set(DISCONNECTED)

    def report(self, exc: BaseException) -> None:
        """A panel's task failed; if it smells like the connection, check at once."""
        if self.database is not None and is_connection_error(exc):
            self.check()

    def retry(self) -> None:
        """Drop pooled connections (a restarted server kills them all) and ping again."""
        if self.database is not None:
            self.database.dispose()
            self.check()

    def check(self) -> None:
        if self.database is None or self._checking:
            return
        self._checking = True
        self.runner.submit(
            _ping, self.database, key="shell:ping",
            on_result=lambda _: self._answered(None),
            on_error=self._answered,
        )  # fmt: skip

    def _answered(self, error: BaseException | None) -> None:
        self._checking = False
        if error is None:
            was_lost = self.state == LOST
            self.last_error = None
            self._set(CONNECTED)
            if was_lost:
                log.info("database connection restored")
                self.restored.emit()
        else:
            if self.state != LOST:
                log.warning("database connection lost: %s", error)
            self.last_error = error
            self._set(LOST)

    def _set(self, state: str) -> None:
        changed = state != self.state
        self.state = state
        if changed or state == LOST:
            self.state_changed.emit(state)
