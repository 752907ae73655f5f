"""File > Connect, the status bar, and surviving a lost database connection."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from console.connections import KEYRING_SERVICE
from console.db.database import Database
from console.db.engine import parse_url
from console.ui.connect_dialog import ConnectDialog
from tests.ui.fixtures import open_built


@pytest.fixture
def dialog(make_window, qtbot):
    window = make_window()
    dialog = ConnectDialog(window.runner, window)
    qtbot.addWidget(dialog)
    return dialog


def run_test(dialog, qtbot, url: str, password: str = "") -> str:
    dialog.url.setText(url)
    dialog.password.setText(password)
    dialog.test()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=30000)
    return dialog.result.text()


def test_test_connection_reports_success(dialog, qtbot, db_copy):
    text = run_test(dialog, qtbot, db_copy)
    assert text.startswith("Connection works: SQLite 3.")
    assert dialog.result.property("kind") == "ok"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "sqlite:////nonexistent/folder/hq.sqlite",
            "The SQLite file /nonexistent/folder/hq.sqlite does not exist.",
        ),
        (
            "postgresql://hq@127.0.0.1:1/hq",
            "Cannot reach the database server of postgresql+psycopg://hq@127.0.0.1:1/hq.",
        ),
        ("mysql://hq@localhost/hq", "The database kind 'mysql' is not supported."),
        ("not a url", "'not a url' is not a database URL."),
    ],
)
def test_test_connection_reports_the_exact_reason(dialog, qtbot, url, expected):
    if url == "not a url" or url.startswith("mysql"):
        dialog.url.setText(url)
        dialog.test()  # refused before any thread starts
        text = dialog.result.text()
    else:
        text = run_test(dialog, qtbot, url)
    assert text.startswith(expected), text
    assert dialog.result.property("kind") == "error"


def test_test_connection_names_a_database_that_is_not_ours(dialog, qtbot, tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    text = run_test(dialog, qtbot, f"sqlite:///{path}")
    assert "is not an HQ Console database" in text


def test_saving_a_profile_puts_the_password_in_the_keyring_only(
    dialog, memory_keyring, isolated_home
):
    dialog.name.setText("Production")
    dialog.url.setText("postgresql://planner:s3cret@db.example.com:5432/hq")  # typed with password
    dialog.user.setText("supply")
    assert dialog.save() is not None
    assert dialog.url.text() == "postgresql+psycopg://planner@db.example.com:5432/hq"
    stored = (isolated_home / "config" / "profiles.json").read_text(encoding="utf-8")
    assert "s3cret" not in stored
    assert json.loads(stored)["profiles"][0] == {
        "name": "Production", "url": "postgresql+psycopg://planner@db.example.com:5432/hq",
        "user": "supply",
    }  # fmt: skip
    assert memory_keyring.store == {(KEYRING_SERVICE, "planner@db.example.com:5432/hq"): "s3cret"}
    assert dialog.result.text() == "Profile saved."


def test_a_missing_keyring_is_explained_not_fatal(dialog, isolated_home):
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        dialog.name.setText("Remote")
        dialog.url.setText("postgresql://hq@db.example.com/hq")
        dialog.password.setText("pw")
        profile = dialog.save()
    finally:
        keyring.set_keyring(previous)
    assert profile is not None  # the profile itself is kept
    text = dialog.result.text()
    assert text.startswith("The profile was saved, but the password was not.")
    assert "No system keyring is available to store the password." in text
    assert "Install and unlock a keyring" in text
    assert (isolated_home / "config" / "profiles.json").exists()


def test_connecting_a_profile_switches_the_database_without_restart(
    make_window, qtbot, db_copy, isolated_home
):
    window = make_window()
    first = window.database
    window.show_connect_dialog()
    dialog = window.connect_dialog
    dialog.name.setText("Copy")
    dialog.url.setText(db_copy)
    dialog.user.setText("exec")
    with qtbot.waitSignal(window.database_ready, timeout=30000):
        dialog.connect_button.click()
    assert window.database is not first
    assert window.user.username == "exec"
    assert (
        window.database_label.text() == f"Database: {db_copy}"
        or "copy.sqlite" in window.database_label.text()
    )
    assert window.user_label.text() == "User: exec (Executive)"
    assert "Connected" in window.connection_label.text()
    assert json.loads((isolated_home / "config" / "profiles.json").read_text())["last"] == "Copy"


def test_status_bar_never_shows_a_password(make_window):
    window = make_window()
    assert window.user_label.text() == "User: admin (Administrator)"
    assert "Connected" in window.connection_label.text()
    window.database = Database(parse_url("postgresql://hq:topsecret@db.example.com/hq"))
    window._update_status()
    assert "topsecret" not in window.database_label.text()
    assert "topsecret" not in window.database_label.toolTip()
    assert "db.example.com" in window.database_label.text()


def test_lost_connection_shows_a_banner_and_retry_reconnects_keeping_edits(
    make_window, sample_plugins, qtbot, db_copy
):
    window = make_window(url=db_copy)
    frame = open_built(window, qtbot, "sample_editor")
    editor = frame.widget
    qtbot.waitUntil(lambda: editor.refreshed == 1, timeout=10000)
    editor.edit.setText("half-typed note for dealer D0001")
    folder = Path(db_copy.removeprefix("sqlite:///")).parent
    gone = folder.with_name("dbdir-away")

    folder.rename(gone)  # the server goes away and drops every connection
    window.database.dispose()
    with qtbot.waitSignal(window.monitor.state_changed, timeout=10000,
                          check_params_cb=lambda s: s == "lost"):  # fmt: skip
        editor.refresh()  # the panel's next query fails
    assert window.banner_bar.isVisible()
    assert "The connection to the database was lost" in window.banner.label.text()
    assert "Cannot open the SQLite file" in window.banner.label.text()
    assert "Connection lost" in window.connection_label.text()
    assert window.banner.button("Retry") is not None

    window.banner.button("Retry").click()  # still gone: stays lost
    qtbot.waitUntil(lambda: not window.monitor._checking, timeout=10000)
    assert window.monitor.state == "lost"

    gone.rename(folder)  # the server is back
    with qtbot.waitSignal(window.monitor.restored, timeout=10000):
        window.banner.button("Retry").click()
    assert not window.banner_bar.isVisible()
    assert "Connected" in window.connection_label.text()
    assert window.host.frames["sample_editor"].widget is editor  # same widget, not rebuilt
    assert editor.edit.text() == "half-typed note for dealer D0001"
    qtbot.waitUntil(lambda: editor.refreshed == 2, timeout=10000)  # reloaded after reconnect
    assert not frame.failed
