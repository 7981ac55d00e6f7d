"""The sheet payload's format (encode, decode, refuse), and reading it back from a PDF's information."""

from __future__ import annotations

import dataclasses

import pytest

from app.domain.documents_payload import PayloadError, SheetPayload, decode_payload
from app.reports.pdf_keywords import UnreadablePdf, read_keywords

PAYLOAD = SheetPayload(
    document="declaration",
    contest_id="parl.ynys-môn;=2029",
    status="DRAFT",
    round=3,
    votes=(17_604, 2_311, 5_120, 17_627, 488),
    rejected=(12, 36, 12, 61),
    rejected_in_part=None,
    papers_verified=43_271,
    chain_head="ab" * 32,
    event_count=42,
)


def test_the_format_is_one_line_of_ascii_and_round_trips() -> None:
    text = PAYLOAD.encode()
    assert text.isascii() and "\n" not in text
    assert text == (
        "countdesk-sheet/1;doc=declaration;contest=parl.ynys-m%C3%B4n%3B%3D2029;status=DRAFT;round=3;"
        "votes=17604,2311,5120,17627,488;rejected=12,36,12,61;in_part=-;verified=43271;"
        f"chain={'ab' * 32};events=42"
    )
    assert decode_payload(text) == PAYLOAD
    with_part = dataclasses.replace(PAYLOAD, rejected_in_part=7)
    assert decode_payload(with_part.encode()) == with_part


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hello", "does not start with countdesk-sheet/1"),
        (PAYLOAD.encode().replace(";events=42", ""), "lacks the field"),
        (PAYLOAD.encode().replace("round=3", "round=٣"), "not a whole number"),
        (PAYLOAD.encode().replace("votes=17604", "votes=1_7604"), "not a whole number"),
        (PAYLOAD.encode().replace("chain=abab", "chain=zzab"), "64-digit hex"),
        (PAYLOAD.encode() + ";extra=1", "unknown field"),
        (PAYLOAD.encode() + ";round=4", "appears twice"),
    ],
)
def test_a_damaged_payload_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(PayloadError, match=reason):
        decode_payload(text)


def test_differences_name_each_figure_that_moved() -> None:
    moved = dataclasses.replace(PAYLOAD, votes=(17_604, 2_311, 5_120, 17_607, 488), round=4)
    found = PAYLOAD.differences(moved)
    assert found == [
        "the sheet shows round 3; the file is at round 4",
        "votes (in ballot-paper order): the sheet has 17,604, 2,311, 5,120, 17,627, 488, the file has "
        "17,604, 2,311, 5,120, 17,607, 488",
    ]
    assert PAYLOAD.differences(dataclasses.replace(PAYLOAD, status="DECLARED", event_count=50)) == []


def _pdf(info: bytes) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n7 0 obj\n<< /Author (x) "
        + info
        + b" >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 7 0 R >>\n%%EOF\n"
    )


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (b"/Keywords (plain;text)", "plain;text"),
        (
            b"/Keywords (with \\(escaped\\) parens and a \\\\ backslash)",
            "with (escaped) parens and a \\ backslash",
        ),
        (b"/Keywords (nested (balanced) parens)", "nested (balanced) parens"),
        (b"/Keywords (octal \\101\\102)", "octal AB"),
        (b"/Keywords <FEFF0057004C0171>", "WLű"),
        (b"/Keywords (\xfe\xff\x00W\x01u)", "Wŵ"),
        (b"/Title (t)", None),
    ],
)
def test_keywords_are_read_back_from_the_document_information(info: bytes, expected: str | None) -> None:
    assert read_keywords(_pdf(info)) == expected


def test_a_file_that_is_not_a_pdf_is_refused() -> None:
    with pytest.raises(UnreadablePdf, match="does not start like a PDF"):
        read_keywords(b"PK\x03\x04 a zip file")
    with pytest.raises(UnreadablePdf, match="middle of a string"):
        read_keywords(_pdf(b"/Keywords (never closed"))
