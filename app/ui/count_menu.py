"""The main window's Count menu (count sheets, supervisor review, operator switch) and who is keying."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMenuBar

from app.ui.operator_switch import SWITCH_SHORTCUT, at_the_keyboard, switch_operator

if TYPE_CHECKING:  # types only: not needed to paint the window (P4)
    from app.services.count_file import CountFile

# The count entry and supervisor review screens are imported when first opened, not with the main
# window: neither is shown at the first paint, and importing them costs start-up time (P4).
ENTRY_SHORTCUT = QKeySequence("Ctrl+E")
REVIEW_SHORTCUT = QKeySequence("Ctrl+Shift+V")  # Ctrl+Shift+R is the recount request
KEYBOARD_POLL_MS = 500  # the status bar follows a switch made in any window


class CountMenu(QObject):
    """The Count menu's actions. Its slots are bound methods: a lambda holding the main window
    from the window's own actions would keep it alive past Qt's deletion of it."""

    def __init__(
        self,
        window: QMainWindow,
        menu_bar: QMenuBar,
        count_file: Callable[[], CountFile | None],
        contest_id: Callable[[], str | None],
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._count_file = count_file
        self._contest_id = contest_id
        self._refresh = refresh
        self.menu = menu_bar.addMenu("&Count")
        self.menu.setAccessibleName("Count menu")
        self.who = QLabel(at_the_keyboard(None))
        self.who.setAccessibleName("Who is at the keyboard")
        self.who.setObjectName("at-the-keyboard")
        window.statusBar().insertPermanentWidget(0, self.who)  # first, whenever the menu is made
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.show_who)
        self._timer.start(KEYBOARD_POLL_MS)
        self._make("count-sheets", "Count &sheets…", ENTRY_SHORTCUT,
                   "Key the selected contest's count sheets (blind double entry)", self.enter)
        self._make("supervisor-review", "Supervisor &review…", REVIEW_SHORTCUT,
                   "Compare differing entries with the paper, send boxes back, acknowledge warnings",
                   self.review)
        self.menu.addSeparator()
        self._make("switch-operator", "S&witch operator…", SWITCH_SHORTCUT,
                   "Sign in as the person now at the keyboard", self.switch)

    def _make(self, name: str, text: str, shortcut: QKeySequence, tip: str, run: Callable[[], None]) -> None:
        action = QAction(text, self._window)
        action.setObjectName(name)
        action.setShortcut(shortcut)
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(run)
        self.menu.addAction(action)

    def show_who(self) -> None:
        text = at_the_keyboard(self._count_file())
        if self.who.text() != text:
            self.who.setText(text)

    def _chosen(self) -> tuple[CountFile, str] | None:
        current, contest = self._count_file(), self._contest_id()
        if current is None or contest is None:
            self._window.statusBar().showMessage("Select a contest first.", 8000)
            return None
        if current.session.current is None:
            switch_operator(self._window, current)
            self.show_who()
        return (current, contest) if current.session.current is not None else None

    def enter(self) -> None:
        found = self._chosen()
        if found is not None:
            from app.ui.count_entry import open_count_entry  # lazily: see the note at the top

            entry = open_count_entry(self._window, *found)
            entry.finished.connect(self._entry_closed)

    def _entry_closed(self, _code: int) -> None:
        self._refresh()

    def review(self) -> None:
        found = self._chosen()
        if found is not None:
            from app.ui.supervisor_review import review_sheets  # lazily: see the note at the top

            review_sheets(self._window, *found)
            self._refresh()

    def switch(self) -> None:
        current = self._count_file()
        if current is None:
            self._window.statusBar().showMessage("Open a count file first.", 8000)
            return
        switch_operator(self._window, current)
        self.show_who()


def add_count_menu(
    window: QMainWindow,
    menu_bar: QMenuBar,
    count_file: Callable[[], CountFile | None],
    contest_id: Callable[[], str | None],
    refresh: Callable[[], None],
) -> QMenu:
    """Add the Count menu and the status bar's "At the keyboard" label to the main window."""
    return CountMenu(window, menu_bar, count_file, contest_id, refresh).menu
