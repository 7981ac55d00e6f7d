"""The operator switch by keys: name (or its first letters), one Enter, PIN, Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.operator_switch import OperatorSwitch, spellings, unaccented


def shown_switch(qtbot: QtBot, demo: CountFile) -> OperatorSwitch:
    dialog = OperatorSwitch(demo)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog), qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.name.setFocus()
    return dialog


def test_one_enter_after_the_first_letters_takes_the_offered_name_and_moves_to_the_pin(
    qtbot: QtBot, demo: CountFile
) -> None:
    dialog = shown_switch(qtbot, demo)
    qtbot.keyClicks(dialog.name, "pri")
    assert dialog.name.text() == "priya Shah" and dialog.name.hasSelectedText()  # offered inline
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.name.text() == "Priya Shah"
    assert not dialog.name.hasSelectedText()
    assert QApplication.focusWidget() is dialog.pin
    qtbot.keyClicks(dialog.pin, "2222")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.result() == OperatorSwitch.DialogCode.Accepted
    assert demo.session.current is not None and demo.session.current.name == "Priya Shah"


def test_enter_after_a_whole_name_moves_to_the_pin_without_signing_in(
    qtbot: QtBot, demo: CountFile
) -> None:
    dialog = shown_switch(qtbot, demo)
    qtbot.keyClicks(dialog.name, "Tom Evans")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Enter)
    assert QApplication.focusWidget() is dialog.pin
    assert dialog.isVisible() and not dialog.error.isVisible()
    assert demo.session.current is None


def test_enter_in_an_empty_name_stays_there_and_a_wrong_pin_is_explained(
    qtbot: QtBot, demo: CountFile
) -> None:
    dialog = shown_switch(qtbot, demo)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Tom")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.pin, "9999")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.error.isVisible() and dialog.error.text()
    assert dialog.pin.text() == "" and QApplication.focusWidget() is dialog.pin
    assert demo.session.current is None


def test_a_name_is_found_without_its_accents_unless_that_makes_it_someone_else() -> None:
    assert unaccented("Siân Zieliński Ōkafor Łukasz") == "Sian Zielinski Okafor Łukasz"  # Ł: a letter
    found = spellings(["Siân Roberts", "Tom Evans"])
    assert found["sian roberts"] == found["siân roberts"] == "Siân Roberts"
    both = spellings(["Siân Roberts", "Sian Roberts"])
    assert both["sian roberts"] == "Sian Roberts" and both["siân roberts"] == "Siân Roberts"
    twins = spellings(["Zoë Brown", "Zoè Brown"])  # differ only by an accent: it must be typed
    assert "zoe brown" not in twins


def test_sian_typed_on_a_uk_keyboard_signs_in_sian(qtbot: QtBot, demo: CountFile) -> None:
    dialog = shown_switch(qtbot, demo)
    qtbot.keyClicks(dialog.name, "sian")  # no â key: before, nothing completed and the PIN was "wrong"
    assert dialog.name.text().casefold() == "sian roberts" and dialog.name.hasSelectedText()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.name.text() == "Siân Roberts" and QApplication.focusWidget() is dialog.pin
    qtbot.keyClicks(dialog.pin, "4444")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert demo.session.current is not None and demo.session.current.name == "Siân Roberts"


def test_a_whole_name_without_accents_then_tab_signs_in_too(qtbot: QtBot, demo: CountFile) -> None:
    dialog = shown_switch(qtbot, demo)
    dialog.name.setText("SIAN ROBERTS")  # as if typed whole, then Tab to the PIN (no Enter)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.pin, "4444")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert demo.session.current is not None and demo.session.current.name == "Siân Roberts"


def test_the_lockout_message_shows_whole_and_the_boxes_keep_their_height(
    qtbot: QtBot, demo: CountFile
) -> None:
    dialog = shown_switch(qtbot, demo)
    tall = dialog.name.sizeHint().height()
    qtbot.keyClicks(dialog.name, "Tom Evans")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    for _ in range(5):  # five wrong PINs lock the name, with the longest message there is
        qtbot.keyClicks(dialog.pin, "0000")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.wait(50)  # the layout settles
    assert "locked" in dialog.error.text()
    assert dialog.name.height() >= tall and dialog.pin.height() >= tall  # were squeezed to ~2 px
    error = dialog.error
    assert error.height() >= error.heightForWidth(error.width())  # every line of it shown
