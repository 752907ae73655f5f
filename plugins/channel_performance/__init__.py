"""Channel performance panel: how channels, regions, dealers and stores grow, how much of the
business is online, and how many customers are known — what headquarters executives review.

Only the declaration lives here (the console imports it at start-up); the widgets are in
`plugins.channel_performance.panel`, imported when the panel is first opened.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import PanelDeclaration

PANEL = PanelDeclaration(
    id="channel_performance",
    title=QT_TRANSLATE_NOOP("panels", "Channel performance"),
    description=QT_TRANSLATE_NOOP(
        "panels", "Revenue, customers and online share by channel, region, dealer and store"
    ),
    factory="plugins.channel_performance.panel:create_panel",
    roles=frozenset({"executive", "marketing", "admin"}),
    icon="channel_performance.svg",
    order=10,
)
