"""Candidates of a contest in ballot-paper order: names, commonly used names, description, order override."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from app.domain.election import Candidate
from app.services.count_file import CountFile
from app.services.setup_lists import CandidateDetails, SetupLists
from app.ui.setup_csv import import_candidates_csv
from app.ui.setup_page import SetupPage, button, field, fill_table, row_table, selected_key

HEADINGS = ["Ballot position", "Surname", "Forenames", "Commonly used names", "Description", "Order"]


class CandidatesPage(SetupPage):
    """The chosen contest's candidates; the ballot order is alphabetical unless an override is recorded."""

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(count_file, parent)
        self.setAccessibleName("Candidates")
        self.table = row_table(HEADINGS, "Candidates in ballot-paper order")
        self.table.itemSelectionChanged.connect(self._chosen)
        table_label = QLabel("Candi&dates in ballot-paper order:")
        form = QFormLayout()
        self.surname = field(form, "&Surname:", name="Surname")
        self.forenames = field(form, "&Forenames:", name="Forenames")
        self.cu_surname = field(form, "Commonly used s&urname:", name="Commonly used surname")
        self.cu_forenames = field(form, "Commonly used f&orenames:", name="Commonly used forenames")
        self.description = field(form, "D&escription:", name="Description")
        self.add_button = button("&Add candidate")
        self.add_button.clicked.connect(self.add_candidate)
        self.save_button = button("Sa&ve changes")
        self.save_button.clicked.connect(self.save_candidate)
        self.remove_button = button("&Remove candidate")
        self.remove_button.clicked.connect(self.remove_candidate)
        self.import_button = button("&Import CSV…", "Import candidates from CSV")
        self.import_button.clicked.connect(self.import_csv)
        override = QGroupBox("Ballot order override (recorded with its reason)")
        override.setAccessibleName("Ballot order override")
        override_form = QFormLayout(override)
        self.position = QSpinBox()
        self.position.setSpecialValueText("alphabetical")
        field(override_form, "&Position:", self.position, "Ballot position")
        self.reason = field(override_form, "Rea&son:", name="Reason for the ballot position")
        self.reason.setPlaceholderText("e.g. as printed on the ballot paper")
        self.position_button = button("Set &ballot position")
        self.position_button.clicked.connect(self.set_position)
        override_form.addRow("", self.position_button)

        self.lay_out_list(
            table_label,
            form,
            [self.add_button, self.save_button, self.remove_button, self.import_button],
            override,
        )

    def _lists(self) -> SetupLists:
        return SetupLists(self._file)

    def _ordered(self) -> tuple[Candidate, ...]:
        return self._lists().ballot_order(self.contest_id) if self.contest_id else ()

    def refresh(self) -> None:
        ordered = self._ordered()
        rows = [
            [
                str(position),
                c.surname,
                c.forenames,
                " ".join(x for x in (c.commonly_used_forenames, c.commonly_used_surname) if x),
                c.description,
                "override" if c.ballot_position is not None else "alphabetical",
            ]
            for position, c in enumerate(ordered, start=1)
        ]
        fill_table(self.table, rows, [c.id for c in ordered])
        self.position.setRange(0, max(len(ordered), 1))
        self.setEnabled(self.contest_id is not None)

    def _chosen(self) -> None:
        key = selected_key(self.table)
        candidate = next((c for c in self._ordered() if c.id == key), None)
        if candidate is None:
            return
        self.surname.setText(candidate.surname)
        self.forenames.setText(candidate.forenames)
        self.cu_surname.setText(candidate.commonly_used_surname or "")
        self.cu_forenames.setText(candidate.commonly_used_forenames or "")
        self.description.setText(candidate.description)
        self.position.setValue(candidate.ballot_position or 0)

    def _details(self) -> CandidateDetails:
        return CandidateDetails(
            self.surname.text(),
            self.forenames.text(),
            self.description.text(),
            self.cu_surname.text(),
            self.cu_forenames.text(),
        )

    def add_candidate(self) -> None:
        if self.contest_id is None:
            return
        contest_id, details = self.contest_id, self._details()
        made = self.save(
            f"candidate {details.forenames} {details.surname}".replace("  ", " "),
            "edit-candidates",
            lambda reason: self._lists().add_candidate(contest_id, details, reason),
        )
        if made is not None:
            for edit in (self.surname, self.forenames, self.cu_surname, self.cu_forenames, self.description):
                edit.clear()
            self.surname.setFocus()

    def save_candidate(self) -> None:
        key = selected_key(self.table)
        if self.contest_id is None or key is None:
            self.say("Choose the candidate to change in the list first.")
            return
        contest_id, details = self.contest_id, self._details()
        self.save(
            f"candidate {details.surname}",
            "edit-candidates",
            lambda reason: self._lists().edit_candidate(contest_id, key, details, reason),
        )

    def remove_candidate(self) -> None:
        self.remove_chosen("candidate", "edit-candidates", self._lists().remove_candidate)

    def set_position(self) -> None:
        key = selected_key(self.table)
        if self.contest_id is None or key is None:
            self.say("Choose the candidate in the list first.")
            return
        contest_id, position, why = self.contest_id, self.position.value() or None, self.reason.text()

        def place(_late_reason: str | None) -> bool:
            # The override's own reason is always recorded, and serves as a late change's reason too.
            self._lists().set_ballot_position(contest_id, key, position, why)
            return True

        if self.save("the ballot position", "edit-candidates", place, has_reason=True):
            self.reason.clear()

    def import_csv(self) -> None:
        if self.contest_id and import_candidates_csv(self, self._file, self.contest_id):
            self.refresh()
            self.changed.emit()
