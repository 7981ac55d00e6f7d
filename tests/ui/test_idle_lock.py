"""The idle lock by keys: activity keeps it open, five idle minutes cover every window, a PIN unlocks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.session import IDLE_LOCK_S, Session
from app.ui.idle_lock import Cover, LockScreen
from app.ui.main_window import MainWindow
from app.ui.operator_switch import OperatorSwitch
from app.ui.results_window import open_results
from tests.ui.accessibility_walk import unnamed_controls
from tests.ui.conftest import WindowMaker
from tests.ui.modal import when_modal

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


class Clock:
    """The session's monotonic clock, moved on by the test instead of waiting five minutes."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(demo: CountFile) -> Clock:
    ticking = Clock()
    demo.session = Session(demo.store, monotonic=ticking)
    demo.session.sign_in("Tom Evans", "3333")
    return ticking


@pytest.fixture
def window(make_window: WindowMaker, demo: CountFile, clock: Clock) -> MainWindow:
    shown = make_window(demo)
    shown.idle_lock.timer.start(20)  # the check itself is the real one; only its period is shorter
    return shown




def _screen(window: MainWindow) -> LockScreen:
    assert window.idle_lock.screen is not None
    return window.idle_lock.screen


def _covered(widget: QWidget) -> bool:
    return any(cover.isVisible() for cover in widget.findChildren(Cover))


def test_keys_and_the_mouse_keep_it_open_and_five_idle_minutes_lock_every_window(
    qtbot: QtBot, window: MainWindow, demo: CountFile, clock: Clock
) -> None:
    results = open_results(window, demo, demo.contest_ids()[0])
    qtbot.addWidget(results)
    clock.now += IDLE_LOCK_S - 1
    qtbot.keyClick(window.contest_view, Qt.Key.Key_Down)  # a key press in the main window
    clock.now += IDLE_LOCK_S - 1
    qtbot.mouseClick(results, Qt.MouseButton.LeftButton)  # a click in another CountDesk window
    clock.now += 2
    qtbot.wait(100)
    assert not window.idle_lock.locked and demo.session.current is not None
    clock.now += IDLE_LOCK_S
    qtbot.waitUntil(lambda: window.idle_lock.locked)
    screen = _screen(window)
    assert demo.session.current is None
    assert "Tom Evans (Data-entry operator) was signed in" in screen.who.text()
    assert "5 minutes without use" in screen.who.text()
    assert demo.path.name in screen.file.text() and screen.windowTitle().startswith("TRAINING")
    assert _covered(window) and _covered(results)
    assert QApplication.activeModalWidget() is screen
    assert unnamed_controls(screen) == []


def test_wrong_pins_are_refused_through_the_lockout_and_the_right_one_unlocks(
    qtbot: QtBot, window: MainWindow, demo: CountFile
) -> None:
    qtbot.keyClick(window.contest_view, Qt.Key.Key_L, CTRL)  # lock now
    screen = _screen(window)
    qtbot.keyClick(screen.pin, Qt.Key.Key_Escape)  # Escape does not unlock
    assert screen.isVisible()
    for _ in range(5):
        qtbot.keyClicks(screen.pin, "9999")
        qtbot.keyClick(screen.pin, Qt.Key.Key_Return)
        assert screen.isVisible() and screen.problem.isVisible() and screen.pin.text() == ""
    assert "locked for 15 seconds" in screen.problem.text()
    qtbot.keyClicks(screen.pin, "3333")  # right, but within the lockout
    qtbot.keyClick(screen.pin, Qt.Key.Key_Return)
    assert screen.isVisible() and "wait" in screen.problem.text()
    assert demo.session.current is None and _covered(window)


def test_the_same_persons_pin_unlocks_and_the_covers_go(
    qtbot: QtBot, window: MainWindow, demo: CountFile
) -> None:
    qtbot.keyClick(window.contest_view, Qt.Key.Key_L, CTRL)
    screen = _screen(window)
    assert _covered(window)
    qtbot.keyClicks(screen.pin, "3333")
    qtbot.keyClick(screen.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.idle_lock.locked)
    assert demo.session.current is not None and demo.session.current.name == "Tom Evans"
    qtbot.waitUntil(lambda: not _covered(window))


def test_another_person_may_unlock_by_signing_in(qtbot: QtBot, window: MainWindow, demo: CountFile) -> None:
    qtbot.keyClick(window.contest_view, Qt.Key.Key_L, CTRL)
    screen = _screen(window)

    def sign_in_priya(dialog: QWidget) -> None:
        assert isinstance(dialog, OperatorSwitch)
        qtbot.keyClicks(dialog.name, "Priya Shah")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.pin, "2222")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)

    when_modal(OperatorSwitch, sign_in_priya)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    qtbot.keyClick(screen.pin, Qt.Key.Key_E, ALT)  # Sign in as someone &else…
    qtbot.waitUntil(lambda: not window.idle_lock.locked)
    assert demo.session.current is not None and demo.session.current.name == "Priya Shah"


def test_nobody_signed_in_is_never_locked(
    qtbot: QtBot, window: MainWindow, demo: CountFile, clock: Clock
) -> None:
    demo.session.sign_out()
    clock.now += 10 * IDLE_LOCK_S
    qtbot.wait(100)
    qtbot.keyClick(window.contest_view, Qt.Key.Key_L, CTRL)
    assert not window.idle_lock.locked
    assert "Nobody is signed in" in window.statusBar().currentMessage()
