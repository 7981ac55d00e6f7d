"""The package's provisional, declarations and suspensions sections: read, validated, written back."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.domain.election import Contest
from app.domain.package import PackageError, read_package
from app.domain.package_stages import stage_sections_json
from app.domain.result import compute_result
from app.domain.snapshot import FigureCorrection, StageRecord, SuspensionEvent

Package = dict[str, Any]


def riverside(examples_dir: Path) -> Package:
    data: Package = json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))
    return data


def night_of(contest: Contest) -> Contest:
    """Riverside shown provisional, suspended and resumed, declared, then corrected once."""
    figures = compute_result(contest).figures
    shown = StageRecord("provisional", figures, "Ruth Officer", "2029-05-04T02:10:00+01:00")
    first = StageRecord("declared", figures, "Ruth Officer", "2029-05-04T03:00:00+01:00")
    t2 = compute_result(contest).tables["T2"].votes
    swap = (
        FigureCorrection(3, "T2", "votes", "zoë-o-connor", t2["zoë-o-connor"].total,
                         t2["zoë-o-connor"].total - 9),
        FigureCorrection(3, "T2", "votes", "thomas-ashworth-lee", t2["thomas-ashworth-lee"].total,
                         t2["thomas-ashworth-lee"].total + 9),
    )
    draft = StageRecord("declared", figures, "Ruth Officer", "2029-05-04T03:20:00+01:00", 1,
                        "transposed at T2", swap)
    corrected = compute_result(replace(contest, stage_records=(shown, first, draft))).figures
    return replace(
        contest,
        stage_records=(shown, first, replace(draft, snapshot=corrected)),
        suspensions=(
            SuspensionEvent("suspend", "overnight", ("S 1", "S 2"), "Ruth Officer", None),
            SuspensionEvent("resume", "seals intact", ("S 1", "S 2"), "Ruth Officer", None),
        ),
    )


def package_with_stages(examples_dir: Path) -> tuple[Package, Contest]:
    package = riverside(examples_dir)
    contest = night_of(read_package(json.dumps(package).encode()).contests[0])
    package["contests"][0].update(stage_sections_json(contest))
    return package, contest


def read(package: Package) -> Contest:
    return read_package(json.dumps(package, ensure_ascii=False).encode()).contests[0]


def test_the_sections_are_read_as_written(examples_dir: Path) -> None:
    package, contest = package_with_stages(examples_dir)
    assert set(package["contests"][0]) >= {"provisional", "declarations", "suspensions"}
    again = read(package)
    assert again == contest
    assert stage_sections_json(again) == {
        k: package["contests"][0][k] for k in ("provisional", "declarations", "suspensions")
    }
    result = compute_result(again)
    assert result.stage == "declared" and "E303" not in [p.code for p in result.problems]
    assert [d.supersedes for d in again.declarations] == [None, 1]


def test_a_package_without_the_sections_reads_as_before(examples_dir: Path) -> None:
    contest = read(riverside(examples_dir))
    assert contest.stage_records == () and contest.suspensions == ()
    assert compute_result(contest).stage == "counting"


def _declarations(p: Package) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = p["contests"][0]["declarations"]
    return found


def _pending(p: Package) -> None:
    p["contests"][0]["rounds"].append(
        {"kind": "bundle-check", "decision": "pending", "requested_by": {"name": "A", "role": "candidate"}}
    )


CASES: list[tuple[str, Any, str, str]] = [
    ("figures that are not the contest's",
     lambda p: _declarations(p)[1]["figures"].update(digest="0" * 64),
     "contests[0].declarations[1].figures.digest", "not of the contest's figures"),
    ("a digest that is not hexadecimal",
     lambda p: _declarations(p)[0]["figures"].update(digest="xyz"),
     "contests[0].declarations[0].figures.digest", "64 hexadecimal digits"),
    ("supersedes the wrong declaration", lambda p: _declarations(p)[1].update(supersedes=2),
     "contests[0].declarations[1].supersedes", "must supersede declaration 1"),
    ("a superseding declaration without its reason", lambda p: _declarations(p)[1].update(reason=""),
     "contests[0].declarations[1].reason", "needs its reason"),
    ("the first declaration supersedes", lambda p: _declarations(p)[0].update(supersedes=1),
     "contests[0].declarations[0].supersedes", "supersedes nothing"),
    ("corrections on the first declaration",
     lambda p: _declarations(p)[0].update(corrections=_declarations(p)[1]["corrections"]),
     "contests[0].declarations[0].corrections", "only a superseding declaration"),
    ("a correction of an unknown table",
     lambda p: _declarations(p)[1]["corrections"][0].update(table="T9"),
     "contests[0].declarations[1].corrections[0].table", "not a count table"),
    ("a vote missing from the figures",
     lambda p: _declarations(p)[0]["figures"]["votes"].pop("margaret-pryce"),
     "contests[0].declarations[0].figures.votes", "every candidate"),
    ("a round the contest does not have",
     lambda p: p["contests"][0]["provisional"][0]["figures"].update(round=7),
     "contests[0].provisional", "has 3 round(s)"),
    ("two suspensions in a row",
     lambda p: p["contests"][0]["suspensions"][1].update(action="suspend"),
     "contests[0].suspensions[1].action", "alternate"),
    ("declared while suspended",
     lambda p: p["contests"][0]["suspensions"].pop(),
     "contests[0].declarations[1]", "while its count is suspended"),
    ("declared with a request pending", _pending,
     "contests[0].declarations[1]", "pending recount request"),
    ("an unknown field", lambda p: _declarations(p)[0].update(signed=True),
     "contests[0].declarations[0].signed", "unknown field"),
]


@pytest.mark.parametrize(("label", "mutate", "path", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_stage_section_is_refused_with_its_path(
    examples_dir: Path, label: str, mutate: Any, path: str, words: str
) -> None:
    package, _ = package_with_stages(examples_dir)
    broken = copy.deepcopy(package)
    mutate(broken)
    with pytest.raises(PackageError) as refused:
        read(broken)
    assert refused.value.path == path, label
    assert words in refused.value.what


def test_requests_carry_their_grounds_and_may_be_pending(examples_dir: Path) -> None:
    package = riverside(examples_dir)
    package["contests"][0]["rounds"][1]["grounds"] = "the lead is 31"
    _pending(package)
    contest = read(package)
    assert contest.rounds[1].request is not None
    assert contest.rounds[1].request.grounds == "the lead is 31"
    assert [(after, r.decision) for after, r in contest.pending_requests] == [(3, "pending")]
    sheets = {"table": "T1", "votes": {}}
    package["contests"][0]["rounds"][-1]["sheets"] = [sheets]
    with pytest.raises(PackageError, match="a pending request carries no sheets"):
        read(package)


def test_a_superseding_declaration_says_what_it_replaces_and_why(examples_dir: Path) -> None:
    from app.domain.stage import superseding_statement

    _, contest = package_with_stages(examples_dir)
    text = superseding_statement(contest)
    assert text is not None
    assert text.startswith("This declaration supersedes declaration 1 made 4 May 2029 at 03:00 (+01:00), ")
    assert "because transposed at T2" in text
    assert "table T2, Zoë O'Connor:" in text and "corrected to" in text
    first_only = replace(contest, stage_records=contest.stage_records[:2])
    assert superseding_statement(first_only) is None
