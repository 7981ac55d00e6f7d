"""Importing an election package into a new count file: whole or nothing, with progress and cancel."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.domain.package import PackageError, read_package
from app.domain.package_reader import collection_paused
from app.services.errors import BadInput, ServiceError
from app.services.input_file import read_input_file
from app.services.output_names import leftover_journal
from app.store import CountStore
from app.store.import_rows import bulk_settings

Progress = Callable[[str], object]  # a sentence saying what is being done now
Cancelled = Callable[[], bool]
# How often (in SQLite virtual-machine steps) a long write asks whether it has been cancelled.
STEPS_PER_LOOK = 20_000


class ImportCancelled(ServiceError):
    """The person cancelled the import before the new file was complete: nothing was written."""

    exit_code = 1


def write_count_file(
    package_path: Path,
    out_path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write a new count file from an election package; a bad package leaves no file behind.

    The file is written under a temporary name beside the target and renamed only when complete,
    so a failure (or a cancel) at any point cannot leave a half-made count file. Everything here
    uses its own new connection, so it may run on a worker thread.
    """
    # From reading to renaming, not only while reading and while writing: the package's millions
    # of objects would otherwise be walked by a collection between the two (a sixth of a second
    # for a general election), and they are trees, freed by reference counting all the same.
    with collection_paused():
        _write_count_file(package_path, out_path, progress, cancelled)


def _write_count_file(
    package_path: Path, out_path: Path, progress: Progress | None, cancelled: Cancelled | None
) -> None:
    say = progress or (lambda _text: None)
    stop = cancelled or (lambda: False)

    def check() -> None:
        if stop():
            raise ImportCancelled(f"the import of {package_path.name} was cancelled; nothing was written.")

    if out_path.exists():
        raise BadInput(f"{out_path} already exists; choose another name, or move the old file away first.")
    leftover = leftover_journal(out_path)
    if leftover is not None:
        raise BadInput(
            f"{leftover} is left over from an earlier count file of that name; choose another name, "
            "or move it away first."
        )
    say(f"Reading {package_path.name}…")
    raw, sha256 = read_input_file(
        package_path, named="the package's", folder_hint="give the package's .json file"
    )
    check()
    say(f"Checking {package_path.name}…")
    try:
        package = read_package(raw)
    except PackageError as error:
        where = f"at {error.path}" if error.path else "in the package"
        raise BadInput(
            f"{package_path} cannot be imported: {where}, {error.what}. "
            "Correct the package and import it again; nothing was written."
        ) from None
    check()
    folder = out_path.parent if str(out_path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"the folder {folder} does not exist; create it or choose another.")
    handle, temporary = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".partial", dir=folder)
    os.close(handle)
    temp_path = Path(temporary)
    temp_path.unlink()
    try:
        store = CountStore.create(temp_path)
        try:
            count = len(package.contests)
            say(f"Writing {count:,} contest{'' if count == 1 else 's'} to {out_path.name}…")
            # SQLite calls this every few thousand steps of the one long transaction; a cancel makes
            # it answer "stop", which aborts the statement and rolls the whole import back.
            store.db.conn.set_progress_handler(lambda: 1 if stop() else 0, STEPS_PER_LOOK)
            with bulk_settings(store.db):
                store.record_import(package.election, package.contests, sha256, package_path.name)
            store.db.conn.set_progress_handler(None, 0)
        finally:
            store.close()
        check()  # the last moment a cancel can still leave nothing behind
        os.replace(temp_path, out_path)
    except BaseException as error:
        for leftover in (temp_path, *(Path(f"{temp_path}-{end}") for end in ("wal", "shm", "journal"))):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        if stop() and not isinstance(error, ImportCancelled):
            # The interrupted write surfaces as an SQLite error: say what really happened.
            raise ImportCancelled(
                f"the import of {package_path.name} was cancelled; nothing was written."
            ) from None
        raise
