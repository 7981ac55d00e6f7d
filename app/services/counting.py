"""Keying count sheets: blind double entry, supervisors' resolutions, acknowledged warnings, single entry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain import double_entry
from app.domain.catalogue import Problem
from app.domain.double_entry import DoubleEntry, EntryView, SheetState
from app.domain.election import Contest
from app.domain.entry_cells import EntryRefused, SheetLayout
from app.domain.entry_check import SheetRules
from app.domain.entry_review import Comparison, compare
from app.domain.figures import FigureError, parse_count
from app.domain.policy import refusal
from app.domain.result import ContestResult
from app.domain.stage import tables_to_count
from app.services.count_file import CountFile, local_now
from app.services.errors import BadInput
from app.services.kept_sheets import CheckedRules, KeptSheets
from app.store.audit import Actor
from app.store.entries import (
    Acknowledgement,
    SingleEntryDecision,
    StoredSheet,
    acknowledgements,
    ensure_first_round,
    load_double_entry,
    record_acknowledgement,
    record_resolution,
    record_single_entry,
    sheet_states,
    single_entry_decision,
    write_double_entry,
)

_STEP = {
    SheetState.EMPTY: "first entry needed",
    SheetState.FIRST_IN_PROGRESS: "first entry being keyed",
    SheetState.FIRST_DONE: "second entry needed",
    SheetState.SECOND_IN_PROGRESS: "second entry being keyed",
    SheetState.DIFFERENT: "entries differ: waits for the supervisor",
    SheetState.CORRECTION: "boxes sent back to be re-keyed",
    SheetState.HAS_ERRORS: "finished with errors: waits for the supervisor",
    SheetState.ACCEPTED: "accepted",
}


class ConfirmPaper(BadInput):
    """Finishing needs the operator's confirmation that the paper sheet says exactly this."""

    def __init__(self, message: str, problems: tuple[Problem, ...]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class TableProgress:
    """Where one table's sheet stands in the round: no figures, only the state and who keyed it.

    `counted` is False for a table outside a partial recount's scope: it has no sheet to key in
    this round (its figures carry over from round `round_number` - 1), so it never waits for one."""

    table_id: str
    expected: int | None
    state: SheetState
    operators: tuple[str, ...]
    round_number: int = 1
    counted: bool = True

    @property
    def step(self) -> str:
        if not self.counted:
            return f"not recounted in round {self.round_number}: its figures carry over"
        return _STEP[self.state]

    @property
    def needs_work(self) -> bool:
        """Whether someone still has to key, correct or review this table's sheet in the round."""
        return self.counted and self.state != SheetState.ACCEPTED


@dataclass(frozen=True)
class Saved:
    """What a save did: the sheet's state, a sentence for the operator, and their screen if still open."""

    state: SheetState
    message: str
    view: EntryView | None


@dataclass(frozen=True)
class _Sheet:
    contest: Contest
    result: ContestResult
    rules: SheetRules
    stored: StoredSheet
    opens_round: bool

    @property
    def layout(self) -> SheetLayout:
        return self.rules.layout

    @property
    def sheet(self) -> DoubleEntry:
        return self.stored.sheet


def _object(layout: SheetLayout) -> str:
    return f"contest {layout.contest_id}, round {layout.round_number}, table {layout.table_id}"


class Counting:
    """The verbs of count-sheet entry on one count file; the actor is whoever is signed in."""

    def __init__(self, count_file: CountFile, now: Callable[[], datetime] = local_now) -> None:
        self._file = count_file
        self._now = now
        self._kept = KeptSheets(lambda: count_file.store)

    # context
    def _actor(self, action: str, result: ContestResult) -> Actor:
        actor = self._file.session.actor
        why = refusal(actor.role, action, result.stage)
        if why:
            # every denial is on the record (design.md §6), as `require` logs its own
            obj = f"contest {result.contest.id}"
            self._file.session.record_denial(actor, action, result.stage, obj, why)
            raise BadInput(f"{why}.")
        return actor

    def _sheet(
        self, contest_id: str, table_id: str, read: tuple[Contest, ContestResult] | None = None
    ) -> _Sheet:
        contest, result = read or self._read(contest_id)
        round_number = contest.current_round or 1
        layout = self._kept.layout(contest, round_number, table_id)
        rules = CheckedRules(contest, layout, result.expected_papers.get(table_id))
        stored = self._kept.written(layout)
        if stored is None:
            decision = single_entry_decision(self._file.store.db, contest_id)
            single = decision is not None and decision.single_entry
            stored = load_double_entry(self._file.store.db, layout, single)
        return _Sheet(contest, result, rules, stored, opens_round=not contest.rounds)

    def _write(
        self, actor: Actor, verb: str, found: _Sheet, new: DoubleEntry, *, after: dict[str, object],
        reason: str | None = None, extra: Callable[[Any], None] | None = None,
    ) -> None:
        """One action: the sheet's new rows (and round 1, when the count starts) with one event."""
        before = {"state": found.sheet.state.value}
        after = {"state": new.state.value, **after}
        with self._file.store.action(
            actor, verb, _object(found.layout), before=before, after=after, reason=reason
        ) as db:
            if found.opens_round:
                ensure_first_round(db, found.contest.id)
            stored = write_double_entry(db, found.stored, new, actor.name)
            if extra is not None:
                extra(db)
        self._kept.wrote(stored)

    def _read(self, contest_id: str) -> tuple[Contest, ContestResult]:
        # through the file's kept results: opening a sheet writes entry rows, never figures, so a
        # save right after it reads the result computed for the opening (result_cache.py)
        result = self._file.result(contest_id)
        return result.contest, result

    # the operator's verbs
    def tables(self, contest_id: str) -> list[TableProgress]:
        """Each table of the round with its state, in the contest's table order."""
        contest, result = read = self._read(contest_id)
        round_number = contest.current_round or 1
        states = sheet_states(self._file.store.db, contest_id, round_number)
        counted = set(tables_to_count(contest))  # a partial recount's tables; else all of them
        progress = []
        for table in contest.count_tables:
            state = states.get(table.id, SheetState.EMPTY)
            operators: tuple[str, ...] = ()
            if state not in (SheetState.EMPTY, SheetState.ACCEPTED):
                found = self._sheet(contest_id, table.id, read)
                operators = tuple(e.operator for e in found.sheet.entries)
            progress.append(
                TableProgress(
                    table.id, result.expected_papers.get(table.id), state, operators,
                    round_number, table.id in counted,
                )
            )
        return progress

    def open_sheet(self, contest_id: str, table_id: str) -> EntryView:
        """Start (or resume) the signed-in person's entry of a table's sheet, blind to the other."""
        found = self._sheet(contest_id, table_id)
        correcting = found.sheet.state == SheetState.CORRECTION
        actor = self._actor("correct-entry" if correcting else "enter-sheet", found.result)
        if found.rules.expected is None:
            raise BadInput(
                f"table {table_id}'s ballot boxes are not all verified yet; verify them before "
                "keying its count sheet."
            )
        try:
            new = double_entry.start(found.sheet, actor.name)
            entry_view = double_entry.view(new, found.rules, actor.name)
        except EntryRefused as error:
            raise BadInput(str(error)) from None
        if new != found.sheet:
            self._write(actor, "start-entry", found, new, after={"entry": entry_view.number})
        return entry_view

    def save(
        self,
        contest_id: str,
        table_id: str,
        typed: Mapping[str, str],
        *,
        finish: bool = False,
        confirmed: bool = False,
    ) -> Saved:
        """Save the boxes as typed (digits only; blank is allowed until finishing)."""
        found = self._sheet(contest_id, table_id)
        correcting = found.sheet.state == SheetState.CORRECTION
        actor = self._actor("correct-entry" if correcting else "enter-sheet", found.result)
        figures = self._parse(found.layout, typed)
        try:
            number = double_entry.keying(found.sheet, actor.name)
            new = double_entry.save(
                found.sheet, found.rules, actor.name, figures, finish=finish, confirmed=confirmed
            )
        except double_entry.NeedsConfirmation as need:
            raise ConfirmPaper(str(need)[:1].upper() + str(need)[1:], need.problems) from None
        except EntryRefused as error:
            raise BadInput(str(error)) from None
        old_entry = found.sheet.entry(number)
        new_entry = new.entry(number)
        changed = {k: v for k, v in new_entry.figures.items() if old_entry.figures.get(k) != v}
        verb = "finish-entry" if finish else "save-entry"
        if correcting:
            verb = "finish-correction" if finish else "save-correction"
        self._write(actor, verb, found, new, after={"entry": number, "typed": changed})
        message = self._outcome(found.layout, new, finish)
        still_open = new.state in (SheetState.FIRST_IN_PROGRESS, SheetState.SECOND_IN_PROGRESS) or (
            new.state == SheetState.CORRECTION and number in new.pending
        )
        return Saved(
            new.state, message, double_entry.view(new, found.rules, actor.name) if still_open else None
        )

    @staticmethod
    def _parse(layout: SheetLayout, typed: Mapping[str, str]) -> dict[str, int | None]:
        figures: dict[str, int | None] = {}
        keys = layout.key_set
        for key, text in typed.items():
            if key not in keys:
                raise BadInput(f"table {layout.table_id}'s sheet has no box {key!r}.")
            if text == "":
                figures[key] = None
                continue
            try:
                figures[key] = parse_count(text)
            except FigureError as error:
                raise BadInput(f"{layout.describe(key)}: {error}; nothing was saved.") from None
        return figures

    @staticmethod
    def _outcome(layout: SheetLayout, new: DoubleEntry, finish: bool) -> str:
        table = layout.table_id
        if not finish:
            return "Saved."
        return {
            SheetState.FIRST_DONE: (
                f"First entry of table {table} finished. A different person keys the second entry."
            ),
            SheetState.HAS_ERRORS: (
                f"Table {table}'s sheet is finished with errors and waits for the supervisor."
            ),
            SheetState.DIFFERENT: (
                f"The two entries of table {table} differ. The supervisor will compare them with "
                "the paper sheet."
            ),
            SheetState.CORRECTION: (
                f"Your boxes of table {table} are saved; the other entry's are still open."
            ),
            SheetState.ACCEPTED: (
                f"Table {table}'s sheet is accepted (single entry by the Returning Officer's decision)."
                if new.single_entry
                else f"Table {table}'s sheet is accepted: both entries agree."
            ),
        }.get(new.state, "Saved.")

    # the supervisor's verbs
    def comparison(self, contest_id: str, table_id: str) -> Comparison:
        """Both entries side by side (supervisors only: operators never see the other entry)."""
        found = self._sheet(contest_id, table_id)
        self._actor("resolve-difference", found.result)
        return compare(found.sheet, found.rules)

    def waiting(self, contest_id: str) -> list[Comparison]:
        """The sheets of the round that wait for a supervisor or are being corrected."""
        read = self._read(contest_id)
        self._actor("resolve-difference", read[1])
        waiting = (SheetState.DIFFERENT, SheetState.HAS_ERRORS, SheetState.CORRECTION)
        found = [self._sheet(contest_id, p.table_id, read) for p in self.tables(contest_id)
                 if p.state in waiting]
        return [compare(each.sheet, each.rules) for each in found]

    def resolve(
        self, contest_id: str, table_id: str, choices: Mapping[str, str], reason: str | None = None
    ) -> SheetState:
        """Per differing box, which entry matches the paper; the others are sent back to re-key."""
        found = self._sheet(contest_id, table_id)
        actor = self._actor("resolve-difference", found.result)
        try:
            new = double_entry.resolve(found.sheet, choices)
        except EntryRefused as error:
            raise BadInput(str(error)) from None
        note = (reason or "").strip() or None
        sheet = found.sheet
        self._write(
            actor, "resolve-differences", found, new, reason=note,
            after={
                "choices": dict(choices),
                "sent_back": {str(n): sorted(c) for n, c in new.pending.items()},
            },
            extra=lambda db: record_resolution(db, sheet, choices, actor.name, note),
        )
        return new.state

    def return_to_operator(self, contest_id: str, table_id: str, reason: str) -> SheetState:
        """The paper sheet was corrected: its first entry reopens for its operator."""
        return self._supervise(
            contest_id, table_id, reason, "return-sheet",
            lambda sheet, _rules: double_entry.return_to_operator(sheet),
        )

    def discard(self, contest_id: str, table_id: str, which: str, reason: str) -> SheetState:
        """Set aside the second entry, or both (both stay in the file for the audit)."""
        return self._supervise(
            contest_id, table_id, reason, "discard-entry",
            lambda sheet, rules: double_entry.discard(sheet, rules, which),
        )

    def _supervise(
        self, contest_id: str, table_id: str, reason: str, verb: str,
        step: Callable[[DoubleEntry, SheetRules], DoubleEntry],
    ) -> SheetState:
        found = self._sheet(contest_id, table_id)
        actor = self._actor("resolve-difference", found.result)
        if not reason.strip():
            raise BadInput("give the reason; it is kept with the sheet's record.")
        try:
            new = step(found.sheet, found.rules)
        except EntryRefused as error:
            raise BadInput(str(error)) from None
        self._write(actor, verb, found, new, after={"entries": len(new.entries)}, reason=reason.strip())
        return new.state

    def open_warnings(self, contest_id: str) -> list[Problem]:
        """The contest's warnings nobody has acknowledged yet."""
        return [p for p in self._file.result(contest_id).problems if p.severity == "warning"]

    def acknowledge(self, contest_id: str, warning: Problem, reason: str) -> None:
        """A supervisor acknowledges an open warning, with the reason; it leaves the open problems."""
        result = self._file.result(contest_id)
        actor = self._actor("acknowledge-warning", result)
        if not reason.strip():
            raise BadInput(
                "give the reason for acknowledging the warning; it is printed on the count summary."
            )
        if warning not in result.problems or warning.severity != "warning":
            raise BadInput(f"{warning.code} is not an open warning of this contest; refresh and try again.")
        at = self._now().isoformat(timespec="seconds")
        with self._file.store.action(
            actor, "acknowledge-warning", f"contest {contest_id}",
            after={"code": warning.code, "where": warning.where, "message": warning.message},
            reason=reason.strip(),
        ) as db:
            record_acknowledgement(db, contest_id, warning, actor.name, at, reason.strip())

    def acknowledgements(self, contest_id: str) -> list[Acknowledgement]:
        return acknowledgements(self._file.store.db, contest_id)

    # the Returning Officer's decision
    def single_entry(self, contest_id: str) -> SingleEntryDecision | None:
        return single_entry_decision(self._file.store.db, contest_id)

    def decide_single_entry(self, contest_id: str, single: bool, reason: str) -> None:
        """The RO's recorded decision that a contest's sheets are keyed once (or twice again)."""
        result = self._file.result(contest_id)
        actor = self._actor("allow-single-entry", result)
        if not reason.strip():
            raise BadInput("give the reason for the decision; it is printed on the count summary.")
        at = self._now().isoformat(timespec="seconds")
        with self._file.store.action(
            actor, "decide-single-entry", f"contest {contest_id}",
            after={"single_entry": single}, reason=reason.strip(),
        ) as db:
            record_single_entry(db, contest_id, single, actor.name, at, reason.strip())
