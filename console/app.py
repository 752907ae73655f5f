"""Start the desktop console: QApplication, settings, language, theme, plugins, main window.

The window is shown before the database is opened (that happens in the background, with a
progress dialog on the first start while the demo database is created), so the user sees
the console quickly. `--screenshot` runs the same start offscreen, waits until the requested
panel says it has loaded (PanelContext.ready), saves the window and exits.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

SCREENSHOT_SIZE = (1440, 900)
EXIT_DATABASE, EXIT_PANEL_FAILED, EXIT_TIMEOUT = 2, 3, 4


def configure_settings() -> None:
    """QSettings as an INI file under the console's config folder (HQ_CONSOLE_HOME moves it)."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from console.paths import config_dir

    QCoreApplication.setOrganizationName("HQ Console")
    QCoreApplication.setApplicationName("hq-console")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(config_dir()))


def create_application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    configure_settings()
    from console.ui.resources import icon

    app.setWindowIcon(icon("hq-console"))
    return app


def discover_plugins(window) -> None:
    """Find the panels (and load each plugin's translations) and hand them to the window."""
    from console.plugins import PluginRegistry

    registry = PluginRegistry.discover()
    for entry in registry.entries:
        folder = entry.translations_dir()
        if folder is not None and folder.is_dir():
            window.translations.add_plugin(entry.id, folder)
    window.set_registry(registry)


def create_window(args: argparse.Namespace, *, remember_layout: bool = True, discover: bool = True):
    """Language, theme and the window; with `discover`, the plugins too (else call
    `discover_plugins` later, e.g. after the first paint, to show the window sooner)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from console.plugins import PluginRegistry
    from console.ui.i18n import Translations
    from console.ui.main_window import MainWindow
    from console.ui.theme import apply_theme

    settings = QSettings()
    translations = Translations()
    translations.set_language(args.lang or str(settings.value("ui/language", "") or ""))
    apply_theme(QApplication.instance(), args.theme or str(settings.value("ui/theme", "light")))
    window = MainWindow(
        PluginRegistry(),
        translations,
        remember_layout=remember_layout,
        demo_scale=os.environ.get("HQ_CONSOLE_DEMO_SCALE", "demo"),
    )
    if discover:
        discover_plugins(window)
    return window


def run_gui(args: argparse.Namespace) -> int:
    entered = time.time()
    screenshot = getattr(args, "screenshot", None)
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = create_application()
    window = create_window(args, remember_layout=not screenshot, discover=False)
    if screenshot:
        job = ScreenshotJob(window, screenshot, args.panel)
        window.resize(*SCREENSHOT_SIZE)
    else:
        if args.panel:
            window.open_panel(args.panel)  # queued until the database and user are known
        _install_startup_probe(window, entered)

    def start() -> None:  # after the first paint: the user sees the window at once
        discover_plugins(window)
        window.connect_database(args.db, args.user)

    from PySide6.QtCore import Qt

    window.first_painted.connect(start, Qt.ConnectionType.SingleShotConnection)
    window.show()
    code = app.exec()
    if screenshot:
        code = job.exit_code
    window.runner.cancel_all()
    window.runner.wait(10000)  # let workers notice the cancel before the interpreter exits
    window.deleteLater()
    app.processEvents()
    return code


class ScreenshotJob:
    """Wait for the database, open the panel, wait for it to be ready, save the window."""

    def __init__(self, window, path: str, panel_id: str | None) -> None:
        from PySide6.QtCore import QTimer

        self.window, self.path, self.panel_id = window, path, panel_id
        self.exit_code = EXIT_TIMEOUT
        # Counted from the moment the database is open: creating the demo database on a first
        # start may take minutes and is not the panel's fault.
        timeout = float(os.environ.get("HQ_CONSOLE_SCREENSHOT_TIMEOUT", "120"))
        self._timeout = QTimer(window)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(int(timeout * 1000))
        self._timeout.timeout.connect(self._timed_out)
        window.database_ready.connect(self._database_ready)
        window.database_failed.connect(self._database_failed)
        window.host.panel_ready.connect(self._panel_ready)
        window.host.panel_failed.connect(self._panel_failed)

    def _database_ready(self) -> None:
        self._timeout.start()
        if not self.panel_id:
            self._save(0)
            return
        if not self.window.open_panel(self.panel_id):
            self._fail(
                EXIT_PANEL_FAILED,
                f"the panel '{self.panel_id}' cannot be opened: {self.window.statusBar().currentMessage()}",  # noqa: E501
            )

    def _database_failed(self, message: str) -> None:
        self._fail(EXIT_DATABASE, message)

    def _panel_ready(self, panel_id: str) -> None:
        if panel_id == self.panel_id:
            self._save(0)

    def _panel_failed(self, panel_id: str) -> None:
        if panel_id == self.panel_id:
            self._save(EXIT_PANEL_FAILED, f"the panel '{panel_id}' reported an error")

    def _timed_out(self) -> None:
        self._save(EXIT_TIMEOUT, f"the panel '{self.panel_id}' did not finish loading in time")

    def _fail(self, code: int, message: str) -> None:
        self._save(code, message)

    def _save(self, code: int, message: str = "") -> None:
        """Let pending paints and layout settle briefly, then grab the window and quit."""
        from PySide6.QtCore import QTimer

        self._timeout.stop()
        for signal, slot in (
            (self.window.database_ready, self._database_ready),
            (self.window.database_failed, self._database_failed),
            (self.window.host.panel_ready, self._panel_ready),
            (self.window.host.panel_failed, self._panel_failed),
        ):
            signal.disconnect(slot)
        QTimer.singleShot(400, lambda: self._grab(code, message))

    def _grab(self, code: int, message: str) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        saved = self.window.grab().save(self.path)
        if message:
            print(f"hq-console: screenshot: {message}.", file=sys.stderr)
        if not saved:
            print(f"hq-console: cannot write the screenshot to {self.path}.", file=sys.stderr)
            code = code or 1
        self.exit_code = code
        self.window.close()
        QApplication.instance().exit(code)


def _install_startup_probe(window, entered: float) -> None:
    """benchmarks/startup.py sets HQ_CONSOLE_STARTUP_PROBE to its launch time (time.time()).

    We report seconds from launch to run_gui (interpreter and command line), to the first
    painted window and to the first paint with the database connected, then quit.
    """
    launched = os.environ.get("HQ_CONSOLE_STARTUP_PROBE")
    if not launched:
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    start = float(launched)
    marks: dict[str, float] = {"run_gui": entered - start}

    def painted() -> None:
        marks.setdefault("first_paint", time.time() - start)
        if window.database is not None:
            marks.setdefault("connected_paint", time.time() - start)
            print(json.dumps(marks), flush=True)
            QApplication.instance().quit()

    def connected() -> None:
        window.first_paint_done = False  # the next paint reports "connected_paint"
        window.update()

    window.first_painted.connect(painted)
    window.database_ready.connect(connected)
    QTimer.singleShot(60000, QApplication.instance().quit)
