"""The audit digests of an import's contests, computed from the rows as they are written, not read back."""

# Why: reading ~700,000 rows back (a general election) to digest them took as long as writing
# them. The import already holds every row it writes, as the tuple it binds, so it digests that
# tuple: SQLite's quote() of each value (an integer's digits, NULL, text in single quotes with
# quotes doubled), joined with commas in the table's column order, exactly as row_buckets builds
# the text in SQL, sorted into the table's canonical order; then the second format's digests
# (running_digests.py): one hash per table over all its texts, and the scope's over the tables.
# A table is digested here only when the import wrote every column of it in the schema's order;
# any other table of a contest's scope is read back, once for all contests
# (state_digest.contest_table_digests). A contest holding a value this quoting cannot vouch for
# (text with a NUL, which quote() cuts short; a fraction) is read back whole. And every import
# checks its first and last contest digested here against state_digest's own reading of the
# stored rows: any difference (a schema change this module does not know) sends every contest
# back to reading.

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from operator import itemgetter

from sqlite_utils import Database

from app.store.row_buckets import TableLayout, bucket_digest, layouts
from app.store.running_digests import scope_digest
from app.store.state_digest import StateDigests, contest_scope, contest_table_digests

Row = tuple[object, ...]


class _Unquotable(Exception):
    """A value whose quote() this module does not reproduce: its contest is read back."""


class _Quoted(dict[object, str]):
    """SQLite's quote() of each value seen, kept: ids and small numbers recur thousands of times,
    and a hit is one look-up in C (`map(quoted.__getitem__, row)`). A float equal to an integer
    seen before finds that integer's text (3.0 == 3): right in the INTEGER columns (STRICT), which
    store such a float as that integer; the domain's types put numbers in no other column."""

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
    """Collects the digest of each table of each contest's rows as the import writes them."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._layouts = {layout.name: layout for layout in layouts(db) if layout.in_contest_scope()}
        self._quoted = _Quoted()
        self._tables: dict[str, dict[str, str]] = defaultdict(dict)  # contest -> table -> digest
        self._whole: set[str] = set()  # tables digested here, every row of every contest
        self._unsure: set[str] = set()  # contests to read back whole
        self._done_reading = False

    def covers(self, table: str, columns: Sequence[str]) -> bool:
        """Whether rows of `table` written as `columns` are digested here (they must be all of its
        columns, in order); otherwise the table is read back."""
        layout = self._layouts.get(table)
        if layout is None or layout.columns != tuple(columns):
            return False
        self._whole.add(table)
        return True

    def add(self, contest_id: str, table: str, rows: list[Row]) -> None:
        """Every row of `table` in the contest's scope, as bound to its INSERT (all columns), at once."""
        if not rows or contest_id in self._unsure:
            return
        if table in self._tables[contest_id]:  # a second part: its texts would need merging in order
            self._unsure.add(contest_id)
            return
        layout = self._layouts[table]
        columns = layout.columns
        order = itemgetter(*(columns.index(c) for c in layout.order or columns))
        try:
            ordered = sorted(rows) if _sorts_whole(layout) else sorted(rows, key=order)
            # Column by column, then row by row, so every loop runs in C: a general election's
            # 700,000 rows made one at a time took four times as long.
            quoted_columns = [self._quote(column) for column in zip(*ordered, strict=True)]
            texts = list(map(",".join, zip(*quoted_columns, strict=True)))
        except (_Unquotable, TypeError):  # TypeError: a NULL where the order needs a value
            self._unsure.add(contest_id)
            return
        # A table's digest of the second format: one hash over all its texts (running_digests.table_run).
        self._tables[contest_id][table] = bucket_digest(texts)

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
        self._read_back()
        return {
            contest_id: None if contest_id in self._unsure
            else scope_digest(contest_scope(contest_id), self._tables.get(contest_id, {}))
            for contest_id in contest_ids
        }

    def digests(self, state: StateDigests, contest_ids: list[str]) -> dict[str, str]:
        """Each contest's scope digest, as state_digest.running_digest computes it from the stored rows."""
        computed = self.computed(contest_ids)
        found = {
            contest_id: digest if digest is not None else state.running_digest(contest_scope(contest_id))
            for contest_id, digest in computed.items()
        }
        # The first and last contest digested here (not those read back, which cannot tell).
        quick = [contest_id for contest_id in contest_ids if computed[contest_id] is not None]
        checked = {quick[0], quick[-1]} if quick else set()
        if any(found[c] != state.running_digest(contest_scope(c)) for c in checked):
            return state.contest_running_digests(contest_ids)  # the quoting here is wrong: read them all
        return found

    def _read_back(self) -> None:
        """The digests of the tables not digested as written: each table read once, for all contests."""
        if self._done_reading:
            return
        self._done_reading = True
        others = [layout for name, layout in self._layouts.items() if name not in self._whole]
        for contest_id, tables in contest_table_digests(self._db, others).items():
            self._tables[contest_id].update(tables)


def _sorts_whole(layout: TableLayout) -> bool:
    """Whether sorting whole rows puts them in the table's order (a quicker sort, without a key per
    row): its order columns lead the row, apart from a contest id, which is the same in every row
    of one contest's scope; the order is a key (or every column), so rows never tie on it."""
    same = ("contest_id",) if layout.kind == "contest_id" else ()
    leading = tuple(c for c in layout.columns if c not in same)
    order = tuple(c for c in layout.order or layout.columns if c not in same)
    return leading[: len(order)] == order
