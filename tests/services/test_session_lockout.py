"""Lockout with back-off, the idle lock and the role check, driven by fake clocks (quality.md S3, S4)."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.session import (
    IDLE_LOCK_S,
    NotAllowed,
    Session,
    lockout_seconds,
    require,
)
from app.store import CountStore

RO_PIN, OLU_PIN, WRONG, WRONG_TOO = "ro-passphrase-9876", "olu-pin-6602", "guess-1357", "guess-2468"


class Clocks:
    """A wall clock and a monotonic clock that move only when told to."""

    def __init__(self) -> None:
        self.wall = datetime(2029, 5, 3, 23, 0, tzinfo=UTC)
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def count_file(examples_dir: Path, tmp_path: Path) -> CountFile:
    made = CountFile.import_package(examples_dir / "abbey.package.json", tmp_path / "a.countdesk")
    session = made.session
    session.add_person("Helen Marsh", "returning-officer", RO_PIN)
    session.sign_in("Helen Marsh", RO_PIN)
    session.add_person("Olu", "operator", OLU_PIN)
    session.sign_out()
    return made


def _session(count_file: CountFile, clocks: Clocks) -> Session:
    return Session(count_file.store, now=clocks.now, monotonic=clocks.monotonic)


def _events(count_file: CountFile, action: str) -> list[tuple[str, str, dict[str, object]]]:
    rows = count_file.store.db.execute(
        "SELECT user, object, after FROM event WHERE action = ? ORDER BY seq", [action]
    ).fetchall()
    return [(r[0], r[1], json.loads(r[2]) if r[2] else {}) for r in rows]


def test_back_off_doubles_from_the_fifth_wrong_pin_up_to_an_hour() -> None:
    assert [lockout_seconds(n) for n in range(7)] == [0, 0, 0, 0, 0, 15, 30]
    assert lockout_seconds(9) == 240 and lockout_seconds(30) == 3600


def test_five_wrong_pins_lock_then_back_off_then_a_good_pin_clears(
    count_file: CountFile, clocks: Clocks
) -> None:
    session = _session(count_file, clocks)
    for _ in range(4):
        with pytest.raises(BadInput, match="do not match; try again"):
            session.sign_in("Olu", WRONG)
    with pytest.raises(BadInput, match="locked for 15 seconds"):
        session.sign_in("Olu", WRONG)
    clocks.advance(10)
    with pytest.raises(BadInput, match="locked after 5 wrong PINs; wait 5 seconds"):
        session.sign_in("Olu", OLU_PIN)  # even the right PIN waits
    assert session.current is None
    clocks.advance(5)
    with pytest.raises(BadInput, match="locked for 30 seconds"):
        session.sign_in("Olu", WRONG_TOO)
    clocks.advance(29)
    with pytest.raises(BadInput, match="wait 1 second "):
        session.sign_in("Olu", OLU_PIN)
    clocks.advance(1)
    assert session.sign_in("Olu", OLU_PIN).name == "Olu"
    with pytest.raises(BadInput, match="try again"):  # the count starts again
        session.sign_in("Olu", WRONG)
    assert len(_events(count_file, "sign-in-failed")) == 7
    assert [after["failures"] for _, _, after in _events(count_file, "sign-in-refused")] == [5, 6]
    assert all(user == "(nobody signed in)" for user, _, _ in _events(count_file, "sign-in-failed"))


def test_a_lockout_survives_closing_the_file(count_file: CountFile, clocks: Clocks) -> None:
    session = _session(count_file, clocks)
    for _ in range(5):
        with pytest.raises(BadInput):
            session.sign_in("Olu", WRONG)
    path = count_file.path
    count_file.close()
    store = CountStore.open(path)
    try:
        with pytest.raises(BadInput, match="locked"):
            Session(store, now=clocks.now, monotonic=clocks.monotonic).sign_in("Olu", OLU_PIN)
    finally:
        store.close()


def test_names_nobody_has_are_locked_the_same_way(count_file: CountFile, clocks: Clocks) -> None:
    session = _session(count_file, clocks)
    for _ in range(5):
        with pytest.raises(BadInput, match="do not match"):
            session.sign_in("Nobody Here", WRONG)
    with pytest.raises(BadInput, match="locked"):
        session.sign_in("Nobody Here", WRONG)


def test_the_screen_locks_after_idle_time_and_the_same_person_unlocks(
    count_file: CountFile, clocks: Clocks
) -> None:
    session = _session(count_file, clocks)
    session.sign_in("Olu", OLU_PIN)
    clocks.advance(IDLE_LOCK_S - 1)
    assert session.actor.name == "Olu"  # acting counts as activity
    clocks.advance(IDLE_LOCK_S - 1)
    assert not session.lock_if_idle()
    clocks.advance(1)
    assert session.lock_if_idle()
    assert session.current is None and session.locked_person is not None
    with pytest.raises(BadInput, match="the screen is locked; Olu, sign in again"):
        _ = session.actor
    with pytest.raises(BadInput, match="do not match"):
        session.unlock(WRONG)
    assert session.unlock(OLU_PIN).name == "Olu"
    [(user, _, after)] = _events(count_file, "lock")
    assert user == "Olu" and after["why"] == f"idle for {IDLE_LOCK_S} seconds"


def test_acting_after_the_idle_limit_is_refused_even_before_the_timer_fires(
    count_file: CountFile, clocks: Clocks
) -> None:
    session = _session(count_file, clocks)
    session.sign_in("Olu", OLU_PIN)
    clocks.advance(IDLE_LOCK_S)
    with pytest.raises(BadInput, match="screen is locked"):
        require(session, "enter-sheet", "counting", "sheet T1")
    [(user, obj, after)] = _events(count_file, "denied")
    assert user == "(nobody signed in)" and obj == "sheet T1" and after["action"] == "enter-sheet"


def test_require_returns_the_actor_or_logs_the_denial(count_file: CountFile, clocks: Clocks) -> None:
    session = _session(count_file, clocks)
    session.sign_in("Olu", OLU_PIN)
    before = count_file.fingerprint().event_count
    assert require(session, "enter-sheet", "counting", "sheet T1").name == "Olu"
    assert count_file.fingerprint().event_count == before  # the action itself logs its event
    with pytest.raises(NotAllowed, match="only the Returning Officer may declare the result"):
        require(session, "declare", "provisional", "contest abbey")
    [(user, obj, after)] = _events(count_file, "denied")
    assert (user, obj) == ("Olu", "contest abbey")
    assert after == {
        "action": "declare",
        "stage": "provisional",
        "why": "only the Returning Officer may declare the result; ask them to sign in",
    }


def test_no_pin_typed_anywhere_is_stored(count_file: CountFile, clocks: Clocks) -> None:
    session = _session(count_file, clocks)
    for pin in (WRONG, WRONG_TOO, OLU_PIN):
        with contextlib.suppress(BadInput):
            session.sign_in("Olu", pin)
    path = count_file.path
    count_file.close()
    raw = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))
    assert b"Olu" in raw  # the check reads the file's bytes
    for pin in (RO_PIN, OLU_PIN, WRONG, WRONG_TOO):
        assert pin.encode() not in raw
