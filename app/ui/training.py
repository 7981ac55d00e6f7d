"""The training marker: TRAINING in every title of a training count file, and a banner in its dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QBoxLayout, QDialog, QFormLayout, QLabel, QWidget

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.services.count_file import CountFile

TRAINING = "TRAINING"
DIALOG_BANNER = "TRAINING FILE: practice only, not a real election."
BANNER_NAME = "training-banner"
# Black on yellow with a border, as on the main window: readable in high contrast, and the words
# say it without the colour.
BANNER_STYLE = (
    "QLabel { background: #ffd400; color: #000000; font-weight: bold;"
    " border: 2px solid #000000; padding: 3px 12px; }"
)


def training_title(count_file: CountFile | None, title: str) -> str:
    """The title led by TRAINING for a training file, so no screen can be taken for a real count."""
    if count_file is not None and count_file.election.training:
        return f"{TRAINING} — {title}"
    return title


def says_training(title: str) -> bool:
    """A title made by training_title or inherited_title, or the main window's for a training file."""
    return title.startswith(f"{TRAINING} —") or f"— {TRAINING} —" in title


def inherited_title(parent_title: str, title: str) -> str:
    """A dialog given no count file says TRAINING when the window it was opened from does."""
    return f"{TRAINING} — {title}" if says_training(parent_title) else title


def banner_of(dialog: QWidget) -> QLabel | None:
    """The training label a dialog shows (its own or the banner added here), if any."""
    for label in dialog.findChildren(QLabel):
        if label.window() is not dialog:
            continue  # a label of a dialog opened from this one
        if label.objectName() == BANNER_NAME or label.text().startswith(TRAINING):
            return label
    return None


def add_training_banner(dialog: QDialog) -> QLabel | None:
    """Put the banner at the top of a training file's dialog (once; not where one already says it)."""
    if not says_training(dialog.windowTitle()) or banner_of(dialog) is not None:
        return None
    layout = dialog.layout()
    if not isinstance(layout, (QBoxLayout, QFormLayout)):
        return None  # e.g. a message box: its title is the platform's, and it says what it says
    banner = QLabel(DIALOG_BANNER)
    banner.setObjectName(BANNER_NAME)
    banner.setAccessibleName("Training file warning")
    banner.setStyleSheet(BANNER_STYLE)
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, banner)
    else:
        layout.insertRow(0, banner)
    return banner


class TrainingBanners(QObject):
    """Adds the banner to each dialog as Qt first polishes or shows it, so every dialog of a
    training file carries it without each screen having to remember to."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Polish, QEvent.Type.Show) and isinstance(watched, QDialog):
            add_training_banner(watched)
        return False


_installed: dict[int, TrainingBanners] = {}  # by application, so a filter is installed only once


def install_training_banners() -> None:
    """Watch every dialog of the running application (call once the QApplication exists)."""
    app = QApplication.instance()
    if app is None or id(app) in _installed:
        return
    banners = TrainingBanners(app)
    app.installEventFilter(banners)
    _installed[id(app)] = banners
