"""The shortcut sheet (F1): built from the window's own actions, grouped by menu, so it cannot drift."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.results_view import ResultsView
from app.ui.results_window import RESULTS_WINDOW_KEYS
from app.ui.shortcut_sheet import (
    ShortcutSheet,
    results_window_lines,
    shortcut_lines,
    window_key_lines,
)
from tests.ui.conftest import WindowMaker


def native(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def test_f1_opens_the_sheet_with_every_menu_and_its_keys(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile
) -> None:
    window = make_window(riverside)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None and sheet.isVisible()
    groups = [sheet.tree.topLevelItem(i).text(0) for i in range(sheet.tree.topLevelItemCount())]
    assert groups[:2] == ["File", "File ▸ Open recent"]
    assert {"View", "Documents", "Setup", "Results", "Count", "Help"} <= set(groups)
    rows = {
        sheet.tree.topLevelItem(i).child(j).text(0): sheet.tree.topLevelItem(i).child(j).text(1)
        for i in range(sheet.tree.topLevelItemCount())
        for j in range(sheet.tree.topLevelItem(i).childCount())
    }
    assert rows["Open count file"] == native("Ctrl+O")
    assert rows["Hall display"] == native("F11")
    assert rows["Keyboard shortcuts"] == native("F1")
    assert rows["High contrast"] == native("Ctrl+Shift+H")
    qtbot.keyClick(sheet.tree, Qt.Key.Key_Escape)
    assert not sheet.isVisible()


def test_every_menu_action_is_listed_and_a_new_one_appears_without_editing_a_list(
    make_window: WindowMaker, riverside: CountFile
) -> None:
    window = make_window(riverside)
    listed = {(line.action, line.keys) for line in shortcut_lines(window)}
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            assert action.text().replace("&", "").rstrip("…").strip() in {a for a, _ in listed}
    extra = QAction("Practise &fire drill", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.menuBar().actions()[0].menu().addAction(extra)
    assert ("Practise fire drill", native("Ctrl+Alt+F")) in {
        (line.action, line.keys) for line in shortcut_lines(window)
    }


def test_no_two_actions_share_a_shortcut(make_window: WindowMaker, riverside: CountFile) -> None:
    window = make_window(riverside)
    window.hall_action.open_display()  # its own keys join the sheet while it is open
    # The main window's keys (and the open hall display's); another window's own keys work only while
    # that window is in front, and are checked among themselves (test_shortcut_sheet_windows.py).
    others = {line.menu for line in results_window_lines() + window_key_lines()}
    lines = shortcut_lines(window)
    keys = [line.keys for line in lines if line.keys != "(menu only)" and line.menu not in others]
    assert len(keys) == len(set(keys)), sorted(keys)
    assert others and others <= {line.menu for line in lines}
    assert QApplication.activeModalWidget() is None


def test_every_action_has_a_shortcut_none_is_menu_only(
    make_window: WindowMaker, riverside: CountFile
) -> None:
    window = make_window(riverside)
    lines = shortcut_lines(window)
    assert [line.action for line in lines if line.keys == "(menu only)"] == []
    keys = {(line.menu, line.action): line.keys for line in lines}
    documents = [line.keys for line in lines if line.menu == "Documents"]
    assert documents == [native(f"Ctrl+{n}") for n in range(1, 8)]
    assert keys[("Help", "About CountDesk")] == native("Shift+F1")
    assert keys[("View", "Needs attention")] == native("Ctrl+Shift+A")


def test_ctrl_and_a_digit_opens_that_document_and_shift_f1_opens_about(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile
) -> None:
    from app.ui.about_dialog import AboutDialog
    from app.ui.print_preview import DocumentPreview

    window = make_window(riverside)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    [preview] = [w for w in window.findChildren(DocumentPreview) if w.isVisible()]
    assert preview.job.document == "verification"
    preview.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen: list[str] = []

    def close_about() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, AboutDialog):
            seen.append(dialog.windowTitle())
            dialog.reject()
        else:
            QTimer.singleShot(20, close_about)

    QTimer.singleShot(0, close_about)
    qtbot.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert seen == ["About CountDesk"]


def test_the_results_windows_keys_are_listed_as_its_buttons_have_them(
    make_window: WindowMaker, riverside: CountFile
) -> None:
    window = make_window(riverside)  # the results window is not open: its keys are listed all the same
    listed = {line.action: line.keys for line in shortcut_lines(window) if line.menu == "Results window (F6)"}
    assert listed["Declare"] == "Ctrl+Shift+D" and listed["Record provisional"] == "Ctrl+Shift+P"
    view = ResultsView(riverside)
    shown = {
        action.text().replace("&", "").rstrip("…"): native(action.shortcut().toString())
        for action in view.commands.values()
    }
    shown |= {key.text: key.native() for key in RESULTS_WINDOW_KEYS}  # the window's, beside its buttons'
    assert listed == shown  # every button's key, and only those
    # ... each saying what it does, in the same words as its button's tooltip
    said = {line.action: line.tip for line in shortcut_lines(window) if line.menu == "Results window (F6)"}
    assert said["Declare"].startswith("Declare the result") and "lock" in said["Declare"]
    buttons = {b.accessibleName(): b.toolTip() for b in view.findChildren(QPushButton)}
    for name in ("Declare", "Record provisional", "Recount request", "Print comparison"):
        assert buttons[name] == f"{said[name]} ({listed[name]})"
    view.deleteLater()
