"""A child process that saves count sheets through the real store, one acknowledgement per COMMIT."""

# Used by the kill (R1) and disk-full (R2) harnesses. The child is forked from the test process
# before any connection is open (a connection must never cross a fork), opens the count file
# itself, and writes "<id>\n" to its pipe only after store.action() has returned, i.e. after
# COMMIT. Each save's sheet names its id in `entered_by`, so the parent can tell exactly which
# saves are in the file. `ack_before_commit` is the deliberately broken variant a harness must
# catch: it acknowledges inside the transaction, before COMMIT.

from __future__ import annotations

import os
import sqlite3
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from app.domain.election import Contest
from app.store import CountStore, StoreError
from app.store.audit import Actor

SAVER = Actor("Fault harness", "operator")
PREFIX = "save-"


@dataclass(frozen=True)
class SaveRun:
    """What a child is asked to do."""

    path: Path
    first: int
    last: int  # exclusive
    ack_before_commit: bool = False
    file_size_limit: int | None = None  # bytes (RLIMIT_FSIZE) for the disk-full harness
    lift_limit_after_failures: int = 0  # R2: raise the limit again after this many failures
    ack_despite_error: bool = False  # R2's broken variant: "Saved" shown although the save failed


def _write(fd: int, text: str) -> None:
    os.write(fd, text.encode())


def run_saver(job: SaveRun, fd: int) -> None:
    """The child's whole life: open, report ready, save job.first..job.last, acknowledge each."""
    from app.store.recorder import record_sheet  # imported before the fork by the parent too

    if job.file_size_limit is not None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (job.file_size_limit, hard))
    store = CountStore.open(job.path)
    contest_ids = store.contest_ids()
    known: dict[str, Contest] = {}  # loaded as saves reach them: a restart stays quick
    _write(fd, "ready\n")
    failures = 0
    for number in range(job.first, job.last):
        # Saves go round the contests, as at a count with many contests open at once.
        contest_id = contest_ids[number % len(contest_ids)]
        contest = known.get(contest_id) or known.setdefault(contest_id, store.contest(contest_id))
        sheets = [s for r in contest.rounds for s in r.sheets]
        sheet = sheets[number // len(contest_ids) % len(sheets)]
        try:
            with store.action(SAVER, "enter-sheet", f"sheet {PREFIX}{number}") as db:
                record_sheet(db, contest.id, contest.rounds[-1].number, sheet, source="entry",
                             entered_by=f"{PREFIX}{number}")
                if job.ack_before_commit:
                    _write(fd, f"{number}\n")
        except (StoreError, sqlite3.Error) as error:
            failures += 1
            kind = type(error).__name__
            _write(fd, f"failed {number} {kind} {str(error).replace(chr(10), ' ')}\n")
            if job.ack_despite_error:
                _write(fd, f"{number}\n")
            if failures == job.lift_limit_after_failures:
                import resource

                _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
                resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
                _write(fd, "space returned\n")
            continue
        if not job.ack_before_commit:
            _write(fd, f"{number}\n")
    store.close()
    _write(fd, "done\n")


def fork_saver(job: SaveRun) -> tuple[int, int]:
    """Start a child saving `job`; returns (pid, read end of its acknowledgement pipe)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 0
        try:
            os.close(read_end)
            run_saver(job, write_end)
        except BaseException:
            traceback.print_exc(file=sys.stderr)
            code = 3
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def saved_ids(path: Path) -> tuple[list[int], str]:
    """Every save id present in the file (duplicates kept) and SQLite's integrity verdict."""
    conn = sqlite3.connect(path)
    try:
        verdict = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        rows = conn.execute("SELECT entered_by FROM sheet WHERE entered_by LIKE ?", [f"{PREFIX}%"])
        ids = [int(str(name)[len(PREFIX):]) for (name,) in rows]
    finally:
        conn.close()
    return ids, verdict
