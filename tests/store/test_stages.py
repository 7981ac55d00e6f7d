"""The stage rows' guards in the schema itself: the declared lock, superseding only, suspensions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.package import read_package
from app.domain.result import compute_result
from app.store import CountStore
from tests.domain.test_package_stages import package_with_stages

RIVERSIDE = "parl.riverside.2029-05-03"
SNAPSHOT = "{}"


@pytest.fixture
def conn(examples_dir: Path, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    raw = (examples_dir / "riverside.package.json").read_bytes()
    package = read_package(raw)
    store = CountStore.create(tmp_path / "f.countdesk")
    store.record_import(package.election, package.contests, "0" * 64, "riverside")
    store.close()
    connection = sqlite3.connect(tmp_path / "f.countdesk", isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def stage(conn: sqlite3.Connection, kind: str, supersedes: int | None = None, reason: str = "") -> int:
    cursor = conn.execute(
        "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by, "
        "supersedes, reason) VALUES (?, ?, 3, ?, 'RO', ?, ?)",
        [RIVERSIDE, kind, SNAPSHOT, supersedes, reason],
    )
    return int(cursor.lastrowid or 0)


def correction(conn: sqlite3.Connection, declaration: int) -> None:
    conn.execute(
        "INSERT INTO figure_correction (contest_id, declaration_seq, round_number, table_id, field, "
        "key, old_value, new_value) VALUES (?, ?, 3, 'T1', 'votes', 'margaret-pryce', 1, 2)",
        [RIVERSIDE, declaration],
    )


def suspension(conn: sqlite3.Connection, action: str) -> None:
    conn.execute(
        "INSERT INTO suspension (contest_id, action, reason, seals, recorded_by) "
        "VALUES (?, ?, 'night', '[\"S1\"]', 'RO')",
        [RIVERSIDE, action],
    )


def test_after_a_declaration_only_a_superseding_declaration_with_a_reason_may_follow(
    conn: sqlite3.Connection,
) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="only a declaration can be superseded"):
        stage(conn, "declared", supersedes=1, reason="x")
    first = stage(conn, "declared")
    for kind, supersedes, reason in (
        ("provisional", None, ""),
        ("declared", None, "a second declaration out of nowhere"),
        ("declared", first, ""),  # no reason
    ):
        with pytest.raises(sqlite3.IntegrityError, match="declared and locked"):
            stage(conn, kind, supersedes, reason)
    second = stage(conn, "declared", first, "misread")
    with pytest.raises(sqlite3.IntegrityError, match="declared and locked"):
        stage(conn, "declared", first, "naming the replaced one again")
    stage(conn, "declared", second, "misread again")


def test_a_correction_belongs_to_the_newest_superseding_declaration(conn: sqlite3.Connection) -> None:
    provisional = stage(conn, "provisional")
    with pytest.raises(sqlite3.IntegrityError, match="superseding declaration"):
        correction(conn, provisional)
    first = stage(conn, "declared")
    with pytest.raises(sqlite3.IntegrityError, match="superseding declaration"):
        correction(conn, first)
    second = stage(conn, "declared", first, "misread")
    correction(conn, second)
    third = stage(conn, "declared", second, "misread again")
    with pytest.raises(sqlite3.IntegrityError, match="superseding declaration"):
        correction(conn, second)
    correction(conn, third)
    for verb in ("UPDATE figure_correction SET new_value = 3", "DELETE FROM figure_correction"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(verb)


def test_a_suspended_count_takes_no_figures_until_resumed(conn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="suspended only when running"):
        suspension(conn, "resume")
    conn.execute(
        "INSERT INTO recount_request (contest_id, after_round, kind, decision, reason) "
        f"VALUES ('{RIVERSIDE}', 3, 'bundle-check', 'pending', '')"
    )
    suspension(conn, "suspend")
    with pytest.raises(sqlite3.IntegrityError, match="suspended only when running"):
        suspension(conn, "suspend")
    writes = [
        "INSERT INTO verification_count (contest_id, box_id, count, entered_by) "
        f"VALUES ('{RIVERSIDE}', 'B01', 1, 'x')",
        "INSERT INTO sheet (contest_id, round_number, table_id, source, entered_by) "
        f"VALUES ('{RIVERSIDE}', 3, 'T1', 'entry', 'x')",
        f"INSERT INTO round (contest_id, number, kind) VALUES ('{RIVERSIDE}', 4, 'full-recount')",
        "INSERT INTO lot (contest_id, tied, winner, method, witnesses) "
        f"VALUES ('{RIVERSIDE}', '[]', 'x', '', '[]')",
        "UPDATE recount_request SET decision = 'granted' WHERE decision = 'pending'",
        "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by) "
        f"VALUES ('{RIVERSIDE}', 'provisional', 3, '{{}}', 'RO')",
    ]
    for statement in writes:
        with pytest.raises(sqlite3.IntegrityError, match="suspended; resume it first"):
            conn.execute(statement)
    suspension(conn, "resume")
    conn.execute(writes[0])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM suspension")


def test_a_declared_contest_cannot_be_suspended(conn: sqlite3.Connection) -> None:
    stage(conn, "declared")
    with pytest.raises(sqlite3.IntegrityError, match="declared and locked"):
        suspension(conn, "suspend")


def test_a_decided_request_stays_decided(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO recount_request (contest_id, after_round, kind, decision, reason, grounds) "
        f"VALUES ('{RIVERSIDE}', 3, 'bundle-check', 'pending', '', 'close')"
    )
    conn.execute("UPDATE recount_request SET decision = 'refused', reason = 'no' WHERE decision = 'pending'")
    with pytest.raises(sqlite3.IntegrityError, match="decided recount request cannot change"):
        conn.execute("UPDATE recount_request SET decision = 'granted' WHERE grounds = 'close'")


def test_an_imported_night_reads_back_the_same_and_is_locked(examples_dir: Path, tmp_path: Path) -> None:
    package, contest = package_with_stages(examples_dir)
    raw = json.dumps(package, ensure_ascii=False).encode()
    imported = read_package(raw)
    store = CountStore.create(tmp_path / "night.countdesk")
    store.record_import(imported.election, imported.contests, "0" * 64, "night")
    store.close()
    reopened = CountStore.open(tmp_path / "night.countdesk")
    assert reopened.contest(RIVERSIDE) == contest == imported.contests[0]
    by_rules = compute_result(contest).figures.votes
    assert reopened.sql_vote_totals(RIVERSIDE) == dict(by_rules)  # corrections counted by SQL too
    reopened.close()
    conn = sqlite3.connect(tmp_path / "night.countdesk")
    with pytest.raises(sqlite3.IntegrityError, match="declared and locked"):
        conn.execute(
            "INSERT INTO verification_count (contest_id, box_id, count, entered_by) "
            f"VALUES ('{RIVERSIDE}', 'B01', 1, 'x')"
        )
    conn.close()
