"""The count file's schema, created and upgraded by sqlite-utils migrations; figures are append-only."""

from __future__ import annotations

import importlib

from sqlite_utils import Database, Migrations

APPLICATION_ID = 0x43444B31  # "CDK1": marks a SQLite file as a CountDesk count file
# Modules that keep their tables beside their rows, each registering exactly one migration, in the
# order they must run. Add a new feature's module at the end; never reorder or remove one.
FEATURE_MIGRATIONS: tuple[str, ...] = (
    "app.store.people",
    "app.store.setup_rows",
    "app.store.state_digest",
    "app.store.entries",
    "app.store.stages",
    "app.store.lock_indexes",
    "app.store.clustered_rows",
    "app.store.entry_figures",
)
SCHEMA_VERSION = 1 + len(FEATURE_MIGRATIONS)  # user_version after migrating; newer files are refused

migrations = Migrations("countdesk")

# Tables whose rows are never updated or deleted: corrections are new rows.
APPEND_ONLY = (
    "event",
    "verification_count",
    "box_explanation",
    "sheet",
    "sheet_vote",
    "sheet_rejected",
    "lot",
    "contest_stage",
)

# Tables holding a contest's figures: refused once the contest is declared.
CONTEST_TABLES = (
    "candidate",
    "ballot_box",
    "verification_count",
    "box_explanation",
    "count_table",
    "table_box",
    "round",
    "recount_request",
    "sheet",
    "lot",
)

