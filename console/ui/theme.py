"""Light and dark themes: Fusion style, a palette, a style sheet, and matching chart colours.

Fusion looks the same on every platform, so screenshots and tests see what users see; the
style sheets in console/resources/styles/ only add the console's own touches (banners, cards,
states).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from console.ui.resources import resource_path

THEMES = ("light", "dark")

# Okabe-Ito based, readable on white and on dark grey; colour-blind safe for the first six.
SERIES_LIGHT = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
    "#8C6D31", "#6B6ECF", "#7F7F7F", "#BCBD22",
)  # fmt: skip
SERIES_DARK = (
    "#4EA3E0", "#F0B43C", "#2FC497", "#E08BC0", "#8ACDF2", "#F07D3A",
    "#C9A25A", "#9C9EEA", "#B0B0B0", "#D6D73E",
)  # fmt: skip


@dataclass(frozen=True)
class ChartTheme:
    background: str
    foreground: str
    grid_alpha: float
    series: tuple[str, ...]
    positive: str
    negative: str
    accent: str
    muted: str


CHART_THEMES = {
    "light": ChartTheme(
        "#ffffff", "#3a3f47", 0.12, SERIES_LIGHT, "#1a7f37", "#cf222e", "#2563eb", "#8c959f"
    ),
    "dark": ChartTheme(
        "#25282e", "#d5d8dd", 0.18, SERIES_DARK, "#3fb950", "#f85149", "#4c8dff", "#7d8590"
    ),
}

_PALETTES = {
    "light": {
        "Window": "#f3f4f6", "WindowText": "#1f2328", "Base": "#ffffff",
        "AlternateBase": "#f6f8fa", "Text": "#1f2328", "Button": "#f6f7f9",
        "ButtonText": "#1f2328", "Highlight": "#2563eb", "HighlightedText": "#ffffff",
        "ToolTipBase": "#ffffff", "ToolTipText": "#1f2328", "PlaceholderText": "#8c959f",
        "Link": "#2563eb", "Mid": "#d0d7de", "Midlight": "#e5e7eb", "Dark": "#9aa1a9",
    },
    "dark": {
        "Window": "#1c1f24", "WindowText": "#e6e8eb", "Base": "#25282e",
        "AlternateBase": "#2b2f36", "Text": "#e6e8eb", "Button": "#2b2f36",
        "ButtonText": "#e6e8eb", "Highlight": "#3b82f6", "HighlightedText": "#ffffff",
        "ToolTipBase": "#2b2f36", "ToolTipText": "#e6e8eb", "PlaceholderText": "#7d8590",
        "Link": "#6ea8ff", "Mid": "#3d434c", "Midlight": "#30353c", "Dark": "#15171a",
    },
}  # fmt: skip

_current = "light"


def current_theme() -> str:
    return _current


def chart_theme() -> ChartTheme:
    return CHART_THEMES[_current]


def series_color(i: int) -> str:
    colours = chart_theme().series
    return colours[i % len(colours)]


def palette_for(name: str) -> QPalette:
    palette = QPalette()
    for role_name, colour in _PALETTES[name].items():
        role = getattr(QPalette.ColorRole, role_name)
        palette.setColor(role, QColor(colour))
    disabled = QColor(_PALETTES[name]["PlaceholderText"])
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):  # fmt: skip
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, name: str) -> str:
    """Switch the whole application; open charts restyle on the palette change event."""
    global _current
    name = name if name in THEMES else "light"
    _current = name
    app.setStyle("Fusion")
    app.setPalette(palette_for(name))
    sheet = resource_path("styles", f"{name}.qss")
    app.setStyleSheet(sheet.read_text(encoding="utf-8") if sheet.exists() else "")
    return name
