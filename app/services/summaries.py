"""One small summary row per contest (stage, round, who leads, margin, advice, reconciled, problems)."""

# The main window lists every contest of a general election (650). A full ContestResult holds the
# contest and every table's figures (~150 KB each for 40 tables and two rounds); a summary keeps only
# what the contests table shows, so the window holds 650 summaries and one full result (the selected
# contest's) instead of 650 full results.

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.domain.advice import Advice
from app.domain.catalogue import Problem
from app.domain.result import ContestResult
from app.services.count_file import CountFile
from app.store.contest_changes import contests_changed_after


@dataclass(frozen=True, slots=True)
class ContestSummary:
    """What the contests table shows of one contest's current result."""

    contest_id: str
    name: str
    seats: int
    stage: str
    round: int  # 0 before round 1
    round_kind: str | None  # the current round's kind ("initial", "full-recount", …)
    elected: tuple[str, ...]  # names of the elected (declared) or leading, in rank order
    lot_needed: bool
    margin: int | None
    advice: tuple[Advice, ...]
    reconciled: bool
    problems: tuple[Problem, ...]


def summarise(result: ContestResult) -> ContestSummary:
    """The summary of a result already computed."""
    kinds = [r.kind for r in result.contest.rounds if r.number == result.round]
    return ContestSummary(
        contest_id=result.contest.id,
        name=result.contest.name,
        seats=result.contest.seats,
        stage=result.stage,
        round=result.round,
        round_kind=kinds[0] if kinds else None,
        elected=tuple(c.candidate.name for c in result.elected),
        lot_needed=result.lot_needed,
        margin=result.margin,
        advice=result.advice,
        reconciled=result.reconciled,
        problems=result.problems,
    )


def contest_summary(count_file: CountFile, contest_id: str) -> ContestSummary:
    """One contest's summary; its full result is computed and dropped."""
    return summarise(count_file.result(contest_id))


def contest_summaries(count_file: CountFile) -> Iterator[ContestSummary]:
    """Every contest's summary in the file's order, one contest at a time (so a caller can stop,
    or do other work between contests, and never holds more than one full result)."""
    for contest_id in count_file.contest_ids():
        yield contest_summary(count_file, contest_id)


def contests_changed_since(count_file: CountFile, event_count: int) -> set[str] | None:
    """The contests whose summaries may differ from those read when the log held `event_count`
    events: those whose rows a later event changed (None: the log cannot say, read them all). A
    summary is a function of its contest's rows alone (as the result cache relies on), so every
    other contest's summary still stands."""
    return contests_changed_after(count_file.store, event_count)


def reading_is_safe(count_file: CountFile) -> bool:
    """Whether a summary may be read now: not while a save's transaction is open on the connection
    (a dialog shown inside one lets Qt run timers), whose rows could yet be rolled back."""
    return not count_file.store.db.conn.in_transaction
