"""OASIS EML 5.0 documents of the count (510) and the result (520), built from contest results."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime

from app.domain.election import Candidate, Election
from app.domain.result import CandidateResult, ContestResult
from app.domain.sheet import TableFigures, valid_papers_of

EML_NS = "urn:oasis:names:tc:evs:schema:eml"
XNL_NS = "urn:oasis:names:tc:ciq:xsdschema:xNL:2.0"
SCHEMA_VERSION = "5.0"

# EML as the default namespace and xNL's conventional prefix, so documents read as the standard's
# examples do (the registry maps these two URIs only).
ET.register_namespace("", EML_NS)
ET.register_namespace("xnl", XNL_NS)


def _eml(tag: str) -> str:
    return f"{{{EML_NS}}}{tag}"


def _add(parent: ET.Element, tag: str, text: str | int | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _eml(tag), attributes)
    if text is not None:
        element.text = str(text)
    return element


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _document(
    message: str, election: Election, issued: datetime, transaction_id: str
) -> ET.Element:
    """The EML root with the header every message carries (EMLstructure of the core schema)."""
    root = ET.Element(_eml("EML"), {"Id": message, "SchemaVersion": SCHEMA_VERSION})
    _add(root, "TransactionId", transaction_id)
    authority = _add(root, "ManagingAuthority")
    _add(authority, "AuthorityIdentifier", election.authority)
    _add(authority, "AuthorityAddress")
    _add(root, "IssueDate", issued.isoformat(timespec="seconds"))
    return root


def _election_identifier(parent: ET.Element, election: Election, results: Sequence[ContestResult]) -> None:
    identifier = _add(parent, "ElectionIdentifier", Id=election.id)
    _add(identifier, "ElectionName", election.title)
    profiles = {result.contest.profile_id for result in results}
    if len(profiles) == 1:
        _add(identifier, "ElectionCategory", profiles.pop())


def _contest_identifier(parent: ET.Element, result: ContestResult) -> None:
    identifier = _add(parent, "ContestIdentifier", Id=result.contest.id)
    _add(identifier, "ContestName", result.contest.name)


def _candidate(parent: ET.Element, candidate: Candidate, *, full_name: bool) -> None:
    """Candidate, then the party as AffiliationIdentifier (when the candidate has a description)."""
    element = _add(parent, "Candidate")
    identifier = _add(element, "CandidateIdentifier", Id=candidate.id)
    legal = f"{candidate.forenames} {candidate.surname}".strip()
    _add(identifier, "CandidateName", legal)
    if candidate.name != legal:
        _add(identifier, "KnownAs", candidate.name)
    if full_name:
        person = ET.SubElement(_add(element, "CandidateFullName"), f"{{{XNL_NS}}}PersonName")
        if candidate.forenames:
            ET.SubElement(person, f"{{{XNL_NS}}}FirstName").text = candidate.forenames
        ET.SubElement(person, f"{{{XNL_NS}}}LastName").text = candidate.surname
    if candidate.description:
        affiliation = _add(parent, "AffiliationIdentifier")
        _add(affiliation, "RegisteredName", candidate.description)


def _rejected(parent: ET.Element, result: ContestResult, rejected: dict[str, int]) -> None:
    wording = {head.key: head.wording for head in result.contest.profile.heads}
    for key in result.contest.profile.head_keys:
        _add(parent, "RejectedVotes", rejected.get(key, 0), ReasonCode=key, Reason=wording[key])


def _total_votes(contest: ET.Element, result: ContestResult) -> None:
    total = _add(contest, "TotalVotes")
    if result.contest.electorate is not None:
        _add(total, "CountMetric", result.contest.electorate, Type="Electorate")
    _add(total, "CountMetric", result.round, Type="Round")
    if result.rejected_in_part is not None:
        _add(total, "CountMetric", result.rejected_in_part, Type="RejectedInPart")
    for row in result.candidates:
        selection = _add(total, "Selection")
        _candidate(selection, row.candidate, full_name=False)
        _add(selection, "ValidVotes", row.votes)
        if row.won_lot:  # the lot's extra vote is in ValidVotes; say so, for whoever adds tables up
            _add(selection, "CountMetric", 1, Type="WonLot")
    _add(total, "Cast", result.papers_verified)
    _add(total, "TotalCounted", result.votes_cast)
    _rejected(total, result, result.rejected)


def _table_votes(contest: ET.Element, result: ContestResult, figures: TableFigures) -> None:
    unit = _add(contest, "ReportingUnitVotes")
    _add(unit, "ReportingUnitIdentifier", f"Count table {figures.table}", Id=figures.table)
    for row in result.candidates:
        figure = figures.votes.get(row.candidate.id)
        selection = _add(unit, "Selection")
        _candidate(selection, row.candidate, full_name=False)
        _add(selection, "ValidVotes", figure.total if figure is not None else 0)
    expected = result.expected_papers.get(figures.table)
    if expected is not None:
        _add(unit, "Cast", expected)
    counted = valid_papers_of(figures, result.contest.seats) + figures.rejected_total
    _add(unit, "TotalCounted", counted)
    _rejected(unit, result, figures.rejected)


def count_510(
    election: Election,
    results: Sequence[ContestResult],
    *,
    issued: datetime,
    transaction_id: str = "1",
) -> bytes:
    """EML 510: per contest the valid votes of each candidate, rejected papers by head and papers
    counted, in total and per count table (as reporting units), in the current round."""
    root = _document("510", election, issued, transaction_id)
    count = _add(root, "Count")
    event = _add(count, "EventIdentifier", Id=election.id)
    _add(event, "EventName", election.title)
    election_element = _add(count, "Election")
    _election_identifier(election_element, election, results)
    contests = _add(election_element, "Contests")
    for result in results:
        contest = _add(contests, "Contest")
        _contest_identifier(contest, result)
        qualifier = _add(contest, "CountQualifier")
        _add(qualifier, "Final", _yes_no(result.stage == "declared"))
        _add(contest, "NumberOfPositions", result.contest.seats)
        _total_votes(contest, result)
        for table in result.contest.count_tables:
            figures = result.tables.get(table.id)
            if figures is not None and figures.round_of_sheet is not None:
                _table_votes(contest, result, figures)
    return _serialise(root)


def _selection_520(contest: ET.Element, row: CandidateResult) -> None:
    selection = _add(contest, "Selection")
    _candidate(selection, row.candidate, full_name=True)
    _add(selection, "Votes", row.votes)
    _add(selection, "Ranking", row.rank)
    _add(selection, "Elected", _yes_no(row.elected))


def result_520(
    election: Election,
    results: Sequence[ContestResult],
    *,
    issued: datetime,
    transaction_id: str = "1",
) -> bytes:
    """EML 520: per contest each candidate's votes, ranking and whether elected."""
    root = _document("520", election, issued, transaction_id)
    election_element = _add(_add(root, "Result"), "Election")
    _election_identifier(election_element, election, results)
    for result in results:
        contest = _add(election_element, "Contest")
        _contest_identifier(contest, result)
        for row in result.candidates:
            _selection_520(contest, row)
    return _serialise(root)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()
