"""Qt translations: the shell's own .qm, Qt's standard dialogs, and one .qm per plugin.

English is the source language. Each plugin ships translations/<id>_<lang>.qm inside its
package; the shell loads it when the plugin is discovered, so panel authors maintain their own
files without touching anyone else's.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from console.ui.formatting import set_language
from console.ui.resources import resource_path

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SHELL_CATALOG = "hq_console"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """QCoreApplication.translate; `pyside6-lupdate` extracts calls named `translate(...)`."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def role_title(role: str) -> str:
    """A role's name for people ('supply_chain' -> 'Supply chain planner'), translated."""
    return {
        "executive": translate("Roles", "Executive"),
        "marketing": translate("Roles", "Marketing manager"),
        "supply_chain": translate("Roles", "Supply chain planner"),
        "service": translate("Roles", "Service manager"),
        "admin": translate("Roles", "Administrator"),
    }.get(role, role)


def system_language() -> str:
    """zh_CN when the system locale is Chinese, English otherwise."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def normalise_language(lang: str | None) -> str:
    if not lang:
        return system_language()
    if lang.startswith("zh"):
        return "zh_CN"
    return "en" if lang not in LANGUAGES else lang


class Translations:
    """Installs and swaps the translators of the shell, of Qt and of every discovered plugin."""

    def __init__(self) -> None:
        self.language = "en"
        self._installed: list[QTranslator] = []
        self._plugin_dirs: dict[str, Path] = {}

    def add_plugin(self, plugin_id: str, directory: Path) -> None:
        """Remember a plugin's translations folder and load its catalogue for the language."""
        self._plugin_dirs[plugin_id] = directory
        self._load(directory / f"{plugin_id}_{self.language}.qm")

    def set_language(self, lang: str) -> None:
        app = QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self.language = normalise_language(lang)
        set_language(self.language)
        if self.language != "en":
            qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
            self._load(qt_dir / f"qtbase_{self.language}.qm")
        self._load(resource_path("translations", f"{SHELL_CATALOG}_{self.language}.qm"))
        for plugin_id, directory in self._plugin_dirs.items():
            self._load(directory / f"{plugin_id}_{self.language}.qm")

    def _load(self, path: Path) -> bool:
        if not path.exists():
            return False
        translator = QTranslator()
        if not translator.load(str(path)):
            log.warning("cannot load translations from %s", path)
            return False
        QCoreApplication.installTranslator(translator)
        self._installed.append(translator)
        return True
