"""Embedded font subsets kept for the process: a subset already embedded once is not made again.

ReportLab keeps each TrueType face parsed, but remakes every subset for every document: it cuts
the glyphs out of the font file, deflates the result (~30 KB per face with DejaVu's name table and
hinting) and writes out each glyph's width, four faces on a sheet. The subset a sheet needs is
usually the same from one sheet to the next (ReportLab's subset 0 always holds printable ASCII,
then the other characters in their order of first use), so its bytes are kept, keyed by exactly
the characters it holds: a sheet with other characters gets a subset of its own, as before, and
the PDF is byte for byte what ReportLab alone would write. So are the subset's font descriptor
and font dictionary (formatted once, this document's object numbers put in where they refer) and
its streams (formatted once while the PDF is not encrypted).

The font also measures and encodes text faster than ReportLab's per-character Python loops, with
the same answers: a text's width is kept once summed, and a text whose characters all have codes
in the first subset is encoded without the loop (tests/reports/test_plain_text.py compares bytes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    TTFontFace,
    makeToUnicodeCMap,
)

# Four faces, a few subsets each; a subset's parts are ~40 KB.
_KEPT_SUBSETS = 64


class _Formatted(pdfdoc.PDFObject):  # type: ignore[misc]  # reportlab has no type hints
    """A PDF value formatted once by ReportLab and written again as those same bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, _document: Any) -> bytes:
        return self.data


@dataclass(frozen=True)
class SubsetParts:
    """What one subset of a face puts in a PDF, none of it depending on the document."""

    font_file: bytes  # the subset TrueType font, deflated
    font_file_length: int  # its length before deflating (the stream's /Length1)
    widths: bytes  # the /Widths array, formatted
    to_unicode: bytes  # the ToUnicode CMap, deflated


@lru_cache(maxsize=_KEPT_SUBSETS)
def subset_parts(face: TTFontFace, base_name: str, subset: tuple[int, ...]) -> SubsetParts:
    """Make the subset of `face` holding `subset` (code points, in code order), as ReportLab does."""
    font_file = face.makeSubset(list(subset))
    widths = pdfdoc.PDFArray([face.getCharWidth(code) for code in subset]).format(None)
    deflate = pdfdoc.PDFZCompress.encode
    return SubsetParts(
        font_file=deflate(font_file),
        font_file_length=len(font_file),
        widths=widths,
        to_unicode=deflate(makeToUnicodeCMap(base_name, list(subset))),
    )


class _Reference(pdfdoc.PDFObject):  # type: ignore[misc]  # reportlab has no type hints
    """A stand-in for a reference while a template is formatted: it formats as a mark to cut at."""

    def __init__(self, index: int) -> None:
        self.mark = b"\x00countdesk-reference-%d\x00" % index

    def format(self, _document: Any) -> bytes:
        return self.mark


_MARK = re.compile(rb"\x00countdesk-reference-(\d+)\x00")


@dataclass(frozen=True)
class _Template:
    """An object's bytes as ReportLab formats it, cut where its references go (and which goes where)."""

    pieces: tuple[bytes, ...]
    order: tuple[int, ...]  # the reference formatted after each piece but the last


def _template(obj: Any) -> _Template:
    parts = _MARK.split(obj.format(None))
    return _Template(tuple(parts[0::2]), tuple(int(index) for index in parts[1::2]))


@lru_cache(maxsize=_KEPT_SUBSETS)
def _descriptor_template(face: TTFontFace, base_name: str) -> _Template:
    """A subset's font descriptor (TTFont.addObjects' dictionary), its font file left to be referenced."""
    return _template(
        pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": face.ascent,
                "CapHeight": face.capHeight,
                "Descent": face.descent,
                "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(face.bbox),
                "FontName": pdfdoc.PDFName(base_name),
                "ItalicAngle": face.italicAngle,
                "StemV": face.stemV,
                "FontFile2": _Reference(0),
                "MissingWidth": face.defaultWidth,
            }
        )
    )


@lru_cache(maxsize=_KEPT_SUBSETS)
def _font_template(internal_name: str, base_name: str, last_char: int, widths: bytes) -> _Template:
    """The font dictionary of a subset, its ToUnicode map and descriptor left to be referenced."""
    font = pdfdoc.PDFTrueTypeFont()
    font.Name = internal_name
    font.BaseFont = base_name
    font.FirstChar = 0
    font.LastChar = last_char
    font.Widths = _Formatted(widths)
    font.ToUnicode = _Reference(0)
    font.FontDescriptor = _Reference(1)
    return _template(font)


class _Filled(pdfdoc.PDFObject):  # type: ignore[misc]  # reportlab has no type hints
    """A templated object: the template's pieces with this document's references between them."""

    def __init__(self, template: _Template, references: Sequence[Any], *, ref_only: bool = False) -> None:
        self.template = template
        self.references = references
        if ref_only:  # like ReportLab's font objects: always written as a reference where it is used
            self.__RefOnly__ = 1

    def format(self, document: Any) -> bytes:
        pieces = self.template.pieces
        out = [pieces[0]]
        for index, piece in zip(self.template.order, pieces[1:], strict=True):
            out += [self.references[index].format(document), piece]
        return b"".join(out)


def _deflated_stream(content: bytes, **entries: Any) -> Any:
    """A stream whose content is already deflated (ReportLab applies no filter to a stream that names one)."""
    stream = pdfdoc.PDFStream(content=content)
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    for key, entry in entries.items():
        stream.dictionary[key] = entry
    return stream


