"""The closing of a result sheet: the signature block, and the closing figures beside the QR code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table

from app.domain.long_dates import format_long_date
from app.reports import labels
from app.reports.cells import font_command, one_line, welsh_style, wording_cell
from app.reports.fonts import VALUES, WORDING, drawable
from app.reports.grid import Grid
from app.reports.labels import Label
from app.reports.lines import Line
from app.reports.page import BODY_WIDTH
from app.reports.paragraphs import Paragraph
from app.reports.qr import QR_SIZE, SheetQr
from app.reports.styles import LABEL, NOTE, table_style, value

QR_COLUMN = QR_SIZE + 6 * mm
NOTE_QR = ParagraphStyle("note-qr", parent=NOTE, fontSize=6.5, leading=8, alignment=TA_LEFT)
_RIGHT_PADDING = 2  # of every cell of the signature block; the third column has 6 on its left


def _line(width: float) -> str:
    """Underscores filling `width` at the label size: a line to sign or write on, left blank on purpose."""
    return "_" * int(width / stringWidth("_", WORDING.regular, LABEL.fontSize))


def _value(text: str, width: float) -> Any:
    """A machine-filled value in the label's size: a plain string where it fits on one line of `width`."""
    plain = one_line(drawable(text, VALUES), VALUES.regular, LABEL.fontSize, width)
    return plain if plain is not None else Paragraph(value(text), LABEL)


def _blank(width: float, room: float) -> Any:
    """A line to write on, `width` long, in a cell with `room` for it."""
    line = _line(width)
    plain = one_line(line, WORDING.regular, LABEL.fontSize, room)
    return plain if plain is not None else Paragraph(line, LABEL)


def signature_block(
    *,
    returning_officer: str,
    capacity: str,
    venue: str,
    generated_at: datetime,
    bilingual: bool,
    width: float = BODY_WIDTH,
    blank_time: bool = False,
) -> Table:
    """Signed (blank: signed by hand) and the date; name (and a blank time); capacity; place."""
    first = 24 * mm if bilingual else 18 * mm
    third = 20 * mm if bilingual else 14 * mm
    second = 52 * mm
    fourth = width - first - second - third
    # Each column's room for text: its width less the cells' padding.
    rooms = [column - _RIGHT_PADDING for column in (first, second, third - 6, fourth)]
    spanned = width - first - _RIGHT_PADDING  # capacity and place span the last three columns

    def cell(label: Label, room: float) -> Any:
        return wording_cell(label.en, label.cy, bilingual, LABEL, room)

    day = format_long_date(generated_at.date())
    time: list[Any] = [cell(labels.TIME, rooms[2]), _blank(fourth - 6, rooms[3])] if blank_time else ["", ""]
    rows: list[list[Any]] = [
        [
            cell(labels.SIGNED, rooms[0]),
            _blank(second - 8, rooms[1]),
            cell(labels.DATE, rooms[2]),
            _value(day, rooms[3]),
        ],
        [cell(labels.NAME, rooms[0]), _value(returning_officer, rooms[1]), *time],
        [cell(labels.CAPACITY, rooms[0]), _value(capacity, spanned), "", ""],
        [cell(labels.PLACE, rooms[0]), _value(venue, spanned), "", ""],
    ]
    return Grid(
        rows,
        colWidths=(first, second, third, fourth),
        style=table_style(
            [
                # Plain-string cells in the label's face, size and leading; values in the values' face.
                font_command((0, 0), (-1, -1), LABEL),
                font_command((1, 1), (1, -1), LABEL, VALUES.regular),
                font_command((3, 0), (3, 0), LABEL, VALUES.regular),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("SPAN", (1, 2), (3, 2)),
                ("SPAN", (1, 3), (3, 3)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (2, 0), (2, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), _RIGHT_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 9),
            ]
        ),
        hAlign="LEFT",
    )


def beside_qr(left: Sequence[Flowable], payload: str, bilingual: bool) -> Table:
    """The closing figures and signature on the left, the sheet's QR code and its caption on the right."""
    caption = [Line(drawable(labels.QR_CAPTION.en, WORDING), NOTE_QR)]
    if bilingual:
        caption.append(Line(drawable(labels.QR_CAPTION.cy, WORDING), welsh_style(NOTE_QR)))
    qr_cell = [SheetQr(payload), *caption]
    return Grid(
        [[list(left), qr_cell]],
        colWidths=(BODY_WIDTH - QR_COLUMN, QR_COLUMN),
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 6 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )
