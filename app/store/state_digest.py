"""Digests of the stored rows, per contest and for the election, that every audit event records."""

# Why: the hash chain covers the events, not the figures. A figure changed by raw SQL (triggers
# dropped) would leave the chain intact. So each event also records, in its hashed `state`
# column, a digest of the rows of every scope its transaction touched; `countdesk verify` compares
# the rows stored now with the latest digest recorded for each scope. Which scopes (and buckets,
# row_buckets.py) a transaction touched is tracked by TEMP triggers on this connection only, so no
# writer has to cooperate; the bucket digests are cached in TEMP tables, which roll back with the
# transaction, so a failed save can never leave a digest of rows that were not kept.

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby, pairwise
from operator import itemgetter

from sqlite_utils import Database

from app.store.row_buckets import (
    CONTEST_PREFIX,
    ELECTION,
    TableLayout,
    bucket_digest,
    fold,
    group_digest,
    group_of,
    layouts,
    scope_digest,
    table_digest,
)
from app.store.schema import migrations

_TAG = b"countdesk-state/1\n"
_TOUCHED = "countdesk_touched"  # (scope, table, bucket) changed since the last event
# Cached digests of the scopes loaded on this connection: buckets, their groups, each table.
_BUCKET = "countdesk_bucket"
_GROUP = "countdesk_group"
_TABLE = "countdesk_table"
_LOADED = "countdesk_loaded"

__all__ = ["CONTEST_PREFIX", "ELECTION", "StateDigests", "StateProblem", "contest_scope", "state_text"]


@migrations(name="m004_event_state")
def m004_event_state(db: Database) -> None:
    """Each event carries the digests of the rows its transaction changed (hashed with it)."""
    db.execute("ALTER TABLE event ADD COLUMN state TEXT")


@dataclass(frozen=True)
class StateProblem:
    scope: str  # "election" or "contest:<id>"
    seq: int | None  # the event whose digest no longer matches, if any
    what: str

    @property
    def where(self) -> str:
        if self.scope.startswith(CONTEST_PREFIX):
            return f"contest {self.scope[len(CONTEST_PREFIX):]}"
        return "election set-up and users"


@contextmanager
def lenient_text(db: Database) -> Iterator[None]:
    """Read damaged (non-UTF-8) text as text with escapes, so a check reports it instead of failing."""
    conn = db.conn
    previous = conn.text_factory
    conn.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")
    try:
        yield
    finally:
        conn.text_factory = previous


def contest_scope(contest_id: str) -> str:
    return f"{CONTEST_PREFIX}{contest_id}"


def _contest_of(scope: str) -> str | None:
    return scope[len(CONTEST_PREFIX):] if scope.startswith(CONTEST_PREFIX) else None


