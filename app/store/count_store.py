"""The count file as the services see it: one writer, one transaction and one audit event per action."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from app.domain.election import Contest, Election
from app.domain.package_reader import collection_paused
from app.store.audit import Actor, AuditLog, ChainProblem
from app.store.connection import create_count_file, open_count_file
from app.store.import_rows import import_rows
from app.store.reader import NOT_READ_BY_CONTEST, contest_ids, load_contest, load_election
from app.store.refusals import ContestLockedError, refusal_for
from app.store.state_digest import contest_scope


class CountStore:
    """An open count file. Every write is one db.atomic() holding the rows and their audit event."""

    def __init__(self, db: Database, path: Path, clock: Callable[[], datetime] | None = None):
        self._db = db
        self.path = path
        self.audit = AuditLog(db, clock)

    @classmethod
    def create(cls, path: Path, clock: Callable[[], datetime] | None = None) -> CountStore:
        return cls(create_count_file(path), path, clock)

    @classmethod
    def open(cls, path: Path, clock: Callable[[], datetime] | None = None) -> CountStore:
        return cls(open_count_file(path), path, clock)

    def close(self) -> None:
        self._db.close()

    # reading
    def election(self) -> Election:
        return load_election(self._db)

    def contest_ids(self) -> list[str]:
        return contest_ids(self._db)

    def contest(self, contest_id: str) -> Contest:
        key = self.contest_rows_key(contest_id)
        return load_contest(self._db, contest_id, None if key is None else dict(key))

    def contest_key(self, contest_id: str) -> tuple[tuple[str, str], ...] | None:
        """A key that changes whenever any row load_contest reads for the contest changes (the
        audit digests of its tables, entries left out); None when it cannot be vouched for."""
        return self.audit.state.content_key(contest_scope(contest_id), NOT_READ_BY_CONTEST)

    def contest_rows_key(self, contest_id: str) -> tuple[tuple[str, str], ...] | None:
        """Like contest_key, but over every table of the contest's rows, its entries included."""
        return self.audit.state.content_key(contest_scope(contest_id), frozenset())

    def unchanged_key(self) -> tuple[int, int] | None:
        """A key equal to an earlier one only if no row of the file has changed in between; None inside
        a transaction (it may yet roll back). It is SQLite's count of rows this connection has ever
        changed (it only grows, rolled-back changes included) and the file's data version (which
        moves when any other connection commits): for a file nothing has been written to since it
        was opened, where contest_key has no digests to vouch for the rows."""
        conn = self._db.conn
        if conn.in_transaction:
            return None
        return conn.total_changes, int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def fingerprint(self) -> tuple[str, int]:
        """(chain head, event count)."""
        return self.audit.head()

    @property
    def db(self) -> Database:
        """The connection, for the store's own row modules (never for code outside app/store)."""
        return self._db

    # writing
    @contextmanager
    def action(
        self,
        actor: Actor,
        action: str,
        obj: str,
        *,
        before: object = None,
        after: object = None,
        reason: str | None = None,
    ) -> Iterator[Database]:
        """One user action: its rows and its audit event in one transaction (design.md §6).

        The event is appended after the body's writes, inside the same BEGIN ... COMMIT; if the
        body raises, nothing of the action (rows or event) is kept. "Saved" may be shown only
        once this block has exited normally. A full disk or a declared contest raises a
        StoreError that says so (refusals.py); a refused write to a declared contest is logged.
        """
        self.audit.prepare()
        self.audit.state.started()
        try:
            with self._db.atomic():
                yield self._db
                self.audit.append(actor, action, obj, before=before, after=after, reason=reason)
        except sqlite3.DatabaseError as error:
            refusal = refusal_for(error, self.path)
            if refusal is None:
                raise
            if isinstance(refusal, ContestLockedError):
                self._log_refusal(actor, action, obj)
            raise refusal from error
        self.audit.state.committed()  # the event was the transaction's last write

    def _log_refusal(self, actor: Actor, action: str, obj: str) -> None:
        # Its own transaction: the refused one has been rolled back. Logging must never hide the
        # refusal itself, so a failure to log is ignored.
        with contextlib.suppress(sqlite3.DatabaseError), self._db.atomic():
            self.audit.append(
                actor, "refused", obj, after={"action": action, "why": "contest declared and locked"}
            )

    def record_import(
        self, election: Election, contests: tuple[Contest, ...], package_sha256: str, source: str
    ) -> None:
        """A whole election package into this new file in one transaction, audited as imported
        (not typed): one event for the election and one per contest (import_rows.py)."""
        with collection_paused(), self._db.atomic():
            import_rows(self._db, self.audit, election, contests, package_sha256, source)

    # checking
    def verify_chain(self) -> list[ChainProblem]:
        return self.audit.verify()

    def integrity_check(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    def sql_vote_totals(self, contest_id: str) -> dict[str, int]:
        """Candidate totals of the current round computed by SQL alone (the second way of counting),
        with any misread figures corrected after a declaration (stages.py)."""
        rows = self._db.execute(
            """
            WITH current AS (
                SELECT max(number) AS n FROM round WHERE contest_id = :c
            ),
            latest AS (
                SELECT s.table_id, s.round_number, max(s.seq) AS seq FROM sheet s, current
                WHERE s.contest_id = :c AND s.round_number <= current.n
                GROUP BY s.table_id, s.round_number
            ),
            cell AS (
                SELECT l.table_id, v.candidate_id, v.total,
                       row_number() OVER (PARTITION BY l.table_id, v.candidate_id
                                          ORDER BY l.round_number DESC) AS newest
                FROM latest l JOIN sheet_vote v ON v.sheet_seq = l.seq
            )
            SELECT c.id, coalesce(sum(cell.total), 0)
                   + coalesce((SELECT sum(f.new_value - coalesce(f.old_value, 0))
                               FROM figure_correction f WHERE f.contest_id = :c
                               AND f.field = 'votes' AND f.key = c.id), 0)
            FROM candidate c
            LEFT JOIN cell ON cell.candidate_id = c.id AND cell.newest = 1
            WHERE c.contest_id = :c GROUP BY c.id
            """,
            {"c": contest_id},
        ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}
