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

from console.errors import ConflictError, PermissionDenied, UserError, ValidationError
from console.services.permissions import ROLE_PERMISSIONS, CurrentUser

# The roles, in the order of console.db.users.ROLES (taken from the permission table so that
# importing the API does not import SQLAlchemy; a test checks both agree).
ROLES: tuple[str, ...] = tuple(ROLE_PERMISSIONS)

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
    # Kinds of search results ("dealer", "store", "sku", "customer") this panel can show: the
    # Ctrl+K search opens the first allowed panel that handles a result's kind, with the result
    # as payload ({"kind", "id", "code", "name"}; see PanelContext.on_payload).
    handles: frozenset[str] = frozenset()

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
        on_ready: Callable[[str], None] | None = None,
    ) -> None:
        self.panel_id = panel_id
        self.database = database
        self.user = user
        self.runner = runner
        self.bus = bus
        self.language = language
        self._open_panel = open_panel
        self._report_error = report_error
        self._on_ready = on_ready
        self._ready = False
        self._payload_callback: Callable[[object], None] | None = None
        self._pending_payloads: list[object] = []

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
        """Translate at runtime with context = the panel id.

        pyside6-lupdate cannot extract `ctx.tr(...)` calls: write literal strings as
        `translate("<panel id>", "Text")` (from this module), and use `ctx.tr` for texts
        marked elsewhere with `QT_TRANSLATE_NOOP("<panel id>", "Text")`. See docs/plugins.md.
        """
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
    def setting(self, key: str, default: Any = None, value_type: type | None = None) -> Any:
        """A per-panel setting; `value_type` (int, float, bool, str, list) converts the stored
        text back (settings files store text)."""
        from PySide6.QtCore import QSettings

        settings = QSettings()
        name = f"panels/{self.panel_id}/{key}"
        if value_type is not None and settings.contains(name):
            return settings.value(name, default, type=value_type)
        value = settings.value(name, default)
        return default if value is None else value

    def set_setting(self, key: str, value: Any) -> None:
        from PySide6.QtCore import QSettings

        QSettings().setValue(f"panels/{self.panel_id}/{key}", value)

    # -- roles ----------------------------------------------------------------------------
    def can(self, permission: str) -> bool:
        """May the current user do this? (Services check again: this only shapes the UI.)"""
        return self.user.can(permission)

    def allow(self, target: Any, permission: str) -> bool:
        """Hide a button, action or widget the current role may not use; returns the answer."""
        allowed = self.user.can(permission)
        if not allowed:
            target.setVisible(False)
            if hasattr(target, "setEnabled"):
                target.setEnabled(False)
        return allowed

    # -- shell ----------------------------------------------------------------------------
    def ready(self) -> None:
        """Tell the shell the panel shows its first data (or its empty state).

        Headless screenshots (`hq-console --screenshot --panel ID`) wait for this call.
        Calling it again is harmless.
        """
        if self._ready:
            return
        self._ready = True
        if self._on_ready is not None:
            self._on_ready(self.panel_id)

    @property
    def is_ready(self) -> bool:
        return self._ready

    def on_payload(self, callback: Callable[[object], None]) -> None:
        """Receive what other panels or the search box open this panel with.

        Payloads that arrived before the callback was registered are delivered at once.
        """
        self._payload_callback = callback
        pending, self._pending_payloads = self._pending_payloads, []
        for payload in pending:
            callback(payload)

    def deliver_payload(self, payload: object) -> None:
        """Called by the shell when the panel is opened with a payload."""
        if self._payload_callback is None:
            self._pending_payloads.append(payload)
        else:
            self._payload_callback(payload)

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
    # name -> "module:attribute"; imported on first use, so `import console.api` stays cheap
    "BackgroundRunner": "console.ui.runner:BackgroundRunner",
    "TaskHandle": "console.ui.runner:TaskHandle",
    "TaskControl": "console.ui.runner:TaskControl",
    "Cancelled": "console.ui.runner:Cancelled",
    "EventBus": "console.ui.bus:EventBus",
    "SEGMENT_CHOSEN": "console.ui.bus:SEGMENT_CHOSEN",
    "CUSTOMER_OPEN": "console.ui.bus:CUSTOMER_OPEN",
    "DEALER_OPEN": "console.ui.bus:DEALER_OPEN",
    "DATA_CHANGED": "console.ui.bus:DATA_CHANGED",
    "CONNECTION_RESTORED": "console.ui.bus:CONNECTION_RESTORED",
    # shared widgets
    "DataFrameTableModel": "console.ui.table_model:DataFrameTableModel",
    "RAW_ROLE": "console.ui.table_model:RAW_ROLE",
    "DataTable": "console.ui.data_table:DataTable",
    "SparklineDelegate": "console.ui.data_table:SparklineDelegate",
    "ViewState": "console.ui.view_state:ViewState",
    "describe_error": "console.ui.view_state:describe_error",
    "TaskProgress": "console.ui.progress:TaskProgress",
    "KpiCard": "console.ui.kpi:KpiCard",
    "KpiStrip": "console.ui.kpi:KpiStrip",
    "Chart": "console.ui.charts:Chart",
    "TimeSeriesChart": "console.ui.charts:TimeSeriesChart",
    "LineChart": "console.ui.charts:LineChart",
    "StackedBarChart": "console.ui.charts:StackedBarChart",
    "ScatterChart": "console.ui.charts:ScatterChart",
    "HeatmapChart": "console.ui.charts:HeatmapChart",
    "export_frame": "console.ui.export:export_frame",
    "export_frames": "console.ui.export:export_frames",
    "export_chart_png": "console.ui.export:export_chart_png",
    "widget_png": "console.ui.export:widget_png",
    "ask_save_path": "console.ui.export:ask_save_path",
    "format_money": "console.ui.formatting:format_money",
    "format_number": "console.ui.formatting:format_number",
    "format_compact": "console.ui.formatting:format_compact",
    "format_percent": "console.ui.formatting:format_percent",
    "format_change": "console.ui.formatting:format_change",
    "format_date": "console.ui.formatting:format_date",
    "translate": "console.ui.i18n:translate",
    "role_title": "console.ui.i18n:role_title",
    "series_color": "console.ui.theme:series_color",
    "chart_theme": "console.ui.theme:chart_theme",
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
