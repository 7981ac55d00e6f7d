"""Count tables of a contest: the boxes each table receives, and its expected papers once verified."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.count_file import CountFile
from app.services.setup_lists import SetupLists
from app.ui import wording
from app.ui.setup_page import SetupPage, button, field, fill_table, row_table, selected_key

HEADINGS = ["Table", "Boxes", "Expected papers"]
NOT_YET = "not yet: boxes to verify"


class TablesPage(SetupPage):
    """Tables on the left; the chosen table's boxes, ticked, on the right."""

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(count_file, parent)
        self.setAccessibleName("Count tables")
        self.table = row_table(HEADINGS, "Count tables")
        self.table.itemSelectionChanged.connect(self._chosen)
        tables_label = QLabel("Count &tables:")
        tables_label.setBuddy(self.table)
        form = QFormLayout()
        self.new_id = field(form, "&New table:", name="New table id")
        self.new_id.setPlaceholderText("e.g. T1")
        self.new_id.returnPressed.connect(self.add_table)
        self.add_button = button("&Add table")
        self.add_button.clicked.connect(self.add_table)
        self.remove_button = button("&Remove table")
        self.remove_button.clicked.connect(self.remove_table)
        self.boxes = QListWidget()
        self.boxes.setAccessibleName("Boxes the table receives")
        self.boxes.setAccessibleDescription("Tick each box this table receives; Space ticks")
        self.boxes_label = QLabel("&Boxes this table receives (Space ticks):")
        self.boxes_label.setBuddy(self.boxes)
        self.save_button = button("&Save boxes of this table")
        self.save_button.clicked.connect(self.save_boxes)
        left = QVBoxLayout()
        left.addWidget(tables_label)
        left.addWidget(self.table, 1)
        left.addLayout(form)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        left.addLayout(actions)
        right = QVBoxLayout()
        right.addWidget(self.boxes_label)
        right.addWidget(self.boxes, 1)
        right.addWidget(self.save_button)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    def refresh(self) -> None:
        keep = selected_key(self.table)
        tables = self._file.contest(self.contest_id).count_tables if self.contest_id else ()
        expected = SetupLists(self._file).expected_papers(self.contest_id) if self.contest_id else {}
        rows = [
            [
                t.id,
                ", ".join(t.boxes) or "none",
                NOT_YET if expected.get(t.id) is None else wording.figure(expected[t.id]),
            ]
            for t in tables
        ]
        fill_table(self.table, rows, [t.id for t in tables])
        ids = [t.id for t in tables]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
        elif ids:
            self.table.selectRow(0)
        self._chosen()
        self.setEnabled(self.contest_id is not None)

    def _chosen(self) -> None:
        self.boxes.clear()
        key = selected_key(self.table)
        if self.contest_id is None or key is None:
            return
        contest = self._file.contest(self.contest_id)
        owner = {box: t.id for t in contest.count_tables for box in t.boxes}
        for box in contest.ballot_boxes:
            at = owner.get(box.id)
            where = "" if at in (None, key) else f" (now at {at})"
            item = QListWidgetItem(f"{box.id}: {box.polling_station or box.kind}{where}")
            item.setData(Qt.ItemDataRole.UserRole, box.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if at == key else Qt.CheckState.Unchecked)
            self.boxes.addItem(item)
        self.boxes_label.setText(f"&Boxes table {key} receives (Space ticks):")

    def add_table(self) -> None:
        if self.contest_id is None:
            return
        contest_id, ident = self.contest_id, self.new_id.text()

        def add(reason: str | None) -> bool:
            SetupLists(self._file).add_table(contest_id, ident, reason)
            return True

        if self.save(f"count table {ident.strip()}", "edit-count-tables", add):
            self.new_id.clear()
            for row in range(self.table.rowCount()):
                item = self.table.item(row, 0)
                if item is not None and item.text() == ident.strip():
                    self.table.selectRow(row)
            self.boxes.setFocus()

    def remove_table(self) -> None:
        key = selected_key(self.table)
        if self.contest_id is None or key is None:
            return
        contest_id = self.contest_id

        def remove(reason: str | None) -> bool:
            SetupLists(self._file).remove_table(contest_id, key, reason)
            return True

        self.save(f"count table {key} removed", "edit-count-tables", remove)

    def save_boxes(self) -> None:
        key = selected_key(self.table)
        if self.contest_id is None or key is None:
            self.say("Add or choose a count table first.")
            return
        contest_id = self.contest_id
        ticked = tuple(
            str(self.boxes.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.boxes.count())
            if self.boxes.item(i).checkState() == Qt.CheckState.Checked
        )

        def assign(reason: str | None) -> bool:
            SetupLists(self._file).set_table_boxes(contest_id, key, ticked, reason)
            return True

        self.save(f"the boxes of table {key}", "edit-count-tables", assign)
