"""The results screen on the demo, by keyboard: provisional, recounts, a new round, a lot, declarations."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.election import CountSheet, RecountRequest, Requester, Round, VoteFigure
from app.domain.entry_cells import figures_of, sheet_layout
from app.domain.result import compute_result
from app.domain.round_comparison import compare_rounds
from app.resources import resource_path
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.ui import results_view
from app.ui.operator_switch import OperatorSwitch
from app.ui.recount_request_dialog import RecountDecisionDialog
from app.ui.results_models import ListModel, RoundsModel, VotesColumn, VotesModel, request_rows
from app.ui.results_view import ResultsView
from app.ui.results_window import ResultsWindow
from tests.domain.contest_builder import build_contest
from tests.ui.conftest import WindowMaker
from tests.ui.test_count_entry import Keyboard
from tests.ui.test_main_window import INTERACTIVE

RO, PIN = "Helen Marsh", "2468"
OPERATORS = (("Olu Adeyemi", "1111"), ("Siân Price", "2222"))
DEMO = "parl.northgate-and-eastwick.2029-05-03"
WARD = "local.northgate.abbey.2029-05-03"
SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def night(examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CountFile]:
    """The demo constituency and an Abbey-like ward whose tie is not yet settled, with users."""
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(tmp_path / "backups"))
    package = json.loads(resource_path("demo", "demo.package.json").read_text(encoding="utf-8"))
    abbey = json.loads((examples_dir / "abbey.package.json").read_text(encoding="utf-8"))
    ward = copy.deepcopy(abbey["contests"][0])
    ward.pop("lots")
    package["contests"].append(ward)
    path = tmp_path / "night.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    count_file = CountFile.import_package(path, tmp_path / "night.countdesk")
    count_file.session.add_person(RO, "returning-officer", PIN)
    count_file.session.sign_in(RO, PIN)
    for name, pin in OPERATORS:
        count_file.session.add_person(name, "operator", pin)
    yield count_file
    count_file.close()


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents the screen asked to preview (the preview itself has its own tests)."""
    asked: list[str] = []
    monkeypatch.setattr(
        results_view, "open_document_preview", lambda _p, _f, document, _c: asked.append(document)
    )
    return asked


@pytest.fixture
def view(qtbot: QtBot, night: CountFile) -> ResultsView:
    widget = ResultsView(night)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show_contest(DEMO)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.votes_view.setFocus()
    return widget


def in_dialog(qtbot: QtBot, act: Callable[[QDialog], None]) -> None:
    """Run `act` on the modal dialog the next key press opens."""

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), "no dialog opened"
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)  # keys reach a dialog only once it is active
        act(dialog)

    QTimer.singleShot(0, handle)


def typed(qtbot: QtBot, dialog: QDialog, text: str, then: Qt.Key | None = None) -> None:
    focus = dialog.focusWidget()
    assert focus is not None
    qtbot.keyClicks(focus, text)
    if then is not None:
        qtbot.keyClick(dialog.focusWidget(), then)


def press(
    qtbot: QtBot, view: ResultsView, key: Qt.Key, act: Callable[[QDialog], None] | None = None
) -> None:
    """Ctrl+Shift+key in the screen (back in it after the last dialog), `act` on what opens."""
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.votes_view.setFocus()
    if act is not None:
        in_dialog(qtbot, act)
    qtbot.keyClick(view.votes_view, key, SHIFT)


def key_round(count_file: CountFile, contest_id: str, change: int) -> None:
    """Two operators key every table of the new round, blind; `change` votes move at T1."""
    counting = Counting(count_file)
    contest = count_file.contest(contest_id)
    tables = count_file.result(contest_id).tables
    for table in contest.count_tables:
        figures = tables[table.id]
        votes = dict(figures.votes)
        if table.id == "T1":
            for cid, delta in (("amara-okafor", -change), ("james-whitfield", change)):
                votes[cid] = VoteFigure(total=votes[cid].total + delta)
        sheet = CountSheet(table.id, votes, figures.rejected)
        layout = sheet_layout(contest, contest.current_round, table.id)
        keys = {k: str(v) for k, v in figures_of(layout, sheet).items() if v is not None}
        for name, pin in OPERATORS:
            count_file.session.sign_in(name, pin)
            counting.open_sheet(contest_id, table.id)
            counting.save(contest_id, table.id, keys, finish=True)
    count_file.session.sign_in(RO, PIN)


