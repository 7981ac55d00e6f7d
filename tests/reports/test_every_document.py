"""What every document shares: furniture on every page, embedded fonts, TRAINING, stable bytes, long lists."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.reports.documents import (
    DOCUMENTS,
    FOOTER,
    TEMPLATES,
    content,
    example,
    long_names,
    pages,
    render,
    squeezed,
)


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("name", ["riverside", "abbey"])
def test_furniture_on_every_page(examples_dir: Path, document: str, name: str) -> None:
    election, contest = example(examples_dir, name)
    texts = pages(render(document, content(document, election, contest)))
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page
        assert "DRAFT not the declared result" in page, "the status with its note, on every page"
        assert "Generated 4 May 2029 at 03:14:07 +01:00" in page, "to the second, with the UTC offset"
        assert "Fingerprint ABAB ABAB ABAB ABAB · 42 events" in page, "chain head in fours, and the count"
        assert f"Template {TEMPLATES[document]}" in page
        assert election.title in page and contest.name in page and contest.id in page


@pytest.mark.parametrize("document", DOCUMENTS)
def test_status_follows_the_contest_and_training_is_watermarked(examples_dir: Path, document: str) -> None:
    election, contest = example(examples_dir, "riverside")
    declared = pages(render(document, content(document, election, contest, "DECLARED")))
    assert all("DECLARED" in page and "DRAFT" not in page and "TRAINING" not in page for page in declared)
    provisional = pages(render(document, content(document, election, contest, "PROVISIONAL")))
    assert all("PROVISIONAL figures may change on a recount" in page for page in provisional)
    training = dataclasses.replace(election, training=True)
    texts = pages(render(document, content(document, training, contest)))
    for page in texts:
        assert re.match(r"DRAFT ?TRAINING", page), "both watermarks are drawn first, beneath the content"
        assert "TRAINING practice file, not a real election" in page


@pytest.mark.parametrize("document", DOCUMENTS)
def test_fonts_are_embedded_dejavu_subsets(examples_dir: Path, document: str) -> None:
    election, contest = example(examples_dir, "abbey")
    reader = PdfReader(io.BytesIO(render(document, content(document, election, contest))))
    seen = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for reference in resources["/Font"].values():
            font: Any = reference.get_object()
            name = str(font["/BaseFont"])
            assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(Mono)?(-Bold)?", name), f"{name} is not embedded"
            assert "/FontFile2" in font["/FontDescriptor"]
            seen.add(name.split("+", 1)[1])
    assert {"DejaVuSans", "DejaVuSansMono"} <= seen, "wording and values in two distinct typefaces"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_same_content_gives_the_same_bytes(examples_dir: Path, document: str) -> None:
    election, contest = example(examples_dir, "riverside")
    sheet = content(document, election, contest)
    assert render(document, sheet) == render(document, sheet)


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d not in ("audit", "rejected")])
@pytest.mark.parametrize("name", ["riverside", "abbey"])
def test_twenty_long_names_flow_onto_more_pages_whole(examples_dir: Path, document: str, name: str) -> None:
    """20 candidates with 60-character names and descriptions: more pages, headings again, nothing cut."""
    election, contest = example(examples_dir, name)
    contest = long_names(contest)
    texts = pages(render(document, content(document, election, contest)))
    assert len(texts) >= 2
    numbers = [FOOTER.findall(page) for page in texts]
    assert numbers == [[(str(i), str(len(texts)))] for i in range(1, len(texts) + 1)]
    whole = squeezed(" ".join(texts))
    for candidate in contest.candidates:
        # The name may wrap inside its cell, never lose a letter.
        assert squeezed(candidate.surname) in whole or squeezed(candidate.name) in whole, candidate.name
        if document in ("declaration", "provisional", "count-summary"):
            assert squeezed(candidate.description) in whole, candidate.description
    if document in ("declaration", "provisional"):
        heading = "Surname Other names Description (if any) Number of votes"
        continued = [page for page in texts if "Featherstonehaugh" in page]
        assert len(continued) >= 2 and all(heading in page for page in continued), "headings repeat"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_page_renders_with_poppler(examples_dir: Path, tmp_path: Path, document: str) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: install poppler-utils", pytrace=False)
    election, contest = example(examples_dir, "riverside")
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(render(document, content(document, election, long_names(contest))))
    run = subprocess.run(
        [pdftoppm, "-r", "40", "-png", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0 and not run.stderr.strip(), run.stderr
    assert len(list(tmp_path.glob("page-*.png"))) == len(PdfReader(pdf).pages)


def _status_sizes(pdf: bytes) -> list[float]:
    """The type size of the footer's status run on each page."""
    sizes: list[float] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(text: str, _cm: Any, tm: Any, _font: Any, size: float) -> None:
            if text.startswith("PROVISIONAL"):
                sizes.append(round(size * tm[0], 2))

        page.extract_text(visitor_text=visit)
    return sizes


def test_a_long_status_line_shrinks_clear_of_the_page_number(examples_dir: Path) -> None:
    """PROVISIONAL with TRAINING would run into "Page 1 of 1" at full size."""
    election, contest = example(examples_dir, "riverside")
    plain = _status_sizes(render("rejected", content("rejected", election, contest, "PROVISIONAL")))
    training = dataclasses.replace(election, training=True)
    both = _status_sizes(render("rejected", content("rejected", training, contest, "PROVISIONAL")))
    assert plain == [9.0]
    assert both and all(size < 9.0 for size in both)
