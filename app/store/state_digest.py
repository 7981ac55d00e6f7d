"""Digests of the stored rows, per contest and for the election, that every audit event records."""

# Why: the hash chain covers the events, not the figures. A figure changed by raw SQL (triggers
# dropped) would leave the chain intact. So each event also records, in its hashed `state`
# column, a digest of the rows of every scope its transaction touched; `countdesk verify` compares
# the rows stored now with the latest digest recorded for each scope. Which scopes, tables and keys
# a transaction touched is tracked by TEMP triggers on this connection only, so no writer has to
# cooperate. Saves record the second format (running_digests.py: a running hash per table, held
# in memory by generation); which generation is true is written in a TEMP table, which rolls back
# with the transaction, so a failed save can never leave a digest of rows that were not kept.
# Imports record the second format too; events written before it record the first
# (row_buckets.py), which is still checked.

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from sqlite_utils import Database

from app.store.row_buckets import (
    CONTEST_PREFIX,
    ELECTION,
    STATE_TAG,
    TableLayout,
    bucket_digest,
    fold,
    layouts,
    scope_digest,
)
from app.store.running_digests import EMPTY, FORMAT_MARK, Runs, ScopeRun, TableRun, extended, table_run
from app.store.running_digests import scope_digest as running_scope_digest
from app.store.schema import migrations

