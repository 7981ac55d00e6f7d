"""The sheets' table: ReportLab's, styled once per shape, sized once per room, plain cells written direct."""

# Why sizes are kept: a table is asked its size several times (a KeepTogether measures its
# contents, then the frame measures each of them again in the room left; a table inside a table
# is measured each time its parent is), and ReportLab sizes every cell again each time. Sizing
# depends on the cells, the style, the width offered and, only where the table is taller than the
# height offered, that height (ReportLab stops at the first row that overflows it). So a table
# sized whole for a width is not sized again for the same width and a height it fits in: that
# would come to the same.
#
# Why cell styles are kept: ReportLab gives every cell a style object of its own, then applies
# each command of the table's style to each cell of its range, one Python call per cell and
# command (a sheet's five tables: ~500 calls). What comes out depends only on the number of rows
# and columns and the commands, so it is kept per (rows, columns, commands) and the cells' style
# objects are shared by every table of that shape. ReportLab only reads them once a table is
# made: splitting a table hands the same objects to both parts and applies no cell command again
# (a style given to a table later is applied to copies of its own).
#
# Why plain strings are sized and drawn here: in a table of strings without spans a row is as tall
# as its tallest cell's lines at their leading plus padding, found in one pass instead of ReportLab's
# general one; and a string's lines are written by the TextCanvas at the places Table._drawCell
# puts them, with the same arithmetic. Every shortcut gives ReportLab's very bytes
# (tests/reports/test_kept_shapes.py compares them with ReportLab doing the work).

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Table, TableStyle
from reportlab.platypus.tables import LINECOMMANDS

from app.reports.text_canvas import TextCanvas

_KEPT_SHAPES = 128  # the five tables of a sheet by rows, winners and stripes: GE2017 has 38 shapes
_ALIGNMENTS = frozenset(("LEFT", "RIGHT", "CENTRE", "CENTER"))  # DECIMAL is left to ReportLab
_VALIGNMENTS = frozenset(("TOP", "BOTTOM", "MIDDLE"))


@dataclass(frozen=True)
class _Styled:
    """What applying a style's commands to a table of one shape gave: its cells' styles and the
    commands ReportLab keeps aside to draw (backgrounds, rules, spans) and to split (no-split)."""

    cell_styles: tuple[list[Any], ...]
    backgrounds: tuple[Any, ...]
    rules: tuple[Any, ...]
    spans: tuple[Any, ...]
    no_splits: tuple[Any, ...]
    split_firsts: tuple[Any, ...]
    split_ins: tuple[Any, ...]


_styled: dict[Hashable, _Styled] = {}
# The types a kept style's commands may hold: each compares equal only to what draws the same.
_EXACT = frozenset((str, int, float, tuple, Color, type(None)))
# Commands ReportLab keeps aside in lists of the table's own; it applies every other to cells' styles.
_ASIDE = frozenset(
    ("BACKGROUND", "ROWBACKGROUNDS", "COLBACKGROUNDS", "SPAN", "NOSPLIT", "ROUNDEDCORNERS", *LINECOMMANDS)
)


def _shape_key(data: Sequence[Any], style: Any) -> Hashable | None:
    """(rows, columns, commands, their items' types, options) for a style given as a TableStyle whose
    commands compare exactly (1 and 1.0 differ by type; a plain Color by its red, green, blue and
    alpha); None where they do not."""
    if not isinstance(style, TableStyle) or not data:
        return None
    commands = tuple(style.getCommands())
    types = tuple(map(type, chain.from_iterable(commands)))
    if not _EXACT.issuperset(types):
        return None
    key = (len(data), max(map(len, data)), commands, types, tuple(sorted(style._opts.items())))
    try:
        hash(key)
    except TypeError:  # a list among the options
        return None
    return key


