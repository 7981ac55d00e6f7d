"""The setup window: the election, its contests, and the chosen contest's candidates, boxes and tables."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.count_file import CountFile
from app.ui.screen_fit import resize_within_screen
from app.ui.setup_boxes import BoxesPage
from app.ui.setup_candidates import CandidatesPage
from app.ui.setup_contests import ContestsPage
from app.ui.setup_election import ElectionPage
from app.ui.setup_page import SetupPage
from app.ui.setup_tables import TablesPage
from app.ui.training import training_title
from app.ui.window_keys import WindowKey, bind_keys

# The window's pages and their keys, once: its tabs and shortcuts are made from here, and F1 lists them.
SETUP_KEYS: tuple[WindowKey, ...] = tuple(
    WindowKey(f"page-{number}", title, f"Ctrl+{number}", f"Show the {title.lower()} page")
    for number, title in enumerate(("Election", "Contests", "Candidates", "Ballot boxes", "Count tables"), 1)
)


class SetupDialog(QDialog):
    """Five pages (Ctrl+1 to Ctrl+5); the contest chooser at the top drives the last three."""

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._file = count_file
        self.setWindowTitle(training_title(count_file, f"Setup: {count_file.election.title}"))
        self.setAccessibleName("Setup window")
        self.contest = QComboBox()
        self.contest.setAccessibleName("Contest to set up")
        contest_label = QLabel("Contest being set &up:")
        contest_label.setBuddy(self.contest)
        self.election_page = ElectionPage(count_file)
        self.contests_page = ContestsPage(count_file)
        self.candidates_page = CandidatesPage(count_file)
        self.boxes_page = BoxesPage(count_file)
        self.tables_page = TablesPage(count_file)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Setup pages")
        pages: list[SetupPage] = [
            self.election_page,
            self.contests_page,
            self.candidates_page,
            self.boxes_page,
            self.tables_page,
        ]
        for page, key in zip(pages, SETUP_KEYS, strict=True):
            self.tabs.addTab(page, key.on_button())
            page.changed.connect(self._changed)
        bind_keys(self, SETUP_KEYS, {key.id: partial(self.show_page, i) for i, key in enumerate(SETUP_KEYS)})
        self.contests_page.contest_chosen.connect(self.choose_contest)
        self.contest.currentIndexChanged.connect(self._contest_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(contest_label)
        top.addWidget(self.contest, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        resize_within_screen(self, 1180, 720)
        self._fill_contests()

    def show_page(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus()
        self.tabs.currentWidget().focusNextChild()

    def _fill_contests(self, keep: str | None = None) -> None:
        keep = keep or (str(self.contest.currentData()) if self.contest.currentData() else None)
        self.contest.blockSignals(True)
        self.contest.clear()
        for contest_id in self._file.contest_ids():
            self.contest.addItem(f"{self._file.contest(contest_id).name} ({contest_id})", contest_id)
        index = self.contest.findData(keep) if keep else 0
        self.contest.setCurrentIndex(max(index, 0) if self.contest.count() else -1)
        self.contest.blockSignals(False)
        self._contest_changed()

    def choose_contest(self, contest_id: str) -> None:
        if self.contest.findData(contest_id) < 0:
            self._fill_contests(contest_id or None)
            return
        self.contest.setCurrentIndex(self.contest.findData(contest_id))

    def _contest_changed(self) -> None:
        data = self.contest.currentData()
        contest_id = str(data) if data else None
        for page in (self.candidates_page, self.boxes_page, self.tables_page):
            page.set_contest(contest_id)

    def _changed(self) -> None:
        """Something was saved: contests may have come or gone, and tables' boxes may have changed."""
        sender = self.sender()
        current = str(self.contest.currentData()) if self.contest.currentData() else None
        if sender is self.contests_page or sender is self.election_page:
            self._fill_contests(current)
        elif sender is not self.tables_page:
            self.tables_page.refresh()
        if sender is not self.election_page:
            self.election_page.refresh()  # a late change joins the record shown there


def open_setup(parent: QWidget | None, count_file: CountFile, page: int = 0) -> SetupDialog:
    """Show the setup window (modal) at a page; returns it once closed."""
    dialog = SetupDialog(count_file, parent)
    dialog.tabs.setCurrentIndex(page)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.exec()
    return dialog