_TOUCHED = "countdesk_touched"  # (scope, table, key) changed since the last event
# Which generation of each loaded scope's run (running_digests.py) matches the rows: written in
# the transaction of the event, so that a rollback brings back the number of the tree still true.
_LOADED = "countdesk_loaded"
_ASKED_KEPT = 64
_STATE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)  # made once

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
    """Tracks the tables and keys this connection's writes touched, and digests a scope's rows."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._layouts = {layout.name: layout for layout in layouts(db)}
        # The SQL reading a whole scope, per table, in each format: built once (an import reads
        # every contest in the first; a save's first touch of a scope reads it in the second).
        in_scope = {
            per_contest: [
                layout for layout in self._layouts.values()
                if (layout.in_contest_scope() if per_contest else layout.in_election_scope())
            ]
            for per_contest in (True, False)
        }
        self._scope_sql = {c: [(t, t.scope_rows_sql(c)) for t in found] for c, found in in_scope.items()}
        self._texts_sql = {c: [(t, t.scope_texts_sql(c)) for t in found] for c, found in in_scope.items()}
        # ... and the rows of a key range, per keyed table (a save reads a few of these).
        self._key_sql = {
            (layout.name, per_contest): layout.key_rows_sql(per_contest)
            for layout in self._layouts.values()
            if layout.key is not None
            for per_contest in (True, False)
        }
        self._runs = Runs()
        self._asked: dict[str, tuple[int, int | None, bool]] = {}  # content_key's last answers
        self._keys: dict[tuple[str, int | None, frozenset[str]], tuple[tuple[str, str], ...]] = {}
        self._made: dict[str, int] = {}  # generations made in the transaction under way

    def track(self) -> None:
        """Install the TEMP tables and triggers (this connection only) that note every change."""
        # The notes live in memory: nothing about them needs to reach the disk.
        self._db.execute("PRAGMA temp_store = MEMORY")
        statements = [
            f"CREATE TEMP TABLE IF NOT EXISTS {_TOUCHED} "
            "(scope TEXT, tbl TEXT, key, PRIMARY KEY (scope, tbl, key));",
            f"CREATE TEMP TABLE IF NOT EXISTS {_LOADED} (scope TEXT PRIMARY KEY, gen INTEGER NOT NULL);",
        ]
        for layout in self._layouts.values():
            for verb, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
                inserts = " ".join(
                    f"INSERT OR IGNORE INTO {_TOUCHED} (scope, tbl, key) VALUES "
                    f"({layout.scope_of(r)}, '{layout.name}', {_key_noted(layout, r)});"
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
        """Digests of the scopes touched since the last call; forgets them (same transaction).

        Three statements and, per touched table, one small read: the notes with each scope's
        generation, their deletion, the new generations (running_digests.py keeps the runs)."""
        touched: dict[str, dict[str, set[object]]] = defaultdict(lambda: defaultdict(set))
        generation: dict[str, int | None] = {}
        for scope, table, key, gen in self._db.execute(
            f"SELECT t.scope, t.tbl, t.key, l.gen FROM {_TOUCHED} t "
            f"LEFT JOIN {_LOADED} l ON l.scope = t.scope"
        ):
            touched[str(scope)][str(table)].add(key)
            generation[str(scope)] = gen
        if not touched:
            return {}
        self._db.execute(f"DELETE FROM {_TOUCHED}")
        digests = {}
        for scope in sorted(touched):
            base = self._runs.get(scope, generation[scope])
            run = self._scope_run(scope) if base is None else self._advanced(scope, base, touched[scope])
            self._made[scope] = self._runs.keep(scope, run)
            digests[scope] = run.digest(scope)
        self._db.conn.executemany(
            f"INSERT OR REPLACE INTO {_LOADED} (scope, gen) VALUES (?, ?)",
            [(scope, self._made[scope]) for scope in digests],
        )
        return digests

    def started(self) -> None:
        """A write transaction begins: forget the generations made in any earlier one."""
        self._made.clear()

    def committed(self) -> None:
        """The transaction begun at started() has committed, its event last: each scope it digested
        stands at the generation made for it, with nothing pending, so content_key need not ask."""
        conn = self._db.conn
        if not conn.in_transaction:  # not a savepoint inside someone's transaction, which may yet roll back
            for scope, gen in self._made.items():
                self._asked[scope] = (conn.total_changes, gen, False)
        self._made.clear()

    def content_key(self, scope: str, leave_out: frozenset[str]) -> tuple[tuple[str, str], ...] | None:
        """The digests of the scope's tables (less `leave_out`) as last digested: equal keys, equal rows.

        None when they cannot vouch for the rows now: tracking not installed, the scope not
        yet loaded, inside a transaction, or rows changed that no event has digested yet.
        """
        conn = self._db.conn
        if conn.in_transaction:
            return None
        # Asked again with no row changed on this connection since (SQLite's count of changed rows
        # only grows; the file is locked to it): the same answer, without asking the TEMP tables.
        changes = conn.total_changes
        asked = self._asked.get(scope)
        if asked is not None and asked[0] == changes:
            gen, pending = asked[1], asked[2]
        else:
            try:
                gen, pending = self._db.execute(
                    f"SELECT (SELECT gen FROM {_LOADED} WHERE scope = ?), "
                    f"EXISTS (SELECT 1 FROM {_TOUCHED} WHERE scope = ?)",
                    [scope, scope],
                ).fetchone()
            except sqlite3.OperationalError:  # no TEMP tables: this connection has not tracked writes
                return None
            if len(self._asked) >= _ASKED_KEPT:
                self._asked.clear()
            self._asked[scope] = (changes, gen, bool(pending))
        run = None if pending else self._runs.get(scope, gen)
        if run is None:
            return None
        made = self._keys.get((scope, gen, leave_out))  # a generation's run never changes
        if made is None:
            tables = run.tables  # run.lines holds their names in order: nothing to sort
            made = tuple([(t, tables[t].digest) for t in run.lines.keys if t not in leave_out])
            if len(self._keys) >= _ASKED_KEPT:
                self._keys.clear()
            self._keys[scope, gen, leave_out] = made
        return made

    def _advanced(self, scope: str, base: ScopeRun, touched: dict[str, set[object]]) -> ScopeRun:
        """The base run with the touched tables digested again: extended by the rows of the keys
        written when they all lie above the table's others, otherwise read whole."""
        contest_id = _contest_of(scope)
        in_scope = [contest_id] if contest_id is not None else []
        changed: dict[str, TableRun | None] = {}
        for table, keys in touched.items():
            layout = self._layouts[table]
            old = base.tables.get(table)
            numbers = [key for key in keys if type(key) is int]
            if layout.key is not None and len(numbers) == len(keys):
                low, high = min(numbers), max(numbers)
                if old is None or (old.last is not None and low > old.last):
                    sql = self._key_sql[table, contest_id is not None]
                    found = self._db.conn.execute(sql, [low, high, *in_scope]).fetchall()
                    if all(type(row[0]) is int for row in found):
                        changed[table] = extended(old, found)
                        continue
            changed[table] = self._table_run(layout, contest_id)
        return base.with_tables(changed)

    def _table_run(self, layout: TableLayout, contest_id: str | None) -> TableRun | None:
        sql = layout.scope_texts_sql(contest_id is not None)
        return table_run(self._db.execute(sql, [contest_id] if contest_id is not None else []).fetchall())

    def _scope_run(self, scope: str) -> ScopeRun:
        """The scope's run read from its rows (no cache)."""
        contest_id = _contest_of(scope)
        found: dict[str, TableRun | None] = {}
        for layout, sql in self._texts_sql[contest_id is not None]:
            found[layout.name] = table_run(
                self._db.execute(sql, [contest_id] if contest_id is not None else []).fetchall()
            )
        return EMPTY.with_tables(found)

    def running_digest(self, scope: str) -> str:
        """The scope's digest of the second format from its rows now (what a save's event records)."""
        return self._scope_run(scope).digest(scope)

    def _buckets(self, scope: str) -> list[tuple[str, int, str]]:
        """Every bucket digest of the scope, read from the rows themselves (no cache)."""
        contest_id = _contest_of(scope)
        found: list[tuple[str, int, str]] = []
        for layout, sql in self._scope_sql[contest_id is not None]:
            rows = self._db.execute(sql, [contest_id] if contest_id is not None else []).fetchall()
            found += _by_bucket(layout, rows)
        return found

    def digest(self, scope: str) -> str:
        """The scope's digest of the first format from its rows now (what events written before the
        second format, imports included, record: `countdesk verify` of an older file)."""
        return scope_digest(STATE_TAG, scope, fold(self._buckets(scope)))

    def contest_running_digests(self, contest_ids: list[str]) -> dict[str, str]:
        """running_digest() of each contest's scope, reading each table once for them all (an import)."""
        in_contest = [layout for layout in self._layouts.values() if layout.in_contest_scope()]
        found = contest_table_digests(self._db, in_contest)
        return {
            contest_id: running_scope_digest(contest_scope(contest_id), found.get(contest_id, {}))
            for contest_id in contest_ids
        }

    def digest_of_nothing(self, scope: str) -> str:
        return scope_digest(STATE_TAG, scope, [])

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
            then_text = recorded[scope][1] if scope in recorded else ""
            now = self.running_digest(scope) if then_text.startswith(FORMAT_MARK) else self.digest(scope)
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


