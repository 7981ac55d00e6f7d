"""Blocks the result sheets share: candidate table, rejected papers, figures, signature beside the QR code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from app.domain.documents import DeclarationLine, RejectedLine
from app.domain.long_dates import format_long_date, format_long_date_cy
from app.reports import labels
from app.reports.cells import font_command, labelled, one_line, text_cell, wording_cell
from app.reports.fonts import VALUES, WORDING, drawable
from app.reports.grid import Grid
from app.reports.labels import Label
from app.reports.lines import Line
from app.reports.page import BODY_WIDTH
from app.reports.paragraphs import Paragraph
from app.reports.sections import framed
from app.reports.styles import (
    BODY,
    BODY_CY,
    CELL_HEAD,
    CELL_HEAD_RIGHT,
    CELL_PADDING,
    CELL_VALUE,
    CELL_WORDING,
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
from app.reports.together import Together

LOT_MARK = "*"
# Surname, other names, description, number of votes, elected: 170 mm in all.
CANDIDATE_COLUMNS = (42 * mm, 39 * mm, 48 * mm, 24 * mm, 17 * mm)
FIGURE_COLUMNS = (BODY_WIDTH - 30 * mm, 30 * mm)
NOTE_LEFT = ParagraphStyle("note-left", parent=NOTE, alignment=TA_LEFT)
FACTS_EN = ParagraphStyle("facts-en", parent=FACTS, spaceAfter=1)  # the Welsh line follows closely
FACTS_CY = ParagraphStyle("facts-cy", parent=FACTS, textColor=MUTED)


def head_cell(label: Label, bilingual: bool, width: float, *, right: bool = False) -> Any:
    """head(), as plain lines on a sheet in English only (the table's FONT and ALIGN commands must
    give its heading row CELL_HEAD's face, size and leading, and right alignment where `right`)."""
    if not bilingual:
        plain = text_cell(drawable(label.en, WORDING), CELL_HEAD_RIGHT if right else CELL_HEAD, width)
        if plain is not None:
            return plain
    return head(label, bilingual, right=right)


def head(label: Label, bilingual: bool, *, right: bool = False) -> Paragraph:
    """A column heading; on a bilingual sheet the Welsh follows the English on its own line."""
    style = CELL_HEAD_RIGHT if right else CELL_HEAD
    text = wording(label.en)
    if bilingual:
        text += f'<br/><font name="{WORDING.regular}" size="7.5" color="#{MUTED.hexval()[2:]}">'
        text += f"{wording(label.cy)}</font>"
    return Paragraph(text, style)


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
    story: list[Flowable] = [Line(drawable(title[0], WORDING), TITLE)]
    if title[1]:
        story.append(Line(drawable(title[1], WORDING), TITLE_CY))
    story.append(Line(drawable(subject, VALUES), SUBJECT))
    english = _facts(labels.POLL_HELD.en, format_long_date(poll_date), seats, labels.SEATS.en)
    story.append(Line(english[0], FACTS_EN if bilingual else FACTS, english[1]))
    if bilingual:
        welsh = _facts(labels.POLL_HELD.cy, format_long_date_cy(poll_date), seats, labels.SEATS.cy)
        story.append(Line(welsh[0], FACTS_CY, welsh[1]))
    story.append(Line(drawable(intro[0], WORDING), BODY))
    if intro[1]:
        story.append(Line(drawable(intro[1], WORDING), BODY_CY))
    return story


def _facts(held: str, day: str, seats: int, seats_word: str) -> tuple[list[tuple[str, str]], str]:
    """"Poll held on 3 May 2029 · 3 seats": the wording in its face, the date and number in the values',
    as a Line's runs, and as markup for a Paragraph."""
    markup = f"{wording(held)} {value(day)}"
    runs = [(f"{drawable(held, WORDING)} ", WORDING.regular), (drawable(day, VALUES), VALUES.regular)]
    if seats > 1:
        markup += f"  ·  {value(str(seats))} {wording(seats_word)}"
        # As the Paragraph draws it: its spaces closed up, each in the face of the words around it.
        runs += [(" · ", WORDING.regular), (str(seats), VALUES.regular)]
        runs.append((f" {drawable(seats_word, WORDING)}", WORDING.regular))
    return runs, markup


def candidate_table(
    lines: Sequence[DeclarationLine], bilingual: bool, elected: Label = labels.ELECTED, mark: str = "Elected"
) -> Table:
    """Every candidate in ballot-paper order; the heading row repeats on each page."""
    any_lot = any(line.won_lot for line in lines)
    rooms = [width - CELL_PADDING - CELL_PADDING for width in CANDIDATE_COLUMNS]  # as the table takes them
    heads = (labels.SURNAME, labels.OTHER_NAMES, labels.DESCRIPTION, labels.VOTES, elected)
    rows: list[list[Any]] = [
        [
            head_cell(label, bilingual, room, right=label is labels.VOTES)
            for label, room in zip(heads, rooms, strict=True)
        ]
    ]
    commands = [
        *ruled_grid(header_rows=1),
        font_command((0, 0), (-1, 0), CELL_HEAD),
        ("FONT", (3, 1), (3, -1), VALUES.regular, 9),
        ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("FONT", (4, 1), (4, -1), WORDING.bold, 9),
    ]
    commands.append(font_command((0, 1), (2, -1), CELL_VALUE))  # names drawn as plain strings
    for index, line in enumerate(lines, start=1):
        votes = figure(line.votes)
        if any_lot:  # keep the digits aligned whether or not the mark follows them
            votes += f" {LOT_MARK}" if line.won_lot else "  "
        font = VALUES.bold if line.elected else VALUES.regular
        rows.append(
            [
                *(
                    _name(text, font, line.elected, width - 2 * CELL_PADDING)
                    for text, width in zip(
                        (line.surname, line.other_names, line.description), CANDIDATE_COLUMNS[:3], strict=True
                    )
                ),
                plain_value(votes),
                mark if line.elected else "",
            ]
        )
        if line.elected:
            commands.append(("FONT", (3, index), (3, index), VALUES.bold, 9))
            commands.append(font_command((0, index), (2, index), CELL_VALUE, VALUES.bold))
        if index % 2 == 0:
            commands.append(("BACKGROUND", (0, index), (-1, index), STRIPE))
    return Grid(rows, colWidths=CANDIDATE_COLUMNS, repeatRows=1, style=table_style(commands), hAlign="LEFT")


def _name(text: str, font: str, bold: bool, width: float) -> Any:
    """A candidate's name or description: a plain string on one line, else a Paragraph that may break
    (after a hyphen, where a word is wider than the column)."""
    plain = one_line(drawable(text, VALUES), font, CELL_VALUE.fontSize, width)
    if plain is not None:
        return plain
    return Paragraph(value(breakable(text, font, CELL_VALUE.fontSize, width), bold=bold), CELL_VALUE)


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
    room, papers_room = (width - CELL_PADDING - CELL_PADDING for width in FIGURE_COLUMNS)
    rows: list[list[Any]] = [
        [
            head_cell(labels.HEAD, bilingual, room),
            head_cell(labels.PAPERS, bilingual, papers_room, right=True),
        ]
    ]
    for line in heads:
        label = wording_cell(line.wording, line.wording_cy, bilingual, CELL_WORDING, room)
        rows.append([label, plain_value(figure(line.count))])
    total_label: Any = one_line(drawable(labels.TOTAL.en, WORDING), WORDING.bold, CELL_WORDING.fontSize, room)
    if bilingual or total_label is None:
        markup = f"<b>{wording(labels.TOTAL.en)}</b>"
        welsh = f" / {wording(labels.TOTAL.cy)}" if bilingual else ""
        total_label = Paragraph(markup + welsh, CELL_WORDING)
    rows.append([total_label, plain_value(figure(total))])
    commands = [
        *ruled_grid(header_rows=1),
        font_command((0, 0), (-1, 0), CELL_HEAD),
        font_command((0, 1), (0, -2), CELL_WORDING),
        font_command((0, -1), (0, -1), CELL_WORDING, WORDING.bold),
        ("FONT", (1, 1), (1, -1), VALUES.regular, 9.5),
        ("FONT", (1, -1), (1, -1), VALUES.bold, 9.5),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
    ]
    story: list[Flowable] = [
        Line(drawable(labels.REJECTED_HEADING.en, WORDING), HEADING),
        *(_paragraphs(labels.REJECTED_INTRO, bilingual) if intro else []),
        Grid(rows, colWidths=FIGURE_COLUMNS, style=table_style(commands), hAlign="LEFT"),
    ]
    if in_part is not None:
        part = Grid(
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
    return [Together(story)]


def _paragraphs(label: Label, bilingual: bool) -> list[Flowable]:
    story: list[Flowable] = [Line(drawable(label.en, WORDING), BODY)]
    if bilingual:
        story.append(Line(drawable(label.cy, WORDING), BODY_CY))
    return story


def figures_table(
    rows: Sequence[tuple[Label, str, str | None]], bilingual: bool, width: float = BODY_WIDTH
) -> list[Flowable]:
    """Labelled closing figures: (label, formatted figure, formula or note beside it)."""
    cells: list[list[Any]] = []
    label_width = 50 * mm if bilingual else 44 * mm
    note_room = width - label_width - 28 * mm - 8 - 4  # the note's column less its padding
    for label, shown, note in rows:
        beside = _note(note, note_room) if note else ""
        shown_label = wording_cell(label.en, label.cy, bilingual, LABEL, label_width - 4)  # 4: right padding
        cells.append([shown_label, plain_value(shown), beside])
    table = Grid(
        cells,
        colWidths=(label_width, 28 * mm, width - label_width - 28 * mm),
        style=table_style(
            [
                font_command((0, 0), (0, -1), LABEL),
                font_command((2, 0), (2, -1), NOTE_LEFT),
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
    return [Line(drawable(labels.FIGURES_HEADING.en, WORDING), HEADING), table]


def _note(note: str, room: float) -> Any:
    """A figure's formula, in brackets beside it: plain lines where a Paragraph would draw the same."""
    plain = text_cell(f"({drawable(note, WORDING)})", NOTE_LEFT, room)
    return plain if plain is not None else Paragraph(f"({wording(note)})", NOTE_LEFT)


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
    table = Grid(
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
