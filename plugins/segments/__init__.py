"""Customer value segments panel: one customer across channels, RFM segments, omnichannel
value, lifetime value, and acting on a segment (export, plan a campaign).

Only the declaration lives here (the console imports it at start-up); the widgets are in
`plugins.segments.panel`, imported when the panel is first opened.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import PanelDeclaration

PANEL = PanelDeclaration(
    id="segments",
    title=QT_TRANSLATE_NOOP("panels", "Customer segments"),
    description=QT_TRANSLATE_NOOP(
        "panels", "RFM segments, omnichannel value, lifetime value and identity resolution"
    ),
    factory="plugins.segments.panel:create_panel",
    roles=frozenset({"executive", "marketing", "service", "admin"}),
    icon="segments.svg",
    order=60,
)
