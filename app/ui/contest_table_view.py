"""The main window's contests table: it asks for room for its rows (up to a dozen), not a fixed block."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QTableView


class ContestTableView(QTableView):
    """The contests table: it asks for room for its rows (up to a dozen), not a fixed block."""

    MOST_ROWS_ASKED = 12

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        rows = min(self.model().rowCount() if self.model() else 0, self.MOST_ROWS_ASKED)
        row_height = self.verticalHeader().defaultSectionSize()
        height = self.horizontalHeader().sizeHint().height() + max(rows, 1) * row_height
        return QSize(hint.width(), height + 2 * self.frameWidth())
