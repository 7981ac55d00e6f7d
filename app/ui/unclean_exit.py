"""The unclean-exit banner: after CountDesk was killed or lost power, the last saved figures at the top."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ServiceError
from app.ui.wording import NONE_SHOWN, stage_name

if TYPE_CHECKING:  # the session marker is imported with the first checked file, after the first paint (P4)
    from app.services.count_file import CountFile
    from app.services.session_marker import ContestFigures, SessionMarker, UncleanExit

COLUMNS = ("Contest", "Stage", "Round", "Sheets accepted", "Last saved")
MOST_ROWS_SHOWN = 6  # the banner never takes more of the window than this; the table scrolls
# Black on pale amber with a dark border: readable in high contrast; the words carry the meaning.
BANNER_STYLE = (
    "QFrame#unclean-exit { background: #fff1d6; border: 2px solid #8a4b00; }"
    " QFrame#unclean-exit > QLabel { color: #000000; background: transparent; }"
)


def _clock(moment: datetime, today: datetime, *, seconds: bool = False) -> str:
    """HH:MM (or HH:MM:SS), with the day when it was not today."""
    time = f"{moment:%H:%M:%S}" if seconds else f"{moment:%H:%M}"
    if moment.date() == today.date():
        return time
    return f"{time} on {moment.day} {moment:%B %Y}"


def headline(unclean: UncleanExit, today: datetime) -> str:
    """The banner's first sentence(s): when CountDesk stopped and whether anything is missing."""
    at = _clock(unclean.stopped_at, today)
    if unclean.missing_events:
        return (
            f"CountDesk was not closed properly at {at}, and this file holds "
            f"{unclean.missing_events:,} fewer events than CountDesk last saw: it may have been "
            "replaced by an older copy. Check the figures below against the paper records, or "
            "restore the latest backup (File menu)."
        )
    return (
        f"CountDesk was not closed properly at {at}. "
        "Nothing confirmed is lost: the last saved figures are below."
    )


class UncleanExitBanner(QFrame):
    """Shown at the top of the main window when the file was not closed properly last time.

    follow() is called with each count file the window shows (None when it closes one): it ends
    the marker of the file before (closed properly) and begins the next file's, which says
    whether the session before it ended properly.
    """

    def __init__(self, now: Callable[[], datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now or (lambda: datetime.now().astimezone())
        self._file: CountFile | None = None
        self._marker: SessionMarker | None = None
        self.unclean: UncleanExit | None = None
        self.setObjectName("unclean-exit")
        self.setAccessibleName("CountDesk was not closed properly")
        self.setStyleSheet(BANNER_STYLE)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("What happened")
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)
        self.figures = QTableWidget(0, len(COLUMNS))
        self.figures.setHorizontalHeaderLabels(COLUMNS)
        self.figures.setAccessibleName("Last saved figures")
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.figures.setTabKeyNavigation(False)
        self.figures.verticalHeader().setVisible(False)
        header = self.figures.horizontalHeader()
        header.setAccessibleName("Last saved figures column headings")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.fingerprint = QLabel("")
        self.fingerprint.setAccessibleName("Fingerprint as found")
        self.fingerprint.setWordWrap(True)
        self.dismiss_button = QPushButton("Dis&miss")
        self.dismiss_button.setAccessibleName("Dismiss the unclean-exit notice")
        self.dismiss_button.setToolTip("Hide this notice (Alt+M); the figures stay in the file")
        self.dismiss_button.clicked.connect(self.dismiss)
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.figures)
        layout.addWidget(self.fingerprint)
        self._heartbeat = QTimer(self)  # its interval is set with the first file (HEARTBEAT_S)
        self._heartbeat.timeout.connect(self._beat)
        # A contest's figures need its result (~25 ms for 40 tables): one contest a turn of the
        # event loop, so 650 contests never hold the window up.
        self._reading = QTimer(self)
        self._reading.setInterval(0)
        self._reading.timeout.connect(self._read_next)
        self._to_read: list[int] = []
        self.setVisible(False)

    def follow(self, count_file: CountFile | None) -> None:
        """The window now shows this count file (or none): end the old session, begin the new."""
        if count_file is self._file:
            return
        self._heartbeat.stop()
        self._reading.stop()
        if self._marker is not None:
            self._marker.end()
        self._file, self._marker = count_file, None
        self.dismiss()
        if count_file is None:
            return
        from app.services.session_marker import HEARTBEAT_S, SessionMarker

        self._heartbeat.setInterval(HEARTBEAT_S * 1000)
        self._marker = SessionMarker(count_file, self._now)
        self.unclean = self._marker.begin()
        self._heartbeat.start()
        if self.unclean is not None:
            self._show(self.unclean)

    def _beat(self) -> None:
        if self._marker is not None:
            self._marker.heartbeat()

    def _show(self, unclean: UncleanExit) -> None:
        self.message.setText(headline(unclean, self._now()))
        ids = unclean.contest_ids
        self.figures.setRowCount(len(ids))
        for row, contest_id in enumerate(ids):
            for column, value in enumerate((contest_id, "reading…", "", "", "")):
                self.figures.setItem(row, column, QTableWidgetItem(value))
        self._to_read = list(range(len(ids)))
        self._reading.start()
        shown = min(len(ids), MOST_ROWS_SHOWN)
        height = self.figures.horizontalHeader().sizeHint().height()
        height += max(shown, 1) * self.figures.verticalHeader().defaultSectionSize()
        self.figures.setFixedHeight(height + 2 * self.figures.frameWidth())
        found = unclean.fingerprint
        events = "1 event" if found.event_count == 1 else f"{found.event_count:,} events"
        self.fingerprint.setText(
            f"Fingerprint {found.short} · {events} when the file was opened again (the audit log now "
            "also records that it was not closed properly)."
        )
        self.setVisible(True)  # the focus stays in the contests; Alt+M (or Tab) reaches Dismiss

    def _read_next(self) -> None:
        if not self._to_read or self._file is None or self.unclean is None:
            self._reading.stop()
            return
        from app.services.session_marker import contest_figures

        row = self._to_read.pop(0)
        contest_id = self.unclean.contest_ids[row]
        try:
            figures = contest_figures(self._file, contest_id, self.unclean.last_saved.get(contest_id))
        except ServiceError as error:
            self.figures.setItem(row, 1, QTableWidgetItem(f"cannot be read: {error}"))
            return
        self._fill(row, figures)

    def _fill(self, row: int, contest: ContestFigures) -> None:
        wanted = contest.sheets_wanted
        cells = (
            contest.name,
            stage_name(contest.stage),
            str(contest.round) if contest.round else NONE_SHOWN,
            f"{contest.sheets_accepted} of {wanted}" if wanted else NONE_SHOWN,
            _clock(contest.last_saved, self._now(), seconds=True) if contest.last_saved else NONE_SHOWN,
        )
        for column, value in enumerate(cells):
            self.figures.setItem(row, column, QTableWidgetItem(value))

    @property
    def reading(self) -> bool:
        """Whether contests' figures are still being read into the table."""
        return bool(self._to_read)

    def dismiss(self) -> None:
        """Hide the notice; it does not come back unless CountDesk is again not closed properly."""
        self._reading.stop()  # nothing more to read for a notice nobody is shown
        self._to_read = []
        self.setVisible(False)  # Qt moves the focus on from the hidden button
