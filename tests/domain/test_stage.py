"""The stage machine: every transition allowed or forbidden, the stage derived, each precondition named."""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import pytest

from app.domain.election import (
    BallotBox,
    BoxVerification,
    Contest,
    CountSheet,
    Lot,
    RecountRequest,
    RecountScope,
    Requester,
    Round,
    VoteFigure,
)
from app.domain.result import compute_result
from app.domain.snapshot import StageRecord, SuspensionEvent
from app.domain.stage import (
    EVENTS,
    STAGES,
    StageError,
    blockers_sentence,
    declaration_checks,
    failing,
    lot_checks,
    next_stage,
    provisional_checks,
    tables_awaiting,
    tables_to_count,
)
from tests.domain.contest_builder import build_contest

# Written out by hand (not derived from TRANSITIONS) so that a changed table fails here.
ALLOWED: dict[str, dict[str, str]] = {
    "setup": {
        "count-box": "verification", "enter-sheet": "counting", "set-rules": "setup",
        "suspend": "suspended",
    },
    "verification": {
        "count-box": "verification", "enter-sheet": "counting", "set-rules": "verification",
        "suspend": "suspended",
    },
    "counting": {
        "count-box": "counting", "enter-sheet": "counting", "record-provisional": "provisional",
        "refuse-recount": "counting", "set-rules": "counting", "suspend": "suspended",
    },
    "provisional": {
        "request-recount": "provisional", "grant-recount": "counting",
        "refuse-recount": "provisional", "draw-lot": "provisional", "set-rules": "provisional",
        "declare": "declared", "suspend": "suspended",
    },
    "declared": {"correct-declaration": "declared"},
    "suspended": {"resume": "counting"},  # back to the stage it interrupted (here: counting)
}


def test_the_expectations_cover_every_stage_and_event() -> None:
    assert set(ALLOWED) == set(STAGES)
    assert {event for moves in ALLOWED.values() for event in moves} <= set(EVENTS)


@pytest.mark.parametrize(("stage", "event"), list(product(STAGES, EVENTS)))
def test_every_transition_is_allowed_or_forbidden_as_the_table_says(stage: str, event: str) -> None:
    expected = ALLOWED[stage].get(event)
    if expected is None:
        with pytest.raises(StageError) as refused:
            next_stage(stage, event, interrupted="counting")
        text = str(refused.value)
        if stage == "declared":
            assert "declared and locked" in text
        elif stage == "suspended":
            assert "resume it first" in text
        else:
            assert f"it is {stage} now" in text
    else:
        assert next_stage(stage, event, interrupted="counting") == expected


@pytest.mark.parametrize("interrupted", ["setup", "verification", "counting", "provisional"])
def test_resuming_returns_to_the_interrupted_stage(interrupted: str) -> None:
    assert next_stage(interrupted, "suspend") == "suspended"
    assert next_stage("suspended", "resume", interrupted=interrupted) == interrupted


@pytest.mark.parametrize("interrupted", [None, "declared", "suspended"])
def test_resuming_needs_a_stage_before_the_declaration(interrupted: str | None) -> None:
    with pytest.raises(StageError, match="not known"):
        next_stage("suspended", "resume", interrupted=interrupted)


def test_an_unknown_event_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        next_stage("counting", "publish")


# the stage derived from what is recorded
def shown(contest: Contest) -> Contest:
    """`contest` with a provisional result recorded for its figures now."""
    record = StageRecord("provisional", compute_result(contest).figures, "RO")
    return replace(contest, stage_records=(*contest.stage_records, record))


def declared(contest: Contest) -> Contest:
    record = StageRecord("declared", compute_result(contest).figures, "RO")
    return replace(contest, stage_records=(*contest.stage_records, record))


def suspended(contest: Contest) -> Contest:
    event = SuspensionEvent("suspend", "overnight", ("S1",), "RO")
    return replace(contest, suspensions=(*contest.suspensions, event))


def resumed(contest: Contest) -> Contest:
    event = SuspensionEvent("resume", "seals intact", ("S1",), "RO")
    return replace(contest, suspensions=(*contest.suspensions, event))


def granted(contest: Contest, scope: RecountScope | None = None) -> Contest:
    request = RecountRequest("full-recount", Requester("Agent", "election-agent"), "granted", "close",
                             scope)
    number = contest.current_round + 1
    return replace(contest, rounds=(*contest.rounds, Round(number, request.kind, (), request)))


def pending(contest: Contest) -> Contest:
    request = RecountRequest("bundle-check", Requester("Agent", "election-agent"), "pending")
    return replace(contest, refused_requests=((contest.current_round, request),))


BASE = build_contest({"a": 5100, "b": 5000, "c": 300})
TIED = build_contest({"a": 900, "b": 500, "c": 500}, seats=2, valid_papers=1000)


def stage(contest: Contest) -> str:
    return compute_result(contest).stage


