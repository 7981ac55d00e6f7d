"""What needs someone now, per contest and for the file: what is wrong, what to do, and where."""

# Computed from a result already in hand plus one small query (the sheet states of the round), so
# the main window can add a contest's alerts as its result arrives, however many contests there are.

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from app.domain.catalogue import CATALOGUE, Problem
from app.domain.double_entry import SheetState
from app.domain.election import Contest, RecountRequest
from app.domain.result import ContestResult
from app.domain.snapshot import StageRecord, SuspensionEvent
from app.services.backups import EVERY_MINUTES, EVERY_SAVES, BackupOutcome, BackupSettings
from app.services.count_file import CountFile
from app.store.backup import events_in_name, generations
from app.store.entries import sheet_states
from app.store.stages import load_stage_history, pending_requests

# Where an alert is acted on: the window opens that screen for the alert's contest (and table or box).
ENTRY = "count-entry"
REVIEW = "supervisor-review"
RESULTS = "results"
VERIFICATION = "verification"
BACKUP = "backup"
PLACES = (ENTRY, REVIEW, RESULTS, VERIFICATION, BACKUP)
PLACE_NAMES = {
    ENTRY: "count sheets (Ctrl+E)",
    REVIEW: "supervisor review (Ctrl+Shift+V)",
    RESULTS: "results window (F6)",
    VERIFICATION: "verification (Ctrl+Shift+B)",
    BACKUP: "backup folder",
}

# The kinds, most urgent first: the list is shown in this order.
KINDS = (
    "backup", "suspended", "declared-differs", "difference", "sheet-errors", "re-key", "box",
    "unreconciled", "request", "lot", "advice", "warning",
)
_BOX_CODES = frozenset({"E102", "E103", "W101"})
_NOT_YET = frozenset({"E101", "E206", "E208"})  # the count simply has not got there yet
_SHEET_CODES = frozenset({"E201", "E202", "E204", "E205", "E207"})
_SHEETS_WAIT = frozenset({"verification", "counting", "suspended"})
_REQUESTS_WAIT = frozenset({"provisional", "suspended"})
_RECORDED = frozenset({"provisional", "declared", "suspended"})
BEHIND = 2  # a backup two automatic intervals behind the file means automatic backups stopped


@dataclass(frozen=True)
class Alert:
    """One thing that needs someone: where, what is wrong, what to do, and the screen for it."""

    kind: str  # one of KINDS
    contest_id: str | None  # None: the whole file (a backup)
    contest: str  # the contest's name, or the file's
    where: str  # "table 3", "box NE-04", or "" for the whole contest
    what: str  # what is wrong, with its figures
    todo: str  # what to do, in the words of the person who does it
    place: str  # one of PLACES
    table: str | None = None
    box: str | None = None

    @property
    def rank(self) -> int:
        return KINDS.index(self.kind)


@dataclass(frozen=True)
class ContestFacts:
    """What a contest's alerts are computed from: its result's problems and stage, and what the
    result does not carry (the sheets' states, pending requests, suspensions, milestones)."""

    contest_id: str
    name: str
    stage: str
    problems: tuple[Problem, ...]
    tables: tuple[str, ...]  # the count tables in order ("" for those only the states name)
    states: Mapping[str, SheetState]
    pending: tuple[tuple[int, RecountRequest], ...]  # (after round, request)
    suspensions: tuple[SuspensionEvent, ...]
    milestones: tuple[StageRecord, ...]


class Summary(Protocol):
    """The little the main window keeps of each contest's result (app.services.summaries)."""

    @property
    def contest_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def round(self) -> int: ...
    @property
    def problems(self) -> tuple[Problem, ...]: ...


def facts_of_result(count_file: CountFile, result: ContestResult) -> ContestFacts:
    """From a full result: one query more (the sheets' states of the round)."""
    contest: Contest = result.contest
    states = sheet_states(count_file.store.db, contest.id, contest.current_round or 1)
    return ContestFacts(
        contest.id, contest.name, result.stage, result.problems, tuple(t.id for t in contest.count_tables),
        states, contest.pending_requests, contest.suspensions, contest.stage_records,
    )


def facts_of_summary(count_file: CountFile, summary: Summary) -> ContestFacts:
    """From a summary: at most three small queries by contest, only those its stage can need (sheets
    wait only while boxes are verified and sheets keyed; requests are made on a provisional result;
    milestones and suspensions exist only once one was recorded)."""
    db = count_file.store.db
    stage, contest_id = summary.stage, summary.contest_id
    states = sheet_states(db, contest_id, summary.round or 1) if stage in _SHEETS_WAIT else {}
    pending = (
        tuple((after, request) for _, after, request in pending_requests(db, contest_id))
        if stage in _REQUESTS_WAIT else ()
    )
    records, suspensions = load_stage_history(db, contest_id) if stage in _RECORDED else ((), ())
    return ContestFacts(
        summary.contest_id, summary.name, summary.stage, summary.problems, tuple(states),
        states, pending, suspensions, records,
    )


