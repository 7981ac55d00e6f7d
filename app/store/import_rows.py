"""An election package written into a new count file: bulk rows, guards per contest, digests by scope."""

# Why a separate path: a general-election package is ~700,000 rows. Written like a save, each row
# would fire its contest's declared/suspended guard and a TEMP trigger noting it for the audit
# digests. Into a new, empty file neither is needed row by row, and both are kept as strong:
# - The guards refuse figures for a contest that is declared or suspended. An import writes each
#   contest's figures before that contest's own stage history (import_writer.py), so the guards can
#   only ever pass; they are lifted for the transaction and the same two conditions are checked
#   once per contest, before its figures, with the guards' own refusal messages. The triggers are
#   created again, with their stored text, before COMMIT: a failure rolls back to the file as it
#   was, guards included, and the exclusive lock means no other connection sees the gap.
# - The look-up indexes are dropped and built again from the rows before anything reads them
#   (UNIQUE indexes, which enforce rules, stay): same schema text, same contents, one sort.
# - The digests record what the transaction changed, in the second format, as a save's do
#   (running_digests.py). The import knows its scopes (the election and each contest), computes
#   each contest's from the rows as it writes them (import_digest.py, checked against the stored
#   rows), and then checks that no row names any other scope, so nothing it wrote escapes a digest.
# - Foreign keys, with bulk_settings, are checked once for the whole file after every row is
#   written (PRAGMA foreign_key_check), not row by row: the same refusal, half the work.

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from app.domain.election import Contest, Election
from app.store.audit import SYSTEM, AuditLog
from app.store.import_digest import ImportDigests
from app.store.import_writer import ContestWriter
from app.store.recorder import record_election
from app.store.schema import CONTEST_TABLES
from app.store.stages import STOPPED_BY_SUSPENSION, SUSPENDED_MARK
from app.store.state_digest import ELECTION, contest_scope

# The per-row guards on the tables record_contest writes before a contest's stage history
# (schema.py, stages.py). The stage tables' own guards stay in place.
LIFTED_GUARDS = (
    *(f"{table}_declared_insert" for table in CONTEST_TABLES),
    "sheet_vote_declared",
    "sheet_rejected_declared",
    *(f"{table}_suspended" for table in STOPPED_BY_SUSPENSION),
)


# A negative cache_size is in KiB: 256 MiB, more than a general election's whole file (~85 MB).
IMPORT_CACHE_KIB = -262_144


class NotNewError(RuntimeError):
    """record_import writes only into a new count file (no events, no contests)."""


def _check_new(db: Database) -> None:
    events = db.execute("SELECT count(*) FROM event").fetchone()[0]
    contests = db.execute("SELECT count(*) FROM contest").fetchone()[0]
    if events or contests:
        raise NotNewError("an election package is imported only into a new, empty count file")


def _check_open(db: Database, contest_id: str) -> None:
    """The lifted guards' conditions, for a whole contest at once (their refusal messages)."""
    declared = db.execute(
        "SELECT 1 FROM contest_stage WHERE contest_id = ? AND stage = 'declared' LIMIT 1", [contest_id]
    ).fetchone()
    if declared:
        raise sqlite3.IntegrityError("CountDesk: this contest is declared and locked")
    suspended = db.execute(
        "SELECT action FROM suspension WHERE contest_id = ? ORDER BY seq DESC LIMIT 1", [contest_id]
    ).fetchone()
    if suspended and suspended[0] == "suspend":
        raise sqlite3.IntegrityError(f"CountDesk: the {SUSPENDED_MARK}; resume it first")


@contextmanager
def _guards_lifted(db: Database) -> Iterator[None]:
    """Drop the per-row guards inside the caller's transaction; create them again before it ends."""
    if not db.conn.in_transaction:
        raise RuntimeError("guards are lifted only inside the import's transaction")
    marks = ", ".join("?" for _ in LIFTED_GUARDS)
    saved = db.execute(
        f"SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN ({marks}) ORDER BY name",
        list(LIFTED_GUARDS),
    ).fetchall()
    for name, _ in saved:
        db.execute(f"DROP TRIGGER {name}")
    yield  # on an exception the caller's transaction rolls back, which restores the triggers
    for _, sql in saved:
        db.execute(sql)
    again = db.execute(
        f"SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN ({marks}) ORDER BY name",
        list(LIFTED_GUARDS),
    ).fetchall()
    if [tuple(row) for row in again] != [tuple(row) for row in saved]:
        raise RuntimeError("the import could not restore the count file's guards")


