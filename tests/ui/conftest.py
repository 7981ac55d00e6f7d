"""Fixtures for the window: real count files from the worked examples and the demo (Qt is offscreen)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.demo import prepare_demo
from app.ui.main_window import MainWindow

RIVERSIDE = "parl.riverside.2029-05-03"
ABBEY = "local.northgate.abbey.2029-05-03"

WindowMaker = Callable[[CountFile | None], MainWindow]


def _example(examples_dir: Path, name: str) -> Path:
    path = examples_dir / f"{name}.package.json"
    if not path.is_file():
        pytest.fail(f"the worked example {path} is missing from the shared folder", pytrace=False)
    return path


@pytest.fixture
def riverside(examples_dir: Path, tmp_path: Path) -> Iterator[CountFile]:
    count_file = CountFile.import_package(_example(examples_dir, "riverside"), tmp_path / "r.countdesk")
    yield count_file
    count_file.close()


@pytest.fixture
def abbey(examples_dir: Path, tmp_path: Path) -> Iterator[CountFile]:
    count_file = CountFile.import_package(_example(examples_dir, "abbey"), tmp_path / "a.countdesk")
    yield count_file
    count_file.close()


@pytest.fixture
def riverside_and_abbey(examples_dir: Path, tmp_path: Path) -> Iterator[CountFile]:
    """One count file holding both worked examples' contests, to move between them."""
    package = json.loads(_example(examples_dir, "riverside").read_text(encoding="utf-8"))
    other = json.loads(_example(examples_dir, "abbey").read_text(encoding="utf-8"))
    package["contests"] += other["contests"]
    path = tmp_path / "both.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    count_file = CountFile.import_package(path, tmp_path / "both.countdesk")
    yield count_file
    count_file.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[CountFile]:
    count_file = prepare_demo(tmp_path / "demo")
    yield count_file
    count_file.close()


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings (geometry, recent files, theme) go to a folder of this test's, never the user's own."""
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> WindowMaker:
    """A shown main window on a count file (or the welcome page); the demo goes under tmp_path."""

    def make(count_file: CountFile | None) -> MainWindow:
        window = MainWindow(count_file, demo_folder=tmp_path / "demo-from-window")
        qtbot.addWidget(window)
        window.resize(1280, 800)
        with qtbot.waitExposed(window), qtbot.waitActive(window):
            window.show()
            window.activateWindow()  # shortcuts reach only the active window
        return window

    return make


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    """A closed copy of the demo's count file, to be opened as a user would."""
    count_file = prepare_demo(tmp_path / "demo")
    path = count_file.path
    count_file.close()
    return path


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, str]]:
    """Every warning box's (title, text), instead of showing it; no backups to offer."""
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(tmp_path / "no-backups"))  # the plain refusal
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *_: shown.append((title, text)))
    return shown
