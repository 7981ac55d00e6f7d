"""Remembered between nights: window geometry and recent count files, kept in a test-only folder here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.main_window import MainWindow
from app.ui.window_settings import MOST_RECENT, WindowSettings
from tests.ui.conftest import RIVERSIDE, WindowMaker


def test_settings_go_to_the_tests_folder_not_the_users(private_settings: Path) -> None:
    WindowSettings().set_high_contrast(True)
    written = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "CountDesk", "CountDesk")
    assert Path(written.fileName()).is_relative_to(private_settings)
    assert Path(written.fileName()).is_file()


def test_geometry_is_restored_in_a_new_window(qtbot: QtBot, make_window: WindowMaker) -> None:
    first = make_window(None)
    first.resize(760, 640)
    first.close()
    second = MainWindow(None)
    qtbot.addWidget(second)
    with qtbot.waitExposed(second):
        second.show()
    assert (second.width(), second.height()) == (760, 640)


def test_a_first_window_takes_most_of_the_screen(qtbot: QtBot, private_settings: Path) -> None:
    window = MainWindow(None)  # nothing remembered yet: not the least size its contents need
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    room = window.screen().availableGeometry()
    assert window.height() >= 0.9 * room.height() and window.height() <= room.height()
    assert window.width() >= min(0.9 * room.width(), window.minimumSizeHint().width())


def test_recent_files_open_with_alt_and_a_number(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile, abbey: CountFile
) -> None:
    riverside_path, abbey_path = riverside.path, abbey.path
    riverside.close()
    abbey.close()
    window = make_window(None)
    assert window.open_file(riverside_path) and window.open_file(abbey_path)
    names = [a.text() for a in window.recent_menu.actions()]
    assert names == [f"&1 {abbey_path.name}", f"&2 {riverside_path.name}"]  # newest first
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.count_file is not None and window.count_file.path == riverside_path
    assert window.select_contest(RIVERSIDE)
    window.close()


def test_recent_files_keep_nine_newest_and_forget_missing_files(tmp_path: Path) -> None:
    settings = WindowSettings()
    files = []
    for number in range(MOST_RECENT + 2):
        path = tmp_path / f"night{number}.countdesk"
        path.write_bytes(b"")
        settings.add_recent(path)
        files.append(path.resolve())
    assert settings.recent_files() == files[::-1][:MOST_RECENT]
    files[-1].unlink()
    assert settings.recent_files()[0] == files[-2]
