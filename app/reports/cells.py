"""Table cells of wording and values: Paragraphs, or plain strings where a Paragraph would draw the same."""

# Why plain strings: a sheet's tables hold ~30 short one-line texts (names, labels, captions). As
# Paragraphs each is parsed, broken into lines, measured twice and drawn in a graphics state of its
# own; as a plain string the table draws it with one text operator at the same baseline (a table
# puts a string's first baseline one font size below the cell's padding, as a Paragraph does, and a
# row is its leading tall, as a one-line Paragraph is). Only a text a Paragraph would lay out as
# one line in one font qualifies: it fits the cell's width and has no run of spaces to collapse.
# A text a Paragraph breaks into several lines in one font (a column heading, a note) is drawn as
# those same lines: the table draws a string's lines one leading apart, as a Paragraph does, and
# aligns each line left or right as the Paragraph would. The breaks are the Paragraph's own, found
# once per text, style and width. The callers give such cells the Paragraph's face, size and
# leading with a FONT command (and its alignment with an ALIGN command).

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph

from app.reports.fonts import WORDING, drawable
from app.reports.paragraphs import Paragraph
from app.reports.styles import CELL_WORDING, CELL_WORDING_CY, MUTED, escape, wording

# Clear of the width at which a Paragraph breaks: a text this close to the edge is left to one.
SLACK = 0.01
_WELSH_STYLES: dict[str, ParagraphStyle] = {}
_KEPT_BREAKS = 256  # the form's headings and notes, and the few texts of the last sheets that wrap
_ROOMY = 1e6  # a height no cell text reaches: a Paragraph is broken into lines, never split


def welsh_style(style: ParagraphStyle) -> ParagraphStyle:
    """The style's Welsh companion: the same face, muted (and a little smaller for cell wording)."""
    if style is CELL_WORDING:
        return CELL_WORDING_CY
    if style.name not in _WELSH_STYLES:
        size = style.fontSize - 1.5 if style.fontSize >= 9 else style.fontSize
        _WELSH_STYLES[style.name] = ParagraphStyle(
            f"{style.name}-cy", parent=style, textColor=MUTED, fontSize=size, leading=size * 1.25
        )
    return _WELSH_STYLES[style.name]


def labelled(english: str, welsh: str | None, bilingual: bool, style: ParagraphStyle = CELL_WORDING) -> Any:
    """Wording with its Welsh beneath it on a bilingual sheet (a list of two paragraphs)."""
    if bilingual and welsh:
        return [Paragraph(wording(english), style), Paragraph(wording(welsh), welsh_style(style))]
    return Paragraph(wording(english), style)


def one_line(text: str, font: str, size: float, width: float) -> str | None:
    """`text` (checked drawable, NFC) when a Paragraph of it would be one line within `width`, else None."""
    if not text or text != " ".join(text.split()):
        return None
    return text if stringWidth(text, font, size) < width - SLACK else None


@lru_cache(maxsize=_KEPT_BREAKS)
def _lines(text: str, style: ParagraphStyle, width: float) -> tuple[str, ...] | None:
    """The lines a Paragraph of `text` in `style` breaks into at `width`, when all are in its one font."""
    laid = paragraph.Paragraph(escape(text), style)
    laid.wrap(width, _ROOMY)
    if laid.blPara.kind != 0:  # more than one font: only a Paragraph draws it
        return None
    return tuple(" ".join(words) for _, words in laid.blPara.lines)


def text_cell(text: str, style: ParagraphStyle, width: float) -> str | None:
    """`text` (checked drawable, NFC) as a table string drawing what a Paragraph of it in `style` would
    in a cell with `width` for text: its lines, newline-separated; None where only a Paragraph will do."""
    if style.alignment not in (TA_LEFT, TA_RIGHT) or text != " ".join(text.split()):
        return None
    single = one_line(text, style.fontName, style.fontSize, width)
    if single is not None:
        return single
    lines = _lines(text, style, width)
    return None if lines is None else "\n".join(lines)


def wording_cell(
    english: str, welsh: str | None, bilingual: bool, style: ParagraphStyle, width: float
) -> Any:
    """labelled(), as a plain string where no Welsh goes beneath and the wording fits on one line of
    `width` (the cell's width less its padding); the table's FONT command must give it `style`."""
    if not (bilingual and welsh):
        plain = one_line(drawable(english, WORDING), style.fontName, style.fontSize, width)
        if plain is not None:
            return plain
    return labelled(english, welsh, bilingual, style)


def font_command(first: tuple[int, int], last: tuple[int, int], style: ParagraphStyle,
                 font: str | None = None) -> tuple[Any, ...]:
    """A table FONT command giving plain-string cells the face (or `font`), size and leading of `style`."""
    return ("FONT", first, last, font or style.fontName, style.fontSize, style.leading)
