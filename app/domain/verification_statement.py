"""The verification statement's content and the verification progress, assembled from the boxes' statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.documents import Fingerprint, SheetContext, sheet_context
from app.domain.election import Contest, Election
from app.domain.verification import BoxStatus, papers_verified, verify_boxes


@dataclass(frozen=True)
class KindProgress:
    """Boxes of one kind (polling station or postal): how many, how many verified, their papers."""

    kind: str
    boxes: int
    verified: int
    expected: int  # papers issued, per the ballot paper accounts
    papers_verified: int  # the sum of the verified figures

    @property
    def outstanding(self) -> int:
        return self.boxes - self.verified


@dataclass(frozen=True)
class VerificationProgress:
    """Where verification stands: per kind, the outstanding boxes in box order, and the papers verified."""

    station: KindProgress
    postal: KindProgress
    outstanding: tuple[str, ...]
    papers_verified: int

    @property
    def boxes(self) -> int:
        return self.station.boxes + self.postal.boxes

    @property
    def verified(self) -> int:
        return self.station.verified + self.postal.verified

    @property
    def complete(self) -> bool:
        """Every box verified (a contest with no boxes has nothing verified and is not complete)."""
        return self.boxes > 0 and not self.outstanding


def _kind(statuses: tuple[BoxStatus, ...], kind: str) -> KindProgress:
    mine = [s for s in statuses if s.box.kind == kind]
    return KindProgress(
        kind=kind,
        boxes=len(mine),
        verified=sum(1 for s in mine if s.verified),
        expected=sum(s.box.issued for s in mine),
        papers_verified=papers_verified(tuple(mine)),
    )


def verification_progress(statuses: tuple[BoxStatus, ...]) -> VerificationProgress:
    return VerificationProgress(
        station=_kind(statuses, "polling-station"),
        postal=_kind(statuses, "postal"),
        outstanding=tuple(s.box.id for s in statuses if not s.verified),
        papers_verified=papers_verified(statuses),
    )


@dataclass(frozen=True)
class StatementLine:
    """One box on the statement: its account, its counts, the figure that stands and why."""

    box: str
    polling_station: str
    polling_place: str
    kind: str
    expected: int
    counts: tuple[int, ...]
    counted: int | None  # the verified figure, or the latest count of an outstanding box
    variance: int | None  # counted - expected; None before any count
    verified: bool
    how: str  # BoxStatus.how
    note: str  # the explanation, or what is still needed


def box_note(status: BoxStatus) -> str:
    """What the statement says beside a box: the explanation of its variance, or what is still needed."""
    if status.how == "not-counted":
        return "Not counted yet."
    if status.how == "outstanding":
        counts = status.counts
        if len(counts) >= 2 and counts[-2] != counts[-1]:
            return "Outstanding: the last two counts differ; count the box again."
        return "Outstanding: the count differs from the account; count the box again."
    if status.variance == 0:
        return status.explanation or ""
    if status.explanation:
        return status.explanation
    return "No explanation recorded."


def statement_line(status: BoxStatus) -> StatementLine:
    box = status.box
    counted = status.figure if status.verified else (status.counts[-1] if status.counts else None)
    return StatementLine(
        box=box.id,
        polling_station=box.polling_station,
        polling_place=box.polling_place,
        kind=box.kind,
        expected=box.issued,
        counts=status.counts,
        counted=counted,
        variance=None if counted is None else counted - box.issued,
        verified=status.verified,
        how=status.how,
        note=box_note(status),
    )


TITLE = "Verification Statement"
INTRO = (
    "Statement of the verification of the ballot paper accounts at the count for {contest}: for each "
    "ballot box, the ballot papers issued according to its account (expected), the ballot papers "
    "counted face up, the variance (counted minus expected) and its explanation. Candidates and "
    "agents may copy this statement."
)


@dataclass(frozen=True)
class VerificationStatement:
    """Everything printed on the verification statement (domain.md §1)."""

    context: SheetContext  # status DRAFT while any box is outstanding
    title: str
    intro: str
    lines: tuple[StatementLine, ...]  # in the contest's box order
    progress: VerificationProgress

    @property
    def papers_verified(self) -> int:
        return self.progress.papers_verified

    @property
    def complete(self) -> bool:
        return self.progress.complete


def statement_status(stage: str, progress: VerificationProgress) -> str:
    """DRAFT while any box is outstanding; then the contest's own standing (PROVISIONAL until declared)."""
    if not progress.complete:
        return "DRAFT"
    return "DECLARED" if stage == "declared" else "PROVISIONAL"


def verification_statement(
    election: Election, contest: Contest, *, stage: str, generated_at: datetime, fingerprint: Fingerprint
) -> VerificationStatement:
    """The statement of a contest's boxes as they stand; `stage` is the contest's (result.stage)."""
    statuses = verify_boxes(contest)
    progress = verification_progress(statuses)
    context = sheet_context(
        election,
        contest,
        status=statement_status(stage, progress),
        generated_at=generated_at,
        fingerprint=fingerprint,
    )
    return VerificationStatement(
        context=context,
        title=TITLE,
        intro=INTRO.format(contest=contest.name),
        lines=tuple(statement_line(s) for s in statuses),
        progress=progress,
    )
