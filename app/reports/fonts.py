"""The embedded typefaces of every sheet, and the check that a text can be drawn without a missing glyph."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics

from app.reports.font_subsets import SubsetKeepingFont
from app.resources import resource_path


@dataclass(frozen=True)
class Typeface:
    """A family registered with ReportLab: the name a reader sees and its regular and bold fonts."""

    label: str
    regular: str
    bold: str

    @property
    def fonts(self) -> tuple[str, str]:
        return (self.regular, self.bold)


# The form's own wording (headings, labels, statutory text).
WORDING = Typeface("DejaVu Sans", "DejaVuSans", "DejaVuSans-Bold")
# Machine-filled values (names, descriptions, figures, dates, fingerprints): visibly another hand.
VALUES = Typeface("DejaVu Sans Mono", "DejaVuSansMono", "DejaVuSansMono-Bold")

_FILES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold": "DejaVuSansMono-Bold.ttf",
}


class UndrawableText(ValueError):
    """A text holds a character that the sheet's typeface has no glyph for: it would print as a box."""

    def __init__(self, text: str, char: str, typeface: Typeface) -> None:
        self.text = text
        self.char = char
        self.typeface = typeface
        super().__init__(
            f"cannot print {describe_char(char)} in {text!r}: the typeface {typeface.label} has no "
            "glyph for it, so it would print as an empty box"
        )


def describe_char(char: str) -> str:
    """U+0177 LATIN SMALL LETTER Y WITH CIRCUMFLEX (controls and unnamed characters say so)."""
    name = unicodedata.name(char, "")
    if not name:
        category = unicodedata.category(char)
        name = "<control>" if category == "Cc" else f"<unnamed, category {category}>"
    return f"U+{ord(char):04X} {name}"


@cache
def register_fonts() -> None:
    """Register the four DejaVu TTFs (embedded as subsets, kept across documents) and their families,
    once per process."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(SubsetKeepingFont(name, str(resource_path("fonts", filename))))
    for face in (WORDING, VALUES):
        pdfmetrics.registerFontFamily(
            face.regular, normal=face.regular, bold=face.bold, italic=face.regular, boldItalic=face.bold
        )


@cache
def _glyph_map(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


@cache
def _drawable_chars(typeface: Typeface) -> frozenset[str]:
    """Every character that both the regular and the bold font of the typeface can draw."""
    return frozenset(chr(code) for code in _glyph_map(typeface.regular) & _glyph_map(typeface.bold))


def check_drawable(text: str, typeface: Typeface = VALUES) -> None:
    """Raise UndrawableText naming the first character that the typeface (regular or bold) cannot draw.

    Checks the text as it will be drawn (NFC: a letter and its combining accent become one glyph).
    """
    shown = unicodedata.normalize("NFC", text)
    if _drawable_chars(typeface).issuperset(shown):  # the usual case: one set operation
        return
    maps = [_glyph_map(font) for font in typeface.fonts]
    for char in shown:
        if not all(ord(char) in glyphs for glyphs in maps):
            raise UndrawableText(text, char, typeface)


def drawable(text: str, typeface: Typeface = VALUES) -> str:
    """The text as it will be drawn (NFC), after check_drawable has passed it."""
    check_drawable(text, typeface)
    return unicodedata.normalize("NFC", text)
