"""The declaration of result of poll (domain.md §6), laid out from a ready-made DeclarationSheet."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.domain.documents import DeclarationSheet
from app.domain.documents_payload import payload_of
from app.reports.page import BODY_WIDTH, PageFurniture, render_sheet
from app.reports.result_blocks import (
    LOT_MARK,
    QR_COLUMN,
    beside_qr,
    candidate_table,
    figures_table,
    lots_note,
    not_reconciled_box,
    poll_rows,
    rejected_block,
    signature_block,
    title_block,
)

TEMPLATE = "declaration v2"
__all__ = ["LOT_MARK", "TEMPLATE", "declaration_furniture", "declaration_story", "render_declaration"]


def _bilingual(sheet: DeclarationSheet) -> bool:
    """Welsh is printed only where the profile gives a Welsh title or introduction for the sheet."""
    return sheet.title_cy is not None or sheet.intro_cy is not None


def declaration_story(sheet: DeclarationSheet) -> list[Flowable]:
    """The flowables of the declaration, every machine-filled string checked drawable on the way."""
    bilingual = _bilingual(sheet)
    unreconciled = (
        "<b>These figures do not reconcile.</b> Votes and rejected papers do not account for every "
        "ballot paper verified: this sheet must not be used to declare the result."
    )
    left_width = BODY_WIDTH - QR_COLUMN
    closing = beside_qr(
        [
            *figures_table(
                poll_rows(
                    sheet.papers_verified, sheet.electorate, sheet.turnout_percent, sheet.turnout_formula
                ),
                bilingual,
                left_width,
            ),
            signature_block(
                returning_officer=sheet.returning_officer,
                capacity=sheet.capacity,
                venue=sheet.venue,
                generated_at=sheet.generated_at,
                bilingual=bilingual,
                width=left_width,
            ),
        ],
        payload_of("declaration", sheet).encode(),
        bilingual,
    )
    return [
        *title_block(
            title=(sheet.title, sheet.title_cy),
            subject=sheet.contest_name,
            poll_date=sheet.poll_date,
            seats=sheet.seats,
            intro=(sheet.intro, sheet.intro_cy),
            bilingual=bilingual,
        ),
        Spacer(1, 4),
        candidate_table(sheet.lines, bilingual),
        *lots_note(sheet.lots_statement, sheet.lots_statement_cy if bilingual else None),
        *([] if sheet.reconciled else not_reconciled_box(unreconciled)),
        *rejected_block(sheet.rejected, sheet.rejected_total, sheet.rejected_in_part, bilingual),
        # The signature stays on the page that carries the closing figures, never alone.
        KeepTogether([Spacer(1, 8), closing]),
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
    """Write the declaration of result as a PDF; UndrawableText if any text has a character without glyph.

    The sheet's payload (contest, figures, fingerprint) is drawn as a QR code and kept in the PDF's
    Keywords, so `countdesk verify --sheet` can check the PDF without decoding an image.
    """
    furniture = declaration_furniture(sheet)
    payload = payload_of("declaration", sheet).encode()
    render_sheet(furniture, declaration_story(sheet), out, keywords=payload)
