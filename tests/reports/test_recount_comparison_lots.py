"""The recount comparison where a lot settled the last seat: the votes counted, the winner marked."""

from __future__ import annotations

from pathlib import Path

from tests.domain.test_round_comparison import settled_by_lot
from tests.reports.documents import content, example, pages, render


def test_the_lots_winner_shows_the_votes_counted_marked_with_the_lots_note(examples_dir: Path) -> None:
    election, _ = example(examples_dir, "riverside")
    comparison = content("recount-comparison", election, settled_by_lot())
    assert [r.votes for r in comparison.rounds] == [(101, 100, 50), (100, 100, 51)]
    assert comparison.rounds[1].margin == 0
    text = " ".join(pages(render("recount-comparison", comparison)))
    # b's line: round 1, round 2 marked, no change; never the lot's "101 +1"
    assert "A B 100 100 * 0" in text, text
    assert "101 +1" not in text
    # the margin row: 1, then 0 (−1), the raw votes being level
    assert "elected) 1 0 −1" in text, text
    assert "* Elected by lot: level with another candidate" in text

