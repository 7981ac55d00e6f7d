"""`countdesk FILE` claims its file before the first paint, then checks and reads it: Open in two steps."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app import __main__ as entry
from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.session_marker import marker_path
from app.ui.file_status import TRAINING
from app.ui.main_window import MENU_TITLES, MainWindow
from app.ui.operator_switch import at_the_keyboard
from tests.ui.conftest import WindowMaker
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


class PaintLog(QObject):
    """What the window showed at each of its paints."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.paints: list[dict[str, object]] = []
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Paint:
            window = self.window
            self.paints.append({
                "built": window.built, "checking": window.checking, "title": window.windowTitle(),
                "file": window.file_label.text(), "menus": _menu_titles(window),
                "operator": [label.text() for label in window.statusBar().findChildren(QLabel)
                             if label.text() == "Nobody is signed in" and label.isVisible()],
                "alerts reading": window.built and window.alerts.reading and window.alerts.dock.isVisible(),
                "training": window.built and window.training_banner.isVisible(),
                "unclean exit": window.built and window.unclean_exit.isVisible(),
                "contests": window.contests.rowCount() if window.built else 0,
                "table shown": window.built and window.contest_view.isVisible() and window.detail.isVisible(),
                "read": window.count_file is not None,
            })
        return False


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_a_file_from_an_older_countdesk_is_updated_after_the_first_paint_saying_so(
    qtbot: QtBot, demo_path: Path, warnings: list[tuple[str, str]]
) -> None:
    connection = sqlite3.connect(demo_path)  # as the version before the last migration left it
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.execute(f"PRAGMA user_version = {version - 1}")
    connection.execute("DELETE FROM _sqlite_migrations WHERE id = (SELECT max(id) FROM _sqlite_migrations)")
    connection.commit()
    connection.close()
    window = _shown(qtbot, demo_path)
    updating = f"Updating {demo_path.name} from an older CountDesk, then checking it…"
    assert window.checking and window.statusBar().currentMessage() == updating
    qtbot.waitUntil(lambda: not window.checking)
    qtbot.waitUntil(lambda: window.contests.rowCount() > 0 and window.contests.unread() == 0)
    assert warnings == [] and window.count_file is not None
    window.close_count_file()
    connection = sqlite3.connect(demo_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == version
    connection.close()


def test_the_file_is_locked_at_the_first_paint_then_checked_read_and_marked_training(
    qtbot: QtBot, demo_path: Path, warnings: list[tuple[str, str]]
) -> None:
    window = entry.file_window(demo_path)
    qtbot.addWidget(window)
    log = PaintLog(window)
    window.resize(1024, 700)
    window.show()
    assert window.checking and window.count_file is None and _in_use(demo_path)
    assert window.windowTitle() == f"CountDesk — checking {demo_path.name}"
    assert window.statusBar().currentMessage() == f"Checking {demo_path.name} before reading its results…"
    assert not marker_path(demo_path).exists()
    qtbot.waitUntil(lambda: not window.checking)
    first, whole = log.paints[0], next(p for p in log.paints if p["built"])
    # The first paint: the window's frame, its file claimed, built in full just after (P4).
    assert not first["built"] and first["checking"] and not first["read"]
    assert first["title"] == f"CountDesk — checking {demo_path.name}"
    assert first["file"] == f"File: {demo_path.name} (checking)"
    assert first["menus"] == list(MENU_TITLES) == _menu_titles(window)
    assert first["operator"] == [at_the_keyboard(None)] == ["Nobody is signed in"]  # the count menu's words
    # Then the whole window, still checking (nothing read, not even the training flag), then the check.
    assert whole["checking"] and whole["alerts reading"] and not whole["read"]
    assert all(paint["table shown"] for paint in log.paints if paint["built"])  # never a blank middle
    assert not whole["training"] and whole["contests"] == 0 and whole["operator"] == ["Nobody is signed in"]
    qtbot.waitUntil(lambda: window.contests.rowCount() > 0 and window.contests.unread() == 0)
    count_file = window.count_file
    assert count_file is not None and count_file.path == demo_path and count_file.election.training
    assert window.training_banner.isVisible() and f"— {TRAINING} —" in window.windowTitle()
    assert window.settings.recent_files()[0] == demo_path.resolve()
    assert marker_path(demo_path).is_file()  # the session has begun: an unclean exit would be noticed
    assert warnings == []
    window.close()
    assert not _in_use(demo_path) and not marker_path(demo_path).exists()


def test_what_is_built_after_the_paint_is_shown_at_once(qtbot: QtBot, demo_path: Path) -> None:
    """Built into a window already shown, the contests table and detail are shown by the time the build
    returns (not at a later turn), so the paint before the check never has a blank middle."""
    window = entry.file_window(demo_path)
    qtbot.addWidget(window)
    window.show()
    assert not window.built
    assert window.finish_building() and not window.finish_building()  # once
    assert window.contest_view.isVisible() and window.detail.isVisible() and window.alerts.dock.isVisible()
    assert not window.contests_box.waiting.isVisible() and window.checking
    window.close()
    assert not _in_use(demo_path)


def test_the_panels_go_where_they_were_left_and_a_window_closed_before_it_paints_lets_go(
    qtbot: QtBot, demo_path: Path, make_window: WindowMaker
) -> None:
    before = make_window(None)  # built whole, as for the welcome page
    before.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, before.alerts.dock)
    before.close()  # remembers the layout
    window = entry.file_window(demo_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.built)  # its panels were made after the window was shown
    assert window.dockWidgetArea(window.alerts.dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    window.close()
    unpainted = entry.file_window(demo_path)
    qtbot.addWidget(unpainted)
    unpainted.show()
    unpainted.close()  # before its first paint: nothing else made, and the file let go
    assert not unpainted.built and not _in_use(demo_path)


def test_after_an_unclean_exit_the_banner_shows_once_the_file_is_checked(
    qtbot: QtBot, repo_root: Path, demo_path: Path, tmp_path: Path
) -> None:
    events_at_kill = _run_child(repo_root, demo_path, tmp_path, "kill")
    window = entry.file_window(demo_path)
    qtbot.addWidget(window)
    log = PaintLog(window)
    window.show()
    qtbot.waitUntil(lambda: not window.checking)
    checking = [paint for paint in log.paints if paint["built"] and paint["checking"]]
    assert checking and not any(paint["unclean exit"] for paint in checking)  # read with the file, after
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
