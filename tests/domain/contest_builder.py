"""Builds small contests in code for domain tests: every box verified, one table per box."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.domain.election import (
    BallotBox,
    BoxVerification,
    Candidate,
    Contest,
    CountSheet,
    CountTable,
    Lot,
    Round,
    VoteFigure,
)
from app.domain.profile import RecountRules

HEADS = ("no-official-mark", "too-many-votes", "identifies-voter", "unmarked-or-void")


def build_contest(
    votes: Mapping[str, int],
    *,
    seats: int = 1,
    rejected: Mapping[str, int] | None = None,
    bundle_size: int = 50,
    rules: RecountRules | None = None,
    lots: Sequence[Lot] = (),
    counts: Sequence[int] | None = None,
    explanation: str | None = None,
    profile: str | None = None,
    valid_papers: int | None = None,
    electorate: int | None = 10_000,
) -> Contest:
    """One table, one box whose issued figure equals the papers on the sheet (so it reconciles)."""
    rejected = dict(rejected or {head: 0 for head in HEADS})
    for head in HEADS:
        rejected.setdefault(head, 0)
    if seats == 1:
        valid = sum(votes.values())
    else:
        valid = valid_papers if valid_papers is not None else max(votes.values(), default=0)
    papers = valid + sum(rejected.values())
    box = BallotBox("B1", "polling-station", papers, "Station 1", "P01")
    sheet = CountSheet(
        table="T1",
        votes={cid: VoteFigure(total=n) for cid, n in votes.items()},
        rejected=rejected,
        valid_papers=valid if seats > 1 else None,
        rejected_in_part=0 if seats > 1 else None,
    )
    candidates = tuple(
        Candidate(id=cid, surname=cid.capitalize(), forenames="A", description="Party")
        for cid in votes
    )
    return Contest(
        id="test.contest",
        name="Test",
        profile_id=profile or ("uk-parliamentary" if seats == 1 else "uk-local"),
        seats=seats,
        bundle_size=bundle_size,
        candidates=candidates,
        electorate=electorate,
        recount_rules=rules or RecountRules(),
        ballot_boxes=(box,),
        verification=(BoxVerification("B1", tuple(counts) if counts else (papers,), explanation),),
        count_tables=(CountTable("T1", ("B1",)),),
        rounds=(Round(1, "initial", (sheet,)),),
        lots=tuple(lots),
    )
