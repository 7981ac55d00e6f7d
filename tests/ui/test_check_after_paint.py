"""`countdesk FILE`: the window paints with the file open but unchecked, then checks it before reading it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.file_claim import ClaimedFile
from app.ui.main_window import MainWindow

PAGE = 4096


def _refusal(path: Path) -> str:
    """What a checked open says of this file (the CLI's and the Open menu's message)."""
    with pytest.raises(ServiceError) as refused:
        CountFile.open(path).close()
    return str(refused.value)


def _damage_a_page_open_does_not_read(path: Path) -> None:
    """Break one page's b-tree header, choosing a page that an open without the check does not read
    (so the damage is left for the window's check to find, as with a disk that lost a page)."""
    original = path.read_bytes()
    for page in range(len(original) // PAGE - 1, 1, -1):
        data = bytearray(original)
        data[page * PAGE : page * PAGE + 8] = b"\xa5" * 8
        path.write_bytes(bytes(data))
        try:
            CountFile.open(path, check=False).close()
        except ServiceError:
            continue
        try:
            CountFile.open(path).close()
        except ServiceError as error:
            if "is damaged" in str(error):
                return
    pytest.fail("no page could be damaged without the unchecked open noticing")


def _show_unchecked(qtbot: QtBot, path: Path) -> MainWindow:
    window = MainWindow(ClaimedFile.of(CountFile.open(path, check=False)))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    return window


def test_a_damaged_file_is_refused_by_the_window_with_the_message_open_gives(
    qtbot: QtBot, demo: CountFile, warnings: list[tuple[str, str]]
) -> None:
    path = demo.path
    demo.close()
    _damage_a_page_open_does_not_read(path)
    expected = _refusal(path)
    window = _show_unchecked(qtbot, path)
    assert window.checking and window.contests.rowCount() == 0  # nothing read before the check
    qtbot.waitUntil(lambda: not window.checking)
    assert warnings == [("The count file could not be opened", expected)]
    assert window.count_file is None
    assert window.pages.currentWidget() is window.welcome
    CountFile.open(path, check=False).close()  # the window let the file go


def test_a_broken_audit_chain_is_refused_after_the_paint_too(
    qtbot: QtBot, demo: CountFile, warnings: list[tuple[str, str]]
) -> None:
    path = demo.path
    demo.close()
    data = path.read_bytes()
    # An event's recorded actor changed outside CountDesk (same length, so SQLite still reads the page).
    assert data.count(b"Helen Marsh") >= 1
    path.write_bytes(data.replace(b"Helen Marsh", b"Helen Mxrsh"))
    expected = _refusal(path)
    assert "audit trail is broken" in expected
    window = _show_unchecked(qtbot, path)
    qtbot.waitUntil(lambda: not window.checking)
    assert warnings == [("The count file could not be opened", expected)]
    assert window.count_file is None


def test_a_sound_file_is_checked_then_read_once_the_window_has_painted(
    qtbot: QtBot, demo: CountFile, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    path = tmp_path / "copy.countdesk"
    demo.close()
    shutil.copyfile(demo.path, path)
    window = _show_unchecked(qtbot, path)
    assert "checking" in window.windowTitle() and window.fingerprint_label.text() == ""
    window.refresh()  # F5 before the check reads nothing
    assert window.contests.rowCount() == 0
    qtbot.waitUntil(lambda: not window.checking)
    qtbot.waitUntil(lambda: window.contests.rowCount() > 0 and window.contests.unread() == 0)
    assert warnings == []
    assert window.count_file is not None and window.count_file.path == path
    assert window.windowTitle().endswith(path.name) and "checking" not in window.windowTitle()
    assert window.fingerprint_label.text().startswith("Fingerprint")
    window.close_count_file()


def test_countdesk_file_claims_it_for_the_window_to_check(
    demo: CountFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import __main__ as entry
    from app.ui import app as ui_app

    shown: list[tuple[Path | None, bool, CountFile | None]] = []

    def show_window(window: MainWindow) -> int:
        pending = window.file_check.pending
        shown.append((None if pending is None else pending.path, window.checking, window.count_file))
        window.close_count_file()
        return 0

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(ui_app, "show_window", show_window)
    demo.close()
    assert entry.main([str(demo.path)]) == 0
    assert shown == [(demo.path, True, None)]  # open and locked, to be checked and read after the paint
    CountFile.open(demo.path).close()  # and let go when the window closed
