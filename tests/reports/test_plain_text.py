"""The sheets' shortcuts past ReportLab's machinery draw exactly what the machinery draws.

Two kinds: those that write the very bytes ReportLab would (text written without text objects,
measured and encoded without per-character loops, tables not sized twice), checked byte for byte
against ReportLab doing the work; and those that draw the same marks by other operators (plain
table strings and Lines for one-font Paragraphs, the QR code as a form), checked by the text a
reader extracts and by every pixel of every page rendered by poppler.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Table

from app.reports import cells, lines, text_canvas
from app.reports.cells import one_line, text_cell
from app.reports.closing_blocks import NOTE_QR
from app.reports.font_subsets import SubsetKeepingFont
from app.reports.fonts import WORDING, register_fonts
from app.reports.grid import Grid
from app.reports.lines import Line
from app.reports.qr import SheetQr, _QrForm
from app.reports.styles import BODY, CELL_HEAD_RIGHT, HEADING, TITLE
from app.reports.text_canvas import TextCanvas
from tests.reports.documents import DOCUMENTS, content, example, long_names, pages, render

VARIANTS = ["riverside", "abbey", "long Welsh names", "bilingual", "training", "markup characters"]


def _sheet(examples_dir: Path, document: str, variant: str) -> Any:
    election, contest = example(examples_dir, "riverside" if variant == "riverside" else "abbey")
    if variant == "long Welsh names":
        contest = long_names(contest)
    if variant == "bilingual":
        contest = dataclasses.replace(contest, profile_id="uk-local-wales")
    if variant == "training":
        election = dataclasses.replace(election, training=True)
    if variant == "markup characters":  # drawn as typed, whether as a string or as escaped markup
        first, *others = contest.candidates
        named = dataclasses.replace(first, surname="O'Brien & <Sons>", description="Tom & Jerry's > Party")
        contest = dataclasses.replace(contest, candidates=(named, *others))
    return content(document, election, contest)


def _without_byte_shortcuts(patched: pytest.MonkeyPatch) -> None:
    """Text through ReportLab's text objects, its own measuring, encoding and formatting, tables sized at
    each ask."""
    patched.setattr(TextCanvas, "_direct", lambda _self, _plain: False)
    patched.setattr(TextCanvas, "_escape", TextCanvas.__mro__[1]._escape)
    patched.setattr(SubsetKeepingFont, "splitString", TTFont.splitString)
    patched.setattr(SubsetKeepingFont, "stringWidth", TTFont.stringWidth)
    patched.setattr(Grid, "_calc", Table._calc)
    patched.setattr(text_canvas._KeptInfo, "format", pdfdoc.PDFInfo.format)


def _all_paragraphs(patched: pytest.MonkeyPatch) -> None:
    """Every cell and title a Paragraph, as before the plain strings and Lines."""
    patched.setattr(cells, "one_line", lambda *_: None)
    patched.setattr(cells, "_lines", lambda *_: None)
    patched.setattr(lines.Line, "_width", lambda _self: float("inf"))
    patched.setattr(lines, "_broken", lambda *_: None)


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_the_byte_shortcuts_write_the_bytes_reportlab_writes(
    examples_dir: Path, monkeypatch: pytest.MonkeyPatch, document: str, variant: str
) -> None:
    sheet = _sheet(examples_dir, document, variant)
    ours = render(document, sheet)
    with monkeypatch.context() as patched:
        _without_byte_shortcuts(patched)
        theirs = render(document, sheet)
    assert ours == theirs


def _pixels(pdf: bytes, folder: Path, name: str) -> list[Image.Image]:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: install poppler-utils", pytrace=False)
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    run = subprocess.run([pdftoppm, "-r", "110", "-png", str(path), str(folder / name)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    return [Image.open(png).convert("RGB") for png in sorted(folder.glob(f"{name}-*.png"))]


def _same_pictures(ours: bytes, theirs: bytes, folder: Path) -> None:
    assert pages(ours) == pages(theirs), "the same text, page by page"
    mine, other = _pixels(ours, folder, "ours"), _pixels(theirs, folder, "theirs")
    assert len(mine) == len(other)
    for number, (a, b) in enumerate(zip(mine, other, strict=True), start=1):
        assert ImageChops.difference(a, b).getbbox() is None, f"page {number} differs"


@pytest.mark.parametrize("document", ["declaration", "provisional"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_plain_strings_and_lines_draw_what_paragraphs_draw(
    examples_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: str, variant: str
) -> None:
    sheet = _sheet(examples_dir, document, variant)
    ours = render(document, sheet)
    with monkeypatch.context() as patched:
        _all_paragraphs(patched)
        theirs = render(document, sheet)
    assert ours != theirs, "the shortcuts were taken"
    _same_pictures(ours, theirs, tmp_path)


def test_a_plain_string_is_only_a_text_a_paragraph_sets_on_one_line() -> None:
    register_fonts()
    font, size = WORDING.regular, 10
    assert one_line("Ballot papers verified", font, size, 200) == "Ballot papers verified"
    assert one_line("Ballot papers verified", font, size, 50) is None, "too wide: it would wrap"
    assert one_line("Ballot  papers", font, size, 200) is None, "a Paragraph closes up the spaces"
    assert one_line(" Ballot papers", font, size, 200) is None
    assert one_line("", font, size, 200) is None


def test_a_heading_that_wraps_is_drawn_in_the_paragraphs_own_lines() -> None:
    register_fonts()
    assert text_cell("Number of votes", CELL_HEAD_RIGHT, 60) == "Number of\nvotes"
    assert text_cell("Number of ballot papers", CELL_HEAD_RIGHT, 75) == "Number of\nballot papers"
    assert text_cell("Surname", CELL_HEAD_RIGHT, 60) == "Surname"
    assert text_cell("Two  spaces", CELL_HEAD_RIGHT, 60) is None
    assert text_cell("Justified text", BODY, 300) is None, "only left or right aligned text"


@pytest.fixture
def canvas_pdf() -> Iterator[Any]:
    def build(story: list[Any]) -> bytes:
        register_fonts()
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story, canvasmaker=TextCanvas)
        return out.getvalue()

    yield build


def test_a_centred_line_too_long_for_one_line_is_a_paragraph(canvas_pdf: Any, tmp_path: Path) -> None:
    text = " ".join(("Declaration of Result of Poll " * 4).split())
    line = Line(text, TITLE)
    _same_pictures(canvas_pdf([line]), canvas_pdf([lines.Paragraph(text, TITLE)]), tmp_path)
    assert line.wrap(400, 800)[1] > TITLE.leading and line._paragraph is not None, "more than one line"


@pytest.mark.parametrize("style", [BODY, HEADING, NOTE_QR], ids=["justified", "left", "small note"])
def test_left_and_justified_lines_are_the_paragraphs_own(canvas_pdf: Any, tmp_path: Path, style: Any) -> None:
    """Several lines, justified ones with their spaces widened, one a little overfull (ReportLab lets
    a line run over by up to a space, then narrows its spaces), and a word too long for any line."""
    text = ("I, the undersigned, being the Acting Returning Officer for the Newcastle upon Tyne Central "
            "constituency, do hereby give notice that the number of votes recorded for each candidate at "
            f"the election held on 8 June 2017 is as follows: {'Overfilling' * 12} end.")
    line = Line(text, style)
    _same_pictures(canvas_pdf([line]), canvas_pdf([lines.Paragraph(text, style)]), tmp_path)
    assert line._lines is not None and len(line._lines) >= 3 and line._paragraph is None
    if style is BODY:
        assert any(room < 0 for room, _, _ in line._lines), "an overfull line, its spaces narrowed"


def test_the_qr_code_is_one_form_per_pdf_drawing_the_codes_path(canvas_pdf: Any, tmp_path: Path) -> None:
    payload = "CDSHEET1;doc=declaration;contest=x;votes=1,2,3"
    pdf = canvas_pdf([SheetQr(payload), SheetQr(payload)])
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    forms = [reference.get_object() for reference in resources["/XObject"].values()]
    assert len(forms) == 1, "drawn twice, written once"
    qr = SheetQr(payload)
    inline = _QrForm(len(qr.lines) + 4, qr._code.path)
    assert forms[0].get_data().decode() == inline.path

    def inline_draw(self: SheetQr) -> None:  # the path drawn on the page itself
        across = len(self.lines) + 4
        self.canv.saveState()
        self.canv.scale(self.size / across, self.size / across)
        self.canv.setFillGray(0)
        self.canv.addLiteral(self._code.path)
        self.canv.restoreState()

    ours = canvas_pdf([SheetQr(payload)])
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(SheetQr, "draw", inline_draw)
        theirs = canvas_pdf([SheetQr(payload)])
    _same_pictures(ours, theirs, tmp_path)
