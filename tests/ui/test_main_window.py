"""The main window on real count files: keyboard selection, status, printing, errors, accessibility."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.ui.candidate_model import CandidateColumn
from app.ui.main_window import TRAINING, MainWindow
from tests.ui.accessibility_walk import INTERACTIVE, unnamed_controls
from tests.ui.conftest import ABBEY, RIVERSIDE, WindowMaker


def candidate_names(window: MainWindow) -> list[str]:
    model = window.detail.candidates
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


class MessageBoxes:
    """Stands in for QMessageBox.warning: records what the user would have been told."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def warning(self, _parent: QWidget, title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        self.shown.append((title, text))
        return QMessageBox.StandardButton.Ok


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    boxes = MessageBoxes()
    monkeypatch.setattr(QMessageBox, "warning", boxes.warning)
    return boxes


def test_demo_window_says_training_and_shows_the_fingerprint(
    make_window: WindowMaker, demo: CountFile
) -> None:
    window = make_window(demo)
    fingerprint = demo.fingerprint()
    title = window.windowTitle()
    assert title.startswith("CountDesk — ")
    assert TRAINING in title
    assert demo.election.title in title and title.endswith(demo.path.name)
    assert window.training_label.isVisible() and window.training_label.text() == TRAINING
    assert window.training_banner.isVisible() and TRAINING in window.training_banner.text()
    assert fingerprint.short in window.fingerprint_label.text()
    assert f"{fingerprint.event_count} event" in window.fingerprint_label.text()
    assert demo.path.name in window.file_label.text()
    assert window.fingerprint_label.isVisible() and window.file_label.isVisible()


def test_a_real_election_has_no_training_marks(make_window: WindowMaker, riverside: CountFile) -> None:
    window = make_window(riverside)
    assert window.windowTitle() == f"CountDesk — {riverside.election.title} — {riverside.path.name}"
    assert not window.training_label.isVisible()
    assert not window.training_banner.isVisible()


def test_the_first_contest_is_shown_on_opening(make_window: WindowMaker, riverside: CountFile) -> None:
    window = make_window(riverside)
    assert window.contest_view.hasFocus()
    assert window.detail.heading.text() == "Riverside"
    assert "Zoë O'Connor" in candidate_names(window)
    assert window.detail.margin.text() == "23"
    assert window.detail.papers_verified.text() == "43,271"
    assert window.detail.rejected.text() == "121"
    assert window.detail.reconciled.text().startswith("Yes")
    advice = [window.detail.advice.item(i).text() for i in range(window.detail.advice.count())]
    assert advice == [
        "bundle: margin 23 ≤ 2 × bundle size 50",
        "absolute: margin 23 ≤ 100",
        "rejected: margin 23 ≤ 121 rejected papers",
    ]
    problems = window.detail.problems
    assert [problems.item(0, c).text() for c in range(3)] == ["W301", "Warning", "contest"]


def test_names_and_votes_keep_their_width_in_a_narrow_window(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile
) -> None:
    window = make_window(riverside)
    window.resize(700, 600)
    qtbot.wait(50)
    view = window.detail.candidate_view
    header = view.horizontalHeader()
    for column in (CandidateColumn.CANDIDATE, CandidateColumn.VOTES):
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= view.viewport().width()


def test_party_names_are_shown_whole_and_the_window_fits_a_laptop(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile
) -> None:
    window = make_window(demo)
    qtbot.waitUntil(lambda: window.selected_result() is not None)
    window.resize(window.minimumSizeHint())  # as narrow as it goes
    qtbot.wait(50)
    view = window.detail.candidate_view
    needed = view.sizeHintForColumn(CandidateColumn.DESCRIPTION)  # the widest description, unelided
    assert "Conservative and Unionist Party" in {
        window.detail.candidates.index(row, CandidateColumn.DESCRIPTION).data()
        for row in range(window.detail.candidates.rowCount())
    }
    assert view.horizontalHeader().sectionSize(CandidateColumn.DESCRIPTION) >= needed
    assert window.minimumSizeHint().width() <= 1200  # with the attention panel, on a 1,366-pixel screen
    for width in (window.minimumSizeHint().width() + 400, window.minimumSizeHint().width()):
        window.resize(width, window.height())
        qtbot.wait(50)
        problems = window.detail.problems
        assert problems.rowCount() == 1  # W301, whose message wraps: never cut short with an ellipsis
        assert problems.rowHeight(0) >= problems.sizeHintForRow(0), width


def test_arrow_keys_move_between_contests(
    qtbot: QtBot, make_window: WindowMaker, riverside_and_abbey: CountFile
) -> None:
    window = make_window(riverside_and_abbey)
    first = window.selected_result()
    assert first is not None
    qtbot.keyClick(window.contest_view, Qt.Key.Key_Down)
    second = window.selected_result()
    assert second is not None and second.contest.id != first.contest.id
    assert {first.contest.id, second.contest.id} == {RIVERSIDE, ABBEY}
    assert window.detail.heading.text() == second.contest.name
    qtbot.keyClick(window.contest_view, Qt.Key.Key_Up)
    assert window.detail.heading.text() == first.contest.name
    names = {RIVERSIDE: "Zoë O'Connor", ABBEY: "Rhys Evans"}
    assert names[first.contest.id] in candidate_names(window)
    qtbot.keyClick(window.contest_view, Qt.Key.Key_Down)
    assert names[second.contest.id] in candidate_names(window)
    assert window.detail.lot_note.isVisible() == (second.contest.id == ABBEY)


