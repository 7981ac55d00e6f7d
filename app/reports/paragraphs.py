"""The sheets' paragraph: ReportLab's, its markup parsed once per process and its lines broken once per width.

ReportLab parses a paragraph's markup with Python's HTML parser each time one is made, though most
of a sheet's paragraphs (headings, labels, statutory wording) are the same on every sheet: the
fragments of a markup in a style are kept, and each new paragraph gets its own copies of them.

ReportLab also wraps a paragraph again each time a layout asks for its size: a table sizes its
cells, then asks again as it draws them; a KeepTogether measures its content, then the frame
measures it once more; a table inside a table doubles all of it. On a declaration that is ~125
line breakings for ~45 paragraphs. Breaking lines depends only on the fragments, the style and
the width, so a second request at the width of the first one gets the same answer, unbroken again.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph

# The wording every sheet repeats, and the names and figures of the last few sheets (~1 KB each).
_KEPT_MARKUPS = 1024


@lru_cache(maxsize=_KEPT_MARKUPS)
def _parsed(text: str, style: ParagraphStyle) -> paragraph.Paragraph:
    """A paragraph of the markup in the style, parsed by ReportLab: the fragments to copy from."""
    return paragraph.Paragraph(text, style)


class Paragraph(paragraph.Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A ReportLab Paragraph whose markup is parsed once per process and whose lines are broken once
    for the width it was last wrapped to."""

    _wrapped_width: float | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, bulletText: Any = None, frags: Any = None,
                 **options: Any) -> None:
        if frags is not None or bulletText is not None or options or text is None:  # split() parts, etc.
            super().__init__(text, style, bulletText, frags, **options)
            return
        parsed = _parsed(text, style)
        # Copies: laying out sets attributes on fragments, which must not reach another paragraph.
        super().__init__(text, style, parsed.bulletText, [frag.clone() for frag in parsed.frags])
        self.text = parsed.text

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # split() drops the lines (del self.blPara) when it pushes the paragraph on: break them again.
        if availWidth == self._wrapped_width and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        # Too narrow to lay out: ReportLab answers without breaking lines, so nothing is kept.
        self._wrapped_width = availWidth if availWidth >= paragraph._FUZZ else None
        return size
