"""The body the declaration and the provisional sheet share: the figures, then the closing beside the QR."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from reportlab.platypus import Flowable, Spacer

from app.domain.documents import DeclarationLine, RejectedLine
from app.reports import labels
from app.reports.closing_blocks import QR_COLUMN, beside_qr, signature_block
from app.reports.labels import Label
from app.reports.page import BODY_WIDTH
from app.reports.result_blocks import candidate_table, lots_note, not_reconciled_box, rejected_block
from app.reports.together import Together

# The closing figures and the signature sit left of the QR code's column.
CLOSING_WIDTH = BODY_WIDTH - QR_COLUMN


class ResultFigures(Protocol):
    """What a declaration and a provisional sheet both print: votes, lots, reconciliation, rejected papers."""

    @property
    def seats(self) -> int: ...
    @property
    def lines(self) -> Sequence[DeclarationLine]: ...
    @property
    def lots_statement(self) -> str | None: ...
    @property
    def lots_statement_cy(self) -> str | None: ...
    @property
    def reconciled(self) -> bool: ...
    @property
    def rejected(self) -> Sequence[RejectedLine]: ...
    @property
    def rejected_total(self) -> int: ...
    @property
    def rejected_in_part(self) -> int | None: ...


@dataclass(frozen=True)
class Signatory:
    """Who signs the sheet, in what capacity, where, and the day it was generated (printed beside)."""

    returning_officer: str
    capacity: str
    venue: str
    generated_at: datetime


# A tie for the last seat with no lot drawn yet left a seat with nobody marked, and no word why.
UNDECIDED = (
    "<b>Not every seat is filled yet.</b> Candidates have equal votes for the last seat: the "
    "Returning Officer must decide between them by lot before the result can be declared."
)


def _undecided(sheet: ResultFigures) -> list[Flowable]:
    """The warning for a seat left to a lot, when fewer are marked elected than seats are contested."""
    marked = sum(1 for line in sheet.lines if line.elected)
    return not_reconciled_box(UNDECIDED) if marked < sheet.seats < len(sheet.lines) else []


def result_figures(
    sheet: ResultFigures,
    bilingual: bool,
    *,
    unreconciled: str,
    elected: Label = labels.ELECTED,
    mark: str = "Elected",
    rejected_intro: bool = True,
) -> list[Flowable]:
    """The candidates, the lots statement, a warning if the figures do not reconcile, rejected papers."""
    return [
        Spacer(1, 4),
        candidate_table(sheet.lines, bilingual, elected, mark),
        *lots_note(sheet.lots_statement, sheet.lots_statement_cy if bilingual else None),
        *_undecided(sheet),
        *([] if sheet.reconciled else not_reconciled_box(unreconciled)),
        *rejected_block(
            sheet.rejected, sheet.rejected_total, sheet.rejected_in_part, bilingual, intro=rejected_intro
        ),
    ]


def closing(
    figures: Sequence[Flowable],
    signatory: Signatory,
    payload: str,
    bilingual: bool,
    *,
    blank_time: bool = False,
) -> Flowable:
    """The closing figures and the signature block on the left, the sheet's QR code on the right."""
    signature = signature_block(
        returning_officer=signatory.returning_officer,
        capacity=signatory.capacity,
        venue=signatory.venue,
        generated_at=signatory.generated_at,
        bilingual=bilingual,
        width=CLOSING_WIDTH,
        blank_time=blank_time,
    )
    # The signature stays on the page that carries the closing figures, never alone.
    return Together([Spacer(1, 8), beside_qr([*figures, signature], payload, bilingual)])
