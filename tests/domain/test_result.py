"""Results: elected, margin, advice thresholds at ±1, ties and lots, reconciliation, ballot order."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.election import Candidate, Lot, ballot_order
from app.domain.profile import RecountRules, RelativeRule
from app.domain.result import compute_result
from tests.domain.contest_builder import build_contest

ALL_OFF = RecountRules(bundle=False, absolute=None, relative=None, rejected=False, variance=False)


def rules_fired(result: object) -> list[str]:
    return [a.rule for a in result.advice]  # type: ignore[attr-defined]


def test_single_seat_winner_and_margin() -> None:
    result = compute_result(build_contest({"a": 16333, "b": 16313, "c": 400}))
    assert [c.candidate.id for c in result.elected] == ["a"]
    assert result.margin == 20
    assert result.reconciled


def test_margin_is_last_elected_minus_first_not_elected_never_between_winners() -> None:
    result = compute_result(build_contest({"a": 900, "b": 500, "c": 480, "d": 100}, seats=2))
    assert {c.candidate.id for c in result.elected} == {"a", "b"}
    assert result.margin == 20


def test_no_margin_when_candidates_do_not_exceed_seats() -> None:
    result = compute_result(build_contest({"a": 10, "b": 5}, seats=2))
    assert result.margin is None and result.advice == () and not result.recount_advised


@pytest.mark.parametrize(("margin", "fires"), [(99, True), (100, True), (101, False)])
def test_bundle_rule_threshold(margin: int, fires: bool) -> None:
    rules = RecountRules(bundle=True, absolute=None, rejected=False, variance=False)
    result = compute_result(build_contest({"a": 5000 + margin, "b": 5000}, rules=rules))
    assert ("bundle" in rules_fired(result)) is fires
    if fires:
        assert result.advice[0].detail == f"margin {margin} ≤ 2 × bundle size 50"


@pytest.mark.parametrize(("margin", "fires"), [(99, True), (100, True), (101, False)])
def test_absolute_rule_threshold(margin: int, fires: bool) -> None:
    rules = RecountRules(bundle=False, absolute=100, rejected=False, variance=False)
    result = compute_result(build_contest({"a": 5000 + margin, "b": 5000}, rules=rules))
    assert rules_fired(result) == (["absolute"] if fires else [])


@pytest.mark.parametrize(("margin", "fires"), [(29, True), (30, True), (31, False)])
def test_rejected_rule_threshold(margin: int, fires: bool) -> None:
    rules = RecountRules(bundle=False, absolute=None, rejected=True, variance=False)
    contest = build_contest(
        {"a": 5000 + margin, "b": 5000}, rules=rules,
        rejected={"unmarked-or-void": 20, "too-many-votes": 10},
    )
    result = compute_result(contest)
    assert rules_fired(result) == (["rejected"] if fires else [])


def test_rejected_rule_needs_rejected_papers() -> None:
    rules = RecountRules(bundle=False, absolute=None, rejected=True, variance=False)
    result = compute_result(build_contest({"a": 5000, "b": 5000}, rules=rules))
    assert rules_fired(result) == ["tie"]


@pytest.mark.parametrize(("margin", "fires"), [(2, True), (3, True), (4, False)])
def test_variance_rule_threshold(margin: int, fires: bool) -> None:
    rules = RecountRules(bundle=False, absolute=None, rejected=False, variance=True)
    papers = 10_000 + margin
    # two agreeing counts 3 below the account, no explanation: 3 papers of unexplained variance
    contest = build_contest({"a": 5000 + margin, "b": 5000}, rules=rules,
                            counts=(papers, papers))
    contest = contest.__class__(**{**contest.__dict__, "ballot_boxes": (
        contest.ballot_boxes[0].__class__("B1", "polling-station", papers + 3, "", "P01"),)})
    result = compute_result(contest)
    assert rules_fired(result) == (["variance"] if fires else [])
    assert "W101" in [p.code for p in result.problems]


@pytest.mark.parametrize(("margin", "fires"), [(9, True), (10, True), (11, False)])
def test_relative_rule_threshold(margin: int, fires: bool) -> None:
    # 0.1% of votes cast: 10,000 papers -> 10 votes
    rules = RecountRules(bundle=False, absolute=None, rejected=False, variance=False,
                         relative=RelativeRule(Fraction(1, 1000), "votes-cast"))
    b = (10_000 - margin) // 2
    result = compute_result(build_contest({"a": b + margin, "b": b, "c": 10_000 - 2 * b - margin},
                                          rules=rules))
    assert result.votes_cast == 10_000
    assert rules_fired(result) == (["relative"] if fires else [])


def test_tie_at_last_seat_needs_a_lot_and_elects_nobody_in_the_tie() -> None:
    result = compute_result(build_contest({"a": 900, "b": 500, "c": 500}, seats=2, valid_papers=1000))
    assert result.lot_needed and result.margin == 0
    assert [c.candidate.id for c in result.elected] == ["a"]
    assert "tie" in rules_fired(result)
    assert "E302" in [p.code for p in result.problems]


def test_tie_away_from_the_last_seat_needs_no_lot() -> None:
    result = compute_result(build_contest({"a": 700, "b": 700, "c": 100}, seats=2, valid_papers=800))
    assert not result.lot_needed and result.margin == 600
    below = compute_result(build_contest({"a": 700, "b": 100, "c": 100}))
    assert not below.lot_needed and below.margin == 600


def test_lot_gives_the_winner_one_more_vote() -> None:
    lot = Lot(tied=("b", "c"), winner="c", method="drawn from a box")
    result = compute_result(
        build_contest({"a": 900, "b": 500, "c": 500}, seats=2, valid_papers=1000, lots=[lot])
    )
    votes = {c.candidate.id: (c.votes, c.won_lot, c.elected) for c in result.candidates}
    assert votes == {"a": (900, False, True), "b": (500, False, False), "c": (501, True, True)}
    assert not result.lot_needed and result.margin == 1


def test_a_lot_that_matches_no_tie_has_no_effect_and_is_reported() -> None:
    lot = Lot(tied=("a", "b"), winner="b")
    result = compute_result(build_contest({"a": 510, "b": 500}, lots=[lot]))
    assert [c.votes for c in result.candidates] == [510, 500]
    assert "W302" in [p.code for p in result.problems]


def test_three_way_tie_for_one_seat() -> None:
    result = compute_result(build_contest({"a": 300, "b": 300, "c": 300}))
    assert result.lot_needed and result.elected == ()


def test_unreconciled_table_is_reported_with_transposition_hint() -> None:
    contest = build_contest({"a": 1000, "b": 800})
    box = contest.ballot_boxes[0]
    contest = contest.__class__(**{**contest.__dict__, "ballot_boxes": (
        box.__class__("B1", "polling-station", box.issued + 18, "", "P01"),),
        "verification": (contest.verification[0].__class__("B1", (box.issued + 18,)),)})
    result = compute_result(contest)
    assert not result.reconciled
    e203 = next(p for p in result.problems if p.code == "E203")
    assert "difference -18" in e203.message and "divisible by 9" in e203.message


def test_zero_votes_at_a_table_is_a_warning() -> None:
    result = compute_result(build_contest({"a": 1000, "b": 0}))
    assert [p.code for p in result.problems if p.severity == "warning"] == ["W201"]
    assert result.reconciled


def test_multi_seat_vote_checks() -> None:
    too_many = compute_result(build_contest({"a": 90, "b": 90, "c": 90}, seats=2, valid_papers=100))
    assert "E204" in [p.code for p in too_many.problems]
    above_valid = compute_result(build_contest({"a": 120, "b": 10}, seats=2, valid_papers=100))
    assert "E205" in [p.code for p in above_valid.problems]


def test_ballot_order_is_by_surname_then_forenames_ignoring_accents_and_case() -> None:
    people = [
        Candidate("1", "Ōkafor", "Amara"), Candidate("2", "okafor", "Zed"),
        Candidate("3", "Brennan", "Zoë"), Candidate("4", "Brennan", "Aled"),
        Candidate("5", "Zieliński", "Łukasz"),
    ]
    assert [c.id for c in ballot_order(people)] == ["4", "3", "1", "2", "5"]


def test_a_contest_keeps_its_ballot_order_and_a_changed_copy_works_out_its_own() -> None:
    contest = build_contest({"b": 10, "a": 20})
    assert [c.id for c in contest.ordered_candidates] == ["a", "b"]
    assert contest.ordered_candidates is contest.ordered_candidates
    first = replace(contest.candidates[1], ballot_position=1)  # "a" is first on the ballot paper
    placed = replace(contest, candidates=(Candidate("c", "Cole", "C"), contest.candidates[0], first))
    assert [c.id for c in placed.ordered_candidates] == ["a", "b", "c"]
    last = replace(contest.candidates[1], ballot_position=3)
    moved = replace(placed, candidates=(placed.candidates[0], placed.candidates[1], last))
    assert moved.ordered_candidates == ballot_order(moved.candidates) != placed.ordered_candidates
    assert [c.id for c in contest.ordered_candidates] == ["a", "b"]  # the original is untouched


def test_recorded_ballot_position_overrides() -> None:
    people = [Candidate("a", "Adams", "A"), Candidate("b", "Brown", "B", ballot_position=1)]
    assert [c.id for c in ballot_order(people)] == ["b", "a"]


votes_strategy = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.integers(0, 50_000), min_size=1
)


@given(votes=votes_strategy, seats=st.integers(1, 3))
def test_properties_of_any_result(votes: dict[str, int], seats: int) -> None:
    valid = max(votes.values()) if seats > 1 else None
    result = compute_result(build_contest(votes, seats=seats, valid_papers=valid))
    ranked = sorted(votes.values(), reverse=True)
    elected = [c for c in result.candidates if c.elected]
    if len(votes) <= seats:
        assert result.margin is None and not result.lot_needed
        assert len(elected) == len(votes)
        return
    assert result.margin == ranked[seats - 1] - ranked[seats]
    assert result.lot_needed == (ranked[seats - 1] == ranked[seats])
    if result.lot_needed:
        assert len(elected) < seats
        assert ("tie" in rules_fired(result))
    else:
        assert len(elected) == seats
        lowest_elected = min(c.votes for c in elected)
        assert all(c.votes < lowest_elected for c in result.candidates if not c.elected)
    # every figure appears exactly as entered (no lots recorded)
    assert {c.candidate.id: c.votes for c in result.candidates} == votes
    assert result.reconciled
    assert result.valid_papers + result.rejected_total == result.papers_verified


@given(votes=votes_strategy, extra=st.integers(-5, 5).filter(lambda n: n != 0))
def test_reconciliation_fails_whenever_papers_differ(votes: dict[str, int], extra: int) -> None:
    contest = build_contest(votes)
    box = contest.ballot_boxes[0]
    if box.issued + extra < 0:
        return
    changed = contest.__class__(**{**contest.__dict__, "ballot_boxes": (
        box.__class__("B1", "polling-station", box.issued + extra, "", "P01"),),
        "verification": (contest.verification[0].__class__("B1", (box.issued + extra,)),)})
    result = compute_result(changed)
    assert not result.reconciled
    assert {"E203", "E301"} <= {p.code for p in result.problems}


def test_letters_without_accents_to_strip_still_file_under_their_base_letter() -> None:
    people = [Candidate("s", "Smith", "A"), Candidate("l", "Łukasiewicz", "B"),
              Candidate("m", "Lucas", "C"), Candidate("o", "Østergaard", "D"),
              Candidate("n", "Nash", "E")]
    assert [c.id for c in ballot_order(people)] == ["m", "l", "n", "o", "s"]
