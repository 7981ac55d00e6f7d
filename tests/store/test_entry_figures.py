"""An entry's boxes as one entry_figures row: round trips, old entries still read, locks, damage, verify."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain import double_entry as de
from app.domain.double_entry import DoubleEntry, Entry, SheetState
from app.domain.entry_cells import SheetLayout
from app.services.integrity import verify_store
from app.store import CountStore, DamagedFileError, entries
from app.store.entries import load_double_entry
from app.store.schema import SCHEMA_VERSION
from tests.store.test_entries import CONTEST, rules_of, step, typed_from, without_rounds

SUPERVISOR = "Priya Shah"


def _old_insert_entry(db: object, layout: SheetLayout, entry: Entry, saved_by: str) -> int:
    """How CountDesk stored an entry before m009: its sheet_entry row, then one entry_cell row per box."""
    cursor = db.execute(  # type: ignore[attr-defined]
        "INSERT INTO sheet_entry (contest_id, round_number, table_id, entry_number, operator, state, "
        "confirmed, saved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [layout.contest_id, layout.round_number, layout.table_id, entry.number, entry.operator,
         "finished" if entry.finished else "in-progress", int(entry.confirmed), saved_by],
    )
    seq = int(cursor.lastrowid)
    db.conn.executemany(  # type: ignore[attr-defined]
        "INSERT INTO entry_cell (entry_seq, contest_id, cell, value, typed_by) VALUES (?, ?, ?, ?, ?)",
        [(seq, layout.contest_id, cell, value, entry.typed_by.get(cell, entry.operator))
         for cell, value in entry.figures.items()],
    )
    return seq


def _as_v8(path: Path) -> None:
    """Turn a file back into what CountDesk 8 made: no entry_figures table, m009 never run."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    assert conn.execute("SELECT count(*) FROM entry_figures").fetchone()[0] == 0
    conn.execute("DROP TABLE entry_figures")  # with its triggers
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_entry_figures'")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.execute("COMMIT")
    conn.close()


def _with_a_supervisor_box(sheet: DoubleEntry, key: str) -> DoubleEntry:
    """The first entry with one box typed by the supervisor rather than its operator."""
    assert sheet.first is not None
    return replace(sheet, first=replace(sheet.first, typed_by={**sheet.first.typed_by, key: SUPERVISOR}))


Papers = dict[str, dict[str, object]]


def _keyed(examples_dir: Path, tmp_path: Path) -> tuple[CountStore, DoubleEntry, Papers]:
    """Abbey's table T1 keyed twice, alike, the first entry with one box typed by the supervisor."""
    store, papers = without_rounds(examples_dir, tmp_path)
    rules = rules_of(store, "T1")
    typed = typed_from(rules, papers["T1"])
    key = rules.layout.keys[1]
    first = step(store, rules, lambda s: _with_a_supervisor_box(
        de.save(de.start(s, "Olu"), rules, "Olu", typed, finish=True), key), "Olu")
    assert first.sheet.first is not None and first.sheet.first.typed_by[key] == SUPERVISOR
    second = step(
        store, rules, lambda s: de.save(de.start(s, "Siân"), rules, "Siân", typed, finish=True), "Siân"
    )
    assert second.sheet.state == SheetState.ACCEPTED
    return store, second.sheet, papers


