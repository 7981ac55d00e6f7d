"""The QR code of a result sheet: a flowable drawing the matrix of qr_matrix as one filled path."""

# The path (~12 KB of "x y w 1 re", three fifths of a sheet's page) is written once per code as a
# form XObject, deflated once and kept with the code, and the page draws the form: deflating it
# with the page each time was a tenth of a sheet's time. Drawn in the same place under the same
# fill colour, the form makes the same marks.

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from hashlib import sha256
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Flowable

from app.reports.qr_matrix import qr_lines

QR_SIZE = 32 * mm
QUIET_ZONE = 2  # modules of white around the code
_DARK = re.compile("1+")
# The QR codes of the last few sheets: printing a sheet again (a second copy, a preview then the
# print) draws the same payload, and encoding it is a tenth of the sheet's time.
_KEPT_CODES = 16


def dark_runs(lines: list[str]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules ("1"), row 0 at the top."""
    runs = ((r, _DARK.finditer(line)) for r, line in enumerate(lines))
    return [(r, dark.start(), len(dark.group())) for r, found in runs for dark in found]


@dataclass(frozen=True)
class _Code:
    lines: tuple[str, ...]  # the matrix, as qr_lines gives it
    form: str  # the form XObject's name in a PDF
    stream: bytes  # the form's stream object, formatted and deflated (for an unencrypted PDF)
    path: str  # the path in module units: one "re" per dark run, then fill


@lru_cache(maxsize=_KEPT_CODES)
def _code(payload: str) -> _Code:
    """The payload's matrix, and the form drawing it (the form's bytes depend on the code alone)."""
    lines = qr_lines(payload)
    across = len(lines) + 2 * QUIET_ZONE
    top = len(lines) + QUIET_ZONE  # the y of the top edge of row 0, in modules from the bottom
    runs = dark_runs(lines)
    rects = " ".join(f"{start + QUIET_ZONE} {top - r - 1} {length} 1 re" for r, start, length in runs)
    path = f"{rects} f" if rects else ""
    form = _QrForm(across, path)
    return _Code(tuple(lines), f"QR{sha256(payload.encode()).hexdigest()[:20]}", form.stream(None), path)


class _QrForm(pdfdoc.PDFObject):  # type: ignore[misc]  # reportlab has no type hints
    """A form XObject `across` modules square drawing `path`: no resources, in the current fill colour."""

    __RefOnly__ = 1  # an object of its own, referenced from the page's resources

    def __init__(self, across: int, path: str, kept: bytes | None = None) -> None:
        self.across = across
        self.path = path
        self.kept = kept

    def stream(self, document: Any) -> bytes:
        content = zlib.compress(self.path.encode("ascii"))
        if document is not None:
            content = document.encrypt.encode(content)
        entries = {
            "Type": pdfdoc.PDFName("XObject"),
            "Subtype": pdfdoc.PDFName("Form"),
            "FormType": 1,
            "BBox": pdfdoc.PDFArray([0, 0, self.across, self.across]),
            "Matrix": pdfdoc.PDFArray([1, 0, 0, 1, 0, 0]),
            "Resources": pdfdoc.PDFDictionary({"ProcSet": pdfdoc.PDFArray([pdfdoc.PDFName("PDF")])}),
            "Filter": pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)]),
            "Length": len(content),
        }
        header: bytes = pdfdoc.PDFDictionary(entries).format(document)
        return header + b"\nstream\n" + content + b"endstream\n"

    def format(self, document: Any) -> bytes:
        if self.kept is not None and type(document.encrypt) is pdfdoc.NoEncryption:
            return self.kept
        return self.stream(document)


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
        self._code = _code(payload)
        self.lines = list(self._code.lines)

    @property
    def modules(self) -> list[list[bool]]:
        """The matrix as ReportLab's QR widget holds it: True for a dark module."""
        return [[cell == "1" for cell in line] for line in self.lines]

    def wrap(self, *_: Any) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas, code = self.canv, self._code
        across = len(self.lines) + 2 * QUIET_ZONE
        canvas.saveState()
        canvas.scale(self.size / across, self.size / across)
        canvas.setFillGray(0)
        if code.path:
            document = canvas._doc
            if not document.hasForm(code.form):  # once in a PDF, however many times it is drawn
                document.addForm(code.form, _QrForm(across, code.path, code.stream))
            canvas.doForm(code.form)
        canvas.restoreState()
