"""S2: after the declaration, every write path of the services and raw SQL on every table is refused."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.domain.election import Lot, Requester
from app.services import declaration, recounts
from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.verification import Verification
from app.store import ContestLockedError, StoreError
from app.store.audit import Actor
from app.store.recorder import record_lot, record_sheet
from app.store.row_buckets import TableLayout, layouts

RO_PIN, OLU_PIN = "ro-pin-9876", "olu-pin-1111"
CONTEST = "parl.riverside.2029-05-03"
# Refusals by the store's own triggers (the lock itself, append-only rows, the correction rules).
REFUSALS = ("CountDesk: ",)


@pytest.fixture(scope="module")
def declared_template(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Riverside declared through the real workflow: provisional result, then the declaration."""
    path = tmp_path_factory.mktemp("s2") / "declared.countdesk"
    with CountFile.import_package(examples_dir / "riverside.package.json", path) as count_file:
        session = count_file.session
        session.add_person("Helen Marsh", "returning-officer", RO_PIN)
        session.sign_in("Helen Marsh", RO_PIN)
        session.add_person("Olu", "operator", OLU_PIN)
        declaration.record_provisional(count_file, CONTEST)
        declaration.declare(count_file, CONTEST, RO_PIN)
        assert count_file.result(CONTEST).stage == "declared"
    return path


