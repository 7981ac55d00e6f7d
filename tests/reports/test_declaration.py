"""The declaration of result: content read back from the PDF, fonts, byte stability, long lists, Welsh."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.domain.documents import DeclarationLine, DeclarationSheet
from app.domain.election import Contest
from app.reports.declaration import TEMPLATE, render_declaration
from app.reports.fonts import UndrawableText

Render = Callable[[DeclarationSheet], bytes]
Pages = Callable[[bytes], list[str]]
SheetMaker = Callable[..., DeclarationSheet]

RIVERSIDE = {
    ("Ashworth-Lee", "Thomas", "Conservative Party", "17,604"),
    ("Gwilym", "Siân Ap", "Green Party", "2,311"),
    ("Nowak", "Łukasz", "Liberal Democrats", "5,120"),
    ("O'Connor", "Zoë", "Labour Party", "17,627"),
    ("Pryce", "Margaret", "Independent", "488"),
}


def squeezed(text: str) -> str:
    """Text without whitespace: a name wrapped over two lines of a cell still matches."""
    return "".join(text.split())


def test_riverside_prints_every_candidate_in_ballot_order(
    make_sheet: SheetMaker, render: Render, page_texts: Pages
) -> None:
    sheet = make_sheet("riverside")
    [page] = page_texts(render(sheet))
    for surname, other_names, description, votes in RIVERSIDE:
        assert f"{surname} {other_names} {description} {votes}" in page
    positions = [page.index(line.surname) for line in sheet.lines]
    assert positions == sorted(positions), "candidates must appear in ballot-paper order"
    assert "O'Connor Zoë Labour Party 17,627 Elected" in page
    assert page.count("Elected") == 2, "the column heading and the one winner"
    assert "Page 1 of 1" in page


def test_riverside_rejected_papers_and_figures(
    make_sheet: SheetMaker, render: Render, page_texts: Pages
) -> None:
    [page] = page_texts(render(make_sheet("riverside")))
    for head in (
        "Want of official mark 12",
        "Voting for more candidates than the voter was entitled to 36",
        "Writing or mark by which the voter could be identified 12",
        "Unmarked or wholly void for uncertainty 61",
        "Total 121",
        "Ballot papers verified 43,271",
        "Electorate 70,412",
        "Turnout 61.45% (ballot papers verified ÷ electorate × 100)",
        "Poll held on 3 May 2029",
    ):
        assert head in page
    assert "Dim marc swyddogol" not in page, "Welsh wording only on a bilingual sheet"
    assert "rejected in part" not in page, "single seat: no papers rejected in part"
    assert "seats" not in page


def test_riverside_signature_block_and_no_lots(
    make_sheet: SheetMaker, render: Render, page_texts: Pages
) -> None:
    [page] = page_texts(render(make_sheet("riverside")))
    assert re.search(r"Signed _{20,}", page), "a signature line left blank on purpose"
    for text in (
        "Name Helen Marsh",
        "Capacity Acting Returning Officer",
        "Place Northgate Leisure Centre",
        "Date 4 May 2029",
    ):
        assert text in page
    assert "by lot" not in page and "*" not in page


def test_footer_furniture(make_sheet: SheetMaker, render: Render, page_texts: Pages) -> None:
    [page] = page_texts(render(make_sheet("riverside")))
    assert "Generated 4 May 2029 at 03:14:07 +01:00" in page
    assert "Fingerprint ABAB ABAB ABAB ABAB · 42 events" in page
    assert f"Template {TEMPLATE}" in page and TEMPLATE == "declaration v2"
    assert "UK Parliamentary General Election" in page
    assert "parl.riverside.2029-05-03" in page


def test_abbey_three_seats_lot_and_rejected_in_part(
    make_sheet: SheetMaker, render: Render, page_texts: Pages
) -> None:
    sheet = make_sheet("abbey", "DECLARED")
    [page] = page_texts(render(sheet))
    assert "3 seats" in page
    assert "Evans Rhys Labour Party 872 * Elected" in page, "the won lot's figure carries the mark"
    assert "Howells Gwen Conservative Party 871" in page
    assert page.count("Elected") == 4
    assert sheet.lots_statement is not None
    assert f"* {' '.join(sheet.lots_statement.split())}" in page
    assert "Total 14" in page
    assert re.search(r"rejected in part \(.*not part of the total above\) 0", page)
    assert "Ballot papers verified 1,708" in page and "Turnout 27.91%" in page


def test_draft_and_declared(make_sheet: SheetMaker, render: Render, page_texts: Pages) -> None:
    [draft] = page_texts(render(make_sheet("riverside", "DRAFT")))
    [declared] = page_texts(render(make_sheet("riverside", "DECLARED")))
    assert "DRAFT" in draft and "DECLARED" not in draft
    assert "DECLARED" in declared and "DRAFT" not in declared
    [training] = page_texts(render(make_sheet("riverside", "DECLARED", training=True)))
    assert "TRAINING" in training and "TRAINING" not in declared


def test_electorate_and_turnout_are_left_out_cleanly(
    make_sheet: SheetMaker, render: Render, page_texts: Pages
) -> None:
    sheet = dataclasses.replace(make_sheet("riverside"), electorate=None, turnout_percent=None)
    [page] = page_texts(render(sheet))
    assert "Ballot papers verified 43,271" in page
    assert "Electorate" not in page and "Turnout" not in page and "None" not in page


def test_unreconciled_figures_say_so(make_sheet: SheetMaker, render: Render, page_texts: Pages) -> None:
    [page] = page_texts(render(dataclasses.replace(make_sheet("riverside"), reconciled=False)))
    assert "These figures do not reconcile." in page


def test_fonts_are_embedded_subsets_and_never_helvetica(make_sheet: SheetMaker, render: Render) -> None:
    reader = PdfReader(io.BytesIO(render(make_sheet("abbey"))))
    seen = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for reference in resources["/Font"].values():
            font: Any = reference.get_object()
            name = str(font["/BaseFont"])
            seen.add(name.split("+", 1)[-1])
            assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(Mono)?(-Bold)?", name), (
                f"{name} is not an embedded subset"
            )
            assert "/FontFile2" in font["/FontDescriptor"], f"{name} is not embedded"
            assert "/ToUnicode" in font, f"{name} cannot be searched or copied"
    assert seen == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono", "DejaVuSansMono-Bold"}


def test_same_data_gives_the_same_bytes(make_sheet: SheetMaker, render: Render) -> None:
    sheet = make_sheet("abbey")
    first, second = render(sheet), render(sheet)
    assert first == second
    assert render(dataclasses.replace(sheet, status="DECLARED")) != first


def test_same_bytes_in_another_process(
    make_sheet: SheetMaker, render: Render, examples_dir: Path, repo_root: Path
) -> None:
    """Set order and hash seeds must not leak into the file."""
    script = f"""
