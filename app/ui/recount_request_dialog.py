"""Recording a recount request (who asked, what, why) and the Returning Officer's decision on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QWidget,
)

from app.domain.election import RecountScope, Requester
from app.services import recounts
from app.services.count_file import CountFile
from app.ui.action_dialog import ActionDialog, labelled
from app.ui.results_models import KIND_WORDS, ROLE_WORDS, request_text


def _checklist(name: str, items: list[tuple[str, str]]) -> QListWidget:
    """A list of checkable lines (Space ticks the current one)."""
    widget = QListWidget()
    widget.setAccessibleName(name)
    for key, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMaximumHeight(max(60, min(len(items), 6) * widget.sizeHintForRow(0) + 8))
    return widget


def _ticked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        str(widget.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


class RecountRequestDialog(ActionDialog):
    """A candidate or agent asks for a recount: their name and role, the kind, its scope, why."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Recount request", "&Record the request", parent)
        self._count_file = count_file
        self._contest_id = contest_id
        contest = count_file.contest(contest_id)
        self.intro.setText(
            f"{contest.name}, after round {contest.current_round}: record who asked for a recount "
            "and why. The Returning Officer then grants or refuses it with a reason."
        )
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in recounts.ASKING_ROLES:
            self.role.addItem(ROLE_WORDS[role].capitalize(), role)
        self.kind = QComboBox()
        for kind in recounts.REQUEST_KINDS:
            self.kind.addItem(KIND_WORDS[kind].capitalize(), kind)
        self.tables = _checklist(
            "Tables to count again", [(t.id, f"Table {t.id}") for t in contest.count_tables]
        )
        self.candidates = _checklist(
            "Candidates' piles to count again",
            [(c.id, c.name) for c in contest.ordered_candidates],
        )
        self.grounds = QLineEdit()
        labelled(self.form, "Asked by (&name):", self.name, "Name of the person asking")
        labelled(self.form, "&Who they are:", self.role, "Who they are")
        labelled(self.form, "&Kind of recount:", self.kind, "Kind of recount")
        labelled(self.form, "&Tables (partial):", self.tables, "Tables to count again")
        labelled(self.form, "&Candidates (partial):", self.candidates, "Candidates' piles to count again")
        labelled(self.form, "&Grounds given:", self.grounds, "Grounds given")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.name.setFocus()

    def _kind_changed(self) -> None:
        partial = self.kind.currentData() == "partial-recount"
        self.tables.setEnabled(partial)
        self.candidates.setEnabled(partial)

    def confirm(self) -> None:
        kind = str(self.kind.currentData())
        scope = None
        if kind == "partial-recount":
            scope = RecountScope(_ticked(self.tables), _ticked(self.candidates))
        requester = Requester(self.name.text(), str(self.role.currentData()))
        self.attempt(
            lambda: recounts.request_recount(
                self._count_file, self._contest_id, requester, kind, self.grounds.text(), scope
            )
        )


class RecountDecisionDialog(ActionDialog):
    """The Returning Officer grants (a new round opens) or refuses a pending request, with a reason."""

    def __init__(self, count_file: CountFile, contest_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Decide a recount request", "Record the &decision", parent)
        self._count_file = count_file
        self._contest_id = contest_id
        self.request = QComboBox()
        for pending in recounts.pending(count_file, contest_id):
            self.request.addItem(request_text(pending.request), pending.seq)
        self.grant = QRadioButton("&Grant: count again in a new round")
        self.refuse = QRadioButton("Re&fuse")
        self.grant.setAccessibleName("Grant")
        self.refuse.setAccessibleName("Refuse")
        group = QButtonGroup(self)
        group.addButton(self.grant)
        group.addButton(self.refuse)
        # Neither is chosen for the RO: Enter after typing a refusal's reason must not grant a
        # recount (a new round cannot be taken back).
        choice = QWidget()
        choice.setAccessibleName("Decision")
        row = QHBoxLayout(choice)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.grant)
        row.addWidget(self.refuse)
        self.reason = QLineEdit()
        labelled(self.form, "Re&quest:", self.request, "Pending request")
        self.form.addRow("Decision:", choice)
        labelled(self.form, "&Reason:", self.reason, "Reason for the decision")
        if self.request.count() == 0:
            self.show_message("There is no pending recount request for this contest.")
            self.confirm_button.setEnabled(False)
        self.intro.setText(
            "A granted recount opens a new round: its sheets overlay the previous round's figures, "
            "which stay on the record. A refused request and its reason are recorded too."
        )
        self.reason.setFocus()

    def confirm(self) -> None:
        if not (self.grant.isChecked() or self.refuse.isChecked()):
            self.show_message("Choose Grant (Alt+G) or Refuse (Alt+F) first, then record the decision.")
            return
        seq = int(self.request.currentData())
        grant = self.grant.isChecked()
        self.attempt(
            lambda: recounts.decide(self._count_file, self._contest_id, seq, grant, self.reason.text())
        )
