"""The audit digests of an import's contests, computed from the rows as they are written, not read back."""

# Why: reading ~700,000 rows back (a general election) to digest them took as long as writing
# them. The import already holds every row it writes, as the tuple it binds, so it digests that
# tuple: SQLite's quote() of each value (an integer's digits, NULL, text in single quotes with
# quotes doubled), joined with commas in the table's column order, exactly as row_buckets builds
# the text in SQL, then the same bucket, group, table and scope digests (row_buckets' functions).
# A table is digested here only when the import wrote every column of it in the schema's order;
# any other table of a contest's scope is read back, once for all contests, as
# state_digest.contest_digests reads it. A contest holding a value this quoting cannot vouch for
# (text with a NUL, which quote() cuts short; a fraction) is read back whole. And every import
# checks its first and last contest against state_digest's own reading of the stored rows: any
# difference (a schema change this module does not know) sends every contest back to reading.

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from itertools import groupby, pairwise
from operator import itemgetter

from sqlite_utils import Database

from app.store.row_buckets import (
    BUCKET_KEYS,
    STATE_TAG,
    TableLayout,
    bucket_digest,
    fold,
    layouts,
    scope_digest,
)
from app.store.state_digest import StateDigests, contest_scope

Row = tuple[object, ...]


class _Unquotable(Exception):
    """A value whose quote() this module does not reproduce: its contest is read back."""


class _Quoted(dict[object, str]):
    """SQLite's quote() of each value seen, kept: ids and small numbers recur thousands of times,
    and a hit is one look-up in C (`map(quoted.__getitem__, row)`)."""

    def __missing__(self, value: object) -> str:
        if value is None:
            text = "NULL"
        elif type(value) is int or type(value) is bool:
            text = str(int(value))
        elif type(value) is str and "\x00" not in value:
            text = "'" + value.replace("'", "''") + "'"
        else:
            raise _Unquotable(repr(value)[:40])
        self[value] = text
        return text


class ImportDigests:
    """Collects the bucket digests of each contest's rows as the import writes them."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._layouts = {layout.name: layout for layout in layouts(db) if layout.in_contest_scope()}
        self._quoted = _Quoted()
        self._buckets: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        self._whole: set[str] = set()  # tables digested here, every row of every contest
        self._unsure: set[str] = set()  # contests to read back whole
        self._done_reading = False

    def covers(self, table: str, columns: Sequence[str]) -> bool:
        """Whether rows of `table` written as `columns` are digested here (they must be all of its
        columns, in order, its rows ordered by its key first); otherwise the table is read back."""
        layout = self._layouts.get(table)
        if layout is None or layout.columns != tuple(columns):
            return False
        if layout.key is not None and layout.order[:1] != (layout.key,):
            return False
        self._whole.add(table)
        return True

    def add(self, contest_id: str, table: str, rows: list[Row]) -> None:
        """Every row of `table` in the contest's scope, as bound to its INSERT (all columns)."""
        if not rows or contest_id in self._unsure:
            return
        layout = self._layouts[table]
        columns = layout.columns
        order = itemgetter(*(columns.index(c) for c in layout.order or columns))
        try:
            ordered = sorted(rows) if _sorts_whole(layout) else sorted(rows, key=order)
            # Column by column, then row by row, so every loop runs in C: a general election's
            # 700,000 rows made one at a time took four times as long.
            values = list(zip(*ordered, strict=True))
            quoted_columns = [self._quote(column) for column in values]
            texts = list(map(",".join, zip(*quoted_columns, strict=True)))
            if layout.key is None:
                self._buckets[contest_id].append((table, 0, bucket_digest(texts)))
                return
            keys = values[columns.index(layout.key)]
            least = keys[0]  # sorted: the first is the least
            if type(least) is not int or least < 0:
                raise _Unquotable("a key SQLite divides differently")
        except (_Unquotable, TypeError):  # TypeError: a NULL where the order needs a value
            self._unsure.add(contest_id)
            return
        found = []
        start, count = 0, len(keys)
        while start < count:  # the rows of each bucket (key // 8) in turn: the keys are in order
            bucket = keys[start] // BUCKET_KEYS
            end = bisect_left(keys, (bucket + 1) * BUCKET_KEYS, start)
            found.append((table, bucket, bucket_digest(texts[start:end])))
            start = end
        self._buckets[contest_id] += found

    def _quote(self, column: Sequence[object]) -> Sequence[str]:
        """quote() of each value of a column; a column with one value throughout (the contest id,
        who entered the rows) is quoted once."""
        first = column[0]
        if column.count(first) == len(column):
            return [self._quoted[first]] * len(column)
        return itemgetter(*column)(self._quoted)  # type: ignore[no-any-return]  # 2+ values: a tuple

    def computed(self, contest_ids: list[str]) -> dict[str, str | None]:
        """Each contest's scope digest from the rows as written (and the tables read back); None
        for a contest that must be read back whole."""
        self._read_back(contest_ids)
        return {
            contest_id: None if contest_id in self._unsure
            else scope_digest(STATE_TAG, contest_scope(contest_id), fold(self._buckets[contest_id]))
            for contest_id in contest_ids
        }

    def digests(self, state: StateDigests, contest_ids: list[str]) -> dict[str, str]:
        """Each contest's scope digest, as state_digest computes it from the stored rows."""
        computed = self.computed(contest_ids)
        found = {
            contest_id: digest if digest is not None else state.digest(contest_scope(contest_id))
            for contest_id, digest in computed.items()
        }
        checked = {contest_ids[0], contest_ids[-1]} if contest_ids else set()
        if any(found[c] != state.digest(contest_scope(c)) for c in checked):
            return state.contest_digests(contest_ids)  # the quoting here is wrong: read them all
        return found

    def _read_back(self, contest_ids: list[str]) -> None:
        """The buckets of the tables not digested as written: each table read once, for all."""
        if self._done_reading:
            return
        self._done_reading = True
        wanted = set(contest_ids)
        for name, layout in self._layouts.items():
            if name in self._whole:
                continue
            read: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
            rows = self._db.execute(layout.contest_rows_sql()).fetchall()
            rows.sort(key=itemgetter(0))  # stable: each contest's rows keep the order SQLite gave
            for contest_id, members in groupby(rows, key=itemgetter(0)):
                read[str(contest_id)] += [
                    (name, int(str(bucket)), bucket_digest([str(r[2]) for r in texts]))
                    for bucket, texts in groupby(members, key=itemgetter(1))
                ]
            for contest_id, buckets in read.items():
                if contest_id not in wanted:
                    continue
                if any(a[1] >= b[1] for a, b in pairwise(buckets)):
                    self._unsure.add(contest_id)  # not in bucket order: read its scope the usual way
                self._buckets[contest_id] += buckets


def _sorts_whole(layout: TableLayout) -> bool:
    """Whether sorting whole rows puts them in the table's order (a quicker sort, without a key per
    row): its order columns lead the row, apart from a contest id, which is the same in every row
    of one contest's scope; the order is a key (or every column), so rows never tie on it."""
    same = ("contest_id",) if layout.kind == "contest_id" else ()
    leading = tuple(c for c in layout.columns if c not in same)
    order = tuple(c for c in layout.order or layout.columns if c not in same)
    return leading[: len(order)] == order
