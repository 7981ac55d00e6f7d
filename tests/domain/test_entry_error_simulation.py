"""Injected keying errors over many sheets: double entry catches every one; reconciliation alone does not."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

from app.domain import double_entry as de
from app.domain.double_entry import SheetState
from app.domain.entry_cells import bundles_cell, part_cell, votes_cell
from app.domain.entry_check import SheetRules, has_errors
from tests.domain.contest_builder import HEADS
from tests.domain.sheet_builder import paper_contest, paper_of, rules_for

SEED = 20290503
SINGLE_SEAT_SHEETS = 2000
MULTI_SEAT_SHEETS = 500

Figures = dict[str, int]
# An error changes one typed entry; it returns None when it cannot apply (or changes nothing).
Injector = Callable[[random.Random, SheetRules, Figures], Figures | None]


def _random_sheet(rng: random.Random, seats: int) -> tuple[SheetRules, Figures]:
    ids = [f"c{i}" for i in range(rng.randint(3, 8))]
    votes = {cid: rng.choice((0, rng.randint(1, 60), rng.randint(60, 6_000))) for cid in ids}
    rejected = {head: rng.choice((0, rng.randint(0, 40))) for head in HEADS}
    valid = None
    if seats > 1:
        # every paper carries 1..seats votes, so valid papers lie between these two
        low = -(-sum(votes.values()) // seats)
        valid = max(max(votes.values()), rng.randint(low, max(low, sum(votes.values()))))
    contest = paper_contest(votes, rejected, seats=seats, valid_papers=valid)
    paper = paper_of(contest)
    if seats > 1:
        paper["rejected_in_part"] = 0
    return rules_for(contest), paper


def _cells_with_digits(figures: Figures, least: int) -> list[str]:
    return [k for k, v in figures.items() if len(str(v)) >= least]


def transposition(rng: random.Random, _rules: SheetRules, typed: Figures) -> Figures | None:
    """Two neighbouring digits of one box swapped (1,243 keyed as 1,423)."""
    keys = [k for k in _cells_with_digits(typed, 2) if len(set(str(typed[k]))) > 1]
    if not keys:
        return None
    key = rng.choice(keys)
    digits = list(str(typed[key]))
    places = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]]
    i = rng.choice(places)
    digits[i], digits[i + 1] = digits[i + 1], digits[i]
    return {**typed, key: int("".join(digits))}


def dropped_digit(rng: random.Random, _rules: SheetRules, typed: Figures) -> Figures | None:
    """One digit of a box left out (1,243 keyed as 143)."""
    keys = _cells_with_digits(typed, 2)
    if not keys:
        return None
    key = rng.choice(keys)
    digits = str(typed[key])
    i = rng.randrange(len(digits))
    return {**typed, key: int(digits[:i] + digits[i + 1:])}


def row_swap(rng: random.Random, rules: SheetRules, typed: Figures) -> Figures | None:
    """Two candidates' rows keyed the wrong way round."""
    a, b = rng.sample([c.id for c in rules.layout.candidates], 2)
    cells = ((bundles_cell, part_cell) if rules.layout.seats == 1 else (votes_cell,))
    swapped = dict(typed)
    for cell in cells:
        swapped[cell(a)], swapped[cell(b)] = typed[cell(b)], typed[cell(a)]
    return swapped if swapped != typed else None


def duplicate_bundle(rng: random.Random, rules: SheetRules, typed: Figures) -> Figures | None:
    """One bundle too many keyed for a candidate."""
    cid = rng.choice([c.id for c in rules.layout.candidates])
    return {**typed, bundles_cell(cid): typed[bundles_cell(cid)] + 1}


def missing_bundle(rng: random.Random, rules: SheetRules, typed: Figures) -> Figures | None:
    """One bundle too few keyed for a candidate."""
    ids = [c.id for c in rules.layout.candidates if typed[bundles_cell(c.id)] > 0]
    if not ids:
        return None
    cid = rng.choice(ids)
    return {**typed, bundles_cell(cid): typed[bundles_cell(cid)] - 1}


SINGLE_SEAT_ERRORS: dict[str, Injector] = {
    "adjacent transposition": transposition,
    "dropped digit": dropped_digit,
    "row swap": row_swap,
    "duplicate bundle": duplicate_bundle,
    "missing bundle": missing_bundle,
}
MULTI_SEAT_ERRORS: dict[str, Injector] = {
    "adjacent transposition": transposition,
    "dropped digit": dropped_digit,
    "row swap": row_swap,
}


def caught_by_double_entry(rules: SheetRules, erring: Figures, careful: Figures, erring_first: bool) -> bool:
    """Two operators key the sheet through the double-entry state machine, one of them with the
    slip (confirming the paper when asked); caught unless the sheet ends up accepted."""
    sheet = de.DoubleEntry(rules.layout)
    for person, figures in (("ann", erring), ("ben", careful)) if erring_first else (
        ("ann", careful), ("ben", erring)
    ):
        sheet = de.save(de.start(sheet, person), rules, person, dict(figures), finish=True, confirmed=True)
        if sheet.state != SheetState.FIRST_DONE:
            break
    assert sheet.state in (SheetState.ACCEPTED, SheetState.DIFFERENT, SheetState.HAS_ERRORS)
    return sheet.state != SheetState.ACCEPTED


