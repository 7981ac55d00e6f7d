"""Rows of a contest's stages: provisional results, declarations, corrections, suspensions, requests."""

# How a misread figure passes the declared lock honestly. Every table of the count's figures
# refuses writes once the contest is declared (schema.py). A correction is therefore not a new
# figure row in those tables: it is a row of `figure_correction`, which lies outside the lock and
# may be written only as part of a superseding declaration, i.e. only while the contest is
# declared, and only naming the newest declaration, which must itself name (supersedes) the one
# it replaces and carry the Returning Officer's reason. After a declaration `contest_stage`
# accepts nothing but such a superseding declaration. The services write both in one audited
# action; the domain lays the corrections over the figures of their round, so the result, the
# superseding declaration's snapshot and the printed sheet all agree, and the original sheets and
# every earlier declaration stay on the record, unchanged.

from __future__ import annotations

import json

from sqlite_utils import Database

from app.domain.election import Contest, RecountRequest, RecountScope, Requester
from app.domain.snapshot import FigureCorrection, Snapshot, StageRecord, SuspensionEvent
from app.store.schema import migrations

SUSPENDED_MARK = "count of this contest is suspended"

_DECLARED = (
    "EXISTS (SELECT 1 FROM contest_stage WHERE contest_id = {ref} AND stage = 'declared')"
)
_SUSPENDED = (
    "coalesce((SELECT action FROM suspension WHERE contest_id = {ref} "
    "ORDER BY seq DESC LIMIT 1), 'resume') = 'suspend'"
)
_LOCKED = "BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked'); END"
_PAUSED = f"BEGIN SELECT RAISE(ABORT, 'CountDesk: the {SUSPENDED_MARK}; resume it first'); END"
# The count's own writes that a suspension stops (the papers are sealed away).
STOPPED_BY_SUSPENSION = ("verification_count", "sheet", "round", "recount_request", "lot")


@migrations(name="m006_stages")
def m006_stages(db: Database) -> None:
    """Requests' grounds, declarations that supersede, corrections, suspensions; and their guards."""
    db.execute("ALTER TABLE recount_request ADD COLUMN grounds TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE contest_stage ADD COLUMN recorded_at TEXT")
    db.execute("ALTER TABLE contest_stage ADD COLUMN supersedes INTEGER REFERENCES contest_stage(seq)")
    db.execute("ALTER TABLE contest_stage ADD COLUMN reason TEXT NOT NULL DEFAULT ''")
    db.execute(
        """CREATE TABLE suspension (
            seq INTEGER PRIMARY KEY,
            contest_id TEXT NOT NULL REFERENCES contest(id),
            action TEXT NOT NULL CHECK (action IN ('suspend', 'resume')),
            reason TEXT NOT NULL CHECK (length(reason) > 0),
            seals TEXT NOT NULL,
            recorded_at TEXT,
            recorded_by TEXT NOT NULL
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE figure_correction (
            seq INTEGER PRIMARY KEY,
            contest_id TEXT NOT NULL REFERENCES contest(id),
            declaration_seq INTEGER NOT NULL REFERENCES contest_stage(seq),
            round_number INTEGER NOT NULL,
            table_id TEXT NOT NULL,
            field TEXT NOT NULL
                CHECK (field IN ('votes', 'rejected', 'valid_papers', 'rejected_in_part')),
            key TEXT NOT NULL,
            old_value INTEGER,
            new_value INTEGER NOT NULL CHECK (new_value BETWEEN 0 AND 9999999),
            FOREIGN KEY (contest_id, table_id) REFERENCES count_table(contest_id, id)
        ) STRICT"""
    )
    for statement in _guards():
        db.execute(statement)


