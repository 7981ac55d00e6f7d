"""How the window words figures, stages, advice and problems: formatting only, never arithmetic."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the window's first paint needs none of them (P4)
    from app.domain.advice import Advice
    from app.domain.catalogue import Problem
    from app.domain.result import ContestResult

NONE_SHOWN = "—"  # an em dash: nothing to show (a figure that does not exist yet)

_STAGES = {
    "setup": "Setup",
    "verification": "Verification",
    "counting": "Counting",
    "provisional": "Provisional",
    "declared": "Declared",
}

_ROUND_KINDS = {
    "initial": "initial count",
    "bundle-check": "bundle check",
    "full-recount": "full recount",
    "partial-recount": "partial recount",
    "re-adjudication": "re-adjudication",
}


def figure(value: int | None) -> str:
    """A count with thousands separators ("16,333"); an em dash when there is none."""
    return NONE_SHOWN if value is None else f"{value:,}"


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def stage_name(stage: str) -> str:
    return _STAGES.get(stage, stage.capitalize())


def round_name(result: ContestResult) -> str:
    """E.g. "round 3, full recount"; "no count yet" before round 1."""
    kinds = [r.kind for r in result.contest.rounds if r.number == result.round]
    return round_words(result.round, kinds[0] if kinds else None)


def round_words(number: int, kind: str | None) -> str:
    """round_name from the round's number and kind alone (the contests table keeps no result)."""
    if not number:
        return "no count yet"
    words = _ROUND_KINDS.get(kind, kind) if kind else ""
    return f"round {number}, {words}" if words else f"round {number}"


def leading_names(result: ContestResult) -> str:
    """Who is elected (declared) or would be on these figures, in rank order."""
    return names_with_lot([c.candidate.name for c in result.elected], result.lot_needed)


def names_with_lot(elected: Iterable[str], lot_needed: bool) -> str:
    """leading_names from the names alone: "A, B"; "A; lot needed"; an em dash for nobody."""
    names = ", ".join(elected)
    if lot_needed:
        names = f"{names}; lot needed" if names else "lot needed"
    return names or NONE_SHOWN


def leading_word(result: ContestResult) -> str:
    return "Elected" if result.stage == "declared" else "Leading"


def advice_rules(advice: Iterable[Advice]) -> str:
    """The rules that fired, e.g. "bundle, absolute"; "None" when no recount is advised."""
    rules = [a.rule for a in advice]
    return ", ".join(rules) if rules else "None"


def advice_details(advice: Iterable[Advice]) -> str:
    """One line per rule: "bundle: margin 23 ≤ 2 × bundle size 50"."""
    return "\n".join(f"{a.rule}: {a.detail}" for a in advice)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def problem_summary(problems: Iterable[Problem]) -> str:
    """E.g. "1 error, 2 warnings"; "None" when there is nothing open."""
    found = list(problems)
    errors = sum(1 for p in found if p.severity == "error")
    warnings = len(found) - errors
    parts = []
    if errors:
        parts.append(_plural(errors, "error"))
    if warnings:
        parts.append(_plural(warnings, "warning"))
    return ", ".join(parts) if parts else "None"


def severity_name(severity: str) -> str:
    return severity.capitalize()


def problem_lines(problems: Iterable[Problem]) -> str:
    """One line per problem: "W301 warning (contest): recount advice: …"."""
    return "\n".join(f"{p.code} {p.severity} ({p.where}): {p.message}" for p in problems)
