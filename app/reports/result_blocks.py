"""Blocks the result sheets share: candidate table, rejected papers, figures, signature beside the QR code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.domain.documents import DeclarationLine, RejectedLine
from app.domain.long_dates import format_long_date, format_long_date_cy
from app.reports import labels
from app.reports.fonts import VALUES, WORDING
from app.reports.labels import Label
from app.reports.page import BODY_WIDTH
from app.reports.paragraphs import Paragraph
from app.reports.qr import QR_SIZE, SheetQr
from app.reports.sections import framed
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
    MUTED,
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

LOT_MARK = "*"
# Surname, other names, description, number of votes, elected: 170 mm in all.
CANDIDATE_COLUMNS = (42 * mm, 39 * mm, 48 * mm, 24 * mm, 17 * mm)
FIGURE_COLUMNS = (BODY_WIDTH - 30 * mm, 30 * mm)
QR_COLUMN = QR_SIZE + 6 * mm
NOTE_QR = ParagraphStyle("note-qr", parent=NOTE, fontSize=6.5, leading=8, alignment=TA_LEFT)
NOTE_LEFT = ParagraphStyle("note-left", parent=NOTE, alignment=TA_LEFT)
FACTS_EN = ParagraphStyle("facts-en", parent=FACTS, spaceAfter=1)  # the Welsh line follows closely
FACTS_CY = ParagraphStyle("facts-cy", parent=FACTS, textColor=MUTED)
_WELSH_STYLES: dict[str, ParagraphStyle] = {}


def head(label: Label, bilingual: bool, *, right: bool = False) -> Paragraph:
    """A column heading; on a bilingual sheet the Welsh follows the English on its own line."""
    style = CELL_HEAD_RIGHT if right else CELL_HEAD
    text = wording(label.en)
    if bilingual:
        text += f'<br/><font name="{WORDING.regular}" size="7.5" color="#{MUTED.hexval()[2:]}">'
        text += f"{wording(label.cy)}</font>"
    return Paragraph(text, style)


def _welsh(style: ParagraphStyle) -> ParagraphStyle:
    """The style's Welsh companion: the same face, muted (and a little smaller for cell wording)."""
    if style is CELL_WORDING:
        return CELL_WORDING_CY
    if style.name not in _WELSH_STYLES:
        size = style.fontSize - 1.5 if style.fontSize >= 9 else style.fontSize
        _WELSH_STYLES[style.name] = ParagraphStyle(
            f"{style.name}-cy", parent=style, textColor=MUTED, fontSize=size, leading=size * 1.25
        )
    return _WELSH_STYLES[style.name]


def labelled(english: str, welsh: str | None, bilingual: bool, style: ParagraphStyle = CELL_WORDING) -> Any:
    """Wording with its Welsh beneath it on a bilingual sheet (a list of two paragraphs)."""
    if bilingual and welsh:
        return [Paragraph(wording(english), style), Paragraph(wording(welsh), _welsh(style))]
    return Paragraph(wording(english), style)


def title_block(
    *,
    title: tuple[str, str | None],
    subject: str,
    poll_date: date,
    seats: int,
    intro: tuple[str, str | None],
    bilingual: bool,
) -> list[Flowable]:
    """Title (and Welsh title), the contest, the poll date and seats, the introduction (and its Welsh)."""
    story: list[Flowable] = [Paragraph(wording(title[0]), TITLE)]
    if title[1]:
        story.append(Paragraph(wording(title[1]), TITLE_CY))
    story.append(Paragraph(value(subject, bold=True), SUBJECT))
    facts = f"{wording(labels.POLL_HELD.en)} {value(format_long_date(poll_date))}"
    if seats > 1:
        facts += f"  ·  {value(str(seats))} {wording(labels.SEATS.en)}"
    story.append(Paragraph(facts, FACTS_EN if bilingual else FACTS))
    if bilingual:
        facts_cy = f"{wording(labels.POLL_HELD.cy)} {value(format_long_date_cy(poll_date))}"
        if seats > 1:
            facts_cy += f"  ·  {value(str(seats))} {wording(labels.SEATS.cy)}"
        story.append(Paragraph(facts_cy, FACTS_CY))
    story.append(Paragraph(wording(intro[0]), BODY))
    if intro[1]:
        story.append(Paragraph(wording(intro[1]), BODY_CY))
    return story


