"""The import's digests (second format) from the rows as written: byte for byte those read from the file."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.domain.election import Contest
from app.domain.package import Package, read_package
from app.services.demo import demo_package
from app.store import CountStore, import_digest, import_writer
from app.store.clustered_rows import CLUSTERED
from app.store.import_digest import ImportDigests
from app.store.import_rows import IMPORT_CACHE_KIB, _check_references, bulk_settings
from app.store.import_writer import COLUMNS, ContestWriter
from app.store.recorder import record_contest, record_election
from app.store.running_digests import FORMAT_MARK
from app.store.state_digest import ELECTION, StateDigests, contest_scope
from tests.benchmarks import ge2017


def _awkward(examples_dir: Path) -> bytes:
    """riverside with the text SQLite's quote() treats specially: quotes, non-ASCII, commas."""
    data: dict[str, Any] = json.loads((examples_dir / "riverside.package.json").read_bytes())
    contest = data["contests"][0]
    contest["name"] = "St. Mary's, 'Old' Town — Llanfair"
    contest["candidates"][0]["description"] = "Plaid Cymru – The Party of Wales, it's ''quoted''"
    contest["candidates"][0]["commonly_used_surname"] = "O'Brien"
    for box in contest["ballot_boxes"]:
        box["polling_place"] = "Ysgol Gymraeg 'Bro Tawe', Neuadd"
    return json.dumps(data, ensure_ascii=False).encode()


def _ge2017_slice(tmp_path: Path, count: int = 12) -> bytes:
    seats = ge2017.load_ge2017(ge2017.default_data_dir())[:count]
    return json.dumps(ge2017.build_package(seats, tables_per_contest=5, rounds=2)).encode()


def _several(tmp_path: Path) -> Package:
    """Four contests: a first, a last and two between them."""
    return read_package(_ge2017_slice(tmp_path, 4))


@pytest.fixture(params=["abbey", "riverside", "demo", "ge2017-slice", "awkward"])
def package(request: pytest.FixtureRequest, examples_dir: Path, tmp_path: Path) -> Package:
    name = request.param
    if name == "demo":
        raw = demo_package().read_bytes()
    elif name == "ge2017-slice":
        raw = _ge2017_slice(tmp_path)
    elif name == "awkward":
        raw = _awkward(examples_dir)
    else:
        raw = (examples_dir / f"{name}.package.json").read_bytes()
    return read_package(raw)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CountStore]:
    opened = CountStore.create(tmp_path / "f.countdesk")
    yield opened
    opened.close()


def _write(store: CountStore, package: Package) -> ImportDigests:
    """Every contest written as the import writes it, in an open transaction."""
    store.db.execute("BEGIN IMMEDIATE")
    digests = ImportDigests(store.db)
    record_election(store.db, package.election)
    writer = ContestWriter(store.db, digests, "import 0123456789ab")
    for position, contest in enumerate(package.contests):
        writer.write(contest, position)
    return digests


def test_each_contest_digest_computed_as_written_is_the_one_read_from_the_file(
    package: Package, store: CountStore
) -> None:
    digests = _write(store, package)
    ids = [c.id for c in package.contests]
    computed = digests.computed(ids)
    read = {i: store.audit.state.running_digest(contest_scope(i)) for i in ids}
    assert None not in computed.values()  # every contest took the quick path
    assert all(digest.startswith(FORMAT_MARK) for digest in read.values())
    assert computed == read
    assert read == store.audit.state.contest_running_digests(ids)  # the safety net's reading too
    store.db.execute("ROLLBACK")


