"""The recount comparison's content: every round's figures side by side, and what changed, table by table."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.documents import ROUND_KIND_NAMES, SheetContext
from app.domain.documents_requests import RequestLine, request_lines
from app.domain.result import ContestResult
from app.domain.round_comparison import compare_rounds

TITLE = "Recount Comparison"
INTRO = (
    "The figures of {contest} after each round of the count, side by side. Each change is the "
    "difference from the round before. A round's figures are the previous round's, overlaid with "
    "the sheets counted again in that round; tables not counted again carry their figures over."
)
# The count summary's "Lot +1", said of a figure printed without the lot's vote.
LOT_NOTE = (
    "Elected by lot: level with another candidate on the votes counted, and won the lot drawn for "
    "the last seat (Lot +1 on the count summary). The figure, its change and the margin are of the "
    "votes counted, without the lot's vote."
)


@dataclass(frozen=True)
class RoundFigures:
    """The result as it stood at the end of one round."""

    number: int
    kind: str  # in words: "full recount"
    request: RequestLine | None  # the granted request that opened it (None for the initial count)
    votes: tuple[int, ...]  # per candidate in ballot-paper order, as counted (a lot's vote not added)
    won_lot: tuple[bool, ...]
    vote_changes: tuple[int | None, ...]  # from the round before (None in the first round)
    elected: tuple[bool, ...]
    rejected_total: int
    rejected_change: int | None
    valid_papers: int
    papers_verified: int
    margin: int | None  # of the votes counted
    reconciled: bool
    tables_counted: tuple[str, ...]


@dataclass(frozen=True)
class TableChange:
    """One figure of one table that a round changed."""

    round: int
    table: str
    item: str  # a candidate's name, a rejected-paper head, or "Valid papers"
    before: int | None
    after: int | None

    @property
    def difference(self) -> int | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class RecountComparison:
    """Everything printed on the recount comparison."""

    context: SheetContext
    title: str
    intro: str
    candidate_names: tuple[str, ...]  # ballot-paper order
    rounds: tuple[RoundFigures, ...]
    requests: tuple[RequestLine, ...]  # every request in order, refused and pending ones included
    changes: tuple[TableChange, ...]
    lot_note: str | None  # under the rounds, for the figures marked as won by lot (None: no lot won)


def recount_comparison(result: ContestResult, context: SheetContext) -> RecountComparison:
    """Every round of the contest side by side, up to the current one (app.domain.round_comparison)."""
    contest = result.contest
    compared = compare_rounds(contest)
    requests = request_lines(contest)
    opened = {line.round: line for line in requests if line.round is not None}
    rounds = []
    for index, column in enumerate(compared.rounds):
        rounds.append(
            RoundFigures(
                number=column.number,
                kind=ROUND_KIND_NAMES.get(column.kind, column.kind),
                request=opened.get(column.number),
                votes=column.votes,
                won_lot=column.won_lot,
                vote_changes=tuple(line.changes[index] for line in compared.candidates),
                elected=column.elected,
                rejected_total=column.rejected_total,
                rejected_change=compared.rejected_changes[index],
                valid_papers=column.valid_papers,
                papers_verified=column.papers_verified,
                margin=column.margin,
                reconciled=column.reconciled,
                tables_counted=column.tables_counted,
            )
        )
    return RecountComparison(
        context=context,
        title=TITLE,
        intro=INTRO.format(contest=contest.name),
        candidate_names=tuple(line.candidate.name for line in compared.candidates),
        rounds=tuple(rounds),
        requests=requests,
        changes=tuple(
            TableChange(change.round, change.table, change.name, change.before, change.after)
            for change in compared.table_changes
        ),
        lot_note=LOT_NOTE if any(any(r.won_lot) for r in rounds) else None,
    )
