"""Uncaught exceptions (a slot, a paint event, a callback) are logged and shown, never fatal.

Qt calls `sys.excepthook` for an exception raised in Python code it called. The hook logs the
traceback to the log file and hands the exception to the shell, which shows it in the panel
whose code raised it, or in the status bar when no panel is to blame.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

log = logging.getLogger("console.uncaught")

Router = Callable[[BaseException, TracebackType | None], None]

_router: Router | None = None
_previous = None


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt) or _router is None:
        (_previous or sys.__excepthook__)(exc_type, exc, tb)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("uncaught exception\n%s", text)
    with contextlib.suppress(AttributeError):  # some built-in exceptions refuse attributes
        exc.traceback_text = text  # type: ignore[attr-defined]
    try:
        _router(exc, tb)
    except Exception:  # the error display itself failed: the log has both
        log.exception("could not show an uncaught exception")
    if _previous not in (None, sys.__excepthook__):
        _previous(exc_type, exc, tb)  # e.g. pytest-qt, which fails the test that raised


def install(router: Router) -> None:
    """Route uncaught exceptions to `router` (the latest main window) from now on."""
    global _router, _previous
    if sys.excepthook is not _hook:
        _previous = sys.excepthook
        sys.excepthook = _hook
    _router = router


def uninstall(router: Router) -> None:
    global _router
    if _router is router:
        _router = None
        if sys.excepthook is _hook:
            sys.excepthook = _previous or sys.__excepthook__
