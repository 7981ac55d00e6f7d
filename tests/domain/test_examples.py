"""The worked examples of shared/examples give exactly their expected results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.package import read_package
from app.domain.result import compute_result


@pytest.mark.parametrize("name", ["riverside", "abbey"])
def test_worked_example_matches_expected(examples_dir: Path, name: str) -> None:
    package = read_package((examples_dir / f"{name}.package.json").read_bytes())
    expected = json.loads((examples_dir / f"{name}.expected.json").read_text(encoding="utf-8"))
    [contest] = package.contests
    result = compute_result(contest)
    got = result.as_json()

    assert got["contest"] == expected["contest"]
    assert got["seats"] == expected["seats"]
    assert {c["id"]: c["votes"] for c in got["candidates"]} == expected["votes"]
    assert sorted(c["id"] for c in got["candidates"] if c["elected"]) == sorted(expected["elected"])
    assert sorted(c["id"] for c in got["candidates"] if c["won_lot"]) == sorted(expected["won_lot"])
    assert got["margin"] == expected["margin"]
    assert sorted(a["rule"] for a in got["advice"]) == sorted(expected["advice"])
    assert got["recount_advised"] == expected["recount_advised"]
    assert got["lot_needed"] == expected["lot_needed"]
    assert got["papers_verified"] == expected["papers_verified"]
    assert got["rejected"] == expected["rejected"]
    assert got["reconciled"] == expected["reconciled"]


def test_riverside_is_in_ballot_order_and_counts_three_rounds(examples_dir: Path) -> None:
    package = read_package((examples_dir / "riverside.package.json").read_bytes())
    result = compute_result(package.contests[0])
    assert [c.candidate.surname for c in result.candidates] == [
        "Ashworth-Lee", "Gwilym", "Nowak", "O'Connor", "Pryce",
    ]
    assert result.round == 3  # the refused request opens no round
    assert len(package.contests[0].refused_requests) == 1
    assert result.rejected_in_part is None
    assert result.stage == "counting"


def test_abbey_lot_winner_has_one_more_vote_and_json_is_exact(examples_dir: Path) -> None:
    package = read_package((examples_dir / "abbey.package.json").read_bytes())
    got = compute_result(package.contests[0]).as_json()
    assert list(got) == [
        "contest", "name", "seats", "stage", "round", "candidates", "rejected",
        "rejected_in_part", "papers_verified", "reconciled", "margin", "recount_advised",
        "advice", "lot_needed", "problems",
    ]
    rhys = next(c for c in got["candidates"] if c["id"] == "rhys-evans")
    assert rhys == {
        "id": "rhys-evans", "name": "Rhys Evans", "description": "Labour Party",
        "votes": 872, "won_lot": True, "elected": True,
    }
    assert got["rejected_in_part"] == 0
    assert [p["code"] for p in got["problems"]] == ["W301"]
