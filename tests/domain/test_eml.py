"""EML 510 and 520: well-formed, in the OASIS EML 5 structure, with the figures of the result."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.election import Candidate, Election
from app.domain.eml import EML_NS, XNL_NS, count_510, result_520
from app.domain.package import read_package
from app.domain.result import ContestResult, compute_result

NS = {"eml": EML_NS, "xnl": XNL_NS}
ISSUED = datetime(2029, 5, 4, 3, 15, tzinfo=UTC)

# Child order required by the schemas (510-count-v5-0.xsd, 520-result, emlcore-v5-0.xsd) for the
# elements CountDesk writes: each tag may repeat, but never comes back after a later one.
ORDER = {
    "EML": ["TransactionId", "ManagingAuthority", "IssueDate", "Count", "Result"],
    "Count": ["EventIdentifier", "Election"],
    "Contest510": ["ContestIdentifier", "CountQualifier", "NumberOfPositions", "TotalVotes",
                   "ReportingUnitVotes"],
    "Votes": ["ReportingUnitIdentifier", "CountMetric", "Selection", "Cast", "TotalCounted",
              "RejectedVotes"],
    "Selection510": ["Candidate", "AffiliationIdentifier", "ValidVotes", "CountMetric"],
    "Selection520": ["Candidate", "AffiliationIdentifier", "Votes", "Ranking", "Elected"],
    "Candidate": ["CandidateIdentifier", "CandidateFullName"],
    "CandidateIdentifier": ["CandidateName", "KnownAs"],
}


def _local(element: ET.Element) -> str:
    return element.tag.split("}", 1)[1]


def _in_order(element: ET.Element, order: list[str]) -> None:
    tags = [_local(child) for child in element]
    assert all(tag in order for tag in tags), (tags, order)
    positions = [order.index(tag) for tag in tags]
    assert positions == sorted(positions), f"{_local(element)}: {tags} not in the order {order}"


def _results(path: Path) -> tuple[Election, list[ContestResult]]:
    package = read_package(path.read_bytes())
    return package.election, [compute_result(contest) for contest in package.contests]


PACKAGES = ["riverside", "abbey", "demo"]


def _source(name: str, examples_dir: Path, repo_root: Path) -> Path:
    if name == "demo":
        return repo_root / "resources" / "demo" / "demo.package.json"
    return examples_dir / f"{name}.package.json"


def _votes(selections: list[ET.Element], tag: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for selection in selections:
        identifier = selection.find("eml:Candidate/eml:CandidateIdentifier", NS)
        value = selection.find(f"eml:{tag}", NS)
        assert identifier is not None and value is not None and value.text is not None
        out[identifier.attrib["Id"]] = int(value.text)
    return out


@pytest.mark.parametrize("name", PACKAGES)
def test_510_carries_the_figures_of_the_result(name: str, examples_dir: Path, repo_root: Path) -> None:
    election, results = _results(_source(name, examples_dir, repo_root))
    raw = count_510(election, results, issued=ISSUED, transaction_id="7")
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<EML xmlns="' + EML_NS.encode())
    root = ET.fromstring(raw)
    assert (root.tag, root.attrib["Id"], root.attrib["SchemaVersion"]) == (f"{{{EML_NS}}}EML", "510", "5.0")
    assert root.findtext("eml:TransactionId", namespaces=NS) == "7"
    assert root.findtext("eml:IssueDate", namespaces=NS) == "2029-05-04T03:15:00+00:00"
    _in_order(root, ORDER["EML"])
    count = root.find("eml:Count", NS)
    assert count is not None
    _in_order(count, ORDER["Count"])
    assert count.find("eml:Election/eml:ElectionIdentifier", NS).attrib["Id"] == election.id  # type: ignore[union-attr]
    contests = count.findall("eml:Election/eml:Contests/eml:Contest", NS)
    assert len(contests) == len(results)
    for contest, result in zip(contests, results, strict=True):
        want = result.as_json()
        _in_order(contest, ORDER["Contest510"])
        assert contest.find("eml:ContestIdentifier", NS).attrib["Id"] == want["contest"]  # type: ignore[union-attr]
        assert contest.findtext("eml:NumberOfPositions", namespaces=NS) == str(want["seats"])
        total = contest.find("eml:TotalVotes", NS)
        assert total is not None
        _in_order(total, ORDER["Votes"])
        selections = total.findall("eml:Selection", NS)
        for selection in selections:
            _in_order(selection, ORDER["Selection510"])
            _in_order(selection.find("eml:Candidate", NS), ORDER["Candidate"])  # type: ignore[arg-type]
        assert _votes(selections, "ValidVotes") == {c["id"]: c["votes"] for c in want["candidates"]}
        rejected = {r.attrib["ReasonCode"]: int(r.text or "") for r in total.findall("eml:RejectedVotes", NS)}
        assert rejected | {"total": sum(rejected.values())} == want["rejected"]
        assert int(total.findtext("eml:Cast", namespaces=NS) or "") == want["papers_verified"]
        counted = int(total.findtext("eml:TotalCounted", namespaces=NS) or "")
        assert counted == result.valid_papers + result.rejected_total
        units = contest.findall("eml:ReportingUnitVotes", NS)
        assert [u.find("eml:ReportingUnitIdentifier", NS).attrib["Id"] for u in units] == [  # type: ignore[union-attr]
            t.id for t in result.contest.count_tables
        ]
        by_tables: Counter[str] = Counter()
        rejected_by_tables: Counter[str] = Counter()
        for unit in units:
            _in_order(unit, ORDER["Votes"])
            by_tables.update(_votes(unit.findall("eml:Selection", NS), "ValidVotes"))
            for r in unit.findall("eml:RejectedVotes", NS):
                rejected_by_tables[r.attrib["ReasonCode"]] += int(r.text or "")
        # The tables add up to the total, but for the extra vote of a won lot (marked WonLot).
        lot = {c["id"]: int(c["won_lot"]) for c in want["candidates"]}
        assert {cid: n + lot[cid] for cid, n in by_tables.items()} == _votes(selections, "ValidVotes")
        assert dict(rejected_by_tables) == rejected
        won = [s for s in selections if s.find("eml:CountMetric[@Type='WonLot']", NS) is not None]
        assert len(won) == sum(lot.values())


@pytest.mark.parametrize("name", PACKAGES)
def test_520_says_who_is_elected(name: str, examples_dir: Path, repo_root: Path) -> None:
    election, results = _results(_source(name, examples_dir, repo_root))
    root = ET.fromstring(result_520(election, results, issued=ISSUED))
    assert root.attrib["Id"] == "520"
    _in_order(root, ORDER["EML"])
    contests = root.findall("eml:Result/eml:Election/eml:Contest", NS)
    assert len(contests) == len(results)
    for contest, result in zip(contests, results, strict=True):
        want = result.as_json()
        selections = contest.findall("eml:Selection", NS)
        for selection in selections:
            _in_order(selection, ORDER["Selection520"])
        assert _votes(selections, "Votes") == {c["id"]: c["votes"] for c in want["candidates"]}
        elected = [
            s.find("eml:Candidate/eml:CandidateIdentifier", NS).attrib["Id"]  # type: ignore[union-attr]
            for s in selections
            if s.findtext("eml:Elected", namespaces=NS) == "yes"
        ]
        assert elected == [c["id"] for c in want["candidates"] if c["elected"]]
        assert all(s.findtext("eml:Elected", namespaces=NS) in ("yes", "no") for s in selections)
        ranks = [int(s.findtext("eml:Ranking", namespaces=NS) or "") for s in selections]
        assert ranks == [c.rank for c in result.candidates]


def test_names_are_kept_and_markup_is_escaped(examples_dir: Path) -> None:
    package = json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))
    package["contests"][0]["candidates"][2]["description"] = "Labour & Co-operative <Party>"
    package["contests"][0]["candidates"][2]["commonly_used_forenames"] = "Zo"
    parsed = read_package(json.dumps(package, ensure_ascii=False).encode())
    results = [compute_result(c) for c in parsed.contests]
    for raw in (count_510(parsed.election, results, issued=ISSUED),
                result_520(parsed.election, results, issued=ISSUED)):
        assert b"Labour &amp; Co-operative &lt;Party&gt;" in raw
        root = ET.fromstring(raw)
        parties = {e.text for e in root.iter(f"{{{EML_NS}}}RegisteredName")}
        assert "Labour & Co-operative <Party>" in parties
        names = {e.text for e in root.iter(f"{{{EML_NS}}}CandidateName")}
        assert {"Zoë O'Connor", "Siân Ap Gwilym", "Łukasz Nowak"} <= names
        assert "Zo O'Connor" in {e.text for e in root.iter(f"{{{EML_NS}}}KnownAs")}
    person = ET.fromstring(result_520(parsed.election, results, issued=ISSUED)).find(
        ".//eml:CandidateFullName/xnl:PersonName", NS
    )
    assert person is not None
    assert [(_local(e), e.text) for e in person] == [("FirstName", "Thomas"), ("LastName", "Ashworth-Lee")]


def test_a_candidate_without_a_party_has_no_affiliation(examples_dir: Path) -> None:
    parsed = read_package((examples_dir / "riverside.package.json").read_bytes())
    contest = parsed.contests[0]
    bare = Candidate(id=contest.candidates[0].id, surname="Gwilym", forenames="Siân Ap")
    changed = replace(contest, candidates=(bare, *contest.candidates[1:]))
    root = ET.fromstring(count_510(parsed.election, [compute_result(changed)], issued=ISSUED))
    shapes = {
        s.find("eml:Candidate/eml:CandidateIdentifier", NS).attrib["Id"]: [_local(e) for e in s]  # type: ignore[union-attr]
        for s in root.findall(".//eml:TotalVotes/eml:Selection", NS)
    }
    assert shapes.pop(bare.id) == ["Candidate", "ValidVotes"]
    assert set(map(tuple, shapes.values())) == {("Candidate", "AffiliationIdentifier", "ValidVotes")}


def test_declared_contests_are_final(examples_dir: Path) -> None:
    parsed = read_package((examples_dir / "riverside.package.json").read_bytes())
    result = compute_result(parsed.contests[0])
    root = ET.fromstring(count_510(parsed.election, [result], issued=ISSUED))
    assert root.findtext(".//eml:CountQualifier/eml:Final", namespaces=NS) == "no"
    declared = replace(result, stage="declared")
    root = ET.fromstring(count_510(parsed.election, [declared], issued=ISSUED))
    assert root.findtext(".//eml:CountQualifier/eml:Final", namespaces=NS) == "yes"
