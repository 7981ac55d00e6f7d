"""Offline by design: the demo runs end to end without opening a socket or importing a network module."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.offline_guard import GUARD_EXIT

GUARD = Path(__file__).with_name("offline_guard.py")


@pytest.fixture
def guarded_env(tmp_path: Path, repo_root: Path) -> dict[str, str]:
    """The environment of a Python that loads the guard as its sitecustomize before anything else."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(GUARD, site / "sitecustomize.py")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "QT_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(repo_root)])
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(tmp_path / "home")  # nothing may land in the real user's folders
    env["XDG_DATA_HOME"] = str(tmp_path / "home" / "data")
    return env


def run_guarded(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_demo_opens_no_socket_and_imports_no_network_module(
    guarded_env: dict[str, str], tmp_path: Path, repo_root: Path
) -> None:
    folder = tmp_path / "demo"
    done = run_guarded(guarded_env, "-m", "app", "demo", "--no-window", "--folder", str(folder), cwd=tmp_path)

    assert done.returncode != GUARD_EXIT, done.stderr
    assert done.returncode == 0, done.stderr
    assert list(folder.glob("declaration-*.pdf")), done.stdout


@pytest.mark.parametrize(
    "code",
    [
        "import socket; socket.socket()",
        "import socket; socket.getaddrinfo('localhost', 80)",
        "import http.client",
        "import urllib.request",
        "import smtplib",
    ],
)
def test_the_guard_catches_network_use(guarded_env: dict[str, str], tmp_path: Path, code: str) -> None:
    """The guard itself: each of these must be stopped, or the test above proves nothing."""
    done = run_guarded(guarded_env, "-c", code, cwd=tmp_path)

    assert done.returncode == GUARD_EXIT, (done.returncode, done.stderr)
    assert "OFFLINE GUARD" in done.stderr
