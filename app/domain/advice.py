"""Recount advice: the named rules of design.md §5, each reported with its figures when it fires."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from app.domain.profile import RecountRules

RULE_ORDER = ("tie", "bundle", "absolute", "relative", "rejected", "variance")


@dataclass(frozen=True)
class Advice:
    rule: str
    detail: str

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "detail": self.detail}


@dataclass(frozen=True)
class AdviceFigures:
    """Everything the rules look at, already computed from the count."""

    margin: int | None
    bundle_size: int
    valid_votes: int
    votes_cast: int
    rejected_total: int
    unexplained_variance: int


def _format_fraction_percent(fraction: Fraction) -> str:
    percent = fraction * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    text = f"{float(percent):.6f}".rstrip("0").rstrip(".")
    return f"{text}%"


def advise(figures: AdviceFigures, rules: RecountRules) -> tuple[Advice, ...]:
    """Every rule that fires, in RULE_ORDER; empty when there is no margin (candidates ≤ seats).

    `rejected` and `variance` fire only when there is something to re-adjudicate or explain:
    with no rejected papers, re-adjudication cannot change anything.
    """
    margin = figures.margin
    if margin is None:
        return ()
    fired: list[Advice] = []
    if margin == 0:
        fired.append(Advice("tie", "margin 0: candidates are level at the last seat"))
    if rules.bundle and margin <= 2 * figures.bundle_size:
        fired.append(
            Advice("bundle", f"margin {margin:,} ≤ 2 × bundle size {figures.bundle_size:,}")
        )
    if rules.absolute is not None and margin <= rules.absolute:
        fired.append(Advice("absolute", f"margin {margin:,} ≤ {rules.absolute:,}"))
    if rules.relative is not None:
        base_name = rules.relative.base
        base = figures.valid_votes if base_name == "valid-votes" else figures.votes_cast
        limit = rules.relative.fraction * base
        if margin <= limit:
            fired.append(
                Advice(
                    "relative",
                    f"margin {margin:,} ≤ {_format_fraction_percent(rules.relative.fraction)}"
                    f" of {base_name.replace('-', ' ')} {base:,} ({float(limit):,.1f})",
                )
            )
    if rules.rejected and figures.rejected_total > 0 and margin <= figures.rejected_total:
        fired.append(
            Advice(
                "rejected",
                f"margin {margin:,} ≤ {figures.rejected_total:,} rejected papers",
            )
        )
    if rules.variance and figures.unexplained_variance > 0 and (
        margin <= figures.unexplained_variance
    ):
        fired.append(
            Advice(
                "variance",
                f"margin {margin:,} ≤ {figures.unexplained_variance:,} papers of unexplained "
                "verification variance",
            )
        )
    return tuple(fired)
