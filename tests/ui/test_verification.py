"""The verification screen by keyboard alone: 30 boxes, one variance settled, the statement printed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.verification import Verification
from app.ui.main_window import MainWindow
from app.ui.verification_model import BoxColumn, VerificationTableModel
from app.ui.verification_panel import ALL_VERIFIED, VerificationDialog, VerificationPanel
from tests.ui.test_main_window import unnamed_controls

CONTEST = "parl.thirty.2029-05-03"
VARIANCE_BOX = "B07"  # issued 1,007; counted 1,005 twice, then explained


def thirty_boxes() -> list[dict[str, object]]:
    """25 polling-station boxes over 9 places, then 5 postal boxes."""
    boxes: list[dict[str, object]] = [
        {
            "id": f"B{i:02}",
            "kind": "polling-station",
            "polling_station": f"Station {i}",
            "polling_place": f"P{(i + 2) // 3:02}",
            "issued": 1000 + i,
        }
        for i in range(1, 26)
    ]
    boxes += [{"id": f"PV{i}", "kind": "postal", "issued": 2000 + i} for i in range(1, 6)]
    return boxes


@pytest.fixture
def thirty(examples_dir: Path, tmp_path: Path) -> Iterator[CountFile]:
    package = json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))
    contest = package["contests"][0]
    for key in ("verification", "rounds", "lots"):
        contest.pop(key, None)
    contest.update(
        id=CONTEST,
        name="Thirty Boxes",
        ballot_boxes=thirty_boxes(),
        count_tables=[{"id": "T1", "boxes": [b["id"] for b in thirty_boxes()]}],
    )
    path = tmp_path / "thirty.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    count_file = CountFile.import_package(path, tmp_path / "thirty.countdesk")
    count_file.session.add_person("Helen Marsh", "returning-officer", "9876")
    count_file.session.sign_in("Helen Marsh", "9876")
    count_file.session.add_person("Siân Supervisor", "supervisor", "1357")
    count_file.session.sign_in("Siân Supervisor", "1357")
    yield count_file
    count_file.close()


def type_and_enter(qtbot: QtBot, widget: QWidget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def show_active(qtbot: QtBot, widget: QWidget) -> None:
    """Shown and active, as on a desk: key presses and shortcuts reach only the active window."""
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


def test_model_keeps_the_qt_contract(qtmodeltester: ModelTester, thirty: CountFile) -> None:
    model = VerificationTableModel()
    qtmodeltester.check(model)
    desk = Verification(thirty)
    model.show_statuses(desk.statuses(CONTEST))
    qtmodeltester.check(model)
    desk.enter_count(CONTEST, "B01", "1000")
    model.show_statuses(desk.statuses(CONTEST))
    qtmodeltester.check(model)
    assert model.data(model.index(0, BoxColumn.STATUS)) == "Outstanding: count again"
    assert model.data(model.index(0, BoxColumn.VARIANCE)) == "-1"
    assert model.data(model.index(1, BoxColumn.COUNTS)) == "—"


def test_thirty_boxes_by_keyboard_alone(
    qtbot: QtBot, thirty: CountFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = VerificationDialog(thirty, CONTEST)
    show_active(qtbot, dialog)
    panel: VerificationPanel = dialog.panel
    assert panel.current_box == "B01" and focused() is panel.count
    assert not unnamed_controls(dialog)  # type: ignore[arg-type]

    # Every box in turn: its figure, Enter; the next box follows. B07 is miscounted.
    for box in thirty_boxes():
        assert panel.current_box == box["id"]
        figure = "1005" if box["id"] == VARIANCE_BOX else str(box["issued"])
        type_and_enter(qtbot, focused() or panel.count, figure)
    assert panel.current_box == VARIANCE_BOX, "the only box left outstanding comes round again"
    assert (
        panel.outstanding.count() == 1
        and "B07: counted 1,005, expected 1,007 (-2)" in panel.outstanding.item(0).text()
    )
    assert "29 of 30 boxes verified" in panel.progress_text.text()

    # The box is counted again: 1,005 a second time stands; the explanation is asked for.
    type_and_enter(qtbot, focused() or panel.count, "1005")
    assert focused() is panel.explanation
    type_and_enter(qtbot, panel.explanation, "two papers found in box B08 of the same polling place")
    assert panel.outstanding.count() == 0 and panel.current.text() == ALL_VERIFIED
    assert "30 of 30 boxes verified" in panel.progress_text.text()
    assert "postal 5 of 5" in panel.progress_text.text()
    status = Verification(thirty).status(CONTEST, VARIANCE_BOX)
    assert (status.verified, status.how, status.figure, status.unexplained_variance) == (
        True,
        "two-counts-agree",
        1005,
        0,
    )

    # Print the statement: Ctrl+P, the save dialog answered, the PDF written.
    target = tmp_path / "statement.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF documents (*.pdf)")
    )
    qtbot.keyClick(focused() or panel, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert target.is_file(), panel.message.text()
    assert "(PROVISIONAL) saved to" in panel.message.text()
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    assert "B07 Station 7 P03 Station 1,007 1,005 -2" in text
    assert "two papers found in box B08" in text
    expected_total = sum(int(str(b["issued"])) for b in thirty_boxes()) - 2
    assert f"Grand total of ballot papers verified: {expected_total:,}" in text
    events = thirty.store.db.execute("SELECT count(*) FROM event WHERE action = 'count-box'").fetchone()
    assert events == (31,), "one audited action per count typed: 30 boxes and one recount"


def test_a_bad_figure_is_explained_next_to_the_field_and_nothing_is_saved(
    qtbot: QtBot, thirty: CountFile
) -> None:
    panel = VerificationPanel(thirty, CONTEST)
    show_active(qtbot, panel)
    type_and_enter(qtbot, panel.count, "1,001")
    assert panel.message.isVisible() and "digits 0 to 9" in panel.message.text()
    assert panel.current_box == "B01"
    assert Verification(thirty).status(CONTEST, "B01").counts == ()


def test_an_operator_cannot_explain_and_is_told_who_can(qtbot: QtBot, thirty: CountFile) -> None:
    thirty.session.sign_in("Helen Marsh", "9876")
    thirty.session.add_person("Olu Operator", "operator", "1111")
    thirty.session.sign_in("Olu Operator", "1111")
    panel = VerificationPanel(thirty, CONTEST)
    show_active(qtbot, panel)
    type_and_enter(qtbot, panel.count, "999")
    assert panel.current_box == "B02", "a box with a variance waits in the outstanding list"
    panel.go_to("B01")
    type_and_enter(qtbot, panel.count, "999")
    assert panel.explanation.hasFocus() and panel.current_box == "B01"
    type_and_enter(qtbot, panel.explanation, "a reason")
    assert "supervisor" in panel.message.text() and "Returning Officer" in panel.message.text()
    assert "Olu Operator" in panel.keyboard.text()


def test_an_explanation_has_the_width_of_the_count_box(qtbot: QtBot, thirty: CountFile) -> None:
    dialog = VerificationDialog(thirty, CONTEST)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 720)  # as it opens on a 1,366 x 768 laptop (this test screen is smaller)
    show_active(qtbot, dialog)
    panel = dialog.findChild(VerificationPanel)
    assert panel is not None
    # Beside its button it showed a dozen characters, scrolling away what was being typed.
    assert panel.explanation.width() == panel.count.width()
    assert panel.explanation.width() >= 30 * panel.explanation.fontMetrics().averageCharWidth()


def test_choosing_an_outstanding_box_with_the_keyboard(qtbot: QtBot, thirty: CountFile) -> None:
    panel = VerificationPanel(thirty, CONTEST)
    show_active(qtbot, panel)
    type_and_enter(qtbot, panel.count, "1")  # B01 miscounted: still outstanding
    assert panel.current_box == "B02"
    panel.outstanding.setFocus()
    panel.outstanding.setCurrentRow(0)
    qtbot.keyClick(panel.outstanding, Qt.Key.Key_Return)
    assert panel.current_box == "B01" and panel.count.hasFocus()


def test_the_main_window_opens_verification_for_the_selected_contest(
    qtbot: QtBot, thirty: CountFile, tmp_path: Path
) -> None:
    window = MainWindow(thirty, demo_folder=tmp_path / "demo")
    show_active(qtbot, window)
    seen: list[str] = []

    def verify_one_box() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VerificationDialog), "Ctrl+Shift+B opens the verification window"
        seen.append(dialog.windowTitle())
        type_and_enter(qtbot, dialog.panel.count, "1001")
        dialog.reject()

    QTimer.singleShot(0, verify_one_box)
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert seen == ["Verification: Thirty Boxes"]
    assert Verification(thirty).status(CONTEST, "B01").verified
