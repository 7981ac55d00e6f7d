"""Count entry names the round it keys (a partial recount's scope too), and sets carried-over tables apart
in either theme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListWidgetItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.election import RecountScope, Requester
from app.services.count_file import CountFile
from app.services.declaration import record_provisional
from app.services.demo import prepare_demo
from app.services.recounts import decide, request_recount
from app.ui.count_entry import REFUSED_STYLE, CountEntryWindow
from app.ui.status_colours import ON_DARK
from app.ui.theme import theme_of
from tests.services.conftest import DEMO_PINS
from tests.services.test_round_scope import PINS, RO, granted
from tests.ui.test_count_entry import ENTER, Keyboard, count, keyboard, show

__all__ = ["count", "keyboard"]  # fixtures shared with the first-round screen's tests

TOM = "Tom Evans"
PARTIAL_T1 = "Round 4 — partial recount of table T1 (other tables carry over from round 3)"


@pytest.fixture(autouse=True)
def system_look_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    theme_of(qapp).apply(False)  # later tests see the system's look whatever happened here


def opened(qtbot: QtBot, count_file: CountFile, who: str, pin: str) -> CountEntryWindow:
    count_file.session.sign_in(who, pin)
    window = CountEntryWindow(count_file, count_file.contest_ids()[0])
    qtbot.addWidget(window)
    show(qtbot, window)
    return window


def rows(window: CountEntryWindow) -> list[QListWidgetItem]:
    return [window.tables.item(i) for i in range(window.tables.count())]


def carried(item: QListWidgetItem) -> bool:
    return item.text().endswith("its figures carry over")


def test_round_one_is_named_as_just_the_round(
    qtbot: QtBot, keyboard: Keyboard, count: tuple[CountFile, dict[str, dict[str, object]]]
) -> None:
    count_file, _ = count
    window = opened(qtbot, count_file, "Olu", DEMO_PINS["Olu"])
    assert window.round_line.text() == "Round 1"
    keyboard.press(ENTER)  # T1's sheet opens; the round line stays
    assert window.form.view is not None and window.form.view.layout.round_number == 1
    assert window.round_line.text() == "Round 1"
    assert not any(item.font().italic() for item in rows(window))
    keyboard.shot(window, "round-1")


def test_a_full_recount_is_named_and_carries_no_table_over(
    qtbot: QtBot, keyboard: Keyboard, tmp_path: Path
) -> None:
    with granted(tmp_path, "full-recount") as count_file:
        window = opened(qtbot, count_file, TOM, PINS[TOM])
        assert window.round_line.text() == "Round 4 — full recount"
        assert all(item.text().endswith("first entry needed") for item in rows(window))
        assert not any(item.font().italic() for item in rows(window))
        keyboard.press(ENTER)
        assert window.form.view is not None and window.form.view.layout.round_number == 4
        keyboard.shot(window, "round-4-full")
        window.close()


def test_a_partial_recount_names_its_tables_and_what_carries_over(
    qtbot: QtBot, keyboard: Keyboard, tmp_path: Path
) -> None:
    with granted(tmp_path, "partial-recount", RecountScope(tables=("T1",))) as count_file:
        window = opened(qtbot, count_file, TOM, PINS[TOM])
        assert window.round_line.text() == PARTIAL_T1
        keyboard.press(ENTER)
        assert window.form.view is not None and window.form.view.layout.table_id == "T1"
        assert window.round_line.text() == PARTIAL_T1
        keyboard.shot(window, "round-4-partial")
        window.close()


def test_the_round_line_follows_a_recount_granted_while_the_window_is_open(
    qtbot: QtBot, keyboard: Keyboard, tmp_path: Path
) -> None:
    with prepare_demo(tmp_path) as count_file:
        window = opened(qtbot, count_file, TOM, PINS[TOM])
        assert window.round_line.text() == "Round 3 — full recount"
        contest_id = count_file.contest_ids()[0]
        count_file.session.sign_in(RO, PINS[RO])  # the RO grants it at the results window meanwhile
        record_provisional(count_file, contest_id)
        asked = request_recount(
            count_file, contest_id, Requester("Peter Dunmore", "candidate"), "partial-recount",
            "a bundle looked short", RecountScope(tables=("T1",)),
        )
        decide(count_file, contest_id, asked.seq, True, "reasonable")
        count_file.session.sign_in(TOM, PINS[TOM])
        keyboard.press(ENTER)  # Tom opens T1: now round 4's sheet
        assert window.form.view is not None and window.form.view.layout.round_number == 4
        assert window.round_line.text() == PARTIAL_T1
        window.close()


def light(style: str) -> str:
    for dark, shade in ON_DARK.items():
        style = style.replace(dark, shade)
    assert QColor(style.split("color: ")[1][:7]).lightnessF() >= 0.6, style
    return style


def on(base: QColor, colour: QColor) -> QColor:
    """The colour as painted over the background (a palette's grey may be translucent black)."""
    alpha = colour.alphaF()
    return QColor.fromRgbF(*(alpha * c + (1 - alpha) * b for c, b in zip(
        (colour.redF(), colour.greenF(), colour.blueF()), (base.redF(), base.greenF(), base.blueF()),
        strict=True)))


def assert_set_apart(window: CountEntryWindow) -> None:
    """Carried-over rows differ from counted ones by more than colour (italic), and their colour is
    neither the counted rows' nor too close to the background."""
    palette = window.tables.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    items = rows(window)
    assert [carried(i) for i in items] == [False] + [True] * 7
    for item in items:
        assert item.font().italic() == carried(item), item.text()
        given = item.data(Qt.ItemDataRole.ForegroundRole) is not None
        shown = on(base, item.foreground().color() if given else text)
        if carried(item):
            assert shown.rgb() != on(base, text).rgb(), f"{item.text()} looks like a table to key"
            assert abs(shown.lightnessF() - base.lightnessF()) >= 0.4, shown.name()
        else:
            assert not given
    # Every row whole (a row's text is not cut by the selection) and every table in sight.
    for row in range(window.tables.count()):
        height = window.tables.visualRect(window.tables.model().index(row, 0)).height()
        assert height > window.tables.fontMetrics().height(), height
    assert window.tables.verticalScrollBar().maximum() == 0


def test_carried_over_tables_stand_apart_in_either_theme(
    qtbot: QtBot, keyboard: Keyboard, tmp_path: Path, qapp: QApplication, qtmodeltester: ModelTester
) -> None:
    with granted(tmp_path, "partial-recount", RecountScope(tables=("T1",))) as count_file:
        window = opened(qtbot, count_file, TOM, PINS[TOM])
        qtmodeltester.check(window.tables.model())
        assert_set_apart(window)
        keyboard.press(Qt.Key.Key_Down)  # a carried-over table, selected
        keyboard.press(ENTER)  # refused: it is not part of the recount
        assert "not part of round 4's partial recount" in window.outcome.text()
        assert window.outcome.styleSheet() == REFUSED_STYLE
        keyboard.shot(window, "carried-normal")

        theme_of(qapp).apply(True)  # Ctrl+Shift+H in the main window while count entry is open
        qtbot.waitUntil(lambda: window.tables.palette().color(QPalette.ColorRole.Base).name() == "#000000")
        assert_set_apart(window)
        assert window.outcome.styleSheet() == light(REFUSED_STYLE)  # dark red on black would not read
        keyboard.shot(window, "carried-high-contrast")
        window.close()

        again = opened(qtbot, count_file, TOM, PINS[TOM])  # opened in high contrast
        qtmodeltester.check(again.tables.model())
        keyboard.press(Qt.Key.Key_Down)
        keyboard.press(ENTER)
        assert again.outcome.styleSheet() == light(REFUSED_STYLE)
        assert_set_apart(again)
        keyboard.shot(again, "carried-opened-in-high-contrast")
        # Qt's C++ tester outlives the list's model (it dies with its window at the test's end) and
        # then crashes the run: let it go while the model is still there.
        qtmodeltester._qt_tester = None
        again.close()
