"""The example plugin tested the way docs/plugins.md tells panel authors to test theirs."""

from __future__ import annotations

import sys

import pytest

from tests.ui.fixtures import ROOT


@pytest.fixture
def hello(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "examples" / "hello_panel"))
    from hello_panel.panel import create_panel

    return create_panel


def test_hello_panel_loads_users_in_the_background(hello, panel_context, qtbot):
    ctx = panel_context("hello", user="exec")
    panel = hello(ctx)
    qtbot.addWidget(panel)
    assert panel.view.state == "loading"
    qtbot.waitUntil(lambda: ctx.is_ready, timeout=20000)
    assert panel.view.state == "content"
    assert panel.table.model.total_rows == 5
    assert panel.users_card.value_label.text() == "5"
    assert ctx.errors == []


def test_hello_panel_shows_a_database_error_in_its_view(hello, panel_context, qtbot, monkeypatch):
    ctx = panel_context("hello")
    module = sys.modules["hello_panel.panel"]

    def broken(database, *, task):
        raise RuntimeError("users table is locked")

    monkeypatch.setattr(module, "load_users", broken)
    panel = hello(ctx)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.view.state == "error", timeout=20000)
    assert "users table is locked" in panel.view.error_text.text()
    assert not ctx.is_ready
