"""Windows open at a size that fits the screen they open on (a 1366 × 768 laptop is common in a hall)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

ROOM = 0.95  # of the screen's free area: the frame and title bar need a little too


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to width × height, or to as much of the screen as is free (so the buttons at the bottom
    of a tall window are never below the screen's edge, out of sight and out of reach of the mouse)."""
    screen = (window.parentWidget() or window).screen()
    room = screen.availableGeometry()
    window.resize(min(width, int(room.width() * ROOM)), min(height, int(room.height() * ROOM)))
