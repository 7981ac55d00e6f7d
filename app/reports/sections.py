"""Layout parts of the working documents: furniture from a context, titles, key figures, grids, blanks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.domain.documents import Fingerprint, SheetContext
from app.domain.documents_requests import RequestLine
from app.domain.long_dates import format_long_date
from app.reports.fonts import VALUES, WORDING
from app.reports.page import BODY_WIDTH, PageFurniture
from app.reports.paragraphs import Paragraph
from app.reports.styles import (
    BODY,
    CELL_HEAD,
    CELL_HEAD_RIGHT,
    CELL_VALUE,
    CELL_WORDING,
    FACTS,
    HEADING,
    INK,
    LABEL,
    RULE,
    STRIPE,
    SUBJECT,
    TITLE,
    figure,
    ruled_grid,
    table_style,
    value,
    wording,
)

SMALL_VALUE = ParagraphStyle("small-value", parent=CELL_VALUE, fontSize=7.5, leading=9.5)
SMALL_WORDING = ParagraphStyle("small-wording", fontName=WORDING.regular, fontSize=8, leading=10)
SMALL_HEAD = ParagraphStyle("small-head", parent=CELL_HEAD, fontSize=8, leading=10)
SMALL_HEAD_RIGHT = ParagraphStyle("small-head-right", parent=SMALL_HEAD, alignment=2)
LEFT_BODY = ParagraphStyle("left-body", parent=BODY, alignment=TA_LEFT)
CAPTION = ParagraphStyle("caption", fontName=WORDING.regular, fontSize=8, leading=10, alignment=TA_LEFT)
DASH = "—"


class AboutContest(Protocol):
    """What the page furniture states about the contest: a SheetContext, or a declaration's own fields."""

    @property
    def election_title(self) -> str: ...
    @property
    def authority(self) -> str: ...
    @property
    def contest_name(self) -> str: ...
    @property
    def contest_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def training(self) -> bool: ...
    @property
    def generated_at(self) -> datetime: ...
    @property
    def fingerprint(self) -> Fingerprint: ...


def context_furniture(context: AboutContest, title: str, template: str) -> PageFurniture:
    """The header and footer of a sheet about one contest."""
    return PageFurniture(
        document_title=title,
        template=template,
        election_title=context.election_title,
        authority=context.authority,
        contest_name=context.contest_name,
        contest_id=context.contest_id,
        status=context.status,
        training=context.training,
        generated_at=context.generated_at,
        fingerprint=context.fingerprint,
    )


def small_wording(text: str) -> Paragraph:
    """The form's wording in a small table cell."""
    return Paragraph(wording(text), SMALL_WORDING)


def small_value(text: str) -> Paragraph:
    """A machine-filled value in a small table cell."""
    return Paragraph(value(text), SMALL_VALUE)


def none_recorded(what: str) -> Paragraph:
    """"None recorded: …." where a section has nothing to list, so its absence is stated, not implied."""
    return Paragraph(wording(f"None recorded: {what}."), LEFT_BODY)


def requests_table(title: str, requests: Sequence[RequestLine]) -> list[Flowable]:
    """Each recount request after a round: kind, who asked, grounds, the decision and the round it opened."""
    story: list[Flowable] = [section(title)]
    if not requests:
        return [*story, none_recorded("no recount was asked for")]
    rows = [
        [
            str(r.after_round),
            small_wording(r.kind + (f" ({r.scope})" if r.scope else "")),
            small_value(r.requested_by or DASH),
            small_wording(r.grounds or DASH),
            small_wording(r.decision),
            small_wording(r.reason or DASH),
            figure_or_dash(r.round),
        ]
        for r in requests
    ]
    widths = (14 * mm, 30 * mm, 32 * mm, 30 * mm, 18 * mm, 30 * mm, 16 * mm)
    headings = ["After round", "Kind", "Asked by", "Grounds", "Decision", "Reason", "Round opened"]
    return [*story, ruled_table(headings, rows, widths, numeric=(0, 6), small=True)]


def framed(markup: str) -> Table:
    """A paragraph of wording in a heavy frame across the body: a warning or notice not to be missed."""
    box = Paragraph(markup, CELL_WORDING)
    return Table([[box]], colWidths=(BODY_WIDTH,), style=table_style([("BOX", (0, 0), (-1, -1), 1.2, INK)]))


def figure_or_dash(count: int | None) -> str:
    """16,333; a dash where no figure has been recorded yet."""
    return DASH if count is None else figure(count)


