"""Where the shell's style sheets, icons and translations live (console/resources/)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


def icon(name: str):
    """An icon from resources/icons/<name>.svg, else the desktop theme's icon of that name."""
    from PySide6.QtGui import QIcon

    path = resource_path("icons", f"{name}.svg")
    if path.exists():
        return QIcon(str(path))
    return QIcon.fromTheme(name)
