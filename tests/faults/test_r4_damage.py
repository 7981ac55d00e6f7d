"""R4: 100 copies of a count file with 1–16 random bytes damaged: none opens silently with other totals."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from app.services.count_file import CountFile
from tests.benchmarks.ge2017 import build_package, load_ge2017
from tests.faults.damage import open_and_count, run_damage_campaign

COPIES = 100


@pytest.fixture(scope="module")
def large_file(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 seats of 2017 with 8 count tables each: about 0.7 MB, every figure in effect."""
    folder = tmp_path_factory.mktemp("r4")
    seats = load_ge2017(shared_dir / "data" / "ge2017")[:40]
    package = folder / "r4.json"
    package.write_text(json.dumps(build_package(seats, tables_per_contest=8, rounds=1, bundle_size=50)))
    target = folder / "r4.countdesk"
    CountFile.import_package(package, target).close()
    return target


def _failures(outcomes: Counter[str]) -> list[str]:
    return [o for o in outcomes if o not in ("refused", "found", "same")]


def test_no_damaged_copy_opens_silently_with_other_totals(large_file: Path, tmp_path: Path) -> None:
    outcomes = run_damage_campaign(large_file, tmp_path, COPIES, seed=11)
    print(f"R4: {COPIES} damaged copies of {large_file.stat().st_size:,} bytes: {dict(outcomes)}")
    assert sum(outcomes.values()) == COPIES
    assert _failures(outcomes) == []
    assert outcomes["refused"] + outcomes["found"] > COPIES // 2  # the damage was real


@pytest.mark.slow
def test_damaged_copies_of_the_whole_general_election(ge2017_template: Path, tmp_path: Path) -> None:
    outcomes = run_damage_campaign(ge2017_template, tmp_path, COPIES, seed=12)
    print(f"R4 (650 contests): {dict(outcomes)}")
    assert _failures(outcomes) == []


def test_the_harness_catches_a_verify_that_only_opens_and_counts(large_file: Path, tmp_path: Path) -> None:
    outcomes = run_damage_campaign(large_file, tmp_path, COPIES, seed=11, verifier=open_and_count)
    print(f"R4 broken verify: {dict(outcomes)}")
    assert outcomes["SILENTLY DIFFERENT"] > 0
