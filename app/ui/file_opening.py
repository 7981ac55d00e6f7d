"""How the main window comes to a count file: Open…, a recent or imported file, the demo, and the check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.errors import ServiceError
from app.services.file_claim import COUNT_FILE_SUFFIX
from app.ui.file_check import DeferredCheck

if TYPE_CHECKING:  # the window owns this; the count file is imported when one is opened or checked
    from app.services.count_file import CountFile
    from app.ui.main_window import MainWindow

REFUSED = "The count file could not be opened"


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name the same file (False when either cannot be resolved)."""
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


class FileOpening:
    """Opens count files for one window, checked, and checks the one it was given unchecked (opened by
    `countdesk FILE` to paint sooner) just after the window first paints, before anything is read."""

    def __init__(self, window: MainWindow, demo_folder: Path | None, prepare: Callable[[], bool]) -> None:
        self._window = window
        self._demo_folder = demo_folder
        self.check = DeferredCheck(window, self._check_passed, self._check_refused, prepare)

    def _shown_path(self) -> Path | None:
        """The file the window shows, checked or still being checked."""
        shown = self._window.count_file or self.check.pending
        return None if shown is None else shown.path

    def start_folder(self) -> Path:
        """Where a file dialog starts: beside the open file, else the home folder."""
        shown = self._shown_path()
        return shown.parent if shown else Path.home()

    def open_file(self, path: Path) -> bool:
        """Open a count file; a file that cannot be opened is explained in a message box."""
        from app.services.count_file import CountFile

        window = self._window
        shown = self._shown_path()
        if shown is not None and same_file(shown, path):
            window.refresh()  # already open here (a second open would be refused as "open elsewhere")
            return True
        try:
            count_file = CountFile.open(path)
        except ServiceError as error:
            window.restore_backup.explain_refusal(REFUSED, error)
            return False
        window.set_count_file(count_file)
        return True

    def choose_and_open_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # not needed to paint the window (P4)

        kinds = f"Count files (*{COUNT_FILE_SUFFIX});;All files (*)"
        chosen, _ = QFileDialog.getOpenFileName(
            self._window, "Open count file", str(self.start_folder()), kinds
        )
        if chosen:
            self.open_file(Path(chosen))

    def open_demo(self) -> None:
        """A fresh copy of the demo election, replacing any earlier demo file."""
        # Imported here: the demo's package and its writer are not needed to open a file (P4).
        from PySide6.QtWidgets import QMessageBox

        from app.services.demo import default_demo_folder, prepare_demo

        window = self._window
        folder = self._demo_folder or default_demo_folder()
        shown = self._shown_path()
        if shown is not None and same_file(shown.parent, folder):
            window.set_count_file(None)  # the demo file shown now is about to be replaced
        try:
            count_file = prepare_demo(self._demo_folder)
        except ServiceError as error:
            QMessageBox.warning(window, "The demo election could not be prepared", str(error))
            return
        window.set_count_file(count_file)

    def _check_passed(self, count_file: CountFile) -> None:
        self._window.statusBar().clearMessage()
        self._window.set_count_file(count_file)

    def _check_refused(self, error: ServiceError) -> None:
        """Refused with the same message and backup offer as Open (the check closed the file)."""
        window = self._window
        window.set_count_file(None, closed=True)
        window.statusBar().clearMessage()
        window.restore_backup.explain_refusal(REFUSED, error)
