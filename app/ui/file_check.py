"""The check of a count file the window opened unchecked, run just after the window first paints."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.services.errors import ServiceError
from app.services.file_claim import ClaimedFile

if TYPE_CHECKING:  # imported with the check, after the first paint
    from app.services.count_file import CountFile


class DeferredCheck(QObject):
    """Checks a claimed file (services.file_claim) once the window has painted (so "Checking…" shows at
    once instead of a second of nothing), then hands it on: passed(file) if it is sound, else
    refused(error) with the file closed. The window reads nothing of the file before either."""

    def __init__(
        self,
        window: QWidget,
        passed: Callable[[CountFile], None],
        refused: Callable[[ServiceError], None],
        prepare: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._passed = passed
        self._refused = refused
        # Run before each check: True when the window has just built what it left for after its first
        # paint, which is then painted (still "Checking…") before the check runs.
        self._prepare = prepare
        self.pending: ClaimedFile | None = None
        self._queued = False

    def start(self, claimed: ClaimedFile | None) -> None:
        """Check this file after the window's next paint; None: nothing (more) to check."""
        self.pending = claimed
        self._queued = False
        if claimed is None:  # the window's events are watched only while a file waits
            self._window.removeEventFilter(self)
            return
        self._window.installEventFilter(self)
        if self._window.isVisible():
            self._window.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        waiting = self.pending is not None and not self._queued
        if waiting and watched is self._window and event.type() == QEvent.Type.Paint:
            self._queued = True
            QTimer.singleShot(0, self._check)  # after this paint has reached the screen
        return False

    def _check(self) -> None:
        if self.pending is None:  # the window let it go meanwhile
            return
        if self._prepare():
            self._queued = False
            self._window.update()  # checked after the next paint, which shows the whole window
            return
        claimed = self.pending
        self.start(None)
        try:
            count_file = claimed.count_file()  # sqlite-utils and the store from here on
            count_file.check_integrity()  # SQLite's quick_check, then the audit chain
        except ServiceError as error:
            self._refused(error)
            return
        self._passed(count_file)
