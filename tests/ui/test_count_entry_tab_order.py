"""Tab from the last box of a count sheet reaches the buttons beside it, with no hidden stop between."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.count_entry import CountEntryWindow
from tests.services.conftest import DEMO_PINS, demo_to_key
from tests.ui.test_count_entry import ENTER, show


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[CountFile]:
    count_file, _ = demo_to_key(tmp_path, signed_in=False)
    yield count_file
    count_file.close()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def test_tab_after_the_last_box_goes_to_finish_then_save_then_the_tables(
    qtbot: QtBot, demo: CountFile
) -> None:
    demo.session.sign_in("Olu", DEMO_PINS["Olu"])
    window = CountEntryWindow(demo, demo.contest_ids()[0])
    qtbot.addWidget(window)
    show(qtbot, window)
    qtbot.keyClick(window.tables, Qt.Key.Key_Home)
    qtbot.keyClick(window.tables, ENTER)
    fields = window.form.editable_fields()
    assert fields and focused() is fields[0]
    fields[-1].setFocus()
    stops = []
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        stops.append(focused())
    # A Tab stop on the scroll area around the boxes shows nothing focused: the operator is lost.
    assert stops == [window.finish_button, window.save_button, window.tables, fields[0]]
