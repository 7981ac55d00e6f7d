"""The Returning Officer's milestones: provisional result, lots, declaration, its correction, suspension."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.domain.correction import correction_problem, current_value
from app.domain.election import Lot
from app.domain.result import ContestResult, compute_result
from app.domain.snapshot import FigureCorrection, StageRecord, SuspensionEvent
from app.domain.stage import (
    Precondition,
    declaration_checks,
    lot_checks,
    open_suspension,
    provisional_checks,
    tied_at_last_seat,
)
from app.services.backups import BackupOutcome, backup_after
from app.services.count_file import CountFile
from app.services.errors import BadInput, CheckFailed
from app.services.officer_action import (
    Acting,
    begin,
    check_file,
    confirm_pin,
    now_text,
    saving,
    text,
)
from app.store.recorder import record_lot as write_lot
from app.store.stages import insert_stage_record, insert_suspension


@dataclass(frozen=True)
class Milestone:
    """A provisional result or declaration saved, and the backup made after it."""

    record: StageRecord
    backup: BackupOutcome


@dataclass(frozen=True)
class Correction:
    """One misread figure to put right: a cell of a table's sheet in the declared round."""

    table: str
    field: str  # "votes" | "rejected" | "valid_papers" | "rejected_in_part"
    key: str  # candidate id or head key ("" for the papers figures)
    new: int


def preconditions(count_file: CountFile, contest_id: str) -> tuple[Precondition, ...]:
    """Every precondition of declaring (design.md §3), holding or not."""
    return declaration_checks(count_file.result(contest_id))


def provisional_checks_of(count_file: CountFile, contest_id: str) -> tuple[Precondition, ...]:
    """What must hold to record the provisional result now, holding or not."""
    return provisional_checks(count_file.result(contest_id))


def record_provisional(count_file: CountFile, contest_id: str) -> Milestone:
    """Record exactly these figures as the provisional result shown to candidates and agents."""
    acting = begin(
        count_file, contest_id, "record-provisional", "record-provisional",
        provisional_checks, "The provisional result",
    )
    return _record_stage(count_file, contest_id, acting, "provisional", "The provisional result")


def record_lot(
    count_file: CountFile,
    contest_id: str,
    winner: str,
    method: str,
    witnesses: Sequence[str],
) -> Lot:
    """The lot drawn between the candidates level at the last seat; the winner gets one more vote."""
    acting = begin(count_file, contest_id, "record-lot", "draw-lot", lot_checks, "Recording a lot")
    tied, _ = tied_at_last_seat(acting.result)
    if winner not in tied:
        names = ", ".join(acting.result.contest.candidate(c).name for c in tied)
        raise BadInput(f"the winner of the lot must be one of the tied candidates: {names}.")
    named = tuple(w.strip() for w in witnesses if w.strip())
    if not named:
        raise BadInput("name at least one witness of the lot (a candidate or agent present).")
    lot = Lot(tied=tied, winner=winner, method=text(method, "how the lot was drawn"),
              witnesses=named, drawn_at=now_text())
    with saving(), count_file.store.action(
        acting.actor, "record-lot", acting.object,
        after={"tied": list(tied), "winner": winner, "method": lot.method,
               "witnesses": list(named)},
    ) as db:
        write_lot(db, contest_id, lot)
    return lot


def declare(count_file: CountFile, contest_id: str, pin: str) -> Milestone:
    """Declare the result: every precondition holds, the RO's PIN, then the store locks the contest."""
    acting = begin(
        count_file, contest_id, "declare", "declare", declaration_checks, "The declaration"
    )
    confirm_pin(count_file, acting.actor, pin, "The declaration")
    return _record_stage(count_file, contest_id, acting, "declared", "The declaration")


# The stage's audit verb and the words its automatic backup is logged with.
_STAGE_ACTIONS = {
    "provisional": ("record-provisional", "provisional result"),
    "declared": ("declare", "declaration"),
}


def _record_stage(count_file: CountFile, contest_id: str, acting: Acting, stage: str, what: str) -> Milestone:
    """Record exactly the current figures as this stage (after the file's own checks), then back up."""
    verb, backup_words = _STAGE_ACTIONS[stage]
    check_file(count_file, acting.result, what)
    record = StageRecord(
        stage=stage,
        snapshot=acting.result.figures,
        recorded_by=acting.actor.name,
        recorded_at=now_text(),
    )
    with saving(), count_file.store.action(
        acting.actor, verb, acting.object, after=record.snapshot.as_json()
    ) as db:
        insert_stage_record(db, contest_id, record)
    return Milestone(record, backup_after(count_file, backup_words))


