"""The unclean-exit marker: written at open, removed at a proper close, and what a stale one reports."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.services.count_file import CountFile
from app.services.demo import prepare_demo
from app.services.session_marker import SessionMarker, contest_figures, last_saved_figures, marker_path
from app.store.audit import SYSTEM

RIVERSIDE = "parl.riverside.2029-05-03"


class Clock:
    """Local wall-clock time the test moves on by hand."""

    def __init__(self) -> None:
        self.now = datetime.now().astimezone().replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def riverside_path(examples_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "riverside.countdesk"
    CountFile.import_package(examples_dir / "riverside.package.json", path).close()
    return path


def _note(count_file: CountFile) -> None:
    with count_file.store.action(SYSTEM, "note", "note"):
        pass


def _killed_session(path: Path, clock: Clock, notes: int = 2) -> None:
    """A session that saved, beat its heart and then stopped without end(), as a killed process does."""
    with CountFile.open(path) as count_file:
        marker = SessionMarker(count_file, clock)
        assert marker.begin() is None
        for _ in range(notes):
            _note(count_file)
        clock.now += timedelta(minutes=3)
        marker.heartbeat()


def test_a_proper_close_leaves_no_marker_and_reports_nothing(riverside_path: Path) -> None:
    with CountFile.open(riverside_path) as count_file:
        marker = SessionMarker(count_file)
        assert marker.begin() is None
        assert marker_path(riverside_path).is_file()
        marker.end()
    assert not marker_path(riverside_path).exists()
    with CountFile.open(riverside_path) as count_file:
        assert SessionMarker(count_file).begin() is None


def test_a_stale_marker_reports_when_it_stopped_and_the_figures(riverside_path: Path) -> None:
    clock = Clock()
    _killed_session(riverside_path, clock)
    last_beat = clock.now
    clock.now += timedelta(hours=1)  # the laptop is started again an hour later
    with CountFile.open(riverside_path) as count_file:
        events_found = count_file.fingerprint().event_count
        unclean = SessionMarker(count_file, clock).begin()
        assert unclean is not None
        assert unclean.stopped_at == last_beat  # the heartbeat is later than the last save
        assert unclean.fingerprint.event_count == events_found and unclean.missing_events == 0
        assert unclean.contest_ids == (RIVERSIDE,)
        contest = contest_figures(count_file, RIVERSIDE, unclean.last_saved.get(RIVERSIDE))
        result = count_file.result(RIVERSIDE)
        assert (contest.contest_id, contest.stage, contest.round) == (RIVERSIDE, result.stage, result.round)
        assert contest.sheets_wanted == len(result.contest.count_tables)
        logged = count_file.store.db.execute(
            "SELECT user, after FROM event WHERE action = 'unclean-exit'"
        ).fetchall()
        assert len(logged) == 1 and logged[0][0] == SYSTEM.name
        assert json.loads(logged[0][1])["events"] == events_found
    with CountFile.open(riverside_path) as count_file:  # that session was not closed either
        assert SessionMarker(count_file, clock).begin() is not None


def test_the_last_saved_time_is_the_contests_own_not_the_last_event(riverside_path: Path) -> None:
    with CountFile.open(riverside_path) as count_file:
        imported = count_file.store.db.execute(
            "SELECT at_utc FROM event WHERE action = 'import-contest'"
        ).fetchone()[0]
        _note(count_file)
        [contest] = last_saved_figures(count_file)
    assert contest.last_saved == datetime.fromisoformat(imported).astimezone()


def test_fewer_events_than_the_marker_saw_are_reported_missing(riverside_path: Path, tmp_path: Path) -> None:
    older = tmp_path / "older-copy.countdesk"
    shutil.copyfile(riverside_path, older)
    clock = Clock()
    _killed_session(riverside_path, clock, notes=3)
    shutil.copyfile(older, riverside_path)  # someone copied an older file over it
    with CountFile.open(riverside_path) as count_file:
        unclean = SessionMarker(count_file, clock).begin()
    assert unclean is not None and unclean.missing_events == 3


def test_an_unreadable_marker_still_reports_an_unclean_exit(riverside_path: Path) -> None:
    marker_path(riverside_path).write_text("{ half a mark", encoding="utf-8")
    with CountFile.open(riverside_path) as count_file:
        last = count_file.store.db.execute("SELECT max(at_utc) FROM event").fetchone()[0]
        unclean = SessionMarker(count_file).begin()
    assert unclean is not None and unclean.opened_at is None
    assert unclean.stopped_at == datetime.fromisoformat(last).astimezone()


def test_a_marker_left_by_a_replaced_file_is_not_this_files(tmp_path: Path) -> None:
    clock = Clock()
    first = prepare_demo(tmp_path / "demo")
    SessionMarker(first, clock).begin()  # killed: never ended
    first.close()
    fresh = prepare_demo(tmp_path / "demo")  # a fresh demo file under the same name
    try:
        assert marker_path(fresh.path).exists()
        assert SessionMarker(fresh, clock).begin() is None
    finally:
        fresh.close()
