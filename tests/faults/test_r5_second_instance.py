"""R5: a second CountDesk on a file that is open is refused with a clear message, 100 times out of 100."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.store import connection

ATTEMPTS = 100
REFUSED, OPENED, OTHER = 0, 1, 2


def _second_instance(path: Path) -> int:
    """A forked process tries to open the file, as a second copy of CountDesk would."""
    pid = os.fork()
    if pid == 0:
        code = OTHER
        try:
            CountFile.open(path).close()
            code = OPENED
        except BadInput as error:
            code = REFUSED if "open in another CountDesk window" in str(error) else OTHER
        except BaseException:
            code = OTHER
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WEXITSTATUS(status)


def campaign(path: Path) -> list[int]:
    with CountFile.open(path):  # the first instance, holding the file
        return [_second_instance(path) for _ in range(ATTEMPTS)]


@contextmanager
def without_exclusive_locking() -> Iterator[None]:
    """The broken variant: the pragmas without locking_mode=EXCLUSIVE and the early lock, and no
    writer lock (flock) either."""
    real, real_lock = connection._apply_pragmas, connection._take_writer_lock

    def shared(db: Database, path: Path) -> None:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")

    connection._apply_pragmas = shared  # type: ignore[assignment]
    connection._take_writer_lock = lambda path, create: None
    try:
        yield
    finally:
        connection._apply_pragmas = real
        connection._take_writer_lock = real_lock


def test_a_second_instance_is_refused_every_time(riverside: Path) -> None:
    outcomes = campaign(riverside)
    print(f"R5: {outcomes.count(REFUSED)} of {ATTEMPTS} second instances refused with the clear message")
    assert outcomes.count(REFUSED) == ATTEMPTS
    CountFile.open(riverside).close()  # and the file opens once the first has closed it


def test_the_real_command_says_so_and_exits_2(riverside: Path) -> None:
    with CountFile.open(riverside):
        done = subprocess.run(
            [sys.executable, "-m", "app", "result", str(riverside)],
            capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2],
        )
    assert done.returncode == 2
    assert "open in another CountDesk window or on another computer; close it there first" in done.stderr
    assert done.stderr.count("\n") == 1


def test_the_harness_catches_an_opener_without_the_exclusive_lock(riverside: Path) -> None:
    with without_exclusive_locking():
        outcomes = campaign(riverside)
    assert outcomes.count(OPENED) > 0

