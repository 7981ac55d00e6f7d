"""The supervisor's review: both entries side by side, every problem at once, sending boxes back."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalogue import CATALOGUE, Problem
from app.domain.double_entry import SheetState
from app.domain.entry_review import Comparison
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.services.errors import ServiceError
from app.ui.operator_switch import at_the_keyboard
from app.ui.screen_fit import resize_within_screen
from app.ui.status_colours import tint
from app.ui.training import training_title
from app.ui.view_fit import fit_list_rows
from app.ui.wording import NONE_SHOWN, figure

CHOICES = (
    ("", "Choose which entry matches the paper…"),
    ("first", "The first entry matches the paper"),
    ("second", "The second entry matches the paper"),
    ("neither", "Neither matches: both re-key this box"),
)
STATE_WORDS = {
    SheetState.DIFFERENT: "the entries differ",
    SheetState.HAS_ERRORS: "finished with errors",
    SheetState.CORRECTION: "boxes sent back, being re-keyed",
}
OK_STYLE = "QLabel { color: #1b5e20; font-weight: bold; }"
BAD_STYLE = "QLabel { color: #b00020; font-weight: bold; }"


def supervisor_words(found: Problem) -> str:
    """A problem as the supervisor sees it: code, the figures, and what to do."""
    return f"{found.code} {found.severity}: {found.message}. {CATALOGUE[found.code].supervisor_text}"


class SupervisorReview(QDialog):
    """Sheets that wait for a supervisor, one at a time; warnings to acknowledge; single entry."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._file = count_file
        self._counting = Counting(count_file)
        self._contest_id = contest_id
        self._comparisons: list[Comparison] = []
        self.choices: dict[str, QComboBox] = {}
        contest_name = count_file.contest(contest_id).name
        self.setWindowTitle(training_title(count_file, f"Supervisor review — {contest_name}"))
        self.setAccessibleName("Supervisor review")
        resize_within_screen(self, 1000, 860)

        self.who = QLabel(at_the_keyboard(count_file))
        self.who.setAccessibleName("Who is at the keyboard")
        self.sheets = QListWidget()
        self.sheets.setAccessibleName("Sheets waiting for the supervisor")
        self.sheets.currentRowChanged.connect(self._show_sheet)
        self.boxes = QTableWidget(0, 3)
        # until a sheet is chosen: then the columns name the operators
        self.boxes.setHorizontalHeaderLabels(["Box", "First entry", "Second entry"])
        self.boxes.setAccessibleName("Both entries side by side")
        self.boxes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.boxes.setTabKeyNavigation(False)
        self.boxes.verticalHeader().setVisible(False)
        self.boxes.horizontalHeader().setAccessibleName("Column headings: box, first entry, second entry")
        self.boxes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.boxes.horizontalHeader().setStretchLastSection(True)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Every problem of the sheet")
        self.problems.setWordWrap(True)
        self.decisions = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason or note")
        self.reason.setPlaceholderText("Reason (kept with the sheet's record)")
        self.send_back = self._button("Send the &boxes back for correction", self.resolve)
        self.return_sheet = self._button("&Return the sheet to its operator", self.return_to_operator)
        self.discard_second = self._button("Discard the &second entry", self.discard_second_entry)
        self.discard_both = self._button("Discard &both entries", self.discard_both_entries)
        self.outcome = QLabel("")
        self.outcome.setAccessibleName("What happened")
        self.outcome.setWordWrap(True)

        self.warnings = QListWidget()
        self.warnings.setAccessibleName("Open warnings")
        self.warnings.setWordWrap(True)
        self.warning_reason = QLineEdit()
        self.warning_reason.setAccessibleName("Reason for acknowledging the warning")
        self.warning_reason.setPlaceholderText("Why the warning is acceptable (printed on the count summary)")
        self.acknowledge = self._button("&Acknowledge the warning", self.acknowledge_warning)
        self.single = QComboBox()
        self.single.setAccessibleName("Entry mode for this contest")
        self.single.addItems(["Double entry (two operators)", "Single entry (Returning Officer's decision)"])
        self.single_reason = QLineEdit()
        self.single_reason.setAccessibleName("Reason for the entry-mode decision")
        self.single_reason.setPlaceholderText("Reason (printed on the count summary)")
        self.decide = self._button("Record the &decision", self.decide_single_entry)

        sheet_buttons = QHBoxLayout()
        for button in (self.send_back, self.return_sheet, self.discard_second, self.discard_both):
            sheet_buttons.addWidget(button)
        warning_row = QHBoxLayout()
        warning_row.addWidget(self.warning_reason, 1)
        warning_row.addWidget(self.acknowledge)
        single_row = QHBoxLayout()
        single_row.addWidget(self.single)
        single_row.addWidget(self.single_reason, 1)
        single_row.addWidget(self.decide)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self._heading("Sheets waiting", self.sheets))
        layout.addWidget(self.sheets)
        layout.addWidget(self._heading("Both entries, box by box", self.boxes))
        layout.addWidget(self.boxes, 2)
        layout.addWidget(self._heading("Every problem, for one trip to the table", self.problems))
        layout.addWidget(self.problems, 1)
        layout.addLayout(self.decisions)
        layout.addWidget(self.reason)
        layout.addLayout(sheet_buttons)
        layout.addWidget(self.outcome)
        layout.addWidget(self._heading("Warnings to acknowledge", self.warnings))
        layout.addWidget(self.warnings)
        layout.addLayout(warning_row)
        layout.addWidget(self._heading("Single entry (the Returning Officer only)", self.single))
        layout.addLayout(single_row)
        self.refresh()
        self.sheets.setFocus()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(slot)
        return button

    @staticmethod
    def _heading(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setBuddy(buddy)
        return label

    # reading
    def refresh(self, select: str | None = None) -> None:
        try:
            self._comparisons = self._counting.waiting(self._contest_id)
        except ServiceError as error:
            self._comparisons = []
            self._say(str(error)[:1].upper() + str(error)[1:], ok=False)
        self.sheets.clear()
        for comparison in self._comparisons:
            table = comparison.layout.table_id
            item = QListWidgetItem(f"Table {table}: {STATE_WORDS.get(comparison.state, comparison.state)}")
            item.setData(Qt.ItemDataRole.UserRole, table)
            self.sheets.addItem(item)
        if not self._comparisons:
            self.sheets.addItem("No sheet waits for a supervisor.")
            self._show_sheet(-1)
        else:
            tables = [c.layout.table_id for c in self._comparisons]
            self.sheets.setCurrentRow(tables.index(select) if select in tables else 0)
        self.warnings.clear()
        try:
            for warning in self._counting.open_warnings(self._contest_id):
                item = QListWidgetItem(f"{warning.code} ({warning.where}): {warning.message}")
                item.setData(Qt.ItemDataRole.UserRole, warning)
                self.warnings.addItem(item)
        except ServiceError as error:
            self._say(str(error), ok=False)
        if self.warnings.count():
            self.warnings.setCurrentRow(0)
        for shown in (self.sheets, self.warnings):
            fit_list_rows(shown)
        decision = self._counting.single_entry(self._contest_id)
        self.single.setCurrentIndex(1 if decision is not None and decision.single_entry else 0)

    def current(self) -> Comparison | None:
        row = self.sheets.currentRow()
        return self._comparisons[row] if 0 <= row < len(self._comparisons) else None

    def _show_sheet(self, row: int) -> None:
        comparison = self._comparisons[row] if 0 <= row < len(self._comparisons) else None
        self.boxes.setRowCount(0)
        self.problems.clear()
        while self.decisions.rowCount():
            self.decisions.removeRow(0)
        self.choices = {}
        state = comparison.state if comparison else None
        self.send_back.setEnabled(state == SheetState.DIFFERENT)
        self.discard_second.setEnabled(state == SheetState.DIFFERENT)
        self.return_sheet.setEnabled(state in (SheetState.DIFFERENT, SheetState.HAS_ERRORS))
        self.discard_both.setEnabled(comparison is not None)
        if comparison is None:
            return
        first = comparison.first_operator or NONE_SHOWN
        second = comparison.second_operator or NONE_SHOWN
        self.boxes.setHorizontalHeaderLabels(["Box", f"First entry ({first})", f"Second entry ({second})"])
        differing = set(comparison.differing) if comparison.second_operator else set()
        for cell in comparison.cells:
            row_index = self.boxes.rowCount()
            self.boxes.insertRow(row_index)
            marker = "≠ " if cell.key in differing else ""
            texts = (marker + cell.description, figure(cell.first), figure(cell.second))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if cell.key in differing:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.boxes.setItem(row_index, column, item)
        for found in comparison.problems:
            self.problems.addItem(supervisor_words(found))
        for who, found_list in (("First entry", comparison.first_problems),
                                ("Second entry", comparison.second_problems)):
            for found in found_list:
                self.problems.addItem(f"{who}: {supervisor_words(found)}")
        if state == SheetState.DIFFERENT:
            for cell in comparison.cells:
                if cell.key in differing:
                    combo = QComboBox()
                    combo.setAccessibleName(f"Which entry matches the paper: {cell.description}")
                    for value, words in CHOICES:
                        combo.addItem(words, value)
                    self.choices[cell.key] = combo
                    self.decisions.addRow(f"{cell.description} ({figure(cell.first)} or "
                                          f"{figure(cell.second)}):", combo)
        self._tab_order()

    def _tab_order(self) -> None:
        """Tab follows the screen top to bottom, the decisions made on the fly included."""
        chain: list[QWidget] = [self.sheets, self.boxes, self.problems, *self.choices.values(), self.reason,
                                self.send_back, self.return_sheet, self.discard_second, self.discard_both,
                                self.warnings, self.warning_reason, self.acknowledge, self.single,
                                self.single_reason, self.decide]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # acting
    def _act(self, action: Callable[[], object], done: str) -> bool:
        comparison = self.current()
        table = comparison.layout.table_id if comparison else None
        try:
            action()
        except ServiceError as error:
            self._say(str(error)[:1].upper() + str(error)[1:], ok=False)
            return False
        self.reason.clear()
        self.refresh(select=table)
        self._say(done)
        return True

    def resolve(self) -> None:
        comparison = self.current()
        if comparison is None:
            return
        chosen = {key: str(combo.currentData()) for key, combo in self.choices.items()}
        if not all(chosen.values()):
            self._say("Choose, for every differing box, which entry matches the paper sheet.", ok=False)
            return
        table = comparison.layout.table_id
        self._act(
            lambda: self._counting.resolve(self._contest_id, table, chosen, self.reason.text()),
            f"Table {table}: the boxes were sent back; each is keyed again without seeing the other entry.",
        )

    def return_to_operator(self) -> None:
        comparison = self.current()
        if comparison is not None:
            table = comparison.layout.table_id
            self._act(
                lambda: self._counting.return_to_operator(self._contest_id, table, self.reason.text()),
                f"Table {table} is back with its first operator.",
            )

    def discard_second_entry(self) -> None:
        self.discard("second")

    def discard_both_entries(self) -> None:
        self.discard("both")

    def discard(self, which: str) -> None:
        comparison = self.current()
        if comparison is not None:
            table = comparison.layout.table_id
            self._act(
                lambda: self._counting.discard(self._contest_id, table, which, self.reason.text()),
                f"Table {table}: {'the second entry was' if which == 'second' else 'both entries were'} "
                "set aside (they stay in the file).",
            )

    def acknowledge_warning(self) -> None:
        item = self.warnings.currentItem()
        warning = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(warning, Problem):
            return
        reason = self.warning_reason.text()
        # The reason stays for correcting when the acknowledgement is refused.
        if self._act(lambda: self._counting.acknowledge(self._contest_id, warning, reason),
                     f"{warning.code} acknowledged."):
            self.warning_reason.clear()

    def decide_single_entry(self) -> None:
        single = self.single.currentIndex() == 1
        reason = self.single_reason.text()
        self._act(lambda: self._counting.decide_single_entry(self._contest_id, single, reason),
                  "The decision is recorded.")

    def _say(self, text: str, ok: bool = True) -> None:
        self.outcome.setText(text)
        tint(self.outcome, OK_STYLE if ok else BAD_STYLE)


def review_sheets(parent: QWidget | None, count_file: CountFile, contest_id: str) -> None:
    """Show the supervisor's review of a contest's sheets until it is closed."""
    dialog = SupervisorReview(count_file, contest_id, parent)
    dialog.exec()
    dialog.deleteLater()
