"""The idle lock: after minutes without use every CountDesk window is covered until a PIN is given."""

# The session (services/session.py) decides when it is idle and who may unlock; this module only
# tells it about activity (any key press or mouse use in any CountDesk window, through one
# application-wide event filter), asks it on a timer, and covers the windows while it is locked.
# The hall display is left uncovered: it shows the hall only stages and declared results, and the
# lock screen is application-modal, so nothing can be done in it either.

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ServiceError
from app.ui.hall_display import HallDisplay
from app.ui.operator_switch import OperatorSwitch
from app.ui.status_colours import tint
from app.ui.training import TRAINING, training_title

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.services.count_file import CountFile

LOCK_SHORTCUT = QKeySequence("Ctrl+L")
CHECK_MS = 5000  # how often the timer asks the session whether it has been idle long enough
ACTIVITY = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
)
TRAINING_STYLE = (
    "QLabel { background: #ffd400; color: #000000; font-weight: bold;"
    " border: 2px solid #000000; padding: 3px 12px; }"
)
PROBLEM_STYLE = "QLabel { color: #b00020; font-weight: bold; }"


class Cover(QWidget):
    """An opaque sheet over one window's contents while CountDesk is locked."""

    def __init__(self, window: QWidget, training: bool) -> None:
        super().__init__(window)
        self._window = window
        self.setObjectName("lock-cover")
        self.setAccessibleName("Locked")
        self.setAutoFillBackground(True)
        marker = f"{TRAINING} FILE\n" if training else ""
        label = QLabel(f"{marker}CountDesk is locked.\nUnlock it in the lock window with your PIN.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setAccessibleName("Locked")
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._window:
            self.setGeometry(self._window.rect())
            self.raise_()
        return False


class LockScreen(QDialog):
    """Who was signed in, the file, TRAINING when it is one; the same person's PIN, or another's."""

    def __init__(self, count_file: CountFile, why: str, at: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._file = count_file
        self.setWindowTitle(training_title(count_file, "CountDesk is locked"))
        self.setAccessibleName("CountDesk is locked")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        session = count_file.session
        person = session.locked_person
        layout = QVBoxLayout(self)
        if count_file.election.training:
            training = QLabel(f"{TRAINING} FILE: not a real election")
            training.setAccessibleName("Training file")
            training.setStyleSheet(TRAINING_STYLE)
            training.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(training)
        heading = QLabel("CountDesk is locked")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        heading.setAccessibleName("CountDesk is locked")
        who = f"{person.name} ({person.title})" if person else "Nobody"
        self.who = QLabel(f"{who} was signed in. {why[:1].upper()}{why[1:]} at {at:%H:%M}.")
        self.who.setAccessibleName("Who was signed in")
        self.who.setWordWrap(True)
        self.file = QLabel(f"File: {count_file.path.name} — {count_file.election.title}")
        self.file.setAccessibleName("Count file")
        self.file.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName(f"PIN for {person.name}" if person else "PIN")
        self.problem = QLabel("")
        self.problem.setAccessibleName("Unlock problem")
        tint(self.problem, PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        form = QFormLayout()
        pin_label = QLabel(f"&PIN for {person.name}:" if person else "&PIN:")
        pin_label.setBuddy(self.pin)
        form.addRow(pin_label, self.pin)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.switch_button = QPushButton("Sign in as someone &else…")
        self.switch_button.setAccessibleName("Sign in as someone else")
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.switch)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.switch_button)
        buttons.addWidget(self.unlock_button)
        layout.addWidget(heading)
        layout.addWidget(self.who)
        layout.addWidget(self.file)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.pin.setFocus()

    def unlock(self) -> None:
        """The person who was signed in gives their PIN (wrong PINs count towards the lockout)."""
        try:
            self._file.session.unlock(self.pin.text())
        except ServiceError as error:
            self.problem.setText(str(error)[:1].upper() + str(error)[1:])
            self.problem.setVisible(True)
            self.pin.clear()
            self.pin.setFocus()
            return
        self.accept()

    def switch(self) -> None:
        """Someone else signs in (the operator switch, with its own lockout); that unlocks too."""
        dialog = OperatorSwitch(self._file, self)
        dialog.exec()
        person = dialog.person
        dialog.deleteLater()
        if person is not None:
            self.accept()

    def reject(self) -> None:
        """Escape does not unlock: only a PIN does."""

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() != QDialog.DialogCode.Accepted:
            event.ignore()  # the window manager's close button does not unlock either


class IdleLock(QObject):
    """Tells the session about activity, locks on its idle limit, and covers every window while locked."""

    def __init__(
        self,
        window: QMainWindow,
        count_file: Callable[[], CountFile | None],
        check_ms: int = CHECK_MS,
        *,
        watching: bool = True,
    ) -> None:
        """watching=False: the application's activity is watched from watch() on (the window calls it once
        its file is checked: until then there is no session to keep open)."""
        super().__init__(window)
        self._window = window
        self._count_file = count_file
        self.screen: LockScreen | None = None
        self._covers: list[Cover] = []
        self.action = QAction("&Lock screen", window)
        self.action.setObjectName("lock-screen")
        self.action.setShortcut(LOCK_SHORTCUT)
        tip = "Lock CountDesk now: the same person (or another) signs in again with a PIN"
        self.action.setStatusTip(tip)
        self.action.setToolTip(f"{tip} ({LOCK_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)})")
        self.action.triggered.connect(self.lock_now)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(check_ms)
        self._watching = False
        if watching:
            self.watch()

    def watch(self) -> None:
        """Watch every event of the application for activity (once; later calls do nothing)."""
        app = QApplication.instance()
        if app is not None and not self._watching:
            self._watching = True
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            file = self._count_file()
            if file is not None:
                file.session.touch()
        return False

    def check(self) -> None:
        """Lock when the session has been idle too long (or was locked by a service meanwhile)."""
        file = self._count_file()
        if file is None or self.screen is not None:
            return
        limit = round(file.session.idle_limit_s / 60)
        if file.session.lock_if_idle():
            self.show_lock(file, f"locked after {limit} minute{'s' if limit != 1 else ''} without use")
        elif file.session.current is None and file.session.locked_person is not None:
            self.show_lock(file, "locked")

    def lock_now(self) -> None:
        file = self._count_file()
        if file is None or file.session.current is None:
            self._window.statusBar().showMessage("Nobody is signed in, so there is nothing to lock.", 8000)
            return
        file.session.lock("locked by the user")
        self.show_lock(file, "locked on request")

    def show_lock(self, file: CountFile, why: str) -> LockScreen:
        """Cover every CountDesk window (but the hall display) and show the lock screen."""
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not isinstance(widget, (HallDisplay, QMenu, LockScreen)):
                self._covers.append(Cover(widget, file.election.training))
        self.screen = LockScreen(file, why, datetime.now().astimezone(), self._window)
        self.screen.finished.connect(self._unlocked)
        self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        return self.screen

    def _unlocked(self, _code: int) -> None:
        for cover in self._covers:
            cover.deleteLater()
        self._covers = []
        if self.screen is not None:
            self.screen.deleteLater()
        self.screen = None
        self._window.activateWindow()

    @property
    def locked(self) -> bool:
        return self.screen is not None

