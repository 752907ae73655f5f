"""The panel's filters: period, date range, channel types, online/offline, category.

The date pickers refuse an inverted range: "from" cannot go past "to" and "to" cannot go
before "from". Changes are announced once the user pauses (typing a date is several edits).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
)

from console.api import translate
from console.services.kpi_math import PERIODS, DateWindow
from plugins.channel_performance.texts import CHANNEL_NAMES, PERIOD_NAMES, tr_text

SETTLE_MS = 300


class _ChoiceMenu(QMenu):
    """Ticking a channel keeps the menu open, so that several can be ticked in one go."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class FilterBar(QWidget):
    changed = Signal()  # the user changed a filter (not emitted by set_range / set_categories)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.period_label = QLabel(self)
        self.period_box = QComboBox(self)
        for period in PERIODS:
            self.period_box.addItem("", period)
        self.from_label = QLabel(self)
        self.from_edit = self._date_edit()
        self.to_label = QLabel(self)
        self.to_edit = self._date_edit()
        self.channels_button = QToolButton(self)
        self.channels_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.channels_menu = _ChoiceMenu(self.channels_button)
        self.channel_actions = {}
        for key in CHANNEL_NAMES:
            action = self.channels_menu.addAction("")
            action.setCheckable(True)
            action.toggled.connect(self._channels_toggled)
            self.channel_actions[key] = action
        self.channels_menu.addSeparator()
        self.all_channels_action = self.channels_menu.addAction(
            "", lambda: self.set_channel_types(())
        )
        self.channels_button.setMenu(self.channels_menu)
        self.reach_box = QComboBox(self)
        for value in (None, True, False):
            self.reach_box.addItem("", value)
        self.category_box = QComboBox(self)
        self.category_box.addItem("", None)
        self.export_button = QToolButton(self)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.period_label,
            self.period_box,
            self.from_label,
            self.from_edit,
            self.to_label,
            self.to_edit,
            self.channels_button,
            self.reach_box,
            self.category_box,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.export_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.changed)
        self.from_edit.dateChanged.connect(self._from_changed)
        self.to_edit.dateChanged.connect(self._to_changed)
        for box in (self.period_box, self.reach_box, self.category_box):
            box.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.retranslate_ui()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # -- state ----------------------------------------------------------------------------
    def set_range(self, window: DateWindow, period: str) -> None:
        """Show a range (a drill-down or going back up) without announcing a change."""
        widgets = (self.from_edit, self.to_edit, self.period_box)
        for widget in widgets:
            widget.blockSignals(True)
        self.from_edit.setMaximumDate(QDate(9999, 12, 31))
        self.to_edit.setMinimumDate(QDate(1752, 9, 14))
        self.from_edit.setDate(_qdate(window.start))
        self.to_edit.setDate(_qdate(window.end))
        self.from_edit.setMaximumDate(_qdate(window.end))
        self.to_edit.setMinimumDate(_qdate(window.start))
        self.period_box.setCurrentIndex(PERIODS.index(period))
        for widget in widgets:
            widget.blockSignals(False)

    def set_categories(self, categories: pd.DataFrame, language: str) -> None:
        """Top-level categories (key, name, name_zh)."""
        self.category_box.blockSignals(True)
        current = self.category_id()
        while self.category_box.count() > 1:
            self.category_box.removeItem(1)
        column = "name_zh" if language.startswith("zh") else "name"
        for row in categories.sort_values("key").itertuples():
            self.category_box.addItem(str(getattr(row, column)), int(row.key))
        index = self.category_box.findData(current)
        self.category_box.setCurrentIndex(max(index, 0))
        self.category_box.blockSignals(False)

    def window(self) -> DateWindow:
        return DateWindow(_pydate(self.from_edit.date()), _pydate(self.to_edit.date()))

    def period(self) -> str:
        return str(self.period_box.currentData())

    def channel_types(self) -> tuple[str, ...]:
        return tuple(k for k, action in self.channel_actions.items() if action.isChecked())

    def online(self) -> bool | None:
        return self.reach_box.currentData()

    def category_id(self) -> int | None:
        value = self.category_box.currentData()
        return None if value is None else int(value)

    def set_channel_types(self, types: tuple[str, ...]) -> None:
        for key, action in self.channel_actions.items():
            action.setChecked(key in types)

    # -- reactions ------------------------------------------------------------------------
    def _from_changed(self, day: QDate) -> None:
        self.to_edit.setMinimumDate(day)  # "to" can no longer be set before "from"
        self._timer.start()

    def _to_changed(self, day: QDate) -> None:
        self.from_edit.setMaximumDate(day)
        self._timer.start()

    def _channels_toggled(self, _checked: bool) -> None:
        self._update_channels_text()
        self._timer.start()

    def _update_channels_text(self) -> None:
        chosen = self.channel_types()
        if not chosen or len(chosen) == len(self.channel_actions):
            text = translate("channel_performance", "All channels")
        elif len(chosen) == 1:
            text = tr_text(CHANNEL_NAMES[chosen[0]])
        else:
            text = translate("channel_performance", "%1 channels").replace("%1", str(len(chosen)))
        self.channels_button.setText(text)

    def retranslate_ui(self) -> None:
        self.period_label.setText(translate("channel_performance", "By"))
        for i, period in enumerate(PERIODS):
            self.period_box.setItemText(i, tr_text(PERIOD_NAMES[period]))
        self.from_label.setText(translate("channel_performance", "From"))
        self.to_label.setText(translate("channel_performance", "to"))
        for key, action in self.channel_actions.items():
            action.setText(tr_text(CHANNEL_NAMES[key]))
        self.all_channels_action.setText(translate("channel_performance", "All channels"))
        self._update_channels_text()
        self.from_edit.setToolTip(
            translate("channel_performance", "First day of the range (not after the last day)")
        )
        self.to_edit.setToolTip(
            translate("channel_performance", "Last day of the range (not before the first day)")
        )
        self.channels_button.setToolTip(
            translate("channel_performance", "Channel types to include (none ticked: all)")
        )
        for i, text in enumerate(
            (
                translate("channel_performance", "Online and offline"),
                translate("channel_performance", "Online only"),
                translate("channel_performance", "Offline only"),
            )
        ):
            self.reach_box.setItemText(i, text)
        self.category_box.setItemText(0, translate("channel_performance", "All categories"))
        self.export_button.setText(translate("channel_performance", "Export"))
