"""Fixtures for shell and panel tests (pytest-qt). Panel authors can use them too:

ui_db_url        the suite's small demo database (small_db_url) as a string (session)
db_copy          a private copy of it, for tests that change or break the database
isolated_home    a fresh HQ_CONSOLE_HOME and QSettings file for one test (autouse in tests/ui)
panel_context    factory: PanelContext(panel_id, user=...) on the demo database
make_window      factory: a main window connected to a database, as a user, in a language
sample_plugins   the test plugins of tests/ui/sample_plugins, found via real entry points
install_entry_points(folder, dist, {name: "module:ATTR"}) writes such a dist-info
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GROUP = "hq_console.panels"

SAMPLE_ENTRY_POINTS = {
    "sample_slow": "tests.ui.sample_plugins.panels:SLOW",
    "sample_long": "tests.ui.sample_plugins.panels:LONG",
    "sample_faulty": "tests.ui.sample_plugins.panels:FAULTY",
    "sample_editor": "tests.ui.sample_plugins.panels:EDITOR",
    "sample_never": "tests.ui.sample_plugins.panels:NEVER_READY",
    "sample_translated": "tests.ui.sample_plugins.panels:TRANSLATED",
    "sample_admin": "tests.ui.sample_plugins.panels:ADMIN_ONLY",
    "sample_factory_raises": "tests.ui.sample_plugins.panels:FACTORY_RAISES",
    "sample_lazy": "tests.ui.sample_plugins.panels:LAZY_FACTORY",
    "sample_wrong_api": "tests.ui.sample_plugins.panels:WRONG_API",
    "sample_duplicate": "tests.ui.sample_plugins.panels:DUPLICATE",
    "sample_not_declaration": "tests.ui.sample_plugins.panels:NOT_A_DECLARATION",
    "sample_broken_import": "tests.ui.sample_plugins.broken_import:PANEL",
}
BROKEN_SAMPLES = {
    "sample_wrong_api", "sample_duplicate", "sample_not_declaration", "sample_broken_import",
}  # fmt: skip


def install_entry_points(folder: Path, dist: str, entry_points: dict[str, str]) -> Path:
    """A minimal installed distribution (dist-info) declaring panel entry points."""
    info = folder / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    lines = [f"[{GROUP}]", *(f"{name} = {value}" for name, value in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    return folder


@pytest.fixture(scope="session")
def ui_db_url(small_db_url) -> str:
    """The suite's small demo database (tests/fixtures/databases.py) as a URL string."""
    return small_db_url.render_as_string(hide_password=False)


@pytest.fixture
def db_copy(ui_db_url, tmp_path) -> str:
    """A private copy of the demo database in its own folder (tests may move or break it)."""
    source = Path(ui_db_url.removeprefix("sqlite:///"))
    folder = tmp_path / "dbdir"
    folder.mkdir()
    target = folder / "copy.sqlite"
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)  # consistent even with a WAL file next to the source
    return f"sqlite:///{target}"


@pytest.fixture
def isolated_home(tmp_path, monkeypatch) -> Path:
    """A fresh HQ_CONSOLE_HOME: profiles, logs and the QSettings file of this test only."""
    home = tmp_path / "home"
    monkeypatch.setenv("HQ_CONSOLE_HOME", str(home))
    monkeypatch.delenv("HQ_CONSOLE_DB", raising=False)
    monkeypatch.delenv("HQ_CONSOLE_USER", raising=False)
    from console.app import configure_settings

    configure_settings()
    return home


@pytest.fixture
def sample_plugins(tmp_path, monkeypatch) -> Path:
    site = install_entry_points(tmp_path / "site", "hq-console-test-samples", SAMPLE_ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(site))
    return site


@pytest.fixture
def panel_context(qtbot, ui_db_url, isolated_home) -> Iterator[Callable]:
    """make(panel_id, user="admin") -> PanelContext on the demo database (errors recorded in
    ctx.errors instead of a shell)."""
    from console.api import PanelContext
    from console.db.database import Database, load_user
    from console.db.engine import parse_url
    from console.ui.bus import EventBus
    from console.ui.runner import BackgroundRunner

    database = Database(parse_url(ui_db_url))
    runner = BackgroundRunner()
    bus = EventBus()

    def make(panel_id: str, user: str = "admin", language: str = "en") -> PanelContext:
        errors: list[BaseException] = []
        ctx = PanelContext(
            panel_id=panel_id, database=database, user=load_user(database, user), runner=runner,
            bus=bus, language=language, report_error=lambda _pid, exc: errors.append(exc),
        )  # fmt: skip
        ctx.errors = errors
        return ctx

    yield make
    runner.cancel_all()
    runner.wait(10000)
    database.dispose()


@pytest.fixture
def make_window(qtbot, ui_db_url, isolated_home) -> Iterator[Callable]:
    """make(user="admin", lang="en", url=demo db, remember_layout=False) -> connected window."""
    from console.app import create_window

    windows = []

    def make(
        user: str | None = "admin",
        lang: str = "en",
        url: str | None = None,
        *,
        remember_layout: bool = False,
        wait: bool = True,
    ):
        args = argparse.Namespace(lang=lang, theme="light")
        window = create_window(args, remember_layout=remember_layout)
        qtbot.addWidget(window)
        windows.append(window)
        if not remember_layout:
            window.resize(1280, 800)
        window.show()
        if wait:
            with qtbot.waitSignal(window.database_ready, timeout=30000):
                window.connect_database(url or ui_db_url, user)
        return window

    yield make
    for window in windows:
        window.runner.cancel_all()
        window.runner.wait(10000)
        if window.database is not None:
            window.database.dispose()


def hello_example_site(folder: Path) -> Path:
    """The example plugin 'installed': its package on the path plus its declared entry points."""
    import tomllib

    project = ROOT / "examples" / "hello_panel"
    declared = tomllib.loads((project / "pyproject.toml").read_text())
    entry_points = declared["project"]["entry-points"][GROUP]
    install_entry_points(folder, declared["project"]["name"], entry_points)
    return project


def remove_modules(prefix: str) -> None:
    for name in [m for m in sys.modules if m == prefix or m.startswith(prefix + ".")]:
        del sys.modules[name]


def open_built(window, qtbot, panel_id: str):
    """Open a panel and wait until its factory ran (the shell builds it one event later)."""
    assert window.open_panel(panel_id)
    frame = window.host.frames[panel_id]
    qtbot.waitUntil(lambda: frame.ctx is not None, timeout=10000)
    return frame
