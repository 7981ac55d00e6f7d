"""What the window remembers between nights: its geometry and layout, recent count files, the theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from app.domain.remembered_settings import read_flag, read_names

ORGANISATION = "CountDesk"
APPLICATION = "CountDesk"
MOST_RECENT = 9  # one per Alt+1..Alt+9
GEOMETRY = "window/geometry"
STATE = "window/state"
RECENT = "files/recent"
HIGH_CONTRAST = "view/high-contrast"


class WindowSettings:
    """The user's remembered settings, in an INI file under the user's configuration folder.

    Tests point QSettings.setPath at a temporary folder, so they never touch the real file.
    """

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
        )

    # geometry
    def save_window(self, window: QMainWindow) -> None:
        self._settings.setValue(GEOMETRY, window.saveGeometry())
        self._settings.setValue(STATE, window.saveState())
        self._settings.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        """Put the window back where it was; False (and nothing changed) when nothing was saved."""
        geometry = self._settings.value(GEOMETRY)
        if not isinstance(geometry, QByteArray | bytes) or not geometry:
            return False
        restored = window.restoreGeometry(QByteArray(geometry))
        state = self._settings.value(STATE)
        if isinstance(state, QByteArray | bytes) and state:
            window.restoreState(QByteArray(state))
        return bool(restored)

    def restore_layout(self, window: QMainWindow) -> None:
        """Put the toolbar and panels back where they were (for a window that made them after it was
        shown, and so after restore_window)."""
        state = self._settings.value(STATE)
        if isinstance(state, QByteArray | bytes) and state:
            window.restoreState(QByteArray(state))

    # recent files
    def recent_files(self) -> list[Path]:
        """The most recently opened count files, newest first, leaving out those no longer there."""
        names = read_names(self._settings.value(RECENT, []))
        return [Path(name) for name in names if Path(name).is_file()][:MOST_RECENT]

    def add_recent(self, path: Path) -> None:
        resolved = str(path.resolve())
        kept = [str(p) for p in self.recent_files() if str(p) != resolved]
        self._settings.setValue(RECENT, [resolved, *kept][:MOST_RECENT])
        self._settings.sync()

    # theme
    def high_contrast(self) -> bool:
        return read_flag(self._settings.value(HIGH_CONTRAST, False))

    def set_high_contrast(self, on: bool) -> None:
        self._settings.setValue(HIGH_CONTRAST, on)
        self._settings.sync()


class RecentFilesMenu(QMenu):
    """File ▸ Open recent: the last count files opened, Alt+1 for the newest up to Alt+9."""

    def __init__(
        self, settings: WindowSettings, open_file: Callable[[Path], object], parent: QWidget
    ) -> None:
        super().__init__("Open &recent", parent)
        self.setAccessibleName("Open recent menu")
        self._settings = settings
        self._open_file = open_file
        self.rebuild()

    def rebuild(self) -> None:
        from PySide6.QtGui import QAction, QKeySequence  # made with the menus, after the first paint (P4)

        self.clear()
        recent = self._settings.recent_files()
        for number, path in enumerate(recent, start=1):
            action = QAction(f"&{number} {path.name}", self)
            action.setShortcut(QKeySequence(f"Alt+{number}"))
            action.setStatusTip(f"Open {path}")
            action.triggered.connect(lambda _checked=False, p=path: self._open_file(p))
            self.addAction(action)
        if not recent:
            empty = self.addAction("No recent count files")
            empty.setEnabled(False)

    def add(self, path: Path) -> None:
        self._settings.add_recent(path)
        self.rebuild()
