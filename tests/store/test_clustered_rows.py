"""Boxes, votes and rejected heads kept in primary-key order: new files, old files migrated, nothing lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.domain.election import CountSheet, VoteFigure
from app.domain.package import read_package
from app.services.demo import demo_package
from app.store import CountStore
from app.store.audit import Actor
from app.store.clustered_rows import CLUSTERED, cluster
from app.store.clustered_rows import _without_rowid as _rebuilt
from app.store.connection import DamagedFileError
from app.store.recorder import record_sheet
from app.store.row_buckets import layouts
from app.store.schema import SCHEMA_VERSION

_ACTOR = Actor("Tom Evans", "operator")


def _without_rowid(conn: sqlite3.Connection, table: str) -> bool:
    sql = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [table]).fetchone()[0]
    return str(sql).rstrip().upper().endswith("WITHOUT ROWID")


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Every index and trigger on the clustered tables, and each table's columns and key."""
    found = [
        (str(t), str(n), " ".join(str(s).split()))
        for t, n, s in conn.execute(
            "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name IN (?, ?, ?) AND type != 'table' "
            "AND sql IS NOT NULL ORDER BY name",
            CLUSTERED,
        )
    ]
    for table in CLUSTERED:
        found.append(("columns", table, repr(conn.execute(f"PRAGMA table_info('{table}')").fetchall())))
        found.append(("keys", table, repr(conn.execute(f"PRAGMA foreign_key_list('{table}')").fetchall())))
    return found


def _rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall()) for table in CLUSTERED}


def _filled(path: Path) -> None:
    """The demo election with a sheet saved and an entry keyed, so that every clustered table has rows."""
    package = read_package(demo_package().read_bytes())
    store = CountStore.create(path)
    store.record_import(package.election, package.contests, "0" * 64, "demo")
    contest = next(c for c in package.contests if c.rounds and c.rounds[-1].sheets)
    sheet = contest.rounds[-1].sheets[0]
    votes = {candidate: VoteFigure(figure.total + 1, None, None) for candidate, figure in sheet.votes.items()}
    with store.action(_ACTOR, "save-sheet", f"contest {contest.id}") as db:
        record_sheet(
            db, contest.id, contest.rounds[-1].number, CountSheet(sheet.table, votes, sheet.rejected),
            source="entry", entered_by=_ACTOR.name,
        )
        seq = db.execute(
            "INSERT INTO sheet_entry (contest_id, round_number, table_id, entry_number, operator, state, "
            "confirmed, saved_by) VALUES (?, ?, ?, 1, ?, 'finished', 1, ?)",
            [contest.id, contest.rounds[-1].number, sheet.table, _ACTOR.name, _ACTOR.name],
        ).lastrowid
        db.conn.executemany(
            "INSERT INTO entry_cell (entry_seq, contest_id, cell, value, typed_by) VALUES (?, ?, ?, ?, ?)",
            [(seq, contest.id, f"votes:{candidate}", 7, _ACTOR.name) for candidate in sheet.votes],
        )
    store.close()


