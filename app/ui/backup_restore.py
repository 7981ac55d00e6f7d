"""Restoring a backup from the window: the File menu's action and the refused file's offer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

if TYPE_CHECKING:
    from app.services.backups import Restored
    from app.services.count_file import CountFile

# The dialog itself is imported when it is first shown: it is not needed to paint the window (P4).

RESTORE_SHORTCUT = QKeySequence("Ctrl+Shift+T")
OFFER_TEXT = "Restore the latest good backup…"


def restored_sentence(restored: Restored) -> str:
    """What was restored, in one paragraph for the message and the status bar."""
    from app.domain.documents import Fingerprint  # imported on a restore, not to paint the window (P4)

    info = restored.backup
    taken = f", taken {info.taken:%d %B %Y at %H:%M:%S}" if info.taken else ""
    return (
        f"Restored {info.path.name}{taken}: {info.events:,} events, fingerprint "
        f"{Fingerprint(info.head, info.events).short}, to the new file {restored.path}, now open. "
        "One event recording the restore was added to it; the backup itself is unchanged."
    )


class RestoreAction(QObject):
    """File ▸ Restore from backup… and the offer made when a refused file has backups."""

    def __init__(
        self,
        window: QMainWindow,
        count_file: Callable[[], CountFile | None],
        open_file: Callable[[Path], bool],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._count_file = count_file
        self._open_file = open_file
        self.action = QAction("Restore from &backup…", window)
        self.action.setObjectName("restore-backup")
        self.action.setShortcut(RESTORE_SHORTCUT)
        tip = "Copy a checked backup generation to a new count file and open it"
        self.action.setStatusTip(tip)
        self.action.setToolTip(f"{tip} ({RESTORE_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)})")
        self.action.triggered.connect(self._triggered)

    def _triggered(self) -> None:
        self.choose()

    def choose(self, count_path: Path | None = None, folder: Path | None = None) -> None:
        """Show the dialog for the open file (or `count_path`); open what it restores."""
        current = self._count_file()
        # The open file's session is checked against the policy when its own backups are restored.
        file = current if current is not None and count_path in (None, current.path) else None
        if count_path is None and current is not None:
            count_path = current.path
        from app.ui.restore_dialog import RestoreDialog  # lazily: see the note at the top

        dialog = RestoreDialog(count_path, file, folder, self._window)
        dialog.exec()
        restored = dialog.restored
        dialog.deleteLater()
        if restored is None:
            return
        said = restored_sentence(restored)
        if self._open_file(restored.path):
            self._window.statusBar().showMessage(said, 30000)
            QMessageBox.information(self._window, "Backup restored", said)

    def explain_refusal(self, title: str, error: Exception) -> None:
        """Why a file was refused; for a damaged, foreign or newer file with backups, the offer."""
        from app.services.restoring import RefusedFile  # a refusal imported it already

        if not isinstance(error, RefusedFile) or error.backups == 0:
            QMessageBox.warning(self._window, title, str(error))
            return
        found = "1 backup" if error.backups == 1 else f"{error.backups} backups"
        text = (
            f"{error.refusal}\n\n{found} of it {'was' if error.backups == 1 else 'were'} found in "
            f"{error.folder}. {OFFER_TEXT.rstrip('…')} "
            "copies the newest one that verifies to a NEW file and opens it; this file is left as it is."
        )
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self._window)
        box.setAccessibleName(title)
        offer = box.addButton(OFFER_TEXT, QMessageBox.ButtonRole.AcceptRole)
        offer.setAccessibleName(OFFER_TEXT.rstrip("…"))
        close = box.addButton(QMessageBox.StandardButton.Close)
        close.setAccessibleName("Close")
        box.setDefaultButton(offer)
        box.setEscapeButton(close)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        if chosen is offer:
            self.choose(count_path=error.path, folder=error.folder)


def add_restore_action(
    window: QMainWindow,
    file_menu: QMenu,
    count_file: Callable[[], CountFile | None],
    open_file: Callable[[Path], bool],
) -> RestoreAction:
    """Add File ▸ Restore from backup… (Ctrl+Shift+T); the returned object also explains refusals."""
    restore = RestoreAction(window, count_file, open_file)
    file_menu.addAction(restore.action)
    return restore
