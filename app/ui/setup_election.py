"""The election's details (title, poll date, authority, venue, Returning Officer) and a new count file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.election import Election
from app.domain.people import ROLE_TITLES
from app.services.count_file import COUNT_FILE_SUFFIX, CountFile
from app.services.errors import ServiceError
from app.services.setup import ElectionDetails, Setup, create_count_file
from app.ui.setup_page import MESSAGE_STYLE, SetupPage, button, field, sentence

CAPACITIES = ("Returning Officer", "Acting Returning Officer", "Deputy Returning Officer")
FIRST_ROLES = ("administrator", "returning-officer")


class ElectionForm(QWidget):
    """The election's details as a form (no saving of its own)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.title = field(form, "&Title:", name="Election title")
        self.poll_date = QDateEdit()
        self.poll_date.setCalendarPopup(True)
        self.poll_date.setDisplayFormat("d MMMM yyyy")
        self.poll_date.setDate(QDate.currentDate())
        field(form, "&Poll date:", self.poll_date, "Poll date")
        self.authority = field(form, "&Authority:", name="Authority")
        self.venue = field(form, "&Venue:", name="Venue")
        self.ro_name = field(form, "&Returning Officer:", name="Returning Officer's name")
        self.ro_capacity = QComboBox()
        self.ro_capacity.setEditable(True)
        self.ro_capacity.addItems(CAPACITIES)
        self.ro_capacity.setCurrentText("Acting Returning Officer")
        field(form, "&Capacity:", self.ro_capacity, "Returning Officer's capacity")
        self.training = QCheckBox("Training file (practice, not a real election)")
        self.training.setAccessibleName("Training file")
        form.addRow("", self.training)
        self._id = ""

    def details(self) -> ElectionDetails:
        qdate = self.poll_date.date()
        return ElectionDetails(
            title=self.title.text(),
            poll_date=date(qdate.year(), qdate.month(), qdate.day()),
            authority=self.authority.text(),
            venue=self.venue.text(),
            ro_name=self.ro_name.text(),
            ro_capacity=self.ro_capacity.currentText(),
            training=self.training.isChecked(),
            id=self._id,
        )

    def show_election(self, election: Election) -> None:
        self._id = election.id
        self.title.setText(election.title)
        self.poll_date.setDate(
            QDate(election.poll_date.year, election.poll_date.month, election.poll_date.day)
        )
        self.authority.setText(election.authority)
        self.venue.setText(election.venue)
        self.ro_name.setText(election.returning_officer.name)
        self.ro_capacity.setCurrentText(election.returning_officer.capacity)
        self.training.setChecked(election.training)


class ElectionPage(SetupPage):
    """The election's details, and the record of setup changes made after counting began."""

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(count_file, parent)
        self.setAccessibleName("Election")
        self.form = ElectionForm()
        self.save_button = button("&Save election details")
        self.save_button.clicked.connect(self.save_details)
        self.changes = QListWidget()
        self.changes.setAccessibleName("Setup changes after counting began")
        changes_label = QLabel(
            "Setup changes after counting began (each with the Returning Officer's reason):"
        )
        changes_label.setBuddy(self.changes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(changes_label)
        layout.addWidget(self.changes, 1)
        self.refresh()

    def refresh(self) -> None:
        self.form.show_election(self._file.election)
        self.changes.clear()
        for change in Setup(self._file).changes():
            where = change.contest_id or "election"
            self.changes.addItem(f"{where}: {change.what}. Reason: {change.reason} ({change.changed_by})")
        if not self.changes.count():
            self.changes.addItem("None.")

    def save_details(self) -> None:
        details = self.form.details()
        self.save(
            "the election's details",
            "edit-contest",
            lambda reason: Setup(self._file).edit_election(details, reason),
            election_wide=True,
        )


class NewCountFileDialog(QDialog):
    """A new count file from scratch: where, the election's details, and its first user."""

    def __init__(self, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_file: CountFile | None = None
        self.setWindowTitle("New count file")
        self.setAccessibleName("New count file")
        intro = QLabel(
            "A new count file for one poll day at one count centre. You become its first user, "
            "as administrator or Returning Officer; add the others later."
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("What this does")
        self.election = ElectionForm()
        people = QFormLayout()
        self.path = field(people, "&File:", name="Count file")
        self.path.setText(str((folder or Path.home()) / f"count{COUNT_FILE_SUFFIX}"))
        self.user = field(people, "&Your name:", name="Your name")
        self.role = QComboBox()
        for role in FIRST_ROLES:
            self.role.addItem(ROLE_TITLES[role], role)
        field(people, "Your r&ole:", self.role, "Your role")
        self.pin = field(people, "P&IN:", name="PIN")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again = field(people, "PIN a&gain:", name="PIN again")
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        create = buttons.button(QDialogButtonBox.StandardButton.Ok)
        create.setText("Create count file")
        create.setAccessibleName("Create count file")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        choose = button("&Browse…", "Choose where to save")
        choose.clicked.connect(self.choose_path)
        buttons.addButton(choose, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.election)
        layout.addLayout(people)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.election.title.setFocus()

    def choose_path(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "New count file", self.path.text(), f"Count files (*{COUNT_FILE_SUFFIX})"
        )
        if chosen:
            self.path.setText(chosen if chosen.endswith(COUNT_FILE_SUFFIX) else chosen + COUNT_FILE_SUFFIX)

    def create(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self._say("The two PINs differ; type the same PIN twice.")
            self.pin.clear()
            self.pin_again.clear()
            self.pin.setFocus()
            return
        try:
            self.count_file = create_count_file(
                Path(self.path.text().strip()),
                self.election.details(),
                self.user.text(),
                str(self.role.currentData()),
                self.pin.text(),
            )
        except (ServiceError, OSError) as error:
            self._say(sentence(error))
            return
        self.accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)


def new_count_file(parent: QWidget | None = None, folder: Path | None = None) -> CountFile | None:
    """Ask for a new count file's details and make it; None if the user cancels."""
    dialog = NewCountFileDialog(folder, parent)
    dialog.exec()
    return dialog.count_file
