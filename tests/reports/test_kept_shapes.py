"""The sheets' second round of shortcuts writes the very bytes ReportLab's own machinery writes.

Table cell styles made once per shape, rows of plain strings sized in one pass, cell strings
written straight to the page, blocks kept together without copying the frame, colours, widths,
rectangles and text runs formatted once, the page, page tree, catalog and font list formatted
once per content:
each checked byte for byte against ReportLab doing that work itself, on the first sheet of a
kind (what is kept is being made) and again (what was kept is used), and on sheets of many
pages (a table split between pages shares its cells' styles with its parts).
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib import colors
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle, flowables

from app.reports import grid, page, pdf_objects, text_canvas
from app.reports.font_subsets import SubsetKeepingFont
from app.reports.fonts import VALUES, WORDING, register_fonts
from app.reports.grid import Grid
from app.reports.lines import Line
from app.reports.styles import BODY
from app.reports.text_canvas import TextCanvas
from app.reports.together import Together, adds_nothing
from tests.reports.documents import DOCUMENTS, content, example, long_names, render

VARIANTS = ["riverside", "abbey", "forty candidates", "bilingual", "training", "declared"]


def _sheet(examples_dir: Path, document: str, variant: str) -> Any:
    election, contest = example(examples_dir, "riverside" if variant == "riverside" else "abbey")
    if variant == "forty candidates":  # the candidate table split over pages
        contest = long_names(contest, 40)
    if variant == "bilingual":
        contest = dataclasses.replace(contest, profile_id="uk-local-wales")
    if variant == "training":
        election = dataclasses.replace(election, training=True)
    status = "DECLARED" if variant == "declared" else None
    return content(document, election, contest, status)


class _Forgetful(dict[Any, Any]):
    """A cache that keeps nothing: every lookup misses."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def _as_reportlab_alone(patched: pytest.MonkeyPatch) -> None:
    """Every shortcut of this round taken away: ReportLab styles, draws, measures and formats."""
    patched.setattr(grid, "_shape_key", lambda _data, _style: None)
    patched.setattr(Grid, "_drawCell", Table._drawCell)
    patched.setattr(Together, "wrap", KeepTogether.wrap)
    for name in ("setFillColor", "setStrokeColor", "setLineWidth", "rect", "push_state_stack"):
        patched.setattr(TextCanvas, name, getattr(Canvas, name))
    patched.setattr(text_canvas, "_RUNS", _Forgetful())
    patched.setattr(Grid, "_calc_height", Table._calc_height)
    patched.setattr(page, "keep_formats", lambda _document: None)
    patched.setattr(SubsetKeepingFont, "fresh_state", lambda font: TTFont.State(font._asciiReadable, font))


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_the_kept_shapes_and_runs_write_the_bytes_reportlab_writes(
    examples_dir: Path, monkeypatch: pytest.MonkeyPatch, document: str, variant: str
) -> None:
    sheet = _sheet(examples_dir, document, variant)
    with monkeypatch.context() as patched:
        _as_reportlab_alone(patched)
        theirs = render(document, sheet)
    grid._styled.clear()
    text_canvas._RUNS.clear()
    pdf_objects._formatted.clear()
    first = render(document, sheet)  # the shapes and runs being kept
    again = render(document, sheet)  # the kept ones used
    assert first == theirs
    assert again == theirs


