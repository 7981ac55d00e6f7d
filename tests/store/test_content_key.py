"""The contest key made of audit digests: it changes with any row a contest is read from, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.package import read_package
from app.domain.result import compute_result
from app.store import CountStore
from app.store.audit import Actor
from app.store.recorder import record_sheet

ADMIN = Actor("Test", "administrator")


@pytest.fixture
def store(examples_dir: Path, tmp_path: Path) -> CountStore:
    package = read_package((examples_dir / "riverside.package.json").read_bytes())
    made = CountStore.create(tmp_path / "f.countdesk")
    made.record_import(package.election, package.contests, "0" * 64, "riverside")
    return made


def _resave(store: CountStore, contest_id: str) -> None:
    contest = store.contest(contest_id)
    last = contest.rounds[-1]
    with store.action(ADMIN, "save-sheet", contest_id) as db:
        record_sheet(db, contest_id, last.number, last.sheets[0], source="entry", entered_by="op")


def test_no_key_until_the_connection_has_digested_the_contest(store: CountStore) -> None:
    contest_id = store.contest_ids()[0]
    assert store.contest_key(contest_id) is None  # nothing written on this connection yet
    _resave(store, contest_id)
    assert store.contest_key(contest_id) is not None


def test_a_figure_changes_the_key_and_an_entry_row_does_not(store: CountStore) -> None:
    contest_id = store.contest_ids()[0]
    _resave(store, contest_id)
    first = store.contest_key(contest_id)
    _resave(store, contest_id)
    second = store.contest_key(contest_id)
    assert second is not None and second != first
    with store.action(ADMIN, "start-entry", contest_id) as db:
        db.execute(
            "INSERT INTO sheet_entry (contest_id, round_number, table_id, entry_number, operator, "
            "state, confirmed, saved_by) VALUES (?, 1, 'T1', 1, 'op', 'in-progress', 0, 'op')",
            [contest_id],
        )
    assert store.contest_key(contest_id) == second


def test_rows_written_without_an_event_give_no_key(store: CountStore) -> None:
    contest_id = store.contest_ids()[0]
    _resave(store, contest_id)
    store.db.execute("UPDATE candidate SET forenames = 'X' WHERE contest_id = ?", [contest_id])
    assert store.contest_key(contest_id) is None


def test_the_reused_setup_is_what_the_rows_say(store: CountStore) -> None:
    contest_id = store.contest_ids()[0]
    _resave(store, contest_id)
    before = store.contest(contest_id)
    with store.action(ADMIN, "rename", contest_id) as db:
        db.execute("UPDATE candidate SET forenames = 'Renamed' WHERE contest_id = ? AND position = 0",
                   [contest_id])
    after = store.contest(contest_id)
    assert after.candidates[0].forenames == "Renamed" != before.candidates[0].forenames
    again = store.contest(contest_id)
    assert again.candidates is after.candidates  # unchanged rows: the objects read last time
    fresh = CountStore.open  # a new connection reads everything from the rows
    store_path = store.path
    store.close()
    reopened = fresh(store_path)
    assert reopened.contest(contest_id) == again
    assert compute_result(reopened.contest(contest_id)) == compute_result(again)
    reopened.close()
