"""Reads the audit log back for the printed audit report and for checking a sheet's fingerprint."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.documents_audit import RecordedEvent
from app.store.count_store import CountStore


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def recorded_events(store: CountStore) -> tuple[RecordedEvent, ...]:
    """Every event of the log, in sequence order."""
    rows = store.db.execute(
        "SELECT seq, at_utc, user, role, action, object, before, after, reason, hash FROM event ORDER BY seq"
    ).fetchall()
    return tuple(
        RecordedEvent(
            seq=int(seq),
            at_utc=_utc(str(at)),
            user=str(user),
            role=str(role),
            action=str(action),
            object=str(obj),
            before=None if before is None else str(before),
            after=None if after is None else str(after),
            reason=None if reason is None else str(reason),
            hash=str(digest),
        )
        for seq, at, user, role, action, obj, before, after, reason, digest in rows
    )


def hash_at(store: CountStore, seq: int) -> str | None:
    """The stored hash of event `seq`, or None when the log has no such event."""
    row = store.db.execute("SELECT hash FROM event WHERE seq = ?", [seq]).fetchone()
    return None if row is None else str(row[0])
