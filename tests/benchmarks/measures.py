"""The P-figures of quality.md, each measured beside its baseline in the same run and moment."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).resolve().parent / "window_probe.py"

Json = dict[str, Any]


@dataclass(frozen=True)
class Figure:
    """One measured figure: ours, the baseline beside it, the target and whether it is met."""

    id: str
    what: str
    ours: float
    baseline: float | None
    unit: str
    target: str
    met: bool
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.ours / self.baseline

    def as_json(self) -> Json:
        ratio = self.ratio
        return {
            "id": self.id, "what": self.what, "ours": round(self.ours, 3),
            "baseline": None if self.baseline is None else round(self.baseline, 3),
            "ratio": None if ratio is None else round(ratio, 2), "target": self.target,
            "unit": self.unit, "met": self.met, "note": self.note,
        }


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def p99_ms(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000


def clock(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# ---- P1: confirm one double-entered sheet -----------------------------------------------------


def _typed(layout: Any, sheet: Json, bundle_size: int) -> dict[str, str]:
    """What an operator keys from the paper sheet: bundles and part (or votes), rejected heads."""
    votes = {
        cid: figure if isinstance(figure, int) else figure["bundles"] * bundle_size + figure["part"]
        for cid, figure in sheet["votes"].items()
    }
    typed: dict[str, str] = {}
    for cell in layout.cells:
        if cell.kind == "bundles":
            typed[cell.key] = str(votes[cell.candidate] // bundle_size)
        elif cell.kind == "part":
            typed[cell.key] = str(votes[cell.candidate] % bundle_size)
        elif cell.kind == "votes":
            typed[cell.key] = str(votes[cell.candidate])
        elif cell.kind == "rejected":
            typed[cell.key] = str(sheet["rejected"][cell.head])
        else:
            typed[cell.key] = str(sheet.get(cell.kind, 0))
    return typed


def _bare_inserts(folder: Path, rows: list[tuple[int, int]]) -> list[float]:
    """A bare SQLite insert of a sheet's rows (1 sheet, n votes, m heads), same pragmas, one commit."""
    path = folder / "baseline.sqlite"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("locking_mode = EXCLUSIVE", "journal_mode = WAL", "synchronous = FULL",
                   "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE sheet (seq INTEGER PRIMARY KEY, contest_id TEXT, round_number INTEGER, "
                 "table_id TEXT, entered_by TEXT)")
    conn.execute("CREATE TABLE sheet_vote (sheet_seq INTEGER, candidate_id TEXT, total INTEGER, "
                 "bundles INTEGER, part INTEGER, PRIMARY KEY (sheet_seq, candidate_id))")
    conn.execute("CREATE TABLE sheet_rejected (sheet_seq INTEGER, head TEXT, count INTEGER, "
                 "PRIMARY KEY (sheet_seq, head))")
    samples = []
    for n, (candidates, heads) in enumerate(rows, start=1):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO sheet VALUES (?, 'c', 1, 'T', 'operator')", [n])
        conn.executemany("INSERT INTO sheet_vote VALUES (?, ?, 100, 2, 0)",
                         [(n, f"c{i}") for i in range(candidates)])
        conn.executemany("INSERT INTO sheet_rejected VALUES (?, ?, 1)",
                         [(n, f"h{i}") for i in range(heads)])
        conn.execute("COMMIT")
        samples.append(time.perf_counter() - started)
    conn.close()
    return samples


