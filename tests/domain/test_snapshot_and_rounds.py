"""Snapshots compare exactly the figures shown; rounds side by side; corrections overlay their round."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.correction import apply_corrections, correction_problem
from app.domain.election import BallotBox, BoxVerification, Contest, CountSheet, Lot, Round, VoteFigure
from app.domain.package import read_package
from app.domain.result import compute_result
from app.domain.round_comparison import compare_rounds
from app.domain.snapshot import FigureCorrection, Snapshot
from tests.domain.contest_builder import build_contest

BASE = build_contest({"a": 5100, "b": 5000, "c": 300}, rejected={"unmarked-or-void": 12})


def with_sheet(contest: Contest, **changes: object) -> Contest:
    sheet = contest.rounds[0].sheets[0]
    return replace(contest, rounds=(Round(1, "initial", (replace(sheet, **changes),)),))


def digest(contest: Contest) -> str:
    return compute_result(contest).figures.digest


def test_any_figure_changes_the_digest_but_a_lot_does_not() -> None:
    sheet = BASE.rounds[0].sheets[0]
    box = BASE.ballot_boxes[0]
    variants = [
        with_sheet(BASE, votes={**sheet.votes, "c": VoteFigure(301)}),
        with_sheet(BASE, rejected={**sheet.rejected, "unmarked-or-void": 13}),
        replace(BASE, ballot_boxes=(BallotBox("B1", box.kind, box.issued + 1, "", "P01"),),
                verification=(BoxVerification("B1", (box.issued + 1,)),)),
        replace(BASE, rounds=(*BASE.rounds, Round(2, "bundle-check"))),
    ]
    digests = {digest(BASE), *(digest(v) for v in variants)}
    assert len(digests) == len(variants) + 1
    tied = build_contest({"a": 500, "b": 500, "c": 10})
    assert digest(tied) == digest(replace(tied, lots=(Lot(("a", "b"), "b"),)))


def test_a_snapshot_survives_json_and_says_what_changed() -> None:
    shown = compute_result(BASE).figures
    assert Snapshot.from_text(shown.to_text()) == shown
    assert json.loads(shown.to_text())["votes"] == {"a": 5100, "b": 5000, "c": 300}
    sheet = BASE.rounds[0].sheets[0]
    recounted = replace(sheet, votes={**sheet.votes, "a": VoteFigure(5090), "c": VoteFigure(310)})
    later = compute_result(
        replace(BASE, rounds=(*BASE.rounds, Round(2, "full-recount", (recounted,))))
    ).figures
    assert later.differences(shown, {"a": "Ann"}) == (
        "round 1 then, round 2 now", "Ann: 5,100 then, 5,090 now", "c: 300 then, 310 now"
    )
    assert shown.differences(shown) == ()
    assert not later.same_figures(shown) and shown.same_figures(shown)


@pytest.fixture(scope="module")
def riverside(examples_dir: Path) -> Contest:
    return read_package((examples_dir / "riverside.package.json").read_bytes()).contests[0]


def test_rounds_side_by_side_with_their_differences(riverside: Contest) -> None:
    rounds = compare_rounds(riverside)
    assert [(c.number, c.kind) for c in rounds.rounds] == [
        (1, "initial"), (2, "bundle-check"), (3, "full-recount")
    ]
    final = compute_result(riverside)
    assert rounds.rounds[-1].margin == final.margin == 23
    assert rounds.rounds[-1].votes == tuple(c.votes for c in final.candidates)
    for line in rounds.candidates:
        assert line.changes[0] is None
        for i in range(1, 3):
            assert line.changes[i] == line.votes[i] - line.votes[i - 1]
    for change in rounds.table_changes:
        assert change.difference == (change.after or 0) - (change.before or 0)
    # every candidate's change in a round is the sum of its tables' changes in that round
    for number in (2, 3):
        index = number - 1
        for line in rounds.candidates:
            per_table = sum(
                c.difference or 0 for c in rounds.changes_in(number) if c.key == line.candidate.id
            )
            assert per_table == line.changes[index]
    assert [r.decision for _, r in rounds.refused] == ["refused"]


def test_a_partial_recount_changes_only_its_tables(riverside: Contest) -> None:
    t1 = riverside.rounds[-1].sheets[0]
    partial = Round(4, "partial-recount", (CountSheet("T1", {"margaret-pryce": VoteFigure(
        t1.votes["margaret-pryce"].total + 2)}, {}),))
    rounds = compare_rounds(replace(riverside, rounds=(*riverside.rounds, partial)))
    assert [(c.table, c.key, c.difference) for c in rounds.changes_in(4)] == [
        ("T1", "margaret-pryce", 2)
    ]
    assert rounds.rounds[-1].tables_counted == ("T1",)


def test_corrections_overlay_the_figures_of_their_round(riverside: Contest) -> None:
    tables = compute_result(riverside).tables
    old = tables["T2"].votes["margaret-pryce"].total
    fix = FigureCorrection(3, "T2", "votes", "margaret-pryce", old, old + 5)
    corrected = apply_corrections(tables, [fix], 3)
    assert corrected["T2"].votes["margaret-pryce"].total == old + 5
    assert corrected["T1"] == tables["T1"]
    assert apply_corrections(tables, [fix], 2) == tables  # a later round's correction
    assert correction_problem(riverside, tables, "T2", "votes", "margaret-pryce", old) is not None
    assert "no table" in str(correction_problem(riverside, tables, "T9", "votes", "margaret-pryce", 1))
    assert "not a candidate" in str(correction_problem(riverside, tables, "T2", "votes", "zz", 1))
    assert "head" in str(correction_problem(riverside, tables, "T2", "rejected", "spoilt", 1))
    assert "single-seat" in str(correction_problem(riverside, tables, "T2", "valid_papers", "", 1))
    assert correction_problem(riverside, tables, "T2", "votes", "margaret-pryce", old + 5) is None
