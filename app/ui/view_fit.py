"""Tables and lists as tall as their rows: a handful of rows shows with no empty grid or scroll bar."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QTableView


def fit_rows(view: QTableView, most: int = 420) -> None:
    """As tall as its rows (no empty grid, no scrolling for a handful of rows)."""
    view.resizeRowsToContents()
    header = view.horizontalHeader().sizeHint().height()
    scroll = view.horizontalScrollBar().sizeHint().height()  # room for it, should it appear
    height = header + view.verticalHeader().length() + 2 * view.frameWidth() + scroll
    view.setMinimumHeight(min(height, most))
    view.setMaximumHeight(height)


def fit_list(view: QListWidget, fewest: int = 2) -> None:
    """Room for every line (at least `fewest`) without a scroll bar."""
    line = view.fontMetrics().lineSpacing() + 2
    height = max(view.count(), fewest) * line + 2 * view.frameWidth() + 6
    view.setMinimumHeight(height)
    view.setMaximumHeight(height)


def fit_list_rows(view: QListWidget, most: int = 5) -> None:
    """As tall as its rows (one at least, `most` at most, scrolling beyond)."""
    rows = sum(view.sizeHintForRow(i) for i in range(min(max(view.count(), 1), most)))
    view.setFixedHeight(max(rows, view.fontMetrics().height()) + 2 * view.frameWidth() + 2)
