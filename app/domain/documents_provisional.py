"""The provisional result sheet's content: the figures shown to candidates and agents before declaring."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.domain.documents import (
    ROUND_KIND_NAMES,
    ROUND_KIND_NAMES_CY,
    TURNOUT_FORMULA,
    DeclarationLine,
    Fingerprint,
    RejectedLine,
    SheetContext,
    rejected_lines,
    result_lines,
)
from app.domain.result import ContestResult

# The provisional sheet is practice, not a statutory form: its wording is the same for every profile,
# in English and, where the profile's languages include Welsh, in Welsh too.
TITLE = "Provisional Result of the Count"
TITLE_CY = "Canlyniad Dros Dro y Cyfrif"
INTRO = (
    "These are the provisional figures of the count for {contest} after the {round_kind} "
    "(round {round}), shown to the candidates and their agents before the result is declared. "
    "They are not the declared result."
)
INTRO_CY = (
    "Dyma ffigurau dros dro y cyfrif ar gyfer {contest} ar ôl y {round_kind_cy} (rownd {round}), "
    "a ddangosir i'r ymgeiswyr a'u hasiantiaid cyn datgan y canlyniad. Nid dyma'r canlyniad "
    "a ddatganwyd."
)
RECOUNT_NOTICE = (
    "A candidate or election agent who wishes to ask for a recount must tell the Returning Officer "
    "now, before the result is declared. The Returning Officer may refuse a request that is "
    "unreasonable. No recount can be held after the declaration."
)
RECOUNT_NOTICE_CY = (
    "Rhaid i ymgeisydd neu asiant etholiad sy'n dymuno gofyn am ailgyfrif ddweud wrth y Swyddog "
    "Canlyniadau nawr, cyn datgan y canlyniad. Caiff y Swyddog Canlyniadau wrthod cais afresymol. "
    "Ni ellir cynnal ailgyfrif ar ôl y datganiad."
)


@dataclass(frozen=True)
class ProvisionalSheet:
    """Everything printed on a provisional result sheet (domain.md §4)."""

    context: SheetContext
    seats: int
    bilingual: bool  # English and Welsh (the profile's languages include "cy")
    title: str
    title_cy: str | None
    intro: str
    intro_cy: str | None
    recount_notice: str
    recount_notice_cy: str | None
    round: int
    round_kind: str  # e.g. "full recount"
    lines: tuple[DeclarationLine, ...]  # ballot-paper order; `elected` = would be elected
    rejected: tuple[RejectedLine, ...]
    rejected_total: int
    rejected_in_part: int | None
    valid_papers: int
    papers_verified: int
    reconciled: bool
    margin: int | None  # last elected over first not elected; None when candidates ≤ seats
    electorate: int | None
    turnout_percent: Decimal | None
    turnout_formula: str
    lots_statement: str | None
    lots_statement_cy: str | None

    # The fields a sheet payload reads (documents_payload.ResultFigures).
    @property
    def contest_id(self) -> str:
        return self.context.contest_id

    @property
    def status(self) -> str:
        return self.context.status

    @property
    def fingerprint(self) -> Fingerprint:
        return self.context.fingerprint

    @property
    def papers_counted(self) -> int:
        """Valid papers plus wholly rejected papers: what the reconciliation adds up."""
        return self.valid_papers + self.rejected_total


def provisional_sheet(result: ContestResult, context: SheetContext) -> ProvisionalSheet:
    """The provisional sheet for the result as it stands in its current round."""
    contest = result.contest
    profile = contest.profile
    bilingual = "cy" in profile.languages
    kind = contest.rounds[-1].kind if contest.rounds else "initial"
    fields = {
        "contest": contest.name,
        "round": result.round,
        "round_kind": ROUND_KIND_NAMES.get(kind, kind),
        "round_kind_cy": ROUND_KIND_NAMES_CY.get(kind, kind),
    }
    lots_won = bool(result.effective_lots)
    return ProvisionalSheet(
        context=context,
        seats=contest.seats,
        bilingual=bilingual,
        title=TITLE,
        title_cy=TITLE_CY if bilingual else None,
        intro=INTRO.format(**fields),
        intro_cy=INTRO_CY.format(**fields) if bilingual else None,
        recount_notice=RECOUNT_NOTICE,
        recount_notice_cy=RECOUNT_NOTICE_CY if bilingual else None,
        round=result.round,
        round_kind=ROUND_KIND_NAMES.get(kind, kind),
        lines=result_lines(result),
        rejected=rejected_lines(result),
        rejected_total=result.rejected_total,
        rejected_in_part=result.rejected_in_part,
        valid_papers=result.valid_papers,
        papers_verified=result.papers_verified,
        reconciled=result.reconciled,
        margin=result.margin,
        electorate=contest.electorate,
        turnout_percent=result.turnout_percent,
        turnout_formula=TURNOUT_FORMULA,
        lots_statement=profile.lots_statement if lots_won else None,
        lots_statement_cy=profile.lots_statement_cy if lots_won and bilingual else None,
    )
