"""The results screen in its own window, and the Results menu that opens it for the selected contest."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMenuBar, QVBoxLayout, QWidget

from app.ui.operator_switch import SWITCH_SHORTCUT, switch_operator
from app.ui.screen_fit import resize_within_screen
from app.ui.training import training_title
from app.ui.window_keys import WindowKey, bind_keys

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.services.count_file import CountFile

RESULTS_SHORTCUT = QKeySequence("F6")
# The window's own keys beside its results screen's (RESULT_KEYS), once: made and listed (F1) from here.
RESULTS_WINDOW_KEYS: tuple[WindowKey, ...] = (
    WindowKey("switch", "Switch operator", SWITCH_SHORTCUT.toString(), "Let the next person sign in"),
)


class ResultsWindow(QDialog):
    """One contest's results screen, beside the main window (not modal: the count goes on)."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(training_title(count_file, "Results and declaration"))
        self.setAccessibleName("Results and declaration window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Imported at the first opening: the main window builds the Results menu at start-up, and
        # the results screen (with its models and dialogs) would delay its first paint.
        from app.ui.results_view import ResultsView

        self.view = ResultsView(count_file, self)
        self.view.show_contest(contest_id)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view)
        resize_within_screen(self, 1280, 820)
        # The same key as everywhere else: the Returning Officer steps up to this window to declare.
        bind_keys(self, RESULTS_WINDOW_KEYS, {"switch": lambda: self._switch(count_file)})

    def _switch(self, count_file: CountFile) -> None:
        switch_operator(self, count_file)
        self.view.refresh()


def open_results(parent: QWidget | None, count_file: CountFile, contest_id: str) -> ResultsWindow:
    """Show the contest's results screen; its `view.changed` fires after every saved action."""
    window = ResultsWindow(count_file, contest_id, parent)
    window.show()
    window.view.votes_view.setFocus()
    return window


def add_results_menu(
    window: QMainWindow,
    menu_bar: QMenuBar,
    count_file: Callable[[], CountFile | None],
    contest_id: Callable[[], str | None],
    refresh: Callable[[], None],
) -> QMenu:
    """A Results menu: the selected contest's results, recounts, lots and declaration (F6)."""
    menu = menu_bar.addMenu("&Results")
    menu.setAccessibleName("Results menu")
    action = QAction("Results and &declaration…", window)
    action.setShortcut(RESULTS_SHORTCUT)
    tip = "The selected contest's result, recounts, lots, provisional result and declaration"
    action.setStatusTip(tip)
    action.setToolTip(f"{tip} ({RESULTS_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)})")
    action.setObjectName("results-and-declaration")

    def show() -> None:
        current, contest = count_file(), contest_id()
        if current is None or contest is None:
            window.statusBar().showMessage("Select a contest first, then press F6.", 8000)
            return
        opened = open_results(window, current, contest)
        opened.view.changed.connect(refresh)

    action.triggered.connect(lambda _checked=False: show())
    menu.addAction(action)
    return menu
