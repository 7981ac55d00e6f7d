"""Wrong PINs in a row, per name typed at sign-in: the rows behind lockout and back-off."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database


def add_failure(db: Database, name: str, at: datetime) -> int:
    """Note one wrong PIN for `name`; returns how many there now are in a row."""
    db.execute(
        "INSERT INTO sign_in_failure (name, at_utc) VALUES (?, ?)",
        [name, at.isoformat(timespec="microseconds")],
    )
    return failures_in_a_row(db, name)[0]


def failures_in_a_row(db: Database, name: str) -> tuple[int, datetime | None]:
    """How many wrong PINs for `name` since its last good one, and when the latest was."""
    count, latest = db.execute(
        "SELECT count(*), max(at_utc) FROM sign_in_failure WHERE name = ?", [name]
    ).fetchone()
    return int(count), (datetime.fromisoformat(latest) if latest else None)


def clear_failures(db: Database, name: str) -> None:
    """A good PIN: the count starts again (the audit log keeps every failure)."""
    db.execute("DELETE FROM sign_in_failure WHERE name = ?", [name])
