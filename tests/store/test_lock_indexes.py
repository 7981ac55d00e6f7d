"""The declared-contest and suspension guards search an index, in new files and in old ones opened again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import CountStore
from app.store.schema import SCHEMA_VERSION

_GUARD = "SELECT 1 FROM contest_stage WHERE contest_id = ? AND stage = 'declared'"
_SUSPENDED = "SELECT action FROM suspension WHERE contest_id = ? ORDER BY seq DESC LIMIT 1"


def _plans(db: sqlite3.Connection) -> str:
    return " | ".join(
        str(row[3]) for sql in (_GUARD, _SUSPENDED) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", ["c"])
    )


def test_a_new_file_searches_the_guards_indexes(tmp_path: Path) -> None:
    store = CountStore.create(tmp_path / "new.countdesk")
    plans = _plans(store.db.conn)
    store.close()
    assert "contest_stage_by_contest" in plans and "suspension_by_contest" in plans
    assert "SCAN" not in plans


def test_a_file_made_before_the_indexes_gets_them_when_opened_and_still_verifies(tmp_path: Path) -> None:
    path = tmp_path / "old.countdesk"
    CountStore.create(path).close()
    with sqlite3.connect(path) as old:  # the file as the version before m007 left it
        old.execute("DROP INDEX contest_stage_by_contest")
        old.execute("DROP INDEX suspension_by_contest")
        old.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_lock_indexes'")
        old.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        assert "SCAN contest_stage" in _plans(old)
    old.close()
    store = CountStore.open(path)
    try:
        assert "SCAN" not in _plans(store.db.conn)
        assert store.verify_chain() == [] and store.audit.state.check() == []
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        store.close()
