"""Start-up: the embedded demo database on first start, and clear messages when it fails."""

from __future__ import annotations

import argparse

import pytest

from console.app import create_window
from console.paths import default_database_path
from console.ui import main_window


@pytest.fixture
def first_start(qtbot, isolated_home, monkeypatch):
    """A window started with no --db on a machine that has never run HQ Console."""
    monkeypatch.setenv("HQ_CONSOLE_DEMO_SCALE", "small")
    dialogs = []

    class RecordingDialog(main_window.FirstStartDialog):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            dialogs.append(self)

    monkeypatch.setattr(main_window, "FirstStartDialog", RecordingDialog)
    window = create_window(argparse.Namespace(lang="en", theme="light"), remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    yield window, dialogs
    window.runner.cancel_all()
    window.runner.wait(60000)
    if window.database is not None:
        window.database.dispose()


def test_first_start_creates_the_demo_database_behind_a_progress_dialog(first_start, qtbot):
    window, dialogs = first_start
    assert not default_database_path().exists()
    with qtbot.waitSignal(window.database_ready, timeout=120000):
        window.connect_database(None, None)
    assert len(dialogs) == 1
    assert dialogs[0].progress.bar.maximum() > 0  # real progress, not only a busy bar
    assert not dialogs[0].isVisible()  # closed when done
    assert default_database_path().exists()
    assert window.source == "demo"
    assert window.user.username == "admin"  # the demo's default user
    assert "Connected" in window.connection_label.text()
    assert "hq-console-demo.sqlite" in window.database_label.text()
    assert window.user_label.text() == "User: admin (Administrator)"


def test_cancelling_the_first_start_leaves_no_half_built_database(first_start, qtbot):
    window, dialogs = first_start
    with qtbot.waitSignal(window.database_failed, timeout=120000) as failed:
        handle = window.connect_database(None, None)
        qtbot.waitUntil(lambda: len(dialogs) == 1, timeout=60000)
        dialogs[0].progress.cancel_button.click()
    assert handle.is_cancelled
    assert failed.args == ["The demo database was not created because you cancelled."]
    assert not default_database_path().exists()
    assert window.banner_bar.isVisible()
    assert [b.text() for b in window.banner.buttons] == ["Create it now", "Connect…"]
    assert "Not connected" in window.connection_label.text()


@pytest.mark.parametrize(
    ("url", "user", "message"),
    [
        (None, "nobody", "There is no active user 'nobody' in this database"),
        ("mysql://hq@localhost/hq", "admin", "The database kind 'mysql' is not supported."),
        ("sqlite:////nonexistent/dir/x.sqlite", "admin", "Cannot open the SQLite file"),
    ],
)
def test_a_start_that_cannot_connect_explains_why_and_offers_retry(
    make_window, ui_db_url, qtbot, url, user, message
):
    window = make_window(wait=False)
    with qtbot.waitSignal(window.database_failed, timeout=30000) as failed:
        window.connect_database(url or ui_db_url, user)
    assert message in failed.args[0]
    assert window.banner_bar.isVisible() and message in window.banner.label.text()
    assert [b.text() for b in window.banner.buttons] == ["Retry", "Connect…"]
    assert window.database is None
    assert window.isVisible()  # the console stays up
