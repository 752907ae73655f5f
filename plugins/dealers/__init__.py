"""Dealer network panel: dealers and stores, online-order assignment rules, settlement,
scorecards and the change history.

Only the declaration lives here (the console imports it at start-up); the widgets are in
`plugins.dealers.panel`, imported when the panel is first opened.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import PanelDeclaration

PANEL = PanelDeclaration(
    id="dealers",
    title=QT_TRANSLATE_NOOP("panels", "Dealer network"),
    description=QT_TRANSLATE_NOOP(
        "panels", "Dealers and stores, online-order assignment, settlement and scorecards"
    ),
    factory="plugins.dealers.panel:create_panel",
    roles=frozenset({"admin", "executive", "supply_chain"}),
    icon="dealers.svg",
    order=20,
    handles=frozenset({"dealer", "store"}),
)
