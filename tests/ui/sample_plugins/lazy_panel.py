"""Imported only when its panel is opened (the declaration names it as a string)."""

from PySide6.QtWidgets import QLabel


def create(ctx):
    ctx.ready()
    return QLabel("lazy panel")
