"""S1: audit tamper evidence on a 100-event file: byte edits, row games, truncation, raw SQL on any table."""

from __future__ import annotations

import itertools
import random
import sqlite3
from pathlib import Path

import pytest

from app.services.integrity import verify_count_file
from tests.faults.tampering import (
    EVENT_COLUMNS,
    Tally,
    anchored_verify,
    apply_edit,
    as_store,
    build_log_file,
    byte_edits,
    chain_only,
    every_byte_edit,
    full_verify,
    judge_statements,
    memory_copy,
    raw_sql_edits,
    row_games,
    undo_edit,
)

EVENTS = 100


@pytest.fixture(scope="module")
def log_file(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("s1") / "log.countdesk"
    build_log_file(path, examples_dir, EVENTS)
    return path


@pytest.fixture
def pristine(log_file: Path) -> sqlite3.Connection:
    return memory_copy(log_file)


def _report(name: str, tally: Tally) -> None:
    print(f"S1 {name}: {tally.detected} of {tally.cases} detected "
          f"({tally.refused_by_sqlite} edits SQLite itself refused)")


def test_the_log_is_untouched_to_begin_with(log_file: Path, pristine: sqlite3.Connection) -> None:
    report = verify_count_file(log_file, expect_events=EVENTS)
    assert report.ok and report.fingerprint is not None and report.fingerprint.event_count == EVENTS
    assert not full_verify(as_store(pristine))


def test_a_sample_of_single_byte_edits_is_all_detected_by_verify(pristine: sqlite3.Connection) -> None:
    """300 byte edits drawn from every event and column go through every check of verify."""
    rng = random.Random(1)
    edits = []
    for seq in range(1, EVENTS + 1):
        picked = ", ".join(EVENT_COLUMNS)
        row = pristine.execute(f"SELECT {picked} FROM event WHERE seq = ?", [seq]).fetchone()
        for column, value in zip(EVENT_COLUMNS, row, strict=True):
            edits += [(e, value) for e in byte_edits(seq, column, value)]
    store = as_store(pristine)
    tally = Tally()
    for edit, original in rng.sample(edits, 300):
        if not apply_edit(pristine, edit):
            tally.refused_by_sqlite += 1
            continue
        tally.record(full_verify(store), f"event {edit.seq} {edit.column} byte {edit.position}")
        undo_edit(pristine, edit, original)
    _report(f"(a) sample of {len(edits)} byte edits", tally)
    assert tally.missed is None and tally.detected > 280


@pytest.mark.slow
def test_every_single_byte_edit_of_the_100_event_log_is_detected(pristine: sqlite3.Connection) -> None:
    """The whole of S1(a): every byte of every stored value of every event, XOR 0x01 and 0x80."""
    tally = every_byte_edit(pristine, chain_only, range(1, EVENTS + 1))
    _report("(a) every byte edit, chain check", tally)
    assert tally.missed is None and tally.cases > 50_000


def test_deleting_duplicating_inserting_and_swapping_events_is_detected(
    pristine: sqlite3.Connection,
) -> None:
    # Deleting the last event is a cut-off tail: caught against the printed count, as in (c).
    tally = judge_statements(pristine, row_games(pristine), anchored_verify(EVENTS))
    _report("(b) row deletion, duplication, insertion, swap", tally)
    assert tally.missed is None and tally.cases == 4 * EVENTS - 1


def test_a_cut_off_tail_is_caught_against_the_printed_count(log_file: Path, tmp_path: Path) -> None:
    caught_without, caught_with = 0, 0
    for cut in range(1, 21):
        copy = tmp_path / f"cut{cut}.countdesk"
        copy.write_bytes(log_file.read_bytes())
        conn = sqlite3.connect(copy)
        conn.execute("DROP TRIGGER event_no_delete")
        conn.execute(f"DELETE FROM event WHERE seq > {EVENTS - cut}")
        conn.commit()
        conn.close()
        caught_without += not verify_count_file(copy).ok
        caught_with += not verify_count_file(copy, expect_events=EVENTS).ok
    print(f"S1 (c) truncation: {caught_with} of 20 caught with the printed count, "
          f"{caught_without} of 20 without it (only where the lost events had changed rows)")
    assert caught_with == 20
    assert caught_without < 20  # a chain alone cannot see a shorter tail: the anchor is needed


def test_raw_sql_on_every_table_bypassing_the_app_is_detected(pristine: sqlite3.Connection) -> None:
    # Checked against the printed event count: deleting the last event is a cut-off tail (c).
    edits = raw_sql_edits(pristine, random.Random(5), 400)
    tally = judge_statements(pristine, edits, anchored_verify(EVENTS))
    _report("(d) raw SQL with triggers dropped", tally)
    assert tally.missed is None and tally.cases >= 250


@pytest.mark.slow
def test_a_thousand_raw_sql_edits_are_all_detected(pristine: sqlite3.Connection) -> None:
    tally = judge_statements(
        pristine, raw_sql_edits(pristine, random.Random(6), 1000), anchored_verify(EVENTS)
    )
    _report("(d) 1,000 raw SQL edits with triggers dropped", tally)
    assert tally.missed is None and tally.cases >= 650


def test_the_harness_catches_a_verify_that_skips_the_chain(pristine: sqlite3.Connection) -> None:
    """The broken variant: integrity and totals only. The same cases must show misses."""

    def without_chain(store: object) -> bool:
        from app.services.integrity import _totals_findings
        from app.store.inspection import integrity_lines

        return bool(integrity_lines(store)) or bool(_totals_findings(store)[0])  # type: ignore[arg-type]

    games = judge_statements(pristine, itertools.islice(row_games(pristine), 40), without_chain)
    raw = judge_statements(pristine, raw_sql_edits(pristine, random.Random(5), 60), without_chain)
    edits = every_byte_edit(pristine, without_chain, range(50, 51))
    assert games.missed and raw.missed and edits.missed
