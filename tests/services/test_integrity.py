"""`countdesk verify` as a service: each check passes an untouched file and catches what it is for."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.domain.result import ContestResult
from app.services import integrity
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.integrity import Finding, verify_count_file
from app.store.audit import GENESIS, event_hash

RIVERSIDE = "parl.riverside.2029-05-03"


@pytest.fixture(scope="module")
def riverside_template(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Riverside with two users and a sign-in (PIN hashing is slow: made once, copied per test)."""
    target = tmp_path_factory.mktemp("template") / "riverside.countdesk"
    with CountFile.import_package(examples_dir / "riverside.package.json", target) as count_file:
        session = count_file.session
        session.add_person("Helen Marsh", "returning-officer", "ro-pin-9876")
        session.sign_in("Helen Marsh", "ro-pin-9876")
        session.add_person("Olu", "operator", "olu-pin-1111")
    return target


@pytest.fixture
def riverside(riverside_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "riverside.countdesk"
    shutil.copyfile(riverside_template, target)
    return target


def _raw(path: Path, *statements: str) -> None:
    """Someone with the file and an SQLite tool: triggers dropped, foreign keys off."""
    conn = sqlite3.connect(path)
    for name, in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _wheres(findings: Sequence[Finding]) -> list[str]:
    return [f.where for f in findings]


@pytest.mark.parametrize("name", ["riverside", "abbey"])
def test_an_untouched_file_verifies(examples_dir: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / f"{name}.countdesk"
    CountFile.import_package(examples_dir / f"{name}.package.json", target).close()
    report = verify_count_file(target, expect_events=2)
    assert report.ok, report.findings
    assert report.fingerprint is not None and report.fingerprint.event_count == 2
    assert "audit chain of 2 events" in report.checked


def test_a_file_with_users_and_sign_ins_verifies(riverside: Path) -> None:
    assert verify_count_file(riverside).ok


def test_a_figure_changed_with_the_triggers_dropped_is_caught(riverside: Path) -> None:
    _raw(riverside, "UPDATE sheet_vote SET total = total + 1 WHERE (sheet_seq, candidate_id) = "
         "(SELECT sheet_seq, candidate_id FROM sheet_vote LIMIT 1 OFFSET 4)")
    report = verify_count_file(riverside)
    assert _wheres(report.findings) == [f"contest {RIVERSIDE}"]
    assert "differ from those recorded by event 2" in report.findings[0].what


@pytest.mark.parametrize(
    "statement",
    [
        # a whole new sheet needs no trigger dropped at all while the contest is open
        f"INSERT INTO sheet (contest_id, round_number, table_id, source, entered_by) "
        f"VALUES ('{RIVERSIDE}', 3, 'T1', 'entry', 'x')",
        "DELETE FROM sheet_rejected WHERE (sheet_seq, head) = "
        "(SELECT sheet_seq, head FROM sheet_rejected LIMIT 1)",
        "UPDATE verification_count SET count = count - 1 WHERE rowid = 1",
        "INSERT INTO sheet_vote (sheet_seq, contest_id, candidate_id, total) VALUES (1, 'other', 'x', 5)",
        "INSERT INTO sheet_rejected (sheet_seq, head, count) VALUES (99999, 'no-official-mark', 5)",
        "UPDATE candidate SET surname = 'Smyth' WHERE rowid = 1",
    ],
)
def test_raw_sql_on_any_figure_table_is_caught(riverside: Path, statement: str) -> None:
    _raw(riverside, statement)
    report = verify_count_file(riverside)
    assert not report.ok
    assert any(w.startswith("contest ") or w.startswith("election") for w in _wheres(report.findings))


def test_a_user_made_returning_officer_by_raw_sql_is_caught(riverside: Path) -> None:
    _raw(riverside, "UPDATE person SET role = 'returning-officer' WHERE name = 'Olu'")
    assert _wheres(verify_count_file(riverside).findings) == ["election set-up and users"]


def test_an_edited_or_deleted_event_breaks_the_chain(riverside: Path, tmp_path: Path) -> None:
    _raw(riverside, "UPDATE event SET user = 'Someone Else' WHERE seq = 4")
    report = verify_count_file(riverside)
    assert "audit log, event 4" in _wheres(report.findings)


def test_a_cut_off_tail_is_caught_only_against_the_printed_count(riverside: Path) -> None:
    with CountFile.open(riverside) as count_file:  # two events that change no rows
        count_file.session.sign_in("Olu", "olu-pin-1111")
        count_file.session.lock()
    count = verify_count_file(riverside).fingerprint.event_count  # type: ignore[union-attr]
    _raw(riverside, f"DELETE FROM event WHERE seq > {count - 2}")
    assert verify_count_file(riverside).ok  # a chain alone cannot see a shorter tail (documented)
    report = verify_count_file(riverside, expect_events=count)
    assert _wheres(report.findings) == ["audit log"]
    assert f"events {count - 1} to {count} are missing" in report.findings[0].what


def test_a_cut_off_tail_that_had_changed_rows_is_caught_even_without_the_count(riverside: Path) -> None:
    _raw(riverside, "DELETE FROM event WHERE seq = (SELECT max(seq) FROM event)")  # Olu's add-person
    assert _wheres(verify_count_file(riverside).findings) == ["election set-up and users"]


def test_a_rebuilt_chain_is_caught_against_the_printed_head(riverside: Path) -> None:
    report = verify_count_file(riverside)
    assert report.fingerprint is not None
    printed_count, printed_head = report.fingerprint.event_count, report.fingerprint.short
    assert verify_count_file(riverside, expect_events=printed_count, expect_head=printed_head).ok
    # Rewrite event 3 and re-hash everything after it: the chain alone verifies again.
    conn = sqlite3.connect(riverside)
    conn.execute("DROP TRIGGER event_no_update")
    conn.execute("UPDATE event SET user = 'Someone Else' WHERE seq = 3")
    previous = GENESIS
    for row in conn.execute(
        "SELECT seq, at_utc, monotonic_ns, user, role, action, object, before, after, reason, state "
        "FROM event ORDER BY seq"
    ).fetchall():
        values = tuple(row[:10]) + ((row[10],) if row[10] is not None else ())
        digest = event_hash(previous, values)
        conn.execute("UPDATE event SET prev_hash = ?, hash = ? WHERE seq = ?", [previous, digest, row[0]])
        previous = digest
    conn.commit()
    conn.close()
    assert verify_count_file(riverside).ok
    anchored = verify_count_file(riverside, expect_events=printed_count, expect_head=printed_head)
    assert _wheres(anchored.findings) == [f"audit log, event {printed_count}"]


def test_damaged_bytes_are_a_finding_not_a_crash(riverside: Path) -> None:
    data = bytearray(riverside.read_bytes())
    for offset in range(4096 + 100, len(data), 4096):
        data[offset : offset + 64] = b"\xa5" * 64
    riverside.write_bytes(bytes(data))
    report = verify_count_file(riverside)
    assert not report.ok and report.findings[0].where == "SQLite file"


def test_a_last_hash_that_is_not_utf8_is_a_finding_not_a_crash(riverside: Path) -> None:
    _raw(riverside, "UPDATE event SET hash = CAST(X'61ff62' AS TEXT) "
         "WHERE seq = (SELECT max(seq) FROM event)")
    report = verify_count_file(riverside)
    assert not report.ok and any(w.startswith("audit log") for w in _wheres(report.findings))


def test_totals_that_disagree_are_named(riverside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = integrity.compute_result

    def one_vote_more(contest: object) -> ContestResult:
        result = real(contest)  # type: ignore[arg-type]
        first = result.candidates[0]
        changed = type(first)(first.candidate, first.votes + 1, first.won_lot, first.elected, first.rank)
        return type(result)(**{**result.__dict__, "candidates": (changed, *result.candidates[1:])})

    monkeypatch.setattr(integrity, "compute_result", one_vote_more)
    report = verify_count_file(riverside)
    [finding] = report.findings
    assert finding.where.startswith(f"contest {RIVERSIDE}, candidate ")
    assert "totals disagree" in finding.what


def test_printed_sheets_are_checked_through_the_hook(riverside: Path) -> None:
    seen: list[str] = []

    def sheet_check(count_file: CountFile) -> list[Finding]:
        seen.append(count_file.contest_ids()[0])
        return [Finding("sheet declaration.pdf", "its QR code names 12 more votes than the file")]

    report = verify_count_file(riverside, sheets=[sheet_check])
    assert seen == [RIVERSIDE]
    assert _wheres(report.findings) == ["sheet declaration.pdf"]
    assert "1 printed sheet" in report.checked


def test_bad_input_is_refused_clearly(riverside: Path, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="does not exist"):
        verify_count_file(tmp_path / "missing.countdesk")
    text = tmp_path / "notes.countdesk"
    text.write_text("not a count file")
    with pytest.raises(BadInput, match="not a CountDesk count file"):
        verify_count_file(text)
    with pytest.raises(BadInput, match="--expect-events"):
        verify_count_file(riverside, expect_events=-1)
    with pytest.raises(BadInput, match="needs --expect-events"):
        verify_count_file(riverside, expect_head="ABCD")
    with CountFile.open(riverside), pytest.raises(BadInput, match="open in another CountDesk"):
        verify_count_file(riverside)


def test_the_state_recorded_in_events_is_canonical_json(riverside: Path) -> None:
    conn = sqlite3.connect(riverside)
    states = [r[0] for r in conn.execute("SELECT state FROM event WHERE state IS NOT NULL")]
    conn.close()
    assert states
    assert all(json.dumps(json.loads(s), sort_keys=True, separators=(",", ":")) == s for s in states)
