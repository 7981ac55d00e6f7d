"""`countdesk FILE` paints without importing what later screens, or reading its file, need (P4, start-up)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.services.demo import prepare_demo

# What the window imports only when a menu or screen first needs it: the documents and their PDFs,
# the exports, the package reader and the demo's writer, the dialogs behind File, Help and Documents.
DEFERRED = (
    "reportlab",
    "app.reports",
    "app.services.printing",
    "app.services.exchange",
    "app.services.demo",
    "app.services.package_import",
    "app.domain.package",
    "app.services.about",
    "app.services.integrity",
    "app.ui.print_preview",
    "app.ui.restore_dialog",
    "app.ui.declaration_save",
    "app.ui.count_entry",
    "app.ui.setup_election",
    "app.ui.results_view",
)

# What the window imports only once it has painted: reading and checking the file it claimed before the
# paint (sqlite-utils and its dependencies, the store beyond the connection, the count file's services,
# the election model) and the alerts and session marker that follow what is read.
READ_AFTER_PAINT = (
    "sqlite_utils",
    "click",
    "dateutil",
    "pluggy",
    "app.store.schema",
    "app.store.count_store",
    "app.store.reader",
    "app.store.audit",
    "app.services.count_file",
    "app.services.session",
    "app.services.backups",
    "app.services.restoring",
    "app.services.alerts",
    "app.services.summaries",
    "app.services.session_marker",
    "app.domain.election",
    "app.domain.result",
    "app.domain.documents",
)

# The window as `countdesk FILE` builds it (app/__main__.py's own function), shown until its first paint.
FIRST_PAINT = """
import json, sys
from pathlib import Path
from app.__main__ import file_window
from PySide6.QtCore import QEvent, QObject, QTimer
from app.ui.app import application

window = file_window(Path(sys.argv[1]))
qt = application()

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is window:
            print(json.dumps({"modules": sorted(sys.modules), "title": window.windowTitle(),
                              "checking": window.checking}), flush=True)
            QTimer.singleShot(0, qt.quit)
        return False

first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
QTimer.singleShot(60_000, qt.quit)
qt.exec()
window.close_count_file()
"""


def _loaded(packages: tuple[str, ...], modules: list[str]) -> list[str]:
    """The modules imported of these packages (or modules)."""
    return [name for name in modules if any(name == p or name.startswith(f"{p}.") for p in packages)]


def test_the_first_paint_shows_the_open_file_without_later_screens(tmp_path: Path, repo_root: Path) -> None:
    count_file = prepare_demo(tmp_path / "demo")
    path = count_file.path
    count_file.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(repo_root), HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(path)], capture_output=True, text=True,
                         env=env, cwd=repo_root, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    painted = json.loads(run.stdout.splitlines()[0])
    assert path.name in painted["title"] and painted["checking"]  # the real window, its file claimed
    assert _loaded(DEFERRED, painted["modules"]) == []
    assert _loaded(READ_AFTER_PAINT, painted["modules"]) == []

