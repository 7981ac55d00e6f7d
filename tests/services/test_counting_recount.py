"""The tables of a partial recount's round: those in its scope to key, the others carried over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.double_entry import SheetState
from app.domain.election import RecountScope, Requester
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.services.declaration import record_provisional
from app.services.demo import DEMO_PEOPLE, prepare_demo
from app.services.errors import BadInput
from app.services.recounts import decide, request_recount

PINS = {name: pin for name, _, pin in DEMO_PEOPLE}
RO = "Helen Marsh"


def partial_recount(folder: Path, tables: tuple[str, ...] = ("T1",)) -> CountFile:
    """The demo (round 3, every sheet accepted) with a partial recount of `tables` granted: round 4."""
    count_file = prepare_demo(folder)
    contest_id = count_file.contest_ids()[0]
    count_file.session.sign_in(RO, PINS[RO])
    record_provisional(count_file, contest_id)
    asked = request_recount(
        count_file, contest_id, Requester("Peter Dunmore", "candidate"), "partial-recount",
        "a bundle looked short", RecountScope(tables=tables),
    )
    assert decide(count_file, contest_id, asked.seq, True, "reasonable: those tables only") == 4
    count_file.session.sign_out()
    return count_file


@pytest.fixture
def recount(tmp_path: Path) -> Iterator[tuple[CountFile, str]]:
    count_file = partial_recount(tmp_path, ("T1", "T5"))
    yield count_file, count_file.contest_ids()[0]
    count_file.close()


def test_tables_outside_a_partial_recount_are_carried_over_and_need_no_work(
    recount: tuple[CountFile, str],
) -> None:
    count_file, contest_id = recount
    count_file.session.sign_in("Tom Evans", PINS["Tom Evans"])
    progress = {p.table_id: p for p in Counting(count_file).tables(contest_id)}
    assert list(progress) == [f"T{n}" for n in range(1, 9)]
    assert {t for t, p in progress.items() if p.counted} == {"T1", "T5"}
    assert {t for t, p in progress.items() if p.needs_work} == {"T1", "T5"}
    assert progress["T1"].step == "first entry needed"
    assert progress["T2"].step == "not recounted in round 4: its figures carry over"
    assert progress["T2"].state == SheetState.EMPTY and progress["T2"].expected is not None
    with pytest.raises(BadInput, match="not part of round 4's partial recount"):
        Counting(count_file).open_sheet(contest_id, "T2")


def test_a_full_count_round_counts_every_table(tmp_path: Path) -> None:
    with prepare_demo(tmp_path) as count_file:
        progress = Counting(count_file).tables(count_file.contest_ids()[0])
    assert all(p.counted for p in progress) and not any(p.needs_work for p in progress)  # all accepted
    assert {p.round_number for p in progress} == {3}