def _corrected(
    result: ContestResult, corrections: Sequence[Correction]
) -> tuple[FigureCorrection, ...]:
    contest = result.contest
    made: list[FigureCorrection] = []
    tables = dict(result.tables)
    for item in corrections:
        problem = correction_problem(contest, tables, item.table, item.field, item.key, item.new)
        if problem:
            raise BadInput(f"{problem}; nothing was corrected.")
        old = current_value(tables[item.table], item.field, item.key)
        made.append(FigureCorrection(result.round, item.table, item.field, item.key, old, item.new))
    return tuple(made)


def correct_declaration(
    count_file: CountFile,
    contest_id: str,
    corrections: Sequence[Correction],
    reason: str,
    pin: str,
) -> Milestone:
    """Put misread figures right: a superseding declaration naming the one it replaces.

    The corrected figures must still reconcile and leave no tie at the last seat (a declared
    contest can no longer draw a lot); every earlier declaration stays on the record.
    """
    acting = begin(count_file, contest_id, "correct-declaration", "correct-declaration")
    reason = text(reason, "the reason for the correction (what was misread)")
    if not corrections:
        raise BadInput("give at least one corrected figure; nothing was corrected.")
    made = _corrected(acting.result, corrections)
    contest = acting.result.contest
    replaced = len(contest.declarations)
    draft = StageRecord(
        "declared", acting.result.figures, acting.actor.name, now_text(), replaced, reason, made
    )
    after = compute_result(replace(contest, stage_records=(*contest.stage_records, draft)))
    if not after.reconciled:
        raise CheckFailed(
            "the corrected figures do not reconcile (valid papers + rejected papers must equal the "
            "papers verified); correct every misread figure together. Nothing was corrected."
        )
    if after.lot_needed:
        raise CheckFailed(
            "the corrected figures leave candidates level at the last seat, which needs a lot; "
            "nothing was corrected."
        )
    confirm_pin(count_file, acting.actor, pin, "The correction")
    check_file(count_file, acting.result, "The correction")
    record = replace(draft, snapshot=after.figures)
    with saving(), count_file.store.action(
        acting.actor, "correct-declaration", acting.object,
        before=acting.result.figures.as_json(),
        after={
            "supersedes": replaced,
            "corrections": [c.__dict__ for c in made],
            "figures": record.snapshot.as_json(),
        },
        reason=reason,
    ) as db:
        insert_stage_record(db, contest_id, record)
    return Milestone(record, backup_after(count_file, "corrected declaration"))


def _seals(seals: Sequence[str]) -> tuple[str, ...]:
    numbers = tuple(s.strip() for s in seals if s.strip())
    if not numbers:
        raise BadInput("give the seal numbers on the sealed papers (at least one); nothing was saved.")
    return numbers


def suspend(
    count_file: CountFile, contest_id: str, reason: str, seals: Sequence[str]
) -> SuspensionEvent:
    """Suspend the count: the papers are sealed away, with the seal numbers recorded."""
    acting = begin(count_file, contest_id, "suspend", "suspend")
    event = SuspensionEvent(
        "suspend", text(reason, "the reason for suspending the count"), _seals(seals),
        acting.actor.name, now_text(),
    )
    with saving(), count_file.store.action(
        acting.actor, "suspend", acting.object,
        before={"stage": acting.result.stage}, after={"seals": list(event.seals)},
        reason=event.reason,
    ) as db:
        insert_suspension(db, contest_id, event)
    return event


@dataclass(frozen=True)
class Resumed:
    event: SuspensionEvent
    missing: tuple[str, ...]  # seals recorded at suspension that were not found
    unexpected: tuple[str, ...]  # seals found that were not recorded

    @property
    def seals_match(self) -> bool:
        return not self.missing and not self.unexpected


def resume(
    count_file: CountFile, contest_id: str, reason: str, seals_found: Sequence[str]
) -> Resumed:
    """Resume the count, recording the seal numbers as found (differences are kept and shown)."""
    acting = begin(count_file, contest_id, "resume", "resume")
    suspended = open_suspension(acting.result.contest)
    found = _seals(seals_found)
    event = SuspensionEvent(
        "resume", text(reason, "the reason for resuming (e.g. seals checked intact)"), found,
        acting.actor.name, now_text(),
    )
    recorded = suspended.seals if suspended else ()
    resumed = Resumed(
        event,
        missing=tuple(s for s in recorded if s not in found),
        unexpected=tuple(s for s in found if s not in recorded),
    )
    with saving(), count_file.store.action(
        acting.actor, "resume", acting.object,
        before={"seals": list(recorded)},
        after={"seals": list(found), "missing": list(resumed.missing),
               "unexpected": list(resumed.unexpected)},
        reason=event.reason,
    ) as db:
        insert_suspension(db, contest_id, event)
    return resumed
