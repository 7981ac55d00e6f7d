"""`countdesk FILE` claims its file before the first paint, then checks and reads it: Open in two steps."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import __main__ as entry
from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.session_marker import marker_path
from app.ui.file_status import TRAINING
from app.ui.main_window import MainWindow
from tests.ui.test_check_after_paint import _damage_a_page_open_does_not_read, _refusal
from tests.ui.test_unclean_exit import _run_child


def _shown(qtbot: QtBot, path: Path) -> MainWindow:
    """The window exactly as `countdesk FILE` builds it, shown."""
    window = entry.file_window(path)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    return window


def _in_use(path: Path) -> bool:
    try:
        CountFile.open(path, check=False).close()
    except ServiceError as error:
        assert "open in another CountDesk" in str(error)
        return True
    return False


def test_the_file_is_locked_at_the_first_paint_then_checked_read_and_marked_training(
    qtbot: QtBot, demo_path: Path, warnings: list[tuple[str, str]]
) -> None:
    window = _shown(qtbot, demo_path)
    assert window.checking and window.count_file is None and _in_use(demo_path)
    assert window.windowTitle() == f"CountDesk — checking {demo_path.name}"
    assert window.statusBar().currentMessage() == f"Checking {demo_path.name} before reading its results…"
    assert window.alerts.dock is not None and window.alerts.dock.isVisible() and window.alerts.reading
    assert not window.training_banner.isVisible()  # nothing read yet, not even the training flag
    assert window.contests.rowCount() == 0 and not marker_path(demo_path).exists()
    qtbot.waitUntil(lambda: not window.checking)
    qtbot.waitUntil(lambda: window.contests.rowCount() > 0 and window.contests.unread() == 0)
    count_file = window.count_file
    assert count_file is not None and count_file.path == demo_path and count_file.election.training
    assert window.training_banner.isVisible() and f"— {TRAINING} —" in window.windowTitle()
    assert window.settings.recent_files()[0] == demo_path.resolve()
    assert marker_path(demo_path).is_file()  # the session has begun: an unclean exit would be noticed
    assert warnings == []
    window.close()
    assert not _in_use(demo_path) and not marker_path(demo_path).exists()


def test_after_an_unclean_exit_the_banner_shows_once_the_file_is_checked(
    qtbot: QtBot, repo_root: Path, demo_path: Path, tmp_path: Path
) -> None:
    events_at_kill = _run_child(repo_root, demo_path, tmp_path, "kill")
    window = _shown(qtbot, demo_path)
    assert not window.unclean_exit.isVisible()  # the marker is read with the file, after the check
    qtbot.waitUntil(lambda: not window.checking)
    banner = window.unclean_exit
    assert banner.isVisible() and banner.unclean is not None
    assert banner.unclean.fingerprint.event_count == events_at_kill
    window.close()


def test_a_damaged_file_is_refused_after_the_paint_with_the_message_open_gives(
    qtbot: QtBot, demo_path: Path, warnings: list[tuple[str, str]]
) -> None:
    _damage_a_page_open_does_not_read(demo_path)
    expected = _refusal(demo_path)
    window = _shown(qtbot, demo_path)
    assert window.checking
    qtbot.waitUntil(lambda: not window.checking)
    assert warnings == [("The count file could not be opened", expected)]
    assert window.count_file is None and window.pages.currentWidget() is window.welcome
    assert not _in_use(demo_path)  # the window let the file go


def test_refusals_before_the_window_are_opens_own_on_stderr(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(tmp_path / "no-backups"))
    text = tmp_path / "notes.countdesk"
    text.write_text("not a count file")
    newer = tmp_path / "newer.countdesk"
    shutil.copyfile(demo_path, newer)
    connection = sqlite3.connect(newer)
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.execute(f"PRAGMA user_version = {version + 1}")
    connection.commit()
    connection.close()
    held = CountFile.open(demo_path)
    for path in (text, newer, tmp_path / "missing.countdesk", demo_path):
        expected = _refusal(path) if path != demo_path else None
        assert entry.main([str(path)]) == 2
        said = capsys.readouterr().err
        if expected is not None:
            assert said == f"countdesk: {expected}\n"
    assert "open in another CountDesk" in said
    assert "newer CountDesk" in _refusal(newer) and "not a CountDesk count file" in _refusal(text)
    held.close()
