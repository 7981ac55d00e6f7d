"""Setting up a count: a new count file, the election and its contests; changes after counting need the RO."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from app.domain.election import Contest, Election, ReturningOfficer
from app.domain.policy import POLICY
from app.domain.profile import PROFILES, RecountRules, profile_for
from app.domain.result import compute_result
from app.domain.setup_values import (
    SetupError,
    bundle_size,
    count_value,
    identifier,
    optional_count,
    slug,
    text_value,
)
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.session import require
from app.store import CountStore
from app.store.audit import Actor
from app.store.setup_rows import (
    SetupChange,
    Transaction,
    contest_has_figures,
    delete_contest,
    has_election,
    insert_contest,
    insert_election,
    record_setup_change,
    setup_changes,
    update_contest,
    update_election,
)

DEFAULT_BUNDLE_SIZE = 50


@dataclass(frozen=True)
class ElectionDetails:
    """The election's details as typed on the form."""

    title: str
    poll_date: date
    authority: str
    venue: str
    ro_name: str
    ro_capacity: str
    training: bool = False
    id: str = ""

    def election(self) -> Election:
        try:
            title = text_value("Title", self.title)
            ident = (
                identifier("Election id", self.id)
                if self.id.strip()
                else (f"{slug(title)[:40].strip('-') or 'election'}.{self.poll_date.isoformat()}")
            )
            return Election(
                id=ident,
                title=title,
                poll_date=self.poll_date,
                authority=text_value("Authority", self.authority),
                venue=text_value("Venue", self.venue, required=False),
                returning_officer=ReturningOfficer(
                    text_value("Returning Officer's name", self.ro_name),
                    text_value("Returning Officer's capacity", self.ro_capacity),
                ),
                training=self.training,
            )
        except SetupError as error:
            raise BadInput(f"{error}.") from None


@dataclass(frozen=True)
class ContestDetails:
    """A contest's details as typed on the form."""

    id: str
    name: str
    profile_id: str
    seats: str
    electorate: str
    bundle_size: str
    recount_rules: RecountRules | None = None  # None: the profile's defaults

    def applied_to(self, contest: Contest | None) -> Contest:
        try:
            if self.profile_id not in PROFILES:
                raise SetupError(f"Profile: choose one of {', '.join(sorted(PROFILES))}")
            rules = self.recount_rules or profile_for(self.profile_id).default_rules
            base = contest or Contest(
                id=identifier("Contest id", self.id),
                name="",
                profile_id=self.profile_id,
                seats=1,
                bundle_size=DEFAULT_BUNDLE_SIZE,
                candidates=(),
            )
            return replace(
                base,
                name=text_value("Name", self.name),
                profile_id=self.profile_id,
                seats=count_value("Seats", self.seats, minimum=1, maximum=99),
                electorate=optional_count("Electorate", self.electorate),
                bundle_size=bundle_size(self.bundle_size),
                recount_rules=rules,
            )
        except SetupError as error:
            raise BadInput(f"{error}.") from None


