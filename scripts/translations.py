"""Extract (lupdate) and compile (lrelease) Qt translations for the shell and for plugins.

    python scripts/translations.py update                 # the shell's .ts files
    python scripts/translations.py update --plugin plugins/budget
    python scripts/translations.py release [--plugin DIR]  # .ts -> .qm
    python scripts/translations.py check [--plugin DIR]    # list untranslated strings, exit 1

The shell's catalogue is console/resources/translations/hq_console_<lang>.ts; a plugin's is
<plugin package>/translations/<panel id>_<lang>.ts, next to its code, so every panel author
maintains only their own file. English is the source language: its .ts holds only the plural
forms. Translate with Qt Linguist or any editor, then run `release`.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHELL_TRANSLATIONS = ROOT / "console" / "resources" / "translations"
SHELL_CATALOG = "hq_console"
LANGUAGES = ("zh_CN", "en")
TARGET = "zh_CN"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit(
            f"{name} not found: it comes with PySide6 (pip install PySide6-Essentials)"
        )
    return found


def shell_sources() -> list[Path]:
    """Every Python file of the shell whose strings users see."""
    files = [ROOT / "console" / "app.py", ROOT / "console" / "plugins.py"]
    files += sorted((ROOT / "console" / "ui").glob("*.py"))
    return files


def plugin_sources(plugin_dir: Path) -> list[Path]:
    return sorted(p for p in plugin_dir.rglob("*.py") if "tests" not in p.parts)


def plugin_id(plugin_dir: Path) -> str:
    """The `id=` of the PanelDeclaration in the plugin's __init__.py (read, not imported)."""
    tree = ast.parse((plugin_dir / "__init__.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "PanelDeclaration":
            for keyword in node.keywords:
                if keyword.arg == "id" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return plugin_dir.name


def builtin_plugin_dirs() -> list[Path]:
    base = ROOT / "plugins"
    return (
        sorted(p for p in base.iterdir() if (p / "__init__.py").exists()) if base.exists() else []
    )


def installed_builtin_plugin_dirs() -> list[Path]:
    """Package folders of the built-in panels registered in pyproject.toml's entry points."""
    from importlib import metadata, util

    folders = set()
    for ep in metadata.entry_points(group="hq_console.panels"):
        if ep.dist is not None and ep.dist.name == "hq-console":
            spec = util.find_spec(ep.module)
            if spec is not None and spec.submodule_search_locations:
                folders.add(Path(next(iter(spec.submodule_search_locations))))
    return sorted(folders)


def catalogs(plugin_dir: Path | None) -> tuple[list[Path], dict[str, Path]]:
    """(source files, {language: .ts path}) of the shell or of one plugin."""
    if plugin_dir is None:
        return shell_sources(), {
            lang: SHELL_TRANSLATIONS / f"{SHELL_CATALOG}_{lang}.ts" for lang in LANGUAGES
        }
    folder = plugin_dir / "translations"
    name = plugin_id(plugin_dir)
    return plugin_sources(plugin_dir), {lang: folder / f"{name}_{lang}.ts" for lang in LANGUAGES}


def lupdate(sources: list[Path], ts: Path, language: str) -> None:
    """Add new strings to `ts` (keeping existing translations) and drop vanished ones."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    command = [
        _tool("pyside6-lupdate"), *map(str, sources), "-ts", str(ts),
        "-no-obsolete", "-locations", "relative",
        "-source-language", "en", "-target-language", language,
    ]  # fmt: skip
    if language == "en":
        command.append("-pluralonly")
    subprocess.run(command, check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path | None = None) -> Path:
    qm = qm or ts.with_suffix(".qm")
    subprocess.run(
        [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )
    return qm


def messages(ts: Path) -> list[tuple[str, str, bool]]:
    """(context, source, translated) for every message of a .ts file."""
    result = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = (
                [f.text for f in translation.iter("numerusform")] if translation is not None else []
            )
            texts = forms or [translation.text if translation is not None else None]
            finished = translation is not None and translation.get("type") not in (
                "unfinished",
                "vanished",
                "obsolete",
            )
            result.append((name, message.findtext("source") or "", finished and all(texts)))
    return result


def untranslated(ts: Path) -> list[tuple[str, str]]:
    return [(context, source) for context, source, done in messages(ts) if not done]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["update", "release", "check"])
    parser.add_argument(
        "--plugin", type=Path, action="append", default=[],
        help="a plugin package folder (repeatable); default: the shell",
    )  # fmt: skip
    parser.add_argument("--all", action="store_true", help="the shell and every built-in plugin")
    args = parser.parse_args(argv)
    targets: list[Path | None] = [p.resolve() for p in args.plugin] or [None]
    if args.all:
        targets = [None, *builtin_plugin_dirs()]
    problems = 0
    for target in targets:
        sources, files = catalogs(target)
        for language, ts in files.items():
            if args.action == "update":
                lupdate(sources, ts, language)
                print(f"updated {ts.relative_to(ROOT) if ts.is_relative_to(ROOT) else ts}")
            elif args.action == "release":
                print(f"compiled {lrelease(ts)}")
            elif language == TARGET:
                missing = untranslated(ts)
                problems += len(missing)
                for context, source in missing:
                    print(f"{ts.name}: [{context}] {source!r} has no translation")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
