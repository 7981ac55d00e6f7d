"""The main window: the contests of the open count file, the selected contest's detail, the status."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from app.services.errors import ServiceError
from app.services.file_claim import ClaimedFile
from app.ui.contests_pane import ContestsPane
from app.ui.file_opening import FileOpening
from app.ui.file_status import TRAINING, TRAINING_STYLE, FileStatus
from app.ui.screen_fit import resize_within_screen
from app.ui.window_settings import WindowSettings

if TYPE_CHECKING:  # types only: none is needed to paint the window
    from PySide6.QtGui import QCloseEvent, QShowEvent

    from app.domain.documents import Fingerprint
    from app.domain.result import ContestResult
    from app.services.count_file import CountFile

APP_NAME = "CountDesk"
TRAINING_BANNER = "TRAINING FILE: not a real election. Every figure and document is for practice only."
# The central area makes no (zero-length) geometry animations: each one starts Qt's private animation
# timer, whose first sight by a Python event filter makes PySide resolve every type it has (~50 ms, P4).
MAIN_AREA_STYLE = "QWidget#main-area { widget-animation-duration: 0; }"
# The menu bar's titles, in order (app/ui/main_menus.py makes the menus): the first paint shows them.
MENU_TITLES = ("&File", "&View", "&Documents", "&Setup", "&Results", "&Count", "&Help")


class MainWindow(QMainWindow):
    """One count file at a time: its contests, the selected contest's result, and the status bar.

    Built in two steps, in this order, by one path: the frame (menu titles, the contests pane's heading,
    the status bar's file and operator) and then everything else (menus' actions and shortcuts, toolbar,
    panels, the detail pane, the idle lock). `countdesk FILE` asks for the second step just after the
    first paint (build_after_paint), in the same event-loop turn and before its file is checked, so its
    window paints sooner (P4); every other window is built whole at once."""

    finished_building = Signal()  # the whole window is made (see built)

    def __init__(
        self,
        count_file: CountFile | ClaimedFile | None = None,
        demo_folder: Path | None = None,
        parent: QWidget | None = None,
        *,
        build_after_paint: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("CountDesk main window")
        self._count_file: CountFile | None = None
        self.opening = FileOpening(self, demo_folder, self.finish_building)
        self.file_check = self.opening.check
        self.settings = WindowSettings()
        self._geometry_restored = False
        self._make_frame()
        self._built = False
        self._first_shown: CountFile | ClaimedFile | None = count_file
        if build_after_paint and isinstance(count_file, ClaimedFile):
            self.file_check.start(count_file)  # this check builds the rest first (finish_building)
            self._show_claimed_frame(count_file)
        else:
            self.finish_building()

    def _make_frame(self) -> None:
        """What the first paint shows: the menus' titles, the contests pane's heading, the status bar."""
        if self.settings.high_contrast():  # so is the first paint (View ▸ High contrast follows it)
            from app.ui.theme import apply_remembered_theme

            apply_remembered_theme(self.settings)
        menu_bar = self.menuBar()
        menu_bar.setAccessibleName("Menu bar")
        self._title_menus = [menu_bar.addMenu(title) for title in MENU_TITLES]  # filled in finish_building
        self.contests_box = ContestsPane()
        self.central = central = QWidget()
        central.setObjectName("main-area")
        central.setStyleSheet(MAIN_AREA_STYLE)
        central.setAccessibleName("Main area")
        self.central_layout = QVBoxLayout(central)
        self.central_layout.addWidget(self.contests_box, 1)
        self.setCentralWidget(central)
        # The count menu's own label replaces it (operator_switch.at_the_keyboard(None)'s words; its module
        # is not needed to paint: tests/ui/test_claimed_file.py holds the two the same).
        self._who = QLabel("Nobody is signed in")
        self.statusBar().addPermanentWidget(self._who)
        self.file_status = FileStatus(self.statusBar())
        self.file_label = self.file_status.file_label
        self.fingerprint_label = self.file_status.fingerprint_label
        self.training_label = self.file_status.training_label

    def _show_claimed_frame(self, claimed: ClaimedFile) -> None:
        """The frame of a window whose file is claimed: it says it is checking the file."""
        checking = f"Checking {claimed.path.name} before reading its results…"
        if claimed.older:  # updated to this version's format first (once; a general election ~2 s)
            checking = f"Updating {claimed.path.name} from an older CountDesk, then checking it…"
        self.contests_box.say(checking)
        self.statusBar().showMessage(checking)
        self.training_label.setVisible(False)
        self.file_label.setText(f"File: {claimed.path.name} (checking)")
        self.setWindowTitle(f"{APP_NAME} — checking {claimed.path.name}")

    @property
    def built(self) -> bool:
        """Whether the whole window is made (False only between a `countdesk FILE` window's creation and
        the event-loop turn just after its first paint)."""
        return self._built

    def finish_building(self) -> bool:
        """Everything after the frame, then the file the window was given; True when this call built it
        (once: later calls do nothing)."""
        if self._built:
            return False
        self._built = True
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter, QStackedWidget

        from app.ui.contest_detail import ContestDetail
        from app.ui.idle_lock import IdleLock
        from app.ui.main_menus import add_menus_and_toolbar, make_window_actions
        from app.ui.unclean_exit import UncleanExitBanner
        from app.ui.welcome import WelcomePage

        make_window_actions(self)
        menu_bar = self.menuBar()
        menu_bar.clear()
        for title_only in self._title_menus:
            title_only.setParent(None)  # gone now (not later), with the last reference to it
        self._title_menus = []
        self.statusBar().removeWidget(self._who)
        self._who.setParent(None)
        del self._who
        add_menus_and_toolbar(self)

        # The table shows a small summary per contest, read in turn after the window is shown; only
        # the selected contest's full result is held (the detail pane), read when it is selected.
        contests_box = self.contests_box
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Contests and the selected contest")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(contests_box)  # out of the shown frame first: its table shows with the pages
        contests_box.fill()
        self.contests = contests_box.model
        self.contest_view = contests_box.view
        contests_box.current_changed.connect(self._show_contest)
        contests_box.reading_changed.connect(self._reading_changed)
        self._read_fingerprint: Fingerprint | None = None  # the file as of the last complete pass
        self._results_shown = 0  # full results read for the detail pane (to read each once)
        self.detail = ContestDetail()
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
        self.unclean_exit = UncleanExitBanner()
        self.central_layout.addWidget(self.training_banner)
        self.central_layout.addWidget(self.unclean_exit)
        self.central_layout.addWidget(self.pages, 1)

        self.idle_lock = IdleLock(self, self._checked_file, watching=False)  # watching from a checked file
        self._file_menu.insertAction(self._lock_before, self.idle_lock.action)  # File ▸ Lock screen
        if self._geometry_restored:  # shown already: the toolbar and panels go where they were left
            self.settings.restore_layout(self)
        shown, self._first_shown = self._first_shown, None
        self.set_count_file(shown)
        if self.isVisible():  # added to a shown window: shown now, so the next paint has them (not later)
            self.pages.show()
            QTimer.singleShot(0, self._fit_contest_pane)
        self.finished_building.emit()
        return True

    def _watch_the_application(self) -> None:
        """The application-wide event filters (idle lock, training banners; idempotent), once every widget
        exists and no file is waiting for its check (after the first paint: a filter sees every event of
        the window, and costs PySide6 tens of milliseconds for the types it then has to make, P4)."""
        from app.ui.training import install_training_banners

        self.idle_lock.watch()
        install_training_banners()  # every dialog of a training file shows the banner inside it

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
        if not self._built:  # closed before its first paint: nothing else was made or opened
            return
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
        from app.ui.status_message import show_path_message
        out = save_declaration(self, self._count_file, result)
        if out is None:
            return
        self._show_status()
        show_path_message(self.statusBar(), f"Declaration of {result.contest.name} saved to ", out, 15000)

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
        if not self._built:
            return
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        wanted = min(self.contests_box.sizeHint().height(), total // 2)
        self.splitter.setSizes([wanted, total - wanted])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._geometry_restored:  # once: later shows keep wherever the user put it
            self._geometry_restored = True
            if not self.settings.restore_window(self):  # a first night: the screen, not the least size
                resize_within_screen(self, 1600, 1000)
        QTimer.singleShot(0, self._fit_contest_pane)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._built:  # closed before its first paint
            self.close_count_file()
            super().closeEvent(event)
            return
        self.contests_box.stop()
        self.package_import.wait()
        self.settings.save_window(self)
        self.close_count_file()
        super().closeEvent(event)
