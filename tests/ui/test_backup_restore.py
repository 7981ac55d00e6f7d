"""Restore from backup by keys: Ctrl+Shift+T, checked generations, a new file opened; the refusal's offer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.services.backups import backup_now
from app.services.count_file import CountFile
from app.store.audit import SYSTEM
from app.ui.backup_restore import OFFER_TEXT
from app.ui.restore_dialog import RestoreDialog
from tests.ui.accessibility_walk import unnamed_controls
from tests.ui.conftest import WindowMaker
from tests.ui.modal import when_modal

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier




@pytest.fixture
def backed_up(
    demo: CountFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[CountFile, Path, Path]:
    """The demo with two generations in the backup folder: the newer one damaged."""
    folder = tmp_path / "backups"
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(folder))
    good = backup_now(demo, folder, reason="test", create_folder=True)
    with demo.store.action(SYSTEM, "note", "note"):
        pass
    damaged = backup_now(demo, folder, reason="test")
    damaged.path.write_bytes(damaged.path.read_bytes()[:5000])
    return demo, good.path, damaged.path


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_: said.append(text))
    return said


def _choose_and_restore(qtbot: QtBot, dialog: RestoreDialog, expect_good: Path) -> None:
    qtbot.waitUntil(lambda: dialog.table.item(0, 2).text() != "Checking…"
                    and dialog.table.item(1, 2).text() != "Checking…")
    assert dialog.table.item(0, 2).text() == "Does NOT verify"
    assert dialog.table.item(1, 2).text() == "Verifies"
    assert unnamed_controls(dialog) == []
    assert dialog.table.item(dialog.table.currentRow(), 3).text() == expect_good.name  # the newest good
    assert dialog.restore_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)  # the damaged one cannot be restored
    assert not dialog.restore_button.isEnabled() and "cannot be restored" in dialog.detail.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)


def test_ctrl_shift_t_restores_the_newest_good_generation_to_a_new_file_and_opens_it(
    qtbot: QtBot, make_window: WindowMaker, backed_up: tuple[CountFile, Path, Path], told: list[str]
) -> None:
    demo, good, _damaged = backed_up
    original = demo.path
    demo.session.sign_in("Helen Marsh", "1111")
    window = make_window(demo)
    when_modal(RestoreDialog, lambda dialog: _choose_and_restore(qtbot, dialog, good))  # type: ignore[arg-type]
    qtbot.keyClick(window.contest_view, Qt.Key.Key_T, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.count_file is not None and window.count_file.path != original)
    opened = window.count_file
    assert opened is not None and opened.path.parent == original.parent
    assert opened.path.name.startswith("demo-restored-") and original.exists()
    last = opened.store.db.execute("SELECT user, action FROM event ORDER BY seq DESC LIMIT 2").fetchall()
    assert ("Helen Marsh", "restore") in last
    assert len(told) == 1 and good.name in told[0] and str(opened.path) in told[0]


def test_a_name_that_exists_is_refused_and_nothing_is_overwritten(
    qtbot: QtBot, backed_up: tuple[CountFile, Path, Path]
) -> None:
    demo, _good, _damaged = backed_up
    demo.session.sign_in("Helen Marsh", "1111")
    dialog = RestoreDialog(demo.path, demo)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled())
    taken = demo.path.with_name("taken.countdesk")
    taken.write_bytes(b"an existing file")
    dialog.target.selectAll()
    qtbot.keyClicks(dialog.target, str(taken))
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.restored is None
    assert "already exists" in dialog.problem.text() and dialog.problem.isVisible()
    assert taken.read_bytes() == b"an existing file"


def test_an_operator_is_told_who_may_restore(
    qtbot: QtBot, backed_up: tuple[CountFile, Path, Path]
) -> None:
    demo, _good, _damaged = backed_up
    demo.session.sign_in("Tom Evans", "3333")
    dialog = RestoreDialog(demo.path, demo)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled())
    target = Path(dialog.target.text())
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.restored is None and not target.exists()
    assert "restore" in dialog.problem.text().lower() and dialog.problem.isVisible()


def test_no_backups_says_where_it_looked(qtbot: QtBot, demo: CountFile, tmp_path: Path) -> None:
    dialog = RestoreDialog(demo.path, demo, tmp_path / "empty")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert str(tmp_path / "empty") in dialog.detail.text()


def test_a_damaged_file_offers_its_latest_good_backup_in_the_message(
    qtbot: QtBot, make_window: WindowMaker, backed_up: tuple[CountFile, Path, Path], told: list[str]
) -> None:
    demo, good, _damaged = backed_up
    path = demo.path
    kept = path.with_name("kept.countdesk")
    demo.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 4096):
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    shutil.copyfile(path, kept)
    window = make_window(None)

    def press_offer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "2 backups of it were found" in box.text()
        offer = next(b for b in box.findChildren(QPushButton) if b.text() == OFFER_TEXT)
        assert box.defaultButton() is offer
        when_modal(RestoreDialog, lambda dialog: _choose_and_restore(qtbot, dialog, good))  # type: ignore[arg-type]
        qtbot.keyClick(box, Qt.Key.Key_Return)

    when_modal(QMessageBox, press_offer)
    assert window.open_file(path) is False
    qtbot.waitUntil(lambda: window.count_file is not None)
    assert window.count_file is not None and window.count_file.path.name.startswith("demo-restored-")
    assert path.read_bytes() == kept.read_bytes()  # the damaged file is left as it was
    assert len(told) == 1


def test_typing_another_backup_folder_lists_its_generations(
    qtbot: QtBot, backed_up: tuple[CountFile, Path, Path], tmp_path: Path
) -> None:
    demo, good, _damaged = backed_up
    dialog = RestoreDialog(demo.path, demo, tmp_path / "empty")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.table.rowCount() == 0
    dialog.folder.setFocus()
    dialog.folder.selectAll()
    qtbot.keyClicks(dialog.folder, str(good.parent))
    qtbot.keyClick(dialog.folder, Qt.Key.Key_Tab)
    assert dialog.table.rowCount() == 2
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled())
    assert dialog.table.item(dialog.table.currentRow(), 3).text() == good.name
