"""The check of a count file the window opened unchecked, run just after the window first paints."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.services.count_file import CountFile
from app.services.errors import ServiceError


class DeferredCheck(QObject):
    """Checks a file opened with CountFile.open(check=False) once the window has painted (so "Checking…"
    shows at once instead of a second of nothing), then hands it on: passed(file) if it is sound, else
    refused(error) with the file closed. The window reads nothing of the file before either."""

    def __init__(
        self, window: QWidget, passed: Callable[[CountFile], None], refused: Callable[[ServiceError], None]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._passed = passed
        self._refused = refused
        self.pending: CountFile | None = None
        self._queued = False
        window.installEventFilter(self)

    def start(self, count_file: CountFile | None) -> None:
        """Check this file after the window's next paint; None: nothing (more) to check."""
        self.pending = count_file
        self._queued = False
        if count_file is not None and self._window.isVisible():
            self._window.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        waiting = self.pending is not None and not self._queued
        if waiting and watched is self._window and event.type() == QEvent.Type.Paint:
            self._queued = True
            QTimer.singleShot(0, self._check)  # after this paint has reached the screen
        return False

    def _check(self) -> None:
        count_file, self.pending = self.pending, None
        if count_file is None:  # the window let it go meanwhile
            return
        try:
            count_file.check_integrity()  # SQLite's quick_check, then the audit chain
        except ServiceError as error:
            self._refused(error)
            return
        self._passed(count_file)