def p1_confirm(count_file: Any, sheets: Mapping[tuple[str, str], Json], folder: Path) -> list[Figure]:
    """The second operator's finish of each sheet (blind double entry: validation, audit, commit)."""
    from app.domain.entry_cells import sheet_layout
    from app.services.counting import Counting

    session = count_file.session
    session.add_person("Ruth Officer", "returning-officer", "9999")
    session.sign_in("Ruth Officer", "9999")
    session.add_person("Ann Operator", "operator", "1111")
    session.add_person("Bob Operator", "operator", "2222")
    counting = Counting(count_file)
    typed: dict[tuple[str, str], dict[str, str]] = {}
    session.sign_in("Ann Operator", "1111")
    for (cid, tid), sheet in sheets.items():
        counting.open_sheet(cid, tid)
        contest = count_file.contest(cid)
        typed[cid, tid] = _typed(sheet_layout(contest, 1, tid), sheet, contest.bundle_size)
        counting.save(cid, tid, typed[cid, tid], finish=True, confirmed=True)
    session.sign_in("Bob Operator", "2222")
    ours: list[float] = []
    shapes: list[tuple[int, int]] = []
    for (cid, tid), keys in typed.items():
        counting.open_sheet(cid, tid)
        started = time.perf_counter()
        saved = counting.save(cid, tid, keys, finish=True, confirmed=True)
        ours.append(time.perf_counter() - started)
        if saved.state.value != "accepted":
            raise RuntimeError(f"{cid} {tid}: the second entry left the sheet {saved.state.value}")
        shapes.append((len(sheets[cid, tid]["votes"]), len(sheets[cid, tid]["rejected"])))
    bare = _bare_inserts(folder, shapes)
    ratio_met = median_ms(ours) <= 3 * median_ms(bare)
    return [
        Figure("P1", "confirm one double-entered sheet (median)", median_ms(ours), median_ms(bare),
               "ms", "<= 3x", ratio_met, f"{len(ours)} sheets, Counting.save(finish=True)"),
        Figure("P1.p99", "confirm one double-entered sheet (p99)", p99_ms(ours), p99_ms(bare), "ms",
               "p99 <= 50 ms", p99_ms(ours) <= 50),
    ]


# ---- P2: refresh one contest's result -----------------------------------------------------------


def _save_one_sheet(count_file: Any, contest_id: str) -> None:
    """Save table T1's sheet again (the same figures, as a correction would): a real write, with its
    audit event, so that the refresh after it reads what a save leaves behind."""
    from app.store.audit import Actor
    from app.store.recorder import record_sheet

    contest = count_file.contest(contest_id)
    last = contest.rounds[-1]
    sheet = next(s for s in last.sheets if s.table == contest.count_tables[0].id)
    store = count_file.store
    with store.action(Actor("Benchmark", "supervisor"), "save-sheet", f"contest {contest_id}") as db:
        record_sheet(db, contest_id, last.number, sheet, source="entry", entered_by="Benchmark")


def p2_refresh(count_file: Any, contest_id: str, samples: int) -> Figure:
    """After each save, CountFile.result (read the contest, compute its result) against one raw
    SUM ... GROUP BY over the contest's vote rows, on the same connection."""
    conn = count_file.store.db.conn
    sql = "SELECT candidate_id, sum(total) FROM sheet_vote WHERE contest_id = ? GROUP BY candidate_id"
    ours, bare = [], []
    count_file.result(contest_id)
    conn.execute(sql, [contest_id]).fetchall()
    for _ in range(samples):  # interleaved, so both see the same machine
        _save_one_sheet(count_file, contest_id)
        ours.append(clock(lambda: count_file.result(contest_id)))
        bare.append(clock(lambda: conn.execute(sql, [contest_id]).fetchall()))
    mine, theirs = median_ms(ours), median_ms(bare)
    return Figure("P2", "refresh one contest's result after a save (median)", mine, theirs, "ms",
                  "<= 10x; <= 5 ms", mine <= 10 * theirs and mine <= 5, f"contest {contest_id}")


# ---- P3: one declaration PDF --------------------------------------------------------------------


def _bare_declaration(result: Any) -> None:
    """Bare ReportLab: the same candidate table with the same embedded font, to memory."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    if "BareDejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BareDejaVu", str(REPO / "resources" / "fonts" / "DejaVuSans.ttf")))
    style = ParagraphStyle("bare", fontName="BareDejaVu", fontSize=11)
    rows = [["Surname", "Other names", "Description", "Votes"]] + [
        [c.candidate.surname, c.candidate.forenames, c.candidate.description, f"{c.votes:,}"]
        for c in result.candidates
    ] + [[key, "", "", f"{value:,}"] for key, value in result.rejected.items()]
    table = Table(rows)
    table.setStyle([("FONT", (0, 0), (-1, -1), "BareDejaVu", 10)])
    story = [Paragraph(f"Declaration of result: {result.contest.name}", style), table]
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)


def p3_declaration(count_file: Any, contest_id: str, samples: int) -> Figure:
    result = count_file.result(contest_id)
    count_file.print_declaration(contest_id, io.BytesIO())
    _bare_declaration(result)
    ours, bare = [], []
    for _ in range(samples):
        ours.append(clock(lambda: count_file.print_declaration(contest_id, io.BytesIO())))
        bare.append(clock(lambda: _bare_declaration(result)))
    mine, theirs = median_ms(ours), median_ms(bare)
    return Figure("P3", "one declaration PDF (median)", mine, theirs, "ms", "<= 2x; <= 150 ms",
                  mine <= 2 * theirs and mine <= 150, f"contest {contest_id}")


# ---- P4, P6: the window, in fresh processes ----------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One window process: seconds from its start (parent's clock) and its peak memory so far, at
    the first paint and once every contest's row has been read (a bare window: the same moment)."""

    painted: float
    painted_mb: float
    whole: float  # the first paint of the whole window (menus' actions, panels, tables)
    ready: float
    ready_mb: float


