"""Ballot boxes of a contest: id, polling station and place, kind, papers issued and the other BPA figures."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.domain.election import BallotBox
from app.services.count_file import CountFile
from app.services.setup_lists import BoxDetails, SetupLists
from app.ui import wording
from app.ui.setup_csv import import_boxes_csv
from app.ui.setup_page import SetupPage, button, field, fill_table, row_table, selected_key

HEADINGS = ["Box", "Polling station", "Polling place", "Kind", "Issued", "Unused", "Spoilt", "Tendered"]
KINDS = {"polling-station": "Polling station", "postal": "Postal"}


def _optional(value: int | None) -> str:
    return "" if value is None else wording.figure(value)


class BoxesPage(SetupPage):
    """The chosen contest's ballot boxes with their ballot paper accounts."""

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(count_file, parent)
        self.setAccessibleName("Ballot boxes")
        self.table = row_table(HEADINGS, "Ballot boxes")
        self.table.itemSelectionChanged.connect(self._chosen)
        table_label = QLabel("Ballot bo&xes:")
        form = QFormLayout()
        self.ident = field(form, "&Box:", name="Box")
        self.station = field(form, "Polling &station:", name="Polling station")
        self.place = field(form, "Polling &place:", name="Polling place")
        self.kind = QComboBox()
        for kind, words in KINDS.items():
            self.kind.addItem(words, kind)
        field(form, "&Kind:", self.kind, "Kind")
        self.issued = field(form, "Papers &issued:", name="Papers issued")
        self.unused = field(form, "&Unused papers:", name="Unused papers")
        self.spoilt = field(form, "Spoil&t papers:", name="Spoilt papers")
        self.tendered = field(form, "Tendere&d papers:", name="Tendered papers")
        self.add_button = button("&Add box")
        self.add_button.clicked.connect(self.add_box)
        self.save_button = button("Sa&ve changes")
        self.save_button.clicked.connect(self.save_box)
        self.remove_button = button("&Remove box")
        self.remove_button.clicked.connect(self.remove_box)
        self.import_button = button("Import &CSV…", "Import ballot boxes from CSV")
        self.import_button.clicked.connect(self.import_csv)
        self.lay_out_list(
            table_label, form, [self.add_button, self.save_button, self.remove_button, self.import_button]
        )

    def _boxes(self) -> tuple[BallotBox, ...]:
        return self._file.contest(self.contest_id).ballot_boxes if self.contest_id else ()

    def refresh(self) -> None:
        boxes = self._boxes()
        accounts = SetupLists(self._file).accounts(self.contest_id) if self.contest_id else {}
        rows = []
        for box in boxes:
            account = accounts.get(box.id)
            rows.append(
                [
                    box.id,
                    box.polling_station,
                    box.polling_place,
                    KINDS.get(box.kind, box.kind),
                    wording.figure(box.issued),
                    *(_optional(getattr(account, name, None)) for name in ("unused", "spoilt", "tendered")),
                ]
            )
        fill_table(self.table, rows, [box.id for box in boxes])
        self.setEnabled(self.contest_id is not None)

    def _chosen(self) -> None:
        key = selected_key(self.table)
        box = next((b for b in self._boxes() if b.id == key), None)
        if box is None or self.contest_id is None:
            return
        account = SetupLists(self._file).accounts(self.contest_id).get(box.id)
        self.ident.setText(box.id)
        self.station.setText(box.polling_station)
        self.place.setText(box.polling_place)
        self.kind.setCurrentIndex(max(0, self.kind.findData(box.kind)))
        self.issued.setText(str(box.issued))
        for edit, name in ((self.unused, "unused"), (self.spoilt, "spoilt"), (self.tendered, "tendered")):
            value = getattr(account, name, None)
            edit.setText("" if value is None else str(value))

    def _details(self) -> BoxDetails:
        return BoxDetails(
            self.ident.text(),
            self.station.text(),
            self.place.text(),
            str(self.kind.currentData()),
            self.issued.text(),
            self.unused.text(),
            self.spoilt.text(),
            self.tendered.text(),
        )

    def add_box(self) -> None:
        if self.contest_id is None:
            return
        contest_id, details = self.contest_id, self._details()
        made = self.save(
            f"box {details.id.strip()}",
            "edit-ballot-boxes",
            lambda reason: SetupLists(self._file).add_box(contest_id, details, reason),
        )
        if made is not None:
            for edit in (self.ident, self.station, self.issued, self.unused, self.spoilt, self.tendered):
                edit.clear()
            self.ident.setFocus()

    def save_box(self) -> None:
        if self.contest_id is None:
            return
        contest_id, details = self.contest_id, self._details()
        self.save(
            f"box {details.id.strip()}",
            "edit-ballot-boxes",
            lambda reason: SetupLists(self._file).edit_box(contest_id, details, reason),
        )

    def remove_box(self) -> None:
        self.remove_chosen("box", "edit-ballot-boxes", SetupLists(self._file).remove_box)

    def import_csv(self) -> None:
        if self.contest_id and import_boxes_csv(self, self._file, self.contest_id):
            self.refresh()
            self.changed.emit()
