"""The provisional result sheet shown to candidates and agents before the declaration (with its QR code)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from app.domain.documents_payload import payload_of
from app.domain.documents_provisional import ProvisionalSheet
from app.reports import labels
from app.reports.labels import Label
from app.reports.page import render_sheet
from app.reports.paragraphs import Paragraph
from app.reports.result_blocks import paired_figures, title_block
from app.reports.result_sheet import CLOSING_WIDTH, Signatory, closing, result_figures
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
    notice: list[Flowable] = [Paragraph(f"<b>{wording(sheet.recount_notice)}</b>", NOTICE)]
    if sheet.recount_notice_cy:
        notice.append(Paragraph(wording(sheet.recount_notice_cy), NOTICE_CY))
    signatory = Signatory(context.returning_officer, context.capacity, context.venue, context.generated_at)
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
        # No introduction sentence for rejected papers: the heading says it, and the sheet stays on one page.
        *result_figures(
            sheet,
            bilingual,
            unreconciled=_UNRECONCILED,
            elected=labels.PROVISIONALLY_ELECTED,
            mark="Yes",
            rejected_intro=False,
        ),
        closing(
            paired_figures(_closing_rows(sheet), _note(sheet), bilingual, CLOSING_WIDTH),
            signatory,
            payload_of("provisional", sheet).encode(),
            bilingual,
            blank_time=True,  # the time the figures were shown, written by hand
        ),
    ]


def render_provisional(sheet: ProvisionalSheet, out: str | Path | BinaryIO) -> None:
    """Write the provisional result sheet as a PDF, its payload drawn as a QR code and kept in Keywords."""
    furniture = context_furniture(sheet.context, sheet.title, TEMPLATE)
    payload = payload_of("provisional", sheet).encode()
    render_sheet(furniture, provisional_story(sheet), out, keywords=payload)
