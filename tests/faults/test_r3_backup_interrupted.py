"""R3: backups interrupted at 20 random points; no partial copy passes as a backup; restores are exact."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.result import compute_result
from app.store import CountStore
from app.store import backup as backup_module
from app.store.audit import Actor
from app.store.backup import BackupError, check_backup, generations, place_copy, write_backup

POINTS = 20
STEP_PAGES = 2  # the small file then takes about 30 steps: 30 places to be interrupted
MODES = ("raise", "remove-target", "truncate-target", "kill")
Writer = Callable[..., object]


class Interrupted(Exception):
    pass


@dataclass
class InterruptReport:
    points: int = 0
    refused_clearly: int = 0
    listed_but_bad: list[str] = field(default_factory=list)  # a generation that does not check out
    partial_accepted: list[str] = field(default_factory=list)  # a partial that passed the checks
    previous_broken: list[str] = field(default_factory=list)
    restores: int = 0
    restore_differs: list[str] = field(default_factory=list)


def _results(store: CountStore) -> list[dict[str, object]]:
    return [compute_result(store.contest(c)).as_json() for c in store.contest_ids()]


def naive_backup(store: CountStore, folder: Path, *, taken: datetime, progress: object, **_: object) -> Path:
    """The broken variant: straight into the generation's name, no temporary name, no check."""
    events = store.fingerprint()[1]
    target = folder / f"{store.path.stem}-{taken:%Y%m%d-%H%M%S}-{events}.countdesk"
    conn = sqlite3.connect(target)
    try:
        store.db.conn.backup(conn, pages=STEP_PAGES, progress=progress)  # type: ignore[arg-type]
    finally:
        conn.close()
    return target


def _progress(mode: str, at_step: int, folder: Path) -> Callable[[int, int, int], None]:
    steps = [0]

    def progress(status: int, remaining: int, total: int) -> None:
        steps[0] += 1
        if steps[0] != at_step:
            return
        if mode == "remove-target":
            for path in list(folder.glob(".*.partial")) or sorted(folder.glob("*.countdesk"))[-1:]:
                path.unlink()
        if mode == "raise":
            raise Interrupted(f"{mode} at step {at_step}")

    return progress


@contextmanager
def _cut_short_before_sync(active: bool, rng: random.Random) -> Iterator[None]:
    """The drive loses the copy's tail before it is synced (SQLite writes the copy's pages at
    the end of the copy, so this is where a short copy can happen)."""
    if not active:
        yield
        return
    real = backup_module._sync_file

    def cut_then_sync(path: Path) -> None:
        os.truncate(path, int(path.stat().st_size * rng.uniform(0.1, 0.95)))
        real(path)

    backup_module._sync_file = cut_then_sync
    try:
        yield
    finally:
        backup_module._sync_file = real


def _kill_during_backup(path: Path, folder: Path, taken: datetime, delay: float) -> None:
    """A child backs up slowly; the parent SIGKILLs it part-way (the file must be closed here)."""
    pid = os.fork()
    if pid == 0:
        try:
            store = CountStore.open(path)
            write_backup(store, folder, taken=taken, keep=50, pages_per_step=STEP_PAGES,
                         progress=lambda *_: time.sleep(0.002))
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def interruption_campaign(path: Path, folder: Path, writer: Writer, seed: int) -> InterruptReport:
    rng = random.Random(seed)
    report = InterruptReport()
    taken = datetime(2029, 5, 4, 1, 0, 0)
    store = CountStore.open(path)
    good = [(write_backup(store, folder, taken=taken, keep=50).path, store.fingerprint(), _results(store))]
    for point in range(POINTS):
        taken += timedelta(minutes=1)
        mode = MODES[point % len(MODES)] if writer is write_backup else "raise"
        with store.action(Actor("Clerk", "operator"), "note", f"point {point}"):
            pass  # the file moves on between backups
        report.points += 1
        if mode == "kill":
            store.close()
            _kill_during_backup(path, folder, taken, rng.uniform(0.005, 0.08))
            store = CountStore.open(path)
        else:
            try:
                with _cut_short_before_sync(mode == "truncate-target", rng):
                    writer(store, folder, taken=taken, keep=50, pages_per_step=STEP_PAGES,
                           progress=_progress(mode, rng.randrange(1, 28), folder))
            except (BackupError, Interrupted):
                report.refused_clearly += 1
        listed = generations(folder, path.stem)
        for generation in listed:
            if check_backup(generation):
                report.listed_but_bad.append(f"point {point} ({mode}): {generation.name}")
        for partial in folder.glob(".*.partial"):
            if not check_backup(partial) and partial.stat().st_size and mode != "kill":
                report.partial_accepted.append(f"point {point} ({mode}): {partial.name}")
        for earlier, _, _ in good:
            if check_backup(earlier):
                report.previous_broken.append(f"point {point}: {earlier.name}")
        if point % 4 == 3:  # a clean backup now and then, to restore at the end
            taken += timedelta(seconds=30)
            made = write_backup(store, folder, taken=taken, keep=50)
            good.append((made.path, store.fingerprint(), _results(store)))
    store.close()
    for number, (backup, fingerprint, results) in enumerate(good):
        restored = place_copy(backup, folder.parent / f"restored-{number}.countdesk").path
        copy = CountStore.open(restored)
        report.restores += 1
        if copy.fingerprint() != fingerprint or _results(copy) != results:
            report.restore_differs.append(backup.name)
        copy.close()
    return report


def test_interrupted_backups_never_pass_and_restores_are_exact(riverside: Path, tmp_path: Path) -> None:
    path = riverside
    folder = tmp_path / "usb"
    folder.mkdir()
    report = interruption_campaign(path, folder, write_backup, seed=3)
    print(f"R3: {report.points} interruptions; {report.refused_clearly} refused with a clear error, "
          f"the rest killed; {len(report.listed_but_bad)} bad generations listed; "
          f"{report.restores} backups restored, {len(report.restore_differs)} differing")
    assert report.points == POINTS and report.refused_clearly == POINTS - POINTS // len(MODES)
    assert report.listed_but_bad == [] and report.partial_accepted == [] and report.previous_broken == []
    assert report.restores == 1 + POINTS // 4 and report.restore_differs == []


def test_a_backup_folder_pulled_out_mid_copy_is_a_clear_error(riverside: Path, tmp_path: Path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    store = CountStore.open(riverside)

    def yank(status: int, remaining: int, total: int) -> None:
        shutil.rmtree(folder)

    try:
        write_backup(store, folder, taken=datetime(2029, 5, 4), keep=3, pages_per_step=4, progress=yank)
    except BackupError as error:
        assert "check that the drive is plugged in" in str(error) or "did not check out" in str(error)
    else:
        raise AssertionError("a backup to a folder that vanished reported success")
    finally:
        store.close()
    assert not folder.exists()


def test_the_harness_catches_a_backup_written_straight_to_its_name(riverside: Path, tmp_path: Path) -> None:
    path = riverside
    folder = tmp_path / "usb"
    folder.mkdir()
    report = interruption_campaign(path, folder, naive_backup, seed=3)
    assert report.listed_but_bad
