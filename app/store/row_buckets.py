"""Where each stored row belongs for the audit digests: its scope (a contest or the election) and bucket."""

# Each row's text, scope and key serve both digest formats. In the first (what every event written
# before the second format recorded, imports included; still checked), a scope's digest is built
# from bucket digests: rows are bucketed by the integer key they are appended under (a table's `seq`, or the
# `sheet_seq`/`entry_seq` of a child row), eight keys to a bucket, 64 buckets to a group; small
# tables without such a key are one bucket per scope. The second (running_digests.py) hashes each
# table's rows of a scope whole. Everything here is derived from the schema, so tables that other
# features add are covered without being listed.

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

ELECTION = "election"
CONTEST_PREFIX = "contest:"
STATE_TAG = b"countdesk-state/1\n"  # the domain tag of every scope digest (its format's version)
BUCKET_KEYS = 8
NULL_BUCKET = -(2**62)  # rows whose key is NULL (only a raw edit can make one)
# Tables outside the digests: the chain itself and sqlite-utils' bookkeeping.
OUTSIDE = ("event", "_sqlite_migrations")


@dataclass(frozen=True)
class TableLayout:
    """One table: how its rows name their scope, and the key they are bucketed by."""

    name: str
    columns: tuple[str, ...]
    kind: str  # "contest" (the contest row), "contest_id", "sheet" (via sheet_seq), "election"
    key: str | None
    order: tuple[str, ...] = ()  # a total order of the rows: the primary key, else every column

    # the SQL pieces, for triggers (row = "NEW"/"OLD") and for reading (alias t, sheet s)
    def scope_of(self, row: str) -> str:
        if self.kind == "contest":
            return f"'{CONTEST_PREFIX}' || {row}.id"
        if self.kind == "contest_id":
            return f"coalesce('{CONTEST_PREFIX}' || {row}.contest_id, '{ELECTION}')"
        if self.kind == "sheet":
            return (
                f"coalesce('{CONTEST_PREFIX}' || (SELECT contest_id FROM sheet WHERE seq = {row}.sheet_seq), "
                f"'{ELECTION}')"
            )
        return f"'{ELECTION}'"

    def bucket_of(self, row: str) -> str:
        if self.key is None:
            return "0"
        key = f"{row}.{self.key}"
        return f"CASE WHEN {key} IS NULL THEN {NULL_BUCKET} ELSE {key} / {BUCKET_KEYS} END"

    def in_contest_scope(self) -> bool:
        return self.kind != "election"

    def in_election_scope(self) -> bool:
        return self.kind != "contest"

    def _source(self) -> str:
        if self.kind == "sheet":
            return f"{self.name} t LEFT JOIN sheet s ON s.seq = t.sheet_seq"
        return f"{self.name} t"

    def _scope_condition(self, contest: bool, *, unindexed: bool = False) -> str:
        plus = "+" if unindexed else ""  # '+' keeps SQLite on the key's index for a bucket
        if self.kind == "contest":
            return f"{plus}t.id = ?"
        if self.kind == "contest_id":
            return f"{plus}t.contest_id = ?" if contest else "t.contest_id IS NULL"
        if self.kind == "sheet":
            return f"{plus}s.contest_id = ?" if contest else "s.seq IS NULL"
        return "1"

    def _row_text(self) -> str:
        # One text per row, built by SQLite: quote() gives each stored value exactly and without
        # ambiguity ('it''s', 12, NULL, X'00'), far quicker than Python reading the columns.
        return " || ',' || ".join(f"quote(t.{c})" for c in self.columns)

    def _order(self) -> str:
        return ", ".join(f"t.{c}" for c in (self.order or self.columns))

    def scope_rows_sql(self, contest: bool) -> str:
        """(bucket, row text) for every row of the scope in canonical order (bucket, then values)."""
        return (
            f"SELECT {self.bucket_of('t')} AS bucket, {self._row_text()} FROM {self._source()} "
            f"WHERE {self._scope_condition(contest)} ORDER BY bucket, {self._order()}"
        )

    def contest_rows_sql(self) -> str:
        """(contest id, bucket, row text) for the rows of every contest scope, in the table's own
        order: one reading of the table for a whole import (state_digest.contest_table_digests).

        Ordered by the primary key alone, which SQLite reads from its index without sorting: the
        key (when there is one) is its first column and the bucket never decreases as it grows, so
        each contest's rows come in the canonical order of scope_rows_sql (the caller checks)."""
        column = {"contest": "t.id", "contest_id": "t.contest_id", "sheet": "s.contest_id"}[self.kind]
        return (
            f"SELECT {column}, {self.bucket_of('t')}, {self._row_text()} "
            f"FROM {self._source()} WHERE {column} IS NOT NULL ORDER BY {self._order()}"
        )

    def scope_texts_sql(self, contest: bool) -> str:
        """(key, row text) of every row of the scope in canonical order (the key NULL for a table
        without one): what a table's digest of the second format (running_digests.py) is over."""
        key = f"t.{self.key}" if self.key is not None else "NULL"
        return (
            f"SELECT {key}, {self._row_text()} FROM {self._source()} "
            f"WHERE {self._scope_condition(contest)} ORDER BY {self._order()}"
        )

    def key_rows_sql(self, contest: bool) -> str:
        """(key, row text) of the scope's rows whose key is between two parameters, in canonical
        order: the order begins with the key, so a bucket's texts are its keys' texts in key order."""
        where = self._scope_condition(contest, unindexed=True)
        return (
            f"SELECT t.{self.key}, {self._row_text()} FROM {self._source()} "
            f"WHERE t.{self.key} BETWEEN ? AND ? AND {where} ORDER BY {self._order()}"
        )


