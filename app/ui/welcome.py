"""The welcome page shown when no count file is open: open a file or the demo election."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


def action_button(action: QAction) -> QPushButton:
    """A large button that triggers the action and names its shortcut, e.g. "Open count file… (Ctrl+O)"."""
    text = action.text().replace("&", "")
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    button = QPushButton(f"{text} ({shortcut})" if shortcut else text)
    button.setAccessibleName(text)
    button.setAccessibleDescription(action.statusTip() or text)
    button.setMinimumHeight(button.sizeHint().height() * 2)
    button.clicked.connect(action.trigger)
    return button


class WelcomePage(QWidget):
    """What the window shows with no count file open."""

    def __init__(self, open_action: QAction, demo_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Welcome")
        title = QLabel("CountDesk")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setAccessibleName("CountDesk")
        intro = QLabel(
            "Open an election's count file to see its contests and results,\n"
            "or open the demonstration election to try CountDesk safely."
        )
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro.setAccessibleName("What to do first")
        self.open_button = action_button(open_action)
        self.demo_button = action_button(demo_action)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(intro.sizeHint().height())
        column.addWidget(self.open_button)
        column.addWidget(self.demo_button)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(max(520, intro.sizeHint().width() + 40))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
