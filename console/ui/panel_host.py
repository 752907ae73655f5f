"""Panels live in dock widgets (tabbed by default, rearrangeable); each inside a PanelFrame.

The frame builds the panel from its declaration's factory when the database is there, shows
the factory's failure with Retry, and shows a panel's later errors in a banner above the panel
without destroying it, so nothing the user typed is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from console.api import PanelContext
from console.errors import UserError
from console.plugins import PluginEntry, PluginRegistry
from console.ui.banner import Banner
from console.ui.i18n import translate
from console.ui.view_state import ViewState, describe_error

log = logging.getLogger(__name__)

DOCK_PREFIX = "panel:"


def panel_title(entry: PluginEntry) -> str:
    """A panel's title in the current language (plugins translate it in context 'panels')."""
    return translate("panels", entry.title)


def panel_icon(entry: PluginEntry) -> QIcon:
    """The declaration's icon: a file next to the plugin's code, else a desktop theme icon."""
    name = entry.declaration.icon if entry.declaration is not None else ""
    if not name:
        return QIcon()
    if entry.package_dir is not None and (entry.package_dir / name).is_file():
        return QIcon(str(entry.package_dir / name))
    return QIcon.fromTheme(name)


class PanelFrame(QWidget):
    """Holds one panel: waiting for the database, the panel itself, or why it failed."""

    def __init__(self, entry: PluginEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"PanelFrame_{entry.id}")
        self.entry = entry
        self.ctx: PanelContext | None = None
        self.widget: QWidget | None = None
        self.failed = False  # the factory raised, or the panel reported an error
        self.pending_payloads: list[object] = []  # arrived before the panel was built
        self.banner = Banner(self)
        self.view = ViewState(QWidget(), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)

    def show_waiting(self) -> None:
        self.view.show_loading(
            translate("PanelFrame", "Waiting for the database…"), cancellable=False
        )

    def build(self, ctx: PanelContext) -> bool:
        """Run the factory; on failure show the error with Retry. Returns success."""
        self.ctx = ctx
        self.failed = False
        self.banner.hide()
        try:
            factory = self.entry.declaration.load_factory()
            widget = factory(ctx)
            if not isinstance(widget, QWidget):
                raise TypeError(f"the factory returned a {type(widget).__name__}, not a QWidget")
        except Exception as exc:
            log.exception("panel %s: the factory failed", self.entry.id)
            self.failed = True
            self.view.show_error(
                UserError(
                    translate("PanelFrame", "The panel could not be opened: %1").replace(
                        "%1", f"{type(exc).__name__}: {exc}"
                    ),
                    translate(
                        "PanelFrame",
                        "Retry, or tell the panel's author; details are in the log file.",
                    ),
                ),
                retry=lambda: self.build(ctx),
            )
            return False
        self.widget = widget
        self.view.set_content(widget)
        self.view.show_content()
        return True

    def show_error(self, exc: BaseException) -> None:
        """A later error (slot, worker): banner above the panel, which stays as it is."""
        self.failed = True
        problem, fix = describe_error(exc)
        if self.widget is None:
            self.view.show_error(exc)
            return
        actions = []
        if hasattr(self.widget, "refresh"):
            actions.append((translate("PanelFrame", "Reload data"), self._refresh))
        self.banner.show_message(f"{problem} {fix}".strip(), "error", actions)

    def clear_error(self) -> None:
        self.failed = False
        self.banner.hide()

    def _refresh(self) -> None:
        self.clear_error()
        self.widget.refresh()

    def retranslate(self) -> bool:
        """Retranslate the panel live if it can; False when it needs a restart."""
        if self.widget is None:
            return True
        if hasattr(self.widget, "retranslate_ui"):
            self.widget.retranslate_ui()
            return True
        return False


class PanelDock(QDockWidget):
    closed = Signal(str)

    def __init__(self, panel_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.panel_id = panel_id
        self.setObjectName(DOCK_PREFIX + panel_id)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )

    def closeEvent(self, event) -> None:
        super().closeEvent(event)
        self.closed.emit(self.panel_id)


