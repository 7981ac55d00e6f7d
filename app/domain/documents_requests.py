"""Recount requests as the documents print them: who asked, what kind, the decision, the reason, the scope."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.documents import ROUND_KIND_NAMES
from app.domain.election import Contest, RecountRequest

REQUESTER_ROLE_NAMES = {
    "candidate": "candidate",
    "election-agent": "election agent",
    "counting-agent": "counting agent",
    "returning-officer": "Returning Officer",
}


@dataclass(frozen=True)
class RequestLine:
    """A recount request and the Returning Officer's decision on it."""

    round: int | None  # the round it opened; None when refused or pending
    after_round: int
    kind: str
    requested_by: str | None  # "J. Jones (candidate)"
    decision: str
    reason: str  # the Returning Officer's reason for the decision
    scope: str | None
    grounds: str = ""  # why the candidate or agent asked


def requester_text(request: RecountRequest) -> str | None:
    """ "J. Jones (election agent)", or None when nobody is named."""
    if request.requested_by is None:
        return None
    who = request.requested_by
    return f"{who.name} ({REQUESTER_ROLE_NAMES.get(who.role, who.role)})"


def scope_text(contest: Contest, request: RecountRequest) -> str | None:
    """A partial recount's scope in words: "tables T1, T3; candidates Jane Smith"."""
    if request.scope is None:
        return None
    parts = []
    if request.scope.tables:
        parts.append("tables " + ", ".join(request.scope.tables))
    if request.scope.candidates:
        names = [_candidate_name(contest, cid) for cid in request.scope.candidates]
        parts.append("candidates " + ", ".join(names))
    return "; ".join(parts) or None


def request_lines(contest: Contest) -> tuple[RequestLine, ...]:
    """Every recount request, granted (with the round it opened), refused or pending, in order."""
    lines: list[tuple[int, int, RequestLine]] = []
    # A granted request ends its round (the recount is the next round), so every request refused
    # after the same round was made before it: it comes last among them.
    last = len(contest.refused_requests) + 1
    for round_ in contest.rounds:
        if round_.request is None:
            continue
        request = round_.request
        lines.append(
            (
                round_.number - 1,
                last,
                RequestLine(
                    round_.number,
                    round_.number - 1,
                    ROUND_KIND_NAMES.get(request.kind, request.kind),
                    requester_text(request),
                    request.decision,
                    request.reason,
                    scope_text(contest, request),
                    request.grounds,
                ),
            )
        )
    for position, (after, request) in enumerate(contest.refused_requests, start=1):
        lines.append(
            (
                after,
                position,
                RequestLine(
                    None,
                    after,
                    ROUND_KIND_NAMES.get(request.kind, request.kind),
                    requester_text(request),
                    request.decision,
                    request.reason,
                    scope_text(contest, request),
                    request.grounds,
                ),
            )
        )
    return tuple(line for _, _, line in sorted(lines, key=lambda item: (item[0], item[1])))


def _candidate_name(contest: Contest, candidate_id: str) -> str:
    try:
        return contest.candidate(candidate_id).name
    except KeyError:
        return candidate_id
