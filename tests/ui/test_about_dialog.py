"""The About dialog: the versions it shows, Copy details, and closing it from the keyboard."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

import app
from app.ui.about_dialog import AboutDialog


def shown_dialog(qtbot: QtBot) -> AboutDialog:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_it_shows_each_version(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = shown_dialog(qtbot)
    shown = {label: widget.text() for label, widget in dialog.values.items()}

    assert shown["CountDesk"] == app.__version__
    assert shown["Qt"] == qVersion()
    assert shown["PySide6"] == PySide6.__version__
    assert shown["SQLite"] == sqlite3.sqlite_version
    assert shown["Count-file format"].startswith("version ") and "(CDK1)" in shown["Count-file format"]
    assert dialog.windowTitle() == "About CountDesk"
    dialog.grab().save(str(tmp_path / "about.png"))


def test_copy_details_puts_the_versions_on_the_clipboard(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot)
    QGuiApplication.clipboard().clear()

    # As an operator would: Tab along to the button, then Space.
    for _ in range(10):
        if dialog.focusWidget() is dialog.copy_button:
            break
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.copy_button, "Copy details cannot be reached with Tab"
    qtbot.keyClick(dialog.copy_button, Qt.Key.Key_Space)

    copied = QGuiApplication.clipboard().text()
    assert f"CountDesk: {app.__version__}\n" in copied
    assert f"Qt: {qVersion()}\n" in copied
    assert f"SQLite: {sqlite3.sqlite_version}\n" in copied


def test_enter_and_escape_close_it(qtbot: QtBot) -> None:
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        dialog = shown_dialog(qtbot)
        qtbot.keyClick(dialog.focusWidget() or dialog, key)
        assert not dialog.isVisible()