def signed(count: int | None) -> str:
    """A change: +3, −2, 0; a dash where either side is missing."""
    if count is None:
        return DASH
    if count == 0:
        return "0"
    return f"+{count:,}" if count > 0 else f"−{-count:,}"


def document_title(title: str, context: SheetContext, facts: str = "") -> list[Flowable]:
    """The sheet's title, the contest, and the poll date with any further facts (already markup)."""
    line = f"Poll held on {value(format_long_date(context.poll_date))}"
    if facts:
        line += f"  ·  {facts}"
    return [
        Paragraph(wording(title), TITLE),
        Paragraph(value(context.contest_name, bold=True), SUBJECT),
        Paragraph(line, FACTS),
    ]


def section(title: str) -> Paragraph:
    return Paragraph(wording(title), HEADING)


def key_figures(rows: Sequence[tuple[str, str]], width: float = BODY_WIDTH) -> Table:
    """Label and machine-filled value pairs, two pairs to a row."""
    cells: list[list[Any]] = []
    pairs = list(rows)
    for index in range(0, len(pairs), 2):
        row: list[Any] = []
        for label, shown in pairs[index : index + 2]:
            row += [Paragraph(wording(label), LABEL), Paragraph(value(shown), LABEL)]
        while len(row) < 4:
            row.append("")
        cells.append(row)
    quarter = width / 4
    return Table(
        cells,
        colWidths=(quarter * 1.15, quarter * 0.85, quarter * 1.15, quarter * 0.85),
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        ),
        hAlign="LEFT",
    )


def ruled_table(
    headings: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    small: bool = False,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table whose heading row repeats on every page; `numeric` columns are right-aligned values."""
    head_style, head_right = (SMALL_HEAD, SMALL_HEAD_RIGHT) if small else (CELL_HEAD, CELL_HEAD_RIGHT)
    header = [
        Paragraph(wording(text), head_right if i in numeric else head_style)
        for i, text in enumerate(headings)
    ]
    size = 8 if small else 9
    commands: list[tuple[Any, ...]] = [*ruled_grid(header_rows=1)]
    for column in numeric:
        commands += [
            ("FONT", (column, 1), (column, -1), VALUES.regular, size),
            ("ALIGN", (column, 1), (column, -1), "RIGHT"),
        ]
    for index in range(2, len(rows) + 1, 2):
        commands.append(("BACKGROUND", (0, index), (-1, index), STRIPE))
    commands += list(extra)
    return Table(
        [header, *[list(row) for row in rows]],
        colWidths=list(widths),
        repeatRows=1,
        style=table_style(commands),
        hAlign="LEFT",
    )


def chunks(count: int, per_chunk: int) -> list[range]:
    """Column ranges of at most `per_chunk` columns: a wide grid printed as several narrower ones."""
    return [range(start, min(start + per_chunk, count)) for start in range(0, count, per_chunk)] or [range(0)]


def written_by_hand(title: str, lines: int = 4) -> list[Flowable]:
    """A titled box of ruled lines, left blank on purpose: written by hand at the count."""
    rows = [[""] for _ in range(lines)]
    box = Table(
        rows,
        colWidths=(BODY_WIDTH,),
        rowHeights=[8 * mm] * lines,
        style=table_style([("BOX", (0, 0), (-1, -1), 0.8, INK), ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE)]),
        hAlign="LEFT",
    )
    return [section(title), box]


def closing_blanks(title: str, lines: int, roles: Sequence[str]) -> list[Flowable]:
    """The hand-written box and the signature lines, kept on one page together."""
    return [KeepTogether([*written_by_hand(title, lines), *signatures(roles)])]


def blank_line(width: float) -> str:
    return "_" * int(width / stringWidth("_", WORDING.regular, LABEL.fontSize))


def signatures(roles: Sequence[str]) -> list[Flowable]:
    """One blank signature line and date per role (e.g. "Returning Officer"), signed by hand."""
    cells: list[list[Any]] = []
    for role in roles:
        cells.append(
            [
                Paragraph(wording("Signed"), LABEL),
                Paragraph(blank_line(70 * mm), LABEL),
                Paragraph(wording("Date"), LABEL),
                Paragraph(blank_line(40 * mm), LABEL),
            ]
        )
        cells.append(["", Paragraph(wording(role), CAPTION), "", ""])
    table = Table(
        cells,
        colWidths=(16 * mm, 80 * mm, 14 * mm, BODY_WIDTH - 110 * mm),
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                *[("TOPPADDING", (0, row), (-1, row), 14) for row in range(0, len(cells), 2)],
            ]
        ),
        hAlign="LEFT",
    )
    return [Spacer(1, 6), table]
