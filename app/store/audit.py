"""The audit log: append-only events, each hashed over its stored values and the previous hash."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from app.store.state_digest import StateDigests, lenient_text, state_text

GENESIS = "0" * 64
_DOMAIN_TAG = b"countdesk-event/1\n"
# Made once: json.dumps with these options would build an encoder on every event (same output).
_BODY = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_COLUMNS = (
    "seq", "at_utc", "monotonic_ns", "user", "role", "action", "object", "before", "after", "reason",
)


@dataclass(frozen=True)
class Actor:
    """Who did something: a named person in a role, or the system (an import)."""

    name: str
    role: str


SYSTEM = Actor("CountDesk", "system")


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    what: str


def event_hash(prev_hash: str, values: tuple[Any, ...]) -> str:
    """sha256 over a tag, the previous hash and the event's stored values in canonical JSON."""
    body = _BODY.encode(list(values))
    return hashlib.sha256(_DOMAIN_TAG + prev_hash.encode("ascii") + body.encode("utf-8")).hexdigest()


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return _CANONICAL.encode(value)


class AuditLog:
    """Appends events inside the caller's transaction and verifies the chain."""

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))
        # Files made before m004 have no `state` column; their events hash without it.
        self._has_state = any(c[1] == "state" for c in db.execute("PRAGMA table_info('event')"))
        self.state = StateDigests(db)
        self._tracking = False

    def prepare(self) -> None:
        """Start noting changed rows (TEMP triggers on this connection); call before a write
        transaction. Reading, verifying and backing up never need it, so opening stays quick."""
        if self._has_state and not self._tracking:
            self.state.track()
            self._tracking = True

    def head(self) -> tuple[str, int]:
        sql = "SELECT hash, seq FROM event ORDER BY seq DESC LIMIT 1"
        try:
            row = self._db.execute(sql).fetchone()
        except (sqlite3.OperationalError, UnicodeDecodeError):
            with lenient_text(self._db):  # a damaged last hash: reported by verify, not a crash
                row = self._db.execute(sql).fetchone()
        return (GENESIS, 0) if row is None else (str(row[0]), int(row[1]))

    def append(
        self,
        actor: Actor,
        action: str,
        obj: str,
        *,
        before: object = None,
        after: object = None,
        reason: str | None = None,
    ) -> int:
        """Add one event; must run inside the same db.atomic() as the change it records."""
        if not self._db.conn.in_transaction:
            raise RuntimeError("audit events are written inside the transaction of their change")
        if self._has_state and not self._tracking:
            raise RuntimeError("call prepare() before the transaction, so its changes are noted")
        return self._insert(actor, action, obj, before, after, reason, self.state.take_touched)

    def append_stated(
        self,
        actor: Actor,
        action: str,
        obj: str,
        digests: dict[str, str],
        *,
        before: object = None,
        after: object = None,
        reason: str | None = None,
    ) -> int:
        """Add one event recording the given scope digests, for a writer that knows exactly which
        scopes it changed (an import into a new file: store/import_rows.py); nothing is tracked."""
        if not self._db.conn.in_transaction:
            raise RuntimeError("audit events are written inside the transaction of their change")
        return self._insert(actor, action, obj, before, after, reason, lambda: digests)

    def _insert(
        self, actor: Actor, action: str, obj: str, before: object, after: object, reason: str | None,
        digests: Callable[[], dict[str, str]],
    ) -> int:
        prev_hash, last_seq = self.head()
        values = (
            last_seq + 1,
            self._clock().isoformat(timespec="microseconds"),
            time.monotonic_ns(),
            actor.name,
            actor.role,
            action,
            obj,
            _as_text(before),
            _as_text(after),
            reason,
        )
        if not self._has_state:
            self._db.execute(
                f"INSERT INTO event ({', '.join(_COLUMNS)}, prev_hash, hash) "
                f"VALUES ({', '.join('?' for _ in _COLUMNS)}, ?, ?)",
                [*values, prev_hash, event_hash(prev_hash, values)],
            )
            return last_seq + 1
        # The digests of the rows this transaction changed are hashed with the event (see
        # state_digest.py); an event that changed no rows hashes exactly as before m004.
        state = state_text(digests())
        hashed = values if state is None else (*values, state)
        self._db.execute(
            f"INSERT INTO event ({', '.join(_COLUMNS)}, state, prev_hash, hash) "
            f"VALUES ({', '.join('?' for _ in _COLUMNS)}, ?, ?, ?)",
            [*values, state, prev_hash, event_hash(prev_hash, hashed)],
        )
        return last_seq + 1

    def verify(self) -> list[ChainProblem]:
        """Every break in the chain: gaps, re-ordering, edited values, wrong links."""
        try:
            return self._verify()
        except (sqlite3.OperationalError, UnicodeDecodeError):
            # Text that is not UTF-8 (damaged or edited) cannot be read the normal way.
            with lenient_text(self._db):
                return self._verify()

    def _verify(self) -> list[ChainProblem]:
        problems: list[ChainProblem] = []
        expected_prev = GENESIS
        expected_seq = 1
        state_column = ", state" if self._has_state else ", NULL"
        cursor = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)}{state_column}, prev_hash, hash FROM event ORDER BY seq"
        )
        for row in cursor:
            values = tuple(row[: len(_COLUMNS)])
            state = row[len(_COLUMNS)]
            if state is not None:
                values = (*values, state)
            seq, prev_hash, stored = row[0], row[-2], row[-1]
            if seq != expected_seq:
                problems.append(ChainProblem(seq, f"event {expected_seq} is missing (found {seq})"))
            if prev_hash != expected_prev:
                problems.append(ChainProblem(seq, "does not link to the event before it"))
            try:
                matches = event_hash(str(prev_hash), values) == stored
            except UnicodeEncodeError:
                matches = False  # text that is not UTF-8 was never hashed: damaged or edited
            if not matches:
                problems.append(ChainProblem(seq, "its stored values do not match its hash"))
            expected_prev = str(stored)
            expected_seq = int(seq) + 1 if isinstance(seq, int) else expected_seq + 1
        return problems
