"""The count file on real SQLite files: round trip, append-only rows, audit chain, refusals, locks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.package import read_package
from app.domain.result import compute_result
from app.store import (
    CountStore,
    DamagedFileError,
    FileInUseError,
    ForeignFileError,
    NewerFileError,
    StoreError,
)
from app.store.schema import APPEND_ONLY, APPLICATION_ID, SCHEMA_VERSION
from tests.store.examples import imported_store


@pytest.mark.parametrize("name", ["riverside", "abbey"])
def test_contests_round_trip_exactly(examples_dir: Path, tmp_path: Path, name: str) -> None:
    package = read_package((examples_dir / f"{name}.package.json").read_bytes())
    store = imported_store(examples_dir, name, tmp_path / "f.countdesk")
    store.close()
    reopened = CountStore.open(tmp_path / "f.countdesk")
    assert reopened.election() == package.election
    for contest in package.contests:
        assert reopened.contest(contest.id) == contest
        by_sql = reopened.sql_vote_totals(contest.id)
        raw = {c.candidate.id: c.votes - int(c.won_lot) for c in compute_result(contest).candidates}
        assert by_sql == raw
    reopened.close()


def test_pragmas_and_file_identity(examples_dir: Path, tmp_path: Path) -> None:
    store = imported_store(examples_dir, "riverside", tmp_path / "f.countdesk")
    store.close()
    conn = sqlite3.connect(tmp_path / "f.countdesk")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    strict = conn.execute("SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%STRICT'").fetchone()[0]
    assert strict >= 15
    conn.close()


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_append_only_tables_refuse_update_and_delete(
    examples_dir: Path, tmp_path: Path, table: str
) -> None:
    imported_store(examples_dir, "abbey", tmp_path / "f.countdesk").close()
    conn = sqlite3.connect(tmp_path / "f.countdesk")
    conn.execute(
        "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by) "
        "SELECT id, 'provisional', 1, '{}', 'test' FROM contest"
    )
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
    column = conn.execute(f"SELECT name FROM pragma_table_info('{table}') LIMIT 1").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"UPDATE {table} SET {column} = {column}")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"DELETE FROM {table}")
    conn.close()


def test_audit_chain_records_the_import_and_detects_edits(examples_dir: Path, tmp_path: Path) -> None:
    store = imported_store(examples_dir, "riverside", tmp_path / "f.countdesk")
    head, count = store.fingerprint()
    assert count == 2 and len(head) == 64
    assert store.verify_chain() == []
    store.close()
    conn = sqlite3.connect(tmp_path / "f.countdesk")
    conn.execute("DROP TRIGGER event_no_update")  # an attacker with raw SQL access
    conn.execute("UPDATE event SET after = replace(after, 'riverside', 'riversidf') WHERE seq = 1")
    conn.commit()
    conn.close()
    store = CountStore.open(tmp_path / "f.countdesk")
    problems = store.verify_chain()
    assert [p.seq for p in problems] == [1]
    assert "do not match its hash" in problems[0].what
    store.close()


def test_audit_chain_detects_a_deleted_event(examples_dir: Path, tmp_path: Path) -> None:
    imported_store(examples_dir, "riverside", tmp_path / "f.countdesk").close()
    conn = sqlite3.connect(tmp_path / "f.countdesk")
    conn.execute("DROP TRIGGER event_no_delete")
    conn.execute("DELETE FROM event WHERE seq = 1")
    conn.commit()
    conn.close()
    store = CountStore.open(tmp_path / "f.countdesk")
    assert store.verify_chain()
    store.close()


def test_second_instance_is_refused_clearly(examples_dir: Path, tmp_path: Path) -> None:
    store = imported_store(examples_dir, "riverside", tmp_path / "f.countdesk")
    with pytest.raises(FileInUseError, match="open in another CountDesk"):
        CountStore.open(tmp_path / "f.countdesk")
    store.close()
    CountStore.open(tmp_path / "f.countdesk").close()


def test_foreign_newer_and_damaged_files_are_refused(examples_dir: Path, tmp_path: Path) -> None:
    text = tmp_path / "text.countdesk"
    text.write_text("hello")
    with pytest.raises(ForeignFileError):
        CountStore.open(text)

    other = tmp_path / "other.countdesk"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ForeignFileError, match="not a CountDesk count file"):
        CountStore.open(other)

    newer = tmp_path / "newer.countdesk"
    imported_store(examples_dir, "riverside", newer).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(NewerFileError, match="newer CountDesk"):
        CountStore.open(newer)

    damaged = tmp_path / "damaged.countdesk"
    imported_store(examples_dir, "riverside", damaged).close()
    data = bytearray(damaged.read_bytes())
    for offset in range(4096 + 100, len(data), 4096):
        data[offset : offset + 64] = b"\xa5" * 64
    damaged.write_bytes(bytes(data))
    with pytest.raises((DamagedFileError, ForeignFileError)):
        CountStore.open(damaged)

    with pytest.raises(StoreError, match="does not exist"):
        CountStore.open(tmp_path / "missing.countdesk")


def test_a_declared_contest_refuses_every_write(examples_dir: Path, tmp_path: Path) -> None:
    imported_store(examples_dir, "riverside", tmp_path / "f.countdesk").close()
    conn = sqlite3.connect(tmp_path / "f.countdesk")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(
        "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by) "
        "VALUES ('parl.riverside.2029-05-03', 'declared', 3, '{}', 'RO')"
    )
    writes = [
        "INSERT INTO verification_count (contest_id, box_id, count, entered_by) "
        "VALUES ('parl.riverside.2029-05-03', 'B01', 1, 'x')",
        "UPDATE candidate SET surname = 'X'",
        "DELETE FROM ballot_box",
        "UPDATE contest SET seats = 2",
        "INSERT INTO lot (contest_id, tied, winner, method, witnesses) "
        "VALUES ('parl.riverside.2029-05-03', '[]', 'x', '', '[]')",
        "INSERT INTO sheet (contest_id, round_number, table_id, source, entered_by) "
        "VALUES ('parl.riverside.2029-05-03', 3, 'T1', 'entry', 'x')",
        "INSERT INTO sheet_rejected (sheet_seq, head, count) VALUES (1, 'extra', 1)",
        "INSERT INTO round (contest_id, number, kind) "
        "VALUES ('parl.riverside.2029-05-03', 4, 'full-recount')",
    ]
    for statement in writes:
        with pytest.raises(sqlite3.IntegrityError, match="declared and locked"):
            conn.execute(statement)
    conn.close()


def test_a_failed_import_leaves_no_rows(examples_dir: Path, tmp_path: Path) -> None:
    raw = (examples_dir / "riverside.package.json").read_bytes()
    package = read_package(raw)
    store = CountStore.create(tmp_path / "f.countdesk")
    twice = package.contests + package.contests  # the second copy violates the primary key
    with pytest.raises(sqlite3.IntegrityError):
        store.record_import(package.election, twice, "0" * 64, "x")
    assert store.contest_ids() == []
    assert store.fingerprint() == ("0" * 64, 0)
    store.close()


def test_every_registered_migration_is_applied_and_counted(tmp_path: Path) -> None:
    store = CountStore.create(tmp_path / "f.countdesk")
    applied = store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert len(applied) == SCHEMA_VERSION
    assert applied[0][0] == "m001_count_file"
    store.close()
