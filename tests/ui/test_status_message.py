"""A status-bar message naming a file fits the bar: the folder elided in the middle, the file name whole,
the full text in the bar's tooltip while the message is shown (Ctrl+B backup, Ctrl+P declaration)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QStatusBar, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.ui.status_message import elide_path
from tests.ui.conftest import WindowMaker

LONG = ("count-centre-backups", "usb-stick-kingston-32gb", "saturday-night-general-election", "second-copy")


def room(bar: QStatusBar) -> int:
    """Where the bar stops painting a message: its first permanent widget (or its right edge)."""
    children = bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    shown = [w.x() for w in children if w.isVisible() and not w.isWindow() and w.x() > 6]  # not a tooltip
    return min([*shown, bar.width() - 12]) - 6


def deep_folder(tmp_path: Path) -> Path:
    folder = tmp_path.joinpath(*LONG)
    folder.mkdir(parents=True)
    return folder


def test_a_backup_to_a_long_path_shows_the_file_name_whole_and_the_full_path_in_the_tooltip(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = deep_folder(tmp_path)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_: str(folder))
    demo.session.sign_in("Helen Marsh", "1111")
    window = make_window(demo)
    window.resize(window.minimumSizeHint().width(), 700)  # as narrow as it goes
    qtbot.keyClick(window.contest_view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    [made] = folder.glob("*.countdesk")
    bar = window.statusBar()
    message = bar.currentMessage()
    assert message.startswith("Backed up to /") and message.endswith(f"/{made.name}") and "/…/" in message
    assert str(made.parent) not in message  # the middle of the path gave way, not the name
    assert bar.fontMetrics().horizontalAdvance(message) <= room(bar)  # nothing cut off at the right
    assert bar.toolTip() == f"Backed up to {made}"  # the whole path, for as long as the message shows

    # A wider window, the tooltip being read: more of the path, the name still whole.
    QToolTip.showText(bar.mapToGlobal(QPoint(20, 4)), bar.toolTip(), bar)
    window.resize(window.width() + 300, 700)
    qtbot.waitUntil(lambda: bar.currentMessage() != message)
    wider = bar.currentMessage()
    assert len(wider) > len(message) and wider.endswith(made.name)
    assert bar.fontMetrics().horizontalAdvance(wider) <= room(bar)

    # Another message replaces it: the tooltip no longer speaks of the backup.
    bar.showMessage("Select a contest first.", 8000)
    assert bar.toolTip() == ""


def test_the_declaration_saved_to_a_long_path_is_named_whole(
    qtbot: QtBot,
    make_window: WindowMaker,
    riverside: CountFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = deep_folder(tmp_path) / "riverside-declaration-of-result-final.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(target), "PDF documents (*.pdf)"))
    window = make_window(riverside)
    window.resize(window.minimumSizeHint().width(), 700)
    qtbot.keyClick(window.contest_view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes().startswith(b"%PDF")
    bar = window.statusBar()
    message = bar.currentMessage()
    assert message.startswith("Declaration of ") and message.endswith(f"/{target.name}") and "/…/" in message
    assert bar.fontMetrics().horizontalAdvance(message) <= room(bar)
    assert bar.toolTip().endswith(f" saved to {target}")


def test_folders_go_from_the_middle_and_the_name_is_never_cut(qtbot: QtBot) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    metrics = bar.fontMetrics()
    path = PurePosixPath("/media/usb", *LONG, "night-20261128-053012.countdesk")
    full = f"Backed up to {path}"
    assert elide_path("Backed up to ", path, "", metrics, metrics.horizontalAdvance(full)) == full
    some = elide_path("Backed up to ", path, "", metrics, metrics.horizontalAdvance(full) - 40)
    assert some.startswith("Backed up to /media/") and some.endswith(f"/{LONG[-1]}/{path.name}")
    assert "/…/" in some and metrics.horizontalAdvance(some) <= metrics.horizontalAdvance(full) - 40
    name_only = metrics.horizontalAdvance(f"…/{path.name}.")
    three_quarters = metrics.horizontalAdvance("Backed up to ") * 3 // 4
    least = elide_path("Backed up to ", path, ".", metrics, name_only + three_quarters)
    words = least.removesuffix(f"…/{path.name}.")  # the name whole; the words before it gave way
    assert words.startswith("B") and "…" in words and len(words) < len("Backed up to ")
    narrow = elide_path("Backed up to ", path, ".", metrics, name_only)  # no room for the words as well
    assert narrow.startswith("Backed up to …/night-") and narrow.endswith("desk.") and path.name not in narrow
