"""Acting on a modal window from a test: the key that opens it blocks (exec) until it closes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_modal(kind: type[QWidget], then: Callable[[QWidget], None]) -> None:
    """Run `then` on the modal window of this kind the next key opens."""

    def act() -> None:
        shown = QApplication.activeModalWidget()
        if not isinstance(shown, kind):
            QTimer.singleShot(20, act)
            return
        try:
            then(shown)
        except BaseException:
            shown.close()  # fail the test rather than leave it waiting on a modal window
            raise

    QTimer.singleShot(0, act)
