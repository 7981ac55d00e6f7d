"""Ties at and away from the last seat, single and multi-seat, and the lots that settle them."""

from __future__ import annotations

import pytest

from app.domain.election import Lot
from app.domain.result import ContestResult, compute_result
from app.domain.stage import tied_at_last_seat
from tests.domain.contest_builder import build_contest


def result(votes: dict[str, int], seats: int, lots: tuple[Lot, ...] = ()) -> ContestResult:
    valid = max(votes.values()) if seats > 1 else None
    return compute_result(build_contest(votes, seats=seats, valid_papers=valid, lots=lots))


def elected(found: ContestResult) -> set[str]:
    return {c.candidate.id for c in found.elected}


# (votes, seats, lot needed, tied at the last seat, places among them, elected without a lot)
CASES = [
    ({"a": 500, "b": 500}, 1, True, ("a", "b"), 1, set()),
    ({"a": 500, "b": 500, "c": 499}, 1, True, ("a", "b"), 1, set()),
    ({"a": 501, "b": 500, "c": 500}, 1, False, (), 0, {"a"}),  # tie for second: no lot
    ({"a": 900, "b": 500, "c": 500, "d": 100}, 2, True, ("b", "c"), 1, {"a"}),
    ({"a": 700, "b": 700, "c": 100}, 2, False, (), 0, {"a", "b"}),  # tie between two winners
    ({"a": 900, "b": 800, "c": 300, "d": 300}, 2, False, (), 0, {"a", "b"}),  # tie below
    ({"a": 900, "b": 800, "c": 300, "d": 300, "e": 300}, 3, True, ("c", "d", "e"), 1, {"a", "b"}),
    ({"a": 900, "b": 300, "c": 300, "d": 300, "e": 100}, 3, True, ("b", "c", "d"), 2, {"a"}),
    ({"a": 500, "b": 500, "c": 500}, 2, True, ("a", "b", "c"), 2, set()),
    ({"a": 500, "b": 500, "c": 500}, 3, False, (), 0, {"a", "b", "c"}),  # nobody left out
]


@pytest.mark.parametrize(("votes", "seats", "needed", "tied", "places", "winners"), CASES)
def test_a_lot_is_needed_only_for_a_tie_at_the_last_seat(
    votes: dict[str, int], seats: int, needed: bool, tied: tuple[str, ...], places: int,
    winners: set[str],
) -> None:
    found = result(votes, seats)
    assert found.lot_needed is needed
    assert tied_at_last_seat(found) == (tied, places)
    assert elected(found) == winners
    assert ("E302" in [p.code for p in found.problems]) is needed
    assert ("tie" in [a.rule for a in found.advice]) is needed


def test_one_lot_settles_a_three_way_tie_for_one_seat_in_a_three_seat_ward() -> None:
    votes = {"a": 900, "b": 800, "c": 300, "d": 300, "e": 300}
    settled = result(votes, 3, (Lot(("c", "d", "e"), "d", "drawn from a box"),))
    assert not settled.lot_needed and elected(settled) == {"a", "b", "d"}
    assert {c.candidate.id: c.votes for c in settled.candidates}["d"] == 301
    assert settled.margin == 1


def test_three_level_for_two_places_take_two_lots() -> None:
    votes = {"a": 900, "b": 300, "c": 300, "d": 300, "e": 100}
    first = result(votes, 3, (Lot(("b", "c", "d"), "b"),))
    assert first.lot_needed and tied_at_last_seat(first) == (("c", "d"), 1)
    assert elected(first) == {"a", "b"}
    second = result(votes, 3, (Lot(("b", "c", "d"), "b"), Lot(("c", "d"), "c")))
    assert not second.lot_needed and elected(second) == {"a", "b", "c"}
    assert [c.won_lot for c in second.candidates] == [False, True, True, False, False]


def test_a_lot_between_candidates_not_at_the_last_seat_has_no_effect() -> None:
    votes = {"a": 900, "b": 800, "c": 300, "d": 300}
    found = result(votes, 2, (Lot(("c", "d"), "c"),))
    assert {c.candidate.id: c.votes for c in found.candidates} == votes
    assert "W302" in [p.code for p in found.problems]
