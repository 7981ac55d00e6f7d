"""The hall display: a second window for a projector, each contest's stage and declared result in large type.

Secrecy: it never shows a single box's figures, and shows undeclared (provisional) figures only when
a signed-in Returning Officer chooses to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.screen_fit import resize_within_screen
from app.ui.window_keys import WindowKey, key_of
from app.ui.wording import figure, stage_name

if TYPE_CHECKING:  # types only, not needed to paint the main window (P4)
    from app.domain.result import ContestResult
    from app.services.count_file import CountFile

HALL_SHORTCUT = QKeySequence("F11")
PROVISIONAL_SHORTCUT = QKeySequence("Ctrl+Shift+W")
# The display's own keys, once: its actions are made from here, and F1 lists them, open or not.
HALL_KEYS: tuple[WindowKey, ...] = (
    WindowKey("provisional", "Show &provisional results", PROVISIONAL_SHORTCUT.toString(),
              "Show provisional (undeclared) results on the hall display: Returning Officer only"),
    WindowKey("close", "&Close hall display", "Esc", "Close the hall display (the count goes on)"),
)
RETURNING_OFFICER = "returning-officer"
# Multiples of the system font, so the hall display follows the system's scale.
TITLE_SCALE = 2.8
CONTEST_SCALE = 2.4
LINE_SCALE = 1.9
STAGE_WORDS = {
    "setup": "Not started",
    "verification": "Verifying ballot papers",
    "counting": "Counting",
    "provisional": "Provisional result — not declared",
    "declared": "DECLARED",
}


def _scaled(widget: QWidget, scale: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 1.0) * scale)
    font.setBold(bold)
    return font


def stage_text(stage: str) -> str:
    """The stage in words (never by colour alone), e.g. "Stage: DECLARED"."""
    return f"Stage: {STAGE_WORDS.get(stage, stage_name(stage))}"


@dataclass(frozen=True, slots=True)
class HallContest:
    """What the hall display shows of one contest (a few lines, not the full result with every table)."""

    name: str
    stage: str
    lines: tuple[tuple[str, str, str], ...]  # (candidate, votes, elected); empty unless provisional/declared


def hall_contest(result: ContestResult) -> HallContest:
    """Contest totals only: each candidate's votes and who is elected, rejected papers, papers counted."""
    lines: list[tuple[str, str, str]] = []
    if result.stage in ("provisional", "declared"):
        elected_word = "ELECTED" if result.stage == "declared" else "leading (provisional)"
        lines = [
            (
                f"{c.candidate.name}" + (f" ({c.candidate.description})" if c.candidate.description else ""),
                figure(c.votes),
                (elected_word if c.elected else "") + (" — won the lot" if c.won_lot else ""),
            )
            for c in result.ranked
        ]
        lines.append(("Rejected ballot papers", figure(result.rejected_total), ""))
        lines.append(("Ballot papers counted", figure(result.votes_cast), ""))
    return HallContest(result.contest.name, result.stage, tuple(lines))


def may_show_figures(contest: HallContest, show_provisional: bool) -> bool:
    """Declared figures always; provisional figures only when the RO has chosen to show them."""
    return contest.stage == "declared" or (show_provisional and contest.stage == "provisional")


def _action(window: QMainWindow, key: WindowKey) -> QAction:
    action = QAction(key.text, window)
    action.setShortcut(QKeySequence(key.keys))
    action.setStatusTip(key.tip)
    window.addAction(action)
    return action


