"""F1 lists every other window's own keys, from the same tables those windows make their shortcuts from."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.printing import prepare
from app.ui import count_entry
from app.ui.count_entry import CountEntryWindow
from app.ui.hall_display import HallDisplay
from app.ui.print_preview import DocumentPreview
from app.ui.results_window import ResultsWindow
from app.ui.setup_window import SetupDialog
from app.ui.shortcut_sheet import ShortcutSheet, shortcut_lines, window_keys
from app.ui.verification_panel import VerificationPanel
from app.ui.window_keys import WindowKey
from tests.ui.conftest import RIVERSIDE, WindowMaker

# A key named in brackets at the end of a button's or a tab's text, e.g. "&Save (Ctrl+S)".
NAMED_KEY = re.compile(r"^(?P<text>.*) \((?P<keys>(Ctrl|Shift|Alt|F\d)[^()]*)\)$")


def native(key: str | QKeySequence) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def plain(text: str) -> str:
    return text.replace("&", "").rstrip("…").strip()


def sheet_rows(sheet: ShortcutSheet) -> dict[str, set[tuple[str, str]]]:
    """What the open sheet shows: each group's (action, keys) rows, as read from its tree."""
    tree = sheet.tree
    return {
        tree.topLevelItem(i).text(0): {
            (tree.topLevelItem(i).child(j).text(0), tree.topLevelItem(i).child(j).text(1))
            for j in range(tree.topLevelItem(i).childCount())
        }
        for i in range(tree.topLevelItemCount())
    }


def group_named(rows: dict[str, set[tuple[str, str]]], name: str) -> set[tuple[str, str]]:
    [group] = [group for group in rows if group.startswith(f"{name} (")]
    return rows[group]


def test_f1_lists_count_entry_preview_and_verification_keys_under_their_windows(
    qtbot: QtBot, make_window: WindowMaker, riverside: CountFile
) -> None:
    window = make_window(riverside)  # none of those windows is open: their keys are listed all the same
    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None and sheet.isVisible()
    rows = sheet_rows(sheet)
    assert ("Save", native("Ctrl+S")) in group_named(rows, "Count entry")
    assert ("Supervisor review", native("Ctrl+Shift+V")) in group_named(rows, "Count entry")
    preview = {("Print", native("Ctrl+P")), ("Save as PDF", native("Ctrl+S"))}
    assert group_named(rows, "Print preview") == preview
    assert ("Print verification statement", native("Ctrl+P")) in group_named(rows, "Verification")
    assert ("Switch operator", native("Ctrl+Shift+O")) in group_named(rows, "Results window")
    assert ("Ballot boxes", native("Ctrl+4")) in group_named(rows, "Setup")
    assert [g for g in rows if g.startswith("Count entry")] == [f"Count entry ({native('Ctrl+E')})"]
    qtbot.keyClick(sheet.tree, Qt.Key.Key_Escape)
    assert not sheet.isVisible()


def test_a_key_added_to_a_windows_table_appears_in_f1_without_editing_the_sheet(
    make_window: WindowMaker, riverside: CountFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(riverside)
    extra = WindowKey("jump", "&Jump to the first blank box", "Ctrl+J", "The cursor to the first blank box")
    monkeypatch.setattr(count_entry, "ENTRY_KEYS", (*count_entry.ENTRY_KEYS, extra))
    listed = {(line.menu, line.action, line.keys) for line in shortcut_lines(window)}
    assert (f"Count entry ({native('Ctrl+E')})", "Jump to the first blank box", native("Ctrl+J")) in listed


@pytest.fixture
def windows(qtbot: QtBot, riverside: CountFile) -> Iterator[dict[str, QWidget]]:
    """One of each window with keys of its own, as an operator would have it open."""
    made: dict[str, QWidget] = {
        "Count entry": CountEntryWindow(riverside, RIVERSIDE),
        "Print preview": DocumentPreview(prepare(riverside, "count-summary", RIVERSIDE)),
        "Verification": VerificationPanel(riverside, RIVERSIDE),
        "Setup": SetupDialog(riverside),
        "Results window": ResultsWindow(riverside, RIVERSIDE),
        "Hall display": HallDisplay(lambda: riverside),
    }
    for widget in made.values():
        qtbot.addWidget(widget)
    yield made


def live_keys(widget: QWidget) -> set[str]:
    """Every key the window answers to of its own: its shortcuts and its actions' shortcuts."""
    keys = {native(s.key()) for s in widget.findChildren(QShortcut)}
    actions = [*widget.actions(), *widget.findChildren(QAction)]
    return keys | {native(a.shortcut()) for a in actions if not a.shortcut().isEmpty()}


def named_on_screen(widget: QWidget) -> set[tuple[str, str]]:
    """The (action, keys) that the window's buttons and tabs name in their text."""
    texts = [b.text() for b in widget.findChildren(QAbstractButton)]
    for tabs in widget.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return {(plain(m["text"]), m["keys"]) for t in texts if (m := NAMED_KEY.match(t.replace("&", "")))}


def test_each_window_answers_to_the_keys_f1_lists_for_it_and_its_buttons_name_them(
    make_window: WindowMaker, riverside: CountFile, windows: dict[str, QWidget]
) -> None:
    window = make_window(riverside)
    rows: dict[str, set[tuple[str, str]]] = {}
    for line in shortcut_lines(window):
        rows.setdefault(line.menu, set()).add((line.action, line.keys))
    for name, widget in windows.items():
        listed = group_named(rows, name)
        assert live_keys(widget) == {keys for _action, keys in listed}, name  # none made outside its table
        assert named_on_screen(widget) <= listed, name  # a button names its key as F1 does
    assert named_on_screen(windows["Count entry"]) == {("Save", native("Ctrl+S"))}
    assert len(named_on_screen(windows["Setup"])) == 5
    assert [group.split(" (")[0] for group, _table in window_keys()] == [
        "Count entry", "Verification", "Print preview", "Setup", "Hall display"
    ]


def test_within_each_window_no_two_keys_are_the_same(riverside: CountFile) -> None:
    for group, table in window_keys():
        keys = [key.native() for key in table]
        assert len(keys) == len(set(keys)), group

