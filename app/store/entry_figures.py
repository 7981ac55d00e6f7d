"""An entry's boxes as one row: its figures and who typed those its operator did not, in canonical JSON."""

# Why: a saved entry used to write one entry_cell row per box (about twenty for a general election
# sheet), each running the append-only, declared-lock and digest triggers and re-read for the audit
# digests, and spreading over ~3 more pages of the write-ahead log per commit. One row per entry
# costs one of each. Entries saved before m009 keep their entry_cell rows as they are and are read
# from them: the digests recorded in their events cover those rows, and a migration writes no audit
# event, so moving them would make `countdesk verify` report every old file as changed.

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlite_utils import Database

from app.store.connection import DamagedFileError
from app.store.schema import migrations

TABLE = "entry_figures"
MAX_FIGURE = 9_999_999  # entry_cell's CHECK: the largest box a sheet can hold
_DECLARED = "EXISTS (SELECT 1 FROM contest_stage WHERE contest_id = NEW.contest_id AND stage = 'declared')"


@migrations(name="m009_entry_figures")
def m009_entry_figures(db: Database) -> None:
    """One row per saved entry holding all its boxes; append-only and locked once the contest is declared.
    Run again on a file that has the table (a copy whose version was set back), it changes nothing."""
    db.execute(
        f"""CREATE TABLE IF NOT EXISTS {TABLE} (
            entry_seq INTEGER PRIMARY KEY REFERENCES sheet_entry(seq),
            contest_id TEXT NOT NULL,
            figures TEXT NOT NULL CHECK (json_valid(figures) AND json_type(figures) = 'object'),
            typed_by TEXT NOT NULL CHECK (json_valid(typed_by) AND json_type(typed_by) = 'object')
        ) STRICT"""
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, 'CountDesk: {TABLE} rows are append-only'); END"
        )
    db.execute(
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_declared_insert BEFORE INSERT ON {TABLE} WHEN {_DECLARED} "
        "BEGIN SELECT RAISE(ABORT, 'CountDesk: this contest is declared and locked'); END"
    )


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))  # made once, not per entry


def canonical(mapping: Mapping[str, object]) -> str:
    """The one text of a mapping: keys sorted, no spaces (so equal entries store equal bytes)."""
    return _CANONICAL.encode(mapping)


def write_entry_figures(
    db: Database, entry_seq: int, contest_id: str, figures: Mapping[str, int], typed_by: Mapping[str, str],
    operator: str,
) -> None:
    """Store an entry's boxes; typed_by keeps only the boxes someone other than `operator` typed."""
    others = {cell: who for cell, who in typed_by.items() if cell in figures and who != operator}
    db.execute(
        f"INSERT INTO {TABLE} (entry_seq, contest_id, figures, typed_by) VALUES (?, ?, ?, ?)",
        [entry_seq, contest_id, canonical(figures), canonical(others)],
    )


def read_entry_figures(
    db: Database, entry_seq: int, operator: str
) -> tuple[dict[str, int], dict[str, str]] | None:
    """An entry's boxes in box order and who typed each; None for an entry saved before m009.
    Raises DamagedFileError when the stored row is not what write_entry_figures writes."""
    row = db.execute(f"SELECT figures, typed_by FROM {TABLE} WHERE entry_seq = ?", [entry_seq]).fetchone()
    if row is None:
        return None
    figures_text, typed_text = row
    stored = _object(figures_text, entry_seq)
    others = _object(typed_text, entry_seq)
    figures: dict[str, int] = {}
    for cell in sorted(stored):
        value = stored[cell]
        # bool is an int to Python, but true/false is not a figure anyone typed
        if type(value) is not int or not 0 <= value <= MAX_FIGURE:
            raise _damaged(entry_seq, f"box {cell} holds {value!r}, not a figure from 0 to {MAX_FIGURE:,}")
        figures[cell] = value
    for cell, who in others.items():
        if cell not in figures or not isinstance(who, str) or not who:
            raise _damaged(entry_seq, f"it names {who!r} as the typist of box {cell}")
    return figures, {cell: str(others.get(cell, operator)) for cell in figures}


def _object(text: object, entry_seq: int) -> dict[str, object]:
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise _damaged(entry_seq, "its boxes are not a JSON object")
    return value


def _damaged(entry_seq: int, what: str) -> DamagedFileError:
    return DamagedFileError(
        f"the count file's saved entry {entry_seq} is damaged ({what}); "
        "restore the latest backup."
    )
