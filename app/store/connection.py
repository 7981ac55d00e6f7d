"""Opening and creating count files: pragmas of the storage protocol and the checks that refuse bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from app.store.schema import APPLICATION_ID, SCHEMA_VERSION, load_feature_migrations, migrations

load_feature_migrations()


class StoreError(Exception):
    """A count file that cannot be used; the message says what to do."""


class ForeignFileError(StoreError):
    pass


class NewerFileError(StoreError):
    pass


class DamagedFileError(StoreError):
    pass


class FileInUseError(StoreError):
    pass


def _connect(path: Path) -> Database:
    # isolation_level=None keeps sqlite3 from opening transactions behind our back;
    # db.atomic() issues BEGIN/COMMIT itself.
    conn = sqlite3.connect(str(path), timeout=0.0, isolation_level=None)
    db = Database(conn, execute_plugins=False)
    return db


def _apply_pragmas(db: Database, path: Path) -> None:
    try:
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        # Take the exclusive lock now, so a second instance is refused at open, not at first save.
        db.execute("BEGIN IMMEDIATE")
        db.execute("COMMIT")
    except sqlite3.OperationalError as error:
        db.close()
        if "locked" in str(error) or "busy" in str(error):
            raise FileInUseError(
                f"{path} is open in another CountDesk window or on another computer; "
                "close it there first (only one copy of CountDesk may write to a count file)."
            ) from None
        raise DamagedFileError(
            f"{path} cannot be opened ({error}); restore the latest backup."
        ) from None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        # Damaged schema text reaches Python as bytes that are not UTF-8.
        db.close()
        raise DamagedFileError(
            f"{path} is not a readable count file ({error}); restore the latest backup."
        ) from None
    if str(mode).lower() != "wal":
        db.close()
        raise DamagedFileError(f"{path} could not be switched to write-ahead logging ({mode}).")


def create_count_file(path: Path) -> Database:
    """A new, empty count file at the current schema. Refuses to overwrite an existing file."""
    if path.exists():
        raise StoreError(f"{path} already exists; choose another name or move the old file away.")
    db = _connect(path)
    _apply_pragmas(db, path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return db


def open_count_file(path: Path, *, check: bool = True) -> Database:
    """An existing count file, checked: ours, not too new, not damaged, not open elsewhere.

    check=False leaves out PRAGMA quick_check (~0.2–0.5 s on a general election's file) for a caller
    that runs refuse_damaged_file() itself before reading anything it shows or writing anything (the
    window, which paints first). A file that needs migrating is checked here all the same, because
    migrating writes to it.
    """
    if not path.exists():
        raise StoreError(f"{path} does not exist; check the name, or import an election package.")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a count file.")
    with path.open("rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise ForeignFileError(f"{path} is not a CountDesk count file.")
    db = _connect(path)
    _apply_pragmas(db, path)
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise ForeignFileError(
                f"{path} is an SQLite file but not a CountDesk count file; open a .countdesk file."
            )
        if version > SCHEMA_VERSION:
            raise NewerFileError(
                f"{path} was written by a newer CountDesk (file format {version}, this version "
                f"reads up to {SCHEMA_VERSION}); open it with the newer CountDesk."
            )
        migrating = version < SCHEMA_VERSION or migrations.pending(db)
        if check or migrating:
            refuse_damaged_file(db, path)
        if migrating:
            migrations.apply(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        db.close()
        raise DamagedFileError(f"{path} is damaged ({error}); restore the latest backup.") from None
    except StoreError:
        db.close()
        raise
    return db


def refuse_damaged_file(db: Database, path: Path) -> None:
    """Raise DamagedFileError unless SQLite's quick_check of the whole file says "ok"."""
    try:
        check = db.execute("PRAGMA quick_check").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        raise DamagedFileError(f"{path} is damaged ({error}); restore the latest backup.") from None
    if check != "ok":
        raise DamagedFileError(f"{path} is damaged ({check}); restore the latest backup.")
