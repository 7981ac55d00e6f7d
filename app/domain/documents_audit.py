"""The audit report's content: every event of the count file's log, in order, and whether its chain holds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.documents import SheetContext

TITLE = "Audit Report"
INTRO = (
    "Every event recorded in the count file's audit log, in order. The log covers the whole "
    "count file (every contest in it); each event's hash covers its values and the hash of the "
    "event before it, so a changed, missing or reordered event breaks the chain."
)


@dataclass(frozen=True)
class RecordedEvent:
    """One event as the store keeps it (times in UTC)."""

    seq: int
    at_utc: datetime
    user: str
    role: str
    action: str
    object: str
    before: str | None
    after: str | None
    reason: str | None
    hash: str


@dataclass(frozen=True)
class AuditLine:
    """One event as printed: its time in local time, its hash in short form."""

    seq: int
    at: datetime  # local, with its UTC offset
    user: str
    role: str
    action: str
    object: str
    before: str | None
    after: str | None
    reason: str | None
    hash_short: str


@dataclass(frozen=True)
class AuditReport:
    """Everything printed on the audit report."""

    context: SheetContext
    title: str
    intro: str
    lines: tuple[AuditLine, ...]
    chain_problems: tuple[str, ...]  # empty when the chain verifies

    @property
    def chain_holds(self) -> bool:
        return not self.chain_problems


def short_hash(digest: str) -> str:
    """The first 16 hex digits in groups of four, upper case: as the fingerprint is printed."""
    head = digest[:16].upper()
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def audit_report(
    events: Sequence[RecordedEvent],
    chain_problems: Sequence[str],
    context: SheetContext,
    *,
    to_local: Callable[[datetime], datetime] = _local,
) -> AuditReport:
    """The report of `events` (in sequence order); `to_local` turns a UTC time into local time."""
    return AuditReport(
        context=context,
        title=TITLE,
        intro=INTRO,
        lines=tuple(
            AuditLine(
                seq=event.seq,
                at=to_local(event.at_utc),
                user=event.user,
                role=event.role,
                action=event.action,
                object=event.object,
                before=event.before,
                after=event.after,
                reason=event.reason,
                hash_short=short_hash(event.hash),
            )
            for event in sorted(events, key=lambda e: e.seq)
        ),
        chain_problems=tuple(chain_problems),
    )
