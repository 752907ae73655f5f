"""The plugin API: the only module a panel imports from `console`.

Importing this module is cheap (no pandas, scipy or pyqtgraph): a plugin package's
`__init__` imports `PanelDeclaration` from here to declare its panel, and the heavy panel
code is imported only when the panel is first opened. Shared widgets (tables, charts,
export, view states) are re-exported lazily through `__getattr__`.

Anything not listed in `__all__` here is private to the console and may change.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from console.db.users import ROLES
from console.errors import ConflictError, PermissionDenied, UserError, ValidationError
from console.services.permissions import CurrentUser

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from console.db.database import Database
    from console.ui.bus import EventBus
    from console.ui.runner import BackgroundRunner, TaskHandle

PLUGIN_API_VERSION = 1
SUPPORTED_API_VERSIONS = frozenset({1})
ENTRY_POINT_GROUP = "hq_console.panels"


@dataclass(frozen=True)
class PanelDeclaration:
    """What the console needs to list a panel without importing its code."""

    id: str
    title: str  # English source text; shown through Qt's translation (context "panels")
    factory: str | Callable[[PanelContext], QWidget]  # "package.module:function" is imported lazily
    roles: frozenset[str] = field(default_factory=lambda: frozenset(ROLES))
    api_version: int = PLUGIN_API_VERSION
    icon: str = ""  # a QIcon theme name, or a path relative to the declaring package
    description: str = ""
    order: int = 100  # position in the Panels menu
    shortcut: str = ""  # e.g. "Ctrl+1"

    def load_factory(self) -> Callable[[PanelContext], QWidget]:
        if callable(self.factory):
            return self.factory
        module_name, _, attr = self.factory.partition(":")
        if not attr:
            raise ValueError(f"factory {self.factory!r} must look like 'package.module:function'")
        return getattr(importlib.import_module(module_name), attr)


class PanelContext:
    """Everything the shell hands a panel: database, user, background runner, bus, settings."""

    def __init__(
        self,
        *,
        panel_id: str,
        database: Database,
        user: CurrentUser,
        runner: BackgroundRunner,
        bus: EventBus,
        language: str = "en",
        open_panel: Callable[[str, object], None] | None = None,
        report_error: Callable[[str, BaseException], None] | None = None,
    ) -> None:
        self.panel_id = panel_id
        self.database = database
        self.user = user
        self.runner = runner
        self.bus = bus
        self.language = language
        self._open_panel = open_panel
        self._report_error = report_error

    # -- database -------------------------------------------------------------------------
    def sessions(self):
        """A new SQLAlchemy Session (use `with ctx.sessions() as s:` inside background work)."""
        return self.database.session()

    # -- background work ------------------------------------------------------------------
    def run(
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
        """Run `fn(*args, task=..., **kwargs)` off the GUI thread; callbacks come back on it.

        A `key` is namespaced by panel: a newer task with the same key supersedes the older.
        """
        full_key = f"{self.panel_id}:{key}" if key else None
        return self.runner.submit(
            fn,
            *args,
            key=full_key,
            on_result=on_result,
            on_error=on_error or self.report_error,
            on_progress=on_progress,
            on_cancelled=on_cancelled,
            **kwargs,
        )

    # -- text -----------------------------------------------------------------------------
    def tr(self, text: str, disambiguation: str | None = None) -> str:
        """Translate a user-visible string (context = the panel id)."""
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate(self.panel_id, text, disambiguation)

    def name_of(self, row: Any, field_name: str = "name") -> str:
        """Pick `name_zh` in Chinese, `name` otherwise, from a mapping or object."""
        zh = f"{field_name}_zh"
        get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
        if self.language.startswith("zh") and get(zh):
            return str(get(zh))
        return str(get(field_name, "") or "")

    # -- settings -------------------------------------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        from PySide6.QtCore import QSettings

        value = QSettings().value(f"panels/{self.panel_id}/{key}", default)
        return default if value is None else value

    def set_setting(self, key: str, value: Any) -> None:
        from PySide6.QtCore import QSettings

        QSettings().setValue(f"panels/{self.panel_id}/{key}", value)

    # -- shell ----------------------------------------------------------------------------
    def open_panel(self, panel_id: str, payload: object = None) -> None:
        if self._open_panel is not None:
            self._open_panel(panel_id, payload)

    def report_error(self, exc: BaseException) -> None:
        """Log the traceback and show the message in this panel (never crash the console)."""
        if self._report_error is not None:
            self._report_error(self.panel_id, exc)
        else:
            import logging

            logging.getLogger(f"panel.{self.panel_id}").error(
                "%s\n%s", exc, getattr(exc, "traceback_text", "")
            )


_LAZY = {
    # name -> "module:attribute"; filled in by the shell's widget modules
    "BackgroundRunner": "console.ui.runner:BackgroundRunner",
    "TaskHandle": "console.ui.runner:TaskHandle",
    "Cancelled": "console.ui.runner:Cancelled",
    "EventBus": "console.ui.bus:EventBus",
    "SEGMENT_CHOSEN": "console.ui.bus:SEGMENT_CHOSEN",
    "CUSTOMER_OPEN": "console.ui.bus:CUSTOMER_OPEN",
    "DEALER_OPEN": "console.ui.bus:DEALER_OPEN",
    "DATA_CHANGED": "console.ui.bus:DATA_CHANGED",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'console.api' has no attribute {name!r}")
    module_name, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


__all__ = [
    "ENTRY_POINT_GROUP",
    "PLUGIN_API_VERSION",
    "ROLES",
    "SUPPORTED_API_VERSIONS",
    "ConflictError",
    "CurrentUser",
    "PanelContext",
    "PanelDeclaration",
    "PermissionDenied",
    "UserError",
    "ValidationError",
    *sorted(_LAZY),
]