import hashlib, io, sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from app.domain.documents import Fingerprint, declaration_sheet
from app.domain.package import read_package
from app.domain.result import compute_result
from app.reports.declaration import render_declaration
package = read_package(Path({str(examples_dir / "abbey.package.json")!r}).read_bytes())
sheet = declaration_sheet(package.election, compute_result(package.contests[0]), status="DRAFT",
    generated_at=datetime(2029, 5, 4, 3, 14, 7, tzinfo=timezone(timedelta(hours=1))),
    fingerprint=Fingerprint("ab" * 32, 42))
out = io.BytesIO()
render_declaration(sheet, out)
print(hashlib.sha256(out.getvalue()).hexdigest())
"""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == hashlib.sha256(render(make_sheet("abbey"))).hexdigest()


def long_lines(count: int = 20) -> tuple[DeclarationLine, ...]:
    """Candidates whose full names (other names and surname) and descriptions are 60 characters."""
    lines = []
    for i in range(count):
        surname = f"{i:02d} Featherstonehaugh-Wolstenholme"[:30]
        other_names = f"{i:02d} Bartholomew Llŷr Ŵynford Ap Rhys"[:29]
        description = f"The Extraordinarily Long Named Independent Alliance Party {i:02d}"[:60]
        assert len(f"{other_names} {surname}") == 60 and len(description) == 60
        lines.append(DeclarationLine(surname, other_names, description, 1000 + 1137 * i, i == 7, False))
    return tuple(lines)


def test_twenty_long_candidates_flow_onto_a_second_page(
    make_sheet: SheetMaker, render: Render, page_texts: Pages
) -> None:
    sheet = dataclasses.replace(make_sheet("riverside"), lines=long_lines())
    pages = page_texts(render(sheet))
    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    for page in pages:
        assert "Surname Other names Description (if any) Number of votes Elected" in page, "headings repeat"
    whole = squeezed(" ".join(pages))
    for line in sheet.lines:
        for text in (line.surname, line.other_names, line.description, f"{line.votes:,}"):
            assert squeezed(text) in whole, f"{text!r} is missing or cut"
    assert "Total 121" in pages[1] and re.search(r"Signed _+", pages[1])


def test_sixty_character_surnames_and_other_names_still_fit(
    make_sheet: SheetMaker, render: Render, page_texts: Pages
) -> None:
    lines = tuple(
        dataclasses.replace(line, surname=(line.surname * 2)[:60], other_names=(line.other_names * 3)[:60])
        for line in long_lines()
    )
    pages = page_texts(render(dataclasses.replace(make_sheet("riverside"), lines=lines)))
    assert len(pages) >= 2
    whole = squeezed(" ".join(pages))
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    for line in lines:
        assert squeezed(line.surname) in whole and squeezed(line.other_names) in whole


def welsh(contest: Contest) -> Contest:
    """Abbey under the Welsh profile, with ŵ ŷ Ŵ Ŷ in the candidates' names."""
    names = {
        "aled-bowen": ("Llŷr Ŵyn", "Bowen"),
        "catrin-davies": ("Catrin", "Ŷstrad-Dŵr"),
        "rhys-evans": ("Rhys", "Evans-Tŷ Ŵen"),
    }
    candidates = tuple(
        dataclasses.replace(c, forenames=names[c.id][0], surname=names[c.id][1]) if c.id in names else c
        for c in contest.candidates
    )
    return dataclasses.replace(contest, profile_id="uk-local-wales", candidates=candidates)


