"""Smoke test of the benchmark runner on its --quick fixture: structure only, never timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

IDS = ["P1", "P1.p99", "P2", "P3", "P4", "P4.ready", "P4.whole", "P5.declarations", "P5.import", "P6",
       "P6.paint"]
KEYS = {"id", "what", "ours", "baseline", "ratio", "target", "unit", "met", "note"}


@pytest.mark.slow
def test_quick_run_reports_every_figure_with_its_baseline(repo_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, str(repo_root / "tests" / "benchmarks" / "run.py"), "--quick", "--json", str(out),
         "--work", str(tmp_path / "work")],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert [f["id"] for f in figures] == IDS
    for figure in figures:
        assert set(figure) == KEYS, figure
        assert isinstance(figure["ours"], (int, float)) and figure["ours"] > 0, figure
        assert isinstance(figure["met"], bool) and figure["unit"] in ("ms", "s", "MB")
        if figure["baseline"] is None:
            assert figure["ratio"] is None and figure["id"].startswith("P5"), figure
        else:
            assert figure["baseline"] > 0
            assert figure["ratio"] == pytest.approx(figure["ours"] / figure["baseline"], rel=0.02, abs=0.01)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("CountDesk benchmark, quick fixture")
    machine = lines[1]
    for part in ("Machine: ", "Python 3.", "SQLite 3.", "PySide6 6.", "load average"):
        assert part in machine, machine
    rows = [line for line in lines if line.startswith("| P")]
    assert [row.split("|")[1].strip() for row in rows] == IDS
    untargeted = ("| P4.whole |", "| P4.ready |")
    assert all(row.rstrip().endswith(("| yes |", "| NO |")) for row in rows if not row.startswith(untargeted))
    assert [row for row in rows if row.rstrip().endswith("| — | — |")] == [  # measured, with no target
        row for row in rows if row.startswith(untargeted)
    ]
    assert (tmp_path / "work" / "ge2017.countdesk").is_file()  # --work keeps the files


def test_the_runner_refuses_an_unknown_option(repo_root: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(repo_root / "tests" / "benchmarks" / "run.py"), "--fast"],
        cwd=repo_root, capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 2 and "--fast" in run.stderr
