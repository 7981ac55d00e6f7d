"""Child process of the benchmark: show a window; report its first paint, when it is ready, peak memory."""

# Run as `python window_probe.py bare` (a bare PySide6 QMainWindow) or
# `python window_probe.py app FILE` (CountDesk's main window with FILE open), with
# QT_QPA_PLATFORM=offscreen. It prints three JSON lines, then quits:
#   {"event": "painted", "seconds": …, "peak_mb": …} the moment the window first paints,
#   {"event": "whole", …} the first paint once the whole window is built (`countdesk FILE` paints its
#   frame first and builds its menus' actions, panels and tables just after; a bare window, or one
#   built at once, is whole when it first paints), and
#   {"event": "ready", …} once every contest's row has been read (the window shows its first paint
#   before reading the contests' results; a bare window is ready when it paints).
# "seconds" is the time since this process started its imports; "peak_mb" its peak resident memory
# so far. The parent times the whole process from its own clock (interpreter start-up included).

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()


def _peak_mb() -> float:
    """This process's peak resident memory. On Linux VmHWM, because ru_maxrss is inherited across
    fork and exec, so a child would report its parent's peak if that was higher."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes; bytes on macOS
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    mode = argv[0]
    if mode == "bare":
        app = QApplication(sys.argv[:1])
        window: QMainWindow = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1024, 700)
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from app.__main__ import file_window
        from app.ui.app import application

        # Built as `countdesk FILE` builds it (the same function): checked just after its first paint.
        window = file_window(Path(argv[1]))
        app = application()
        window.resize(1024, 700)

    def report(event: str) -> None:
        seconds = time.perf_counter() - STARTED
        print(json.dumps({"event": event, "seconds": seconds, "peak_mb": _peak_mb()}), flush=True)

    def reading() -> bool:
        """Whether the window is still checking its file or reading contests' results (a bare window
        never is)."""
        if getattr(window, "checking", False):
            return True
        pane = getattr(window, "contests_box", None)
        return pane is not None and (pane.reader.running or pane.model.unread() > 0)

    def ready_when_read(still_reading: bool) -> None:
        if not still_reading and not reading() and probe.whole and not probe.done:
            probe.done = True
            report("ready")
            QTimer.singleShot(0, app.quit)

    class FirstPaint(QObject):
        """Reports the first Paint of the window or anything in it, the first once it is whole; then
        "ready" once read."""

        painted = False
        whole = False
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self.whole
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is window
            ):
                if not self.painted:
                    self.painted = True
                    report("painted")
                if getattr(window, "built", True):
                    self.whole = True
                    report("whole")
                    QTimer.singleShot(0, lambda: ready_when_read(False))  # nothing to read: ready now
            return False

    probe = FirstPaint()
    app.installEventFilter(probe)
    if mode != "bare":
        window.contests_box.reading_changed.connect(ready_when_read)
    window.show()
    QTimer.singleShot(120_000, app.quit)  # never hang the benchmark
    app.exec()
    if mode != "bare":
        close = getattr(window, "close_count_file", None)
        if close is not None:
            close()
    return 0 if probe.done else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