class PanelHost(QObject):
    """Opens, closes and remembers panels in a main window's dock area."""

    panel_opened = Signal(str)
    panel_built = Signal(str)  # the factory returned the panel's widget
    panel_closed = Signal(str)
    panel_ready = Signal(str)
    panel_failed = Signal(str)
    panels_changed = Signal()

    def __init__(
        self,
        window: QMainWindow,
        registry: PluginRegistry,
        make_context: Callable[[str], PanelContext | None],
        welcome: QWidget,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.registry = registry
        self.make_context = make_context
        self.welcome = welcome
        self.frames: dict[str, PanelFrame] = {}
        self.docks: dict[str, PanelDock] = {}
        window.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
            | QMainWindow.DockOption.GroupedDragging
        )
        window.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        window.setDocumentMode(True)
        window.setCentralWidget(welcome)

    # -- opening and closing --------------------------------------------------------------
    def open(
        self, panel_id: str, payload: object = None, *, raise_it: bool = True
    ) -> PanelFrame | None:
        """Show the panel's dock at once; its widget is built on the next turn of the event
        loop (so the window repaints in between), then `panel_built` is emitted."""
        entry = self.registry.get(panel_id)
        if entry is None or entry.declaration is None:
            log.warning("no panel %r to open", panel_id)
            return None
        frame = self.frames.get(panel_id) or self._create(entry)
        if payload is not None:
            if frame.ctx is not None:
                frame.ctx.deliver_payload(payload)
            else:
                frame.pending_payloads.append(payload)
        if raise_it:
            dock = self.docks[panel_id]
            dock.show()
            dock.raise_()
        return frame

    def _create(self, entry: PluginEntry) -> PanelFrame:
        frame = PanelFrame(entry)
        dock = PanelDock(entry.id, panel_title(entry), self.window)
        dock.setWindowIcon(panel_icon(entry))
        dock.setWidget(frame)
        dock.closed.connect(self.close)
        if not self.docks:
            self.window.takeCentralWidget()
            self.welcome.hide()
            self.window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        else:
            anchor = next(reversed(self.docks.values()))
            self.window.tabifyDockWidget(anchor, dock)
        self.frames[entry.id] = frame
        self.docks[entry.id] = dock
        QTimer.singleShot(0, lambda pid=entry.id: self._build_if_open(pid))
        self.panel_opened.emit(entry.id)
        self.panels_changed.emit()
        return frame

    def _build_if_open(self, panel_id: str) -> None:
        frame = self.frames.get(panel_id)
        if frame is not None and frame.ctx is None:
            self._build(frame)

    def _build(self, frame: PanelFrame) -> None:
        ctx = self.make_context(frame.entry.id)
        if ctx is None:  # no database yet: built when it arrives
            frame.show_waiting()
            return
        if frame.build(ctx):
            self.registry.mark_working(frame.entry.id)
            pending, frame.pending_payloads = frame.pending_payloads, []
            for payload in pending:
                ctx.deliver_payload(payload)
            self.panel_built.emit(frame.entry.id)
        else:
            self.registry.mark_broken(
                frame.entry.id,
                translate("PanelFrame", "The panel's factory failed; see the panel and the log."),
            )
            self.panel_failed.emit(frame.entry.id)
        self.panels_changed.emit()

    def build_waiting(self) -> None:
        """The database is there: build every frame that was waiting for it."""
        for frame in list(self.frames.values()):
            if frame.ctx is None:
                self._build(frame)

    def close(self, panel_id: str) -> None:
        dock = self.docks.pop(panel_id, None)
        frame = self.frames.pop(panel_id, None)
        if dock is None:
            return
        if frame is not None and frame.ctx is not None:  # its keyed tasks are namespaced
            frame.ctx.runner.cancel_prefix(f"{panel_id}:")
        self.window.removeDockWidget(dock)
        dock.deleteLater()
        if not self.docks:
            self.window.setCentralWidget(self.welcome)
            self.welcome.show()
        self.panel_closed.emit(panel_id)
        self.panels_changed.emit()

    def close_all(self) -> None:
        for panel_id in list(self.docks):
            self.close(panel_id)

    # -- state ----------------------------------------------------------------------------
    def open_ids(self) -> list[str]:
        return list(self.docks)

    def current_id(self) -> str | None:
        """The panel the user works in: the one with focus, else the last raised visible one."""
        focus = self.window.focusWidget()
        for panel_id, dock in self.docks.items():
            if focus is not None and dock.isAncestorOf(focus):
                return panel_id
        visible = [pid for pid, dock in self.docks.items() if not dock.visibleRegion().isEmpty()]
        return visible[-1] if visible else None

    def panel_of_widget(self, widget: QWidget) -> str | None:
        for panel_id, frame in self.frames.items():
            if widget is frame or frame.isAncestorOf(widget):
                return panel_id
        return None

    def mark_ready(self, panel_id: str) -> None:
        self.panel_ready.emit(panel_id)

    def report_error(self, panel_id: str, exc: BaseException) -> None:
        frame = self.frames.get(panel_id)
        if frame is None:
            return
        frame.show_error(exc)
        self.panel_failed.emit(panel_id)

    def retitle(self) -> None:
        for panel_id, dock in self.docks.items():
            dock.setWindowTitle(panel_title(self.frames[panel_id].entry))

    def retranslate_panels(self) -> list[str]:
        """Retranslate open panels; returns the ids that need a restart to change language."""
        return [pid for pid, frame in self.frames.items() if not frame.retranslate()]
