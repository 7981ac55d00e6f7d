"""The count entry window: pick a table, key its sheet blind, save, finish; switch operator by keyboard."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.double_entry import WAITING_FOR_SUPERVISOR, EntryView
from app.services.count_file import CountFile
from app.services.counting import ConfirmPaper, Counting, TableProgress
from app.services.errors import ServiceError
from app.services.round_scope import round_scope
from app.ui.count_entry_form import CountEntryForm
from app.ui.count_menu import REVIEW_SHORTCUT
from app.ui.operator_switch import SWITCH_SHORTCUT, at_the_keyboard, switch_operator
from app.ui.screen_fit import resize_within_screen
from app.ui.status_colours import tint, tint_again
from app.ui.training import training_title
from app.ui.window_keys import WindowKey, bind_keys, key_of
from app.ui.wording import figure

TRAINING_NOTE = "TRAINING FILE: practice only."
TRAINING_STYLE = "QLabel { background: #ffd400; color: #000000; font-weight: bold; padding: 2px 8px; }"
SAVED_STYLE = "QLabel { color: #1b5e20; font-weight: bold; }"
REFUSED_STYLE = "QLabel { color: #b00020; font-weight: bold; }"
WAITING_STYLE = "QLabel { color: #7a4b00; font-weight: bold; }"  # saved; a supervisor is needed
ROUND_STYLE = "QLabel { font-weight: bold; }"  # the palette's own colour: readable in either theme
CARRIED_OVER = Qt.ItemDataRole.UserRole + 1  # a table's row: True when its figures carry over
ROW_PADDING = 4  # pixels above and below a table's line, together
FOCUS_BORDER = 3  # pixels: the high-contrast theme's focus border (theme.py)
# The window's own keys, once: its shortcuts and Save button are made from here, and F1 lists them.
ENTRY_KEYS: tuple[WindowKey, ...] = (
    WindowKey("save", "&Save", "Ctrl+S", "Save the sheet as typed, without finishing it"),
    WindowKey("switch", "Switch operator", SWITCH_SHORTCUT.toString(), "Save what was typed, then sign in"),
    WindowKey("review", "Supervisor review", REVIEW_SHORTCUT.toString(), "Review the contest's sheets"),
)


def entry_words(view: EntryView) -> str:
    """Which entry this is, in words: "first entry", "second entry (blind)", …"""
    if view.correction:
        return f"correction of entry {view.number}: key the marked boxes again from the paper"
    if view.single_entry:
        return "single entry (the Returning Officer's recorded decision)"
    return "first entry" if view.number == 1 else "second entry (keyed blind)"


def table_words(progress: TableProgress) -> str:
    who = f" ({', '.join(progress.operators)})" if progress.operators else ""
    return f"Table {progress.table_id}  ·  {figure(progress.expected)} papers  ·  {progress.step}{who}"


class CountEntryWindow(QDialog):
    """One contest's count sheets for the current round, keyed by whoever is signed in."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._file = count_file
        self._counting = Counting(count_file)
        self._contest_id = contest_id
        self.table_id: str | None = None
        self._dirty = False
        contest = count_file.contest(contest_id)
        self.setWindowTitle(training_title(count_file, f"Count sheets — {contest.name}"))
        self.setAccessibleName("Count sheets")
        resize_within_screen(self, 1100, 820)

        heading = QLabel(contest.name)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setAccessibleName("Contest")
        # What this round counts, in words: a partial recount names its scope and what carries over.
        self.round_line = QLabel("")
        self.round_line.setAccessibleName("Round being keyed")
        self.round_line.setWordWrap(True)
        self.round_line.setStyleSheet(ROUND_STYLE)
        self.keyboard = QLabel(at_the_keyboard(count_file))
        self.keyboard.setAccessibleName("Who is at the keyboard")
        switch_hint = SWITCH_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)
        self.keyboard.setToolTip(f"Switch operator: {switch_hint}")
        top = QHBoxLayout()
        if count_file.election.training:
            training = QLabel(TRAINING_NOTE)
            training.setStyleSheet(TRAINING_STYLE)
            training.setAccessibleName("Training file")
            top.addWidget(training)
        top.addWidget(heading, 1)
        top.addWidget(self.keyboard)

        self.tables = QListWidget()
        self.tables.setAccessibleName("Count tables")
        self.tables.setAccessibleDescription("Choose a table with the arrow keys and press Enter")
        # Enter is handled in keyPressEvent (the view passes it on to the dialog after emitting
        # itemActivated, where it would also press a default button); a mouse double-clicks.
        self.tables.itemDoubleClicked.connect(self._double_clicked)

        self.sheet_heading = QLabel("Choose a table and press Enter to key its sheet.")
        self.sheet_heading.setAccessibleName("Sheet being keyed")
        self.sheet_heading.setWordWrap(True)
        self.form = CountEntryForm()
        self.form.edited.connect(self._edited)
        self.form.setVisible(False)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setAccessibleName("Count sheet boxes")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop here showed nothing focused

        self.outcome = QLabel("")
        self.outcome.setAccessibleName("What happened")
        self.outcome.setWordWrap(True)
        self.save_button = QPushButton(key_of(ENTRY_KEYS, "save").on_button())
        self.save_button.setAccessibleName("Save")
        self.save_button.clicked.connect(self.save)
        self.finish_button = QPushButton("&Finish sheet")
        self.finish_button.setAccessibleName("Finish sheet")
        self.finish_button.clicked.connect(self.finish_sheet)
        self.confirm_button = QPushButton("Finish: the &paper says exactly this")
        self.confirm_button.setAccessibleName("Finish: the paper says exactly this")
        self.confirm_button.clicked.connect(self.finish_as_the_paper_says)
        self.confirm_button.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.outcome, 1)
        for button in (self.confirm_button, self.finish_button, self.save_button):
            button.setEnabled(False)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.round_line)
        layout.addWidget(self.tables)
        layout.addWidget(self.sheet_heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        slots = {"save": self.save, "switch": self.switch_operator, "review": self.open_review}
        bind_keys(self, ENTRY_KEYS, slots)
        self.refresh_tables()
        self.tables.setFocus()

    # tables
    def refresh_tables(self, select: str | None = None, after: str | None = None) -> None:
        """List the tables; select `select`, or the next table after `after` that needs work."""
        progress = self._counting.tables(self._contest_id)
        # A recount may be granted while this window is open: the round line follows the list.
        self.round_line.setText(round_scope(self._file, self._contest_id).words)
        self.tables.clear()
        for each in progress:
            item = QListWidgetItem(table_words(each))
            item.setData(Qt.ItemDataRole.UserRole, each.table_id)
            item.setData(CARRIED_OVER, not each.counted)
            self.tables.addItem(item)
        self._style_rows()
        ids = [p.table_id for p in progress]
        chosen = ids.index(select) if select in ids else 0
        if after is not None or select is None:  # the next table still needing work
            start = ids.index(after) + 1 if after in ids else 0
            order = list(range(start, len(ids))) + list(range(start))
            waiting = [i for i in order if progress[i].needs_work]
            counted = [i for i, p in enumerate(progress) if p.counted]
            chosen = waiting[0] if waiting else (counted or [0])[0]
        if ids:
            self.tables.setCurrentRow(chosen)

    def _style_rows(self) -> None:
        """Rows with room above and below their text (the high-contrast selection clips it without),
        tables outside a partial recount in italic as well as greyed, so that they stand apart in any
        theme, and the list tall enough for every table up to eight, scrolling beyond."""
        grey = self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        height = self.tables.fontMetrics().lineSpacing() + ROW_PADDING
        for row in range(self.tables.count()):
            item = self.tables.item(row)
            carried = bool(item.data(CARRIED_OVER))
            font = item.font()
            font.setItalic(carried)
            item.setFont(font)
            item.setData(Qt.ItemDataRole.ForegroundRole, grey if carried else None)
            # A size hint counts only with both sides given: the text's own width, and room around it.
            width = QFontMetrics(font).horizontalAdvance(item.text()) + 2 * ROW_PADDING
            item.setSizeHint(QSize(width, height))
        rows = min(max(self.tables.count(), 1), 8)
        # The frame is as thick as the high-contrast focus border at most, whether or not it has focus.
        frame = max(self.tables.frameWidth(), FOCUS_BORDER)
        self.tables.setFixedHeight(height * rows + 2 * frame + 2)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The theme changed while the window is open: its grey, its frame width and its status colours.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and hasattr(self, "tables"):
            self._style_rows()
            tint_again(self)

    def _double_clicked(self, _item: QListWidgetItem) -> None:
        self.open_selected()

    def open_selected(self) -> None:
        item = self.tables.currentItem()
        if item is not None:
            self.open_table(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_table(self, table_id: str) -> bool:
        """Open (start or resume) the signed-in person's entry of a table's sheet."""
        if not self._save_if_dirty():
            return False
        try:
            view = self._counting.open_sheet(self._contest_id, table_id)
        except ServiceError as error:
            self._say(str(error), ok=False)
            self.refresh_tables(select=table_id)
            return False
        self.table_id = table_id
        self._show(view)
        self._say("")
        self.refresh_tables(select=table_id)
        return True

    def _show(self, view: EntryView) -> None:
        self.form.show_view(view)
        self.form.setVisible(True)
        self._dirty = False
        self.sheet_heading.setText(
            f"Table {view.layout.table_id}: {entry_words(view)}. Keyed by {view.operator}. "
            "Type each box as the paper sheet shows it; Enter or Tab moves to the next box."
        )
        for button in (self.finish_button, self.save_button):
            button.setEnabled(True)
        self.confirm_button.setVisible(False)
        fields = self.form.editable_fields()
        if fields:
            QWidget.setTabOrder(fields[-1], self.finish_button)
            QWidget.setTabOrder(self.finish_button, self.save_button)  # as they stand, left to right
            fields[0].setFocus()

    def _close_sheet(self) -> None:
        self.table_id = None
        self.form.clear()  # the next person at the keyboard must not find these figures
        self.form.setVisible(False)
        self._dirty = False
        self.confirm_button.setVisible(False)
        for button in (self.finish_button, self.save_button):
            button.setEnabled(False)
        self.sheet_heading.setText("Choose a table and press Enter to key its sheet.")

    # saving
    def _edited(self) -> None:
        self._dirty = True
        self.confirm_button.setVisible(False)  # a confirmation is for the figures as they were

    def _save_if_dirty(self) -> bool:
        return self.save() if self._dirty and self.table_id is not None else True

    def save(self) -> bool:
        """Save the boxes as typed; "Saved" is shown only once the service has returned."""
        if self.table_id is None:
            return True
        try:
            self._counting.save(self._contest_id, self.table_id, self.form.typed())
        except ServiceError as error:
            self._say(str(error), ok=False)
            return False
        self._dirty = False
        self._say(f"Saved at {datetime.now().astimezone():%H:%M:%S}.")
        return True

    # Slots are bound methods, never lambdas holding the window: a lambda would keep the window
    # alive from its own buttons, and Qt and Python would both delete it at exit.
    def finish_sheet(self) -> None:
        self.finish(False)

    def finish_as_the_paper_says(self) -> None:
        self.finish(True)

    def finish(self, confirmed: bool) -> None:
        if self.table_id is None:
            return
        table = self.table_id
        try:
            saved = self._counting.save(
                self._contest_id, table, self.form.typed(), finish=True, confirmed=confirmed
            )
        except ConfirmPaper as need:
            self.form.refresh_checks(need.problems, show_missing=True)
            self._say(str(need), ok=False)
            self.confirm_button.setVisible(True)
            self.confirm_button.setEnabled(True)
            self.confirm_button.setFocus()
            return
        except ServiceError as error:
            self.form.refresh_checks(show_missing=True)
            self._say(str(error)[:1].upper() + str(error)[1:], ok=False)
            blank = [f for f in self.form.editable_fields() if not f.text()]
            (blank[0] if blank else self.finish_button).setFocus()
            return
        self._close_sheet()
        # Saved, but the sheet waits for a supervisor: not the colour of an accepted sheet.
        self._say(saved.message, waiting=saved.state in WAITING_FOR_SUPERVISOR)
        self.refresh_tables(after=table)
        self.tables.setFocus()

    def _say(self, text: str, ok: bool = True, waiting: bool = False) -> None:
        self.outcome.setText(text)
        tint(self.outcome, REFUSED_STYLE if not ok else WAITING_STYLE if waiting else SAVED_STYLE)

    # people
    def switch_operator(self) -> None:
        """Save what the person leaving typed (as theirs), then let the next person sign in."""
        if not self._save_if_dirty():
            return
        if switch_operator(self, self._file) is not None:
            self._close_sheet()
            self._say("")
            self.refresh_tables()
            self.tables.setFocus()
        self.keyboard.setText(at_the_keyboard(self._file))
        self.activateWindow()  # back to the sheets, wherever the dialog left the focus

    def open_review(self) -> None:
        from app.ui.supervisor_review import review_sheets  # a sibling screen, opened on demand

        if not self._save_if_dirty():
            return
        review_sheets(self, self._file, self._contest_id)
        self._close_sheet()
        self.refresh_tables()
        self.keyboard.setText(at_the_keyboard(self._file))
        self.tables.setFocus()
        self.activateWindow()

    # keys
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.focusWidget() is None or not self.focusWidget().isVisible():
            self.tables.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter on the table list opens that table, and must not also press a default button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tables.hasFocus():
            self.open_selected()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Escape or closing the window: what was typed is saved first, never lost."""
        if self._save_if_dirty():
            super().reject()


def open_count_entry(parent: QWidget | None, count_file: CountFile, contest_id: str) -> CountEntryWindow:
    """Show the count entry window for a contest (not modal: the main window stays usable)."""
    window = CountEntryWindow(count_file, contest_id, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    window.activateWindow()
    return window
