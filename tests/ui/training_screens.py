"""Every dialog and window a count file can show, for the tests that walk them all (training marks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.services.count_file import CountFile
from app.services.demo import prepare_demo
from app.services.printing import DOCUMENTS, prepare
from app.ui.action_dialog import SignInDialog
from app.ui.count_entry import CountEntryWindow
from app.ui.declare_dialog import CorrectionDialog, DeclareDialog, ProvisionalDialog
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
ACTION_DIALOGS = (
    DeclareDialog, CorrectionDialog, ProvisionalDialog, LotDialog,
    RecountRequestDialog, RecountDecisionDialog, SuspendDialog, RulesDialog,
)


@pytest.fixture
def demo_file(tmp_path: Path) -> Iterator[CountFile]:
    """The demo (a training file) with its Returning Officer signed in: she may open every screen."""
    count_file = prepare_demo(tmp_path / "demo")
    count_file.session.sign_in("Helen Marsh", "1111")
    yield count_file
    count_file.close()


def dialogs_of(count_file: CountFile, contest: str, main: MainWindow) -> list[QDialog]:
    """Every dialog of the contest: screens, action dialogs and a preview of each document."""
    results = ResultsWindow(count_file, contest, main)
    found: list[QDialog] = [
        results,
        VerificationDialog(count_file, contest, main),
        CountEntryWindow(count_file, contest, main),
        SupervisorReview(count_file, contest, main),
        OperatorSwitch(count_file, main),
        SetupDialog(count_file, main),
        SignInDialog(count_file, ("returning-officer",), "Who is declaring?", results),
        ShortcutSheet(main, main),
    ]
    found += [kind(count_file, contest, results) for kind in ACTION_DIALOGS]
    found += [DocumentPreview(prepare(count_file, document, contest), results) for document in DOCUMENTS]
    return found
