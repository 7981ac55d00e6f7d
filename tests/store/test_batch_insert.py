"""Many rows in one INSERT: the same rows, keys and order as one statement per row, and refused whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.store.batch_insert import ROWS_PER_STATEMENT, insert_rows

_TABLE = "(n INTEGER NOT NULL CHECK (n >= 0), word TEXT, part INTEGER)"


def _database(tmp_path: Path) -> Database:
    db = Database(sqlite3.connect(tmp_path / "rows.sqlite", isolation_level=None))
    db.execute(f"CREATE TABLE one_by_one {_TABLE}")
    db.execute(f"CREATE TABLE together {_TABLE}")
    return db


def _rows(db: Database, table: str) -> list[tuple[object, ...]]:
    return db.execute(f"SELECT rowid, n, word, part FROM {table} ORDER BY rowid").fetchall()


@pytest.mark.parametrize("count", [1, 7, ROWS_PER_STATEMENT, ROWS_PER_STATEMENT + 1, 250])
def test_the_rows_are_stored_as_one_statement_per_row_stores_them(tmp_path: Path, count: int) -> None:
    db = _database(tmp_path)
    rows = [(n, None if n % 3 == 0 else f"it's {n}", -n) for n in range(count)]
    db.conn.executemany("INSERT INTO one_by_one (n, word, part) VALUES (?, ?, ?)", rows)
    insert_rows(db, "together", ("n", "word", "part"), rows)
    assert _rows(db, "together") == _rows(db, "one_by_one")
    assert len(_rows(db, "together")) == count
    db.close()


def test_no_rows_is_no_statement(tmp_path: Path) -> None:
    db = _database(tmp_path)
    before = db.conn.total_changes
    insert_rows(db, "together", ("n", "word", "part"), [])
    assert db.conn.total_changes == before
    db.close()


def test_a_refused_row_refuses_its_whole_statement(tmp_path: Path) -> None:
    db = _database(tmp_path)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        insert_rows(db, "together", ("n", "word", "part"), [(1, "a", 1), (-1, "refused", 2), (3, "c", 3)])
    assert _rows(db, "together") == []
    db.close()