def test_refresh_keeps_the_selected_contest(
    qtbot: QtBot, make_window: WindowMaker, riverside_and_abbey: CountFile
) -> None:
    window = make_window(riverside_and_abbey)
    qtbot.keyClick(window.contest_view, Qt.Key.Key_Down)
    chosen = window.selected_result()
    assert chosen is not None
    qtbot.keyClick(window.contest_view, Qt.Key.Key_F5)
    after = window.selected_result()
    assert after is not None and after.contest.id == chosen.contest.id
    assert window.detail.heading.text() == chosen.contest.name


def test_ctrl_p_saves_the_declaration_as_pdf(
    qtbot: QtBot,
    make_window: WindowMaker,
    riverside: CountFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(riverside)
    asked: list[str] = []
    target = tmp_path / "out" / "riverside-declaration"  # no suffix: the window adds .pdf
    target.parent.mkdir()

    def save_dialog(_parent: QWidget, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    qtbot.keyClick(window.contest_view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked and asked[0].endswith(f"{RIVERSIDE}.declaration.pdf")
    written = target.with_name(target.name + ".pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert written.name in window.statusBar().currentMessage()  # the folder may be elided to fit
    assert str(written) in window.statusBar().toolTip()


def test_cancelling_the_save_dialog_writes_nothing(
    qtbot: QtBot,
    make_window: WindowMaker,
    riverside: CountFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(riverside)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: ("", ""))
    before = set(tmp_path.rglob("*.pdf"))
    qtbot.keyClick(window.contest_view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert set(tmp_path.rglob("*.pdf")) == before


def test_a_bad_file_is_explained_in_one_sentence(
    make_window: WindowMaker, tmp_path: Path, message_boxes: MessageBoxes
) -> None:
    bad = tmp_path / "not-a-count.countdesk"
    bad.write_bytes(b"this is not an SQLite database, just some text\n" * 20)
    with pytest.raises(ServiceError) as raised:
        CountFile.open(bad)
    window = make_window(None)
    assert window.open_file(bad) is False
    assert message_boxes.shown == [("The count file could not be opened", str(raised.value))]
    assert window.count_file is None
    assert window.pages.currentWidget() is window.welcome


def test_ctrl_o_opens_the_chosen_file(
    qtbot: QtBot,
    make_window: WindowMaker,
    riverside: CountFile,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: MessageBoxes,
) -> None:
    path = riverside.path
    riverside.close()  # the file allows one writer: the window opens it afresh
    window = make_window(None)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_: (str(path), ""))
    qtbot.keyClick(window.welcome.open_button, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert message_boxes.shown == []
    assert window.count_file is not None and window.count_file.path == path
    assert window.detail.heading.text() == "Riverside"


def test_welcome_page_offers_open_and_the_demo_by_keyboard(qtbot: QtBot, make_window: WindowMaker) -> None:
    window = make_window(None)
    assert window.windowTitle() == "CountDesk"
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.open_button.text() == "Open count file… (Ctrl+O)"
    assert window.welcome.demo_button.text() == "Open demo election (Ctrl+D)"
    assert not window.print_action.isEnabled()
    qtbot.keyClick(window.welcome.demo_button, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.count_file is not None and window.count_file.election.training
    assert TRAINING in window.windowTitle()
    assert window.detail.heading.text() == "Northgate and Eastwick"


def test_ctrl_d_twice_gives_a_fresh_demo(
    qtbot: QtBot, make_window: WindowMaker, message_boxes: MessageBoxes
) -> None:
    window = make_window(None)
    qtbot.keyClick(window.welcome.demo_button, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    first = window.count_file
    qtbot.keyClick(window.contest_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert message_boxes.shown == []
    assert window.count_file is not None and window.count_file is not first
    assert window.detail.heading.text() == "Northgate and Eastwick"


def test_opening_the_open_file_again_only_refreshes(
    make_window: WindowMaker, riverside: CountFile, message_boxes: MessageBoxes
) -> None:
    window = make_window(riverside)
    assert window.open_file(riverside.path) is True
    assert window.count_file is riverside
    assert message_boxes.shown == []


@pytest.mark.parametrize("with_file", [False, True], ids=["welcome", "contests"])
def test_every_visible_control_has_an_accessible_name(
    make_window: WindowMaker, riverside_and_abbey: CountFile, with_file: bool
) -> None:
    window = make_window(riverside_and_abbey if with_file else None)
    controls = [w for w in window.findChildren(QWidget) if isinstance(w, INTERACTIVE) and w.isVisible()]
    assert len(controls) >= (5 if with_file else 4), "the walk found too few controls to mean anything"
    assert unnamed_controls(window) == []


def test_the_accessibility_walk_can_fail(make_window: WindowMaker, riverside: CountFile) -> None:
    window = make_window(riverside)
    window.detail.advice.setAccessibleName("")
    assert unnamed_controls(window) == ["QListWidget '' under ContestDetail"]
