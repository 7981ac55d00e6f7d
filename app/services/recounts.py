"""Recounts: requests from candidates and agents, the Returning Officer's decisions, new rounds, rules."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.election import ROUND_KINDS, RecountRequest, RecountScope, Requester
from app.domain.profile import RELATIVE_BASES, RecountRules, RelativeRule
from app.domain.round_comparison import RoundComparison, compare_rounds
from app.domain.setup_values import SetupError, relative_margin_rule
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.officer_action import begin, saving, text
from app.store.recorder import record_request, rules_to_json
from app.store.stages import decide_request, open_round, pending_requests, set_rules

REQUEST_KINDS = tuple(kind for kind in ROUND_KINDS if kind != "initial")
ASKING_ROLES = ("candidate", "election-agent", "counting-agent")


@dataclass(frozen=True)
class PendingRequest:
    """A request waiting for the Returning Officer: `seq` is how to decide it."""

    seq: int
    after_round: int
    request: RecountRequest


def pending(count_file: CountFile, contest_id: str) -> list[PendingRequest]:
    count_file.contest(contest_id)  # a clear message for an unknown contest
    return [
        PendingRequest(seq, after, request)
        for seq, after, request in pending_requests(count_file.store.db, contest_id)
    ]


def _scope(
    count_file: CountFile, contest_id: str, kind: str, scope: RecountScope | None
) -> RecountScope | None:
    if scope is None or (not scope.tables and not scope.candidates):
        if kind == "partial-recount":
            raise BadInput(
                "a partial recount needs its scope: the tables or the candidates' piles to count "
                "again; nothing was saved."
            )
        return None
    contest = count_file.contest(contest_id)
    tables = {t.id for t in contest.count_tables}
    candidates = {c.id for c in contest.candidates}
    unknown = [t for t in scope.tables if t not in tables]
    unknown += [c for c in scope.candidates if c not in candidates]
    if unknown:
        raise BadInput(
            f"{', '.join(unknown)} is not a table or candidate of {contest.name}; nothing was saved."
        )
    return scope


def request_recount(
    count_file: CountFile,
    contest_id: str,
    requester: Requester,
    kind: str,
    grounds: str,
    scope: RecountScope | None = None,
) -> PendingRequest:
    """Record who asked for what and why; the request waits for the Returning Officer."""
    acting = begin(count_file, contest_id, "record-recount-request", "request-recount")
    name = text(requester.name, "the name of the person asking")
    if requester.role not in ASKING_ROLES:
        raise BadInput(
            f"{requester.role!r} may not ask for a recount; choose a candidate, an election agent "
            "or a counting agent."
        )
    if kind not in REQUEST_KINDS:
        raise BadInput(f"{kind!r} is not a kind of recount; choose one of {', '.join(REQUEST_KINDS)}.")
    request = RecountRequest(
        kind=kind,
        requested_by=Requester(name, requester.role),
        decision="pending",
        scope=_scope(count_file, contest_id, kind, scope),
        grounds=text(grounds, "the grounds of the request (what the person asking said)"),
    )
    after = acting.result.round
    with saving(), count_file.store.action(
        acting.actor, "request-recount", acting.object,
        after={"kind": kind, "requested_by": name, "role": requester.role, "after_round": after,
               "grounds": request.grounds},
    ) as db:
        seq = record_request(db, contest_id, after, request)
    return PendingRequest(seq, after, request)


def decide(
    count_file: CountFile, contest_id: str, seq: int, grant: bool, reason: str
) -> int | None:
    """The Returning Officer grants (a new round opens; returns its number) or refuses, with a reason.

    A granted round starts with the previous round's figures; the sheets counted again in it
    overlay them cell by cell, so no round is ever overwritten.
    """
    event = "grant-recount" if grant else "refuse-recount"
    acting = begin(count_file, contest_id, "decide-recount", event)
    reason = text(reason, "the reason for the decision")
    found = [p for p in pending(count_file, contest_id) if p.seq == seq]
    if not found:
        raise BadInput(
            f"there is no pending recount request {seq} for {acting.result.contest.name}; it may "
            "have been decided already."
        )
    request = found[0].request
    decision = "granted" if grant else "refused"
    new_round = acting.result.round + 1 if grant else None
    with saving(), count_file.store.action(
        acting.actor, f"{'grant' if grant else 'refuse'}-recount", acting.object,
        before={"request": seq, "decision": "pending"},
        after={"request": seq, "decision": decision, "kind": request.kind, "round": new_round},
        reason=reason,
    ) as db:
        if not decide_request(db, seq, decision, reason):
            raise BadInput(f"recount request {seq} was decided already; nothing was saved.")
        if new_round is not None:
            open_round(db, contest_id, new_round, request.kind, seq)
    return new_round


def set_recount_rules(count_file: CountFile, contest_id: str, rules: RecountRules, reason: str) -> None:
    """Change which advice rules fire for this contest (profile defaults apply until changed)."""
    acting = begin(count_file, contest_id, "set-recount-rules", "set-rules")
    reason = text(reason, "the reason for changing the recount rules")
    if rules.absolute is not None and not 0 <= rules.absolute <= 9_999_999:
        raise BadInput("the absolute margin must be a whole number from 0 to 9,999,999.")
    if rules.relative is not None:
        if rules.relative.base not in RELATIVE_BASES:
            raise BadInput(f"the relative rule's base must be one of {', '.join(RELATIVE_BASES)}.")
        if not 0 <= rules.relative.fraction <= 1:
            raise BadInput("the relative rule's percentage must be from 0 to 100.")
    before = acting.result.contest.recount_rules
    if before == rules:
        raise BadInput("those are the rules already in force; nothing was changed.")
    with saving(), count_file.store.action(
        acting.actor, "set-recount-rules", acting.object,
        before=rules_to_json(before), after=rules_to_json(rules), reason=reason,
    ) as db:
        set_rules(db, contest_id, rules_to_json(rules))


def relative_rule(percent: str, base: str) -> RelativeRule | None:
    """A relative rule from typed text ("0.5" per cent), read as the setup form reads it; "" is off."""
    try:
        return relative_margin_rule(percent, base)
    except SetupError as error:
        raise BadInput(f"{error}.") from None


def comparison(count_file: CountFile, contest_id: str) -> RoundComparison:
    """Every round side by side, with the differences per candidate and per table."""
    return compare_rounds(count_file.contest(contest_id))
