"""Long work in the main window (reading a large file, importing, backing up): progress, cancel, no freeze."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.services import backups
from app.services.backups import backup_now
from app.services.count_file import CountFile
from app.store import backup as store_backup
from app.ui import backup_dialog, import_dialog, result_loader
from app.ui.contest_model import NOT_READ, ContestColumn
from app.ui.main_window import MainWindow
from tests.benchmarks import ge2017
from tests.ui.conftest import WindowMaker

SEATS = 60


@pytest.fixture(scope="module")
def general_election_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sixty seats of the 2017 general election, four count tables each (about a second to build)."""
    seats = ge2017.load_ge2017(ge2017.default_data_dir())[:SEATS]
    package = ge2017.build_package(seats, tables_per_contest=4, rounds=1)
    path = tmp_path_factory.mktemp("ge") / "ge.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def large(general_election_package: Path, tmp_path: Path) -> Iterator[CountFile]:
    count_file = CountFile.import_package(general_election_package, tmp_path / "ge.countdesk")
    yield count_file
    count_file.close()


@pytest.fixture
def one_contest_a_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each slice reads a single contest, so a pass takes as many turns of the event loop as there
    are contests (on a fast machine the 30 ms slice could read all sixty at once)."""
    monkeypatch.setattr(result_loader, "SLICE_SECONDS", 0.0)


def cell(window: MainWindow, row: int, column: ContestColumn) -> object:
    return window.contests.data(window.contests.index(row, column))


def test_the_window_lists_every_contest_before_reading_their_results(
    qtbot: QtBot, large: CountFile, one_contest_a_slice: None
) -> None:
    window = MainWindow(large)  # not shown yet: nothing has had a turn of the event loop
    qtbot.addWidget(window)
    ids = large.contest_ids()
    assert window.contests.rowCount() == SEATS
    assert window._selected_contest_id() == ids[0]
    first = large.result(ids[0])
    assert window.detail.heading.text() == first.contest.name  # the selected contest is read at once
    assert cell(window, 0, ContestColumn.CONTEST) == first.contest.name
    assert cell(window, 1, ContestColumn.CONTEST) == ids[1]
    assert cell(window, 1, ContestColumn.STAGE) == NOT_READ
    bar = window.contests_box.reading_bar
    assert not bar.isHidden() and bar.label.text() == f"Reading results… 0 of {SEATS} contests"
    window.show()
    qtbot.waitUntil(lambda: window.contests.unread() == 0, timeout=30_000)
    assert bar.isHidden()
    names = [cell(window, row, ContestColumn.CONTEST) for row in range(SEATS)]
    assert names == [large.result(contest_id).contest.name for contest_id in ids]
    assert NOT_READ not in {cell(window, row, ContestColumn.STAGE) for row in range(SEATS)}


def test_the_event_loop_keeps_turning_while_the_results_are_read(
    qtbot: QtBot, large: CountFile, one_contest_a_slice: None
) -> None:
    window = MainWindow(large)
    qtbot.addWidget(window)
    reader = window.contests_box.reader
    seen: list[int] = []  # contests read when the timer ticked
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: seen.append(reader.done) if reader.running else None)
    ticker.start()
    window.show()
    qtbot.waitUntil(lambda: not reader.running, timeout=30_000)
    ticker.stop()
    assert window.contests.unread() == 0
    # The timer ticked between contests throughout the pass, not only before or after it.
    assert len(set(seen)) > SEATS // 2
    assert min(seen) < SEATS // 4 and max(seen) > 3 * SEATS // 4


def test_stop_reading_leaves_the_rows_not_read_saying_so_and_f5_reads_them(
    qtbot: QtBot, make_window: WindowMaker, large: CountFile, one_contest_a_slice: None
) -> None:
    fingerprint = large.fingerprint()
    window = make_window(large)
    reader, bar = window.contests_box.reader, window.contests_box.reading_bar
    qtbot.waitUntil(lambda: reader.done >= 5)
    if not reader.running:
        pytest.fail("the pass ended before it could be stopped", pytrace=False)
    qtbot.mouseClick(bar.stop_button, Qt.MouseButton.LeftButton)
    assert not reader.running
    unread = window.contests.unread()
    assert 0 < unread < SEATS
    assert bar.isVisible()
    assert f"Reading stopped after {SEATS - unread} of {SEATS} contests" in bar.label.text()
    not_read = [row for row in range(SEATS) if window.contests.summary_at(row) is None]
    assert all(cell(window, row, ContestColumn.STAGE) == NOT_READ for row in not_read)
    qtbot.wait(50)
    assert window.contests.unread() == unread  # stopped means stopped
    assert large.fingerprint() == fingerprint  # reading never writes
    qtbot.keyClick(window.contest_view, Qt.Key.Key_F5)
    assert reader.running
    qtbot.waitUntil(lambda: window.contests.unread() == 0, timeout=30_000)
    assert bar.isHidden()


def test_f5_reads_again_only_when_something_was_recorded(
    qtbot: QtBot, make_window: WindowMaker, large: CountFile, tmp_path: Path
) -> None:
    window = make_window(large)
    reader = window.contests_box.reader
    qtbot.waitUntil(lambda: not reader.running and window.contests.unread() == 0, timeout=30_000)
    qtbot.keyClick(window.contest_view, Qt.Key.Key_Down)
    chosen = window._selected_contest_id()
    with qtbot.assertNotEmitted(reader.progressed):
        qtbot.keyClick(window.contest_view, Qt.Key.Key_F5)  # nothing new: no pass
    backup_now(large, tmp_path, reason="test")  # an audited action: the file has changed
    with qtbot.waitSignal(reader.finished, timeout=30_000):
        qtbot.keyClick(window.contest_view, Qt.Key.Key_F5)
    assert window._selected_contest_id() == chosen


# ---- importing a package from the window (Ctrl+I): a worker thread, progress, cancel ------------


def choose_files(monkeypatch: pytest.MonkeyPatch, package: Path, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_: (str(package), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(target), ""))


def test_ctrl_i_imports_on_a_worker_while_the_window_keeps_turning(
    qtbot: QtBot, make_window: WindowMaker, general_election_package: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "new" / "ge"  # no suffix: the window adds .countdesk
    target.parent.mkdir()
    choose_files(monkeypatch, general_election_package, target)
    window = make_window(None)
    ticks: list[str] = []
    ticker = QTimer()
    ticker.setInterval(1)
    ticker.timeout.connect(
        lambda: ticks.append(importer.progress.labelText()) if importer.progress is not None else None
    )
    importer = window.package_import
    ticker.start()
    qtbot.keyClick(window.welcome.open_button, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert importer.worker is not None and not importer.action.isEnabled()
    qtbot.waitUntil(lambda: importer.worker is None, timeout=60_000)
    ticker.stop()
    opened = window.count_file
    assert opened is not None and opened.path == target.with_name("ge.countdesk")
    assert window.contests.rowCount() == SEATS
    assert f"Imported {general_election_package.name}" in window.statusBar().currentMessage()
    # The GUI thread ran its timer all through the import, writing included.
    assert any(text.startswith("Writing 60 contests") for text in ticks)
    assert len(ticks) > 10
    assert importer.action.isEnabled()


def test_cancelling_an_import_part_way_through_the_write_leaves_nothing(
    qtbot: QtBot, make_window: WindowMaker, general_election_package: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    choose_files(monkeypatch, general_election_package, folder / "ge.countdesk")
    window = make_window(None)
    importer = window.package_import
    qtbot.keyClick(window.welcome.open_button, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: importer.progress is not None and "Writing" in importer.progress.labelText())
    progress = importer.progress
    assert progress is not None
    qtbot.keyClick(progress, Qt.Key.Key_Escape)  # Esc is the progress dialog's Cancel
    qtbot.waitUntil(lambda: importer.worker is None, timeout=60_000)
    assert window.statusBar().currentMessage() == import_dialog.CANCELLED
    assert list(folder.iterdir()) == []  # no count file, no partial, no -wal or -shm
    assert window.count_file is None


def test_a_bad_package_is_explained_and_nothing_is_written(
    qtbot: QtBot, make_window: WindowMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "packages"
    folder.mkdir()
    bad = folder / "bad.package.json"
    bad.write_text('{"format": "not a package"}', encoding="utf-8")
    choose_files(monkeypatch, bad, folder / "bad.countdesk")
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *_: told.append((title, text)))
    window = make_window(None)
    window.package_import.choose()
    qtbot.waitUntil(lambda: window.package_import.worker is None, timeout=30_000)
    assert told and told[0][0] == "The package could not be imported"
    assert "nothing was written" in told[0][1]
    assert [p.name for p in folder.iterdir()] == ["bad.package.json"]


# ---- backing up from the window (Ctrl+B): progress between steps, cancel removes the partial -----


@pytest.fixture
def small_steps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Backups copy four pages a step (not 1,024), so the demo's small file takes many steps; the
    list records each step's pages remaining."""
    steps: list[int] = []

    def write(store: object, folder: Path, *, taken: object, keep: int, progress: object = None) -> object:
        def step(status: int, remaining: int, total: int) -> None:
            steps.append(remaining)
            if callable(progress):
                progress(status, remaining, total)

        return store_backup.write_backup(store, folder, taken=taken, keep=keep,  # type: ignore[arg-type]
                                         progress=step, pages_per_step=4)

    monkeypatch.setattr(backups, "_write_backup", write)
    return steps


