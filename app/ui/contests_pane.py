"""The main window's contests pane: the table of contest summaries, read in turn with progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.headings import section_label

if TYPE_CHECKING:  # read only once the file is checked, after the window's first paint (P4)
    from app.services.count_file import CountFile
    from app.services.summaries import ContestSummary
    from app.ui.contest_model import ContestTableModel
    from app.ui.contest_table_view import ContestTableView
    from app.ui.result_loader import ReadingBar, SummaryReader

FITTED_ROWS = 200  # rows sampled when fitting the contests table's columns
FIRST_FIT_ROWS = 30  # before the names are read: the rows in sight (the rest are ids)
HEADING = "&Contests"  # Alt+C: the contests table


class ContestsPane(QWidget):
    """Every contest of the file with its summary; says which contest is current."""

    current_changed = Signal(object)  # the current contest's id, or None
    reading_changed = Signal(bool)  # True while summaries are being read

    model: ContestTableModel
    view: ContestTableView
    reader: SummaryReader
    reading_bar: ReadingBar

    def __init__(self, parent: QWidget | None = None) -> None:
        """The heading and a line saying what the pane waits for; the table comes with fill() (at once
        for a window built whole, just after the first paint for `countdesk FILE`: its model's headers
        would make PySide build every Qt enum before the paint, P4)."""
        super().__init__(parent)
        self.setAccessibleName("Contests and results")
        self.heading = section_label(HEADING)
        self.waiting = QLabel("")
        self.waiting.setAccessibleName("Contests not yet read")
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.waiting)
        layout.addStretch(1)  # the line under the heading, not in the middle of the pane
        self._fitted = False
        # The log's event count when the last complete pass began (None: no complete pass of
        # this file), and when the pass running now began: a later pass reads only the contests
        # whose rows changed since, so a save among 650 contests re-reads one, not 650.
        self._read_at: int | None = None
        self._pass_began: int | None = None

    def say(self, text: str) -> None:
        """What the pane waits for, shown until its table is made (fill)."""
        if not hasattr(self, "model"):
            self.waiting.setText(text)

    def fill(self) -> None:
        """Make the contests table, its model and the reader of their summaries (once)."""
        if hasattr(self, "model"):
            return
        from PySide6.QtWidgets import QHeaderView

        from app.ui.contest_detail import read_only_table
        from app.ui.contest_model import ContestTableModel
        from app.ui.contest_table_view import ContestTableView
        from app.ui.result_loader import ReadingBar, SummaryReader

        self.model = ContestTableModel(self)
        self.view = ContestTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Contests")
        self.view.setAccessibleDescription(
            "Each contest with its current result; use the arrow keys to choose one"
        )
        self.view.horizontalHeader().setAccessibleName("Contest table column headings")
        read_only_table(self.view)
        header = self.view.horizontalHeader()
        # Columns are fitted once a pass is read, from a sample of rows (not re-measured on every
        # paint, which costs seconds with 650 contests); the user may widen them.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(FITTED_ROWS)
        header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.reader = SummaryReader(self.model.put, self)
        self.reader.finished.connect(self._reading_finished)
        self.reading_bar = ReadingBar(self.reader)
        self.heading.setText(HEADING)
        self.heading.setBuddy(self.view)
        self._layout.takeAt(self._layout.count() - 1)  # the stretch
        self._layout.removeWidget(self.waiting)
        self.waiting.hide()  # now, not when it is deleted
        self.waiting.deleteLater()
        self._layout.addWidget(self.reading_bar)
        self._layout.addWidget(self.view)

    @property
    def read_through(self) -> bool:
        """Whether every row shows its contest as of the last pass (which was not stopped)."""
        return self._read_at is not None and self.model.unread() == 0

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.contest_id_at(index.row()) if index.isValid() else None

    def select(self, contest_id: str) -> bool:
        row = self.model.row_of(contest_id)
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def show_file(
        self, count_file: CountFile | None, keep: str | None = None, *, fresh: bool = False
    ) -> None:
        """List the file's contests (keeping `keep` current, else the first) and read every
        contest's summary in turn; no file: an empty table. `fresh`: another file than before."""
        self.reader.forget()
        if fresh:  # nothing of another file's rows may show, even where its contests had the same ids
            self._fitted = False
            self._read_at = None
            self.model.refresh([])
        if count_file is None:
            self._read_at = None
            self.model.refresh([])
            self.reading_bar.setVisible(False)
            self.reading_changed.emit(False)
            return
        ids = count_file.contest_ids()
        self.model.set_contests(ids)
        if self.model.row_of(keep or "") is None:
            keep = ids[0] if ids else None
        if keep is not None and keep != self.current_id():
            self.select(keep)
        if not self._fitted:  # fitted to the rows in sight for now: measuring 650 ids delays the paint
            header = self.view.horizontalHeader()
            header.setResizeContentsPrecision(FIRST_FIT_ROWS)
            self.view.resizeColumnsToContents()
            header.setResizeContentsPrecision(FITTED_ROWS)
        self.view.updateGeometry()
        to_read = self._to_read(count_file, ids)
        self.reading_changed.emit(bool(to_read))
        self._pass_began = count_file.fingerprint().event_count
        self.reader.start(count_file, to_read)

    def _to_read(self, count_file: CountFile, ids: list[str]) -> list[str]:
        """Every contest, unless a complete pass of this file was read: then those changed since,
        and any row still unread."""
        from app.services.summaries import contests_changed_since  # a file is open: imported already

        changed = None if self._read_at is None else contests_changed_since(count_file, self._read_at)
        if changed is None:
            return ids
        return [i for row, i in enumerate(ids) if i in changed or self.model.summary_at(row) is None]

    def put(self, summary: ContestSummary) -> None:
        self.model.put(summary)

    def stop(self) -> None:
        self.reader.forget()
        self._read_at = None
        self.reading_bar.setVisible(False)

    def _reading_finished(self, complete: bool) -> None:
        # stopped part way: the next pass reads every contest (a Stop leaves rows of older figures)
        self._read_at = self._pass_began if complete else None
        if complete and not self._fitted:
            self._fitted = True  # once: later passes keep the widths the user may have set
            self.view.resizeColumnsToContents()
        self.reading_changed.emit(False)

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(self.model.contest_id_at(current.row()) if current.isValid() else None)
