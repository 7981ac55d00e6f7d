"""The count file as a user works with it: import a package, open, read results, print the declaration."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from app.domain.documents import DeclarationSheet, Fingerprint, declaration_sheet
from app.domain.election import Contest, Election
from app.domain.result import ContestResult, compute_result
from app.services.errors import BadInput
from app.services.file_claim import COUNT_FILE_SUFFIX as COUNT_FILE_SUFFIX  # where it was
from app.services.restoring import refused_file
from app.services.result_cache import ResultCache
from app.services.session import Session
from app.store import CountStore, MissingError, StoreError
from app.store.chain_on_open import refuse_broken_chain, refuse_damaged_store
from app.store.connection import Claim, adopt_count_file, open_count_file


def local_now() -> datetime:
    """Now, in the laptop's local time with its UTC offset (what every sheet prints)."""
    return datetime.now().astimezone()


class CountFile:
    """One open .countdesk file and the verbs the shells call on it."""

    def __init__(self, store: CountStore, now: Callable[[], datetime] = local_now) -> None:
        self._store = store
        self._now = now
        self.session = Session(store)
        self._results = ResultCache(store)

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def store(self) -> CountStore:
        """For other services only: the shells never reach the store (design.md §1)."""
        return self._store

    @classmethod
    def open(cls, path: Path, *, check: bool = True) -> CountFile:
        """The file, opened and locked. check=False is for the window only, which paints first and then
        calls check_integrity() before it reads or writes anything: the file's quick_check and audit
        chain are left out here (a file that needs migrating is still checked, as migrating writes)."""
        try:
            if not check:
                return cls(CountStore(open_count_file(path, check=False), path))
            store = CountStore.open(path)
            try:
                refuse_broken_chain(store)  # design.md: opening checks the audit chain (~25 ms for GE2017)
            except StoreError:
                store.close()
                raise
            return cls(store)
        except StoreError as error:
            # A damaged, foreign or newer file: the message offers the latest good backup.
            raise refused_file(path, error) from None

    @classmethod
    def adopt(cls, claim: Claim) -> CountFile:
        """A file claimed before sqlite-utils was imported (services.file_claim, `countdesk FILE`), as
        open(check=False) would have opened it: still to be checked with check_integrity()."""
        try:
            return cls(CountStore(adopt_count_file(claim), claim.path))
        except StoreError as error:
            raise refused_file(claim.path, error) from None

    def check_integrity(self) -> None:
        """The checks open(check=False) left out, in the same order and with the same refusal; a file
        that fails them is closed (nothing was read from it or written to it before)."""
        try:
            refuse_damaged_store(self._store)
        except StoreError as error:
            self.close()
            raise refused_file(self.path, error) from None

    @classmethod
    def import_package(cls, package_path: Path, out_path: Path) -> CountFile:
        """A new count file from an election package; a bad package leaves no file behind.

        The file is written under a temporary name beside the target and renamed only when
        complete, so a failure at any point cannot leave a half-made count file.
        """
        # Imported here: opening a file (the window's start, P4) needs none of the package reader.
        from app.services.package_import import write_count_file

        write_count_file(package_path, out_path)
        return cls.open(out_path)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> CountFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # reading
    @property
    def election(self) -> Election:
        return self._store.election()

    def contest_ids(self) -> list[str]:
        return self._store.contest_ids()

    def contest(self, contest_id: str) -> Contest:
        try:
            return self._store.contest(contest_id)
        except MissingError:
            known = ", ".join(self.contest_ids()) or "none"
            raise BadInput(
                f'there is no contest "{contest_id}" in {self.path.name} (contests: {known}).'
            ) from None

    def result(self, contest_id: str) -> ContestResult:
        return self._results.result(contest_id, lambda: compute_result(self.contest(contest_id)))

    def results(self) -> list[ContestResult]:
        return [self.result(contest_id) for contest_id in self.contest_ids()]

    def fingerprint(self) -> Fingerprint:
        head, count = self._store.fingerprint()
        return Fingerprint(chain_head=head, event_count=count)

    # documents
    def declaration(self, contest_id: str) -> DeclarationSheet:
        """The declaration's content; DRAFT until the contest is declared."""
        result = self.result(contest_id)
        return declaration_sheet(
            self.election,
            result,
            status="DECLARED" if result.stage == "declared" else "DRAFT",
            generated_at=self._now(),
            fingerprint=self.fingerprint(),
        )

    def now(self) -> datetime:
        """The time a sheet printed now says it was generated (local time with its UTC offset)."""
        return self._now()

    def print_declaration(self, contest_id: str, out: Path | BinaryIO) -> None:
        """The declaration's PDF, through the printing service (a path is written whole or not at all)."""
        from app.services.printing import prepare, write_whole  # printing builds on this class

        data = prepare(self, "declaration", contest_id).render()
        if isinstance(out, Path):
            write_whole(data, out)
        else:
            out.write(data)
