"""Start-up time: process start to the first painted main window, on the demo database (warm).

    python benchmarks/startup.py [--runs 7] [--home DIR] [--scale demo]

Each run starts `python -m console` offscreen (HQ_CONSOLE_STARTUP_PROBE makes it report and
quit): "first paint" is the window on screen, "connected" the first paint after the database
was opened and the user loaded. The baseline is a bare PySide6 window started the same way,
in the same run: the part of the time no application code can remove. The parser line shows
what building the command-line parser costs (every subcommand imports its heavy modules only
when it runs). Target: the median first paint at most 1.5 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 1.5
PARSER = """
import json, os, time
start = float(os.environ["PROBE"])
import console.__main__ as entry
entry.build_parser()
print(json.dumps({"parser": time.time() - start}), flush=True)
"""
BASELINE = """
import json, os, sys, time
from PySide6.QtWidgets import QApplication, QWidget
start = float(os.environ["PROBE"])
app = QApplication([])
class W(QWidget):
    def paintEvent(self, event):
        print(json.dumps({"first_paint": time.time() - start}), flush=True)
        app.quit()
w = W(); w.resize(1400, 880); w.show(); app.exec()
"""


def _environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "HQ_CONSOLE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HQ_CONSOLE_DB", None)
    return env


def _timed(command: list[str], env: dict[str, str], probe_variable: str) -> dict[str, float]:
    launched = time.time()
    result = subprocess.run(
        command, env={**env, probe_variable: repr(launched)}, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"run failed ({result.returncode}): {result.stderr[-2000:]}")
    return json.loads(lines[-1])


def prepare(home: Path, scale: str) -> None:
    """Create the embedded demo database once (not measured), like a first start would."""
    from console.paths import default_database_path

    os.environ["HQ_CONSOLE_HOME"] = str(home)
    if default_database_path().exists():
        return
    print(f"creating the {scale} demo database in {home} (once, not measured)…", flush=True)
    subprocess.run(
        [sys.executable, "-m", "console", "demo", "seed", "--scale", scale,
         "--db", f"sqlite:///{default_database_path()}"],
        env=_environment(home), check=True,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--home", type=Path, default=Path(tempfile.gettempdir()) / "hq-console-bench-home"
    )
    parser.add_argument("--scale", default="demo", choices=["small", "demo"])
    args = parser.parse_args()
    prepare(args.home, args.scale)
    env = _environment(args.home)
    console = [sys.executable, "-m", "console", "--user", "admin"]
    _timed(console, env, "HQ_CONSOLE_STARTUP_PROBE")  # warm the file cache
    _timed([sys.executable, "-c", BASELINE], env, "PROBE")
    runs, baseline, parser = [], [], []
    for _ in range(args.runs):
        runs.append(_timed(console, env, "HQ_CONSOLE_STARTUP_PROBE"))
        baseline.append(_timed([sys.executable, "-c", BASELINE], env, "PROBE")["first_paint"])
        parser.append(_timed([sys.executable, "-c", PARSER], env, "PROBE")["parser"])
    first = statistics.median(r["first_paint"] for r in runs)
    connected = statistics.median(r["connected_paint"] for r in runs)
    base = statistics.median(baseline)
    load = os.getloadavg()[0]
    print(f"runs: {args.runs}, database: {args.scale} (warm), cores: {os.cpu_count()}, "
          f"load average at the end: {load:.1f}")  # fmt: skip
    print(f"{'bare PySide6 window, first paint':54s} median {base:6.3f} s")
    rows = [
        ("command-line parser built", statistics.median(parser)),
        ("HQ Console, run_gui entered", statistics.median(r["run_gui"] for r in runs)),
        ("HQ Console, first painted window", first),
        ("HQ Console, painted and connected", connected),
    ]  # fmt: skip
    for label, seconds in rows:
        print(f"{label:54s} median {seconds:6.3f} s  ({seconds / base:4.1f}x baseline)")
    verdict = "meets" if first <= TARGET_S else "MISSES"
    print(f"target: first painted window <= {TARGET_S} s -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
