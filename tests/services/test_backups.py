"""Backups as the services offer them: logged, automatic, at milestones, restored, offered on refusal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.services.backups import (
    BackupFailed,
    BackupPolicy,
    BackupSettings,
    backup_after,
    backup_now,
    backup_on_request,
    refusal_with_backup,
    restore_backup,
)
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.session import NotAllowed
from app.store import CountStore, DamagedFileError
from app.store.audit import SYSTEM
from tests.services.conftest import OLU_PIN, RO_PIN, riverside_with_people


@pytest.fixture(scope="module")
def template(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return riverside_with_people(examples_dir, tmp_path_factory.mktemp("template"), signed_in=True)


def _events(count_file: CountFile, action: str) -> list[dict[str, object]]:
    rows = count_file.store.db.execute(
        "SELECT after FROM event WHERE action = ? ORDER BY seq", [action]
    ).fetchall()
    return [json.loads(r[0]) for r in rows]


def _save(count_file: CountFile, n: int = 1) -> None:
    for i in range(n):
        with count_file.store.action(SYSTEM, "note", f"note {i}"):
            pass


class Ticker:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_backup_is_logged_in_the_live_file(count_file: CountFile, tmp_path: Path) -> None:
    events = count_file.fingerprint().event_count
    info = backup_now(count_file, tmp_path / "new-folder", reason="command line", create_folder=True)
    assert info.path.parent == tmp_path / "new-folder" and info.events == events
    [logged] = _events(count_file, "backup")
    assert logged["sha256"] == info.sha256 and logged["events"] == events
    assert logged["reason"] == "command line"
    assert count_file.fingerprint().event_count == events + 1


def test_a_failed_backup_is_logged_and_says_why(count_file: CountFile, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(BackupFailed, match="cannot be made"):
        backup_now(count_file, blocker / "backups", reason="test", create_folder=True)
    [logged] = _events(count_file, "backup-failed")
    assert logged["reason"] == "test" and "cannot be made" in str(logged["why"])
    outcome = backup_after(count_file, "declaration", BackupSettings(blocker / "backups"))
    assert not outcome.ok and outcome.problem is not None and "cannot be made" in outcome.problem


def test_a_missing_drive_folder_is_not_created(count_file: CountFile, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="plug the backup drive in"):
        backup_now(count_file, tmp_path / "usb-stick", reason="command line")
    assert not (tmp_path / "usb-stick").exists()
    assert _events(count_file, "backup-failed")[0]["why"] == "the folder does not exist"


def test_automatic_backups_every_n_saves_or_m_minutes(count_file: CountFile, tmp_path: Path) -> None:
    ticker = Ticker()
    settings = BackupSettings(tmp_path / "auto", every_saves=5, every_minutes=10, keep=3)
    policy = BackupPolicy(count_file, settings, monotonic=ticker)
    _save(count_file)
    first = policy.after_action()  # no backup of this file yet: the first save makes one
    assert first is not None and first.ok
    _save(count_file, 3)
    assert policy.after_action() is None
    _save(count_file)
    assert policy.after_action() is None  # 4 saves since the first backup: not yet
    _save(count_file)
    outcome = policy.after_action()
    assert outcome is not None and outcome.ok
    assert policy.after_action() is None  # its own log entry does not count as a save
    ticker.now += 599
    _save(count_file)
    assert policy.after_action() is None
    ticker.now += 1
    second = policy.after_action()
    assert second is not None and second.ok
    ticker.now += 3600
    assert policy.after_action() is None  # nothing new since: no backup for its own sake
    assert [e["reason"] for e in _events(count_file, "backup")] == ["automatic"] * 3


def test_a_new_policy_carries_on_from_the_latest_backup(count_file: CountFile, tmp_path: Path) -> None:
    settings = BackupSettings(tmp_path / "auto", every_saves=5)
    backup_now(count_file, settings.folder, reason="test", create_folder=True)
    _save(count_file, 3)
    policy = BackupPolicy(count_file, settings, monotonic=Ticker())
    assert not policy.due()
    _save(count_file, 2)
    assert policy.due()


def test_a_failing_automatic_backup_never_raises(count_file: CountFile, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    policy = BackupPolicy(count_file, BackupSettings(blocker / "sub", every_saves=1), monotonic=Ticker())
    _save(count_file)
    outcome = policy.after_action()
    assert outcome is not None and not outcome.ok


def test_backing_up_on_request_checks_the_role(count_file: CountFile, tmp_path: Path) -> None:
    session = count_file.session
    session.sign_in("Olu", OLU_PIN)
    (tmp_path / "usb").mkdir()
    with pytest.raises(NotAllowed, match="may make a backup"):
        backup_on_request(count_file, tmp_path / "usb")
    assert list((tmp_path / "usb").iterdir()) == []
    session.sign_in("Helen Marsh", RO_PIN)
    info = backup_on_request(count_file, tmp_path / "usb")
    assert info.path.exists()
    assert count_file.store.db.execute(
        "SELECT user FROM event WHERE action = 'backup'"
    ).fetchone()[0] == "Helen Marsh"


def test_restore_makes_a_new_file_with_the_same_results_and_says_so(
    count_file: CountFile, tmp_path: Path
) -> None:
    info = backup_now(count_file, tmp_path / "b", reason="test", create_folder=True)
    results = [r.as_json() for r in count_file.results()]
    restored = restore_backup(info.path, tmp_path / "restored.countdesk")
    with CountFile.open(restored.path) as copy:
        assert [r.as_json() for r in copy.results()] == results
        assert copy.fingerprint().event_count == info.events + 1
        [logged] = _events(copy, "restore")
        assert logged["head"] == info.head and logged["sha256"] == info.sha256
    with pytest.raises(BadInput, match="already exists"):
        restore_backup(info.path, count_file.path)
    with pytest.raises(BadInput, match=r"end in \.countdesk"):
        restore_backup(info.path, tmp_path / "restored.db")
    broken = tmp_path / "b" / "broken-20290101-000000-3.countdesk"
    broken.write_bytes(info.path.read_bytes()[:5000])
    with pytest.raises(BadInput, match="not a usable backup"):
        restore_backup(broken, tmp_path / "other.countdesk")
    assert not (tmp_path / "other.countdesk").exists()


def test_a_refused_file_is_offered_its_latest_good_backup(count_file: CountFile, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    older = backup_now(count_file, folder, reason="test", create_folder=True)
    _save(count_file)
    newer = backup_now(count_file, folder, reason="test", create_folder=True)
    path = count_file.path
    count_file.close()
    # the newest generation is damaged too: the offer skips it
    newer.path.write_bytes(newer.path.read_bytes()[:4096])
    message = refusal_with_backup(path, DamagedFileError(f"{path} is damaged."), folder)
    assert f"The latest good backup is {older.path}" in message
    assert f'countdesk restore "{older.path}" NEW.countdesk' in message
    assert "No backup of it was found" in refusal_with_backup(
        path, DamagedFileError("x."), tmp_path / "elsewhere"
    )


def test_opening_a_damaged_file_offers_the_backup(
    count_file: CountFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(tmp_path / "b"))
    info = backup_now(count_file, tmp_path / "b", reason="test", create_folder=True)
    path = count_file.path
    count_file.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 4096):
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(BadInput) as refused:
        CountFile.open(path)
    assert str(info.path) in str(refused.value)
    busy = tmp_path / "busy.countdesk"
    shutil.copyfile(info.path, busy)
    store = CountStore.open(busy)
    try:
        with pytest.raises(BadInput) as refused_busy:  # a file in use is not offered a backup
            CountFile.open(busy)
    finally:
        store.close()
    assert "open in another CountDesk" in str(refused_busy.value)
    assert "latest good backup" not in str(refused_busy.value)
