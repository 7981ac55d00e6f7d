"""Benchmark runner: quality.md's P1-P6, each beside its baseline in the same run; a table and JSON."""

# Usage (from the checkout): .venv/bin/python tests/benchmarks/run.py [--json OUT] [--quick]
#                                                                    [--work DIR] [--window FILE]
# The fixture is the 2017 general election (../shared/data/ge2017) as one package of 650 contests
# with 40 count tables each and two rounds; --quick uses 12 seats with 4 tables for a smoke run.
# Timings are wall-clock on whatever else the machine is doing: the load average is printed with
# the table, and every figure's baseline is measured in the same run, interleaved where possible.

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for folder in (str(HERE), str(HERE.parents[1])):
    if folder not in sys.path:
        sys.path.insert(0, folder)

import ge2017  # noqa: E402
import measures  # noqa: E402
from measures import Figure  # noqa: E402

Json = dict[str, Any]


@dataclass(frozen=True)
class Settings:
    name: str
    seats: int | None  # None: all 650
    tables: int
    rounds: int
    samples: int  # P1 sheets and P2 refreshes
    pdfs: int  # P3 repetitions
    window_runs: int  # P4/P6 processes of each kind
    p1_contests: int  # contests left uncounted in the P1 file, to be keyed there


FULL = Settings("full GE2017", None, 40, 2, 200, 20, 3, 5)
QUICK = Settings("quick", 12, 4, 2, 20, 3, 1, 3)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"PySide6 {PySide6.__version__} (Qt {qVersion()})"
    except ImportError:
        qt = "PySide6 not installed"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "qt": qt,
        "load": " ".join(f"{x:.2f}" for x in load),
    }


def fixture(settings: Settings, work: Path) -> tuple[Path, Path, dict[tuple[str, str], Json]]:
    """The package, the same package with a few contests not yet counted (for P1), and the paper
    sheets (the true final figures) that P1's operators key into those contests."""
    seats = ge2017.load_ge2017(ge2017.default_data_dir())
    if settings.seats is not None:
        seats = seats[: settings.seats]
    package = ge2017.build_package(seats, tables_per_contest=settings.tables, rounds=settings.rounds)
    full = work / "ge2017.package.json"
    full.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    uncounted = copy.deepcopy(package)
    sheets: dict[tuple[str, str], Json] = {}
    step = max(1, len(seats) // (settings.p1_contests + 1))
    for contest in uncounted["contests"][step::step][: settings.p1_contests]:
        for sheet in contest.pop("rounds")[-1]["sheets"]:
            if len(sheets) < settings.samples:
                sheets[contest["id"], sheet["table"]] = sheet
    p1 = work / "p1.package.json"
    p1.write_text(json.dumps(uncounted, ensure_ascii=False), encoding="utf-8")
    return full, p1, sheets


def measure(settings: Settings, work: Path, log: Any) -> list[Figure]:
    from app.services.count_file import CountFile

    log(f"building the {settings.name} fixture in {work}")
    package, p1_package, sheets = fixture(settings, work)
    log("P5: countdesk import")
    figures = [measures.p5_import(package, work / "ge2017.countdesk")]
    with CountFile.open(work / "ge2017.countdesk") as count_file:
        ids = count_file.contest_ids()
        middle = ids[len(ids) // 2]
        log("P2: refresh one contest")
        figures.append(measures.p2_refresh(count_file, middle, settings.samples))
        log("P3: one declaration")
        figures.append(measures.p3_declaration(count_file, middle, settings.pdfs))
        log(f"P5: all {len(ids)} declarations")
        figures.append(measures.p5_declarations(count_file, work / "declarations"))
    log("P4, P6: the window in fresh processes")
    figures += measures.p4_p6_window(work / "ge2017.countdesk", settings.window_runs)
    log(f"P1: {len(sheets)} sheets keyed twice")
    with CountFile.import_package(p1_package, work / "p1.countdesk") as count_file:
        figures += measures.p1_confirm(count_file, sheets, work)
    return sorted(figures, key=lambda f: f.id)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table: ours, baseline, ratio, target, met."""
    lines = [
        "| id | what | ours | baseline | ratio | target | met |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for f in figures:
        ratio = "—" if f.ratio is None else f"{f.ratio:.1f}×"
        met = "—" if f.target == "—" else "yes" if f.met else "NO"  # "—": measured, with no target
        lines.append(
            f"| {f.id} | {f.what} | {_number(f.ours, f.unit)} | {_number(f.baseline, f.unit)} | "
            f"{ratio} | {f.target} | {met} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--quick", action="store_true", help="a small fixture, for a smoke run")
    parser.add_argument("--work", type=Path, help="keep the fixture and files in this folder")
    parser.add_argument("--window", type=Path, metavar="COUNT_FILE",
                        help="measure only P4 and P6, on this count file (e.g. one kept by --work)")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL

    def log(message: str) -> None:
        print(f"... {message}", file=sys.stderr, flush=True)

    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        work_dir, holder = args.work, None
    else:
        holder = tempfile.TemporaryDirectory(prefix="countdesk-bench-")
        work_dir = Path(holder.name)
    before = machine()
    try:
        if args.window:
            log(f"P4, P6: the window on {args.window}, {settings.window_runs} fresh processes of each kind")
            figures = measures.p4_p6_window(args.window, settings.window_runs)
        else:
            figures = measure(settings, work_dir, log)
    finally:
        if holder is not None:
            holder.cleanup()
    after = machine()
    print(f"CountDesk benchmark, {settings.name} fixture ({settings.tables} tables, {settings.rounds} "
          "rounds per contest)")
    print(f"Machine: {before['nproc']} × {before['cpu']}, {before['memory']}, {before['os']}; "
          f"Python {before['python']}, SQLite {before['sqlite']}, {before['qt']}; "
          f"load average {before['load']} before, {after['load']} after")
    print()
    print(table(figures))
    notes = [f"{f.id}: {f.note}" for f in figures if f.note]
    if notes:
        print()
        print("Notes: " + "; ".join(notes) + ".")
    if args.json:
        args.json.write_text(json.dumps([f.as_json() for f in figures], ensure_ascii=False, indent=1)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
