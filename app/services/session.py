"""Who is at the keyboard: PINs (scrypt), sign-in with lockout and back-off, idle lock, the role check."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime

from app.domain.people import ROLES, Person, pin_problem
from app.domain.policy import refusal
from app.services.errors import BadInput, ServiceError
from app.store import CountStore
from app.store.audit import Actor
from app.store.people import add_person, find_person, people
from app.store.sign_in_failures import add_failure, clear_failures, failures_in_a_row

# scrypt cost: ~50 ms on a count laptop; parameters are stored with each hash so they can rise.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024  # n=2**14, r=8 needs 16 MiB; OpenSSL's default cap is 32 MiB

# Lockout (VVSG 11.5, VxSuite's scheme): after 5 wrong PINs in a row, 15 s, doubling with each
# further wrong PIN, never more than an hour so a Returning Officer is not shut out all night.
LOCKOUT_AFTER = 5
FIRST_LOCKOUT_S = 15
MAX_LOCKOUT_S = 3600
IDLE_LOCK_S = 300  # a shared laptop locks after 5 minutes without a key press

NOBODY = Actor("(nobody signed in)", "none")


class WrongPin(BadInput):
    """A PIN that is not the named person's; `then` is what follows (try again, or the lockout)."""

    def __init__(self, message: str, then: str) -> None:
        super().__init__(message)
        self.then = then


class NotAllowed(ServiceError):
    """The signed-in person's role may not do this now; the refusal is in the audit log."""

    exit_code = 2


