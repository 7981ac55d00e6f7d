"""The shortcut sheet (F1): the main window's actions by menu, then each other window's own keys.

It is built each time it opens by walking the window's menus and actions, and from the key tables that
the other windows make their shortcuts from (WindowKey; result_keys.py), so it cannot drift from either.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.screen_fit import resize_within_screen
from app.ui.training import inherited_title
from app.ui.window_keys import WindowKey

SHEET_SHORTCUT = QKeySequence("F1")
NO_SHORTCUT = "(menu only)"
OTHER = "Other keys"


@dataclass(frozen=True)
class ShortcutLine:
    menu: str
    action: str
    keys: str
    tip: str


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction) -> str:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
    return ", ".join(keys) if keys else NO_SHORTCUT


def _walk(menu: QMenu, path: str, seen: set[int], out: list[ShortcutLine]) -> None:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        seen.add(id(action))
        if (sub := action.menu()) is not None and isinstance(sub, QMenu):
            _walk(sub, f"{path} ▸ {_plain(sub.title())}", seen, out)
            continue
        out.append(ShortcutLine(path, _plain(action.text()), _keys(action), action.statusTip()))


def shortcut_lines(window: QMainWindow) -> list[ShortcutLine]:
    """Every menu action in menu-bar order, then any other window action that has a shortcut."""
    lines: list[ShortcutLine] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            _walk(menu, _plain(menu.title()), seen, lines)
    for action in window.findChildren(QAction):
        if id(action) in seen or action.shortcut().isEmpty() or not action.text():
            continue
        if action.parent() is not window:
            continue  # another window's: listed from its key table (window_keys)
        lines.append(ShortcutLine(OTHER, _plain(action.text()), _keys(action), action.statusTip()))
    return lines + results_window_lines() + window_key_lines()


def _native(keys: str | QKeySequence) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def results_window_lines() -> list[ShortcutLine]:
    """The Returning Officer's keys in the results window (F6), open or not: from the table its
    buttons are made from. Imported here, when the sheet opens, not while the window starts."""
    from app.ui.result_keys import RESULT_KEYS
    from app.ui.results_window import RESULTS_SHORTCUT, RESULTS_WINDOW_KEYS

    group = f"Results window ({_native(RESULTS_SHORTCUT)})"
    return _lines(group, RESULT_KEYS + RESULTS_WINDOW_KEYS)


def window_keys() -> list[tuple[str, tuple[WindowKey, ...]]]:
    """Each other window's name (and the key that opens it) with its own key table, open or not.
    Imported when the sheet opens: these windows are not needed to paint the main window."""
    from app.services.output_names import DOCUMENTS
    from app.ui.count_entry import ENTRY_KEYS
    from app.ui.count_menu import ENTRY_SHORTCUT
    from app.ui.hall_display import HALL_KEYS, HALL_SHORTCUT
    from app.ui.print_preview import PREVIEW_KEYS
    from app.ui.setup_menu import SETUP_SHORTCUT, VERIFY_SHORTCUT
    from app.ui.setup_window import SETUP_KEYS
    from app.ui.verification_panel import VERIFICATION_KEYS

    return [
        (f"Count entry ({_native(ENTRY_SHORTCUT)})", ENTRY_KEYS),
        (f"Verification ({_native(VERIFY_SHORTCUT)})", VERIFICATION_KEYS),
        (f"Print preview ({_native('Ctrl+1')} … {_native(f'Ctrl+{len(DOCUMENTS)}')})", PREVIEW_KEYS),
        (f"Setup ({_native(SETUP_SHORTCUT)})", SETUP_KEYS),
        (f"Hall display ({_native(HALL_SHORTCUT)})", HALL_KEYS),
    ]


def _lines(group: str, table: tuple[WindowKey, ...]) -> list[ShortcutLine]:
    return [ShortcutLine(group, _plain(key.text), key.native(), key.tip) for key in table]


def window_key_lines() -> list[ShortcutLine]:
    """Every other window's own keys, under that window's name."""
    return [line for group, table in window_keys() for line in _lines(group, table)]


class ShortcutSheet(QDialog):
    """A tree of menus and their actions: action, keys, what it does."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle(inherited_title(window.windowTitle(), "Keyboard shortcuts"))
        self.setAccessibleName("Keyboard shortcuts")
        intro = QLabel(
            "Every action in CountDesk's menus and the keys that do it, then the keys of each of its "
            "other windows, which work while that window is in front. Press Esc to close."
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("About this sheet")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Shortcuts by menu")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Action", "Keys", "What it does"])
        self.tree.header().setAccessibleName("Shortcut sheet column headings")
        self.lines = shortcut_lines(window)
        groups: dict[str, QTreeWidgetItem] = {}
        for line in self.lines:
            group = groups.get(line.menu)
            if group is None:
                group = groups[line.menu] = QTreeWidgetItem(self.tree, [line.menu])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
            QTreeWidgetItem(group, [line.action, line.keys, line.tip])
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setAccessibleName("Shortcut sheet buttons")
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        resize_within_screen(self, 900, 640)
        self.tree.setFocus()


def add_shortcut_sheet_action(window: QMainWindow, menu: QMenu) -> QAction:
    """Help ▸ Keyboard shortcuts (F1)."""
    action = QAction("&Keyboard shortcuts", window)
    action.setShortcut(SHEET_SHORTCUT)
    action.setStatusTip("List every action and its keyboard shortcut")
    action.setObjectName("shortcut-sheet")

    def show() -> None:
        sheet = ShortcutSheet(window)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.open()

    action.triggered.connect(lambda _checked=False: show())
    menu.addAction(action)
    return action
