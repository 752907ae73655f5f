"""Ctrl+K: one box to open panels, run commands, and find dealers, stores, SKUs and customers.

Panels and commands are filtered as you type; the database search runs in the background
after a short pause (a newer search supersedes an older one) and its hits open the panel
that shows that kind of thing, with the hit as payload.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.ui.i18n import translate

ACTION_ROLE = Qt.ItemDataRole.UserRole + 10


@dataclass
class PaletteCommand:
    label: str
    run: Callable[[], object]
    section: str  # "panel" or "command"
    keywords: str = ""


def kind_label(kind: str) -> str:
    return {
        "dealer": translate("CommandPalette", "Dealer"),
        "store": translate("CommandPalette", "Store"),
        "sku": translate("CommandPalette", "SKU"),
        "customer": translate("CommandPalette", "Customer"),
    }.get(kind, kind)


class CommandPalette(QDialog):
    """A popup list under a search field. `search` is called (debounced) with the text; the
    window answers with `show_hits`."""

    search_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("CommandPalette")
        self.commands: list[PaletteCommand] = []
        self._hits: list[tuple[str, Callable[[], object]]] = []
        self._searching = False
        self.field = QLineEdit(self)
        self.field.setObjectName("PaletteField")
        self.field.installEventFilter(self)
        self.status = QLabel(self)
        self.status.setObjectName("PaletteStatus")
        self.list = QListWidget(self)
        self.list.setObjectName("PaletteList")
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.field)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(180)
        self._timer.timeout.connect(lambda: self.search_requested.emit(self.field.text()))
        self.field.textChanged.connect(self._text_changed)
        self.resize(620, 420)

    # -- content --------------------------------------------------------------------------
    def open_with(self, commands: list[PaletteCommand]) -> None:
        self.commands = commands
        self._hits = []
        self.field.setPlaceholderText(
            translate(
                "CommandPalette",
                "Open a panel, run a command, or find a dealer, store, SKU or customer…",
            )
        )
        self.field.clear()
        self._rebuild()
        parent = self.parentWidget()
        if parent is not None:
            top_left = parent.mapToGlobal(parent.rect().topLeft())
            self.move(top_left.x() + (parent.width() - self.width()) // 2, top_left.y() + 60)
        self.show()
        self.field.setFocus()

    def show_hits(self, text: str, hits: list[tuple[str, Callable[[], object]]]) -> None:
        """Database results for `text` (ignored if the user has typed on since)."""
        if text != self.field.text():
            return
        self._searching = False
        self._hits = hits
        self._rebuild()

    def show_search_error(self, message: str) -> None:
        self._searching = False
        self.status.setText(message)

    def _text_changed(self, text: str) -> None:
        self._hits = []
        self._searching = len(text.strip()) >= 2
        self._rebuild()
        if self._searching:
            self._timer.start()

    def _rebuild(self) -> None:
        needle = self.field.text().strip().lower()
        self.list.clear()
        sections = (
            ("panel", translate("CommandPalette", "Panels")),
            ("command", translate("CommandPalette", "Commands")),
        )
        for section, title in sections:
            matches = [
                c for c in self.commands
                if c.section == section and needle in f"{c.label} {c.keywords}".lower()
            ]  # fmt: skip
            if matches:
                self._header(title)
                for command in matches:
                    self._item(command.label, command.run)
        if self._hits:
            self._header(translate("CommandPalette", "Found in the database"))
            for label, run in self._hits:
                self._item(label, run)
        if self._searching:
            self.status.setText(translate("CommandPalette", "Searching…"))
        elif needle and not self._hits and len(needle) >= 2:
            self.status.setText(
                translate("CommandPalette", "No dealer, store, SKU or customer matches.")
            )
        else:
            self.status.setText(translate("CommandPalette", "Enter opens, Esc closes."))
        self._select_first()

    def _header(self, title: str) -> None:
        item = QListWidgetItem(title)
        font = QFont(self.list.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.list.addItem(item)

    def _item(self, label: str, run: Callable[[], object]) -> None:
        item = QListWidgetItem("   " + label)
        item.setData(ACTION_ROLE, run)
        self.list.addItem(item)

    def _select_first(self) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ACTION_ROLE) is not None:
                self.list.setCurrentRow(row)
                return

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        for _ in range(self.list.count()):
            row = (row + step) % max(self.list.count(), 1)
            if self.list.item(row).data(ACTION_ROLE) is not None:
                self.list.setCurrentRow(row)
                return

    def _activate(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.list.currentItem()
        run = item.data(ACTION_ROLE) if item is not None else None
        if run is None:
            return
        self.hide()
        run()

    def labels(self) -> list[str]:
        """The visible entries (for tests and screen readers)."""
        return [self.list.item(r).text().strip() for r in range(self.list.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activate()
                return True
        return super().eventFilter(watched, event)
