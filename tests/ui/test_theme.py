"""The high-contrast theme: toggled from View with the keyboard, remembered, no fixed pixel font sizes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.__main__ import file_window
from app.services.count_file import CountFile
from app.ui import theme
from app.ui.window_settings import WindowSettings
from tests.ui.conftest import WindowMaker

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def system_look_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    theme.theme_of(qapp).apply(False)  # later tests see the system's look whatever happened here


def window_colour() -> str:
    return QApplication.palette().color(QPalette.ColorRole.Window).name()


def test_ctrl_shift_h_turns_high_contrast_on_and_off_and_it_is_remembered(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile
) -> None:
    window = make_window(riverside)
    system = window_colour()
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
    assert window.high_contrast_action.isChecked()
    assert window_colour() == "#000000"
    assert QApplication.palette().color(QPalette.ColorRole.Highlight).name() == "#ffff00"
    assert "focus" in QApplication.instance().styleSheet()  # type: ignore[union-attr]
    assert WindowSettings().high_contrast()

    window.close()
    again = make_window(None)  # a new window (a new night) starts in high contrast
    assert again.high_contrast_action.isChecked() and window_colour() == "#000000"
    qtbot.keyClick(again, Qt.Key.Key_H, CTRL_SHIFT)
    assert window_colour() == system and not WindowSettings().high_contrast()


def test_the_stylesheet_never_fixes_a_font_size() -> None:
    assert not re.search(r"font(-size)?\s*:[^;]*\d+\s*(px|pt)", theme.HIGH_CONTRAST_STYLE)
    assert "font" not in theme.HIGH_CONTRAST_STYLE


def test_high_contrast_colours_are_far_apart() -> None:
    palette = theme.high_contrast_palette()

    def luminance(role: QPalette.ColorRole) -> float:
        return palette.color(role).lightnessF()

    for text, back in (
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    ):
        assert abs(luminance(text) - luminance(back)) >= 0.5


def test_an_empty_list_without_focus_is_outlined_in_high_contrast(qtbot: QtBot, qapp: QApplication) -> None:
    # An empty list or table on black was black space: nobody could see it was there to Tab into.
    theme.theme_of(qapp).apply(True)
    page = QWidget()
    box, warnings = QLineEdit(), QListWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(box)
    layout.addWidget(warnings)
    qtbot.addWidget(page)
    page.resize(300, 200)
    page.show()
    qtbot.waitExposed(page)
    box.setFocus()
    qtbot.waitUntil(lambda: box.hasFocus() or not page.isActiveWindow())
    image = warnings.grab().toImage()
    edge = image.pixelColor(0, image.height() // 2)
    middle = image.pixelColor(image.width() // 2, image.height() // 2)
    assert middle.lightnessF() < 0.2  # the empty list itself is black
    assert edge.lightnessF() > 0.9, edge.name()  # and its outline white


def test_countdesk_file_paints_its_first_frame_in_the_remembered_theme(
    qtbot: QtBot, demo_path: Path, qapp: QApplication
) -> None:
    WindowSettings().set_high_contrast(True)
    window = file_window(demo_path)  # the frame paints before the View menu (and its action) is made
    qtbot.addWidget(window)
    assert not window.built and window_colour() == "#000000" and "focus" in qapp.styleSheet()
    window.show()
    qtbot.waitUntil(lambda: not window.checking)
    assert window.high_contrast_action.isChecked() and window_colour() == "#000000"
    window.close()


def test_the_candidates_stay_in_sight_after_switching_to_high_contrast(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile
) -> None:
    # The detail's tables are fitted to their rows when a result is shown; the theme's borders and
    # header change those heights, so the fit is made again, or the last candidate scrolls away.
    window = make_window(demo)
    qtbot.waitUntil(lambda: window.selected_result() is not None)
    view = window.detail.candidate_view
    for _ in range(2):  # on, then off again
        qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
        qtbot.wait(100)
        assert view.verticalScrollBar().maximum() == 0, "a candidate is hidden below the scroll"
        last = view.model().rowCount() - 1
        assert view.visualRect(view.model().index(last, 0)).bottom() < view.viewport().height()
