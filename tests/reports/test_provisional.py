"""The provisional result sheet: figures, arithmetic, recount notice, blanks, Welsh, and its QR payload."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget

from app.domain.documents_payload import decode_payload, payload_of
from app.domain.election import Contest
from app.reports.declaration import declaration_story
from app.reports.fonts import UndrawableText
from app.reports.pdf_keywords import read_keywords
from app.reports.provisional import provisional_story
from app.reports.qr import SheetQr
from tests.reports.documents import content, example, pages, render


def reportlab_widget_modules(payload: str) -> list[list[bool]]:
    """The matrix ReportLab's QrCodeWidget builds for the payload at our error-correction level."""
    widget = QrCodeWidget(payload, barLevel="M")
    widget.qr.make()
    return [[bool(cell) for cell in row] for row in widget.qr.modules]


def qr_codes(flowables: list[Any]) -> list[SheetQr]:
    """Every QR drawing in a story, however deeply it sits in tables and KeepTogethers."""
    found: list[SheetQr] = []
    for item in flowables:
        if isinstance(item, SheetQr):
            found.append(item)
        elif isinstance(item, list | tuple):
            found += qr_codes(list(item))
        else:
            for attribute in ("_content", "_cellvalues"):
                inner = getattr(item, attribute, None)
                if inner is not None:
                    found += qr_codes(list(inner))
    return found


def test_riverside_figures_and_arithmetic(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    [page] = pages(render("provisional", content("provisional", election, contest)))
    assert "Provisional Result of the Count" in page
    assert "after the full recount (round 3)" in page
    for line in (
        "Ashworth-Lee Thomas Conservative Party 17,604",
        "Gwilym Siân Ap Green Party 2,311",
        "Nowak Łukasz Liberal Democrats 5,120",
        "O'Connor Zoë Labour Party 17,627 Yes",
        "Pryce Margaret Independent 488",
        "Want of official mark 12",
        "Unmarked or wholly void for uncertainty 61",
        "Total 121",
        "Valid ballot papers 43,150 Electorate 70,412",
        "Rejected ballot papers 121 Turnout 61.45%",
        "Ballot papers verified 43,271 Margin 23",
        "(turnout = ballot papers verified ÷ electorate × 100; margin = votes of the last candidate "
        "elected minus those of the first not elected)",
    ):
        assert line in page, line
    assert 43_150 + 121 == 43_271, "the sheet's own arithmetic reconciles"
    assert "must tell the Returning Officer now, before the result is declared" in page


def test_hand_written_parts_are_left_blank(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    [page] = pages(render("provisional", content("provisional", election, contest)))
    assert re.search(r"Signed _{20,} Date 4 May 2029", page), "signature blank, date filled"
    assert re.search(r"Time _{15,}", page), "the time the figures were shown, written by hand"
    assert "Name Helen Marsh" in page and "Place Northgate Leisure Centre" in page


def test_an_unreconciled_sheet_says_it_must_not_be_shown(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    sheet = dataclasses.replace(content("provisional", election, contest), reconciled=False)
    text = " ".join(pages(render("provisional", sheet)))
    assert "must not be shown as the provisional result" in text


def welsh(contest: Contest) -> Contest:
    return dataclasses.replace(contest, profile_id="uk-local-wales")


@pytest.mark.parametrize("document", ["provisional", "declaration"])
def test_wales_prints_english_and_welsh(examples_dir: Path, document: str) -> None:
    election, contest = example(examples_dir, "abbey")
    text = " ".join(pages(render(document, content(document, election, welsh(contest)))))
    for english, cymraeg in (
        ("Surname", "Cyfenw"),
        ("Want of official mark", "Dim marc swyddogol"),
        ("Ballot papers verified", "Papurau pleidleisio a ddilyswyd"),
        ("Poll held on 3 May 2029", "Cynhaliwyd y bleidlais ar 3 Mai 2029"),
        ("Signed", "Llofnod"),
    ):
        assert english in text and cymraeg in text, (english, cymraeg)
    if document == "provisional":
        assert "Canlyniad Dros Dro y Cyfrif" in text and "Dyma ffigurau dros dro y cyfrif" in text
        assert "Rhaid i ymgeisydd neu asiant etholiad" in text
    else:
        assert "Datganiad o Ganlyniad y Bleidlais" in text and "a gynhaliwyd ar 3 Mai 2029" in text
    assert "Pan gafwyd, ar ôl cyfrif y pleidleisiau" in text, "the lots statement in Welsh too"


def test_english_profiles_print_no_welsh(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "abbey")
    text = " ".join(pages(render("provisional", content("provisional", election, contest))))
    assert "Cyfenw" not in text and "Canlyniad" not in text


@pytest.mark.parametrize("document", ["provisional", "declaration"])
@pytest.mark.parametrize("name", ["riverside", "abbey"])
def test_the_qr_code_and_the_pdf_carry_the_same_payload(examples_dir: Path, document: str, name: str) -> None:
    election, contest = example(examples_dir, name)
    sheet = content(document, election, contest)
    expected = payload_of(document, sheet)
    stored = read_keywords(render(document, sheet))
    assert stored == expected.encode()
    decoded = decode_payload(stored)
    assert decoded == expected
    assert decoded.contest_id == contest.id
    assert decoded.votes == tuple(line.votes for line in sheet.lines)
    assert decoded.rejected == tuple(line.count for line in sheet.rejected)
    assert decoded.papers_verified == sheet.papers_verified
    assert decoded.chain_head == "ab" * 32 and decoded.event_count == 42
    story = provisional_story(sheet) if document == "provisional" else declaration_story(sheet)
    [code] = qr_codes(story)
    assert code.payload == stored, "the QR code draws exactly the stored payload"
    assert code.modules == reportlab_widget_modules(stored), "encoded as ReportLab's own widget does"


def test_riverside_payload_holds_the_files_figures(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    decoded = decode_payload(
        read_keywords(render("provisional", content("provisional", election, contest))) or ""
    )
    assert decoded.votes == (17_604, 2_311, 5_120, 17_627, 488)
    assert decoded.rejected == (12, 36, 12, 61)
    assert decoded.rejected_in_part is None and decoded.papers_verified == 43_271 and decoded.round == 3


def test_an_undrawable_name_fails_loudly(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    sheet = content("provisional", election, contest)
    bad = dataclasses.replace(sheet.lines[0], surname="Ashworth\u4e2dLee")
    with pytest.raises(UndrawableText, match="U\\+4E2D CJK UNIFIED IDEOGRAPH-4E2D"):
        render("provisional", dataclasses.replace(sheet, lines=(bad, *sheet.lines[1:])))


@pytest.mark.parametrize("document", ["provisional", "declaration"])
def test_a_seat_left_to_a_lot_not_yet_drawn_is_said_so(examples_dir: Path, document: str) -> None:
    # Abbey before its lot: Evans and Howells level on 871 for the third seat. The sheet marked two
    # candidates of three seats and said nothing about the third.
    election, contest = example(examples_dir, "abbey")
    undrawn = dataclasses.replace(contest, lots=())
    text = " ".join(pages(render(document, content(document, election, undrawn))))
    assert "Not every seat is filled yet." in text
    assert "must decide between them by lot before the result can be declared" in text
    drawn = " ".join(pages(render(document, content(document, election, contest))))
    assert "Not every seat is filled yet." not in drawn
