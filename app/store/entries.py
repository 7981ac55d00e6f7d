"""Double-entry rows: each saved entry, sheet states, resolutions, acknowledgements (boxes: entry_figures)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlite_utils import Database

from app.domain.catalogue import Problem
from app.domain.double_entry import DoubleEntry, Entry, SheetState, accepted_sheet
from app.domain.entry_cells import SheetLayout
from app.store.entry_figures import read_entry_figures, write_entry_figures
from app.store.recorder import record_sheet
from app.store.schema import migrations

TABLES = ("sheet_entry", "entry_cell", "sheet_status", "sheet_resolution", "warning_ack", "entry_decision")
_DECLARED = "EXISTS (SELECT 1 FROM contest_stage WHERE contest_id = NEW.contest_id AND stage = 'declared')"
_STATES = ", ".join(f"'{state.value}'" for state in SheetState)


@migrations(name="m005_entries")
def m005_entries(db: Database) -> None:
    """Blind double entry: each entry version with its boxes, the sheet's states and the decisions."""
    db.execute(
        """CREATE TABLE sheet_entry (
            seq INTEGER PRIMARY KEY,
            contest_id TEXT NOT NULL,
            round_number INTEGER NOT NULL,
            table_id TEXT NOT NULL,
            entry_number INTEGER NOT NULL CHECK (entry_number IN (1, 2)),
            operator TEXT NOT NULL CHECK (length(operator) > 0),
            state TEXT NOT NULL CHECK (state IN ('in-progress', 'finished')),
            confirmed INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
            saved_by TEXT NOT NULL,
            FOREIGN KEY (contest_id, round_number) REFERENCES round(contest_id, number),
            FOREIGN KEY (contest_id, table_id) REFERENCES count_table(contest_id, id)
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE entry_cell (
            entry_seq INTEGER NOT NULL REFERENCES sheet_entry(seq),
            contest_id TEXT NOT NULL,
            cell TEXT NOT NULL,
            value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 9999999),
            typed_by TEXT NOT NULL,
            PRIMARY KEY (entry_seq, cell)
        ) STRICT"""
    )
    db.execute(
        f"""CREATE TABLE sheet_status (
            seq INTEGER PRIMARY KEY,
            contest_id TEXT NOT NULL,
            round_number INTEGER NOT NULL,
            table_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ({_STATES})),
            first_entry INTEGER REFERENCES sheet_entry(seq),
            second_entry INTEGER REFERENCES sheet_entry(seq),
            pending TEXT NOT NULL,
            accepted_sheet INTEGER REFERENCES sheet(seq),
            changed_by TEXT NOT NULL,
            FOREIGN KEY (contest_id, round_number) REFERENCES round(contest_id, number),
            FOREIGN KEY (contest_id, table_id) REFERENCES count_table(contest_id, id)
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE sheet_resolution (
            seq INTEGER PRIMARY KEY,
            contest_id TEXT NOT NULL,
            round_number INTEGER NOT NULL,
            table_id TEXT NOT NULL,
            cell TEXT NOT NULL,
            choice TEXT NOT NULL CHECK (choice IN ('first', 'second', 'neither')),
            first_value INTEGER,
            second_value INTEGER,
            supervisor TEXT NOT NULL,
            reason TEXT,
            FOREIGN KEY (contest_id, table_id) REFERENCES count_table(contest_id, id)
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE warning_ack (
            seq INTEGER PRIMARY KEY,
            contest_id TEXT NOT NULL REFERENCES contest(id),
            code TEXT NOT NULL,
            place TEXT NOT NULL,
            message TEXT NOT NULL,
            acknowledged_by TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE entry_decision (
            seq INTEGER PRIMARY KEY,
            contest_id TEXT NOT NULL REFERENCES contest(id),
            single_entry INTEGER NOT NULL CHECK (single_entry IN (0, 1)),
            decided_by TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
        ) STRICT"""
    )
    db.execute("CREATE INDEX sheet_status_by_sheet ON sheet_status (contest_id, round_number, table_id)")
    for table in TABLES:
        for verb in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'CountDesk: {table} rows are append-only'); END"
            )
        db.execute(
            f"CREATE TRIGGER {table}_declared_insert BEFORE INSERT ON {table} WHEN {_DECLARED} "
            "BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked'); END"
        )


@dataclass(frozen=True)
class StoredSheet:
    """A sheet's state as loaded, with the rows its entries were read from."""

    sheet: DoubleEntry
    entry_seqs: Mapping[int, int]  # entry number -> its latest sheet_entry row


@dataclass(frozen=True)
class Acknowledgement:
    code: str
    where: str
    message: str
    acknowledged_by: str
    at: str
    reason: str


@dataclass(frozen=True)
class SingleEntryDecision:
    single_entry: bool
    decided_by: str
    at: str
    reason: str


