"""The declaration HQ Console reads at start-up: keep this module light (no pandas, no widgets).

The console imports `hello_panel.panel` (the heavy part) only when the panel is first opened.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.api import PanelDeclaration

PANEL = PanelDeclaration(
    id="hello",
    title=QT_TRANSLATE_NOOP("panels", "Hello"),
    description=QT_TRANSLATE_NOOP("panels", "Example plugin: the console's users by role"),
    factory="hello_panel.panel:create_panel",
    roles=frozenset({"executive", "marketing", "supply_chain", "service", "admin"}),
    icon="hello.svg",  # a file next to this module, or a desktop theme icon name
    order=900,
)