@pytest.mark.parametrize("chunk", [import_writer.CHUNK, 3])
def test_the_writer_stores_exactly_the_rows_the_recorder_stores(
    package: Package, store: CountStore, tmp_path: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_writer, "CHUNK", chunk)  # 3: many whole chunks and every remainder
    _write(store, package)
    store.db.execute("COMMIT")
    other = CountStore.create(tmp_path / "g.countdesk")
    with other.db.atomic():
        record_election(other.db, package.election)
        for position, contest in enumerate(package.contests):
            record_contest(other.db, contest, position, "import 0123456789ab")
    tables = [str(n) for (n,) in store.db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
    assert set(COLUMNS) <= set(tables)
    for table in tables:
        query = f"SELECT * FROM {table} ORDER BY rowid"
        if table in CLUSTERED:  # WITHOUT ROWID: stored in primary-key order
            query = f"SELECT * FROM {table}"
        if table == "_sqlite_migrations":
            query = f"SELECT name FROM {table} ORDER BY name"
        assert store.db.execute(query).fetchall() == other.db.execute(query).fetchall(), table
    other.close()


def _running(store: CountStore, ids: list[str]) -> dict[str, str]:
    return {i: store.audit.state.running_digest(contest_scope(i)) for i in ids}


def test_a_text_with_a_nul_is_read_back_and_still_digested_right(
    examples_dir: Path, store: CountStore
) -> None:
    # No package may carry a NUL (the reader refuses it): only a Contest built in code can, as an
    # older file's rows could
    read = read_package((examples_dir / "riverside.package.json").read_bytes())
    first = read.contests[0]
    candidates = list(first.candidates)
    candidates[0] = dataclasses.replace(candidates[0], description="Independent\u0000 (after the NUL)")
    contests = (dataclasses.replace(first, candidates=tuple(candidates)), *read.contests[1:])
    package = dataclasses.replace(read, contests=contests)
    digests = _write(store, package)
    ids = [c.id for c in package.contests]
    assert digests.computed(ids)[ids[0]] is None  # quote() stops at the NUL: not reproduced here
    assert None not in list(digests.computed(ids).values())[1:]
    assert digests.digests(store.audit.state, ids) == _running(store, ids)
    store.db.execute("ROLLBACK")


def _with_a_fraction(package: Package, at: int) -> tuple[Contest, ...]:
    """The package's contests with a fraction for the polling place of a ballot box of contest
    `at` (no package can say so: only a Contest built in code), which SQLite stores as '2.5'."""
    contests = list(package.contests)
    boxes = list(contests[at].ballot_boxes)
    boxes[0] = dataclasses.replace(boxes[0], polling_place=2.5)  # type: ignore[arg-type]  # on purpose
    contests[at] = dataclasses.replace(contests[at], ballot_boxes=tuple(boxes))
    return tuple(contests)


def test_a_fraction_is_read_back_and_still_digested_right(tmp_path: Path, store: CountStore) -> None:
    package = _several(tmp_path)
    contests = _with_a_fraction(package, 1)
    digests = _write(store, dataclasses.replace(package, contests=contests))
    ids = [c.id for c in contests]
    assert store.db.execute("SELECT count(*) FROM ballot_box WHERE polling_place = '2.5'").fetchone()[0] == 1
    computed = digests.computed(ids)
    assert computed[ids[1]] is None and None not in (computed[ids[0]], computed[ids[-1]])
    assert digests.digests(store.audit.state, ids) == _running(store, ids)
    store.db.execute("ROLLBACK")


def test_an_imported_fraction_verifies(tmp_path: Path, store: CountStore) -> None:
    package = _several(tmp_path)
    store.record_import(package.election, _with_a_fraction(package, 0), "0" * 64, "slice")
    assert store.audit.state.check() == [] and store.verify_chain() == []


def test_a_wrong_quoting_is_caught_by_the_spot_check_and_every_contest_read_back(
    tmp_path: Path, store: CountStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if SQLite's quote() changed (or a table this module trusts gained a column it fills).
    monkeypatch.setattr(import_digest._Quoted, "__missing__", lambda self, value: f"<{value}>")
    package = _several(tmp_path)
    digests = _write(store, package)
    ids = [c.id for c in package.contests]
    read = _running(store, ids)
    computed = digests.computed(ids)
    assert None not in computed.values() and all(computed[i] != read[i] for i in ids)
    assert digests.digests(store.audit.state, ids) == read
    store.db.execute("ROLLBACK")


def test_a_wrong_quoting_in_the_last_contest_alone_is_caught(
    tmp_path: Path, store: CountStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _several(tmp_path)
    last = package.contests[-1].name  # in that contest's rows alone
    quoting = import_digest._Quoted.__missing__

    def wrong_for_last(self: import_digest._Quoted, value: object) -> str:
        return "<wrong>" if value == last else quoting(self, value)

    monkeypatch.setattr(import_digest._Quoted, "__missing__", wrong_for_last)
    digests = _write(store, package)
    ids = [c.id for c in package.contests]
    read = _running(store, ids)
    computed = digests.computed(ids)
    assert [computed[i] == read[i] for i in ids] == [True, True, True, False]
    assert digests.digests(store.audit.state, ids) == read
    store.db.execute("ROLLBACK")


def test_an_import_with_a_wrong_quoting_reads_every_contest_back_and_verifies(
    tmp_path: Path, store: CountStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_digest._Quoted, "__missing__", lambda self, value: f"<{value}>")
    read_back: list[list[str]] = []
    reading = StateDigests.contest_running_digests

    def noted(self: StateDigests, contest_ids: list[str]) -> dict[str, str]:
        read_back.append(list(contest_ids))
        return reading(self, contest_ids)

    monkeypatch.setattr(StateDigests, "contest_running_digests", noted)
    package = _several(tmp_path)
    store.record_import(package.election, package.contests, "0" * 64, "slice")
    assert read_back == [[c.id for c in package.contests]]
    recorded = {
        scope: digest
        for (state,) in store.db.execute("SELECT state FROM event ORDER BY seq")
        for scope, digest in json.loads(state).items()
    }
    assert recorded == {scope: store.audit.state.running_digest(scope) for scope in recorded}
    assert set(recorded) == {ELECTION, *(contest_scope(c.id) for c in package.contests)}
    assert store.audit.state.check() == [] and store.verify_chain() == []


def test_a_table_written_with_other_columns_is_read_back(examples_dir: Path, store: CountStore) -> None:
    digests = ImportDigests(store.db)
    assert digests.covers("sheet_vote", COLUMNS["sheet_vote"])
    assert not digests.covers("sheet", COLUMNS["sheet"][:-1])  # without `supersedes`
    assert not digests.covers("no_such_table", ("a",))


def test_bulk_settings_put_the_connection_back_as_it_was(store: CountStore) -> None:
    def settings() -> tuple[object, ...]:
        return tuple(
            store.db.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("foreign_keys", "journal_mode", "cache_size", "synchronous")
        )

    before = settings()
    assert before[:2] == (1, "wal")
    with bulk_settings(store.db):
        assert settings()[:3] == (0, "delete", IMPORT_CACHE_KIB)
        assert settings()[3] == before[3]  # synchronous = FULL throughout
    assert settings() == before
    with pytest.raises(ZeroDivisionError), bulk_settings(store.db):
        raise ZeroDivisionError
    assert settings() == before


def test_a_broken_reference_is_refused_once_the_rows_are_written(store: CountStore) -> None:
    with bulk_settings(store.db):
        store.db.execute("BEGIN IMMEDIATE")
        store.db.execute(
            "INSERT INTO sheet_rejected (sheet_seq, head, count) VALUES (41, 'unmarked-or-void', 1)"
        )
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY constraint failed"):
            _check_references(store.db)
        store.db.execute("ROLLBACK")
    # with foreign keys enforced row by row, SQLite refused the row itself: nothing to check later
    with pytest.raises(sqlite3.IntegrityError), store.db.atomic():
        store.db.execute(
            "INSERT INTO sheet_rejected (sheet_seq, head, count) VALUES (41, 'unmarked-or-void', 1)"
        )
