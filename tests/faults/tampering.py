"""Someone with the file and an SQLite tool: byte edits of audit events, row games, raw SQL on any table."""

# The S1 harness's pieces. Edits are made on an in-memory copy with every trigger dropped (the
# attacker's view), one at a time, each undone by restoring a pristine copy, and judged by the
# checks `countdesk verify` runs (integrity.verify_store) or by the chain verifier alone.

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from app.services.integrity import verify_store
from app.store import CountStore
from app.store.audit import SYSTEM, Actor
from app.store.recorder import record_sheet

EVENT_COLUMNS = (
    "seq", "at_utc", "monotonic_ns", "user", "role", "action", "object", "before", "after",
    "reason", "state", "prev_hash", "hash",
)
Detector = Callable[[CountStore], bool]  # True when the check finds something wrong


def build_log_file(path: Path, examples_dir: Path, events: int = 100) -> None:
    """Riverside plus saved sheets, users, refusals and notes: exactly `events` audit events."""
    from app.services.count_file import CountFile

    CountFile.import_package(examples_dir / "riverside.package.json", path).close()
    store = CountStore.open(path)
    try:
        contest = store.contest(store.contest_ids()[0])
        sheets = [s for r in contest.rounds for s in r.sheets]
        clerk = Actor("Olu Adeyemi", "operator")
        number = store.fingerprint()[1]
        while number < events:
            kind = number % 4
            if kind == 0:
                with store.action(clerk, "enter-sheet", f"sheet {number}", reason="second entry") as db:
                    record_sheet(db, contest.id, contest.rounds[-1].number, sheets[number % len(sheets)],
                                 source="entry", entered_by=clerk.name)
            elif kind == 1:
                added = {"role": "operator"}
                with store.action(SYSTEM, "add-person", f"person p{number}", after=added) as db:
                    db.execute("INSERT INTO person (name, role, pin_hash) VALUES (?, 'operator', 'scrypt$x')",
                               [f"p{number}"])
            elif kind == 2:
                with store.action(clerk, "denied", "contest", before={"stage": "counting"},
                                  after={"action": "declare", "why": "only the Returning Officer…"}):
                    pass
            else:
                with store.action(clerk, "sign-in", f"person {clerk.name}"):
                    pass
            number += 1
    finally:
        store.close()


def memory_copy(path: Path) -> sqlite3.Connection:
    """The file in memory with every trigger dropped: what an attacker can write to."""
    source = sqlite3.connect(path)
    copy = sqlite3.connect(":memory:", isolation_level=None)
    source.backup(copy)
    source.close()
    for (name,) in copy.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        copy.execute(f'DROP TRIGGER "{name}"')
    return copy


def as_store(conn: sqlite3.Connection) -> CountStore:
    return CountStore(Database(conn), Path("in-memory.countdesk"))


def full_verify(store: CountStore) -> bool:
    return not verify_store(store).ok


def anchored_verify(events: int) -> Detector:
    """verify with the event count printed on a sheet (`--expect-events`)."""
    return lambda store: not verify_store(store, expect_events=events).ok


def chain_only(store: CountStore) -> bool:
    return bool(store.verify_chain())


@dataclass(frozen=True)
class ByteEdit:
    seq: int
    column: str
    position: int
    mask: int
    value: object  # the edited value: str, bytes (text that is no longer UTF-8) or int


def byte_edits(seq: int, column: str, value: object) -> Iterator[ByteEdit]:
    """Every single-byte edit (XOR 0x01 and XOR 0x80) of one stored value."""
    if value is None:
        return
    raw = value.to_bytes(8, "big", signed=True) if isinstance(value, int) else str(value).encode("utf-8")
    for position in range(len(raw)):
        for mask in (0x01, 0x80):
            edited = bytearray(raw)
            edited[position] ^= mask
            if isinstance(value, int):
                yield ByteEdit(seq, column, position, mask, int.from_bytes(edited, "big", signed=True))
            else:
                try:
                    yield ByteEdit(seq, column, position, mask, bytes(edited).decode("utf-8"))
                except UnicodeDecodeError:
                    yield ByteEdit(seq, column, position, mask, bytes(edited))


def apply_edit(conn: sqlite3.Connection, edit: ByteEdit) -> bool:
    """Store the edited value; False when SQLite itself refuses it (e.g. a duplicate seq)."""
    cast = "CAST(? AS TEXT)" if isinstance(edit.value, bytes) else "?"
    try:
        conn.execute(f"UPDATE event SET {edit.column} = {cast} WHERE seq = ?", [edit.value, edit.seq])
    except sqlite3.IntegrityError:
        return False
    return True


def undo_edit(conn: sqlite3.Connection, edit: ByteEdit, original: object) -> None:
    where = edit.value if edit.column == "seq" else edit.seq
    conn.execute(f"UPDATE event SET {edit.column} = ? WHERE seq = ?", [original, where])


@dataclass
class Tally:
    cases: int = 0
    detected: int = 0
    refused_by_sqlite: int = 0
    missed: list[str] | None = None

    def record(self, found: bool, what: str) -> None:
        self.cases += 1
        if found:
            self.detected += 1
        else:
            self.missed = [*(self.missed or []), what]