def _table_of(found: Problem) -> str | None:
    marker = ", table "
    return found.where.split(marker, 1)[1] if marker in found.where else None


def _box_of(found: Problem) -> str | None:
    return found.where.removeprefix("box ") if found.where.startswith("box ") else None


def _todo(found: Problem, where: str) -> str:
    return f"{CATALOGUE[found.code].supervisor_text} Open the {where}."


# A sheet's state that needs someone: (kind, what is wrong, who does what, where); {t} is the table.
_SHEET_STATES = {
    SheetState.DIFFERENT: (
        "difference",
        "the two entries of table {t}'s sheet differ",
        "A supervisor compares them with the paper sheet in the {place}.",
        REVIEW,
    ),
    SheetState.HAS_ERRORS: (
        "sheet-errors",
        "table {t}'s sheet was finished with errors",
        "A supervisor checks it against the paper sheet in the {place}.",
        REVIEW,
    ),
    SheetState.CORRECTION: (
        "re-key",
        "boxes of table {t}'s sheet were sent back to be re-keyed",
        "The operator who keyed them re-keys those boxes in the {place}.",
        ENTRY,
    ),
}


def _sheet_alerts(facts: ContestFacts) -> list[Alert]:
    alerts = []
    for table_id in facts.tables:
        state = facts.states.get(table_id)
        if state not in _SHEET_STATES:
            continue
        kind, what, todo, place = _SHEET_STATES[state]
        alerts.append(Alert(
            kind, facts.contest_id, facts.name, f"table {table_id}",
            what.format(t=table_id), todo.format(place=PLACE_NAMES[place]), place, table=table_id,
        ))
    return alerts


def _problem_alert(facts: ContestFacts, found: Problem, complete: bool) -> Alert | None:
    contest, name = facts.contest_id, facts.name
    table, box = _table_of(found), _box_of(found)
    where = f"table {table}" if table else f"box {box}" if box else ""
    if found.code in _NOT_YET:
        return None
    if found.code in _BOX_CODES:
        return Alert("box", contest, name, where, found.message, _todo(found, PLACE_NAMES[VERIFICATION]),
                     VERIFICATION, box=box)
    if found.code == "E203":
        return Alert("unreconciled", contest, name, where, f"table {table} does not balance: {found.message}",
                     _todo(found, PLACE_NAMES[RESULTS]), RESULTS, table=table)
    if found.code == "E301" and complete:
        return Alert("unreconciled", contest, name, where, f"the contest does not reconcile: {found.message}",
                     _todo(found, PLACE_NAMES[RESULTS]), RESULTS)
    if found.code in _SHEET_CODES:
        return Alert("sheet-errors", contest, name, where, found.message, _todo(found, PLACE_NAMES[REVIEW]),
                     REVIEW, table=table)
    if found.code == "E303":
        return Alert("declared-differs", contest, name, where, found.message,
                     _todo(found, PLACE_NAMES[RESULTS]), RESULTS)
    if found.code == "E302" and complete:
        return Alert("lot", contest, name, where, f"a lot is needed: {found.message}",
                     "If the tie survives any recount, the Returning Officer draws lots and records it "
                     f"(Record lot, Ctrl+Shift+L) in the {PLACE_NAMES[RESULTS]}.", RESULTS)
    if found.code == "W301" and complete:
        return Alert("advice", contest, name, where, found.message,
                     "Tell the Returning Officer, who decides; the reasons are in the "
                     f"{PLACE_NAMES[RESULTS]}.", RESULTS)
    if found.severity == "warning" and found.code != "W301":
        return Alert("warning", contest, name, where, f"{found.code}: {found.message}",
                     f"A supervisor checks it and acknowledges it in the {PLACE_NAMES[REVIEW]}.",
                     REVIEW, table=table)
    return None


@dataclass(frozen=True)
class BackupState:
    """The newest backup of the file in the backup folder: when it was written and what it holds."""

    source: Path  # the count file
    folder: Path
    taken: datetime | None
    events: int | None
    every_saves: int = EVERY_SAVES
    every_minutes: float = EVERY_MINUTES

    @property
    def todo(self) -> str:
        return (
            f"Check that the backup drive is plugged in and {self.folder} can be written to; CountDesk "
            "backs up again at the next provisional result or declaration, or at a terminal: "
            f'countdesk backup "{self.source}" "{self.folder}".'
        )


def backup_state(count_file: CountFile, settings: BackupSettings | None = None) -> BackupState:
    """From the backup folder's listing: no backup is opened."""
    settings = settings or BackupSettings.default()
    nothing = BackupState(
        count_file.path, settings.folder, None, None, settings.every_saves, settings.every_minutes
    )
    found = generations(settings.folder, count_file.path.stem)
    if not found:
        return nothing
    try:
        taken = datetime.fromtimestamp(found[0].stat().st_mtime).astimezone()
    except OSError:
        return nothing  # the drive went away between listing and looking
    return replace(nothing, taken=taken, events=events_in_name(found[0]))


