"""The count file as a user works with it: import a package, open, read results, print the declaration."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from app.domain.documents import DeclarationSheet, Fingerprint, declaration_sheet
from app.domain.election import Contest, Election
from app.domain.package import PackageError, read_package
from app.domain.result import ContestResult, compute_result
from app.services.backups import refusal_with_backup
from app.services.errors import BadInput
from app.services.input_file import read_input_file
from app.services.session import Session
from app.store import CountStore, MissingError, StoreError

COUNT_FILE_SUFFIX = ".countdesk"


def local_now() -> datetime:
    """Now, in the laptop's local time with its UTC offset (what every sheet prints)."""
    return datetime.now().astimezone()


def _read_package_file(package_path: Path) -> tuple[bytes, str]:
    return read_input_file(
        package_path, named="the package's", folder_hint="give the package's .json file"
    )


class CountFile:
    """One open .countdesk file and the verbs the shells call on it."""

    def __init__(self, store: CountStore, now: Callable[[], datetime] = local_now) -> None:
        self._store = store
        self._now = now
        self.session = Session(store)

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def store(self) -> CountStore:
        """For other services only: the shells never reach the store (design.md §1)."""
        return self._store

    @classmethod
    def open(cls, path: Path) -> CountFile:
        try:
            return cls(CountStore.open(path))
        except StoreError as error:
            # A damaged, foreign or newer file: the message offers the latest good backup.
            raise BadInput(refusal_with_backup(path, error)) from None

    @classmethod
    def import_package(cls, package_path: Path, out_path: Path) -> CountFile:
        """A new count file from an election package; a bad package leaves no file behind.

        The file is written under a temporary name beside the target and renamed only when
        complete, so a failure at any point cannot leave a half-made count file.
        """
        if out_path.exists():
            raise BadInput(
                f"{out_path} already exists; choose another name, or move the old file away first."
            )
        raw, sha256 = _read_package_file(package_path)
        try:
            package = read_package(raw)
        except PackageError as error:
            where = f"at {error.path}" if error.path else "in the package"
            raise BadInput(
                f"{package_path} cannot be imported: {where}, {error.what}. "
                "Correct the package and import it again; nothing was written."
            ) from None
        folder = out_path.parent if str(out_path.parent) else Path(".")
        if not folder.is_dir():
            raise BadInput(f"the folder {folder} does not exist; create it or choose another.")
        handle, temporary = tempfile.mkstemp(
            prefix=f".{out_path.name}.", suffix=".partial", dir=folder
        )
        os.close(handle)
        temp_path = Path(temporary)
        temp_path.unlink()
        try:
            store = CountStore.create(temp_path)
            try:
                store.record_import(
                    package.election, package.contests, sha256, package_path.name
                )
            finally:
                store.close()
            os.replace(temp_path, out_path)
        except BaseException:
            for leftover in (temp_path, Path(f"{temp_path}-wal"), Path(f"{temp_path}-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            raise
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
        return compute_result(self.contest(contest_id))

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
