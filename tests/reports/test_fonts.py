"""The typefaces: registered once, and a character without a glyph refused loudly, never a box."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics

from app.reports.fonts import (
    VALUES,
    WORDING,
    Typeface,
    UndrawableText,
    check_drawable,
    describe_char,
    drawable,
    register_fonts,
)

NAMES = ["Siân Ap Gwilym", "Zoë O'Connor", "Łukasz Nowak", "Llŷr Ŵyn", "ŶSTRAD ŴYLFA", "Ashworth-Lee"]


def test_fonts_register_once_with_both_families() -> None:
    register_fonts()
    register_fonts()
    registered = set(pdfmetrics.getRegisteredFontNames())
    assert {*WORDING.fonts, *VALUES.fonts} <= registered
    assert WORDING.label != VALUES.label, "values need a typeface distinct from the form's wording"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("typeface", [WORDING, VALUES], ids=lambda t: t.label)
def test_names_with_accents_and_welsh_letters_are_drawable(name: str, typeface: Typeface) -> None:
    check_drawable(name, typeface)


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u4e2d", "CJK UNIFIED IDEOGRAPH-4E2D"),
        ("\U0001f5f3", "BALLOT BOX WITH BALLOT"),
    ],
)
def test_a_character_without_a_glyph_is_refused_by_name(char: str, name: str) -> None:
    text = f"Smith {char} Jones"
    with pytest.raises(UndrawableText) as caught:
        check_drawable(text)
    message = str(caught.value)
    assert f"U+{ord(char):04X} {name}" in message
    assert repr(text) in message
    assert VALUES.label in message
    assert caught.value.char == char and caught.value.text == text


def test_the_wording_typeface_is_checked_on_its_own() -> None:
    with pytest.raises(UndrawableText, match=WORDING.label):
        check_drawable("Turnout \u4e2d", WORDING)


def test_control_characters_are_refused_and_described() -> None:
    assert describe_char("\n") == "U+000A <control>"
    with pytest.raises(UndrawableText, match="U\\+0007 <control>"):
        check_drawable("Smith\x07")


def test_decomposed_accents_are_drawn_composed() -> None:
    decomposed = "Sia\u0302n Zoe\u0308"
    assert drawable(decomposed) == "Siân Zoë"