class StateDigests:
    """Tracks the buckets this connection's writes touched, and digests a scope's rows."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._layouts = {layout.name: layout for layout in layouts(db)}
        # The SQL reading a whole scope, per table: built once (an import reads every contest).
        self._scope_sql = {
            per_contest: [
                (layout, layout.scope_rows_sql(per_contest))
                for layout in self._layouts.values()
                if (layout.in_contest_scope() if per_contest else layout.in_election_scope())
            ]
            for per_contest in (True, False)
        }

    def track(self) -> None:
        """Install the TEMP tables and triggers (this connection only) that note every change."""
        # The cache lives in memory: nothing about it needs to reach the disk.
        self._db.execute("PRAGMA temp_store = MEMORY")
        statements = [
            f"CREATE TEMP TABLE IF NOT EXISTS {_TOUCHED} "
            "(scope TEXT, tbl TEXT, bucket INTEGER, PRIMARY KEY (scope, tbl, bucket));",
            f"CREATE TEMP TABLE IF NOT EXISTS {_BUCKET} "
            "(scope TEXT, tbl TEXT, bucket INTEGER, digest TEXT, PRIMARY KEY (scope, tbl, bucket));",
            f"CREATE TEMP TABLE IF NOT EXISTS {_GROUP} "
            "(scope TEXT, tbl TEXT, grp INTEGER, digest TEXT, PRIMARY KEY (scope, tbl, grp));",
            f"CREATE TEMP TABLE IF NOT EXISTS {_TABLE} "
            "(scope TEXT, tbl TEXT, digest TEXT, PRIMARY KEY (scope, tbl));",
            f"CREATE TEMP TABLE IF NOT EXISTS {_LOADED} (scope TEXT PRIMARY KEY);",
        ]
        for layout in self._layouts.values():
            for verb, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
                inserts = " ".join(
                    f"INSERT OR IGNORE INTO {_TOUCHED} (scope, tbl, bucket) VALUES "
                    f"({layout.scope_of(r)}, '{layout.name}', {layout.bucket_of(r)});"
                    for r in rows
                )
                statements.append(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS countdesk_track_{layout.name}_{verb.lower()} "
                    f"AFTER {verb} ON main.{layout.name} BEGIN {inserts} END;"
                )
        if self._db.conn.in_transaction:  # never commit someone's transaction: one at a time
            for statement in statements:
                self._db.execute(statement)
            return
        # One script in one transaction: a fifth of the time of separate statements.
        self._db.conn.executescript("BEGIN;\n" + "\n".join(statements) + "\nCOMMIT;")

    def take_touched(self) -> dict[str, str]:
        """Digests of the scopes touched since the last call; forgets them (same transaction)."""
        touched: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for scope, table, bucket in self._db.execute(f"SELECT scope, tbl, bucket FROM {_TOUCHED}"):
            touched[str(scope)].append((str(table), int(bucket)))
        if not touched:
            return {}
        self._db.execute(f"DELETE FROM {_TOUCHED}")
        digests = {}
        for scope in sorted(touched):
            loaded = self._db.execute(f"SELECT 1 FROM {_LOADED} WHERE scope = ?", [scope]).fetchone()
            if loaded is None:
                self._load(scope)
            else:
                self._refresh(scope, touched[scope])
            cached = self._db.execute(f"SELECT tbl, digest FROM {_TABLE} WHERE scope = ?", [scope])
            digests[scope] = scope_digest(_TAG, scope, [(str(t), str(d)) for t, d in cached])
        return digests

    def content_key(self, scope: str, leave_out: frozenset[str]) -> tuple[tuple[str, str], ...] | None:
        """The cached digests of the scope's tables (less `leave_out`): equal keys, equal rows.

        None when the cache cannot vouch for the rows now: tracking not installed, the scope not
        yet loaded, inside a transaction, or rows changed that no event has digested yet.
        """
        if self._db.conn.in_transaction:
            return None
        try:
            loaded = self._db.execute(f"SELECT 1 FROM {_LOADED} WHERE scope = ?", [scope]).fetchone()
            pending = self._db.execute(
                f"SELECT 1 FROM {_TOUCHED} WHERE scope = ? LIMIT 1", [scope]
            ).fetchone()
        except sqlite3.OperationalError:  # no TEMP tables: this connection has not tracked writes
            return None
        if loaded is None or pending is not None:
            return None
        rows = self._db.execute(
            f"SELECT tbl, digest FROM {_TABLE} WHERE scope = ? ORDER BY tbl", [scope]
        ).fetchall()
        return tuple((str(t), str(d)) for t, d in rows if t not in leave_out)

    def _load(self, scope: str) -> None:
        """Cache every level of a scope's digests, read from its rows (once per connection)."""
        buckets = self._buckets(scope)
        self._db.conn.executemany(
            f"INSERT INTO {_BUCKET} (scope, tbl, bucket, digest) VALUES (?, ?, ?, ?)",
            [(scope, table, bucket, digest) for table, bucket, digest in buckets],
        )
        groups: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
        for table, bucket, digest in buckets:
            groups[(table, group_of(bucket))].append((bucket, digest))
        self._db.conn.executemany(
            f"INSERT INTO {_GROUP} (scope, tbl, grp, digest) VALUES (?, ?, ?, ?)",
            [(scope, table, group, group_digest(members)) for (table, group), members in groups.items()],
        )
        self._db.conn.executemany(
            f"INSERT INTO {_TABLE} (scope, tbl, digest) VALUES (?, ?, ?)",
            [(scope, table, digest) for table, digest in fold(buckets)],
        )
        self._db.execute(f"INSERT INTO {_LOADED} (scope) VALUES (?)", [scope])

    def _refresh(self, scope: str, touched: list[tuple[str, int]]) -> None:
        """Re-hash the touched buckets, then their groups, then their tables.

        A save runs this on every commit, so each level is one read and at most two batched
        writes for all the touched tables, not a few statements per bucket, group and table."""
        contest_id = _contest_of(scope)
        kept: list[tuple[str, int, str]] = []
        gone: list[tuple[str, int]] = []
        for table, bucket in touched:
            layout = self._layouts[table]
            sql, bounds = layout.bucket_rows_sql(contest_id is not None, bucket)
            parameters = bounds + ([contest_id] if contest_id is not None else [])
            texts = [str(r[0]) for r in self._db.execute(sql, parameters)]
            if texts:
                kept.append((table, bucket, bucket_digest(texts)))
            else:
                gone.append((table, bucket))
        self._store(_BUCKET, "bucket", scope, kept, gone)
        tables = sorted({table for table, _ in touched})
        groups = {(table, group_of(bucket)) for table, bucket in touched}
        members: dict[tuple[str, int], list[tuple[int, str]]] = {g: [] for g in groups}
        for table, bucket, digest in self._cached(_BUCKET, "bucket", scope, tables):
            place = (table, group_of(bucket))
            if place in members:
                members[place].append((bucket, digest))
        self._store(
            _GROUP, "grp", scope,
            [(t, g, group_digest(found)) for (t, g), found in members.items() if found],
            [(t, g) for (t, g), found in members.items() if not found],
        )
        by_table: dict[str, list[tuple[int, str]]] = {table: [] for table in tables}
        for table, number, digest in self._cached(_GROUP, "grp", scope, tables):
            by_table[table].append((number, digest))
        self._db.conn.executemany(
            f"INSERT OR REPLACE INTO {_TABLE} (scope, tbl, digest) VALUES (?, ?, ?)",
            [(scope, table, table_digest(found)) for table, found in by_table.items() if found],
        )
        self._db.conn.executemany(
            f"DELETE FROM {_TABLE} WHERE scope = ? AND tbl = ?",
            [(scope, table) for table, found in by_table.items() if not found],
        )

    def _cached(self, cache: str, key: str, scope: str, tables: list[str]) -> list[tuple[str, int, str]]:
        """The cached (table, number, digest) rows of the scope's given tables."""
        marks = ", ".join("?" for _ in tables)
        rows = self._db.execute(
            f"SELECT tbl, {key}, digest FROM {cache} WHERE scope = ? AND tbl IN ({marks})", [scope, *tables]
        )
        return [(str(t), int(n), str(d)) for t, n, d in rows]

    def _store(
        self, cache: str, key: str, scope: str, kept: list[tuple[str, int, str]], gone: list[tuple[str, int]]
    ) -> None:
        """Replace the cached digests `kept`; forget those of the `gone` (now empty) buckets or groups."""
        self._db.conn.executemany(
            f"INSERT OR REPLACE INTO {cache} (scope, tbl, {key}, digest) VALUES (?, ?, ?, ?)",
            [(scope, table, number, digest) for table, number, digest in kept],
        )
        self._db.conn.executemany(
            f"DELETE FROM {cache} WHERE scope = ? AND tbl = ? AND {key} = ?",
            [(scope, table, number) for table, number in gone],
        )

    def _buckets(self, scope: str) -> list[tuple[str, int, str]]:
        """Every bucket digest of the scope, read from the rows themselves (no cache)."""
        contest_id = _contest_of(scope)
        found: list[tuple[str, int, str]] = []
        for layout, sql in self._scope_sql[contest_id is not None]:
            rows = self._db.execute(sql, [contest_id] if contest_id is not None else []).fetchall()
            found += _by_bucket(layout, rows)
        return found

    def digest(self, scope: str) -> str:
        """The scope's digest from its rows now (what an event records for it)."""
        return scope_digest(_TAG, scope, fold(self._buckets(scope)))

    def contest_digests(self, contest_ids: list[str]) -> dict[str, str]:
        """digest() of each contest's scope, reading each table once for them all (an import)."""
        found: dict[str, list[tuple[str, int, str]]] = {i: [] for i in contest_ids}
        for layout in self._layouts.values():
            if not layout.in_contest_scope():
                continue
            rows = self._db.execute(layout.contest_rows_sql()).fetchall()
            rows.sort(key=itemgetter(0))  # stable: each contest's rows keep the order SQLite gave
            for contest_id, members in groupby(rows, key=itemgetter(0)):
                if str(contest_id) in found:
                    found[str(contest_id)] += _by_bucket(layout, list(members), 1)
        digests = {}
        for contest_id, buckets in found.items():
            scope = contest_scope(contest_id)
            if _in_bucket_order(buckets):
                digests[contest_id] = scope_digest(_TAG, scope, fold(buckets))
            else:  # rows the table's order did not keep by bucket: read the scope the usual way
                digests[contest_id] = self.digest(scope)
        return digests

    def digest_of_nothing(self, scope: str) -> str:
        return scope_digest(_TAG, scope, [])

    def current_scopes(self) -> list[str]:
        """The election and every contest that any row names (even one missing from `contest`)."""
        selects = ["SELECT id FROM contest"]
        for layout in self._layouts.values():
            if layout.kind == "contest_id":
                selects.append(f"SELECT contest_id FROM {layout.name} WHERE contest_id IS NOT NULL")
        ids = [str(r[0]) for r in self._db.execute(" UNION ".join(selects) + " ORDER BY 1")]
        return [ELECTION] + [contest_scope(i) for i in ids]

    def check(self) -> list[StateProblem]:
        """Every scope whose rows differ from the digest its latest event recorded."""
        try:
            return self._check()
        except (sqlite3.OperationalError, UnicodeDecodeError):
            with lenient_text(self._db):  # text that is not UTF-8: read it escaped
                return self._check()

    def _check(self) -> list[StateProblem]:
        recorded: dict[str, tuple[int, str]] = {}
        for seq, state in self._db.execute(
            "SELECT seq, state FROM event WHERE state IS NOT NULL ORDER BY seq"
        ):
            try:
                digests = json.loads(state)
            except ValueError:
                continue  # an unreadable state breaks its event's hash; the chain reports it
            if isinstance(digests, dict):
                for scope, value in digests.items():
                    recorded[str(scope)] = (int(seq), str(value))
        problems: list[StateProblem] = []
        for scope in sorted(set(self.current_scopes()) | set(recorded)):
            now = self.digest(scope)
            if scope not in recorded:
                if now != self.digest_of_nothing(scope):
                    problems.append(
                        StateProblem(scope, None, "its rows were written without any audit event")
                    )
                continue
            seq, then = recorded[scope]
            if now != then:
                problems.append(
                    StateProblem(
                        scope,
                        seq,
                        f"its stored rows differ from those recorded by event {seq}: changed "
                        "outside CountDesk (or damaged) after that event",
                    )
                )
        return problems


def _by_bucket(
    layout: TableLayout, rows: Sequence[Sequence[object]], at: int = 0
) -> list[tuple[str, int, str]]:
    """(bucket, row text) at columns `at` and `at + 1`, ordered by bucket, cut into bucket digests."""
    name = layout.name
    return [
        (name, int(str(bucket)), bucket_digest([str(r[at + 1]) for r in members]))
        for bucket, members in groupby(rows, key=itemgetter(at))
    ]


def _in_bucket_order(buckets: list[tuple[str, int, str]]) -> bool:
    """Whether each table's buckets are in strictly increasing order, as scope_rows_sql gives them."""
    return all(a[0] != b[0] or a[1] < b[1] for a, b in pairwise(buckets))


def state_text(digests: dict[str, str]) -> str | None:
    """The event's stored `state`: canonical JSON, or None when the transaction touched nothing."""
    if not digests:
        return None
    return json.dumps(digests, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
