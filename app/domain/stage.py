"""The stages of a contest (design.md §3): the transitions allowed, the stage now, what must hold to act."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.election import Contest
from app.domain.long_dates import format_moment
from app.domain.sheet import TableFigures
from app.domain.snapshot import Snapshot, StageRecord, SuspensionEvent
from app.domain.verification import BoxStatus

if TYPE_CHECKING:  # result.py imports this module for the stage; hints only, no cycle at run time
    from app.domain.result import ContestResult

STAGES = ("setup", "verification", "counting", "provisional", "declared", "suspended")
BEFORE_DECLARED = ("setup", "verification", "counting", "provisional")
RESUMED = "resumed"  # a transition's target meaning "the stage the suspension interrupted"

EVENTS: dict[str, str] = {
    "count-box": "counting a ballot box",
    "enter-sheet": "entering a count sheet",
    "record-provisional": "recording the provisional result",
    "request-recount": "recording a recount request",
    "grant-recount": "granting a recount",
    "refuse-recount": "refusing a recount",
    "draw-lot": "recording a lot",
    "set-rules": "changing the recount rules",
    "declare": "declaring the result",
    "correct-declaration": "correcting a misread figure",
    "suspend": "suspending the count",
    "resume": "resuming the count",
}

# (stage, event) -> the stage after it. Anything not listed is forbidden.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("setup", "count-box"): "verification",
    ("setup", "enter-sheet"): "counting",
    ("setup", "set-rules"): "setup",
    ("verification", "count-box"): "verification",
    ("verification", "enter-sheet"): "counting",
    ("verification", "set-rules"): "verification",
    # late boxes are verified while verified tables count
    ("counting", "count-box"): "counting",
    ("counting", "enter-sheet"): "counting",
    ("counting", "record-provisional"): "provisional",
    # a request still pending when another was granted may be refused before the next provisional
    ("counting", "refuse-recount"): "counting",
    ("counting", "set-rules"): "counting",
    # once shown, the figures change only through a granted recount (a new round); a request
    # still pending when another is granted waits for the next provisional result
    ("provisional", "request-recount"): "provisional",
    ("provisional", "grant-recount"): "counting",
    ("provisional", "refuse-recount"): "provisional",
    ("provisional", "draw-lot"): "provisional",
    ("provisional", "set-rules"): "provisional",
    ("provisional", "declare"): "declared",
    ("declared", "correct-declaration"): "declared",
    **{(stage, "suspend"): "suspended" for stage in BEFORE_DECLARED},
    ("suspended", "resume"): RESUMED,
}


class StageError(ValueError):
    """An action the contest's stage does not allow; the message says when it is allowed."""


def stages_allowing(event: str) -> tuple[str, ...]:
    return tuple(stage for stage in STAGES if (stage, event) in TRANSITIONS)


def next_stage(stage: str, event: str, interrupted: str | None = None) -> str:
    """The stage after `event`; StageError when the stage does not allow it.

    `interrupted` is the stage a suspension interrupted (where "resume" returns to).
    """
    if event not in EVENTS:
        raise KeyError(f"unknown event {event!r}")
    target = TRANSITIONS.get((stage, event))
    if target is None:
        allowed = " or ".join(stages_allowing(event))
        what = EVENTS[event].capitalize()
        if stage == "declared":
            raise StageError(
                f"{what} is not possible: the contest is declared and locked (only a misread "
                "figure may be corrected, by the Returning Officer, with a superseding declaration)"
            )
        if stage == "suspended":
            raise StageError(f"{what} is not possible while the count is suspended; resume it first")
        raise StageError(f"{what} is possible only when the contest is {allowed}; it is {stage} now")
    if target == RESUMED:
        if interrupted not in BEFORE_DECLARED:
            raise StageError("the stage the suspension interrupted is not known")
        return str(interrupted)
    return target


def require(stage: str, event: str) -> None:
    """StageError unless `event` is allowed in `stage` (services call this before writing)."""
    next_stage(stage, event, interrupted=BEFORE_DECLARED[0])


def open_suspension(contest: Contest) -> SuspensionEvent | None:
    """The suspension in force (the latest event, when it is a suspension), or None."""
    if contest.suspensions and contest.suspensions[-1].action == "suspend":
        return contest.suspensions[-1]
    return None


def provisional_for(contest: Contest, figures: Snapshot) -> StageRecord | None:
    """The provisional result recorded for exactly these figures, if one was shown."""
    for record in reversed(contest.stage_records):
        if record.stage == "provisional" and figures.same_figures(record.snapshot):
            return record
    return None


def latest_provisional(contest: Contest) -> StageRecord | None:
    for record in reversed(contest.stage_records):
        if record.stage == "provisional":
            return record
    return None


