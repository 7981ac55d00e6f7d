"""Blind double entry of one count sheet: its states, who may key what, comparing, correcting, accepting."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from app.domain.catalogue import Problem
from app.domain.election import CountSheet
from app.domain.entry_cells import EntryRefused, Figures, SheetLayout, blank_cells, count_sheet
from app.domain.entry_check import SheetRules, has_errors


class SheetState(StrEnum):
    EMPTY = "empty"
    FIRST_IN_PROGRESS = "first-in-progress"
    FIRST_DONE = "first-done"
    SECOND_IN_PROGRESS = "second-in-progress"
    DIFFERENT = "different"  # waits for the supervisor
    CORRECTION = "correction"  # only the boxes the supervisor sent back are re-keyed
    HAS_ERRORS = "has-errors"  # finished with confirmed errors: waits for the supervisor
    ACCEPTED = "accepted"


WAITING_FOR_SUPERVISOR = frozenset({SheetState.DIFFERENT, SheetState.HAS_ERRORS})
CHOICES = ("first", "second", "neither")  # which entry matches the paper, per differing box


class NeedsConfirmation(EntryRefused):
    """Finishing a sheet that shows problems needs the operator to confirm the paper says so."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"the sheet shows {count} problem{'s' if count != 1 else ''}: check each against the "
            "paper sheet, correct any typing, or confirm that the paper says exactly this."
        )


@dataclass(frozen=True)
class Entry:
    """One person's keying of a sheet: the boxes typed so far and who typed each."""

    number: int  # 1 or 2
    operator: str  # who started it
    figures: Mapping[str, int] = field(default_factory=dict)  # blank boxes are absent
    typed_by: Mapping[str, str] = field(default_factory=dict)
    finished: bool = False
    confirmed: bool = False  # finished showing problems, after the operator confirmed the paper

    @property
    def people(self) -> frozenset[str]:
        return frozenset({self.operator, *self.typed_by.values()})


@dataclass(frozen=True)
class DoubleEntry:
    """The state of one (round, table) sheet. Both entries stay, whatever happens to the sheet."""

    layout: SheetLayout
    state: SheetState = SheetState.EMPTY
    first: Entry | None = None
    second: Entry | None = None
    pending: Mapping[int, frozenset[str]] = field(default_factory=dict)  # entry -> boxes to re-key
    single_entry: bool = False  # by a recorded Returning Officer decision for the contest

    def entry(self, number: int) -> Entry:
        found = self.first if number == 1 else self.second
        if found is None:
            raise EntryRefused(f"table {self.layout.table_id} has no entry {number}.")
        return found

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for e in (self.first, self.second) if e is not None)


@dataclass(frozen=True)
class EntryView:
    """What an operator keying a sheet is shown. Built from their own entry alone: it holds no
    figure of the other entry, so nothing handed to an entry screen can reveal one."""

    rules: SheetRules
    number: int
    operator: str
    figures: Mapping[str, int]
    editable: frozenset[str]
    correction: bool
    single_entry: bool

    @property
    def layout(self) -> SheetLayout:
        return self.rules.layout

    @property
    def expected(self) -> int | None:
        return self.rules.expected


def differing_cells(layout: SheetLayout, first: Entry, second: Entry) -> tuple[str, ...]:
    """The boxes whose figures differ between the entries, in paper order."""
    return tuple(k for k in layout.keys if first.figures.get(k) != second.figures.get(k))


def _other(number: int) -> int:
    return 2 if number == 1 else 1


def keying(sheet: DoubleEntry, person: str) -> int:
    """The entry `person` is keying now (1 or 2); refused with the reason otherwise."""
    table = sheet.layout.table_id
    state = sheet.state
    if state == SheetState.FIRST_IN_PROGRESS and sheet.first is not None:
        if person == sheet.first.operator:
            return 1
        raise EntryRefused(
            f"{sheet.first.operator} is keying the first entry of table {table}; they can carry "
            "on with it, or a supervisor can discard it."
        )
    if state == SheetState.SECOND_IN_PROGRESS and sheet.second is not None:
        if person == sheet.second.operator:
            return 2
        raise EntryRefused(
            f"{sheet.second.operator} is keying the second entry of table {table}; they can carry "
            "on with it, or a supervisor can discard it."
        )
    if state == SheetState.CORRECTION:
        open_ = sorted(n for n, cells in sheet.pending.items() if cells)
        allowed = [n for n in open_ if person not in sheet.entry(_other(n)).people]
        own = [n for n in allowed if person in sheet.entry(n).people]
        if own or allowed:
            return (own or allowed)[0]
        raise EntryRefused(
            f"you keyed the other entry of table {table}: the boxes sent back must be re-keyed "
            "by someone who did not key that entry."
        )
    raise EntryRefused(_not_open_reason(sheet))


