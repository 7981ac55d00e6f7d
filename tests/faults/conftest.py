"""Shared files for the fault harnesses: made once per session, copied per test."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.count_file import CountFile
from tests.benchmarks.ge2017 import build_package, load_ge2017


@pytest.fixture(scope="session")
def riverside_template(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("faults") / "riverside.countdesk"
    CountFile.import_package(examples_dir / "riverside.package.json", target).close()
    return target


@pytest.fixture
def riverside(riverside_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "riverside.countdesk"
    shutil.copyfile(riverside_template, target)
    return target


@pytest.fixture(scope="session")
def ge2017_template(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All 650 seats of 2017, one count table each: many contests, every figure in effect."""
    folder = tmp_path_factory.mktemp("ge2017")
    seats = load_ge2017(shared_dir / "data" / "ge2017")
    package = folder / "ge2017.json"
    package.write_text(json.dumps(build_package(seats, tables_per_contest=1, rounds=1, bundle_size=50)))
    target = folder / "ge2017.countdesk"
    CountFile.import_package(package, target).close()
    return target


@pytest.fixture
def fast_folder(tmp_path: Path) -> Iterator[Path]:
    """A RAM folder where there is one: a killed process loses nothing the page cache holds, so
    the kill harness needs no disk syncs, and the run is bounded by CPU rather than the disk."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        yield tmp_path
        return
    made = Path(tempfile.mkdtemp(prefix="countdesk-faults-", dir=shm))
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)
