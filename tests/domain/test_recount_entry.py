"""The live balance of a recount sheet: made only from boxes keyed, the earlier round only for the rest."""

from __future__ import annotations

from dataclasses import replace

from app.domain import double_entry as de
from app.domain.double_entry import DoubleEntry, SheetState
from app.domain.election import Contest, RecountRequest, RecountScope, Round
from app.domain.entry_cells import bundles_cell, part_cell, sheet_layout
from app.domain.entry_check import SheetRules
from app.domain.sheet import figures_in_round
from tests.domain.sheet_builder import REJECTED, paper_contest, paper_of, rules_for


def recount_rules(contest: Contest, scope: RecountScope) -> SheetRules:
    """Table T1's rules in round 2, a partial recount of `scope` granted after round 1."""
    request = RecountRequest("partial-recount", None, "granted", "", scope)
    contest = replace(contest, rounds=(*contest.rounds, Round(2, "partial-recount", (), request)))
    return SheetRules(contest, sheet_layout(contest, 2, "T1"), contest.ballot_boxes[0].issued)


CONTEST = paper_contest()
PAPER = paper_of(CONTEST)
WHOLE_TABLE = recount_rules(CONTEST, RecountScope(tables=("T1",)))
TWO_PILES = recount_rules(CONTEST, RecountScope(candidates=("brown", "cole")))


def test_a_blank_recount_sheet_neither_balances_nor_gives_a_difference() -> None:
    boxes = len(WHOLE_TABLE.layout.keys)
    balance = WHOLE_TABLE.balance({})
    assert (balance.valid, balance.rejected, balance.blank) == (0, 0, boxes)  # nothing from round 1
    assert balance.difference is None and not balance.balances
    earlier = figures_in_round(WHOLE_TABLE.contest, 1)["T1"]
    assert WHOLE_TABLE.table_figures({}).votes == earlier.votes  # the result's overlay is unchanged


def test_one_box_typed_on_a_recount_sheet_tells_nothing_of_the_earlier_figures() -> None:
    one = {part_cell("brown"): PAPER[part_cell("brown")] + 1}
    balance = WHOLE_TABLE.balance(one)
    assert balance.difference is None and balance.blank == len(WHOLE_TABLE.layout.keys) - 1
    assert balance.valid == 0  # Brown's part bundle alone is no figure for Brown
    all_but_one = {k: v for k, v in PAPER.items() if k != part_cell("cole")}
    assert WHOLE_TABLE.balance(all_but_one).difference is None
    assert WHOLE_TABLE.balance(all_but_one).blank == 1


def test_every_box_keyed_the_balance_is_the_finishing_checks_balance() -> None:
    assert WHOLE_TABLE.balance(PAPER).balances
    moved = {**PAPER, part_cell("brown"): PAPER[part_cell("brown")] + 1}
    assert WHOLE_TABLE.balance(moved).difference == 1
    for rules, figures in ((WHOLE_TABLE, moved), (TWO_PILES, {k: moved[k] for k in TWO_PILES.layout.keys})):
        assert rules.keyed_figures(figures) == rules.table_figures(figures)
        assert rules.keyed_problems(figures) == rules.problems(figures)
        assert [p.code for p in rules.problems(figures)] == ["E203"]


def test_a_recount_of_some_piles_takes_the_other_piles_from_the_earlier_round() -> None:
    assert TWO_PILES.layout.keys == (
        bundles_cell("brown"), part_cell("brown"), bundles_cell("cole"), part_cell("cole"),
    )
    brown_only = {k: PAPER[k] for k in (bundles_cell("brown"), part_cell("brown"))}
    keyed = TWO_PILES.keyed_figures(brown_only)
    assert set(keyed.votes) == {"ashby", "brown"}  # Cole is on this sheet and blank: not from round 1
    assert keyed.rejected == REJECTED  # the rejected papers are not recounted: they carry over
    balance = TWO_PILES.balance(brown_only)
    assert (balance.valid, balance.rejected, balance.blank) == (1234 + 987, sum(REJECTED.values()), 2)
    assert balance.difference is None
    assert set(TWO_PILES.table_figures(brown_only).votes) == {"ashby", "brown", "cole"}  # the overlay stays
    assert TWO_PILES.balance({k: PAPER[k] for k in TWO_PILES.layout.keys}).balances


def test_no_check_beside_a_blank_recount_box_comes_from_the_earlier_round() -> None:
    no_votes = paper_contest({"ashby": 1234, "brown": 0, "cole": 406})
    rules = recount_rules(no_votes, RecountScope(tables=("T1",)))
    assert "W201" in {p.code for p in rules.problems({})}  # the overlay: round 1's Brown had 0 votes
    assert "W201" not in {p.code for p in rules.keyed_problems({})}
    assert {p.code for p in rules.keyed_problems({})} == {"E207", "E203"}  # missing, as in round 1


def test_the_first_round_counts_its_blank_boxes_the_same_way() -> None:
    rules = rules_for(CONTEST)
    assert rules.balance({}).blank == len(rules.layout.keys) and rules.balance({}).difference is None
    assert rules.balance(PAPER).balances and rules.balance(PAPER).blank == 0


def test_boxes_sent_back_on_a_recount_sheet_give_no_balance_until_re_keyed() -> None:
    slip = part_cell("brown")
    sheet = DoubleEntry(WHOLE_TABLE.layout)
    for person, figures in (("ann", PAPER), ("ben", {**PAPER, slip: PAPER[slip] + 1})):
        sheet = de.save(de.start(sheet, person), WHOLE_TABLE, person, figures, finish=True, confirmed=True)
    assert sheet.state == SheetState.DIFFERENT
    sheet = de.resolve(sheet, {slip: "first"})
    view = de.view(sheet, WHOLE_TABLE, "ben")
    assert view.correction and view.editable == {slip} and slip not in view.figures
    balance = WHOLE_TABLE.balance(view.figures)
    assert balance.blank == 1 and balance.difference is None and not balance.balances
    assert WHOLE_TABLE.balance({**view.figures, slip: PAPER[slip] + 1}).difference == 1
