"""What the window shows when no panel is open: who you are, and the panels you may open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from console.plugins import PluginEntry
from console.ui.i18n import translate
from console.ui.panel_host import panel_title


class PanelCard(QPushButton):
    """A button that looks like a card: the panel's title, and what it is for."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PanelCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel(title, self)
        self.title.setObjectName("PanelCardTitle")
        self.description = QLabel(description, self)
        self.description.setObjectName("PanelCardText")
        self.description.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.description, 1)
        for label in (self.title, self.description):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setMinimumSize(260, 100)  # a title and three lines of description
        self.setAccessibleName(title)


class WelcomePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomePage")
        self.title = QLabel(self)
        self.title.setObjectName("WelcomeTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("WelcomeSubtitle")
        self.subtitle.setWordWrap(True)
        self.section = QLabel(self)
        self.section.setObjectName("WelcomeSection")
        self.hint = QLabel(self)
        self.hint.setObjectName("WelcomeHint")
        self.hint.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        for column_index in range(3):  # three equal columns, however many cards there are
            self.grid.setColumnStretch(column_index, 1)
        self.buttons: dict[str, PanelCard] = {}
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addSpacing(24)
        column.addWidget(self.section)
        column.addLayout(self.grid)
        column.addSpacing(16)
        column.addWidget(self.hint)
        column.addStretch(2)
        content = QWidget(self)
        content.setLayout(column)
        content.setMaximumWidth(980)
        content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 24, 48, 24)
        outer.addStretch(1)
        outer.addWidget(content, 100)
        outer.addStretch(1)
        self.retranslate_ui()

    def set_status(self, text: str) -> None:
        self.subtitle.setText(text)

    def set_panels(self, entries: list[PluginEntry], open_panel: Callable[[str], object]) -> None:
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for i, entry in enumerate(entries):
            declared = entry.declaration.description
            card = PanelCard(
                panel_title(entry), translate("panels", declared) if declared else "", self
            )
            card.clicked.connect(lambda _=False, pid=entry.id: open_panel(pid))
            self.grid.addWidget(card, i // 3, i % 3)
            self.buttons[entry.id] = card
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(translate("WelcomePage", "HQ Console"))
        self.section.setText(translate("WelcomePage", "Panels") if self.buttons else "")
        self.section.setVisible(bool(self.buttons))
        if self.buttons:
            self.hint.setText(
                translate(
                    "WelcomePage",
                    "Open a panel above or from the Panels menu. Press Ctrl+K to find a dealer, "
                    "store, SKU or customer.",
                )
            )
        else:
            self.hint.setText(
                translate(
                    "WelcomePage",
                    "No panel is installed that your role may open. Press Ctrl+K to search, or "
                    "File > Connect to use another database.",
                )
            )
