"""Rounds side by side: each round's totals, and what each round changed per candidate and per table."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from app.domain.correction import apply_corrections
from app.domain.election import Candidate, Contest, RecountRequest
from app.domain.result import ContestResult, compute_result
from app.domain.sheet import TableFigures, figures_in_round


@dataclass(frozen=True)
class RoundColumn:
    """The result as it stood at the end of one round."""

    number: int
    kind: str
    request: RecountRequest | None  # the granted request that opened it (None: the initial count)
    # Per candidate, ballot-paper order, as counted: a lot's extra vote is no vote counted, and shown
    # as one it read as a change between rounds that no table made (the lot is in `won_lot`).
    votes: tuple[int, ...]
    won_lot: tuple[bool, ...]
    elected: tuple[bool, ...]
    rejected_total: int
    valid_papers: int
    papers_verified: int
    margin: int | None  # of the votes counted: 0 where a lot settled the last seat
    reconciled: bool
    tables_counted: tuple[str, ...]  # the tables whose sheets this round entered


@dataclass(frozen=True)
class CandidateLine:
    """One candidate across the rounds: the votes after each, and the change from the round before."""

    candidate: Candidate
    votes: tuple[int, ...]
    changes: tuple[int | None, ...]  # None for the first round


@dataclass(frozen=True)
class TableChange:
    """One figure of one table that a round changed (figures a round did not count carry over)."""

    round: int
    table: str
    kind: str  # "votes" | "rejected" | "valid_papers"
    key: str  # candidate id or head key ("" for valid papers)
    name: str  # the candidate's name or the head's wording, as shown
    before: int | None
    after: int | None

    @property
    def difference(self) -> int | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class RoundComparison:
    """Every round of a contest side by side, with every request that was refused between them."""

    rounds: tuple[RoundColumn, ...]
    candidates: tuple[CandidateLine, ...]
    rejected: tuple[int, ...]
    rejected_changes: tuple[int | None, ...]
    table_changes: tuple[TableChange, ...]
    refused: tuple[tuple[int, RecountRequest], ...]  # (after round n, request), pending included

    def changes_in(self, round_number: int) -> tuple[TableChange, ...]:
        return tuple(c for c in self.table_changes if c.round == round_number)


def _differences(values: tuple[int, ...]) -> tuple[int | None, ...]:
    return (None, *(after - before for before, after in pairwise(values)))


def _counted_margin(votes: tuple[int, ...], seats: int) -> int | None:
    if len(votes) <= seats:
        return None
    ranked = sorted(votes, reverse=True)
    return ranked[seats - 1] - ranked[seats]


def _result_after(contest: Contest, number: int) -> ContestResult:
    return compute_result(replace(contest, rounds=tuple(r for r in contest.rounds if r.number <= number)))


def _tables_after(contest: Contest, number: int) -> dict[str, TableFigures]:
    return apply_corrections(figures_in_round(contest, number), contest.corrections, number)


def _table_changes(contest: Contest) -> list[TableChange]:
    changes: list[TableChange] = []
    numbers = [r.number for r in contest.rounds]
    candidates = contest.ordered_candidates
    heads = contest.profile.heads
    for previous, number in pairwise(numbers):
        before, after = _tables_after(contest, previous), _tables_after(contest, number)
        for table in contest.count_tables:
            old, new = before[table.id], after[table.id]
            for candidate in candidates:
                was, now = old.votes.get(candidate.id), new.votes.get(candidate.id)
                was_total = None if was is None else was.total
                now_total = None if now is None else now.total
                if was_total != now_total:
                    changes.append(
                        TableChange(number, table.id, "votes", candidate.id, candidate.name,
                                    was_total, now_total)
                    )
            for head in heads:
                was_count, now_count = old.rejected.get(head.key), new.rejected.get(head.key)
                if was_count != now_count:
                    changes.append(
                        TableChange(number, table.id, "rejected", head.key, head.wording,
                                    was_count, now_count)
                    )
            if old.valid_papers != new.valid_papers and contest.seats > 1:
                changes.append(
                    TableChange(number, table.id, "valid_papers", "", "Valid papers",
                                old.valid_papers, new.valid_papers)
                )
    return changes


def compare_rounds(contest: Contest) -> RoundComparison:
    """The rounds of `contest` side by side, up to the current one."""
    columns: list[RoundColumn] = []
    for round_ in contest.rounds:
        result = _result_after(contest, round_.number)
        counted = tuple(c.votes - (1 if c.won_lot else 0) for c in result.candidates)
        columns.append(
            RoundColumn(
                number=round_.number,
                kind=round_.kind,
                request=round_.request,
                votes=counted,
                won_lot=tuple(c.won_lot for c in result.candidates),
                elected=tuple(c.elected for c in result.candidates),
                rejected_total=result.rejected_total,
                valid_papers=result.valid_papers,
                papers_verified=result.papers_verified,
                margin=_counted_margin(counted, contest.seats),
                reconciled=result.reconciled,
                tables_counted=tuple(sheet.table for sheet in round_.sheets),
            )
        )
    lines = []
    for position, candidate in enumerate(contest.ordered_candidates):
        votes = tuple(column.votes[position] for column in columns)
        lines.append(CandidateLine(candidate, votes, _differences(votes)))
    rejected = tuple(column.rejected_total for column in columns)
    return RoundComparison(
        rounds=tuple(columns),
        candidates=tuple(lines),
        rejected=rejected,
        rejected_changes=_differences(rejected),
        table_changes=tuple(_table_changes(contest)),
        refused=contest.refused_requests,
    )
