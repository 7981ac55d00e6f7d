"""Keeping a block on one page: KeepTogether, measuring plain content without copying the frame."""

# Why: to measure its content, KeepTogether (ReportLab 5.1's _listWrapOn) deep-copies the page's
# frame, so that anything a flowable adds to "the frame" while being measured (generated content:
# a frame break, a page template change) lands in the copy and is measured too. Our sheets' blocks
# hold only text, rules, tables of them and the QR code, none of which adds anything when measured,
# yet the copy was a tenth of the time spent laying out a sheet. For content made only of such
# flowables the frame is set aside while measuring: the same sizes, without the copy. Anything
# else is measured by ReportLab as before.

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from reportlab.platypus.paragraph import Paragraph

from app.reports.lines import Line
from app.reports.qr import SheetQr

# Flowables that never add generated content to the frame while they are measured.
_PLAIN = (Line, Paragraph, Spacer, SheetQr)


def adds_nothing(content: Iterable[Any]) -> bool:
    """Whether measuring this content (flowables, a table's cells: strings, flowables and lists of
    them) can add nothing to the page's frame."""
    for item in content:
        if isinstance(item, str):
            continue
        if isinstance(item, list | tuple):
            if not adds_nothing(item):
                return False
        elif isinstance(item, Table):
            if not all(adds_nothing(row) for row in item._cellvalues):
                return False
        elif not isinstance(item, _PLAIN):
            return False
    return True


class Together(KeepTogether):  # type: ignore[misc]  # reportlab has no type hints
    """KeepTogether, measuring content that adds nothing to the frame without a copy of the frame."""

    def __init__(self, flowables: list[Flowable], maxHeight: float | None = None) -> None:
        super().__init__(flowables, maxHeight)
        self._plain = adds_nothing(self._content)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        template = getattr(self.canv, "_doctemplate", None)
        frame = getattr(template, "frame", None)
        if not self._plain or template is None or frame is None:
            size: tuple[float, float] = super().wrap(aW, aH)
            return size
        template.frame = None  # _listWrapOn copies the frame only when there is one
        try:
            size = super().wrap(aW, aH)
        finally:
            template.frame = frame
        return size
