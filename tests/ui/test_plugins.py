"""Plugin discovery through real entry points: working, broken and example plugins."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel

from console.api import ROLES, PanelDeclaration
from console.db.users import ROLES as DB_ROLES
from console.plugins import PluginRegistry
from tests.ui.fixtures import BROKEN_SAMPLES, hello_example_site, open_built, remove_modules


def test_api_roles_match_the_database_roles():
    assert ROLES == DB_ROLES


def test_discovery_lists_broken_plugins_with_their_reason(sample_plugins):
    registry = PluginRegistry.discover()
    by_name = {e.name: e for e in registry.entries}
    assert set(by_name) >= BROKEN_SAMPLES
    assert (
        "No module named 'hq_console_module_that_does_not_exist'"
        in by_name["sample_broken_import"].error
    )
    assert (
        "is a dict, not a console.api.PanelDeclaration" in by_name["sample_not_declaration"].error
    )
    assert "plugin API version 99" in by_name["sample_wrong_api"].error
    assert (
        "already used by tests.ui.sample_plugins.panels:SLOW" in by_name["sample_duplicate"].error
    )
    for name in BROKEN_SAMPLES:
        assert not by_name[name].available
    assert registry.get("sample_slow").declaration.title == "Slow sample"  # the first one wins
    assert by_name["sample_slow"].available


def test_declarations_are_read_without_importing_the_panel_code(sample_plugins):
    remove_modules("tests.ui.sample_plugins.lazy_panel")
    registry = PluginRegistry.discover()
    assert registry.get("sample_lazy").available
    assert "tests.ui.sample_plugins.lazy_panel" not in sys.modules
    factory = registry.get("sample_lazy").declaration.load_factory()
    assert "tests.ui.sample_plugins.lazy_panel" in sys.modules
    assert callable(factory)


def test_panels_menu_greys_out_unavailable_panels_with_the_error(make_window, sample_plugins):
    window = make_window()
    actions = window.panel_actions
    assert actions["sample_slow"].isEnabled()
    for broken in ("sample_wrong_api", "sample_broken_import"):
        assert not actions[broken].isEnabled()
    assert "plugin API version 99" in actions["sample_wrong_api"].toolTip()
    assert "No module named" in actions["sample_broken_import"].toolTip()
    texts = [a.text() for a in window.panels_menu.actions()]
    assert "Why are some panels unavailable?" in texts
    assert not window.open_panel("sample_wrong_api")
    assert "plugin API version 99" in window.statusBar().currentMessage()


def test_a_raising_factory_shows_the_error_in_its_panel_and_the_console_goes_on(
    make_window, sample_plugins, qtbot
):
    window = make_window()
    frame = open_built(window, qtbot, "sample_factory_raises")
    window.panels_menu.aboutToShow.emit()  # the menu is rebuilt when it opens
    assert frame.failed and frame.widget is None
    assert frame.view.state == "error"
    assert "the factory exploded" in frame.view.error_text.text()
    assert not window.panel_actions["sample_factory_raises"].isEnabled()
    assert "factory failed" in window.panel_actions["sample_factory_raises"].toolTip()
    with qtbot.waitSignal(window.host.panel_ready, timeout=10000):
        assert window.open_panel("sample_lazy")  # other panels still open
    assert isinstance(window.host.frames["sample_lazy"].widget, QLabel)


def test_example_plugin_is_found_through_its_declared_entry_point(
    make_window, tmp_path, monkeypatch, qtbot
):
    project = hello_example_site(tmp_path / "site")
    monkeypatch.syspath_prepend(str(project))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    remove_modules("hello_panel")
    window = make_window()
    entry = window.registry.get("hello")
    assert entry is not None and entry.available
    assert entry.distribution == "hq-console-hello-panel"
    assert window.panel_actions["hello"].text() == "Hello"
    assert "hello_panel.panel" not in sys.modules  # declared, not yet imported
    with qtbot.waitSignal(window.host.panel_ready, timeout=20000) as ready:
        window.panel_actions["hello"].trigger()
    assert ready.args == ["hello"]
    panel = window.host.frames["hello"].widget
    assert panel.table.model.total_rows == 5  # the five demo users, read from the database
    assert set(panel.frame["role"]) == set(ROLES)


def test_every_installed_panel_opens_and_loads(make_window, tmp_path, monkeypatch, qtbot):
    """Every panel registered in the environment (built-in ones and the example) opens on the
    demo database and reports that it loaded, without an error."""
    project = hello_example_site(tmp_path / "site")
    monkeypatch.syspath_prepend(str(project))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    window = make_window()
    entries = window.registry.openable_for(window.user)
    built_in = {"channel_performance", "dealers", "inventory", "budget", "service", "segments"}
    assert built_in | {"hello"} <= {e.id for e in entries}
    assert all(e.available for e in window.registry.entries), [
        (e.value, e.error) for e in window.registry.entries if not e.available
    ]
    for entry in entries:
        with qtbot.waitSignal(window.host.panel_ready, timeout=60000,
                              check_params_cb=lambda pid, e=entry: pid == e.id):  # fmt: skip
            assert window.open_panel(entry.id)
        frame = window.host.frames[entry.id]
        assert not frame.failed, frame.banner.label.text()
    assert set(window.host.open_ids()) == {e.id for e in entries}


@pytest.mark.parametrize("value", ["not a declaration", 42])
def test_load_entry_refuses_objects_that_are_not_declarations(value, sample_plugins, monkeypatch):
    import tests.ui.sample_plugins.panels as panels

    monkeypatch.setattr(panels, "NOT_A_DECLARATION", value)
    entry = {e.name: e for e in PluginRegistry.discover().entries}["sample_not_declaration"]
    assert f"is a {type(value).__name__}, not a console.api.PanelDeclaration" in entry.error


def test_declaration_factory_string_must_name_a_function():
    declaration = PanelDeclaration(id="x", title="X", factory="no_colon_here")
    with pytest.raises(ValueError, match=r"package\.module:function"):
        declaration.load_factory()
