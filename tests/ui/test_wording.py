"""How figures and lists are worded on screen: separators, plurals, nothing shown as a dash."""

from __future__ import annotations

import pytest

from app.domain.advice import Advice
from app.domain.catalogue import Problem
from app.ui import wording


@pytest.mark.parametrize(
    ("value", "shown"), [(0, "0"), (999, "999"), (16333, "16,333"), (1234567, "1,234,567"), (None, "—")]
)
def test_figures_carry_thousands_separators(value: int | None, shown: str) -> None:
    assert wording.figure(value) == shown


def test_problem_summary_counts_errors_then_warnings() -> None:
    error = Problem("E301", "error", "contest", "does not reconcile")
    warning = Problem("W301", "warning", "contest", "recount advice")
    assert wording.problem_summary([]) == "None"
    assert wording.problem_summary([warning]) == "1 warning"
    assert wording.problem_summary([warning, error, warning]) == "1 error, 2 warnings"
    assert wording.problem_lines([error]) == "E301 error (contest): does not reconcile"


def test_advice_is_listed_by_rule_and_detailed_line_by_line() -> None:
    advice = [Advice("bundle", "margin 20 ≤ 2 × bundle size 50"), Advice("absolute", "margin 20 ≤ 100")]
    assert wording.advice_rules(advice) == "bundle, absolute"
    assert wording.advice_rules([]) == "None"
    assert wording.advice_details(advice).splitlines() == [
        "bundle: margin 20 ≤ 2 × bundle size 50",
        "absolute: margin 20 ≤ 100",
    ]
