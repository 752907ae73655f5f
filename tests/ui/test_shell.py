"""The shell: layout restored across starts, Ctrl+K search, shortcuts, themes."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from console.db.database import Database
from console.db.engine import parse_url
from console.db.network import Dealer
from console.ui.bus import DEALER_OPEN
from console.ui.theme import current_theme
from tests.ui.fixtures import open_built


def test_open_panels_layout_and_geometry_come_back_at_the_next_start(
    make_window, sample_plugins, qtbot
):
    first = make_window(remember_layout=True)
    for panel_id in ("sample_lazy", "sample_translated"):
        open_built(first, qtbot, panel_id)
    first.resize(640, 480)  # within the offscreen screen (restoreGeometry clamps to it)
    first.host.docks["sample_translated"].setFloating(True)
    first.close()
    assert QSettings().value("window/panels") == ["sample_lazy", "sample_translated"]

    second = make_window(remember_layout=True)
    qtbot.waitUntil(lambda: len(second.host.open_ids()) == 2, timeout=10000)
    assert second.host.open_ids() == ["sample_lazy", "sample_translated"]
    assert second.host.docks["sample_translated"].isFloating()
    assert (second.width(), second.height()) == (640, 480)
    qtbot.waitUntil(lambda: all(f.widget is not None for f in second.host.frames.values()))


def test_closing_the_last_panel_brings_back_the_welcome_page(make_window, sample_plugins, qtbot):
    window = make_window()
    assert window.centralWidget() is window.welcome
    open_built(window, qtbot, "sample_lazy")
    assert window.centralWidget() is None
    window.host.docks["sample_lazy"].close()
    assert window.host.open_ids() == []
    assert window.centralWidget() is window.welcome


def test_ctrl_k_finds_a_dealer_and_opens_the_panel_that_shows_dealers(
    make_window, sample_plugins, qtbot, ui_db_url
):
    database = Database(parse_url(ui_db_url))
    with database.session() as session:
        dealer = session.scalars(select(Dealer).order_by(Dealer.id)).first()
    database.dispose()
    window = make_window()
    published = []
    window.bus.subscribe(DEALER_OPEN, published.append)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.palette_popup
    assert palette.isVisible()
    qtbot.keyClicks(palette.field, dealer.code)
    label = f"Dealer · {dealer.code} · {dealer.name}"
    qtbot.waitUntil(lambda: label in palette.labels(), timeout=10000)
    row = palette.labels().index(label)
    palette.list.setCurrentRow(row)
    qtbot.keyClick(palette.field, Qt.Key.Key_Return)
    assert not palette.isVisible()
    frame = window.host.frames["sample_editor"]  # the sample that handles dealers
    qtbot.waitUntil(lambda: frame.widget is not None, timeout=10000)
    assert frame.widget.payloads == [
        {"kind": "dealer", "id": dealer.id, "code": dealer.code, "name": dealer.name}
    ]
    assert published == [{"dealer_id": dealer.id}]


def test_the_palette_lists_panels_and_commands_and_filters_them(make_window, sample_plugins, qtbot):
    window = make_window()
    window.show_palette()
    labels = window.palette_popup.labels()
    assert "Panels" in labels and "Commands" in labels
    assert "Slow sample" in labels and "Theme: Dark" in labels
    window.palette_popup.field.setText("dark")
    assert "Theme: Dark" in window.palette_popup.labels()
    assert "Slow sample" not in window.palette_popup.labels()
    window.palette_popup._activate()
    assert current_theme() == "dark"
    window.set_theme("light")


def test_common_actions_have_keyboard_shortcuts(make_window):
    window = make_window()
    shortcuts = {
        window.palette_action: "Ctrl+K",
        window.connect_action: "Ctrl+Shift+O",
        window.close_panel_action: "Ctrl+W",
        window.next_panel_action: "Ctrl+Tab",
        window.fullscreen_action: "F11",
        window.guide_action: "F1",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut() == QKeySequence(keys), action.text()
    assert window.refresh_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)


def test_panel_shortcuts_and_cycling(make_window, sample_plugins, qtbot):
    window = make_window()
    first = window.panels_menu.actions()[0]
    assert first.shortcut() == QKeySequence("Ctrl+1")
    open_built(window, qtbot, "sample_lazy")
    open_built(window, qtbot, "sample_translated")
    window.cycle_panels(1)
    QApplication.processEvents()
    assert window.current_panel() in ("sample_lazy", "sample_translated")
    window.close_current()
    assert len(window.host.open_ids()) == 1
