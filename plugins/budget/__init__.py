"""Campaign budget planning panel: response curves per channel x region, an exact optimiser
under the manager's constraints, plan versions and their approval.

Only the declaration lives here (the console imports it at start-up); the widgets are in
`plugins.budget.panel`, imported when the panel is first opened.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import PanelDeclaration

PANEL = PanelDeclaration(
    id="budget",
    title=QT_TRANSLATE_NOOP("panels", "Budget planning"),
    description=QT_TRANSLATE_NOOP(
        "panels", "Split one campaign budget across online and offline channels and regions"
    ),
    factory="plugins.budget.panel:create_panel",
    roles=frozenset({"marketing", "admin", "executive"}),
    icon="budget.svg",
    order=30,
)
