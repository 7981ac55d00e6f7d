"""Restoring as the window asks: generations listed and checked, new names, the policy, refusals."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from app.services.backups import backup_now, restore_backup
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.restoring import (
    RefusedFile,
    backup_generations,
    check_generation,
    restore_generation,
    suggested_target,
)
from app.services.session import NotAllowed
from app.store import CountStore
from app.store.audit import SYSTEM
from tests.services.conftest import OLU_PIN, RO_PIN, leftover_wal, riverside_with_people


@pytest.fixture(scope="module")
def template(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return riverside_with_people(examples_dir, tmp_path_factory.mktemp("template"), signed_in=False)


def _note(count_file: CountFile) -> None:
    with count_file.store.action(SYSTEM, "note", "note"):
        pass


def _two_generations(count_file: CountFile, folder: Path) -> tuple[Path, Path]:
    older = backup_now(count_file, folder, reason="test", create_folder=True,
                       now=lambda: datetime(2029, 5, 3, 23, 10, 0))
    _note(count_file)
    newer = backup_now(count_file, folder, reason="test", now=lambda: datetime(2029, 5, 4, 1, 20, 0))
    return older.path, newer.path


def test_generations_are_listed_newest_first_with_their_time_and_events(
    count_file: CountFile, tmp_path: Path
) -> None:
    older, newer = _two_generations(count_file, tmp_path / "b")
    (tmp_path / "b" / "someone-else-20290503-231000-9.countdesk").write_bytes(older.read_bytes())
    listed = backup_generations(count_file.path, tmp_path / "b")
    assert [g.path for g in listed] == [newer, older]
    assert listed[0].taken == datetime(2029, 5, 4, 1, 20, 0)
    assert listed[1].events is not None and listed[0].events == listed[1].events + 2  # the note, the backup
    assert backup_generations(count_file.path, tmp_path / "nowhere") == []


def test_each_generation_is_checked_and_a_damaged_one_says_why(count_file: CountFile, tmp_path: Path) -> None:
    older, newer = _two_generations(count_file, tmp_path / "b")
    newer.write_bytes(newer.read_bytes()[:5000])
    good, bad = (check_generation(g) for g in backup_generations(count_file.path, tmp_path / "b")[::-1])
    assert good.ok and good.info is not None and good.info.path == older and good.problem is None
    assert not bad.ok and bad.problem is not None and "not a usable backup" in bad.problem


def test_the_suggested_name_is_new_and_beside_the_count_file(count_file: CountFile, tmp_path: Path) -> None:
    older, _ = _two_generations(count_file, tmp_path / "b")
    generation = backup_generations(count_file.path, tmp_path / "b")[1]
    first = suggested_target(count_file.path, generation)
    assert first == count_file.path.with_name("riverside-restored-20290503-2310.countdesk")
    shutil.copyfile(older, first)
    assert suggested_target(count_file.path, generation) == first.with_name(
        "riverside-restored-20290503-2310-2.countdesk"
    )


def test_a_leftover_journal_is_never_replayed_over_a_restored_copy(
    count_file: CountFile, tmp_path: Path
) -> None:
    older, _ = _two_generations(count_file, tmp_path / "b")
    target = tmp_path / "rest.countdesk"
    leftover = leftover_wal(target)
    with pytest.raises(BadInput, match="left over from an earlier count file"):
        restore_backup(older, target)
    assert not target.exists() and leftover.exists()
    generation = backup_generations(count_file.path, tmp_path / "b")[1]
    suggested = suggested_target(count_file.path, generation)
    leftover_wal(suggested)
    again_name = suggested.with_name(f"{suggested.stem}-2.countdesk")
    assert suggested_target(count_file.path, generation) == again_name
    restored = restore_backup(older, tmp_path / "fresh.countdesk")  # and beside no leftover, it restores
    with CountFile.open(restored.path) as again:
        assert again.contest_ids() == count_file.contest_ids()


def test_a_restore_names_the_person_and_never_overwrites(count_file: CountFile, tmp_path: Path) -> None:
    older, _ = _two_generations(count_file, tmp_path / "b")
    existing = tmp_path / "existing.countdesk"
    existing.write_bytes(b"keep me")
    count_file.session.sign_in("Helen Marsh", RO_PIN)
    with pytest.raises(BadInput, match="already exists"):
        restore_generation(older, existing, count_file)
    assert existing.read_bytes() == b"keep me"
    restored = restore_generation(older, tmp_path / "again", count_file)  # the suffix is added
    assert restored.path == tmp_path / "again.countdesk"
    store = CountStore.open(restored.path)
    try:
        user, action, after = store.db.execute(
            "SELECT user, action, after FROM event ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    finally:
        store.close()
    assert (user, action, json.loads(after)["from"]) == ("Helen Marsh", "restore", str(older))


def test_an_operator_may_not_restore_and_the_refusal_is_logged(count_file: CountFile, tmp_path: Path) -> None:
    older, _ = _two_generations(count_file, tmp_path / "b")
    count_file.session.sign_in("Olu", OLU_PIN)
    with pytest.raises(NotAllowed):
        restore_generation(older, tmp_path / "new.countdesk", count_file)
    assert not (tmp_path / "new.countdesk").exists()
    denied = count_file.store.db.execute(
        "SELECT user, after FROM event WHERE action = 'denied' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert denied[0] == "Olu" and json.loads(denied[1])["action"] == "restore"


def test_a_damaged_file_is_refused_with_its_backups_and_a_busy_one_without(
    count_file: CountFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(tmp_path / "b"))
    older, _ = _two_generations(count_file, tmp_path / "b")
    path = count_file.path
    busy = tmp_path / "busy.countdesk"
    shutil.copyfile(older, busy)
    count_file.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 4096):
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(RefusedFile) as refused:
        CountFile.open(path)
    assert (refused.value.path, refused.value.folder, refused.value.backups) == (path, tmp_path / "b", 2)
    assert "The latest good backup is" in str(refused.value)
    store = CountStore.open(busy)
    try:
        with pytest.raises(BadInput) as in_use:
            CountFile.open(busy)
    finally:
        store.close()
    assert not isinstance(in_use.value, RefusedFile)
