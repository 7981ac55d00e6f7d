"""The sheets' paragraph: markup parsed once, lines broken once per width, the layout exactly ReportLab's."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from reportlab.platypus import paragraph as reportlab_paragraph
from reportlab.platypus import paraparser

from app.reports.fonts import register_fonts
from app.reports.paragraphs import Paragraph
from app.reports.styles import BODY, CELL_HEAD, LABEL
from tests.reports.documents import DOCUMENTS, content, example, long_names, render

TEXT = " ".join(["the number of votes recorded for each candidate at the election"] * 4)


@pytest.fixture(autouse=True)
def fonts() -> None:
    register_fonts()  # the styles name the DejaVu families


@pytest.fixture
def breakings(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The widths at which any paragraph breaks its lines, in order."""
    seen: list[float] = []
    original = reportlab_paragraph.Paragraph.breakLines

    def counted(self: reportlab_paragraph.Paragraph, widths: list[float]) -> object:
        seen.append(widths[0])
        return original(self, widths)

    monkeypatch.setattr(reportlab_paragraph.Paragraph, "breakLines", counted)
    return seen


def test_a_markup_is_parsed_once_and_each_paragraph_has_its_own_fragments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Laid out over two source lines: ReportLab keeps the markup as it cleaned it.
    markup = '  Ballot papers\n <font name="DejaVuSansMono">verified</font> &amp; counted (test_paragraphs) '
    alone = reportlab_paragraph.Paragraph(markup, LABEL)
    parses: list[str] = []
    original = paraparser.ParaParser.parse

    def counted(self: paraparser.ParaParser, text: str, style: object) -> object:
        parses.append(text)
        return original(self, text, style)

    monkeypatch.setattr(paraparser.ParaParser, "parse", counted)
    first = Paragraph(markup, LABEL)
    second = Paragraph(markup, LABEL)
    assert len(parses) == 1
    assert [vars(f) for f in second.frags] == [vars(f) for f in alone.frags]
    assert second.text == alone.text
    assert second.getPlainText() == "Ballot papers verified & counted (test_paragraphs)"
    first.frags[0].text = "changed by a layout"
    assert Paragraph(markup, LABEL).frags[0].text == "Ballot papers "
    Paragraph(markup, CELL_HEAD)
    assert len(parses) == 2, "another style: parsed in that style"


def test_a_second_wrap_at_the_same_width_breaks_no_lines(breakings: list[float]) -> None:
    para = Paragraph(TEXT, BODY)
    first = para.wrap(300, 800)
    assert para.wrap(300, 500) == first
    assert breakings == [300]


def test_another_width_breaks_the_lines_again(breakings: list[float]) -> None:
    para = Paragraph(TEXT, BODY)
    wide = para.wrap(400, 800)
    narrow = para.wrap(200, 800)
    assert narrow[1] > wide[1], "narrower: more lines"
    assert para.wrap(400, 800) == wide
    assert breakings == [400, 200, 400]
    fresh = reportlab_paragraph.Paragraph(TEXT, BODY)
    assert fresh.wrap(400, 800) == wide


def test_a_paragraph_pushed_on_by_split_is_laid_out_again(breakings: list[float]) -> None:
    para = Paragraph(TEXT, BODY)
    para.wrap(300, 800)
    assert para.split(300, 10) == [], "no room for two lines: the paragraph moves on whole"
    assert "blPara" not in para.__dict__
    para.wrap(300, 800)
    assert breakings.count(300) >= 2
    assert "blPara" in para.__dict__


def test_too_narrow_a_width_is_answered_as_reportlab_answers_it() -> None:
    para = Paragraph(TEXT, BODY)
    para.wrap(300, 800)
    refused = reportlab_paragraph.Paragraph(TEXT, BODY).wrap(0, 800)
    assert para.wrap(0, 800) == refused
    assert para.wrap(0, 800) == refused, "asked again: still no room"
    assert para.wrap(300, 800)[0] == 300


@pytest.mark.parametrize("document", DOCUMENTS)
def test_documents_are_laid_out_as_by_reportlab_alone(
    examples_dir: Path, monkeypatch: pytest.MonkeyPatch, document: str
) -> None:
    """Long names: paragraphs wrapped in nested tables, kept together, split over several pages."""
    election, contest = example(examples_dir, "riverside")
    sheet = content(document, election, long_names(contest))
    kept = render(document, sheet)
    with monkeypatch.context() as patched:
        patched.setattr(Paragraph, "__init__", reportlab_paragraph.Paragraph.__init__)
        patched.setattr(Paragraph, "wrap", reportlab_paragraph.Paragraph.wrap)
        alone = render(document, sheet)
    assert kept == alone


def test_sheets_rendered_on_two_threads_at_once_are_those_rendered_alone(examples_dir: Path) -> None:
    """The window renders in a worker: kept markups and subsets are shared, never a paragraph's state."""
    election, contest = example(examples_dir, "riverside")
    sheets = [
        ("declaration", content("declaration", election, contest)),
        ("count-summary", content("count-summary", election, long_names(contest))),
        ("declaration", content("declaration", election, long_names(contest))),
    ]
    alone = [render(document, sheet) for document, sheet in sheets]
    differing: list[int] = []

    def work(start: int) -> None:
        for step in range(2 * len(sheets)):
            index = (start + step) % len(sheets)
            if render(*sheets[index]) != alone[index]:
                differing.append(index)

    threads = [threading.Thread(target=work, args=(start,)) for start in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert differing == []
