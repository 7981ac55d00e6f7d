"""Child process of the benchmark: start Qt, show a window, report when it first paints and peak memory."""

# Run as `python window_probe.py bare` (a bare PySide6 QMainWindow) or
# `python window_probe.py app FILE` (CountDesk's main window with FILE open), with
# QT_QPA_PLATFORM=offscreen. It prints one JSON line once the window has painted, then quits:
# {"seconds": time since this process started its imports, "peak_mb": peak resident memory}.
# The parent times the whole process from its own clock (interpreter start-up included).

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
        from app.services.count_file import CountFile
        from app.ui.app import application, use_bundled_font
        from app.ui.main_window import MainWindow

        app = application()
        use_bundled_font(app)
        window = MainWindow(CountFile.open(Path(argv[1])))
        window.resize(1024, 700)

    class FirstPaint(QObject):
        """Reports the first Paint of the window or anything in it, then quits."""

        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self.done
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is window
            ):
                self.done = True
                seconds = time.perf_counter() - STARTED
                print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}), flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    probe = FirstPaint()
    app.installEventFilter(probe)
    window.show()
    QTimer.singleShot(60_000, app.quit)  # never hang the benchmark
    app.exec()
    if mode != "bare":
        close = getattr(window, "close_count_file", None)
        if close is not None:
            close()
    return 0 if probe.done else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
