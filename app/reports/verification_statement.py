"""The verification statement (domain.md §1), laid out from a ready-made VerificationStatement."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.domain.long_dates import format_long_date
from app.domain.verification_statement import KindProgress, StatementLine, VerificationStatement
from app.reports.fonts import VALUES
from app.reports.page import BODY_WIDTH, render_sheet
from app.reports.paragraphs import Paragraph
from app.reports.sections import context_furniture, document_title, framed
from app.reports.styles import (
    BODY,
    CELL_HEAD,
    CELL_HEAD_RIGHT,
    CELL_PADDING,
    CELL_VALUE,
    CELL_WORDING,
    HEADING,
    INK,
    LABEL,
    MUTED,
    STRIPE,
    breakable,
    figure,
    plain_value,
    ruled_grid,
    table_style,
    value,
    wording,
)

TEMPLATE = "verification v1"
NOT_COUNTED = "—"
KIND_NAMES = {"polling-station": "Station", "postal": "Postal"}

# Box, polling station (place), kind, expected, counted, variance, explanation: 170 mm in all.
_BOX_COLUMNS = (15 * mm, 48 * mm, 15 * mm, 20 * mm, 19 * mm, 19 * mm, 34 * mm)
_STATION = CELL_VALUE.clone("station", fontSize=8.5, leading=10.5)
_TOTAL_COLUMNS = (BODY_WIDTH - 100 * mm, 18 * mm, 20 * mm, 31 * mm, 31 * mm)
_NOTE_VALUE = CELL_VALUE.clone("note-value", fontSize=8, leading=10)
_NOTE_COUNTS = _NOTE_VALUE.clone("note-counts", textColor=MUTED)


def signed(number: int) -> str:
    """A variance with its sign: +3, -2, 0 (thousands separated)."""
    return f"{number:+,}" if number else "0"


def _station(line: StatementLine) -> Paragraph:
    """The polling station, with its polling place beneath in small type; long words break at hyphens."""
    width = _BOX_COLUMNS[1] - 2 * CELL_PADDING
    station = breakable(line.polling_station, VALUES.regular, _STATION.fontSize, width)
    text = value(station) if station else ""
    if line.polling_place:
        text += f"{'<br/>' if text else ''}<font size='7.5'>{value(line.polling_place)}</font>"
    return Paragraph(text, _STATION)


def _note(line: StatementLine) -> list[Paragraph]:
    cell: list[Paragraph] = []
    if len(line.counts) > 1:
        counts = "; ".join(figure(c) for c in line.counts)
        cell.append(Paragraph(f"{wording('Counts:')} {value(counts)}", _NOTE_COUNTS))
    if line.note:
        bold = not line.verified
        cell.append(Paragraph(value(line.note, bold=bold), _NOTE_VALUE))
    return cell


def _box_table(statement: VerificationStatement) -> Table:
    rows: list[list[Any]] = [
        [
            Paragraph("Box", CELL_HEAD),
            Paragraph("Polling station (place)", CELL_HEAD),
            Paragraph("Kind", CELL_HEAD),
            Paragraph("Expected", CELL_HEAD_RIGHT),
            Paragraph("Counted", CELL_HEAD_RIGHT),
            Paragraph("Variance", CELL_HEAD_RIGHT),
            Paragraph("Explanation", CELL_HEAD),
        ]
    ]
    commands = [
        *ruled_grid(header_rows=1),
        ("FONT", (0, 1), (0, -1), VALUES.bold, 9),
        ("FONT", (3, 1), (5, -1), VALUES.regular, 9),
        ("ALIGN", (3, 1), (5, -1), "RIGHT"),
    ]
    for index, line in enumerate(statement.lines, start=1):
        rows.append(
            [
                plain_value(line.box),
                _station(line),
                KIND_NAMES.get(line.kind, line.kind),
                plain_value(figure(line.expected)),
                plain_value(NOT_COUNTED if line.counted is None else figure(line.counted)),
                plain_value(NOT_COUNTED if line.variance is None else signed(line.variance)),
                _note(line),
            ]
        )
        if not line.verified:
            commands += [
                ("BACKGROUND", (0, index), (-1, index), STRIPE),
                ("FONT", (4, index), (5, index), VALUES.bold, 9),
            ]
    return Table(rows, colWidths=_BOX_COLUMNS, repeatRows=1, style=table_style(commands), hAlign="LEFT")


def _total_row(label: str, boxes: int, verified: int, expected: int, papers: int) -> list[Any]:
    return [
        Paragraph(label, CELL_WORDING),
        *(plain_value(figure(n)) for n in (boxes, verified, expected, papers)),
    ]


def _kind_row(label: str, kind: KindProgress) -> list[Any]:
    return _total_row(label, kind.boxes, kind.verified, kind.expected, kind.papers_verified)


def _totals(statement: VerificationStatement) -> list[Flowable]:
    progress = statement.progress
    station, postal = progress.station, progress.postal
    rows: list[list[Any]] = [
        [
            Paragraph("", CELL_HEAD),
            Paragraph("Boxes", CELL_HEAD_RIGHT),
            Paragraph("Verified", CELL_HEAD_RIGHT),
            Paragraph("Papers issued", CELL_HEAD_RIGHT),
            Paragraph("Papers verified", CELL_HEAD_RIGHT),
        ],
        _kind_row("Polling station boxes", station),
        _kind_row("Postal boxes (postal total)", postal),
        _total_row(
            "<b>Grand total</b>",
            progress.boxes,
            progress.verified,
            station.expected + postal.expected,
            progress.papers_verified,
        ),
    ]
    commands = [
        *ruled_grid(header_rows=1),
        ("FONT", (1, 1), (-1, -1), VALUES.regular, 9.5),
        ("FONT", (1, -1), (-1, -1), VALUES.bold, 9.5),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
    ]
    grand = Paragraph(
        f"{wording('Grand total of ballot papers verified:')} "
        f"{value(figure(progress.papers_verified), bold=True)}",
        LABEL,
    )
    return [
        Paragraph("Totals", HEADING),
        Table(rows, colWidths=_TOTAL_COLUMNS, style=table_style(commands), hAlign="LEFT"),
        Spacer(1, 6),
        grand,
    ]


def _outstanding(statement: VerificationStatement) -> list[Flowable]:
    outstanding = statement.progress.outstanding
    if not outstanding:
        return []
    boxes = ", ".join(outstanding)
    count = len(outstanding)
    text = (
        f"<b>{count} box{'es are' if count != 1 else ' is'} outstanding:</b> {value(boxes)}. "
        "This statement cannot be completed until every box is verified; it is a draft."
    )
    return [Spacer(1, 2), framed(text), Spacer(1, 6)]


def _signature(statement: VerificationStatement) -> Table:
    context = statement.context
    day = format_long_date(context.generated_at.date())
    rows = [
        [
            Paragraph("Signed", LABEL),
            Paragraph("_" * 34, LABEL),
            Paragraph("Place", LABEL),
            Paragraph(value(context.venue), LABEL),
        ],
        [
            Paragraph("Name", LABEL),
            Paragraph(value(context.returning_officer), LABEL),
            Paragraph("Date", LABEL),
            Paragraph(value(day), LABEL),
        ],
        [Paragraph("Capacity", LABEL), Paragraph(value(context.capacity), LABEL), "", ""],
    ]
    return Table(
        rows,
        colWidths=(20 * mm, 72 * mm, 20 * mm, BODY_WIDTH - 112 * mm),
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (2, 0), (2, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, 0), 16),
            ]
        ),
        hAlign="LEFT",
    )


def verification_story(statement: VerificationStatement) -> list[Flowable]:
    """The flowables of the statement, every machine-filled string checked drawable on the way."""
    context = statement.context
    return [
        *document_title(statement.title, context),
        Paragraph(wording(statement.intro), BODY),
        *_outstanding(statement),
        _box_table(statement),
        # The totals and the signature stay together, never a signature alone on a page.
        KeepTogether([*_totals(statement), _signature(statement)]),
    ]


def render_verification_statement(statement: VerificationStatement, out: str | Path | BinaryIO) -> None:
    """Write the verification statement as a PDF; UndrawableText if a text has a character without glyph."""
    furniture = context_furniture(statement.context, statement.title, TEMPLATE)
    render_sheet(furniture, verification_story(statement), out)
