"""Service tickets panel: SLA queue across channels and dealers, KPIs, customer 360.

Only the declaration lives here (the console imports it at start-up); the widgets are in
`plugins.service.panel`, imported when the panel is first opened.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import PanelDeclaration

PANEL = PanelDeclaration(
    id="service",
    title=QT_TRANSLATE_NOOP("panels", "Service tickets"),
    description=QT_TRANSLATE_NOOP(
        "panels",
        "After-sales tickets from every channel against their SLAs, per channel and dealer, "
        "and each customer's whole history",
    ),
    factory="plugins.service.panel:create_panel",
    roles=frozenset({"service", "executive", "admin"}),  # executive: read only
    icon="service.svg",
    order=50,
    handles=frozenset({"customer"}),
)
