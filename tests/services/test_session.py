"""People and PINs: scrypt hashes stored with their parameters, sign-in, who may add users."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.session import NotAllowed, hash_pin, pin_matches


@pytest.fixture
def count_file(examples_dir: Path, tmp_path: Path) -> CountFile:
    return CountFile.import_package(examples_dir / "abbey.package.json", tmp_path / "a.countdesk")


def test_pin_hash_carries_parameters_and_never_the_pin() -> None:
    stored = hash_pin("2468")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert "2468" not in stored and len(salt) == 32 and len(digest) == 128
    assert pin_matches("2468", stored) and not pin_matches("2469", stored)
    assert not pin_matches("2468", "garbage")
    assert hash_pin("2468") != stored  # salted


def test_first_user_is_an_administrator_then_others_are_added_by_them(count_file: CountFile) -> None:
    session = count_file.session
    with pytest.raises(BadInput, match="first user"):
        session.add_person("Olu", "operator", "1111")
    session.add_person("Helen Marsh", "returning-officer", "9876")
    with pytest.raises(BadInput, match="nobody is signed in"):
        session.add_person("Olu", "operator", "1111")
    session.sign_in("Helen Marsh", "9876")
    session.add_person("Olu", "operator", "1111")
    session.add_person("Siân", "operator", "2222")
    session.sign_in("Olu", "1111")
    with pytest.raises(NotAllowed, match="only the Returning Officer or an administrator may add users"):
        session.add_person("Zoë", "operator", "3333")
    with pytest.raises(BadInput, match="do not match"):
        session.sign_in("Siân", "1111")
    assert [p.name for p in session.people()] == ["Helen Marsh", "Olu", "Siân"]
    assert session.actor.name == "Olu"
    actions = [r[0] for r in count_file.store.db.execute("SELECT action FROM event ORDER BY seq")]
    assert actions.count("add-person") == 3
    # every attempt is on the record: refusals, sign-ins and the wrong PIN too
    assert actions.count("denied") == 2 and actions.count("sign-in") == 2
    assert actions.count("sign-in-failed") == 1
    assert count_file.fingerprint().event_count == len(actions) == 2 + 3 + 2 + 2 + 1


def test_pins_are_not_stored_in_the_file(count_file: CountFile) -> None:
    count_file.session.add_person("Helen Marsh", "returning-officer", "secret-passphrase")
    path = count_file.path
    count_file.close()
    conn = sqlite3.connect(path)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert "secret-passphrase" not in dump
