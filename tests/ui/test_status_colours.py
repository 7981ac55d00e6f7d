"""Status messages read in either theme: on the high-contrast black each dark red, green or brown is
painted in its light shade (supervisor review, lock screen, restore, operator switch), in the system's
look the dark one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.operator_switch import OperatorSwitch
from app.ui.restore_dialog import RestoreDialog
from app.ui.status_colours import ON_DARK
from app.ui.supervisor_review import SupervisorReview
from app.ui.theme import theme_of
from tests.ui.conftest import WindowMaker
from tests.ui.test_backup_restore import backed_up
from tests.ui.test_count_entry import Keyboard, keyboard
from tests.ui.test_operator_switch import shown_switch

__all__ = ["backed_up", "keyboard"]  # fixtures shared with the restore and count entry tests

RED, GREEN = "#b00020", "#1b5e20"
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
PINS = {"Helen Marsh": "1111", "Priya Shah": "2222", "Tom Evans": "3333"}


@pytest.fixture(params=[False, True], ids=["system-look", "high-contrast"])
def high_contrast(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[bool]:
    """The theme the screen opens in; the system's look again afterwards, for the tests that follow."""
    theme_of(qapp).apply(request.param)
    yield request.param
    theme_of(qapp).apply(False)


def expected(dark: str, high_contrast: bool) -> str:
    return ON_DARK[dark] if high_contrast else dark


def painted(label: QLabel) -> str:
    """The colour the label's text is painted in: its commonest colour other than the background."""
    image = label.grab().toImage()
    background = label.window().palette().color(QPalette.ColorRole.Window).rgb()
    colours = Counter(
        image.pixel(x, y) for x in range(image.width()) for y in range(image.height())
    )
    colours.pop(background, None)
    assert colours, f"nothing painted in {label.accessibleName()!r}"
    return QColor.fromRgb(colours.most_common(1)[0][0]).name()


def readable(label: QLabel) -> bool:
    """Far enough from the window's background in lightness to read (dark red on black is not)."""
    window = label.window().palette().color(QPalette.ColorRole.Window)
    return abs(QColor(painted(label)).lightnessF() - window.lightnessF()) >= 0.4


def active_review(qtbot: QtBot, demo: CountFile, contest_id: str) -> SupervisorReview:
    """The supervisor review, shown and in front, for keys to reach it."""
    review = SupervisorReview(demo, contest_id)
    qtbot.addWidget(review)
    with qtbot.waitExposed(review), qtbot.waitActive(review):
        review.show()
        review.activateWindow()
    return review


def test_the_supervisor_reviews_refusals_acknowledgement_and_decision(
    qtbot: QtBot, demo: CountFile, high_contrast: bool, keyboard: Keyboard
) -> None:
    contest_id = demo.contest_ids()[0]
    demo.session.sign_in("Tom Evans", PINS["Tom Evans"])  # an operator: refused, in red
    refused = SupervisorReview(demo, contest_id)
    qtbot.addWidget(refused)
    with qtbot.waitExposed(refused):
        refused.show()
    assert "may resolve differences" in refused.outcome.text()
    assert painted(refused.outcome) == expected(RED, high_contrast) and readable(refused.outcome)
    refused.close()

    demo.session.sign_in("Priya Shah", PINS["Priya Shah"])  # the supervisor acknowledges the demo's W301
    review = active_review(qtbot, demo, contest_id)
    while keyboard.focused() is not review.warning_reason:
        keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("Margin checked with the agents")
    keyboard.press(Qt.Key.Key_Tab)
    assert keyboard.focused() is review.acknowledge
    keyboard.press(Qt.Key.Key_Space)
    assert review.outcome.text() == "W301 acknowledged."
    assert painted(review.outcome) == expected(GREEN, high_contrast) and readable(review.outcome)
    assert review.warning_reason.text() == ""  # done with: cleared, in either theme
    review.close()

    demo.session.sign_in("Helen Marsh", PINS["Helen Marsh"])
    review = active_review(qtbot, demo, contest_id)
    while keyboard.focused() is not review.single_reason:
        keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Tab)
    assert keyboard.focused() is review.decide
    keyboard.press(Qt.Key.Key_Space)  # no reason given: refused, in red
    assert review.outcome.text().startswith("Give the reason"), review.outcome.text()
    assert painted(review.outcome) == expected(RED, high_contrast) and readable(review.outcome)
    keyboard.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    keyboard.type("Two operators are ill")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Space)  # recorded, in green
    assert review.outcome.text() == "The decision is recorded."
    assert painted(review.outcome) == expected(GREEN, high_contrast) and readable(review.outcome)
    keyboard.shot(review, f"supervisor-review-{'high-contrast' if high_contrast else 'system-look'}")


