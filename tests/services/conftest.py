"""Shared fixtures of the service tests: the riverside example with its people, copied per test."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.count_file import CountFile
from tests.domain.sheet_builder import demo_without_rounds

RO_PIN, OLU_PIN = "ro-pin-9876", "olu-pin-1111"


def riverside_with_people(examples_dir: Path, folder: Path, *, signed_in: bool) -> Path:
    """Riverside imported, with a Returning Officer (Helen Marsh) and an operator (Olu); the RO still
    signed in or, with signed_in=False, signed out again."""
    target = folder / "riverside.countdesk"
    with CountFile.import_package(examples_dir / "riverside.package.json", target) as count_file:
        count_file.session.add_person("Helen Marsh", "returning-officer", RO_PIN)
        count_file.session.sign_in("Helen Marsh", RO_PIN)
        count_file.session.add_person("Olu", "operator", OLU_PIN)
        if not signed_in:
            count_file.session.sign_out()
    return target


@pytest.fixture
def count_file(template: Path, tmp_path: Path) -> Iterator[CountFile]:
    """A fresh copy of the test module's `template` count file, open."""
    target = tmp_path / "riverside.countdesk"
    shutil.copyfile(template, target)
    with CountFile.open(target) as opened:
        yield opened


DEMO_PINS = {"Helen Marsh": "9876", "Olu": "1111", "Siân": "2222", "Sam": "3333"}


def demo_to_key(folder: Path, *, signed_in: bool) -> tuple[CountFile, dict[str, dict[str, object]]]:
    """The demo with its boxes verified and no sheet keyed, and its paper sheets; a Returning Officer
    (Helen Marsh), two operators (Olu, Siân) and a supervisor (Sam); the RO signed in, or nobody."""
    package, papers = demo_without_rounds(folder)
    count_file = CountFile.import_package(package, folder / "demo.countdesk")
    session = count_file.session
    session.add_person("Helen Marsh", "returning-officer", DEMO_PINS["Helen Marsh"])
    session.sign_in("Helen Marsh", DEMO_PINS["Helen Marsh"])
    for name, role in (("Olu", "operator"), ("Siân", "operator"), ("Sam", "supervisor")):
        session.add_person(name, role, DEMO_PINS[name])
    if not signed_in:
        session.sign_out()
    return count_file, papers


def leftover_wal(beside: Path) -> Path:
    """The write-ahead log of an earlier SQLite file, deleted without it (a crash, or someone tidying
    by hand), lying beside `beside` as its -wal: SQLite would replay it over a new file made there."""
    earlier = beside.with_name(f"earlier-{beside.stem}.db")
    conn = sqlite3.connect(earlier)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE t(x)")
    conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1000)])
    conn.commit()
    leftover = Path(f"{beside}-wal")
    shutil.copyfile(Path(f"{earlier}-wal"), leftover)
    conn.close()
    return leftover
