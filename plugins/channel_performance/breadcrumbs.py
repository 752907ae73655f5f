"""Breadcrumbs of the drill-down path: every step but the last is a button back up."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class Breadcrumbs(QWidget):
    clicked = Signal(int)  # index of the step to go back to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.buttons: list[QToolButton] = []

    def set_items(self, labels: list[str]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = []
        for i, label in enumerate(labels):
            if i:
                self._layout.addWidget(QLabel("›", self))
            button = QToolButton(self)
            button.setText(label)
            button.setAutoRaise(True)
            last = i == len(labels) - 1
            button.setEnabled(not last)
            if last:
                font = button.font()
                font.setBold(True)
                button.setFont(font)
            button.clicked.connect(lambda _c=False, index=i: self.clicked.emit(index))
            self._layout.addWidget(button)
            self.buttons.append(button)
        self._layout.addStretch(1)
