"""The row digests in audit events: the digests kept in memory always equal those read from the rows."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.domain.package import read_package
from app.store import CountStore
from app.store.audit import SYSTEM, Actor
from app.store.recorder import record_contest, record_election, record_sheet
from app.store.row_buckets import layouts
from app.store.running_digests import FORMAT_MARK
from app.store.state_digest import ELECTION, contest_scope

ADMIN = Actor("Test", "administrator")


@pytest.fixture
def store(examples_dir: Path, tmp_path: Path) -> CountStore:
    made = CountStore.create(tmp_path / "f.countdesk")
    for name in ("riverside", "abbey"):
        raw = (examples_dir / f"{name}.package.json").read_bytes()
        package = read_package(raw)
        if name == "abbey":  # one election per file: take abbey's contests only
            with made.action(ADMIN, "import-contest", "abbey") as db:
                for position, contest in enumerate(package.contests, start=10):
                    record_contest(db, contest, position, "import")
        else:
            made.record_import(package.election, package.contests, hashlib.sha256(raw).hexdigest(), name)
    return made


class Oops(Exception):
    pass


def test_random_saves_corrections_and_rollbacks_keep_the_digests_true(store: CountStore) -> None:
    rng = random.Random(7)
    contests = [store.contest(c) for c in store.contest_ids()]
    for step in range(120):
        contest = rng.choice(contests)
        sheet = rng.choice([s for r in contest.rounds for s in r.sheets])
        kind = rng.choice(["sheet", "sheet", "person", "failure", "rollback", "nothing"])
        try:
            with store.action(ADMIN, kind, f"step {step}") as db:
                if kind in ("sheet", "rollback"):
                    record_sheet(db, contest.id, contest.rounds[-1].number, sheet, source="entry",
                                 entered_by=f"op{step}")
                    if kind == "rollback":
                        raise Oops
                elif kind == "person":
                    db.execute(
                        "INSERT OR REPLACE INTO person (name, role, pin_hash) VALUES (?, ?, 'x')",
                        [f"p{rng.randrange(5)}", rng.choice(["operator", "supervisor"])],
                    )
                elif kind == "failure":
                    if rng.random() < 0.5:
                        db.execute("INSERT INTO sign_in_failure (name, at_utc) VALUES ('p1', 'now')")
                    else:
                        db.execute("DELETE FROM sign_in_failure WHERE name = 'p1'")
        except Oops:
            pass
        assert store.audit.state.check() == [], f"step {step}: {kind}"
    assert store.verify_chain() == []


def test_what_an_event_records_is_the_digest_of_the_rows(store: CountStore) -> None:
    contest = store.contest(store.contest_ids()[0])
    with store.action(ADMIN, "enter-sheet", "x") as db:
        record_sheet(db, contest.id, contest.rounds[-1].number, contest.rounds[0].sheets[0],
                     source="entry", entered_by="op")
    state = store.db.execute("SELECT state FROM event ORDER BY seq DESC LIMIT 1").fetchone()[0]
    digest = store.audit.state.running_digest("contest:" + contest.id)
    assert digest.startswith("2:") and state == f'{{"contest:{contest.id}":"{digest}"}}'


def test_an_event_that_changes_no_rows_records_no_state(store: CountStore) -> None:
    with store.action(ADMIN, "sign-in", "x"):
        pass
    assert store.db.execute("SELECT state FROM event ORDER BY seq DESC LIMIT 1").fetchone()[0] is None


def test_moving_rows_between_contests_is_caught(store: CountStore, tmp_path: Path) -> None:
    first, second = store.contest_ids()[:2]
    store.close()
    conn = sqlite3.connect(tmp_path / "f.countdesk")
    conn.execute("DROP TRIGGER sheet_no_update")
    conn.execute(f"UPDATE sheet SET contest_id = '{second}' WHERE seq = (SELECT min(seq) FROM sheet "
                 f"WHERE contest_id = '{first}')")
    conn.commit()
    conn.close()
    reopened = CountStore.open(tmp_path / "f.countdesk")
    assert {p.scope for p in reopened.audit.state.check()} >= {f"contest:{first}", f"contest:{second}"}
    reopened.close()


def test_every_table_is_covered_and_keyed_as_expected(store: CountStore) -> None:
    found = {layout.name: layout for layout in layouts(store.db)}
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert set(found) == tables - {"event", "_sqlite_migrations"}
    assert (found["sheet"].kind, found["sheet"].key) == ("contest_id", "seq")
    assert (found["sheet_vote"].key, found["sheet_rejected"].kind) == ("sheet_seq", "sheet")
    assert found["candidate"].key is None and found["person"].kind == "election"


def test_the_digests_of_every_contest_at_once_equal_each_read_alone(store: CountStore) -> None:
    contest = store.contest(store.contest_ids()[0])
    for step in range(12):  # sheets saved after the import: keys above every contest's, rows after others'
        with store.action(ADMIN, "enter-sheet", f"step {step}") as db:
            record_sheet(db, contest.id, contest.rounds[-1].number, contest.rounds[0].sheets[0],
                         source="entry", entered_by=f"op{step}")
    with store.action(ADMIN, "add-candidate", "x") as db:  # stored last, first in its contest's order
        db.execute(
            "INSERT INTO candidate (contest_id, id, position, surname, forenames, description) "
            "VALUES (?, '0', 99, 'A', 'B', 'C')",
            [contest.id],
        )
    state = store.audit.state
    ids = [*store.contest_ids(), "no-such-contest"]
    together = state.contest_running_digests(ids)
    assert together == {i: state.running_digest(contest_scope(i)) for i in ids}
    assert len(set(together.values())) == len(ids)
    assert all(digest.startswith(FORMAT_MARK) for digest in together.values())


def _rows_key(store: CountStore, scope: str) -> tuple[tuple[str, str], ...]:
    """What content_key must say: every table's digest, read from the rows (no cache)."""
    return tuple(sorted((t, run.digest) for t, run in store.audit.state._scope_run(scope).tables.items()))


