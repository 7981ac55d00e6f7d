"""An election package written into a new count file: bulk rows, guards per contest, digests by scope."""

# Why a separate path: a general-election package is ~700,000 rows. Written like a save, each row
# would fire its contest's declared/suspended guard and a TEMP trigger noting it for the audit
# digests. Into a new, empty file neither is needed row by row, and both are kept as strong:
# - The guards refuse figures for a contest that is declared or suspended. An import writes each
#   contest's figures before that contest's own stage history (record_contest), so the guards can
#   only ever pass; they are lifted for the transaction and the same two conditions are checked
#   once per contest, before its figures, with the guards' own refusal messages. The triggers are
#   created again, with their stored text, before COMMIT: a failure rolls back to the file as it
#   was, guards included, and the exclusive lock means no other connection sees the gap.
# - The look-up indexes are dropped and built again from the rows before anything reads them
#   (UNIQUE indexes, which enforce rules, stay): same schema text, same contents, one sort.
# - The digests record what the transaction changed. The import knows its scopes (the election
#   and each contest), computes them from the stored rows after every row is written, and then
#   checks that no row names any other scope, so nothing it wrote escapes a digest.

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from app.domain.election import Contest, Election
from app.store.audit import SYSTEM, AuditLog
from app.store.recorder import record_contest, record_election
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


def import_rows(
    db: Database, audit: AuditLog, election: Election, contests: tuple[Contest, ...],
    package_sha256: str, source: str,
) -> None:
    """The election, every contest and their audit events; the caller holds the transaction."""
    _check_new(db)
    entered_by = f"import {package_sha256[:12]}"
    with _guards_lifted(db), _indexes_lifted(db):
        record_election(db, election)
        for position, contest in enumerate(contests):
            _check_open(db, contest.id)
            record_contest(db, contest, position, entered_by)
    scopes = [ELECTION] + [contest_scope(contest.id) for contest in contests]
    stray = set(audit.state.current_scopes()) - set(scopes)
    if stray:
        raise RuntimeError(f"the import wrote rows outside its scopes: {sorted(stray)}")
    audit.append_stated(
        SYSTEM,
        "import-election",
        f"election {election.id}",
        {ELECTION: audit.state.digest(ELECTION)},
        after={"package_sha256": package_sha256, "source": source, "title": election.title},
    )
    # The same digests as digest(scope), each table read once for every contest, not once each.
    digests = audit.state.contest_digests([contest.id for contest in contests])
    for contest, scope in zip(contests, scopes[1:], strict=True):
        audit.append_stated(
            SYSTEM,
            "import-contest",
            f"contest {contest.id}",
            {scope: digests[contest.id]},
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
