"""A contest's ballot boxes as a Qt model: expected, counts, variance, status and explanation."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain.verification import BoxStatus
from app.ui import wording

Index = QModelIndex | QPersistentModelIndex
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
KIND_WORDS = {"polling-station": "Station", "postal": "Postal"}  # the heading says "Kind"


class BoxColumn(IntEnum):
    BOX = 0
    STATION = 1
    KIND = 2
    EXPECTED = 3
    COUNTS = 4
    VARIANCE = 5
    STATUS = 6
    EXPLANATION = 7


_HEADINGS = {
    BoxColumn.BOX: ("Box", "The ballot box's label"),
    BoxColumn.STATION: ("Polling station", "Where the box came from, with its polling place"),
    BoxColumn.KIND: ("Kind", "Polling station box (Station) or postal box (Postal)"),
    BoxColumn.EXPECTED: ("Expected", "Ballot papers issued, from the box's ballot paper account"),
    BoxColumn.COUNTS: ("Counts", "Every count of the box, in order"),
    BoxColumn.VARIANCE: ("Variance", "The figure that stands (or the latest count) minus expected"),
    BoxColumn.STATUS: ("Status", "Verified, or what the box still needs"),
    BoxColumn.EXPLANATION: ("Explanation", "Why the box differs from its account"),
}
_NUMERIC = frozenset({BoxColumn.EXPECTED, BoxColumn.COUNTS, BoxColumn.VARIANCE})


def status_words(status: BoxStatus) -> str:
    """What the box's counts establish, in words (never colour alone)."""
    match status.how:
        case "not-counted":
            return "Not counted"
        case "equals-account":
            return "Verified"
        case "two-counts-agree":
            return "Verified: two counts agree"
        case "compensating":
            return "Verified: compensating errors"
    counts = status.counts
    if len(counts) >= 2 and counts[-2] != counts[-1]:
        return "Outstanding: count again (last two differ)"
    return "Outstanding: count again"


def variance_text(status: BoxStatus) -> str:
    if not status.counts:
        return wording.NONE_SHOWN
    return f"{status.variance:+,}" if status.variance else "0"


def _display(status: BoxStatus, column: BoxColumn) -> str:
    box = status.box
    match column:
        case BoxColumn.BOX:
            return box.id
        case BoxColumn.STATION:
            return " · ".join(part for part in (box.polling_station, box.polling_place) if part)
        case BoxColumn.KIND:
            return KIND_WORDS.get(box.kind, box.kind)
        case BoxColumn.EXPECTED:
            return wording.figure(box.issued)
        case BoxColumn.COUNTS:
            return ", ".join(wording.figure(c) for c in status.counts) or wording.NONE_SHOWN
        case BoxColumn.VARIANCE:
            return variance_text(status)
        case BoxColumn.STATUS:
            return status_words(status)
        case BoxColumn.EXPLANATION:
            if status.explanation:
                return status.explanation
            return "Needs an explanation" if status.unexplained_variance else ""


class VerificationTableModel(QAbstractTableModel):
    """The boxes of one contest in box order; it shows statuses the domain computed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._statuses: tuple[BoxStatus, ...] = ()

    def show_statuses(self, statuses: tuple[BoxStatus, ...]) -> None:
        self.beginResetModel()
        self._statuses = tuple(statuses)
        self.endResetModel()

    def status_at(self, row: int) -> BoxStatus | None:
        return self._statuses[row] if 0 <= row < len(self._statuses) else None

    def row_of(self, box_id: str) -> int | None:
        for row, status in enumerate(self._statuses):
            if status.box.id == box_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._statuses)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(BoxColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        status = self.status_at(index.row())
        if status is None or not 0 <= index.column() < len(BoxColumn):
            return None
        column = BoxColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _display(status, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{status.box.id}: {status_words(status)}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in _NUMERIC else LEFT
        if role == Qt.ItemDataRole.FontRole and column == BoxColumn.STATUS and not status.verified:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(BoxColumn):
            return None
        heading, tip = _HEADINGS[BoxColumn(section)]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return heading
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if BoxColumn(section) in _NUMERIC else LEFT
        return None