@pytest.fixture
def declared(declared_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "declared.countdesk"
    shutil.copyfile(declared_template, path)
    return path


def _dummy(column_type: str) -> str:
    return "1" if column_type.upper() in ("INTEGER", "REAL") else "'x'"


def raw_writes(conn: sqlite3.Connection, layout: TableLayout) -> list[str]:
    """INSERT, UPDATE and DELETE on the declared contest's rows of one table (those it has)."""
    if layout.kind == "contest":
        where = f"id = '{CONTEST}'"
    elif layout.kind == "sheet":
        where = f"sheet_seq IN (SELECT seq FROM sheet WHERE contest_id = '{CONTEST}')"
    else:
        where = f"contest_id = '{CONTEST}'"
    info = conn.execute(f"PRAGMA table_info('{layout.name}')").fetchall()
    writes = []
    if conn.execute(f"SELECT count(*) FROM {layout.name} WHERE {where}").fetchone()[0]:
        first = str(info[0][1])
        writes += [
            f"UPDATE {layout.name} SET {first} = {first} WHERE {where}",
            f"DELETE FROM {layout.name} WHERE {where}",
        ]
    if layout.kind != "contest":
        values = []
        for column in info:
            name, column_type = str(column[1]), str(column[2])
            if name == "contest_id":
                values.append(f"'{CONTEST}'")
            elif name == "sheet_seq":
                values.append(f"(SELECT max(seq) FROM sheet WHERE contest_id = '{CONTEST}')")
            else:
                values.append(_dummy(column_type))
        writes.append(f"INSERT INTO {layout.name} VALUES ({', '.join(values)})")
    return writes


def raw_sql_campaign(path: Path) -> tuple[int, list[str]]:
    """Every write on every table holding the contest's rows; returns (tried, accepted)."""
    conn = sqlite3.connect(path, isolation_level=None)
    tried, accepted = 0, []
    try:
        for layout in layouts_of(conn):
            if layout.kind == "election":
                continue
            for statement in raw_writes(conn, layout):
                tried += 1
                conn.execute("BEGIN")
                try:
                    conn.execute(statement)
                    accepted.append(statement)
                except sqlite3.DatabaseError as error:
                    if not any(reason in str(error) for reason in REFUSALS):
                        accepted.append(f"{statement} (refused, but not by the store: {error})")
                finally:
                    conn.execute("ROLLBACK")
    finally:
        conn.close()
    return tried, accepted


def layouts_of(conn: sqlite3.Connection) -> list[TableLayout]:
    return layouts(Database(conn))


def test_raw_sql_on_every_table_of_a_declared_contest_is_refused(declared: Path) -> None:
    tried, accepted = raw_sql_campaign(declared)
    print(f"S2 raw SQL: {tried - len(accepted)} of {tried} writes refused by the store")
    assert tried >= 40 and accepted == []


def _service_writes(count_file: CountFile) -> dict[str, Callable[[], object]]:
    contest = count_file.contest(CONTEST)
    box = contest.ballot_boxes[0].id
    desk = Verification(count_file)
    return {
        "verification count": lambda: desk.enter_count(CONTEST, box, "1234"),
        "variance explanation": lambda: desk.explain(CONTEST, box, "found in the wrong box"),
        "recount request": lambda: recounts.request_recount(
            count_file, CONTEST, Requester("T. Ashworth-Lee", "candidate"), "full-recount", "close"
        ),
        "recount rules": lambda: recounts.set_recount_rules(
            count_file, CONTEST, contest.recount_rules, "tighter"
        ),
        "provisional result": lambda: declaration.record_provisional(count_file, CONTEST),
        "lot": lambda: declaration.record_lot(count_file, CONTEST, "zoe", "drawn", ["A", "B"]),
        "suspension": lambda: declaration.suspend(count_file, CONTEST, "fire alarm", ["S1"]),
    }


def _store_writes(count_file: CountFile) -> dict[str, Callable[[], object]]:
    contest = count_file.contest(CONTEST)
    store = count_file.store
    clerk = Actor("Olu", "operator")

    def sheet() -> None:
        with store.action(clerk, "enter-sheet", "sheet") as db:
            record_sheet(db, CONTEST, contest.rounds[-1].number, contest.rounds[0].sheets[0],
                         source="entry", entered_by="Olu")

    def lot() -> None:
        with store.action(clerk, "record-lot", "lot") as db:
            record_lot(db, CONTEST, Lot(tied=("a", "b"), winner="a", method="drawn", witnesses=("w",)))

    return {"sheet through the store": sheet, "lot through the store": lot}


@pytest.mark.parametrize("who", ["Helen Marsh", "Olu"])
def test_every_service_write_path_is_refused_and_nothing_changes(declared: Path, who: str) -> None:
    with CountFile.open(declared) as count_file:
        count_file.session.sign_in(who, RO_PIN if who == "Helen Marsh" else OLU_PIN)
        before = count_file.result(CONTEST).as_json()
        digest = count_file.store.audit.state.digest(f"contest:{CONTEST}")
        paths = {**_service_writes(count_file), **_store_writes(count_file)}
        refused = []
        for name, write in paths.items():
            try:
                write()
            except (ServiceError, StoreError):
                refused.append(name)
        assert refused == list(paths), f"accepted: {sorted(set(paths) - set(refused))}"
        assert count_file.result(CONTEST).as_json() == before
        assert count_file.store.audit.state.digest(f"contest:{CONTEST}") == digest
        logged = count_file.store.db.execute(
            "SELECT count(*) FROM event WHERE action IN ('denied', 'refused')"
        ).fetchone()[0]
        assert logged >= len(paths)  # every refusal is on the record
    print(f"S2 services as {who}: {len(refused)} of {len(paths)} write paths refused")


def test_a_store_write_is_refused_with_the_lock_sentence_and_logged(declared: Path) -> None:
    with CountFile.open(declared) as count_file:
        with pytest.raises(ContestLockedError, match="declared and is locked"):
            _store_writes(count_file)["sheet through the store"]()
        last = count_file.store.db.execute(
            "SELECT action, after FROM event ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        assert last[0] == "refused" and "declared and locked" in last[1]


def test_the_harness_catches_a_schema_without_the_lock(declared: Path) -> None:
    conn = sqlite3.connect(declared)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%declared and locked%'"
    ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.commit()
    conn.close()
    _, accepted = raw_sql_campaign(declared)
    assert accepted
