"""A paragraph of one line in one font drawn as a plain string: a Paragraph's marks without its work."""

# Why: a sheet's title, subject and headings are one line each. A Paragraph parses its markup,
# breaks it into lines and draws each in a saved graphics state; a Line measures the text once and
# draws it with one text operator where the Paragraph's line would be: first baseline one font
# size below its top, left, centred or right as its style aligns it (a justified paragraph of one
# line is set flush left), its height the style's leading, the style's space before and after.
# A line may change font between runs (a machine-filled value inside wording); the runs are drawn
# one after another in one text object, as a Paragraph draws its fragments. A text that does not
# fit the width it is offered on one line is laid out by a Paragraph instead; except a text in
# one font set flush left or justified (an introduction, a note), which is drawn in the Paragraph's
# own lines (found once per text, style and width), each at its baseline one leading below the
# last, a justified line's spaces widened (or, on a line a word overfills, narrowed) by the word
# spacing the Paragraph gives it.

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, paragraph

from app.reports.cells import SLACK
from app.reports.paragraphs import Paragraph
from app.reports.styles import escape

_SIMPLE = ("leftIndent", "rightIndent", "firstLineIndent", "borderWidth", "borderPadding")
_KEPT_BREAKS = 256  # the form's wording and the introductions and notes of the last few sheets
_ROOMY = 1e6  # a height no paragraph of a sheet reaches: broken into lines, never split
_EXACT = 1e-8  # ReportLab's tolerance for a line that fills its width exactly
BrokenLine = tuple[float, str, int]  # (room left on the line, its text, its words)


@lru_cache(maxsize=_KEPT_BREAKS)
def _broken(text: str, style: ParagraphStyle, width: float) -> tuple[BrokenLine, ...] | None:
    """The lines a Paragraph of `text` in `style` breaks into at `width`, when all are in its one font."""
    laid = paragraph.Paragraph(escape(text), style)
    laid.wrap(width, _ROOMY)
    if laid.blPara.kind != 0:
        return None
    return tuple((room, " ".join(words), len(words)) for room, words in laid.blPara.lines)


def _word_space(line: BrokenLine, alignment: int, last: bool) -> float:
    """The word spacing a Paragraph draws the line with (ReportLab 5.1's _leftDrawParaLine and
    _justifyDrawParaLine): none where the line fits as it is; else its room shared between its spaces."""
    room, _, words = line
    if alignment == TA_JUSTIFY:
        natural = -_EXACT < room <= _EXACT or (last and room > -_EXACT)
    else:
        natural = room > -_EXACT
    spaces = words - 1
    return 0.0 if natural or spaces <= 0 else room / spaces


Run = tuple[str, str]  # (text, font name): one stretch of the line in one font


class Line(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """`text` (checked drawable, NFC; not markup) in `style`, as a Paragraph of it would draw it; or the
    runs of a line whose font changes, with the `markup` of the same line for a Paragraph. A Line
    whose style is not plain (indented, bordered, shaded) is refused: it is meant for titles and headings."""

    def __init__(self, text: str | Sequence[Run], style: ParagraphStyle, markup: str | None = None) -> None:
        super().__init__()
        if style.alignment not in (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY) or style.backColor or any(
            getattr(style, name, 0) for name in _SIMPLE
        ):
            raise ValueError(f"a Line draws only plain, unindented styles, not {style.name}")
        self.runs: list[Run] = [(text, style.fontName)] if isinstance(text, str) else list(text)
        self.text = "".join(chunk for chunk, _ in self.runs)
        self.style = style
        self._markup = escape(self.text) if markup is None else markup
        # The text's Paragraph, where it needs more than a line or has spaces a Paragraph closes up.
        self._paragraph: Paragraph | None = None
        self._lines: tuple[BrokenLine, ...] | None = None  # a left or justified text's lines, once wrapped
        if self.text != " ".join(self.text.split()):
            self._paragraph = Paragraph(self._markup, style)

    def _width(self) -> float:
        size = self.style.fontSize
        return float(sum(stringWidth(chunk, font, size) for chunk, font in self.runs))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        style = self.style
        self._lines = None
        if self._paragraph is None and len(self.runs) == 1 and style.alignment in (TA_LEFT, TA_JUSTIFY):
            self._lines = _broken(self.text, style, availWidth)  # its own lines, or none in one font
            if self._lines is None or "\xa0" in self.text:  # (a Paragraph counts a no-break space a space)
                self._paragraph = Paragraph(self._markup, style)
        elif self._paragraph is None and self._width() >= availWidth - SLACK:
            self._paragraph = Paragraph(self._markup, style)  # more than one line: a Paragraph
        if self._paragraph is not None:
            size: tuple[float, float] = self._paragraph.wrap(availWidth, availHeight)
            return size
        self.width, self.height = availWidth, style.leading * (len(self._lines) if self._lines else 1)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if self._paragraph is None and self._lines is not None and len(self._lines) > 1:
            self._paragraph = Paragraph(self._markup, self.style)  # split between pages as a Paragraph is
        if self._paragraph is not None:
            parts: list[Any] = self._paragraph.split(availWidth, availHeight)
            return parts
        return []  # one line: it moves on whole, as a Paragraph of one line does

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if self._paragraph is not None:
            self._paragraph.drawOn(canvas, x, y, _sW)
            return
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        style, canvas = self.style, self.canv
        canvas.setFillColor(style.textColor)
        baseline = self.height - style.fontSize
        if len(self.runs) > 1:
            room = self.width - self._width()
            left = room / 2 if style.alignment == TA_CENTER else room if style.alignment == TA_RIGHT else 0
            canvas.write_runs(left, baseline, [(chunk, font, style.fontSize) for chunk, font in self.runs])
            return
        canvas.setFont(style.fontName, style.fontSize, style.leading)
        if self._lines is not None:
            last = len(self._lines) - 1
            for index, line in enumerate(self._lines):
                spacing = _word_space(line, style.alignment, index == last)
                canvas.drawString(0, baseline - index * style.leading, line[1], wordSpace=spacing or None)
            return
        if style.alignment == TA_CENTER:
            canvas.drawCentredString(self.width / 2, baseline, self.text)
        elif style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, baseline, self.text)
        else:
            canvas.drawString(0, baseline, self.text)
