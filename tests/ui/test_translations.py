"""Every user-visible string of the shell and of the built-in plugins has a Chinese
translation, the compiled catalogues are current, and Chinese text renders."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import translations  # noqa: E402  (scripts/translations.py)

EXAMPLE = ROOT / "examples" / "hello_panel" / "hello_panel"
CATALOGUES = [None, EXAMPLE, *translations.installed_builtin_plugin_dirs()]


def _name(target: Path | None) -> str:
    return "shell" if target is None else target.name


@pytest.mark.parametrize("target", CATALOGUES, ids=_name)
def test_every_string_in_the_code_has_a_chinese_translation(target, tmp_path):
    """Extract the strings from the code now into a copy of the shipped .ts: a string added
    to the code without a translation shows up as unfinished."""
    sources, files = translations.catalogs(target)
    shipped = files["zh_CN"]
    assert shipped.exists(), f"{shipped} is missing: run scripts/translations.py update"
    fresh = tmp_path / shipped.name
    shutil.copy(shipped, fresh)
    translations.lupdate(sources, fresh, "zh_CN")
    found = translations.messages(fresh)
    assert found, "no translatable strings found"
    missing = translations.untranslated(fresh)
    assert missing == [], f"untranslated in {shipped.name}: {missing}"


@pytest.mark.parametrize("target", CATALOGUES, ids=_name)
def test_compiled_catalogue_is_current(target, tmp_path):
    _, files = translations.catalogs(target)
    for ts in files.values():
        fresh = translations.lrelease(ts, tmp_path / ts.with_suffix(".qm").name)
        assert ts.with_suffix(".qm").read_bytes() == fresh.read_bytes(), (
            f"{ts.with_suffix('.qm')} is stale: run scripts/translations.py release"
        )


def test_plugin_id_is_read_from_the_declaration():
    assert translations.plugin_id(EXAMPLE) == "hello"


def _render(text: str) -> QImage:
    image = QImage(120, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont())
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def test_chinese_text_renders_with_real_glyphs(qtbot):
    """A CJK font is installed (fonts-noto-cjk) and Qt draws Chinese with it: two different
    words give different pictures (missing glyphs would all be the same empty box)."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert families, "no font for Simplified Chinese: install fonts-noto-cjk"
    first, second = _render("总部"), _render("控制")
    assert first != second
    assert first != _render("")  # something was drawn at all