def _as_before_m008(path: Path) -> None:
    """Turn the file back into what CountDesk made before m008: the three tables with rowids."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for table in CLUSTERED:
        create = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [table]).fetchone()[0]
        dependents = [s for (s,) in conn.execute(
            "SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type != 'table' AND sql IS NOT NULL",
            [table],
        )]
        rowid = str(create).replace(f'CREATE TABLE "{table}"', f"CREATE TABLE {table}_old")
        rowid = rowid.replace(", WITHOUT ROWID", "")
        conn.execute(rowid)
        conn.execute(f"INSERT INTO {table}_old SELECT * FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}_old RENAME TO {table}")
        for statement in dependents:
            conn.execute(statement)
        assert not _without_rowid(conn, table)
    conn.execute("DROP TABLE entry_figures")  # m009's, empty here: _filled keys its entry the old way
    conn.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m008_clustered_rows', 'm009_entry_figures')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 2}")
    conn.execute("COMMIT")
    conn.close()


def test_a_new_file_stores_the_three_tables_without_rowid(tmp_path: Path) -> None:
    store = CountStore.create(tmp_path / "new.countdesk")
    try:
        assert all(_without_rowid(store.db.conn, table) for table in CLUSTERED)
        names = {name for _, name, _ in _schema(store.db.conn)}
        assert {"sheet_vote_declared", "sheet_rejected_declared", "entry_cell_declared_insert",
                "entry_cell_no_update", "sheet_vote_no_delete"} <= names
        index = store.db.execute("PRAGMA index_info('sheet_vote_by_contest')").fetchall()
        assert [str(column[2]) for column in index] == ["contest_id", "candidate_id"]
        # the readers of votes by contest search it: a contest's digests, the foreign-key check of a
        # candidate deleted in setup
        votes = next(layout for layout in layouts(store.db) if layout.name == "sheet_vote")
        one_candidate = "SELECT 1 FROM sheet_vote WHERE contest_id = ? AND candidate_id = ?"
        for sql, values in ((votes.scope_rows_sql(True), ["c"]), (one_candidate, ["c", "x"])):
            plan = str(store.db.execute(f"EXPLAIN QUERY PLAN {sql}", values).fetchall())
            assert "sheet_vote_by_contest" in plan and "SCAN" not in plan, plan
    finally:
        store.close()


def test_an_old_file_is_migrated_when_opened_with_every_row_trigger_and_digest_kept(tmp_path: Path) -> None:
    fresh, old = tmp_path / "fresh.countdesk", tmp_path / "old.countdesk"
    _filled(fresh)
    with sqlite3.connect(fresh) as conn:
        rows, schema = _rows(conn), _schema(conn)
    conn.close()
    old.write_bytes(fresh.read_bytes())
    _as_before_m008(old)
    with sqlite3.connect(old) as conn:
        assert _rows(conn) == rows and all(not _without_rowid(conn, t) for t in CLUSTERED)
    conn.close()
    with closing(CountStore.open(old)) as store:
        conn = store.db.conn
        assert all(_without_rowid(conn, table) for table in CLUSTERED)
        assert _rows(conn) == rows and all(rows[table] for table in CLUSTERED)
        assert _schema(conn) == schema  # the same indexes, triggers, columns and foreign keys
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.verify_chain() == [] and store.audit.state.check() == []
        assert store.integrity_check() == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE sheet_vote SET total = total + 1")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM entry_cell")
        assert cluster(store.db, "sheet_vote") is False  # already clustered: left alone


def test_the_digests_still_catch_a_raw_edit_of_a_clustered_table(tmp_path: Path) -> None:
    path = tmp_path / "f.countdesk"
    _filled(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER sheet_rejected_no_update")
        conn.execute("UPDATE sheet_rejected SET count = count + 1 WHERE (sheet_seq, head) = "
                     "(SELECT sheet_seq, head FROM sheet_rejected ORDER BY sheet_seq DESC LIMIT 1)")
    conn.close()
    with closing(CountStore.open(path)) as store:
        assert [p.scope.startswith("contest:") for p in store.audit.state.check()] == [True]


def test_a_declared_contest_still_refuses_new_votes_and_heads(tmp_path: Path) -> None:
    path = tmp_path / "f.countdesk"
    _filled(path)
    with closing(CountStore.open(path)) as store:
        conn = store.db.conn
        contest_id, seq = conn.execute("SELECT contest_id, max(seq) FROM sheet").fetchone()
        conn.execute(
            "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by) "
            "VALUES (?, 'declared', 1, '{}', 'Helen Marsh')",
            [contest_id],
        )
        with pytest.raises(sqlite3.DatabaseError, match="declared and locked"):
            conn.execute("INSERT INTO sheet_rejected (sheet_seq, head, count) VALUES (?, 'zz', 1)", [seq])
        with pytest.raises(sqlite3.DatabaseError, match="declared and locked"):
            conn.execute("INSERT INTO sheet_vote (sheet_seq, contest_id, candidate_id, total) "
                         "SELECT sheet_seq, contest_id, candidate_id || 'z', 1 FROM sheet_vote LIMIT 1")


def test_a_candidate_with_votes_still_cannot_be_deleted(tmp_path: Path) -> None:
    path = tmp_path / "f.countdesk"
    _filled(path)
    with closing(CountStore.open(path)) as store:
        conn = store.db.conn
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        contest_id, candidate_id = conn.execute(
            "SELECT contest_id, candidate_id FROM sheet_vote LIMIT 1"
        ).fetchone()
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            conn.execute("DELETE FROM candidate WHERE contest_id = ? AND id = ?", [contest_id, candidate_id])


def test_the_rebuilt_statement_keeps_the_table_as_written_and_refuses_one_it_does_not_know() -> None:
    strict = 'CREATE TABLE "t" (a INTEGER, b TEXT, PRIMARY KEY (a, b)) STRICT'
    assert _rebuilt(strict, "t", "t_new") == (
        "CREATE TABLE t_new (a INTEGER, b TEXT, PRIMARY KEY (a, b)) STRICT, WITHOUT ROWID"
    )
    plain = "CREATE TABLE t (a INTEGER PRIMARY KEY, b)"
    assert _rebuilt(plain, "t", "t_new") == "CREATE TABLE t_new (a INTEGER PRIMARY KEY, b) WITHOUT ROWID"
    with pytest.raises(DamagedFileError, match="restore the latest backup"):
        _rebuilt("CREATE TABLE other (a INTEGER PRIMARY KEY)", "t", "t_new")
