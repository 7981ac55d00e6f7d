"""A canvas writing plain lines of text straight to the page, in exactly the operators ReportLab would."""

# Why: a sheet draws ~80 short lines of text (table cells, header and footer). For each, ReportLab
# makes a text object, sets its origin and font, splits and escapes the text, and formats every
# number with fp_str in Python; the object itself is a third of that time. For a line in our
# TrueType fonts with none of drawString's options, this canvas writes the same operators itself
# (ReportLab 5.1's PDFTextObject: "BT", the origin's Tm, per run the subset's Tf and TL before its
# first string, each string's Tj, "T*" after a drawString's line, "ET"), so a PDF is byte for byte
# what ReportLab alone would write. A justified line is the same with its word spacing set before
# the string ("Tw") and put back to 0 after it. Any other case is left to ReportLab.
#
# ReportLab here formats numbers in Python (its C accelerator is not installed), so the numbers of
# colours, line widths, rectangles and rules are formatted once per value, and a line of printable
# ASCII keeps its operators after the font's name (the same on every sheet; the name is this PDF's).

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen import canvas as canvas_module
from reportlab.pdfgen.canvas import Canvas

from app.reports.font_subsets import SubsetKeepingFont

_NUMBERS: dict[float, str] = {}
_KEPT_NUMBERS = 4096  # a sheet's positions and sizes recur from sheet to sheet: its columns, rows, type
# PDF string escapes of the bytes that need one (PDF 32000-1 §7.3.4.2), as ReportLab's escapePDF writes them.
_ESCAPES = {
    code: f"\\{code:03o}" if code < 32 or code >= 127 else f"\\{chr(code)}"
    for code in range(256)
    if code < 32 or code >= 127 or chr(code) in "\\()"
}

# A plain line's text operators after its font's name ("9 Tf 11 TL (...) Tj"), per font, text, size and
# leading, for text every document codes as itself in the font's first subset (printable ASCII).
_RUNS: dict[tuple[Any, str, float, float], str] = {}
_KEPT_RUNS = 4096  # a sheet's labels, names and figures: ~60 bytes each

_STATE_NAMES = tuple(Canvas.STATE_ATTRIBUTES)  # what saveState keeps and restoreState puts back
_state_of = itemgetter(*_STATE_NAMES)

_KEPT_INFO = 64  # the information dictionaries of the last few sheets
_INFOS: dict[tuple[Any, ...], bytes] = {}
TextRun = tuple[str, str, float]  # (text, font name, size)


def _number(value: float) -> str:
    """fp_str(value), ReportLab's number in a PDF operator, kept: formatting it in Python is a good part
    of writing a line of text, and the same few hundred numbers come back on every sheet."""
    text = _NUMBERS.get(value)
    if text is None:
        text = fp_str(value)
        if len(_NUMBERS) >= _KEPT_NUMBERS:
            _NUMBERS.clear()
        _NUMBERS[value] = text
    return text


class _KeptInfo(pdfdoc.PDFInfo):  # type: ignore[misc]  # reportlab has no type hints
    """The document information dictionary, formatted once per content (titles, keywords, dates):
    ReportLab escapes each of its strings a character at a time, and a sheet printed again has the same."""

    def format(self, document: Any) -> bytes:
        stamp = document._timeStamp
        key = (self.title, self.author, self.subject, self.keywords, self.producer, self.creator,
               self.trapped, self._dateFormatter, tuple(stamp.YMDhms), stamp.dhh, stamp.dmm)
        if type(document.encrypt) is not pdfdoc.NoEncryption:  # strings are encrypted per document
            formatted: bytes = super().format(document)
            return formatted
        kept = _INFOS.get(key)
        if kept is None:
            kept = super().format(document)
            if len(_INFOS) >= _KEPT_INFO:
                _INFOS.clear()
            _INFOS[key] = kept
        return kept


class TextCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A ReportLab canvas whose plain lines of text are written without making text objects."""

    _currentMatrix: tuple[float, float, float, float, float, float]  # Canvas's, kept when it tracks
    _extgstate: Any  # Canvas's ExtGState: transparency and overprint settings, saved with the state
    state_stack: list[dict[str, Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each font's first subset's name in this PDF ("/F1+0"), once the font has begun in it.
        self._first_subsets: dict[Any, str] = {}
        info = _KeptInfo()
        info.__dict__.update(self._doc.info.__dict__)  # whatever the canvas has set on it so far
        self._doc.info = info

    def push_state_stack(self) -> None:
        """Canvas.push_state_stack (ReportLab 5.1), the graphics state's attributes read in one call."""
        self.state_stack.append(dict(zip(_STATE_NAMES, _state_of(self.__dict__), strict=True)))
        self._extgstate = self._extgstate.pushCopy()

    def drawString(self, x: float, y: float, text: Any, mode: Any = None, charSpace: float = 0,
                   direction: Any = None, wordSpace: Any = None, shaping: bool = False) -> None:
        """Canvas.drawString, written straight to the page for one plain line in a TrueType font (its words
        spaced as given: a justified line)."""
        if wordSpace and self._plain(text, mode, charSpace, direction, None, shaping):
            run = self._run(text, self._fontname, self._fontsize, self._leading)
            self._write(x, y, [f"{_number(wordSpace)} Tw", f"{run} T*", "0 Tw"])
            return
        if not self._plain(text, mode, charSpace, direction, wordSpace, shaping):
            super().drawString(x, y, text, mode, charSpace, direction, wordSpace, shaping)
            return
        self._write(x, y, [self._run(text, self._fontname, self._fontsize, self._leading) + " T*"])

    def drawRightString(self, x: float, y: float, text: Any, mode: Any = None, charSpace: float = 0,
                        direction: Any = None, wordSpace: Any = None, shaping: bool = False) -> None:
        """Canvas.drawRightString, written straight to the page for one plain line in a TrueType font."""
        if not self._plain(text, mode, charSpace, direction, wordSpace, shaping):
            super().drawRightString(x, y, text, mode, charSpace, direction, wordSpace, shaping)
            return
        x -= stringWidth(text, self._fontname, self._fontsize)
        self._write(x, y, [self._run(text, self._fontname, self._fontsize, self._leading) + " T*"])

    def drawCentredString(self, x: float, y: float, text: Any, mode: Any = None, charSpace: float = 0,
                          direction: Any = None, wordSpace: Any = None, shaping: bool = False) -> None:
        """Canvas.drawCentredString, written straight to the page for one plain line in a TrueType font."""
        if not self._plain(text, mode, charSpace, direction, wordSpace, shaping):
            super().drawCentredString(x, y, text, mode, charSpace, direction, wordSpace, shaping)
            return
        x -= 0.5 * stringWidth(text, self._fontname, self._fontsize)
        self._write(x, y, [self._run(text, self._fontname, self._fontsize, self._leading) + " T*"])

    def draw_cell_lines(self, x: float, y: float, lines: Sequence[str], leading: float, align: str) -> None:
        """A table cell's lines as Table._drawCell draws them (ReportLab 5.1): each by drawString,
        drawRightString or drawCentredString (`align` LEFT, RIGHT, CENTRE or CENTER) from x, the first
        at y, each next one `leading` lower; written straight to the page, as those write a plain line."""
        font, size = self._fontname, self._fontsize
        if not self._direct(getFont(font)._dynamicFont):
            draw = self.drawString if align == "LEFT" else self.drawRightString if align == "RIGHT" else (
                self.drawCentredString)
            for line in lines:
                draw(x, y, line)
                y -= leading
            return
        for line in lines:
            left = x
            if align == "RIGHT":
                left -= stringWidth(line, font, size)
            elif align != "LEFT":
                left -= 0.5 * stringWidth(line, font, size)
            run = self._run(line, font, size, self._leading)
            self._code.append(f"BT 1 0 0 1 {_number(left)} {_number(y)} Tm {run} T* ET")
            y -= leading

    def transform(self, a: float, b: float, c: float, d: float, e: float, f: float) -> None:
        """Canvas.transform (ReportLab 5.1) with its numbers formatted once per value; where it would
        fold the matrix into the one just written, ReportLab does it."""
        if not self._direct(True) or (self._code and self._code[-1][-3:] == " cm"):
            super().transform(a, b, c, d, e, f)
            return
        if canvas_module.ENABLE_TRACKING:
            a0, b0, c0, d0, e0, f0 = self._currentMatrix
            self._currentMatrix = (a0 * a + c0 * b, b0 * a + d0 * b, a0 * c + c0 * d, b0 * c + d0 * d,
                                   a0 * e + c0 * f + e0, b0 * e + d0 * f + f0)
        self._code.append(" ".join([*map(_number, (a, b, c, d, e, f)), "cm"]))

    def _plain_rgb(self, colour: Any, alpha: Any, operator: str) -> bool:
        """Write a plain RGB colour's operator with its numbers formatted once per value; False for any
        other colour (ReportLab's own path then sets it)."""
        if type(colour) is not Color or alpha is not None or self._enforceColorSpace:
            return False
        self._code.append(f"{_number(colour.red)} {_number(colour.green)} {_number(colour.blue)} {operator}")
        return True

    def setFillColor(self, aColor: Any, alpha: Any = None) -> None:
        """Canvas.setFillColor (ReportLab 5.1) with an RGB colour's numbers formatted once per value."""
        if not self._plain_rgb(aColor, alpha, "rg"):
            super().setFillColor(aColor, alpha)
            return
        self._fillColorObj = aColor
        if aColor.alpha is not None:
            self.setFillAlpha(aColor.alpha)

    def setStrokeColor(self, aColor: Any, alpha: Any = None) -> None:
        """Canvas.setStrokeColor (ReportLab 5.1) with an RGB colour's numbers formatted once per value."""
        if not self._plain_rgb(aColor, alpha, "RG"):
            super().setStrokeColor(aColor, alpha)
            return
        self._strokeColorObj = aColor
        if aColor.alpha is not None:
            self.setStrokeAlpha(aColor.alpha)

    def setLineWidth(self, width: float) -> None:
        """Canvas.setLineWidth, its number formatted once per value."""
        self._lineWidth = width
        self._code.append(f"{_number(width)} w")

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        """Canvas.rect, its numbers formatted once per value (a table's shaded rows and header)."""
        numbers = " ".join(map(_number, (x, y, width, height)))
        self._code.append(f"n {numbers} re {canvas_module.PATH_OPS[stroke, fill, self._fillMode]}")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """Canvas.line, its numbers formatted once per value (a table's rules are a sheet's many lines)."""
        if not self._direct(True):
            super().line(x1, y1, x2, y2)
            return
        self._code.append(f"n {_number(x1)} {_number(y1)} m {_number(x2)} {_number(y2)} l S")

    def write_runs(self, x: float, y: float, runs: Sequence[TextRun]) -> None:
        """One text object at (x, y) holding the runs one after another, each in its own font and size:
        what beginText, then setFont and textOut per run, then drawText write."""
        if not self._direct(all(type(text) is str and getFont(font)._dynamicFont for text, font, _ in runs)):
            text_object = self.beginText(x, y)
            for text, font, size in runs:
                text_object.setFont(font, size)
                text_object.textOut(text)
            self.drawText(text_object)
            return
        self._write(x, y, [self._run(text, font, size, size * 1.2) for text, font, size in runs])

    def _plain(self, text: Any, mode: Any, char_space: float, direction: Any, word_space: Any,
               shaping: bool) -> bool:
        """One line of text with none of drawString's options, in a font whose text is split into subsets."""
        return self._direct(
            type(text) is str and mode is None and not char_space and direction is None and not word_space
            and not shaping and getFont(self._fontname)._dynamicFont
        )

    def _direct(self, plain: bool) -> bool:
        """Whether to write plain text here rather than through a text object (a y axis pointing up only)."""
        return plain and self.bottomup

    def _write(self, x: float, y: float, runs: list[str]) -> None:
        self._code.append(" ".join([f"BT 1 0 0 1 {_number(x)} {_number(y)} Tm", *runs, "ET"]))

    def _run(self, text: str, font_name: str, size: float, leading: float) -> str:
        """PDFTextObject._formatText after a change of font: each subset's font before its first string."""
        font, doc = getFont(font_name), self._doc
        key = (font, text, size, leading)
        kept = _RUNS.get(key)
        if kept is not None:
            name = self._first_subsets.get(font)
            if name is None and font.state.get(doc) is not None:  # the font already begun in this PDF
                name = self._first_subsets[font] = font.getSubsetInternalName(0, doc)
            if name is not None:
                return f"{name} {kept}"
        parts: list[str] = []
        subset_now, sized = -1, ""
        for subset, codes in font.splitString(text, doc):
            if subset != subset_now:
                sized = sized or f"{_number(size)} Tf {_number(leading)} TL"
                parts.append(f"{font.getSubsetInternalName(subset, doc)} {sized}")
                subset_now = subset
            parts.append(f"({self._escape(codes)}) Tj")
        if text and isinstance(font, SubsetKeepingFont) and font.coded_as_ascii(text):
            if len(_RUNS) >= _KEPT_RUNS:
                _RUNS.clear()
            _RUNS[key] = " ".join(parts).partition(" ")[2]  # all but the font's name for this PDF
        return " ".join(parts)

    def _escape(self, s: Any) -> str:
        """escapePDF's text for a string of codes, by one translation instead of a loop over its bytes."""
        if isinstance(s, bytes):
            return s.decode("latin-1").translate(_ESCAPES)
        escaped: str = super()._escape(s)
        return escaped
