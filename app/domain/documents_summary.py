"""The count summary's content: verification, every table's sheet, the result, rounds, lots and decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.documents import ROUND_KIND_NAMES, SheetContext
from app.domain.documents_requests import RequestLine, request_lines
from app.domain.election import Contest
from app.domain.result import ContestResult
from app.domain.sheet import valid_papers_of

TITLE = "Count Summary"
_HOW = {
    "equals-account": "equals the account",
    "two-counts-agree": "two counts agree",
    "compensating": "compensating errors",
    "outstanding": "outstanding",
    "not-counted": "not counted",
}


@dataclass(frozen=True)
class TableCount:
    """One count table's sheet as it stands in the current round (None: no figure yet)."""

    table: str
    boxes: tuple[str, ...]
    votes: tuple[int | None, ...]  # per candidate in ballot-paper order
    valid_papers: int | None
    rejected: tuple[int | None, ...]  # per head in the profile's order
    rejected_total: int | None
    rejected_in_part: int | None
    papers_counted: int | None  # valid papers + rejected papers
    expected: int | None  # papers verified in the table's boxes
    difference: int | None  # counted − expected
    sheet_round: int | None  # the latest round whose sheet gave these figures


@dataclass(frozen=True)
class CandidateTotal:
    name: str
    description: str
    table_sum: int  # Σ of the tables' figures
    votes: int  # the result: table_sum, plus one for a won lot
    won_lot: bool
    elected: bool
    rank: int


@dataclass(frozen=True)
class VarianceLine:
    """A box whose counts differed from its ballot paper account."""

    box: str
    kind: str
    issued: int
    counts: tuple[int, ...]
    variance: int
    how: str
    explanation: str | None


@dataclass(frozen=True)
class LotLine:
    tied: tuple[str, ...]
    winner: str
    method: str
    witnesses: tuple[str, ...]
    drawn_at: str | None


@dataclass(frozen=True)
class Acknowledgement:
    """A warning a supervisor acknowledged: who, when, why (design.md §4)."""

    code: str
    where: str
    message: str
    by: str
    at: str
    reason: str


@dataclass(frozen=True)
class EntryDecision:
    """A Returning Officer's recorded decision to run (part of) a count by single entry."""

    scope: str
    by: str
    at: str
    reason: str


@dataclass(frozen=True)
class RecordLine:
    """A provisional result shown, a declaration made, the count suspended or resumed."""

    what: str
    by: str
    at: str | None
    detail: str


@dataclass(frozen=True)
class ProblemLine:
    code: str
    severity: str
    where: str
    message: str


@dataclass(frozen=True)
class CountSummary:
    """Everything printed on the count summary."""

    context: SheetContext
    title: str
    profile_title: str
    seats: int
    bundle_size: int
    electorate: int | None
    round: int
    round_kind: str
    stage: str
    boxes_total: int
    boxes_verified: int
    polling_station_papers: int
    postal_papers: int
    papers_verified: int
    variances: tuple[VarianceLine, ...]
    candidate_names: tuple[str, ...]  # ballot-paper order
    head_wordings: tuple[str, ...]
    tables: tuple[TableCount, ...]
    all_tables: TableCount  # the column of totals
    candidates: tuple[CandidateTotal, ...]
    valid_papers: int
    rejected_total: int
    rejected_in_part: int | None
    reconciled: bool
    margin: int | None
    advice: tuple[tuple[str, str], ...]  # (rule, detail)
    requests: tuple[RequestLine, ...]
    lots: tuple[LotLine, ...]
    records: tuple[RecordLine, ...]
    acknowledgements: tuple[Acknowledgement, ...]
    entry_decisions: tuple[EntryDecision, ...]
    problems: tuple[ProblemLine, ...]

    @property
    def papers_counted(self) -> int:
        return self.valid_papers + self.rejected_total