def candidate_table(
    lines: Sequence[DeclarationLine], bilingual: bool, elected: Label = labels.ELECTED, mark: str = "Elected"
) -> Table:
    """Every candidate in ballot-paper order; the heading row repeats on each page."""
    any_lot = any(line.won_lot for line in lines)
    rows: list[list[Any]] = [
        [
            head(labels.SURNAME, bilingual),
            head(labels.OTHER_NAMES, bilingual),
            head(labels.DESCRIPTION, bilingual),
            head(labels.VOTES, bilingual, right=True),
            head(elected, bilingual),
        ]
    ]
    commands = [
        *ruled_grid(header_rows=1),
        ("FONT", (3, 1), (3, -1), VALUES.regular, 9),
        ("ALIGN", (3, 1), (3, -1), "RIGHT"),
        ("FONT", (4, 1), (4, -1), WORDING.bold, 9),
    ]
    for index, line in enumerate(lines, start=1):
        votes = figure(line.votes)
        if any_lot:  # keep the digits aligned whether or not the mark follows them
            votes += f" {LOT_MARK}" if line.won_lot else "  "
        font = VALUES.bold if line.elected else VALUES.regular
        names = [
            breakable(text, font, CELL_VALUE.fontSize, width - 2 * CELL_PADDING)
            for text, width in zip(
                (line.surname, line.other_names, line.description), CANDIDATE_COLUMNS[:3], strict=True
            )
        ]
        rows.append(
            [
                *(Paragraph(value(text, bold=line.elected), CELL_VALUE) for text in names),
                plain_value(votes),
                mark if line.elected else "",
            ]
        )
        if line.elected:
            commands.append(("FONT", (3, index), (3, index), VALUES.bold, 9))
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), STRIPE))
    return Table(rows, colWidths=CANDIDATE_COLUMNS, repeatRows=1, style=table_style(commands), hAlign="LEFT")


def lots_note(statement: str | None, statement_cy: str | None) -> list[Flowable]:
    """The statement that lots were drawn, marked like the figure it explains."""
    if not statement:
        return []
    notes: list[Flowable] = [Spacer(1, 4), Paragraph(f"{LOT_MARK} {wording(statement)}", NOTE)]
    if statement_cy:
        notes += [Spacer(1, 2), Paragraph(f"{LOT_MARK} {wording(statement_cy)}", NOTE_CY)]
    return notes


def rejected_block(
    heads: Sequence[RejectedLine], total: int, in_part: int | None, bilingual: bool, *, intro: bool = True
) -> list[Flowable]:
    """The statement of rejected papers under each head, with the total (and papers rejected in part)."""
    rows: list[list[Any]] = [[head(labels.HEAD, bilingual), head(labels.PAPERS, bilingual, right=True)]]
    for line in heads:
        rows.append([labelled(line.wording, line.wording_cy, bilingual), plain_value(figure(line.count))])
    total_label = f"<b>{wording(labels.TOTAL.en)}</b>"
    if bilingual:
        total_label += f" / {wording(labels.TOTAL.cy)}"
    rows.append([Paragraph(total_label, CELL_WORDING), plain_value(figure(total))])
    commands = [
        *ruled_grid(header_rows=1),
        ("FONT", (1, 1), (1, -1), VALUES.regular, 9.5),
        ("FONT", (1, -1), (1, -1), VALUES.bold, 9.5),
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
    ]
    story: list[Flowable] = [
        Paragraph(wording(labels.REJECTED_HEADING.en), HEADING),
        *(_paragraphs(labels.REJECTED_INTRO, bilingual) if intro else []),
        Table(rows, colWidths=FIGURE_COLUMNS, style=table_style(commands), hAlign="LEFT"),
    ]
    if in_part is not None:
        part = Table(
            [[labelled(labels.IN_PART.en, labels.IN_PART.cy, bilingual), plain_value(figure(in_part))]],
            colWidths=FIGURE_COLUMNS,
            style=table_style(
                [
                    *ruled_grid(),
                    ("FONT", (1, 0), (1, 0), VALUES.regular, 9.5),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ]
            ),
            hAlign="LEFT",
        )
        story += [Spacer(1, 6), part]
    return [KeepTogether(story)]


def _paragraphs(label: Label, bilingual: bool) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(wording(label.en), BODY)]
    if bilingual:
        story.append(Paragraph(wording(label.cy), BODY_CY))
    return story


