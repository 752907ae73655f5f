"""A progress bar with a label and a Cancel button, bound to a background task."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from console.ui.i18n import translate
from console.ui.runner import TaskHandle


class TaskProgress(QWidget):
    """Shows what a task is doing; Cancel asks the task to stop (it checks `task.check()`).

    `attach(handle)` wires a TaskHandle: its progress updates the bar, Cancel cancels it, and
    the widget resets when the task is done. Without a total the bar runs as a busy indicator.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("TaskProgress")
        self._handle: TaskHandle | None = None
        self.label = QLabel(self)
        self.label.setObjectName("TaskProgressLabel")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(not compact)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        if compact:
            layout = QHBoxLayout(self)
            self.bar.setMaximumWidth(160)
            layout.addWidget(self.label)
            layout.addWidget(self.bar)
            layout.addWidget(self.cancel_button)
        else:
            layout = QVBoxLayout(self)
            layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignHCenter)
            row = QHBoxLayout()
            row.addWidget(self.bar, 1)
            row.addWidget(self.cancel_button)
            layout.addLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.cancel_button.setText(translate("TaskProgress", "Cancel"))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def start(self, text: str, cancellable: bool = True) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setVisible(cancellable)

    def set_progress(self, done: int, total: int, label: str = "") -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        if label:
            self.label.setText(label)

    def attach(self, handle: TaskHandle, text: str = "", cancellable: bool = True) -> None:
        self.detach()
        self._handle = handle
        self.start(text or self.label.text(), cancellable)
        handle.progressed.connect(self.set_progress)
        handle.done.connect(self.detach)

    def detach(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            try:
                handle.progressed.disconnect(self.set_progress)
                handle.done.disconnect(self.detach)
            except (RuntimeError, TypeError):  # already disconnected or deleted
                pass

    def cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(translate("TaskProgress", "Cancelling…"))
        if self._handle is not None:
            self._handle.cancel()
        self.cancel_requested.emit()