# rounds
def ensure_first_round(db: Database, contest_id: str) -> bool:
    """Open round 1 (the initial count) when the first sheet of a contest is keyed; True if opened."""
    if db.execute("SELECT 1 FROM round WHERE contest_id = ? LIMIT 1", [contest_id]).fetchone():
        return False
    db.execute("INSERT INTO round (contest_id, number, kind) VALUES (?, 1, 'initial')", [contest_id])
    return True


# sheets
def _entry(db: Database, seq: int) -> Entry:
    row = db.execute(
        "SELECT entry_number, operator, state, confirmed FROM sheet_entry WHERE seq = ?", [seq]
    ).fetchone()
    figures, typed_by = read_entry_figures(db, seq, str(row[1])) or _entry_cells(db, seq)
    return Entry(
        number=int(row[0]),
        operator=str(row[1]),
        figures=figures,
        typed_by=typed_by,
        finished=row[2] == "finished",
        confirmed=bool(row[3]),
    )


def _entry_cells(db: Database, seq: int) -> tuple[dict[str, int], dict[str, str]]:
    """The boxes of an entry saved before m009: entry_cell rows, left where they were (the digests
    recorded in their events cover them there)."""
    rows = db.execute(
        "SELECT cell, value, typed_by FROM entry_cell WHERE entry_seq = ? ORDER BY cell", [seq]
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}, {str(r[0]): str(r[2]) for r in rows}


def load_double_entry(db: Database, layout: SheetLayout, single_entry: bool) -> StoredSheet:
    """The sheet's latest state; a sheet imported or accepted without entries reads as accepted."""
    key = [layout.contest_id, layout.round_number, layout.table_id]
    row = db.execute(
        "SELECT state, first_entry, second_entry, pending FROM sheet_status "
        "WHERE contest_id = ? AND round_number = ? AND table_id = ? ORDER BY seq DESC LIMIT 1",
        key,
    ).fetchone()
    if row is None:
        accepted = db.execute(
            "SELECT 1 FROM sheet WHERE contest_id = ? AND round_number = ? AND table_id = ? LIMIT 1",
            key,
        ).fetchone()
        state = SheetState.ACCEPTED if accepted else SheetState.EMPTY
        return StoredSheet(DoubleEntry(layout, state, single_entry=single_entry), {})
    state, first_seq, second_seq, pending_text = row
    seqs = {n: int(s) for n, s in ((1, first_seq), (2, second_seq)) if s is not None}
    pending = {int(n): frozenset(cells) for n, cells in json.loads(pending_text).items()}
    sheet = DoubleEntry(
        layout=layout,
        state=SheetState(state),
        first=_entry(db, seqs[1]) if 1 in seqs else None,
        second=_entry(db, seqs[2]) if 2 in seqs else None,
        pending=pending,
        single_entry=single_entry,
    )
    return StoredSheet(sheet, seqs)


def _insert_entry(db: Database, layout: SheetLayout, entry: Entry, saved_by: str) -> int:
    cursor = db.execute(
        "INSERT INTO sheet_entry (contest_id, round_number, table_id, entry_number, operator, state, "
        "confirmed, saved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            layout.contest_id, layout.round_number, layout.table_id, entry.number, entry.operator,
            "finished" if entry.finished else "in-progress", int(entry.confirmed), saved_by,
        ],
    )
    seq = int(cursor.lastrowid or 0)
    write_entry_figures(db, seq, layout.contest_id, entry.figures, entry.typed_by, entry.operator)
    return seq


def write_double_entry(db: Database, old: StoredSheet, new: DoubleEntry, by: str) -> StoredSheet:
    """Append the rows of a transition: changed entries as new versions, then the sheet's state.
    An accepted sheet's figures go into `sheet` (source "entry"). Returns the sheet exactly as
    load_double_entry reads it back from these rows."""
    layout = new.layout
    seqs: dict[int, int] = {}
    for number, entry in ((1, new.first), (2, new.second)):
        if entry is None:
            continue
        before = old.sheet.first if number == 1 else old.sheet.second
        if entry == before and number in old.entry_seqs:
            seqs[number] = old.entry_seqs[number]
        else:
            seqs[number] = _insert_entry(db, layout, entry, by)
    sheet_seq = None
    if new.state == SheetState.ACCEPTED and old.sheet.state != SheetState.ACCEPTED:
        people = " / ".join(e.operator for e in new.entries)
        sheet_seq = record_sheet(
            db, layout.contest_id, layout.round_number, accepted_sheet(new),
            source="entry", entered_by=people,
        )
    db.execute(
        "INSERT INTO sheet_status (contest_id, round_number, table_id, state, first_entry, "
        "second_entry, pending, accepted_sheet, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            layout.contest_id, layout.round_number, layout.table_id, new.state.value,
            seqs.get(1), seqs.get(2),
            json.dumps({str(n): sorted(cells) for n, cells in sorted(new.pending.items())}),
            sheet_seq, by,
        ],
    )
    return StoredSheet(_as_read(new), seqs)


