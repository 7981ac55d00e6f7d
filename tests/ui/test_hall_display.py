"""The hall display: stages in words, declared figures only, provisional figures only at the RO's choice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.result import ContestResult
from app.services import declaration
from app.services.count_file import CountFile
from app.ui.hall_display import HallDisplay, stage_text
from app.ui.main_window import MainWindow
from tests.ui.conftest import ABBEY, RIVERSIDE, WindowMaker

PIN = "2468"


def texts(display: HallDisplay) -> list[str]:
    return [label.text() for label in display.findChildren(QLabel) if label.isVisibleTo(display)]


def open_display(qtbot: QtBot, window: MainWindow) -> HallDisplay:
    qtbot.keyClick(window, Qt.Key.Key_F11)
    display = window.hall_action.display
    assert display is not None and display.isVisible()
    qtbot.addWidget(display)
    return display


@pytest.fixture
def night(riverside_and_abbey: CountFile) -> CountFile:
    """Riverside declared, Abbey's provisional result recorded; an operator signed in at the end."""
    session = riverside_and_abbey.session
    session.add_person("Ruth Officer", "returning-officer", PIN)
    session.sign_in("Ruth Officer", PIN)
    session.add_person("Olu Adeyemi", "operator", "1357")
    declaration.record_provisional(riverside_and_abbey, RIVERSIDE)
    declaration.declare(riverside_and_abbey, RIVERSIDE, PIN)
    declaration.record_provisional(riverside_and_abbey, ABBEY)
    session.sign_in("Olu Adeyemi", "1357")
    return riverside_and_abbey


def test_f11_shows_declared_figures_and_only_the_stage_of_the_rest(
    qtbot: QtBot, make_window: WindowMaker, night: CountFile
) -> None:
    display = open_display(qtbot, make_window(night))
    shown = texts(display)
    assert stage_text("declared") in shown and stage_text("provisional") in shown
    assert "17,627" in shown and "ELECTED" in shown  # Riverside's declared winner
    assert "1,140" not in shown  # Abbey's provisional figure stays hidden
    assert "Figures will be shown when the result is declared." in shown


def test_only_a_returning_officer_may_show_provisional_figures(
    qtbot: QtBot, make_window: WindowMaker, night: CountFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, _text: told.append(title))
    window = make_window(night)
    display = open_display(qtbot, window)
    display.activateWindow()
    display.show_provisional_action.trigger()  # as Ctrl+Shift+W would, signed in as an operator
    assert not display.show_provisional and told == ["Returning Officer only"]
    assert "1,140" not in texts(display)

    night.session.sign_in("Ruth Officer", PIN)
    display.show_provisional_action.trigger()
    assert display.show_provisional
    shown = texts(display)
    assert "1,140" in shown and any("leading (provisional)" in t for t in shown)

    night.session.sign_out()  # the RO leaves: the next refresh hides the provisional figures again
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not display.show_provisional and "1,140" not in texts(display)


def test_the_display_follows_the_main_windows_refresh(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile
) -> None:
    riverside.session.add_person("Ruth Officer", "returning-officer", PIN)
    riverside.session.sign_in("Ruth Officer", PIN)
    window = make_window(riverside)
    display = open_display(qtbot, window)
    assert "17,627" not in texts(display)
    declaration.record_provisional(riverside, RIVERSIDE)
    declaration.declare(riverside, RIVERSIDE, PIN)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert stage_text("declared") in texts(display) and "17,627" in texts(display)


def test_never_a_single_boxs_figures(qtbot: QtBot, make_window: WindowMaker, night: CountFile) -> None:
    night.session.sign_in("Ruth Officer", PIN)
    display = open_display(qtbot, make_window(night))
    display.show_provisional_action.trigger()
    boxes = night.result(RIVERSIDE).boxes + night.result(ABBEY).boxes
    shown = texts(display)
    assert boxes and not [s for s in shown for b in boxes if b.box.id in s.split()]
    box_figures = {f"{b.figure:,}" for b in boxes if b.figure is not None}
    assert box_figures and not box_figures & set(shown)


def test_large_type_follows_the_system_font(qtbot: QtBot, make_window: WindowMaker, night: CountFile) -> None:
    display = open_display(qtbot, make_window(night))
    base = QApplication.font().pointSizeF()
    assert display.heading.font().pointSizeF() > 2 * base
    assert display.heading.font().pixelSize() == -1  # in points, scaled from the system's font


def test_a_refresh_reads_again_only_the_contests_changed_since_the_last(
    qtbot: QtBot, riverside_and_abbey: CountFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    count_file = riverside_and_abbey
    session = count_file.session
    session.add_person("Ruth Officer", "returning-officer", PIN)
    session.sign_in("Ruth Officer", PIN)
    display = HallDisplay(lambda: count_file)
    qtbot.addWidget(display)
    read: list[str] = []
    real = count_file.result

    def reading(contest_id: str) -> ContestResult:
        read.append(contest_id)
        return real(contest_id)

    monkeypatch.setattr(count_file, "result", reading)
    display.refresh()
    assert read == []  # nothing recorded since the display was opened
    declaration.record_provisional(count_file, ABBEY)
    declaration.record_provisional(count_file, RIVERSIDE)
    declaration.declare(count_file, RIVERSIDE, PIN)
    read.clear()
    display.refresh()
    assert sorted(read) == sorted([RIVERSIDE, ABBEY])
    assert "17,627" in texts(display) and stage_text("provisional") in texts(display)
    session.sign_in("Ruth Officer", PIN)  # an event that changes no contest's rows
    read.clear()
    display.refresh()
    assert read == [] and "17,627" in texts(display)
