"""Declaring a result (every precondition shown, the RO's PIN) and correcting a misread declared figure."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from app.domain.figures import FigureError, parse_count
from app.domain.stage import Precondition, failing
from app.services import declaration
from app.services.count_file import CountFile
from app.services.declaration import Correction
from app.ui.action_dialog import ActionDialog, labelled, pin_field
from app.ui.results_models import figure


def check_line(check: Precondition) -> str:
    """"Yes — …" or "NO — …": the words carry it, the mark only repeats it."""
    mark = "✔ Yes" if check.holds else "✘ NO"
    return f"{mark} — {check.text}" + (f" ({check.detail})" if check.detail else "")


def checklist(checks: tuple[Precondition, ...]) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName("Preconditions of the declaration")
    widget.setWordWrap(True)
    widget.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    for check in checks:
        item = QListWidgetItem(check_line(check))
        spoken = check_line(check).replace("✔ ", "").replace("✘ ", "")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        widget.addItem(item)
    return widget


def fit_checklist(dialog: QDialog, checks: QListWidget) -> None:
    """Widen the dialog until each check is one line and make the list as tall as its checks, all
    within the screen: a NO hidden below a scroll bar is how a blocked declaration gets misread."""
    room = dialog.screen().availableGeometry()
    most_width, most_height = room.width() * 9 // 10, room.height() * 85 // 100
    lines = [checks.item(row).text() for row in range(checks.count())]
    # the widest line, plus the item's own margins, the frame and a scroll bar's width to spare
    spare = 2 * checks.frameWidth() + checks.verticalScrollBar().sizeHint().width() + 12
    wanted = max((checks.fontMetrics().horizontalAdvance(line) for line in lines), default=0) + spare
    extra = wanted - checks.width()
    if extra > 0:
        dialog.resize(min(dialog.width() + extra, most_width), dialog.height())
        dialog.layout().activate()
    checks.doItemsLayout()
    rows = sum(checks.visualItemRect(checks.item(row)).height() for row in range(checks.count()))
    others = dialog.sizeHint().height() - checks.sizeHint().height()
    height = min(rows + 2 * checks.frameWidth(), max(most_height - others, 3 * checks.fontMetrics().height()))
    checks.setFixedHeight(height)
    dialog.layout().activate()
    # the height its wrapped labels need at the width it now has (sizeHint wraps them narrower)
    wanted_height = dialog.heightForWidth(dialog.width())
    if wanted_height <= 0:
        wanted_height = dialog.sizeHint().height()
    dialog.resize(dialog.width(), min(wanted_height, most_height))


class DeclareDialog(ActionDialog):
    """Every precondition of design.md §3 with its figures; Declare needs them all and the RO's PIN."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Declare the result", "&Declare", parent)
        self._count_file = count_file
        self._contest_id = contest_id
        result = count_file.result(contest_id)
        checks = declaration.preconditions(count_file, contest_id)
        self.checks = checklist(checks)
        # The figures themselves, read once more before they are declared (ballot-paper order,
        # as the declaration prints them), from the same result the declaration is made from.
        lines = [f"{result.contest.name}, round {result.round}:"]
        lines += [
            f"{c.candidate.name}: {figure(c.votes)}" + ("  — ELECTED" if c.elected else "")
            for c in result.candidates
        ]
        lines.append(f"Rejected papers: {figure(result.rejected_total)}")
        lines.append(f"Margin: {figure(result.margin)}")
        self.summary = QLabel("\n".join(lines))
        self.summary.setWordWrap(True)
        # on the caption's line: the row keeps the height of its wrapping at the dialog's first width
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.pin = pin_field()
        labelled(self.form, "Result:", self.summary, "Result to declare")
        labelled(self.form, "Pre&conditions:", self.checks, "Preconditions of the declaration")
        labelled(self.form, "Returning Officer's &PIN:", self.pin, "Returning Officer's PIN")
        blocked = failing(checks)
        self.intro.setText(
            "Declaring locks the contest: no figure can be changed afterwards, except by a recorded "
            "correction of a misread figure that supersedes this declaration."
        )
        if blocked:
            self.show_message(
                f"Not yet: {len(blocked)} precondition{'s' if len(blocked) > 1 else ''} "
                "marked NO must hold first."
            )
            self.confirm_button.setEnabled(False)
        self.pin.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_checklist(self, self.checks)

    def confirm(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        self.attempt(lambda: declaration.declare(self._count_file, self._contest_id, pin))


class CorrectionDialog(ActionDialog):
    """Misread figures of the declared round, put right together; a superseding declaration."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Correct a misread figure", "&Supersede the declaration", parent)
        self._count_file = count_file
        self._contest_id = contest_id
        result = count_file.result(contest_id)
        contest = result.contest
        self._tables = result.tables
        self.table = QComboBox()
        for table in contest.count_tables:
            self.table.addItem(f"Table {table.id}", table.id)
        self.field = QComboBox()
        for candidate in contest.ordered_candidates:
            self.field.addItem(candidate.name, ("votes", candidate.id))
        for head in contest.profile.heads:
            self.field.addItem(f"Rejected: {head.wording}", ("rejected", head.key))
        if contest.seats > 1:
            self.field.addItem("Valid papers", ("valid_papers", ""))
        self.current = QLabel("")
        self.current.setAccessibleName("Figure now")
        self.new = QLineEdit()
        self.add_button = QPushButton("&Add this correction")
        self.add_button.setAccessibleName("Add this correction")
        self.added = QListWidget()
        self.added.setAccessibleName("Corrections to make")
        self.reason = QLineEdit()
        self.pin = pin_field()
        labelled(self.form, "&Table:", self.table, "Table")
        labelled(self.form, "&Figure:", self.field, "Figure")
        labelled(self.form, "Now:", self.current, "Figure now")
        labelled(self.form, "&Correct figure:", self.new, "Correct figure")
        self.form.addRow("", self.add_button)
        labelled(self.form, "Corrections:", self.added, "Corrections to make")
        labelled(self.form, "&Reason:", self.reason, "Reason for the correction")
        labelled(self.form, "Returning Officer's &PIN:", self.pin, "Returning Officer's PIN")
        self.intro.setText(
            f"Declaration {len(contest.declarations)} of {contest.name} stays on the record; the "
            "corrected figures make a new declaration that names it. Correct every misread figure "
            "together: the corrected count must still reconcile."
        )
        self.corrections: list[Correction] = []
        # Enter in the figure adds it to the list; superseding needs the button (Alt+S) on purpose
        self.confirm_button.setDefault(False)
        self.confirm_button.setAutoDefault(False)
        self.add_button.setAutoDefault(False)
        self.table.currentIndexChanged.connect(self._show_current)
        self.field.currentIndexChanged.connect(self._show_current)
        self.add_button.clicked.connect(self.add_correction)
        self.new.returnPressed.connect(self.add_correction)
        self._show_current()
        self.table.setFocus()

    def _value_now(self) -> int | None:
        figures = self._tables.get(str(self.table.currentData()))
        field, key = self.field.currentData()
        if figures is None:
            return None
        if field == "votes":
            vote = figures.votes.get(key)
            return None if vote is None else vote.total
        if field == "rejected":
            return figures.rejected.get(key)
        return figures.valid_papers

    def _show_current(self) -> None:
        self.current.setText(figure(self._value_now()))

    def add_correction(self) -> None:
        try:
            value = parse_count(self.new.text())
        except FigureError as error:
            self.show_message(f"Correct figure: {error}.")
            return
        field, key = self.field.currentData()
        table = str(self.table.currentData())
        self.corrections.append(Correction(table, field, key, value))
        self.added.addItem(
            f"Table {table}, {self.field.currentText()}: {figure(self._value_now())} → {value:,}"
        )
        self.new.clear()
        self.show_message("")

    def confirm(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        self.attempt(
            lambda: declaration.correct_declaration(
                self._count_file, self._contest_id, list(self.corrections), self.reason.text(), pin
            )
        )


class ProvisionalDialog(ActionDialog):
    """Record exactly these figures as the provisional result shown to candidates and agents."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Record the provisional result", "&Record the provisional result", parent)
        self._count_file = count_file
        self._contest_id = contest_id
        result = count_file.result(contest_id)
        lines = [f"{c.candidate.name}: {figure(c.votes)}" for c in result.ranked]
        self.summary = QLabel("\n".join(lines))
        labelled(self.form, "Figures to show:", self.summary, "Figures to show")
        self.checks = checklist(declaration.provisional_checks_of(count_file, contest_id))
        labelled(self.form, "&Conditions:", self.checks, "Conditions of the provisional result")
        self.intro.setText(
            f"{result.contest.name}, round {result.round}. Show these figures to the candidates and "
            "agents and give them the chance to ask for a recount; print the provisional sheet next."
        )
        if failing(declaration.provisional_checks_of(count_file, contest_id)):
            self.show_message("Not yet: every condition marked NO must hold first.")
            self.confirm_button.setEnabled(False)
        self.confirm_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_checklist(self, self.checks)

    def confirm(self) -> None:
        self.attempt(lambda: declaration.record_provisional(self._count_file, self._contest_id))
