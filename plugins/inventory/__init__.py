"""Inventory panel: stock monitor, rebalancing proposals, transfer orders, online order sourcing.

Only the declaration lives here (the console imports it at start-up); the widgets are in
`plugins.inventory.panel`, imported when the panel is first opened.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import PanelDeclaration

PANEL = PanelDeclaration(
    id="inventory",
    title=QT_TRANSLATE_NOOP("panels", "Inventory"),
    description=QT_TRANSLATE_NOOP(
        "panels", "Watch stock in every store and warehouse and rebalance it at least cost"
    ),
    factory="plugins.inventory.panel:create_panel",
    roles=frozenset({"supply_chain", "executive", "admin"}),
    icon="inventory.svg",
    order=40,
    handles=frozenset({"sku"}),
)
