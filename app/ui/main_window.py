"""The main window: the contests of the open count file, the selected contest's detail, the status."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.result import ContestResult
from app.services.count_file import COUNT_FILE_SUFFIX, CountFile
from app.services.demo import default_demo_folder, prepare_demo
from app.services.errors import ServiceError
from app.ui.about_dialog import show_about
from app.ui.contest_detail import ContestDetail, read_only_table, section_label
from app.ui.contest_model import ContestTableModel
from app.ui.count_menu import add_count_menu
from app.ui.hall_display import HallDisplayAction
from app.ui.print_preview import add_documents_menu
from app.ui.results_window import add_results_menu
from app.ui.setup_menu import add_setup_menu
from app.ui.shortcut_sheet import add_shortcut_sheet_action
from app.ui.theme import add_high_contrast_action
from app.ui.welcome import WelcomePage
from app.ui.window_settings import RecentFilesMenu, WindowSettings

APP_NAME = "CountDesk"
TRAINING = "TRAINING"
FITTED_ROWS = 200  # rows sampled when fitting the contests table's columns
TRAINING_BANNER = "TRAINING FILE: not a real election. Every figure and document is for practice only."
# Black on yellow with a border: readable in high contrast, and the words say it without the colour.
TRAINING_STYLE = (
    "QLabel { background: #ffd400; color: #000000; font-weight: bold;"
    " border: 2px solid #000000; padding: 3px 12px; }"
)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


class ContestTableView(QTableView):
    """The contests table: it asks for room for its rows (up to a dozen), not a fixed block."""

    MOST_ROWS_ASKED = 12

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        rows = min(self.model().rowCount() if self.model() else 0, self.MOST_ROWS_ASKED)
        row_height = self.verticalHeader().defaultSectionSize()
        height = self.horizontalHeader().sizeHint().height() + max(rows, 1) * row_height
        return QSize(hint.width(), height + 2 * self.frameWidth())


class MainWindow(QMainWindow):
    """One count file at a time: its contests, the selected contest's result, and the status bar."""

    def __init__(
        self,
        count_file: CountFile | None = None,
        demo_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("CountDesk main window")
        self._count_file: CountFile | None = None
        self._demo_folder = demo_folder
        self.settings = WindowSettings()
        self._geometry_restored = False
        self._make_actions()
        self._make_menus_and_toolbar()

        self.contests = ContestTableModel(self)
        self.contest_view = ContestTableView()
        self.contest_view.setModel(self.contests)
        self.contest_view.setAccessibleName("Contests")
        self.contest_view.setAccessibleDescription(
            "Each contest with its current result; use the arrow keys to choose one"
        )
        self.contest_view.horizontalHeader().setAccessibleName("Contest table column headings")
        read_only_table(self.contest_view)
        header = self.contest_view.horizontalHeader()
        # Columns are fitted once per refresh from a sample of rows (not re-measured on every paint,
        # which costs seconds with 650 contests); the user may widen them.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(FITTED_ROWS)
        header.setStretchLastSection(True)
        self.contest_view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.detail = ContestDetail()

        self.contests_box = contests_box = QWidget()
        contests_box.setAccessibleName("Contests and results")
        contests_layout = QVBoxLayout(contests_box)
        contests_layout.setContentsMargins(0, 0, 0, 0)
        contests_layout.addWidget(section_label("&Contests", self.contest_view))
        contests_layout.addWidget(self.contest_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Contests and the selected contest")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(contests_box)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.handle(1).setAccessibleName("Divider between the contests and the selected contest")

        self.welcome = WelcomePage(self.open_action, self.demo_action)
        self.pages = QStackedWidget()
        self.pages.setAccessibleName("Pages")
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)

        self.training_banner = QLabel(TRAINING_BANNER)
        self.training_banner.setAccessibleName("Training file warning")
        self.training_banner.setStyleSheet(TRAINING_STYLE)
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        central.setAccessibleName("Main area")
        central_layout = QVBoxLayout(central)
        central_layout.addWidget(self.training_banner)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._make_status_bar()
        self.set_count_file(count_file)

    # construction
    def _action(self, text: str, shortcut: QKeySequence | str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        return action

    def _make_actions(self) -> None:
        self.open_action = self._action("&Open count file…", "Ctrl+O", "Open a .countdesk count file")
        self.open_action.triggered.connect(self.choose_and_open_file)
        self.demo_action = self._action(
            "Open &demo election", "Ctrl+D", "Open a fresh copy of the demonstration (training) election"
        )
        self.demo_action.triggered.connect(self.open_demo)
        self.print_action = self._action(
            "&Print declaration…", "Ctrl+P", "Save the selected contest's declaration of result as a PDF"
        )
        self.print_action.triggered.connect(self.print_declaration)
        self.refresh_action = self._action("&Refresh", "F5", "Read the results from the count file again")
        self.refresh_action.triggered.connect(self.refresh)
        self.quit_action = self._action("&Quit", "Ctrl+Q", "Close CountDesk")
        self.quit_action.triggered.connect(self.close)

    def _make_menus_and_toolbar(self) -> None:
        menu_bar = self.menuBar()
        menu_bar.setAccessibleName("Menu bar")
        file_menu = menu_bar.addMenu("&File")
        file_menu.setAccessibleName("File menu")
        file_menu.addActions([self.open_action, self.demo_action])
        self.recent_menu = RecentFilesMenu(self.settings, self.open_file, file_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu_bar.addMenu("&View")
        view_menu.setAccessibleName("View menu")
        view_menu.addAction(self.refresh_action)
        self.hall_action = HallDisplayAction(self, lambda: self._count_file)
        view_menu.addAction(self.hall_action)
        self.high_contrast_action = add_high_contrast_action(self, view_menu, self.settings)
        self.documents_menu = add_documents_menu(
            self, menu_bar, lambda: self._count_file, lambda: self._selected_contest_id()
        )
        self.setup_menu = add_setup_menu(
            self, menu_bar, lambda: self._count_file, lambda: self._selected_contest_id(),
            self.set_count_file, self.refresh,
        )
        self.results_menu = add_results_menu(
            self, menu_bar, lambda: self._count_file, lambda: self._selected_contest_id(), self.refresh
        )
        self.count_menu = add_count_menu(
            self, menu_bar, lambda: self._count_file, lambda: self._selected_contest_id(), self.refresh
        )
        help_menu = menu_bar.addMenu("&Help")
        help_menu.setAccessibleName("Help menu")
        self.about_action = QAction("&About CountDesk", self)
        self.about_action.setStatusTip("CountDesk's version and the versions of Qt and SQLite")
        self.about_action.triggered.connect(lambda: show_about(self))
        self.shortcut_sheet_action = add_shortcut_sheet_action(self, help_menu)
        help_menu.addAction(self.about_action)

        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("main-toolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.open_action, self.print_action, self.refresh_action):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", ""))
        self.addToolBar(toolbar)

    def _make_status_bar(self) -> None:
        status = self.statusBar()
        status.setAccessibleName("Status bar")
        self.file_label = QLabel("")
        self.file_label.setAccessibleName("Count file")
        self.fingerprint_label = QLabel("")
        self.fingerprint_label.setAccessibleName("Fingerprint")
        self.fingerprint_label.setToolTip(
            "The audit chain head and event count: every printed sheet carries the same"
        )
        self.training_label = QLabel(TRAINING)
        self.training_label.setAccessibleName("Training file")
        self.training_label.setStyleSheet(TRAINING_STYLE)
        for label in (self.training_label, self.file_label, self.fingerprint_label):
            status.addPermanentWidget(label)

    # the count file
    @property
    def count_file(self) -> CountFile | None:
        return self._count_file

    def set_count_file(self, count_file: CountFile | None) -> None:
        """Show this count file (closing the one shown before), or the welcome page."""
        if self._count_file is not None and self._count_file is not count_file:
            self._count_file.close()
        self._count_file = count_file
        if count_file is not None:
            self.recent_menu.add(count_file.path)
        if count_file is None:
            self.contests.refresh([])
            self.detail.show_result(None)
            self.pages.setCurrentWidget(self.welcome)
            self.welcome.open_button.setFocus()
        else:
            self.pages.setCurrentWidget(self.splitter)
            self.refresh()
            self.contest_view.setFocus()
            QTimer.singleShot(0, self._fit_contest_pane)
        self._show_status()

    def close_count_file(self) -> None:
        """Close the open count file, if any (safe to call more than once)."""
        if self._count_file is not None:
            self._count_file.close()
            self._count_file = None

    def open_file(self, path: Path) -> bool:
        """Open a count file; a file that cannot be opened is explained in a message box."""
        if self._count_file is not None and _same_file(self._count_file.path, path):
            self.refresh()  # already open here (a second open would be refused as "open elsewhere")
            return True
        try:
            count_file = CountFile.open(path)
        except ServiceError as error:
            self._explain("The count file could not be opened", error)
            return False
        self.set_count_file(count_file)
        return True

    def choose_and_open_file(self) -> None:
        start = str(self._count_file.path.parent) if self._count_file else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open count file", start, f"Count files (*{COUNT_FILE_SUFFIX});;All files (*)"
        )
        if chosen:
            self.open_file(Path(chosen))

    def open_demo(self) -> None:
        """A fresh copy of the demo election, replacing any earlier demo file."""
        folder = self._demo_folder or default_demo_folder()
        if self._count_file is not None and _same_file(self._count_file.path.parent, folder):
            self.set_count_file(None)  # the demo file shown now is about to be replaced
        try:
            count_file = prepare_demo(self._demo_folder)
        except ServiceError as error:
            self._explain("The demo election could not be prepared", error)
            return
        self.set_count_file(count_file)

    # results
    def refresh(self) -> None:
        """Read every contest's result again, keeping the selected contest selected."""
        if self._count_file is None:
            return
        selected = self.selected_result()
        self.contests.refresh(self._count_file.results())
        self.contest_view.resizeColumnsToContents()
        self.contest_view.updateGeometry()
        row = self.contests.row_of(selected.contest.id) if selected is not None else None
        if row is None and self.contests.rowCount() > 0:
            row = 0
        if row is None:
            self.detail.show_result(None)
        else:
            self.contest_view.selectRow(row)  # shows the row through currentRowChanged, unless current
            if self.detail.result is not self.contests.result_at(row):
                self._show_row(row)
        self._show_status()

    def _selected_contest_id(self) -> str | None:
        result = self.selected_result()
        return result.contest.id if result is not None else None

    def selected_result(self) -> ContestResult | None:
        index = self.contest_view.currentIndex()
        if not index.isValid():
            return None
        return self.contests.result_at(index.row())

    def select_contest(self, contest_id: str) -> bool:
        row = self.contests.row_of(contest_id)
        if row is None:
            return False
        self.contest_view.selectRow(row)
        return True

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_row(current.row() if current.isValid() else None)

    def _show_row(self, row: int | None) -> None:
        result = self.contests.result_at(row) if row is not None else None
        self.detail.show_result(result)
        self.print_action.setEnabled(result is not None)

    # documents
    def print_declaration(self) -> None:
        """Ask where to save the selected contest's declaration, then write the PDF there."""
        result = self.selected_result()
        if self._count_file is None or result is None:
            self.statusBar().showMessage("Select a contest first, then print its declaration.", 8000)
            return
        suggested = self._count_file.path.parent / f"{result.contest.id}.declaration.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the declaration of result", str(suggested), "PDF documents (*.pdf)"
        )
        if not chosen:
            return
        out = Path(chosen)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        try:
            self._count_file.print_declaration(result.contest.id, out)
        except ServiceError as error:
            self._explain("The declaration could not be printed", error)
            return
        except OSError as error:
            self._explain(
                "The declaration could not be saved",
                f"{out} could not be written ({error.strerror or error}); choose another folder.",
            )
            return
        self._show_status()
        self.statusBar().showMessage(f"Declaration of {result.contest.name} saved to {out}", 15000)

    # status and messages
    def _show_status(self) -> None:
        self.hall_action.refresh()  # the hall display follows every refresh of this window
        count_file = self._count_file
        training = count_file is not None and count_file.election.training
        self.training_banner.setVisible(training)
        self.training_label.setVisible(training)
        self.print_action.setEnabled(count_file is not None and self.selected_result() is not None)
        self.refresh_action.setEnabled(count_file is not None)
        if count_file is None:
            self.setWindowTitle(APP_NAME)
            self.file_label.setText("No count file open")
            self.file_label.setToolTip("")
            self.fingerprint_label.setText("")
            return
        title = count_file.election.title
        marker = f" — {TRAINING}" if training else ""
        self.setWindowTitle(f"{APP_NAME}{marker} — {title} — {count_file.path.name}")
        self.file_label.setText(f"File: {count_file.path.name}")
        self.file_label.setToolTip(str(count_file.path))
        fingerprint = count_file.fingerprint()
        events = "1 event" if fingerprint.event_count == 1 else f"{fingerprint.event_count:,} events"
        self.fingerprint_label.setText(f"Fingerprint {fingerprint.short} · {events}")

    def _explain(self, title: str, error: Exception | str) -> None:
        QMessageBox.warning(self, title, str(error))

    def _fit_contest_pane(self) -> None:
        """Give the contests table room for its rows (a dozen at most, half the height at most)."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        wanted = min(self.contests_box.sizeHint().height(), total // 2)
        self.splitter.setSizes([wanted, total - wanted])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._geometry_restored:  # once: later shows keep wherever the user put it
            self._geometry_restored = True
            self.settings.restore_window(self)
        QTimer.singleShot(0, self._fit_contest_pane)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window(self)
        self.close_count_file()
        super().closeEvent(event)