class _Unencrypted:
    """The document a kept stream is formatted for once: no encryption (ReportLab's default)."""

    encrypt = pdfdoc.NoEncryption()
    defaultStreamFilters = None


@lru_cache(maxsize=2 * _KEPT_SUBSETS)
def _stream_bytes(content: bytes, length1: int | None) -> bytes:
    entries = {} if length1 is None else {"Length1": length1}
    formatted: bytes = _deflated_stream(content, **entries).format(_Unencrypted())
    return formatted


class _KeptStream(pdfdoc.PDFObject):  # type: ignore[misc]  # reportlab has no type hints
    """A subset's deflated stream (font file, ToUnicode map), formatted once while nothing is encrypted."""

    __RefOnly__ = 1  # a stream is always an object of its own

    def __init__(self, content: bytes, length1: int | None = None) -> None:
        self.content = content
        self.length1 = length1

    def format(self, document: Any) -> bytes:
        if type(document.encrypt) is pdfdoc.NoEncryption:
            return _stream_bytes(self.content, self.length1)
        entries = {} if self.length1 is None else {"Length1": self.length1}
        formatted: bytes = _deflated_stream(self.content, **entries).format(document)
        return formatted


_NO_CODE = -1
_KEPT_WIDTHS = 4096  # texts whose widths are kept (words, names, labels: ~100 bytes each)
_NBSP, _SPACE = 0xA0, 0x20


class SubsetKeepingFont(TTFont):  # type: ignore[misc]  # reportlab has no type hints
    """A TrueType font whose subsets' PDF objects are made once per process, then reused."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._widths: dict[str, float] = {}  # the sum of each text's character widths (em/1000)
        # Printable ASCII the face can draw: with ASCII kept readable, every document's first subset
        # codes each of these characters as itself (TTFont.State), from the start.
        readable = range(0x20, 0x7F) if self._asciiReadable else range(0)
        self._ascii_coded = frozenset(chr(code) for code in readable if code in self.face.charToGlyph)
        self._state_template: Any = None  # fresh_state's original, made at its first call

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:
        """ReportLab's width (0.001 × size × the sum of the characters' widths, summed in the same order,
        so the same float), the sum kept per text: a sheet measures the same words again and again
        (a paragraph's words as it breaks lines, a table's strings as it sizes and then draws them)."""
        if not isinstance(text, str):
            width: float = super().stringWidth(text, size, encoding)
            return width
        widths = self._widths
        total = widths.get(text)
        if total is None:
            get, default = self.face.charWidths.get, self.face.defaultWidth
            total = sum(get(ord(char), default) for char in text)
            if len(widths) >= _KEPT_WIDTHS:
                widths.clear()
            widths[text] = total
        return 0.001 * size * total

    def fresh_state(self) -> Any:
        """A document's first coding state for the font, as TTFont.splitString begins one
        (TTFont.State(asciiReadable, font)): a copy of one made once, rather than made afresh
        character by character for each of a sheet's four fonts."""
        template = self._state_template
        if template is None:
            template = self._state_template = TTFont.State(self._asciiReadable, self)
        state = TTFont.State.__new__(TTFont.State)
        state.__dict__.update(template.__dict__)
        state.assignments = dict(template.assignments)
        state.subsets = [list(subset) for subset in template.subsets]
        return state

    def coded_as_ascii(self, text: str) -> bool:
        """Whether every document's first subset codes each of the text's characters as itself."""
        return text.isascii() and self._ascii_coded.issuperset(text)

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """TTFont.splitString's answer, found without its per-character loop where every character
        already has its code in the document's first subset: that subset and the codes (printable
        ASCII is coded as itself). Anything else (a character not yet coded, one the face lacks, a
        code in a later subset, bytes, empty text) goes to ReportLab's loop, which assigns codes."""
        state = self.state.get(doc) if isinstance(text, str) and text else None
        if state is None and isinstance(text, str) and text and doc is not None:
            state = self.state[doc] = self.fresh_state()  # the font's first text in this document
        if state is not None and text.isascii() and self._ascii_coded.issuperset(text):
            return [(0, text.encode("ascii"))]
        if state is not None:
            code_of = state.assignments.get
            codes = [code_of(_SPACE if c == _NBSP else c, _NO_CODE) for c in map(ord, text)]
            if _NO_CODE not in codes and max(codes) < 256:
                return [(0, bytes(codes))]
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return result

    def addObjects(self, doc: Any) -> None:
        """The same objects as TTFont.addObjects (ReportLab 5.1), their bytes taken from subset_parts."""
        if not doc.compression:  # the kept bytes are deflated (encryption, if any, follows as usual)
            super().addObjects(doc)
            return
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            parts = subset_parts(face, base_name, tuple(subset))

            # Referenced in ReportLab's order, so the objects are numbered as it numbers them.
            to_unicode = doc.Reference(_KeptStream(parts.to_unicode), f"toUnicodeCMap:{base_name}")
            font_file = _KeptStream(parts.font_file, parts.font_file_length)
            font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({base_name})")
            # The descriptor and font dictionaries as ReportLab formats them, made once per subset.
            descriptor = _Filled(_descriptor_template(face, base_name), [font_file_ref])
            descriptor_ref = doc.Reference(descriptor, f"fontDescriptor:{base_name}")
            template = _font_template(internal_name, base_name, len(subset) - 1, parts.widths)
            pdf_font = _Filled(template, [to_unicode, descriptor_ref], ref_only=True)
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]
