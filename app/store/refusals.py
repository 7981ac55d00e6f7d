"""Why a save was refused, in words: a full or failing disk, or a declared (locked) contest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store.connection import StoreError

LOCKED_MARK = "declared and locked"  # the text of every declared-contest trigger in the schema


class SaveFailedError(StoreError):
    """The disk refused the write; the whole action was rolled back and nothing of it is saved."""


class ContestLockedError(StoreError):
    """The store refused a write to a declared contest; nothing was changed."""


def _storage_cause(error: sqlite3.DatabaseError) -> str | None:
    name = str(getattr(error, "sqlite_errorname", ""))
    text = str(error).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "the disk is full (or the file may grow no further)"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "the disk reported a write error (it may be full, removed or failing)"
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return "the file or its folder cannot be written to"
    return None


def refusal_for(error: sqlite3.DatabaseError, path: Path) -> StoreError | None:
    """The clear error to raise instead of `error`, or None when it is not a refusal we know."""
    if isinstance(error, sqlite3.IntegrityError) and LOCKED_MARK in str(error):
        return ContestLockedError(
            "this contest has been declared and is locked, so nothing was changed; a misread figure "
            "can be corrected only by the Returning Officer, as a superseding declaration."
        )
    cause = _storage_cause(error)
    if cause is None:
        return None
    return SaveFailedError(
        f"{path.name} could not be saved: {cause}. Nothing of this action was saved; "
        "free some disk space or check the drive, then save it again."
    )
