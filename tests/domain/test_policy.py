"""The role × action × stage table: separation of duties, the locked stages, the stage machine, refusals."""

from __future__ import annotations

import pytest

from app.domain.people import ROLES
from app.domain.policy import ACTIONS, POLICY, STAGES, allowed, refusal
from app.domain.stage import STAGES as MACHINE_STAGES
from app.domain.stage import TRANSITIONS

OPERATOR, SUPERVISOR, RO, ADMIN = ROLES

# Figures and decisions: the administrator sets up and keeps the file safe, never counts (VVSG 11.4-B).
FIGURE_ACTIONS = (
    "enter-verification-count", "explain-variance", "enter-sheet", "correct-entry",
    "resolve-difference", "acknowledge-warning", "record-provisional", "record-recount-request",
    "decide-recount", "record-lot", "declare", "correct-declaration", "allow-single-entry",
)
RO_ONLY = (
    "record-provisional", "decide-recount", "record-lot", "declare", "correct-declaration",
    "suspend", "resume", "allow-single-entry", "change-setup-late", "set-recount-rules",
)
OPERATOR_MAY = {"enter-verification-count", "enter-sheet", "correct-entry", "print-document", "verify-file"}

# Policy action -> the stage machine's events it performs (app/domain/stage.py).
MACHINE_EVENTS = {
    "enter-verification-count": ("count-box",),
    "enter-sheet": ("enter-sheet",),
    "record-provisional": ("record-provisional",),
    "record-recount-request": ("request-recount",),
    "decide-recount": ("grant-recount", "refuse-recount"),
    "record-lot": ("draw-lot",),
    "set-recount-rules": ("set-rules",),
    "declare": ("declare",),
    "correct-declaration": ("correct-declaration",),
    "suspend": ("suspend",),
    "resume": ("resume",),
}


def _stage_args(action: str) -> tuple[str | None, ...]:
    return (None,) if POLICY[action].stages is None else STAGES


def test_stages_are_the_stage_machines() -> None:
    assert STAGES == MACHINE_STAGES


@pytest.mark.parametrize("action", sorted(MACHINE_EVENTS))
def test_policy_stages_are_where_the_stage_machine_allows_the_event(action: str) -> None:
    possible = {stage for (stage, event) in TRANSITIONS if event in MACHINE_EVENTS[action]}
    assert set(POLICY[action].stages or ()) == possible


@pytest.mark.parametrize("action", FIGURE_ACTIONS)
def test_the_administrator_never_enters_or_decides_a_figure(action: str) -> None:
    assert not any(allowed(ADMIN, action, stage) for stage in STAGES)


@pytest.mark.parametrize("action", RO_ONLY)
def test_decisions_belong_to_the_returning_officer_alone(action: str) -> None:
    for role in (OPERATOR, SUPERVISOR, ADMIN):
        assert not any(allowed(role, action, stage) for stage in _stage_args(action))
    assert any(allowed(RO, action, stage) for stage in _stage_args(action))


def test_an_operator_only_keys_figures_prints_and_verifies() -> None:
    may = {a for a in ACTIONS if any(allowed(OPERATOR, a, s) for s in _stage_args(a))}
    assert may == OPERATOR_MAY


def test_a_declared_contest_allows_only_printing_and_the_ros_correction() -> None:
    contest_actions = [a for a in ACTIONS if POLICY[a].stages is not None]
    open_in_declared = {(r, a) for r in ROLES for a in contest_actions if allowed(r, a, "declared")}
    assert open_in_declared == {(r, "print-document") for r in ROLES} | {(RO, "correct-declaration")}


def test_a_suspended_count_allows_only_resuming_and_printing() -> None:
    contest_actions = [a for a in ACTIONS if POLICY[a].stages is not None]
    open_when_suspended = {a for r in ROLES for a in contest_actions if allowed(r, a, "suspended")}
    assert open_when_suspended == {"resume", "print-document"}


def test_figures_are_keyed_by_two_kinds_of_people_and_resolved_by_others() -> None:
    assert allowed(OPERATOR, "enter-sheet", "counting") and allowed(SUPERVISOR, "enter-sheet", "counting")
    assert not allowed(OPERATOR, "resolve-difference", "counting")
    assert allowed(SUPERVISOR, "resolve-difference", "counting")
    assert not allowed(OPERATOR, "enter-sheet", "provisional")  # figures shown change only by recount


def test_set_up_changes_need_the_returning_officer_once_counting_starts() -> None:
    assert allowed(ADMIN, "edit-candidates", "setup") and allowed(RO, "edit-candidates", "setup")
    assert not allowed(ADMIN, "edit-candidates", "verification")
    assert allowed(RO, "change-setup-late", "counting")
    assert not allowed(ADMIN, "change-setup-late", "counting")


def test_election_wide_actions_do_not_depend_on_a_stage() -> None:
    assert allowed(ADMIN, "backup", None) and allowed(RO, "restore", None)
    assert not allowed(OPERATOR, "backup", None) and not allowed(SUPERVISOR, "restore", None)
    assert allowed(ADMIN, "add-person", None) and not allowed(SUPERVISOR, "add-person", None)


def test_refusals_say_who_may_and_when() -> None:
    assert refusal(RO, "declare", "provisional") is None
    who = refusal(OPERATOR, "declare", "provisional")
    assert who == "only the Returning Officer may declare the result; ask them to sign in"
    when = refusal(RO, "declare", "counting")
    assert when is not None and "counting stage" in when and "possible at: provisional" in when
    several = refusal(ADMIN, "enter-sheet", "counting")
    assert several is not None and "a data-entry operator or a count supervisor" in several
    stranger = refusal("candidate", "print-document", "counting")
    assert stranger is not None and "not a role" in stranger


def test_mistakes_in_the_callers_are_loud() -> None:
    with pytest.raises(ValueError, match="not an action"):
        allowed(RO, "declare-result", "provisional")
    with pytest.raises(ValueError, match="give the contest's stage"):
        allowed(RO, "declare", None)
    with pytest.raises(ValueError, match="not a stage"):
        allowed(RO, "declare", "finished")


def test_every_cell_is_decided() -> None:
    cells = [(r, a, s) for r in ROLES for a in ACTIONS for s in _stage_args(a)]
    assert len(cells) >= 4 * 25
    granted = [c for c in cells if allowed(*c)]
    assert 0 < len(granted) < len(cells)
