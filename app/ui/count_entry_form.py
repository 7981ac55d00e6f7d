"""The count sheet form: the paper's boxes in its order, each problem beside its box, the live balance."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.catalogue import CATALOGUE, Problem, problem
from app.domain.double_entry import EntryView
from app.domain.entry_cells import candidate_total
from app.domain.figures import MAX_COUNT, FigureError, parse_count
from app.ui.status_colours import tint
from app.ui.wording import NONE_SHOWN, figure

ERROR_STYLE = "QLabel { color: #b00020; }"
WARNING_STYLE = "QLabel { color: #7a4b00; }"
BALANCED_STYLE = "QLabel { color: #1b5e20; font-weight: bold; }"
UNBALANCED_STYLE = "QLabel { color: #b00020; font-weight: bold; }"
KEYING_STYLE = "QLabel { font-weight: bold; }"  # boxes still blank: no verdict, so no colour either
# Black text on the pale box: high contrast's white text would vanish on it.
SENT_BACK_STYLE = "QLineEdit { background: #fff4c2; color: #000000; border: 2px solid #7a4b00; }"
KEPT_STYLE = "QLineEdit { background: #e8e8e8; color: #333333; }"  # a box that stays as keyed
SHEET = "sheet"  # where problems of the whole sheet are shown: beside the balance


class FigureField(QLineEdit):
    """One box of the paper sheet; Enter moves on, as Tab does.

    It keeps whatever is typed: a figure that is not a count (a letter, a 20-digit slip) is shown
    as typed with the reason beside it and cannot be saved, never cut short or dropped unseen."""

    def __init__(self, key: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setAccessibleName(name)
        self.setObjectName(key)
        digits = len(str(MAX_COUNT))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * (digits + 3)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextPrevChild(True)  # the paper's next box, in the form's tab order
            event.accept()
            return
        super().keyPressEvent(event)


def operator_words(found: Problem) -> str:
    """A problem as the operator sees it: its code and the catalogue's neutral text."""
    return f"{found.code} {CATALOGUE[found.code].operator_text}"