def _entry(db: Database, contest_id: str, round_number: int, table: str, cells: int) -> None:
    seq = db.execute(
        "INSERT INTO sheet_entry (contest_id, round_number, table_id, entry_number, operator, state, "
        "confirmed, saved_by) VALUES (?, ?, ?, 1, 'op', 'finished', 0, 'op')",
        [contest_id, round_number, table],
    ).lastrowid
    db.conn.executemany(
        "INSERT INTO entry_cell (entry_seq, contest_id, cell, value, typed_by) VALUES (?, ?, ?, ?, 'op')",
        [(seq, contest_id, f"cell{n:02}", n) for n in range(cells)],
    )


def test_kept_digests_stay_true_through_appends_edits_moves_and_rollbacks_after_the_event(
    store: CountStore,
) -> None:
    """The in-memory digests (running_digests.py) against the rows after every kind of change: rows
    appended under new keys and old ones, edited, deleted and moved between buckets, writes with no
    event, two events in one transaction, and transactions rolled back after their event was made."""
    rng = random.Random(11)
    state = store.audit.state
    contests = [store.contest(c) for c in store.contest_ids()]
    kinds = ["sheet", "entry", "failure", "edit", "move", "forget", "unaudited", "two-events",
             "rollback-after-event", "rollback", "inside-a-rolled-back-one"]
    unaudited = False
    for step in range(160):
        contest = rng.choice(contests)
        last = contest.rounds[-1]
        sheet = rng.choice(last.sheets)
        kind = rng.choice(kinds)
        if kind == "unaudited":  # a write outside any action: the next event digests it
            store.db.execute("INSERT INTO sign_in_failure (name, at_utc) VALUES (?, 'then')", [f"p{step}"])
            unaudited = True
            continue
        try:
            if kind == "inside-a-rolled-back-one":  # an action within an outer transaction
                with store.db.atomic():
                    with store.action(ADMIN, kind, f"step {step}") as db:
                        record_sheet(db, contest.id, last.number, sheet, source="entry", entered_by="op")
                    raise Oops
            if kind == "rollback-after-event":
                store.audit.prepare()
                with store.db.atomic() as db:
                    record_sheet(db, contest.id, last.number, sheet, source="entry", entered_by="op")
                    store.audit.append(ADMIN, kind, f"step {step}")
                    raise Oops
            with store.action(ADMIN, kind, f"step {step}") as db:
                if kind in ("sheet", "rollback", "two-events"):
                    record_sheet(db, contest.id, last.number, sheet, source="entry", entered_by="op")
                if kind in ("entry", "two-events"):
                    _entry(db, contest.id, last.number, sheet.table, rng.randrange(1, 20))
                if kind == "two-events":
                    store.audit.append(ADMIN, "first-half", f"step {step}")
                    _entry(db, contest.id, last.number, sheet.table, 3)
                if kind == "failure":
                    db.execute("INSERT INTO sign_in_failure (name, at_utc) VALUES (?, 'now')", [f"p{step}"])
                elif kind in ("edit", "move", "forget"):
                    seqs = [r[0] for r in db.execute("SELECT seq FROM sign_in_failure ORDER BY seq")]
                    if seqs:
                        seq = rng.choice(seqs)
                        if kind == "edit":
                            db.execute("UPDATE sign_in_failure SET at_utc = ? WHERE seq = ?", [step, seq])
                        elif kind == "move":  # to a key in another bucket, maybe below the others
                            target = max(seqs) + rng.randrange(1, 30) if rng.random() < 0.5 else -step
                            db.execute("UPDATE sign_in_failure SET seq = ? WHERE seq = ?", [target, seq])
                        else:
                            db.execute("DELETE FROM sign_in_failure WHERE seq = ?", [seq])
                if kind == "rollback":
                    raise Oops
            unaudited = False
        except Oops:
            pass
        if not unaudited:  # until an event digests them, such rows are reported, as they should be
            assert state.check() == [], f"step {step}: {kind}"
        for scope in (contest_scope(contest.id), "election"):
            key = state.content_key(scope, frozenset())
            assert key is None or key == _rows_key(store, scope), f"step {step}: {kind}, {scope}"
    assert store.verify_chain() == []
    assert state.content_key(contest_scope(contests[0].id), frozenset()) is not None  # it was kept


