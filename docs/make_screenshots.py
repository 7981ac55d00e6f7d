"""Screenshots of the main screens, taken from the demo election, for the staff guide (docs/guide.md).

Run from the checkout:  QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py
The files go to docs/screenshots/ with fixed names, so the guide's links stay right when they are
taken again. Everything is built in a temporary folder; nothing outside docs/screenshots/ changes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.entry_cells import figures_of, sheet_layout
from app.services.backups import backup_now
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.services.demo import DEMO_PEOPLE, demo_package, prepare_demo
from app.services.printing import prepare
from app.services.session_marker import SessionMarker
from app.services.verification import Verification
from app.ui.count_entry import CountEntryWindow
from app.ui.declare_dialog import DeclareDialog, ProvisionalDialog
from app.ui.main_window import MainWindow
from app.ui.operator_switch import OperatorSwitch
from app.ui.print_preview import DocumentPreview
from app.ui.restore_dialog import RestoreDialog
from app.ui.results_window import ResultsWindow
from app.ui.supervisor_review import SupervisorReview
from app.ui.verification_panel import VerificationDialog

CONTEST = "parl.northgate-and-eastwick.2029-05-03"
OUT = Path(__file__).resolve().parent / "screenshots"
PINS = {name: pin for name, _, pin in DEMO_PEOPLE}


def settle(milliseconds: int = 150) -> None:
    """Let Qt lay out and paint (and a preview render) before the grab."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def grab(
    widget: QWidget, name: str, size: tuple[int, int] | None = None, wait: int = 150, keep: bool = False
) -> Path:
    """Show, paint, save `name`.png; then close, unless `keep` (closing the main window closes its file)."""
    if size:
        widget.resize(*size)
    widget.show()
    widget.activateWindow()
    settle(wait)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    if not keep:
        widget.close()
    print(f"wrote {path}")
    return path


def before_the_count(folder: Path, name: str, verified: bool) -> CountFile:
    """The demo before verification (or, `verified`, as the count begins): its people, no sheet keyed."""
    data = json.loads(demo_package().read_text(encoding="utf-8"))
    for contest in data["contests"]:
        for key in ("rounds", "lots") if verified else ("verification", "rounds", "lots"):
            contest.pop(key, None)
    package = folder / f"{name}.package.json"
    package.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    count_file = CountFile.import_package(package, folder / f"{name}.countdesk")
    for name, role, pin in DEMO_PEOPLE:
        count_file.session.add_person(name, role, pin)
        if count_file.session.current is None:
            count_file.session.sign_in(name, pin)
    return count_file


def paper_sheet(demo: CountFile, table: str) -> dict[str, str]:
    """What the demo's round-one paper sheet for `table` shows, box by box."""
    contest = demo.contest(CONTEST)
    sheet = next(s for s in contest.rounds[0].sheets if s.table == table)
    layout = sheet_layout(contest, 1, table)
    return {key: str(value) for key, value in figures_of(layout, sheet).items() if value is not None}


def as_person(count_file: CountFile, name: str) -> None:
    count_file.session.sign_in(name, PINS[name])


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        demo = prepare_demo(folder / "demo")
        unverified = before_the_count(folder, "unverified", verified=False)
        before = before_the_count(folder, "before", verified=True)
        as_person(demo, "Helen Marsh")

        window = MainWindow(demo, demo_folder=folder / "other-demo")
        grab(window, "01-main-window", (1280, 800), keep=True)

        as_person(unverified, "Priya Shah")
        desk = Verification(unverified)
        for box in unverified.contest(CONTEST).ballot_boxes[:6]:
            desk.enter_count(CONTEST, box.id, str(box.issued))
        grab(VerificationDialog(unverified, CONTEST), "02-verification", (1100, 750))

        as_person(before, "Tom Evans")
        grab(OperatorSwitch(before), "03-switch-operator")
        counting = Counting(before)
        for table in ("T1", "T2"):
            counting.open_sheet(CONTEST, table)
            counting.save(CONTEST, table, paper_sheet(demo, table), finish=True)
        entry = CountEntryWindow(before, CONTEST)
        entry.resize(1100, 800)
        entry.show()
        entry.open_table("T3")
        grab(entry, "04-count-entry")

        as_person(before, "Siân Roberts")
        slipped = paper_sheet(demo, "T1")
        first_key = next(iter(slipped))
        slipped[first_key] = str(int(slipped[first_key]) + 1)
        counting.open_sheet(CONTEST, "T1")
        counting.save(CONTEST, "T1", slipped, finish=True, confirmed=True)  # the paper says so
        as_person(before, "Priya Shah")
        grab(SupervisorReview(before, CONTEST), "05-supervisor-review", (1000, 700))

        results = ResultsWindow(demo, CONTEST)
        grab(results, "06-results", (1280, 850))
        holder = ResultsWindow(demo, CONTEST)
        holder.show()
        grab(ProvisionalDialog(demo, CONTEST, holder), "07-provisional-dialog")
        grab(DeclareDialog(demo, CONTEST, holder), "08-declare-dialog")
        preview = DocumentPreview(prepare(demo, "declaration", CONTEST), holder)
        preview.resize(900, 1000)
        preview.show()
        preview.start()
        settle(1500)  # the preview renders off the GUI thread
        grab(preview, "09-declaration-preview", wait=300)
        holder.close()

        backups = folder / "backups"
        backup_now(demo, backups, reason="guide", create_folder=True)
        as_person(demo, "Priya Shah")
        backup_now(demo, backups, reason="guide")
        grab(RestoreDialog(demo.path, demo, backups), "10-restore-dialog", wait=1500)
        window.idle_lock.lock_now()
        assert window.idle_lock.screen is not None
        grab(window.idle_lock.screen, "11-lock-screen", keep=True)

        crashed = prepare_demo(folder / "crashed")
        SessionMarker(crashed).begin()  # the window that opened it never closed it: as after a power cut
        crashed.close()
        after_the_crash = MainWindow(CountFile.open(crashed.path), demo_folder=folder / "other-demo")
        grab(after_the_crash, "12-unclean-exit", (1280, 800), wait=600)
        window.hide()
        demo.close()
        before.close()
        unverified.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
