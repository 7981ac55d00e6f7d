"""The count file stays locked to its one writer however the rest of the process handles the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.store import CountStore, ForeignFileError, StoreError
from tests.second_process import another_process_opens
from tests.store.examples import imported_store


def test_closing_another_descriptor_of_the_file_leaves_it_locked(examples_dir: Path, tmp_path: Path) -> None:
    # What a file dialog listing the folder does: open the file, read a little, close it. POSIX
    # then drops every record lock this process holds on it, SQLite's exclusive lock included.
    path = tmp_path / "night.countdesk"
    store = imported_store(examples_dir, "riverside", path)
    try:
        assert another_process_opens(path).startswith("refused: ")
        with path.open("rb") as glance:
            glance.read(100)
        answer = another_process_opens(path)
        assert answer.startswith("refused: ") and "open in another CountDesk window" in answer
        store.audit.verify()  # and this process still reads and writes it as before
    finally:
        store.close()
    assert another_process_opens(path) == "opened"  # closed: the lock goes with it


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
        assert another_process_opens(path).startswith("refused: ")
        with pytest.raises(StoreError, match="already exists"):
            CountStore.create(path)
    finally:
        store.close()
