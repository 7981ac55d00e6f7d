"""Type styles and text formatting shared by the sheets: figures, dates and checked, escaped markup."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from html import escape as _html_escape  # xml.sax.saxutils would pull in urllib and http.client
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import TableStyle

from app.domain.long_dates import format_long_date
from app.reports.fonts import VALUES, WORDING, drawable

INK = colors.black
MUTED = colors.Color(0.32, 0.32, 0.32)
RULE = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.90, 0.90, 0.90)
STRIPE = colors.Color(0.965, 0.965, 0.965)
CELL_PADDING = 4.0

TITLE = ParagraphStyle(
    "title", fontName=WORDING.bold, fontSize=18, leading=22, alignment=TA_CENTER, spaceAfter=2
)
TITLE_CY = ParagraphStyle("title-cy", parent=TITLE, fontSize=15, leading=19, textColor=MUTED)
SUBJECT = ParagraphStyle(
    "subject", fontName=VALUES.bold, fontSize=14, leading=18, alignment=TA_CENTER, spaceBefore=6
)
FACTS = ParagraphStyle(
    "facts", fontName=WORDING.regular, fontSize=10, leading=13, alignment=TA_CENTER, spaceAfter=10
)
BODY = ParagraphStyle(
    "body", fontName=WORDING.regular, fontSize=10, leading=13.5, alignment=TA_JUSTIFY, spaceAfter=6
)
BODY_CY = ParagraphStyle("body-cy", parent=BODY, textColor=MUTED)
HEADING = ParagraphStyle(
    "heading", fontName=WORDING.bold, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
)
NOTE = ParagraphStyle("note", fontName=WORDING.regular, fontSize=8.5, leading=11, alignment=TA_JUSTIFY)
NOTE_CY = ParagraphStyle("note-cy", parent=NOTE, textColor=MUTED)
CELL_HEAD = ParagraphStyle("cell-head", fontName=WORDING.bold, fontSize=9, leading=11, alignment=TA_LEFT)
CELL_HEAD_RIGHT = ParagraphStyle("cell-head-right", parent=CELL_HEAD, alignment=TA_RIGHT)
CELL_WORDING = ParagraphStyle("cell-wording", fontName=WORDING.regular, fontSize=9.5, leading=12)
CELL_WORDING_CY = ParagraphStyle("cell-wording-cy", parent=CELL_WORDING, fontSize=8.5, textColor=MUTED)
CELL_VALUE = ParagraphStyle("cell-value", fontName=VALUES.regular, fontSize=9, leading=11.5)
LABEL = ParagraphStyle("label", fontName=WORDING.regular, fontSize=10, leading=13)


_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def escape(text: str) -> str:
    """Escape &, < and > for ReportLab paragraph markup (quotes are left as typed)."""
    return _html_escape(text, quote=False)


def figure(count: int) -> str:
    """A whole number with thousands separators: 16,333."""
    return f"{count:,}"


def percent(value: Decimal) -> str:
    """A percentage to two places, as the domain rounded it: 53.51%."""
    return f"{value:,.2f}%"


def utc_offset(moment: datetime) -> str:
    """The moment's UTC offset as +01:00 (seconds only when the offset has them)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"the time {moment.isoformat()} has no UTC offset; sheets print aware times")
    sign = "-" if offset < timedelta(0) else "+"
    seconds = abs(int(offset.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text


def long_date_time(moment: datetime) -> tuple[str, str]:
    """("9 June 2017", "03:14:07 +01:00"): local date, and 24-hour time to the second with its offset."""
    return format_long_date(moment.date()), f"{moment:%H:%M:%S} {utc_offset(moment)}"


def wording(text: str) -> str:
    """Paragraph markup for the form's wording: checked against the wording typeface and escaped."""
    return escape(drawable(text, WORDING))


def value(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for a machine-filled value inside wording: checked, escaped, in the value face."""
    font = VALUES.bold if bold else VALUES.regular
    return f'<font name="{font}">{escape(drawable(text, VALUES))}</font>'


def breakable(text: str, font: str, size: float, width: float) -> str:
    """Let a word too wide for its column break after one of its hyphens, not at an arbitrary letter.

    Such a word can never share a line with itself, so a break opportunity after the hyphen
    changes nothing else; narrower words are left alone.
    """
    words = []
    for word in text.split(" "):
        if stringWidth(word, font, size) > width:
            word = _INNER_HYPHEN.sub("- ", word)
        words.append(word)
    return " ".join(words)


def plain_value(text: str) -> str:
    """A machine-filled value drawn as a plain table string (no markup): checked only."""
    return drawable(text, VALUES)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table style whose every cell defaults to the wording face (never ReportLab's Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), WORDING.regular, 9), *commands])


def ruled_grid(header_rows: int = 0) -> list[tuple[Any, ...]]:
    """Table commands for a ruled table: heavy rules top and bottom, light ones between rows."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, INK),
        ]
    return commands
