"""Verification of boxes: design.md §2's rule, table-driven."""

from __future__ import annotations

import pytest

from app.domain.election import BallotBox, BoxVerification, Candidate, Contest
from app.domain.verification import papers_verified, verify_boxes


def _contest(boxes: list[tuple[str, str, int]], counts: dict[str, tuple[int, ...]],
             explanations: dict[str, str] | None = None) -> Contest:
    explanations = explanations or {}
    return Contest(
        id="c", name="C", profile_id="uk-parliamentary", seats=1, bundle_size=50,
        candidates=(Candidate("a", "A", "A"),),
        ballot_boxes=tuple(BallotBox(b, "polling-station", issued, "", place)
                           for b, place, issued in boxes),
        verification=tuple(BoxVerification(b, c, explanations.get(b)) for b, c in counts.items()),
    )


@pytest.mark.parametrize(
    ("counts", "verified", "figure", "how"),
    [
        ((), False, None, "not-counted"),
        ((500,), True, 500, "equals-account"),
        ((498,), False, None, "outstanding"),
        ((498, 500), True, 500, "equals-account"),
        ((498, 499), False, None, "outstanding"),
        ((498, 498), True, 498, "two-counts-agree"),
        ((500, 498, 498), True, 498, "two-counts-agree"),
        ((498, 498, 497), False, None, "outstanding"),
        ((502, 503, 503), True, 503, "two-counts-agree"),
    ],
)
def test_single_box_rule(counts: tuple[int, ...], verified: bool, figure: int | None, how: str) -> None:
    contest = _contest([("B1", "", 500)], {"B1": counts} if counts else {})
    [status] = verify_boxes(contest)
    assert (status.verified, status.figure, status.how) == (verified, figure, how)


def test_variance_needs_explanation_to_leave_the_advice() -> None:
    plain = verify_boxes(_contest([("B1", "", 500)], {"B1": (497, 497)}))[0]
    assert plain.variance == -3 and plain.unexplained_variance == 3
    explained = verify_boxes(
        _contest([("B1", "", 500)], {"B1": (497, 497)}, {"B1": "papers taken away"})
    )[0]
    assert explained.variance == -3 and explained.unexplained_variance == 0


def test_compensating_errors_in_one_polling_place_net_to_zero() -> None:
    contest = _contest(
        [("B1", "P01", 500), ("B2", "P01", 400), ("B3", "P02", 300)],
        {"B1": (502,), "B2": (398,), "B3": (301,)},
    )
    b1, b2, b3 = verify_boxes(contest)
    assert (b1.verified, b1.how, b1.figure) == (True, "compensating", 502)
    assert (b2.verified, b2.how, b2.figure) == (True, "compensating", 398)
    assert b1.unexplained_variance == 0
    assert "compensating" in (b1.explanation or "")
    assert not b3.verified  # another place: no compensation
    assert papers_verified((b1, b2, b3)) == 900


def test_compensating_needs_every_box_of_the_place_counted_and_netting_to_zero() -> None:
    not_zero = verify_boxes(
        _contest([("B1", "P01", 500), ("B2", "P01", 400)], {"B1": (502,), "B2": (399,)})
    )
    assert not any(s.verified for s in not_zero)
    uncounted = verify_boxes(
        _contest([("B1", "P01", 500), ("B2", "P01", 400), ("B3", "P01", 10)],
                 {"B1": (502,), "B2": (398,)})
    )
    assert not uncounted[0].verified and not uncounted[1].verified
