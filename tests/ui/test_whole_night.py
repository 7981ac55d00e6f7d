"""The whole demo count from the main window with key events only: verification to declaration."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.demo import DEMO_PEOPLE
from app.ui.count_entry import CountEntryWindow
from app.ui.declare_dialog import DeclareDialog, ProvisionalDialog
from app.ui.main_window import MainWindow
from app.ui.operator_switch import OperatorSwitch
from app.ui.results_window import ResultsWindow
from app.ui.supervisor_review import SupervisorReview
from app.ui.verification_panel import ALL_VERIFIED, VerificationDialog
from tests.domain.sheet_builder import demo_without_rounds, typed_boxes
from tests.ui.test_count_entry import Keyboard, key_sheet, nothing_of_another_entry_shown

CONTEST = "parl.northgate-and-eastwick.2029-05-03"
PINS = {name: pin for name, _, pin in DEMO_PEOPLE}
SIAN = next(name for name in PINS if name.startswith("Si"))  # typed as "Si", the rest completes
ENTER, ESCAPE, TAB = Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Tab
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SLIP_TABLE, SLIP_BOX = "T5", "part:peter-dunmore"


@pytest.fixture
def before_the_count(tmp_path: Path) -> Iterator[tuple[CountFile, dict[str, dict[str, Any]], dict[str, Any]]]:
    """The demo as it stands when the doors open: its people, no box verified, no sheet keyed.
    Returns the file, the paper count sheets by table and the paper verification counts by box."""
    package, papers = demo_without_rounds(tmp_path)
    data = json.loads(package.read_text(encoding="utf-8"))
    contest = data["contests"][0]
    verification = {entry["box"]: entry for entry in contest.pop("verification")}
    package.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    count_file = CountFile.import_package(package, tmp_path / "night.countdesk")
    for name, role, pin in DEMO_PEOPLE:
        count_file.session.add_person(name, role, pin)
        if count_file.session.current is None:
            count_file.session.sign_in(name, pin)  # the first person (the RO) adds the others
    count_file.session.sign_out()
    yield count_file, papers, verification
    count_file.close()


def back_in(keys: Keyboard, to: QWidget | None = None) -> None:
    """After a dialog closes, the window it came from (`to`, or any) is active again. The offscreen
    platform has no window manager to hand activation back, so the test does what a desktop's would."""
    qtbot = keys.qtbot
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    active = QApplication.activeWindow()
    if to is not None and active is not to:
        to.activateWindow()
        qtbot.waitUntil(to.isActiveWindow)
    elif active is None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        target = ([w for w in shown if isinstance(w, QDialog)] or shown)[-1]
        target.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)


def sign_in(keys: Keyboard, name: str, window: QWidget) -> None:
    """Ctrl+Shift+O where the focus is; the name is typed (its first letters for Siân), then the PIN."""

    def in_the_dialog(dialog: QDialog) -> None:
        assert isinstance(dialog, OperatorSwitch)
        if name == SIAN:
            keys.type(name[:2])  # the completer offers the rest of the name, selected; Enter takes it
        else:
            keys.type(name)
        assert dialog.name.text() == name
        keys.press(ENTER)
        assert keys.focused() is dialog.pin, f"after the name, the focus is on {keys.focused()!r}"
        keys.type(PINS[name])
        keys.press(ENTER)

    keys.in_dialog(OperatorSwitch, in_the_dialog)
    keys.press(Qt.Key.Key_O, CTRL_SHIFT)
    back_in(keys, window)


def verify_every_box(keys: Keyboard, verification: dict[str, Any], window: QWidget) -> None:
    """The boxes in the order the panel asks; each count from the paper, and an explanation where
    the paper has one (the panel asks for it when two counts agree off the ballot paper account)."""

    def in_the_dialog(dialog: QDialog) -> None:
        assert isinstance(dialog, VerificationDialog)
        panel = dialog.panel
        counts = {box: list(entry["counts"]) for box, entry in verification.items()}
        for _ in range(200):  # a guard: the panel must come to "all verified"
            if panel.current.text() == ALL_VERIFIED:
                break
            box = panel.current_box
            assert box is not None
            if keys.focused() is panel.explanation:
                keys.type(verification[box]["explanation"])
            else:
                assert counts[box], f"the panel asks for box {box} again, but the paper has no more counts"
                keys.type(str(counts[box].pop(0)))
            keys.press(ENTER)
        assert panel.current.text() == ALL_VERIFIED
        assert f"{len(verification)} of {len(verification)} boxes verified" in panel.progress_text.text()
        keys.shot(dialog, "01-verified")
        keys.press(ESCAPE)

    keys.in_dialog(VerificationDialog, in_the_dialog)
    keys.press(Qt.Key.Key_B, CTRL_SHIFT)
    back_in(keys, window)


