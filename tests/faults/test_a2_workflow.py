"""A2: a state machine over the whole count; after every step the model, the file and its log agree."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

import app.services.session as session_module
from app.domain.policy import refusal
from app.domain.result import ContestResult
from app.services import counting, declaration
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.verification import Verification
from app.store.audit import Actor
from tests.faults.workflow_machine import WorkflowMachine
from tests.faults.workflow_model import PEOPLE, write_package
from tests.faults.workflow_steps import Figures

CHEAP_SCRYPT_N = 2**10  # the PINs of this test file only: its cost is stored with each hash


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("a2")
    write_package(folder / "a2.json")
    hash_pin = session_module.hash_pin
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(session_module, "hash_pin", lambda pin: hash_pin(pin, n=CHEAP_SCRYPT_N))
        with CountFile.import_package(folder / "a2.json", folder / "a2.countdesk") as count_file:
            for name, (role, pin) in PEOPLE.items():
                count_file.session.add_person(name, role, pin)
                if count_file.session.current is None:
                    count_file.session.sign_in(name, pin)
    WorkflowMachine.template = folder / "a2.countdesk"
    yield WorkflowMachine.template


def run_machine(examples: int, steps: int, *, derandomize: bool) -> tuple[Figures, float]:
    WorkflowMachine.figures = Figures()
    began = time.perf_counter()
    run_state_machine_as_test(WorkflowMachine, settings=settings(
        max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=derandomize,
        phases=[Phase.generate] if derandomize else list(Phase),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))
    return WorkflowMachine.figures, time.perf_counter() - began


def _report(name: str, examples: int, steps: int, figures: Figures, seconds: float) -> None:
    print(f"A2 {name}: {examples} examples × up to {steps} steps: {figures.steps} steps checked, "
          f"{figures.events} events matched one by one ({figures.denials} denials or refusals), "
          f"{figures.accepted_sheets} sheets accepted, {figures.provisionals} provisional results, "
          f"{figures.recounts} recounts, {figures.lots} lots, {figures.declarations} declarations, "
          f"{figures.restores} restores compared; {seconds:.1f} s")


def test_the_whole_count_holds_after_every_step(template: Path) -> None:
    figures, seconds = run_machine(8, 40, derandomize=True)
    _report("quick", 8, 40, figures, seconds)
    assert figures.declarations and figures.provisionals and figures.denials


# Derandomized like the quick run: a lot needs a tie, which a random run of this length
# reached in most runs but not all (CI failed once with 0 lots); the same seed on every machine
# makes what the run covers a fact of the code, not of luck. Hypothesis is pinned in pyproject.
@pytest.mark.slow
def test_the_whole_count_holds_after_every_step_at_length(template: Path) -> None:
    figures, seconds = run_machine(40, 50, derandomize=True)
    _report("long", 40, 50, figures, seconds)
    assert figures.declarations and figures.lots and figures.recounts and figures.restores


# The broken variants: each must be caught (a counter-example found) by the same machine.
def _counts_twice(original: Callable[..., object]) -> Callable[..., object]:
    """A box count that writes a second event for its one change."""

    def enter_count(self: Verification, contest_id: str, box_id: str, typed: str) -> object:
        made = original(self, contest_id, box_id, typed)
        store = self._file.store
        with store.action(self._file.session.actor, "count-box", f"contest {contest_id} box {box_id}"):
            pass
        return made

    return enter_count


def _refuses_silently(self: counting.Counting, action: str, result: ContestResult) -> Actor:
    """Keying refused for the role or stage, but with no denial on the record (as it was before A2)."""
    actor = self._file.session.actor
    why = refusal(actor.role, action, result.stage)
    if why:
        raise BadInput(f"{why}.")
    return actor


# A declaration has to be reached before the last two can show: about 15 s each, so they run
# with the slow tests; the first two are found within a few examples.
@pytest.mark.parametrize(("broken", "caught"), [
    pytest.param("two events for one change", "the model expected", id="two-events"),
    pytest.param("a denial not logged", "the model expected", id="denial-not-logged"),
    # without the PIN check a declaration lacks its sign-in event, or one with a wrong PIN goes through
    pytest.param("a declaration without the PIN", r"\('declare', None\)|declare: done, but the model says",
                 id="no-pin", marks=pytest.mark.slow),
    pytest.param("a declared contest unlocked", "a store write to a declared contest: done",
                 id="unlocked", marks=pytest.mark.slow),
])
def test_the_machine_catches_a_broken_workflow(
    template: Path, monkeypatch: pytest.MonkeyPatch, broken: str, caught: str
) -> None:
    if broken == "two events for one change":
        monkeypatch.setattr(Verification, "enter_count", _counts_twice(Verification.enter_count))
    elif broken == "a denial not logged":
        monkeypatch.setattr(counting.Counting, "_actor", _refuses_silently)
    elif broken == "a declaration without the PIN":
        monkeypatch.setattr(declaration, "confirm_pin", lambda *args: None)
    else:
        monkeypatch.setattr(WorkflowMachine, "drop_lock", True)
    with pytest.raises(AssertionError, match=caught):
        run_machine(60, 50, derandomize=True)
