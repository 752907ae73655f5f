"""Background work on QThreadPool: progress, cancel, results and errors back by signal.

The GUI thread never waits on the database or on computation. A task function receives a
TaskControl as keyword `task`; long loops call `task.check()` (raises Cancelled) or read
`task.cancelled`, and report `task.progress(done, total, label)`.
A task submitted with a `key` supersedes the earlier task with that key: the earlier one is
cancelled and its result dropped, so results never arrive out of order.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class TaskControl:
    def __init__(self, emit_progress: Callable[[int, int, str], None]) -> None:
        self._cancel = threading.Event()
        self._emit_progress = emit_progress

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, label: str = "") -> None:
        self.check()
        self._emit_progress(int(done), int(total), label)


class TaskHandle(QObject):
    """Lives on the GUI thread; its signals are delivered there (queued from the worker)."""

    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception (its traceback text in .traceback_text)
    progressed = Signal(int, int, str)
    cancelled = Signal()
    done = Signal()  # after any of finished / failed / cancelled

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.control = TaskControl(self.progressed.emit)
        self.superseded = False

    def cancel(self) -> None:
        self.control.cancel()

    @property
    def is_cancelled(self) -> bool:
        return self.control.cancelled


class _Job(QRunnable):
    def __init__(self, handle: TaskHandle, fn: Callable[..., Any], args: tuple, kwargs: dict):
        super().__init__()
        self.setAutoDelete(True)
        self.handle, self.fn, self.args, self.kwargs = handle, fn, args, kwargs

    def run(self) -> None:
        handle = self.handle
        try:
            result = self.fn(*self.args, task=handle.control, **self.kwargs)
        except Cancelled:
            handle.cancelled.emit()
        except BaseException as exc:  # delivered to the GUI, logged there with its traceback
            exc.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
            if handle.control.cancelled:
                handle.cancelled.emit()
            else:
                handle.failed.emit(exc)
        else:
            if handle.control.cancelled:
                handle.cancelled.emit()
            else:
                handle.finished.emit(result)
        handle.done.emit()


class BackgroundRunner(QObject):
    """Submits work to a thread pool and keeps the handles alive until they are done."""

    busy_changed = Signal(int)  # number of running tasks

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        # Keep idle threads: starting a thread costs tens of ms on a busy machine, and a
        # panel's first query should not pay for it on the GUI thread.
        self.pool.setExpiryTimeout(-1)
        # Queries wait on the database (and release the GIL): a slow one must not hold up the
        # connection heartbeat or a search, so allow more threads than cores.
        self.pool.setMaxThreadCount(max(self.pool.maxThreadCount(), 6))
        self._running: set[TaskHandle] = set()
        self._by_key: dict[str, TaskHandle] = {}

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        key: str | None = None,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> TaskHandle:
        """Run `fn(*args, task=TaskControl, **kwargs)` on the pool; callbacks run on the GUI."""
        if key is not None and key in self._by_key:
            previous = self._by_key[key]
            previous.superseded = True
            previous.cancel()
        handle = TaskHandle(key or getattr(fn, "__name__", "task"))
        if on_result:
            handle.finished.connect(lambda r, h=handle: None if h.superseded else on_result(r))
        if on_error:
            handle.failed.connect(lambda e, h=handle: None if h.superseded else on_error(e))
        else:
            handle.failed.connect(
                lambda e: log.error(
                    "background task failed: %s\n%s", e, getattr(e, "traceback_text", "")
                )
            )
        if on_progress:
            handle.progressed.connect(
                lambda d, t, label, h=handle: None if h.superseded else on_progress(d, t, label)
            )
        if on_cancelled:
            handle.cancelled.connect(lambda h=handle: None if h.superseded else on_cancelled())
        handle.done.connect(lambda h=handle, k=key: self._forget(h, k))
        self._running.add(handle)
        if key is not None:
            self._by_key[key] = handle
        self.busy_changed.emit(len(self._running))
        self.pool.start(_Job(handle, fn, args, kwargs))
        return handle

    def _forget(self, handle: TaskHandle, key: str | None) -> None:
        self._running.discard(handle)
        if key is not None and self._by_key.get(key) is handle:
            del self._by_key[key]
        self.busy_changed.emit(len(self._running))

    @property
    def running(self) -> int:
        return len(self._running)

    def cancel_prefix(self, prefix: str) -> None:
        """Cancel the keyed tasks whose key starts with `prefix` (e.g. a closing panel's)."""
        for key, handle in list(self._by_key.items()):
            if key.startswith(prefix):
                handle.cancel()

    def cancel_all(self) -> None:
        for handle in list(self._running):
            handle.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