def test_the_night_by_keyboard(
    qtbot: QtBot, view: ResultsView, night: CountFile, previews: list[str]
) -> None:
    assert view.result is not None and view.result.stage == "counting"

    press(qtbot, view, Qt.Key.Key_P, lambda d: qtbot.keyClick(d, Qt.Key.Key_Return))
    assert night.result(DEMO).stage == "provisional" and previews == ["provisional"]
    assert "Provisional result recorded for round 3" in view.status.text()

    def ask(dialog: QDialog, name: str, grounds: str, kind_downs: int) -> None:
        typed(qtbot, dialog, name, Qt.Key.Key_Tab)  # to "who they are"
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)  # election agent
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # to the kind
        for _ in range(kind_downs):
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # the scope lists are off: grounds
        typed(qtbot, dialog, grounds, Qt.Key.Key_Return)

    press(qtbot, view, Qt.Key.Key_R, lambda d: ask(d, "Agent for James Whitfield", "a lead of 38", 1))
    pending = night.contest(DEMO).pending_requests
    assert [(r.kind, r.grounds, r.requested_by.role if r.requested_by else "") for _, r in pending] == [
        ("full-recount", "a lead of 38", "election-agent")
    ]
    assert "PENDING" in [row[4] for row in view.requests._rows]

    def grant(dialog: QDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_G, ALT)  # &Grant: chosen, never assumed
        assert isinstance(dialog, RecountDecisionDialog)
        qtbot.waitUntil(dialog.grant.isChecked)  # a mnemonic clicks a moment later
        qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # back to the &Reason
        typed(qtbot, dialog, "the margin is under 100", Qt.Key.Key_Return)

    press(qtbot, view, Qt.Key.Key_G, grant)
    assert (night.result(DEMO).round, night.result(DEMO).stage) == (4, "counting")

    key_round(night, DEMO, 12)
    view.refresh()
    assert view.result is not None and view.result.margin == 38 - 24
    assert [c.difference for c in compare_rounds(night.contest(DEMO)).changes_in(4)] == [-12, 12]
    assert view.changes.rowCount() == 6

    press(qtbot, view, Qt.Key.Key_P, lambda d: qtbot.keyClick(d, Qt.Key.Key_Return))
    press(qtbot, view, Qt.Key.Key_R, lambda d: ask(d, "James Whitfield", "still close", 0))

    def refuse(dialog: QDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)  # Re&fuse: the focus moves to it
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
        qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # back to the &Reason
        typed(qtbot, dialog, "two full counts agree", Qt.Key.Key_Return)

    press(qtbot, view, Qt.Key.Key_G, refuse)
    contest = night.contest(DEMO)
    assert contest.current_round == 4 and not contest.pending_requests
    assert [r.reason for _, r in contest.refused_requests][-1] == "two full counts agree"

    night.session.sign_out()

    def sign_in_then_declare(dialog: QDialog) -> None:
        in_dialog(qtbot, lambda d: typed(qtbot, d, PIN, Qt.Key.Key_Return))
        typed(qtbot, dialog, PIN, Qt.Key.Key_Return)

    press(qtbot, view, Qt.Key.Key_D, sign_in_then_declare)
    assert night.result(DEMO).stage == "declared"
    assert view.subheading.text().count("DECLARED") == 1
    declared = view.checks.item(0).text()  # when, as a reader says it, not as stored
    assert declared.startswith("DECLARED: declaration 1, round ") and " on " in declared
    assert re.search(r" on \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d", declared), declared
    assert "T" not in declared.split(" on ")[1].split(" at ")[0]

    # the lock: the screen offers nothing, and the keys open nothing
    assert not view.commands["request"].isEnabled() and not view.commands["declare"].isEnabled()
    before = night.contest(DEMO)
    for key in (Qt.Key.Key_R, Qt.Key.Key_P, Qt.Key.Key_L, Qt.Key.Key_U):
        press(qtbot, view, key)
    assert QApplication.activeModalWidget() is None and night.contest(DEMO) == before

    # the tied ward: provisional, the lot, the declaration
    view.show_contest(WARD)
    view.votes_view.setFocus()
    press(qtbot, view, Qt.Key.Key_P, lambda d: qtbot.keyClick(d, Qt.Key.Key_Return))
    assert view.commands["lot"].isEnabled()
    checklist = [view.checks.item(row).text() for row in range(view.checks.count())]
    assert any(line.startswith("✘ NO — No tie undecided at the last seat") for line in checklist)

    def draw(dialog: QDialog) -> None:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)  # the second tied candidate
        qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)  # W&itnesses
        typed(qtbot, dialog, "Agent for Rhys Evans")
        qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # &Record the lot

    press(qtbot, view, Qt.Key.Key_L, draw)
    settled = night.result(WARD)
    assert not settled.lot_needed and [c.candidate.id for c in settled.candidates if c.won_lot] == [
        "gwen-howells"
    ]
    press(qtbot, view, Qt.Key.Key_D, lambda d: typed(qtbot, d, PIN, Qt.Key.Key_Return))
    assert night.result(WARD).stage == "declared"
    assert night.declaration(WARD).lots_statement is not None


