"""The frozen bundle dist/countdesk/ behaves as the installed package (skipped until it is built)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import app
from tests.packaging.test_spec import USED_QT_MODULES

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLE = REPO_ROOT / "dist" / "countdesk"
FROZEN = BUNDLE / ("countdesk-cli.exe" if sys.platform == "win32" else "countdesk")


def _stale() -> str | None:
    if not FROZEN.exists():
        return "no frozen bundle: run 'bash packaging/build-linux.sh' first (.ci/run does)"
    built = FROZEN.stat().st_mtime
    newer = [p for p in (REPO_ROOT / "app").rglob("*.py") if p.stat().st_mtime > built]
    if newer:
        return f"dist/countdesk is older than {newer[0].relative_to(REPO_ROOT)}: rebuild it"
    return None


pytestmark = pytest.mark.skipif(_stale() is not None, reason=_stale() or "")


def run(program: list[str], *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    return subprocess.run(
        [*program, *args], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )


def test_it_says_its_version(tmp_path: Path) -> None:
    done = run([str(FROZEN)], "--version", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"CountDesk {app.__version__}"


def test_the_demo_runs_headless_and_writes_the_declaration(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    done = run([str(FROZEN)], "demo", "--no-window", "--folder", str(folder), home=tmp_path)

    assert done.returncode == 0, done.stderr
    (pdf,) = folder.glob("declaration-*.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_result_json_is_the_installed_packages(examples_dir: Path, tmp_path: Path) -> None:
    package = examples_dir / "riverside.package.json"
    installed = [sys.executable, "-m", "app"]
    outputs = []
    for name, program in (("frozen", [str(FROZEN)]), ("installed", installed)):
        path = tmp_path / f"{name}.countdesk"
        imported = run(program, "import", str(package), "--out", str(path), home=tmp_path)
        assert imported.returncode == 0, imported.stderr
        result = run(program, "result", str(path), "--json", home=tmp_path)
        assert result.returncode == 0, result.stderr
        outputs.append(json.loads(result.stdout))

    frozen, from_installed = outputs
    assert frozen == from_installed
    assert frozen[0]["contest"] == json.loads(package.read_text(encoding="utf-8"))["contests"][0]["id"]


def test_the_bundle_holds_only_the_qt_modules_used_and_no_network_client() -> None:
    internal = BUNDLE / "_internal"
    qt = {p.name.split(".")[0] for p in (internal / "PySide6").iterdir() if p.name.startswith("Qt")}
    assert qt - {"Qt"} == USED_QT_MODULES
    dynload = {p.name.split(".")[0] for p in internal.rglob("lib-dynload/*")}
    assert not dynload & {"_ssl", "_tkinter"}
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (internal / "resources" / "demo" / "demo.package.json").is_file()
    assert (internal / "resources" / "icons" / "countdesk-64.png").is_file()
