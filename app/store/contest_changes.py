"""Which contests' stored rows the audit events after a given one changed (from their state digests)."""

# Every event records, in its `state`, a digest per scope its transaction changed (state_digest.py),
# so this names every contest any writer touched, without relying on how events name their objects.

from __future__ import annotations

import sqlite3

from app.store.connection import StoreError
from app.store.count_store import CountStore
from app.store.row_buckets import CONTEST_PREFIX, ELECTION


def contests_changed_after(store: CountStore, event_count: int) -> set[str] | None:
    """The ids of the contests whose rows any event after the first `event_count` changed; None
    when the log cannot say (a file made before events recorded their digests)."""
    try:
        rows = store.db.execute(
            "SELECT DISTINCT scope.key FROM event, json_each(event.state) AS scope"
            " WHERE event.seq > ? AND event.state IS NOT NULL AND scope.key LIKE ?",
            [event_count, f"{CONTEST_PREFIX}%"],
        ).fetchall()
    except sqlite3.OperationalError:  # no `state` column
        return None
    return {str(key)[len(CONTEST_PREFIX):] for (key,) in rows}


def contest_changed_after(store: CountStore, contest_id: str, event_count: int) -> bool:
    """Whether any event after the first `event_count` changed the contest's rows or the election's (its
    name, officers, setup), from which every document of the contest also reads (in a file made
    before events recorded their digests: whether any event was recorded since at all)."""
    try:
        try:
            row = store.db.execute(
                "SELECT EXISTS (SELECT 1 FROM event, json_each(event.state) AS scope"
                " WHERE event.seq > ? AND event.state IS NOT NULL AND scope.key IN (?, ?))",
                [event_count, f"{CONTEST_PREFIX}{contest_id}", ELECTION],
            ).fetchone()
        except sqlite3.OperationalError:  # no `state` column
            sql = "SELECT EXISTS (SELECT 1 FROM event WHERE seq > ?)"
            row = store.db.execute(sql, [event_count]).fetchone()
    except sqlite3.ProgrammingError as error:  # the file was closed meanwhile
        raise StoreError("the count file is no longer open") from error
    return bool(row[0])
