"""The main window's permanent status: TRAINING, the count file's name and its fingerprint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.services.count_file import CountFile

TRAINING = "TRAINING"
# Black on yellow with a border: readable in high contrast, and the words say it without the colour.
TRAINING_STYLE = (
    "QLabel { background: #ffd400; color: #000000; font-weight: bold;"
    " border: 2px solid #000000; padding: 3px 12px; }"
)


class FileStatus:
    """Three labels kept on the right of the status bar, always visible while a file is open."""

    def __init__(self, status: QStatusBar) -> None:
        status.setAccessibleName("Status bar")
        self.file_label = QLabel("")
        self.file_label.setAccessibleName("Count file")
        self.fingerprint_label = QLabel("")
        self.fingerprint_label.setAccessibleName("Fingerprint")
        self.fingerprint_label.setToolTip(
            "The audit chain head and event count: every printed sheet carries the same"
        )
        self.training_label = QLabel(TRAINING)
        self.training_label.setAccessibleName("Training file")
        self.training_label.setStyleSheet(TRAINING_STYLE)
        for label in (self.training_label, self.file_label, self.fingerprint_label):
            status.addPermanentWidget(label)

    def show(self, count_file: CountFile | None) -> None:
        training = count_file is not None and count_file.election.training
        self.training_label.setVisible(training)
        if count_file is None:
            self.file_label.setText("No count file open")
            self.file_label.setToolTip("")
            self.fingerprint_label.setText("")
            return
        self.file_label.setText(f"File: {count_file.path.name}")
        self.file_label.setToolTip(str(count_file.path))
        fingerprint = count_file.fingerprint()
        events = "1 event" if fingerprint.event_count == 1 else f"{fingerprint.event_count:,} events"
        self.fingerprint_label.setText(f"Fingerprint {fingerprint.short} · {events}")
