"""Rounds side by side where a lot settled the last seat: the votes counted, the lot marked apart."""

from __future__ import annotations

from dataclasses import replace

from app.domain.election import Contest, Lot, Round, VoteFigure
from app.domain.round_comparison import compare_rounds
from tests.domain.contest_builder import build_contest


def settled_by_lot() -> Contest:
    """Round 1: a leads b by one; the recount moves a vote from a to c, leaving a and b level, and
    the lot falls on b."""
    contest = build_contest({"a": 101, "b": 100, "c": 50}, lots=(Lot(("a", "b"), "b"),))
    sheet = contest.rounds[0].sheets[0]
    votes = {**sheet.votes, "a": VoteFigure(100), "c": VoteFigure(51)}
    recount = Round(2, "full-recount", (replace(sheet, votes=votes),))
    return replace(contest, rounds=(*contest.rounds, recount))


def test_a_lot_is_no_vote_counted_and_no_change_between_rounds() -> None:
    compared = compare_rounds(settled_by_lot())
    first, second = compared.rounds
    assert first.votes == (101, 100, 50) and first.won_lot == (False, False, False)
    assert second.votes == (100, 100, 51)
    assert second.won_lot == (False, True, False) and second.elected == (False, True, False)
    assert [line.changes for line in compared.candidates] == [(None, -1), (None, 0), (None, 1)]


def test_the_margin_is_of_the_votes_counted() -> None:
    first, second = compare_rounds(settled_by_lot()).rounds
    assert (first.margin, second.margin) == (1, 0)