_TABLES = [
    """CREATE TABLE election (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        id TEXT NOT NULL CHECK (length(id) > 0),
        title TEXT NOT NULL,
        poll_date TEXT NOT NULL,
        authority TEXT NOT NULL,
        venue TEXT NOT NULL,
        ro_name TEXT NOT NULL,
        ro_capacity TEXT NOT NULL,
        training INTEGER NOT NULL CHECK (training IN (0, 1))
    ) STRICT""",
    """CREATE TABLE contest (
        id TEXT PRIMARY KEY CHECK (length(id) > 0),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        profile TEXT NOT NULL,
        seats INTEGER NOT NULL CHECK (seats >= 1),
        electorate INTEGER CHECK (electorate >= 0),
        bundle_size INTEGER NOT NULL CHECK (bundle_size BETWEEN 1 AND 1000),
        rules TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE candidate (
        contest_id TEXT NOT NULL REFERENCES contest(id),
        id TEXT NOT NULL CHECK (length(id) > 0),
        position INTEGER NOT NULL,
        surname TEXT NOT NULL CHECK (length(surname) > 0),
        forenames TEXT NOT NULL,
        description TEXT NOT NULL,
        cu_surname TEXT,
        cu_forenames TEXT,
        ballot_position INTEGER CHECK (ballot_position >= 1),
        PRIMARY KEY (contest_id, id)
    ) STRICT""",
    """CREATE TABLE ballot_box (
        contest_id TEXT NOT NULL REFERENCES contest(id),
        id TEXT NOT NULL CHECK (length(id) > 0),
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('polling-station', 'postal')),
        issued INTEGER NOT NULL CHECK (issued BETWEEN 0 AND 9999999),
        polling_station TEXT NOT NULL,
        polling_place TEXT NOT NULL,
        PRIMARY KEY (contest_id, id)
    ) STRICT""",
    """CREATE TABLE verification_count (
        seq INTEGER PRIMARY KEY,
        contest_id TEXT NOT NULL,
        box_id TEXT NOT NULL,
        count INTEGER NOT NULL CHECK (count BETWEEN 0 AND 9999999),
        entered_by TEXT NOT NULL,
        FOREIGN KEY (contest_id, box_id) REFERENCES ballot_box(contest_id, id)
    ) STRICT""",
    """CREATE TABLE box_explanation (
        seq INTEGER PRIMARY KEY,
        contest_id TEXT NOT NULL,
        box_id TEXT NOT NULL,
        explanation TEXT NOT NULL,
        entered_by TEXT NOT NULL,
        FOREIGN KEY (contest_id, box_id) REFERENCES ballot_box(contest_id, id)
    ) STRICT""",
    """CREATE TABLE count_table (
        contest_id TEXT NOT NULL REFERENCES contest(id),
        id TEXT NOT NULL CHECK (length(id) > 0),
        position INTEGER NOT NULL,
        PRIMARY KEY (contest_id, id)
    ) STRICT""",
    """CREATE TABLE table_box (
        contest_id TEXT NOT NULL,
        table_id TEXT NOT NULL,
        box_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (contest_id, box_id),
        FOREIGN KEY (contest_id, table_id) REFERENCES count_table(contest_id, id),
        FOREIGN KEY (contest_id, box_id) REFERENCES ballot_box(contest_id, id)
    ) STRICT""",
    """CREATE TABLE recount_request (
        seq INTEGER PRIMARY KEY,
        contest_id TEXT NOT NULL REFERENCES contest(id),
        after_round INTEGER NOT NULL,
        kind TEXT NOT NULL,
        requester_name TEXT,
        requester_role TEXT,
        decision TEXT NOT NULL CHECK (decision IN ('granted', 'refused', 'pending')),
        reason TEXT NOT NULL,
        scope TEXT
    ) STRICT""",
    """CREATE TABLE round (
        contest_id TEXT NOT NULL REFERENCES contest(id),
        number INTEGER NOT NULL CHECK (number >= 1),
        kind TEXT NOT NULL,
        request_seq INTEGER REFERENCES recount_request(seq),
        PRIMARY KEY (contest_id, number)
    ) STRICT""",
    """CREATE TABLE sheet (
        seq INTEGER PRIMARY KEY,
        contest_id TEXT NOT NULL,
        round_number INTEGER NOT NULL,
        table_id TEXT NOT NULL,
        valid_papers INTEGER CHECK (valid_papers BETWEEN 0 AND 9999999),
        rejected_in_part INTEGER CHECK (rejected_in_part BETWEEN 0 AND 9999999),
        source TEXT NOT NULL CHECK (source IN ('import', 'entry')),
        entered_by TEXT NOT NULL,
        supersedes INTEGER REFERENCES sheet(seq),
        FOREIGN KEY (contest_id, round_number) REFERENCES round(contest_id, number),
        FOREIGN KEY (contest_id, table_id) REFERENCES count_table(contest_id, id)
    ) STRICT""",
    """CREATE TABLE sheet_vote (
        sheet_seq INTEGER NOT NULL REFERENCES sheet(seq),
        contest_id TEXT NOT NULL,
        candidate_id TEXT NOT NULL,
        total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 9999999),
        bundles INTEGER CHECK (bundles >= 0),
        part INTEGER CHECK (part >= 0),
        PRIMARY KEY (sheet_seq, candidate_id),
        FOREIGN KEY (contest_id, candidate_id) REFERENCES candidate(contest_id, id)
    ) STRICT""",
    """CREATE TABLE sheet_rejected (
        sheet_seq INTEGER NOT NULL REFERENCES sheet(seq),
        head TEXT NOT NULL,
        count INTEGER NOT NULL CHECK (count BETWEEN 0 AND 9999999),
        PRIMARY KEY (sheet_seq, head)
    ) STRICT""",
    """CREATE TABLE lot (
        seq INTEGER PRIMARY KEY,
        contest_id TEXT NOT NULL REFERENCES contest(id),
        tied TEXT NOT NULL,
        winner TEXT NOT NULL,
        method TEXT NOT NULL,
        witnesses TEXT NOT NULL,
        drawn_at TEXT
    ) STRICT""",
    """CREATE TABLE contest_stage (
        seq INTEGER PRIMARY KEY,
        contest_id TEXT NOT NULL REFERENCES contest(id),
        stage TEXT NOT NULL CHECK (stage IN ('provisional', 'declared')),
        round_number INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE event (
        seq INTEGER PRIMARY KEY,
        at_utc TEXT NOT NULL,
        monotonic_ns INTEGER NOT NULL,
        user TEXT NOT NULL,
        role TEXT NOT NULL,
        action TEXT NOT NULL,
        object TEXT NOT NULL,
        before TEXT,
        after TEXT,
        reason TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX sheet_by_contest ON sheet (contest_id, round_number, table_id)",
    "CREATE INDEX sheet_vote_by_contest ON sheet_vote (contest_id, candidate_id)",
    "CREATE INDEX verification_by_box ON verification_count (contest_id, box_id)",
]


def _append_only_triggers() -> list[str]:
    statements = []
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'CountDesk: {table} rows are append-only'); END"
            )
    statements.append(
        "CREATE TRIGGER recount_request_decided BEFORE UPDATE ON recount_request "
        "WHEN OLD.decision != 'pending' "
        "BEGIN SELECT RAISE(ABORT, 'CountDesk: a decided recount request cannot change'); END"
    )
    return statements


def _declared_triggers() -> list[str]:
    declared = (
        "EXISTS (SELECT 1 FROM contest_stage WHERE contest_id = {ref} AND stage = 'declared')"
    )
    statements = []
    for table in CONTEST_TABLES:
        for verb, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            if table in APPEND_ONLY and verb != "INSERT":
                continue
            condition = declared.format(ref=f"{row}.contest_id")
            statements.append(
                f"CREATE TRIGGER {table}_declared_{verb.lower()} BEFORE {verb} ON {table} "
                f"WHEN {condition} "
                f"BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked'); END"
            )
    for verb, row in (("UPDATE", "OLD"), ("DELETE", "OLD")):
        statements.append(
            f"CREATE TRIGGER contest_declared_{verb.lower()} BEFORE {verb} ON contest "
            f"WHEN {declared.format(ref=f'{row}.id')} "
            f"BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked'); END"
        )
    statements.append(
        "CREATE TRIGGER sheet_vote_declared BEFORE INSERT ON sheet_vote "
        f"WHEN {declared.format(ref='NEW.contest_id')} "
        "BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked'); END"
    )
    statements.append(
        "CREATE TRIGGER sheet_rejected_declared BEFORE INSERT ON sheet_rejected "
        "WHEN "
        + declared.format(ref="(SELECT contest_id FROM sheet WHERE seq = NEW.sheet_seq)")
        + " BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked'); END"
    )
    return statements


@migrations()
def m001_count_file(db: Database) -> None:
    """The first schema: election, contests, figures, stages and the audit chain."""
    for statement in _TABLES + _append_only_triggers() + _declared_triggers():
        db.execute(statement)


def load_feature_migrations() -> None:
    """Register the migrations that live beside their rows, in the order they must run."""
    for module in FEATURE_MIGRATIONS:
        importlib.import_module(module)
    # Feature modules may be imported elsewhere first, which registers them out of order; the
    # migrations must run by their names' numbers (m001, m002, ...) whatever the import order.
    migrations._migrations.sort(key=lambda migration: migration.name)
