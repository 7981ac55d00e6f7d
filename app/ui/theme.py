"""The high-contrast theme: a palette and a stylesheet, white on black with yellow focus and selection.

Font sizes are never set here, so text keeps following the system's scale.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from app.ui.window_settings import WindowSettings

CONTRAST_SHORTCUT = QKeySequence("Ctrl+Shift+H")

BLACK = QColor("#000000")
WHITE = QColor("#ffffff")
YELLOW = QColor("#ffff00")
CYAN = QColor("#00ffff")
GREY = QColor("#c0c0c0")

# Thick yellow outlines show where the keyboard focus is; sizes are in borders only, never in fonts.
# Every box, list and table is outlined in white without focus too: an empty list on black is otherwise
# invisible, and the operator cannot see where Tab will land.
HIGH_CONTRAST_STYLE = """
*:focus { outline: 3px solid #ffff00; }
QAbstractButton:focus, QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus,
QAbstractItemView:focus, QTextEdit:focus, QPlainTextEdit:focus { border: 3px solid #ffff00; }
QPushButton, QToolButton { border: 2px solid #ffffff; padding: 3px 10px; }
QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit { border: 2px solid #ffffff; }
QAbstractItemView { border: 2px solid #ffffff; }
QHeaderView::section { background: #000000; color: #ffffff; border: 1px solid #ffffff; }
QMenu::item:selected, QMenuBar::item:selected { background: #ffff00; color: #000000; }
QToolTip { background: #000000; color: #ffffff; border: 2px solid #ffffff; }
"""


def high_contrast_palette() -> QPalette:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
                     QPalette.ColorRole.Button, QPalette.ColorRole.ToolTipBase):
            palette.setColor(group, role, BLACK)
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                     QPalette.ColorRole.ToolTipText, QPalette.ColorRole.BrightText):
            palette.setColor(group, role, WHITE)
        # Light grey, still far from black: a hint or a carried-over row must not pass for typed text.
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, GREY)
        palette.setColor(group, QPalette.ColorRole.Highlight, YELLOW)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, BLACK)
        palette.setColor(group, QPalette.ColorRole.Link, CYAN)
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(disabled, role, BLACK)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(disabled, role, GREY)
    return palette


class Theme:
    """Switches the whole application between the system's look and the high-contrast theme."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._system_palette = QPalette(app.palette())
        self._system_style = app.styleSheet()
        self.high_contrast = False

    def apply(self, high_contrast: bool) -> None:
        self.high_contrast = high_contrast
        if high_contrast:
            self._app.setPalette(high_contrast_palette())
            self._app.setStyleSheet(HIGH_CONTRAST_STYLE)
        else:
            self._app.setPalette(self._system_palette)
            self._app.setStyleSheet(self._system_style)


_themes: list[Theme] = []  # one per application, so the system's look is captured before any change


def theme_of(app: QApplication) -> Theme:
    found = [theme for theme in _themes if theme._app is app]
    if found:
        return found[0]
    _themes.append(Theme(app))
    return _themes[-1]


def apply_remembered_theme(settings: WindowSettings) -> None:
    """The theme the user left on, applied before a window first paints (not once its menus are made)."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and settings.high_contrast():
        theme_of(app).apply(True)


def add_high_contrast_action(window: QMainWindow, menu: QMenu, settings: WindowSettings) -> QAction:
    """View ▸ High contrast (Ctrl+Shift+H): checkable, remembered, applied at once to every window."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the high-contrast theme needs a QApplication; create it first.")
    theme = theme_of(app)
    action = QAction("High &contrast", window)
    action.setCheckable(True)
    action.setShortcut(CONTRAST_SHORTCUT)
    action.setStatusTip("White on black with yellow focus: easier to read in a bright or dim hall")
    action.setObjectName("high-contrast")

    def toggled(on: bool) -> None:
        theme.apply(on)
        settings.set_high_contrast(on)

    action.toggled.connect(toggled)
    action.setChecked(settings.high_contrast())
    menu.addAction(action)
    return action
