"""The result of a contest, computed by pure functions from its figures: never stored as truth."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.domain.advice import Advice, AdviceFigures, advise
from app.domain.catalogue import Problem, problem
from app.domain.correction import apply_corrections
from app.domain.election import Candidate, Contest, Lot
from app.domain.sheet import TableFigures, check_sheet, figures_in_round, valid_papers_of
from app.domain.snapshot import Snapshot, figures_digest
from app.domain.stage import declared_mismatch, stage_of
from app.domain.verification import BoxStatus, papers_verified, verify_boxes

_RECONCILIATION_CODES = frozenset({"E203", "E206", "E207", "E208", "E301"})


@dataclass(frozen=True)
class CandidateResult:
    candidate: Candidate
    votes: int  # including a won lot's extra vote
    won_lot: bool
    elected: bool
    rank: int  # 1 = most votes; level candidates share a rank


@dataclass(frozen=True)
class ContestResult:
    contest: Contest
    stage: str
    round: int
    candidates: tuple[CandidateResult, ...]  # ballot-paper order
    rejected: dict[str, int]  # by head key, in the profile's order
    rejected_in_part: int | None
    papers_verified: int
    valid_papers: int
    reconciled: bool
    margin: int | None
    advice: tuple[Advice, ...]
    lot_needed: bool
    effective_lots: tuple[Lot, ...]
    problems: tuple[Problem, ...]
    boxes: tuple[BoxStatus, ...]
    tables: dict[str, TableFigures]
    expected_papers: dict[str, int | None]
    figures: Snapshot  # exactly these figures, to compare with a provisional result or declaration

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def votes_cast(self) -> int:
        """Ballot papers counted: valid papers plus wholly rejected papers."""
        return self.valid_papers + self.rejected_total

    @property
    def recount_advised(self) -> bool:
        return bool(self.advice)

    @property
    def ranked(self) -> tuple[CandidateResult, ...]:
        return tuple(sorted(self.candidates, key=lambda c: c.rank))

    @property
    def elected(self) -> tuple[CandidateResult, ...]:
        return tuple(c for c in self.ranked if c.elected)

    @property
    def turnout_percent(self) -> Decimal | None:
        """Ballot papers verified ÷ electorate × 100, to two places (None without an electorate)."""
        electorate = self.contest.electorate
        if not electorate:
            return None
        value = Decimal(self.papers_verified) * 100 / Decimal(electorate)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def as_json(self) -> dict[str, Any]:
        """The result object of interfaces.md, exactly."""
        rejected: dict[str, int] = dict(self.rejected)
        rejected["total"] = self.rejected_total
        return {
            "contest": self.contest.id,
            "name": self.contest.name,
            "seats": self.contest.seats,
            "stage": self.stage,
            "round": self.round,
            "candidates": [
                {
                    "id": c.candidate.id,
                    "name": c.candidate.name,
                    "description": c.candidate.description,
                    "votes": c.votes,
                    "won_lot": c.won_lot,
                    "elected": c.elected,
                }
                for c in self.candidates
            ],
            "rejected": rejected,
            "rejected_in_part": self.rejected_in_part,
            "papers_verified": self.papers_verified,
            "reconciled": self.reconciled,
            "margin": self.margin,
            "recount_advised": self.recount_advised,
            "advice": [a.as_json() for a in self.advice],
            "lot_needed": self.lot_needed,
            "problems": [p.as_json() for p in self.problems],
        }


def _tie_group(raw: dict[str, int], order: list[str], seats: int) -> tuple[set[str], int]:
    """The candidates level at the last seat (empty when there is no such tie) and how many of
    them are elected."""
    if len(order) <= seats:
        return set(), 0
    ranked = sorted(order, key=lambda cid: -raw[cid])
    last, first_out = raw[ranked[seats - 1]], raw[ranked[seats]]
    if last != first_out:
        return set(), 0
    group = {cid for cid in order if raw[cid] == last}
    above = sum(1 for cid in order if raw[cid] > last)
    return group, seats - above


def _apply_lots(
    contest: Contest, raw: dict[str, int], order: list[str]
) -> tuple[dict[str, int], tuple[Lot, ...], list[Problem]]:
    """Give each effective lot's winner one more vote; report lots that match no tie."""
    votes = dict(raw)
    effective: list[Lot] = []
    problems: list[Problem] = []
    for lot in contest.lots:
        group, _ = _tie_group(votes, order, contest.seats)
        tied = set(lot.tied)
        if len(tied) >= 2 and lot.winner in tied and tied <= group and tied <= set(votes):
            votes[lot.winner] += 1
            effective.append(lot)
        else:
            names = ", ".join(lot.tied)
            problems.append(
                problem(
                    "W302",
                    "contest",
                    f"the lot drawn between {names} does not match a tie at the last seat in "
                    "these figures; it has no effect",
                )
            )
    return votes, tuple(effective), problems