def test_welsh_sheet_is_bilingual_and_prints_welsh_letters(
    make_sheet: SheetMaker, render: Render, page_texts: Pages
) -> None:
    sheet = make_sheet("abbey", contest=welsh)
    text = " ".join(page_texts(render(sheet)))
    assert "Declaration of Result of Poll Datganiad o Ganlyniad y Bleidlais" in text
    assert "Yr wyf i, sydd wedi llofnodi isod" in text
    assert "Want of official mark Dim marc swyddogol 2" in text
    assert sheet.lots_statement_cy is not None
    assert " ".join(sheet.lots_statement_cy.split()) in text
    for name in ("Llŷr Ŵyn", "Ŷstrad-Dŵr", "Evans-Tŷ Ŵen"):
        assert name in text


@pytest.mark.parametrize("char", ["\u4e2d", "\U0001f5f3"])
def test_an_undrawable_name_is_refused_and_nothing_written(
    make_sheet: SheetMaker, tmp_path: Path, char: str
) -> None:
    sheet = make_sheet("riverside")
    bad = dataclasses.replace(sheet.lines[0], surname=f"Ashworth{char}Lee")
    target = tmp_path / "declaration.pdf"
    with pytest.raises(UndrawableText, match=f"U\\+{ord(char):04X}"):
        render_declaration(dataclasses.replace(sheet, lines=(bad, *sheet.lines[1:])), target)
    assert not target.exists()


def test_an_undrawable_venue_or_description_is_refused(make_sheet: SheetMaker) -> None:
    sheet = make_sheet("riverside")
    with pytest.raises(UndrawableText, match="BALLOT BOX WITH BALLOT"):
        render_declaration(dataclasses.replace(sheet, venue="Town Hall \U0001f5f3"), io.BytesIO())
    bad = dataclasses.replace(sheet.lines[0], description="Party \u4e2d")
    with pytest.raises(UndrawableText, match="CJK UNIFIED IDEOGRAPH-4E2D"):
        render_declaration(dataclasses.replace(sheet, lines=(bad, *sheet.lines[1:])), io.BytesIO())


def test_writes_to_a_path_a_string_or_a_stream(
    make_sheet: SheetMaker, render: Render, tmp_path: Path
) -> None:
    sheet = make_sheet("riverside")
    expected = render(sheet)
    render_declaration(sheet, tmp_path / "a.pdf")
    render_declaration(sheet, str(tmp_path / "b.pdf"))
    assert (tmp_path / "a.pdf").read_bytes() == expected == (tmp_path / "b.pdf").read_bytes()


@pytest.mark.parametrize(("example", "status"), [("riverside", "DRAFT"), ("abbey", "DECLARED")])
def test_pages_render_with_poppler(
    make_sheet: SheetMaker, render: Render, tmp_path: Path, example: str, status: str
) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail(
            "pdftoppm is missing: install poppler-utils (packaging/ does it on Debian)", pytrace=False
        )
    sheets = {"short": make_sheet(example, status)}
    sheets["long"] = dataclasses.replace(sheets["short"], lines=long_lines())
    for label, sheet in sheets.items():
        pdf = tmp_path / f"{label}.pdf"
        pdf.write_bytes(render(sheet))
        pages = len(PdfReader(pdf).pages)
        run = subprocess.run(
            [pdftoppm, "-r", "50", "-png", str(pdf), str(tmp_path / label)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert run.returncode == 0 and not run.stderr.strip(), run.stderr
        images = sorted(tmp_path.glob(f"{label}-*.png"))
        assert len(images) == pages and all(image.stat().st_size > 1000 for image in images)
