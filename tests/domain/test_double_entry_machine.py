"""A Hypothesis state machine over a sheet's double entry: allowed moves, different people, blindness."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.domain import double_entry as de
from app.domain.double_entry import DoubleEntry, Entry, EntryView, NeedsConfirmation, SheetState
from app.domain.entry_cells import EntryRefused
from app.domain.entry_check import SheetRules, has_errors
from tests.domain.sheet_builder import paper_contest, paper_of, rules_for

S = SheetState
RULES = rules_for(paper_contest())
PAPER = paper_of(paper_contest())
KEYS = RULES.layout.keys
PEOPLE = ("ann", "ben", "cat")
PARTS = tuple(k for k in KEYS if k.startswith("part:"))

# (state before, what happened, state after): every move the design allows, and no other.
ALLOWED = {
    (S.EMPTY, "start", S.FIRST_IN_PROGRESS),
    (S.FIRST_DONE, "start", S.SECOND_IN_PROGRESS),
    *((state, "start", state) for state in (S.FIRST_IN_PROGRESS, S.SECOND_IN_PROGRESS, S.CORRECTION)),
    *((state, "save", state) for state in (S.FIRST_IN_PROGRESS, S.SECOND_IN_PROGRESS, S.CORRECTION)),
    (S.FIRST_IN_PROGRESS, "finish", S.FIRST_DONE),
    (S.FIRST_IN_PROGRESS, "finish", S.HAS_ERRORS),
    (S.SECOND_IN_PROGRESS, "finish", S.ACCEPTED),
    (S.SECOND_IN_PROGRESS, "finish", S.DIFFERENT),
    (S.SECOND_IN_PROGRESS, "finish", S.HAS_ERRORS),
    (S.DIFFERENT, "resolve", S.CORRECTION),
    (S.CORRECTION, "finish", S.CORRECTION),
    (S.CORRECTION, "finish", S.ACCEPTED),
    (S.CORRECTION, "finish", S.DIFFERENT),
    (S.CORRECTION, "finish", S.HAS_ERRORS),
    (S.DIFFERENT, "return", S.FIRST_IN_PROGRESS),
    (S.HAS_ERRORS, "return", S.FIRST_IN_PROGRESS),
    (S.SECOND_IN_PROGRESS, "discard-second", S.FIRST_DONE),
    (S.DIFFERENT, "discard-second", S.FIRST_DONE),
    *((state, "discard-both", S.EMPTY) for state in S if state not in (S.EMPTY, S.ACCEPTED)),
}


@st.composite
def typed_figures(draw: st.DrawFn) -> dict[str, int | None]:
    """The paper as typed: mostly right, sometimes with a slip or two, sometimes a blank box."""
    figures: dict[str, int | None] = dict(PAPER)
    kind = draw(st.sampled_from(("paper", "paper", "moved", "moved", "slips")))
    if kind == "moved":  # a paper moved from one pile to another: it still balances
        losing, gaining = draw(st.permutations(PARTS))[:2]
        figures[losing] = PAPER[losing] - 1
        figures[gaining] = PAPER[gaining] + 1
    elif kind == "slips":
        for _ in range(draw(st.integers(1, 2))):
            key = draw(st.sampled_from(KEYS))
            figures[key] = draw(st.sampled_from((None, 0, 1, 9, PAPER[key] + 1, PAPER[key] + 10)))
    return figures


def scrambled(entry: Entry) -> Entry:
    """The same entry (same people) with every figure changed and every box filled."""
    return replace(entry, figures={k: (entry.figures.get(k, 0) * 7 + 3) % 10_000 for k in KEYS})


class DoubleEntryMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.sheet = DoubleEntry(RULES.layout)
        self.moves: list[tuple[SheetState, str, SheetState]] = []

    def _moved(self, before: DoubleEntry, what: str, after: DoubleEntry) -> None:
        move = (before.state, what, after.state)
        assert move in ALLOWED, f"a move the design does not allow: {move}"
        self.moves.append(move)
        self.sheet = after

    @rule(person=st.sampled_from(PEOPLE))
    def start(self, person: str) -> None:
        before = self.sheet
        try:
            after = de.start(before, person)
        except EntryRefused:
            assert before.state != S.EMPTY
            if before.state == S.FIRST_DONE:
                assert before.first is not None and person in before.first.people  # the only reason
            return
        if before.state == S.FIRST_DONE:
            assert before.first is not None and person not in before.first.people
        self._moved(before, "start", after)

    @rule(person=st.sampled_from(PEOPLE), figures=typed_figures(), finish=st.booleans(),
          confirmed=st.booleans())
    def save(self, person: str, figures: dict[str, int | None], finish: bool, confirmed: bool) -> None:
        before = self.sheet
        try:
            after = de.save(before, RULES, person, figures, finish=finish, confirmed=confirmed)
        except NeedsConfirmation as need:
            assert finish and not confirmed and need.problems
            return
        except EntryRefused:
            return
        if before.state == S.CORRECTION:  # correction mode re-keys only the boxes sent back
            number = de.keying(before, person)
            for key in KEYS:
                if key not in before.pending[number]:
                    assert after.entry(number).figures.get(key) == before.entry(number).figures.get(key)
        self._moved(before, "finish" if finish else "save", after)

    @rule(data=st.data())
    def the_sheet_moves_on(self, data: st.DataObject) -> None:
        """Progress: the natural next step for the sheet's state, with drawn slips and choices
        (random people pressing random keys alone rarely get a sheet as far as a correction)."""
        state = self.sheet.state
        if state in (S.EMPTY, S.FIRST_DONE):
            first = PEOPLE.index(data.draw(st.sampled_from(PEOPLE)))
            for person in PEOPLE[first:] + PEOPLE[:first]:
                before = self.sheet
                self.start(person)
                if self.sheet is not before:
                    return
        elif state == S.DIFFERENT:
            step = data.draw(st.sampled_from(("resolve", "resolve", "resolve", "return", "second", "both")))
            if step == "resolve":
                self.resolve(data)
            elif step == "return":
                self.return_to_operator()
            else:
                self.discard(step)
        elif state == S.CORRECTION:
            person = data.draw(st.sampled_from(PEOPLE))
            if data.draw(st.booleans()):
                self.start(person)  # resuming a correction changes nothing
            try:
                number = de.keying(self.sheet, person)
            except EntryRefused:
                return
            other = self.sheet.entry(2 if number == 1 else 1).figures
            retyped = {  # from the paper, with a fresh slip, or the same as the other entry
                key: data.draw(st.sampled_from((PAPER[key], PAPER[key] + 1, 0, other.get(key, 0))))
                for key in sorted(self.sheet.pending[number])
            }
            self.save(person, retyped, data.draw(st.sampled_from((True, True, False))), True)
        else:
            for person in PEOPLE:
                try:
                    de.keying(self.sheet, person)
                except EntryRefused:
                    continue
                self.save(person, data.draw(typed_figures()), True, True)
                return

    @precondition(lambda self: self.sheet.state == S.DIFFERENT)
    @rule(data=st.data())
    def resolve(self, data: st.DataObject) -> None:
        before = self.sheet
        assert before.first is not None and before.second is not None
        differing = de.differing_cells(RULES.layout, before.first, before.second)
        assert differing
        choices = {k: data.draw(st.sampled_from(de.CHOICES)) for k in differing}
        after = de.resolve(before, choices)
        for number in (1, 2):
            sent_back = after.pending.get(number, frozenset())
            assert sent_back <= set(differing)  # only differing boxes go back
            for key in KEYS:  # the boxes sent back are blanked; every other box stays
                expected = None if key in sent_back else before.entry(number).figures.get(key)
                assert after.entry(number).figures.get(key) == expected
        self._moved(before, "resolve", after)

    @rule()
    def return_to_operator(self) -> None:
        before = self.sheet
        try:
            after = de.return_to_operator(before)
        except EntryRefused:
            assert before.state not in de.WAITING_FOR_SUPERVISOR
            return
        self._moved(before, "return", after)

    @rule(which=st.sampled_from(("second", "both")))
    def discard(self, which: str) -> None:
        before = self.sheet
        try:
            after = de.discard(before, RULES, which)
        except EntryRefused:
            return
        self._moved(before, f"discard-{which}", after)

    @invariant()
    def the_two_entries_are_by_different_people(self) -> None:
        if self.sheet.first is not None and self.sheet.second is not None:
            assert not (self.sheet.first.people & self.sheet.second.people)

    @invariant()
    def accepted_only_when_two_entries_agree_without_errors(self) -> None:
        sheet = self.sheet
        if sheet.state == S.ACCEPTED:
            assert sheet.first is not None and sheet.second is not None  # both entries kept
            assert sheet.first.figures == sheet.second.figures
            assert sheet.first.people.isdisjoint(sheet.second.people)
            assert not has_errors(RULES.problems(sheet.first.figures))
            assert de.accepted_sheet(sheet).votes["ashby"].total is not None

    @invariant()
    def nobody_keying_is_shown_the_other_entry(self) -> None:
        for person in PEOPLE:
            try:
                seen = de.view(self.sheet, RULES, person)
            except EntryRefused:
                continue
            own = self.sheet.entry(seen.number)
            assert seen.figures == own.figures
            other_number = 2 if seen.number == 1 else 1
            other = self.sheet.first if other_number == 1 else self.sheet.second
            if other is None:
                continue
            swapped = replace(self.sheet, **{"first" if other_number == 1 else "second": scrambled(other)})
            assert de.view(swapped, RULES, person) == seen  # nothing shown depends on the other entry

    @invariant()
    def a_correction_has_boxes_to_re_key(self) -> None:
        if self.sheet.state == S.CORRECTION:
            assert self.sheet.pending and all(self.sheet.pending.values())
            assert all(cells <= set(KEYS) for cells in self.sheet.pending.values())


DoubleEntryMachine.TestCase.settings = settings(
    max_examples=80, stateful_step_count=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_double_entry_machine = DoubleEntryMachine.TestCase

# Moves that fixed figures cannot reach: two agreeing entries with an error need the table's
# expected papers to change between them (a box re-verified), which this machine never does.
UNREACHABLE_HERE = {(S.SECOND_IN_PROGRESS, "finish", S.HAS_ERRORS)}
QUICK = settings(
    max_examples=300, stateful_step_count=50, deadline=None, phases=[Phase.generate],
    derandomize=True, suppress_health_check=list(HealthCheck),
)


@pytest.mark.slow
def test_the_machine_makes_every_move_the_design_allows(monkeypatch: pytest.MonkeyPatch) -> None:
    made: set[tuple[SheetState, str, SheetState]] = set()
    moved = DoubleEntryMachine._moved

    def recording(self: DoubleEntryMachine, before: DoubleEntry, what: str, after: DoubleEntry) -> None:
        moved(self, before, what, after)
        made.add((before.state, what, after.state))

    monkeypatch.setattr(DoubleEntryMachine, "_moved", recording)
    run_state_machine_as_test(DoubleEntryMachine, settings=settings(QUICK, max_examples=400))
    assert ALLOWED - UNREACHABLE_HERE - made == set()


def _same_person_may_key_both(sheet: DoubleEntry, person: str) -> DoubleEntry:
    if sheet.state == S.FIRST_DONE:
        return replace(sheet, state=S.SECOND_IN_PROGRESS, second=Entry(2, person))
    return START(sheet, person)


def _view_showing_the_other_entry(sheet: DoubleEntry, rules: SheetRules, person: str) -> EntryView:
    seen = VIEW(sheet, rules, person)
    other = sheet.first if seen.number == 2 else sheet.second
    return replace(seen, figures={**(other.figures if other else {}), **seen.figures})


def _resolve_without_blanking(sheet: DoubleEntry, choices: Mapping[str, str]) -> DoubleEntry:
    resolved = RESOLVE(sheet, choices)
    return replace(resolved, first=sheet.first, second=sheet.second)


START, VIEW, RESOLVE = de.start, de.view, de.resolve


@pytest.mark.parametrize(
    ("name", "broken"),
    [
        ("start", _same_person_may_key_both),
        ("view", _view_showing_the_other_entry),
        ("resolve", _resolve_without_blanking),
    ],
)
def test_the_machine_catches_a_broken_double_entry(
    monkeypatch: pytest.MonkeyPatch, name: str, broken: object
) -> None:
    """The machine can fail: with the rule broken, it finds a counter-example."""
    monkeypatch.setattr(de, name, broken)
    with pytest.raises(AssertionError):
        run_state_machine_as_test(DoubleEntryMachine, settings=QUICK)