def _not_open_reason(sheet: DoubleEntry) -> str:
    table = sheet.layout.table_id
    return {
        SheetState.EMPTY: f"nobody has started table {table}'s sheet yet.",
        SheetState.FIRST_DONE: f"table {table}'s first entry is finished; its second entry has not started.",
        SheetState.DIFFERENT: (
            f"the two entries of table {table} differ; the sheet waits for the supervisor to "
            "compare them with the paper sheet."
        ),
        SheetState.HAS_ERRORS: (
            f"table {table}'s sheet was finished with errors; it waits for the supervisor."
        ),
        SheetState.ACCEPTED: (
            f"table {table}'s sheet is accepted in round {sheet.layout.round_number}; a change "
            "needs a recount (a new round)."
        ),
    }.get(sheet.state, f"table {table}'s sheet cannot be keyed now.")


def start(sheet: DoubleEntry, person: str) -> DoubleEntry:
    """Claim the next entry for `person` (or resume theirs); the second must be someone else."""
    if sheet.state == SheetState.EMPTY:
        return replace(sheet, state=SheetState.FIRST_IN_PROGRESS, first=Entry(1, person))
    if sheet.state == SheetState.FIRST_DONE and sheet.first is not None:
        if person in sheet.first.people:
            raise EntryRefused(
                f"you keyed the first entry of table {sheet.layout.table_id}: the second entry "
                "must be keyed by a different person (they sign in with their own name and PIN)."
            )
        return replace(sheet, state=SheetState.SECOND_IN_PROGRESS, second=Entry(2, person))
    keying(sheet, person)  # resuming one's own entry or correction changes nothing
    return sheet


def view(sheet: DoubleEntry, rules: SheetRules, person: str) -> EntryView:
    """The entry screen's content for `person`: their own figures only (blind to the other)."""
    number = keying(sheet, person)
    own = sheet.entry(number)
    correction = sheet.state == SheetState.CORRECTION
    editable = sheet.pending.get(number, frozenset()) if correction else rules.layout.key_set
    return EntryView(
        rules=rules,
        number=number,
        operator=person,
        figures=dict(own.figures),
        editable=frozenset(editable),
        correction=correction,
        single_entry=sheet.single_entry,
    )


def save(
    sheet: DoubleEntry,
    rules: SheetRules,
    person: str,
    figures: Figures,
    *,
    finish: bool = False,
    confirmed: bool = False,
) -> DoubleEntry:
    """Save what `person` typed; with `finish`, finish their entry and move the sheet on."""
    layout = rules.layout
    number = keying(sheet, person)
    own = sheet.entry(number)
    unknown = sorted(figures.keys() - layout.key_set)
    if unknown:
        raise EntryRefused(f"table {layout.table_id}'s sheet has no box {unknown[0]!r}.")
    correction = sheet.state == SheetState.CORRECTION
    allowed = sheet.pending.get(number, frozenset()) if correction else layout.key_set
    typed = {k: v for k, v in figures.items() if v is not None}
    if correction:
        for key in layout.keys:
            if key not in allowed and key in figures and figures[key] != own.figures.get(key):
                raise EntryRefused(
                    f"only the boxes the supervisor sent back may be re-keyed; "
                    f"{layout.describe(key)} stays as it is."
                )
        typed = {**{k: v for k, v in own.figures.items() if k not in allowed},
                 **{k: v for k, v in typed.items() if k in allowed}}
    typed_by = {k: own.typed_by[k] if own.figures.get(k) == v and k in own.typed_by else person
                for k, v in typed.items()}
    if not finish:
        return _with_entry(sheet, replace(own, figures=typed, typed_by=typed_by))
    blanks = blank_cells(layout, typed)
    if blanks:
        names = "; ".join(layout.describe(k) for k in blanks[:3])
        more = f" and {len(blanks) - 3} more" if len(blanks) > 3 else ""
        raise EntryRefused(f"type a figure in every box (0 if there are none): {names}{more}.")
    problems = rules.problems(typed)
    if problems and not confirmed:
        raise NeedsConfirmation(problems)
    entry = replace(own, figures=typed, typed_by=typed_by, finished=True, confirmed=bool(problems))
    updated = _with_entry(sheet, entry)
    if correction:
        pending = {n: cells for n, cells in sheet.pending.items() if n != number and cells}
        updated = replace(updated, pending=pending)
        if pending:
            return updated
        return _settle(updated, rules)
    if number == 1:
        if has_errors(problems):
            return replace(updated, state=SheetState.HAS_ERRORS)
        if sheet.single_entry:
            return replace(updated, state=SheetState.ACCEPTED)
        return replace(updated, state=SheetState.FIRST_DONE)
    return _settle(updated, rules)


