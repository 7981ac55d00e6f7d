"""The declaration of result of poll (domain.md §6), laid out from a ready-made DeclarationSheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from app.domain.documents import DeclarationSheet, format_long_date
from app.reports.fonts import VALUES, WORDING
from app.reports.page import BODY_WIDTH, PageFurniture, render_sheet
from app.reports.styles import (
    BODY,
    BODY_CY,
    CELL_HEAD,
    CELL_HEAD_RIGHT,
    CELL_PADDING,
    CELL_VALUE,
    CELL_WORDING,
    CELL_WORDING_CY,
    FACTS,
    HEADING,
    INK,
    LABEL,
    NOTE,
    NOTE_CY,
    STRIPE,
    SUBJECT,
    TITLE,
    TITLE_CY,
    breakable,
    figure,
    percent,
    plain_value,
    ruled_grid,
    table_style,
    value,
    wording,
)

TEMPLATE = "declaration v1"
LOT_MARK = "*"

# Surname, other names, description, number of votes, elected: 170 mm in all.
_CANDIDATE_COLUMNS = (42 * mm, 39 * mm, 48 * mm, 24 * mm, 17 * mm)
_FIGURE_COLUMNS = (BODY_WIDTH - 30 * mm, 30 * mm)


def _bilingual(sheet: DeclarationSheet) -> bool:
    """Welsh is printed only where the profile gives a Welsh title or introduction for the sheet."""
    return sheet.title_cy is not None or sheet.intro_cy is not None


def _title_block(sheet: DeclarationSheet) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(wording(sheet.title), TITLE)]
    if sheet.title_cy:
        story.append(Paragraph(wording(sheet.title_cy), TITLE_CY))
    story.append(Paragraph(value(sheet.contest_name, bold=True), SUBJECT))
    facts = f"Poll held on {value(format_long_date(sheet.poll_date))}"
    if sheet.seats > 1:
        facts += f"  ·  {value(str(sheet.seats))} seats"
    story.append(Paragraph(facts, FACTS))
    story.append(Paragraph(wording(sheet.intro), BODY))
    if sheet.intro_cy:
        story.append(Paragraph(wording(sheet.intro_cy), BODY_CY))
    return story


def _candidate_table(sheet: DeclarationSheet) -> Table:
    any_lot = any(line.won_lot for line in sheet.lines)
    rows: list[list[Any]] = [
        [
            Paragraph("Surname", CELL_HEAD),
            Paragraph("Other names", CELL_HEAD),
            Paragraph("Description (if any)", CELL_HEAD),
            Paragraph("Number of votes", CELL_HEAD_RIGHT),
            Paragraph("Elected", CELL_HEAD),
        ]
    ]
    commands = [
        *ruled_grid(header_rows=1),
        ("FONT", (3, 1), (3, -1), VALUES.regular, 9),
        ("ALIGN", (3, 1), (3, -1), "RIGHT"),
        ("FONT", (4, 1), (4, -1), WORDING.bold, 9),
    ]
    for index, line in enumerate(sheet.lines, start=1):
        votes = figure(line.votes)
        if any_lot:  # keep the digits aligned whether or not the mark follows them
            votes += f" {LOT_MARK}" if line.won_lot else "  "
        font = VALUES.bold if line.elected else VALUES.regular
        names = [
            breakable(text, font, CELL_VALUE.fontSize, width - 2 * CELL_PADDING)
            for text, width in zip(
                (line.surname, line.other_names, line.description), _CANDIDATE_COLUMNS[:3], strict=True
            )
        ]
        rows.append(
            [
                *(Paragraph(value(text, bold=line.elected), CELL_VALUE) for text in names),
                plain_value(votes),
                "Elected" if line.elected else "",
            ]
        )
        if line.elected:
            commands.append(("FONT", (3, index), (3, index), VALUES.bold, 9))
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), STRIPE))
    return Table(rows, colWidths=_CANDIDATE_COLUMNS, repeatRows=1, style=table_style(commands), hAlign="LEFT")


def _lots_note(sheet: DeclarationSheet, bilingual: bool) -> list[Flowable]:
    if not sheet.lots_statement:
        return []
    notes: list[Flowable] = [Spacer(1, 4), Paragraph(f"{LOT_MARK} {wording(sheet.lots_statement)}", NOTE)]
    if bilingual and sheet.lots_statement_cy:
        notes += [Spacer(1, 2), Paragraph(f"{LOT_MARK} {wording(sheet.lots_statement_cy)}", NOTE_CY)]
    return notes


def _label(english: str, welsh: str | None, bilingual: bool) -> list[Paragraph] | Paragraph:
    if bilingual and welsh:
        return [Paragraph(wording(english), CELL_WORDING), Paragraph(wording(welsh), CELL_WORDING_CY)]
    return Paragraph(wording(english), CELL_WORDING)


def _rejected_table(sheet: DeclarationSheet, bilingual: bool) -> list[Flowable]:
    rows: list[list[Any]] = [
        [Paragraph("Head of rejection", CELL_HEAD), Paragraph("Number of ballot papers", CELL_HEAD_RIGHT)]
    ]
    for line in sheet.rejected:
        rows.append([_label(line.wording, line.wording_cy, bilingual), plain_value(figure(line.count))])
    rows.append([Paragraph("<b>Total</b>", CELL_WORDING), plain_value(figure(sheet.rejected_total))])
    commands = [
        *ruled_grid(header_rows=1),
        ("FONT", (1, 1), (1, -1), VALUES.regular, 9.5),
        ("FONT", (1, -1), (1, -1), VALUES.bold, 9.5),
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
    ]
    story: list[Flowable] = [
        Paragraph("Statement of rejected ballot papers", HEADING),
        Paragraph("The number of ballot papers rejected, under each head, was as follows:", BODY),
        Table(rows, colWidths=_FIGURE_COLUMNS, style=table_style(commands), hAlign="LEFT"),
    ]
    if sheet.rejected_in_part is not None:
        part = Table(
            [
                [
                    Paragraph(
                        "Ballot papers rejected in part (their valid votes were counted; they are not "
                        "part of the total above)",
                        CELL_WORDING,
                    ),
                    plain_value(figure(sheet.rejected_in_part)),
                ]
            ],
            colWidths=_FIGURE_COLUMNS,
            style=table_style(
                [
                    *ruled_grid(),
                    ("FONT", (1, 0), (1, 0), VALUES.regular, 9.5),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ],
            ),
            hAlign="LEFT",
        )
        story += [Spacer(1, 6), part]
    return [KeepTogether(story)]


def _poll_figures(sheet: DeclarationSheet) -> list[Flowable]:
    rows: list[list[Any]] = [
        [Paragraph("Ballot papers verified", LABEL), plain_value(figure(sheet.papers_verified)), ""]
    ]
    if sheet.electorate is not None:
        rows.append([Paragraph("Electorate", LABEL), plain_value(figure(sheet.electorate)), ""])
    if sheet.turnout_percent is not None:
        formula = Paragraph(f"({wording(sheet.turnout_formula)})", NOTE)
        rows.append([Paragraph("Turnout", LABEL), plain_value(percent(sheet.turnout_percent)), formula])
    table = Table(
        rows,
        colWidths=(52 * mm, 30 * mm, BODY_WIDTH - 82 * mm),
        style=table_style(
            [
                ("FONT", (1, 0), (1, -1), VALUES.regular, 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (2, 0), (2, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (2, 0), (2, -1), 3.5),
            ]
        ),
        hAlign="LEFT",
    )
    return [Paragraph("Ballot papers and turnout", HEADING), table]


def _not_reconciled(sheet: DeclarationSheet) -> list[Flowable]:
    if sheet.reconciled:
        return []
    warning = Paragraph(
        "<b>These figures do not reconcile.</b> Votes and rejected papers do not account for every "
        "ballot paper verified: this sheet must not be used to declare the result.",
        CELL_WORDING,
    )
    frame = table_style([("BOX", (0, 0), (-1, -1), 1.2, INK)])
    box = Table([[warning]], colWidths=(BODY_WIDTH,), style=frame)
    return [Spacer(1, 6), box]


def _signature_block(sheet: DeclarationSheet) -> list[Flowable]:
    """Signed (left blank on purpose: the Returning Officer signs by hand), name, capacity, place, date."""
    day = format_long_date(sheet.generated_at.date())
    rows: list[list[Any]] = [
        [
            Paragraph("Signed", LABEL),
            Paragraph("_" * 34, LABEL),
            Paragraph("Place", LABEL),
            Paragraph(value(sheet.venue), LABEL),
        ],
        [
            Paragraph("Name", LABEL),
            Paragraph(value(sheet.returning_officer), LABEL),
            Paragraph("Date", LABEL),
            Paragraph(value(day), LABEL),
        ],
        [Paragraph("Capacity", LABEL), Paragraph(value(sheet.capacity), LABEL), "", ""],
    ]
    return [
        Table(
            rows,
            colWidths=(20 * mm, 72 * mm, 20 * mm, BODY_WIDTH - 112 * mm),
            style=table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("LEFTPADDING", (2, 0), (2, -1), 12),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("TOPPADDING", (0, 0), (-1, 0), 16),
                ]
            ),
            hAlign="LEFT",
        )
    ]


def declaration_story(sheet: DeclarationSheet) -> list[Flowable]:
    """The flowables of the declaration, every machine-filled string checked drawable on the way."""
    bilingual = _bilingual(sheet)
    return [
        *_title_block(sheet),
        Spacer(1, 4),
        _candidate_table(sheet),
        *_lots_note(sheet, bilingual),
        *_not_reconciled(sheet),
        *_rejected_table(sheet, bilingual),
        # The signature stays on the page that carries the closing figures, never alone.
        KeepTogether([*_poll_figures(sheet), *_signature_block(sheet)]),
    ]


def declaration_furniture(sheet: DeclarationSheet) -> PageFurniture:
    """The page furniture of a declaration: its header and footer on every page."""
    return PageFurniture(
        document_title=sheet.title,
        template=TEMPLATE,
        election_title=sheet.election_title,
        authority=sheet.authority,
        contest_name=sheet.contest_name,
        contest_id=sheet.contest_id,
        status=sheet.status,
        training=sheet.training,
        generated_at=sheet.generated_at,
        fingerprint=sheet.fingerprint,
    )


def render_declaration(sheet: DeclarationSheet, out: str | Path | BinaryIO) -> None:
    """Write the declaration of result as a PDF; UndrawableText if any text has a character without glyph."""
    furniture = declaration_furniture(sheet)
    render_sheet(furniture, declaration_story(sheet), out)
