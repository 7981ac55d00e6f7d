"""A count file claimed for the window (`countdesk FILE`): the same file, checks and refusals as an open."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app.services.backups import backup_now
from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.file_claim import ClaimedFile, claim_file
from app.services.restoring import RefusedFile
from app.store.schema import SCHEMA_VERSION
from tests.services.conftest import riverside_with_people


@pytest.fixture(scope="module")
def template(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return riverside_with_people(examples_dir, tmp_path_factory.mktemp("template"), signed_in=False)


@pytest.fixture
def path(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "riverside.countdesk"
    shutil.copyfile(template, target)
    return target


def _refused(call: object, path: Path) -> ServiceError:
    assert callable(call)
    with pytest.raises(ServiceError) as refused:
        call(path)
    return refused.value


def test_a_claimed_file_becomes_the_count_file_open_gives_once_checked(path: Path) -> None:
    with CountFile.open(path) as opened:
        results, fingerprint = opened.results(), opened.fingerprint()
    claimed = claim_file(path)
    assert isinstance(claimed, ClaimedFile) and claimed.path == path and not claimed.older
    count_file = claimed.count_file()
    count_file.check_integrity()
    assert count_file.results() == results and count_file.fingerprint() == fingerprint
    with pytest.raises(ServiceError, match="closed before it was read"):
        claimed.count_file()  # handed over once
    claimed.close()  # does not close what it handed over
    assert count_file.contest_ids()
    count_file.close()


def test_a_claimed_file_let_go_unread_can_be_opened_again(path: Path) -> None:
    claimed = claim_file(path)
    assert "open in another CountDesk" in str(_refused(CountFile.open, path))
    claimed.close()
    claimed.close()
    CountFile.open(path).close()


def test_an_older_file_is_claimed_at_once_and_migrated_when_it_is_read(path: Path) -> None:
    with CountFile.open(path) as opened:
        results, fingerprint = opened.results(), opened.fingerprint()
    connection = sqlite3.connect(path)  # as the version before the last migration left it
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    last = connection.execute("SELECT max(id) FROM _sqlite_migrations").fetchone()[0]
    connection.execute("DELETE FROM _sqlite_migrations WHERE id = ?", [last])
    connection.commit()
    connection.close()
    claimed = claim_file(path)  # claimed (locked) without migrating: the window paints first
    assert claimed.older
    assert "open in another CountDesk" in str(_refused(CountFile.open, path))
    count_file = claimed.count_file()
    count_file.check_integrity()
    assert count_file.results() == results and count_file.fingerprint() == fingerprint
    count_file.close()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == SCHEMA_VERSION
    connection.close()


def test_a_foreign_or_newer_file_is_refused_with_opens_message_and_offer_of_a_backup(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(folder))
    with CountFile.open(path) as count_file:
        backup_now(count_file, folder, reason="test", create_folder=True,
                   now=lambda: datetime(2029, 5, 3, 23, 0))
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    newer = _refused(claim_file, path)  # a version the claim does not know: opened the full way
    assert isinstance(newer, RefusedFile) and newer.backups == 1
    assert str(newer) == str(_refused(CountFile.open, path))
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 7")
    connection.commit()
    connection.close()
    foreign = _refused(claim_file, path)  # refused by the claim itself
    assert isinstance(foreign, RefusedFile) and "not a CountDesk count file" in str(foreign)
    assert str(foreign) == str(_refused(CountFile.open, path))


def test_a_file_open_elsewhere_or_missing_is_refused_as_open_refuses_it(path: Path, tmp_path: Path) -> None:
    with CountFile.open(path):
        in_use = _refused(claim_file, path)
    assert not isinstance(in_use, RefusedFile) and "open in another CountDesk" in str(in_use)
    missing = tmp_path / "missing.countdesk"
    assert str(_refused(claim_file, missing)) == str(_refused(CountFile.open, missing))


def test_a_file_opened_unchecked_is_handed_over_as_it_is(path: Path) -> None:
    opened = CountFile.open(path, check=False)
    claimed = ClaimedFile.of(opened)
    assert claimed.path == path and claimed.count_file() is opened
    opened.close()
    other = ClaimedFile.of(CountFile.open(path, check=False))
    other.close()  # closes the file it was given
    CountFile.open(path).close()
