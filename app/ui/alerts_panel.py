"""The "Needs attention" list: every alert of the night, and Enter on one opens the screen to act in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.headings import section_label
from app.ui.operator_switch import switch_operator
from app.ui.results_window import open_results

if TYPE_CHECKING:
    from app.domain.result import ContestResult
    from app.services.alerts import Alert, Summary
    from app.services.count_file import CountFile

# The alerts service, and the screens an alert opens (count entry, supervisor review, verification), are
# imported when first needed: the panel is empty at the main window's first paint ("updating…" while its
# file is checked), and importing them costs start-up time (P4).

Index = QModelIndex | QPersistentModelIndex
ALERT_ROLE = Qt.ItemDataRole.UserRole + 1
ATTENTION_SHORTCUT = QKeySequence("Ctrl+Shift+A")
NOTHING = "Nothing needs attention now."
READING = "Reading the contests' results…"


def heading_of(alert: Alert) -> str:
    """"Northgate and Eastwick · table T1": the contest, and the table or box when there is one."""
    return f"{alert.contest} · {alert.where}" if alert.where else alert.contest


def alert_text(alert: Alert) -> str:
    """Two lines: where and what is wrong; then what to do."""
    what = alert.what[:1].upper() + alert.what[1:]
    return f"{heading_of(alert)}: {what}.\n→ {alert.todo}"


class AlertListModel(QAbstractListModel):
    """The alerts, most urgent first; each contest's alerts can be replaced as its result arrives."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._alerts: list[Alert] = []
        self._texts: list[str] = []

    def set_alerts(self, alerts: Iterable[Alert]) -> None:
        from app.services.alerts import sorted_alerts

        self.beginResetModel()
        self._alerts = sorted_alerts(alerts)
        self._texts = [alert_text(alert) for alert in self._alerts]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._alerts, self._texts = [], []
        self.endResetModel()

    def replace(self, contest_id: str | None, alerts: Iterable[Alert]) -> None:
        """Put these in place of one contest's alerts (None: the file's own alerts)."""
        kept = [alert for alert in self._alerts if alert.contest_id != contest_id]
        self.set_alerts([*kept, *alerts])

    @property
    def alerts(self) -> tuple[Alert, ...]:
        return tuple(self._alerts)

    def alert_at(self, row: int) -> Alert:
        return self._alerts[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._alerts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._alerts) or index.column() != 0:
            return None
        alert = self._alerts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self._texts[index.row()]}\nPress Enter to open the screen to act in."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._texts[index.row()].replace("\n→ ", " What to do: ")
        if role == ALERT_ROLE:
            return alert
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class AlertsPanel(QWidget):
    """The list and its heading; the window gives it alerts, and Enter takes you to the place to act."""

    def __init__(
        self,
        window: QMainWindow,
        count_file: Callable[[], CountFile | None],
        refresh: Callable[[], None],
        select_contest: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Needs attention")
        self._window = window
        self._count_file = count_file
        self._refresh = refresh
        self._select_contest = select_contest
        self.dock: QDockWidget | None = None  # set when docked: hidden while no count file is open
        self._reading = False
        self.model = AlertListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Alerts")
        self.view.setAccessibleDescription("What needs someone now; press Enter to open the screen to act in")
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSpacing(2)
        self.view.activated.connect(self._activated)
        self.heading = section_label("Needs a&ttention", self.view)
        self.empty = QLabel(NOTHING)
        self.empty.setAccessibleName("No alerts")
        self.empty.setWordWrap(True)
        # room for a contest's name and a short sentence a line, beside the contests table
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 44)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        self._show_count()

    # what the window calls as results arrive
    def follow(
        self, count_file: CountFile | None, reading: bool, summaries: Iterable[Summary | None]
    ) -> None:
        """The window's reading of its contests: while it reads, the alerts shown stay (marked as
        being updated); once it has read them, every contest's alerts from their summaries."""
        from app.services.alerts import night_alerts

        self._reading = reading and count_file is not None
        if count_file is None:
            self.show_alerts([])
        elif not reading:
            self.show_alerts(night_alerts(count_file, summaries))
        else:
            self._show_count(self._current())

    def wait_for_file(self) -> None:
        """A file is open but still being checked: the panel shows, empty and marked as being updated."""
        self._reading = True
        self.model.clear()
        self._show_count()

    def show_result(self, count_file: CountFile, result: ContestResult) -> None:
        """One contest's alerts from its full result, just read (e.g. after an action on it)."""
        from app.services.alerts import backup_state, contest_alerts

        alerts = contest_alerts(count_file, result, backup_state(count_file))
        self.show_contest_alerts(result.contest.id, alerts)

    def show_alerts(self, alerts: Iterable[Alert]) -> None:
        """Show exactly these alerts (every contest's and the file's); the one chosen stays chosen."""
        current = self._current()
        self.model.set_alerts(alerts)
        self._show_count(current)

    def show_contest_alerts(self, contest_id: str | None, alerts: Iterable[Alert]) -> None:
        """Replace one contest's alerts (None: the file's own, e.g. a failing backup)."""
        current = self._current()
        self.model.replace(contest_id, alerts)
        self._show_count(current)

    @property
    def alerts(self) -> tuple[Alert, ...]:
        return self.model.alerts

    @property
    def reading(self) -> bool:
        """The window is still reading its contests' results (the list is being brought up to date)."""
        return self._reading

    def _current(self) -> Alert | None:
        index = self.view.currentIndex()
        return self.model.alert_at(index.row()) if index.isValid() else None

    def _show_count(self, keep: Alert | None = None) -> None:
        if self.dock is not None:
            self.dock.setVisible(self._reading or self._count_file() is not None)
        count = self.model.rowCount()
        updating = " — updating…" if self._reading else ""
        shown = f" ({count})" if count else ""
        self.heading.setText(f"Needs a&ttention{shown}{updating}")
        self.heading.setAccessibleName(f"Needs attention: {count or 'none'}{updating}")
        self.empty.setText(READING if self._reading else NOTHING)
        self.empty.setVisible(count == 0)
        if count:
            row = self.model.alerts.index(keep) if keep in self.model.alerts else 0
            self.view.setCurrentIndex(self.model.index(row, 0))

    def focus_list(self) -> None:
        self.view.setFocus()

    # acting
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_alert(self.model.alert_at(index.row()))

    def open_alert(self, alert: Alert) -> None:
        """Open the screen where the alert is acted on, for its contest (and table or box)."""
        from app.services.alerts import BACKUP, ENTRY, RESULTS, REVIEW, VERIFICATION

        count_file = self._count_file()
        if count_file is None:
            return
        if alert.contest_id is not None and self._select_contest is not None:
            self._select_contest(alert.contest_id)
        if alert.place == BACKUP or alert.contest_id is None:
            QMessageBox.information(self._window, "Backups", f"{alert.what[:1].upper()}{alert.what[1:]}.\n\n"
                                    f"{alert.todo}")
            return
        if alert.place == RESULTS:
            opened = open_results(self._window, count_file, alert.contest_id)
            opened.view.changed.connect(self._refresh)
            return
        if count_file.session.current is None:  # every saved figure names a person
            switch_operator(self._window, count_file)
            if count_file.session.current is None:
                return
        if alert.place == ENTRY:
            from app.ui.count_entry import open_count_entry  # lazily: see the note at the top

            entry = open_count_entry(self._window, count_file, alert.contest_id)
            if alert.table:
                entry.refresh_tables(select=alert.table)
            entry.finished.connect(lambda _code: self._refresh())
        elif alert.place == REVIEW:
            from app.ui.supervisor_review import SupervisorReview  # lazily: see the note at the top

            review = SupervisorReview(count_file, alert.contest_id, self._window)
            review.refresh(select=alert.table)
            review.exec()
            review.deleteLater()
            self._refresh()
        elif alert.place == VERIFICATION:
            from app.ui.verification_panel import VerificationDialog  # lazily: see the note at the top

            verification = VerificationDialog(count_file, alert.contest_id, self._window)
            verification.panel.go_to(alert.box)
            verification.exec()
            verification.deleteLater()
            self._refresh()


def add_alerts_panel(
    window: QMainWindow,
    view_menu: QMenu,
    count_file: Callable[[], CountFile | None],
    refresh: Callable[[], None],
    select_contest: Callable[[str], object] | None = None,
) -> AlertsPanel:
    """The "Needs attention" list docked beside the contests, and View ▸ Needs attention
    (Ctrl+Shift+A) to put the focus on it."""
    panel = AlertsPanel(window, count_file, refresh, select_contest)
    dock = QDockWidget("Needs attention", window)
    dock.setObjectName("needs-attention")
    dock.setAccessibleName("Needs attention panel")
    # always there: a closed alerts list is how a failing backup goes unseen
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
    dock.setTitleBarWidget(QWidget())  # the panel's own heading names it (and carries Alt+T)
    dock.setWidget(panel)
    panel.dock = dock
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    action = QAction("Needs a&ttention", window)
    action.setObjectName("needs-attention")
    action.setShortcut(ATTENTION_SHORTCUT)
    tip = "Put the focus on the list of what needs someone now (Enter opens the screen to act in)"
    action.setStatusTip(tip)
    action.setToolTip(f"{tip} ({ATTENTION_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(lambda _checked=False: panel.focus_list())
    view_menu.addAction(action)
    return panel
