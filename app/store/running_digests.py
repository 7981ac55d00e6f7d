"""The audit digests' second format: one running hash per table of a scope, extended as rows are appended."""

# Why a second format: the first (row_buckets.py) cut each table into buckets of eight keys and
# groups of 64 buckets, so that a save re-hashed one bucket, one group and one table; but keeping
# those three levels true in memory cost a confirmed sheet ~0.4 ms, a fifth of the save. Here a
# table's digest is one SHA-256 over all its row texts in the scope, in canonical order, exactly as
# the first format digests one bucket. Nearly every write appends rows under keys above all the
# others (a new sheet, entry, status, event), and appending extends the hash (a copy of its state,
# updated with the new rows) without reading anything else; any other change reads the table's
# rows in the scope again. Events record a digest of this format with FORMAT_MARK in front, so
# `countdesk verify` knows which way to recompute it; events written before it keep the first.

from __future__ import annotations

import hashlib
import itertools
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from app.store.row_buckets import combined, line, scope_prefix

FORMAT_MARK = "2:"  # in front of a scope digest of this format, in an event's `state`
STATE_TAG = b"countdesk-state/2\n"  # the domain tag of every scope digest of this format
_GENERATIONS = itertools.count(1)  # process-wide: a number is never reused, on any connection
_VERSIONS_KEPT = 4  # per scope: the committed version and those made since in one transaction


class Lines(NamedTuple):
    """The (key, digest) parts of a combined digest, kept as the lines it hashes in order of their
    keys' text: a change re-hashes the lines without formatting or sorting them all."""

    keys: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()

    def put(self, key: str, digest: str | None) -> Lines:
        """With the part of this key replaced (None: removed)."""
        at = bisect_left(self.keys, key)
        present = at < len(self.keys) and self.keys[at] == key
        if digest is None:
            if not present:
                return self
            return Lines(self.keys[:at] + self.keys[at + 1:], self.lines[:at] + self.lines[at + 1:])
        if present:
            lines = list(self.lines)
            lines[at] = line(key, digest)
            return Lines(self.keys, tuple(lines))
        return Lines(
            (*self.keys[:at], key, *self.keys[at:]), (*self.lines[:at], line(key, digest), *self.lines[at:])
        )

    def digest(self, prefix: bytes) -> str:
        return combined(prefix, "".join(self.lines))


class TableRun(NamedTuple):
    """One table's rows in a scope: the hash over their texts so far, and the key rows may follow."""

    hashed: hashlib._Hash  # over "\n".join(texts); copied, never updated in place
    digest: str
    last: int | None  # the highest key; None when rows cannot simply be appended (no integer key)


def table_run(rows: Iterable[tuple[object, str]]) -> TableRun | None:
    """The run over (key, text) rows in canonical order (None: no rows)."""
    keys, texts = [], []
    for key, text in rows:
        keys.append(key)
        texts.append(text)
    if not texts:
        return None
    hashed = hashlib.sha256("\n".join(texts).encode("utf-8", "surrogateescape"))
    last = keys[-1] if all(type(key) is int for key in keys) else None
    return TableRun(hashed, hashed.hexdigest()[:32], last)  # type: ignore[arg-type]  # all ints


def extended(run: TableRun | None, rows: Sequence[tuple[int, str]]) -> TableRun | None:
    """The run with these (key, text) rows after its own; every key above `run.last`."""
    if not rows:
        return run
    if run is None:
        return table_run(rows)
    hashed = run.hashed.copy()
    hashed.update(("\n" + "\n".join([row[1] for row in rows])).encode("utf-8", "surrogateescape"))
    return TableRun(hashed, hashed.hexdigest()[:32], rows[-1][0])


class ScopeRun(NamedTuple):
    """One scope's tables and the lines of their digests."""

    tables: Mapping[str, TableRun]
    lines: Lines

    def digest(self, scope: str) -> str:
        return FORMAT_MARK + self.lines.digest(scope_prefix(STATE_TAG, scope))

    def with_tables(self, changed: Mapping[str, TableRun | None]) -> ScopeRun:
        """A new version with these tables' runs replaced (None: the table has no rows now)."""
        tables = dict(self.tables)
        lines = self.lines
        for table, run in changed.items():
            if run is None:
                tables.pop(table, None)
                lines = lines.put(table, None)
            else:
                tables[table] = run
                lines = lines.put(table, run.digest)
        return ScopeRun(tables, lines)


EMPTY = ScopeRun({}, Lines())


def scope_digest(scope: str, tables: Mapping[str, str]) -> str:
    """The scope's digest from each table's digest (tables without rows left out)."""
    lines = Lines()
    for table, digest in tables.items():
        lines = lines.put(table, digest)
    return ScopeRun({}, lines).digest(scope)


class Runs:
    """The runs of the loaded scopes by generation (state_digest.py writes which one is true)."""

    def __init__(self) -> None:
        self._kept: dict[str, OrderedDict[int, ScopeRun]] = {}

    def get(self, scope: str, generation: int | None) -> ScopeRun | None:
        versions = self._kept.get(scope)
        if generation is None or versions is None:
            return None
        return versions.get(int(generation))

    def keep(self, scope: str, run: ScopeRun) -> int:
        """Hold a new version of the scope's run; its generation, to be written in the transaction."""
        generation = next(_GENERATIONS)
        versions = self._kept.setdefault(scope, OrderedDict())
        versions[generation] = run
        while len(versions) > _VERSIONS_KEPT:
            versions.popitem(last=False)
        return generation
