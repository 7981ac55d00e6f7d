"""The results screen of one contest: votes and bars, margin, advice, progress, rounds; the RO's actions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.long_dates import format_moment
from app.domain.policy import POLICY
from app.domain.result import ContestResult
from app.domain.stage import StageError, declaration_checks, next_stage, open_suspension
from app.services import recounts
from app.services.count_file import CountFile
from app.services.declaration import Milestone, Resumed
from app.ui.action_dialog import ActionDialog, ensure_signed_in
from app.ui.contest_detail import read_only_table, section_label
from app.ui.declare_dialog import CorrectionDialog, DeclareDialog, ProvisionalDialog, check_line
from app.ui.lot_dialog import LotDialog
from app.ui.print_preview import open_document_preview
from app.ui.recount_request_dialog import RecountDecisionDialog, RecountRequestDialog
from app.ui.result_keys import RESULT_EVENTS, RESULT_KEYS
from app.ui.results_models import (
    CHANGE_HEADINGS,
    KIND_WORDS,
    REQUEST_HEADINGS,
    BarDelegate,
    ListModel,
    RoundsModel,
    VotesColumn,
    VotesModel,
    change_rows,
    figure,
    request_rows,
)
from app.ui.suspend_dialog import RulesDialog, SuspendDialog
from app.ui.view_fit import fit_list, fit_rows
from app.ui.window_keys import WindowKey

DialogMaker = Callable[[CountFile, str, QWidget], ActionDialog]
ACTIONS_PER_ROW = 4

BANNER_STYLE = (
    "QLabel { border: 2px solid palette(text); padding: 4px 10px; font-weight: bold; }"
)
STAGE_WORDS = {
    "setup": "Setup", "verification": "Verification", "counting": "Counting",
    "provisional": "Provisional result shown", "declared": "DECLARED", "suspended": "SUSPENDED",
}


def margin_text(result: ContestResult) -> str:
    """The margin between the last elected and the first not elected, naming them."""
    if result.margin is None:
        return "No margin: there are no more candidates than seats."
    ranked = result.ranked
    seats = result.contest.seats
    last, first_out = ranked[seats - 1].candidate.name, ranked[seats].candidate.name
    if result.lot_needed:
        return f"Level at the last seat ({last}, {first_out}): margin 0 — a lot decides"
    return f"{figure(result.margin)} — {last} (last elected) over {first_out} (first not elected)"



class _WrappingView(QTableView):
    """A table whose rows grow to their wrapped text whenever its width changes: a request's reason is
    read in full on screen, not cut to "the lead of 131 is…" with the rest in a tooltip the keyboard
    cannot reach."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resizeRowsToContents()  # the stretched last column changed width with the view

