"""An import into a new file: guards lifted only inside its transaction, digests by scope that verify."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.domain.package import Package, read_package
from app.services.demo import demo_package
from app.store import CountStore
from app.store.audit import Actor
from app.store.import_rows import LIFTED_GUARDS, NotNewError, _check_open
from app.store.running_digests import FORMAT_MARK
from app.store.state_digest import ELECTION, contest_scope

RO = Actor("Helen Marsh", "returning-officer")


def _triggers(store: CountStore) -> list[tuple[str, str]]:
    rows = store.db.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
    return [(str(name), str(sql)) for name, sql in rows]


def _package(examples_dir: Path, name: str = "riverside") -> Package:
    return read_package((examples_dir / f"{name}.package.json").read_bytes())


@pytest.mark.parametrize("name", ["abbey", "riverside", "demo"])
def test_every_imported_scope_records_the_second_format_digest_of_its_stored_rows(
    examples_dir: Path, tmp_path: Path, name: str
) -> None:
    path = demo_package() if name == "demo" else examples_dir / f"{name}.package.json"
    package = read_package(path.read_bytes())
    store = CountStore.create(tmp_path / "f.countdesk")
    store.record_import(package.election, package.contests, "0" * 64, name)
    states = [json.loads(s) for (s,) in store.db.execute("SELECT state FROM event ORDER BY seq")]
    recorded = {scope: digest for state in states for scope, digest in state.items()}
    assert set(recorded) == {ELECTION, *(contest_scope(c.id) for c in package.contests)}
    for scope, digest in recorded.items():
        assert digest.startswith(FORMAT_MARK)  # as a save records: verify recomputes it so
        assert digest == store.audit.state.running_digest(scope)
    assert store.audit.state.check() == [] and store.verify_chain() == []
    store.close()


def test_the_guards_are_back_after_an_import_and_after_a_failed_one(
    examples_dir: Path, tmp_path: Path
) -> None:
    package = _package(examples_dir)
    store = CountStore.create(tmp_path / "f.countdesk")
    before = _triggers(store)
    assert {name for name, _ in before} >= set(LIFTED_GUARDS)
    twice = package.contests + package.contests
    with pytest.raises(sqlite3.IntegrityError):
        store.record_import(package.election, twice, "0" * 64, "x")
    assert _triggers(store) == before
    store.record_import(package.election, package.contests, "0" * 64, "x")
    assert sorted(_triggers(store)) == sorted(before)
    store.close()


def _indexes(store: CountStore) -> list[tuple[str, str]]:
    rows = store.db.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name")
    return [(str(name), str(sql)) for name, sql in rows]


def test_the_lookup_indexes_are_back_and_whole_after_an_import_and_after_a_failed_one(
    examples_dir: Path, tmp_path: Path
) -> None:
    package = _package(examples_dir)
    store = CountStore.create(tmp_path / "f.countdesk")
    before = _indexes(store)
    assert {"sheet_by_contest", "sheet_vote_by_contest"} <= {name for name, _ in before}
    with pytest.raises(sqlite3.IntegrityError):
        store.record_import(package.election, package.contests + package.contests, "0" * 64, "x")
    assert _indexes(store) == before
    store.record_import(package.election, package.contests, "0" * 64, "x")
    assert _indexes(store) == before
    assert store.integrity_check() == "ok"  # every index holds exactly the rows of its table
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT total FROM sheet_vote WHERE contest_id = ?", ["x"]
    ).fetchall()
    assert "sheet_vote_by_contest" in str(plan)
    store.close()


def test_an_import_is_refused_into_a_file_that_is_not_new(examples_dir: Path, tmp_path: Path) -> None:
    package = _package(examples_dir)
    store = CountStore.create(tmp_path / "f.countdesk")
    store.record_import(package.election, package.contests, "0" * 64, "x")
    events = store.fingerprint()
    with pytest.raises(NotNewError):
        store.record_import(package.election, package.contests, "0" * 64, "x")
    assert store.fingerprint() == events
    store.close()


def test_the_per_contest_check_refuses_a_declared_or_suspended_contest(
    examples_dir: Path, tmp_path: Path
) -> None:
    package = _package(examples_dir)
    store = CountStore.create(tmp_path / "f.countdesk")
    store.record_import(package.election, package.contests, "0" * 64, "x")
    contest = package.contests[0]
    _check_open(store.db, contest.id)  # counting: open
    with store.action(RO, "suspend", contest.id) as db:
        db.execute(
            "INSERT INTO suspension (contest_id, action, reason, seals, recorded_by) "
            "VALUES (?, 'suspend', 'fire alarm', '[]', 'RO')",
            [contest.id],
        )
    with pytest.raises(sqlite3.IntegrityError, match="suspended"):
        _check_open(store.db, contest.id)
    with store.action(RO, "resume", contest.id) as db:
        db.execute(
            "INSERT INTO suspension (contest_id, action, reason, seals, recorded_by) "
            "VALUES (?, 'resume', 'all clear', '[]', 'RO')",
            [contest.id],
        )
        db.execute(
            "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by) "
            "VALUES (?, 'declared', 1, '{}', 'RO')",
            [contest.id],
        )
    with pytest.raises(sqlite3.IntegrityError, match="declared and locked"):
        _check_open(store.db, contest.id)
    store.close()


def test_a_raw_edit_after_an_import_is_still_caught(examples_dir: Path, tmp_path: Path) -> None:
    package = _package(examples_dir)
    path = tmp_path / "f.countdesk"
    store = CountStore.create(path)
    store.record_import(package.election, package.contests, "0" * 64, "x")
    store.close()
    conn = sqlite3.connect(path)
    states = [json.loads(s) for (s,) in conn.execute("SELECT state FROM event ORDER BY seq")]
    assert all(d.startswith(FORMAT_MARK) for state in states for d in state.values())  # checked so
    conn.execute("DROP TRIGGER sheet_vote_no_update")
    conn.execute(
        "UPDATE sheet_vote SET total = total + 1 WHERE (sheet_seq, candidate_id) = "
        "(SELECT sheet_seq, candidate_id FROM sheet_vote LIMIT 1)"
    )
    conn.commit()
    conn.close()
    reopened = CountStore.open(path)
    problems = reopened.audit.state.check()
    assert [p.scope for p in problems] == [contest_scope(package.contests[0].id)]
    reopened.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE election SET title = title || ' (edited)'")
    conn.commit()
    conn.close()
    reopened = CountStore.open(path)
    problems = reopened.audit.state.check()
    assert {p.scope for p in problems} == {ELECTION, contest_scope(package.contests[0].id)}
    reopened.close()
