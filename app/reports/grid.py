"""The sheets' table: ReportLab's, not sized again when it is offered room it was already sized for."""

# Why: a table is asked its size several times (a KeepTogether measures its contents, then the
# frame measures each of them again in the room left; a table inside a table is measured each
# time its parent is), and ReportLab sizes every cell again each time. Sizing depends on the
# cells, the style, the width offered and, only where the table is taller than the height offered,
# that height (ReportLab stops at the first row that overflows it). So a table sized whole for a
# width is not sized again for the same width and a height it fits in: that would come to the same.

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table


class Grid(Table):  # type: ignore[misc]  # reportlab has no type hints
    """A ReportLab Table that keeps its sizes while it is offered the same width and room for all of it."""

    _sized_width: float | None = None  # the width it was last sized for, all its rows measured

    def _calc(self, availWidth: Any, availHeight: Any) -> None:
        if availWidth == self._sized_width and self._height <= availHeight:
            return
        super()._calc(availWidth, availHeight)
        whole = self._hmax == len(self._rowHeights)  # no row left unmeasured below an overflow
        self._sized_width = availWidth if whole else None

    def setStyle(self, tblstyle: Any) -> None:
        super().setStyle(tblstyle)
        self._sized_width = None  # a new style may size it otherwise
