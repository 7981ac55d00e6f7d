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

# What the window imports only after its first paint, in the same event-loop turn: the menus' actions and
# the screens behind them, the panels, the contests table and the detail pane (their models' headers would
# make PySide build its whole Qt namespace before the paint).
BUILT_AFTER_PAINT = (
    "app.ui.main_menus",
    "app.ui.about_dialog",
    "app.ui.alerts_panel",
    "app.ui.backup_dialog",
    "app.ui.backup_restore",
    "app.ui.count_menu",
    "app.ui.documents_menu",
    "app.ui.hall_display",
    "app.ui.idle_lock",
    "app.ui.import_dialog",
    "app.ui.results_window",
    "app.ui.setup_menu",
    "app.ui.shortcut_sheet",
    "app.ui.theme",
    "app.ui.training",
    "app.ui.unclean_exit",
    "app.ui.welcome",
    "app.ui.contest_detail",
    "app.ui.contest_model",
    "app.ui.candidate_model",
    "app.ui.result_loader",
)

# The window as `countdesk FILE` builds it (app/__main__.py's own function): what it has at its first
# paint, then one event-loop turn later (every menu, action and shortcut), and a window built whole.
FIRST_PAINT = """
import json, sys
from pathlib import Path
from app.__main__ import file_window
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from app.ui.app import application

window = file_window(Path(sys.argv[1]))
qt = application()

def actions(shown):
    from PySide6.QtGui import QAction
    menus = {action.text(): [(item.text(), item.shortcut().toString()) for item in action.menu().actions()]
             for action in shown.menuBar().actions() if action.menu() is not None}
    every = sorted((a.text(), a.shortcut().toString()) for a in shown.findChildren(QAction) if a.text())
    return {"titles": [a.text() for a in shown.menuBar().actions()], "menus": menus, "every": every}

def after_the_paint():
    from app.ui.main_window import MainWindow
    from PySide6.QtGui import QFontDatabase
    icon = not qt.windowIcon().isNull()
    print(json.dumps({"built": window.built, "checking": window.checking, "icon": icon,
                      "mono": "DejaVu Sans Mono" in QFontDatabase.families(), **actions(window)}), flush=True)
    print(json.dumps({"built": True, **actions(MainWindow())}), flush=True)
    qt.quit()

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is window:
            window.removeEventFilter(self)
            print(json.dumps({"modules": sorted(sys.modules), "title": window.windowTitle(),
                              "checking": window.checking, "built": window.built,
                              "qt_namespace": "Qt" in vars(QtCore), "font": qt.font().family(),
                              **actions(window)}), flush=True)
            QTimer.singleShot(0, lambda: QTimer.singleShot(0, after_the_paint))  # the turn after the paint
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
    painted, after, whole = (json.loads(line) for line in run.stdout.splitlines()[:3])
    assert path.name in painted["title"] and painted["checking"]  # the real window, its file claimed
    assert _loaded(DEFERRED, painted["modules"]) == []
    assert _loaded(READ_AFTER_PAINT, painted["modules"]) == []
    assert _loaded(BUILT_AFTER_PAINT, painted["modules"]) == []
    assert not painted["qt_namespace"]  # PySide's Qt namespace (~40 ms of enums) is not made to paint
    # The menus' titles at the first paint; one turn later, before the check, every menu, action and
    # shortcut, exactly as in a window built whole.
    assert not painted["built"] and painted["titles"] == whole["titles"]
    assert painted["font"] == "DejaVu Sans"  # painted in CountDesk's own font
    assert after["built"] and after["checking"] and after["icon"] and after["mono"]  # and the rest made
    for key in ("titles", "menus", "every"):
        assert after[key] == whole[key], key
    assert len(whole["every"]) > 30 and ["Ctrl+E" in shortcut for _, shortcut in whole["every"]].count(True)
