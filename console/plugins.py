"""Find panels through the `hq_console.panels` entry-point group, built-in and third-party alike.

An entry point names a PanelDeclaration (`plugins.budget:PANEL`); loading it imports only the
plugin package's light `__init__`. Whatever goes wrong — an import error, something that is
not a PanelDeclaration, an API version this console does not speak, an id another plugin
already uses — the plugin is listed as unavailable with the reason, and the console goes on.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from console.api import ENTRY_POINT_GROUP, SUPPORTED_API_VERSIONS, PanelDeclaration
from console.services.permissions import CurrentUser

log = logging.getLogger(__name__)

BUILT_IN_DISTRIBUTION = "hq-console"
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


@dataclass
class PluginEntry:
    """One entry point of the group, with its declaration or the reason it is unusable."""

    name: str  # the entry point's name
    value: str  # "module:attribute"
    distribution: str
    declaration: PanelDeclaration | None = None
    error: str | None = None
    package_dir: Path | None = None

    @property
    def id(self) -> str:
        return self.declaration.id if self.declaration is not None else self.name

    @property
    def title(self) -> str:
        return self.declaration.title if self.declaration is not None else self.name

    @property
    def available(self) -> bool:
        return self.declaration is not None and self.error is None

    @property
    def module(self) -> str:
        return self.value.partition(":")[0].strip()

    def allowed_for(self, user: CurrentUser) -> bool:
        return self.declaration is None or user.role in self.declaration.roles

    def module_prefixes(self) -> tuple[str, ...]:
        """Modules whose code belongs to this plugin (to blame it for an uncaught exception)."""
        prefixes = {self.module}
        if self.declaration is not None and isinstance(self.declaration.factory, str):
            prefixes.add(self.declaration.factory.partition(":")[0])
        return tuple(sorted(p for p in prefixes if p))

    def translations_dir(self) -> Path | None:
        return self.package_dir / "translations" if self.package_dir is not None else None


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _package_dir(module_name: str) -> Path | None:
    module = sys.modules.get(module_name)
    file = getattr(module, "__file__", None)
    return Path(file).resolve().parent if file else None


def load_entry(ep) -> PluginEntry:
    """Load one entry point (an importlib.metadata.EntryPoint)."""
    dist = ep.dist.name if ep.dist is not None else "?"
    entry = PluginEntry(name=ep.name, value=ep.value, distribution=dist)
    try:
        obj = ep.load()
    except BaseException as exc:  # a plugin may raise anything at import, even SystemExit
        if isinstance(exc, KeyboardInterrupt):
            raise
        log.error("plugin %s (%s) failed to import:\n%s", ep.name, ep.value, traceback.format_exc())
        entry.error = f"The plugin could not be imported ({_describe(exc)})."
        return entry
    entry.package_dir = _package_dir(entry.module)
    if not isinstance(obj, PanelDeclaration):
        entry.error = (
            f"The entry point {ep.value} is a {type(obj).__name__}, not a "
            "console.api.PanelDeclaration."
        )
        return entry
    if obj.api_version not in SUPPORTED_API_VERSIONS:
        supported = ", ".join(str(v) for v in sorted(SUPPORTED_API_VERSIONS))
        entry.error = (
            f"The panel was written for plugin API version {obj.api_version}; this console "
            f"supports version {supported}."
        )
        entry.declaration = obj
        return entry
    if not isinstance(obj.id, str) or not _ID.match(obj.id):
        entry.error = f"The panel id {obj.id!r} is not valid (use letters, digits and _)."
        return entry
    entry.declaration = obj
    return entry


class PluginRegistry:
    """Every discovered panel, in menu order; a panel that fails later is marked here too."""

    def __init__(self, entries: list[PluginEntry] | None = None) -> None:
        self.entries: list[PluginEntry] = entries or []

    @classmethod
    def discover(cls, group: str = ENTRY_POINT_GROUP) -> PluginRegistry:
        from importlib import metadata  # costs tens of ms: not at import time

        seen: set[tuple[str, str]] = set()
        eps = []
        for ep in metadata.entry_points(group=group):
            if (ep.name, ep.value) not in seen:  # one distribution found twice on sys.path
                seen.add((ep.name, ep.value))
                eps.append(ep)
        # Built-in panels first, so that a third-party plugin cannot take over their ids; else
        # the order of discovery (a distribution's entry points in the order it lists them).
        eps.sort(key=lambda e: e.dist is None or e.dist.name != BUILT_IN_DISTRIBUTION)
        entries: list[PluginEntry] = []
        owners: dict[str, PluginEntry] = {}
        for ep in eps:
            entry = load_entry(ep)
            if entry.declaration is not None and entry.error is None:
                owner = owners.get(entry.id)
                if owner is not None:
                    entry.error = (
                        f"The panel id '{entry.id}' is already used by {owner.value} "
                        f"(distribution {owner.distribution})."
                    )
                else:
                    owners[entry.id] = entry
            entries.append(entry)
        entries.sort(key=lambda e: (e.declaration.order if e.declaration else 1000, e.title))
        for entry in entries:
            if entry.error:
                log.warning("panel plugin %s unavailable: %s", entry.value, entry.error)
        return cls(entries)

    def get(self, panel_id: str) -> PluginEntry | None:
        """The usable entry with this id (or the first broken one, to explain why)."""
        matches = [e for e in self.entries if e.id == panel_id]
        return next((e for e in matches if e.available), matches[0] if matches else None)

    def visible_for(self, user: CurrentUser) -> list[PluginEntry]:
        """What the Panels menu lists for this user: broken ones too, forbidden ones not."""
        return [e for e in self.entries if e.allowed_for(user)]

    def openable_for(self, user: CurrentUser) -> list[PluginEntry]:
        return [e for e in self.entries if e.available and e.allowed_for(user)]

    def handler_for(self, kind: str, user: CurrentUser) -> PluginEntry | None:
        """The first panel this user may open that shows search results of this kind."""
        for entry in self.openable_for(user):
            if kind in entry.declaration.handles:
                return entry
        return None

    def mark_broken(self, panel_id: str, error: str) -> None:
        entry = self.get(panel_id)
        if entry is not None:
            entry.error = error

    def mark_working(self, panel_id: str) -> None:
        entry = self.get(panel_id)
        declaration = entry.declaration if entry is not None else None
        if declaration is not None and declaration.api_version in SUPPORTED_API_VERSIONS:
            entry.error = None

    def owner_of(self, tb_frames: list, among: set[str] | None = None) -> str | None:
        """The panel whose plugin module the innermost matching traceback frame belongs to."""
        prefixes = [
            (p, e.id) for e in self.entries if among is None or e.id in among
            for p in e.module_prefixes()
        ]  # fmt: skip
        for frame in reversed(tb_frames):
            module = frame.f_globals.get("__name__", "")
            for prefix, panel_id in prefixes:
                if module == prefix or module.startswith(prefix + "."):
                    return panel_id
        return None
