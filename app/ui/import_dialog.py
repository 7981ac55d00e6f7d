"""File ▸ Import election package (Ctrl+I): a new count file written on a worker thread, with cancel."""

# The import writes a new file through its own new SQLite connection, so unlike work on the open
# count file it can run on a worker thread: the window keeps painting and answering while a general
# election's package (28 MB, 650 contests) is read, checked and written.

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QProgressDialog

from app.services.errors import ServiceError
from app.services.file_claim import COUNT_FILE_SUFFIX

IMPORT_SHORTCUT = QKeySequence("Ctrl+I")
CANCELLED = "Import cancelled: nothing was written."


class ImportWorker(QThread):
    """Writes the count file; `said` reports each step; `outcome` is None (done), CANCELLED or why not."""

    said = Signal(str)

    def __init__(self, package: Path, target: Path) -> None:
        super().__init__()
        self.package = package
        self.target = target
        self.outcome: str | None = "not finished"
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        # Imported when an import starts: the package reader is not needed to paint the window (P4).
        from app.services.package_import import ImportCancelled, write_count_file

        try:
            write_count_file(
                self.package, self.target, progress=self.said.emit, cancelled=self._cancel.is_set
            )
        except ImportCancelled:
            self.outcome = CANCELLED
        except ServiceError as error:
            self.outcome = str(error)
        except OSError as error:
            self.outcome = (
                f"{self.target} could not be written ({error.strerror or error}); choose another folder."
            )
        else:
            self.outcome = None


class ImportProgress(QProgressDialog):
    """What the import is doing now, a busy bar (its length is not known) and Cancel."""

    def __init__(self, worker: ImportWorker, parent: QMainWindow) -> None:
        super().__init__(f"Importing {worker.package.name}…", "&Cancel", 0, 0, parent)
        self.setWindowTitle("Import election package")
        self.setAccessibleName("Import progress")
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.worker = worker
        worker.said.connect(self.setLabelText)
        self.canceled.connect(self.cancel_import)  # the Cancel button, Esc, or closing the dialog

    def cancel_import(self) -> None:
        self.worker.cancel()
        self.setLabelText("Cancelling: nothing will be kept…")
        self.show()  # QProgressDialog hides itself on cancel; stay until the worker has stopped


class PackageImport:
    """The action and the one import that may run at a time."""

    def __init__(self, window: QMainWindow, start_folder: Callable[[], Path], opened: Callable[[Path], bool]):
        self._window = window
        self._start_folder = start_folder
        self._opened = opened
        self.worker: ImportWorker | None = None
        self.progress: ImportProgress | None = None
        self.action = QAction("&Import election package…", window)
        self.action.setShortcut(IMPORT_SHORTCUT)
        tip = "Make a new count file from the election package the election management system exported"
        self.action.setStatusTip(tip)
        self.action.setToolTip(f"{tip} ({IMPORT_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)})")
        self.action.setObjectName("import-package")
        self.action.triggered.connect(lambda _checked=False: self.choose())

    def choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self._window, "Import election package", str(self._start_folder()),
            "Election packages (*.json);;All files (*)",
        )
        if not chosen:
            return
        package = Path(chosen)
        stem = package.name.removesuffix(".json").removesuffix(".package")
        suggested = package.with_name(f"{stem}{COUNT_FILE_SUFFIX}")
        target, _ = QFileDialog.getSaveFileName(
            self._window, "Save the new count file as", str(suggested),
            f"Count files (*{COUNT_FILE_SUFFIX})",
        )
        if not target:
            return
        out = Path(target)
        if out.suffix.lower() != COUNT_FILE_SUFFIX:
            out = out.with_name(out.name + COUNT_FILE_SUFFIX)
        self.start(package, out)

    def start(self, package: Path, target: Path) -> None:
        """Import on a worker thread; the progress dialog is window-modal, the window keeps painting."""
        if self.worker is not None:
            return  # one import at a time (the action is disabled meanwhile)
        self.worker = ImportWorker(package, target)
        self.progress = ImportProgress(self.worker, self._window)
        self.worker.finished.connect(self._finished)
        self.action.setEnabled(False)
        self.progress.open()
        self.worker.start()

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel_import()

    def wait(self) -> None:
        """Stop any import and wait for its thread (the window is closing)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()

    def _finished(self) -> None:
        worker, progress = self.worker, self.progress
        self.worker, self.progress = None, None
        self.action.setEnabled(True)
        if progress is not None:
            progress.close()
            progress.deleteLater()
        if worker is None:
            return
        worker.deleteLater()
        if worker.outcome == CANCELLED:
            self._window.statusBar().showMessage(CANCELLED, 15000)
        elif worker.outcome is not None:
            QMessageBox.warning(self._window, "The package could not be imported", worker.outcome)
        elif self._opened(worker.target):
            done = f"Imported {worker.package.name} into {worker.target}"
            self._window.statusBar().showMessage(done, 15000)


def add_import_action(
    window: QMainWindow, menu: QMenu, start_folder: Callable[[], Path], opened: Callable[[Path], bool]
) -> PackageImport:
    """File ▸ Import election package… (Ctrl+I); `opened` opens the new file in the window."""
    importer = PackageImport(window, start_folder, opened)
    menu.addAction(importer.action)
    return importer