class CountEntryForm(QWidget):
    """Builds the boxes of one entry from an EntryView (own figures only) and checks them live."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Count sheet")
        self.view: EntryView | None = None
        self.fields: dict[str, FigureField] = {}
        self._totals: dict[str, QLabel] = {}
        self._checks: dict[str, QLabel] = {}
        self._row_of: dict[str, str] = {}
        self._grid_host = QWidget(self)
        self.balance = QLabel("")
        self.balance.setAccessibleName("Balance against the table's expected papers")
        self.balance.setWordWrap(True)
        self.sheet_checks = QLabel("")
        self.sheet_checks.setAccessibleName("Problems of the whole sheet")
        self.sheet_checks.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._grid_host)
        layout.addWidget(self.balance)
        layout.addWidget(self.sheet_checks)
        layout.addStretch(1)

    # building
    def show_view(self, view: EntryView) -> None:
        """Lay out the boxes for this entry and fill in the operator's own figures."""
        self.view = view
        self.fields, self._totals, self._checks, self._row_of = {}, {}, {}, {}
        # Parented at once: Qt owns it, so deleteLater() below is its only deletion (a parentless
        # widget put in by replaceWidget stays Python's too, and would be deleted twice).
        host = QWidget(self)
        grid = QGridLayout(host)
        grid.setHorizontalSpacing(14)
        layout = view.layout
        multi = layout.multi_seat
        headings = ["Candidate", "Votes"] if multi else ["Candidate", "Full bundles", "Part bundle", "Total"]
        for column, text in enumerate([*headings, "Check against the paper"]):
            grid.addWidget(self._bold(text), 0, column)
        row = 1
        for candidate in layout.candidates:
            name = QLabel(f"{candidate.name}\n{candidate.description}" if candidate.description
                          else candidate.name)
            name.setAccessibleName(f"Candidate {candidate.name}")
            grid.addWidget(name, row, 0)
            cells = [c for c in layout.cells if c.candidate == candidate.id]
            for column, cell in enumerate(cells, start=1):
                grid.addWidget(self._field(cell.key, f"{candidate.name}, {cell.label.lower()}"), row, column)
                self._row_of[cell.key] = candidate.id
            if not multi:
                total = QLabel(NONE_SHOWN)
                total.setAccessibleName(f"{candidate.name}, total")
                total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self._totals[candidate.id] = total
                grid.addWidget(total, row, 3)
            grid.addWidget(self._check(candidate.id), row, len(headings))
            row += 1
        others = [c for c in layout.cells if c.candidate is None]
        if others:
            grid.addWidget(self._bold("Ballot papers" if multi else "Rejected ballot papers"), row, 0)
            row += 1
        for cell in others:
            caption = QLabel(cell.label)
            caption.setWordWrap(True)
            grid.addWidget(caption, row, 0)
            grid.addWidget(self._field(cell.key, cell.label), row, 1)
            self._row_of[cell.key] = cell.key
            grid.addWidget(self._check(cell.key), row, len(headings))
            row += 1
        grid.setColumnStretch(len(headings), 1)
        self._replace_host(host)
        for key, field in self.fields.items():
            value = view.figures.get(key)
            field.setText("" if value is None else str(value))
            editable = key in view.editable
            field.setReadOnly(not editable)
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable else Qt.FocusPolicy.NoFocus)
            if view.correction and editable:
                field.setStyleSheet(SENT_BACK_STYLE)
            elif not editable:
                field.setStyleSheet(KEPT_STYLE)
            field.textEdited.connect(self._edited)
        order = [self.fields[k] for k in layout.keys if k in view.editable]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        self.refresh_checks()

    def _replace_host(self, host: QWidget) -> None:
        """Put a new grid in place; the old one (and every figure in it) is hidden at once and
        destroyed, so nothing of an earlier entry can be painted or read under the new one."""
        old = self._grid_host
        self.layout().replaceWidget(old, host)
        old.hide()
        old.deleteLater()
        self._grid_host = host
        host.show()  # a widget added to a shown form stays hidden until told (and out of the tab chain)

    def clear(self) -> None:
        """Forget the entry: no box, total or check of it is left in the window."""
        self.view = None
        self.fields, self._totals, self._checks, self._row_of = {}, {}, {}, {}
        self._replace_host(QWidget(self))
        self.balance.setText("")
        self.sheet_checks.setText("")

    def _bold(self, text: str) -> QLabel:
        label = QLabel(text)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        return label

    def _field(self, key: str, name: str) -> FigureField:
        field = FigureField(key, name)
        self.fields[key] = field
        return field

    def _check(self, row: str) -> QLabel:
        label = QLabel("")
        label.setWordWrap(True)
        label.setAccessibleName(f"Check {row}")
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance("x" * 48))
        self._checks[row] = label
        return label

    # reading and checking
    def editable_fields(self) -> list[FigureField]:
        if self.view is None:
            return []
        return [self.fields[k] for k in self.view.layout.keys if k in self.view.editable]

    def typed(self) -> dict[str, str]:
        """Every box as typed (what the service parses and saves)."""
        return {key: field.text() for key, field in self.fields.items()}

    def figures(self) -> dict[str, int | None]:
        """Each box's figure; a blank box, or one whose text is not a count, is None."""
        parsed: dict[str, int | None] = {}
        for key, field in self.fields.items():
            try:
                parsed[key] = parse_count(field.text())
            except FigureError:
                parsed[key] = None
        return parsed

    def bad_input(self) -> dict[str, str]:
        """Each box whose text is not a count, with the reason (the words verification uses)."""
        bad: dict[str, str] = {}
        for key, field in self.fields.items():
            if field.text() == "":
                continue
            try:
                parse_count(field.text())
            except FigureError as error:
                bad[key] = str(error)[:1].upper() + str(error)[1:] + "."
        return bad

    def _edited(self) -> None:
        self.refresh_checks()
        self.edited.emit()

    def refresh_checks(self, problems: tuple[Problem, ...] | None = None, show_missing: bool = False) -> None:
        """Totals, the balance and every problem beside its box. Missing figures are shown only
        once the operator tries to finish (an empty box is normal while typing)."""
        view = self.view
        if view is None:
            return
        figures = self.figures()
        layout = view.layout
        for candidate_id, label in self._totals.items():
            total = candidate_total(layout, figures, candidate_id)
            label.setText(figure(total))
        # While typing, the checks are of the figures as keyed: a blank box is never filled from an
        # earlier round (that would give away the figure a recount must find again).
        found = view.rules.keyed_problems(figures) if problems is None else problems
        typing = not show_missing and any(figures[f.key] is None for f in self.editable_fields())
        balance = view.rules.balance(figures)
        # While boxes are still empty, the balance line says enough about the whole sheet; and even
        # once Finish asks for the blanks, no E203 is judged from boxes nobody has keyed yet.
        shown = [
            p for p in found
            if (not typing or (p.code != "E207" and p.cells))
            and not (p.code == "E203" and balance.blank)
        ]
        by_row: dict[str, list[Problem]] = {}
        for each in shown:
            rows = {self._row_of[c] for c in each.cells if c in self._row_of} or {SHEET}
            for row in rows:
                by_row.setdefault(row, []).append(each)
        if view.correction:
            for key in view.editable:
                by_row.setdefault(self._row_of[key], []).insert(0, _sent_back(layout.where, key))
        bad: dict[str, list[str]] = {}
        for key, reason in self.bad_input().items():
            bad.setdefault(self._row_of[key], []).append(f"{layout.describe(key)}: {reason}")
        for row, label in self._checks.items():
            self._show(label, by_row.get(row, []), bad.get(row, []))
        self._show(self.sheet_checks, by_row.get(SHEET, []))
        expected = figure(balance.expected)
        if balance.expected is None:
            self.balance.setText(f"Expected papers {expected}: the table's boxes are not all verified.")
            tint(self.balance, UNBALANCED_STYLE)
            return
        if balance.difference is None:  # boxes still to key: no verdict from figures nobody typed
            wrong = sum(len(lines) for lines in bad.values())
            parts = [_boxes(balance.blank - wrong, "still blank"), _boxes(wrong, "to correct")]
            self.balance.setText(
                f"Expected papers {expected}  ·  {' and '.join(p for p in parts if p)}: the balance "
                "is worked out once every box has a figure"
            )
            tint(self.balance, KEYING_STYLE)
            return
        words = "balances" if balance.balances else f"difference {balance.difference:+,}"
        self.balance.setText(
            f"Expected papers {expected}  ·  valid {figure(balance.valid)} + rejected "
            f"{figure(balance.rejected)} = {figure(balance.papers)}  ·  {words}"
        )
        tint(self.balance, BALANCED_STYLE if balance.balances else UNBALANCED_STYLE)

    @staticmethod
    def _show(label: QLabel, problems: list[Problem], bad_input: list[str] | None = None) -> None:
        unique = list(dict.fromkeys([*(bad_input or []), *(operator_words(p) for p in problems)]))
        label.setText("\n".join(unique))
        errors = bool(bad_input) or any(p.severity == "error" for p in problems)
        tint(label, ERROR_STYLE if errors else WARNING_STYLE)
        label.setToolTip("\n".join(unique))


def _boxes(count: int, state: str) -> str:
    if count <= 0:
        return ""
    return f"{count} box {state}" if count == 1 else f"{count} boxes {state}"


def _sent_back(where: str, key: str) -> Problem:
    return problem("W403", where, "sent back to be re-keyed", (key,))