@contextmanager
def _indexes_lifted(db: Database) -> Iterator[None]:
    """Drop the look-up indexes (never a UNIQUE one: those enforce rules) inside the caller's
    transaction and build them again, once, from the rows written: quicker than keeping them up
    to date row by row. A failure rolls back to the file as it was, indexes included."""
    if not db.conn.in_transaction:
        raise RuntimeError("indexes are lifted only inside the import's transaction")
    query = (
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
        "AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
    )
    saved = db.execute(query).fetchall()
    for name, _ in saved:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in saved:
        db.execute(sql)
    if [tuple(row) for row in db.execute(query).fetchall()] != [tuple(row) for row in saved]:
        raise RuntimeError("the import could not restore the count file's indexes")


@contextmanager
def bulk_settings(db: Database) -> Iterator[None]:
    """Around record_import, on the import's own new connection: a page cache large enough to hold
    the whole new file until COMMIT; foreign keys checked once, after every row is written
    (import_rows), not row by row; and a rollback journal instead of the write-ahead log while the
    rows are written. The file is still a temporary one that nothing else can open (package_import
    renames it only when complete), and a log would write each of its ~20,000 pages twice: into
    the log at COMMIT, then into the file.

    The COMMIT is as atomic and durable (synchronous = FULL throughout), and everything is put
    back before the connection is used for anything else: the file is in WAL mode again (the
    file itself records it) before it is closed and renamed."""
    if db.conn.in_transaction:
        raise RuntimeError("the import's settings are changed outside any transaction")
    cache = int(db.execute("PRAGMA cache_size").fetchone()[0])
    enforced = int(db.execute("PRAGMA foreign_keys").fetchone()[0])
    db.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    db.execute("PRAGMA foreign_keys = OFF")
    journal = str(db.execute("PRAGMA journal_mode").fetchone()[0])
    db.execute("PRAGMA journal_mode = DELETE")

    def restore() -> None:
        if str(db.execute(f"PRAGMA journal_mode = {journal}").fetchone()[0]).lower() != journal.lower():
            raise RuntimeError(f"the import could not put the count file back in {journal} mode")
        db.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
        db.execute(f"PRAGMA cache_size = {cache}")

    try:
        yield
    except BaseException:
        # The import failed (its file is discarded): put back what can be, but never hide why.
        with contextlib.suppress(sqlite3.Error, RuntimeError):
            restore()
        raise
    restore()


def _check_references(db: Database) -> None:
    """Every foreign key of the rows written, checked at once when they were not checked row by row
    (bulk_settings): the same refusal as SQLite's own, which rolls the whole import back."""
    if int(db.execute("PRAGMA foreign_keys").fetchone()[0]):
        return  # SQLite checked each row as it was written
    broken = db.execute("PRAGMA foreign_key_check").fetchone()
    if broken is not None:
        raise sqlite3.IntegrityError(f"FOREIGN KEY constraint failed ({broken[0]} -> {broken[2]})")


def import_rows(
    db: Database, audit: AuditLog, election: Election, contests: tuple[Contest, ...],
    package_sha256: str, source: str,
) -> None:
    """The election, every contest and their audit events; the caller holds the transaction."""
    _check_new(db)
    entered_by = f"import {package_sha256[:12]}"
    digests = ImportDigests(db)
    with _guards_lifted(db), _indexes_lifted(db):
        record_election(db, election)
        writer = ContestWriter(db, digests, entered_by)
        for position, contest in enumerate(contests):
            _check_open(db, contest.id)
            writer.write(contest, position)
    _check_references(db)
    scopes = [ELECTION] + [contest_scope(contest.id) for contest in contests]
    stray = set(audit.state.current_scopes()) - set(scopes)
    if stray:
        raise RuntimeError(f"the import wrote rows outside its scopes: {sorted(stray)}")
    audit.append_stated(
        SYSTEM,
        "import-election",
        f"election {election.id}",
        {ELECTION: audit.state.running_digest(ELECTION)},
        after={"package_sha256": package_sha256, "source": source, "title": election.title},
    )
    # The same digests as running_digest(scope), from the rows as they were written (import_digest.py).
    found = digests.digests(audit.state, [contest.id for contest in contests])
    for contest, scope in zip(contests, scopes[1:], strict=True):
        audit.append_stated(
            SYSTEM,
            "import-contest",
            f"contest {contest.id}",
            {scope: found[contest.id]},
            after={
                "package_sha256": package_sha256,
                "candidates": len(contest.candidates),
                "ballot_boxes": len(contest.ballot_boxes),
                "count_tables": len(contest.count_tables),
                "rounds": len(contest.rounds),
                "sheets": sum(len(r.sheets) for r in contest.rounds),
                "lots": len(contest.lots),
            },
        )
