"""File ▸ Back up now (Ctrl+B): a verified backup of the open file, with progress and cancel."""

# The backup copies the open count file through its own connection, which belongs to the GUI
# thread (sqlite3 refuses it elsewhere, and the file's exclusive lock refuses a second connection),
# so the copy runs here, a few MiB a step; between steps the progress dialog lets Qt paint and
# answer, and a Cancel stops the copy, whose temporary file is then removed.

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu, QMessageBox, QProgressDialog

from app.services.errors import ServiceError
from app.ui.status_message import show_path_message

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.services.count_file import CountFile

BACKUP_SHORTCUT = QKeySequence("Ctrl+B")
CANCELLED = "Backup cancelled: nothing was kept."


class BackupCancelled(Exception):
    """Raised from the copy's progress callback when the person presses Cancel."""


class BackupProgress(QProgressDialog):
    """Pages copied of the file's pages, and Cancel."""

    def __init__(self, count_file: CountFile, folder: Path, parent: QMainWindow) -> None:
        super().__init__(f"Backing up {count_file.path.name}\nto {folder}…", "&Cancel", 0, 1, parent)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        self.setWindowTitle("Back up now")
        self.setAccessibleName("Backup progress")
        # The whole application waits: a save from another window during the copy would make the
        # backup fail its check against the fingerprint taken when it began.
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)

    def step(self, _status: int, remaining: int, total: int) -> None:
        """sqlite3's backup progress: (status, pages remaining, pages in all)."""
        self.setMaximum(max(total, 1))
        self.setValue(total - remaining)
        QApplication.processEvents()  # paint, and see a press of Cancel
        if self.wasCanceled():
            raise BackupCancelled


class BackupAction(QAction):
    """Back up now…: asks for the folder (the backup drive), then copies with progress."""

    def __init__(
        self, window: QMainWindow, count_file: Callable[[], CountFile | None], recorded: Callable[[], None]
    ) -> None:
        super().__init__("&Back up now…", window)
        self._window = window
        self._count_file = count_file
        self._recorded = recorded  # the backup is an audit event: the window shows the new fingerprint
        self.setShortcut(BACKUP_SHORTCUT)
        tip = "Write a verified copy of the count file to a folder you choose (a backup drive)"
        self.setStatusTip(tip)
        self.setToolTip(f"{tip} ({BACKUP_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)})")
        self.setObjectName("backup-now")
        self.triggered.connect(lambda _checked=False: self.choose())

    def choose(self) -> None:
        current = self._count_file()
        if current is None:
            self._window.statusBar().showMessage("Open a count file first, then back it up.", 8000)
            return
        from app.services.backups import BackupSettings  # imported on the first backup, not to paint (P4)

        chosen = QFileDialog.getExistingDirectory(
            self._window, "Back up to which folder?", str(BackupSettings.default().folder)
        )
        if chosen:
            self.back_up(current, Path(chosen))

    def back_up(self, count_file: CountFile, folder: Path) -> bool:
        """One backup with progress; True when it was made."""
        from app.services.backups import backup_on_request  # imported on the first backup (P4)

        progress = BackupProgress(count_file, folder, self._window)
        progress.show()
        try:
            info = backup_on_request(count_file, folder, progress=progress.step)
        except BackupCancelled:
            self._window.statusBar().showMessage(CANCELLED, 15000)
            return False
        except ServiceError as error:
            QMessageBox.warning(self._window, "The backup was not made", str(error))
            return False
        finally:
            progress.close()
            progress.deleteLater()
        self._recorded()
        show_path_message(self._window.statusBar(), "Backed up to ", info.path, 15000)
        return True


def add_backup_action(
    window: QMainWindow, menu: QMenu, count_file: Callable[[], CountFile | None], recorded: Callable[[], None]
) -> BackupAction:
    """File ▸ Back up now… (Ctrl+B); `recorded` is called once a backup (an audit event) is made."""
    action = BackupAction(window, count_file, recorded)
    menu.addAction(action)
    return action
