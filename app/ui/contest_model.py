"""The contests table: one row per contest with the summary of its current result, as a Qt model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.ui import wording

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.services.summaries import ContestSummary

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


NOT_READ = "Not read yet"  # a row whose result has not been read (yet: the window reads them in turn)


def _display(summary: ContestSummary, column: ContestColumn) -> str:
    match column:
        case ContestColumn.CONTEST:
            return summary.name
        case ContestColumn.STAGE:
            return wording.stage_name(summary.stage)
        case ContestColumn.ROUND:
            return str(summary.round) if summary.round else wording.NONE_SHOWN
        case ContestColumn.LEADING:
            return _leading(summary)
        case ContestColumn.MARGIN:
            return wording.figure(summary.margin)
        case ContestColumn.ADVICE:
            return wording.advice_rules(summary.advice)
        case ContestColumn.RECONCILED:
            return wording.yes_no(summary.reconciled)
        case ContestColumn.PROBLEMS:
            return wording.problem_summary(summary.problems)


def _leading(summary: ContestSummary) -> str:
    return wording.names_with_lot(summary.elected, summary.lot_needed)


def _round(summary: ContestSummary) -> str:
    return wording.round_words(summary.round, summary.round_kind).capitalize()


def _tooltip(summary: ContestSummary, column: ContestColumn) -> str:
    match column:
        case ContestColumn.CONTEST:
            return f"{summary.name} ({summary.contest_id}), {summary.seats} seat(s)"
        case ContestColumn.ROUND:
            return _round(summary)
        case ContestColumn.LEADING:
            if summary.stage == "declared":
                return f"Elected: {_leading(summary)}"
            return f"Leading on the current figures (not declared): {_leading(summary)}"
        case ContestColumn.MARGIN:
            if summary.margin is None:
                return "No margin: there are no more candidates than seats"
            return f"Margin of {wording.figure(summary.margin)} votes at the last seat"
        case ContestColumn.ADVICE:
            return wording.advice_details(summary.advice) or "No recount advice"
        case ContestColumn.RECONCILED:
            if summary.reconciled:
                return "Reconciled: votes plus rejected papers equal the ballot papers verified"
            return "Not reconciled: see the problems for what does not add up"
        case ContestColumn.PROBLEMS:
            return wording.problem_lines(summary.problems) or "No open errors or warnings"
        case _:
            return _display(summary, column)


def _accessible(summary: ContestSummary, column: ContestColumn) -> str:
    match column:
        case ContestColumn.ROUND:
            return _round(summary)
        case ContestColumn.LEADING:
            word = "Elected" if summary.stage == "declared" else "Leading"
            return f"{word}: {_leading(summary)}"
        case ContestColumn.MARGIN:
            if summary.margin is None:
                return "No margin"
            return f"Margin {wording.figure(summary.margin)} votes"
        case ContestColumn.ADVICE:
            if not summary.advice:
                return "No recount advice"
            return f"Recount advised: {wording.advice_rules(summary.advice)}"
        case ContestColumn.RECONCILED:
            return f"Reconciled: {wording.yes_no(summary.reconciled).lower()}"
        case ContestColumn.PROBLEMS:
            return f"Problems: {wording.problem_summary(summary.problems)}"
        case _:
            return _display(summary, column)


def _unread(contest_id: str) -> tuple[str, ...]:
    """A row not read (yet): its id, and "Not read yet" where its stage will be."""
    return tuple(
        contest_id if c == ContestColumn.CONTEST else NOT_READ if c == ContestColumn.STAGE else ""
        for c in ContestColumn
    )


_TEXT_ROLES: dict[int, Callable[[ContestSummary, ContestColumn], str]] = {
    Qt.ItemDataRole.ToolTipRole: _tooltip,
    Qt.ItemDataRole.AccessibleTextRole: _accessible,
}
_COLUMNS = tuple(ContestColumn)
_ALIGNMENTS = tuple(
    int(RIGHT) if c in _FIGURE_COLUMNS else int(CENTRE) if c in _STATUS_COLUMNS else int(LEFT)
    for c in _COLUMNS
)


class ContestTableModel(QAbstractTableModel):
    """Contests in the count file's order, each with the summary of its current result (read-only).

    A row exists for every contest from the start; its summary arrives when the window has read
    it (until then the row says "Not read yet"), so the row count and the selection stay put while a
    large file is read.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._summaries: list[ContestSummary | None] = []
        self._shown: list[tuple[str, ...]] = []  # display texts, made once per summary

    # the model's own API
    def set_contests(self, contest_ids: Sequence[str]) -> None:
        """These contests, in this order; summaries already known for them are kept (and shown
        until read again). Unchanged contests leave the model (and views' selection) alone."""
        ids = list(contest_ids)
        if ids == self._ids:
            return
        known = {i: s for i, s in zip(self._ids, self._summaries, strict=True) if s is not None}
        self.beginResetModel()
        self._ids = ids
        self._rows = {contest_id: row for row, contest_id in enumerate(ids)}
        self._summaries = [known.get(contest_id) for contest_id in ids]
        self._shown = [self._texts(contest_id, known.get(contest_id)) for contest_id in ids]
        self.endResetModel()

    def put(self, summary: ContestSummary) -> None:
        """A contest's summary, read now: its row shows it (a contest not listed is ignored)."""
        row = self._rows.get(summary.contest_id)
        if row is None:
            return
        self._summaries[row] = summary
        self._shown[row] = self._texts(summary.contest_id, summary)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_COLUMNS) - 1))

    def refresh(self, summaries: Sequence[ContestSummary]) -> None:
        """Show exactly these summaries (views lose and must restore selection)."""
        self.beginResetModel()
        self._ids = [s.contest_id for s in summaries]
        self._rows = {contest_id: row for row, contest_id in enumerate(self._ids)}
        self._summaries = list(summaries)
        self._shown = [self._texts(s.contest_id, s) for s in summaries]
        self.endResetModel()

    @staticmethod
    def _texts(contest_id: str, summary: ContestSummary | None) -> tuple[str, ...]:
        if summary is None:
            return _unread(contest_id)
        return tuple(_display(summary, column) for column in _COLUMNS)

    def summary_at(self, row: int) -> ContestSummary | None:
        """The row's summary; None while it has not been read."""
        return self._summaries[row]

    def contest_id_at(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, contest_id: str) -> int | None:
        return self._rows.get(contest_id)

    def unread(self) -> int:
        """How many rows have no summary yet."""
        return sum(1 for s in self._summaries if s is None)

    # QAbstractTableModel
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

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
            return self._ids[row]
        summary = self._summaries[row]
        if summary is None:
            return NOT_READ if column else self._ids[row]
        return _TEXT_ROLES[role](summary, _COLUMNS[column])

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
