"""The contests table: one row per contest with its current result, as a Qt model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.result import ContestResult
from app.ui import wording

Index = QModelIndex | QPersistentModelIndex

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter

CONTEST_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the contest's id, for finding a row again


class ContestColumn(IntEnum):
    CONTEST = 0
    STAGE = 1
    ROUND = 2
    LEADING = 3
    MARGIN = 4
    ADVICE = 5
    RECONCILED = 6
    PROBLEMS = 7


_HEADINGS = {
    ContestColumn.CONTEST: ("Contest", "The constituency or ward being counted"),
    ContestColumn.STAGE: ("Stage", "Setup, verification, counting, provisional or declared"),
    ContestColumn.ROUND: ("Round", "Round 1 is the initial count; each recount is a further round"),
    ContestColumn.LEADING: (
        "Leading / elected",
        "Who is elected once declared; before that, who leads on the current figures",
    ),
    ContestColumn.MARGIN: ("Margin", "Votes of the last elected minus votes of the first not elected"),
    ContestColumn.ADVICE: ("Recount advice", "The recount-advice rules that fire (advisory: the RO decides)"),
    ContestColumn.RECONCILED: (
        "Reconciled",
        "Whether votes plus rejected papers equal the ballot papers verified",
    ),
    ContestColumn.PROBLEMS: ("Problems", "Open errors and warnings"),
}

_FIGURE_COLUMNS = frozenset({ContestColumn.ROUND, ContestColumn.MARGIN})
_STATUS_COLUMNS = frozenset({ContestColumn.RECONCILED})


def _display(result: ContestResult, column: ContestColumn) -> str:
    match column:
        case ContestColumn.CONTEST:
            return result.contest.name
        case ContestColumn.STAGE:
            return wording.stage_name(result.stage)
        case ContestColumn.ROUND:
            return str(result.round) if result.round else wording.NONE_SHOWN
        case ContestColumn.LEADING:
            return wording.leading_names(result)
        case ContestColumn.MARGIN:
            return wording.figure(result.margin)
        case ContestColumn.ADVICE:
            return wording.advice_rules(result.advice)
        case ContestColumn.RECONCILED:
            return wording.yes_no(result.reconciled)
        case ContestColumn.PROBLEMS:
            return wording.problem_summary(result.problems)


def _tooltip(result: ContestResult, column: ContestColumn) -> str:
    match column:
        case ContestColumn.CONTEST:
            return f"{result.contest.name} ({result.contest.id}), {result.contest.seats} seat(s)"
        case ContestColumn.ROUND:
            return wording.round_name(result).capitalize()
        case ContestColumn.LEADING:
            if result.stage == "declared":
                return f"Elected: {wording.leading_names(result)}"
            return f"Leading on the current figures (not declared): {wording.leading_names(result)}"
        case ContestColumn.MARGIN:
            if result.margin is None:
                return "No margin: there are no more candidates than seats"
            return f"Margin of {wording.figure(result.margin)} votes at the last seat"
        case ContestColumn.ADVICE:
            return wording.advice_details(result.advice) or "No recount advice"
        case ContestColumn.RECONCILED:
            if result.reconciled:
                return "Reconciled: votes plus rejected papers equal the ballot papers verified"
            return "Not reconciled: see the problems for what does not add up"
        case ContestColumn.PROBLEMS:
            return wording.problem_lines(result.problems) or "No open errors or warnings"
        case _:
            return _display(result, column)


def _accessible(result: ContestResult, column: ContestColumn) -> str:
    match column:
        case ContestColumn.ROUND:
            return wording.round_name(result).capitalize()
        case ContestColumn.LEADING:
            return f"{wording.leading_word(result)}: {wording.leading_names(result)}"
        case ContestColumn.MARGIN:
            if result.margin is None:
                return "No margin"
            return f"Margin {wording.figure(result.margin)} votes"
        case ContestColumn.ADVICE:
            if not result.advice:
                return "No recount advice"
            return f"Recount advised: {wording.advice_rules(result.advice)}"
        case ContestColumn.RECONCILED:
            return f"Reconciled: {wording.yes_no(result.reconciled).lower()}"
        case ContestColumn.PROBLEMS:
            return f"Problems: {wording.problem_summary(result.problems)}"
        case _:
            return _display(result, column)


_TEXT_ROLES: dict[int, Callable[[ContestResult, ContestColumn], str]] = {
    Qt.ItemDataRole.ToolTipRole: _tooltip,
    Qt.ItemDataRole.AccessibleTextRole: _accessible,
}
_COLUMNS = tuple(ContestColumn)
_ALIGNMENTS = tuple(
    int(RIGHT) if c in _FIGURE_COLUMNS else int(CENTRE) if c in _STATUS_COLUMNS else int(LEFT)
    for c in _COLUMNS
)


class ContestTableModel(QAbstractTableModel):
    """Contests in the count file's order, each with its current result (read-only)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[ContestResult] = []
        self._shown: list[tuple[str, ...]] = []  # display texts, made once per refresh

    # the model's own API
    def refresh(self, results: Sequence[ContestResult]) -> None:
        """Show these results in place of the old ones (views lose and must restore selection)."""
        self.beginResetModel()
        self._results = list(results)
        self._shown = [tuple(_display(result, column) for column in _COLUMNS) for result in self._results]
        self.endResetModel()

    def result_at(self, row: int) -> ContestResult:
        return self._results[row]

    def row_of(self, contest_id: str) -> int | None:
        for row, result in enumerate(self._results):
            if result.contest.id == contest_id:
                return row
        return None

    # QAbstractTableModel
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every paint: answer the unused ones first, cheaply.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._shown) and 0 <= column < len(_COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENTS[column]
        if role == CONTEST_ID_ROLE:
            return self._results[row].contest.id
        return _TEXT_ROLES[role](self._results[row], _COLUMNS[column])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_COLUMNS):
            return None
        heading, explanation = _HEADINGS[_COLUMNS[section]]
        if role == Qt.ItemDataRole.DisplayRole:
            return heading
        if role == Qt.ItemDataRole.ToolTipRole:
            return explanation
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if section in _FIGURE_COLUMNS else LEFT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        CONTEST_ID_ROLE,
        *_TEXT_ROLES,
    }
)
