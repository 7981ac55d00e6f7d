"""Double-entry rows on real count files: round trips, every version kept, append-only, declared lock."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.domain import double_entry as de
from app.domain.catalogue import problem
from app.domain.double_entry import DoubleEntry, SheetState
from app.domain.entry_cells import count_sheet, part_cell, sheet_layout
from app.domain.entry_check import SheetRules
from app.domain.package import read_package
from app.domain.result import compute_result
from app.store import CountStore
from app.store.audit import Actor
from app.store.entries import (
    TABLES,
    StoredSheet,
    acknowledgements,
    ensure_first_round,
    entry_versions,
    load_double_entry,
    record_acknowledgement,
    record_single_entry,
    sheet_states,
    single_entry_decision,
    write_double_entry,
)
from app.store.recorder import record_sheet

CONTEST = "local.northgate.abbey.2029-05-03"
CLERK = Actor("Clerk", "supervisor")


def without_rounds(examples_dir: Path, tmp_path: Path) -> tuple[CountStore, dict[str, dict[str, object]]]:
    """The abbey ward (3 seats) from its package without rounds, and its round 1 paper sheets."""
    data = json.loads((examples_dir / "abbey.package.json").read_text(encoding="utf-8"))
    papers = {s["table"]: s for s in data["contests"][0]["rounds"][0]["sheets"]}
    for contest in data["contests"]:
        contest.pop("rounds", None)
        contest.pop("lots", None)
    package = read_package(json.dumps(data).encode())
    store = CountStore.create(tmp_path / "f.countdesk")
    store.record_import(package.election, package.contests, "0" * 64, "abbey without rounds")
    return store, papers


def typed_from(rules: SheetRules, paper: dict[str, object]) -> dict[str, int]:
    """The boxes of a package sheet as an operator keys them."""
    votes = paper["votes"]
    assert isinstance(votes, dict)
    figures: dict[str, int] = {}
    for key in rules.layout.keys:
        kind, _, ref = key.partition(":")
        if kind == "votes":
            value = votes[ref]
            figures[key] = value if isinstance(value, int) else value["bundles"] * 50 + value["part"]
        elif kind == "rejected":
            figures[key] = paper["rejected"][ref]  # type: ignore[index]
        else:
            figures[key] = paper[key]  # type: ignore[assignment]
    return figures


def step(store: CountStore, rules: SheetRules, change: object, by: str) -> StoredSheet:
    """Load the sheet, apply one domain step, write it as one audited action; return it re-read."""
    with store.action(CLERK, "test-step", f"table {rules.layout.table_id}") as db:
        ensure_first_round(db, CONTEST)
        stored = load_double_entry(db, rules.layout, False)
        new = change(stored.sheet)  # type: ignore[operator]
        written = write_double_entry(db, stored, new, by)
    read = load_double_entry(store.db, rules.layout, False)
    assert_same(written, read)  # what a write says it left is exactly what its rows read back
    return read


def assert_same(written: StoredSheet, read: StoredSheet) -> None:
    assert written == read
    for mine, theirs in zip(written.sheet.entries, read.sheet.entries, strict=True):
        assert list(mine.figures.items()) == list(theirs.figures.items())
        assert list(mine.typed_by.items()) == list(theirs.typed_by.items())
    assert list(written.sheet.pending) == list(read.sheet.pending)


def rules_of(store: CountStore, table: str) -> SheetRules:
    contest = store.contest(CONTEST)
    result = compute_result(contest)
    return SheetRules(contest, sheet_layout(contest, 1, table), result.expected_papers[table])


def test_a_double_entered_sheet_reads_back_and_counts_exactly_as_an_imported_one(
    examples_dir: Path, tmp_path: Path
) -> None:
    store, papers = without_rounds(examples_dir, tmp_path)
    for table, paper in papers.items():
        rules = rules_of(store, table)
        typed = typed_from(rules, paper)
        step(store, rules, lambda s: de.start(s, "Olu"), "Olu")
        step(store, rules, lambda s, r=rules, t=typed: de.save(s, r, "Olu", t, finish=True), "Olu")
        stored = step(store, rules, lambda s: de.start(s, "Siân"), "Siân")
        assert stored.sheet.state == SheetState.SECOND_IN_PROGRESS
        assert stored.sheet.first is not None and stored.sheet.first.figures == typed
        stored = step(store, rules, lambda s, r=rules, t=typed: de.save(s, r, "Siân", t, finish=True), "Siân")
        assert stored.sheet.state == SheetState.ACCEPTED
    entered = compute_result(store.contest(CONTEST)).as_json()
    imported = CountStore.create(tmp_path / "imported.countdesk")
    raw = (examples_dir / "abbey.package.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    data["contests"][0]["rounds"] = data["contests"][0]["rounds"][:1]
    data["contests"][0].pop("lots", None)
    package = read_package(json.dumps(data).encode())
    imported.record_import(package.election, package.contests, "1" * 64, "abbey round 1")
    assert entered == compute_result(imported.contest(CONTEST)).as_json()
    sources = store.db.execute("SELECT DISTINCT source, entered_by FROM sheet").fetchall()
    assert sources == [("entry", "Olu / Siân")]
    assert sheet_states(store.db, CONTEST, 1) == {"T1": SheetState.ACCEPTED, "T2": SheetState.ACCEPTED}
    assert store.verify_chain() == []


def test_every_version_of_both_entries_is_kept_and_correction_state_round_trips(
    examples_dir: Path, tmp_path: Path
) -> None:
    store, papers = without_rounds(examples_dir, tmp_path)
    rules = rules_of(store, "T1")
    typed = typed_from(rules, papers["T1"])
    key = rules.layout.keys[0]
    slip = {**typed, key: typed[key] + 10}
    step(store, rules, lambda s: de.save(de.start(s, "Olu"), rules, "Olu", typed, finish=True), "Olu")
    stored = step(
        store, rules,
        lambda s: de.save(de.start(s, "Siân"), rules, "Siân", slip, finish=True, confirmed=True),
        "Siân",
    )
    assert stored.sheet.state == SheetState.DIFFERENT
    stored = step(store, rules, lambda s: de.resolve(s, {key: "first"}), "Clerk")
    assert stored.sheet.state == SheetState.CORRECTION
    assert stored.sheet.pending == {2: frozenset({key})}
    assert stored.sheet.second is not None and key not in stored.sheet.second.figures
    assert stored.sheet.second.typed_by == {k: "Siân" for k in typed if k != key}
    stored = step(store, rules, lambda s: de.save(s, rules, "Siân", {key: typed[key]}, finish=True), "Siân")
    assert stored.sheet.state == SheetState.ACCEPTED
    assert entry_versions(store.db, CONTEST) == 4  # first; second; second blanked; second corrected
    values = store.db.execute(
        "SELECT e.entry_number, f.figures ->> ? FROM entry_figures f "
        "JOIN sheet_entry e ON e.seq = f.entry_seq WHERE f.figures ->> ? IS NOT NULL ORDER BY e.seq",
        [f"$.{json.dumps(key)}"] * 2,
    ).fetchall()
    assert values == [(1, typed[key]), (2, typed[key] + 10), (2, typed[key])]  # the slip is kept


def test_imported_sheets_read_as_accepted(examples_dir: Path, tmp_path: Path) -> None:
    store, papers = without_rounds(examples_dir, tmp_path)
    rules = rules_of(store, "T2")
    with store.action(CLERK, "test-import", "T2") as db:
        ensure_first_round(db, CONTEST)
        assert not ensure_first_round(db, CONTEST)  # round 1 is opened once
        record_sheet(db, CONTEST, 1, count_sheet(rules.layout, typed_from(rules, papers["T2"])),
                     source="import", entered_by="import")
    assert load_double_entry(store.db, rules.layout, False).sheet.state == SheetState.ACCEPTED
    assert sheet_states(store.db, CONTEST, 1) == {"T2": SheetState.ACCEPTED}


def test_acknowledgements_and_single_entry_decisions_are_kept(examples_dir: Path, tmp_path: Path) -> None:
    store, _ = without_rounds(examples_dir, tmp_path)
    warning = problem("W201", "round 1, table T1", "Aled Bowen has 0 votes at this table")
    with store.action(CLERK, "acknowledge-warning", CONTEST) as db:
        record_acknowledgement(db, CONTEST, warning, "Clerk", "2029-05-04T01:02:03+01:00", "pile empty")
        record_single_entry(db, CONTEST, True, "Helen", "2029-05-04T01:00:00+01:00", "staff short")
        record_single_entry(db, CONTEST, False, "Helen", "2029-05-04T02:00:00+01:00", "staff back")
    assert store.contest(CONTEST).acknowledged == (("W201", warning.where, warning.message),)
    assert [a.reason for a in acknowledgements(store.db, CONTEST)] == ["pile empty"]
    decision = single_entry_decision(store.db, CONTEST)
    assert decision is not None and not decision.single_entry and decision.reason == "staff back"


def test_entry_rows_are_append_only_and_locked_once_declared(examples_dir: Path, tmp_path: Path) -> None:
    store, papers = without_rounds(examples_dir, tmp_path)
    rules = rules_of(store, "T1")
    typed = typed_from(rules, papers["T1"])
    step(store, rules, lambda s: de.save(de.start(s, "Olu"), rules, "Olu", typed, finish=True), "Olu")
    with store.action(CLERK, "rows", CONTEST) as db:
        record_acknowledgement(db, CONTEST, problem("W301", "contest", "m"), "Clerk", "t", "r")
        record_single_entry(db, CONTEST, True, "Helen", "t", "r")
        db.execute(
            "INSERT INTO sheet_resolution (contest_id, round_number, table_id, cell, choice, supervisor) "
            "VALUES (?, 1, 'T1', ?, 'first', 'Clerk')", [CONTEST, part_cell("x")]
        )
    path = store.path
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(  # an entry saved before m009: its boxes as entry_cell rows
        "INSERT INTO entry_cell (entry_seq, contest_id, cell, value, typed_by) VALUES (1, ?, 'old', 1, 'x')",
        [CONTEST],
    )
    for table in (*TABLES, "entry_figures"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
        for statement in (f"UPDATE {table} SET contest_id = contest_id" if table != "entry_cell"
                          else "UPDATE entry_cell SET value = value + 1", f"DELETE FROM {table}"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    conn.execute(
        "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by) "
        "VALUES (?, 'declared', 1, '{}', 'RO')", [CONTEST]
    )
    inserts = [
        ("INSERT INTO sheet_entry (contest_id, round_number, table_id, entry_number, operator, state, "
         "confirmed, saved_by) VALUES (?, 1, 'T2', 1, 'x', 'in-progress', 0, 'x')"),
        "INSERT INTO entry_cell (entry_seq, contest_id, cell, value, typed_by) VALUES (1, ?, 'z', 1, 'x')",
        "INSERT INTO entry_figures (entry_seq, contest_id, figures, typed_by) VALUES (99, ?, '{}', '{}')",
        ("INSERT INTO sheet_status (contest_id, round_number, table_id, state, pending, changed_by) "
         "VALUES (?, 1, 'T2', 'empty', '{}', 'x')"),
        ("INSERT INTO sheet_resolution (contest_id, round_number, table_id, cell, choice, supervisor) "
         "VALUES (?, 1, 'T1', 'c', 'first', 'x')"),
        ("INSERT INTO warning_ack (contest_id, code, place, message, acknowledged_by, at, reason) "
         "VALUES (?, 'W201', 'w', 'm', 'x', 't', 'r')"),
        ("INSERT INTO entry_decision (contest_id, single_entry, decided_by, at, reason) "
         "VALUES (?, 1, 'x', 't', 'r')"),
    ]
    for statement in inserts:
        with pytest.raises(sqlite3.IntegrityError, match="declared and locked"):
            conn.execute(statement, [CONTEST])
    conn.close()


def test_a_half_written_step_leaves_nothing(examples_dir: Path, tmp_path: Path) -> None:
    store, _ = without_rounds(examples_dir, tmp_path)
    rules = rules_of(store, "T1")
    events = store.fingerprint()[1]
    with pytest.raises(RuntimeError), store.action(CLERK, "start-entry", "T1") as db:
        ensure_first_round(db, CONTEST)
        stored = load_double_entry(db, rules.layout, False)
        write_double_entry(db, stored, de.start(stored.sheet, "Olu"), "Olu")
        raise RuntimeError("the power went")
    assert load_double_entry(store.db, rules.layout, False).sheet == DoubleEntry(rules.layout)
    assert store.db.execute("SELECT count(*) FROM round").fetchone()[0] == 0
    assert store.fingerprint()[1] == events
