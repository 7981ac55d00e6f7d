"""Kept font subsets: every document byte for byte what ReportLab alone writes, a subset made once."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.reports.font_subsets import SubsetKeepingFont, subset_parts
from app.reports.fonts import VALUES, WORDING, register_fonts
from tests.reports.documents import DOCUMENTS, content, example, long_names, pages, render


def _reportlab_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Embed subsets the way ReportLab's own TTFont does, making each one afresh."""
    monkeypatch.setattr(SubsetKeepingFont, "addObjects", TTFont.addObjects)


def test_the_sheets_fonts_keep_their_subsets() -> None:
    register_fonts()
    for name in (*WORDING.fonts, *VALUES.fonts):
        assert isinstance(pdfmetrics.getFont(name), SubsetKeepingFont), name


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("variant", ["plain", "long Welsh names"])
def test_every_document_is_the_pdf_reportlab_alone_writes(
    examples_dir: Path, monkeypatch: pytest.MonkeyPatch, document: str, variant: str
) -> None:
    election, contest = example(examples_dir, "abbey")
    if variant != "plain":  # ŷ and Ŵ: subset 0 holds them after ASCII; several pages, several subsets
        contest = long_names(contest)
    sheet = content(document, election, contest)
    render(document, sheet)  # the subsets are kept now, so the next render reuses them
    kept = render(document, sheet)
    with monkeypatch.context() as patched:
        _reportlab_alone(patched)
        alone = render(document, sheet)
    assert kept == alone


def test_a_subset_is_made_once_and_other_characters_get_their_own(examples_dir: Path) -> None:
    election, contest = example(examples_dir, "riverside")
    sheet = content("declaration", election, contest)
    render("declaration", sheet)
    before = subset_parts.cache_info()
    render("declaration", sheet)
    after = subset_parts.cache_info()
    assert after.hits > before.hits and after.misses == before.misses, "the same subsets, not made again"

    other = dataclasses.replace(sheet, contest_name=f"{sheet.contest_name} (Þórshöfn)")
    text = " ".join(pages(render("declaration", other)))
    assert subset_parts.cache_info().misses > after.misses, "new characters: a subset of their own"
    assert "Þórshöfn" in text


def test_an_uncompressed_pdf_is_left_to_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept bytes are deflated: a canvas without compression embeds its subsets as ReportLab does."""

    def draw() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pageCompression=0, invariant=1)
        canvas.setFont(WORDING.regular, 12)
        canvas.drawString(72, 720, "Leicester South · 37,157")
        canvas.save()
        return out.getvalue()

    register_fonts()
    kept = draw()
    with monkeypatch.context() as patched:
        _reportlab_alone(patched)
        alone = draw()
    assert kept == alone
    assert b"/FlateDecode" not in kept
