"""The dealer network panel: five tabs on one database — dealers & stores, assignment rules,
settlement, scorecard, history. Each tab loads when first shown; F5 reloads the visible one."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from console.api import PanelContext, translate
from plugins.dealers import tasks
from plugins.dealers.history_view import HistoryView
from plugins.dealers.network_view import NetworkView
from plugins.dealers.rules_view import RulesView
from plugins.dealers.scorecard_view import ScorecardView
from plugins.dealers.settlement_view import SettlementView


class DealersPanel(QWidget):
    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.choices: tasks.Choices | None = None
        self.tabs = QTabWidget(self)
        self.network = NetworkView(ctx, self.load_choices)
        self.rules = RulesView(ctx, self.load_choices)
        self.settlement = SettlementView(ctx)
        self.scorecard = ScorecardView(ctx)
        self.history = HistoryView(ctx)
        self.views = (self.network, self.rules, self.settlement, self.scorecard, self.history)
        for view in self.views:
            self.tabs.addTab(view, "")
        self._loaded: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate_ui()
        self.load_choices()
        ctx.on_payload(self._payload)

    def load_choices(self) -> None:
        """Regions, cities and dealers for the forms; the tabs load once they are known."""
        self.ctx.run(tasks.load_choices, self.ctx.database, key="choices", on_result=self._choices)

    def _choices(self, choices: tasks.Choices) -> None:
        first = self.choices is None
        self.choices = choices
        for view in self.views:
            if hasattr(view, "set_choices"):
                view.set_choices(choices)
        if first:
            self._load_current()

    def _load_current(self) -> None:
        view = self.tabs.currentWidget()
        if self.choices is not None and view not in self._loaded:
            self._loaded.add(view)
            view.refresh()

    def refresh(self) -> None:
        """F5: reload the visible tab; the others reload when next shown."""
        self._loaded.clear()
        self.load_choices()
        self._load_current()

    def _payload(self, payload: object) -> None:
        """A dealer or store chosen in the search box: find it in the dealer list."""
        if isinstance(payload, dict) and payload.get("kind") in ("dealer", "store"):
            self.tabs.setCurrentWidget(self.network)
            code = payload.get("code") or ""
            if payload.get("kind") == "store":
                self.network.search.clear()
                self.network.stores.set_filter(str(code))
            else:
                self.network.search.setText(str(code))
            if self.choices is not None:
                self.network.refresh()

    def retranslate_ui(self) -> None:
        names = (
            translate("dealers", "Dealers and stores"),
            translate("dealers", "Assignment rules"),
            translate("dealers", "Settlement"),
            translate("dealers", "Scorecard"),
            translate("dealers", "History"),
        )
        for index, name in enumerate(names):
            self.tabs.setTabText(index, name)
        for view in self.views:
            view.retranslate_ui()


def create_panel(ctx: PanelContext) -> QWidget:
    return DealersPanel(ctx)
