"""A file dialog listing the count file's folder leaves the file locked to this window."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QFileSystemModel
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from tests.second_process import another_process_opens


def test_cancelling_a_file_dialog_in_the_folder_leaves_the_file_locked(
    qtbot: QtBot, riverside: CountFile
) -> None:
    # Qt's dialog opens the files it lists (to tell their types); closing them used to free the
    # count file's lock, so a second CountDesk could open it and delete the log of this one's saves.
    dialog = QFileDialog(None, "Open a count file", str(riverside.path.parent), "Count files (*.countdesk)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    listing = dialog.findChild(QFileSystemModel)
    assert listing is not None
    qtbot.waitUntil(lambda: listing.rowCount(listing.index(str(riverside.path.parent))) > 0, timeout=10_000)
    qtbot.wait(500)  # the types are worked out after the names are listed
    dialog.reject()
    answer = another_process_opens(riverside.path)
    assert answer.startswith("refused: ") and "open in another CountDesk window" in answer
