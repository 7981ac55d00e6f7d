"""Finish sheet on a half-keyed sheet asks for the blank boxes and passes no verdict on the balance."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.count_entry import CountEntryWindow
from app.ui.count_entry_form import FigureField
from tests.domain.sheet_builder import typed_boxes
from tests.services.conftest import DEMO_PINS, demo_to_key
from tests.ui.test_count_entry import ENTER, SLIP_BOX, SLIP_TABLE, show

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[CountFile, dict[str, dict[str, object]]]]:
    count_file, papers = demo_to_key(tmp_path, signed_in=False)
    yield count_file, papers
    count_file.close()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press_finish(qtbot: QtBot) -> None:
    """Alt+F, as typed; the button's mnemonic clicks it after Qt's short press animation."""
    qtbot.keyClick(focused(), Qt.Key.Key_F, ALT)
    qtbot.wait(250)


def opened(qtbot: QtBot, count_file: CountFile, table: str) -> CountEntryWindow:
    count_file.session.sign_in("Olu", DEMO_PINS["Olu"])
    window = CountEntryWindow(count_file, count_file.contest_ids()[0])
    qtbot.addWidget(window)
    show(qtbot, window)
    assert window.open_table(table)
    return window


def test_finish_on_a_half_keyed_sheet_asks_for_the_blanks_and_says_nothing_of_the_balance(
    qtbot: QtBot, demo: tuple[CountFile, dict[str, dict[str, object]]]
) -> None:
    count_file, papers = demo
    window = opened(qtbot, count_file, "T1")
    view = window.form.view
    assert view is not None
    typed = typed_boxes(view.layout.keys, papers["T1"], view.layout.bundle_size)
    fields = window.form.editable_fields()
    assert focused() is fields[0]
    for field in fields[:3]:
        qtbot.keyClicks(focused(), typed[field.key])
        qtbot.keyClick(focused(), ENTER)
    press_finish(qtbot)
    assert window.outcome.text().startswith("Type a figure in every box (0 if there are none)")
    assert focused() is fields[3]
    balance = window.form.balance.text()
    assert "still blank" in balance and "worked out once every box has a figure" in balance
    # A balance verdict on figures nobody has typed yet would contradict the balance line.
    assert "E203" not in window.form.sheet_checks.text()
    assert "The sheet does not balance" not in window.form.sheet_checks.text()


def test_finish_on_a_whole_sheet_that_does_not_balance_still_shows_e203(
    qtbot: QtBot, demo: tuple[CountFile, dict[str, dict[str, object]]]
) -> None:
    count_file, papers = demo
    window = opened(qtbot, count_file, SLIP_TABLE)
    view = window.form.view
    assert view is not None
    typed = typed_boxes(view.layout.keys, papers[SLIP_TABLE], view.layout.bundle_size)
    for field in window.form.editable_fields():
        assert isinstance(focused(), FigureField)
        qtbot.keyClicks(focused(), "9" if field.key == SLIP_BOX else typed[field.key])
        qtbot.keyClick(focused(), ENTER)
    assert focused() is window.finish_button
    press_finish(qtbot)
    assert focused() is window.confirm_button  # the paper is to be confirmed, not finished yet
    assert "E203" in window.form.sheet_checks.text()
    assert "difference" in window.form.balance.text()
