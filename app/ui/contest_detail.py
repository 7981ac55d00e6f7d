"""The detail pane: one contest's candidates, figures, recount advice and problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui import wording
from app.ui.candidate_model import CandidateColumn, CandidateTableModel
from app.ui.headings import section_label

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.domain.result import ContestResult

NO_CONTEST = "Select a contest in the table above to see its result."
NO_ADVICE = "No recount advice: the margin is outside every rule."
NO_PROBLEMS = "No open errors or warnings."
PROBLEM_HEADINGS = ("Code", "Severity", "Where", "Message")


def read_only_table(view: QTableView) -> None:
    """Row selection, no editing, Tab leaves the table, no row numbers."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)


MIN_DESCRIPTION = 80  # pixels of the description column kept beside the names and votes
MAX_DESCRIPTION = 240  # beyond this a description is elided (its tooltip has it whole)
MAX_KEPT = 560  # the candidates table never asks for more than this in a narrow window


class WrappingTable(QTableWidget):
    """A table whose rows grow to their wrapped text whenever its width changes."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A stretched last column changes width without always saying so (sectionResized): a row
        # sized for a wider column would cut its message short with an ellipsis.
        self.resizeRowsToContents()


class ContestDetail(QWidget):
    """Everything the result says about the selected contest; it shows, it never computes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Contest detail")
        self._result: ContestResult | None = None

        self.heading = QLabel(NO_CONTEST)
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setAccessibleName("Contest")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subheading = QLabel("")
        self.subheading.setAccessibleName("Contest identifier, seats, stage and round")

        self.candidates = CandidateTableModel(self)
        self.candidate_view = QTableView()
        self.candidate_view.setModel(self.candidates)
        self.candidate_view.setAccessibleName("Candidates")
        self.candidate_view.setAccessibleDescription("Candidates in ballot-paper order with their votes")
        self.candidate_view.horizontalHeader().setAccessibleName("Candidate table column headings")
        read_only_table(self.candidate_view)
        header = self.candidate_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CandidateColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.lot_note = QLabel("")
        self.lot_note.setWordWrap(True)
        self.lot_note.setAccessibleName("Lots")
        self.lot_note.setVisible(False)

        figures = QFormLayout()
        figures.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.leading_caption, self.leading = self._figure_row(figures, "Leading")
        _, self.margin = self._figure_row(figures, "Margin")
        _, self.reconciled = self._figure_row(figures, "Reconciled")
        _, self.papers_verified = self._figure_row(figures, "Ballot papers verified")
        _, self.rejected = self._figure_row(figures, "Rejected papers")
        _, self.turnout = self._figure_row(figures, "Turnout")

        self.advice = QListWidget()
        self.advice.setAccessibleName("Recount advice")
        self.advice.setAccessibleDescription("Each recount-advice rule that fires, with its figures")
        self.advice.setWordWrap(True)

        self.problems = WrappingTable(0, len(PROBLEM_HEADINGS))
        self.problems.setAccessibleName("Problems")
        self.problems.setAccessibleDescription("Open errors and warnings: code, severity, where, message")
        self.problems.setHorizontalHeaderLabels(list(PROBLEM_HEADINGS))
        read_only_table(self.problems)
        self.problems.setWordWrap(True)
        problem_header = self.problems.horizontalHeader()
        problem_header.setAccessibleName("Problem list column headings")
        problem_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        problem_header.setStretchLastSection(True)
        problem_header.sectionResized.connect(self._wrap_problems)

        left = QVBoxLayout()
        left.addWidget(section_label("Ca&ndidates", self.candidate_view))
        left.addWidget(self.candidate_view)
        left.addWidget(self.lot_note)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(figures)
        right.addSpacing(self.lot_note.sizeHint().height() // 2)
        right.addWidget(section_label("Recount &advice", self.advice))
        right.addWidget(self.advice)
        right.addWidget(section_label("&Problems", self.problems))
        right.addWidget(self.problems, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addLayout(columns, 1)
        self.show_result(None)

    def _figure_row(self, form: QFormLayout, name: str) -> tuple[QLabel, QLabel]:
        """A caption and its value, both named for screen readers; the value is selectable."""
        caption = QLabel(f"{name}:")
        caption.setAccessibleName(f"{name} caption")
        value = QLabel("")
        value.setAccessibleName(name)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setWordWrap(True)  # a long value (the reconciliation) wraps rather than widen the window
        value.setMinimumWidth(value.fontMetrics().averageCharWidth() * 30)  # but never a word to a line
        caption.setBuddy(value)
        form.addRow(caption, value)
        return caption, value

    @property
    def result(self) -> ContestResult | None:
        return self._result

    def show_result(self, result: ContestResult | None) -> None:
        """Show this contest's result, or the empty state when there is none."""
        self._result = result
        self.candidates.show_result(result)
        self.advice.clear()
        self.problems.setRowCount(0)
        if result is None:
            self.heading.setText(NO_CONTEST)
            self.subheading.setText("")
            self.lot_note.setVisible(False)
            for label in self._figure_labels():
                label.setText("")
                label.setToolTip("")
            return
        contest = result.contest
        self.heading.setText(contest.name)
        seats = "1 seat" if contest.seats == 1 else f"{contest.seats} seats"
        self.subheading.setText(
            f"{contest.id} · {seats} · {wording.stage_name(result.stage)} · {wording.round_name(result)}"
        )
        note = self.candidates.lot_note()
        self.lot_note.setText(note)
        self.lot_note.setVisible(bool(note))
        self._show_figures(result)
        self._show_advice(result)
        self._show_problems(result)
        self._fit_heights()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The theme changed: its borders and headers change the heights the views were fitted to.
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange) and self._result is not None:
            QTimer.singleShot(0, self, self._fit_heights)  # once the new style has polished the views

    def _fit_heights(self) -> None:
        """Views as tall as their rows (no empty grid under six candidates); scroll beyond."""
        view = self.candidate_view
        view.resizeRowsToContents()
        frame = 2 * view.frameWidth()
        header = view.horizontalHeader().sizeHint().height()
        rows = view.verticalHeader().length()
        view.setMaximumHeight(header + rows + frame)
        # Up to eight candidates stay in sight: the contests pane above gives way first.
        shown_rows = sum(view.rowHeight(row) for row in range(min(self.candidates.rowCount(), 8)))
        view.setMinimumHeight(header + shown_rows + frame)
        # Names and votes stay readable in a narrow window (the window grows rather than squeeze them).
        sections = view.horizontalHeader()
        fixed = sum(
            sections.sectionSize(column)
            for column in range(self.candidates.columnCount())
            if column != CandidateColumn.DESCRIPTION
        )
        # The descriptions whole where they fit (a party name elided reads as another party).
        widest = view.sizeHintForColumn(CandidateColumn.DESCRIPTION)
        description = min(max(widest, MIN_DESCRIPTION), MAX_DESCRIPTION)
        view.setMinimumWidth(min(fixed + view.verticalHeader().width() + frame + description, MAX_KEPT))
        advice_rows = sum(self.advice.sizeHintForRow(row) for row in range(self.advice.count()))
        self.advice.setMaximumHeight(advice_rows + 2 * self.advice.frameWidth() + 4)

    def _figure_labels(self) -> tuple[QLabel, ...]:
        return (
            self.leading,
            self.margin,
            self.reconciled,
            self.papers_verified,
            self.rejected,
            self.turnout,
        )

    def _show_figures(self, result: ContestResult) -> None:
        self.leading_caption.setText(f"{wording.leading_word(result)}:")
        self.leading.setText(wording.leading_names(result))
        self.margin.setText(wording.figure(result.margin))
        self.margin.setToolTip(
            "No margin: there are no more candidates than seats"
            if result.margin is None
            else "Votes of the last elected minus votes of the first not elected"
        )
        if result.reconciled:
            self.reconciled.setText("Yes — votes plus rejected papers equal the papers verified")
        else:
            self.reconciled.setText("No — see the problems for what does not add up")
        self.papers_verified.setText(wording.figure(result.papers_verified))
        wordings = {head.key: head.wording for head in result.contest.profile.heads}
        heads = [
            f"{wordings.get(key, key)}: {wording.figure(count)}" for key, count in result.rejected.items()
        ]
        if result.rejected_in_part is not None:
            heads.append(
                f"Rejected in part (clear votes counted, not in the total): "
                f"{wording.figure(result.rejected_in_part)}"
            )
        self.rejected.setText(wording.figure(result.rejected_total))
        self.rejected.setToolTip("\n".join(heads))
        turnout = result.turnout_percent
        electorate = result.contest.electorate
        if turnout is None or electorate is None:
            self.turnout.setText(wording.NONE_SHOWN)
            self.turnout.setToolTip("No electorate recorded for this contest")
        else:
            self.turnout.setText(f"{turnout}% of an electorate of {wording.figure(electorate)}")
            self.turnout.setToolTip("Ballot papers verified ÷ electorate × 100")

    def _show_advice(self, result: ContestResult) -> None:
        if not result.advice:
            self.advice.addItem(QListWidgetItem(NO_ADVICE))
            return
        for advice in result.advice:
            item = QListWidgetItem(f"{advice.rule}: {advice.detail}")
            item.setToolTip(advice.detail)
            self.advice.addItem(item)

    def _show_problems(self, result: ContestResult) -> None:
        rows = [
            (p.code, wording.severity_name(p.severity), p.where, p.message) for p in result.problems
        ] or [(NO_PROBLEMS, "", "", "")]
        self.problems.clearSpans()
        self.problems.setRowCount(len(rows))
        if not result.problems:
            self.problems.setSpan(0, 0, 1, len(PROBLEM_HEADINGS))
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(text)
                self.problems.setItem(row, column, item)
        self._wrap_problems()

    def _wrap_problems(self, *_: int) -> None:
        """Long messages wrap inside their row instead of being cut short."""
        self.problems.resizeRowsToContents()
