"""Kept results on a file nothing has been written to since it was opened (keyed on the file, not digests)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.domain.election import Lot
from app.domain.result import compute_result
from app.services.count_file import CountFile
from app.store.audit import Actor
from app.store.recorder import record_lot, record_sheet
from app.store.setup_rows import update_contest

SUPERVISOR = Actor("Test", "supervisor")


@pytest.fixture
def untouched(examples_dir: Path, tmp_path: Path) -> Iterator[CountFile]:
    """Riverside imported, then opened again: nothing written on this connection yet."""
    path = tmp_path / "r.countdesk"
    CountFile.import_package(examples_dir / "riverside.package.json", path).close()
    with CountFile.open(path) as count_file:
        assert count_file.store.contest_key(count_file.contest_ids()[0]) is None, "no digests to key on"
        yield count_file


def _save(count_file: CountFile, contest_id: str) -> None:
    """Table 1's sheet again, one candidate five votes up (an audited save)."""
    last = count_file.contest(contest_id).rounds[-1]
    sheet = last.sheets[0]
    first = next(iter(sheet.votes))
    votes = {**sheet.votes, first: type(sheet.votes[first])(total=sheet.votes[first].total + 5)}
    with count_file.store.action(SUPERVISOR, "save-sheet", contest_id) as db:
        record_sheet(db, contest_id, last.number, dataclasses.replace(sheet, votes=votes),
                     source="entry", entered_by="Test")


def _lot(count_file: CountFile, contest_id: str) -> None:
    tied = tuple(c.id for c in count_file.contest(contest_id).candidates[:2])
    with count_file.store.action(SUPERVISOR, "record-lot", contest_id) as db:
        record_lot(db, contest_id, Lot(tied=tied, winner=tied[0], method="cards", witnesses=("Agent",)))


def _late_setup(count_file: CountFile, contest_id: str) -> None:
    contest = count_file.contest(contest_id)
    with count_file.store.action(SUPERVISOR, "edit-contest", contest_id) as db:
        update_contest(db, dataclasses.replace(contest, name=contest.name + " (renamed)"))


def _rolled_back_save(count_file: CountFile, contest_id: str) -> None:
    """A save that fails after writing its rows, the result read in between (from rows never kept)."""
    with pytest.raises(RuntimeError), count_file.store.action(SUPERVISOR, "save-sheet", contest_id) as db:
        last = count_file.contest(contest_id).rounds[-1]
        sheet = last.sheets[0]
        first = next(iter(sheet.votes))
        votes = {**sheet.votes, first: type(sheet.votes[first])(total=sheet.votes[first].total + 5)}
        record_sheet(db, contest_id, last.number, dataclasses.replace(sheet, votes=votes),
                     source="entry", entered_by="Test")
        count_file.result(contest_id)
        raise RuntimeError("the save fails after writing its rows")


WRITES: dict[str, Callable[[CountFile, str], None]] = {
    "save": _save,
    "lot": _lot,
    "late setup change": _late_setup,
    "rolled-back save": _rolled_back_save,
}


def test_a_result_is_computed_once_on_an_untouched_file(untouched: CountFile) -> None:
    contest_id = untouched.contest_ids()[0]
    first = untouched.result(contest_id)
    assert untouched.result(contest_id) is first
    untouched.declaration(contest_id)  # reading (the election, the fingerprint) writes nothing
    assert untouched.result(contest_id) is first
    assert first == compute_result(untouched.store.contest(contest_id))


@pytest.mark.parametrize("write", WRITES)
def test_the_first_write_after_opening_is_never_missed(untouched: CountFile, write: str) -> None:
    contest_id = untouched.contest_ids()[0]
    before = untouched.result(contest_id)
    WRITES[write](untouched, contest_id)
    after = untouched.result(contest_id)
    assert after == compute_result(untouched.store.contest(contest_id)), "never a stale result"
    if write != "rolled-back save":
        assert after != before
        assert after is not before


def test_an_event_about_nothing_of_the_contest_leaves_it_correct(untouched: CountFile) -> None:
    contest_id = untouched.contest_ids()[0]
    before = untouched.result(contest_id)
    with untouched.store.action(SUPERVISOR, "sign-in", "nothing of the contest"):
        pass
    assert untouched.result(contest_id) == before == compute_result(untouched.store.contest(contest_id))


def test_a_raw_change_no_event_recorded_is_seen(untouched: CountFile) -> None:
    """Rows changed outside an audited action (nothing digested them) still give a new key."""
    contest_id = untouched.contest_ids()[0]
    before = untouched.result(contest_id)
    untouched.store.db.execute("UPDATE contest SET name = name || ' (raw)' WHERE id = ?", [contest_id])
    after = untouched.result(contest_id)
    assert after.contest.name == before.contest.name + " (raw)"


def test_the_key_is_none_inside_a_transaction_and_moves_with_every_change(untouched: CountFile) -> None:
    store = untouched.store
    first = store.unchanged_key()
    assert first is not None and store.unchanged_key() == first
    with store.action(SUPERVISOR, "sign-in", "nothing of the contest"):
        assert store.unchanged_key() is None
    assert store.unchanged_key() not in (None, first)