def simulate(seats: int, sheets: int, errors: dict[str, Injector]) -> dict[str, Counter[str]]:
    """Per error kind: injected; caught by double entry (the entries differ); by the balance
    alone (E203); by every single-entry check (any error of the catalogue on the erring entry)."""
    rng = random.Random(SEED + seats)
    tally: dict[str, Counter[str]] = {name: Counter() for name in errors}
    for _ in range(sheets):
        rules, paper = _random_sheet(rng, seats)
        assert rules.problems(paper) == () or not has_errors(rules.problems(paper))
        for name, inject in errors.items():
            erring = inject(rng, rules, dict(paper))
            if erring is None or erring == paper:
                continue
            problems = rules.problems(erring)
            count = tally[name]
            count["injected"] += 1
            count["double entry"] += caught_by_double_entry(rules, erring, paper, rng.random() < 0.5)
            count["balance alone"] += any(p.code == "E203" for p in problems)
            count["single-entry checks"] += has_errors(problems)
    return tally


def report(title: str, tally: dict[str, Counter[str]]) -> str:
    heading = f"{'error':<24}{'injected':>9}{'double entry':>14}{'balance alone':>15}{'all checks':>12}"
    lines = [title, heading]
    for name, count in tally.items():
        n = count["injected"]

        def share(key: str, n: int = n, count: Counter[str] = count) -> str:
            return f"{100 * count[key] / n:.1f}%"

        lines.append(
            f"{name:<24}{n:>9}{share('double entry'):>14}{share('balance alone'):>15}"
            f"{share('single-entry checks'):>12}"
        )
    return "\n".join(lines)


def test_double_entry_catches_every_injected_keying_error() -> None:
    single = simulate(1, SINGLE_SEAT_SHEETS, SINGLE_SEAT_ERRORS)
    multi = simulate(3, MULTI_SEAT_SHEETS, MULTI_SEAT_ERRORS)
    print()
    print(report(f"single seat, {SINGLE_SEAT_SHEETS} sheets, bundles of 50", single))
    print(report(f"three seats, {MULTI_SEAT_SHEETS} sheets, votes by candidate", multi))
    for tally in (single, multi):
        for name, count in tally.items():
            assert count["injected"] >= 400, name
            assert count["double entry"] == count["injected"], name  # 100%
    # Reconciliation alone misses every row swap (the totals do not move) ...
    assert single["row swap"]["single-entry checks"] == 0
    assert multi["row swap"]["single-entry checks"] == 0
    # ... and any error that changes the sheet's papers shows in the balance.
    for name in ("dropped digit", "duplicate bundle", "missing bundle", "adjacent transposition"):
        assert single[name]["balance alone"] == single[name]["injected"], name
    # With several seats the votes do not add up to the papers: a vote figure's slip is caught
    # only when it breaks an inequality, so reconciliation alone misses most of them.
    assert multi["dropped digit"]["single-entry checks"] < multi["dropped digit"]["injected"]


def test_two_operators_slipping_on_the_same_sheet() -> None:
    """Both operators slip, independently, each with one error drawn from the same menu. Double
    entry misses only identical slips; of those, reconciliation still catches all but row swaps.
    (Drawing from five kinds of slip over a handful of rows makes identical slips far likelier
    than two people's real mistakes are: this is a pessimistic bound, and it is reported.)"""
    rng = random.Random(SEED + 7)
    both, identical, missed_by_all = 0, 0, 0
    for _ in range(SINGLE_SEAT_SHEETS):
        rules, paper = _random_sheet(rng, 1)
        first_kind = rng.choice(list(SINGLE_SEAT_ERRORS))
        second_kind = rng.choice(list(SINGLE_SEAT_ERRORS))
        first = SINGLE_SEAT_ERRORS[first_kind](rng, rules, dict(paper))
        second = SINGLE_SEAT_ERRORS[second_kind](rng, rules, dict(paper))
        if first is None or second is None or paper in (first, second):
            continue
        both += 1
        if first == second:
            identical += 1
            if not has_errors(rules.problems(first)):
                missed_by_all += 1
                assert first_kind == second_kind == "row swap"
    print(
        f"\nboth operators slip on {both} sheets: identical slips {identical} "
        f"({100 * identical / both:.2f}%), of which reconciliation catches {identical - missed_by_all}; "
        f"missed by both {missed_by_all} ({100 * missed_by_all / both:.2f}%, all row swaps)"
    )
    assert both > 1500 and identical > 0


def test_an_error_on_the_paper_itself_is_for_reconciliation_not_double_entry() -> None:
    """A bundle counted twice at the table: both operators key the paper faithfully, so the
    entries agree; the balance against the verified papers is what catches it."""
    rng = random.Random(SEED)
    caught = 0
    for _ in range(200):
        rules, paper = _random_sheet(rng, 1)
        wrong_paper = duplicate_bundle(rng, rules, paper)
        assert wrong_paper is not None
        first, second = dict(wrong_paper), dict(wrong_paper)
        assert first == second  # double entry agrees with a wrong paper
        caught += any(p.code == "E203" for p in rules.problems(first))
    assert caught == 200
