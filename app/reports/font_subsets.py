"""Embedded font subsets kept for the process: a subset already embedded once is not made again.

ReportLab keeps each TrueType face parsed, but remakes every subset for every document: it cuts
the glyphs out of the font file, deflates the result (~30 KB per face with DejaVu's name table and
hinting) and writes out each glyph's width, four faces on a sheet. The subset a sheet needs is
usually the same from one sheet to the next (ReportLab's subset 0 always holds printable ASCII,
then the other characters in their order of first use), so its bytes are kept, keyed by exactly
the characters it holds: a sheet with other characters gets a subset of its own, as before, and
the PDF is byte for byte what ReportLab alone would write.
"""

from __future__ import annotations

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


def _deflated_stream(content: bytes, **entries: Any) -> Any:
    """A stream whose content is already deflated (ReportLab applies no filter to a stream that names one)."""
    stream = pdfdoc.PDFStream(content=content)
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    for key, entry in entries.items():
        stream.dictionary[key] = entry
    return stream


class SubsetKeepingFont(TTFont):  # type: ignore[misc]  # reportlab has no type hints
    """A TrueType font whose subsets' PDF objects are made once per process, then reused."""

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
            to_unicode = doc.Reference(_deflated_stream(parts.to_unicode), f"toUnicodeCMap:{base_name}")
            font_file = _deflated_stream(parts.font_file, Length1=parts.font_file_length)
            font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({base_name})")
            descriptor = pdfdoc.PDFDictionary(
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
                    "FontFile2": font_file_ref,
                    "MissingWidth": face.defaultWidth,
                }
            )

            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = _Formatted(parts.widths)
            pdf_font.ToUnicode = to_unicode
            pdf_font.FontDescriptor = doc.Reference(descriptor, f"fontDescriptor:{base_name}")
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]
