"""A count file claimed for the window before its first paint: open and locked, read only after the paint."""

# `countdesk FILE` paints its window sooner (P4) by leaving sqlite-utils, the store's readers and the
# services that use them until just after the first paint: this module imports only the store's
# connection (the standard library's sqlite3). The window shows "Checking…" until count_file() has made
# it a CountFile and CountFile.check_integrity() has passed, as with CountFile.open(check=False).
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.services.errors import ServiceError
from app.store.connection import CLAIMED_VERSION, Claim, StoreError, claim_count_file

if TYPE_CHECKING:  # imported only after the first paint
    from app.services.count_file import CountFile

COUNT_FILE_SUFFIX = ".countdesk"


class ClaimedFile:
    """A count file this process holds (so no other CountDesk can) but has not yet read or checked."""

    def __init__(self, path: Path, claim: Claim | None = None, opened: CountFile | None = None) -> None:
        self.path = path
        self._claim = claim
        self._opened = opened

    @property
    def older(self) -> bool:
        """Whether the file was written by an older CountDesk: reading it updates its format first."""
        return self._claim is not None and self._claim.version < CLAIMED_VERSION

    @classmethod
    def of(cls, count_file: CountFile) -> ClaimedFile:
        """A file already opened with CountFile.open(check=False), to be checked like a claimed one."""
        return cls(count_file.path, opened=count_file)

    def count_file(self) -> CountFile:
        """The file as a CountFile, not yet checked (call check_integrity() before reading it); handed
        over once. A file refused here is closed: raises ServiceError with the message Open gives."""
        from app.services.count_file import CountFile

        claim, opened, self._claim, self._opened = self._claim, self._opened, None, None
        if opened is not None:
            return opened
        if claim is None:
            raise ServiceError(f"{self.path.name} was closed before it was read; open it again.")
        return CountFile.adopt(claim)

    def close(self) -> None:
        """Let the file go, if it was not handed over (safe to call more than once)."""
        claim, opened, self._claim, self._opened = self._claim, self._opened, None, None
        if claim is not None:
            claim.close()
        if opened is not None:
            opened.close()


def claim_file(path: Path) -> ClaimedFile:
    """Take the count file at `path` for the window, refusing it as CountFile.open(check=False) would (a
    file open elsewhere, not a count file, damaged, newer), with the same message and offer of a backup.
    An older file is migrated when count_file() adopts it; a newer one is refused here."""
    try:
        claim = claim_count_file(path)
    except StoreError as error:
        from app.services.restoring import refused_file  # only a refusal needs the backups

        raise refused_file(path, error) from None
    if claim.current or claim.version < CLAIMED_VERSION:
        # An older file is migrated when the window adopts it just after its first paint (quick_checked
        # first, as every migration is), while the window says it is checking the file: not before the
        # paint with nothing on screen (~1.7 s once for a general election's file).
        return ClaimedFile(path, claim)
    claim.close()  # newer: opened the full way, which refuses it with its message
    from app.services.count_file import CountFile

    return ClaimedFile.of(CountFile.open(path, check=False))
