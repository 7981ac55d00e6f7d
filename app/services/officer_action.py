"""The steps every stage action shares: who acts, whether the stage allows it, checks, saving in words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.domain.policy import POLICY
from app.domain.result import ContestResult, compute_result
from app.domain.stage import Precondition, StageError, blockers_sentence, failing
from app.domain.stage import require as require_stage
from app.services.count_file import CountFile, local_now
from app.services.errors import BadInput, CheckFailed
from app.services.session import WrongPin, require
from app.store import StoreError
from app.store.audit import Actor


@dataclass(frozen=True)
class Acting:
    """Who is acting on which contest, and its result as it stands before the action."""

    actor: Actor
    result: ContestResult

    @property
    def contest_id(self) -> str:
        return self.result.contest.id

    @property
    def object(self) -> str:
        return f"contest {self.contest_id}"


def begin(
    count_file: CountFile,
    contest_id: str,
    action: str,
    event: str,
    checks: Callable[[ContestResult], tuple[Precondition, ...]] | None = None,
    what: str = "",
) -> Acting:
    """The signed-in person, allowed by the policy table and the stage machine, about to act.

    `action` names the policy table's row (role × stage, denials logged there); `event` names
    the stage machine's transition (app.domain.stage), whose refusal says when it is possible.
    With `checks`, a person whose role may act is told every precondition that fails (and the
    refusal is logged), rather than only that the stage is wrong.
    """
    result = compute_result(count_file.contest(contest_id))
    obj = f"contest {contest_id}"
    if checks is not None:
        actor = count_file.session.actor
        found = checks(result)
        if actor.role in POLICY[action].roles and failing(found):
            sentence = f"{what} is not possible yet: {blockers_sentence(found)}."
            count_file.session.record_denial(actor, action, result.stage, obj, sentence)
            raise CheckFailed(sentence)
    try:
        require_stage(result.stage, event)
    except StageError as error:
        # the stage machine says when it is possible (and that a declared contest is locked)
        person = count_file.session.current
        if person is not None:
            refused = Actor(person.name, person.role)
            count_file.session.record_denial(refused, action, result.stage, obj, str(error))
        raise BadInput(f"{error}.") from None
    actor = require(count_file.session, action, result.stage, obj)
    return Acting(actor, result)


def insist(checks: tuple[Precondition, ...], what: str) -> None:
    """CheckFailed naming every failing precondition, or nothing when all hold."""
    if failing(checks):
        raise CheckFailed(f"{what} is not possible yet: {blockers_sentence(checks)}.")


def text(value: str, what: str) -> str:
    """A required piece of text, trimmed; BadInput naming it when it is empty."""
    value = value.strip()
    if not value:
        raise BadInput(f"give {what}; nothing was saved.")
    return value


def confirm_pin(count_file: CountFile, actor: Actor, pin: str, what: str) -> None:
    """The person acting types their PIN again (a wrong one counts toward lockout)."""
    try:
        count_file.session.sign_in(actor.name, pin)
    except WrongPin as error:  # the dialog asks for the PIN alone: "name and PIN" would puzzle
        raise BadInput(f"{what} was not made: that is not {actor.name}'s PIN{error.then}.") from None
    except BadInput as error:
        raise BadInput(f"{what} was not made: {error}") from None


def check_file(count_file: CountFile, result: ContestResult, what: str) -> None:
    """design.md §6: the file intact, the audit chain whole and the totals the same two ways."""
    store = count_file.store
    integrity = store.integrity_check()
    if integrity != "ok":
        raise CheckFailed(
            f"{what} was not made: the count file's integrity check found {integrity!r}; "
            "restore the latest backup."
        )
    if store.verify_chain():
        raise CheckFailed(
            f"{what} was not made: the audit log's chain is broken; run `countdesk verify`."
        )
    by_sql = store.sql_vote_totals(result.contest.id)
    by_rules = dict(result.figures.votes)
    if by_sql != by_rules:
        raise CheckFailed(
            f"{what} was not made: the totals by SQL and by the count rules disagree; run "
            "`countdesk verify`."
        )


@contextmanager
def saving() -> Iterator[None]:
    """Turn a refused save (a locked contest, a full disk) into the store's sentence."""
    try:
        yield
    except StoreError as error:
        raise BadInput(str(error)) from None


def now_text() -> str:
    """Local time with its UTC offset, to the second, as recorded on stage records."""
    return local_now().isoformat(timespec="seconds")