class ResultsView(QWidget):
    """One contest's result and the Returning Officer's actions on it. Signal: changed (saved)."""

    changed = Signal()

    def __init__(self, count_file: CountFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Results and declaration")
        self._count_file = count_file
        self._contest_id: str | None = None
        self.result: ContestResult | None = None

        self.heading = QLabel("")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Contest")
        self.subheading = QLabel("")
        self.subheading.setAccessibleName("Stage and round")
        self.banner = QLabel("")
        self.banner.setAccessibleName("Suspension")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.status = QLabel("")
        self.status.setAccessibleName("Last action")
        self.status.setWordWrap(True)
        self.status.setVisible(False)

        self.votes = VotesModel(self)
        self.votes_view = self._table(self.votes, "Votes", "Candidates with their votes and outcome")
        self.votes_view.setItemDelegateForColumn(VotesColumn.BAR, BarDelegate(self.votes_view))
        header = self.votes_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VotesColumn.BAR, QHeaderView.ResizeMode.Stretch)
        self.ranked = QCheckBox("Ran&ked order")
        self.ranked.setAccessibleName("Ranked order")
        self.ranked.toggled.connect(self._order_changed)
        self.margin = self._label("Margin")
        self.reconciliation = self._label("Reconciliation")
        self.progress = self._label("Progress")
        self.advice = QListWidget()
        self.advice.setAccessibleName("Recount advice")
        self.advice.setWordWrap(True)
        self.checks = QListWidget()
        self.checks.setAccessibleName("Declaration checklist")
        self.checks.setWordWrap(True)
        self.rounds = RoundsModel(self)
        self.rounds_view = self._table(self.rounds, "Rounds side by side", "Each round's figures and changes")
        self.rounds_view.horizontalHeader().setStretchLastSection(False)
        self.changes = ListModel(CHANGE_HEADINGS, self)
        self.changes_view = self._table(
            self.changes, "Table changes", "What each round changed, table by table"
        )
        self.requests = ListModel(REQUEST_HEADINGS, self)
        self.requests_view = self._table(
            self.requests, "Recount requests", "Every request and its decision", view=_WrappingView()
        )

        self.actions_grid = QGridLayout()
        self.actions_grid.setSpacing(4)
        self.commands: dict[str, QAction] = {}
        slots: dict[str, Callable[[], object]] = {
            "provisional": self.record_provisional,
            "request": lambda: self._run(RecountRequestDialog, "record-recount-request"),
            "decide": lambda: self._run(RecountDecisionDialog, "decide-recount"),
            "lot": lambda: self._run(LotDialog, "record-lot"),
            "declare": lambda: self._run(DeclareDialog, "declare"),
            "suspend": self.suspend_or_resume,
            "rules": lambda: self._run(RulesDialog, "set-recount-rules"),
            "correct": lambda: self._run(CorrectionDialog, "correct-declaration"),
            "comparison": lambda: self._preview("recount-comparison"),
        }
        for key in RESULT_KEYS:
            self._add_action(key, slots[key.id])
        self._lay_out()

    # construction
    def _label(self, name: str) -> QLabel:
        label = QLabel("")
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _table(
        self,
        model: VotesModel | RoundsModel | ListModel,
        name: str,
        about: str,
        view: QTableView | None = None,
    ) -> QTableView:
        view = view or QTableView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setAccessibleDescription(about)
        read_only_table(view)
        view.setWordWrap(isinstance(view, _WrappingView))
        view.horizontalHeader().setAccessibleName(f"{name} column headings")
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _add_action(self, key: WindowKey, slot: Callable[[], object]) -> None:
        text, shortcut = key.text, key.keys
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setData(RESULT_EVENTS[key.id])
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.commands[key.id] = action
        button = QPushButton(f"{text.replace('&', '')} ({shortcut})")
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setToolTip(f"{key.tip} ({shortcut})")
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        action.changed.connect(lambda b=button, a=action, s=shortcut: b.setText(
            f"{a.text().replace('&', '')} ({s})"))
        count = len(self.commands) - 1
        # Four to a row: five made the window wider than a 1,024-pixel laptop screen.
        self.actions_grid.addWidget(button, count // ACTIONS_PER_ROW, count % ACTIONS_PER_ROW)

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(section_label("&Votes", self.votes_view))
        top.addStretch(1)
        top.addWidget(self.ranked)
        left.addLayout(top)
        left.addWidget(self.votes_view)
        figures = QGridLayout()
        for row, (caption, label) in enumerate(
            (("Margin:", self.margin), ("Reconciled:", self.reconciliation), ("Progress:", self.progress))
        ):
            figures.addWidget(QLabel(caption), row, 0, Qt.AlignmentFlag.AlignTop)
            figures.addWidget(label, row, 1)
        figures.setColumnStretch(1, 1)
        left.addLayout(figures)
        left.addWidget(section_label("Recount &advice", self.advice))
        left.addWidget(self.advice)
        left.addWidget(section_label("Declaration chec&klist", self.checks))
        left.addWidget(self.checks)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(section_label("R&ounds side by side", self.rounds_view))
        right.addWidget(self.rounds_view)
        right.addWidget(section_label("&Table changes between rounds", self.changes_view))
        right.addWidget(self.changes_view, 2)
        right.addWidget(section_label("Recount re&quests", self.requests_view))
        right.addWidget(self.requests_view, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setAccessibleName("Result and rounds")
        for column in (left, right):
            holder = QWidget()
            holder.setLayout(column)
            splitter.addWidget(holder)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.banner)
        layout.addLayout(self.actions_grid)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

    # showing
    @property
    def contest_id(self) -> str | None:
        return self._contest_id

    def show_contest(self, contest_id: str | None) -> None:
        self._contest_id = contest_id
        self.refresh()

    def refresh(self) -> None:
        """Read the contest again from the count file and show everything it says."""
        if self._contest_id is None:
            self.result = None
            self.heading.setText("No contest selected")
            for action in self.commands.values():
                action.setEnabled(False)
            return
        result = self._count_file.result(self._contest_id)
        self.result = result
        contest = result.contest
        round_kinds = [r.kind for r in contest.rounds if r.number == result.round]
        kind = KIND_WORDS.get(round_kinds[0], "") if round_kinds else ""
        self.heading.setText(contest.name)
        self.subheading.setText(
            f"{contest.id} · {contest.seats} seat{'s' if contest.seats > 1 else ''} · "
            f"Stage: {STAGE_WORDS.get(result.stage, result.stage)} · "
            + (f"round {result.round}, {kind}" if result.round else "no count yet")
        )
        suspension = open_suspension(contest)
        self.banner.setVisible(suspension is not None)
        if suspension is not None:
            self.banner.setText(
                f"COUNT SUSPENDED by {suspension.recorded_by}: {suspension.reason}. "
                f"Seals: {', '.join(suspension.seals)}. Resume it (Ctrl+Shift+S) before anything else."
            )
        self.votes.show_result(result, self.ranked.isChecked())
        self.margin.setText(margin_text(result))
        checks = {c.key: c for c in declaration_checks(result)}
        self.reconciliation.setText(
            ("Yes — " if result.reconciled else "NO — ") + checks["reconciled"].detail
        )
        self.progress.setText(
            f"Boxes verified: {checks['boxes'].detail} · "
            f"Sheets accepted in round {result.round or 1}: {checks['sheets'].detail}"
        )
        self.advice.clear()
        for advice in result.advice or ():
            self.advice.addItem(f"{advice.rule}: {advice.detail}")
        if not result.advice:
            self.advice.addItem("No recount advice: the margin is outside every rule.")
        self.checks.clear()
        if contest.declarations:
            for number, record in enumerate(contest.declarations, start=1):
                self.checks.addItem(
                    f"DECLARED: declaration {number}, round {record.round}, by {record.recorded_by}"
                    + (f" on {format_moment(record.recorded_at)}" if record.recorded_at else "")
                    + (f"; supersedes declaration {record.supersedes}: {record.reason}"
                       if record.supersedes else "")
                )
            self.checks.addItem("The contest is locked: only a misread figure can be corrected.")
        else:
            for check in checks.values():
                self.checks.addItem(check_line(check))
        comparison = recounts.comparison(self._count_file, contest.id)
        self.rounds.show_comparison(comparison)
        self.changes.show_rows(change_rows(comparison))
        self.requests.show_rows(request_rows(result))
        for view in (self.votes_view, self.rounds_view):
            fit_rows(view)
        for table in (self.changes_view, self.requests_view):
            table.resizeRowsToContents()
        fit_list(self.advice)
        fit_list(self.checks, self.checks.count() + 2)  # two lines may wrap
        self._enable(result)

    def _enable(self, result: ContestResult) -> None:
        for action in self.commands.values():
            event = action.data()
            if event is None:
                action.setEnabled(bool(result.contest.rounds))
                continue
            try:
                next_stage(result.stage, str(event), interrupted="counting")
                allowed = True
            except StageError:
                allowed = False
            action.setEnabled(allowed)
        resume = result.stage == "suspended"
        self.commands["suspend"].setText("Re&sume…" if resume else "&Suspend…")
        self.commands["suspend"].setEnabled(result.stage != "declared")
        self.commands["lot"].setEnabled(result.lot_needed and result.stage == "provisional")
        self.commands["decide"].setEnabled(
            bool(result.contest.pending_requests) and result.stage in ("counting", "provisional")
        )

    def _order_changed(self, ranked: bool) -> None:
        if self.result is not None:
            self.votes.show_result(self.result, ranked)

    # acting
    def _run(self, make: DialogMaker, policy_action: str) -> object:
        """Sign in if need be, then the dialog; after a saved action, read everything again."""
        if self._contest_id is None:
            return None
        roles = POLICY[policy_action].roles
        label = POLICY[policy_action].label
        if not ensure_signed_in(self, self._count_file, roles, f"Sign in to {label}."):
            return None
        dialog = make(self._count_file, self._contest_id, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self._saved(dialog.outcome)
        return dialog.outcome

    def _saved(self, outcome: object) -> None:
        message = "Saved."
        if isinstance(outcome, Milestone):
            what = "Provisional result" if outcome.record.stage == "provisional" else "Declaration"
            backup = (
                f"backup written to {outcome.backup.info.path}" if outcome.backup.info is not None
                else f"BACKUP FAILED: {outcome.backup.problem}"
            )
            message = f"{what} recorded for round {outcome.record.round}; {backup}."
        elif isinstance(outcome, Resumed) and not outcome.seals_match:
            missing = ", ".join(outcome.missing) or "none"
            unexpected = ", ".join(outcome.unexpected) or "none"
            message = (
                f"Resumed. THE SEALS DIFFER from those recorded: missing {missing}; "
                f"unexpected {unexpected}."
            )
        self.status.setText(message)
        self.status.setVisible(True)
        self.refresh()
        self.changed.emit()

    def record_provisional(self) -> None:
        outcome = self._run(ProvisionalDialog, "record-provisional")
        if isinstance(outcome, Milestone) and self._contest_id is not None:
            self._preview("provisional")

    def suspend_or_resume(self) -> None:
        resume = self.result is not None and self.result.stage == "suspended"
        self._run(SuspendDialog, "resume" if resume else "suspend")

    def _preview(self, document: str) -> None:
        if self._contest_id is not None:
            open_document_preview(self, self._count_file, document, self._contest_id)