def _probe(args: list[str]) -> Probe:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    started = time.perf_counter()
    with subprocess.Popen([sys.executable, str(PROBE), *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env) as child:
        assert child.stdout is not None
        painted_line = child.stdout.readline()  # printed the moment the window paints
        painted = time.perf_counter() - started
        whole_line = child.stdout.readline()  # printed when the whole window has painted
        whole = time.perf_counter() - started
        ready_line = child.stdout.readline()  # printed once every contest has been read
        ready = time.perf_counter() - started
        _, errors = child.communicate(timeout=600)
    lines = (painted_line, whole_line, ready_line)
    if child.returncode != 0 or not all(line.startswith("{") for line in lines):
        raise RuntimeError(f"the window probe {args} failed: {errors[-2000:]}")
    return Probe(painted, float(json.loads(painted_line)["peak_mb"]), whole,
                 ready, float(json.loads(ready_line)["peak_mb"]))


def p4_p6_window(count_path: Path, runs: int) -> list[Figure]:
    bare: list[Probe] = []
    ours: list[Probe] = []
    for _ in range(runs):  # interleaved, so both kinds see the same load
        bare.append(_probe(["bare"]))
        ours.append(_probe(["app", str(count_path)]))
    start_bare = statistics.median(p.painted for p in bare)
    start_ours = statistics.median(p.painted for p in ours)
    whole_ours = statistics.median(p.whole for p in ours)
    ready_ours = statistics.median(p.ready for p in ours)
    peak_bare = max(p.ready_mb for p in bare)
    peak_ours = max(p.ready_mb for p in ours)
    paint_peak_ours = max(p.painted_mb for p in ours)
    return [
        Figure("P4", "cold start to the first painted main window, file open (median)", start_ours,
               start_bare, "s", "<= 1.5x", start_ours <= 1.5 * start_bare, f"{runs} runs each"),
        Figure("P4.whole", "cold start until the whole window has painted (median)", whole_ours,
               start_bare, "s", "—", True, "menus' actions, panels and tables built just after the frame"),
        Figure("P4.ready", "cold start until every contest's row is read (median)", ready_ours,
               start_bare, "s", "—", True, "the bare window is ready when it paints"),
        Figure("P6", "peak memory with the file open in the window, every contest read", peak_ours,
               peak_bare, "MB", "<= +100 MB", peak_ours - peak_bare <= 100,
               f"+{peak_ours - peak_bare:.0f} MB"),
        Figure("P6.paint", "peak memory at the first paint", paint_peak_ours, peak_bare, "MB",
               "<= +100 MB", paint_peak_ours - peak_bare <= 100, f"+{paint_peak_ours - peak_bare:.0f} MB"),
    ]


# ---- P5: import the package; print every declaration -------------------------------------------


def p5_import(package: Path, target: Path) -> Figure:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "app", "import", str(package), "--out", str(target)],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=1800, check=False)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise RuntimeError(f"countdesk import failed: {run.stderr[-2000:]}")
    return Figure("P5.import", "import the package (countdesk import, a fresh process)", seconds, None,
                  "s", "<= 10 s", seconds <= 10)


def p5_declarations(count_file: Any, folder: Path) -> Figure:
    folder.mkdir(parents=True, exist_ok=True)
    ids = count_file.contest_ids()
    started = time.perf_counter()
    for contest_id in ids:
        count_file.print_declaration(contest_id, folder / f"{contest_id}.pdf")
    seconds = time.perf_counter() - started
    return Figure("P5.declarations", f"print all {len(ids)} declarations", seconds, None, "s",
                  "<= 60 s", seconds <= 60)