def hash_pin(pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(
            pin.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
            maxmem=SCRYPT_MAXMEM,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def lockout_seconds(failures: int) -> int:
    """How long sign-in stays locked after this many wrong PINs in a row (0: not locked)."""
    if failures < LOCKOUT_AFTER:
        return 0
    return int(min(FIRST_LOCKOUT_S * 2 ** (failures - LOCKOUT_AFTER), MAX_LOCKOUT_S))


def _seconds(value: float) -> str:
    whole = max(1, round(value))
    return f"{whole} second{'s' if whole != 1 else ''}"


class Session:
    """The person signed in on this laptop now; None until someone signs in or after a lock.

    `now` (wall clock, UTC) times lockouts, which must survive a restart; `monotonic` times the
    idle lock, which must not jump with the clock.
    """

    def __init__(
        self,
        store: CountStore,
        *,
        now: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        idle_limit_s: float = IDLE_LOCK_S,
    ) -> None:
        self._store = store
        self._now = now or (lambda: datetime.now(UTC))
        self._monotonic = monotonic
        self.idle_limit_s = idle_limit_s
        self.current: Person | None = None
        self.locked_person: Person | None = None  # who locked the screen (idle or on purpose)
        self._last_activity = monotonic()

    @property
    def actor(self) -> Actor:
        """Who is acting now; refuses when nobody is signed in or the screen has idle-locked."""
        self.lock_if_idle()
        if self.current is None:
            if self.locked_person is not None:
                raise BadInput(
                    f"the screen is locked; {self.locked_person.name}, sign in again with your PIN "
                    "(or another user may sign in)."
                )
            raise BadInput("nobody is signed in; sign in with your name and PIN first.")
        self.touch()
        return Actor(self.current.name, self.current.role)

    def people(self) -> list[Person]:
        return [Person(row.name, row.role) for row in people(self._store.db) if row.active]

    def add_person(self, name: str, role: str, pin: str) -> Person:
        """Add a user. The first user of a file must be an administrator or Returning Officer."""
        name = name.strip()
        if not name:
            raise BadInput("give the person's name.")
        if role not in ROLES:
            raise BadInput(f"{role!r} is not a role; choose one of {', '.join(ROLES)}.")
        problem = pin_problem(pin)
        if problem:
            raise BadInput(f"{problem}; choose another.")
        existing = people(self._store.db)
        if any(row.name.casefold() == name.casefold() for row in existing):
            raise BadInput(f"{name} is already a user of this count file; choose another name.")
        if existing:
            actor = require(self, "add-person", None, f"person {name}")
        elif role not in ("administrator", "returning-officer"):
            raise BadInput("the first user must be an administrator or the Returning Officer.")
        else:
            actor = Actor(name, role)
        with self._store.action(actor, "add-person", f"person {name}", after={"role": role}) as db:
            add_person(db, name, role, hash_pin(pin))
        return Person(name, role)

    # signing in and out
    def sign_in(self, name: str, pin: str) -> Person:
        """Sign in; after repeated wrong PINs the name is locked for a while, and every try is logged."""
        name = name.strip()
        failures, latest = failures_in_a_row(self._store.db, name)
        wait = lockout_seconds(failures)
        if wait and latest is not None:
            remaining = wait - (self._now() - latest).total_seconds()
            if remaining > 0:
                with self._store.action(
                    NOBODY, "sign-in-refused", f"person {name}",
                    after={"why": "locked", "failures": failures},
                ):
                    pass
                raise BadInput(
                    f"sign-in for {name} is locked after {failures} wrong PINs; wait "
                    f"{_seconds(remaining)} and try again, or ask the administrator."
                )
        row = find_person(self._store.db, name)
        if row is None or not row.active or not pin_matches(pin, row.pin_hash):
            with self._store.action(NOBODY, "sign-in-failed", f"person {name}") as db:
                failures = add_failure(db, name, self._now())
            wait = lockout_seconds(failures)
            then = f"; sign-in for {name} is now locked for {_seconds(wait)}" if wait else "; try again"
            raise WrongPin(f"that name and PIN do not match{then}.", then)
        person = Person(row.name, row.role)
        with self._store.action(Actor(person.name, person.role), "sign-in", f"person {name}") as db:
            clear_failures(db, name)
        self.current = person
        self.locked_person = None
        self.touch()
        return person

    def sign_out(self) -> None:
        if self.current is not None:
            person = self.current
            with self._store.action(Actor(person.name, person.role), "sign-out", f"person {person.name}"):
                pass
        self.current = None
        self.locked_person = None

    # the idle lock (the window calls touch() on input and lock_if_idle() from a timer)
    def touch(self) -> None:
        """Someone is at the keyboard: the idle time starts again."""
        self._last_activity = self._monotonic()

    def idle_seconds(self) -> float:
        return self._monotonic() - self._last_activity

    def lock(self, why: str = "locked by the user") -> None:
        """Lock the screen now: the same person (or another) must sign in again."""
        if self.current is None:
            return
        person = self.current
        with self._store.action(
            Actor(person.name, person.role), "lock", f"person {person.name}", after={"why": why}
        ):
            pass
        self.locked_person = person
        self.current = None

    def lock_if_idle(self) -> bool:
        """Lock when nobody has touched the keyboard for idle_limit_s; True if it locked now."""
        if self.current is None or self.idle_seconds() < self.idle_limit_s:
            return False
        self.lock(f"idle for {round(self.idle_seconds())} seconds")
        return True

    def unlock(self, pin: str) -> Person:
        """The person who locked the screen signs in again (with lockout, like any sign-in)."""
        if self.locked_person is None:
            raise BadInput("the screen is not locked; sign in with your name and PIN.")
        return self.sign_in(self.locked_person.name, pin)

    # the audit of refusals
    def record_denial(self, actor: Actor, action: str, stage: str | None, obj: str, why: str) -> None:
        with self._store.action(
            actor, "denied", obj or action, after={"action": action, "stage": stage, "why": why}
        ):
            pass


def require(session: Session, action: str, stage: str | None, obj: str = "") -> Actor:
    """The one check every service makes before a user action (policy.py); returns who acts.

    A refusal is logged as a `denied` audit event (VVSG 11.1-A) and raised as NotAllowed;
    nobody signed in (or an idle-locked screen) is refused and logged the same way.
    """
    try:
        actor = session.actor
    except BadInput as error:
        session.record_denial(NOBODY, action, stage, obj, str(error))
        raise
    why = refusal(actor.role, action, stage)
    if why is None:
        return actor
    session.record_denial(actor, action, stage, obj, why)
    raise NotAllowed(f"{why}.")
