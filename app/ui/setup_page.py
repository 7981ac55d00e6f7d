"""What every setup page shares: the count file, the chosen contest, a message line, saving with a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.setup import Setup

T = TypeVar("T")
MESSAGE_STYLE = "QLabel { border: 2px solid palette(text); padding: 4px; font-weight: bold; }"


def sentence(error: Exception) -> str:
    text = str(error)
    return text[:1].upper() + text[1:]


def ask_reason(parent: QWidget, what: str) -> str | None:
    """The Returning Officer's reason for a late setup change; None if they cancel."""
    text, ok = QInputDialog.getText(
        parent,
        "Reason for this change",
        f"Counting has begun, so this change ({what}) is recorded with the Returning Officer's "
        "reason, and printed with the count.\nReason:",
    )
    return text.strip() if ok and text.strip() else None


def field(form: QFormLayout, text: str, widget: QWidget | None = None, name: str | None = None) -> QLineEdit:
    """A labelled line edit (or the widget given) whose Alt+letter mnemonic moves the focus to it."""
    edit = widget if widget is not None else QLineEdit()
    label = QLabel(text)
    label.setBuddy(edit)
    edit.setAccessibleName(name or text.replace("&", "").rstrip(":"))
    for inner in edit.findChildren(QLineEdit):  # the line edit inside an editable combo or date edit
        inner.setAccessibleName(edit.accessibleName())
    form.addRow(label, edit)
    return edit  # type: ignore[return-value]  # a QLineEdit unless the caller passed its own widget


def button(text: str, name: str | None = None) -> QPushButton:
    made = QPushButton(text)
    made.setAccessibleName(name or text.replace("&", "").rstrip("…"))
    made.setAutoDefault(False)  # Enter belongs to the field being typed in
    return made


def row_table(headings: list[str], name: str) -> QTableWidget:
    """A read-only table of setup rows: whole-row selection, Tab leaves it."""
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.setAccessibleName(name)
    table.horizontalHeader().setAccessibleName(f"{name} column headings")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]], keys: list[str]) -> None:
    """Replace the table's rows; each row remembers its key (an id) in the first cell."""
    table.setRowCount(len(rows))
    for r, (cells, key) in enumerate(zip(rows, keys, strict=True)):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)


def selected_key(table: QTableWidget) -> str | None:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))


class SetupPage(QWidget):
    """A page of the setup window; it saves through the setup services and says what happened."""

    changed = Signal()  # something was saved (after COMMIT)

    table: QTableWidget  # the list pages' rows (set by each list page)

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._file = count_file
        self.contest_id: str | None = None
        self.message = QLabel("")
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setVisible(False)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def set_contest(self, contest_id: str | None) -> None:
        self.contest_id = contest_id
        self.refresh()

    def refresh(self) -> None:
        """Show what the count file holds now (pages override)."""

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def save(
        self,
        what: str,
        action: str,
        call: Callable[[str | None], T],
        *,
        election_wide: bool = False,
        has_reason: bool = False,
    ) -> T | None:
        """Run one setup change; a late one first asks the Returning Officer's reason. None if not saved.

        `has_reason`: the change carries its own reason (a ballot order override), asked on the page.
        """
        contest = None if election_wide else self.contest_id
        reason = None
        try:
            if not has_reason and Setup(self._file).needs_reason(contest, action):
                reason = ask_reason(self, what)
                if reason is None:
                    self.say(
                        f"Not saved: {what} needs the Returning Officer's reason now that counting has begun."
                    )
                    return None
            result = call(reason)
        except ServiceError as error:
            self.say(sentence(error))
            return None
        self.say(f"Saved: {what}.")
        self.refresh()
        self.changed.emit()
        return result

    def lay_out_list(
        self, label: QLabel, form: QFormLayout, buttons: list[QPushButton], *extras: QWidget
    ) -> None:
        """The list pages' shape: the list on the left; its form, buttons, extras and message on the right."""
        label.setBuddy(self.table)
        actions = QHBoxLayout()
        for widget in buttons:
            actions.addWidget(widget)
        actions.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(actions)
        for extra in extras:
            right.addWidget(extra)
        right.addWidget(self.message)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(label)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def remove_chosen(self, noun: str, action: str, remove: Callable[[str, str, str | None], object]) -> None:
        """Remove the row chosen in the list through `remove(contest, key, reason)`, or say to choose one."""
        key = selected_key(self.table)
        if self.contest_id is None or key is None:
            self.say(f"Choose the {noun} to remove in the list first.")
            return
        contest_id = self.contest_id

        def removed(reason: str | None) -> bool:
            remove(contest_id, key, reason)
            return True

        self.save(f"{noun} {key} removed", action, removed)

