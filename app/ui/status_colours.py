"""Status colours (saved, refused, waiting) in shades the window can show: light ones on a dark window."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

# On a dark window (the high-contrast theme) each status colour is shown in a light shade of itself:
# dark red or green on black is as hard to read as pale grey on white.
ON_DARK = {"#b00020": "#ff8a80", "#7a4b00": "#ffd54f", "#1b5e20": "#69f0ae"}
_STYLE = "countdesk-status-style"  # a label's status style as written, to tint it again later


def is_dark(widget: QWidget) -> bool:
    """Whether the widget's window is painted dark (the high-contrast theme)."""
    return widget.window().palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5


def shade(widget: QWidget, colour: str) -> QColor:
    """A status colour (one of ON_DARK's keys) as the widget's window can show it, e.g. for a table cell."""
    return QColor(ON_DARK.get(colour, colour) if is_dark(widget) else colour)


def tint(label: QLabel, style: str) -> None:
    """Give a label a status style, in the shades its window's palette can show."""
    label.setProperty(_STYLE, style)
    if is_dark(label):
        for dark, light in ON_DARK.items():
            style = style.replace(dark, light)
    label.setStyleSheet(style)


def tint_again(top: QWidget) -> None:
    """The theme changed: every status label under `top` in the new palette's shades."""
    for label in top.findChildren(QLabel):
        style = label.property(_STYLE)
        if isinstance(style, str):
            tint(label, style)