def _guards() -> list[str]:
    declared = _DECLARED.format(ref="NEW.contest_id")
    latest = (
        "(SELECT max(seq) FROM contest_stage WHERE contest_id = NEW.contest_id "
        "AND stage = 'declared')"
    )
    statements = [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'CountDesk: {table} rows are append-only'); END"
        for table in ("suspension", "figure_correction")
        for verb in ("UPDATE", "DELETE")
    ]
    statements += [
        # after a declaration only a superseding declaration, naming the newest, with a reason
        "CREATE TRIGGER contest_stage_after_declared BEFORE INSERT ON contest_stage "
        f"WHEN {declared} AND NOT (NEW.stage = 'declared' AND NEW.supersedes IS {latest} "
        "AND length(NEW.reason) > 0) "
        "BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked; only a "
        "superseding declaration naming the one it replaces may follow'); END",
        "CREATE TRIGGER contest_stage_supersedes BEFORE INSERT ON contest_stage "
        f"WHEN NEW.supersedes IS NOT NULL AND NOT {declared} "
        "BEGIN SELECT RAISE(ABORT, 'CountDesk: only a declaration can be superseded'); END",
        f"CREATE TRIGGER contest_stage_suspended BEFORE INSERT ON contest_stage "
        f"WHEN {_SUSPENDED.format(ref='NEW.contest_id')} {_PAUSED}",
        f"CREATE TRIGGER suspension_declared_insert BEFORE INSERT ON suspension WHEN {declared} "
        f"{_LOCKED}",
        "CREATE TRIGGER suspension_in_turn BEFORE INSERT ON suspension "
        f"WHEN (NEW.action = 'suspend') = ({_SUSPENDED.format(ref='NEW.contest_id')}) "
        "BEGIN SELECT RAISE(ABORT, 'CountDesk: a count is suspended only when running and "
        "resumed only when suspended'); END",
        # a correction belongs to the superseding declaration it produces, and to nothing else
        "CREATE TRIGGER figure_correction_with_declaration BEFORE INSERT ON figure_correction "
        f"WHEN NEW.declaration_seq IS NOT {latest} OR (SELECT supersedes FROM contest_stage "
        "WHERE seq = NEW.declaration_seq) IS NULL "
        "BEGIN SELECT RAISE(ABORT, 'CountDesk: a correction is made only with the superseding "
        "declaration it produces'); END",
    ]
    for table in STOPPED_BY_SUSPENSION:
        statements.append(
            f"CREATE TRIGGER {table}_suspended BEFORE INSERT ON {table} "
            f"WHEN {_SUSPENDED.format(ref='NEW.contest_id')} {_PAUSED}"
        )
    statements.append(
        "CREATE TRIGGER recount_request_suspended_update BEFORE UPDATE ON recount_request "
        f"WHEN {_SUSPENDED.format(ref='OLD.contest_id')} {_PAUSED}"
    )
    return statements


# writing (the caller holds the transaction: CountStore.action)
def insert_stage_record(db: Database, contest_id: str, record: StageRecord) -> int:
    """A provisional result or a declaration; a superseding one names the declaration it replaces."""
    supersedes = None
    if record.supersedes is not None:
        supersedes = declaration_seqs(db, contest_id)[record.supersedes - 1]
    cursor = db.execute(
        "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by, "
        "recorded_at, supersedes, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            contest_id, record.stage, record.round, record.snapshot.to_text(), record.recorded_by,
            record.recorded_at, supersedes, record.reason,
        ],
    )
    seq = int(cursor.lastrowid or 0)
    db.conn.executemany(
        "INSERT INTO figure_correction (contest_id, declaration_seq, round_number, table_id, "
        "field, key, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (contest_id, seq, c.round, c.table, c.field, c.key, c.old, c.new)
            for c in record.corrections
        ],
    )
    return seq


def insert_suspension(db: Database, contest_id: str, event: SuspensionEvent) -> int:
    cursor = db.execute(
        "INSERT INTO suspension (contest_id, action, reason, seals, recorded_at, recorded_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            contest_id, event.action, event.reason, json.dumps(list(event.seals), ensure_ascii=False),
            event.recorded_at, event.recorded_by,
        ],
    )
    return int(cursor.lastrowid or 0)


def decide_request(db: Database, seq: int, decision: str, reason: str) -> bool:
    """Settle a pending request (once: the schema refuses to change a decided one)."""
    cursor = db.execute(
        "UPDATE recount_request SET decision = ?, reason = ? WHERE seq = ? AND decision = 'pending'",
        [decision, reason, seq],
    )
    return cursor.rowcount == 1


