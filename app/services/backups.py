"""Backups as the count sees them: on request, automatically, at milestones; restoring to a new file."""

# Every attempt is logged in the live file's audit log, successful or not (VVSG 15.1-D). A failed
# automatic backup never makes a save look failed: the save was committed before it was tried.

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.documents import Fingerprint
from app.services.errors import BadInput, CheckFailed
from app.services.output_names import leftover_journal
from app.services.session import require
from app.store import CountStore, DamagedFileError, ForeignFileError, NewerFileError, StoreError
from app.store.audit import SYSTEM, Actor
from app.store.backup import (
    BackupError,
    BackupInfo,
    Progress,
    events_in_name,
    generations,
    place_copy,
    read_backup,
)
from app.store.backup import write_backup as _write_backup

if TYPE_CHECKING:  # count_file.py imports this module for the refusal message
    from app.services.count_file import CountFile

BACKUP_FOLDER_ENV = "COUNTDESK_BACKUP_DIR"
EVERY_SAVES = 25
EVERY_MINUTES = 10.0
KEEP = 10


class BackupFailed(CheckFailed):
    """A backup was not made (or did not check out); nothing else was affected."""


def default_backup_folder() -> Path:
    """$COUNTDESK_BACKUP_DIR, else a folder in the user's data folder (not beside the count file)."""
    configured = os.environ.get(BACKUP_FOLDER_ENV)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "CountDesk" / "backups"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "countdesk" / "backups"


@dataclass(frozen=True)
class BackupSettings:
    """Where automatic backups go and how often: every `every_saves` events or `every_minutes`."""

    folder: Path
    every_saves: int = EVERY_SAVES
    every_minutes: float = EVERY_MINUTES
    keep: int = KEEP

    @classmethod
    def default(cls) -> BackupSettings:
        return cls(default_backup_folder())


@dataclass(frozen=True)
class BackupOutcome:
    """What an automatic backup did: the generation written, or why it failed (already logged)."""

    info: BackupInfo | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.info is not None


def _local_now() -> datetime:
    return datetime.now().astimezone()


def fingerprint_of(info: BackupInfo) -> Fingerprint:
    return Fingerprint(chain_head=info.head, event_count=info.events)


def backup_now(
    count_file: CountFile,
    folder: Path,
    *,
    reason: str,
    actor: Actor = SYSTEM,
    keep: int = KEEP,
    now: Callable[[], datetime] = _local_now,
    progress: Progress | None = None,
    create_folder: bool = False,
) -> BackupInfo:
    """Write one verified generation to `folder` and log it; raises BackupFailed saying why not.

    Only the configured automatic folder is created when missing: a missing drive folder must
    not turn into a "backup" on the laptop's own disk.
    """
    store = count_file.store
    if not folder.exists() and not create_folder:
        _log_failure(store, actor, folder, reason, "the folder does not exist")
        raise BadInput(
            f"the backup folder {folder} does not exist; plug the backup drive in (or create the "
            "folder), then back up again."
        )
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            _log_failure(store, actor, folder, reason, f"the folder cannot be made ({error.strerror})")
            raise BackupFailed(
                f"the backup folder {folder} cannot be made ({error.strerror}); choose another."
            ) from None
    try:
        info = _write_backup(store, folder, taken=now(), keep=keep, progress=progress)
    except BackupError as error:
        _log_failure(store, actor, folder, reason, str(error))
        raise BackupFailed(str(error)) from None
    with store.action(
        actor,
        "backup",
        f"backup {info.path.name}",
        after={
            "folder": str(folder),
            "events": info.events,
            "head": info.head,
            "sha256": info.sha256,
            "reason": reason,
        },
    ):
        pass
    return info


def _log_failure(store: CountStore, actor: Actor, folder: Path, reason: str, why: str) -> None:
    try:
        with store.action(
            actor, "backup-failed", f"folder {folder}", after={"reason": reason, "why": why}
        ):
            pass
    except StoreError:
        pass  # the disk that refused the backup may refuse the log too; the caller is told anyway


