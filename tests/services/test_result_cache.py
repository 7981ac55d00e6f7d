"""Kept results: reused while the contest's rows are unchanged, recomputed after any change to them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.result import compute_result
from app.services.count_file import CountFile
from app.store.audit import Actor
from app.store.recorder import record_sheet

SUPERVISOR = Actor("Test", "supervisor")


@pytest.fixture
def riverside(examples_dir: Path, tmp_path: Path) -> Iterator[CountFile]:
    count_file = CountFile.import_package(examples_dir / "riverside.package.json", tmp_path / "r.countdesk")
    yield count_file
    count_file.close()


def _save(count_file: CountFile, contest_id: str, extra_votes: int) -> None:
    """Table 1's sheet again, one candidate's figure moved by `extra_votes` (a real, audited write)."""
    contest = count_file.contest(contest_id)
    last = contest.rounds[-1]
    sheet = last.sheets[0]
    first = next(iter(sheet.votes))
    figure = sheet.votes[first]
    changed = type(figure)(total=figure.total + extra_votes)
    votes = {**sheet.votes, first: changed}
    with count_file.store.action(SUPERVISOR, "save-sheet", contest_id) as db:
        record_sheet(db, contest_id, last.number, type(sheet)(sheet.table, votes, sheet.rejected,
                                                               sheet.valid_papers, sheet.rejected_in_part),
                     source="entry", entered_by="Test")


def test_a_result_after_a_save_has_the_saved_figures(riverside: CountFile) -> None:
    contest_id = riverside.contest_ids()[0]
    _save(riverside, contest_id, 0)
    before = riverside.result(contest_id)
    _save(riverside, contest_id, 7)
    after = riverside.result(contest_id)
    assert after.figures.votes != before.figures.votes
    assert after == compute_result(riverside.store.contest(contest_id))


def test_the_same_result_is_returned_while_nothing_it_reads_has_changed(riverside: CountFile) -> None:
    contest_id = riverside.contest_ids()[0]
    _save(riverside, contest_id, 0)
    first = riverside.result(contest_id)
    assert riverside.result(contest_id) is first
    with riverside.store.action(SUPERVISOR, "sign-in", "nothing of the contest"):
        pass
    assert riverside.result(contest_id) is first


def test_inside_a_transaction_no_result_is_kept(riverside: CountFile) -> None:
    contest_id = riverside.contest_ids()[0]
    with riverside.store.action(SUPERVISOR, "sign-in", "nothing of the contest"):
        first = riverside.result(contest_id)  # the transaction may yet roll back: nothing vouches
        assert riverside.result(contest_id) is not first
        assert riverside.result(contest_id) == first
