"""The recount comparison: the requests, every round's figures side by side, and each table's changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.domain.documents_recount import RecountComparison, RoundFigures
from app.reports.fonts import VALUES
from app.reports.page import BODY_WIDTH, render_sheet
from app.reports.paragraphs import Paragraph
from app.reports.result_blocks import LOT_MARK
from app.reports.sections import (
    LEFT_BODY,
    chunks,
    closing_blanks,
    context_furniture,
    document_title,
    figure_or_dash,
    requests_table,
    ruled_table,
    section,
    signed,
    small_value,
    small_wording,
)
from app.reports.styles import INK, RULE, figure, value, wording

TEMPLATE = "recount-comparison v1"
_LABEL_WIDTH = 50 * mm
_ROUNDS_PER_CHUNK = 3
_FIGURE_WIDTH = 23 * mm
_CHANGE_WIDTH = (BODY_WIDTH - _LABEL_WIDTH) / _ROUNDS_PER_CHUNK - _FIGURE_WIDTH


def _cells(figure_text: str, change: int | None, first: bool, pad: str = "") -> list[str]:
    return [figure_text + pad, "" if first else signed(change)]


def _votes(votes: int, won_lot: bool) -> str:
    return f"{figure(votes)} {LOT_MARK}" if won_lot else figure(votes)


def _grid(comparison: RecountComparison, rounds: list[RoundFigures], first_index: int) -> Any:
    headings = [""]
    for r in rounds:
        headings += [f"Round {r.number}: {r.kind}", "Change"]
    rows: list[list[Any]] = []
    elected_cells: list[tuple[int, int]] = []
    # As on the declaration: with a figure marked as won by lot, the digits stay aligned whether or
    # not the mark follows them.
    pad = "  " if comparison.lot_note is not None else ""
    for position, name in enumerate(comparison.candidate_names):
        row: list[Any] = [small_value(name)]
        for offset, r in enumerate(rounds):
            first = first_index + offset == 0
            won_lot = r.won_lot[position]
            row += _cells(_votes(r.votes[position], won_lot), r.vote_changes[position], first,
                          "" if won_lot else pad)
            if r.elected[position]:
                elected_cells.append((1 + 2 * offset, position + 1))
        rows.append(row)
    totals_row = len(rows) + 1
    lines: list[tuple[str, Any]] = [
        ("Rejected papers", lambda r, i: _cells(figure(r.rejected_total), r.rejected_change, i == 0, pad)),
        (
            "Valid papers",
            lambda r, i: _cells(figure(r.valid_papers), _change(comparison, i, "valid_papers"), i == 0, pad),
        ),
        (
            "Ballot papers verified",
            lambda r, i: _cells(
                figure(r.papers_verified), _change(comparison, i, "papers_verified"), i == 0, pad
            ),
        ),
        (
            "Margin (last elected over first not elected)",
            lambda r, i: _cells(figure_or_dash(r.margin), _change(comparison, i, "margin"), i == 0, pad),
        ),
        ("Reconciled", lambda r, i: ["yes" if r.reconciled else "NO", ""]),
        (
            "Tables counted in the round",
            lambda r, i: [small_value(", ".join(r.tables_counted) or "none"), ""],
        ),
    ]
    for label, make in lines:
        row = [small_wording(label)]
        for offset, r in enumerate(rounds):
            row += make(r, first_index + offset)
        rows.append(row)
    widths = [_LABEL_WIDTH]
    for _ in rounds:
        widths += [_FIGURE_WIDTH, _CHANGE_WIDTH]
    extra: list[tuple[Any, ...]] = [("LINEABOVE", (0, totals_row), (-1, totals_row), 0.8, INK)]
    extra += [("FONT", cell, cell, VALUES.bold, 8) for cell in elected_cells]
    extra += [("SPAN", (1 + 2 * i, len(rows)), (2 + 2 * i, len(rows))) for i in range(len(rounds))]
    # Each round's list of tables is ruled off from the one before: side by side, "T5, T6,  T3" read
    # as one list running on into the next round's.
    extra += [
        ("LINEBEFORE", (1 + 2 * i, len(rows)), (1 + 2 * i, len(rows)), 0.5, RULE) for i in range(len(rounds))
    ]
    extra += [("LEFTPADDING", (1, len(rows)), (-1, len(rows)), 2 * mm)]
    return ruled_table(
        headings, rows, widths, numeric=tuple(range(1, len(headings))), small=True, extra=extra
    )


def _change(comparison: RecountComparison, index: int, field: str) -> int | None:
    if index == 0:
        return None
    now = getattr(comparison.rounds[index], field)
    before = getattr(comparison.rounds[index - 1], field)
    return None if now is None or before is None else int(now) - int(before)


def _rounds(comparison: RecountComparison) -> list[Flowable]:
    heading: list[Flowable] = [
        section("Rounds side by side"),
        Paragraph("Figures in bold are those of candidates elected on that round's figures.", LEFT_BODY),
    ]
    story: list[Flowable] = []
    for span in chunks(len(comparison.rounds), _ROUNDS_PER_CHUNK):
        # A grid split over two pages leaves a candidate's figures on one page and the margin on the
        # next: kept whole (the first with the heading), it moves to the next page; it splits only
        # if taller than a page.
        shown = [comparison.rounds[i] for i in span]
        grid: list[Flowable] = [_grid(comparison, shown, span.start)]
        if comparison.lot_note is not None and any(any(r.won_lot) for r in shown):
            grid += [Spacer(1, 3), Paragraph(f"{LOT_MARK} {wording(comparison.lot_note)}", LEFT_BODY)]
        story.append(KeepTogether([*heading, *grid, Spacer(1, 6)]))
        heading = []
    return story or heading


def _changes(comparison: RecountComparison) -> list[Flowable]:
    story: list[Flowable] = [section("What each round changed, table by table")]
    if not comparison.changes:
        return [*story, Paragraph("No figure of any table changed between rounds.", LEFT_BODY)]
    rows = [
        [
            str(c.round),
            small_value(c.table),
            small_value(c.item),
            figure_or_dash(c.before),
            figure_or_dash(c.after),
            signed(c.difference),
        ]
        for c in comparison.changes
    ]
    widths = (16 * mm, 20 * mm, BODY_WIDTH - 108 * mm, 24 * mm, 24 * mm, 24 * mm)
    headings = ["Round", "Table", "Figure", "Before", "After", "Change"]
    return [*story, ruled_table(headings, rows, widths, numeric=(0, 3, 4, 5), small=True)]


def comparison_story(comparison: RecountComparison) -> list[Flowable]:
    """The flowables of the comparison, every machine-filled string checked drawable on the way."""
    current = comparison.rounds[-1].number if comparison.rounds else 0
    facts = f"{value(str(len(comparison.rounds)))} round(s); current round {value(str(current))}"
    return [
        *document_title(comparison.title, comparison.context, facts),
        Paragraph(wording(comparison.intro), LEFT_BODY),
        *requests_table("Requests for a recount", comparison.requests),
        *_rounds(comparison),
        *_changes(comparison),
        *closing_blanks("Notes (written by hand)", 3, ["Returning Officer"]),
    ]


def render_recount_comparison(comparison: RecountComparison, out: str | Path | BinaryIO) -> None:
    """Write the recount comparison as a PDF."""
    furniture = context_furniture(comparison.context, comparison.title, TEMPLATE)
    render_sheet(furniture, comparison_story(comparison), out)
