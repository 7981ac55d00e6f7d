"""The verification screen: type a box's count and Enter, the next box follows; outstanding always in view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.verification import BoxStatus
from app.domain.verification_statement import VerificationProgress
from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.verification import Verification
from app.ui import wording
from app.ui.contest_detail import read_only_table, section_label
from app.ui.operator_switch import SWITCH_SHORTCUT, at_the_keyboard, switch_operator
from app.ui.screen_fit import resize_within_screen
from app.ui.training import training_title
from app.ui.verification_model import BoxColumn, VerificationTableModel, status_words, variance_text
from app.ui.window_keys import WindowKey, bind_keys, key_of

# The screen's own keys, once: its shortcuts and buttons are made from here, and F1 lists them.
VERIFICATION_KEYS: tuple[WindowKey, ...] = (
    WindowKey("print", "&Print verification statement…", "Ctrl+P", "Save the statement as a PDF"),
    WindowKey("switch", "Switch operator", SWITCH_SHORTCUT.toString(), "Let the next person sign in"),
)
PRINT_KEY = key_of(VERIFICATION_KEYS, "print").keys
ALL_VERIFIED = f"Every box is verified. Print the verification statement ({PRINT_KEY})."
MESSAGE_STYLE = "QLabel { border: 2px solid palette(text); padding: 4px; font-weight: bold; }"


def progress_words(progress: VerificationProgress) -> str:
    """E.g. "12 of 30 boxes verified · polling station 10 of 25 · postal 2 of 5 · 14,210 papers verified"."""
    return (
        f"{progress.verified} of {progress.boxes} boxes verified · polling station "
        f"{progress.station.verified} of {progress.station.boxes} · postal {progress.postal.verified} of "
        f"{progress.postal.boxes} · {wording.figure(progress.papers_verified)} papers verified"
    )


def outstanding_words(status: BoxStatus) -> str:
    """One line of the outstanding list: the box, what it needs, its figures."""
    box = status.box
    if not status.counts:
        return f"{box.id}: not counted (expected {wording.figure(box.issued)})"
    return (
        f"{box.id}: counted {wording.figure(status.counts[-1])}, expected {wording.figure(box.issued)} "
        f"({variance_text(status)}); {status_words(status).lower()}"
    )


class VerificationPanel(QWidget):
    """One contest's boxes: the table, the entry of the current box, the outstanding list, progress."""

    saved = Signal()  # a count or an explanation was saved (after COMMIT)

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._file = count_file
        self._contest_id = contest_id
        self._desk = Verification(count_file)
        self._statuses: tuple[BoxStatus, ...] = ()
        self.current_box: str | None = None
        self.setAccessibleName("Verification")
        contest = count_file.contest(contest_id)

        heading = QLabel(f"Verification: {contest.name}")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setAccessibleName("Contest being verified")
        self.keyboard = QLabel("")
        self.keyboard.setAccessibleName("Who is at the keyboard")
        self.switch_button = QPushButton(key_of(VERIFICATION_KEYS, "switch").on_button())
        self.switch_button.setAccessibleName("Switch operator")
        self.switch_button.clicked.connect(self.switch)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Boxes verified")
        self.progress_bar.setFormat("%v of %m boxes verified")
        self.progress_text = QLabel("")
        self.progress_text.setAccessibleName("Verification progress")

        self.model = VerificationTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Ballot boxes")
        self.table.setAccessibleDescription("Every box with expected papers, counts, variance and status")
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Box table column headings")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.table.activated.connect(lambda _index: self.count.setFocus())

        self.current = QLabel("")
        self.current.setAccessibleName("Current box")
        self.current.setWordWrap(True)
        big = self.current.font()
        big.setPointSizeF(big.pointSizeF() * 1.25)
        big.setBold(True)
        self.current.setFont(big)
        self.count = QLineEdit()
        self.count.setPlaceholderText("digits, then Enter")
        self.count.returnPressed.connect(self.save_count)
        self.explanation = QLineEdit()
        self.explanation.setPlaceholderText("why the box differs from its account, then Enter")
        self.explanation.returnPressed.connect(self.save_explanation)
        self.explain_button = QPushButton("Record &explanation")
        self.explain_button.setAccessibleName("Record explanation")
        self.explain_button.clicked.connect(self.save_explanation)
        entry = QGroupBox("Count the box")
        entry.setAccessibleName("Count the box")
        form = QFormLayout(entry)
        form.addRow(self.current)
        count_label = QLabel("&Count:")
        count_label.setBuddy(self.count)
        self.count.setAccessibleName("Count")
        form.addRow(count_label, self.count)
        explanation_label = QLabel("E&xplanation:")
        explanation_label.setBuddy(self.explanation)
        self.explanation.setAccessibleName("Explanation")
        # The box's whole width for what is typed (beside the button it showed a dozen characters),
        # and the button under it, at the right.
        form.addRow(explanation_label, self.explanation)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.explain_button)
        form.addRow(row)
        self.message = QLabel("")
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setVisible(False)

        self.outstanding = QListWidget()
        self.outstanding.setAccessibleName("Outstanding boxes")
        self.outstanding.setAccessibleDescription("Boxes not yet verified; Enter chooses one to count")
        self.outstanding.itemActivated.connect(self._outstanding_chosen)
        self.outstanding.setWordWrap(True)
        self.outstanding_label = section_label("&Outstanding boxes", self.outstanding)
        self.print_button = QPushButton(key_of(VERIFICATION_KEYS, "print").on_button())
        self.print_button.setAccessibleName("Print verification statement")
        self.print_button.clicked.connect(self.print_statement)
        for button in (self.switch_button, self.explain_button, self.print_button):
            button.setAutoDefault(False)  # Enter belongs to the field being typed in, never a button
        bind_keys(self, VERIFICATION_KEYS, {"print": self.print_statement, "switch": self.switch})

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(entry)
        side_layout.addWidget(self.message)
        side_layout.addWidget(self.outstanding_label)
        side_layout.addWidget(self.outstanding, 1)
        side_layout.addWidget(self.print_button)
        boxes = QWidget()
        boxes_layout = QVBoxLayout(boxes)
        boxes_layout.setContentsMargins(0, 0, 0, 0)
        boxes_layout.addWidget(section_label("&Boxes", self.table))
        boxes_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(boxes)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([860, 400])  # the box table gets room for its explanation column
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.keyboard)
        top.addWidget(self.switch_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.progress_text)
        layout.addWidget(splitter, 1)
        self.refresh()
        self.go_to(self._next_box(None))

    # showing
    def refresh(self) -> None:
        """Read the boxes again and show them, keeping the current box."""
        self._statuses = self._desk.statuses(self._contest_id)
        self.model.show_statuses(self._statuses)
        progress = self._desk.progress(self._contest_id)
        self.progress_bar.setRange(0, max(progress.boxes, 1))
        self.progress_bar.setValue(progress.verified)
        self.progress_text.setText(progress_words(progress))
        self.outstanding.clear()
        for status in self._statuses:
            if not status.verified:
                item = QListWidgetItem(outstanding_words(status))
                item.setData(Qt.ItemDataRole.UserRole, status.box.id)
                self.outstanding.addItem(item)
        count = self.outstanding.count()
        self.outstanding_label.setText(
            f"&Outstanding boxes ({count})" if count else "&Outstanding boxes: none"
        )
        self.keyboard.setText(at_the_keyboard(self._file))
        self._show_current()

    def _status(self, box_id: str | None) -> BoxStatus | None:
        return next((s for s in self._statuses if s.box.id == box_id), None)

    def _show_current(self) -> None:
        status = self._status(self.current_box)
        if status is None:
            self.current.setText(ALL_VERIFIED if self._statuses else "This contest has no ballot boxes yet.")
            return
        box = status.box
        where = ", ".join(part for part in (box.polling_station, box.polling_place) if part)
        counts = ", ".join(wording.figure(c) for c in status.counts) or "none yet"
        self.current.setText(
            f"Box {box.id}"
            + (f" ({where})" if where else "")
            + f": expected {wording.figure(box.issued)}; counts {counts}; {status_words(status).lower()}"
        )
        self.explanation.setText(status.explanation or "")

    def go_to(self, box_id: str | None) -> None:
        """Make a box the current one (select its row) and put the cursor in the count field."""
        self.current_box = box_id
        row = self.model.row_of(box_id) if box_id else None
        if row is not None:
            index = self.model.index(row, BoxColumn.BOX)
            flags = QItemSelectionModel.SelectionFlag
            self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
            self.table.scrollTo(index)
        self._show_current()
        self.count.clear()
        self.count.setFocus()

    def _next_box(self, after: str | None) -> str | None:
        """The next box in order (after `after`, wrapping round) that is not verified."""
        ids = [s.box.id for s in self._statuses]
        start = ids.index(after) + 1 if after in ids else 0
        for box_id in ids[start:] + ids[:start]:
            status = self._status(box_id)
            if status is not None and not status.verified and box_id != after:
                return box_id
        return None

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        status = self.model.status_at(current.row()) if current.isValid() else None
        if status is not None and status.box.id != self.current_box:
            self.current_box = status.box.id
            self._show_current()

    def _outstanding_chosen(self, item: QListWidgetItem) -> None:
        self.go_to(str(item.data(Qt.ItemDataRole.UserRole)))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    # acting
    def save_count(self) -> None:
        """Save the typed count of the current box; then the next box, or its explanation if it needs one."""
        box_id = self.current_box
        if box_id is None:
            self._say(ALL_VERIFIED)
            return
        try:
            status = self._desk.enter_count(self._contest_id, box_id, self.count.text())
        except ServiceError as error:
            self._say(str(error)[:1].upper() + str(error)[1:])
            self.count.selectAll()
            self.count.setFocus()
            return
        counted = wording.figure(status.counts[-1])
        self._say(f"Saved: box {box_id} counted {counted}; {status_words(status).lower()}.")
        self.refresh()
        self.saved.emit()
        if status.unexplained_variance:
            self.explanation.setFocus()
            return
        self.go_to(self._next_box(box_id))

    def save_explanation(self) -> None:
        box_id = self.current_box
        if box_id is None:
            return
        try:
            self._desk.explain(self._contest_id, box_id, self.explanation.text())
        except ServiceError as error:
            self._say(str(error)[:1].upper() + str(error)[1:])
            self.explanation.setFocus()
            return
        self._say(f"Saved: the explanation of box {box_id}.")
        self.refresh()
        self.saved.emit()
        self.go_to(self._next_box(box_id))

    def switch(self) -> None:
        switch_operator(self, self._file)
        self.refresh()
        self.count.setFocus()

    def print_statement(self) -> None:
        """Ask where to save the statement's PDF, then write it (DRAFT while a box is outstanding)."""
        suggested = self._file.path.parent / f"{self._contest_id}.verification.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the verification statement", str(suggested), "PDF documents (*.pdf)"
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            statement = self._desk.save_statement(self._contest_id, target)
        except (ServiceError, OSError) as error:
            self._say(f"The statement was not saved: {error}")
            return
        self._say(f"Verification statement ({statement.context.status}) saved to {target}.")


class VerificationDialog(QDialog):
    """The verification screen in its own window."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        contest = count_file.contest(contest_id)
        self.setWindowTitle(training_title(count_file, f"Verification: {contest.name}"))
        self.setAccessibleName("Verification window")
        self.panel = VerificationPanel(count_file, contest_id, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        resize_within_screen(self, 1200, 720)


def open_verification(parent: QWidget | None, count_file: CountFile, contest_id: str) -> VerificationDialog:
    """Show the verification window for a contest (modal); returns it once closed."""
    dialog = VerificationDialog(count_file, contest_id, parent)
    dialog.exec()
    return dialog
