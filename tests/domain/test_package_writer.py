"""The package writer gives back what the reader read: every field, every round, request and lot."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.domain.election import Contest, CountSheet, RecountRequest, Round, VoteFigure
from app.domain.package import read_package
from app.domain.package_writer import left_out, vote_json, write_package
from app.domain.result import compute_result
from app.domain.snapshot import StageRecord

Json = dict[str, Any]


def _again(package: Json) -> Any:
    """Write what the reader made of `package`, and read that again."""
    first = read_package(json.dumps(package, ensure_ascii=False).encode("utf-8"))
    written = write_package(first.election, first.contests)
    return first, written, read_package(json.dumps(written, ensure_ascii=False).encode("utf-8"))


def _load(path: Path) -> Json:
    data: Json = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def riverside(examples_dir: Path) -> Json:
    return _load(examples_dir / "riverside.package.json")


@pytest.mark.parametrize(
    "path", ["examples/riverside.package.json", "examples/abbey.package.json", "demo"]
)
def test_examples_and_demo_come_back_the_same(path: str, shared_dir: Path, repo_root: Path) -> None:
    source = (
        repo_root / "resources" / "demo" / "demo.package.json" if path == "demo" else shared_dir / path
    )
    first, written, second = _again(_load(source))
    assert written["format"] == "countdesk-election-package/1"
    assert second.election == first.election
    assert second.contests == first.contests
    for before, after in zip(first.contests, second.contests, strict=True):
        assert compute_result(after).as_json() == compute_result(before).as_json()
        assert left_out(before) == []


def test_every_optional_field_survives(riverside: Json) -> None:
    package = copy.deepcopy(riverside)
    package["election"]["training"] = True
    contest = package["contests"][0]
    contest["recount_rules"] = {
        "bundle": False, "absolute": None, "relative": {"percent": 0.5, "base": "votes-cast"},
        "rejected": True, "variance": False,
    }
    candidate = contest["candidates"][0]
    candidate.update(commonly_used_surname="Ap Gwilym", commonly_used_forenames="Sîan", ballot_position=5)
    contest["verification"][0]["explanation"] = "two papers found in the wrong box"
    rounds = contest["rounds"]
    rounds[1]["grounds"] = "the margin is under two bundles"
    rounds.insert(2, {"kind": "re-adjudication", "decision": "refused", "reason": "not needed",
                      "requested_by": {"name": "J. Jones", "role": "candidate"}})
    rounds.append({
        "kind": "partial-recount", "decision": "granted", "reason": "one table in doubt",
        "scope": {"tables": ["T2"], "candidates": ["zoë-o-connor", "thomas-ashworth-lee"]},
        "sheets": [{"table": "T2", "votes": {"zoë-o-connor": 4322, "thomas-ashworth-lee": 4306},
                    "rejected": {}}],
    })
    rounds.append({"kind": "bundle-check", "decision": "pending", "reason": "",
                   "requested_by": {"name": "Agent for O'Connor", "role": "election-agent"}})
    contest["lots"] = [{"tied": ["zoë-o-connor", "thomas-ashworth-lee"], "winner": "zoë-o-connor",
                        "method": "cut of cards", "witnesses": ["A. Agent", "B. Agent"],
                        "drawn_at": "2029-05-04T03:10:00+01:00"}]
    del contest["electorate"]
    first, written, second = _again(package)
    assert second.contests == first.contests
    assert second.election.training is True
    [before] = first.contests
    assert [r.kind for r in before.rounds] == ["initial", "bundle-check", "full-recount", "partial-recount"]
    assert [(after, r.kind, r.decision) for after, r in before.refused_requests] == [
        (2, "re-adjudication", "refused"), (3, "bundle-check", "refused"), (4, "bundle-check", "pending"),
    ]
    kinds = [(r["kind"], r.get("decision")) for r in written["contests"][0]["rounds"]]
    assert kinds == [
        ("initial", None), ("bundle-check", "granted"), ("re-adjudication", "refused"),
        ("full-recount", "granted"), ("bundle-check", "refused"), ("partial-recount", "granted"),
        ("bundle-check", "pending"),
    ]
    assert written["contests"][0]["recount_rules"]["relative"] == {"percent": 0.5, "base": "votes-cast"}
    assert "electorate" not in written["contests"][0]
    assert compute_result(second.contests[0]).as_json() == compute_result(before).as_json()


def test_multi_seat_sheets_keep_valid_papers_and_rejected_in_part(examples_dir: Path) -> None:
    package = _load(examples_dir / "abbey.package.json")
    sheet = package["contests"][0]["rounds"][0]["sheets"][0]
    sheet["rejected_in_part"] = 7
    first, written, second = _again(package)
    out = written["contests"][0]["rounds"][0]["sheets"][0]
    assert out["valid_papers"] == sheet["valid_papers"] and out["rejected_in_part"] == 7
    assert second.contests == first.contests


def test_votes_are_written_as_they_were_entered(riverside: Json) -> None:
    _, written, _ = _again(riverside)
    given = riverside["contests"][0]["rounds"][1]["sheets"][0]["votes"]
    out = written["contests"][0]["rounds"][1]["sheets"][0]["votes"]
    assert out == given  # {"bundles", "part"} stays so, totals stay totals
    assert list(out) == [c["id"] for c in riverside["contests"][0]["candidates"]]


def test_a_figure_whose_bundles_do_not_add_up_is_written_as_its_total() -> None:
    assert vote_json(VoteFigure(total=117, bundles=2, part=17), 50) == {"bundles": 2, "part": 17}
    assert vote_json(VoteFigure(total=117), 50) == 117
    assert vote_json(VoteFigure(total=120, bundles=2, part=17), 50) == 120  # 2 x 50 + 17 != 120
    assert vote_json(VoteFigure(total=167, bundles=2, part=67), 50) == 167  # part not below 50


def test_left_out_names_what_a_package_cannot_carry(riverside: Json) -> None:
    contest: Contest = read_package(json.dumps(riverside).encode()).contests[0]
    early = RecountRequest("bundle-check", None, "refused", "before any count")
    odd_sheet = CountSheet("T1", {"margaret-pryce": VoteFigure(120, 2, 17)}, {})
    changed = replace(
        contest,
        refused_requests=((0, early), *contest.refused_requests),
        rounds=(*contest.rounds, Round(4, "bundle-check", (odd_sheet,))),
    )
    notes = left_out(changed)
    assert any("before the initial count" in note for note in notes)
    assert any("margaret-pryce's figure is written as its total 120" in note for note in notes)
    assert left_out(contest) == []


def test_rounds_without_a_recorded_request_are_written_as_granted(riverside: Json) -> None:
    contest: Contest = read_package(json.dumps(riverside).encode()).contests[0]
    bare = tuple(Round(r.number, r.kind, r.sheets, None) for r in contest.rounds)
    changed = replace(contest, rounds=bare)
    package = write_package(read_package(json.dumps(riverside).encode()).election, [changed])
    again = read_package(json.dumps(package).encode()).contests[0]
    assert [r.kind for r in again.rounds] == [r.kind for r in contest.rounds]
    assert all(r.request is not None and r.request.decision == "granted" for r in again.rounds[1:])


def test_provisional_results_and_declarations_are_written(riverside: Json) -> None:
    package = read_package(json.dumps(riverside).encode())
    contest = package.contests[0]
    figures = compute_result(contest).figures
    shown = StageRecord("provisional", figures, "Ruth Officer", "2029-05-04T02:10:00+01:00")
    declared = StageRecord("declared", figures, "Ruth Officer", "2029-05-04T03:00:00+01:00")
    night = replace(contest, stage_records=(shown, declared))
    written = write_package(package.election, [night])
    assert [len(written["contests"][0][key]) for key in ("provisional", "declarations")] == [1, 1]
    again = read_package(json.dumps(written, ensure_ascii=False).encode()).contests[0]
    assert again.stage_records == night.stage_records
    assert again == night


def test_acknowledged_warnings_are_named_as_left_out(riverside: Json) -> None:
    contest = read_package(json.dumps(riverside).encode()).contests[0]
    seen = replace(contest, acknowledged=(("W201", "round 1, table T1", "x has 0 votes at this table"),))
    assert any("1 warning(s) acknowledged" in note for note in left_out(seen))
