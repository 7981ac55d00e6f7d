"""A training file says TRAINING on every window, every dialog and every printed page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.demo import prepare_demo
from app.services.printing import DOCUMENTS, prepare
from app.ui.action_dialog import SignInDialog
from app.ui.count_entry import CountEntryWindow
from app.ui.declare_dialog import CorrectionDialog, DeclareDialog, ProvisionalDialog
from app.ui.hall_display import HallDisplay
from app.ui.lot_dialog import LotDialog
from app.ui.main_window import MainWindow
from app.ui.operator_switch import OperatorSwitch
from app.ui.print_preview import DocumentPreview
from app.ui.recount_request_dialog import RecountDecisionDialog, RecountRequestDialog
from app.ui.results_window import ResultsWindow
from app.ui.setup_window import SetupDialog
from app.ui.shortcut_sheet import ShortcutSheet
from app.ui.supervisor_review import SupervisorReview
from app.ui.suspend_dialog import RulesDialog, SuspendDialog
from app.ui.verification_panel import VerificationDialog

CONTEST = "parl.northgate-and-eastwick.2029-05-03"
TRAINING = "TRAINING"
ACTION_DIALOGS = (
    DeclareDialog, CorrectionDialog, ProvisionalDialog, LotDialog,
    RecountRequestDialog, RecountDecisionDialog, SuspendDialog, RulesDialog,
)


@pytest.fixture
def demo_file(tmp_path: Path) -> Iterator[CountFile]:
    count_file = prepare_demo(tmp_path / "demo")
    count_file.session.sign_in("Helen Marsh", "1111")  # the RO may open every screen
    yield count_file
    count_file.close()


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
    results = ResultsWindow(demo_file, CONTEST, main)
    windows: list[QWidget] = [
        main,
        results,
        VerificationDialog(demo_file, CONTEST, main),
        CountEntryWindow(demo_file, CONTEST, main),
        SupervisorReview(demo_file, CONTEST, main),
        OperatorSwitch(demo_file, main),
        SetupDialog(demo_file, main),
        SignInDialog(demo_file, ("returning-officer",), "Who is declaring?", results),
        HallDisplay(lambda: demo_file),
        ShortcutSheet(main, main),
    ]
    windows += [kind(demo_file, CONTEST, results) for kind in ACTION_DIALOGS]
    windows += [DocumentPreview(prepare(demo_file, document, CONTEST), results) for document in DOCUMENTS]
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