def _box_problems(boxes: tuple[BoxStatus, ...]) -> list[Problem]:
    problems: list[Problem] = []
    for status in boxes:
        where = f"box {status.box.id}"
        if status.how == "not-counted":
            problems.append(problem("E101", where, f"box {status.box.id} has not been counted"))
        elif status.how == "outstanding":
            counts = status.counts
            if len(counts) >= 2 and counts[-2] != counts[-1]:
                problems.append(
                    problem(
                        "E103",
                        where,
                        f"counts {counts[-2]:,} and {counts[-1]:,} differ; the account says "
                        f"{status.box.issued:,}",
                    )
                )
            else:
                problems.append(
                    problem(
                        "E102",
                        where,
                        f"counted {counts[-1]:,}, the account says {status.box.issued:,} "
                        f"(variance {counts[-1] - status.box.issued:+,})",
                    )
                )
        elif status.unexplained_variance:
            problems.append(
                problem(
                    "W101",
                    where,
                    f"verified at {status.figure:,} against {status.box.issued:,} issued "
                    f"(variance {status.variance:+,}) with no explanation",
                )
            )
    return problems


def _acknowledged(contest: Contest, found: Problem) -> bool:
    """A warning a supervisor acknowledged drops out of the open problems; an error never does."""
    return found.severity == "warning" and (found.code, found.where, found.message) in set(
        contest.acknowledged
    )