def test_enter_after_a_reason_grants_nothing_until_grant_or_refuse_is_chosen(
    qtbot: QtBot, view: ResultsView, night: CountFile, previews: list[str]
) -> None:
    press(qtbot, view, Qt.Key.Key_P, lambda d: qtbot.keyClick(d, Qt.Key.Key_Return))

    def ask(dialog: QDialog) -> None:
        typed(qtbot, dialog, "Agent for James Whitfield")
        qtbot.keyClick(dialog, Qt.Key.Key_G, ALT)  # &Grounds given
        typed(qtbot, dialog, "a lead of 38", Qt.Key.Key_Return)

    press(qtbot, view, Qt.Key.Key_R, ask)
    assert len(night.contest(DEMO).pending_requests) == 1
    seen: list[str] = []

    def reason_then_enter(dialog: QDialog) -> None:
        typed(qtbot, dialog, "two full counts agree", Qt.Key.Key_Return)  # meant to refuse
        assert isinstance(dialog, RecountDecisionDialog)
        seen.append(dialog.message.text() if dialog.isVisible() else "closed")
        dialog.reject()

    press(qtbot, view, Qt.Key.Key_G, reason_then_enter)
    contest = night.contest(DEMO)
    assert contest.current_round == 3 and len(contest.pending_requests) == 1
    assert seen[-1].startswith("Choose Grant (Alt+G) or Refuse (Alt+F) first")


def test_a_refused_action_is_explained_and_nothing_closes(
    qtbot: QtBot, view: ResultsView, night: CountFile
) -> None:
    seen: list[str] = []

    def empty_request(dialog: QDialog) -> None:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        seen.append(dialog.message.text())  # type: ignore[attr-defined]
        assert dialog.isVisible()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    press(qtbot, view, Qt.Key.Key_P, lambda d: qtbot.keyClick(d, Qt.Key.Key_Return))
    press(qtbot, view, Qt.Key.Key_R, empty_request)
    assert seen == ["Give the name of the person asking; nothing was saved."]
    assert night.contest(DEMO).pending_requests == ()


def test_every_control_has_an_accessible_name(view: ResultsView) -> None:
    unnamed = [
        type(w).__name__ for w in view.findChildren(QWidget)
        if isinstance(w, INTERACTIVE) and w.isVisible() and not w.accessibleName().strip()
    ]
    assert unnamed == []


def test_the_models_keep_qt_contract(qtmodeltester: ModelTester, night: CountFile) -> None:
    votes, rounds, requests = VotesModel(), RoundsModel(), ListModel(("a", "b", "c", "d", "e", "f"))
    for model in (votes, rounds, requests):
        qtmodeltester.check(model)
    for contest_id in (DEMO, WARD):
        result = night.result(contest_id)
        votes.show_result(result, ranked=True)
        rounds.show_comparison(compare_rounds(result.contest))
        requests.show_rows(request_rows(result))
        for model in (votes, rounds, requests):
            qtmodeltester.check(model)
    ranked = [votes.data(votes.index(r, VotesColumn.RANK)) for r in range(votes.rowCount())]
    assert ranked == sorted(ranked)
    outcome = [votes.data(votes.index(r, VotesColumn.OUTCOME)) for r in range(votes.rowCount())]
    assert outcome.count("Level: lot needed") == 2 and outcome.count("Elected") == 2


