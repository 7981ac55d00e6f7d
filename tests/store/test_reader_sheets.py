"""Reading sheets back: a refresh sees every committed sheet, never one that was rolled back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.election import CountSheet, VoteFigure
from app.domain.result import compute_result
from app.store import CountStore
from app.store.audit import Actor
from app.store.recorder import record_sheet
from tests.store.examples import imported_store

OPERATOR = Actor("Olu", "operator")
ZOE = "zoë-o-connor"


def _t1(store: CountStore, votes_for_zoe: int) -> CountSheet:
    """Table T1's sheet in effect, with Zoë's figure changed."""
    contest = store.contest(store.contest_ids()[0])
    sheet = next(s for s in contest.rounds[-1].sheets if s.table == "T1")
    return CountSheet("T1", {**sheet.votes, ZOE: VoteFigure(votes_for_zoe)}, sheet.rejected)


def _zoe(store: CountStore) -> int:
    contest = store.contest(store.contest_ids()[0])
    return next(c.votes for c in compute_result(contest).candidates if c.candidate.id == ZOE)


def _save(store: CountStore, sheet: CountSheet) -> None:
    contest_id = store.contest_ids()[0]
    with store.action(OPERATOR, "correct-sheet", "table T1") as db:
        record_sheet(db, contest_id, 3, sheet, source="entry", entered_by="Olu")


def test_a_refresh_after_a_save_sees_the_new_sheet(examples_dir: Path, tmp_path: Path) -> None:
    store = imported_store(examples_dir, "riverside", tmp_path / "f.countdesk")
    before = _zoe(store)
    contest = store.contest(store.contest_ids()[0])
    old = next(s for s in contest.rounds[-1].sheets if s.table == "T1").votes[ZOE].total
    _save(store, _t1(store, old + 7))
    assert _zoe(store) == before + 7
    _save(store, _t1(store, old - 2))
    assert _zoe(store) == before - 2
    store.close()


def test_a_sheet_read_then_rolled_back_is_not_remembered(examples_dir: Path, tmp_path: Path) -> None:
    store = imported_store(examples_dir, "riverside", tmp_path / "f.countdesk")
    before = _zoe(store)
    contest_id = store.contest_ids()[0]
    doomed = _t1(store, 1)
    with pytest.raises(RuntimeError), store.action(OPERATOR, "correct-sheet", "table T1") as db:
        record_sheet(db, contest_id, 3, doomed, source="entry", entered_by="Olu")
        assert _zoe(store) != before  # read inside the transaction, which then fails
        raise RuntimeError("power cut")
    assert _zoe(store) == before
    kept = _t1(store, 2)
    _save(store, kept)  # the same seq as the rolled-back sheet
    contest = store.contest(contest_id)
    in_effect = next(s for s in contest.rounds[-1].sheets if s.table == "T1")
    assert in_effect.votes[ZOE].total == 2
    store.close()


def test_each_opening_reads_the_file_afresh(examples_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "f.countdesk"
    store = imported_store(examples_dir, "riverside", path)
    before = _zoe(store)
    store.close()
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute(
        "UPDATE sheet_vote SET total = total + 5 WHERE candidate_id = ? AND sheet_seq = "
        "(SELECT max(seq) FROM sheet WHERE table_id = 'T1')",
        [ZOE],
    )
    conn.commit()
    conn.close()
    reopened = CountStore.open(path)
    assert _zoe(reopened) == before + 5
    reopened.close()
