"""The Kensington night on a real count file: provisional, recounts, suspension, a lot, the declaration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.election import CountSheet, Requester, VoteFigure
from app.domain.entry_cells import figures_of, sheet_layout
from app.services import declaration, recounts
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.services.errors import BadInput, CheckFailed, ServiceError
from app.services.integrity import verify_store
from tests.services.kensington import ABBEY, KENSINGTON, TABLES, night_package, table_figures

RO = ("Nicholas Holgate", "returning-officer", "7391")
OPERATORS = (("Olu Adeyemi", "operator", "1111"), ("Siân Price", "operator", "2222"))


@pytest.fixture
def night(examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CountFile]:
    monkeypatch.setenv("COUNTDESK_BACKUP_DIR", str(tmp_path / "backups"))
    count_file = CountFile.import_package(night_package(examples_dir, tmp_path), tmp_path / "k.countdesk")
    session = count_file.session
    session.add_person(*RO)
    session.sign_in(RO[0], RO[2])
    for person in OPERATORS:
        session.add_person(*person)
    yield count_file
    count_file.close()


def as_ro(count_file: CountFile) -> None:
    count_file.session.sign_in(RO[0], RO[2])


def key_round(count_file: CountFile, contest_id: str) -> None:
    """Both operators key every table of the current round, blind, from the true figures."""
    counting = Counting(count_file)
    contest = count_file.contest(contest_id)
    for index in range(TABLES):
        table = f"T{index + 1}"
        votes, rejected = table_figures(index)
        sheet = CountSheet(
            table, {cid: VoteFigure.from_bundles(n // 50, n % 50, 50) for cid, n in votes.items()},
            rejected,
        )
        layout = sheet_layout(contest, contest.current_round, table)
        typed = {k: str(v) for k, v in figures_of(layout, sheet).items() if v is not None}
        for name, _, pin in OPERATORS:
            count_file.session.sign_in(name, pin)
            counting.open_sheet(contest_id, table)
            saved = counting.save(contest_id, table, typed, finish=True)
        assert saved.state.value == "accepted", saved.message
    as_ro(count_file)


def failing_keys(count_file: CountFile, contest_id: str) -> list[str]:
    return [p.key for p in declaration.preconditions(count_file, contest_id) if not p.holds]


def votes(count_file: CountFile, contest_id: str) -> dict[str, int]:
    return {c.candidate.id: c.votes for c in count_file.result(contest_id).candidates}


def test_the_kensington_night(night: CountFile, tmp_path: Path) -> None:
    first = night.result(KENSINGTON)
    assert (first.stage, first.round, first.margin) == ("counting", 1, 68)
    assert [a.rule for a in first.advice] == ["bundle", "absolute", "rejected"]
    assert failing_keys(night, KENSINGTON) == ["provisional"]
    with pytest.raises(CheckFailed, match="provisional result for these exact figures shown: no"):
        declaration.declare(night, KENSINGTON, RO[2])

    shown = declaration.record_provisional(night, KENSINGTON)
    assert shown.backup.ok and shown.backup.info is not None
    assert shown.backup.info.path.parent == tmp_path / "backups"
    assert night.result(KENSINGTON).stage == "provisional"
    with pytest.raises(CheckFailed, match="already shown"):
        declaration.record_provisional(night, KENSINGTON)

    asked = recounts.request_recount(
        night, KENSINGTON, Requester("Agent for Victoria Borwick", "election-agent"),
        "full-recount", "a lead of 68 is within two bundles",
    )
    assert failing_keys(night, KENSINGTON) == ["requests"]
    assert recounts.decide(night, KENSINGTON, asked.seq, True, "the margin is under 100") == 2
    after_grant = night.result(KENSINGTON)
    assert (after_grant.stage, after_grant.round) == ("counting", 2)
    assert failing_keys(night, KENSINGTON) == ["sheets", "provisional"]
    with pytest.raises(ServiceError, match="provisional"):
        recounts.request_recount(night, KENSINGTON, Requester("X", "candidate"), "bundle-check", "again")

    # suspended overnight: the papers sealed, nothing keyed until the seals are checked
    declaration.suspend(night, KENSINGTON, "count suspended overnight at 07:00", ["KC 1001", "KC 1002"])
    assert night.result(KENSINGTON).stage == "suspended"
    assert "suspended" in failing_keys(night, KENSINGTON)
    with pytest.raises(ServiceError):
        key_round(night, KENSINGTON)
    as_ro(night)
    resumed = declaration.resume(night, KENSINGTON, "resumed at 16:00; seals intact", ["KC 1002", "KC 1001"])
    assert resumed.seals_match and night.result(KENSINGTON).stage == "counting"

    key_round(night, KENSINGTON)
    second = night.result(KENSINGTON)
    assert (second.round, second.margin, second.stage) == (2, 20, "counting")
    assert votes(night, KENSINGTON)["dent-coad"] == 16333 and votes(night, KENSINGTON)["borwick"] == 16313
    stale = next(p for p in declaration.preconditions(night, KENSINGTON) if p.key == "provisional")
    assert "round 1 then, round 2 now" in stale.detail

    declaration.record_provisional(night, KENSINGTON)
    again = recounts.request_recount(
        night, KENSINGTON, Requester("Victoria Borwick", "candidate"), "bundle-check", "still close"
    )
    assert recounts.decide(night, KENSINGTON, again.seq, False, "two full counts agree") is None
    assert night.result(KENSINGTON).stage == "provisional"
    contest = night.contest(KENSINGTON)
    assert [(r.kind, r.decision, r.grounds) for _, r in contest.refused_requests] == [
        ("bundle-check", "refused", "still close")
    ]
    assert contest.rounds[1].request is not None and contest.rounds[1].request.decision == "granted"

    rounds = recounts.comparison(night, KENSINGTON)
    assert [c.margin for c in rounds.rounds] == [68, 20]
    changed = {(c.table, c.key): c.difference for c in rounds.changes_in(2)}
    assert changed == {("T5", "dent-coad"): -24, ("T5", "borwick"): 24}

    with pytest.raises(BadInput) as wrong:
        declaration.declare(night, KENSINGTON, "0000")
    # the dialog asks for the PIN alone: the message speaks of the PIN, not of "name and PIN"
    assert str(wrong.value) == "The declaration was not made: that is not Nicholas Holgate's PIN; try again."
    assert night.result(KENSINGTON).stage == "provisional"
    declared = declaration.declare(night, KENSINGTON, RO[2])
    assert declared.record.snapshot.round == 2 and declared.backup.ok
    final = night.result(KENSINGTON)
    assert final.stage == "declared" and [p.code for p in final.problems] == ["W301"]
    assert night.declaration(KENSINGTON).status == "DECLARED"
    with pytest.raises(ServiceError, match="declared and locked"):
        recounts.request_recount(night, KENSINGTON, Requester("X", "candidate"), "full-recount", "no")
    assert verify_store(night.store).ok


def test_a_tie_is_settled_by_lot_in_a_second_contest(night: CountFile) -> None:
    tied = night.result(ABBEY)
    assert tied.lot_needed and len(tied.elected) == 2
    assert failing_keys(night, ABBEY) == ["tie", "provisional"]
    with pytest.raises(CheckFailed, match="provisional result for these figures shown: no"):
        declaration.record_lot(night, ABBEY, "rhys-evans", "drawn from a box", ["Agent"])
    declaration.record_provisional(night, ABBEY)
    assert failing_keys(night, ABBEY) == ["tie"]
    with pytest.raises(BadInput, match="one of the tied candidates"):
        declaration.record_lot(night, ABBEY, "not-tied", "drawn from a box", ["Agent"])
    with pytest.raises(BadInput, match="witness"):
        declaration.record_lot(night, ABBEY, "rhys-evans", "drawn from a box", ["  "])
    declaration.record_provisional(night, KENSINGTON)
    with pytest.raises(CheckFailed, match="no tie at the last seat"):
        declaration.record_lot(night, KENSINGTON, "dent-coad", "drawn", ["Agent"])
    lot = declaration.record_lot(
        night, ABBEY, "rhys-evans", "drawn from a ballot box by the Returning Officer",
        ["Agent for Gwen Howells", "Rhys Evans"],
    )
    assert set(lot.tied) == {"rhys-evans", "gwen-howells"}
    settled = night.result(ABBEY)
    assert not settled.lot_needed and len(settled.elected) == 3 and settled.stage == "provisional"
    assert next(c for c in settled.candidates if c.candidate.id == "rhys-evans").won_lot
    declaration.declare(night, ABBEY, RO[2])
    sheet = night.declaration(ABBEY)
    assert sheet.status == "DECLARED" and sheet.lots_statement is not None
