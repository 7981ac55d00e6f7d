"""Verified backups: SQLite's backup API to a temporary name, re-opened and checked, then renamed."""

# design.md §6 and reliability.md §4.3: never a half-written file under a backup's name. The copy
# is made under ".<name>.partial" in the destination folder, synced, re-opened read-only and
# checked (integrity, application id, format, audit chain, audited rows, the same chain head and
# event count as the live file), and only then renamed; older generations are removed last.

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from app.store.audit import AuditLog
from app.store.connection import StoreError
from app.store.count_store import CountStore
from app.store.schema import APPLICATION_ID, SCHEMA_VERSION
from app.store.state_digest import StateDigests

SUFFIX = ".countdesk"
PARTIAL = ".partial"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<date>\d{8})-(?P<time>\d{6})-(?P<events>\d+)(?:-(?P<n>\d+))?\.countdesk$"
)
PAGES_PER_STEP = 1024  # 4 MiB a step: progress for a large file, few steps for a small one

Progress = Callable[[int, int, int], object]  # sqlite3's (status, remaining, total)


class BackupError(StoreError):
    """A backup could not be made or does not check out; the message says what to do."""


@dataclass(frozen=True)
class BackupInfo:
    """A backup generation that checked out: where, what it holds, and the file's SHA-256."""

    path: Path
    events: int
    head: str
    sha256: str

    @property
    def taken(self) -> datetime | None:
        """Local time the backup was taken, from its name."""
        match = _NAME.match(self.path.name)
        if match is None:
            return None
        return datetime.strptime(match["date"] + match["time"], "%Y%m%d%H%M%S")


def _sync_file(path: Path) -> None:
    with path.open("r+b") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); Windows cannot open a folder and does not need it."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_name(stem: str, taken: datetime, events: int, folder: Path) -> Path:
    """name-YYYYmmdd-HHMMSS-<events>.countdesk, numbered -2, -3 … if one already has that name."""
    base = f"{stem}-{taken:%Y%m%d-%H%M%S}-{events}"
    path = folder / f"{base}{SUFFIX}"
    number = 2
    while path.exists() or (folder / f".{path.name}{PARTIAL}").exists():
        path = folder / f"{base}-{number}{SUFFIX}"
        number += 1
    return path


def generations(folder: Path, stem: str) -> list[Path]:
    """The backups of `stem` in `folder`, newest first (by the time and event count in the name)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and match["stem"] == stem and path.is_file():
            key = (match["date"], match["time"], int(match["events"]), int(match["n"] or 1))
            found.append((key, path))
    return [path for _, path in sorted(found, reverse=True)]


def events_in_name(path: Path) -> int | None:
    """The event count a generation's name records (None for a name that is not a backup's)."""
    match = _NAME.match(path.name)
    return int(match["events"]) if match else None


def check_backup(path: Path, expect: tuple[str, int] | None = None, *, thorough: bool = True) -> list[str]:
    """Why this file is not a good backup ([] when it is): opened read-only, nothing written.

    `thorough` also compares every stored row with its audit digest (what restoring relies
    on); a copy just made from the live file needs only SQLite's check, the chain and the
    same head and count as the live file, because the backup API copies pages as they are.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        return [f"it cannot be read ({error.strerror or error})"]
    if header != b"SQLite format 3\x00":
        return ["it is not an SQLite file (damaged, cut short or not a backup)"]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [f"it cannot be opened ({error})"]
    try:
        return _check_open(Database(conn), expect, thorough)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        return [f"it is damaged ({error})"]
    finally:
        conn.close()


def _check_open(db: Database, expect: tuple[str, int] | None, thorough: bool) -> list[str]:
    if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return ["it is not a CountDesk count file"]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return [f"it was written by a newer CountDesk (file format {version})"]
    lines = [str(r[0]) for r in db.execute("PRAGMA integrity_check(5)").fetchall()]
    if lines != ["ok"]:
        return [f"SQLite finds it damaged: {'; '.join(lines)}"]
    audit = AuditLog(db)
    problems = [f"audit event {p.seq}: {p.what}" for p in audit.verify()]
    if thorough:
        problems += [f"{p.where}: {p.what}" for p in StateDigests(db).check()]
    if expect is not None:
        head, count = audit.head()
        if (head, count) != expect:
            problems.append(
                f"it holds {count} events (head {head[:16]}), the count file {expect[1]} "
                f"(head {expect[0][:16]})"
            )
    return problems


