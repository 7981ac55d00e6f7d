"""A partial recount keyed by the keyboard: blank boxes give no balance, tables outside it are not offered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.double_entry import SheetState
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.services.demo import DEMO_PEOPLE
from app.ui.count_entry import CountEntryWindow
from app.ui.count_entry_form import FigureField
from tests.services.test_counting_recount import partial_recount
from tests.ui.test_count_entry import ENTER, Keyboard, keyboard, show

__all__ = ["keyboard"]  # the fixture, shared with the first-round screen's tests

PINS = {name: pin for name, _, pin in DEMO_PEOPLE}
TOM = "Tom Evans"
PART = "part:peter-dunmore"


@pytest.fixture
def recount(tmp_path: Path) -> Iterator[tuple[CountFile, str]]:
    count_file = partial_recount(tmp_path)
    yield count_file, count_file.contest_ids()[0]
    count_file.close()


def opened_t1(
    qtbot: QtBot, keys: Keyboard, count_file: CountFile, contest_id: str, who: str
) -> CountEntryWindow:
    count_file.session.sign_in(who, PINS[who])
    window = CountEntryWindow(count_file, contest_id)
    qtbot.addWidget(window)
    show(qtbot, window)
    assert window.tables.currentItem().text().startswith("Table T1 ")
    keys.press(ENTER)
    assert window.form.view is not None and window.form.view.layout.round_number == 4
    return window


def test_a_blank_recount_sheet_gives_no_balance_and_no_hint_of_the_earlier_figures(
    qtbot: QtBot, keyboard: Keyboard, recount: tuple[CountFile, str]
) -> None:
    count_file, contest_id = recount
    keys = keyboard
    window = opened_t1(qtbot, keys, count_file, contest_id, TOM)
    boxes = len(window.form.fields)
    line = window.form.balance.text()
    keys.shot(window, "recount-01-blank")
    assert f"{boxes} boxes still blank" in line, line
    assert "balances" not in line and "difference" not in line and "valid" not in line
    assert all(not label.text() for label in window.form._checks.values())  # no check from round 3

    # The paper of the recount, box by box, except Peter Dunmore's part bundle.
    earlier = window.form.view.rules.table_figures({})  # what round 3 had (the test may know it)
    size = window.form.view.layout.bundle_size
    typed = 0
    for key in window.form.view.layout.keys:
        field = keys.focused()
        assert isinstance(field, FigureField) and field.key == key
        kind, _, ref = key.partition(":")
        if kind == "rejected":
            value = earlier.rejected[ref]
        else:
            value = divmod(earlier.votes[ref].total, size)[0 if kind == "bundles" else 1]
        if key != PART:
            keys.type(str(value))
            typed += 1
        keys.press(Qt.Key.Key_Tab)
        if key == PART:  # every box before it is as round 3 had it: no word of how the sheet stands
            keys.shot(window, "recount-02-some-typed")
            line = window.form.balance.text()
            assert f"{boxes - typed} boxes still blank" in line and "difference" not in line, line
    line = window.form.balance.text()
    assert "1 box still blank" in line and "balances" not in line and "difference" not in line, line
    keys.shot(window, "recount-03-all-but-one")

    window.form.fields[PART].setFocus()
    part = earlier.votes["peter-dunmore"].total % size
    keys.type(str(part + 1))  # one more than round 3
    line = window.form.balance.text()
    assert "difference +1" in line, line  # every box keyed: now the balance speaks
    for _ in str(part + 1):
        keys.press(Qt.Key.Key_Backspace)
    keys.type(str(part))
    assert window.form.balance.text().endswith("·  balances"), window.form.balance.text()


def test_tables_outside_the_partial_recount_are_shown_so_and_never_offered_next(
    qtbot: QtBot, keyboard: Keyboard, recount: tuple[CountFile, str]
) -> None:
    count_file, contest_id = recount
    keys = keyboard
    count_file.session.sign_in(TOM, PINS[TOM])
    window = CountEntryWindow(count_file, contest_id)
    qtbot.addWidget(window)
    show(qtbot, window)
    rows = [window.tables.item(i).text() for i in range(window.tables.count())]
    assert rows[0].endswith("first entry needed")
    assert all(r.endswith("not recounted in round 4: its figures carry over") for r in rows[1:]), rows
    keys.shot(window, "recount-04-tables")
    keys.press(ENTER)
    view = window.form.view
    assert view is not None
    for key in view.layout.keys:
        keys.type("0" if key.startswith("rejected") else "1")
        keys.press(ENTER)
    assert keys.focused() is window.finish_button
    keys.press(ENTER)
    keys.press(ENTER)  # the figures do not balance: the paper says exactly this (a test's paper)
    assert window.outcome.text().startswith("Table T1's sheet is finished with errors"), window.outcome.text()
    assert keys.focused() is window.tables
    assert window.tables.currentItem().text().startswith("Table T1 "), "a table outside the recount offered"
    states = {p.table_id: (p.state, p.counted) for p in Counting(count_file).tables(contest_id)}
    assert states["T1"] == (SheetState.HAS_ERRORS, True)
    assert states["T2"] == (SheetState.EMPTY, False)
