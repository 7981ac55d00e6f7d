"""Blind double entry of a count sheet: states, the different-operator rule, blindness, correction mode."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain import double_entry as de
from app.domain.double_entry import DoubleEntry, NeedsConfirmation, SheetState
from app.domain.entry_cells import (
    REJECTED_IN_PART,
    VALID_PAPERS,
    EntryRefused,
    bundles_cell,
    part_cell,
    rejected_cell,
    sheet_layout,
    votes_cell,
)
from app.domain.entry_check import SheetRules
from app.domain.entry_review import compare
from app.domain.result import compute_result
from tests.domain.sheet_builder import empty_sheet, paper_contest, paper_of, rules_for

RULES = rules_for(paper_contest())
PAPER = paper_of(paper_contest())


def keyed(sheet: DoubleEntry, person: str, figures: dict[str, int], **kw: bool) -> DoubleEntry:
    """`person` starts (or resumes) and finishes their entry with these figures."""
    sheet = de.start(sheet, person)
    return de.save(sheet, RULES, person, figures, finish=True, **kw)


def with_change(figures: dict[str, int], key: str, value: int) -> dict[str, int]:
    return {**figures, key: value}


def test_the_paper_order_is_ballot_order_then_the_profiles_heads() -> None:
    assert RULES.layout.keys == (
        bundles_cell("ashby"), part_cell("ashby"),
        bundles_cell("brown"), part_cell("brown"),
        bundles_cell("cole"), part_cell("cole"),
        rejected_cell("no-official-mark"), rejected_cell("too-many-votes"),
        rejected_cell("identifies-voter"), rejected_cell("unmarked-or-void"),
    )
    assert PAPER[bundles_cell("ashby")] == 24 and PAPER[part_cell("ashby")] == 34  # 24 × 50 + 34 = 1234
    assert RULES.problems(PAPER) == ()
    assert RULES.balance(PAPER).balances


def test_equal_entries_by_two_people_are_accepted_and_both_kept() -> None:
    sheet = keyed(empty_sheet(RULES), "ann", PAPER)
    assert sheet.state == SheetState.FIRST_DONE
    sheet = keyed(sheet, "ben", PAPER)
    assert sheet.state == SheetState.ACCEPTED
    assert sheet.first is not None and sheet.second is not None
    assert (sheet.first.operator, sheet.second.operator) == ("ann", "ben")
    accepted = de.accepted_sheet(sheet)
    assert accepted.votes["ashby"].total == 1234 and accepted.votes["ashby"].bundles == 24


def test_the_second_entry_must_be_keyed_by_someone_else() -> None:
    sheet = keyed(empty_sheet(RULES), "ann", PAPER)
    with pytest.raises(EntryRefused, match="different person"):
        de.start(sheet, "ann")
    assert de.start(sheet, "ben").state == SheetState.SECOND_IN_PROGRESS


def test_an_entry_in_progress_belongs_to_whoever_started_it() -> None:
    sheet = de.start(empty_sheet(RULES), "ann")
    with pytest.raises(EntryRefused, match="ann is keying"):
        de.save(sheet, RULES, "ben", PAPER)
    sheet = de.save(sheet, RULES, "ann", {bundles_cell("ashby"): 24})
    assert de.start(sheet, "ann") == sheet  # resuming changes nothing
    assert de.view(sheet, RULES, "ann").figures == {bundles_cell("ashby"): 24}


def test_the_second_operator_is_never_shown_the_first_entry() -> None:
    first = keyed(empty_sheet(RULES), "ann", PAPER)
    balanced = {**PAPER, part_cell("ashby"): PAPER[part_cell("ashby")] + 1,
                part_cell("cole"): PAPER[part_cell("cole")] - 1}  # a different, balanced first entry
    other = keyed(empty_sheet(RULES), "ann", balanced)
    view = de.view(de.start(first, "ben"), RULES, "ben")
    assert view.figures == {} and view.number == 2
    assert view == de.view(de.start(other, "ben"), RULES, "ben")  # whatever the first entry says
    assert not any(isinstance(v, de.Entry) for v in vars(view).values())


def test_a_difference_goes_to_the_supervisor_then_only_that_box_is_re_keyed() -> None:
    typo = with_change(PAPER, part_cell("brown"), 73 - 50 + 10)  # 37 -> 33
    sheet = keyed(keyed(empty_sheet(RULES), "ann", PAPER), "ben", typo, confirmed=True)
    assert sheet.state == SheetState.DIFFERENT
    with pytest.raises(EntryRefused, match="waits for the supervisor"):
        de.start(sheet, "cat")
    comparison = compare(sheet, RULES)
    assert comparison.differing == (part_cell("brown"),)
    assert [p.code for p in comparison.problems] == ["E401"]
    assert comparison.problems[0].cells == (part_cell("brown"),)

    sheet = de.resolve(sheet, {part_cell("brown"): "first"})  # ann's matches the paper
    assert sheet.state == SheetState.CORRECTION and sheet.pending == {2: {part_cell("brown")}}
    with pytest.raises(EntryRefused, match="keyed the other entry"):
        de.view(sheet, RULES, "ann")
    view = de.view(sheet, RULES, "ben")
    assert view.correction and view.editable == {part_cell("brown")}
    assert part_cell("brown") not in view.figures  # blanked: re-keyed from the paper, not from memory
    assert view.figures == {k: v for k, v in typo.items() if k != part_cell("brown")}
    with pytest.raises(EntryRefused, match="only the boxes the supervisor sent back"):
        de.save(sheet, RULES, "ben", with_change(PAPER, part_cell("ashby"), 0))
    sheet = de.save(sheet, RULES, "ben", {part_cell("brown"): PAPER[part_cell("brown")]}, finish=True)
    assert sheet.state == SheetState.ACCEPTED
    assert sheet.second is not None and sheet.second.figures == PAPER


def test_neither_sends_the_box_back_to_both_and_a_third_person_may_correct() -> None:
    sheet = keyed(empty_sheet(RULES), "ann", with_change(PAPER, rejected_cell("too-many-votes"), 5))
    sheet = keyed(sheet, "ben", with_change(PAPER, rejected_cell("too-many-votes"), 8), confirmed=True)
    sheet = de.resolve(sheet, {rejected_cell("too-many-votes"): "neither"})
    assert sheet.pending == {1: {rejected_cell("too-many-votes")}, 2: {rejected_cell("too-many-votes")}}
    sheet = de.save(sheet, RULES, "ann", {rejected_cell("too-many-votes"): 5}, finish=True)
    assert sheet.state == SheetState.CORRECTION and sheet.pending == {2: {rejected_cell("too-many-votes")}}
    with pytest.raises(EntryRefused):
        de.view(sheet, RULES, "ann")  # ann keyed entry 1: she may not key entry 2's box
    sheet = de.save(sheet, RULES, "cat", {rejected_cell("too-many-votes"): 5}, finish=True)
    assert sheet.state == SheetState.ACCEPTED
    assert sheet.second is not None and sheet.second.typed_by[rejected_cell("too-many-votes")] == "cat"
    assert sheet.first is not None and not (sheet.first.people & sheet.second.people)


def test_finishing_with_problems_needs_the_paper_confirmed_then_waits_for_the_supervisor() -> None:
    wrong = with_change(PAPER, part_cell("ashby"), 54)  # a part bundle of 54 with bundles of 50
    sheet = de.start(empty_sheet(RULES), "ann")
    with pytest.raises(NeedsConfirmation) as raised:
        de.save(sheet, RULES, "ann", wrong, finish=True)
    codes = {p.code for p in raised.value.problems}
    assert codes == {"E201", "E203"}  # every problem at once: the part bundle and the balance
    e201 = next(p for p in raised.value.problems if p.code == "E201")
    assert e201.cells == (part_cell("ashby"),)
    sheet = de.save(sheet, RULES, "ann", wrong, finish=True, confirmed=True)
    assert sheet.state == SheetState.HAS_ERRORS and sheet.first is not None and sheet.first.confirmed
    with pytest.raises(EntryRefused, match="finished with errors"):
        de.start(sheet, "ben")
    listed = compare(sheet, RULES)
    assert [p.code for p in listed.problems] == ["E402"]
    assert {p.code for p in listed.first_problems} == {"E201", "E203"}
    sheet = de.return_to_operator(sheet)  # the table corrected its paper sheet
    assert sheet.state == SheetState.FIRST_IN_PROGRESS
    assert de.view(sheet, RULES, "ann").figures == wrong
    sheet = de.save(sheet, RULES, "ann", PAPER, finish=True)
    assert sheet.state == SheetState.FIRST_DONE


def test_a_blank_box_cannot_be_finished() -> None:
    blank = {k: v for k, v in PAPER.items() if k != rejected_cell("identifies-voter")}
    sheet = de.start(empty_sheet(RULES), "ann")
    with pytest.raises(EntryRefused, match=r"every box .*identified"):
        de.save(sheet, RULES, "ann", blank, finish=True, confirmed=True)


def test_warnings_alone_also_need_the_paper_confirmed_but_do_not_stop_the_sheet() -> None:
    contest = paper_contest({"ashby": 1234, "brown": 0, "cole": 406})
    rules = rules_for(contest)
    paper = paper_of(contest)
    sheet = de.start(DoubleEntry(rules.layout), "ann")
    with pytest.raises(NeedsConfirmation) as raised:
        de.save(sheet, rules, "ann", paper, finish=True)
    assert [p.code for p in raised.value.problems] == ["W201"]
    sheet = de.save(sheet, rules, "ann", paper, finish=True, confirmed=True)
    assert sheet.state == SheetState.FIRST_DONE


def test_the_supervisor_may_discard_the_second_entry_or_both() -> None:
    differ = keyed(keyed(empty_sheet(RULES), "ann", PAPER), "ben",
                   with_change(PAPER, bundles_cell("cole"), 9), confirmed=True)
    kept = de.discard(differ, RULES, "second")
    assert kept.state == SheetState.FIRST_DONE and kept.second is None
    assert de.start(kept, "cat").state == SheetState.SECOND_IN_PROGRESS
    assert de.discard(differ, RULES, "both").state == SheetState.EMPTY
    with pytest.raises(EntryRefused):
        de.discard(kept, RULES, "second")
    with pytest.raises(EntryRefused):
        de.resolve(differ, {bundles_cell("cole"): "first", part_cell("cole"): "first"})


def test_single_entry_by_decision_accepts_one_clean_entry() -> None:
    sheet = keyed(empty_sheet(RULES, single_entry=True), "ann", PAPER)
    assert sheet.state == SheetState.ACCEPTED and sheet.second is None
    wrong = keyed(empty_sheet(RULES, single_entry=True), "ann",
                  with_change(PAPER, part_cell("cole"), 7), confirmed=True)
    assert wrong.state == SheetState.HAS_ERRORS


def test_multi_seat_sheets_key_votes_valid_papers_and_papers_rejected_in_part() -> None:
    contest = paper_contest({"ashby": 700, "brown": 650, "cole": 420}, seats=2, valid_papers=900)
    rules = rules_for(contest)
    keys = rules.layout.keys
    assert keys[:4] == (votes_cell("ashby"), votes_cell("brown"), votes_cell("cole"), VALID_PAPERS)
    assert keys[-1] == REJECTED_IN_PART
    paper = {**paper_of(contest), REJECTED_IN_PART: 3}
    assert rules.problems(paper) == ()
    # 1,770 votes on 900 papers with 2 seats: 30 unused votes, never called rejected
    assert rules.balance(paper).rejected == sum(contest.rounds[0].sheets[0].rejected.values())
    too_many = {**paper, votes_cell("ashby"): 950}
    found = {p.code: p.cells for p in rules.problems(too_many)}
    assert found["E204"] == (VALID_PAPERS,)
    assert found["E205"] == (votes_cell("ashby"), VALID_PAPERS)


def test_a_partial_recount_keys_its_scope_and_balances_over_the_figures_it_replaces() -> None:
    from app.domain.election import RecountRequest, RecountScope, Round

    contest = paper_contest()
    request = RecountRequest("partial-recount", None, "granted", "", RecountScope((), ("brown", "cole")))
    contest = replace(contest, rounds=(*contest.rounds, Round(2, "partial-recount", (), request)))
    layout = sheet_layout(contest, 2, "T1")
    assert layout.keys == (bundles_cell("brown"), part_cell("brown"), bundles_cell("cole"), part_cell("cole"))
    rules = SheetRules(contest, layout, contest.ballot_boxes[0].issued)
    recount = {k: PAPER[k] for k in layout.keys}
    assert rules.problems(recount) == ()
    moved = {**recount, part_cell("brown"): PAPER[part_cell("brown")] + 1}
    assert [p.code for p in rules.problems(moved)] == ["E203"]
    assert compute_result(contest).reconciled


def test_acknowledged_warnings_leave_the_open_problems_but_errors_never_do() -> None:
    contest = paper_contest({"ashby": 1234, "brown": 0, "cole": 406})
    warning = next(p for p in compute_result(contest).problems if p.code == "W201")
    acked = replace(contest, acknowledged=((warning.code, warning.where, warning.message),))
    assert warning not in compute_result(acked).problems
    other = replace(contest, acknowledged=(("W201", warning.where, "another message"),))
    assert warning in compute_result(other).problems


def test_a_sheet_is_checked_in_place_of_its_tables_sheet_over_the_earlier_rounds() -> None:
    """One table worked out alone gives what the whole contest with this sheet in place gives."""
    from app.domain.election import Contest, RecountRequest, RecountScope, Round
    from app.domain.entry_cells import SheetLayout, count_sheet
    from app.domain.sheet import TableFigures, figures_in_round

    def whole_contest_way(contest: Contest, layout: SheetLayout, figures: dict[str, int]) -> TableFigures:
        sheet = count_sheet(layout, figures)
        rounds = [r for r in contest.rounds if r.number != layout.round_number]
        same = [r for r in contest.rounds if r.number == layout.round_number]
        kept = tuple(s for r in same for s in r.sheets if s.table != sheet.table)
        request = same[0].request if same else None
        placed = Round(layout.round_number, layout.round_kind, (*kept, sheet), request)
        ordered = tuple(sorted([*rounds, placed], key=lambda r: r.number))
        return figures_in_round(replace(contest, rounds=ordered), layout.round_number)[sheet.table]

    contest = paper_contest()
    layout = sheet_layout(contest, 1, "T1")
    again = {**PAPER, part_cell("ashby"): PAPER[part_cell("ashby")] + 3}
    rules = SheetRules(contest, layout, contest.ballot_boxes[0].issued)
    assert rules.table_figures(again) == whole_contest_way(contest, layout, again)
    assert rules.table_figures(again).votes != figures_in_round(contest, 1)["T1"].votes  # it really replaced

    request = RecountRequest("partial-recount", None, "granted", "", RecountScope((), ("brown",)))
    contest = replace(contest, rounds=(*contest.rounds, Round(2, "partial-recount", (), request)))
    layout = sheet_layout(contest, 2, "T1")
    recount = {k: PAPER[k] + (1 if k == part_cell("brown") else 0) for k in layout.keys}
    rules = SheetRules(contest, layout, contest.ballot_boxes[0].issued)
    overlaid = rules.table_figures(recount)
    assert overlaid == whole_contest_way(contest, layout, recount)
    assert overlaid.votes["ashby"] == figures_in_round(contest, 1)["T1"].votes["ashby"]  # from round 1


def test_a_layouts_keys_are_kept_once_and_leave_its_equality_alone() -> None:
    layout = rules_for(paper_contest()).layout
    fresh = rules_for(paper_contest()).layout
    assert layout.keys is layout.keys  # built once per layout, not per access
    assert layout.key_set == frozenset(cell.key for cell in layout.cells) == set(layout.keys)
    assert layout == fresh and hash(layout) == hash(fresh)  # fresh has not built its keys yet
    fewer = replace(layout, cells=layout.cells[:2])  # a new layout builds its own, never the old ones
    assert fewer.keys == (bundles_cell("ashby"), part_cell("ashby"))
    assert fewer.key_set == {bundles_cell("ashby"), part_cell("ashby")}
    with pytest.raises(EntryRefused, match="has no box 'bundles:brown'"):
        de.save(de.start(empty_sheet(replace(RULES, layout=fewer)), "ann"), replace(RULES, layout=fewer),
                "ann", {bundles_cell("brown"): 1})
