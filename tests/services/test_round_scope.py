"""The current round in words: its kind, a partial recount's scope, and what carries over from before."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.election import RecountScope, Requester
from app.services.count_file import CountFile
from app.services.declaration import record_provisional
from app.services.demo import DEMO_PEOPLE, prepare_demo
from app.services.recounts import decide, request_recount
from app.services.round_scope import RoundScope, round_scope
from tests.services.conftest import demo_to_key

PINS = {name: pin for name, _, pin in DEMO_PEOPLE}
RO = "Helen Marsh"


def granted(folder: Path, kind: str, scope: RecountScope | None = None) -> CountFile:
    """The demo (round 3, a full recount, every sheet accepted) with a recount granted: round 4."""
    count_file = prepare_demo(folder)
    contest_id = count_file.contest_ids()[0]
    count_file.session.sign_in(RO, PINS[RO])
    record_provisional(count_file, contest_id)
    asked = request_recount(
        count_file, contest_id, Requester("Peter Dunmore", "candidate"), kind, "a bundle looked short", scope
    )
    assert decide(count_file, contest_id, asked.seq, True, "reasonable") == 4
    count_file.session.sign_out()
    return count_file


def words(count_file: CountFile) -> str:
    with count_file:
        return round_scope(count_file, count_file.contest_ids()[0]).words


def test_before_the_count_and_in_round_one_it_is_just_the_round(tmp_path: Path) -> None:
    count_file, _ = demo_to_key(tmp_path, signed_in=False)
    with count_file:
        scope = round_scope(count_file, count_file.contest_ids()[0])
    assert scope == RoundScope(1, "initial")
    assert scope.words == "Round 1"


def test_a_full_recount_is_named_as_the_documents_name_it(tmp_path: Path) -> None:
    assert words(prepare_demo(tmp_path / "demo")) == "Round 3 — full recount"
    assert words(granted(tmp_path / "again", "full-recount")) == "Round 4 — full recount"


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (RecountScope(tables=("T1",)),
         "Round 4 — partial recount of table T1 (other tables carry over from round 3)"),
        (RecountScope(tables=("T1", "T5")),
         "Round 4 — partial recount of tables T1, T5 (other tables carry over from round 3)"),
        (RecountScope(candidates=("peter-dunmore",)),
         "Round 4 — partial recount of candidate Peter Dunmore (everything else carries over from round 3)"),
        (RecountScope(tables=("T2",), candidates=("zoë-brennan", "amara-okafor")),
         "Round 4 — partial recount of table T2; candidates Zoë Brennan, Amara Okafor "
         "(everything else carries over from round 3)"),
    ],
)
def test_a_partial_recount_names_its_scope_and_what_carries_over(
    tmp_path: Path, scope: RecountScope, expected: str
) -> None:
    count_file = granted(tmp_path, "partial-recount", scope)
    with count_file:
        found = round_scope(count_file, count_file.contest_ids()[0])
    assert found.words == expected
    assert set(found.carried_over) == ({f"T{n}" for n in range(1, 9)} - set(scope.tables) if scope.tables
                                       else set())


def test_a_partial_recount_of_every_table_says_nothing_carries_over(tmp_path: Path) -> None:
    every = tuple(f"T{n}" for n in range(1, 9))
    assert words(granted(tmp_path, "partial-recount", RecountScope(tables=every))) == (
        "Round 4 — partial recount of tables T1, T2, T3, T4, T5, T6, T7, T8"
    )
