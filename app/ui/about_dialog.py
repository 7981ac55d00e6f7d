"""The About dialog: CountDesk's version and those of Qt, PySide6, SQLite and the count-file format."""

from __future__ import annotations

from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.resources import resource_path

if TYPE_CHECKING:  # the facts are gathered when the dialog is opened, not with the main window (P4)
    from app.services.about import AboutFacts

SUMMARY = "The enumeration desk of an election count centre."
OFFLINE = "CountDesk works without a network and never opens a connection."
ABOUT_SHORTCUT = QKeySequence("Shift+F1")  # beside F1, the shortcut sheet


def version_rows(facts: AboutFacts) -> list[tuple[str, str]]:
    """The dialog's rows, label and value, in the order a support call reads them out."""
    return [
        ("CountDesk", facts.countdesk),
        ("Count-file format", facts.count_file_format_text),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLite", facts.sqlite),
        ("Python", facts.python),
    ]


def details_text(facts: AboutFacts) -> str:
    """The same facts as plain text, one per line, for pasting into a support request."""
    return "\n".join(f"{label}: {value}" for label, value in version_rows(facts)) + "\n"


class AboutDialog(QDialog):
    """Modal; Enter or Escape closes it, Copy details puts the versions on the clipboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.services.about import about_facts

        self.facts = about_facts()
        self.setWindowTitle("About CountDesk")
        self.setAccessibleName("About CountDesk")

        icon = QLabel()
        icon.setPixmap(QPixmap(str(resource_path("icons", "countdesk-64.png"))))
        icon.setAccessibleName("CountDesk icon")
        title = QLabel(f"CountDesk {self.facts.countdesk}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName(title.text())
        heading = QHBoxLayout()
        heading.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(title)
        words.addWidget(QLabel(SUMMARY))
        heading.addLayout(words, 1)

        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for label, value in version_rows(self.facts):
            shown = QLabel(value)
            # Selectable, so a version can be read out or copied by hand as well.
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(f"{label} version")
            form.addRow(f"{label}:", shown)
            self.values[label] = shown

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy details")
        self.copy_button.setAccessibleDescription("Copy these versions to the clipboard")
        self.copy_button.setAutoDefault(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addSpacing(title.sizeHint().height() // 2)
        layout.addLayout(form)
        layout.addSpacing(title.sizeHint().height() // 2)
        offline = QLabel(OFFLINE)
        offline.setWordWrap(True)
        layout.addWidget(offline)
        layout.addWidget(buttons)
        close.setFocus()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(details_text(self.facts))


def show_about(parent: QWidget | None = None) -> None:
    """Show the About dialog over parent until the user closes it (Help ▸ About CountDesk)."""
    AboutDialog(parent).exec()


def add_about_action(window: QWidget, menu: QMenu) -> QAction:
    """Help ▸ About CountDesk (Shift+F1)."""
    action = QAction("&About CountDesk", window)
    action.setObjectName("about")
    action.setShortcut(ABOUT_SHORTCUT)
    tip = "CountDesk's version and the versions of Qt and SQLite"
    action.setStatusTip(tip)
    action.setToolTip(f"{tip} ({ABOUT_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(lambda _checked=False: show_about(window))
    menu.addAction(action)
    return action
