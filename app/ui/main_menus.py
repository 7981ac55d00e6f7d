"""The main window's own actions, menus and toolbar, made once the window's frame exists (see MainWindow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from app.ui.about_dialog import add_about_action
from app.ui.alerts_panel import add_alerts_panel
from app.ui.backup_dialog import add_backup_action
from app.ui.backup_restore import add_restore_action
from app.ui.count_menu import add_count_menu
from app.ui.documents_menu import add_documents_menu
from app.ui.hall_display import HallDisplayAction
from app.ui.import_dialog import add_import_action
from app.ui.results_window import add_results_menu
from app.ui.setup_menu import add_setup_menu
from app.ui.shortcut_sheet import add_shortcut_sheet_action
from app.ui.theme import add_high_contrast_action
from app.ui.window_settings import RecentFilesMenu

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def _action(window: MainWindow, text: str, shortcut: str, tip: str) -> QAction:
    action = QAction(text, window)
    action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
    return action


def make_window_actions(window: MainWindow) -> None:
    """Open, the demo, Print, Refresh and Quit: the menus', the toolbar's and the welcome page's."""
    window.open_action = _action(window, "&Open count file…", "Ctrl+O", "Open a .countdesk count file")
    window.open_action.triggered.connect(window.choose_and_open_file)
    window.demo_action = _action(
        window, "Open &demo election", "Ctrl+D", "Open a fresh copy of the demonstration (training) election"
    )
    window.demo_action.triggered.connect(window.open_demo)
    window.print_action = _action(
        window, "&Print declaration…", "Ctrl+P", "Save the selected contest's declaration of result as a PDF"
    )
    window.print_action.triggered.connect(window.print_declaration)
    window.refresh_action = _action(window, "&Refresh", "F5", "Read the results from the count file again")
    window.refresh_action.triggered.connect(window.refresh)
    window.quit_action = _action(window, "&Quit", "Ctrl+Q", "Close CountDesk")
    window.quit_action.triggered.connect(window.close)


def add_menus_and_toolbar(window: MainWindow) -> None:
    """Every menu with its actions and shortcuts, the panels they show, and the toolbar."""
    menu_bar = window.menuBar()
    file_menu = menu_bar.addMenu("&File")
    file_menu.setAccessibleName("File menu")
    file_menu.addActions([window.open_action, window.demo_action])
    window.package_import = add_import_action(
        window, file_menu, window.opening.start_folder, window.open_file
    )
    window.recent_menu = RecentFilesMenu(window.settings, window.open_file, file_menu)
    file_menu.addMenu(window.recent_menu)
    file_menu.addSeparator()
    window.backup_action = add_backup_action(window, file_menu, window._checked_file, window._show_status)
    window.restore_backup = add_restore_action(window, file_menu, window._checked_file, window.open_file)
    window._file_menu, window._lock_before = file_menu, file_menu.addSeparator()  # the lock goes here
    file_menu.addAction(window.print_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    view_menu = menu_bar.addMenu("&View")
    view_menu.setAccessibleName("View menu")
    view_menu.addAction(window.refresh_action)
    window.hall_action = HallDisplayAction(window, window._checked_file)
    view_menu.addAction(window.hall_action)
    window.high_contrast_action = add_high_contrast_action(window, view_menu, window.settings)
    # Shown while a file is open, checked or not: it is given alerts only from what is read after.
    window.alerts = add_alerts_panel(
        window, view_menu, lambda: window._count_file, window.refresh, window.select_contest
    )
    window.documents_menu = add_documents_menu(
        window, menu_bar, window._checked_file, lambda: window._selected_contest_id()
    )
    window.setup_menu = add_setup_menu(
        window, menu_bar, window._checked_file, lambda: window._selected_contest_id(),
        window.set_count_file, window.refresh,
    )
    window.results_menu = add_results_menu(
        window, menu_bar, window._checked_file, lambda: window._selected_contest_id(), window.refresh
    )
    window.count_menu = add_count_menu(
        window, menu_bar, window._checked_file, lambda: window._selected_contest_id(), window.refresh
    )
    help_menu = menu_bar.addMenu("&Help")
    help_menu.setAccessibleName("Help menu")
    window.shortcut_sheet_action = add_shortcut_sheet_action(window, help_menu)
    window.about_action = add_about_action(window, help_menu)

    toolbar = QToolBar("Main toolbar")
    toolbar.setObjectName("main-toolbar")
    toolbar.setAccessibleName("Main toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for action in (window.open_action, window.print_action, window.refresh_action):
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        if button is not None:
            button.setAccessibleName(action.text().replace("&", ""))
    window.addToolBar(toolbar)
