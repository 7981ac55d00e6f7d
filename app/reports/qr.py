"""The QR code of a result sheet, drawn with ReportLab's own barcode widget (no other dependency)."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.units import mm
from reportlab.lib.validators import isAnything, isString

from app.reports.fonts import WORDING

QR_SIZE = 32 * mm


class SheetQr(Drawing):  # type: ignore[misc]  # reportlab has no type hints
    """A square QR code carrying `payload`, scaled to `size` points (quiet zone included)."""

    _attrMap = AttrMap(
        BASE=Drawing,
        payload=AttrMapValue(isString, desc="the text the code carries"),
        widget=AttrMapValue(isAnything, desc="ReportLab's QR widget that draws it"),
    )

    def __init__(self, payload: str, size: float = QR_SIZE) -> None:
        if not payload.isascii():
            raise ValueError("a sheet's QR payload is ASCII (percent-encode anything else)")
        # Level M survives a crease or a smudge on a sheet pinned up in the hall.
        widget = QrCodeWidget(payload, barLevel="M", barBorder=2)
        x1, y1, x2, y2 = widget.getBounds()
        super().__init__(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), -x1, -y1])
        self.add(widget)
        # Without this the renderer selects Helvetica (unembedded) before drawing the modules.
        self.initialFontName = WORDING.regular
        self.payload = payload
        self.widget = widget
