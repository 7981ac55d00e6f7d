"""The statement of rejected ballot papers: the number under each statutory head, in total and by table."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.documents import ROUND_KIND_NAMES, RejectedLine, SheetContext, rejected_lines
from app.domain.result import ContestResult

TITLE = "Statement of Rejected Ballot Papers"
INTRO = (
    "Statement showing the number of ballot papers rejected by the Returning Officer under each "
    "head at the count for {contest}, as the figures stand after the {round_kind} (round {round}):"
)
IN_PART = (
    "Ballot papers rejected in part: their clear votes were counted, and they are not part of the total above"
)


@dataclass(frozen=True)
class RejectedAtTable:
    """One count table's rejected papers in the current round (None: no figure recorded yet)."""

    table: str
    counts: tuple[int | None, ...]  # per head, in the profile's order
    total: int | None
    in_part: int | None


@dataclass(frozen=True)
class RejectedStatement:
    """Everything printed on the statement of rejected ballot papers (domain.md §3)."""

    context: SheetContext
    title: str
    intro: str
    bilingual: bool  # the heads' Welsh wording is printed beneath the English
    round: int
    heads: tuple[RejectedLine, ...]
    total: int
    rejected_in_part: int | None  # None where the profile or a single seat has no such papers
    in_part_wording: str
    tables: tuple[RejectedAtTable, ...]


def rejected_statement(result: ContestResult, context: SheetContext) -> RejectedStatement:
    """The statement for the result as it stands in its current round."""
    contest = result.contest
    profile = contest.profile
    kind = contest.rounds[-1].kind if contest.rounds else "initial"
    multi = result.rejected_in_part is not None
    tables = []
    for table in contest.count_tables:
        figures = result.tables[table.id]
        counts = tuple(figures.rejected.get(head.key) for head in profile.heads)
        known = all(c is not None for c in counts)
        tables.append(
            RejectedAtTable(
                table=table.id,
                counts=counts,
                total=sum(c for c in counts if c is not None) if known else None,
                in_part=figures.rejected_in_part if multi else None,
            )
        )
    return RejectedStatement(
        context=context,
        title=TITLE,
        intro=INTRO.format(
            contest=contest.name, round=result.round, round_kind=ROUND_KIND_NAMES.get(kind, kind)
        ),
        bilingual="cy" in profile.languages,
        round=result.round,
        heads=rejected_lines(result),
        total=result.rejected_total,
        rejected_in_part=result.rejected_in_part,
        in_part_wording=IN_PART,
        tables=tuple(tables),
    )