def test_ctrl_b_backs_up_with_progress_and_the_event_loop_turns_between_steps(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, small_steps: list[int],
) -> None:
    folder = tmp_path / "drive"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_: str(folder))
    demo.session.sign_in("Helen Marsh", "1111")
    window = make_window(demo)
    seen: list[int] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: seen.append(len(small_steps)) if small_steps else None)
    ticker.start()
    qtbot.keyClick(window.contest_view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    ticker.stop()
    made = sorted(folder.glob("*.countdesk"))
    assert len(made) == 1 and made[0].name in window.statusBar().currentMessage()  # the folder: elided
    assert str(made[0]) in window.statusBar().toolTip()
    assert f"{demo.fingerprint().event_count} events" in window.fingerprint_label.text()  # the backup's event
    assert len(small_steps) > 5
    assert len({n for n in seen if n < len(small_steps)}) > 3  # ticks between steps, not only after


def test_cancelling_a_backup_keeps_nothing_and_records_nothing(
    qtbot: QtBot, make_window: WindowMaker, demo: CountFile, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, small_steps: list[int],
) -> None:
    folder = tmp_path / "drive"
    folder.mkdir()
    demo.session.sign_in("Helen Marsh", "1111")
    window = make_window(demo)
    fingerprint = demo.fingerprint()
    before = demo.path.read_bytes()

    def cancel_soon() -> None:
        if len(small_steps) >= 3:
            for dialog in window.findChildren(backup_dialog.BackupProgress):
                dialog.cancel()

    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(cancel_soon)
    ticker.start()
    assert window.backup_action.back_up(demo, folder) is False
    ticker.stop()
    assert 3 <= len(small_steps) < 10
    assert list(folder.iterdir()) == []  # the partial copy was removed
    assert window.statusBar().currentMessage() == backup_dialog.CANCELLED
    assert demo.fingerprint() == fingerprint and demo.path.read_bytes() == before
