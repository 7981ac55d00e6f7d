"""Setup rows: election, contests, candidates, boxes and their paper accounts, count tables, setup changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from sqlite_utils import Database

from app.domain.ballot_paper_account import BallotPaperAccount
from app.domain.election import BallotBox, Candidate, Contest, Election
from app.store.recorder import record_contest, record_election, rules_to_json
from app.store.schema import migrations

# What a store action yields, named for the services that pass it on to the row functions below.
Transaction: TypeAlias = Database

_DECLARED = "EXISTS (SELECT 1 FROM contest_stage WHERE contest_id = {row}.contest_id AND stage = 'declared')"
_LOCKED = "BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked'); END"


@dataclass(frozen=True)
class SetupChange:
    """A setup change made after counting started: what, why, and by whom (always the RO)."""

    seq: int
    contest_id: str | None  # None for the election's own details
    what: str
    reason: str
    changed_by: str
    role: str


@migrations(name="m003_setup")
def m003_setup(db: Database) -> None:
    """Ballot paper accounts beyond papers issued, and the record of setup changes after counting began."""
    db.execute(
        """CREATE TABLE box_account (
            contest_id TEXT NOT NULL,
            box_id TEXT NOT NULL,
            unused INTEGER CHECK (unused BETWEEN 0 AND 9999999),
            spoilt INTEGER CHECK (spoilt BETWEEN 0 AND 9999999),
            tendered INTEGER CHECK (tendered BETWEEN 0 AND 9999999),
            PRIMARY KEY (contest_id, box_id),
            FOREIGN KEY (contest_id, box_id) REFERENCES ballot_box(contest_id, id)
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE setup_change (
            seq INTEGER PRIMARY KEY,
            contest_id TEXT REFERENCES contest(id),
            what TEXT NOT NULL CHECK (length(what) > 0),
            reason TEXT NOT NULL CHECK (length(reason) > 0),
            changed_by TEXT NOT NULL,
            role TEXT NOT NULL
        ) STRICT"""
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER setup_change_no_{verb.lower()} BEFORE {verb} ON setup_change "
            "BEGIN SELECT RAISE(ABORT, 'CountDesk: setup_change rows are append-only'); END"
        )
    for verb, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        db.execute(
            f"CREATE TRIGGER box_account_declared_{verb.lower()} BEFORE {verb} ON box_account "
            f"WHEN {_DECLARED.format(row=row)} {_LOCKED}"
        )
    db.execute(
        "CREATE TRIGGER setup_change_declared_insert BEFORE INSERT ON setup_change "
        f"WHEN NEW.contest_id IS NOT NULL AND {_DECLARED.format(row='NEW')} {_LOCKED}"
    )


# reading
def counting_started(db: Database, contest_id: str | None = None) -> bool:
    """Whether any count sheet is saved (for the contest, or for any contest)."""
    if contest_id is None:
        row = db.execute("SELECT 1 FROM sheet LIMIT 1").fetchone()
    else:
        row = db.execute("SELECT 1 FROM sheet WHERE contest_id = ? LIMIT 1", [contest_id]).fetchone()
    return row is not None


def has_election(db: Database) -> bool:
    return db.execute("SELECT 1 FROM election WHERE singleton = 1").fetchone() is not None


def box_accounts(db: Database, contest_id: str) -> dict[str, BallotPaperAccount]:
    return {
        str(r[0]): BallotPaperAccount(str(r[0]), r[1], r[2], r[3])
        for r in db.execute(
            "SELECT box_id, unused, spoilt, tendered FROM box_account WHERE contest_id = ?", [contest_id]
        )
    }


def setup_changes(db: Database, contest_id: str | None = None) -> list[SetupChange]:
    where, params = ("WHERE contest_id = ?", [contest_id]) if contest_id else ("", [])
    return [
        SetupChange(int(r[0]), r[1], str(r[2]), str(r[3]), str(r[4]), str(r[5]))
        for r in db.execute(
            f"SELECT seq, contest_id, what, reason, changed_by, role FROM setup_change {where} ORDER BY seq",
            params,
        )
    ]


def _next_position(db: Database, table: str, contest_id: str | None) -> int:
    if contest_id is None:
        row = db.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {table}").fetchone()
    else:
        row = db.execute(
            f"SELECT coalesce(max(position) + 1, 0) FROM {table} WHERE contest_id = ?", [contest_id]
        ).fetchone()
    return int(row[0])


# writing: the caller holds the store action (one transaction with its audit event)
def record_setup_change(
    db: Database, contest_id: str | None, what: str, reason: str, changed_by: str, role: str
) -> None:
    db.execute(
        "INSERT INTO setup_change (contest_id, what, reason, changed_by, role) VALUES (?, ?, ?, ?, ?)",
        [contest_id, what, reason, changed_by, role],
    )


def insert_election(db: Database, election: Election) -> None:
    record_election(db, election)


def update_election(db: Database, election: Election) -> None:
    db.execute(
        "UPDATE election SET id = ?, title = ?, poll_date = ?, authority = ?, venue = ?, ro_name = ?, "
        "ro_capacity = ?, training = ? WHERE singleton = 1",
        [
            election.id,
            election.title,
            election.poll_date.isoformat(),
            election.authority,
            election.venue,
            election.returning_officer.name,
            election.returning_officer.capacity,
            int(election.training),
        ],
    )


def insert_contest(db: Database, contest: Contest, entered_by: str) -> None:
    """A new contest at the end of the list, with whatever candidates and boxes it already has."""
    record_contest(db, contest, _next_position(db, "contest", None), entered_by)


def update_contest(db: Database, contest: Contest) -> None:
    db.execute(
        "UPDATE contest SET name = ?, profile = ?, seats = ?, electorate = ?, bundle_size = ?, rules = ? "
        "WHERE id = ?",
        [
            contest.name,
            contest.profile_id,
            contest.seats,
            contest.electorate,
            contest.bundle_size,
            rules_to_json(contest.recount_rules),
            contest.id,
        ],
    )


def insert_candidate(db: Database, contest_id: str, candidate: Candidate) -> None:
    db.execute(
        "INSERT INTO candidate (contest_id, id, position, surname, forenames, description, cu_surname, "
        "cu_forenames, ballot_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            contest_id,
            candidate.id,
            _next_position(db, "candidate", contest_id),
            candidate.surname,
            candidate.forenames,
            candidate.description,
            candidate.commonly_used_surname,
            candidate.commonly_used_forenames,
            candidate.ballot_position,
        ],
    )


def update_candidate(db: Database, contest_id: str, candidate: Candidate) -> None:
    db.execute(
        "UPDATE candidate SET surname = ?, forenames = ?, description = ?, cu_surname = ?, "
        "cu_forenames = ?, ballot_position = ? WHERE contest_id = ? AND id = ?",
        [
            candidate.surname,
            candidate.forenames,
            candidate.description,
            candidate.commonly_used_surname,
            candidate.commonly_used_forenames,
            candidate.ballot_position,
            contest_id,
            candidate.id,
        ],
    )


def delete_candidate(db: Database, contest_id: str, candidate_id: str) -> None:
    db.execute("DELETE FROM candidate WHERE contest_id = ? AND id = ?", [contest_id, candidate_id])


def insert_box(db: Database, contest_id: str, box: BallotBox) -> None:
    db.execute(
        "INSERT INTO ballot_box (contest_id, id, position, kind, issued, polling_station, polling_place) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            contest_id,
            box.id,
            _next_position(db, "ballot_box", contest_id),
            box.kind,
            box.issued,
            box.polling_station,
            box.polling_place,
        ],
    )


def update_box(db: Database, contest_id: str, box: BallotBox) -> None:
    db.execute(
        "UPDATE ballot_box SET kind = ?, issued = ?, polling_station = ?, polling_place = ? "
        "WHERE contest_id = ? AND id = ?",
        [box.kind, box.issued, box.polling_station, box.polling_place, contest_id, box.id],
    )


def delete_box(db: Database, contest_id: str, box_id: str) -> None:
    """The box, its paper account and its place at a count table (never its verification counts)."""
    db.execute("DELETE FROM box_account WHERE contest_id = ? AND box_id = ?", [contest_id, box_id])
    db.execute("DELETE FROM table_box WHERE contest_id = ? AND box_id = ?", [contest_id, box_id])
    db.execute("DELETE FROM ballot_box WHERE contest_id = ? AND id = ?", [contest_id, box_id])


def set_box_account(db: Database, contest_id: str, account: BallotPaperAccount) -> None:
    db.execute("DELETE FROM box_account WHERE contest_id = ? AND box_id = ?", [contest_id, account.box])
    if not account.empty:
        db.execute(
            "INSERT INTO box_account (contest_id, box_id, unused, spoilt, tendered) VALUES (?, ?, ?, ?, ?)",
            [contest_id, account.box, account.unused, account.spoilt, account.tendered],
        )


def insert_table(db: Database, contest_id: str, table_id: str) -> None:
    db.execute(
        "INSERT INTO count_table (contest_id, id, position) VALUES (?, ?, ?)",
        [contest_id, table_id, _next_position(db, "count_table", contest_id)],
    )


def set_table_boxes(db: Database, contest_id: str, table_id: str, boxes: tuple[str, ...]) -> None:
    """The table receives exactly these boxes (taken from any other table they were at)."""
    db.execute("DELETE FROM table_box WHERE contest_id = ? AND table_id = ?", [contest_id, table_id])
    for position, box_id in enumerate(boxes):
        db.execute("DELETE FROM table_box WHERE contest_id = ? AND box_id = ?", [contest_id, box_id])
        db.execute(
            "INSERT INTO table_box (contest_id, table_id, box_id, position) VALUES (?, ?, ?, ?)",
            [contest_id, table_id, box_id, position],
        )


def delete_table(db: Database, contest_id: str, table_id: str) -> None:
    db.execute("DELETE FROM table_box WHERE contest_id = ? AND table_id = ?", [contest_id, table_id])
    db.execute("DELETE FROM count_table WHERE contest_id = ? AND id = ?", [contest_id, table_id])


def contest_has_figures(db: Database, contest_id: str) -> bool:
    """Whether any box count, explanation, round or sheet is recorded for the contest."""
    for table in ("verification_count", "box_explanation", "round", "sheet", "recount_request", "lot"):
        if db.execute(f"SELECT 1 FROM {table} WHERE contest_id = ? LIMIT 1", [contest_id]).fetchone():
            return True
    return False


def delete_contest(db: Database, contest_id: str) -> None:
    """A contest set up by mistake, with its candidates, boxes and tables (only while it has no figures)."""
    for table in ("box_account", "table_box", "count_table", "ballot_box", "candidate"):
        db.execute(f"DELETE FROM {table} WHERE contest_id = ?", [contest_id])
    db.execute("DELETE FROM contest WHERE id = ?", [contest_id])
