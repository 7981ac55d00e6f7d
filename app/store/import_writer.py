"""One imported contest's rows, each built once as a tuple that is both inserted and digested."""

# The same rows, in the same tables and the same order, as recorder.record_contest writes (the
# round trip and import tests compare the files): here every row carries all of its table's
# columns, its `seq` given as SQLite would have given it, so ImportDigests can digest the very
# tuple that was bound instead of reading 700,000 rows back. The few rows of requests, rounds,
# lots and stages are written by the recorder's own functions and read back for their digests.

from __future__ import annotations

from itertools import chain

from sqlite_utils import Database

from app.domain.election import Contest, RecountRequest
from app.store.import_digest import ImportDigests, Row
from app.store.recorder import record_lot, record_request, rules_to_json
from app.store.stages import record_stage_history

COLUMNS = {
    "contest": ("id", "position", "name", "profile", "seats", "electorate", "bundle_size", "rules"),
    "candidate": (
        "contest_id", "id", "position", "surname", "forenames", "description", "cu_surname",
        "cu_forenames", "ballot_position",
    ),
    "ballot_box": ("contest_id", "id", "position", "kind", "issued", "polling_station", "polling_place"),
    "verification_count": ("seq", "contest_id", "box_id", "count", "entered_by"),
    "box_explanation": ("seq", "contest_id", "box_id", "explanation", "entered_by"),
    "count_table": ("contest_id", "id", "position"),
    "table_box": ("contest_id", "table_id", "box_id", "position"),
    "sheet": (
        "seq", "contest_id", "round_number", "table_id", "valid_papers", "rejected_in_part", "source",
        "entered_by", "supersedes",
    ),
    "sheet_vote": ("sheet_seq", "contest_id", "candidate_id", "total", "bundles", "part"),
    "sheet_rejected": ("sheet_seq", "head", "count"),
}
# Rows to one INSERT: 256 x 9 columns is far below SQLite's limit of 32,766 bound values.
CHUNK = 256
# Tables whose `seq` the import gives itself: the next free key of each, as SQLite would.
NUMBERED = ("verification_count", "box_explanation", "sheet")


class ContestWriter:
    """Writes contests one after another into the import's transaction, digesting their rows."""

    def __init__(self, db: Database, digests: ImportDigests, entered_by: str) -> None:
        self._db = db
        self._digests = digests
        self._entered_by = entered_by
        self._sql: dict[tuple[str, int], str] = {}
        self._digested = {table for table, columns in COLUMNS.items() if digests.covers(table, columns)}
        # The caller holds the write transaction and the file's exclusive lock: no other writer
        # can take a key between this reading and the inserts.
        self._next = {
            table: int(db.execute(f"SELECT coalesce(max(seq), 0) FROM {table}").fetchone()[0]) + 1
            for table in NUMBERED
        }

    def _write(self, contest_id: str, table: str, rows: list[Row]) -> None:
        self._insert(table, rows)
        if table in self._digested:
            self._digests.add(contest_id, table, rows)

    def _insert(self, table: str, rows: list[Row]) -> None:
        """The rows, in order, CHUNK to a statement, the rest in halving chunks (a few statements
        of fixed sizes, which sqlite3 keeps prepared): one row to a statement, the per-statement
        work was half the cost of writing a general election's 700,000 rows."""
        count = len(rows)
        whole = count - count % CHUNK
        if whole:
            self._db.conn.executemany(
                self._statement(table, CHUNK),
                [list(chain.from_iterable(rows[at:at + CHUNK])) for at in range(0, whole, CHUNK)],
            )
        at, size = whole, CHUNK
        while at < count:
            while size > count - at:
                size //= 2
            self._db.conn.execute(self._statement(table, size), list(chain.from_iterable(rows[at:at + size])))
            at += size

    def _statement(self, table: str, rows: int) -> str:
        key = (table, rows)
        sql = self._sql.get(key)
        if sql is None:
            columns = COLUMNS[table]
            one = f"({', '.join('?' for _ in columns)})"
            values = ", ".join([one] * rows)
            sql = self._sql[key] = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}"
        return sql

    def _numbered(self, table: str, count: int) -> int:
        first = self._next[table]
        self._next[table] = first + count
        return first

    def write(self, contest: Contest, position: int) -> None:
        """The contest's setup and every figure it carries, as imported rows."""
        cid, by = contest.id, self._entered_by
        self._write(cid, "contest", [(
            cid, position, contest.name, contest.profile_id, contest.seats, contest.electorate,
            contest.bundle_size, rules_to_json(contest.recount_rules),
        )])
        self._write(cid, "candidate", [
            (
                cid, c.id, i, c.surname, c.forenames, c.description,
                c.commonly_used_surname, c.commonly_used_forenames, c.ballot_position,
            )
            for i, c in enumerate(contest.candidates)
        ])
        self._write(cid, "ballot_box", [
            (cid, b.id, i, b.kind, b.issued, b.polling_station, b.polling_place)
            for i, b in enumerate(contest.ballot_boxes)
        ])
        counts = [(r.box, count) for r in contest.verification for count in r.counts]
        first = self._numbered("verification_count", len(counts))
        self._write(cid, "verification_count", [
            (first + i, cid, box, count, by) for i, (box, count) in enumerate(counts)
        ])
        explained = [(r.box, r.explanation) for r in contest.verification if r.explanation]
        first = self._numbered("box_explanation", len(explained))
        self._write(cid, "box_explanation", [
            (first + i, cid, box, text, by) for i, (box, text) in enumerate(explained)
        ])
        self._write(cid, "count_table", [(cid, t.id, i) for i, t in enumerate(contest.count_tables)])
        self._write(cid, "table_box", [
            (cid, t.id, box, j) for t in contest.count_tables for j, box in enumerate(t.boxes)
        ])
        self._write_rounds(contest)
        self._write_sheets(contest)
        for lot in contest.lots:
            record_lot(self._db, cid, lot)
        record_stage_history(self._db, contest)  # last: a declaration locks the contest's rows

    def _write_rounds(self, contest: Contest) -> None:
        cid = contest.id
        refused_after: dict[int, list[RecountRequest]] = {}
        for after, request in contest.refused_requests:
            refused_after.setdefault(after, []).append(request)
        for request in refused_after.get(0, []):
            record_request(self._db, cid, 0, request)
        for round_ in contest.rounds:
            request_seq = (
                record_request(self._db, cid, round_.number - 1, round_.request) if round_.request else None
            )
            self._db.execute(
                "INSERT INTO round (contest_id, number, kind, request_seq) VALUES (?, ?, ?, ?)",
                [cid, round_.number, round_.kind, request_seq],
            )
            for request in refused_after.get(round_.number, []):
                record_request(self._db, cid, round_.number, request)

    def _write_sheets(self, contest: Contest) -> None:
        cid, by = contest.id, self._entered_by
        sheets = [(r.number, sheet) for r in contest.rounds for sheet in r.sheets]
        first = self._numbered("sheet", len(sheets))
        self._write(cid, "sheet", [
            (
                first + i, cid, number, sheet.table, sheet.valid_papers, sheet.rejected_in_part,
                "import", by, None,
            )
            for i, (number, sheet) in enumerate(sheets)
        ])
        self._write(cid, "sheet_vote", [
            (first + i, cid, candidate, figure.total, figure.bundles, figure.part)
            for i, (_, sheet) in enumerate(sheets)
            for candidate, figure in sheet.votes.items()
        ])
        self._write(cid, "sheet_rejected", [
            (first + i, head, count)
            for i, (_, sheet) in enumerate(sheets)
            for head, count in sheet.rejected.items()
        ])
