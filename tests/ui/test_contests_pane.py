"""The contests pane reads again only the contests whose rows changed since its last complete pass."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.summaries import ContestSummary, summarise
from app.ui import result_loader
from app.ui.main_window import MainWindow
from tests.services.test_summaries import _move_a_vote
from tests.ui.conftest import ABBEY, RIVERSIDE, WindowMaker


@pytest.fixture
def summaries_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The contests whose summaries the pane's reader reads, in order."""
    read: list[str] = []
    real = result_loader.contest_summary

    def reading(count_file: CountFile, contest_id: str) -> ContestSummary:
        read.append(contest_id)
        return real(count_file, contest_id)

    monkeypatch.setattr(result_loader, "contest_summary", reading)
    return read


def _read_all(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.contests_box.reader.running and window.contests.unread() == 0)


def _summary_shown(window: MainWindow, contest_id: str) -> ContestSummary | None:
    row = window.contests.row_of(contest_id)
    assert row is not None
    return window.contests.summary_at(row)


def test_after_a_save_only_the_changed_contest_is_read_again(
    qtbot: QtBot, make_window: WindowMaker, riverside_and_abbey: CountFile, summaries_read: list[str]
) -> None:
    window = make_window(riverside_and_abbey)
    _read_all(qtbot, window)
    assert sorted(summaries_read) == sorted([RIVERSIDE, ABBEY])
    assert window.select_contest(ABBEY)
    before = _summary_shown(window, RIVERSIDE)
    assert before is not None and before.margin == 23
    summaries_read.clear()
    _move_a_vote(riverside_and_abbey, RIVERSIDE, 5)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    _read_all(qtbot, window)
    assert summaries_read == [RIVERSIDE]  # the selected contest (abbey) is read apart, at once
    after = _summary_shown(window, RIVERSIDE)
    assert after is not None and after.margin == 28
    assert after == summarise(riverside_and_abbey.result(RIVERSIDE))
    summaries_read.clear()
    qtbot.keyClick(window, Qt.Key.Key_F5)  # nothing written since: nothing read again
    _read_all(qtbot, window)
    assert summaries_read == []


def test_after_reading_was_stopped_every_contest_is_read_again(
    qtbot: QtBot, make_window: WindowMaker, riverside_and_abbey: CountFile, summaries_read: list[str]
) -> None:
    window = make_window(riverside_and_abbey)
    _read_all(qtbot, window)
    summaries_read.clear()
    _move_a_vote(riverside_and_abbey, RIVERSIDE, 5)
    window.refresh()
    window.contests_box.reader.stop()  # the operator pressed Stop reading before the pass ended
    assert summaries_read == [] and not window.contests_box.read_through
    qtbot.keyClick(window, Qt.Key.Key_F5)
    _read_all(qtbot, window)
    assert sorted(summaries_read) == sorted([RIVERSIDE, ABBEY])
    assert _summary_shown(window, RIVERSIDE) == summarise(riverside_and_abbey.result(RIVERSIDE))
