"""The declaration of result of poll (domain.md §6), laid out from a ready-made DeclarationSheet."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable

from app.domain.documents import DeclarationSheet
from app.domain.documents_payload import payload_of
from app.reports.page import render_sheet
from app.reports.result_blocks import LOT_MARK, figures_table, poll_rows, superseding_notice, title_block
from app.reports.result_sheet import CLOSING_WIDTH, Signatory, closing, result_figures
from app.reports.sections import context_furniture

TEMPLATE = "declaration v2"
__all__ = ["LOT_MARK", "TEMPLATE", "declaration_story", "render_declaration"]
_UNRECONCILED = (
    "<b>These figures do not reconcile.</b> Votes and rejected papers do not account for every "
    "ballot paper verified: this sheet must not be used to declare the result."
)


def _bilingual(sheet: DeclarationSheet) -> bool:
    """Welsh is printed only where the profile gives a Welsh title or introduction for the sheet."""
    return sheet.title_cy is not None or sheet.intro_cy is not None


def declaration_story(sheet: DeclarationSheet) -> list[Flowable]:
    """The flowables of the declaration, every machine-filled string checked drawable on the way."""
    bilingual = _bilingual(sheet)
    poll = poll_rows(sheet.papers_verified, sheet.electorate, sheet.turnout_percent, sheet.turnout_formula)
    signatory = Signatory(sheet.returning_officer, sheet.capacity, sheet.venue, sheet.generated_at)
    return [
        *title_block(
            title=(sheet.title, sheet.title_cy),
            subject=sheet.contest_name,
            poll_date=sheet.poll_date,
            seats=sheet.seats,
            intro=(sheet.intro, sheet.intro_cy),
            bilingual=bilingual,
        ),
        *superseding_notice(sheet.supersedes),
        *result_figures(sheet, bilingual, unreconciled=_UNRECONCILED),
        closing(
            figures_table(poll, bilingual, CLOSING_WIDTH),
            signatory,
            payload_of("declaration", sheet).encode(),
            bilingual,
        ),
    ]


def render_declaration(sheet: DeclarationSheet, out: str | Path | BinaryIO) -> None:
    """Write the declaration of result as a PDF; UndrawableText if any text has a character without glyph.

    The sheet's payload (contest, figures, fingerprint) is drawn as a QR code and kept in the PDF's
    Keywords, so `countdesk verify --sheet` can check the PDF without decoding an image.
    """
    furniture = context_furniture(sheet, sheet.title, TEMPLATE)
    payload = payload_of("declaration", sheet).encode()
    render_sheet(furniture, declaration_story(sheet), out, keywords=payload)
