"""S3: the role × action × stage matrix cell by cell through `require`: as the table says, denials logged."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.domain.people import ROLES
from app.domain.policy import ACTIONS, POLICY, STAGES, allowed, refusal
from app.services.count_file import CountFile
from app.services.errors import ServiceError
from app.services.session import NotAllowed, Session, require
from app.store.audit import Actor

PEOPLE = {role: (f"Person {n}", f"pin-{role}-{n}") for n, role in enumerate(ROLES)}
Require = Callable[[Session, str, "str | None", str], Actor]


@dataclass
class MatrixReport:
    cells: int = 0
    denied: int = 0
    wrong: list[str] = field(default_factory=list)  # the check disagreed with the policy table
    unlogged: list[str] = field(default_factory=list)  # a denial without its audit event


@pytest.fixture(scope="module")
def staffed_template(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("s3") / "staffed.countdesk"
    with CountFile.import_package(examples_dir / "riverside.package.json", path) as count_file:
        session = count_file.session
        first, first_pin = PEOPLE["administrator"]
        session.add_person(first, "administrator", first_pin)
        session.sign_in(first, first_pin)
        for role, (name, pin) in PEOPLE.items():
            if role != "administrator":
                session.add_person(name, role, pin)
    return path


def _last_event(count_file: CountFile) -> tuple[int, str, str, dict[str, object]]:
    seq, user, action, after = count_file.store.db.execute(
        "SELECT seq, user, action, after FROM event ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return seq, user, action, json.loads(after) if after else {}


def matrix_campaign(count_file: CountFile, check: Require) -> MatrixReport:
    report = MatrixReport()
    session = count_file.session
    for role, (name, pin) in PEOPLE.items():
        session.sign_in(name, pin)
        for action in ACTIONS:
            for stage in (None,) if POLICY[action].stages is None else STAGES:
                report.cells += 1
                cell = f"{role} × {action} × {stage}"
                before = _last_event(count_file)[0]
                try:
                    check(session, action, stage, f"cell {cell}")
                    granted = True
                except NotAllowed:
                    granted = False
                if granted != allowed(role, action, stage):
                    report.wrong.append(cell)
                seq, user, logged, after = _last_event(count_file)
                if granted:
                    if seq != before:
                        report.wrong.append(f"{cell}: an event was written for a granted check")
                    continue
                report.denied += 1
                expected = {"action": action, "stage": stage, "why": refusal(role, action, stage)}
                if (seq, user, logged, after) != (before + 1, name, "denied", expected):
                    report.unlogged.append(cell)
    return report


@pytest.fixture
def staffed(staffed_template: Path, fast_folder: Path) -> CountFile:
    path = fast_folder / "staffed.countdesk"
    shutil.copyfile(staffed_template, path)
    return CountFile.open(path)


def test_every_cell_is_as_the_policy_table_says_and_every_denial_is_logged(staffed: CountFile) -> None:
    with staffed:
        report = matrix_campaign(staffed, require)
    print(f"S3: {report.cells} cells checked, {report.denied} denials, all logged; "
          f"{len(report.wrong)} disagreements")
    assert report.cells >= 4 * 25 and report.wrong == [] and report.unlogged == []


def test_the_services_enforce_the_table(staffed: CountFile, tmp_path: Path) -> None:
    """Real write paths ask `require`: an operator adding a user or making a backup is refused."""
    from app.services.backups import backup_on_request

    with staffed:
        name, pin = PEOPLE["operator"]
        staffed.session.sign_in(name, pin)
        for attempt in (
            lambda: staffed.session.add_person("Someone", "operator", "pin-someone"),
            lambda: backup_on_request(staffed, tmp_path / "usb"),
        ):
            with pytest.raises(ServiceError, match="only"):
                attempt()
            assert _last_event(staffed)[2] == "denied"


def _ignoring_stage(session: Session, action: str, stage: str | None, obj: str) -> Actor:
    """Broken: checks the role only."""
    actor = session.actor
    if actor.role not in POLICY[action].roles:
        session.record_denial(actor, action, stage, obj, refusal(actor.role, action, stage) or "")
        raise NotAllowed("no")
    return actor


def _not_logging(session: Session, action: str, stage: str | None, obj: str) -> Actor:
    """Broken: refuses correctly but leaves no record."""
    actor = session.actor
    if not allowed(actor.role, action, stage):
        raise NotAllowed("no")
    return actor


def test_the_harness_catches_a_check_that_ignores_the_stage(staffed: CountFile) -> None:
    with staffed:
        assert matrix_campaign(staffed, _ignoring_stage).wrong


def test_the_harness_catches_denials_that_are_not_logged(staffed: CountFile) -> None:
    with staffed:
        report = matrix_campaign(staffed, _not_logging)
    assert report.wrong == [] and report.unlogged
