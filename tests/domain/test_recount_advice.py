"""Recount advice: each rule at its threshold ±1, each rule switched off, the tie rule always on."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.domain.advice import RULE_ORDER, AdviceFigures, advise
from app.domain.profile import RecountRules, RelativeRule
from app.domain.result import compute_result
from tests.domain.contest_builder import build_contest

OFF = RecountRules(bundle=False, absolute=None, relative=None, rejected=False, variance=False)


def figures(margin: int | None, **changes: int) -> AdviceFigures:
    values = {
        "margin": margin, "bundle_size": 50, "valid_votes": 20_000, "votes_cast": 20_150,
        "rejected_total": 150, "unexplained_variance": 40,
    }
    values.update(changes)
    return AdviceFigures(**values)  # type: ignore[arg-type]


# rule -> (the rules with only that rule on, its threshold with the figures above)
ONLY: dict[str, tuple[RecountRules, int]] = {
    "bundle": (RecountRules(bundle=True, absolute=None, relative=None, rejected=False, variance=False),
               100),
    "absolute": (RecountRules(bundle=False, absolute=250, relative=None, rejected=False,
                              variance=False), 250),
    "relative": (RecountRules(bundle=False, absolute=None, rejected=False, variance=False,
                              relative=RelativeRule(Fraction(1, 100), "valid-votes")), 200),
    "rejected": (RecountRules(bundle=False, absolute=None, relative=None, rejected=True,
                              variance=False), 150),
    "variance": (RecountRules(bundle=False, absolute=None, relative=None, rejected=False,
                              variance=True), 40),
}


@pytest.mark.parametrize("rule", list(ONLY))
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_each_rule_fires_up_to_its_threshold_and_not_one_past(rule: str, offset: int) -> None:
    rules, threshold = ONLY[rule]
    fired = [a.rule for a in advise(figures(threshold + offset), rules)]
    assert fired == ([rule] if offset <= 0 else [])


@pytest.mark.parametrize("rule", list(ONLY))
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_rule_switched_off_never_fires(rule: str, offset: int) -> None:
    """Every other rule on, this one off: at its own threshold only the others may fire."""
    _, threshold = ONLY[rule]
    everything = RecountRules(bundle=True, absolute=250, rejected=True, variance=True,
                              relative=RelativeRule(Fraction(1, 100), "valid-votes"))
    switched = {
        "bundle": {"bundle": False}, "absolute": {"absolute": None}, "relative": {"relative": None},
        "rejected": {"rejected": False}, "variance": {"variance": False},
    }[rule]
    rules = RecountRules(**{**everything.__dict__, **switched})
    on = [a.rule for a in advise(figures(threshold + offset), everything)]
    off = [a.rule for a in advise(figures(threshold + offset), rules)]
    assert rule not in off
    assert off == [r for r in on if r != rule]
    if offset <= 0:
        assert rule in on


@pytest.mark.parametrize("rules", [OFF, RecountRules()])
def test_the_tie_rule_is_always_on(rules: RecountRules) -> None:
    assert advise(figures(0), rules)[0].rule == "tie"
    assert "tie" not in [a.rule for a in advise(figures(1), rules)]


def test_all_rules_off_advise_nothing_even_at_a_margin_of_one() -> None:
    assert advise(figures(1), OFF) == ()


def test_every_rule_fires_together_in_the_published_order() -> None:
    everything = RecountRules(bundle=True, absolute=250, rejected=True, variance=True,
                              relative=RelativeRule(Fraction(1, 100), "votes-cast"))
    fired = advise(figures(0), everything)
    assert [a.rule for a in fired] == list(RULE_ORDER)
    assert fired[3].detail == "margin 0 ≤ 1% of votes cast 20,150 (201.5)"


def test_no_margin_no_advice_whatever_the_rules() -> None:
    assert advise(figures(None), RecountRules()) == ()


@pytest.mark.parametrize(("margin", "fires"), [(5, True), (6, True), (7, False)])
def test_relative_rule_on_valid_votes_in_a_multi_seat_ward(margin: int, fires: bool) -> None:
    """Multi-seat: the base is Σ votes (a paper carries up to N), 1% of 600 votes = 6."""
    rules = RecountRules(bundle=False, absolute=None, rejected=False, variance=False,
                         relative=RelativeRule(Fraction(1, 100), "valid-votes"))
    votes = {"a": 300, "b": 100 + margin, "c": 100, "d": 100 - margin}
    result = compute_result(build_contest(votes, seats=2, valid_papers=300, rules=rules))
    assert result.margin == margin
    assert [a.rule for a in result.advice] == (["relative"] if fires else [])
