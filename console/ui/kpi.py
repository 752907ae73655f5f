"""KPI cards: a value, its change against a comparison period, and a definition on hover."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from console.ui import formatting as fmt
from console.ui.theme import chart_theme


class KpiCard(QFrame):
    """One figure: title, value, optional change (coloured by direction) and a tooltip.

    `good_when_up=False` colours a rise red (e.g. return rate, SLA breaches).
    """

    def __init__(
        self, title: str = "", parent: QWidget | None = None, *, definition: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("KpiCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("KpiTitle")
        self.value_label = QLabel(fmt.MISSING, self)
        self.value_label.setObjectName("KpiValue")
        self.change_label = QLabel("", self)
        self.change_label.setObjectName("KpiChange")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.change_label)
        self.setToolTip(definition)

    def set_title(self, title: str, definition: str | None = None) -> None:
        self.title_label.setText(title)
        if definition is not None:
            self.setToolTip(definition)

    def set_value(
        self,
        text: str,
        change: float | None = None,
        *,
        change_label: str = "",
        good_when_up: bool = True,
    ) -> None:
        """`text` is already formatted (format_money(...)); `change` is relative (0.05 = +5%)."""
        self.value_label.setText(text)
        if change is None or fmt.is_missing(change):
            self.change_label.setText(change_label)
            self.change_label.setStyleSheet("")
            return
        theme = chart_theme()
        good = (change >= 0) == good_when_up
        colour = theme.muted if change == 0 else theme.positive if good else theme.negative
        self.change_label.setText(f"{fmt.format_change(change)} {change_label}".strip())
        self.change_label.setStyleSheet(f"color: {colour};")


class KpiStrip(QWidget):
    """A row of KPI cards of equal width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, KpiCard] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)

    def add_card(self, key: str, title: str, definition: str = "") -> KpiCard:
        card = KpiCard(title, self, definition=definition)
        self.cards[key] = card
        self._layout.addWidget(card, 1)
        return card
