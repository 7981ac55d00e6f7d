"""The main window's Documents menu: one preview-and-print action per document, for the selected contest."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from app.services.output_names import DOCUMENT_NAMES, DOCUMENTS

if TYPE_CHECKING:
    from app.services.count_file import CountFile

# The preview (Qt PDF, Qt Print Support) and the printing service are imported when a document is
# first opened, not with the main window: neither is needed at the first paint, and importing them
# costs start-up time (P4); the menu needs only the documents' names.


def add_documents_menu(
    window: QMainWindow,
    menu_bar: QMenuBar,
    count_file: Callable[[], CountFile | None],
    contest_id: Callable[[], str | None],
) -> QMenu:
    """A Documents menu: one preview-and-print action per document, for the selected contest."""
    menu = menu_bar.addMenu("&Documents")
    menu.setAccessibleName("Documents menu")

    def show(document: str) -> None:
        current, contest = count_file(), contest_id()
        if current is None or contest is None:
            window.statusBar().showMessage("Select a contest first, then choose the document.", 8000)
            return
        from app.ui import print_preview  # lazily: see the note at the top

        print_preview.open_document_preview(window, current, document, contest)

    for number, document in enumerate(DOCUMENTS, start=1):
        action = QAction(f"{DOCUMENT_NAMES[document].capitalize()}…", window)
        # Ctrl and the document's place in the menu: digits are the same on every keyboard layout.
        shortcut = QKeySequence(f"Ctrl+{number}")
        action.setShortcut(shortcut)
        tip = f"Preview, print or save the selected contest's {DOCUMENT_NAMES[document]}"
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setObjectName(f"document-{document}")
        action.triggered.connect(lambda _checked=False, d=document: show(d))
        menu.addAction(action)
    return menu
