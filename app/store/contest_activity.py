"""When each contest's stored rows last changed: the latest audit event whose state digests name it."""

from __future__ import annotations

from datetime import UTC, datetime

from app.store.count_store import CountStore
from app.store.row_buckets import CONTEST_PREFIX


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def last_changes(store: CountStore) -> dict[str, datetime]:
    """Contest id -> the UTC time of the last saved event that changed its rows.

    Every event records, in its `state`, a digest per scope its transaction changed
    (state_digest.py), so this covers every writer without relying on how events name objects.
    """
    rows = store.db.execute(
        "SELECT scope.key, max(event.at_utc) FROM event, json_each(event.state) AS scope"
        " WHERE event.state IS NOT NULL AND scope.key LIKE ? GROUP BY scope.key",
        [f"{CONTEST_PREFIX}%"],
    ).fetchall()
    return {str(key)[len(CONTEST_PREFIX):]: _utc(str(at)) for key, at in rows}


def last_event_at(store: CountStore) -> datetime | None:
    """The UTC time of the last event in the log (None for an empty log)."""
    row = store.db.execute("SELECT at_utc FROM event ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else _utc(str(row[0]))


def first_event_hash(store: CountStore) -> str:
    """The hash of the log's first event: it names this count file (its import time is in it)."""
    row = store.db.execute("SELECT hash FROM event ORDER BY seq LIMIT 1").fetchone()
    return "" if row is None else str(row[0])
