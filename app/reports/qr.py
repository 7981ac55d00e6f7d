"""The QR code of a result sheet, encoded once with ReportLab's own QR encoder and drawn as one path."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

QR_SIZE = 32 * mm
QUIET_ZONE = 2  # modules of white around the code
# Level M survives a crease or a smudge on a sheet pinned up in the hall.
ERROR_CORRECTION = "M"


def qr_modules(payload: str) -> list[list[bool]]:
    """The dark/light matrix of `payload`, exactly as ReportLab's QR widget would encode it."""
    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, ERROR_CORRECTION))
    code.addData(payload)
    code.make()
    return [[bool(cell) for cell in row] for row in code.modules]


class SheetQr(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A square QR code carrying `payload`, `size` points across (quiet zone included).

    ReportLab's QrCodeWidget encodes the payload twice (once to measure, once to draw) and
    draws every run of dark modules as a validated shape; on a declaration that was ~85% of the
    rendering time, so the matrix is computed once here and filled as a single path.
    """

    def __init__(self, payload: str, size: float = QR_SIZE) -> None:
        super().__init__()
        if not payload.isascii():
            raise ValueError("a sheet's QR payload is ASCII (percent-encode anything else)")
        self.payload = payload
        self.size = size
        self.modules = qr_modules(payload)

    def wrap(self, *_: Any) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        box = self.size / (count + 2 * QUIET_ZONE)
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            y = self.size - (r + QUIET_ZONE + 1) * box
            c = 0
            while c < count:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect((start + QUIET_ZONE) * box, y, (c - start) * box, box)
        self.canv.saveState()
        self.canv.setFillGray(0)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()