class Grid(Table):  # type: ignore[misc]  # reportlab has no type hints
    """A ReportLab Table whose cell styles are made once per shape, and which keeps its sizes while it
    is offered the same width and room for all of it."""

    _sized_width: float | None = None  # the width it was last sized for, all its rows measured
    # Table's own attributes this class sets or reads (reportlab has no type hints).
    _cellStyles: list[list[Any]]
    _bkgrndcmds: list[Any]
    _linecmds: list[Any]
    _spanCmds: list[Any]
    _nosplitCmds: list[Any]
    _srflcmds: list[Any]
    _sircmds: list[Any]
    _curcellstyle: Any
    _cellvalues: list[list[Any]]
    _argH: list[Any]
    _minRowHeights: Any
    _rowHeights: list[float]
    _rowpositions: list[float]
    _height: float
    _hmax: int

    def __init__(self, data: Any, *args: Any, style: Any = None, **kwargs: Any) -> None:
        # Table.__init__ makes fresh cell styles unless it is given some (as a split part is).
        self._own_styles = not args and "cellStyles" not in kwargs
        key = _shape_key(data, style) if self._own_styles else None
        kept = _styled.get(key) if key is not None else None
        if kept is None:
            super().__init__(data, *args, style=style, **kwargs)
            # Rows named for a split (splitfirst, splitlast...) are styled again when it splits: not kept.
            if key is not None and not (self._srflcmds or self._sircmds):
                if len(_styled) >= _KEPT_SHAPES:
                    _styled.clear()
                _styled[key] = self._styled()
                self._own_styles = False  # kept: from now on shared with the tables of its shape
            return
        self._own_styles = False
        super().__init__(data, cellStyles=list(kept.cell_styles), **kwargs)
        self._bkgrndcmds = list(kept.backgrounds)
        self._linecmds = list(kept.rules)
        self._spanCmds = list(kept.spans)
        self._nosplitCmds = list(kept.no_splits)
        self._srflcmds = list(kept.split_firsts)
        self._sircmds = list(kept.split_ins)
        # The rest of Table.setStyle: the style's options, and its space before and after if it has any.
        for name, option in style._opts.items():
            setattr(self, name, option)
        for name in ("spaceBefore", "spaceAfter"):
            if not hasattr(self, name) and hasattr(style, name):
                setattr(self, name, getattr(style, name))

    def _styled(self) -> _Styled:
        return _Styled(
            tuple(self._cellStyles),
            tuple(self._bkgrndcmds),
            tuple(self._linecmds),
            tuple(self._spanCmds),
            tuple(self._nosplitCmds),
            tuple(self._srflcmds),
            tuple(self._sircmds),
        )

    def _calc_height(self, availHeight: Any, availWidth: Any, H: Any = None, W: Any = None) -> None:
        """Table._calc_height (ReportLab 5.1); for a table of plain strings without spans or set heights,
        each row as tall as its tallest cell's lines at their leading and padding, found in one pass."""
        if self._spanCmds or self._minRowHeights or any(h is not None for h in self._argH) or not all(
            type(value) is str for row in self._cellvalues for value in row
        ):
            super()._calc_height(availHeight, availWidth, H, W)
            return
        heights: list[float] = []
        for values, styles in zip(self._cellvalues, self._cellStyles, strict=True):
            tallest: float = 0
            for value, style in zip(values, styles, strict=True):
                tall = (style.leading or 1.2 * style.fontsize) * (value.count("\n") + 1)
                tall += style.bottomPadding + style.topPadding
                if tall > tallest:
                    tallest = tall
            heights.append(tallest)
        self._rowHeights = heights
        # The row positions from the bottom up, summed as ReportLab sums them (compensating rounding).
        self._rowpositions = positions = []
        height = lost = 0.0
        for index in range(len(heights) - 1, -1, -1):
            positions.append(height)
            step = heights[index] - lost
            total = height + step
            lost = (total - height) - step
            height = total
        positions.append(height)
        positions.reverse()
        self._height = height
        self._hmax = len(heights)

    def _calc(self, availWidth: Any, availHeight: Any) -> None:
        if availWidth == self._sized_width and self._height <= availHeight:
            return
        super()._calc(availWidth, availHeight)
        whole = self._hmax == len(self._rowHeights)  # no row left unmeasured below an overflow
        self._sized_width = availWidth if whole else None

    def setStyle(self, tblstyle: Any) -> None:
        super().setStyle(tblstyle)
        self._sized_width = None  # a new style may size it otherwise

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:
        """Table._drawCell (ReportLab 5.1); a plain string's lines on a TextCanvas written straight to the
        page at the same places, without a call per line through the canvas's drawString."""
        canvas = self.canv
        if (
            type(cellval) is not str
            or not isinstance(canvas, TextCanvas)
            or cellstyle.alignment not in _ALIGNMENTS
            or cellstyle.valign not in _VALIGNMENTS
            or cellstyle.href
            or cellstyle.destination
            or cellstyle.direction
            or cellstyle.shaping
        ):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        colpos, rowpos = pos
        colwidth, rowheight = size
        if self._curcellstyle is not cellstyle:  # as Table._drawCell sets the colour and font
            cur = self._curcellstyle
            if cur is None or cellstyle.color != cur.color:
                canvas.setFillColor(cellstyle.color)
            if (
                cur is None
                or cellstyle.leading != cur.leading
                or cellstyle.fontname != cur.fontname
                or cellstyle.fontsize != cur.fontsize
            ):
                canvas.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        just, valign = cellstyle.alignment, cellstyle.valign
        # The same arithmetic, in the same order, as Table._drawCell's for a string.
        if just == "LEFT":
            x = colpos + cellstyle.leftPadding
        elif just == "RIGHT":
            x = colpos + colwidth - cellstyle.rightPadding
        else:
            x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5
        lines = cellval.split("\n")
        n, leading, fontsize = len(lines), cellstyle.leading, cellstyle.fontsize
        if valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + n * leading - fontsize
        elif valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        else:
            middle = (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + n * leading) / 2.0
            y = rowpos + middle - fontsize
        canvas.draw_cell_lines(x, y, lines, leading, just)

    def _addCommand(self, cmd: Any) -> None:
        if cmd[0] not in _ASIDE and not self._own_styles:
            # A cell command after the table was made: never on styles other tables share.
            self._cellStyles = [[style.copy() for style in row] for row in self._cellStyles]
            self._own_styles = True
        super()._addCommand(cmd)
