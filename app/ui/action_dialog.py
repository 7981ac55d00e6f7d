"""The frame every stage dialog shares: a form, a message line, a confirm button; and the RO's sign-in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.people import ROLE_TITLES
from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.ui.training import inherited_title

T = TypeVar("T")
ERROR_STYLE = "QLabel { border: 2px solid palette(text); padding: 4px; font-weight: bold; }"


def labelled(form: QFormLayout, text: str, field: QWidget, name: str | None = None) -> None:
    """A row whose label's Alt+letter moves the focus to its field; the field gets a name."""
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(name or text.replace("&", "").rstrip(":"))
    form.addRow(label, field)


def pin_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName("PIN")
    return field


class ActionDialog(QDialog):
    """A titled form with a confirm button; a refused action is shown in words and nothing closes."""

    def __init__(self, title: str, confirm: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(inherited_title(parent.window().windowTitle() if parent else "", title))
        self.setAccessibleName(title)
        self.intro = QLabel("")
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("What this does")
        self.form = QFormLayout()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button: QPushButton = self.buttons.addButton(
            confirm, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setAccessibleName(confirm.replace("&", ""))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        # only once the button is inside the dialog does Enter in a field press it
        self.confirm_button.setDefault(True)
        self.outcome: object = None

    def confirm(self) -> None:
        """Subclasses call the service through attempt(); here nothing is to be done."""
        self.accept()

    def attempt(self, call: Callable[[], T]) -> T | None:
        """Run a service call; on success close, on refusal say why (the dialog stays open)."""
        try:
            outcome = call()
        except ServiceError as error:
            self.show_message(str(error)[:1].upper() + str(error)[1:])
            return None
        self.outcome = outcome
        self.accept()
        return outcome

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class SignInDialog(ActionDialog):
    """Who is at the keyboard for this action: a named person of the right role and their PIN."""

    def __init__(
        self, count_file: CountFile, roles: tuple[str, ...], why: str, parent: QWidget | None = None
    ) -> None:
        super().__init__("Sign in", "&Sign in", parent)
        self._count_file = count_file
        self.intro.setText(why)
        self.person = QComboBox()
        people = [p for p in count_file.session.people() if p.role in roles]
        for person in people:
            self.person.addItem(f"{person.name} ({ROLE_TITLES.get(person.role, person.role)})", person.name)
        self.pin = pin_field()
        labelled(self.form, "&Name:", self.person, "Name")
        labelled(self.form, "&PIN:", self.pin, "PIN")
        if not people:
            wanted = " or ".join(ROLE_TITLES.get(r, r) for r in roles)
            self.show_message(f"This count file has no {wanted} among its users; add one first.")
            self.confirm_button.setEnabled(False)
        self.pin.setFocus()

    def confirm(self) -> None:
        name = str(self.person.currentData())
        self.attempt(lambda: self._count_file.session.sign_in(name, self.pin.text()))
        self.pin.clear()


def ensure_signed_in(
    parent: QWidget | None, count_file: CountFile, roles: tuple[str, ...], why: str
) -> bool:
    """True when someone of `roles` is signed in, asking them to sign in first if need be."""
    current = count_file.session.current
    if current is not None and current.role in roles:
        return True
    dialog = SignInDialog(count_file, roles, why, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
