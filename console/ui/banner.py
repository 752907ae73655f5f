"""A message bar (connection lost, a panel's error) with action buttons and a close button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class Banner(QFrame):
    """Hidden until `show_message`; `kind` ('error', 'warning', 'info') selects the colours.

    In a QToolBar, pass `start_hidden=False` and show/hide the tool bar instead: a widget that
    is hidden when added to a tool bar stays disabled there.
    """

    def __init__(
        self, parent: QWidget | None = None, *, closable: bool = True, start_hidden: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.setProperty("kind", "info")
        self.label = QLabel(self)
        self.label.setObjectName("BannerText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(12, 6, 6, 6)
        self._layout.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        self.close_button.setVisible(closable)
        self._layout.addWidget(self.close_button)
        if start_hidden:
            self.hide()

    def show_message(
        self,
        text: str,
        kind: str = "info",
        actions: list[tuple[str, Callable[[], object]]] | None = None,
    ) -> None:
        for button in self._buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        for label, callback in actions or []:
            button = QPushButton(label, self)
            button.clicked.connect(lambda _=False, cb=callback: cb())
            self._layout.insertWidget(self._layout.count() - 1, button)
            self._buttons.append(button)
        self.label.setText(text)
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def button(self, label: str) -> QPushButton | None:
        return next((b for b in self._buttons if b.text() == label), None)

    @property
    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)