def _progress_stage(boxes: tuple[BoxStatus, ...], tables: dict[str, TableFigures]) -> str:
    any_counted = any(status.counts for status in boxes)
    any_sheet = any(t.round_of_sheet is not None for t in tables.values())
    if not any_counted and not any_sheet:
        return "setup"
    if not all(status.verified for status in boxes) and not any_sheet:
        return "verification"
    return "counting"


def underlying_stage(
    contest: Contest, boxes: tuple[BoxStatus, ...], tables: dict[str, TableFigures], figures: Snapshot
) -> str:
    """The stage leaving any suspension aside: what the count returns to when resumed."""
    if contest.declarations:
        return "declared"
    if provisional_for(contest, figures) is not None:
        return "provisional"
    return _progress_stage(boxes, tables)


def stage_of(
    contest: Contest, boxes: tuple[BoxStatus, ...], tables: dict[str, TableFigures], figures: Snapshot
) -> str:
    """The contest's stage, derived from what is recorded: never stored as a bare word.

    Declared once a declaration exists; suspended while a suspension is open; provisional while
    a provisional result recorded for exactly the current figures stands (a granted recount
    opens a new round, so the figures, and with them the stage, move back to counting).
    """
    stage = underlying_stage(contest, boxes, tables, figures)
    if stage != "declared" and open_suspension(contest) is not None:
        return "suspended"
    return stage


def tables_to_count(contest: Contest) -> tuple[str, ...]:
    """The tables whose sheets the current round needs: a partial recount's tables, else all."""
    tables = tuple(t.id for t in contest.count_tables)
    if not contest.rounds:
        return tables
    request = contest.rounds[-1].request
    if request is not None and request.scope is not None and request.scope.tables:
        return tuple(t for t in tables if t in request.scope.tables)
    return tables


def tables_awaiting(contest: Contest) -> tuple[str, ...]:
    """Tables of tables_to_count with no sheet accepted in the current round."""
    if not contest.rounds:
        return tables_to_count(contest)
    entered = {sheet.table for sheet in contest.rounds[-1].sheets}
    return tuple(t for t in tables_to_count(contest) if t not in entered)


def tied_at_last_seat(result: ContestResult) -> tuple[tuple[str, ...], int]:
    """The candidates level at the last seat (ballot order) and how many seats they share."""
    if not result.lot_needed:
        return (), 0
    ranked = sorted((c.votes for c in result.candidates), reverse=True)
    level = ranked[result.contest.seats - 1]
    above = sum(1 for votes in ranked if votes > level)
    tied = tuple(c.candidate.id for c in result.candidates if c.votes == level)
    return tied, result.contest.seats - above


def declared_mismatch(contest: Contest, figures: Snapshot) -> str | None:
    """Why the latest declaration does not match the figures in the file (None when it does)."""
    if not contest.declarations:
        return None
    latest = contest.declarations[-1].snapshot
    if latest.same_figures(figures):
        return None
    names = {c.id: c.name for c in contest.candidates}
    changes = "; ".join(figures.differences(latest, names)) or "the figures differ"
    return f"declaration {len(contest.declarations)} does not match the figures in the file: {changes}"


@dataclass(frozen=True)
class Precondition:
    """One condition of design.md §3, whether it holds, and the figures that say so."""

    key: str
    text: str
    holds: bool
    detail: str = ""


