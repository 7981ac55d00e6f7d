"""The unclean-exit marker: written when the window opens a count file, removed when it closes it cleanly."""

# Why a small file beside the count file and not a row in it: a row would be copied into every
# backup (a restored file would then claim an unclean exit) and would need an event per open.
# The marker is written under a temporary name, synced and renamed, so power lost mid-write leaves
# the old marker or the new one, never half of one. It names the count file by the hash of its
# first audit event (a fresh demo file under the old name is not the file that was open) and,
# refreshed every minute, records when CountDesk was last seen running and the events it saw:
# fewer events in the file than that would mean confirmed saves are missing, and the banner says so.

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.documents import Fingerprint
from app.domain.stage import tables_awaiting, tables_to_count
from app.store import StoreError
from app.store.audit import SYSTEM
from app.store.contest_activity import first_event_hash, last_changes, last_event_at

if TYPE_CHECKING:
    from app.services.count_file import CountFile

HEARTBEAT_S = 60  # how often the open window refreshes the marker


def marker_path(count_path: Path) -> Path:
    """The hidden marker beside the count file: .NAME.countdesk.open."""
    return count_path.with_name(f".{count_path.name}.open")


def _local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class Marker:
    """What the marker records about the session that wrote it."""

    file_id: str
    opened_at: datetime
    alive_at: datetime
    events: int
    host: str
    pid: int


@dataclass(frozen=True)
class ContestFigures:
    """One contest as last saved: its stage, round, last change and sheets accepted this round."""

    contest_id: str
    name: str
    stage: str
    round: int
    last_saved: datetime | None  # local time of the last event that changed the contest's rows
    sheets_accepted: int
    sheets_wanted: int


@dataclass(frozen=True)
class UncleanExit:
    """CountDesk did not close this file properly last time: when it stopped and what is saved."""

    stopped_at: datetime  # the last moment CountDesk was known to be running (local time)
    opened_at: datetime | None
    fingerprint: Fingerprint  # the file as found, before this session wrote anything
    missing_events: int  # events the last session saw that the file no longer holds (0: none)
    contest_ids: tuple[str, ...]  # most recently changed first; contest_figures() reads each
    last_saved: Mapping[str, datetime]  # contest id -> local time its rows last changed


def _read(path: Path) -> Marker | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Marker(
            file_id=str(raw["file_id"]),
            opened_at=datetime.fromisoformat(raw["opened_at"]),
            alive_at=datetime.fromisoformat(raw["alive_at"]),
            events=int(raw["events"]),
            host=str(raw["host"]),
            pid=int(raw["pid"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, marker: Marker) -> None:
    body = json.dumps(
        {
            "file_id": marker.file_id,
            "opened_at": marker.opened_at.isoformat(),
            "alive_at": marker.alive_at.isoformat(),
            "events": marker.events,
            "host": marker.host,
            "pid": marker.pid,
        },
        indent=1,
    )
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def last_saved_times(count_file: CountFile) -> dict[str, datetime]:
    """Contest id -> the local time of the last saved change to its rows."""
    return {key: at.astimezone() for key, at in last_changes(count_file.store).items()}


def contest_figures(count_file: CountFile, contest_id: str, last_saved: datetime | None) -> ContestFigures:
    """One contest as it stands in the file (its result is computed: ~25 ms for 40 tables)."""
    result = count_file.result(contest_id)
    contest = result.contest
    wanted = tables_to_count(contest)
    return ContestFigures(
        contest_id=contest.id,
        name=contest.name,
        stage=result.stage,
        round=result.round,
        last_saved=last_saved,
        sheets_accepted=len(wanted) - len(tables_awaiting(contest)) if contest.rounds else 0,
        sheets_wanted=len(wanted),
    )


def last_saved_figures(count_file: CountFile) -> tuple[ContestFigures, ...]:
    """Every contest as it stands in the file: stage, round, last saved change, sheets accepted."""
    times = last_saved_times(count_file)
    return tuple(contest_figures(count_file, cid, times.get(cid)) for cid in count_file.contest_ids())


class SessionMarker:
    """The marker of one window's session on one count file: begin, heartbeat, end."""

    def __init__(self, count_file: CountFile, now: Callable[[], datetime] = _local_now) -> None:
        self._file = count_file
        self._now = now
        self.path = marker_path(count_file.path)
        self._file_id = first_event_hash(count_file.store)
        self._opened_at: datetime | None = None

    def begin(self) -> UncleanExit | None:
        """Start the session; what the last one left unclosed on this file, if it did."""
        found = self.path.exists()
        old = _read(self.path) if found else None
        unclean = None
        if found and (old is None or old.file_id == self._file_id):
            unclean = self._unclean(old)
            self._log(unclean, old)
        self._opened_at = self._now()
        self.heartbeat()
        return unclean

    def _unclean(self, old: Marker | None) -> UncleanExit:
        fingerprint = self._file.fingerprint()
        last = last_event_at(self._file.store)
        moments = [m.astimezone() for m in (old.alive_at if old else None, last) if m is not None]
        times = last_saved_times(self._file)
        ids = self._file.contest_ids()
        # Most recently changed first: the contest being keyed when it stopped leads the list.
        ids.sort(key=lambda cid: times[cid].timestamp() if cid in times else 0.0, reverse=True)
        return UncleanExit(
            stopped_at=max(moments) if moments else self._now(),
            opened_at=old.opened_at if old else None,
            fingerprint=fingerprint,
            missing_events=max(0, old.events - fingerprint.event_count) if old else 0,
            contest_ids=tuple(ids),
            last_saved=times,
        )

    def _log(self, unclean: UncleanExit, old: Marker | None) -> None:
        after = {
            "last_running": unclean.stopped_at.isoformat(),
            "events": unclean.fingerprint.event_count,
            "missing_events": unclean.missing_events,
            "host": old.host if old else None,
        }
        # Evidence for later: the log shows the file was not closed properly and what it held.
        with contextlib.suppress(StoreError), self._file.store.action(
            SYSTEM, "unclean-exit", f"file {self._file.path.name}", after=after
        ):
            pass

    def heartbeat(self) -> None:
        """Record that CountDesk is running now and how many events it has seen."""
        if self._opened_at is None:
            return
        marker = Marker(
            file_id=self._file_id,
            opened_at=self._opened_at,
            alive_at=self._now(),
            events=self._file.fingerprint().event_count,
            host=socket.gethostname(),
            pid=os.getpid(),
        )
        with contextlib.suppress(OSError):  # a marker that cannot be written must not stop the count
            _write(self.path, marker)

    def end(self) -> None:
        """The window closed the file properly: remove the marker."""
        self._opened_at = None
        for leftover in (self.path, self.path.with_name(self.path.name + ".partial")):
            with contextlib.suppress(OSError):
                leftover.unlink()
