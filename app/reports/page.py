"""The frame every official sheet shares: A4 page, header, footer with status and fingerprint, watermarks."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app.domain.documents import DOCUMENT_STATUSES, Fingerprint
from app.reports.fonts import VALUES, WORDING, check_drawable, drawable, register_fonts
from app.reports.pdf_objects import keep_formats
from app.reports.styles import INK, MUTED, RULE, figure, long_date_time
from app.reports.text_canvas import TextCanvas

# Streams are Flate-compressed only: ASCII85 on top only made a binary-safe file 7-bit clean (our PDFs
# are binary anyway), grew each page stream by a quarter and took a fifth of the time to save a sheet.
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 26 * mm  # the header lives above this
MARGIN_BOTTOM = 27 * mm  # the footer lives below this
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

_STATUS_NOTES = {
    "DRAFT": "not the declared result",
    "PROVISIONAL": "figures may change on a recount",
    "DECLARED": "",
}
_TRAINING_NOTE = "practice file, not a real election"
_CAP_HEIGHT = 0.73  # DejaVu Sans Bold's capital height, in ems
_WATERMARK_GAP = 0.45  # clear space between two watermark lines, in ems

Run = tuple[str, str]  # (text, font name): one stretch of a line in one font


@dataclass(frozen=True)
class PageFurniture:
    """What every page of a sheet carries, whatever the sheet: who, what, which state, when, which file."""

    document_title: str  # e.g. "Declaration of Result of Poll" (PDF metadata and header)
    template: str  # e.g. "declaration v1"
    election_title: str
    authority: str
    contest_name: str
    contest_id: str
    status: str  # one of DOCUMENT_STATUSES
    training: bool
    generated_at: datetime  # aware, local time
    fingerprint: Fingerprint

    def __post_init__(self) -> None:
        if self.status not in DOCUMENT_STATUSES:
            raise ValueError(
                f"unknown document status {self.status!r} (known: {', '.join(DOCUMENT_STATUSES)})"
            )
        if self.generated_at.utcoffset() is None:
            raise ValueError("the generated time must carry its UTC offset (an aware datetime)")
        for text in (self.election_title, self.authority, self.contest_name, self.contest_id):
            check_drawable(text, VALUES)
        check_drawable(self.document_title, WORDING)


def _width(runs: Sequence[Run], size: float) -> float:
    return float(sum(stringWidth(text, font, size) for text, font in runs))


def _draw_runs(
    canvas: Any, x: float, y: float, runs: Sequence[Run], size: float, *, align: str = "left"
) -> None:
    """One line in one text object (so it extracts as one line), fonts changing between runs."""
    if align == "right":
        x -= _width(runs, size)
    if isinstance(canvas, TextCanvas):
        canvas.write_runs(x, y, [(chunk, font, size) for chunk, font in runs])
        return
    text = canvas.beginText(x, y)
    for chunk, font in runs:
        text.setFont(font, size)
        text.textOut(chunk)
    canvas.drawText(text)


def _fitted(runs: Sequence[Run], size: float, width: float, smallest: float = 6.0) -> float:
    """The largest size up to `size` at which the runs fit the width (never below `smallest`)."""
    natural = _width(runs, size)
    if natural <= width:
        return size
    return max(smallest, size * width / natural)


def _within(runs: Sequence[Run], size: float, width: float) -> tuple[list[Run], float]:
    """The runs fitted to the width; a line too long even at the smallest size ends in an ellipsis."""
    size = _fitted(runs, size, width)
    kept = list(runs)
    # A long election title or ward name otherwise ran under the text at the other side of the header.
    while _width(kept, size) > width and kept:
        text, font = kept[-1]
        shorter = text[:-2].rstrip() if len(text) > 1 else ""
        kept[-1:] = [(shorter + "…", font)] if shorter else []
    return kept, size


def _events(count: int) -> str:
    return "event" if count == 1 else "events"


def _draw_header(canvas: Any, furniture: PageFurniture) -> None:
    top = PAGE_HEIGHT - 11 * mm
    right = PAGE_WIDTH - MARGIN_X
    title: list[Run] = [(drawable(furniture.document_title, WORDING), WORDING.bold)]
    title_size = 9.0
    left_width = BODY_WIDTH - _width(title, title_size) - 8 * mm
    election: list[Run] = [(drawable(furniture.election_title), VALUES.bold)]
    place: list[Run] = [
        (drawable(furniture.authority), VALUES.regular),
        ("  ·  ", WORDING.regular),
        (drawable(furniture.contest_name), VALUES.regular),
    ]
    contest_id: list[Run] = [(drawable(furniture.contest_id), VALUES.regular)]
    id_size = _fitted(contest_id, 7.5, BODY_WIDTH / 2)
    place_width = BODY_WIDTH - _width(contest_id, id_size) - 8 * mm
    canvas.saveState()
    canvas.setFillColor(INK)
    _draw_runs(canvas, MARGIN_X, top, *_within(election, 9.5, left_width))
    _draw_runs(canvas, right, top, title, title_size, align="right")
    canvas.setFillColor(MUTED)
    _draw_runs(canvas, MARGIN_X, top - 4.6 * mm, *_within(place, 8.5, place_width))
    _draw_runs(canvas, right, top - 4.6 * mm, contest_id, id_size, align="right")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, top - 7.5 * mm, right, top - 7.5 * mm)
    canvas.restoreState()


def _draw_watermarks(canvas: Any, furniture: PageFurniture) -> None:
    """A large diagonal DRAFT and/or TRAINING beneath the page's content.

    Both words on one page are drawn the same size, as two lines with a clear gap between them
    (the longer word sets the size), so neither runs into the other.
    """
    words = [
        word for word, on in (("DRAFT", furniture.status == "DRAFT"), ("TRAINING", furniture.training)) if on
    ]
    if not words:
        return
    angle = math.degrees(math.atan2(PAGE_HEIGHT, PAGE_WIDTH))
    room = math.hypot(PAGE_WIDTH, PAGE_HEIGHT) * 0.62
    canvas.saveState()
    canvas.setFillColorRGB(0.92, 0.92, 0.92)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(angle)
    if len(words) == 1:
        size = min(150.0, room / stringWidth(words[0], WORDING.bold, 1))
        canvas.setFont(WORDING.bold, size)
        canvas.drawCentredString(0, -size * 0.35, words[0])
    else:
        size = min(120.0, room / max(stringWidth(word, WORDING.bold, 1) for word in words))
        cap = _CAP_HEIGHT * size
        pitch = cap + _WATERMARK_GAP * size  # baseline to baseline
        lowest = -(pitch * (len(words) - 1) + cap) / 2  # the block of lines centred on the diagonal
        canvas.setFont(WORDING.bold, size)
        for index, word in enumerate(words):
            canvas.drawCentredString(0, lowest + pitch * (len(words) - 1 - index), word)
    canvas.restoreState()


def _draw_footer(canvas: Any, furniture: PageFurniture, page: int, pages: int) -> None:
    right = PAGE_WIDTH - MARGIN_X
    rule_y = MARGIN_BOTTOM - 7 * mm
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, rule_y, right, rule_y)
    canvas.setFillColor(INK)

    status: list[Run] = [(furniture.status, WORDING.bold)]
    note = _STATUS_NOTES[furniture.status]
    if note:
        status.append((f"  {note}", WORDING.regular))
    if furniture.training:
        status += [
            ("   ·   ", WORDING.regular),
            ("TRAINING", WORDING.bold),
            (f"  {_TRAINING_NOTE}", WORDING.regular),
        ]
    line1 = rule_y - 4.6 * mm
    page_label: list[Run] = [(f"Page {page} of {pages}", WORDING.bold)]
    # PROVISIONAL and TRAINING together are wider than the room left of the page number: shrink.
    room = BODY_WIDTH - _width(page_label, 9) - 6 * mm
    _draw_runs(canvas, MARGIN_X, line1, status, _fitted(status, 9, room))
    _draw_runs(canvas, right, line1, page_label, 9, align="right")

    day, time = long_date_time(furniture.generated_at)
    generated: list[Run] = [
        ("Generated ", WORDING.regular),
        (day, VALUES.regular),
        (" at ", WORDING.regular),
        (time, VALUES.regular),
    ]
    count = furniture.fingerprint.event_count
    fingerprint: list[Run] = [
        ("Fingerprint ", WORDING.regular),
        (furniture.fingerprint.short, VALUES.regular),
        (" · ", WORDING.regular),
        (figure(count), VALUES.regular),
        (f" {_events(count)}", WORDING.regular),
    ]
    line2 = line1 - 4.2 * mm
    _draw_runs(canvas, MARGIN_X, line2, generated, 7.5)
    _draw_runs(canvas, right, line2, fingerprint, 7.5, align="right")

    canvas.setFillColor(MUTED)
    line3 = line2 - 3.8 * mm
    _draw_runs(canvas, MARGIN_X, line3, [(drawable(furniture.contest_id), VALUES.regular)], 7)
    _draw_runs(
        canvas,
        right,
        line3,
        [("Template ", WORDING.regular), (furniture.template, VALUES.regular)],
        7,
        align="right",
    )
    canvas.restoreState()


class NumberedCanvas(TextCanvas):
    """Holds every page until the end, then draws each footer knowing the page count ("Page X of Y")."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            _draw_footer(self, self._furniture, number, pages)
            Canvas.showPage(self)
        keep_formats(self._doc)
        Canvas.save(self)


def _on_page(canvas: Any, _doc: Any, furniture: PageFurniture) -> None:
    _draw_watermarks(canvas, furniture)
    _draw_header(canvas, furniture)


def render_sheet(
    furniture: PageFurniture,
    story: Sequence[Flowable],
    out: str | Path | BinaryIO,
    *,
    keywords: str = "",
) -> None:
    """Lay the story out on A4 pages with the shared furniture and write the PDF to a path or stream.

    The whole PDF is made in memory first: a failure leaves no half-written file. ReportLab's
    invariant mode makes the bytes depend on the input only (the generated time is part of it).
    `keywords` goes into the PDF's document information (a result sheet keeps its payload there).
    """
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=1,
        initialFontName=WORDING.regular,
        title=f"{furniture.document_title}: {furniture.contest_name}",
        author=furniture.authority,
        subject=f"{furniture.election_title}, {furniture.contest_id}",
        creator="CountDesk",
        keywords=keywords,
        lang="en-GB",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [PageTemplate(id="sheet", frames=[frame], onPage=partial(_on_page, furniture=furniture))]
    )
    doc.build(list(story), canvasmaker=partial(NumberedCanvas, furniture=furniture))
    data = buffer.getvalue()
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)
