"""Section headings: bold labels whose Alt+letter mnemonic moves the focus to the widget they name."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def section_label(text: str, buddy: QWidget | None = None) -> QLabel:
    """A bold heading whose Alt+letter mnemonic moves the focus to the widget it names (given here; a
    heading made before its widget shows its text without the mnemonic until given its buddy)."""
    label = QLabel(text if buddy is not None else text.replace("&", ""))  # no buddy: "&" would show
    if buddy is not None:
        label.setBuddy(buddy)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text.replace("&", ""))
    return label
