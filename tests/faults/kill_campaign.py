"""The R1 campaign: fork a saver, SIGKILL it at a random moment, check the file, start again."""

from __future__ import annotations

import os
import random
import select
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.sheet_saver import SaveRun, fork_saver, saved_ids


@dataclass
class KillReport:
    saves: int = 0  # acknowledged saves
    kills: int = 0
    lost: list[int] = field(default_factory=list)  # acknowledged but not in the file
    duplicates: list[int] = field(default_factory=list)
    bad_integrity: list[str] = field(default_factory=list)
    unacknowledged_but_saved: int = 0  # committed just before the kill: allowed, shown on restart
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicates or self.bad_integrity)


def _read_lines(fd: int, buffer: bytearray, until: float | None) -> tuple[list[str], bool]:
    """Lines from the pipe: as soon as some arrive, or by the deadline (None: until it closes)."""
    lines: list[str] = []
    while True:
        timeout = None if until is None else max(0.0, until - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return lines, False
        chunk = os.read(fd, 65536)
        if not chunk:
            return lines, True
        buffer.extend(chunk)
        *complete, rest = buffer.split(b"\n")
        buffer[:] = rest
        lines += [line.decode() for line in complete]
        if lines and until is not None:
            return lines, False


def run_kill_campaign(
    path: Path,
    *,
    saves: int,
    kills: int,
    seed: int,
    ack_before_commit: bool = False,
    stop_at_first_loss: bool = False,
) -> KillReport:
    """Save `saves` sheets with at least `kills` SIGKILLs at random moments; check after each.

    Each child is killed after a random number of acknowledgements (on average saves/kills)
    plus a random fraction of a save's time, so kills land anywhere in a transaction.
    """
    rng = random.Random(seed)
    report = KillReport()
    acknowledged: set[int] = set()
    next_id = 0
    per_kill = max(1, saves // kills)
    started = time.monotonic()
    while next_id < saves or report.kills < kills:
        pid, fd = fork_saver(SaveRun(path, next_id, next_id + 2 * saves, ack_before_commit))
        buffer = bytearray()
        lines: list[str] = []
        closed = False
        wanted = rng.randrange(0, 2 * per_kill)
        while not closed and ("ready" not in lines or sum(x.isdigit() for x in lines) < wanted):
            more, closed = _read_lines(fd, buffer, time.monotonic() + 30)
            lines += more
        pause_until = time.monotonic() + rng.uniform(0, 0.01)
        while not closed and time.monotonic() < pause_until:
            more, closed = _read_lines(fd, buffer, pause_until)
            lines += more
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        more, _ = _read_lines(fd, buffer, None)  # what the child wrote before it died
        os.close(fd)
        lines += more
        report.kills += 1
        acknowledged |= {int(line) for line in lines if line.isdigit()}
        stored, verdict = saved_ids(path)
        if verdict != "ok":
            report.bad_integrity.append(f"after kill {report.kills}: {verdict}")
        counts = Counter(stored)
        report.duplicates = sorted(i for i, n in counts.items() if n > 1)
        report.lost = sorted(acknowledged - set(counts))
        next_id = max(set(counts) | acknowledged, default=-1) + 1
        if stop_at_first_loss and not report.clean:
            break
    stored, _ = saved_ids(path)
    report.saves = len(acknowledged)
    report.unacknowledged_but_saved = len(set(stored) - acknowledged)
    report.seconds = time.monotonic() - started
    return report
