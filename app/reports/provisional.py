"""The provisional result sheet shown to candidates and agents before the declaration (with its QR code)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from app.domain.documents_payload import payload_of
from app.domain.documents_provisional import ProvisionalSheet
from app.reports import labels
from app.reports.labels import Label
from app.reports.page import BODY_WIDTH, render_sheet
from app.reports.result_blocks import (
    QR_COLUMN,
    beside_qr,
    candidate_table,
    lots_note,
    not_reconciled_box,
    paired_figures,
    rejected_block,
    signature_block,
    title_block,
)
from app.reports.sections import context_furniture
from app.reports.styles import BODY, BODY_CY, figure, percent, wording

TEMPLATE = "provisional v1"
NOTICE = ParagraphStyle("notice", parent=BODY, alignment=TA_LEFT)
NOTICE_CY = ParagraphStyle("notice-cy", parent=BODY_CY, alignment=TA_LEFT)
_UNRECONCILED = (
    "<b>These figures do not reconcile.</b> Votes and rejected papers do not account for every "
    "ballot paper verified: they must not be shown as the provisional result."
)
_MARGIN_NOTE = "votes of the last candidate elected minus those of the first not elected"


def _closing_rows(sheet: ProvisionalSheet) -> list[tuple[Label, str]]:
    """Valid, rejected and verified papers down the left; electorate, turnout and margin on the right."""
    left: list[tuple[Label, str]] = [
        (labels.VALID, figure(sheet.valid_papers)),
        (labels.REJECTED_PAPERS, figure(sheet.rejected_total)),
        (labels.VERIFIED, figure(sheet.papers_verified)),
    ]
    right: list[tuple[Label, str]] = []
    if sheet.electorate is not None:
        right.append((labels.ELECTORATE, figure(sheet.electorate)))
    if sheet.turnout_percent is not None:
        right.append((labels.TURNOUT, percent(sheet.turnout_percent)))
    if sheet.margin is not None:
        right.append((labels.MARGIN, figure(sheet.margin)))
    rows: list[tuple[Label, str]] = []
    for index, pair in enumerate(left):
        rows.append(pair)
        rows.append(right[index] if index < len(right) else (Label("", ""), ""))
    return rows


def _note(sheet: ProvisionalSheet) -> str:
    notes = []
    if sheet.turnout_percent is not None:
        notes.append(f"turnout = {sheet.turnout_formula}")
    if sheet.margin is not None:
        notes.append(f"margin = {_MARGIN_NOTE}")
    return "; ".join(notes)


def provisional_story(sheet: ProvisionalSheet) -> list[Flowable]:
    """The flowables of the provisional sheet, every machine-filled string checked drawable on the way."""
    context = sheet.context
    bilingual = sheet.bilingual
    left_width = BODY_WIDTH - QR_COLUMN
    notice: list[Flowable] = [Paragraph(f"<b>{wording(sheet.recount_notice)}</b>", NOTICE)]
    if sheet.recount_notice_cy:
        notice.append(Paragraph(wording(sheet.recount_notice_cy), NOTICE_CY))
    closing = beside_qr(
        [
            *paired_figures(_closing_rows(sheet), _note(sheet), bilingual, left_width),
            signature_block(
                returning_officer=context.returning_officer,
                capacity=context.capacity,
                venue=context.venue,
                generated_at=context.generated_at,
                bilingual=bilingual,
                width=left_width,
                blank_time=True,  # the time the figures were shown, written by hand
            ),
        ],
        payload_of("provisional", sheet).encode(),
        bilingual,
    )
    return [
        *title_block(
            title=(sheet.title, sheet.title_cy),
            subject=context.contest_name,
            poll_date=context.poll_date,
            seats=sheet.seats,
            intro=(sheet.intro, sheet.intro_cy),
            bilingual=bilingual,
        ),
        *notice,
        Spacer(1, 4),
        candidate_table(sheet.lines, bilingual, elected=labels.PROVISIONALLY_ELECTED, mark="Yes"),
        *lots_note(sheet.lots_statement, sheet.lots_statement_cy),
        *([] if sheet.reconciled else not_reconciled_box(_UNRECONCILED)),
        # No introduction sentence here: the heading says it, and the sheet stays on one page.
        *rejected_block(sheet.rejected, sheet.rejected_total, sheet.rejected_in_part, bilingual, intro=False),
        KeepTogether([Spacer(1, 8), closing]),
    ]


def render_provisional(sheet: ProvisionalSheet, out: str | Path | BinaryIO) -> None:
    """Write the provisional result sheet as a PDF, its payload drawn as a QR code and kept in Keywords."""
    furniture = context_furniture(sheet.context, sheet.title, TEMPLATE)
    payload = payload_of("provisional", sheet).encode()
    render_sheet(furniture, provisional_story(sheet), out, keywords=payload)
