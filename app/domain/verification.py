"""Verification of ballot boxes against their ballot paper accounts (design.md §2 rule)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.domain.election import BallotBox, BoxVerification, Contest


@dataclass(frozen=True)
class BoxStatus:
    """What the counts of one box establish."""

    box: BallotBox
    counts: tuple[int, ...]
    verified: bool
    figure: int | None  # the verified figure, once verified
    how: str  # "not-counted" | "equals-account" | "two-counts-agree" | "compensating" | "outstanding"
    explanation: str | None

    @property
    def variance(self) -> int:
        """Verified (or latest) count minus papers issued; 0 when nothing was counted."""
        if not self.counts:
            return 0
        return (self.figure if self.figure is not None else self.counts[-1]) - self.box.issued

    @property
    def unexplained_variance(self) -> int:
        """|variance| of a verified box that nobody has explained (drives the `variance` advice)."""
        if not self.verified or self.how == "compensating" or self.explanation:
            return 0
        return abs(self.variance)


def _single_status(box: BallotBox, record: BoxVerification | None) -> BoxStatus:
    counts = record.counts if record else ()
    explanation = record.explanation if record else None
    if not counts:
        return BoxStatus(box, counts, False, None, "not-counted", explanation)
    latest = counts[-1]
    if latest == box.issued:
        return BoxStatus(box, counts, True, latest, "equals-account", explanation)
    if len(counts) >= 2 and counts[-2] == latest:
        return BoxStatus(box, counts, True, latest, "two-counts-agree", explanation)
    return BoxStatus(box, counts, False, None, "outstanding", explanation)


def verify_boxes(contest: Contest) -> tuple[BoxStatus, ...]:
    """The status of every box, in the contest's box order.

    Boxes of one polling place whose latest counts are off but net to zero across the place are
    verified as compensating errors (voters put papers in the wrong box).
    """
    records = {record.box: record for record in contest.verification}
    statuses = [_single_status(box, records.get(box.id)) for box in contest.ballot_boxes]

    by_place: dict[str, list[int]] = defaultdict(list)
    for index, status in enumerate(statuses):
        if status.box.polling_place:
            by_place[status.box.polling_place].append(index)
    for indices in by_place.values():
        members = [statuses[i] for i in indices]
        if len(members) < 2 or any(not m.counts for m in members):
            continue
        if all(m.verified for m in members):
            continue
        net = sum(m.counts[-1] - m.box.issued for m in members)
        if net != 0:
            continue
        for i in indices:
            status = statuses[i]
            if status.how == "outstanding":
                statuses[i] = BoxStatus(
                    status.box,
                    status.counts,
                    True,
                    status.counts[-1],
                    "compensating",
                    status.explanation
                    or f"compensating errors within polling place {status.box.polling_place}",
                )
    return tuple(statuses)


def papers_verified(statuses: tuple[BoxStatus, ...]) -> int:
    """The grand total of papers verified: the sum of verified figures."""
    return sum(s.figure for s in statuses if s.figure is not None)