def _as_read(sheet: DoubleEntry) -> DoubleEntry:
    """The sheet as its rows read back: boxes in cell order, each with who typed it, and the boxes
    sent back as sets, in entry order (what load_double_entry builds)."""

    def read(entry: Entry | None) -> Entry | None:
        if entry is None:
            return None
        figures, typed_by = entry.figures, entry.typed_by
        cells = sorted(figures)
        if list(figures) == cells and list(typed_by) == cells:  # as read already (an entry kept)
            return entry
        return replace(
            entry,
            figures={cell: figures[cell] for cell in cells},
            typed_by={cell: typed_by.get(cell, entry.operator) for cell in cells},
        )

    first, second = read(sheet.first), read(sheet.second)
    if first is sheet.first and second is sheet.second and not sheet.pending:
        return sheet
    pending = {int(n): frozenset(cells) for n, cells in sorted(sheet.pending.items())}
    return replace(sheet, first=first, second=second, pending=pending)


def record_resolution(
    db: Database, sheet: DoubleEntry, choices: Mapping[str, str], supervisor: str, reason: str | None
) -> None:
    layout = sheet.layout
    first, second = sheet.entry(1), sheet.entry(2)
    db.conn.executemany(
        "INSERT INTO sheet_resolution (contest_id, round_number, table_id, cell, choice, first_value, "
        "second_value, supervisor, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                layout.contest_id, layout.round_number, layout.table_id, cell, choice,
                first.figures.get(cell), second.figures.get(cell), supervisor, reason,
            )
            for cell, choice in choices.items()
        ],
    )


def sheet_states(db: Database, contest_id: str, round_number: int) -> dict[str, SheetState]:
    """Each table's state in a round, without reading any figure (tables absent: never started)."""
    states: dict[str, SheetState] = {}
    for table_id, state in db.execute(
        "SELECT table_id, state FROM sheet_status WHERE seq IN (SELECT max(seq) FROM sheet_status "
        "WHERE contest_id = ? AND round_number = ? GROUP BY table_id)",
        [contest_id, round_number],
    ):
        states[str(table_id)] = SheetState(state)
    for (table_id,) in db.execute(
        "SELECT DISTINCT table_id FROM sheet WHERE contest_id = ? AND round_number = ?",
        [contest_id, round_number],
    ):
        states.setdefault(str(table_id), SheetState.ACCEPTED)
    return states


def entry_versions(db: Database, contest_id: str) -> int:
    """How many entry versions a contest's sheets have (every save is kept)."""
    return int(
        db.execute("SELECT count(*) FROM sheet_entry WHERE contest_id = ?", [contest_id]).fetchone()[0]
    )


# single entry
def record_single_entry(
    db: Database, contest_id: str, single: bool, decided_by: str, at: str, reason: str
) -> None:
    db.execute(
        "INSERT INTO entry_decision (contest_id, single_entry, decided_by, at, reason) "
        "VALUES (?, ?, ?, ?, ?)",
        [contest_id, int(single), decided_by, at, reason],
    )


def single_entry_decision(db: Database, contest_id: str) -> SingleEntryDecision | None:
    row = db.execute(
        "SELECT single_entry, decided_by, at, reason FROM entry_decision WHERE contest_id = ? "
        "ORDER BY seq DESC LIMIT 1",
        [contest_id],
    ).fetchone()
    return None if row is None else SingleEntryDecision(bool(row[0]), row[1], row[2], row[3])


# warnings
def record_acknowledgement(
    db: Database, contest_id: str, warning: Problem, acknowledged_by: str, at: str, reason: str
) -> None:
    db.execute(
        "INSERT INTO warning_ack (contest_id, code, place, message, acknowledged_by, at, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [contest_id, warning.code, warning.where, warning.message, acknowledged_by, at, reason],
    )


def acknowledgements(db: Database, contest_id: str) -> list[Acknowledgement]:
    return [
        Acknowledgement(*row)
        for row in db.execute(
            "SELECT code, place, message, acknowledged_by, at, reason FROM warning_ack "
            "WHERE contest_id = ? ORDER BY seq",
            [contest_id],
        )
    ]


def acknowledged_warnings(db: Database, contest_id: str) -> tuple[tuple[str, str, str], ...]:
    """(code, where, message) of each acknowledged warning, for the contest read from the store."""
    return tuple(
        (str(r[0]), str(r[1]), str(r[2]))
        for r in db.execute(
            "SELECT DISTINCT code, place, message FROM warning_ack WHERE contest_id = ? ORDER BY 1, 2, 3",
            [contest_id],
        )
    )