def _with_entry(sheet: DoubleEntry, entry: Entry) -> DoubleEntry:
    return replace(sheet, first=entry) if entry.number == 1 else replace(sheet, second=entry)


def _settle(sheet: DoubleEntry, rules: SheetRules) -> DoubleEntry:
    """Both entries finished: accepted when they agree and show no error."""
    first, second = sheet.entry(1), sheet.entry(2)
    if differing_cells(rules.layout, first, second):
        return replace(sheet, state=SheetState.DIFFERENT, pending={})
    if has_errors(rules.problems(first.figures)):
        return replace(sheet, state=SheetState.HAS_ERRORS, pending={})
    return replace(sheet, state=SheetState.ACCEPTED, pending={})


def resolve(sheet: DoubleEntry, choices: Mapping[str, str]) -> DoubleEntry:
    """The supervisor's decision per differing box: which entry matches the paper. The boxes of
    the entry that does not are blanked and sent back to be re-keyed (correction mode)."""
    if sheet.state != SheetState.DIFFERENT or sheet.first is None or sheet.second is None:
        raise EntryRefused(f"table {sheet.layout.table_id}'s entries are not waiting to be compared.")
    differing = differing_cells(sheet.layout, sheet.first, sheet.second)
    if set(choices) != set(differing):
        raise EntryRefused(
            "choose, for every differing figure and only those, which entry matches the paper."
        )
    wrong = [c for c in choices.values() if c not in CHOICES]
    if wrong:
        raise EntryRefused(f"{wrong[0]!r} is not a choice; choose first, second or neither.")
    pending = {
        1: frozenset(k for k, c in choices.items() if c in ("second", "neither")),
        2: frozenset(k for k, c in choices.items() if c in ("first", "neither")),
    }
    pending = {n: cells for n, cells in pending.items() if cells}
    updated = replace(sheet, state=SheetState.CORRECTION, pending=pending)
    for number, cells in pending.items():
        entry = updated.entry(number)
        updated = _with_entry(
            updated,
            replace(
                entry,
                figures={k: v for k, v in entry.figures.items() if k not in cells},
                typed_by={k: v for k, v in entry.typed_by.items() if k not in cells},
                finished=False,
                confirmed=False,
            ),
        )
    return updated


def return_to_operator(sheet: DoubleEntry) -> DoubleEntry:
    """The paper sheet was corrected at the table: its first entry reopens for re-keying, and any
    second entry is set aside (the corrected paper needs a fresh one)."""
    if sheet.state not in WAITING_FOR_SUPERVISOR or sheet.first is None:
        raise EntryRefused(f"table {sheet.layout.table_id}'s sheet is not waiting for the supervisor.")
    first = replace(sheet.first, finished=False, confirmed=False)
    return replace(sheet, state=SheetState.FIRST_IN_PROGRESS, first=first, second=None, pending={})


def discard(sheet: DoubleEntry, rules: SheetRules, which: str) -> DoubleEntry:
    """Set aside the second entry (a fresh one is keyed) or both (the sheet starts again)."""
    table = sheet.layout.table_id
    if which == "both":
        if sheet.state in (SheetState.EMPTY, SheetState.ACCEPTED):
            raise EntryRefused(f"table {table}'s sheet has no open entries to discard.")
        return replace(sheet, state=SheetState.EMPTY, first=None, second=None, pending={})
    if which == "second":
        if sheet.state not in (SheetState.SECOND_IN_PROGRESS, SheetState.DIFFERENT):
            raise EntryRefused(
                f"table {table}'s second entry can be discarded only while it is being keyed or "
                "when the entries differ."
            )
        if sheet.first is None or not sheet.first.finished:
            raise EntryRefused(f"table {table}'s first entry is not finished.")
        if has_errors(rules.problems(sheet.first.figures)):
            raise EntryRefused(
                f"table {table}'s first entry shows errors, so it cannot be kept on its own: "
                "send the differing boxes back, return the sheet to its operator, or discard both."
            )
        return replace(sheet, state=SheetState.FIRST_DONE, second=None, pending={})
    raise EntryRefused(f"{which!r}: discard the 'second' entry or 'both'.")


def accepted_sheet(sheet: DoubleEntry) -> CountSheet:
    """The figures to record once the sheet is accepted (the entries agree, so either will do)."""
    if sheet.state != SheetState.ACCEPTED or sheet.first is None:
        raise EntryRefused(f"table {sheet.layout.table_id}'s sheet is not accepted.")
    return count_sheet(sheet.layout, sheet.first.figures)
