"""The recount requests as the documents list them: granted, refused and pending, in the order made."""

from __future__ import annotations

import dataclasses

from app.domain.documents_requests import request_lines
from app.domain.election import RecountRequest, Requester, Round
from tests.domain.contest_builder import build_contest

AGENT = Requester("Agent for Brown", "election-agent")


def test_requests_after_the_same_round_are_listed_as_made_the_granted_one_last() -> None:
    contest = build_contest({"a": 500, "b": 480})
    first = contest.rounds[0]
    refused = RecountRequest("bundle-check", AGENT, "refused", "figures already checked twice")
    granted = RecountRequest("full-recount", AGENT, "granted", "margin is close")
    again = RecountRequest("full-recount", AGENT, "pending")
    contest = dataclasses.replace(
        contest,
        rounds=(first, Round(2, "full-recount", first.sheets, granted)),
        refused_requests=((1, refused), (2, again)),
    )
    lines = request_lines(contest)
    assert [(line.after_round, line.decision) for line in lines] == [
        (1, "refused"), (1, "granted"), (2, "pending")
    ]
    assert lines[1].round == 2
