"""KPI cards: the value, its change against the previous period and against the same period
last year (absolute and %, coloured good/bad), and the KPI's definition on hover."""

from __future__ import annotations

import math

import pandas as pd
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from console.api import (
    KpiCard,
    chart_theme,
    format_change,
    format_compact,
    format_money,
    format_number,
    format_percent,
    translate,
)
from console.services.kpi_math import KPI_BY_KEY
from plugins.channel_performance.texts import tr_text

# (card key, KPI shown as value, KPI shown after it, how the value is written)
LAYOUT = (
    ("gmv", "gmv", None, "money"),
    ("net_revenue", "net_revenue", None, "money"),
    ("orders", "orders", None, "int"),
    ("aov", "aov", None, "price"),
    ("gross_margin", "gross_margin", "gross_margin_rate", "money"),
    ("return_rate", "return_rate", None, "percent"),
    ("active_customers", "active_customers", None, "int"),
    ("new_customers", "new_customers", None, "int"),
    ("returning_customers", "returning_customers", None, "int"),
    ("anonymous_share", "anonymous_share", None, "percent"),
    ("dealer_fulfilled_orders", "dealer_fulfilled_orders", "dealer_fulfilled_share", "int"),
    ("conversion_rate", "conversion_rate", None, "percent"),
)
PER_ROW = 6


def _value(value: float, kind: str) -> str:
    if kind == "money":  # ¥1.34B / ¥13.43亿: two decimals tell GMV from net revenue
        return "—" if pd.isna(value) else "¥" + format_compact(value, 2)
    if kind == "price":
        return format_money(value, 0)
    if kind == "percent":
        return format_percent(value, 1)
    return format_number(value)


def _difference(value: float, kind: str) -> str:
    """An absolute change: ¥+1.2M, +1,234, +1.5 pt (percentage points for ratios)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    sign = "+" if value >= 0 else "-"
    if kind == "percent":
        return f"{sign}{abs(value) * 100:.1f} " + translate("channel_performance", "pt")
    if kind in ("money", "price"):
        return sign + format_money(abs(value), compact=True)
    return sign + format_number(abs(value))


class ComparisonCard(KpiCard):
    """A KPI card with a second comparison line (same period last year)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.ly_label = QLabel(self)
        self.ly_label.setObjectName("KpiChange")
        self.layout().addWidget(self.ly_label)

    def set_comparisons(
        self, text: str, figures: pd.Series, key: str, kind: str, good_when_up: bool
    ) -> None:
        pct, absolute = figures.get(f"{key}_vs_prev_pct"), figures.get(f"{key}_vs_prev")
        change = None if pct is None or pd.isna(pct) else float(pct)
        versus = translate("channel_performance", "vs prev.")
        difference = _difference(absolute, kind)  # none: no value now or before
        label = f"({difference}) {versus}" if difference else f"— {versus}"
        self.set_value(text, change, change_label=label, good_when_up=good_when_up)
        ly_pct, ly_abs = figures.get(f"{key}_vs_ly_pct"), figures.get(f"{key}_vs_ly")
        if ly_pct is None or pd.isna(ly_pct):
            self.ly_label.setText("— " + translate("channel_performance", "YoY"))
            self.ly_label.setStyleSheet("")
            return
        theme = chart_theme()
        good = (ly_pct >= 0) == good_when_up
        colour = theme.muted if ly_pct == 0 else theme.positive if good else theme.negative
        yoy = translate("channel_performance", "YoY")
        self.ly_label.setText(f"{format_change(ly_pct)} ({_difference(ly_abs, kind)}) {yoy}")
        self.ly_label.setStyleSheet(f"color: {colour};")

    def clear_value(self) -> None:
        self.set_value("—")
        self.ly_label.setText("")


class CardGrid(QWidget):
    """Twelve cards in two rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, ComparisonCard] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for i, (key, *_rest) in enumerate(LAYOUT):
            card = ComparisonCard(self)
            self.cards[key] = card
            grid.addWidget(card, i // PER_ROW, i % PER_ROW)
        self.retranslate_ui()

    def show_figures(self, figures: pd.Series) -> None:
        for key, value_key, extra_key, kind in LAYOUT:
            text = _value(figures.get(value_key), kind)
            if extra_key is not None:
                text += " · " + format_percent(figures.get(extra_key), 1)
            good = KPI_BY_KEY[value_key].higher_is_better
            self.cards[key].set_comparisons(text, figures, value_key, kind, good)

    def clear(self) -> None:
        for card in self.cards.values():
            card.clear_value()

    def retranslate_ui(self) -> None:
        for key, value_key, extra_key, _kind in LAYOUT:
            kpi = KPI_BY_KEY[value_key]
            definition = tr_text(kpi.definition)
            if extra_key is not None:
                extra = KPI_BY_KEY[extra_key]
                definition += f"\n{tr_text(extra.label)}: {tr_text(extra.definition)}"
            self.cards[key].set_title(tr_text(kpi.label), definition)