def _listed(ids: tuple[str, ...] | list[str], most: int = 8) -> str:
    shown = ", ".join(ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


_COVERED_CODES = frozenset(
    {"E101", "E102", "E103", "E203", "E206", "E207", "E208", "E301", "E302"}
)


def _common_checks(result: ContestResult) -> list[Precondition]:
    contest = result.contest
    suspension = open_suspension(contest)
    outstanding = [s.box.id for s in result.boxes if not s.verified]
    verified = len(result.boxes) - len(outstanding)
    awaiting = tables_awaiting(contest)
    wanted = tables_to_count(contest)
    errors = sorted(
        {p.code for p in result.problems if p.severity == "error" and p.code not in _COVERED_CODES}
    )
    return [
        Precondition(
            "declared", "Not yet declared", not contest.declarations,
            "declared; a misread figure is corrected with a superseding declaration"
            if contest.declarations else "",
        ),
        Precondition(
            "suspended", "The count is not suspended", suspension is None,
            f"suspended: {suspension.reason}" if suspension else "",
        ),
        Precondition(
            "boxes", "Every ballot box verified", bool(result.boxes) and not outstanding,
            f"{verified} of {len(result.boxes)} verified"
            + (f"; outstanding: {_listed(outstanding)}" if outstanding else ""),
        ),
        Precondition(
            "sheets", f"Every table's sheet accepted in round {result.round or 1}",
            bool(wanted) and bool(result.round) and not awaiting,
            f"{len(wanted) - len(awaiting)} of {len(wanted)} accepted"
            + (f"; awaiting: {_listed(list(awaiting))}" if awaiting else ""),
        ),
        Precondition(
            "reconciled", "Reconciled: valid papers + rejected papers = papers verified",
            result.reconciled,
            f"{result.valid_papers:,} + {result.rejected_total:,} = {result.votes_cast:,}; "
            f"papers verified {result.papers_verified:,}",
        ),
        Precondition(
            "errors", "No other open error", not errors,
            f"open: {', '.join(errors)}" if errors else "",
        ),
    ]


def declaration_checks(result: ContestResult) -> tuple[Precondition, ...]:
    """Every precondition of declaring (design.md §3), holding or not, in the order to fix them."""
    checks = _common_checks(result)
    contest = result.contest
    tied, places = tied_at_last_seat(result)
    names = {c.id: c.name for c in contest.candidates}
    shown = provisional_for(contest, result.figures)
    latest = latest_provisional(contest)
    if shown is not None:
        provisional_detail = f"shown for round {shown.round}"
    elif latest is None:
        provisional_detail = "no provisional result has been shown"
    else:
        changes = "; ".join(result.figures.differences(latest.snapshot, names))
        provisional_detail = f"the last one shown was for other figures ({changes})"
    pending = contest.pending_requests
    checks.append(
        Precondition(
            "tie", "No tie undecided at the last seat", not tied,
            f"{_listed([names[c] for c in tied])} level for {places} seat(s): draw a lot"
            if tied else "",
        )
    )
    checks.append(
        Precondition(
            "requests", "No recount request pending", not pending,
            "; ".join(
                f"{r.kind.replace('-', ' ')} asked by "
                f"{r.requested_by.name if r.requested_by else 'unknown'}"
                for _, r in pending
            ),
        )
    )
    checks.append(
        Precondition(
            "provisional", "The provisional result for these exact figures shown",
            shown is not None, provisional_detail,
        )
    )
    return tuple(checks)


def provisional_checks(result: ContestResult) -> tuple[Precondition, ...]:
    """What must hold to record the provisional result: the count complete and reconciled."""
    checks = _common_checks(result)
    already = provisional_for(result.contest, result.figures)
    checks.append(
        Precondition(
            "new-figures", "Not already shown for these figures", already is None,
            f"shown for round {already.round} already" if already else "",
        )
    )
    return tuple(checks)


def lot_checks(result: ContestResult) -> tuple[Precondition, ...]:
    """What must hold to record a lot: the tie at the last seat survives a provisional result."""
    contest = result.contest
    tied, places = tied_at_last_seat(result)
    names = {c.id: c.name for c in contest.candidates}
    return (
        Precondition(
            "provisional", "The provisional result for these figures shown",
            provisional_for(contest, result.figures) is not None and not contest.declarations,
            "" if result.stage == "provisional" else f"the contest is {result.stage}",
        ),
        Precondition(
            "tie", "Candidates level at the last seat", bool(tied),
            f"{_listed([names[c] for c in tied])} level for {places} seat(s)" if tied
            else "no tie at the last seat: a lot has nothing to decide",
        ),
        Precondition(
            "requests", "No recount request pending", not contest.pending_requests,
            "decide the pending request first" if contest.pending_requests else "",
        ),
        Precondition(
            "suspended", "The count is not suspended", open_suspension(contest) is None,
        ),
    )


def failing(checks: tuple[Precondition, ...]) -> tuple[Precondition, ...]:
    return tuple(check for check in checks if not check.holds)


def blockers_sentence(checks: tuple[Precondition, ...]) -> str:
    """Every failing precondition in one sentence: "not reconciled (…); a recount request …"."""
    return "; ".join(
        f"{check.text.lower()}: no" + (f" ({check.detail})" if check.detail else "")
        for check in failing(checks)
    )


def superseding_statement(contest: Contest) -> str | None:
    """What a superseding declaration must say: the one it replaces, why, and each figure corrected.

    None when the newest declaration supersedes nothing (or there is none). The documents print
    it on the declaration; the figures themselves already include the corrections.
    """
    latest = contest.declarations[-1] if contest.declarations else None
    if latest is None or latest.supersedes is None:
        return None
    replaced = contest.declarations[latest.supersedes - 1]
    names = {c.id: c.name for c in contest.candidates}
    heads = {h.key: h.wording for h in contest.profile.heads}
    changes = []
    for c in latest.corrections:
        what = names.get(c.key) if c.field == "votes" else heads.get(c.key, c.field.replace("_", " "))
        before = "none" if c.old is None else f"{c.old:,}"
        changes.append(f"table {c.table}, {what}: {before} corrected to {c.new:,}")
    when = f" made {format_moment(replaced.recorded_at)}" if replaced.recorded_at else ""
    return (
        f"This declaration supersedes declaration {latest.supersedes}{when}, because {latest.reason}"
        + (f" ({'; '.join(changes)})" if changes else "")
        + "."
    )
