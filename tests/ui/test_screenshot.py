"""`hq-console --screenshot`: a real process, offscreen, waits for the panel, saves, exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.ui.fixtures import ROOT, SAMPLE_ENTRY_POINTS, hello_example_site, install_entry_points


def run_console(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    site = tmp_path / "site"
    project = hello_example_site(site)
    install_entry_points(
        site, "hq-console-test-samples", {"sample_never": SAMPLE_ENTRY_POINTS["sample_never"]}
    )
    environment = {
        **os.environ,
        "HQ_CONSOLE_HOME": str(tmp_path / "home"),
        "PYTHONPATH": os.pathsep.join([str(site), str(project), str(ROOT)]),
        **(env or {}),
    }
    environment.pop("QT_QPA_PLATFORM", None)  # --screenshot must go offscreen by itself
    return subprocess.run(
        [sys.executable, "-m", "console", *args],
        env=environment, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def test_screenshot_of_a_panel_in_chinese(tmp_path, ui_db_url):
    out = tmp_path / "hello.png"
    result = run_console(
        tmp_path, "--screenshot", str(out), "--panel", "hello", "--lang", "zh_CN",
        "--db", ui_db_url, "--user", "exec",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1440, 900)
    colours = {image.pixel(x, y) for x in range(0, 1440, 20) for y in range(0, 900, 20)}
    assert len(colours) > 10
    assert (
        not (tmp_path / "home" / "config" / "hq-console.ini").exists()
        or "panels" not in (tmp_path / "home" / "config" / "hq-console.ini").read_text()
    )  # a screenshot run does not overwrite the user's layout


def test_screenshot_exits_non_zero_when_the_panel_never_loads(tmp_path, ui_db_url):
    out = tmp_path / "never.png"
    result = run_console(
        tmp_path, "--screenshot", str(out), "--panel", "sample_never", "--db", ui_db_url,
        "--user", "admin", env={"HQ_CONSOLE_SCREENSHOT_TIMEOUT": "3"},
    )  # fmt: skip
    assert result.returncode == 4
    assert "the panel 'sample_never' did not finish loading in time" in result.stderr
    assert out.exists()  # what it looked like, for diagnosis


def test_screenshot_of_an_unknown_panel_fails_clearly(tmp_path, ui_db_url):
    result = run_console(
        tmp_path, "--screenshot", str(tmp_path / "x.png"), "--panel", "no_such_panel",
        "--db", ui_db_url,
    )  # fmt: skip
    assert result.returncode == 3
    assert "the panel 'no_such_panel' cannot be opened" in result.stderr
