"""Two operators key the demo's whole count with the keyboard alone; a supervisor sends one box back."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.double_entry import SheetState
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.ui.count_entry import SAVED_STYLE, WAITING_STYLE, CountEntryWindow
from app.ui.count_entry_form import FigureField
from app.ui.operator_switch import OperatorSwitch
from app.ui.supervisor_review import SupervisorReview
from tests.domain.sheet_builder import demo_round_one, typed_boxes
from tests.services.conftest import DEMO_PINS, demo_to_key
from tests.ui.conftest import WindowMaker

CONTEST = "parl.northgate-and-eastwick.2029-05-03"
PINS = DEMO_PINS
SLIP_TABLE, SLIP_BOX = "T3", "part:peter-dunmore"
ENTER = Qt.Key.Key_Return
NO = Qt.KeyboardModifier.NoModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def count(tmp_path: Path) -> Iterator[tuple[CountFile, dict[str, dict[str, object]]]]:
    count_file, papers = demo_to_key(tmp_path, signed_in=False)
    yield count_file, papers
    count_file.close()


class Keyboard:
    """Keys go where the focus is, as they do for a person: a box typed into the wrong field
    shows up as a wrong figure, so focus order is tested by every figure typed."""

    def __init__(self, qtbot: QtBot, shots: Path) -> None:
        self.qtbot = qtbot
        self.shots = shots

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
        self.qtbot.keyClick(self.focused(), key, modifier)

    def type(self, text: str) -> None:
        """Type text key by key; QTest's own typing knows ASCII only, so "â" is sent as its key."""
        for char in text:
            if char.isascii():
                self.qtbot.keyClicks(self.focused(), char)
            else:
                code = ord(char.upper())
                key = Qt.Key(code) if code < 256 else Qt.Key.Key_unknown
                for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
                    QTest.sendKeyEvent(action, self.focused(), key, char, NO)

    def in_dialog(self, kind: type[QDialog], then: Callable[[QDialog], None]) -> None:
        """Run `then` on the modal dialog the next key opens (exec blocks until it closes)."""

        def act() -> None:
            dialog = QApplication.activeModalWidget()
            focus = QApplication.focusWidget()
            if not isinstance(dialog, kind) or focus is None or not dialog.isAncestorOf(focus):
                QTimer.singleShot(20, act)
                return
            try:
                then(dialog)
            except BaseException:
                dialog.reject()  # fail the test rather than leave it waiting on a modal dialog
                raise

        QTimer.singleShot(0, act)

    def back_in_the_window(self) -> None:
        """After a dialog closes, the window it came from is active again."""
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is not None
                             and QApplication.activeModalWidget() is None)

    def shot(self, widget: QWidget, name: str) -> None:
        widget.grab().save(str(self.shots / f"{name}.png"))


@pytest.fixture
def keyboard(qtbot: QtBot, tmp_path: Path) -> Iterator[Keyboard]:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    yield Keyboard(qtbot, shots)
    wanted = os.environ.get("COUNTDESK_SCREENSHOTS")  # where to keep them for a person to look at
    if wanted:
        shutil.copytree(shots, wanted, dirs_exist_ok=True)


