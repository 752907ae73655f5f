"""Work around a reference-count bug of PySide6 6.12.0 on Python 3.11.

In that release every Qt method that returns nothing hands back `None` without taking a
reference, and `SignalInstance.emit()` / `.disconnect()` do the same with `True`/`False`.
Python 3.12+ makes these objects immortal, so nobody notices there; on Python 3.11 each call
lowers their reference count by one, and after enough calls (pyqtgraph emits on every paint,
every `setText` counts) the interpreter aborts with "none_dealloc" / "bool_dealloc".

We detect the bug at start and do what Python 3.12 does: make None, True and False
effectively immortal by giving them a reference count that no session can use up (2**40).
They are static singletons that are never freed anyway, so nothing else changes. PySide6
6.11 and earlier do not have the bug; nothing is touched there.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

IMMORTAL = 1 << 40
_installed = False


class _Probe(QObject):
    fired = Signal()


def _leaks(call, value: object) -> bool:
    before = sys.getrefcount(value)
    for _ in range(16):
        call()
    return sys.getrefcount(value) < before - 8


def has_bug() -> bool:
    probe = _Probe()
    return _leaks(lambda: probe.setObjectName("probe"), None) or _leaks(probe.fired.emit, True)


def install() -> bool:
    """Immortalise None/True/False if this PySide6 drops their references; idempotent."""
    global _installed
    if _installed:
        return True
    if sys.version_info >= (3, 12) or not has_bug():
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (a Py_ssize_t).
        ctypes.c_ssize_t.from_address(id(singleton)).value += IMMORTAL
    _installed = True
    return True