def compute_result(contest: Contest) -> ContestResult:
    """The whole result of a contest in its current round."""
    boxes = verify_boxes(contest)
    status_by_box = {status.box.id: status for status in boxes}
    round_number = contest.current_round
    # misread figures corrected after a declaration lie over the sheets of their round
    tables = apply_corrections(figures_in_round(contest), contest.corrections, round_number)
    problems = _box_problems(boxes)

    expected: dict[str, int | None] = {}
    for table in contest.count_tables:
        figures = [status_by_box[b].figure if b in status_by_box else None for b in table.boxes]
        expected[table.id] = (
            None if any(f is None for f in figures) else sum(f for f in figures if f is not None)
        )
        problems.extend(
            check_sheet(
                contest,
                tables[table.id],
                expected[table.id],
                f"round {round_number}, table {table.id}",
            )
        )

    ordered = contest.ordered_candidates
    order = [c.id for c in ordered]
    raw = {cid: sum(t.votes[cid].total for t in tables.values() if cid in t.votes) for cid in order}
    heads = contest.profile.head_keys
    rejected = {key: sum(t.rejected.get(key, 0) for t in tables.values()) for key in heads}
    rejected_total = sum(rejected.values())
    valid = sum(valid_papers_of(t, contest.seats) for t in tables.values())
    rejected_in_part: int | None = None
    if contest.seats > 1 and contest.profile.rejected_in_part:
        rejected_in_part = sum(t.rejected_in_part or 0 for t in tables.values())

    verified_total = papers_verified(boxes)
    if any(t.round_of_sheet is not None for t in tables.values()) and (
        valid + rejected_total != verified_total
    ):
        difference = valid + rejected_total - verified_total
        problems.append(
            problem(
                "E301",
                "contest",
                f"valid papers {valid:,} + rejected {rejected_total:,} = "
                f"{valid + rejected_total:,}, papers verified {verified_total:,} "
                f"(difference {difference:+,})",
            )
        )

    votes, effective_lots, lot_problems = _apply_lots(contest, raw, order)
    problems.extend(lot_problems)
    group, places_in_group = _tie_group(votes, order, contest.seats)
    lot_needed = bool(group)
    if lot_needed:
        names = ", ".join(contest.candidate(cid).name for cid in order if cid in group)
        problems.append(
            problem(
                "E302",
                "contest",
                f"{names} are level on {votes[next(iter(group))]:,} votes for "
                f"{places_in_group} remaining seat(s)",
            )
        )

    ranked = sorted(order, key=lambda cid: -votes[cid])
    rank_of: dict[str, int] = {}
    for position, cid in enumerate(ranked):
        previous = ranked[position - 1] if position else None
        same = previous is not None and votes[previous] == votes[cid]
        rank_of[cid] = rank_of[previous] if same and previous is not None else position + 1
    if lot_needed:
        threshold = votes[next(iter(group))]
        elected_ids = {cid for cid in order if votes[cid] > threshold}
    else:
        elected_ids = set(ranked[: contest.seats])
    margin: int | None = None
    if len(order) > contest.seats:
        margin = votes[ranked[contest.seats - 1]] - votes[ranked[contest.seats]]

    unexplained = sum(status.unexplained_variance for status in boxes)
    advice = advise(
        AdviceFigures(
            margin=margin,
            bundle_size=contest.bundle_size,
            valid_votes=sum(raw.values()) if contest.seats > 1 else valid,
            votes_cast=valid + rejected_total,
            rejected_total=rejected_total,
            unexplained_variance=unexplained,
        ),
        contest.recount_rules,
    )
    if advice:
        reasons = "; ".join(a.detail for a in advice)
        problems.append(problem("W301", "contest", f"recount advice: {reasons}"))

    won_lot = {lot.winner for lot in effective_lots}
    candidates = tuple(
        CandidateResult(
            candidate=c,
            votes=votes[c.id],
            won_lot=c.id in won_lot,
            elected=c.id in elected_ids,
            rank=rank_of[c.id],
        )
        for c in ordered
    )
    all_verified = all(status.verified for status in boxes)
    reconciled = (
        all_verified
        and bool(contest.count_tables)
        and not any(p.code in _RECONCILIATION_CODES for p in problems)
    )
    snapshot = Snapshot(
        round=round_number,
        votes=raw,
        elected=tuple(c.candidate.id for c in candidates if c.elected),
        rejected=rejected,
        papers_verified=verified_total,
        valid_papers=valid,
        digest=figures_digest(round_number, tables, expected, verified_total),
        lots_won=tuple(c.candidate.id for c in candidates if c.won_lot),
        rejected_in_part=rejected_in_part,
    )
    mismatch = declared_mismatch(contest, snapshot)
    if mismatch:
        problems.append(problem("E303", "contest", mismatch))
    return ContestResult(
        contest=contest,
        stage=stage_of(contest, boxes, tables, snapshot),
        round=round_number,
        candidates=candidates,
        rejected=rejected,
        rejected_in_part=rejected_in_part,
        papers_verified=verified_total,
        valid_papers=valid,
        reconciled=reconciled,
        margin=margin,
        advice=advice,
        lot_needed=lot_needed,
        effective_lots=effective_lots,
        problems=tuple(p for p in problems if not _acknowledged(contest, p)),
        boxes=boxes,
        tables=tables,
        expected_papers=expected,
        figures=snapshot,
    )
