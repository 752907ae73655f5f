"""Refresh the README's screenshots: every discovered panel in English and Chinese.

    python scripts/screenshots.py [--db URL] [--out docs/screenshots] [--panel ID ...]

Each picture is one `hq-console --screenshot` run (offscreen, as the admin user, who sees every
panel), so the README shows exactly what the command shows. Without --db the embedded demo
database is used (created on first start). The main window is saved too, light, dark and Chinese.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

LANGUAGES = {"en": "en", "zh": "zh_CN"}


def shoot(out: Path, db: str | None, *options: str) -> bool:
    command = [sys.executable, "-m", "console", "--user", "admin", "--screenshot", str(out)]
    command += [*(("--db", db) if db else ()), *options]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    print(f"{out}: {'saved' if result.returncode == 0 else 'FAILED'}", flush=True)
    if result.returncode != 0:
        print(result.stderr.strip()[-1500:], file=sys.stderr)
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: the embedded demo database)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--panel", action="append", help="only these panels (repeatable)")
    args = parser.parse_args()
    from console.plugins import PluginRegistry

    found = PluginRegistry.discover().entries
    known = [entry.id for entry in found if entry.available]
    unknown = sorted(set(args.panel or ()) - set(known))
    if unknown:
        parser.error(f"no usable panel {', '.join(unknown)}; choose from {', '.join(known)}")
    panels = args.panel or known
    args.out.mkdir(parents=True, exist_ok=True)
    ok = True
    if not args.panel:
        ok &= shoot(args.out / "main-window.png", args.db, "--lang", "en")
        ok &= shoot(args.out / "main-window-dark.png", args.db, "--lang", "en", "--theme", "dark")
        ok &= shoot(args.out / "main-window-zh_CN.png", args.db, "--lang", "zh_CN")
    for panel in panels:
        for suffix, language in LANGUAGES.items():
            out = args.out / f"{panel}_{suffix}.png"
            ok &= shoot(out, args.db, "--panel", panel, "--lang", language)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
