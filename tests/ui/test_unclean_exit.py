"""The unclean-exit banner: a CountDesk process killed with SIGKILL, then the next start on that file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.count_file import CountFile
from app.services.session_marker import marker_path
from tests.ui.accessibility_walk import unnamed_controls
from tests.ui.conftest import WindowMaker

# The child is CountDesk's own window on the file: it signs in (one more saved event), says
# "ready", then either waits to be killed or quits through the window as a user would.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from app.services.count_file import CountFile
    from app.ui.app import application
    from app.ui.main_window import MainWindow

    app = application()
    window = MainWindow(CountFile.open(Path(sys.argv[1])))
    window.show()
    window.count_file.session.sign_in("Helen Marsh", "1111")
    print("ready", window.count_file.fingerprint().event_count, flush=True)
    if sys.argv[2] == "quit":
        QTimer.singleShot(0, window.close)
    sys.exit(app.exec())
    """
)


def _run_child(repo_root: Path, path: Path, tmp_path: Path, how: str) -> int:
    """Run CountDesk on `path` in a child process; kill it with SIGKILL or let it quit; its event count."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "child-config"),
               XDG_DATA_HOME=str(tmp_path / "child-data"))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), how],
        cwd=repo_root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        why = child.stderr.read() if child.stderr and not line else ""
        assert line.startswith("ready"), f"the child did not start: {line!r} {why}"
        if how == "kill":
            assert marker_path(path).is_file()  # written at open, while the window runs
            os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=60) == (-signal.SIGKILL if how == "kill" else 0)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return int(line.split()[1])


def test_after_a_sigkill_the_next_start_shows_the_banner_with_the_last_saved_figures(
    qtbot: QtBot, make_window: WindowMaker, repo_root: Path, demo_path: Path, tmp_path: Path
) -> None:
    events_at_kill = _run_child(repo_root, demo_path, tmp_path, "kill")
    count_file = CountFile.open(demo_path)
    window = make_window(count_file)
    banner = window.unclean_exit
    assert banner.isVisible()
    text = banner.message.text()
    assert text.startswith("CountDesk was not closed properly at ")
    assert "Nothing confirmed is lost: the last saved figures are below." in text
    stopped = banner.unclean.stopped_at if banner.unclean else None
    assert stopped is not None and f"at {stopped:%H:%M}" in text
    assert (datetime.now().astimezone() - stopped).total_seconds() < 600
    assert banner.unclean is not None and banner.unclean.fingerprint.event_count == events_at_kill
    assert f"{events_at_kill} events" in banner.fingerprint.text()
    assert banner.unclean.fingerprint.short in banner.fingerprint.text()
    qtbot.waitUntil(lambda: not banner.reading)
    result = count_file.results()[0]
    row = [banner.figures.item(0, column).text() for column in range(banner.figures.columnCount())]
    assert row[0] == result.contest.name and row[1] == result.stage.capitalize()
    assert row[2] == str(result.round)
    assert banner.dismiss_button.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable by Tab too
    assert unnamed_controls(banner) == []
    qtbot.keyClick(window.contest_view, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not banner.isVisible())  # a mnemonic clicks after the press animation
    assert window.contest_view.hasFocus()


def test_a_proper_quit_shows_no_banner_next_time(
    make_window: WindowMaker, repo_root: Path, demo_path: Path, tmp_path: Path
) -> None:
    _run_child(repo_root, demo_path, tmp_path, "quit")
    assert not marker_path(demo_path).exists()
    window = make_window(CountFile.open(demo_path))
    assert not window.unclean_exit.isVisible() and window.unclean_exit.unclean is None


def test_the_window_keeps_the_marker_while_open_and_removes_it_on_closing(
    make_window: WindowMaker, demo_path: Path
) -> None:
    window = make_window(CountFile.open(demo_path))
    assert marker_path(demo_path).is_file()
    window.close()
    assert not marker_path(demo_path).exists()
