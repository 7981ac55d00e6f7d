"""R1: SIGKILL a process saving sheets at random moments; no acknowledged save is ever lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.services.integrity import verify_count_file
from tests.faults.kill_campaign import KillReport, run_kill_campaign


def _campaign(
    template: Path, folder: Path, saves: int, kills: int, **options: bool
) -> tuple[KillReport, Path]:
    path = folder / "r1.countdesk"
    shutil.copyfile(template, path)
    return run_kill_campaign(path, saves=saves, kills=kills, seed=2029, **options), path


def _print(report: KillReport) -> None:
    print(
        f"R1: {report.kills} kills over {report.saves} acknowledged saves in {report.seconds:.1f} s; "
        f"lost {len(report.lost)}, duplicates {len(report.duplicates)}, integrity failures "
        f"{len(report.bad_integrity)}; {report.unacknowledged_but_saved} saved just before a kill "
        "without their acknowledgement (shown on restart)"
    )


def _assert_clean(report: KillReport, path: Path, saves: int, kills: int) -> None:
    assert report.kills >= kills and report.saves >= saves
    assert report.lost == [] and report.duplicates == [] and report.bad_integrity == []
    verified = verify_count_file(path)
    assert verified.ok, verified.findings


def test_kills_lose_no_acknowledged_save(ge2017_template: Path, fast_folder: Path) -> None:
    report, path = _campaign(ge2017_template, fast_folder, 1_000, 50)
    _print(report)
    _assert_clean(report, path, 1_000, 50)


@pytest.mark.slow
def test_two_hundred_kills_over_ten_thousand_saves(ge2017_template: Path, fast_folder: Path) -> None:
    report, path = _campaign(ge2017_template, fast_folder, 10_000, 200)
    _print(report)
    _assert_clean(report, path, 10_000, 200)


def test_the_harness_catches_an_acknowledgement_before_commit(
    ge2017_template: Path, fast_folder: Path
) -> None:
    report, _ = _campaign(ge2017_template, fast_folder, 1_000, 50, ack_before_commit=True,
                          stop_at_first_loss=True)
    assert report.lost, "a save acknowledged before COMMIT and killed must show as lost"