def _key_noted(layout: TableLayout, row: str) -> str:
    """The key the change tracking notes for a row (0 for a table without one: read whole)."""
    return "0" if layout.key is None else f"{row}.{layout.key}"


def _by_bucket(layout: TableLayout, rows: Sequence[Sequence[object]]) -> list[tuple[str, int, str]]:
    """(bucket, row text) rows, ordered by bucket, cut into bucket digests (the first format)."""
    name = layout.name
    return [
        (name, int(str(bucket)), bucket_digest([str(r[1]) for r in members]))
        for bucket, members in groupby(rows, key=itemgetter(0))
    ]


def contest_table_digests(db: Database, tables: Iterable[TableLayout]) -> dict[str, dict[str, str]]:
    """Each contest's digest of the second format of each of these tables that holds rows of it,
    reading each table once for all the contests (an import).

    contest_rows_sql gives every contest's rows in the table's canonical order, the ORDER BY of
    scope_texts_sql, over the whole table; a part of rows in order, taken as they come, is in
    that order too, so each contest's texts are exactly those scope_texts_sql gives, in order."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for layout in tables:
        texts: dict[object, list[str]] = defaultdict(list)
        for contest_id, _, text in db.execute(layout.contest_rows_sql()):
            texts[contest_id].append(text)
        for contest_id, members in texts.items():
            # a table's digest of the second format is this hash over all its texts (table_run)
            found[str(contest_id)][layout.name] = bucket_digest(members)
    return dict(found)


def state_text(digests: dict[str, str]) -> str | None:
    """The event's stored `state`: canonical JSON, or None when the transaction touched nothing."""
    if not digests:
        return None
    return _STATE.encode(digests)