class HallDisplay(QMainWindow):
    """Every contest, large: its name, its stage in words and, when allowed, the contest totals."""

    def __init__(self, count_file: Callable[[], CountFile | None], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._count_file = count_file
        self.setWindowTitle("CountDesk — hall display")
        self.setAccessibleName("Hall display")
        self.show_provisional_action = _action(self, key_of(HALL_KEYS, "provisional"))
        self.show_provisional_action.setCheckable(True)
        self.show_provisional_action.toggled.connect(self._provisional_toggled)
        self.close_action = _action(self, key_of(HALL_KEYS, "close"))
        self.close_action.triggered.connect(self.close)

        self.heading = QLabel("")
        self.heading.setAccessibleName("Election")
        self.heading.setFont(_scaled(self.heading, TITLE_SCALE, bold=True))
        self.heading.setWordWrap(True)
        self.notice = QLabel("")
        self.notice.setAccessibleName("Hall display notice")
        self.notice.setFont(_scaled(self.notice, LINE_SCALE))
        self.notice.setWordWrap(True)
        self.scroll_area = scroll = QScrollArea()
        scroll.setAccessibleName("Contests on the hall display")
        scroll.setWidgetResizable(True)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)
        self.setCentralWidget(central)
        resize_within_screen(self, 1280, 720)
        # What each contest shows, kept between refreshes with the log's event count when it was
        # read: a refresh after a save reads again only the contests an event changed since (a
        # general election's 650 results would otherwise be recomputed on every save).
        self._shown: dict[str, HallContest] = {}
        self._shown_from: CountFile | None = None
        self._read_at = 0
        self.refresh()

    # the Returning Officer's choice
    @property
    def show_provisional(self) -> bool:
        return self.show_provisional_action.isChecked()

    def _provisional_toggled(self, on: bool) -> None:
        if on and not self._signed_in_as_returning_officer():
            self.show_provisional_action.setChecked(False)  # re-enters with on=False, which refreshes
            QMessageBox.information(
                self, "Returning Officer only",
                "Only the Returning Officer may show provisional results in the hall; "
                "sign in as the Returning Officer (Ctrl+Shift+O) and try again.",
            )
            return
        self.refresh()

    def _signed_in_as_returning_officer(self) -> bool:
        count_file = self._count_file()
        person = count_file.session.current if count_file is not None else None
        return person is not None and person.role == RETURNING_OFFICER

    # contents
    def refresh(self) -> None:
        """Read every contest's result again and show what may be shown."""
        count_file = self._count_file()
        if self.show_provisional and not self._signed_in_as_returning_officer():
            self.show_provisional_action.blockSignals(True)  # the RO signed out: hide figures again
            self.show_provisional_action.setChecked(False)
            self.show_provisional_action.blockSignals(False)
        # A fresh page each time (the scroll area deletes the old one), so no stale panel lingers.
        contests = QWidget()
        contests.setAccessibleName("Contests")
        column = QVBoxLayout(contests)
        column.setSpacing(18)
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # scroll, never squash the rows
        if count_file is None:
            self.heading.setText("CountDesk")
            self.notice.setText("No count file is open.")
            self.scroll_area.setWidget(contests)
            return
        election = count_file.election
        training = " — TRAINING, not a real election" if election.training else ""
        self.heading.setText(f"{election.title}{training}")
        self.notice.setText(
            "Provisional results are shown: they are not declared and may change."
            if self.show_provisional else "Only declared results are shown."
        )
        for contest in self._read(count_file):
            column.addWidget(self._contest_panel(contest))
        column.addStretch(1)
        self.scroll_area.setWidget(contests)  # after filling it, so every panel is shown at once

    def _read(self, count_file: CountFile) -> list[HallContest]:
        """Every contest in the file's order: those changed since the last reading read again."""
        read_at = count_file.fingerprint().event_count
        same_file = count_file is self._shown_from
        from app.services.summaries import contests_changed_since  # a file is open: already imported

        changed = contests_changed_since(count_file, self._read_at) if same_file else None
        ids = count_file.contest_ids()
        shown = {i: c for i, c in self._shown.items() if changed is not None and i not in changed}
        for contest_id in ids:
            if contest_id not in shown:
                shown[contest_id] = hall_contest(count_file.result(contest_id))
        self._shown = {i: shown[i] for i in ids}
        self._shown_from, self._read_at = count_file, read_at
        return list(self._shown.values())

    def _contest_panel(self, contest: HallContest) -> QFrame:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.Box)
        panel.setLineWidth(2)
        panel.setAccessibleName(f"{contest.name}: {stage_text(contest.stage)}")
        layout = QVBoxLayout(panel)
        name = QLabel(contest.name)
        name.setFont(_scaled(name, CONTEST_SCALE, bold=True))
        name.setAccessibleName("Contest")
        stage = QLabel(stage_text(contest.stage))
        stage.setObjectName("stage")
        stage.setAccessibleName("Stage")
        stage.setFont(_scaled(stage, LINE_SCALE, bold=True))
        layout.addWidget(name)
        layout.addWidget(stage)
        if may_show_figures(contest, self.show_provisional):
            layout.addLayout(self._figures(contest))
        else:
            waiting = QLabel("Figures will be shown when the result is declared.")
            waiting.setAccessibleName("Figures")
            waiting.setFont(_scaled(waiting, LINE_SCALE))
            layout.addWidget(waiting)
        return panel

    def _figures(self, contest: HallContest) -> QGridLayout:
        grid = QGridLayout()
        for row, texts in enumerate(contest.lines):
            for column, text in enumerate(texts):
                label = QLabel(text)
                label.setFont(_scaled(label, LINE_SCALE, bold=bool(texts[2])))
                label.setAccessibleName(("Candidate", "Votes", "Elected")[column])
                if column == 1:
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(label, row, column)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)
        return grid

    def closeEvent(self, event: QCloseEvent) -> None:
        self.show_provisional_action.setChecked(False)  # a reopened display starts with declared only
        super().closeEvent(event)


class HallDisplayAction(QAction):
    """View ▸ Hall display (F11): opens (or brings forward) the one hall display window."""

    def __init__(self, window: QMainWindow, count_file: Callable[[], CountFile | None]) -> None:
        super().__init__("&Hall display", window)
        self._window = window
        self._count_file = count_file
        self.display: HallDisplay | None = None
        self.setShortcut(HALL_SHORTCUT)
        tip = "Open the hall display for a projector or second screen: stages and declared results"
        self.setStatusTip(tip)
        self.setToolTip(f"{tip} ({HALL_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)})")
        self.setObjectName("hall-display")
        self.triggered.connect(lambda _checked=False: self.open_display())

    def open_display(self) -> HallDisplay:
        if self.display is None:
            self.display = HallDisplay(self._count_file, self._window)
        self.display.refresh()
        self.display.show()
        self.display.raise_()
        return self.display

    def refresh(self) -> None:
        """Called whenever the main window refreshes: an open display follows it."""
        if self.display is not None and self.display.isVisible():
            self.display.refresh()