def read_backup(path: Path) -> BackupInfo:
    """A backup's contents, checked; raises BackupError saying why it cannot be used."""
    problems = check_backup(path)
    if problems:
        raise BackupError(f"{path} is not a usable backup: {problems[0]}; choose another backup.")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        head, count = AuditLog(Database(conn)).head()
    finally:
        conn.close()
    return BackupInfo(path=path, events=count, head=head, sha256=file_sha256(path))


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def write_backup(
    store: CountStore,
    folder: Path,
    *,
    taken: datetime,
    keep: int,
    progress: Progress | None = None,
    pages_per_step: int = PAGES_PER_STEP,
) -> BackupInfo:
    """One verified generation of the open count file in `folder`; keeps the `keep` newest."""
    if keep < 1:
        raise ValueError("keep at least one backup generation")
    if not folder.is_dir():
        raise BackupError(
            f"the backup folder {folder} does not exist or is not a folder; create it, or plug the "
            "backup drive in again, and back up again."
        )
    if store.db.conn.in_transaction:
        raise BackupError("a save is in progress; back up again once it has finished.")
    head, events = store.fingerprint()
    final = backup_name(store.path.stem, taken, events, folder)
    partial = folder / f".{final.name}{PARTIAL}"
    try:
        _copy(store, partial, progress, pages_per_step)
        problems = check_backup(partial, expect=(head, events), thorough=False)
        if problems:
            raise BackupError(
                f"the backup written to {folder} did not check out ({problems[0]}); it was removed. "
                "Check the drive and back up again."
            )
        os.replace(partial, final)
        _sync_folder(folder)
    except OSError as error:
        _remove(partial)
        raise BackupError(
            f"the backup to {folder} failed ({error.strerror or error}); check that the drive is "
            "plugged in and has space, then back up again."
        ) from None
    except BaseException:
        _remove(partial)
        raise
    prune(folder, store.path.stem, keep, protect=final)
    return BackupInfo(path=final, events=events, head=head, sha256=file_sha256(final))


def _copy(store: CountStore, partial: Path, progress: Progress | None, pages_per_step: int) -> None:
    # Partials left by interrupted backups of this file are never reused: remove them all.
    for stale in partial.parent.glob(f".{store.path.stem}-*{SUFFIX}{PARTIAL}"):
        _remove(stale)
    _remove(partial)
    target = sqlite3.connect(str(partial), isolation_level=None)
    try:
        store.db.conn.backup(target, pages=pages_per_step, progress=progress)
        # A backup is one self-contained file: no write-ahead log to carry beside it.
        target.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as error:
        raise OSError(str(error)) from error
    finally:
        target.close()
    _sync_file(partial)


def prune(folder: Path, stem: str, keep: int, *, protect: Path) -> list[Path]:
    """Remove all but the `keep` newest generations (never `protect`); returns what was removed."""
    removed = []
    for old in generations(folder, stem)[keep:]:
        if old != protect:
            with contextlib.suppress(OSError):
                old.unlink()
                removed.append(old)
    return removed


def place_copy(backup: Path, target: Path) -> BackupInfo:
    """Copy a checked backup to `target` (which must not exist), synced; the caller opens it."""
    info = read_backup(backup)
    if target.exists():
        raise BackupError(f"{target} already exists; restore to a new name (never over a count file).")
    partial = target.with_name(f".{target.name}{PARTIAL}")
    try:
        _remove(partial)
        shutil.copyfile(backup, partial)
        _sync_file(partial)
        if file_sha256(partial) != info.sha256:
            raise BackupError(f"the copy of {backup.name} differs from the backup; check the drive.")
        os.replace(partial, target)
        _sync_folder(target.parent)
    except OSError as error:
        _remove(partial)
        raise BackupError(
            f"{backup.name} could not be copied to {target.parent} ({error.strerror or error}); "
            "check the folder and the space on the drive."
        ) from None
    except BaseException:
        _remove(partial)
        raise
    return info