def _keyed_the_old_way(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[CountStore, DoubleEntry, Papers]:
    """_keyed with CountDesk 8's writer: a row per box (step() checks each read equals what was written)."""
    with monkeypatch.context() as patch:
        patch.setattr(entries, "_insert_entry", _old_insert_entry)
        return _keyed(examples_dir, tmp_path)


def test_an_entry_reads_back_as_saved_from_one_row(examples_dir: Path, tmp_path: Path) -> None:
    store, sheet, _ = _keyed(examples_dir, tmp_path)
    try:
        layout = sheet.layout
        assert sheet.first is not None and sheet.second is not None
        read = load_double_entry(store.db, layout, False).sheet
        assert read.first == sheet.first and read.second == sheet.second
        assert list(read.first.figures) == sorted(layout.keys)  # in box order
        rows = store.db.execute("SELECT entry_seq, contest_id, figures, typed_by FROM entry_figures "
                                "ORDER BY entry_seq").fetchall()
        assert store.db.execute("SELECT count(*) FROM entry_cell").fetchone()[0] == 0
        assert [row[1] for row in rows] == [CONTEST, CONTEST]
        first, second = rows
        # canonical JSON: keys sorted, no spaces; typed_by names only the box the operator did not type
        assert first[2] == json.dumps(dict(sheet.first.figures), sort_keys=True, separators=(",", ":"))
        assert json.loads(first[3]) == {layout.keys[1]: SUPERVISOR} and second[3] == "{}"
        assert read.first.typed_by[layout.keys[1]] == SUPERVISOR
        assert read.first.typed_by[layout.keys[0]] == "Olu"
        assert verify_store(store).findings == ()
    finally:
        store.close()


def test_an_entry_saved_the_old_way_still_reads(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, sheet, _ = _keyed_the_old_way(examples_dir, tmp_path, monkeypatch)
    try:
        assert store.db.execute("SELECT count(*) FROM entry_figures").fetchone()[0] == 0
        assert store.db.execute("SELECT count(DISTINCT entry_seq) FROM entry_cell").fetchone()[0] == 2
        read = load_double_entry(store.db, sheet.layout, False).sheet
        assert read.first == sheet.first and read.second == sheet.second
        assert read.first is not None and read.first.typed_by[sheet.layout.keys[1]] == SUPERVISOR
    finally:
        store.close()


def test_a_v8_file_migrates_keeps_its_entries_and_passes_verify(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, sheet, papers = _keyed_the_old_way(examples_dir, tmp_path, monkeypatch)
    path = store.path
    store.close()
    _as_v8(path)
    with closing(CountStore.open(path)) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("SELECT count(*) FROM entry_figures").fetchone()[0] == 0  # nothing moved
        read = load_double_entry(store.db, sheet.layout, False).sheet
        assert read.first == sheet.first and read.second == sheet.second
        assert verify_store(store).findings == ()
        # and the migrated file takes new entries the new way, still passing verify
        rules = rules_of(store, "T2")
        typed = typed_from(rules, papers["T2"])
        step(store, rules, lambda s: de.save(de.start(s, "Olu"), rules, "Olu", typed, finish=True), "Olu")
        assert store.db.execute("SELECT count(*) FROM entry_figures").fetchone()[0] == 1
        assert verify_store(store).findings == ()


def test_the_rows_are_append_only_and_locked_once_declared(examples_dir: Path, tmp_path: Path) -> None:
    store, _, _ = _keyed(examples_dir, tmp_path)
    path = store.path
    store.close()
    conn = sqlite3.connect(path)
    for statement in ("UPDATE entry_figures SET figures = '{}'", "DELETE FROM entry_figures"):
        with pytest.raises(sqlite3.IntegrityError, match="entry_figures rows are append-only"):
            conn.execute(statement)
    # a new entry row is refused once the contest is declared (entry_seq 999 is free: only the lock refuses)
    insert = "INSERT INTO entry_figures (entry_seq, contest_id, figures, typed_by) "
    insert += "VALUES (999, ?, '{}', '{}')"
    conn.execute("SAVEPOINT probe")
    conn.execute(insert, [CONTEST])
    conn.execute("ROLLBACK TO probe")
    conn.execute("RELEASE probe")
    conn.execute(
        "INSERT INTO contest_stage (contest_id, stage, round_number, snapshot, recorded_by) "
        "VALUES (?, 'declared', 1, '{}', 'RO')", [CONTEST]
    )
    with pytest.raises(sqlite3.IntegrityError, match="declared and locked"):
        conn.execute(insert, [CONTEST])
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # JSON that is not an object
        conn.execute("INSERT INTO entry_figures (entry_seq, contest_id, figures, typed_by) "
                     "VALUES (998, 'other', '[1]', '{}')")
    conn.close()


@pytest.mark.parametrize(
    ("figures", "typed_by", "what"),
    [
        ('{"a":', "{}", "not a JSON object"),
        ("[1, 2]", "{}", "not a JSON object"),
        ("{}", "[]", "not a JSON object"),
        ('{"K":-1}', "{}", "not a figure"),
        ('{"K":10000000}', "{}", "not a figure"),
        ('{"K":"12"}', "{}", "not a figure"),
        ('{"K":1.5}', "{}", "not a figure"),
        ('{"K":true}', "{}", "not a figure"),
        ('{"K":1}', '{"nobox":"Priya"}', "typist"),
        ('{"K":1}', '{"K":""}', "typist"),
    ],
)
def test_a_damaged_row_is_refused_with_what_to_do(
    examples_dir: Path, tmp_path: Path, figures: str, typed_by: str, what: str
) -> None:
    store, sheet, _ = _keyed(examples_dir, tmp_path)
    try:
        key, conn = sheet.layout.keys[0], store.db.conn
        conn.execute("DROP TRIGGER entry_figures_no_update")
        # past the CHECK too, as a disk fault under the open file might leave it
        conn.execute("PRAGMA ignore_check_constraints = ON")
        seq = conn.execute("SELECT min(entry_seq) FROM entry_figures").fetchone()[0]
        conn.execute("UPDATE entry_figures SET figures = ?, typed_by = ? WHERE entry_seq = ?",
                     [figures.replace('"K"', json.dumps(key)), typed_by.replace('"K"', json.dumps(key)), seq])
        damaged = f"entry {seq} is damaged .*{what}.*restore the latest backup"
        with pytest.raises(DamagedFileError, match=damaged):
            load_double_entry(store.db, sheet.layout, False)
    finally:
        store.close()


def test_a_file_with_an_entry_row_not_json_is_refused_when_opened(examples_dir: Path, tmp_path: Path) -> None:
    store, _, _ = _keyed(examples_dir, tmp_path)
    path = store.path
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER entry_figures_no_update")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE entry_figures SET figures = '{\"a\":' WHERE entry_seq = 1")
    conn.commit()
    conn.close()
    with pytest.raises(DamagedFileError, match=r"entry_figures.*restore the latest backup"):
        CountStore.open(path)


def test_tampering_with_an_entry_row_is_caught_by_verify(examples_dir: Path, tmp_path: Path) -> None:
    store, sheet, _ = _keyed(examples_dir, tmp_path)
    path = store.path
    store.close()
    key = sheet.layout.keys[0]
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER entry_figures_no_update")  # S1: someone with an SQLite tool
    conn.execute("UPDATE entry_figures SET figures = json_set(figures, ?, figures ->> ? + 1) "
                 "WHERE entry_seq = (SELECT min(entry_seq) FROM entry_figures)", [f"$.{json.dumps(key)}"] * 2)
    conn.commit()
    conn.close()
    with closing(CountStore.open(path)) as store:
        findings = verify_store(store).findings
        assert findings and all(CONTEST in f"{f.where} {f.what}" for f in findings), findings