def test_cells_are_written_straight_to_the_page(examples_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above is of two ways of drawing: the straight one is taken for plain strings."""
    written = []
    monkeypatch.setattr(TextCanvas, "draw_cell_lines", lambda *args: written.append(args[3]))
    render("declaration", _sheet(examples_dir, "declaration", "riverside"))
    assert ["Surname"] in written


def _shape(rows: int = 3) -> tuple[list[list[str]], TableStyle]:
    data = [[f"r{row}c{column}" for column in range(2)] for row in range(rows)]
    style = TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("ALIGN", (1, 0), (1, -1), "RIGHT")])
    return data, style


def test_tables_of_one_shape_share_their_cells_styles() -> None:
    grid._styled.clear()
    first, second = (Grid(*_shape()[:1], style=_shape()[1]) for _ in range(2))
    assert first._cellStyles[1][1] is second._cellStyles[1][1]
    assert second._cellStyles[1][1].alignment == "RIGHT"
    assert len(Grid(*_shape(4)[:1], style=_shape(4)[1])._cellStyles) == 4  # another shape, its own


def test_a_style_given_later_changes_that_table_only() -> None:
    grid._styled.clear()
    first, second = (Grid(*_shape()[:1], style=_shape()[1]) for _ in range(2))
    second.setStyle([("TEXTCOLOR", (0, 0), (-1, -1), colors.red), ("FONT", (0, 0), (0, 0), "Courier", 12)])
    assert second._cellStyles[0][0].fontname == "Courier"
    assert second._cellStyles[1][1].color == colors.red
    for table in (first, Grid(*_shape()[:1], style=_shape()[1])):
        assert table._cellStyles[0][0].fontname == "Helvetica"
        assert table._cellStyles[1][1].color == "black"


def test_styles_that_compare_equal_but_draw_otherwise_are_not_one_shape() -> None:
    grid._styled.clear()
    data = _shape()[0]
    whole = Grid(data, style=TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 9)]))
    fraction = Grid(data, style=TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 9.0)]))
    assert whole._cellStyles[0][0] is not fraction._cellStyles[0][0]
    assert type(fraction._cellStyles[0][0].fontsize) is float
    cmyk = TableStyle([("TEXTCOLOR", (0, 0), (-1, -1), colors.CMYKColor(0, 0, 0, 1))])
    assert grid._shape_key(data, cmyk) is None  # a CMYK colour's knockout is not in its equality


class _Generating(Flowable):  # type: ignore[misc]
    """A flowable that may add content to the frame while it is measured."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return aW, 10


def test_only_plain_content_is_measured_without_the_frame() -> None:
    table = Grid([["text", [Line("a line", BODY), Paragraph("words")]]], style=_shape()[1])
    assert adds_nothing([Spacer(1, 4), Line("a line", BODY), table])
    assert not adds_nothing([Spacer(1, 4), _Generating()])
    assert not adds_nothing([Grid([["text", _Generating()]])])
    assert not Together([Spacer(1, 4), _Generating()])._plain


def test_a_sheet_is_laid_out_without_copying_its_frame(
    examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied = []
    monkeypatch.setattr(flowables, "deepcopy", lambda thing: copied.append(thing) or thing)
    render("declaration", _sheet(examples_dir, "declaration", "abbey"))
    assert copied == []
    with monkeypatch.context() as patched:
        patched.setattr(Together, "wrap", KeepTogether.wrap)
        render("declaration", _sheet(examples_dir, "declaration", "abbey"))
    assert copied, "ReportLab alone copies the frame to measure a block"


def test_the_page_catalog_and_fonts_are_formatted_once_per_content(examples_dir: Path) -> None:
    pdf_objects._formatted.clear()
    sheet = _sheet(examples_dir, "declaration", "riverside")
    render("declaration", sheet)
    kept = len(pdf_objects._formatted)
    render("declaration", sheet)
    assert kept >= 4 and len(pdf_objects._formatted) == kept  # page, page tree, catalog, font list


def test_a_dictionary_of_values_without_a_key_is_formatted_by_reportlab() -> None:
    document = pdfdoc.PDFDocument(invariant=1)
    pdf_objects._formatted.clear()
    odd = pdfdoc.PDFDictionary({"Title": pdfdoc.PDFString(b"bytes, not text"), "Size": 1})
    assert pdf_objects.formatted(odd, document) == pdfdoc.PDFDictionary.format(odd, document)
    assert not pdf_objects._formatted
    plain = pdfdoc.PDFDictionary({"Size": 1.0, "Type": "/Page"})
    same = pdfdoc.PDFDictionary({"Size": 1, "Type": "/Page"})
    assert pdf_objects.formatted(plain, document) == pdf_objects.formatted(same, document) == (
        pdfdoc.PDFDictionary.format(same, document)
    )


def test_dictionaries_that_format_otherwise_are_kept_apart() -> None:
    document = pdfdoc.PDFDocument(invariant=1)
    document.Reference(pdfdoc.PDFDictionary({"A": 1}), "first")
    document.Reference(pdfdoc.PDFDictionary({"B": 2}), "second")
    values = [
        1, 1.5, 2, 0.5, 0.5000001, -0.25, "/Name", "/name", b"/Name",
        pdfdoc.PDFObjectReference("first"), pdfdoc.PDFObjectReference("second"),
        pdfdoc.PDFArray([1, 2]), pdfdoc.PDFArray([2, 1]), pdfdoc.PDFArrayCompact([1, 2]),
        pdfdoc.PDFString("en-GB"), pdfdoc.PDFString("en-US"), pdfdoc.PDFDictionary({"X": 1, "Y": 2}),
    ]
    pdf_objects._formatted.clear()
    for value in values:  # one shared store: a key two of them shared would give one the other's bytes
        dictionary = pdfdoc.PDFDictionary({"Value": value, "Type": "/Test"})
        theirs = pdfdoc.PDFDictionary.format(dictionary, document)
        assert pdf_objects.formatted(dictionary, document) == theirs
    assert len(pdf_objects._formatted) == len(values)


@pytest.mark.parametrize("text", ["I, the undersigned, being the Returning Officer", "Ŵyr Llŷr a'r  cyngor"])
def test_a_justified_line_is_written_as_reportlab_writes_it(text: str) -> None:
    register_fonts()
    ours, theirs = TextCanvas(io.BytesIO()), TextCanvas(io.BytesIO())
    for canvas in (ours, theirs):
        canvas.setFont(WORDING.regular, 10, 13.5)
    ours.drawString(12.5, 30.5, text, wordSpace=0.701631)
    Canvas.drawString(theirs, 12.5, 30.5, text, wordSpace=0.701631)
    assert ours._code == theirs._code
    assert "Tw" in ours._code[-1]


@pytest.mark.parametrize("face", [WORDING.regular, WORDING.bold, VALUES.regular, VALUES.bold])
def test_a_fonts_fresh_state_is_reportlabs_own_and_its_own(face: str) -> None:
    register_fonts()
    font = pdfmetrics.getFont(face)
    first, second, theirs = font.fresh_state(), font.fresh_state(), TTFont.State(font._asciiReadable, font)
    assert vars(first) == vars(theirs)
    first.assignments[0x0175] = 200
    first.subsets[0].append(0x0175)
    assert vars(second) == vars(theirs) == vars(font.fresh_state())  # nothing shared with another PDF
