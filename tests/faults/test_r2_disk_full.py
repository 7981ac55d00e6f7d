"""R2: a full disk. Each failing save says so, is never acknowledged; the file stays sound and works again."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.services.integrity import verify_count_file
from app.store import CountStore, SaveFailedError
from app.store.audit import Actor
from app.store.recorder import record_sheet
from tests.faults.sheet_saver import SaveRun, fork_saver, saved_ids

CLERK = Actor("Fault harness", "operator")
LIMITS = 12  # file-size limits stepped through, each a separate run


@dataclass
class FullReport:
    failures: int = 0
    acknowledged: set[int] = field(default_factory=set)
    unclear: list[str] = field(default_factory=list)  # failures whose message does not say what to do
    shown_saved_but_missing: list[int] = field(default_factory=list)
    failed_but_present: list[int] = field(default_factory=list)
    saved_after_space_returned: int = 0
    integrity: list[str] = field(default_factory=list)


def _save(store: CountStore, number: int) -> None:
    contest = store.contest(store.contest_ids()[number % len(store.contest_ids())])
    sheet = contest.rounds[0].sheets[0]
    with store.action(CLERK, "enter-sheet", f"sheet save-{number}") as db:
        record_sheet(
            db, contest.id, contest.rounds[-1].number, sheet, source="entry", entered_by=f"save-{number}"
        )


def test_max_page_count_refuses_clearly_and_recovers(riverside: Path) -> None:
    store = CountStore.open(riverside)
    failed: list[int] = []
    acknowledged: list[int] = []
    number = 0
    for extra in (1, 2, 3, 5, 8, 13, 21, 34):
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + extra}")
        for _ in range(500):
            try:
                _save(store, number)
            except SaveFailedError as error:
                assert "could not be saved: the disk is full" in str(error)
                assert "Nothing of this action was saved" in str(error)
                failed.append(number)
                number += 1
                break
            acknowledged.append(number)
            number += 1
        else:
            pytest.fail(f"no save failed with {extra} pages to spare")
        assert store.integrity_check() == "ok"
        store.db.execute("PRAGMA max_page_count = 1073741823")  # space returns
        _save(store, number)
        acknowledged.append(number)
        number += 1
    store.close()
    present, verdict = saved_ids(riverside)
    assert verdict == "ok" and len(failed) == 8
    assert set(acknowledged) <= set(present) and not set(failed) & set(present)
    assert len(present) == len(set(present))
    print(f"R2 max_page_count: {len(failed)} failing saves refused clearly, {len(acknowledged)} saved")
    assert verify_count_file(riverside).ok


def _run_with_limit(path: Path, first: int, limit: int, broken: bool) -> tuple[list[str], int]:
    job = SaveRun(path, first, first + 40, file_size_limit=limit, lift_limit_after_failures=3,
                  ack_despite_error=broken)
    pid, fd = fork_saver(job)
    data = bytearray()
    while chunk := os.read(fd, 65536):
        data.extend(chunk)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, data.decode()
    return data.decode().splitlines(), first + 40


def file_size_campaign(template: Path, folder: Path, *, broken: bool = False) -> FullReport:
    """Step RLIMIT_FSIZE across LIMITS values; each run fails saves, gets space back, saves again."""
    path = folder / "full.countdesk"
    shutil.copyfile(template, path)
    report = FullReport()
    failed: set[int] = set()
    first = 0
    for step in range(LIMITS):
        limit = 4096 * (3 + 7 * step)  # the write-ahead log hits it within a few saves
        lines, first = _run_with_limit(path, first, limit, broken)
        lifted = False
        for line in lines:
            if line.startswith("failed "):
                _, number, kind, message = line.split(" ", 3)
                report.failures += 1
                failed.add(int(number))
                if kind != "SaveFailedError" or "Nothing of this action was saved" not in message:
                    report.unclear.append(line)
            elif line == "space returned":
                lifted = True
            elif line.isdigit():
                report.acknowledged.add(int(line))
                report.saved_after_space_returned += lifted
        present, verdict = saved_ids(path)
        if verdict != "ok":
            report.integrity.append(f"limit {limit}: {verdict}")
        report.shown_saved_but_missing = sorted(report.acknowledged - set(present))
        report.failed_but_present = sorted(failed & set(present))
    return report


def test_a_file_size_limit_refuses_clearly_and_recovers(ge2017_template: Path, fast_folder: Path) -> None:
    report = file_size_campaign(ge2017_template, fast_folder)
    print(f"R2 RLIMIT_FSIZE: {report.failures} failing saves over {LIMITS} limits, all refused clearly; "
          f"{len(report.acknowledged)} saved, {report.saved_after_space_returned} after space returned")
    assert report.failures >= 3 * LIMITS and report.unclear == []
    assert report.shown_saved_but_missing == [] and report.failed_but_present == []
    assert report.integrity == [] and report.saved_after_space_returned > 0
    assert verify_count_file(fast_folder / "full.countdesk").ok


def test_the_harness_catches_saved_shown_on_a_failed_save(ge2017_template: Path, fast_folder: Path) -> None:
    report = file_size_campaign(ge2017_template, fast_folder, broken=True)
    assert report.shown_saved_but_missing