def _sum(values: Sequence[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _table_counts(contest: Contest, result: ContestResult) -> list[TableCount]:
    heads = contest.profile.heads
    order = [c.id for c in contest.ordered_candidates]
    counts = []
    for table in contest.count_tables:
        figures = result.tables[table.id]
        has_sheet = figures.round_of_sheet is not None
        votes = tuple(figures.votes[cid].total if cid in figures.votes else None for cid in order)
        rejected = tuple(figures.rejected.get(head.key) for head in heads)
        valid = valid_papers_of(figures, contest.seats) if has_sheet else None
        if contest.seats > 1 and figures.valid_papers is None:
            valid = None
        rejected_total = _sum(rejected) if has_sheet else None
        counted = None if valid is None or rejected_total is None else valid + rejected_total
        expected = result.expected_papers.get(table.id)
        counts.append(
            TableCount(
                table=table.id,
                boxes=table.boxes,
                votes=votes if has_sheet else tuple(None for _ in order),
                valid_papers=valid,
                rejected=rejected if has_sheet else tuple(None for _ in heads),
                rejected_total=rejected_total,
                rejected_in_part=figures.rejected_in_part if result.rejected_in_part is not None else None,
                papers_counted=counted,
                expected=expected,
                difference=None if counted is None or expected is None else counted - expected,
                sheet_round=figures.round_of_sheet,
            )
        )
    return counts


def _all_tables(tables: list[TableCount], candidates: int, heads: int, multi: bool) -> TableCount:
    def column(pick: int, of: str) -> tuple[int | None, ...]:
        return tuple(_sum([getattr(t, of)[i] for t in tables]) for i in range(pick))

    counted = _sum([t.papers_counted for t in tables])
    expected = _sum([t.expected for t in tables])
    return TableCount(
        table="All tables",
        boxes=tuple(box for t in tables for box in t.boxes),
        votes=column(candidates, "votes"),
        valid_papers=_sum([t.valid_papers for t in tables]),
        rejected=column(heads, "rejected"),
        rejected_total=_sum([t.rejected_total for t in tables]),
        rejected_in_part=_sum([t.rejected_in_part for t in tables]) if multi else None,
        papers_counted=counted,
        expected=expected,
        difference=None if counted is None or expected is None else counted - expected,
        sheet_round=None,
    )


def _name(contest: Contest, candidate_id: str) -> str:
    try:
        return contest.candidate(candidate_id).name
    except KeyError:
        return candidate_id


def record_lines(contest: Contest) -> tuple[RecordLine, ...]:
    """Provisional results, declarations, suspensions and resumptions, in the order recorded."""
    lines: list[tuple[str, RecordLine]] = []
    declared = 0
    for record in contest.stage_records:
        if record.stage == "declared":
            declared += 1
            what = f"Declaration {declared} (round {record.round})"
            if record.supersedes is not None:
                what += f", superseding declaration {record.supersedes}"
        else:
            what = f"Provisional result shown (round {record.round})"
        detail = record.reason
        if record.corrections:
            detail = f"{detail}; {len(record.corrections)} figure(s) corrected".lstrip("; ")
        line = RecordLine(what, record.recorded_by, record.recorded_at, detail)
        lines.append((record.recorded_at or "", line))
    for event in contest.suspensions:
        what = "Count suspended" if event.action == "suspend" else "Count resumed"
        detail = event.reason
        if event.seals:
            detail += f" (seals {', '.join(event.seals)})"
        line = RecordLine(what, event.recorded_by, event.recorded_at, detail)
        lines.append((event.recorded_at or "", line))
    # Stable: entries without a time keep their recorded order at the front of their kind.
    return tuple(line for _, line in sorted(lines, key=lambda item: item[0]))


def count_summary(
    result: ContestResult,
    context: SheetContext,
    *,
    acknowledgements: Sequence[Acknowledgement] = (),
    entry_decisions: Sequence[EntryDecision] = (),
) -> CountSummary:
    """The summary of the count as it stands in the current round."""
    contest = result.contest
    profile = contest.profile
    kind = contest.rounds[-1].kind if contest.rounds else "initial"
    tables = _table_counts(contest, result)
    boxes = result.boxes
    return CountSummary(
        context=context,
        title=TITLE,
        profile_title=profile.title,
        seats=contest.seats,
        bundle_size=contest.bundle_size,
        electorate=contest.electorate,
        round=result.round,
        round_kind=ROUND_KIND_NAMES.get(kind, kind),
        stage=result.stage,
        boxes_total=len(boxes),
        boxes_verified=sum(1 for b in boxes if b.verified),
        polling_station_papers=sum(b.figure or 0 for b in boxes if b.box.kind != "postal"),
        postal_papers=sum(b.figure or 0 for b in boxes if b.box.kind == "postal"),
        papers_verified=result.papers_verified,
        variances=tuple(
            VarianceLine(
                b.box.id,
                b.box.kind,
                b.box.issued,
                b.counts,
                b.variance,
                _HOW.get(b.how, b.how),
                b.explanation,
            )
            for b in boxes
            if b.counts and (b.variance != 0 or len(set(b.counts)) > 1 or not b.verified)
        ),
        candidate_names=tuple(c.candidate.name for c in result.candidates),
        head_wordings=tuple(head.wording for head in profile.heads),
        tables=tuple(tables),
        all_tables=_all_tables(
            tables, len(result.candidates), len(profile.heads), result.rejected_in_part is not None
        ),
        candidates=tuple(
            CandidateTotal(
                name=c.candidate.name,
                description=c.candidate.description,
                table_sum=c.votes - (1 if c.won_lot else 0),
                votes=c.votes,
                won_lot=c.won_lot,
                elected=c.elected,
                rank=c.rank,
            )
            for c in result.candidates
        ),
        valid_papers=result.valid_papers,
        rejected_total=result.rejected_total,
        rejected_in_part=result.rejected_in_part,
        reconciled=result.reconciled,
        margin=result.margin,
        advice=tuple((a.rule, a.detail) for a in result.advice),
        requests=request_lines(contest),
        lots=tuple(
            LotLine(
                tied=tuple(_name(contest, cid) for cid in lot.tied),
                winner=_name(contest, lot.winner),
                method=lot.method,
                witnesses=lot.witnesses,
                drawn_at=lot.drawn_at,
            )
            for lot in contest.lots
        ),
        records=record_lines(contest),
        acknowledgements=tuple(acknowledgements),
        entry_decisions=tuple(entry_decisions),
        problems=tuple(ProblemLine(p.code, p.severity, p.where, p.message) for p in result.problems),
    )
