"""The "Needs attention" list: its model, the keys to reach it, and Enter opening the place to act."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.services.alerts import ENTRY, VERIFICATION, Alert
from app.services.count_file import CountFile
from app.services.counting import ConfirmPaper, Counting
from app.ui.alerts_panel import NOTHING, AlertListModel, alert_text
from app.ui.count_entry import CountEntryWindow
from app.ui.results_window import ResultsWindow
from app.ui.supervisor_review import SupervisorReview
from app.ui.verification_panel import VerificationDialog
from tests.domain.sheet_builder import demo_without_rounds, typed_boxes
from tests.ui.conftest import WindowMaker

CONTEST = "parl.northgate-and-eastwick.2029-05-03"
PINS = {"Olu": "1111", "Siân": "2222", "Sam": "3333"}


def alert(kind: str, contest: str | None, where: str = "", place: str = "results", **more: str) -> Alert:
    return Alert(kind, contest, f"Contest {contest}", where, f"{kind} here", f"do {kind}", place, **more)


@pytest.fixture
def differing(tmp_path: Path) -> Iterator[CountFile]:
    """Tables T1 and T2 keyed twice with one box different; Sam the supervisor is signed in."""
    package, papers = demo_without_rounds(tmp_path)
    count_file = CountFile.import_package(package, tmp_path / "differing.countdesk")
    session = count_file.session
    session.add_person("Helen Marsh", "returning-officer", "9876")
    session.sign_in("Helen Marsh", "9876")
    for name, role in (("Olu", "operator"), ("Siân", "operator"), ("Sam", "supervisor")):
        session.add_person(name, role, PINS[name])
    for table in ("T1", "T2"):
        for who, change in (("Olu", {}), ("Siân", {"part:zoë-brennan": "1"})):
            session.sign_in(who, PINS[who])
            counting = Counting(count_file)
            view = counting.open_sheet(CONTEST, table)
            typed = {**typed_boxes(view.layout.keys, papers[table], view.layout.bundle_size), **change}
            try:
                counting.save(CONTEST, table, typed, finish=True)
            except ConfirmPaper:
                counting.save(CONTEST, table, typed, finish=True, confirmed=True)
    session.sign_in("Sam", PINS["Sam"])
    yield count_file
    count_file.close()


def when_modal(qtbot: QtBot, check: Callable[[QWidget], None]) -> list[str]:
    """Run `check` on the modal dialog once it is up, then close it; returns what went wrong."""
    problems: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        try:
            check(dialog)
        except AssertionError as error:
            problems.append(str(error) or repr(error))
        finally:
            dialog.close()

    QTimer.singleShot(0, look)
    return problems


def test_the_model_passes_qts_checks_as_alerts_come_and_go(qtmodeltester: ModelTester) -> None:
    model = AlertListModel()
    qtmodeltester.check(model)
    model.set_alerts([alert("advice", "a"), alert("backup", None, place="backup"), alert("lot", "b")])
    qtmodeltester.check(model)
    assert [a.kind for a in model.alerts] == ["backup", "lot", "advice"]  # most urgent first
    model.replace("a", [alert("difference", "a", "table T1", "supervisor-review", table="T1")])
    assert [a.kind for a in model.alerts] == ["backup", "difference", "lot"]
    index = model.index(1, 0)
    assert model.data(index) == alert_text(model.alert_at(1))
    assert "Contest a · table T1" in model.data(index) and "do difference" in model.data(index)
    assert "What to do: do difference" in model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    model.replace(None, [])
    assert [a.kind for a in model.alerts] == ["difference", "lot"]
    qtmodeltester.check(model)


def test_ctrl_shift_a_reaches_the_list_and_enter_opens_the_results_for_recount_advice(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile
) -> None:
    window = make_window(demo)
    panel = window.alerts
    qtbot.waitUntil(lambda: len(panel.alerts) == 1)
    [advice] = panel.alerts
    assert advice.kind == "advice" and advice.contest_id == CONTEST
    assert panel.dock is not None and panel.dock.isVisible() and not panel.empty.isVisible()
    assert "(1)" in panel.heading.text()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_A, ctrl_shift)
    assert QApplication.focusWidget() is panel.view
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    opened = [w for w in window.findChildren(ResultsWindow) if w.isVisible()]
    assert len(opened) == 1 and opened[0].view.contest_id == CONTEST
    opened[0].close()


def test_enter_on_differing_entries_opens_the_supervisor_review_at_their_table(
    qtbot: QtBot, make_window: WindowMaker, differing: CountFile
) -> None:
    window = make_window(differing)
    panel = window.alerts
    qtbot.waitUntil(lambda: any(a.kind == "difference" for a in panel.alerts))
    row = [(a.kind, a.table) for a in panel.alerts].index(("difference", "T2"))
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    panel.focus_list()

    def at_table_two(dialog: QWidget) -> None:
        assert isinstance(dialog, SupervisorReview)
        current = dialog.current()
        assert current is not None and current.layout.table_id == "T2"

    problems = when_modal(qtbot, at_table_two)
    qtbot.keyClick(panel.view, Qt.Key.Key_Enter)
    assert problems == []
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not [w for w in shown if isinstance(w, SupervisorReview)]


def test_a_box_alert_opens_verification_at_the_box_and_a_re_key_opens_count_sheets_at_the_table(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile
) -> None:
    window = make_window(demo)
    demo.session.sign_in("Tom Evans", "3333")

    def at_the_box(dialog: QWidget) -> None:
        assert isinstance(dialog, VerificationDialog)
        assert dialog.panel.current_box == "NE04"

    problems = when_modal(qtbot, at_the_box)
    window.alerts.open_alert(alert("box", CONTEST, "box NE04", VERIFICATION, box="NE04"))
    assert problems == []
    window.alerts.open_alert(alert("re-key", CONTEST, "table T3", ENTRY, table="T3"))
    [entry] = [w for w in window.findChildren(CountEntryWindow) if w.isVisible()]
    item = entry.tables.currentItem()
    assert item is not None and item.data(Qt.ItemDataRole.UserRole) == "T3"
    entry.close()
    assert window.selected_result() is not None and window.selected_result().contest.id == CONTEST


def test_the_list_is_hidden_on_the_welcome_page_and_says_when_nothing_needs_attention(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile
) -> None:
    window = make_window(None)
    assert window.alerts.dock is not None and not window.alerts.dock.isVisible()
    window.set_count_file(riverside)
    assert window.alerts.dock.isVisible()
    qtbot.waitUntil(lambda: not window.alerts.reading)
    assert [a.kind for a in window.alerts.alerts] == ["advice"]
    window.alerts.show_alerts([])
    assert window.alerts.empty.isVisible() and window.alerts.empty.text() == NOTHING
    assert window.alerts.heading.accessibleName() == "Needs attention: none"


def test_the_alert_chosen_stays_chosen_when_the_list_is_read_again(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile
) -> None:
    window = make_window(demo)
    panel = window.alerts
    qtbot.waitUntil(lambda: not panel.reading)
    first, second, third = alert("lot", "a"), alert("request", "b"), alert("advice", "c")
    panel.show_alerts([first, second, third])
    panel.view.setCurrentIndex(panel.model.index(panel.alerts.index(third), 0))
    panel.show_alerts([third, alert("difference", "d", place="supervisor-review"), first, second])
    assert panel.model.alert_at(panel.view.currentIndex().row()) == third
    panel.show_contest_alerts("c", [])
    assert panel.view.currentIndex().row() == 0 and "(3)" in panel.heading.text()
