"""The users of a count file: names, roles and PIN hashes (never the PINs themselves)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.store.schema import migrations


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    pin_hash: str  # "scrypt$n$r$p$salt_hex$hash_hex"
    active: bool


@migrations(name="m002_people")
def m002_people(db: Database) -> None:
    """Users with their role and PIN hash; sign-in failures for lockout."""
    db.execute(
        """CREATE TABLE person (
            name TEXT PRIMARY KEY CHECK (length(name) > 0),
            role TEXT NOT NULL CHECK (role IN
                ('operator', 'supervisor', 'returning-officer', 'administrator')),
            pin_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE sign_in_failure (
            seq INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            at_utc TEXT NOT NULL
        ) STRICT"""
    )


def add_person(db: Database, name: str, role: str, pin_hash: str) -> None:
    db.execute(
        "INSERT INTO person (name, role, pin_hash) VALUES (?, ?, ?)", [name, role, pin_hash]
    )


def find_person(db: Database, name: str) -> UserRow | None:
    row = db.execute(
        "SELECT name, role, pin_hash, active FROM person WHERE name = ?", [name]
    ).fetchone()
    return None if row is None else UserRow(row[0], row[1], row[2], bool(row[3]))


def people(db: Database) -> list[UserRow]:
    return [
        UserRow(r[0], r[1], r[2], bool(r[3]))
        for r in db.execute("SELECT name, role, pin_hash, active FROM person ORDER BY name")
    ]