def test_the_stage_follows_the_count() -> None:
    nothing = replace(BASE, verification=(), rounds=())
    assert stage(nothing) == "setup"
    assert stage(replace(nothing, verification=(BoxVerification("B1", (1,)),))) == "verification"
    assert stage(BASE) == "counting"
    assert stage(shown(BASE)) == "provisional"
    assert stage(granted(shown(BASE))) == "counting"  # a new round: those figures are not shown yet
    assert stage(shown(granted(shown(BASE)))) == "provisional"
    assert stage(suspended(shown(BASE))) == "suspended"
    assert stage(resumed(suspended(shown(BASE)))) == "provisional"
    assert stage(suspended(BASE)) == "suspended"
    assert stage(declared(shown(BASE))) == "declared"
    assert stage(suspended(declared(shown(BASE)))) == "declared"


def test_a_provisional_result_stands_only_for_exactly_its_figures() -> None:
    contest = shown(BASE)
    sheet = contest.rounds[0].sheets[0]
    changed = CountSheet(sheet.table, {**sheet.votes, "a": VoteFigure(5101)}, sheet.rejected)
    assert stage(replace(contest, rounds=(Round(1, "initial", (changed,)),))) == "counting"
    lot_drawn = shown(TIED)
    assert stage(replace(lot_drawn, lots=(Lot(("b", "c"), "c"),))) == "provisional"


# preconditions: each named when it fails, alone
def unverified(contest: Contest) -> Contest:
    box = contest.ballot_boxes[0]
    return replace(contest, verification=(BoxVerification("B1", (box.issued + 1,)),))


def unreconciled(contest: Contest) -> Contest:
    box = contest.ballot_boxes[0]
    return replace(
        contest,
        ballot_boxes=(BallotBox("B1", box.kind, box.issued + 1, "", "P01"),),
        verification=(BoxVerification("B1", (box.issued + 1,)),),
    )


CASES = [
    ("all hold", shown(BASE), set()),
    ("no provisional shown", BASE, {"provisional"}),
    ("a box not verified", shown(unverified(BASE)), {"boxes", "reconciled"}),
    ("a table not counted again", shown(granted(BASE, RecountScope(("T1",)))), {"sheets"}),
    ("not reconciled", shown(unreconciled(BASE)), {"reconciled"}),
    ("a tie at the last seat", shown(TIED), {"tie"}),
    ("a request pending", pending(shown(BASE)), {"requests"}),
    ("suspended", suspended(shown(BASE)), {"suspended"}),
    ("declared", declared(shown(BASE)), {"declared"}),
    ("another error", shown(build_contest({"a": 90, "b": 90, "c": 90}, seats=2, valid_papers=100)),
     {"errors", "tie"}),
]


@pytest.mark.parametrize(("label", "contest", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_failing_precondition_of_declaring_is_named(
    label: str, contest: Contest, expected: set[str]
) -> None:
    checks = declaration_checks(compute_result(contest))
    assert {c.key for c in failing(checks)} == expected, label
    sentence = blockers_sentence(checks)
    for check in failing(checks):
        assert check.text.lower() in sentence


def test_the_preconditions_give_their_figures() -> None:
    checks = {c.key: c for c in declaration_checks(compute_result(shown(unreconciled(BASE))))}
    assert checks["reconciled"].detail == "10,400 + 0 = 10,400; papers verified 10,401"
    assert checks["boxes"].detail == "1 of 1 verified"
    awaiting = {c.key: c for c in declaration_checks(compute_result(granted(shown(BASE))))}
    assert awaiting["sheets"].detail == "0 of 1 accepted; awaiting: T1"
    stale = awaiting["provisional"].detail
    assert stale.startswith("the last one shown was for other figures") and "round 1 then" in stale


def test_recording_the_provisional_result_needs_a_complete_reconciled_count() -> None:
    assert failing(provisional_checks(compute_result(BASE))) == ()
    assert {c.key for c in failing(provisional_checks(compute_result(shown(BASE))))} == {"new-figures"}
    assert {c.key for c in failing(provisional_checks(compute_result(unreconciled(BASE))))} == {
        "reconciled"
    }
    # a tie is shown provisionally: the lot comes after, if no recount changes it
    assert failing(provisional_checks(compute_result(TIED))) == ()


def test_a_lot_needs_a_tie_that_survived_a_provisional_result() -> None:
    assert failing(lot_checks(compute_result(shown(TIED)))) == ()
    assert {c.key for c in failing(lot_checks(compute_result(TIED)))} == {"provisional"}
    assert {c.key for c in failing(lot_checks(compute_result(shown(BASE))))} == {"tie"}
    assert {c.key for c in failing(lot_checks(compute_result(pending(shown(TIED)))))} == {"requests"}


def test_a_partial_recount_counts_only_its_tables_again() -> None:
    contest = granted(shown(BASE), RecountScope(("T1",)))
    assert tables_to_count(contest) == ("T1",) and tables_awaiting(contest) == ("T1",)
    by_candidates = granted(shown(BASE), RecountScope((), ("a", "b")))
    assert tables_to_count(by_candidates) == ("T1",)
    assert tables_awaiting(BASE) == ()
