"""A status-bar message naming a file: the folder elided in the middle to fit, the full text in a tooltip.

The file name is kept whole; the tooltip lasts as long as the message is shown.
"""

from __future__ import annotations

import os
from pathlib import PurePath

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStatusBar, QWidget

ELLIPSIS = "…"
# QStatusBar paints a message from 6 px in, up to 12 px short of its right edge or 2 px short of its
# first permanent widget (qstatusbar.cpp, messageRect); a little more is kept for the text's own bearing.
MESSAGE_LEFT = 6
MESSAGE_RIGHT = 12
PERMANENT_GAP = 2
SPARE = 4


def elide_path(before: str, path: PurePath | str, after: str, metrics: QFontMetrics, width: int) -> str:
    """`before + path + after` in at most `width` pixels where it can be: folders are dropped from the
    middle of the path first (a "…" in their place), its first and last folders kept longest, then a third
    of the words before it: "Backed up to /media/usb/…/night/file.countdesk". Only a name wider than the
    bar less the words is cut, in its middle."""
    full = f"{before}{path}{after}"
    if metrics.horizontalAdvance(full) <= width:
        return full
    text = str(path)
    sep = os.sep if os.sep in text else "/"
    *folders, name = text.split(sep)
    for keep in range(len(folders) - 1, 0, -1):
        head = (keep + 1) // 2  # the drive or mount point, then the folders nearest the file
        kept = [*folders[:head], ELLIPSIS, *folders[len(folders) - (keep - head) :], name]
        shortened = f"{before}{sep.join(kept)}{after}"
        if metrics.horizontalAdvance(shortened) <= width:
            return shortened
    # Not even one folder fits: the words before the path give way in their middle, down to two thirds.
    tail = f"{ELLIPSIS}{sep}{name}{after}"
    room = width - metrics.horizontalAdvance(tail)
    if room >= metrics.horizontalAdvance(before) * 2 // 3:
        return metrics.elidedText(before, Qt.TextElideMode.ElideMiddle, room) + tail
    # Narrower still: what happened is said whole, and the name, too long for the bar, loses its middle
    # (its start and its extension stay); the tooltip has all of it.
    room = width - metrics.horizontalAdvance(f"{before}{ELLIPSIS}{sep}{after}")
    short_name = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, max(room, 0))
    return f"{before}{ELLIPSIS}{sep}{short_name}{after}"


def message_width(bar: QStatusBar) -> int:
    """The pixels a temporary message has: left of the bar's permanent widgets (and its size grip),
    which stay shown while a message hides the others."""
    right = bar.width() - MESSAGE_RIGHT
    for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if child.isVisible() and not child.isWindow() and child.x() > MESSAGE_LEFT:  # not a tooltip
            right = min(right, child.x() - PERMANENT_GAP)
    return max(right - MESSAGE_LEFT - SPARE, 0)


class PathMessage(QObject):
    """The bar's one message naming a file: elided again when the bar is resized, and its full text
    in the tooltip until the bar shows something else."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.setObjectName("status-path-message")
        self._bar = bar
        self._parts = ("", "", "")
        self._shown = ""
        self._timeout = 0
        self._clock = QElapsedTimer()
        bar.messageChanged.connect(self._changed)
        bar.installEventFilter(self)

    @property
    def full_text(self) -> str:
        return "".join(self._parts) if self._shown else ""

    def show(self, before: str, path: PurePath | str, after: str, timeout: int) -> None:
        self._parts = (before, str(path), after)
        self._timeout = timeout
        self._clock.start()
        self._show(timeout)

    def _show(self, timeout: int) -> None:
        bar = self._bar
        full = "".join(self._parts)
        # Shown whole first, so that the widgets a message hides are hidden before the width is measured.
        self._shown = full
        bar.showMessage(full, timeout)
        before, path, after = self._parts
        self._shown = elide_path(before, path, after, bar.fontMetrics(), message_width(bar))
        bar.showMessage(self._shown, timeout)
        bar.setToolTip(full)
        bar.setAccessibleDescription(full)

    def _changed(self, message: str) -> None:
        if self._shown and message != self._shown:
            self._shown = ""
            self._bar.setToolTip("")
            self._bar.setAccessibleDescription("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._bar and event.type() == QEvent.Type.Resize and self._shown:
            QTimer.singleShot(0, self, self._refit)  # once the bar has laid out its widgets at the new width
        return False

    def _refit(self) -> None:
        left = self._timeout - self._clock.elapsed() if self._timeout else 0
        if self._shown and (left > 0 or not self._timeout):
            self._show(max(left, 0))


def show_path_message(
    bar: QStatusBar, before: str, path: PurePath | str, timeout: int, after: str = ""
) -> None:
    """Show e.g. "Backed up to " + path for `timeout` ms, fitted to the bar, the full text in its tooltip."""
    message = bar.findChild(PathMessage, "status-path-message") or PathMessage(bar)
    message.show(before, path, after, timeout)