def _imported_as_before(examples_dir: Path, path: Path) -> CountStore:
    """A file as CountDesk wrote an import before it recorded the second format: the same rows, and
    an event per scope recording the scope's digest of the first format."""
    made = CountStore.create(path)
    riverside = read_package((examples_dir / "riverside.package.json").read_bytes())
    abbey = read_package((examples_dir / "abbey.package.json").read_bytes())
    contests = riverside.contests + abbey.contests
    state = made.audit.state
    with made.db.atomic():
        record_election(made.db, riverside.election)
        for position, contest in enumerate(contests):
            record_contest(made.db, contest, position, "import 0123456789ab")
        made.audit.append_stated(SYSTEM, "import-election", "election", {ELECTION: state.digest(ELECTION)})
        for contest in contests:
            scope = contest_scope(contest.id)
            digests = {scope: state.digest(scope)}
            made.audit.append_stated(SYSTEM, "import-contest", f"contest {contest.id}", digests)
    return made


def test_an_older_files_first_format_import_verifies_and_after_a_save_both_formats_are_checked(
    examples_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.countdesk"
    store = _imported_as_before(examples_dir, path)
    assert store.audit.state.check() == [] and store.verify_chain() == []
    first, second = store.contest_ids()[:2]
    imported = store.db.execute(
        "SELECT state FROM event WHERE action = 'import-contest' AND object = ?", [f"contest {first}"]
    ).fetchone()[0]
    assert f'"{FORMAT_MARK}' not in imported  # the older import's digests: the first format
    contest = store.contest(first)
    with store.action(ADMIN, "enter-sheet", "x") as db:
        record_sheet(db, first, contest.rounds[-1].number, contest.rounds[0].sheets[0],
                     source="entry", entered_by="op")
    assert store.audit.state.check() == []
    store.close()
    conn = sqlite3.connect(path)
    for table in ("sheet_vote", "round"):
        for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?",
                                    [table]).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
    # a figure in the saved contest (second format) and a round of the other (first format only)
    conn.execute("UPDATE sheet_vote SET total = total + 1 WHERE sheet_seq = (SELECT min(seq) FROM sheet "
                 "WHERE contest_id = ?)", [first])
    conn.execute("UPDATE round SET kind = 'recount' WHERE contest_id = ?", [second])
    conn.commit()
    conn.close()
    reopened = CountStore.open(path)
    assert {p.scope for p in reopened.audit.state.check()} == {contest_scope(first), contest_scope(second)}
    reopened.close()
