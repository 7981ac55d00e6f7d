"""Verification rows: each counted figure of a box and each explanation, appended (never changed)."""

from __future__ import annotations

from sqlite_utils import Database


def add_box_count(db: Database, contest_id: str, box_id: str, count: int, entered_by: str) -> int:
    """Append one count of a box; returns how many counts the box now has."""
    db.execute(
        "INSERT INTO verification_count (contest_id, box_id, count, entered_by) VALUES (?, ?, ?, ?)",
        [contest_id, box_id, count, entered_by],
    )
    row = db.execute(
        "SELECT count(*) FROM verification_count WHERE contest_id = ? AND box_id = ?", [contest_id, box_id]
    ).fetchone()
    return int(row[0])


def add_box_explanation(
    db: Database, contest_id: str, box_id: str, explanation: str, entered_by: str
) -> None:
    """Append an explanation of a box's variance; the latest one stands."""
    db.execute(
        "INSERT INTO box_explanation (contest_id, box_id, explanation, entered_by) VALUES (?, ?, ?, ?)",
        [contest_id, box_id, explanation, entered_by],
    )
