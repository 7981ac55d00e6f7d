"""The QR code of a result sheet: a flowable drawing the matrix of qr_matrix as one filled path."""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.reports.qr_matrix import qr_lines

QR_SIZE = 32 * mm
QUIET_ZONE = 2  # modules of white around the code
_DARK = re.compile("1+")


def dark_runs(lines: list[str]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules ("1"), row 0 at the top."""
    runs = ((r, _DARK.finditer(line)) for r, line in enumerate(lines))
    return [(r, dark.start(), len(dark.group())) for r, found in runs for dark in found]


class SheetQr(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A square QR code carrying `payload`, `size` points across (quiet zone included).

    The path is written in module units under one scaling, so every coordinate is a small whole
    number: ReportLab formats each float of a path in Python, and ~1,000 rectangles of float
    coordinates cost more than the rest of the page's drawing.
    """

    def __init__(self, payload: str, size: float = QR_SIZE) -> None:
        super().__init__()
        if not payload.isascii():
            raise ValueError("a sheet's QR payload is ASCII (percent-encode anything else)")
        self.payload = payload
        self.size = size
        self.lines = qr_lines(payload)

    @property
    def modules(self) -> list[list[bool]]:
        """The matrix as ReportLab's QR widget holds it: True for a dark module."""
        return [[cell == "1" for cell in line] for line in self.lines]

    def wrap(self, *_: Any) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.lines)
        across = count + 2 * QUIET_ZONE
        top = count + QUIET_ZONE  # the y of the top edge of row 0, in modules from the bottom
        runs = dark_runs(self.lines)
        rects = " ".join(f"{start + QUIET_ZONE} {top - r - 1} {length} 1 re" for r, start, length in runs)
        self.canv.saveState()
        self.canv.scale(self.size / across, self.size / across)
        self.canv.setFillGray(0)
        self.canv.addLiteral(f"{rects} f" if rects else "")
        self.canv.restoreState()
