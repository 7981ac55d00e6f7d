"""The main window: the contests of the open count file, the selected contest's detail, the status."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QToolBar, QVBoxLayout, QWidget

from app.services.errors import ServiceError
from app.services.file_claim import ClaimedFile
from app.ui.about_dialog import add_about_action
from app.ui.alerts_panel import add_alerts_panel
from app.ui.backup_dialog import add_backup_action
from app.ui.backup_restore import add_restore_action
from app.ui.contest_detail import ContestDetail
from app.ui.contests_pane import ContestsPane
from app.ui.count_menu import add_count_menu
from app.ui.documents_menu import add_documents_menu
from app.ui.file_opening import FileOpening
from app.ui.file_status import TRAINING, TRAINING_STYLE, FileStatus
from app.ui.hall_display import HallDisplayAction
from app.ui.idle_lock import IdleLock
from app.ui.import_dialog import add_import_action
from app.ui.results_window import add_results_menu
from app.ui.setup_menu import add_setup_menu
from app.ui.shortcut_sheet import add_shortcut_sheet_action
from app.ui.theme import add_high_contrast_action
from app.ui.training import install_training_banners
from app.ui.unclean_exit import UncleanExitBanner
from app.ui.welcome import WelcomePage
from app.ui.window_settings import RecentFilesMenu, WindowSettings

if TYPE_CHECKING:  # types only: none is needed to paint the window
    from app.domain.documents import Fingerprint
    from app.domain.result import ContestResult
    from app.services.count_file import CountFile

APP_NAME = "CountDesk"
TRAINING_BANNER = "TRAINING FILE: not a real election. Every figure and document is for practice only."


class MainWindow(QMainWindow):
    """One count file at a time: its contests, the selected contest's result, and the status bar."""

    def __init__(
        self,
        count_file: CountFile | ClaimedFile | None = None,
        demo_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("CountDesk main window")
        self._count_file: CountFile | None = None
        self.opening = FileOpening(self, demo_folder)
        self.file_check = self.opening.check
        self.settings = WindowSettings()
        self._geometry_restored = False
        self._make_actions()
        self._make_menus_and_toolbar()

        # The table shows a small summary per contest, read in turn after the window is shown; only
        # the selected contest's full result is held (the detail pane), read when it is selected.
        self.contests_box = contests_box = ContestsPane()
        self.contests = contests_box.model
        self.contest_view = contests_box.view
        contests_box.current_changed.connect(self._show_contest)
        contests_box.reading_changed.connect(self._reading_changed)
        self._read_fingerprint: Fingerprint | None = None  # the file as of the last complete pass
        self._results_shown = 0  # full results read for the detail pane (to read each once)
        self.detail = ContestDetail()

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
        self.unclean_exit = UncleanExitBanner()
        central_layout.addWidget(self.unclean_exit)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._make_status_bar()
        self.idle_lock = IdleLock(self, self._checked_file, watching=False)  # watching from a checked file
        self._file_menu.insertAction(self._lock_before, self.idle_lock.action)  # File ▸ Lock screen
        self.set_count_file(count_file)

    def _watch_the_application(self) -> None:
        """The application-wide event filters (idle lock, training banners; idempotent), once every widget
        exists and no file is waiting for its check (after the first paint: a filter sees every event of
        the window, and costs PySide6 tens of milliseconds for the types it then has to make, P4)."""
        self.idle_lock.watch()
        install_training_banners()  # every dialog of a training file shows the banner inside it

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
        self.package_import = add_import_action(self, file_menu, self.opening.start_folder, self.open_file)
        self.recent_menu = RecentFilesMenu(self.settings, self.open_file, file_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        self.backup_action = add_backup_action(self, file_menu, self._checked_file, self._show_status)
        self.restore_backup = add_restore_action(self, file_menu, self._checked_file, self.open_file)
        self._file_menu, self._lock_before = file_menu, file_menu.addSeparator()  # the lock goes here
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu_bar.addMenu("&View")
        view_menu.setAccessibleName("View menu")
        view_menu.addAction(self.refresh_action)
        self.hall_action = HallDisplayAction(self, self._checked_file)
        view_menu.addAction(self.hall_action)
        self.high_contrast_action = add_high_contrast_action(self, view_menu, self.settings)
        # Shown while a file is open, checked or not: it is given alerts only from what is read after.
        self.alerts = add_alerts_panel(
            self, view_menu, lambda: self._count_file, self.refresh, self.select_contest
        )
        self.documents_menu = add_documents_menu(
            self, menu_bar, self._checked_file, lambda: self._selected_contest_id()
        )
        self.setup_menu = add_setup_menu(
            self, menu_bar, self._checked_file, lambda: self._selected_contest_id(),
            self.set_count_file, self.refresh,
        )
        self.results_menu = add_results_menu(
            self, menu_bar, self._checked_file, lambda: self._selected_contest_id(), self.refresh
        )
        self.count_menu = add_count_menu(
            self, menu_bar, self._checked_file, lambda: self._selected_contest_id(), self.refresh
        )
        help_menu = menu_bar.addMenu("&Help")
        help_menu.setAccessibleName("Help menu")
        self.shortcut_sheet_action = add_shortcut_sheet_action(self, help_menu)
        self.about_action = add_about_action(self, help_menu)

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
        self.file_status = FileStatus(self.statusBar())
        self.file_label = self.file_status.file_label
        self.fingerprint_label = self.file_status.fingerprint_label
        self.training_label = self.file_status.training_label

    # the count file
    @property
    def count_file(self) -> CountFile | None:
        return self._count_file

    @property
    def checking(self) -> bool:
        """Whether the open file is still to be checked (it was opened with CountFile.open(check=False))."""
        return self.file_check.pending is not None

    def _checked_file(self) -> CountFile | None:
        """The open count file for the menus and panels: none until it has passed its checks."""
        return None if self.checking else self._count_file

    def set_count_file(self, shown: CountFile | ClaimedFile | None, *, closed: bool = False) -> None:
        """Show this count file (closing the one shown before, unless closed says it is already), or the
        welcome page. A ClaimedFile (`countdesk FILE`) paints sooner: the window says it is checking the
        file, checks it just after its first paint, and reads nothing of it and writes nothing to it
        before it passes."""
        claimed = shown if isinstance(shown, ClaimedFile) else None
        count_file = None if isinstance(shown, ClaimedFile) else shown
        before = self.file_check.pending
        self.file_check.start(claimed)
        if before is not None and before is not claimed and not closed:
            before.close()  # a file still to be checked, replaced before its check
        if claimed is None:
            self._watch_the_application()
        self.unclean_exit.follow(count_file)  # the file before closes properly
        if self._count_file is not None and self._count_file is not count_file and not closed:
            self._count_file.close()
        self._count_file = count_file
        if count_file is not None:
            self.recent_menu.add(count_file.path)
        self._read_fingerprint = None
        if claimed is not None:
            self.contests_box.show_file(None)
            self.detail.show_result(None)
            self.pages.setCurrentWidget(self.splitter)
            self.statusBar().showMessage(f"Checking {claimed.path.name} before reading its results…")
            self.alerts.wait_for_file()
        elif count_file is None:
            self.contests_box.show_file(None)
            self.detail.show_result(None)
            self.pages.setCurrentWidget(self.welcome)
            self.welcome.open_button.setFocus()
        else:
            self.pages.setCurrentWidget(self.splitter)
            self._list_contests(count_file, None, fresh=True)
            self.contest_view.setFocus()
            QTimer.singleShot(0, self._fit_contest_pane)
        self._show_status()

    def close_count_file(self) -> None:
        """Close the open count file, if any (safe to call more than once)."""
        pending = self.file_check.pending
        self.file_check.start(None)
        if pending is not None:
            pending.close()
        self.unclean_exit.follow(None)
        self.contests_box.stop()
        if self._count_file is not None:
            self._count_file.close()
            self._count_file = None

    def open_file(self, path: Path) -> bool:
        """Open a count file; a file that cannot be opened is explained in a message box."""
        return self.opening.open_file(path)

    def choose_and_open_file(self) -> None:
        self.opening.choose_and_open_file()

    def open_demo(self) -> None:
        """A fresh copy of the demo election, replacing any earlier demo file."""
        self.opening.open_demo()

    # results
    def refresh(self) -> None:
        """Read the selected contest's result again at once, then every contest's summary in turn
        (none again when nothing was recorded since the last complete reading)."""
        count_file = self._checked_file()
        if count_file is None:
            return
        selected = self._selected_contest_id()
        unchanged = self._read_fingerprint is not None and count_file.fingerprint() == self._read_fingerprint
        if unchanged and count_file.contest_ids() == [
            self.contests.contest_id_at(row) for row in range(self.contests.rowCount())
        ]:
            self._show_contest(selected)
        else:
            self._read_fingerprint = None
            self._list_contests(count_file, selected)
        self._show_status()

    def _list_contests(self, count_file: CountFile, keep: str | None, *, fresh: bool = False) -> None:
        """List the contests (reading their summaries in turn) and read the selected one's result now."""
        shown = self._results_shown
        self.contests_box.show_file(count_file, keep=keep, fresh=fresh)
        if self._results_shown == shown:  # the selection did not move, so the pane did not ask
            self._show_contest(self._selected_contest_id())

    def _selected_contest_id(self) -> str | None:
        return self.contests_box.current_id()

    def selected_result(self) -> ContestResult | None:
        """The selected contest's full result (read when it was selected or last refreshed)."""
        return self.detail.result

    def select_contest(self, contest_id: str) -> bool:
        return self.contests_box.select(contest_id)

    def _show_contest(self, contest_id: str | None) -> None:
        """Read this contest's full result for the detail pane (its row is brought up to date too)."""
        self._results_shown += 1
        result = None
        if self._count_file is not None and contest_id is not None:
            try:
                result = self._count_file.result(contest_id)
            except ServiceError as error:  # gone since the list was read (setup removed it)
                self.statusBar().showMessage(str(error), 8000)
        if result is not None and self._count_file is not None:
            from app.services.summaries import summarise  # read only after the first paint

            self.contests_box.put(summarise(result))
            self.alerts.show_result(self._count_file, result)
        self.detail.show_result(result)
        self.print_action.setEnabled(result is not None)

    def _reading_changed(self, reading: bool) -> None:
        """A complete reading is remembered by the file's fingerprint: F5 reads nothing again until
        something has been recorded (every change to a count file is an audit event)."""
        if self.checking:  # nothing read yet: the panel says it is being updated, not that all is well
            self.alerts.wait_for_file()
            return
        count_file = self._checked_file()
        read = map(self.contests.summary_at, range(self.contests.rowCount()))
        self.alerts.follow(count_file, reading, read)  # the list of what needs someone
        if not reading and count_file is not None and self.contests_box.read_through:
            self._read_fingerprint = count_file.fingerprint()

    # documents
    def print_declaration(self) -> None:
        """Ask where to save the selected contest's declaration, then write the PDF there."""
        result = self.selected_result()
        if self._count_file is None or result is None:
            self.statusBar().showMessage("Select a contest first, then print its declaration.", 8000)
            return
        from app.ui.declaration_save import save_declaration  # its dialogs are not needed to paint

        out = save_declaration(self, self._count_file, result)
        if out is None:
            return
        self._show_status()
        self.statusBar().showMessage(f"Declaration of {result.contest.name} saved to {out}", 15000)

    # status and messages
    def _show_status(self) -> None:
        self.hall_action.refresh()  # the hall display follows every refresh of this window
        count_file = self._checked_file()
        training = count_file is not None and count_file.election.training
        self.training_banner.setVisible(training)
        self.print_action.setEnabled(count_file is not None and self.selected_result() is not None)
        self.refresh_action.setEnabled(count_file is not None)
        self.backup_action.setEnabled(count_file is not None)
        self.file_status.show(count_file)
        pending = self.file_check.pending
        if pending is not None:
            name = pending.path.name
            self.file_label.setText(f"File: {name} (checking)")
            self.setWindowTitle(f"{APP_NAME} — checking {name}")
            return
        if count_file is None:
            self.setWindowTitle(APP_NAME)
            return
        marker = f" — {TRAINING}" if training else ""
        self.setWindowTitle(f"{APP_NAME}{marker} — {count_file.election.title} — {count_file.path.name}")

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
        self.contests_box.stop()
        self.package_import.wait()
        self.settings.save_window(self)
        self.close_count_file()
        super().closeEvent(event)