def test_the_lock_screens_wrong_pin(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile, high_contrast: bool, keyboard: Keyboard
) -> None:
    demo.session.sign_in("Tom Evans", PINS["Tom Evans"])
    window = make_window(demo)
    keyboard.press(Qt.Key.Key_L, CTRL)  # lock now, in the main window
    screen = window.idle_lock.screen
    assert screen is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.pin)
    keyboard.type("9999")
    keyboard.press(Qt.Key.Key_Return)
    assert screen.problem.isVisible() and "PIN" in screen.problem.text(), screen.problem.text()
    assert painted(screen.problem) == expected(RED, high_contrast) and readable(screen.problem)
    keyboard.shot(screen, f"lock-screen-{'high-contrast' if high_contrast else 'system-look'}")
    keyboard.type(PINS["Tom Evans"])
    keyboard.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.idle_lock.locked)


def test_the_restore_dialogs_damaged_backup_and_its_refusal(
    qtbot: QtBot, backed_up: tuple[CountFile, Path, Path], high_contrast: bool, keyboard: Keyboard
) -> None:
    demo, _good, _damaged = backed_up
    dialog = RestoreDialog(demo.path, demo)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog), qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    cells = [dialog.table.item(row, 2) for row in range(2)]
    qtbot.waitUntil(lambda: all(cell is not None and cell.text() != "Checking…" for cell in cells))
    check = cells[0]
    assert check is not None and check.text() == "Does NOT verify"
    assert check.foreground().color().name() == expected(RED, high_contrast)
    keyboard.press(Qt.Key.Key_N, ALT)  # the new file's name, cleared: refused, in red
    assert keyboard.focused() is dialog.target
    keyboard.press(Qt.Key.Key_A, CTRL)
    keyboard.press(Qt.Key.Key_Delete)
    keyboard.press(Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.problem.text() == "Give the new count file a name."
    assert painted(dialog.problem) == expected(RED, high_contrast) and readable(dialog.problem)
    keyboard.shot(dialog, f"restore-{'high-contrast' if high_contrast else 'system-look'}")
    dialog.reject()


def test_the_operator_switchs_wrong_pin(
    qtbot: QtBot, demo: CountFile, high_contrast: bool, keyboard: Keyboard
) -> None:
    dialog = shown_switch(qtbot, demo)
    keyboard.type("Tom")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.type("9999")
    keyboard.press(Qt.Key.Key_Return)
    assert dialog.error.isVisible() and dialog.error.text()
    assert painted(dialog.error) == expected(RED, high_contrast) and readable(dialog.error)
    keyboard.shot(dialog, f"operator-switch-{'high-contrast' if high_contrast else 'system-look'}")


def test_the_theme_cannot_switch_while_one_of_these_screens_is_open(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile, qapp: QApplication, keyboard: Keyboard
) -> None:
    """Each is modal: Ctrl+Shift+H reaches the main window only once it is closed, so none of them
    needs tinting again for a theme switched while it is open (count entry, not modal, does)."""
    window = make_window(demo)
    theme = theme_of(qapp)
    assert not theme.high_contrast

    def press_contrast(dialog: QDialog) -> None:
        keyboard.press(Qt.Key.Key_H, CTRL_SHIFT)
        assert not theme.high_contrast and not window.high_contrast_action.isChecked()
        keyboard.press(Qt.Key.Key_Escape)

    keyboard.in_dialog(OperatorSwitch, press_contrast)
    keyboard.press(Qt.Key.Key_O, CTRL_SHIFT)  # Switch operator, from the main window
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    window.activateWindow()  # the offscreen platform gives the focus back to no window by itself
    qtbot.waitUntil(window.isActiveWindow)
    keyboard.press(Qt.Key.Key_H, CTRL_SHIFT)  # in the main window it switches
    try:
        assert theme.high_contrast
    finally:
        theme.apply(False)
        window.high_contrast_action.setChecked(False)
