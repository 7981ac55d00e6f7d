"""Restoring a backup from the window: a file's generations, each checked, and a restore to a new name."""

# The window lists generations at once from their names (time taken, event count) and checks
# them one by one (check_generation may take seconds for a large file), so the user sees which
# verify before choosing. A restore never overwrites a file: restore_backup refuses an existing
# name, and the name suggested here is one that does not exist yet.

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.backups import Restored, default_backup_folder, refusal_with_backup, restore_backup
from app.services.errors import BadInput
from app.services.output_names import leftover_journal
from app.services.session import require
from app.store import DamagedFileError, ForeignFileError, NewerFileError, StoreError
from app.store.audit import SYSTEM
from app.store.backup import BackupError, BackupInfo, events_in_name, generations, read_backup

if TYPE_CHECKING:  # count_file.py imports this module for its refusal
    from app.services.count_file import CountFile

SUFFIX = ".countdesk"
_OFFERED = (DamagedFileError, ForeignFileError, NewerFileError)


@dataclass(frozen=True)
class Generation:
    """One backup generation as its name describes it, before it is checked."""

    path: Path
    taken: datetime | None
    events: int | None


@dataclass(frozen=True)
class GenerationCheck:
    """A generation checked: what it holds when it is a good backup, else why it cannot be used."""

    generation: Generation
    info: BackupInfo | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.info is not None


class RefusedFile(BadInput):
    """A damaged, foreign or newer count file: refused, with the backups that could replace it."""

    def __init__(self, message: str, refusal: str, path: Path, folder: Path, backups: int) -> None:
        super().__init__(message)
        self.refusal = refusal  # the store's reason alone, for a window that offers the restore itself
        self.path = path
        self.folder = folder
        self.backups = backups  # generations found (checked or not) in `folder`


def refused_file(path: Path, error: StoreError, folder: Path | None = None) -> BadInput:
    """The error CountFile.open raises: a RefusedFile (offering the backups) when one may help."""
    folder = folder or default_backup_folder()
    message = refusal_with_backup(path, error, folder)
    if not isinstance(error, _OFFERED):
        return BadInput(message)
    return RefusedFile(message, str(error), path, folder, len(generations(folder, path.stem)))


def backup_generations(count_path: Path, folder: Path | None = None) -> list[Generation]:
    """The backups of this count file in `folder` (the usual backup folder by default), newest first."""
    found = []
    for path in generations(folder or default_backup_folder(), count_path.stem):
        info = BackupInfo(path, 0, "", "")  # only to read the time from the name
        found.append(Generation(path, info.taken, events_in_name(path)))
    return found


def check_generation(generation: Generation) -> GenerationCheck:
    """Open the generation read-only and check it as a restore would (safe to run in a thread)."""
    try:
        return GenerationCheck(generation, read_backup(generation.path))
    except BackupError as error:
        return GenerationCheck(generation, None, str(error))


def suggested_target(count_path: Path, generation: Generation) -> Path:
    """A new name beside the count file, e.g. riverside-restored-20290503-0312.countdesk."""
    when = f"-{generation.taken:%Y%m%d-%H%M}" if generation.taken else ""
    base = f"{count_path.stem}-restored{when}"
    target = count_path.with_name(f"{base}{SUFFIX}")
    number = 2
    while target.exists() or leftover_journal(target) is not None:
        target = count_path.with_name(f"{base}-{number}{SUFFIX}")
        number += 1
    return target


def restore_generation(backup: Path, target: Path, count_file: CountFile | None = None) -> Restored:
    """Restore `backup` to the new file `target`, checked against the policy when a file is open.

    With a count file open, its signed-in person must be allowed to restore (the Returning
    Officer or an administrator) and is named in the restored file's audit log; with none open
    (the file was refused) there is nobody to check, as on the command line, and CountDesk is.
    """
    if target.suffix != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    if target.exists():
        raise BadInput(f"{target} already exists; restore to a new name (never over a count file).")
    actor = SYSTEM
    if count_file is not None:
        actor = require(count_file.session, "restore", None, f"backup {backup.name}")
    return restore_backup(backup, target, actor=actor)
