"""The count file stays locked to its one writer however the rest of the process handles the file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import CountStore, ForeignFileError, StoreError
from tests.store.examples import imported_store

ROOT = Path(__file__).resolve().parents[2]
# Another CountDesk process opening the file, as a second window or `countdesk verify` would.
_OTHER = """
import sys
from pathlib import Path
from app.store import CountStore, FileInUseError
try:
    CountStore.open(Path(sys.argv[1])).close()
    print("opened")
except FileInUseError as error:
    print("refused:", error)
"""


def _other_process_opens(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _OTHER, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_closing_another_descriptor_of_the_file_leaves_it_locked(examples_dir: Path, tmp_path: Path) -> None:
    # What a file dialog listing the folder does: open the file, read a little, close it. POSIX
    # then drops every record lock this process holds on it, SQLite's exclusive lock included.
    path = tmp_path / "night.countdesk"
    store = imported_store(examples_dir, "riverside", path)
    try:
        assert _other_process_opens(path).startswith("refused: ")
        with path.open("rb") as glance:
            glance.read(100)
        answer = _other_process_opens(path)
        assert answer.startswith("refused: ") and "open in another CountDesk window" in answer
        store.audit.verify()  # and this process still reads and writes it as before
    finally:
        store.close()
    assert _other_process_opens(path) == "opened"  # closed: the lock goes with it


def test_the_lock_is_let_go_when_an_open_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.countdesk"  # an SQLite file of another application: refused once read
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for _ in range(2):  # refused for what it is each time, never as "open elsewhere"
        with pytest.raises(ForeignFileError):
            CountStore.open(other)


def test_a_new_file_is_locked_from_the_moment_it_exists(tmp_path: Path) -> None:
    path = tmp_path / "new.countdesk"
    store = CountStore.create(path)
    try:
        assert _other_process_opens(path).startswith("refused: ")
        with pytest.raises(StoreError, match="already exists"):
            CountStore.create(path)
    finally:
        store.close()