def open_round(db: Database, contest_id: str, number: int, kind: str, request_seq: int) -> None:
    db.execute(
        "INSERT INTO round (contest_id, number, kind, request_seq) VALUES (?, ?, ?, ?)",
        [contest_id, number, kind, request_seq],
    )


def set_rules(db: Database, contest_id: str, rules_json: str) -> None:
    db.execute("UPDATE contest SET rules = ? WHERE id = ?", [rules_json, contest_id])


def record_stage_history(db: Database, contest: Contest) -> None:
    """An imported contest's provisional results, suspensions, then declarations (the lock last)."""
    for record in contest.stage_records:
        if record.stage == "provisional":
            insert_stage_record(db, contest.id, record)
    for event in contest.suspensions:
        insert_suspension(db, contest.id, event)
    for record in contest.declarations:
        insert_stage_record(db, contest.id, record)


# reading
def declaration_seqs(db: Database, contest_id: str) -> list[int]:
    return [
        int(r[0])
        for r in db.execute(
            "SELECT seq FROM contest_stage WHERE contest_id = ? AND stage = 'declared' ORDER BY seq",
            [contest_id],
        )
    ]


def request_from_row(row: tuple[object, ...]) -> RecountRequest:
    """A request from (kind, requester name, role, decision, reason, scope JSON, grounds)."""
    kind, name, role, decision, reason, scope_text, grounds = row
    scope = None
    if scope_text:
        data = json.loads(str(scope_text))
        scope = RecountScope(tuple(data["tables"]), tuple(data["candidates"]))
    return RecountRequest(
        kind=str(kind),
        requested_by=Requester(str(name), str(role)) if name is not None else None,
        decision=str(decision),
        reason=str(reason),
        scope=scope,
        grounds=str(grounds or ""),
    )


def pending_requests(db: Database, contest_id: str) -> list[tuple[int, int, RecountRequest]]:
    """(seq, after round, request) of every request still waiting for a decision."""
    return [
        (int(r[0]), int(r[1]), request_from_row(tuple(r[2:])))
        for r in db.execute(
            "SELECT seq, after_round, kind, requester_name, requester_role, decision, reason, "
            "scope, grounds FROM recount_request WHERE contest_id = ? AND decision = 'pending' "
            "ORDER BY seq",
            [contest_id],
        )
    ]


def load_stage_history(
    db: Database, contest_id: str
) -> tuple[tuple[StageRecord, ...], tuple[SuspensionEvent, ...]]:
    """The contest's stage records (supersedes as a declaration number) and suspension events."""
    corrections: dict[int, list[FigureCorrection]] = {}
    for seq, round_number, table, field, key, old, new in db.execute(
        "SELECT declaration_seq, round_number, table_id, field, key, old_value, new_value "
        "FROM figure_correction WHERE contest_id = ? ORDER BY seq",
        [contest_id],
    ):
        corrections.setdefault(int(seq), []).append(
            FigureCorrection(
                int(round_number), str(table), str(field), str(key),
                None if old is None else int(old), int(new),
            )
        )
    number_of: dict[int, int] = {}
    records: list[StageRecord] = []
    for seq, stage, snapshot, by, at, supersedes, reason in db.execute(
        "SELECT seq, stage, snapshot, recorded_by, recorded_at, supersedes, reason "
        "FROM contest_stage WHERE contest_id = ? ORDER BY seq",
        [contest_id],
    ):
        if stage == "declared":
            number_of[int(seq)] = len(number_of) + 1
        records.append(
            StageRecord(
                stage=str(stage),
                snapshot=Snapshot.from_text(str(snapshot)),
                recorded_by=str(by),
                recorded_at=at,
                supersedes=None if supersedes is None else number_of.get(int(supersedes)),
                reason=str(reason),
                corrections=tuple(corrections.get(int(seq), ())),
            )
        )
    events = tuple(
        SuspensionEvent(
            action=str(r[0]), reason=str(r[1]), seals=tuple(json.loads(r[2])),
            recorded_by=str(r[3]), recorded_at=r[4],
        )
        for r in db.execute(
            "SELECT action, reason, seals, recorded_by, recorded_at FROM suspension "
            "WHERE contest_id = ? ORDER BY seq",
            [contest_id],
        )
    )
    return tuple(records), events
