"""The main window: menus, panel docks, connection banner, status bar, Ctrl+K search.

It opens the database in the background (showing a progress dialog while the demo database
is created on first start), restores the panels and layout of the last session once it knows
the user's role, and keeps working when the database goes away: a banner offers Retry, and
panels keep their widgets so nothing being typed is lost.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from console.api import PanelContext
from console.errors import UserError
from console.plugins import PluginRegistry
from console.ui import excepthook
from console.ui import formatting as fmt
from console.ui.banner import Banner
from console.ui.bus import CONNECTION_RESTORED, CUSTOMER_OPEN, DEALER_OPEN, EventBus
from console.ui.command_palette import CommandPalette, PaletteCommand, kind_label
from console.ui.connection import CONNECTED, CONNECTING, LOST, ConnectionMonitor
from console.ui.i18n import LANGUAGES, Translations, role_title, translate
from console.ui.panel_host import PanelHost, panel_icon, panel_title
from console.ui.progress import TaskProgress
from console.ui.resources import icon
from console.ui.runner import BackgroundRunner, TaskHandle
from console.ui.theme import THEMES, apply_theme, chart_theme, current_theme
from console.ui.view_state import describe_error
from console.ui.welcome import WelcomePage

log = logging.getLogger(__name__)

STATE_VERSION = 1
DOCS = Path(__file__).resolve().parents[2] / "docs"


@dataclass
class OpenedDatabase:
    database: Any  # console.db.database.Database
    user: Any  # CurrentUser
    source: str
    first_start: bool


def _remove_demo_files(url) -> None:
    path = Path(url.database)
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        candidate.unlink(missing_ok=True)


def open_session(
    url_text: str | None,
    user_name: str | None,
    *,
    resolved: Any = None,
    demo_scale: str = "demo",
    task,
) -> OpenedDatabase:
    """Resolve, connect, create the demo database if this is the first start, load the user."""
    from console.connections import resolve_database
    from console.db.database import load_user, open_database

    resolved = resolved or resolve_database(url_text)
    first = resolved.is_default_demo and not Path(resolved.url.database).exists()
    if first:
        task.progress(0, 100, translate("FirstStart", "Creating the demo database…"))
    try:
        database = open_database(
            resolved,
            progress=task.progress if resolved.is_default_demo else None,
            demo_scale=demo_scale,
        )
    except BaseException:
        if first:  # never leave a half-built demo database behind for the next start
            _remove_demo_files(resolved.url)
        raise
    try:
        user = load_user(database, user_name)
    except BaseException:
        database.dispose()
        raise
    return OpenedDatabase(database, user, resolved.source, first)


class FirstStartDialog(QDialog):
    """Shown while the demo database is created on the very first start."""

    def __init__(self, handle: TaskHandle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstStartDialog")
        self.setWindowTitle(translate("FirstStart", "Preparing HQ Console"))
        self.setModal(True)
        text = QLabel(
            translate(
                "FirstStart",
                "HQ Console is creating its demo database (dealers, stores, products, customers, "
                "orders and tickets). This happens once and may take a minute or two.",
            ),
            self,
        )
        text.setWordWrap(True)
        self.progress = TaskProgress(self)
        self.progress.attach(handle, translate("FirstStart", "Creating the demo database…"))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.progress)
        self.resize(480, 160)

    def reject(self) -> None:  # Esc / window close: cancel like the button
        self.progress.cancel()


class MainWindow(QMainWindow):
    database_ready = Signal()
    database_failed = Signal(str)
    first_painted = Signal()  # after the first paint (start-up work waits for it)

    def __init__(
        self,
        registry: PluginRegistry,
        translations: Translations,
        *,
        runner: BackgroundRunner | None = None,
        bus: EventBus | None = None,
        remember_layout: bool = True,
        demo_scale: str = "demo",
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.registry = registry
        self.translations = translations
        self.runner = runner or BackgroundRunner(parent=self)
        self.bus = bus or EventBus(self)
        self.remember_layout = remember_layout
        self.demo_scale = demo_scale
        self.database = None
        self.user = None
        self.source = ""
        self._open_handle: TaskHandle | None = None
        self._first_start_dialog: FirstStartDialog | None = None
        self._pending_panels: list[tuple[str, object]] = []
        self._restore_pending = remember_layout
        self._last_request: tuple[str | None, str | None, Any] = (None, None, None)
        self.first_paint_done = False

        self.welcome = WelcomePage(self)
        self.host = PanelHost(self, registry, self.make_context, self.welcome)
        self.host.panels_changed.connect(self._panels_changed)
        self.monitor = ConnectionMonitor(self.runner, parent=self)
        self.monitor.state_changed.connect(self._connection_changed)
        self.monitor.restored.connect(self._connection_restored)
        self.palette_popup = CommandPalette(self)
        self.palette_popup.search_requested.connect(self._search)

        self.banner = Banner(self, closable=False, start_hidden=False)
        self.banner_bar = QToolBar(self)
        self.banner_bar.setObjectName("BannerBar")
        self.banner_bar.setMovable(False)
        self.banner_bar.setFloatable(False)
        self.banner_bar.addWidget(self.banner)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner_bar)
        self.banner_bar.hide()

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self.runner.busy_changed.connect(self._busy_changed)
        self.retranslate_ui()
        self.resize(1400, 880)
        if remember_layout:
            geometry = QSettings().value("window/geometry")
            if isinstance(geometry, QByteArray | bytes) and geometry:
                self.restoreGeometry(geometry)
        excepthook.install(self.route_exception)

    # -- actions and menus ----------------------------------------------------------------
    def _action(self, slot, shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.connect_action = self._action(self.show_connect_dialog, "Ctrl+Shift+O")
        self.quit_action = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.palette_action = self._action(self.show_palette, "Ctrl+K")
        self.refresh_action = self._action(self.refresh_current, QKeySequence.StandardKey.Refresh)
        self.close_panel_action = self._action(self.close_current, "Ctrl+W")
        self.next_panel_action = self._action(lambda: self.cycle_panels(1), "Ctrl+Tab")
        self.previous_panel_action = self._action(lambda: self.cycle_panels(-1), "Ctrl+Shift+Tab")
        self.reset_layout_action = self._action(self.reset_layout)
        self.fullscreen_action = self._action(self.toggle_fullscreen, "F11")
        self.guide_action = self._action(lambda: self._open_doc("user-guide.md"), "F1")
        self.log_action = self._action(self._open_log_folder)
        self.about_action = self._action(self._about)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in THEMES:
            action = QAction(self, checkable=True)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_actions[name] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.connect_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.palette_action)
        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(list(self.language_actions.values()))
        self.theme_menu = self.view_menu.addMenu("")
        self.theme_menu.addActions(list(self.theme_actions.values()))
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.next_panel_action)
        self.view_menu.addAction(self.previous_panel_action)
        self.view_menu.addAction(self.close_panel_action)
        self.view_menu.addAction(self.reset_layout_action)
        self.view_menu.addAction(self.fullscreen_action)
        self.panels_menu: QMenu = bar.addMenu("")
        self.panels_menu.setToolTipsVisible(True)
        self.panels_menu.setObjectName("PanelsMenu")
        self.panels_menu.aboutToShow.connect(self._rebuild_panels_menu)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addAction(self.log_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)
        self.panel_actions: dict[str, QAction] = {}

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("MainToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        logo = QLabel(self.toolbar)
        logo.setPixmap(icon("hq-console").pixmap(22, 22))
        self.brand = QLabel(self.toolbar)
        self.brand.setObjectName("Brand")
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.search_button = QPushButton(self.toolbar)
        self.search_button.setObjectName("SearchButton")
        self.search_button.setIcon(icon("search"))
        self.search_button.setMinimumWidth(420)
        self.search_button.clicked.connect(self.show_palette)
        for widget in (logo, self.brand, spacer, self.search_button):
            self.toolbar.addWidget(widget)
        self.insertToolBar(self.banner_bar, self.toolbar)
        self.insertToolBarBreak(self.banner_bar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("StatusBar")
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("BusyLabel")
        self.busy_label.hide()
        self.database_label = QLabel(self)
        self.database_label.setObjectName("DatabaseLabel")
        self.user_label = QLabel(self)
        self.user_label.setObjectName("UserLabel")
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("ConnectionLabel")
        for widget in (
            self.busy_label,
            self.database_label,
            self.user_label,
            self.connection_label,
        ):
            status.addPermanentWidget(widget)

    def _rebuild_panels_menu(self) -> None:
        self.panels_menu.clear()
        self.panel_actions = {}
        if self.user is None:
            waiting = self.panels_menu.addAction(
                translate("MainWindow", "Connecting to the database…")
            )
            waiting.setEnabled(False)
            return
        entries = self.registry.visible_for(self.user)
        for n, entry in enumerate(entries):
            action = QAction(panel_icon(entry), panel_title(entry), self.panels_menu)
            action.setObjectName(f"panel-action-{entry.id}")
            shortcut = entry.declaration.shortcut if entry.declaration else ""
            if not shortcut and n < 9:
                shortcut = f"Ctrl+{n + 1}"
            if entry.available:
                action.setShortcut(QKeySequence(shortcut))
                action.setToolTip(
                    translate("panels", entry.declaration.description)
                    if entry.declaration.description
                    else panel_title(entry)
                )
                action.triggered.connect(lambda _=False, pid=entry.id: self.open_panel(pid))
            else:
                action.setEnabled(False)
                action.setToolTip(
                    translate("MainWindow", "Unavailable: %1").replace("%1", entry.error or "")
                )
                action.setStatusTip(action.toolTip())
            self.panels_menu.addAction(action)
            key = entry.id if entry.id not in self.panel_actions else entry.name  # a duplicate id
            self.panel_actions[key] = action
        if not entries:
            none = self.panels_menu.addAction(translate("MainWindow", "No panels for your role"))
            none.setEnabled(False)
        if any(not e.available for e in entries):
            self.panels_menu.addSeparator()
            self.panels_menu.addAction(
                translate("MainWindow", "Why are some panels unavailable?"),
                self.show_plugin_problems,
            )

    def show_plugin_problems(self) -> None:
        broken = [e for e in self.registry.visible_for(self.user) if not e.available]
        lines = [f"• {panel_title(e)} ({e.value}): {e.error}" for e in broken]
        QMessageBox.information(
            self,
            translate("MainWindow", "Unavailable panels"),
            translate(
                "MainWindow",
                "These panels could not be loaded. The console works without them; "
                "the log file has the details.",
            )
            + "\n\n"
            + "\n".join(lines),
        )

    # -- database -------------------------------------------------------------------------
    def connect_database(
        self, url_text: str | None, user_name: str | None, resolved: Any = None
    ) -> TaskHandle:
        """Open the database in the background; `database_ready` or `database_failed` follows."""
        self._last_request = (url_text, user_name, resolved)
        self.monitor.connecting()
        self.banner_bar.hide()
        self.welcome.set_status(translate("MainWindow", "Connecting to the database…"))
        handle = self.runner.submit(
            open_session, url_text, user_name, resolved=resolved, demo_scale=self.demo_scale,
            key="shell:open", on_result=self._database_opened, on_error=self._database_failed,
            on_progress=self._open_progress, on_cancelled=self._open_cancelled,
        )  # fmt: skip
        self._open_handle = handle
        return handle

    def _open_progress(self, done: int, total: int, label: str) -> None:
        if self._first_start_dialog is None and self._open_handle is not None:
            self._first_start_dialog = FirstStartDialog(self._open_handle, self)
            self._first_start_dialog.show()
        self._first_start_dialog.progress.set_progress(done, total, label)

    def _close_first_start(self) -> None:
        if self._first_start_dialog is not None:
            self._first_start_dialog.progress.detach()
            self._first_start_dialog.hide()
            self._first_start_dialog.deleteLater()
            self._first_start_dialog = None

    def _database_opened(self, opened: OpenedDatabase) -> None:
        self._close_first_start()
        previous = self.database
        reopen = self.host.open_ids() if previous is not None else []
        if previous is not None:
            self.host.close_all()
            previous.dispose()
        self.database, self.user, self.source = opened.database, opened.user, opened.source
        self.monitor.attach(self.database)
        self._update_status()
        self._rebuild_panels_menu()
        self.welcome.set_panels(self.registry.openable_for(self.user), self.open_panel)
        self.welcome.set_status(self._greeting())
        allowed = {e.id for e in self.registry.openable_for(self.user)}
        for panel_id in reopen:
            if panel_id in allowed:
                self.host.open(panel_id, raise_it=False)
        if self._restore_pending:
            self._restore_pending = False
            self.restore_layout()
        self.host.build_waiting()
        pending, self._pending_panels = self._pending_panels, []
        for panel_id, payload in pending:
            self.open_panel(panel_id, payload)
        self.database_ready.emit()

    def _database_failed(self, error: BaseException) -> None:
        self._close_first_start()
        if not isinstance(error, UserError):
            log.error(
                "cannot open the database: %s\n%s", error, getattr(error, "traceback_text", "")
            )
        self.monitor.disconnected(error)
        problem, fix = describe_error(error)
        message = f"{problem} {fix}".strip()
        self.welcome.set_status(message)
        self.banner.show_message(
            message, "error",
            [(translate("MainWindow", "Retry"), self.retry_open),
             (translate("MainWindow", "Connect…"), self.show_connect_dialog)],
        )  # fmt: skip
        self.banner_bar.show()
        self.database_failed.emit(message)

    def _open_cancelled(self) -> None:
        self._close_first_start()
        self.monitor.disconnected(None)
        message = translate(
            "MainWindow", "The demo database was not created because you cancelled."
        )
        self.welcome.set_status(message)
        self.banner.show_message(
            message, "warning",
            [(translate("MainWindow", "Create it now"), self.retry_open),
             (translate("MainWindow", "Connect…"), self.show_connect_dialog)],
        )  # fmt: skip
        self.banner_bar.show()
        self.database_failed.emit(message)

    def retry_open(self) -> None:
        self.connect_database(*self._last_request)

    def switch_database(self, profile, password: str | None) -> None:
        """Connect to a profile (or, with None, to the demo database) chosen in File > Connect."""
        from console.connections import ResolvedDatabase, default_demo_url, with_keyring_password
        from console.db.engine import parse_url

        if profile is None:
            resolved = ResolvedDatabase(default_demo_url(), "demo", is_default_demo=True)
            user_name = self.user.username if self.user else None
        else:
            url = parse_url(profile.url)
            url = url.set(password=password) if password else with_keyring_password(url)
            resolved = ResolvedDatabase(url, f"profile {profile.name}")
            user_name = profile.user or (self.user.username if self.user else None)
        self.connect_database(None, user_name, resolved)

    def make_context(self, panel_id: str) -> PanelContext | None:
        if self.database is None or self.user is None:
            return None
        return PanelContext(
            panel_id=panel_id,
            database=self.database,
            user=self.user,
            runner=self.runner,
            bus=self.bus,
            language=self.translations.language,
            open_panel=self.open_panel,
            report_error=self.report_panel_error,
            on_ready=self.host.mark_ready,
        )

    # -- connection state -----------------------------------------------------------------
    def _connection_changed(self, state: str) -> None:
        self._update_status()
        if state == LOST:
            error = self.monitor.last_error
            problem, fix = describe_error(error) if error else ("", "")
            self.banner.show_message(
                translate(
                    "MainWindow",
                    "The connection to the database was lost: %1 Your panels and unsaved edits "
                    "are kept; Retry reconnects.",
                ).replace("%1", f"{problem} {fix}".strip()),
                "error",
                [(translate("MainWindow", "Retry"), self.monitor.retry)],
            )
            self.banner_bar.show()
        elif state == CONNECTED:
            self.banner_bar.hide()

    def _connection_restored(self) -> None:
        self.statusBar().showMessage(translate("MainWindow", "Reconnected to the database."), 5000)
        for frame in self.host.frames.values():
            if frame.failed:
                frame.clear_error()
                if frame.widget is not None and hasattr(frame.widget, "refresh"):
                    frame.widget.refresh()
        self.bus.publish(CONNECTION_RESTORED, None)

    def _update_status(self) -> None:
        state = self.monitor.state
        theme = chart_theme()
        if state == CONNECTED:
            text, colour = translate("MainWindow", "Connected"), theme.positive
        elif state == CONNECTING:
            text, colour = translate("MainWindow", "Connecting…"), theme.muted
        elif state == LOST:
            text, colour = translate("MainWindow", "Connection lost"), theme.negative
        else:
            text, colour = translate("MainWindow", "Not connected"), theme.negative
        self.connection_label.setText(f'<span style="color:{colour}">●</span> {text}')
        if self.database is not None:
            shown = self.database.display_url
            self.database_label.setText(
                translate("MainWindow", "Database: %1").replace("%1", _elide_middle(shown, 60))
            )
            self.database_label.setToolTip(f"{shown} ({self.source})")
        else:
            self.database_label.setText(translate("MainWindow", "Database: —"))
        if self.user is not None:
            self.user_label.setText(
                translate("MainWindow", "User: %1 (%2)")
                .replace("%1", self.user.username)
                .replace("%2", role_title(self.user.role))
            )
            self.user_label.setToolTip(self.user.name_for(fmt.current_language()))
        else:
            self.user_label.setText(translate("MainWindow", "User: —"))

    def _greeting(self) -> str:
        if self.user is None:
            return ""
        name = self.user.name_for(fmt.current_language())
        return (
            translate("WelcomePage", "Signed in as %1 · role: %2")
            .replace("%1", name)
            .replace("%2", role_title(self.user.role))
        )

    def _busy_changed(self, count: int) -> None:
        if count:
            self.busy_label.setText(
                translate("MainWindow", "Working… (%1)").replace("%1", str(count))
            )
        self.busy_label.setVisible(count > 0)

    # -- panels ---------------------------------------------------------------------------
    def open_panel(self, panel_id: str, payload: object = None) -> bool:
        """Open (or raise) a panel; refused for roles that may not open it."""
        entry = self.registry.get(panel_id)
        if self.user is None:
            self._pending_panels.append((panel_id, payload))
            return True
        if entry is None or not entry.available:
            reason = (
                entry.error
                if entry is not None
                else translate("MainWindow", "no such panel is installed")
            )
            self.statusBar().showMessage(
                translate("MainWindow", "Cannot open %1: %2")
                .replace("%1", panel_id)
                .replace("%2", reason or ""),
                8000,
            )
            return False
        if not entry.allowed_for(self.user):
            self.statusBar().showMessage(
                translate("MainWindow", "Your role may not open the panel %1.").replace(
                    "%1", panel_title(entry)
                ),
                8000,
            )
            return False
        return self.host.open(panel_id, payload) is not None

    def open_entity(self, hit) -> None:
        """A search hit: open the panel that shows its kind; also tell the bus."""
        entry = self.registry.handler_for(hit.kind, self.user) if self.user else None
        if hit.kind == "customer":
            self.bus.publish(CUSTOMER_OPEN, {"customer_id": hit.id})
        elif hit.kind == "dealer":
            self.bus.publish(DEALER_OPEN, {"dealer_id": hit.id})
        if entry is None:
            self.statusBar().showMessage(
                translate("MainWindow", "No panel you may open shows a %1.").replace(
                    "%1", kind_label(hit.kind).lower()
                ),
                8000,
            )
            return
        self.open_panel(entry.id, hit.payload())

    def report_panel_error(self, panel_id: str, exc: BaseException) -> None:
        """A panel's task failed: log it, show it in that panel, check the connection."""
        if not isinstance(exc, UserError):
            log.error("panel %s: %s\n%s", panel_id, exc, getattr(exc, "traceback_text", ""))
        self.host.report_error(panel_id, exc)
        self.monitor.report(exc)

    def route_exception(self, exc: BaseException, tb: TracebackType | None) -> None:
        """An uncaught exception (already logged): show it where it belongs."""
        panel_id = self._blame(tb)
        if panel_id is not None:
            self.host.report_error(panel_id, exc)
            self.monitor.report(exc)
            return
        problem, _ = describe_error(exc)
        self.statusBar().showMessage(
            translate(
                "MainWindow", "An unexpected error occurred (%1); details are in the log file."
            ).replace("%1", problem),
            15000,
        )

    def _blame(self, tb: TracebackType | None) -> str | None:
        """The open panel whose code raised: a widget of it in the traceback (innermost
        first), else the plugin module the code came from."""
        frames = []
        while tb is not None:
            frames.append(tb.tb_frame)
            tb = tb.tb_next
        for frame in reversed(frames):
            owner = frame.f_locals.get("self")
            if isinstance(owner, QWidget):
                panel_id = self.host.panel_of_widget(owner)
                if panel_id is not None:
                    return panel_id
        panel_id = self.registry.owner_of(tb_frames=frames, among=set(self.host.frames))
        return panel_id

    def _panels_changed(self) -> None:
        """A panel failed or recovered: the menu shows it next time it opens (rebuilt then,
        not now: rebuilding costs time on the GUI thread while a panel opens)."""

    def current_panel(self) -> str | None:
        return self.host.current_id()

    def refresh_current(self) -> None:
        panel_id = self.current_panel()
        frame = self.host.frames.get(panel_id) if panel_id else None
        if frame is not None and frame.widget is not None and hasattr(frame.widget, "refresh"):
            frame.clear_error()
            frame.widget.refresh()

    def close_current(self) -> None:
        panel_id = self.current_panel()
        if panel_id is not None:
            self.host.close(panel_id)

    def cycle_panels(self, step: int) -> None:
        ids = self.host.open_ids()
        if not ids:
            return
        current = self.current_panel()
        index = ids.index(current) if current in ids else -1
        target = self.host.docks[ids[(index + step) % len(ids)]]
        target.show()
        target.raise_()
        if target.widget() is not None:
            target.widget().setFocus()

    # -- layout ---------------------------------------------------------------------------
    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(STATE_VERSION))
        settings.setValue("window/panels", self.host.open_ids())

    def restore_layout(self) -> None:
        """Reopen last session's panels (those this role may open) and their arrangement."""
        settings = QSettings()
        stored = settings.value("window/panels", [])
        ids = [stored] if isinstance(stored, str) else list(stored or [])
        allowed = {e.id for e in self.registry.openable_for(self.user)}
        for panel_id in ids:
            if panel_id in allowed:
                self.host.open(panel_id, raise_it=False)
        state = settings.value("window/state")
        if isinstance(state, QByteArray | bytes) and state and self.host.open_ids():
            self.restoreState(state, STATE_VERSION)

    def reset_layout(self) -> None:
        ids = self.host.open_ids()
        self.host.close_all()
        for panel_id in ids:
            self.host.open(panel_id)

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # -- search ---------------------------------------------------------------------------
    def show_palette(self) -> None:
        commands = []
        if self.user is not None:
            for entry in self.registry.openable_for(self.user):
                commands.append(PaletteCommand(
                    panel_title(entry), lambda pid=entry.id: self.open_panel(pid), "panel",
                    f"{entry.id} {entry.title}",
                ))  # fmt: skip
        commands += [
            PaletteCommand(
                translate("MainWindow", "Connect to a database…"),
                self.show_connect_dialog,
                "command",
            ),
            PaletteCommand(
                translate("MainWindow", "Refresh the current panel"),
                self.refresh_current,
                "command",
            ),
        ]
        for code, name in LANGUAGES.items():
            commands.append(PaletteCommand(
                translate("MainWindow", "Language: %1").replace("%1", name),
                lambda c=code: self.set_language(c), "command", "language 语言",
            ))  # fmt: skip
        for name in THEMES:
            commands.append(PaletteCommand(
                translate("MainWindow", "Theme: %1").replace("%1", _theme_label(name)),
                lambda n=name: self.set_theme(n), "command", "theme",
            ))  # fmt: skip
        self.palette_popup.open_with(commands)

    def _search(self, text: str) -> None:
        if self.database is None or self.user is None:
            self.palette_popup.show_search_error(
                translate("MainWindow", "Not connected to a database.")
            )
            return
        from console.ui.search import search_entities

        database, user = self.database, self.user

        def run(*, task):
            with database.session() as session:
                return search_entities(session, text, user)

        def found(hits) -> None:
            zh = self.translations.language.startswith("zh")
            items = []
            for hit in hits:
                name = hit.name_zh if zh and hit.name_zh else hit.name
                label = f"{kind_label(hit.kind)} · {hit.code} · {name}"
                items.append((label, lambda h=hit: self.open_entity(h)))
            self.palette_popup.show_hits(text, items)

        def failed(error: BaseException) -> None:
            problem, _ = describe_error(error)
            self.palette_popup.show_search_error(problem)
            self.monitor.report(error)

        self.runner.submit(run, key="shell:search", on_result=found, on_error=failed)

    # -- language and theme ---------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.translations.set_language(lang)
        # Qt posts LanguageChange to every widget; deliver them now, so that the shell and the
        # shared widgets are retranslated before the panels' own retranslate_ui runs.
        QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        QSettings().setValue("ui/language", self.translations.language)
        for frame in self.host.frames.values():
            if frame.ctx is not None:
                frame.ctx.language = self.translations.language
        stale = self.host.retranslate_panels()
        if stale:
            names = ", ".join(panel_title(self.host.frames[p].entry) for p in stale)
            self.banner.show_message(
                translate("MainWindow", "These panels show the new language after a restart: %1.").replace("%1", names),  # noqa: E501
                "info",
                [(translate("MainWindow", "Restart now"), self.restart),
                 (translate("MainWindow", "Later"), self.banner_bar.hide)],
            )  # fmt: skip
            self.banner_bar.show()

    def set_theme(self, name: str) -> None:
        apply_theme(QApplication.instance(), name)
        QSettings().setValue("ui/theme", name)
        for action_name, action in self.theme_actions.items():
            action.setChecked(action_name == name)
        self._update_status()

    def restart(self) -> None:
        """Start a fresh console with the same arguments (minus --lang) and close this one."""
        from PySide6.QtCore import QProcess

        args, skip = [], False
        for arg in sys.argv:
            if skip:
                skip = False
                continue
            if arg == "--lang":
                skip = True
                continue
            if not arg.startswith("--lang="):
                args.append(arg)
        self.close()
        QProcess.startDetached(sys.executable, args)

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(translate("MainWindow", "HQ Console"))
        self.brand.setText(translate("MainWindow", "HQ Console"))
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.view_menu.setTitle(translate("MainWindow", "&View"))
        self.panels_menu.setTitle(translate("MainWindow", "&Panels"))
        self.help_menu.setTitle(translate("MainWindow", "&Help"))
        self.language_menu.setTitle(translate("MainWindow", "&Language"))
        self.theme_menu.setTitle(translate("MainWindow", "&Theme"))
        texts = {
            self.connect_action: translate("MainWindow", "&Connect…"),
            self.quit_action: translate("MainWindow", "&Quit"),
            self.palette_action: translate("MainWindow", "&Search and commands…"),
            self.refresh_action: translate("MainWindow", "&Refresh panel"),
            self.close_panel_action: translate("MainWindow", "&Close panel"),
            self.next_panel_action: translate("MainWindow", "&Next panel"),
            self.previous_panel_action: translate("MainWindow", "P&revious panel"),
            self.reset_layout_action: translate("MainWindow", "Reset &layout"),
            self.fullscreen_action: translate("MainWindow", "&Full screen"),
            self.guide_action: translate("MainWindow", "&User guide"),
            self.log_action: translate("MainWindow", "Open the &log folder"),
            self.about_action: translate("MainWindow", "&About HQ Console"),
        }
        for action, text in texts.items():
            action.setText(text)
        for name, action in self.theme_actions.items():
            action.setText(_theme_label(name))
            action.setChecked(name == current_theme())
        for code, action in self.language_actions.items():
            action.setChecked(code == self.translations.language)
        self.search_button.setText(
            translate("MainWindow", "Search panels, dealers, stores, SKUs, customers…")
            + "    Ctrl+K"
        )
        self.banner_bar.setWindowTitle(translate("MainWindow", "Messages"))
        self.toolbar.setWindowTitle(translate("MainWindow", "Search"))
        self._update_status()
        self._rebuild_panels_menu()
        self.host.retitle()
        if self.user is not None:
            self.welcome.set_panels(self.registry.openable_for(self.user), self.open_panel)
            self.welcome.set_status(self._greeting())
        else:
            self.welcome.retranslate_ui()

    # -- dialogs --------------------------------------------------------------------------
    def show_connect_dialog(self) -> None:
        from console.ui.connect_dialog import ConnectDialog

        dialog = ConnectDialog(self.runner, self)
        dialog.connect_requested.connect(self.switch_database)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.connect_dialog = dialog

    def _open_doc(self, name: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(DOCS / name)))

    def _open_log_folder(self) -> None:
        from console.paths import log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def _about(self) -> None:
        from console import __version__

        QMessageBox.about(
            self,
            translate("MainWindow", "About HQ Console"),
            translate(
                "MainWindow",
                "HQ Console %1 — the headquarters console of an omnichannel retail network.",
            ).replace("%1", __version__),
        )

    # -- lifecycle ------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.first_paint_done:
            self.first_paint_done = True
            QTimer.singleShot(0, self.first_painted.emit)

    def set_registry(self, registry: PluginRegistry) -> None:
        """The discovered panels (discovery may come after the window is shown)."""
        self.registry = registry
        self.host.registry = registry
        if self.user is not None:
            self._rebuild_panels_menu()
            self.welcome.set_panels(self.registry.openable_for(self.user), self.open_panel)

    def closeEvent(self, event) -> None:
        if self.remember_layout and self.user is not None:
            self.save_layout()
        self.runner.cancel_all()
        self.monitor.detach()
        excepthook.uninstall(self.route_exception)
        super().closeEvent(event)


def _theme_label(name: str) -> str:
    return {"light": translate("MainWindow", "Light"), "dark": translate("MainWindow", "Dark")}.get(
        name, name
    )


def _elide_middle(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    half = (width - 1) // 2
    return text[:half] + "…" + text[-half:]
