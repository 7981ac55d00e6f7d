"""The restore dialog: a count file's backup generations, each checked, and a restore to a new file."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.documents import Fingerprint
from app.services.backups import Restored, default_backup_folder
from app.services.count_file import COUNT_FILE_SUFFIX, CountFile
from app.services.errors import ServiceError
from app.services.restoring import (
    Generation,
    GenerationCheck,
    backup_generations,
    check_generation,
    restore_generation,
    suggested_target,
)
from app.ui.headings import section_label
from app.ui.operator_switch import switch_operator
from app.ui.screen_fit import resize_within_screen
from app.ui.status_colours import shade, tint
from app.ui.training import training_title

CHECK_POLL_MS = 100  # how often the dialog looks for finished checks
BAD_COLOUR = "#b00020"
PROBLEM_STYLE = f"QLabel {{ color: {BAD_COLOUR}; font-weight: bold; }}"
COLUMNS = ("Taken", "Events", "Check", "Backup file")


def _when(generation: Generation) -> str:
    return f"{generation.taken:%d %b %Y %H:%M:%S}" if generation.taken else "(time not in the name)"


class RestoreDialog(QDialog):
    """The generations of one count file's backups, each checked; restores one to a new file."""

    def __init__(
        self,
        count_path: Path | None,
        count_file: CountFile | None = None,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._count_file = count_file
        self.restored: Restored | None = None
        self._checks: dict[Path, GenerationCheck] = {}
        self._generations: dict[Path, Generation] = {}
        self._pending: list[tuple[Generation, Future[GenerationCheck]]] = []
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backup-check")
        self._target_edited = False
        self.setWindowTitle(training_title(count_file, "Restore from backup"))
        self.setAccessibleName("Restore from backup")
        resize_within_screen(self, 820, 480)

        intro = QLabel(
            "Choose a backup generation that verifies. It is copied to a NEW count file (never over "
            "an existing one), which is then opened; the file it came from is left as it is."
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("What this does")
        self.count_path = QLineEdit(str(count_path) if count_path else "")
        self.count_path.setAccessibleName("Count file whose backups are listed")
        self.folder = QLineEdit(str(folder or default_backup_folder()))
        self.folder.setAccessibleName("Backup folder")
        self._listed: tuple[str, str] | None = None  # the (file, folder) listed now
        for field in (self.count_path, self.folder):
            field.editingFinished.connect(self._fields_edited)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Backup generations")
        self.table.setAccessibleDescription("Newest first; use the arrow keys to choose one")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setAccessibleName("Backup generation column headings")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(self._row_changed)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("The chosen backup")
        self.target = QLineEdit("")
        self.target.setAccessibleName("New count file")
        self.target.textEdited.connect(self._target_typed)
        self.problem = QLabel("")
        self.problem.setAccessibleName("Restore problem")
        tint(self.problem, PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

        form = QFormLayout()
        form.addRow(self._label("Count &file:", self.count_path),
                    self._with_button(self.count_path, "Choose…", self._choose_count_file))
        form.addRow(self._label("Backup f&older:", self.folder),
                    self._with_button(self.folder, "Choose…", self._choose_folder))
        target_form = QFormLayout()
        target_form.addRow(self._label("&New file:", self.target),
                           self._with_button(self.target, "Choose…", self._choose_target))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore to the new file")
        self.restore_button.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        cancel.setAutoDefault(False)  # Enter restores (when a good backup is chosen), never cancels
        buttons.accepted.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(section_label("&Backups, newest first", self.table))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(target_form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.timeout.connect(self._collect)
        self.reload()
        self.table.setFocus()

    # construction
    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _with_button(self, field: QLineEdit, text: str, run: Callable[[], None]) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        button = QPushButton(text)
        button.setAccessibleName(f"{text.rstrip('…')} for {field.accessibleName().lower()}")
        button.setAutoDefault(False)
        button.clicked.connect(run)
        row.addWidget(button)
        return box

    # the generations and their checks
    def _fields_edited(self) -> None:
        # editingFinished also comes when the focus merely passes through: list again only on a change.
        if self._listed != (self.count_path.text().strip(), self.folder.text().strip()):
            self.reload()

    def reload(self) -> None:
        """List the generations of the named count file in the named folder and start checking them."""
        self._listed = (self.count_path.text().strip(), self.folder.text().strip())
        for _, future in self._pending:
            future.cancel()
        self._pending = []
        self._checks = {}
        text = self.count_path.text().strip()
        found = backup_generations(Path(text), Path(self.folder.text().strip())) if text else []
        self._generations = {generation.path: generation for generation in found}
        self.table.setRowCount(len(found))
        for row, generation in enumerate(found):
            events = "" if generation.events is None else f"{generation.events:,}"
            cells = (_when(generation), events, "Checking…", generation.path.name)
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, str(generation.path))
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            self._pending.append((generation, self._executor.submit(check_generation, generation)))
        if found:
            self._timer.start(CHECK_POLL_MS)
            self.table.setCurrentCell(0, 0)
        else:
            where = self.folder.text().strip()
            name = Path(text).name if text else "the count file"
            self.detail.setText(
                f"No backups of {name} were found in {where}. Choose the folder the backups were "
                "written to (for example on the backup drive), or choose the count file."
                if text else "Choose the count file whose backups you want to restore."
            )
        self._show_selected()

    def _collect(self) -> None:
        still = []
        for generation, future in self._pending:
            if not future.done():
                still.append((generation, future))
                continue
            check = future.result()
            self._checks[generation.path] = check
            self._show_check(check)
        self._pending = still
        if not still:
            self._timer.stop()
            self._choose_newest_good()
        self._show_selected()

    def _row_of(self, path: Path) -> int | None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == str(path):
                return row
        return None

    def _show_check(self, check: GenerationCheck) -> None:
        row = self._row_of(check.generation.path)
        item = self.table.item(row, 2) if row is not None else None
        if item is None:
            return
        item.setText("Verifies" if check.ok else "Does NOT verify")
        if not check.ok:
            item.setForeground(shade(self.table, BAD_COLOUR))
        item.setToolTip(check.problem or "SQLite integrity, the audit chain and every stored row check out")

    def _choose_newest_good(self) -> None:
        """Move to the newest generation that verifies, unless the user has chosen one that does."""
        current = self._selected()
        if current is not None and current.ok:
            return
        for row in range(self.table.rowCount()):
            check = self._check_at(row)
            if check is not None and check.ok:
                self.table.setCurrentCell(row, 0)
                return

    def _check_at(self, row: int) -> GenerationCheck | None:
        item = self.table.item(row, 0)
        return None if item is None else self._checks.get(Path(item.data(Qt.ItemDataRole.UserRole)))

    def _selected(self) -> GenerationCheck | None:
        row = self.table.currentRow()
        return self._check_at(row) if row >= 0 else None

    def _row_changed(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None and not self._target_edited:
            generation = self._generations[Path(item.data(Qt.ItemDataRole.UserRole))]
            self.target.setText(str(suggested_target(Path(self.count_path.text().strip()), generation)))
        self._show_selected()

    def _show_selected(self) -> None:
        row = self.table.currentRow()
        check = self._selected()
        self.restore_button.setEnabled(check is not None and check.ok)
        self.restore_button.setDefault(True)
        if row < 0:
            return
        if check is None:
            self.detail.setText("Checking this backup (integrity, audit chain, stored rows)…")
        elif check.info is None:
            self.detail.setText(f"This backup cannot be restored: {check.problem}")
        else:
            print_ = Fingerprint(check.info.head, check.info.events).short
            self.detail.setText(
                f"{check.generation.path.name} verifies: {check.info.events:,} events, fingerprint "
                f"{print_}. The new file will hold exactly these, plus one event recording the restore."
            )

    # the new file
    def _target_typed(self, _text: str) -> None:
        self._target_edited = True

    def _start_folder(self) -> str:
        text = self.count_path.text().strip()
        return str(Path(text).parent) if text else str(Path.home())

    def _choose_count_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Count file whose backups to list", self._start_folder(),
            f"Count files (*{COUNT_FILE_SUFFIX});;All files (*)",
        )
        if chosen:
            self.count_path.setText(chosen)
            self._target_edited = False
            self.reload()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Backup folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            self.reload()

    def _choose_target(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Restore to a new count file", self.target.text() or self._start_folder(),
            f"Count files (*{COUNT_FILE_SUFFIX})", options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.target.setText(chosen)
            self._target_edited = True

    # restoring
    def restore(self) -> None:
        check = self._selected()
        if check is None or not check.ok:
            self._say("Choose a backup that verifies (the Check column says so) first.")
            return
        text = self.target.text().strip()
        if not text:
            self._say("Give the new count file a name.")
            self.target.setFocus()
            return
        target = Path(text)
        if not target.is_absolute():
            target = Path(self._start_folder()) / target
        file = self._count_file
        if file is not None and file.session.current is None:
            switch_operator(self, file)  # the policy names the person restoring
            if file.session.current is None:
                return
        try:
            self.restored = restore_generation(check.generation.path, target, file)
        except ServiceError as error:
            self._say(str(error)[:1].upper() + str(error)[1:])
            self.target.setFocus()
            return
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def done(self, result: int) -> None:
        self._timer.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)
