"""The statement of rejected ballot papers: each head's number and the total, then the same by count table."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.domain.documents_rejected import RejectedStatement
from app.reports.cells import labelled
from app.reports.fonts import VALUES
from app.reports.page import BODY_WIDTH, render_sheet
from app.reports.paragraphs import Paragraph
from app.reports.sections import (
    LEFT_BODY,
    SMALL_WORDING,
    chunks,
    closing_blanks,
    context_furniture,
    document_title,
    figure_or_dash,
    ruled_table,
    section,
)
from app.reports.styles import BODY, CELL_WORDING, INK, figure, plain_value, value, wording

TEMPLATE = "rejected v1"
_LABEL_WIDTH = 64 * mm
_TABLES_PER_CHUNK = 5


def _heads_table(statement: RejectedStatement) -> list[Flowable]:
    rows: list[list[Any]] = [
        [labelled(line.wording, line.wording_cy, statement.bilingual), plain_value(figure(line.count))]
        for line in statement.heads
    ]
    rows.append([Paragraph("<b>Total</b>", CELL_WORDING), plain_value(figure(statement.total))])
    extra: list[tuple[Any, ...]] = [
        ("FONT", (1, -1), (1, -1), VALUES.bold, 9.5),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
    ]
    if statement.rejected_in_part is not None:
        rows.append(
            [
                Paragraph(wording(statement.in_part_wording), CELL_WORDING),
                plain_value(figure(statement.rejected_in_part)),
            ]
        )
        extra = [
            ("FONT", (1, -2), (1, -2), VALUES.bold, 9.5),
            ("LINEABOVE", (0, -2), (-1, -2), 0.8, INK),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ]
    table = ruled_table(
        ["Head of rejection", "Number of ballot papers"],
        rows,
        (BODY_WIDTH - 36 * mm, 36 * mm),
        numeric=(1,),
        extra=extra,
    )
    return [table]


def _by_table(statement: RejectedStatement) -> list[Flowable]:
    """Heads down the side, count tables across (several grids when there are many tables)."""
    tables = statement.tables
    if not tables:
        return []
    story: list[Flowable] = [
        section("By count table"),
        Paragraph(
            "The same figures as each table's count sheet gives them; a dash marks a figure not yet "
            "recorded.",
            LEFT_BODY,
        ),
    ]
    spans = chunks(len(tables), _TABLES_PER_CHUNK)
    for number, span in enumerate(spans):
        last = number == len(spans) - 1
        columns = [tables[i] for i in span]
        width = min(28 * mm, (BODY_WIDTH - _LABEL_WIDTH) / (min(len(tables), _TABLES_PER_CHUNK) + 1))
        headings = ["Head", *(f"Table {t.table}" for t in columns)]
        if last:
            headings.append("All tables")
        rows: list[list[Any]] = []
        for position, line in enumerate(statement.heads):
            row: list[Any] = [Paragraph(wording(line.wording), SMALL_WORDING)]
            row += [plain_value(figure_or_dash(t.counts[position])) for t in columns]
            if last:
                row.append(plain_value(figure(line.count)))
            rows.append(row)
        total: list[Any] = [Paragraph("<b>Total</b>", SMALL_WORDING)]
        total += [plain_value(figure_or_dash(t.total)) for t in columns]
        if last:
            total.append(plain_value(figure(statement.total)))
        rows.append(total)
        if statement.rejected_in_part is not None:
            part: list[Any] = [Paragraph("Rejected in part", SMALL_WORDING)]
            part += [plain_value(figure_or_dash(t.in_part)) for t in columns]
            if last:
                part.append(plain_value(figure(statement.rejected_in_part)))
            rows.append(part)
        numeric = tuple(range(1, len(headings)))
        total_row = len(statement.heads) + 1
        story += [
            ruled_table(
                headings,
                rows,
                (_LABEL_WIDTH, *([width] * (len(headings) - 1))),
                numeric=numeric,
                small=True,
                extra=[
                    ("FONT", (1, total_row), (-1, total_row), VALUES.bold, 8),
                    ("LINEABOVE", (0, total_row), (-1, total_row), 0.8, INK),
                ],
            ),
            Spacer(1, 6),
        ]
    return story


def rejected_story(statement: RejectedStatement) -> list[Flowable]:
    """The flowables of the statement, every machine-filled string checked drawable on the way."""
    return [
        *document_title(statement.title, statement.context, f"round {value(str(statement.round))}"),
        Paragraph(wording(statement.intro), BODY),
        KeepTogether(_heads_table(statement)),
        *_by_table(statement),
        *closing_blanks(
            "Doubtful papers adjudicated, and objections made (written by hand)", 4, ["Returning Officer"]
        ),
    ]


def render_rejected_statement(statement: RejectedStatement, out: str | Path | BinaryIO) -> None:
    """Write the statement of rejected ballot papers as a PDF."""
    furniture = context_furniture(statement.context, statement.title, TEMPLATE)
    render_sheet(furniture, rejected_story(statement), out)
