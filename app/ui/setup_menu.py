"""The main window's Setup menu: a new count file, the setup window, and verifying the selected contest."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from app.ui.operator_switch import switch_operator

if TYPE_CHECKING:  # types only: not needed to paint the window (P4)
    from app.services.count_file import CountFile

# The screens themselves are imported when first opened: the main window builds this menu at start-up,
# and importing every setup and verification screen then would delay its first paint.

NEW_SHORTCUT = QKeySequence("Ctrl+N")
SETUP_SHORTCUT = QKeySequence("Ctrl+Shift+E")
VERIFY_SHORTCUT = QKeySequence("Ctrl+Shift+B")


def _signed_in(window: QMainWindow, count_file: CountFile) -> bool:
    """Someone is signed in, asking who if nobody is (every saved figure names a person)."""
    if count_file.session.current is None:
        switch_operator(window, count_file)
    return count_file.session.current is not None


def add_setup_menu(
    window: QMainWindow,
    menu_bar: QMenuBar,
    count_file: Callable[[], CountFile | None],
    contest_id: Callable[[], str | None],
    opened: Callable[[CountFile], None],
    refresh: Callable[[], None],
) -> QMenu:
    """Add the Setup menu; `opened` shows a newly made count file, `refresh` re-reads the results."""
    menu = menu_bar.addMenu("&Setup")
    menu.setAccessibleName("Setup menu")

    def make(text: str, shortcut: QKeySequence, tip: str, run: Callable[[], None]) -> QAction:
        action = QAction(text, window)
        action.setShortcut(shortcut)
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _checked=False: run())
        menu.addAction(action)
        return action

    def new() -> None:
        from app.ui.setup_election import new_count_file  # lazily: see the note at the top

        current = count_file()
        made = new_count_file(window, current.path.parent if current else None)
        if made is not None:
            opened(made)

    def set_up() -> None:
        current = count_file()
        if current is None:
            window.statusBar().showMessage("Open or create a count file first (Ctrl+O or Ctrl+N).", 8000)
            return
        if _signed_in(window, current):
            from app.ui.setup_window import open_setup  # lazily: see the note at the top

            open_setup(window, current)
            refresh()

    def verify() -> None:
        current, contest = count_file(), contest_id()
        if current is None or contest is None:
            window.statusBar().showMessage("Select a contest first, then verify its ballot boxes.", 8000)
            return
        if _signed_in(window, current):
            from app.ui.verification_panel import open_verification  # lazily: see the note at the top

            open_verification(window, current, contest)
            refresh()

    make("&New count file…", NEW_SHORTCUT, "Create a new count file from scratch", new)
    make(
        "Set &up the count…",
        SETUP_SHORTCUT,
        "Election, contests, candidates, ballot boxes and count tables",
        set_up,
    )
    make(
        "&Verify ballot boxes…",
        VERIFY_SHORTCUT,
        "Count each ballot box of the selected contest against its ballot paper account",
        verify,
    )
    return menu
