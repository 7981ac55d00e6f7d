"""Opening a count file checks its audit chain: an event edited with SQL refuses it, offering the backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.services.backups import backup_now
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.integrity import verify_count_file
from app.services.restoring import RefusedFile


@pytest.fixture
def saved(examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Riverside with people added (several events after the import) and one backup of it."""
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(tmp_path / "backups"))
    path = tmp_path / "riverside.countdesk"
    with CountFile.import_package(examples_dir / "riverside.package.json", path) as count_file:
        count_file.session.add_person("Helen Marsh", "returning-officer", "1111")
        count_file.session.sign_in("Helen Marsh", "1111")
        count_file.session.add_person("Tom Evans", "operator", "3333")
        backup = backup_now(count_file, tmp_path / "backups", reason="test", create_folder=True).path
    return path, backup


def _edit_with_sql(path: Path, statement: str) -> None:
    """What someone with an SQLite tool can do: drop the triggers that refuse it, then edit."""
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute(statement)
    conn.commit()
    conn.close()


def test_an_untouched_file_opens(saved: tuple[Path, Path]) -> None:
    with CountFile.open(saved[0]) as count_file:
        assert count_file.fingerprint().event_count >= 4


PROMOTE_TOM = (  # the operator added in event 5 made Returning Officer after the fact
    "UPDATE event SET after = replace(after, '\"operator\"', '\"returning-officer\"') "
    "WHERE action = 'add-person' AND after LIKE '%operator%'"
)


@pytest.mark.parametrize(
    ("statement", "event"),
    [
        ("UPDATE event SET user = 'Someone Else' WHERE seq = 3", 3),
        (PROMOTE_TOM, 5),
        ("DELETE FROM event WHERE seq = 2", 3),
    ],
    ids=["who", "what", "deleted"],
)
def test_an_event_edited_with_sql_refuses_the_file_naming_the_event_and_the_backup(
    saved: tuple[Path, Path], statement: str, event: int
) -> None:
    path, backup = saved
    _edit_with_sql(path, statement)
    with pytest.raises(BadInput) as refused:
        CountFile.open(path)
    message = str(refused.value)
    assert f"audit trail is broken at event {event}" in message
    assert str(backup) in message and "countdesk restore" in message
    assert isinstance(refused.value, RefusedFile)  # the window offers the restore
    assert not verify_count_file(path).ok  # and verify agrees
    with CountFile.open(backup):  # the backup offered does open
        pass


def test_the_check_is_what_refuses_the_file(
    saved: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the check (the broken variant), the edited file opens as if nothing had happened."""
    path, _ = saved
    _edit_with_sql(path, "UPDATE event SET user = 'Someone Else' WHERE seq = 3")
    monkeypatch.setattr("app.services.count_file.refuse_broken_chain", lambda store: None)
    with CountFile.open(path) as count_file:
        assert count_file.fingerprint().event_count >= 4