def show(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts and focus reach only the active window


def nothing_of_another_entry_shown(window: CountEntryWindow) -> bool:
    """Blind: every box in the window is empty and every total a dash (no figure of the first
    entry, or of the sheet keyed before, is anywhere on screen)."""
    fields = [f for f in window.findChildren(FigureField) if f.isVisibleTo(window)]
    totals = [label.text() for label in window.form._totals.values()]
    return bool(fields) and all(f.text() == "" for f in fields) and set(totals) == {"—"}


def sign_in(keys: Keyboard, name: str) -> None:
    def in_the_dialog(dialog: QDialog) -> None:
        assert isinstance(dialog, OperatorSwitch)
        keys.type(name)
        keys.press(ENTER)  # on to the PIN
        assert keys.focused() is dialog.pin
        keys.type(PINS[name])
        keys.press(ENTER)  # Sign in

    keys.in_dialog(OperatorSwitch, in_the_dialog)
    keys.press(Qt.Key.Key_O, CTRL_SHIFT)
    keys.back_in_the_window()


def key_sheet(
    keys: Keyboard, window: CountEntryWindow, paper: dict[str, object], slip: str = "", opened: bool = False
) -> None:
    """Open the selected table with Enter (unless `opened`) and key every box as the paper shows."""
    if not opened:
        assert keys.focused() is window.tables
        keys.press(ENTER)
    view = window.form.view
    assert view is not None
    typed = typed_boxes(view.layout.keys, paper, view.layout.bundle_size)
    for number, key in enumerate(view.layout.keys):
        field = keys.focused()
        assert isinstance(field, FigureField) and field.key == key, f"focus is on {field!r}, not {key}"
        keys.type("9" if key == slip else typed[key])
        keys.press(ENTER if number % 2 else Qt.Key.Key_Tab)  # Enter and Tab both move on
    assert keys.focused() is window.finish_button
    keys.press(ENTER)
    if slip:  # the sheet no longer balances: the operator confirms the paper says so
        assert keys.focused() is window.confirm_button
        keys.press(ENTER)


def test_two_operators_key_the_demo_count_blind_and_a_supervisor_sends_one_box_back(
    qtbot: QtBot, keyboard: Keyboard, count: tuple[CountFile, dict[str, dict[str, object]]], tmp_path: Path
) -> None:
    count_file, papers = count
    window = CountEntryWindow(count_file, CONTEST)
    qtbot.addWidget(window)
    show(qtbot, window)
    keys = keyboard
    keys.shot(window, "01-nobody-signed-in")

    sign_in(keys, "Olu")
    assert window.keyboard.text() == "At the keyboard: Olu (Data-entry operator)"
    for table in papers:
        assert window.tables.currentItem().text().startswith(f"Table {table} ")
        key_sheet(keys, window, papers[table])
        if table == "T1":
            keys.shot(window, "02-first-entry-finished")
    assert "A different person keys the second entry" in window.outcome.text()

    sign_in(keys, "Siân")
    for table in papers:
        assert keys.focused() is window.tables
        keys.press(ENTER)
        assert window.form.view is not None and window.form.view.number == 2
        assert nothing_of_another_entry_shown(window)
        if table == "T1":
            keys.shot(window, "03-second-entry-blind")
        key_sheet(keys, window, papers[table], slip=SLIP_BOX if table == SLIP_TABLE else "", opened=True)
        if table == SLIP_TABLE:  # saved, but waiting for a supervisor: not in the accepted colour
            assert "differ" in window.outcome.text()
            assert window.outcome.styleSheet() == WAITING_STYLE
        else:
            assert window.outcome.styleSheet() == SAVED_STYLE
    states = {p.table_id: p.state for p in Counting(count_file).tables(CONTEST)}
    assert states == {t: SheetState.DIFFERENT if t == SLIP_TABLE else SheetState.ACCEPTED for t in papers}

    # An operator asking for the review is refused and sees no figures.
    def operator_review(dialog: QDialog) -> None:
        assert isinstance(dialog, SupervisorReview)
        assert "may resolve differences" in dialog.outcome.text()
        assert dialog.boxes.rowCount() == 0
        keys.press(Qt.Key.Key_Escape)

    keys.in_dialog(SupervisorReview, operator_review)
    keys.press(Qt.Key.Key_V, CTRL_SHIFT)
    keys.back_in_the_window()

    sign_in(keys, "Sam")

    def review(dialog: QDialog) -> None:
        assert isinstance(dialog, SupervisorReview)
        assert dialog.current() is not None and dialog.current().differing == (SLIP_BOX,)
        keys.shot(dialog, "04-supervisor-review")
        combo = dialog.choices[SLIP_BOX]
        while keys.focused() is not combo:
            keys.press(Qt.Key.Key_Tab)
        keys.press(Qt.Key.Key_Down)  # "The first entry matches the paper"
        assert combo.currentData() == "first"
        keys.press(Qt.Key.Key_Tab)
        assert keys.focused() is dialog.reason
        keys.type("Olu's figure matches the paper sheet")
        keys.press(Qt.Key.Key_Tab)
        assert keys.focused() is dialog.send_back
        keys.press(ENTER)
        assert "sent back" in dialog.outcome.text(), dialog.outcome.text()
        keys.press(Qt.Key.Key_Escape)

    keys.in_dialog(SupervisorReview, review)
    keys.press(Qt.Key.Key_V, CTRL_SHIFT)
    keys.back_in_the_window()

    sign_in(keys, "Siân")
    assert window.tables.currentItem().text().startswith(f"Table {SLIP_TABLE} ")
    keys.press(ENTER)
    view = window.form.view
    assert view is not None and view.correction and view.editable == {SLIP_BOX}
    assert keys.focused() is window.form.fields[SLIP_BOX] and window.form.fields[SLIP_BOX].text() == ""
    keys.shot(window, "05-correction-mode")
    keys.type(typed_boxes((SLIP_BOX,), papers[SLIP_TABLE], 50)[SLIP_BOX])
    keys.press(ENTER)
    assert keys.focused() is window.finish_button
    keys.press(ENTER)
    assert "accepted: both entries agree" in window.outcome.text()
    keys.shot(window, "06-all-accepted")

    keyed = count_file.result(CONTEST).as_json()
    with CountFile.import_package(demo_round_one(tmp_path), tmp_path / "imported.countdesk") as imported:
        assert keyed == imported.result(CONTEST).as_json()


def erase(keys: Keyboard) -> None:
    field = keys.focused()
    assert isinstance(field, QLineEdit)
    keys.press(Qt.Key.Key_End)
    for _ in range(len(field.text())):
        keys.press(Qt.Key.Key_Backspace)


def test_boxes_keep_what_is_typed_say_what_is_wrong_and_save_only_counts(
    qtbot: QtBot, keyboard: Keyboard, count: tuple[CountFile, dict[str, dict[str, object]]]
) -> None:
    count_file, _ = count
    count_file.session.sign_in("Olu", PINS["Olu"])
    window = CountEntryWindow(count_file, CONTEST)
    qtbot.addWidget(window)
    show(qtbot, window)
    keys = keyboard
    keys.press(ENTER)
    first = keys.focused()
    assert isinstance(first, FigureField)
    check = window.form._checks["zoë-brennan"]
    keys.type("9" * 20)  # a key held down: nothing is cut short unseen
    assert first.text() == "9" * 20
    too_long = f"Zoë Brennan, full bundles: {'9' * 20} is larger than 9,999,999: check against the paper."
    assert check.text() == too_long
    assert "1 box to correct" in window.form.balance.text()
    keys.shot(window, "08-too-long")
    keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "larger than 9,999,999" in window.outcome.text() and "nothing was saved" in window.outcome.text()
    assert first.text() == "9" * 20  # refused, and still there to be corrected
    assert Counting(count_file).open_sheet(CONTEST, "T1").figures == {}
    erase(keys)
    keys.type("a-1２٣x 4")
    assert first.text() == "a-1２٣x 4"  # kept as typed, with the reason beside it
    assert "'a-1２٣x 4' is not a whole number: type the digits 0 to 9 only" in check.text()
    erase(keys)
    assert check.text() == ""
    keys.type("8")
    keys.press(ENTER)
    keys.type("75")  # a part bundle of 75 with bundles of 50
    check = window.form._checks["zoë-brennan"]
    assert check.text().startswith("E201 ")
    assert "Check against the paper sheet" in check.text()
    assert window.form.sheet_checks.text() == ""  # boxes still empty: the balance line says enough
    assert window.form._totals["zoë-brennan"].text() == "475"
    # round 1 as a recount: no balance while boxes are blank, only how many are left
    assert "14 boxes still blank" in window.form.balance.text()
    assert "difference" not in window.form.balance.text()
    keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.outcome.text().startswith("Saved at ")
    assert Counting(count_file).open_sheet(CONTEST, "T1").figures == {
        "bundles:zoë-brennan": 8, "part:zoë-brennan": 75
    }
    keys.shot(window, "07-problems-beside-the-boxes")


def test_the_main_window_opens_count_sheets_and_shows_who_is_keying(
    qtbot: QtBot, keyboard: Keyboard, count: tuple[CountFile, dict[str, dict[str, object]]],
    make_window: WindowMaker,
) -> None:
    count_file, _ = count
    window = make_window(count_file)
    qtbot.waitUntil(window.isActiveWindow)
    who = window.statusBar().findChild(QLabel, "at-the-keyboard")
    assert who is not None and who.text() == "Nobody is signed in"
    keys = keyboard
    keys.in_dialog(OperatorSwitch, lambda dialog: (keys.type("Olu"), keys.press(ENTER),
                                                   keys.type(PINS["Olu"]), keys.press(ENTER)))
    keys.press(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Count sheets…: asks who first
    entry = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CountEntryWindow))
    qtbot.waitUntil(entry.isVisible)
    assert entry.keyboard.text() == "At the keyboard: Olu (Data-entry operator)"
    qtbot.waitUntil(lambda: who.text() == "At the keyboard: Olu (Data-entry operator)")
    entry.close()


def test_every_control_of_the_count_screens_has_an_accessible_name(
    qtbot: QtBot, count: tuple[CountFile, dict[str, dict[str, object]]]
) -> None:
    count_file, _ = count
    count_file.session.sign_in("Olu", PINS["Olu"])
    entry = CountEntryWindow(count_file, CONTEST)
    qtbot.addWidget(entry)
    show(qtbot, entry)
    entry.open_table("T1")
    count_file.session.sign_in("Sam", PINS["Sam"])
    review = SupervisorReview(count_file, CONTEST)
    switch = OperatorSwitch(count_file)
    for widget in (review, switch):
        qtbot.addWidget(widget)
        widget.show()
    interactive = (QAbstractButton, QAbstractItemView, QLineEdit, QComboBox)
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r} in {type(top).__name__}"
        for top in (entry, review, switch)
        for w in top.findChildren(QWidget)
        if isinstance(w, interactive) and w.isVisible() and not w.accessibleName().strip()
    ]
    assert not unnamed, unnamed
