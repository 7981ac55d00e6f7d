"""Opening and creating count files: pragmas of the storage protocol and the checks that refuse bad files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import fcntl
except ImportError:  # Windows, where SQLite locks per handle: closing another handle never frees them
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:  # imported by the functions that need it: a file is claimed before sqlite-utils loads (P4)
    from sqlite_utils import Database

# schema.py's APPLICATION_ID and SCHEMA_VERSION, known here without importing schema.py (and sqlite-utils
# with it), so that `countdesk FILE` can claim its file before the window's first paint;
# tests/store/test_file_claim.py pins them equal. A claimed file at any other version is opened the
# full way at once (refused if newer, migrated if older), so a stale copy costs time, never a check.
CLAIMED_APPLICATION_ID = 0x43444B31
CLAIMED_VERSION = 9


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


class Claim:
    """A count file taken by this process with plain sqlite3: locked, its pragmas set, ours (its
    application_id), at `version`. Nothing has been read from it; adopt_count_file() hands it to the store."""

    def __init__(self, path: Path, connection: sqlite3.Connection, version: int) -> None:
        self.path = path
        self.version = version
        self._connection: sqlite3.Connection | None = connection

    @property
    def current(self) -> bool:
        """Whether the file is at the version this CountDesk writes (else it is opened the full way)."""
        return self.version == CLAIMED_VERSION

    def close(self) -> None:
        """Let the file go (nothing, once adopted)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def take(self) -> sqlite3.Connection:
        """The connection, handed over once: the claim no longer closes it."""
        connection, self._connection = self._connection, None
        if connection is None:
            raise StoreError(f"{self.path} was closed before it was read; open it again.")
        return connection


def _schema_loaded() -> None:
    """schema.py with every feature's migration registered (idempotent)."""
    from app.store.schema import load_feature_migrations

    load_feature_migrations()


# Why a second lock: SQLite's exclusive locking mode rests on POSIX record locks, which the kernel
# drops for the whole process as soon as the process closes ANY descriptor of the file. Qt's file
# dialogs open the files of the folder they list (to tell their types), so one Ctrl+O in the count
# file's folder freed the file: a second CountDesk (or `countdesk verify`) could then open it, and on
# closing delete the write-ahead log the first window was still writing its saves into. A flock()
# belongs to its own open file description: closing other descriptors leaves it held, and every
# CountDesk takes it before SQLite touches the file.
_IN_USE = (
    "{path} is open in another CountDesk window or on another computer; close it there first "
    "(only one copy of CountDesk may write to a count file)."
)


class _LockedConnection(sqlite3.Connection):
    """A connection that holds its count file's writer lock until it is closed."""

    writer_lock: int | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            lock, self.writer_lock = self.writer_lock, None
            if lock is not None:
                os.close(lock)  # closing the descriptor is what lets the flock go


def _take_writer_lock(path: Path, create: bool) -> int | None:
    """A descriptor of the file holding an exclusive flock (None where flock is not available)."""
    if fcntl is None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (os.O_CREAT | os.O_EXCL if create else 0)
    try:
        lock = os.open(path, flags, 0o644)
    except FileExistsError:
        raise StoreError(f"{path} already exists; choose another name or move the old file away.") from None
    except OSError as error:
        raise StoreError(f"{path} cannot be opened ({error.strerror or error}).") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(lock)
        raise FileInUseError(_IN_USE.format(path=path)) from None
    except OSError:  # a file system without flock (rare): SQLite's own lock is all there is
        os.close(lock)
        return None
    return lock


def _connect(path: Path, *, create: bool = False) -> sqlite3.Connection:
    lock = _take_writer_lock(path, create)
    try:
        # isolation_level=None keeps sqlite3 from opening transactions behind our back;
        # db.atomic() issues BEGIN/COMMIT itself.
        conn = sqlite3.connect(str(path), timeout=0.0, isolation_level=None, factory=_LockedConnection)
    except BaseException:
        if lock is not None:
            os.close(lock)
        raise
    conn.writer_lock = lock
    return conn


def _database(conn: sqlite3.Connection) -> Database:
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def _apply_pragmas(db: Database | sqlite3.Connection, path: Path) -> None:
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
            raise FileInUseError(_IN_USE.format(path=path)) from None
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
    from app.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

    _schema_loaded()
    if path.exists():
        raise StoreError(f"{path} already exists; choose another name or move the old file away.")
    db = _database(_connect(path, create=True))
    _apply_pragmas(db, path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return db


def _refuse_unopenable(path: Path) -> None:
    if not path.exists():
        raise StoreError(f"{path} does not exist; check the name, or import an election package.")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a count file.")
    with path.open("rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise ForeignFileError(f"{path} is not a CountDesk count file; open a .countdesk file.")


def _version(db: Database | sqlite3.Connection, path: Path, application_id: int) -> int:
    """The file's user_version, once its application_id says it is a count file."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    if app_id != application_id:
        raise ForeignFileError(
            f"{path} is an SQLite file but not a CountDesk count file; open a .countdesk file."
        )
    return version


def claim_count_file(path: Path) -> Claim:
    """An existing count file taken for this process before anything is read from it: the same refusals
    and pragmas as open_count_file (not open elsewhere, ours), with the standard library's sqlite3 only.
    adopt_count_file() finishes the open; a file not at CLAIMED_VERSION is the caller's to open in full."""
    _refuse_unopenable(path)
    conn = _connect(path)
    _apply_pragmas(conn, path)
    try:
        version = _version(conn, path, CLAIMED_APPLICATION_ID)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        conn.close()
        raise DamagedFileError(f"{path} is damaged ({error}); restore the latest backup.") from None
    except StoreError:
        conn.close()
        raise
    return Claim(path, conn, version)


def adopt_count_file(claim: Claim) -> Database:
    """The claimed file as the store's Database, checked as open_count_file(check=False) checks it (its
    format again with the schema's own numbers, migrated if need be); refused, it is closed."""
    _schema_loaded()
    return _checked(_database(claim.take()), claim.path, check=False)


def open_count_file(path: Path, *, check: bool = True) -> Database:
    """An existing count file, checked: ours, not too new, not damaged, not open elsewhere.

    check=False leaves out PRAGMA quick_check (~0.2–0.5 s on a general election's file) for a caller
    that runs refuse_damaged_file() itself before reading anything it shows or writing anything (the
    window, which paints first). A file that needs migrating is checked here all the same, because
    migrating writes to it.
    """
    _schema_loaded()
    _refuse_unopenable(path)
    db = _database(_connect(path))
    _apply_pragmas(db, path)
    return _checked(db, path, check=check)


def _checked(db: Database, path: Path, *, check: bool) -> Database:
    from app.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

    try:
        version = _version(db, path, APPLICATION_ID)
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
