"""Starts the desktop window: the Qt application, CountDesk's fonts, the main window, the event loop."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from app import __version__
from app.resources import resource_path
from app.services.file_claim import ClaimedFile
from app.ui.main_window import APP_NAME, MainWindow

if TYPE_CHECKING:  # opened, read and checked only after the window's first paint
    from app.services.count_file import CountFile

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf")
FONT_FAMILY = "DejaVu Sans"
SANS_FILES = FONT_FILES[:2]  # the window's own font, registered before its first paint
MONO_FILES = FONT_FILES[2:]  # registered just after it, with the window icon (P4)


def register_fonts(names: Sequence[str] = FONT_FILES) -> list[str]:
    """Register these bundled fonts with Qt; returns the families now available from them."""
    if QGuiApplication.instance() is None:  # Qt's font database would crash without one
        raise RuntimeError("register_fonts() needs a QApplication; create it first.")
    families: list[str] = []
    for name in names:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id < 0:
            raise RuntimeError(f"Qt could not load the font {name}; reinstall CountDesk.")
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return families


def application() -> QApplication:
    """The running QApplication, or a new one set up with CountDesk's name and font."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    return app


def use_bundled_font(app: QApplication) -> None:
    """DejaVu Sans at the system's own size (so text follows the user's scaling)."""
    register_fonts(SANS_FILES)
    font = QFont(FONT_FAMILY)
    system_size = app.font().pointSizeF()
    if system_size > 0:
        font.setPointSizeF(system_size)
    app.setFont(font)


def finish_application(app: QApplication) -> None:
    """What the first paint does without: the monospaced fonts and the window icon (once)."""
    from PySide6.QtGui import QIcon

    if app.windowIcon().isNull():
        register_fonts(MONO_FILES)
        app.setWindowIcon(QIcon(str(resource_path("icons", "countdesk-64.png"))))


def build_window(
    count_file: CountFile | ClaimedFile | None, *, build_after_paint: bool = False
) -> MainWindow:
    """The application with CountDesk's fonts and its main window on this file (a claimed file is
    checked just after the window's first paint), or on the welcome page; the file is closed if the
    window cannot be built. build_after_paint: the window's frame paints first (MainWindow)."""
    app = application()
    try:
        use_bundled_font(app)
        window = MainWindow(count_file, build_after_paint=build_after_paint)
        if window.built:
            finish_application(app)
        else:  # just after the first paint, with the rest of the window
            window.finished_building.connect(lambda: finish_application(app))
        return window
    except BaseException:
        if count_file is not None:
            count_file.close()
        raise


def show_window(window: MainWindow) -> int:
    """Show the window until the user quits; its file is closed however the event loop ends."""
    window.show()
    try:
        code = application().exec()
    finally:
        window.close_count_file()
    return int(code)


def run_window(count_file: CountFile | None, *, unchecked: bool = False) -> int:
    """Show the main window (on the count file, or the welcome page) until the user quits. unchecked:
    the file was opened with CountFile.open(check=False); the window checks it just after it paints."""
    claimed = ClaimedFile.of(count_file) if unchecked and count_file is not None else count_file
    return show_window(build_window(claimed))