def layouts(db: Database) -> list[TableLayout]:
    """Every table of the count file that the digests cover, from its schema."""
    found = []
    for (name,) in db.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall():
        if name in OUTSIDE:
            continue
        info = db.execute(f"PRAGMA table_info('{name}')").fetchall()
        columns = tuple(str(c[1]) for c in info)
        if name == "contest":
            kind = "contest"
        elif "contest_id" in columns:
            kind = "contest_id"
        elif "sheet_seq" in columns:
            kind = "sheet"
        else:
            kind = ELECTION
        primary = tuple(str(c[1]) for c in sorted(info, key=lambda c: int(c[5])) if int(c[5]) > 0)
        found.append(TableLayout(str(name), columns, kind, _key(info), primary))
    return found


def _key(info: list[tuple[object, ...]]) -> str | None:
    primary = sorted((c for c in info if int(str(c[5])) > 0), key=lambda c: int(str(c[5])))
    if not primary or str(primary[0][2]).upper() != "INTEGER":
        return None
    first = str(primary[0][1])
    if len(primary) == 1 or first.endswith("_seq"):
        return first
    return None


GROUP_BUCKETS = 64  # buckets to a group (the first format)


def bucket_digest(texts: Sequence[str]) -> str:
    """Over the row texts of one bucket, in canonical order."""
    return hashlib.sha256("\n".join(texts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


GROUP_PREFIX = b"group\n"
TABLE_PREFIX = b"table\n"


def scope_prefix(tag: bytes, scope: str) -> bytes:
    return tag + scope.encode("utf-8", "surrogateescape") + b"\n"


def line(key: object, digest: str) -> str:
    """One (key, digest) pair as the combined digests hash it."""
    return f"{key}\t{digest}\n"


def combined(prefix: bytes, lines: str) -> str:
    """128 bits of SHA-256 over a prefix and the lines of the parts, in order of their keys' text."""
    return hashlib.sha256(prefix + lines.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _combine(prefix: bytes, parts: Sequence[tuple[object, str]]) -> str:
    # Any fixed order will do: both the cached and the full computation come through here
    # (running_digests.Lines keeps the same lines in the same order, one change at a time).
    ordered = sorted(parts, key=lambda p: str(p[0]))
    return combined(prefix, "".join(line(key, digest) for key, digest in ordered))


def group_of(bucket: int) -> int:
    return bucket // GROUP_BUCKETS


def group_digest(buckets: Sequence[tuple[int, str]]) -> str:
    """Over the (bucket, digest) pairs of one group."""
    return _combine(GROUP_PREFIX, buckets)


def table_digest(groups: Sequence[tuple[int, str]]) -> str:
    """Over the (group, digest) pairs of one table in one scope."""
    return _combine(TABLE_PREFIX, groups)


def scope_digest(tag: bytes, scope: str, tables: Sequence[tuple[str, str]]) -> str:
    """128 bits of SHA-256 over the scope's (table, table digest) pairs in canonical order."""
    return _combine(scope_prefix(tag, scope), tables)


def fold(buckets: list[tuple[str, int, str]]) -> list[tuple[str, str]]:
    """(table, bucket, digest) -> (table, table digest), through the groups: the full computation."""
    groups: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for table, bucket, digest in buckets:
        groups.setdefault((table, group_of(bucket)), []).append((bucket, digest))
    tables: dict[str, list[tuple[int, str]]] = {}
    for (table, group), members in groups.items():
        tables.setdefault(table, []).append((group, group_digest(members)))
    return [(table, table_digest(members)) for table, members in tables.items()]
