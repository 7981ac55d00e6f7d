"""Read-only checks of an open count file for `countdesk verify` and for backups."""

from __future__ import annotations

import sqlite3

from app.store.count_store import CountStore
from app.store.state_digest import StateProblem

_MAX_LINES = 20  # enough to say where the damage is without burying the report


def integrity_lines(store: CountStore, *, quick: bool = False) -> list[str]:
    """SQLite's own check of every page and index: [] when the file is sound, else its findings."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = store.db.execute(f"PRAGMA {pragma}({_MAX_LINES})").fetchall()
    except sqlite3.DatabaseError as error:
        return [f"SQLite cannot check the file: {error}"]
    lines = [str(row[0]) for row in rows]
    return [] if lines == ["ok"] else lines


def state_problems(store: CountStore) -> list[StateProblem]:
    """Every contest (or the election's set-up) whose rows differ from their audited digest."""
    return store.audit.state.check()
