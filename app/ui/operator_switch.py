"""The operator switch: who is at the keyboard now (name and PIN, keyboard only)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ServiceError
from app.ui.status_colours import tint
from app.ui.training import training_title

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.domain.people import Person
    from app.services.count_file import CountFile

SWITCH_SHORTCUT = QKeySequence("Ctrl+Shift+O")
NOBODY = "Nobody is signed in"


def at_the_keyboard(count_file: CountFile | None) -> str:
    """The status-bar words for who is keying now, e.g. "At the keyboard: Olu (Data-entry operator)"."""
    person = count_file.session.current if count_file is not None else None
    return NOBODY if person is None else f"At the keyboard: {person.name} ({person.title})"


class OperatorSwitch(QDialog):
    """Name, Enter, PIN, Enter: the person typing is the person every saved figure names."""

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._file = count_file
        self.person: Person | None = None
        self.setWindowTitle(training_title(count_file, "Switch operator"))
        self.setAccessibleName("Switch operator")
        current = count_file.session.current
        intro = QLabel(
            f"{current.name} is signed in now. " if current else "Nobody is signed in. "
        )
        intro.setText(intro.text() + "Type your name and PIN; every figure you save records your name.")
        intro.setWordWrap(True)
        intro.setAccessibleName("What to do")
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        names = [p.name for p in count_file.session.people()]
        self._names = spellings(names)
        # "Sian" completes too (no â on a UK keyboard): the plain spelling is offered as well, and
        # Enter turns it into the name as the count file spells it.
        plain = [unaccented(name) for name in names if unaccented(name) != name]
        completer = QCompleter(names + [p for p in plain if p.casefold() in self._names], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Inline: the rest of the name is offered selected in the field, no popup to steal Enter.
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.name.setCompleter(completer)
        # The line edit would spend the first Enter on taking the offered completion; the filter
        # takes it and moves on to the PIN in one Enter.
        self.name.installEventFilter(self)
        self.pin = QLineEdit()
        self.pin.setAccessibleName("PIN")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("")
        self.error.setAccessibleName("Sign-in problem")
        tint(self.error, "QLabel { color: #b00020; font-weight: bold; }")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QFormLayout()
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name)
        pin_label = QLabel("&PIN:")
        pin_label.setBuddy(self.pin)
        form.addRow(name_label, self.name)
        form.addRow(pin_label, self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        sign_in = buttons.button(QDialogButtonBox.StandardButton.Ok)
        sign_in.setText("Sign in")
        sign_in.setAccessibleName("Sign in")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(intro.fontMetrics().averageCharWidth() * 60)
        self.name.setFocus()

    def _name_entered(self) -> None:
        if self.name.text().strip():
            self.pin.setFocus()

    def sign_in(self) -> None:
        if not self.name.text().strip():
            self.name.setFocus()
            return
        typed = self.name.text().strip()
        name = self._names.get(typed.casefold(), typed)  # typed without accents, or left by Tab
        try:
            self.person = self._file.session.sign_in(name, self.pin.text())
        except ServiceError as error:
            self.error.setText(str(error)[:1].upper() + str(error)[1:])
            self.error.setVisible(True)
            # Grown to hold the message (a lockout's takes two lines): the dialog kept its size
            # and squeezed the name and PIN boxes to a sliver, cutting the message short.
            self.adjustSize()
            self.pin.clear()
            self.pin.setFocus()
            return
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the name takes the name as shown (the offered completion included) and moves on
        # to the PIN: it must not press "Sign in" before a PIN is typed. Enter in the PIN presses
        # "Sign in", the default button.
        if (
            watched is self.name
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            typed = self.name.text().strip()
            # Typed in any case, the name is shown as the count file spells it.
            self.name.setText(self._names.get(typed.casefold(), typed))
            self._name_entered()
            return True
        return super().eventFilter(watched, event)


def unaccented(text: str) -> str:
    """The text without its accents ("Siân" -> "Sian"), as typed on a keyboard without them."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def spellings(names: list[str]) -> dict[str, str]:
    """Each name by its casefolded form, and by its casefolded form without accents when that is
    no other person's too: two people who differ only by an accent must type it."""
    found = {name.casefold(): name for name in names}
    plain: dict[str, set[str]] = {}
    for name in names:
        plain.setdefault(unaccented(name).casefold(), set()).add(name)
    for key, people in plain.items():
        if len(people) == 1 and key not in found:
            found[key] = next(iter(people))
    return found


def switch_operator(parent: QWidget | None, count_file: CountFile) -> Person | None:
    """Ask who is at the keyboard; the person signed in, or None if the dialog was cancelled."""
    dialog = OperatorSwitch(count_file, parent)
    dialog.exec()
    dialog.deleteLater()
    return dialog.person
