"""Two languages: chosen from the system locale or View > Language, switched without restart."""

from __future__ import annotations

import argparse

from PySide6.QtCore import QSettings

from console.app import create_window
from console.ui import formatting, i18n
from tests.ui.fixtures import hello_example_site, open_built, remove_modules


def test_switching_language_retranslates_the_shell_and_panels_live(
    make_window, sample_plugins, qtbot, tmp_path, monkeypatch
):
    project = hello_example_site(tmp_path / "site2")
    monkeypatch.syspath_prepend(str(project))
    monkeypatch.syspath_prepend(str(tmp_path / "site2"))
    remove_modules("hello_panel")
    window = make_window(lang="en")
    with qtbot.waitSignal(window.host.panel_ready, timeout=20000):
        window.open_panel("hello")
    hello = window.host.frames["hello"].widget
    translated = open_built(window, qtbot, "sample_translated").widget
    assert window.file_menu.title() == "&File"
    assert hello.table.model.header(1) == "Role"

    window.language_actions["zh_CN"].trigger()

    assert window.file_menu.title() == "文件(&F)"
    assert window.panels_menu.title() == "面板(&P)"
    assert "已连接" in window.connection_label.text()
    assert window.user_label.text() == "用户：admin（系统管理员）"
    assert window.welcome.subtitle.text().startswith("当前用户：张敏")  # the Chinese name
    assert window.host.docks["hello"].windowTitle() == "你好"  # the plugin's own catalogue
    assert hello.heading.text() == "所有可以登录本控制台的用户。"
    assert hello.table.model.header(1) == "角色"
    assert hello.table.filter_box.placeholderText() == "筛选…"  # shared widget, live
    assert translated.label.text() == "language=zh_CN"  # ctx.language follows
    assert formatting.current_language() == "zh_CN"
    assert QSettings().value("ui/language") == "zh_CN"
    assert not window.banner_bar.isVisible()  # everything open could retranslate

    window.language_actions["en"].trigger()
    assert window.file_menu.title() == "&File"
    assert hello.heading.text() == "Everyone who can sign in to this console."
    assert window.welcome.subtitle.text().startswith("Signed in as Zhang Min")


def test_panels_that_cannot_retranslate_ask_for_a_restart(make_window, sample_plugins, qtbot):
    window = make_window(lang="en")
    open_built(window, qtbot, "sample_lazy")  # a plain widget without retranslate_ui
    window.set_language("zh_CN")
    assert window.banner_bar.isVisible()
    assert window.banner.label.text() == "以下面板需重新启动后才显示新语言：Lazy。"
    assert [b.text() for b in window.banner.buttons] == ["立即重启", "稍后"]
    window.banner.button("稍后").click()
    assert not window.banner_bar.isVisible()
    window.set_language("en")


def test_language_comes_from_the_system_locale_when_not_chosen(qtbot, monkeypatch, isolated_home):
    monkeypatch.setattr(i18n, "system_language", lambda: "zh_CN")
    window = create_window(argparse.Namespace(lang=None, theme=None), remember_layout=False)
    qtbot.addWidget(window)
    assert window.translations.language == "zh_CN"
    assert window.view_menu.title() == "视图(&V)"
    assert window.language_actions["zh_CN"].isChecked()
    window.translations.set_language("en")


def test_the_chosen_language_is_remembered(qtbot, isolated_home):
    QSettings().setValue("ui/language", "zh_CN")
    window = create_window(argparse.Namespace(lang=None, theme=None), remember_layout=False)
    qtbot.addWidget(window)
    assert window.translations.language == "zh_CN"
    window.translations.set_language("en")


def test_language_codes_are_normalised():
    assert i18n.normalise_language("zh_TW") == "zh_CN"
    assert i18n.normalise_language("zh") == "zh_CN"
    assert i18n.normalise_language("fr_FR") == "en"