def backup_on_request(
    count_file: CountFile, folder: Path, *, keep: int = KEEP, progress: Progress | None = None
) -> BackupInfo:
    """"Back up now" from the window: the signed-in person's role is checked and named. `progress`
    is called between steps of the copy; an exception it raises stops the backup (nothing kept)."""
    actor = require(count_file.session, "backup", None, f"folder {folder}")
    return backup_now(count_file, folder, reason="on request", actor=actor, keep=keep, progress=progress)


def backup_after(
    count_file: CountFile, reason: str, settings: BackupSettings | None = None
) -> BackupOutcome:
    """A backup after a milestone (call it with "provisional result" or "declaration").

    Never raises for a failed backup: the milestone is already saved; the outcome says what
    happened and the failure is in the audit log, so the caller can show it.
    """
    settings = settings or BackupSettings.default()
    try:
        made = backup_now(
            count_file, settings.folder, reason=reason, keep=settings.keep, create_folder=True
        )
        return BackupOutcome(made)
    except BackupFailed as error:
        return BackupOutcome(None, str(error))


class BackupPolicy:
    """Automatic backups: the window and services call after_action() after every saved action."""

    def __init__(
        self,
        count_file: CountFile,
        settings: BackupSettings | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._count_file = count_file
        self.settings = settings or BackupSettings.default()
        self._monotonic = monotonic
        self._last_time = monotonic()
        latest = generations(self.settings.folder, count_file.path.stem)
        self._last_events = (events_in_name(latest[0]) or 0) if latest else 0

    def due(self) -> bool:
        events = self._count_file.fingerprint().event_count
        if events <= self._last_events:
            return False
        if events - self._last_events >= self.settings.every_saves:
            return True
        return self._monotonic() - self._last_time >= self.settings.every_minutes * 60

    def after_action(self) -> BackupOutcome | None:
        """A backup when one is due (None when not); never raises for a failed backup."""
        if not self.due():
            return None
        outcome = backup_after(self._count_file, "automatic", self.settings)
        # Whether it worked or not, wait a full interval before trying again.
        self._last_time = self._monotonic()
        self._last_events = self._count_file.fingerprint().event_count
        return outcome


def latest_good_backup(path: Path, folder: Path | None = None) -> BackupInfo | None:
    """The newest backup of this count file in the backup folder that checks out."""
    for candidate in generations(folder or default_backup_folder(), path.stem):
        try:
            return read_backup(candidate)
        except BackupError:
            continue
    return None


def refusal_with_backup(path: Path, error: StoreError, folder: Path | None = None) -> str:
    """The store's refusal, plus the offer of the latest good backup for a damaged, foreign or newer file."""
    message = str(error)
    if not isinstance(error, (DamagedFileError, ForeignFileError, NewerFileError)):
        return message
    folder = folder or default_backup_folder()
    info = latest_good_backup(path, folder)
    if info is None:
        return f"{message} No backup of it was found in {folder}."
    taken = info.taken
    when = f", taken {taken:%d %B %Y at %H:%M:%S}" if taken else ""
    return (
        f"{message} The latest good backup is {info.path} ({info.events} events{when}); restore it "
        f'to a new file with: countdesk restore "{info.path}" NEW.countdesk'
    )


@dataclass(frozen=True)
class Restored:
    path: Path
    backup: BackupInfo


def restore_backup(backup: Path, target: Path, *, actor: Actor = SYSTEM) -> Restored:
    """Copy a checked backup to a new file (never over an existing one) and log it there."""
    if target.suffix != ".countdesk":
        raise BadInput(f"{target} should end in .countdesk; choose a name like restored.countdesk.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"the folder {folder} does not exist; create it or choose another.")
    leftover = None if target.exists() else leftover_journal(target)  # an existing one is refused below
    if leftover is not None:  # SQLite would replay it over the restored copy, which would then look damaged
        raise BadInput(
            f"{leftover} is left over from an earlier count file of that name; restore to a new name, "
            "or move it away first."
        )
    try:
        info = place_copy(backup, target)
        store = CountStore.open(target)
    except BackupError as error:
        raise BadInput(str(error)) from None
    except StoreError as error:
        raise BadInput(f"the restored copy cannot be opened ({error}); choose another backup.") from None
    try:
        with store.action(
            actor,
            "restore",
            f"file {target.name}",
            after={"from": str(backup), "events": info.events, "head": info.head, "sha256": info.sha256},
        ):
            pass
    finally:
        store.close()
    return Restored(target, info)