def expected_winner(papers: dict[str, dict[str, Any]], bundle_size: int) -> str:
    """Read off the paper sheets: the candidate with the most votes over all tables."""
    votes: Counter[str] = Counter()
    for paper in papers.values():
        for candidate, value in paper["votes"].items():
            whole = value if isinstance(value, int) else value["bundles"] * bundle_size + value["part"]
            votes[candidate] += whole
    (winner, _), (_, runner_up) = votes.most_common(2)
    assert votes[winner] > runner_up
    return winner


Night = tuple[CountFile, dict[str, dict[str, Any]], dict[str, Any]]


def test_the_whole_night_by_keyboard_alone(qtbot: QtBot, before_the_count: Night, tmp_path: Path) -> None:
    count_file, papers, verification = before_the_count
    window = MainWindow(count_file, demo_folder=tmp_path / "other-demo")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitExposed(window), qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    shots = tmp_path / "screenshots"
    shots.mkdir()
    keys = Keyboard(qtbot, shots)
    assert window._selected_contest_id() == CONTEST  # the file's only contest is selected on opening

    # Verification: a supervisor signs in and counts every box against its ballot paper account.
    sign_in(keys, "Priya Shah", window)
    verify_every_box(keys, verification, window)

    # The count: Tom keys the first entry of every table, Siân the second, blind.
    sign_in(keys, "Tom Evans", window)
    keys.press(Qt.Key.Key_E, CTRL)
    entry = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CountEntryWindow))
    qtbot.waitUntil(lambda: entry.isActiveWindow() and keys.focused() is entry.tables)
    for table in papers:
        key_sheet(keys, entry, papers[table])
    sign_in(keys, SIAN, entry)
    assert entry.keyboard.text().startswith(f"At the keyboard: {SIAN}")
    for table in papers:
        assert keys.focused() is entry.tables
        keys.press(ENTER)
        assert nothing_of_another_entry_shown(entry)
        key_sheet(keys, entry, papers[table], slip=SLIP_BOX if table == SLIP_TABLE else "", opened=True)
        if table == SLIP_TABLE:
            assert "differ" in entry.outcome.text(), entry.outcome.text()

    # The supervisor resolves the difference: the first entry matches the paper; Siân corrects hers.
    sign_in(keys, "Priya Shah", entry)

    def review(dialog: QDialog) -> None:
        assert isinstance(dialog, SupervisorReview)
        current = dialog.current()
        assert current is not None and current.differing == (SLIP_BOX,)
        combo = dialog.choices[SLIP_BOX]
        for _ in range(30):
            if keys.focused() is combo:
                break
            keys.press(TAB)
        assert keys.focused() is combo
        keys.press(Qt.Key.Key_Down)  # "The first entry matches the paper"
        keys.press(TAB)
        keys.type("Tom's figure matches the paper sheet")
        keys.press(TAB)
        assert keys.focused() is dialog.send_back
        keys.press(ENTER)
        assert "sent back" in dialog.outcome.text(), dialog.outcome.text()
        keys.press(ESCAPE)

    keys.in_dialog(SupervisorReview, review)
    keys.press(Qt.Key.Key_V, CTRL_SHIFT)
    back_in(keys, entry)
    sign_in(keys, SIAN, entry)
    assert entry.tables.currentItem().text().startswith(f"Table {SLIP_TABLE} ")  # the one sent back
    keys.press(ENTER)
    keys.type(typed_boxes((SLIP_BOX,), papers[SLIP_TABLE], 50)[SLIP_BOX])
    keys.press(ENTER)
    assert keys.focused() is entry.finish_button
    keys.press(ENTER)
    assert "accepted: both entries agree" in entry.outcome.text(), entry.outcome.text()
    keys.press(ESCAPE)  # back to the main window
    qtbot.waitUntil(lambda: not entry.isVisible())
    back_in(keys, window)
    assert window.isActiveWindow()

    # The Returning Officer: provisional result, then the declaration with her PIN.
    sign_in(keys, "Helen Marsh", window)
    keys.press(Qt.Key.Key_F6)
    results = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ResultsWindow))
    qtbot.waitUntil(results.isActiveWindow)

    def provisional(dialog: QDialog) -> None:
        assert isinstance(dialog, ProvisionalDialog)
        keys.shot(dialog, "02-provisional")
        keys.press(ENTER)

    keys.in_dialog(ProvisionalDialog, provisional)
    keys.press(Qt.Key.Key_P, CTRL_SHIFT)
    back_in(keys, results)
    assert count_file.result(CONTEST).stage == "provisional"

    def declare(dialog: QDialog) -> None:
        assert isinstance(dialog, DeclareDialog)
        keys.type(PINS["Helen Marsh"])
        keys.press(ENTER)

    keys.in_dialog(DeclareDialog, declare)
    keys.press(Qt.Key.Key_D, CTRL_SHIFT)
    back_in(keys, results)

    result = count_file.result(CONTEST).as_json()
    assert result["stage"] == "declared"
    bundle_size = count_file.contest(CONTEST).bundle_size
    winners = [c["id"] for c in result["candidates"] if c.get("elected")]
    assert winners == [expected_winner(papers, bundle_size)], json.dumps(result)[:600]
