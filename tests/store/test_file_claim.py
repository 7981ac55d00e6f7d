"""Claiming a count file with plain sqlite3 (before the window's first paint), then adopting it."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.package import read_package
from app.store import (
    CountStore,
    DamagedFileError,
    FileInUseError,
    ForeignFileError,
    NewerFileError,
    StoreError,
)
from app.store.connection import (
    CLAIMED_APPLICATION_ID,
    CLAIMED_VERSION,
    adopt_count_file,
    claim_count_file,
)
from app.store.schema import APPLICATION_ID, SCHEMA_VERSION


def _riverside(examples_dir: Path, target: Path) -> Path:
    raw = (examples_dir / "riverside.package.json").read_bytes()
    package = read_package(raw)
    store = CountStore.create(target)
    store.record_import(package.election, package.contests, hashlib.sha256(raw).hexdigest(), "riverside")
    store.close()
    return target


def _refusal(call: object, path: Path) -> tuple[type[StoreError], str]:
    assert callable(call)
    with pytest.raises(StoreError) as refused:
        call(path)
    return type(refused.value), str(refused.value)


def test_the_claimed_format_is_the_schemas() -> None:
    # If this fails, a migration was added: set CLAIMED_VERSION in app/store/connection.py to the new
    # SCHEMA_VERSION (until then every file is opened the full way before the window's first paint).
    assert (CLAIMED_APPLICATION_ID, CLAIMED_VERSION) == (APPLICATION_ID, SCHEMA_VERSION)


def test_claiming_needs_neither_sqlite_utils_nor_the_rest_of_the_store(repo_root: Path) -> None:
    code = (
        "import sys, app.store.connection; "
        "print(sorted(m for m in sys.modules if m.startswith(('app', 'sqlite_utils'))))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root,
                         timeout=60, check=True)
    assert run.stdout.strip() == str(["app", "app.store", "app.store.connection"])


def test_a_claimed_file_is_locked_as_an_opened_one_is(examples_dir: Path, tmp_path: Path) -> None:
    path = _riverside(examples_dir, tmp_path / "f.countdesk")
    claim = claim_count_file(path)
    assert claim.current and claim.version == SCHEMA_VERSION
    with pytest.raises(FileInUseError, match="open in another CountDesk"):
        CountStore.open(path)
    with pytest.raises(FileInUseError, match="open in another CountDesk"):
        claim_count_file(path)
    claim.close()
    claim.close()  # safe twice
    CountStore.open(path).close()


def test_an_adopted_claim_is_the_stores_file_with_the_protocols_pragmas(
    examples_dir: Path, tmp_path: Path
) -> None:
    path = _riverside(examples_dir, tmp_path / "f.countdesk")
    expected = CountStore.open(path)
    contests, head = expected.contest_ids(), expected.fingerprint()
    expected.close()
    claim = claim_count_file(path)
    store = CountStore(adopt_count_file(claim), path)
    claim.close()  # handed over: the store's connection stays open
    assert store.contest_ids() == contests and store.fingerprint() == head
    pragmas = {name: store.db.execute(f"PRAGMA {name}").fetchone()[0]
               for name in ("journal_mode", "synchronous", "foreign_keys", "locking_mode")}
    assert pragmas == {
        "journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "locking_mode": "exclusive"
    }
    with pytest.raises(StoreError, match="closed before it was read"):
        adopt_count_file(claim)  # once only
    store.close()


def test_every_file_open_refuses_is_refused_by_the_claim_with_the_same_message(
    examples_dir: Path, tmp_path: Path
) -> None:
    text = tmp_path / "text.countdesk"
    text.write_text("hello")
    other = tmp_path / "other.countdesk"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    folder = tmp_path / "folder.countdesk"
    folder.mkdir()
    damaged = _riverside(examples_dir, tmp_path / "damaged.countdesk")
    data = bytearray(damaged.read_bytes())
    data[24:100] = b"\xa5" * 76  # the header's counters and the schema's page: SQLite reads these at once
    damaged.write_bytes(bytes(data))
    for path in (text, other, folder, damaged, tmp_path / "missing.countdesk"):
        opened = _refusal(CountStore.open, path)
        assert _refusal(claim_count_file, path) == opened
    assert _refusal(claim_count_file, text)[0] is ForeignFileError
    assert _refusal(claim_count_file, other)[0] is ForeignFileError
    assert _refusal(claim_count_file, damaged)[0] in (DamagedFileError, ForeignFileError)


def test_a_file_at_another_version_is_claimed_but_not_current(examples_dir: Path, tmp_path: Path) -> None:
    newer = _riverside(examples_dir, tmp_path / "newer.countdesk")
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    claim = claim_count_file(newer)
    assert not claim.current  # its caller opens it the full way, which refuses it
    with pytest.raises(NewerFileError, match="newer CountDesk"):
        adopt_count_file(claim)  # and adopting it refuses it as opening does
    CountStore.open(path := _riverside(examples_dir, tmp_path / "f.countdesk")).close()
    claim_count_file(path).close()
