"""One contest's candidates in ballot-paper order with their votes, as a Qt model."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.ui import wording
from app.ui.contest_model import CENTRE, LEFT, RIGHT

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.domain.result import CandidateResult, ContestResult

Index = QModelIndex | QPersistentModelIndex

LOT_WON = "Won the lot (+1)"
UNDECLARED_ELECTED = "Elected on\nthese figures"  # two lines: the descriptions keep the width


class CandidateColumn(IntEnum):
    CANDIDATE = 0
    DESCRIPTION = 1
    VOTES = 2
    ELECTED = 3
    LOT = 4


_HEADINGS = {
    CandidateColumn.CANDIDATE: ("Candidate", "In ballot-paper order: by surname, then other names"),
    CandidateColumn.DESCRIPTION: ("Description", "The candidate's description (party)"),
    CandidateColumn.VOTES: ("Votes", "Votes in the current round, including a won lot's extra vote"),
    CandidateColumn.ELECTED: ("Elected", "Elected at the declaration"),
    CandidateColumn.LOT: ("Lot", "Whether the candidate won a lot drawn at a tie"),
}


def _display(line: CandidateResult, column: CandidateColumn) -> str:
    match column:
        case CandidateColumn.CANDIDATE:
            return line.candidate.name
        case CandidateColumn.DESCRIPTION:
            return line.candidate.description
        case CandidateColumn.VOTES:
            return wording.figure(line.votes)
        case CandidateColumn.ELECTED:
            return "Elected" if line.elected else ""
        case CandidateColumn.LOT:
            return LOT_WON if line.won_lot else ""


def _tooltip(line: CandidateResult, column: CandidateColumn) -> str:
    name = line.candidate.name
    match column:
        case CandidateColumn.CANDIDATE:
            return f"{line.candidate.shown_surname}, {line.candidate.shown_forenames}"
        case CandidateColumn.VOTES:
            if line.won_lot:
                return f"{name}: {wording.figure(line.votes)} votes, including one for winning the lot"
            return f"{name}: {wording.figure(line.votes)} votes"
        case CandidateColumn.ELECTED:
            return f"{name} is elected on these figures" if line.elected else f"{name} is not elected"
        case CandidateColumn.LOT:
            return f"{name} won the lot and is counted with one additional vote" if line.won_lot else ""
        case _:
            return _display(line, column)


def _accessible(line: CandidateResult, column: CandidateColumn) -> str:
    match column:
        case CandidateColumn.VOTES:
            return f"{wording.figure(line.votes)} votes"
        case CandidateColumn.ELECTED:
            return "Elected" if line.elected else "Not elected"
        case CandidateColumn.LOT:
            return "Won the lot" if line.won_lot else "No lot"
        case _:
            return _display(line, column)


_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)


class CandidateTableModel(QAbstractTableModel):
    """The candidates of one contest's result (read-only); empty until a result is shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._result: ContestResult | None = None

    def show_result(self, result: ContestResult | None) -> None:
        self.beginResetModel()
        self._result = result
        self.endResetModel()

    @property
    def result(self) -> ContestResult | None:
        return self._result

    def candidate_at(self, row: int) -> CandidateResult:
        if self._result is None:
            raise IndexError(row)
        return self._result.candidates[row]

    def lot_note(self) -> str:
        """A sentence about lots for the detail pane: drawn, needed, or "" when neither."""
        if self._result is None:
            return ""
        winners = [c.candidate.name for c in self._result.candidates if c.won_lot]
        if len(winners) == 1:
            return f"Lots were drawn: {winners[0]} won the lot and is counted with one additional vote."
        if winners:
            names = ", ".join(winners)
            return f"Lots were drawn: {names} won lots and are each counted with one additional vote."
        if self._result.lot_needed:
            return "Candidates are level at the last seat: the Returning Officer must decide by lot."
        return ""

    # QAbstractTableModel
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._result is None:
            return 0
        return len(self._result.candidates)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(CandidateColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES or self._result is None or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._result.candidates):
            return None
        if not 0 <= index.column() < len(CandidateColumn):
            return None
        line = self._result.candidates[index.row()]
        column = CandidateColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(line, column) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _accessible(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == CandidateColumn.VOTES:
                return int(RIGHT)
            return int(CENTRE) if column == CandidateColumn.ELECTED else int(LEFT)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(CandidateColumn):
            return None
        heading, explanation = _HEADINGS[CandidateColumn(section)]
        declared = self._result is not None and self._result.stage == "declared"
        if section == CandidateColumn.ELECTED and not declared:
            heading = UNDECLARED_ELECTED
            explanation = "Who would be elected on the current figures: the contest is not declared"
        if role == Qt.ItemDataRole.DisplayRole:
            return heading
        if role == Qt.ItemDataRole.ToolTipRole:
            return explanation
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if section == CandidateColumn.VOTES else LEFT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