def test_f6_opens_the_selected_contests_results_beside_the_main_window(
    qtbot: QtBot, night: CountFile, make_window: WindowMaker, previews: list[str]
) -> None:
    window = make_window(night)
    assert window.select_contest(WARD)
    qtbot.keyClick(window.contest_view, Qt.Key.Key_F6)
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, ResultsWindow) and w.isVisible()]
    assert len(opened) == 1 and opened[0].view.contest_id == WARD
    stage_before = window.selected_result()
    assert stage_before is not None and stage_before.stage == "counting"
    night.session.sign_in(RO, PIN)
    with qtbot.waitSignal(opened[0].view.changed):
        opened[0].view.activateWindow()
        qtbot.waitUntil(opened[0].view.isActiveWindow)
        press(qtbot, opened[0].view, Qt.Key.Key_P, lambda d: qtbot.keyClick(d, Qt.Key.Key_Return))
    after = window.selected_result()
    assert after is not None and after.stage == "provisional"  # the main window read it again
    assert previews == ["provisional"]
    opened[0].close()


def test_requests_after_one_round_are_listed_as_made_the_granted_one_last() -> None:
    agent = Requester("Agent for Brown", "election-agent")
    contest = build_contest({"a": 500, "b": 480})
    first = contest.rounds[0]
    granted = RecountRequest("full-recount", agent, "granted", "margin is close")
    contest = dataclasses.replace(
        contest,
        rounds=(first, Round(2, "full-recount", first.sheets, granted)),
        refused_requests=((1, RecountRequest("bundle-check", agent, "refused", "checked twice")),),
    )
    rows = request_rows(compute_result(contest))
    assert [(row[0], row[4]) for row in rows] == [("1", "refused"), ("1", "granted")]


def test_the_returning_officer_steps_up_to_the_results_window_with_ctrl_shift_o(
    qtbot: QtBot, night: CountFile, tmp_path: Path
) -> None:
    night.session.sign_out()
    window = ResultsWindow(night, DEMO)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    keys = Keyboard(qtbot, tmp_path)

    def in_the_dialog(dialog: QDialog) -> None:
        keys.type(RO)
        keys.press(Qt.Key.Key_Return)  # on to the PIN
        keys.type(PIN)
        keys.press(Qt.Key.Key_Return)  # sign in

    keys.in_dialog(OperatorSwitch, in_the_dialog)
    keys.press(Qt.Key.Key_O, SHIFT)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert night.session.actor.name == RO


def test_every_request_reason_is_shown_whole_on_screen(view: ResultsView, qtbot: QtBot) -> None:
    # The demo's reasons are a sentence each; cut to "the lead of 131 is…", the rest sat in a
    # tooltip no keyboard reaches. Each row grows to its wrapped reason, at two window widths.
    table = view.requests_view
    reason = table.model().columnCount() - 1
    for width in (1280, 1000):
        view.resize(width, 800)
        qtbot.wait(50)
        rows = table.model().rowCount()
        assert rows == 3
        for row in range(rows):
            text = table.model().index(row, reason).data()
            assert text and not text.endswith("…")
            room = table.columnWidth(reason) - 8  # the cell's margins
            needed = table.fontMetrics().boundingRect(0, 0, room, 10_000, Qt.TextFlag.TextWordWrap, text)
            assert table.rowHeight(row) >= needed.height(), (width, text)


def test_rounds_side_by_side_mark_the_lot_and_add_no_vote_for_it(qtmodeltester: ModelTester) -> None:
    # a and b level on the votes counted after the recount; the lot fell on b. The table showed
    # b at 101 with "+1" that no table made, and a margin of 1.
    from tests.domain.test_round_comparison import settled_by_lot

    model = RoundsModel()
    model.show_comparison(compare_rounds(settled_by_lot()))
    qtmodeltester.check(model)
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows[0][1:] == ["101", "100", "−1"]
    assert rows[1][1:] == ["100", "100 *", "±0"]
    assert rows[-1][1:] == ["1", "0", "−1"]
    assert "won the lot" in model.index(1, 2).data(Qt.ItemDataRole.AccessibleTextRole)
