"""Every visible control of every window has an accessible name; the hall display says stages in words."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.services import declaration
from app.services.count_file import CountFile
from app.services.printing import DOCUMENTS
from app.ui.count_entry import open_count_entry
from app.ui.hall_display import STAGE_WORDS
from app.ui.main_window import MainWindow
from app.ui.print_preview import open_document_preview
from app.ui.results_window import open_results
from app.ui.setup_window import SetupDialog
from app.ui.shortcut_sheet import ShortcutSheet
from app.ui.verification_panel import VerificationDialog
from tests.ui.accessibility_walk import unnamed_controls
from tests.ui.conftest import ABBEY, RIVERSIDE, WindowMaker

PIN = "2468"


Opener = Callable[[MainWindow, CountFile], QWidget | None]
OPENERS: dict[str, Opener] = {
    "main window": lambda window, _f: window,
    "results window": lambda window, f: open_results(window, f, RIVERSIDE),
    "count entry": lambda window, f: open_count_entry(window, f, RIVERSIDE),
    "setup window": lambda window, f: SetupDialog(f, window),
    # open_setup() and open_verification() run modally (exec): the test builds the same dialogs and shows them
    "verification panel": lambda window, f: VerificationDialog(f, RIVERSIDE, window),
    "print preview": lambda window, f: open_document_preview(window, f, DOCUMENTS[0], RIVERSIDE),
    "hall display": lambda window, _f: window.hall_action.open_display(),
    "shortcut sheet": lambda window, _f: ShortcutSheet(window),
}


@pytest.mark.parametrize("screen", list(OPENERS))
def test_every_visible_control_has_an_accessible_name(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile, screen: str
) -> None:
    riverside.session.add_person("Ruth Officer", "returning-officer", PIN)
    riverside.session.sign_in("Ruth Officer", PIN)
    window = make_window(riverside)
    shown = OPENERS[screen](window, riverside)
    assert shown is not None, f"the {screen} did not open"
    if shown is not window:
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitExposed(shown)
    assert unnamed_controls(shown) == []


def test_the_hall_display_says_each_stage_in_words(
    qtbot: QtBot, make_window: WindowMaker, riverside_and_abbey: CountFile
) -> None:
    riverside_and_abbey.session.add_person("Ruth Officer", "returning-officer", PIN)
    riverside_and_abbey.session.sign_in("Ruth Officer", PIN)
    declaration.record_provisional(riverside_and_abbey, RIVERSIDE)
    declaration.declare(riverside_and_abbey, RIVERSIDE, PIN)
    window = make_window(riverside_and_abbey)
    display = window.hall_action.open_display()
    qtbot.addWidget(display)
    stages = {r.contest.name: r.stage for r in riverside_and_abbey.results()}
    assert stages[riverside_and_abbey.contest(ABBEY).name] != "declared"
    stage_labels = [label for label in display.findChildren(QLabel) if label.objectName() == "stage"]
    assert len(stage_labels) == len(stages)
    for label, stage in zip(stage_labels, stages.values(), strict=True):
        assert STAGE_WORDS[stage] in label.text()  # the word itself, not a colour, carries the stage
    for widget in display.findChildren(QWidget):
        assert "color" not in widget.styleSheet() and "background" not in widget.styleSheet()
