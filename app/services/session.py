"""Who is at the keyboard: people with PINs (scrypt), signing in, and the actor every saved figure names."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from app.domain.people import ROLES, Person, pin_problem
from app.services.errors import BadInput
from app.store import CountStore
from app.store.audit import Actor
from app.store.people import add_person, find_person, people

# scrypt cost: ~50 ms on a count laptop; parameters are stored with each hash so they can rise.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024  # n=2**14, r=8 needs 16 MiB; OpenSSL's default cap is 32 MiB


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


class Session:
    """The person signed in on this laptop now; None until someone signs in."""

    def __init__(self, store: CountStore) -> None:
        self._store = store
        self.current: Person | None = None

    @property
    def actor(self) -> Actor:
        if self.current is None:
            raise BadInput("nobody is signed in; sign in with your name and PIN first.")
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
            actor = self.actor
            if actor.role not in ("administrator", "returning-officer"):
                raise BadInput("only an administrator or the Returning Officer may add users.")
        elif role not in ("administrator", "returning-officer"):
            raise BadInput("the first user must be an administrator or the Returning Officer.")
        else:
            actor = Actor(name, role)
        with self._store.action(actor, "add-person", f"person {name}", after={"role": role}) as db:
            add_person(db, name, role, hash_pin(pin))
        return Person(name, role)

    def sign_in(self, name: str, pin: str) -> Person:
        row = find_person(self._store.db, name.strip())
        if row is None or not row.active or not pin_matches(pin, row.pin_hash):
            raise BadInput("that name and PIN do not match; try again.")
        self.current = Person(row.name, row.role)
        return self.current

    def sign_out(self) -> None:
        self.current = None
