"""Texts shown by the panel that come from elsewhere (KPI names and definitions of
console.services.kpi_math, channel types, cuts), marked here so that lupdate extracts them.

Translate at display time with `tr_text(text)`; a test checks these match kpi_math word for word.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import translate

CONTEXT = "channel_performance"

KPI_TEXTS = (
    QT_TRANSLATE_NOOP("channel_performance", "Revenue (GMV)"),
    QT_TRANSLATE_NOOP(
        "channel_performance",
        "Amount paid (after discounts) of all orders placed in the period, cancelled orders "
        "excluded; returns not deducted.",
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Net revenue"),
    QT_TRANSLATE_NOOP(
        "channel_performance",
        "Revenue (GMV) minus the amount refunded for returns of those orders.",
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Orders"),
    QT_TRANSLATE_NOOP(
        "channel_performance", "Orders placed in the period, cancelled orders excluded."
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Average order value"),
    QT_TRANSLATE_NOOP("channel_performance", "Revenue (GMV) divided by orders."),
    QT_TRANSLATE_NOOP("channel_performance", "Active customers"),
    QT_TRANSLATE_NOOP(
        "channel_performance",
        "Identified customers with at least one order in the period (anonymous orders have "
        "no customer).",
    ),
    QT_TRANSLATE_NOOP("channel_performance", "New customers"),
    QT_TRANSLATE_NOOP(
        "channel_performance",
        "Active customers whose first order ever (any channel) was placed in the period.",
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Returning customers"),
    QT_TRANSLATE_NOOP(
        "channel_performance",
        "Active customers who had ordered before the period: active minus new.",
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Anonymous-order share"),
    QT_TRANSLATE_NOOP("channel_performance", "Share of orders with no identified customer."),
    QT_TRANSLATE_NOOP("channel_performance", "Online orders fulfilled by dealers"),
    QT_TRANSLATE_NOOP(
        "channel_performance",
        "Online orders (own e-commerce, marketplaces, social) that a dealer delivers.",
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Dealer-fulfilled share of online orders"),
    QT_TRANSLATE_NOOP(
        "channel_performance",
        "Online orders fulfilled by a dealer divided by all online orders.",
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Interaction-to-order conversion"),
    QT_TRANSLATE_NOOP(
        "channel_performance",
        "Share of interactions (store visits, page views, social, consultations) in the "
        "period that led to an order.",
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Return rate"),
    QT_TRANSLATE_NOOP(
        "channel_performance", "Amount refunded for returns divided by revenue (GMV)."
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Gross margin"),
    QT_TRANSLATE_NOOP(
        "channel_performance", "Net revenue minus the cost of the goods customers kept."
    ),
    QT_TRANSLATE_NOOP("channel_performance", "Gross margin rate"),
    QT_TRANSLATE_NOOP("channel_performance", "Gross margin divided by net revenue."),
)

CHANNEL_NAMES = {
    "direct_store": QT_TRANSLATE_NOOP("channel_performance", "Direct stores"),
    "franchise_store": QT_TRANSLATE_NOOP("channel_performance", "Franchise stores"),
    "own_ecommerce": QT_TRANSLATE_NOOP("channel_performance", "Own e-commerce"),
    "marketplace": QT_TRANSLATE_NOOP("channel_performance", "Marketplaces"),
    "social": QT_TRANSLATE_NOOP("channel_performance", "Social media"),
}
CHANNEL_SHORT_NAMES = {  # heatmap columns are narrow
    "direct_store": QT_TRANSLATE_NOOP("channel_performance", "Direct"),
    "franchise_store": QT_TRANSLATE_NOOP("channel_performance", "Franchise"),
    "own_ecommerce": QT_TRANSLATE_NOOP("channel_performance", "Web shop"),
    "marketplace": QT_TRANSLATE_NOOP("channel_performance", "Market"),
    "social": QT_TRANSLATE_NOOP("channel_performance", "Social"),
}
NONE_NAMES = {
    "region": QT_TRANSLATE_NOOP("channel_performance", "No region"),
    "city": QT_TRANSLATE_NOOP("channel_performance", "No city"),
    "dealer": QT_TRANSLATE_NOOP("channel_performance", "No dealer (HQ / unassigned)"),
    "store": QT_TRANSLATE_NOOP("channel_performance", "Online (no store)"),
}
LEVEL_NAMES = {
    "region": QT_TRANSLATE_NOOP("channel_performance", "Region"),
    "city": QT_TRANSLATE_NOOP("channel_performance", "City"),
    "dealer": QT_TRANSLATE_NOOP("channel_performance", "Dealer"),
    "store": QT_TRANSLATE_NOOP("channel_performance", "Store"),
    "orders": QT_TRANSLATE_NOOP("channel_performance", "Orders"),
}
PERIOD_NAMES = {
    "day": QT_TRANSLATE_NOOP("channel_performance", "Day"),
    "week": QT_TRANSLATE_NOOP("channel_performance", "Week"),
    "month": QT_TRANSLATE_NOOP("channel_performance", "Month"),
    "quarter": QT_TRANSLATE_NOOP("channel_performance", "Quarter"),
    "year": QT_TRANSLATE_NOOP("channel_performance", "Year"),
}
ORDER_STATUSES = {
    "placed": QT_TRANSLATE_NOOP("channel_performance", "placed"),
    "paid": QT_TRANSLATE_NOOP("channel_performance", "paid"),
    "shipped": QT_TRANSLATE_NOOP("channel_performance", "shipped"),
    "delivered": QT_TRANSLATE_NOOP("channel_performance", "delivered"),
    "completed": QT_TRANSLATE_NOOP("channel_performance", "completed"),
    "returned": QT_TRANSLATE_NOOP("channel_performance", "returned"),
}
ANONYMOUS_LINES = {
    "all": QT_TRANSLATE_NOOP("channel_performance", "All orders"),
    "offline": QT_TRANSLATE_NOOP("channel_performance", "Offline"),
    "online": QT_TRANSLATE_NOOP("channel_performance", "Online"),
}


def tr_text(text: str) -> str:
    """Translate a text marked above (lupdate extracts literal `translate(...)` calls only)."""
    return translate(CONTEXT, text)
