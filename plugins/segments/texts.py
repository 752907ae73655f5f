"""Names the panel shows for values that come from the services (segments, lifecycle stages,
channel types), marked here so that lupdate extracts them, and the segments' colours.

The data keep the English keys (console.services.rfm.SEGMENTS …); translate at display time.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import translate

CONTEXT = "segments"

SEGMENT_NAMES = {
    "Champions": QT_TRANSLATE_NOOP("segments", "Champions"),
    "Loyal Customers": QT_TRANSLATE_NOOP("segments", "Loyal Customers"),
    "Potential Loyalists": QT_TRANSLATE_NOOP("segments", "Potential Loyalists"),
    "New Customers": QT_TRANSLATE_NOOP("segments", "New Customers"),
    "Promising": QT_TRANSLATE_NOOP("segments", "Promising"),
    "Need Attention": QT_TRANSLATE_NOOP("segments", "Need Attention"),
    "About to Sleep": QT_TRANSLATE_NOOP("segments", "About to Sleep"),
    "At Risk": QT_TRANSLATE_NOOP("segments", "At Risk"),
    "Can't Lose Them": QT_TRANSLATE_NOOP("segments", "Can't Lose Them"),
    "Hibernating": QT_TRANSLATE_NOOP("segments", "Hibernating"),
    "(none)": QT_TRANSLATE_NOOP("segments", "(not a buyer)"),
}
# Warm-to-cold: green for the best, blues for the young, ambers for those slipping, red for
# the valuable ones being lost, grey for the dormant.
SEGMENT_COLORS = {
    "Champions": "#2e8b57",
    "Loyal Customers": "#5aae7a",
    "Potential Loyalists": "#9fd0a4",
    "New Customers": "#7fb3e0",
    "Promising": "#b5d3ee",
    "Need Attention": "#f1d36b",
    "About to Sleep": "#f0b46a",
    "At Risk": "#e08a4f",
    "Can't Lose Them": "#c8443a",
    "Hibernating": "#aab2ba",
}
LIFECYCLE_NAMES = {
    "new": QT_TRANSLATE_NOOP("segments", "New"),
    "active": QT_TRANSLATE_NOOP("segments", "Active"),
    "won back": QT_TRANSLATE_NOOP("segments", "Won back"),
    "at risk": QT_TRANSLATE_NOOP("segments", "At risk"),
    "lapsed": QT_TRANSLATE_NOOP("segments", "Lapsed"),
}
CHANNEL_NAMES = {
    "direct_store": QT_TRANSLATE_NOOP("segments", "Direct stores"),
    "franchise_store": QT_TRANSLATE_NOOP("segments", "Franchise stores"),
    "own_ecommerce": QT_TRANSLATE_NOOP("segments", "Own e-commerce"),
    "marketplace": QT_TRANSLATE_NOOP("segments", "Marketplaces"),
    "social": QT_TRANSLATE_NOOP("segments", "Social media"),
}
ID_TYPE_NAMES = {
    "phone": QT_TRANSLATE_NOOP("segments", "Phone"),
    "email": QT_TRANSLATE_NOOP("segments", "E-mail"),
    "member_card": QT_TRANSLATE_NOOP("segments", "Member card"),
    "wechat_openid": QT_TRANSLATE_NOOP("segments", "WeChat openid"),
    "marketplace_account": QT_TRANSLATE_NOOP("segments", "Marketplace account"),
    "payment_account": QT_TRANSLATE_NOOP("segments", "Payment account"),
    "other": QT_TRANSLATE_NOOP("segments", "Other"),
}


def tr_text(text: str) -> str:
    """Translate a text marked above (lupdate extracts literal `translate(...)` calls only)."""
    return translate(CONTEXT, text)


def segment_name(key: str) -> str:
    return tr_text(SEGMENT_NAMES.get(key, key))


def channel_name(key: str) -> str:
    return tr_text(CHANNEL_NAMES.get(key, key))
