"""CSV import with a preview: the rows as they will be saved, every bad row listed, Import when clean."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.csv_import import BoxRow, CandidateRow
from app.domain.dc_candidates import DcRow
from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.setup import Setup
from app.services.setup_import import ImportPreview, SetupImport
from app.ui import wording
from app.ui.screen_fit import resize_within_screen
from app.ui.setup_page import MESSAGE_STYLE, ask_reason, fill_table, row_table, sentence
from app.ui.training import training_title

KINDS = ("candidates", "boxes", "democracy-club")
TITLES = {
    "candidates": "Import candidates from CSV",
    "boxes": "Import ballot boxes from CSV",
    "democracy-club": "Import contests from a Democracy Club CSV",
}
HEADINGS = {
    "candidates": ["Line", "Surname", "Forenames", "Commonly used names", "Description"],
    "boxes": [
        "Line",
        "Box",
        "Polling station",
        "Polling place",
        "Kind",
        "Issued",
        "Unused",
        "Spoilt",
        "Tendered",
    ],
    "democracy-club": ["Line", "Ballot paper id", "Contest", "Seats", "Surname", "Forenames", "Description"],
}


def _optional(value: int | None) -> str:
    return "" if value is None else wording.figure(value)


def _cells(kind: str, row: Any) -> list[str]:
    if kind == "candidates":
        assert isinstance(row, CandidateRow)
        used = " ".join(x for x in (row.commonly_used_forenames, row.commonly_used_surname) if x)
        return [str(row.line), row.surname, row.forenames, used, row.description]
    if kind == "boxes":
        assert isinstance(row, BoxRow)
        box, account = row.box, row.account
        return [
            str(row.line),
            box.id,
            box.polling_station,
            box.polling_place,
            "Postal" if box.kind == "postal" else "Polling station",
            wording.figure(box.issued),
            _optional(account.unused),
            _optional(account.spoilt),
            _optional(account.tendered),
        ]
    assert isinstance(row, DcRow)
    candidate = row.candidate
    seats = "" if row.seats is None else str(row.seats)
    surname = candidate.surname + (" (guessed)" if row.surname_guessed else "")
    return [
        str(row.line),
        row.ballot_paper_id,
        row.post_label,
        seats,
        surname,
        candidate.forenames,
        candidate.description,
    ]


class CsvImportDialog(QDialog):
    """Reads the file, shows what would be saved and every problem; Import saves all of it or nothing."""

    def __init__(
        self,
        count_file: CountFile,
        kind: str,
        path: Path,
        contest_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(f"unknown import {kind!r}")
        self._file, self._kind, self._contest_id = count_file, kind, contest_id
        self.saved = False
        self.preview: ImportPreview[Any] | None = None
        self.setWindowTitle(training_title(count_file, TITLES[kind]))
        self.setAccessibleName(TITLES[kind])
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the file holds")
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName("Notes")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems to fix")
        self.problems_label = QLabel("&Problems to fix:")
        self.problems_label.setBuddy(self.problems)
        self.rows = row_table(HEADINGS[kind], "Rows to import")
        rows_label = QLabel("&Rows as they will be saved:")
        rows_label.setBuddy(self.rows)
        self.message = QLabel("")
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("&Import")
        self.import_button.setAccessibleName("Import")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.commit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.notes, self.problems_label, self.problems, rows_label):
            layout.addWidget(widget)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        resize_within_screen(self, 900, 560)
        self._read(path)

    def _read(self, path: Path) -> None:
        importer = SetupImport(self._file)
        try:
            if self._kind == "candidates":
                self.preview = importer.preview_candidates(path, str(self._contest_id))
            elif self._kind == "boxes":
                self.preview = importer.preview_boxes(path, str(self._contest_id))
            else:
                self.preview = importer.preview_democracy_club(path)
        except ServiceError as error:
            self.summary.setText(sentence(error))
            self.import_button.setEnabled(False)
            self.problems_label.setVisible(False)
            self.problems.setVisible(False)
            return
        csv = self.preview.csv
        self.summary.setText(
            f"{path.name}: {csv.summary()}. {len(csv.rows)} row(s) ready, {len(csv.problems)} problem(s)."
            + ("" if self.preview.importable else " Nothing can be imported until every problem is fixed.")
        )
        self.notes.setText(" ".join(csv.notes))
        self.notes.setVisible(bool(csv.notes))
        self.problems.clear()
        for problem in csv.problems:
            self.problems.addItem(str(problem))
        self.problems_label.setText(
            f"&Problems to fix ({len(csv.problems)}):" if csv.problems else "&Problems: none"
        )
        self.problems.setVisible(bool(csv.problems))
        fill_table(
            self.rows, [_cells(self._kind, row) for row in csv.rows], [str(i) for i in range(len(csv.rows))]
        )
        self.import_button.setEnabled(self.preview.importable)
        (self.import_button if self.preview.importable else self.problems).setFocus()

    def commit(self) -> None:
        """Save every row in one action (with the RO's reason once counting has begun)."""
        preview = self.preview
        if preview is None or not preview.importable:
            return
        importer = SetupImport(self._file)
        action_contest = None if self._kind == "democracy-club" else self._contest_id
        try:
            reason = None
            if Setup(self._file).needs_reason(action_contest, "import-csv"):
                reason = ask_reason(self, TITLES[self._kind].lower())
                if reason is None:
                    return
            if self._kind == "candidates":
                importer.import_candidates(str(self._contest_id), preview, reason)
            elif self._kind == "boxes":
                importer.import_boxes(str(self._contest_id), preview, reason)
            else:
                importer.import_democracy_club(preview, reason=reason)
        except ServiceError as error:
            self.message.setText(sentence(error))
            self.message.setVisible(True)
            return
        self.saved = True
        self.accept()


def choose_csv(parent: QWidget | None, title: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, "", "CSV files (*.csv *.txt);;All files (*)")
    return Path(chosen) if chosen else None


def _run(
    parent: QWidget | None, count_file: CountFile, kind: str, contest_id: str | None, path: Path | None
) -> bool:
    path = path or choose_csv(parent, TITLES[kind])
    if path is None:
        return False
    dialog = CsvImportDialog(count_file, kind, path, contest_id, parent)
    dialog.exec()
    return dialog.saved


def import_candidates_csv(
    parent: QWidget | None, count_file: CountFile, contest_id: str, path: Path | None = None
) -> bool:
    """Choose a candidates CSV, preview it, import it; True if saved."""
    return _run(parent, count_file, "candidates", contest_id, path)


def import_boxes_csv(
    parent: QWidget | None, count_file: CountFile, contest_id: str, path: Path | None = None
) -> bool:
    return _run(parent, count_file, "boxes", contest_id, path)


def import_democracy_club_csv(
    parent: QWidget | None, count_file: CountFile, path: Path | None = None
) -> bool:
    return _run(parent, count_file, "democracy-club", None, path)