def create_count_file(path: Path, details: ElectionDetails, name: str, role: str, pin: str) -> CountFile:
    """A new count file from scratch: its election and its first user (signed in), or no file at all.

    The first user must be an administrator or the Returning Officer. The file is made under a
    temporary name beside the target and renamed only when complete.
    """
    if path.exists():
        raise BadInput(f"{path} already exists; choose another name, or open that file instead.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"the folder {folder} does not exist; create it or choose another.")
    election = details.election()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    os.close(handle)
    temp_path = Path(temporary)
    temp_path.unlink()
    try:
        with CountFile(CountStore.create(temp_path)) as made:
            made.session.add_person(name, role, pin)
            person = made.session.sign_in(name, pin)
            actor = Actor(person.name, person.role)
            with made.store.action(
                actor, "create-election", f"election {election.id}", after=_election_json(election)
            ) as db:
                insert_election(db, election)
        os.replace(temp_path, path)
    except BaseException:
        for leftover in (temp_path, Path(f"{temp_path}-wal"), Path(f"{temp_path}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    count_file = CountFile.open(path)
    count_file.session.sign_in(name, pin)
    return count_file


def _election_json(election: Election) -> dict[str, object]:
    return {
        "id": election.id,
        "title": election.title,
        "poll_date": election.poll_date.isoformat(),
        "authority": election.authority,
        "venue": election.venue,
        "returning_officer": election.returning_officer.name,
        "capacity": election.returning_officer.capacity,
        "training": election.training,
    }


def contest_json(contest: Contest) -> dict[str, object]:
    rules = contest.recount_rules
    return {
        "name": contest.name,
        "profile": contest.profile_id,
        "seats": contest.seats,
        "electorate": contest.electorate,
        "bundle_size": contest.bundle_size,
        "rules": {
            "bundle": rules.bundle,
            "absolute": rules.absolute,
            "rejected": rules.rejected,
            "variance": rules.variance,
            "relative": None
            if rules.relative is None
            else {
                "fraction": str(rules.relative.fraction),
                "base": rules.relative.base,
            },
        },
    }


# How far a contest has gone, to judge election-wide setup by the furthest contest.
_PROGRESS = {"setup": 0, "verification": 1, "counting": 2, "provisional": 3, "suspended": 3, "declared": 4}


class SetupGuard:
    """Who may change setup, and when (policy.py): normally before any box is counted; later only the
    Returning Officer, with a reason that is recorded beside the change."""

    def __init__(self, count_file: CountFile) -> None:
        self._file = count_file

    def stage(self, contest_id: str | None) -> str:
        """The contest's stage; for the election as a whole, the stage of its furthest contest."""
        if contest_id is not None:
            return compute_result(self._file.contest(contest_id)).stage
        stages = [result.stage for result in self._file.results()]
        return max(stages, key=lambda stage: _PROGRESS.get(stage, 0), default="setup")

    def late(self, contest_id: str | None, action: str) -> bool:
        """Whether the action is now a late change: only the Returning Officer, with a reason."""
        stages = POLICY[action].stages
        return stages is not None and self.stage(contest_id) not in stages

    def write(
        self,
        contest_id: str | None,
        action: str,
        verb: str,
        obj: str,
        what: str,
        change: Callable[[Transaction], None],
        *,
        before: object = None,
        after: object = None,
        reason: str | None = None,
    ) -> Actor:
        """One audited setup action under the policy `action`; a late change records its reason."""
        stage = self.stage(contest_id)
        stages = POLICY[action].stages
        late = stages is not None and stage not in stages
        actor = require(self._file.session, "change-setup-late" if late else action, stage, obj)
        reason = (reason or "").strip() or None
        if late and not reason:
            raise BadInput(
                f"the contest is at the {stage} stage: give the reason for this change; it is recorded."
            )
        with self._file.store.action(actor, verb, obj, before=before, after=after, reason=reason) as db:
            change(db)
            if late and reason:
                record_setup_change(db, contest_id, what, reason, actor.name, actor.role)
        return actor


class Setup:
    """The election's details and its contests (candidates, boxes and tables: setup_lists.SetupLists)."""

    def __init__(self, count_file: CountFile) -> None:
        self._file = count_file
        self.guard = SetupGuard(count_file)

    def needs_reason(self, contest_id: str | None = None, action: str = "edit-contest") -> bool:
        """Whether a change now needs the Returning Officer and a reason (a box has been counted)."""
        return self.guard.late(contest_id, action)

    def changes(self, contest_id: str | None = None) -> list[SetupChange]:
        """The setup changes made late (by the Returning Officer, with reasons), oldest first."""
        return setup_changes(self._file.store.db, contest_id)

    def edit_election(self, details: ElectionDetails, reason: str | None = None) -> Election:
        election = details.election()
        if not has_election(self._file.store.db):
            self.guard.write(
                None,
                "edit-contest",
                "create-election",
                f"election {election.id}",
                "election details",
                lambda db: insert_election(db, election),
                after=_election_json(election),
            )
            return election
        old = self._file.election
        if old == election:
            return old
        self.guard.write(
            None,
            "edit-contest",
            "edit-election",
            f"election {election.id}",
            "election details",
            lambda db: update_election(db, election),
            before=_election_json(old),
            after=_election_json(election),
            reason=reason,
        )
        return election

    def add_contest(self, details: ContestDetails, reason: str | None = None) -> Contest:
        contest = details.applied_to(None)
        if contest.id in self._file.contest_ids():
            raise BadInput(f"there is already a contest {contest.id}; choose another id.")
        # A new contest has no figures of its own: it is the election's setup that changes.
        self.guard.write(
            None,
            "edit-contest",
            "add-contest",
            f"contest {contest.id}",
            f"contest {contest.id} added",
            lambda db: insert_contest(db, contest, "setup"),
            after=contest_json(contest),
            reason=reason,
        )
        return contest

    def edit_contest(self, details: ContestDetails, reason: str | None = None) -> Contest:
        """Change a contest's details; the recount rules alone may change at any live stage (RO)."""
        old = self._file.contest(details.id)
        contest = details.applied_to(old)
        if contest == old:
            return old
        rules_only = replace(contest, recount_rules=old.recount_rules) == old
        self.guard.write(
            old.id,
            "set-recount-rules" if rules_only else "edit-contest",
            "set-recount-rules" if rules_only else "edit-contest",
            f"contest {old.id}",
            "recount rules" if rules_only else "contest details",
            lambda db: update_contest(db, contest),
            before=contest_json(old),
            after=contest_json(contest),
            reason=reason,
        )
        return contest

    def remove_contest(self, contest_id: str) -> None:
        """A contest set up by mistake; refused once any figure is recorded for it."""
        contest = self._file.contest(contest_id)
        if contest_has_figures(self._file.store.db, contest_id):
            raise BadInput(f"{contest_id} already has figures on the record, so it cannot be removed.")
        self.guard.write(
            contest_id,
            "edit-contest",
            "remove-contest",
            f"contest {contest_id}",
            f"contest {contest_id} removed",
            lambda db: delete_contest(db, contest_id),
            before=contest_json(contest),
        )