def every_byte_edit(conn: sqlite3.Connection, detect: Detector, events: range) -> Tally:
    """S1(a): each edit stored, judged, undone; `detect` sees the edited copy."""
    tally = Tally()
    store = as_store(conn)
    for seq in events:
        row = conn.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM event WHERE seq = ?", [seq]).fetchone()
        for column, original in zip(EVENT_COLUMNS, row, strict=True):
            for edit in byte_edits(seq, column, original):
                if not apply_edit(conn, edit):
                    tally.refused_by_sqlite += 1
                    continue
                tally.record(detect(store), f"event {seq} {column} byte {edit.position} ^{edit.mask:#x}")
                undo_edit(conn, edit, original)
    return tally


def row_games(conn: sqlite3.Connection) -> Iterator[tuple[str, list[str]]]:
    """S1(b): delete, swap, duplicate and insert events; each a list of statements."""
    count = conn.execute("SELECT max(seq) FROM event").fetchone()[0]
    columns = ", ".join(c for c in EVENT_COLUMNS if c != "seq")
    for seq in range(1, count + 1):
        yield f"delete event {seq}", [f"DELETE FROM event WHERE seq = {seq}"]
        yield f"duplicate event {seq} at the end", [
            f"INSERT INTO event (seq, {columns}) SELECT {count + 1}, {columns} FROM event WHERE seq = {seq}"
        ]
        yield f"insert a copy before event {seq}", [
            f"UPDATE event SET seq = seq + 1000000 WHERE seq >= {seq}",
            "UPDATE event SET seq = seq - 1000000 + 1 WHERE seq >= 1000000",
            f"INSERT INTO event (seq, {columns}) SELECT {seq}, {columns} FROM event WHERE seq = {seq + 1}",
        ]
        if seq < count:
            yield f"swap events {seq} and {seq + 1}", [
                f"UPDATE event SET seq = -1 WHERE seq = {seq}",
                f"UPDATE event SET seq = {seq} WHERE seq = {seq + 1}",
                f"UPDATE event SET seq = {seq + 1} WHERE seq = -1",
            ]


def _row_conditions(conn: sqlite3.Connection, table: str) -> list[str]:
    """A WHERE condition naming each row: its rowid, or its primary key in a WITHOUT ROWID table."""
    try:
        return [f"rowid = {r[0]}" for r in conn.execute(f"SELECT rowid FROM {table}")]
    except sqlite3.OperationalError:  # no rowid (store/clustered_rows.py)
        info = conn.execute(f"PRAGMA table_info('{table}')").fetchall()
        key = [str(c[1]) for c in sorted(info, key=lambda c: int(c[5])) if int(c[5])]

        def literal(value: object) -> str:
            return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"

        return [
            " AND ".join(f"{k} = {literal(v)}" for k, v in zip(key, r, strict=True))
            for r in conn.execute(f"SELECT {', '.join(key)} FROM {table}")
        ]


def raw_sql_edits(
    conn: sqlite3.Connection, rng: random.Random, count: int
) -> Iterator[tuple[str, list[str]]]:
    """S1(d): random UPDATE, DELETE and INSERT on random rows of every table, bypassing the app."""
    tables = [
        str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != '_sqlite_migrations' ORDER BY name"
        )
    ]
    tables = [t for t in tables if conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]]
    made = 0
    while made < count:
        table = rng.choice(tables)
        columns = [str(c[1]) for c in conn.execute(f"PRAGMA table_info('{table}')")]
        row = rng.choice(_row_conditions(conn, table))
        verb = rng.choice(["UPDATE", "UPDATE", "DELETE", "INSERT"])
        if verb == "DELETE":
            statement = f"DELETE FROM {table} WHERE {row}"
        elif verb == "INSERT":
            picked = ", ".join(columns)
            statement = (
                f"INSERT INTO {table} ({picked}) SELECT {picked} FROM {table} WHERE {row}"
            )
        else:
            column = rng.choice(columns)
            value = conn.execute(f"SELECT {column} FROM {table} WHERE {row}").fetchone()[0]
            if isinstance(value, int):
                changed = f"{value + rng.choice([-1, 1, 7, 100])}"
            elif value is None:
                changed = "0"
            else:
                changed = "'" + (str(value) + rng.choice(["x", " ", "1"])).replace("'", "''") + "'"
            statement = f"UPDATE {table} SET {column} = {changed} WHERE {row}"
        made += 1
        yield f"{table}: {statement}", [statement]


def judge_statements(
    pristine: sqlite3.Connection, cases: Iterator[tuple[str, list[str]]], detect: Detector
) -> Tally:
    """Each case on a fresh copy of `pristine`; cases SQLite refuses are counted apart."""
    tally = Tally()
    for what, statements in cases:
        copy = sqlite3.connect(":memory:", isolation_level=None)
        pristine.backup(copy)
        try:
            for statement in statements:
                copy.execute(statement)
        except sqlite3.DatabaseError:
            tally.refused_by_sqlite += 1
            copy.close()
            continue
        if copy.total_changes == 0:  # an edit that changes nothing is not a tamper
            copy.close()
            continue
        store = as_store(copy)
        tally.record(detect(store), what)
        copy.close()
    return tally
