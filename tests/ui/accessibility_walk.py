"""Walks a window's widgets for visible controls that a screen reader could not name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)


def unnamed_controls(top: QWidget) -> list[str]:
    """Each visible interactive widget (top included) without an accessible name, described."""
    return [
        f"{type(widget).__name__} {widget.objectName()!r} under {type(widget.parent()).__name__}"
        for widget in [top, *top.findChildren(QWidget)]
        if isinstance(widget, INTERACTIVE) and widget.isVisible() and not widget.accessibleName().strip()
    ]
