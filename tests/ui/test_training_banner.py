"""Every dialog of a training file shows the training banner inside it, not only in its title bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QVBoxLayout
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.main_window import MainWindow
from app.ui.training import BANNER_NAME, TRAINING, add_training_banner, banner_of
from tests.ui.training_screens import CONTEST, demo_file, dialogs_of

__all__ = ["demo_file"]  # the fixture, for pytest


def test_every_dialog_of_a_training_file_shows_the_banner_inside_it(
    qtbot: QtBot, demo_file: CountFile, tmp_path: Path
) -> None:
    main = MainWindow(demo_file, demo_folder=tmp_path / "other-demo")
    qtbot.addWidget(main)
    silent = []
    for dialog in dialogs_of(demo_file, CONTEST, main):
        qtbot.addWidget(dialog)
        dialog.show()
        banner = banner_of(dialog)
        if banner is None or not banner.isVisible() or TRAINING not in banner.text():
            silent.append(type(dialog).__name__)
        elif banner.objectName() == BANNER_NAME:  # added here: at the top, across the dialog
            assert banner.geometry().top() <= 20, type(dialog).__name__
            assert banner.width() >= dialog.width() // 2, type(dialog).__name__
        dialog.hide()  # not closed: some delete themselves on closing, and their children
    assert not silent, f"these dialogs of a training file show no training banner inside: {silent}"


def test_a_real_files_dialogs_have_no_banner(qtbot: QtBot, riverside: CountFile, tmp_path: Path) -> None:
    main = MainWindow(riverside, demo_folder=tmp_path / "demo")
    qtbot.addWidget(main)
    riverside.session.add_person("Ann Reed", "returning-officer", "9876")
    riverside.session.sign_in("Ann Reed", "9876")
    for dialog in dialogs_of(riverside, "parl.riverside.2029-05-03", main):
        qtbot.addWidget(dialog)
        dialog.show()
        assert banner_of(dialog) is None, type(dialog).__name__
        dialog.hide()


def test_the_banner_is_added_once_and_only_to_a_dialog_that_says_training(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QVBoxLayout(dialog)
    dialog.setWindowTitle("Sign in")
    assert add_training_banner(dialog) is None
    dialog.setWindowTitle(f"{TRAINING} — Sign in")
    banner = add_training_banner(dialog)
    assert banner is not None and banner.accessibleName() == "Training file warning"
    assert add_training_banner(dialog) is None and banner_of(dialog) is banner
