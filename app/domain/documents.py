"""The content of official documents, assembled from a result: the reports lay it out, never compute it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.domain.election import Contest, Election
from app.domain.long_dates import format_long_date, format_long_date_cy
from app.domain.result import ContestResult
from app.domain.stage import superseding_statement

DOCUMENT_STATUSES = ("DRAFT", "PROVISIONAL", "DECLARED")
TURNOUT_FORMULA = "ballot papers verified ÷ electorate × 100"
# How each kind of round is named on paper, in English and Welsh.
ROUND_KIND_NAMES = {
    "initial": "initial count",
    "bundle-check": "bundle check",
    "full-recount": "full recount",
    "partial-recount": "partial recount",
    "re-adjudication": "re-adjudication of doubtful papers",
}
ROUND_KIND_NAMES_CY = {
    "initial": "cyfrif cyntaf",
    "bundle-check": "gwirio bwndeli",
    "full-recount": "ailgyfrif llawn",
    "partial-recount": "ailgyfrif rhannol",
    "re-adjudication": "ailddyfarnu papurau amheus",
}


def document_status(stage: str) -> str:
    """The status a sheet prints for a contest at this stage: DECLARED, PROVISIONAL, else DRAFT."""
    return {"declared": "DECLARED", "provisional": "PROVISIONAL"}.get(stage, "DRAFT")


@dataclass(frozen=True)
class Fingerprint:
    """Anchors paper to the file: the audit chain head and how many events it covers."""

    chain_head: str  # full hex digest
    event_count: int

    @property
    def short(self) -> str:
        """The first 16 hex digits in groups of four, as printed on every sheet."""
        head = self.chain_head[:16].upper()
        return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


@dataclass(frozen=True)
class DeclarationLine:
    surname: str
    other_names: str
    description: str
    votes: int
    elected: bool
    won_lot: bool


@dataclass(frozen=True)
class RejectedLine:
    key: str
    wording: str
    wording_cy: str | None
    count: int


@dataclass(frozen=True)
class DeclarationSheet:
    """Everything printed on a declaration of result (domain.md §6)."""

    election_title: str
    authority: str
    contest_id: str
    contest_name: str
    poll_date: date
    seats: int
    title: str
    title_cy: str | None
    intro: str
    intro_cy: str | None
    lines: tuple[DeclarationLine, ...]  # ballot-paper order
    rejected: tuple[RejectedLine, ...]
    rejected_total: int
    rejected_in_part: int | None
    papers_verified: int
    electorate: int | None
    turnout_percent: Decimal | None
    turnout_formula: str
    lots_statement: str | None
    lots_statement_cy: str | None
    returning_officer: str
    capacity: str
    venue: str
    status: str  # one of DOCUMENT_STATUSES
    training: bool
    round: int
    reconciled: bool
    generated_at: datetime  # aware, local time with its UTC offset
    fingerprint: Fingerprint
    # A corrected declaration says which declaration it replaces, why, and each figure corrected.
    supersedes: str | None = None


@dataclass(frozen=True)
class SheetContext:
    """What every sheet about a contest states besides its own content: which poll, which state, when."""

    election_title: str
    authority: str
    contest_id: str
    contest_name: str
    poll_date: date
    returning_officer: str
    capacity: str
    venue: str
    status: str  # one of DOCUMENT_STATUSES
    training: bool
    generated_at: datetime  # aware, local time with its UTC offset
    fingerprint: Fingerprint


def sheet_context(
    election: Election,
    contest: Contest,
    *,
    status: str,
    generated_at: datetime,
    fingerprint: Fingerprint,
) -> SheetContext:
    """The context of any sheet about `contest`; refuses an unknown status or a naive time."""
    if status not in DOCUMENT_STATUSES:
        raise ValueError(f"unknown document status {status!r}")
    if generated_at.utcoffset() is None:
        raise ValueError("the generated time must carry its UTC offset (an aware datetime)")
    return SheetContext(
        election_title=election.title,
        authority=election.authority,
        contest_id=contest.id,
        contest_name=contest.name,
        poll_date=election.poll_date,
        returning_officer=election.returning_officer.name,
        capacity=election.returning_officer.capacity,
        venue=election.venue,
        status=status,
        training=election.training,
        generated_at=generated_at,
        fingerprint=fingerprint,
    )


def result_lines(result: ContestResult) -> tuple[DeclarationLine, ...]:
    """One line per candidate in ballot-paper order, as the result sheets print them."""
    return tuple(
        DeclarationLine(
            surname=c.candidate.shown_surname,
            other_names=c.candidate.shown_forenames,
            description=c.candidate.description,
            votes=c.votes,
            elected=c.elected,
            won_lot=c.won_lot,
        )
        for c in result.candidates
    )


def rejected_lines(result: ContestResult) -> tuple[RejectedLine, ...]:
    """The rejected papers under each of the profile's heads, in the profile's order."""
    return tuple(
        RejectedLine(head.key, head.wording, head.wording_cy, result.rejected[head.key])
        for head in result.contest.profile.heads
    )


def declaration_sheet(
    election: Election,
    result: ContestResult,
    *,
    status: str,
    generated_at: datetime,
    fingerprint: Fingerprint,
) -> DeclarationSheet:
    """The declaration's content for a result; `status` is DRAFT until the contest is declared."""
    if status not in DOCUMENT_STATUSES:
        raise ValueError(f"unknown document status {status!r}")
    contest = result.contest
    profile = contest.profile
    fields = {
        "capacity": election.returning_officer.capacity,
        "contest": contest.name,
        "poll_date": format_long_date(election.poll_date),
    }
    lots_won = bool(result.effective_lots)
    return DeclarationSheet(
        election_title=election.title,
        authority=election.authority,
        contest_id=contest.id,
        contest_name=contest.name,
        poll_date=election.poll_date,
        seats=contest.seats,
        title=profile.declaration_title,
        title_cy=profile.declaration_title_cy,
        intro=profile.declaration_intro.format(**fields),
        intro_cy=profile.declaration_intro_cy.format(
            **{**fields, "poll_date": format_long_date_cy(election.poll_date)}
        )
        if profile.declaration_intro_cy
        else None,
        lines=result_lines(result),
        rejected=rejected_lines(result),
        rejected_total=result.rejected_total,
        rejected_in_part=result.rejected_in_part,
        papers_verified=result.papers_verified,
        electorate=contest.electorate,
        turnout_percent=result.turnout_percent,
        turnout_formula=TURNOUT_FORMULA,
        lots_statement=profile.lots_statement if lots_won else None,
        lots_statement_cy=profile.lots_statement_cy if lots_won else None,
        returning_officer=election.returning_officer.name,
        capacity=election.returning_officer.capacity,
        venue=election.venue,
        status=status,
        training=election.training,
        round=result.round,
        reconciled=result.reconciled,
        generated_at=generated_at,
        fingerprint=fingerprint,
        supersedes=superseding_statement(contest) if status == "DECLARED" else None,
    )
