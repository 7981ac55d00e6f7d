"""A document's basis: a preview is stale once its contest's rows, or the election's, change after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.document_basis import basis_now, is_current
from app.services.errors import BadInput
from app.store.audit import Actor
from tests.services.test_summaries import _move_a_vote, both_examples


def test_a_document_stays_current_until_its_own_contest_changes(examples_dir: Path, tmp_path: Path) -> None:
    with both_examples(examples_dir, tmp_path) as count_file:
        riverside, abbey = count_file.contest_ids()
        basis = basis_now(count_file, riverside)
        assert is_current(count_file, basis)
        with count_file.store.action(Actor("Test", "supervisor"), "sign-in", "no rows changed"):
            pass
        _move_a_vote(count_file, abbey)  # another contest's figures
        assert is_current(count_file, basis)
        _move_a_vote(count_file, riverside)
        assert not is_current(count_file, basis)
        assert is_current(count_file, basis_now(count_file, riverside))


def test_a_change_to_the_election_makes_every_document_stale(examples_dir: Path, tmp_path: Path) -> None:
    with both_examples(examples_dir, tmp_path) as count_file:
        basis = basis_now(count_file, count_file.contest_ids()[0])
        count_file.session.add_person("Ruth Officer", "returning-officer", "9999")
        assert not is_current(count_file, basis)


def test_a_closed_file_is_explained(examples_dir: Path, tmp_path: Path) -> None:
    count_file = both_examples(examples_dir, tmp_path)
    basis = basis_now(count_file, count_file.contest_ids()[0])
    count_file.close()
    with pytest.raises(BadInput, match=r"no longer open.*make the document again"):
        is_current(count_file, basis)


def test_in_a_file_whose_events_carry_no_digests_any_later_event_counts(
    examples_dir: Path, tmp_path: Path
) -> None:
    with both_examples(examples_dir, tmp_path) as count_file:
        riverside, abbey = count_file.contest_ids()
        basis = basis_now(count_file, riverside)
        conn = count_file.store.db.conn
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:  # as a file from before the digests: no `state` column, no tracking
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("ALTER TABLE event DROP COLUMN state")
        assert is_current(count_file, basis)
        conn.execute(
            "INSERT INTO event (at_utc, monotonic_ns, user, role, action, object, prev_hash, hash)"
            " VALUES ('2029-05-04T01:00:00Z', 1, 'Test', 'supervisor', 'save-sheet', ?, '', '')",
            [abbey],
        )
        assert not is_current(count_file, basis)
