"""Backups on real files: temporary name, checked copy, generations, refusals of bad or partial copies."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.domain.package import read_package
from app.domain.result import compute_result
from app.store import CountStore
from app.store.audit import Actor
from app.store.backup import (
    BackupError,
    check_backup,
    events_in_name,
    generations,
    place_copy,
    read_backup,
    write_backup,
)

TAKEN = datetime(2029, 5, 4, 1, 2, 3)


@pytest.fixture
def store(examples_dir: Path, tmp_path: Path) -> CountStore:
    raw = (examples_dir / "riverside.package.json").read_bytes()
    package = read_package(raw)
    made = CountStore.create(tmp_path / "riverside.countdesk")
    made.record_import(package.election, package.contests, hashlib.sha256(raw).hexdigest(), "riverside")
    return made


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "backups"
    made.mkdir()
    return made


def _results(store: CountStore) -> list[dict[str, object]]:
    return [compute_result(store.contest(c)).as_json() for c in store.contest_ids()]


def test_a_backup_is_named_checked_and_identical(store: CountStore, folder: Path) -> None:
    info = write_backup(store, folder, taken=TAKEN, keep=3)
    assert info.path == folder / "riverside-20290504-010203-2.countdesk"
    assert info.taken == TAKEN and events_in_name(info.path) == 2
    assert [p.name for p in folder.iterdir()] == [info.path.name]  # no partial left behind
    assert (info.head, info.events) == store.fingerprint()
    assert check_backup(info.path, expect=store.fingerprint()) == []
    assert read_backup(info.path) == info
    copy = CountStore.open(place_copy(info.path, folder.parent / "restored.countdesk").path)
    assert _results(copy) == _results(store) and copy.fingerprint() == store.fingerprint()
    copy.close()


def test_the_backup_is_one_file_without_a_write_ahead_log(store: CountStore, folder: Path) -> None:
    info = write_backup(store, folder, taken=TAKEN, keep=3)
    conn = sqlite3.connect(f"{info.path.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_generations_keep_the_newest(store: CountStore, folder: Path) -> None:
    made = []
    for minutes in range(5):
        with store.action(Actor("Test", "administrator"), "note", f"note {minutes}"):
            pass
        made.append(write_backup(store, folder, taken=TAKEN + timedelta(minutes=minutes), keep=3).path)
    assert generations(folder, "riverside") == list(reversed(made[-3:]))
    assert sorted(folder.iterdir()) == sorted(made[-3:])
    (folder / "other-20290504-010203-2.countdesk").write_bytes(b"")  # another file's backups stay
    write_backup(store, folder, taken=TAKEN + timedelta(minutes=9), keep=1)
    assert len(generations(folder, "riverside")) == 1
    assert (folder / "other-20290504-010203-2.countdesk").exists()


def test_two_backups_in_the_same_second_get_two_names(store: CountStore, folder: Path) -> None:
    first = write_backup(store, folder, taken=TAKEN, keep=5)
    second = write_backup(store, folder, taken=TAKEN, keep=5)
    assert second.path.name == "riverside-20290504-010203-2-2.countdesk"
    assert generations(folder, "riverside") == [second.path, first.path]


def test_a_missing_folder_is_refused_clearly(store: CountStore, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="does not exist or is not a folder"):
        write_backup(store, tmp_path / "usb-stick", taken=TAKEN, keep=3)


def test_an_interrupted_backup_leaves_nothing_and_the_previous_one_stands(
    store: CountStore, folder: Path
) -> None:
    good = write_backup(store, folder, taken=TAKEN, keep=3)

    def pull_the_stick(status: int, remaining: int, total: int) -> None:
        raise OSError(5, "Input/output error")

    with pytest.raises(BackupError, match="failed"):
        write_backup(store, folder, taken=TAKEN + timedelta(minutes=1), keep=3, progress=pull_the_stick,
                     pages_per_step=4)
    assert list(folder.iterdir()) == [good.path]
    assert check_backup(good.path) == []


@pytest.mark.parametrize(
    "damage",
    ["truncate-half", "zero-bytes", "text", "flip-page", "edit-event", "edit-figure"],
)
def test_bad_copies_are_refused(store: CountStore, folder: Path, damage: str) -> None:
    path = write_backup(store, folder, taken=TAKEN, keep=3).path
    data = bytearray(path.read_bytes())
    if damage == "truncate-half":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif damage == "zero-bytes":
        path.write_bytes(b"")
    elif damage == "text":
        path.write_text("hello")
    elif damage == "flip-page":
        data[4096 * 3 : 4096 * 3 + 200] = b"\x00" * 200
        path.write_bytes(bytes(data))
    else:
        conn = sqlite3.connect(path)
        for name, in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        if damage == "edit-event":
            conn.execute("UPDATE event SET user = 'X' WHERE seq = 1")
        else:
            conn.execute(
                "UPDATE sheet_vote SET total = total + 10 WHERE (sheet_seq, candidate_id) = "
                "(SELECT sheet_seq, candidate_id FROM sheet_vote LIMIT 1)"
            )
        conn.commit()
        conn.close()
    assert check_backup(path) != []
    with pytest.raises(BackupError, match="not a usable backup"):
        read_backup(path)


def test_a_copy_with_other_contents_than_the_live_file_is_refused(store: CountStore, folder: Path) -> None:
    path = write_backup(store, folder, taken=TAKEN, keep=3).path
    problems = check_backup(path, expect=("0" * 64, 3))
    assert problems and "holds 2 events" in problems[0]


def test_restoring_never_overwrites(store: CountStore, folder: Path, tmp_path: Path) -> None:
    path = write_backup(store, folder, taken=TAKEN, keep=3).path
    with pytest.raises(BackupError, match="already exists"):
        place_copy(path, store.path)
    assert list(tmp_path.glob(".*.partial")) == []


def test_a_copy_damaged_on_the_way_is_never_renamed(
    store: CountStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import backup

    real = backup._sync_file

    def lose_the_tail(path: Path) -> None:  # the drive drops what it had not yet written
        data = path.read_bytes()
        path.write_bytes(data[: len(data) * 2 // 3])
        real(path)

    monkeypatch.setattr(backup, "_sync_file", lose_the_tail)
    with pytest.raises(BackupError, match="did not check out"):
        write_backup(store, folder, taken=TAKEN, keep=3)
    assert list(folder.iterdir()) == []
