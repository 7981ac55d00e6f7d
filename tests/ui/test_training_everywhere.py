"""A training file says TRAINING on every window, every dialog and every printed page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.printing import DOCUMENTS, prepare
from app.ui.count_entry import CountEntryWindow
from app.ui.hall_display import HallDisplay
from app.ui.main_window import MainWindow
from app.ui.operator_switch import OperatorSwitch
from tests.ui.training_screens import CONTEST, demo_file, dialogs_of

__all__ = ["demo_file"]  # the fixture, for pytest
TRAINING = "TRAINING"


def says_training(widget: QWidget) -> bool:
    """TRAINING in the title bar, or on a label the person can see."""
    if TRAINING in widget.windowTitle():
        return True
    return any(TRAINING in label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_the_demo_is_a_training_file(demo_file: CountFile) -> None:
    assert demo_file.election.training, "the checks below mean nothing on a real election"


def test_every_window_and_dialog_of_a_training_file_says_training(
    qtbot: QtBot, demo_file: CountFile, tmp_path: Path
) -> None:
    main = MainWindow(demo_file, demo_folder=tmp_path / "other-demo")
    windows: list[QWidget] = [main, HallDisplay(lambda: demo_file), *dialogs_of(demo_file, CONTEST, main)]
    silent = []
    for widget in windows:
        qtbot.addWidget(widget)
        widget.show()
        if not says_training(widget):
            silent.append(f"{type(widget).__name__}: {widget.windowTitle()!r}")
        if isinstance(widget, QDialog):
            widget.reject()
    assert not silent, f"these screens of a training file do not say TRAINING: {silent}"


def test_a_real_file_does_not_say_training(qtbot: QtBot, riverside: CountFile) -> None:
    assert not riverside.election.training
    for widget in (CountEntryWindow(riverside, "parl.riverside.2029-05-03"), OperatorSwitch(riverside)):
        qtbot.addWidget(widget)
        widget.show()
        assert not says_training(widget), widget.windowTitle()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_printed_page_of_a_training_file_says_training(demo_file: CountFile, document: str) -> None:
    job = prepare(demo_file, document, CONTEST)
    buffer = io.BytesIO()
    job.renderer(job.content, buffer)
    pages = PdfReader(io.BytesIO(buffer.getvalue())).pages
    assert pages
    unmarked = [number for number, page in enumerate(pages, 1) if TRAINING not in (page.extract_text() or "")]
    assert not unmarked, f"{document}: pages {unmarked} do not say TRAINING"
