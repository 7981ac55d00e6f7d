"""Reading every contest's summary without freezing the window: a slice at a time, with progress."""

# Why slices on the GUI thread rather than a worker thread: the count file's one SQLite connection
# belongs to the GUI thread (sqlite3 refuses it on another thread) and is opened with
# locking_mode=EXCLUSIVE, so a second connection from a worker is refused. A zero-interval timer
# reads contests until a slice's time is spent, then lets Qt handle input and painting before the
# next slice; nothing else can use the connection in between, because everything runs on one thread.

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.services.errors import ServiceError

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.services.count_file import CountFile
    from app.services.summaries import ContestSummary

SLICE_SECONDS = 0.03  # at most this long between two looks at the event queue (~30 frames a second)
SHOWN_EVERY = 0.2  # seconds between updates of the progress bar (QProgressBar repaints at once)


def contest_summary(count_file: CountFile, contest_id: str) -> ContestSummary:
    """One contest's summary (services.summaries, imported with the first read, after the first paint)."""
    from app.services.summaries import contest_summary as read

    return read(count_file, contest_id)


def reading_is_safe(count_file: CountFile) -> bool:
    """Whether no save is part-way through (services.summaries, imported with the first read)."""
    from app.services.summaries import reading_is_safe as safe

    return safe(count_file)


class SummaryReader(QObject):
    """Reads contests' summaries in turn, between events, handing each to `deliver`."""

    progressed = Signal(int, int)  # contests read, contests in this pass
    finished = Signal(bool)  # True: every contest read; False: stopped before the end

    def __init__(self, deliver: Callable[[ContestSummary], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self._count_file: CountFile | None = None
        self._pending: deque[str] = deque()
        self._total = 0
        self._done = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._read_slice)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def done(self) -> int:
        return self._done

    @property
    def total(self) -> int:
        return self._total

    def start(self, count_file: CountFile, contest_ids: Sequence[str]) -> None:
        """Read these contests (in this order), replacing any pass still running."""
        self._timer.stop()
        self._count_file = count_file
        self._pending = deque(contest_ids)
        self._total = len(self._pending)
        self._done = 0
        self.progressed.emit(0, self._total)
        if self._pending:
            self._timer.start()
        else:
            self.finished.emit(True)

    def stop(self) -> None:
        """Stop where it is (the rows read so far keep their summaries)."""
        if self._timer.isActive():
            self._timer.stop()
            self._pending.clear()
            self.finished.emit(False)

    def forget(self) -> None:
        """Stop without a word (the count file is closing)."""
        self._timer.stop()
        self._pending.clear()
        self._count_file = None

    def _read_slice(self) -> None:
        count_file = self._count_file
        if count_file is None or not reading_is_safe(count_file):
            return  # a save is part-way through (a dialog inside it): read once it has finished
        deadline = time.perf_counter() + SLICE_SECONDS
        while self._pending:  # at least one contest a slice, however short the slice
            contest_id = self._pending.popleft()
            self._done += 1
            try:
                summary = contest_summary(count_file, contest_id)
            except ServiceError:
                continue  # removed since the pass began: the next refresh lists contests again
            self._deliver(summary)
            if time.perf_counter() >= deadline:
                break
        self.progressed.emit(self.done, self._total)
        if not self._pending:
            self._timer.stop()
            self.finished.emit(True)


class ReadingBar(QWidget):
    """"Reading results… 120 of 650 contests", a progress bar and a Stop button; hidden when idle."""

    def __init__(self, reader: SummaryReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reading results")
        self.label = QLabel("")
        self.label.setAccessibleName("Reading results progress")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Contests read")
        self.bar.setTextVisible(True)
        self.bar.setFormat("%v of %m")
        self.stop_button = QPushButton("St&op reading")
        self.stop_button.setAccessibleName("Stop reading results")
        self.stop_button.setToolTip(
            "Stop reading the contests' results; rows not read yet say so (F5 reads them all again)"
        )
        self.stop_button.clicked.connect(reader.stop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.stop_button)
        self._shown_at = 0.0
        self._reader = reader
        reader.progressed.connect(self.show_progress)
        reader.finished.connect(self.show_finished)
        self.setVisible(False)

    def show_progress(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if 0 < done < total and now - self._shown_at < SHOWN_EVERY:
            return  # QProgressBar.setValue repaints there and then: ~5 ms a time on a busy machine
        self._shown_at = now
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(f"Reading results… {done:,} of {total:,} contests")
        self.stop_button.setEnabled(True)
        self.setVisible(done < total)

    def show_finished(self, complete: bool) -> None:
        if complete:
            self.setVisible(False)
            return
        self.bar.setValue(self._reader.done)
        self.label.setText(
            f"Reading stopped after {self._reader.done:,} of {self._reader.total:,} contests: rows not "
            "read say so. Press F5 to read them all."
        )
        self.stop_button.setEnabled(False)
        self.setVisible(True)