def _milestone_alert(facts: ContestFacts, backups: BackupState) -> Alert | None:
    """The backup after a provisional result or declaration was not made (or not after it)."""
    recorded = [
        (moment, record.stage)
        for record in facts.milestones
        if (moment := _moment(record.recorded_at)) is not None
    ]
    if not recorded:
        return None
    moment, stage = max(recorded)
    # the backup is written just after the milestone is saved; a minute covers clock rounding
    if backups.taken is not None and backups.taken >= moment - timedelta(minutes=1):
        return None
    what = "provisional result" if stage == "provisional" else "declaration"
    return Alert(
        "backup", facts.contest_id, facts.name, "",
        f"no backup was made after the {what} at {moment:%H:%M}", backups.todo, BACKUP,
    )


def alerts_of(facts: ContestFacts, backups: BackupState | None = None) -> tuple[Alert, ...]:
    """A contest's alerts, most urgent first; with the file's backup state, a milestone not backed
    up too (pure)."""
    problems = facts.problems
    # Advice, a tie and the contest's reconciliation mean something only on the round's full figures.
    complete = bool(facts.tables) and not any(p.code in _NOT_YET for p in problems)
    alerts: list[Alert] = []
    if backups is not None and (missed := _milestone_alert(facts, backups)) is not None:
        alerts.append(missed)
    if facts.stage == "declared":
        differs = [_problem_alert(facts, p, complete) for p in problems if p.code == "E303"]
        return tuple(alerts + [a for a in differs if a is not None])
    if facts.stage == "suspended" and facts.suspensions:
        alerts.append(Alert(
            "suspended", facts.contest_id, facts.name, "",
            f"the count is suspended: {facts.suspensions[-1].reason}",
            f"When the sealed papers are back, the Returning Officer resumes the count in the "
            f"{PLACE_NAMES[RESULTS]} (Suspend/Resume, Ctrl+Shift+S).", RESULTS,
        ))
    alerts += _sheet_alerts(facts)
    for found in problems:
        alert = _problem_alert(facts, found, complete)
        if alert is not None:
            alerts.append(alert)
    for after_round, request in facts.pending:
        who = request.requested_by.name if request.requested_by else "someone"
        alerts.append(Alert(
            "request", facts.contest_id, facts.name, "",
            f"{who} asked for a {request.kind.replace('-', ' ')} after round {after_round}; it waits for "
            "the Returning Officer's decision",
            f"The Returning Officer grants or refuses it (Decide request, Ctrl+Shift+G) in the "
            f"{PLACE_NAMES[RESULTS]}.", RESULTS,
        ))
    return tuple(sorted_alerts(alerts))


def contest_alerts(
    count_file: CountFile, result: ContestResult, backups: BackupState | None = None
) -> tuple[Alert, ...]:
    """A contest's alerts from its full result (already computed by the caller)."""
    return alerts_of(facts_of_result(count_file, result), backups)


def summary_alerts(
    count_file: CountFile, summary: Summary, backups: BackupState | None = None
) -> tuple[Alert, ...]:
    """A contest's alerts from the summary the main window keeps of it."""
    return alerts_of(facts_of_summary(count_file, summary), backups)


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()


def backup_alerts(
    count_file: CountFile,
    backups: BackupState,
    last_outcome: BackupOutcome | None = None,
    now: datetime | None = None,
) -> tuple[Alert, ...]:
    """The file's own backup alert: the last backup the window tried failed, or the newest backup
    has fallen far behind the file (automatic backups have stopped)."""
    name = count_file.path.name
    if last_outcome is not None and not last_outcome.ok:
        return (Alert("backup", None, name, "", f"the last backup failed: {last_outcome.problem}",
                      backups.todo, BACKUP),)
    if backups.taken is None or backups.events is None:
        return ()
    events = count_file.fingerprint().event_count
    moment_now = now or datetime.now().astimezone()
    if events - backups.events >= BEHIND * backups.every_saves and moment_now - backups.taken >= timedelta(
        minutes=BEHIND * backups.every_minutes
    ):
        return (Alert(
            "backup", None, name, "",
            f"the newest backup (taken {backups.taken:%H:%M}) holds {backups.events:,} of the file's "
            f"{events:,} events", backups.todo, BACKUP,
        ),)
    return ()


def night_alerts(
    count_file: CountFile,
    summaries: Iterable[Summary | None],
    settings: BackupSettings | None = None,
    last_outcome: BackupOutcome | None = None,
) -> list[Alert]:
    """Every alert of these contests (a None: a contest not read yet) and of the file, most urgent
    first; the backup folder is listed once for them all."""
    backups = backup_state(count_file, settings)
    found = list(backup_alerts(count_file, backups, last_outcome))
    for summary in summaries:
        if summary is not None:
            found += summary_alerts(count_file, summary, backups)
    return sorted_alerts(found)


def sorted_alerts(alerts: Iterable[Alert]) -> list[Alert]:
    """Most urgent first; contests in the order given within a kind."""
    return sorted(alerts, key=lambda a: a.rank)
