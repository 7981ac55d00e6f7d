"""Qt models of a contest's results screen: votes with bars, rounds side by side, table changes, requests."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.domain.election import RecountRequest
from app.domain.result import CandidateResult, ContestResult
from app.domain.round_comparison import RoundComparison

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
BAR_ROLE = Qt.ItemDataRole.UserRole + 1  # (fraction of the longest bar, elected?)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

KIND_WORDS = {
    "initial": "initial count",
    "bundle-check": "bundle check",
    "full-recount": "full recount",
    "partial-recount": "partial recount",
    "re-adjudication": "re-adjudication",
}
ROLE_WORDS = {
    "candidate": "candidate",
    "election-agent": "election agent",
    "counting-agent": "counting agent",
    "returning-officer": "Returning Officer",
}


def figure(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def change(value: int | None) -> str:
    """A difference with its sign spelled out: "+24", "−24" (a real minus), "±0"."""
    if value is None:
        return ""
    if value == 0:
        return "±0"
    return f"+{value:,}" if value > 0 else f"−{-value:,}"


def outcome(line: CandidateResult, result: ContestResult) -> str:
    """In words, so that nothing is said by colour alone."""
    level = result.lot_needed and not line.elected and line.votes == max(
        (c.votes for c in result.candidates if not c.elected), default=-1
    )
    if line.elected:
        return "Elected — won the lot" if line.won_lot else "Elected"
    if level:
        return "Level: lot needed"
    return "Not elected"


class VotesColumn(IntEnum):
    CANDIDATE = 0
    VOTES = 1
    BAR = 2
    RANK = 3
    OUTCOME = 4


_VOTES_HEADINGS = ("Candidate", "Votes", "Bar", "Rank", "Outcome")


class VotesModel(QAbstractTableModel):
    """One contest's candidates with their votes, in ballot-paper order or ranked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._result: ContestResult | None = None
        self._lines: tuple[CandidateResult, ...] = ()
        self.ranked = False

    def show_result(self, result: ContestResult | None, ranked: bool | None = None) -> None:
        self.beginResetModel()
        self._result = result
        if ranked is not None:
            self.ranked = ranked
        if result is None:
            self._lines = ()
        else:
            self._lines = result.ranked if self.ranked else result.candidates
        self.endResetModel()

    def line(self, row: int) -> CandidateResult:
        return self._lines[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(VotesColumn)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if self._result is None or not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        if not 0 <= index.column() < len(VotesColumn):
            return None
        line = self._lines[index.row()]
        column = VotesColumn(index.column())
        if role in (DISPLAY, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(line, column, role)
        if role == BAR_ROLE and column == VotesColumn.BAR:
            longest = max((c.votes for c in self._lines), default=0)
            return (line.votes / longest if longest else 0.0, line.elected)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (VotesColumn.VOTES, VotesColumn.RANK) else LEFT
        return None

    def _text(self, line: CandidateResult, column: VotesColumn, role: int) -> str:
        assert self._result is not None
        match column:
            case VotesColumn.CANDIDATE:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return f"{line.candidate.name} ({line.candidate.description})"
                return line.candidate.name
            case VotesColumn.VOTES:
                if role != DISPLAY and line.won_lot:
                    return f"{figure(line.votes)} votes, including one for winning the lot"
                return figure(line.votes) if role == DISPLAY else f"{figure(line.votes)} votes"
            case VotesColumn.BAR:
                return figure(line.votes) if role == DISPLAY else (
                    f"{line.candidate.name}: {figure(line.votes)} votes ({outcome(line, self._result)})"
                )
            case VotesColumn.RANK:
                return str(line.rank) if role == DISPLAY else f"rank {line.rank}"
            case VotesColumn.OUTCOME:
                return outcome(line, self._result)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(VotesColumn):
            return None
        if role == DISPLAY:
            return _VOTES_HEADINGS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == VotesColumn.BAR:
            return "The longest bar has the most votes; a hatched bar is elected (see Outcome)"
        if role == Qt.ItemDataRole.ToolTipRole and section == VotesColumn.OUTCOME:
            declared = self._result is not None and self._result.stage == "declared"
            return "At the declaration" if declared else "On these figures (not yet declared)"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class BarDelegate(QStyledItemDelegate):
    """A bar as long as the votes, hatched when elected (the outcome column says it in words)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(BAR_ROLE)
        if not isinstance(value, tuple):
            super().paint(painter, option, index)
            return
        fraction, elected = value
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        area = option.rect.adjusted(3, 4, -3, -4)
        bar = QRect(area.left(), area.top(), max(1, int(area.width() * fraction)), area.height())
        painter.save()
        colour = option.palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        pattern = Qt.BrushStyle.BDiagPattern if elected else Qt.BrushStyle.SolidPattern
        painter.setBrush(QBrush(colour, pattern))
        painter.drawRect(bar)
        painter.restore()


def _round_heading(number: int, kind: str) -> str:
    return f"Round {number}\n{KIND_WORDS.get(kind, kind)}"


class RoundsModel(QAbstractTableModel):
    """Rounds side by side: a row per candidate, rejected papers and margin; each round's change."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._comparison: RoundComparison | None = None
        self._columns: list[tuple[int, bool]] = []  # (round index, is the change column)

    def show_comparison(self, comparison: RoundComparison | None) -> None:
        self.beginResetModel()
        self._comparison = comparison
        self._columns = []
        if comparison is not None:
            for index in range(len(comparison.rounds)):
                self._columns.append((index, False))
                if index:
                    self._columns.append((index, True))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._comparison is None:
            return 0
        return len(self._comparison.candidates) + 2

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self._comparison is None else 1 + len(self._columns)

    def _cell(self, row: int, column: int) -> tuple[str, str]:
        """(display, read aloud) of a cell."""
        comparison = self._comparison
        assert comparison is not None
        lines = comparison.candidates
        if column == 0:
            if row < len(lines):
                name = lines[row].candidate.name
            else:
                name = "Rejected papers" if row == len(lines) else "Margin"
            return name, name
        index, is_change = self._columns[column - 1]
        number = comparison.rounds[index].number
        value: int | None
        if row < len(lines):
            value, diff = lines[row].votes[index], lines[row].changes[index]
        elif row == len(lines):
            value, diff = comparison.rejected[index], comparison.rejected_changes[index]
        else:
            value = comparison.rounds[index].margin
            before = comparison.rounds[index - 1].margin if index else None
            diff = None if value is None or before is None else value - before
        if is_change:
            return change(diff), f"change in round {number}: {change(diff)}"
        if row < len(lines) and comparison.rounds[index].won_lot[row]:
            # the votes counted, level with another's: the lot, not a vote, settled the seat
            return f"{figure(value)} *", f"round {number}: {figure(value)}, and won the lot for the last seat"
        return figure(value), f"round {number}: {figure(value)}"

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if self._comparison is None or not index.isValid():
            return None
        if not 0 <= index.row() < self.rowCount() or not 0 <= index.column() < self.columnCount():
            return None
        if role == DISPLAY:
            return self._cell(index.row(), index.column())[0]
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self._cell(index.row(), index.column())[1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if index.column() == 0 else RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._comparison is None:
            return None
        if not 0 <= section < self.columnCount() or role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        if section == 0:
            return "Candidate"
        index, is_change = self._columns[section - 1]
        column = self._comparison.rounds[index]
        if is_change:
            return f"Change\nin round {column.number}"
        if role == Qt.ItemDataRole.ToolTipRole and column.request is not None:
            return request_text(column.request)
        return _round_heading(column.number, column.kind)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def request_text(request: RecountRequest) -> str:
    who = request.requested_by
    asked = f"{who.name} ({ROLE_WORDS.get(who.role, who.role)})" if who else "unknown"
    text = f"{KIND_WORDS.get(request.kind, request.kind)} asked by {asked}"
    if request.grounds:
        text += f": “{request.grounds}”"
    if request.decision != "pending":
        text += f"; {request.decision}" + (f": {request.reason}" if request.reason else "")
    return text


class ListModel(QAbstractTableModel):
    """A read-only table of text rows under fixed headings (table changes, requests)."""

    def __init__(self, headings: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headings = headings
        self._rows: list[tuple[str, ...]] = []

    def show_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._headings)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._headings):
            return None
        if role in (DISPLAY, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == DISPLAY and 0 <= section < len(self._headings):
            return self._headings[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


CHANGE_HEADINGS = ("Round", "Table", "Figure", "Before", "After", "Change")
REQUEST_HEADINGS = ("After round", "Kind", "Asked by", "Grounds", "Decision", "Reason")


def change_rows(comparison: RoundComparison) -> list[tuple[str, ...]]:
    return [
        (str(c.round), c.table, c.name, figure(c.before), figure(c.after), change(c.difference))
        for c in comparison.table_changes
    ]


def request_rows(result: ContestResult) -> list[tuple[str, ...]]:
    """Every request: granted (each opened a round), refused, and pending, in the order asked."""
    contest = result.contest
    # Refused first: a granted request ends its round, so those refused after the same round came
    # before it (the sort by round keeps this order within a round).
    found = list(contest.refused_requests)
    found += [(r.number - 1, r.request) for r in contest.rounds if r.request is not None]
    rows: list[tuple[str, ...]] = []
    for after, request in sorted(found, key=lambda pair: pair[0]):
        who = request.requested_by
        rows.append(
            (
                str(after),
                KIND_WORDS.get(request.kind, request.kind),
                f"{who.name} ({ROLE_WORDS.get(who.role, who.role)})" if who else "—",
                request.grounds or "—",
                request.decision.upper() if request.decision == "pending" else request.decision,
                request.reason or "—",
            )
        )
    return rows


def parent_widget(obj: QObject | None) -> QWidget | None:
    return obj if isinstance(obj, QWidget) else None