def figures_table(
    rows: Sequence[tuple[Label, str, str | None]], bilingual: bool, width: float = BODY_WIDTH
) -> list[Flowable]:
    """Labelled closing figures: (label, formatted figure, formula or note beside it)."""
    cells: list[list[Any]] = []
    for label, shown, note in rows:
        beside = Paragraph(f"({wording(note)})", NOTE_LEFT) if note else ""
        cells.append([labelled(label.en, label.cy, bilingual, LABEL), plain_value(shown), beside])
    label_width = 50 * mm if bilingual else 44 * mm
    table = Table(
        cells,
        colWidths=(label_width, 28 * mm, width - label_width - 28 * mm),
        style=table_style(
            [
                ("FONT", (1, 0), (1, -1), VALUES.regular, 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (2, 0), (2, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (2, 0), (2, -1), 3),
            ]
        ),
        hAlign="LEFT",
    )
    return [Paragraph(wording(labels.FIGURES_HEADING.en), HEADING), table]


def paired_figures(
    rows: Sequence[tuple[Label, str]], note: str, bilingual: bool, width: float = BODY_WIDTH
) -> list[Flowable]:
    """Closing figures two to a row (compact, so a sheet stays on one page), a note on formulas below."""
    cells: list[list[Any]] = []
    for index in range(0, len(rows), 2):
        row: list[Any] = []
        for label, shown in rows[index : index + 2]:
            row += [labelled(label.en, label.cy, bilingual, LABEL), plain_value(shown)]
        cells.append(row + [""] * (4 - len(row)))
    table = Table(
        cells,
        colWidths=(width * 0.36, width * 0.16, width * 0.30, width * 0.18),
        style=table_style(
            [
                ("FONT", (1, 0), (1, -1), VALUES.regular, 10),
                ("FONT", (3, 0), (3, -1), VALUES.regular, 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (2, 0), (2, -1), 6 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        ),
        hAlign="LEFT",
    )
    return [
        Paragraph(wording(labels.FIGURES_HEADING.en), HEADING),
        table,
        Paragraph(f"({wording(note)})", NOTE_LEFT),
    ]


def poll_rows(
    papers_verified: int, electorate: int | None, turnout: Decimal | None, formula: str
) -> list[tuple[Label, str, str | None]]:
    """Ballot papers verified, electorate and turnout with its formula (each left out when unknown)."""
    rows: list[tuple[Label, str, str | None]] = [(labels.VERIFIED, figure(papers_verified), None)]
    if electorate is not None:
        rows.append((labels.ELECTORATE, figure(electorate), None))
    if turnout is not None:
        rows.append((labels.TURNOUT, percent(turnout), formula))
    return rows


def not_reconciled_box(text: str) -> list[Flowable]:
    """A framed warning: these figures must not be used to declare."""
    return [Spacer(1, 6), framed(text)]


def superseding_notice(statement: str | None) -> list[Flowable]:
    """On a corrected declaration, framed: the declaration it supersedes, why, and each figure corrected."""
    if statement is None:
        return []
    notice = f"<b>{wording('Superseding declaration.')}</b> {wording(statement)}"
    return [Spacer(1, 2), framed(notice), Spacer(1, 6)]


def _line(width: float) -> str:
    """Underscores filling `width` at the label size: a line to sign or write on, left blank on purpose."""
    return "_" * int(width / stringWidth("_", WORDING.regular, LABEL.fontSize))


def signature_block(
    *,
    returning_officer: str,
    capacity: str,
    venue: str,
    generated_at: datetime,
    bilingual: bool,
    width: float = BODY_WIDTH,
    blank_time: bool = False,
) -> Table:
    """Signed (blank: signed by hand) and the date; name (and a blank time); capacity; place."""
    first = 24 * mm if bilingual else 18 * mm
    third = 20 * mm if bilingual else 14 * mm
    second = 52 * mm
    fourth = width - first - second - third

    def cell(label: Label) -> Any:
        return labelled(label.en, label.cy, bilingual, LABEL)

    day = format_long_date(generated_at.date())
    time: list[Any] = [cell(labels.TIME), Paragraph(_line(fourth - 6), LABEL)] if blank_time else ["", ""]
    rows: list[list[Any]] = [
        [
            cell(labels.SIGNED),
            Paragraph(_line(second - 8), LABEL),
            cell(labels.DATE),
            Paragraph(value(day), LABEL),
        ],
        [cell(labels.NAME), Paragraph(value(returning_officer), LABEL), *time],
        [cell(labels.CAPACITY), Paragraph(value(capacity), LABEL), "", ""],
        [cell(labels.PLACE), Paragraph(value(venue), LABEL), "", ""],
    ]
    return Table(
        rows,
        colWidths=(first, second, third, fourth),
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("SPAN", (1, 2), (3, 2)),
                ("SPAN", (1, 3), (3, 3)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (2, 0), (2, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 9),
            ]
        ),
        hAlign="LEFT",
    )


def beside_qr(left: Sequence[Flowable], payload: str, bilingual: bool) -> Table:
    """The closing figures and signature on the left, the sheet's QR code and its caption on the right."""
    caption = labelled(labels.QR_CAPTION.en, labels.QR_CAPTION.cy, bilingual, NOTE_QR)
    qr_cell = [SheetQr(payload), *(caption if isinstance(caption, list) else [caption])]
    return Table(
        [[list(left), qr_cell]],
        colWidths=(BODY_WIDTH - QR_COLUMN, QR_COLUMN),
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 6 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )
