"""The audit digests of the scopes this connection has loaded, held in memory, one version per generation."""

# Why in memory, and why generations: an event's digests were kept in TEMP tables so that they roll
# back with a failed transaction, as the rows do; but keeping three levels of them there (buckets,
# groups, tables) cost a save some twenty statements. Here each refresh makes a new version of a
# scope's tree (sharing the unchanged parts of the old one) under a fresh generation number, and
# state_digest.py writes that number into a TEMP table in the same transaction. A rollback restores
# the older number, whose version is still held here; a number with no version held means "read the
# scope from its rows again". So the memory can be stale only in ways that are noticed, never trusted.
#
# A bucket's digest is a hash over all its row texts, so a refreshed bucket needs them all. The
# texts of recently refreshed buckets are kept, per key, with the digest they hash to: while the
# tree still holds that digest for the bucket they are exactly its rows, and a save reads again only
# the keys it wrote (one sheet's rows, not the eight sheets of its bucket).

from __future__ import annotations

import hashlib
import itertools
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from app.store.row_buckets import GROUP_PREFIX, TABLE_PREFIX, combined, group_of, line, scope_prefix

_GENERATIONS = itertools.count(1)  # process-wide: a number is never reused, on any connection
_VERSIONS_KEPT = 4  # per scope: the committed version and those made since in one transaction
_BUCKETS_KEPT = 256  # buckets whose row texts are kept (a few contests' latest sheets)


class Lines(NamedTuple):
    """The (key, digest) parts of a combined digest (row_buckets._combine), kept as the lines it hashes,
    in order of their keys' text: a change re-hashes the lines without formatting or sorting them all."""

    keys: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()

    def put(self, key: object, digest: str | None) -> Lines:
        """With the part of this key replaced (None: removed)."""
        name = str(key)
        at = bisect_left(self.keys, name)
        present = at < len(self.keys) and self.keys[at] == name
        if digest is None:
            if not present:
                return self
            return Lines(self.keys[:at] + self.keys[at + 1:], self.lines[:at] + self.lines[at + 1:])
        if present:  # the usual change: a bucket, group or table digested again
            lines = list(self.lines)
            lines[at] = line(name, digest)
            return Lines(self.keys, tuple(lines))
        return Lines(
            (*self.keys[:at], name, *self.keys[at:]), (*self.lines[:at], line(name, digest), *self.lines[at:])
        )

    def digest(self, prefix: bytes) -> str:
        return combined(prefix, "".join(self.lines))


def lines_of(parts: Mapping[Any, str]) -> Lines:
    named = sorted((str(key), digest) for key, digest in parts.items())  # keys are distinct
    return Lines(tuple(name for name, _ in named), tuple(line(name, digest) for name, digest in named))


class Group(NamedTuple):
    digest: str
    buckets: Mapping[int, str]  # bucket -> its digest
    lines: Lines


class Table(NamedTuple):
    digest: str
    groups: Mapping[int, Group]
    lines: Lines


class Tree(NamedTuple):
    """One scope's digests: table -> groups -> buckets, and the lines of its tables' digests."""

    tables: Mapping[str, Table]
    lines: Lines

    def digest(self, tag: bytes, scope: str) -> str:
        """The scope's digest (row_buckets.scope_digest)."""
        return self.lines.digest(scope_prefix(tag, scope))


KeyTexts = Mapping[int, tuple[str, ...]]  # key -> the texts of its rows, in canonical order


def _group(buckets: dict[int, str], lines: Lines | None = None) -> Group:
    lines = lines_of(buckets) if lines is None else lines
    return Group(lines.digest(GROUP_PREFIX), buckets, lines)


def _table(groups: dict[int, Group], lines: Lines | None = None) -> Table:
    if lines is None:
        lines = lines_of({number: group.digest for number, group in groups.items()})
    return Table(lines.digest(TABLE_PREFIX), groups, lines)


def build(buckets: Iterable[tuple[str, int, str]]) -> Tree:
    """A scope's tree from all its (table, bucket, digest): the folding of row_buckets.fold."""
    nested: dict[str, dict[int, dict[int, str]]] = {}
    for table, bucket, digest in buckets:
        nested.setdefault(table, {}).setdefault(group_of(bucket), {})[bucket] = digest
    tables = {
        table: _table({number: _group(members) for number, members in groups.items()})
        for table, groups in nested.items()
    }
    return Tree(tables, lines_of({table: found.digest for table, found in tables.items()}))


def updated(tree: Tree, changed: Mapping[tuple[str, int], str | None]) -> Tree:
    """A new tree with the given buckets' digests replaced (None: the bucket is now empty). The old
    tree is left as it was; the parts no bucket of `changed` is in are shared with it."""
    tables = dict(tree.tables)
    scope_lines = tree.lines
    by_table: dict[str, dict[int, dict[int, str | None]]] = {}
    for (table, bucket), digest in changed.items():
        by_table.setdefault(table, {}).setdefault(group_of(bucket), {})[bucket] = digest
    for table, groups in by_table.items():
        old = tables.get(table)
        kept = dict(old.groups) if old is not None else {}
        table_lines = old.lines if old is not None else Lines()
        for number, buckets in groups.items():
            group = kept.get(number)
            members = dict(group.buckets) if group is not None else {}
            lines = group.lines if group is not None else Lines()
            for bucket, digest in buckets.items():
                if digest is None:
                    members.pop(bucket, None)
                else:
                    members[bucket] = digest
                lines = lines.put(bucket, digest)
            if members:
                kept[number] = _group(members, lines)
                table_lines = table_lines.put(number, kept[number].digest)
            else:
                kept.pop(number, None)
                table_lines = table_lines.put(number, None)
        if kept:
            tables[table] = _table(kept, table_lines)
            scope_lines = scope_lines.put(table, tables[table].digest)
        else:
            tables.pop(table, None)
            scope_lines = scope_lines.put(table, None)
    return Tree(tables, scope_lines)


def bucket_of(tree: Tree, table: str, bucket: int) -> str | None:
    """The bucket's digest in the tree (None: the scope has no rows in it)."""
    found = tree.tables.get(table)
    group = None if found is None else found.groups.get(group_of(bucket))
    return None if group is None else group.buckets.get(bucket)


class BucketTexts(NamedTuple):
    """A bucket's row texts by key, and the hash of them all in key order so far: rows appended under
    higher keys (a new sheet, a new entry) extend the hash instead of hashing the bucket again."""

    texts: KeyTexts
    hashed: hashlib._Hash  # over row_buckets.bucket_digest's bytes; copied, never updated in place
    last: int | None  # the highest key (None: no rows)

    def appended(self, rows: Sequence[tuple[int, str]]) -> tuple[str, BucketTexts]:
        """The digest with these (key, text) rows after the others (every key above `last`)."""
        hashed = self.hashed.copy()
        joined = "\n".join([row[1] for row in rows])
        hashed.update((joined if self.last is None else "\n" + joined).encode("utf-8", "surrogateescape"))
        texts = dict(self.texts)
        texts.update(by_key(rows))
        return hashed.hexdigest()[:32], BucketTexts(texts, hashed, rows[-1][0])


def by_key(rows: Iterable[tuple[int, str]]) -> dict[int, tuple[str, ...]]:
    """(key, text) rows in canonical order, grouped by key."""
    return {key: tuple([row[1] for row in members]) for key, members in groupby(rows, key=itemgetter(0))}


def bucket_texts(texts: KeyTexts) -> tuple[str | None, BucketTexts]:
    """A bucket's digest from its texts by key (row_buckets.bucket_digest; None: no rows)."""
    keys = sorted(texts)
    hashed = hashlib.sha256(
        "\n".join([text for key in keys for text in texts[key]]).encode("utf-8", "surrogateescape")
    )
    found = BucketTexts(texts, hashed, keys[-1] if keys else None)
    return (hashed.hexdigest()[:32] if keys else None), found


_NO_ROWS = BucketTexts({}, hashlib.sha256(), None)


class Versions:
    """The trees of the loaded scopes by generation, and the row texts of recently refreshed buckets."""

    def __init__(self) -> None:
        self._trees: dict[str, OrderedDict[int, Tree]] = {}
        self._texts: OrderedDict[tuple[str, str, int], tuple[str, BucketTexts]] = OrderedDict()

    def tree(self, scope: str, generation: int | None) -> Tree | None:
        """The scope's tree of that generation, if held."""
        versions = self._trees.get(scope)
        if generation is None or versions is None:
            return None
        return versions.get(int(generation))

    def keep(self, scope: str, tree: Tree) -> int:
        """Hold a new version of the scope's tree; its generation, to be written in the transaction."""
        generation = next(_GENERATIONS)
        versions = self._trees.setdefault(scope, OrderedDict())
        versions[generation] = tree
        while len(versions) > _VERSIONS_KEPT:
            versions.popitem(last=False)
        return generation

    def texts(self, scope: str, table: str, bucket: int, digest: str | None) -> BucketTexts | None:
        """The bucket's texts if they are those its digest was made from (an empty bucket has none
        to know); None when not kept."""
        if digest is None:
            return _NO_ROWS
        kept = self._texts.get((scope, table, bucket))
        if kept is None or kept[0] != digest:
            return None
        self._texts.move_to_end((scope, table, bucket))
        return kept[1]

    def keep_texts(self, scope: str, table: str, bucket: int, digest: str, texts: BucketTexts) -> None:
        self._texts[(scope, table, bucket)] = (digest, texts)
        self._texts.move_to_end((scope, table, bucket))
        while len(self._texts) > _BUCKETS_KEPT:
            self._texts.popitem(last=False)
