"""Alerts: what needs someone, where, what to do and which screen, from real count files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.domain.catalogue import problem
from app.domain.election import Requester
from app.domain.snapshot import StageRecord
from app.services import declaration, recounts
from app.services.alerts import (
    BACKUP,
    ENTRY,
    RESULTS,
    REVIEW,
    VERIFICATION,
    Alert,
    BackupState,
    alerts_of,
    backup_alerts,
    backup_state,
    contest_alerts,
    facts_of_result,
    night_alerts,
)
from app.services.backups import BACKUP_FOLDER_ENV, BackupOutcome, BackupSettings
from app.services.count_file import CountFile
from app.services.counting import ConfirmPaper, Counting
from app.services.demo import prepare_demo
from app.services.summaries import summarise
from tests.domain.sheet_builder import demo_without_rounds, typed_boxes

CONTEST = "parl.northgate-and-eastwick.2029-05-03"
PINS = {"Olu": "1111", "Siân": "2222", "Sam": "3333"}


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[CountFile, dict[str, dict[str, object]]]]:
    """Every box verified, no sheet keyed yet."""
    package, papers = demo_without_rounds(tmp_path)
    count_file = CountFile.import_package(package, tmp_path / "fresh.countdesk")
    session = count_file.session
    session.add_person("Helen Marsh", "returning-officer", "9876")
    session.sign_in("Helen Marsh", "9876")
    for name, role in (("Olu", "operator"), ("Siân", "operator"), ("Sam", "supervisor")):
        session.add_person(name, role, PINS[name])
    yield count_file, papers
    count_file.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[CountFile]:
    count_file = prepare_demo(tmp_path / "demo")
    count_file.session.sign_in("Helen Marsh", "1111")
    yield count_file
    count_file.close()


def alerts(count_file: CountFile) -> tuple[Alert, ...]:
    return contest_alerts(count_file, count_file.result(CONTEST))


def key(count_file: CountFile, who: str, table: str, paper: dict[str, object], **change: str) -> None:
    count_file.session.sign_in(who, PINS[who])
    counting = Counting(count_file)
    view = counting.open_sheet(CONTEST, table)
    typed = {**typed_boxes(view.layout.keys, paper, view.layout.bundle_size), **change}
    try:
        counting.save(CONTEST, table, typed, finish=True)
    except ConfirmPaper:
        counting.save(CONTEST, table, typed, finish=True, confirmed=True)


def test_a_count_not_yet_keyed_raises_nothing_though_everyone_is_level_on_nought(
    fresh: tuple[CountFile, dict[str, dict[str, object]]],
) -> None:
    count_file, _ = fresh
    result = count_file.result(CONTEST)
    assert result.lot_needed and any(p.code == "E301" or p.code == "E206" for p in result.problems)
    assert alerts(count_file) == ()  # no lot, no advice, no reconciliation on figures not yet there


def test_differing_entries_and_a_sheet_with_errors_wait_for_the_supervisor_at_their_table(
    fresh: tuple[CountFile, dict[str, dict[str, object]]],
) -> None:
    count_file, papers = fresh
    key(count_file, "Olu", "T1", papers["T1"])
    key(count_file, "Siân", "T1", papers["T1"], **{"part:zoë-brennan": "1"})
    key(count_file, "Olu", "T2", papers["T2"], **{"part:amara-okafor": "61"})
    found = {(a.kind, a.table): a for a in alerts(count_file)}
    difference = found[("difference", "T1")]
    assert difference.place == REVIEW and difference.where == "table T1"
    assert difference.contest == "Northgate and Eastwick" and "supervisor" in difference.todo.lower()
    errors = found[("sheet-errors", "T2")]
    assert errors.place == REVIEW and "errors" in errors.what
    assert not any(a.kind in ("lot", "advice", "unreconciled") for a in found.values())
    # The supervisor finds the first entry matches the paper: the box goes back to be re-keyed.
    count_file.session.sign_in("Sam", PINS["Sam"])
    Counting(count_file).resolve(CONTEST, "T1", {"part:zoë-brennan": "first"}, "the first entry is right")
    found = {(a.kind, a.table): a for a in alerts(count_file)}
    assert ("difference", "T1") not in found
    again = found[("re-key", "T1")]
    assert again.place == ENTRY and "re-keyed" in again.what and "count sheets" in again.todo.lower()


def test_advice_on_the_full_figures_then_a_request_and_a_suspension_in_order_of_urgency(
    demo: CountFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [advice] = alerts(demo)
    assert advice.kind == "advice" and advice.place == RESULTS and "margin 38" in advice.what
    assert "Returning Officer" in advice.todo
    monkeypatch.setenv(BACKUP_FOLDER_ENV, str(tmp_path / "backups"))
    declaration.record_provisional(demo, CONTEST)
    recounts.request_recount(demo, CONTEST, Requester("Amara Okafor", "candidate"), "bundle-check", "close")
    declaration.suspend(demo, CONTEST, "fire alarm", ["S-1001"])
    kinds = [a.kind for a in alerts(demo)]
    assert kinds == ["suspended", "request", "advice"]
    suspended, request, _ = alerts(demo)
    assert "fire alarm" in suspended.what and "resumes" in suspended.todo
    assert "Amara Okafor" in request.what and "Decide request" in request.todo


def test_a_lot_and_a_box_needing_a_recount_take_you_to_their_screens(demo: CountFile) -> None:
    result = demo.result(CONTEST)
    tie = problem("E302", "contest", "Amara Okafor, James Edward Whitfield are level on 17,374 votes")
    box = problem("E103", "box NE-04", "counts 2,011 and 2,013 differ; the account says 2,012")
    found = alerts_of(facts_of_result(demo, replace(result, problems=(*result.problems, tie, box))))
    by_kind = {a.kind: a for a in found}
    assert by_kind["lot"].place == RESULTS and "Record lot" in by_kind["lot"].todo
    assert by_kind["box"].place == VERIFICATION and by_kind["box"].box == "NE-04"
    assert [a.kind for a in found] == ["box", "lot", "advice"]


def test_a_declared_contest_needs_nothing_unless_its_figures_differ(demo: CountFile) -> None:
    result = replace(demo.result(CONTEST), stage="declared")
    assert alerts_of(facts_of_result(demo, result)) == ()
    differs = problem("E303", "contest", "the declared figures differ from the figures now")
    [alert] = alerts_of(facts_of_result(demo, replace(result, problems=(differs,))))
    assert alert.kind == "declared-differs" and alert.place == RESULTS


def test_a_milestone_without_a_backup_after_it(demo: CountFile, tmp_path: Path) -> None:
    result = demo.result(CONTEST)
    at = datetime.now().astimezone().replace(microsecond=0)
    shown = StageRecord("provisional", result.figures, "Helen Marsh", at.isoformat())
    facts = replace(facts_of_result(demo, result), milestones=(shown,))
    never = BackupState(demo.path, tmp_path, None, None)
    [missed] = [a for a in alerts_of(facts, never) if a.kind == "backup"]
    assert missed.place == BACKUP and "provisional result" in missed.what and str(tmp_path) in missed.todo
    after = BackupState(demo.path, tmp_path, at + timedelta(seconds=2), 100)
    assert not [a for a in alerts_of(facts, after) if a.kind == "backup"]
    before = BackupState(demo.path, tmp_path, at - timedelta(hours=1), 100)
    assert [a for a in alerts_of(facts, before) if a.kind == "backup"]


def test_a_failed_backup_and_one_fallen_behind_are_the_files_alerts(demo: CountFile, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    settings = BackupSettings(folder, every_saves=2, every_minutes=5)  # behind: 4 events and 10 minutes
    assert backup_state(demo, settings) == BackupState(demo.path, folder, None, None, 2, 5)
    assert backup_alerts(demo, backup_state(demo, settings)) == ()
    events = demo.fingerprint().event_count
    old = folder / f"{demo.path.stem}-20290503-230000-{events - 4}.countdesk"
    old.write_bytes(b"")
    hour_ago = (datetime.now() - timedelta(hours=1)).timestamp()
    os.utime(old, (hour_ago, hour_ago))
    state = backup_state(demo, settings)
    assert state.events == events - 4 and state.taken is not None
    [behind] = backup_alerts(demo, state)
    assert behind.contest_id is None and behind.place == BACKUP and f"{events:,}" in behind.what
    assert str(folder) in behind.todo
    assert backup_alerts(demo, state, now=state.taken + timedelta(minutes=1)) == ()  # recent enough
    failed = BackupOutcome(None, "the disk is full")
    [alert] = backup_alerts(demo, state, failed)
    assert "the disk is full" in alert.what


def test_the_summaries_the_window_keeps_give_the_same_alerts_as_the_full_results(
    fresh: tuple[CountFile, dict[str, dict[str, object]]], tmp_path: Path
) -> None:
    count_file, papers = fresh
    key(count_file, "Olu", "T1", papers["T1"])
    key(count_file, "Siân", "T1", papers["T1"], **{"part:zoë-brennan": "1"})
    count_file.session.sign_in("Helen Marsh", "9876")
    declaration.suspend(count_file, CONTEST, "fire alarm", ["S-1"])
    result = count_file.result(CONTEST)
    summary = summarise(result)
    settings = BackupSettings(tmp_path / "backups")
    assert night_alerts(count_file, [summary, None], settings) == list(contest_alerts(count_file, result))
    assert [a.kind for a in night_alerts(count_file, [summary], settings)] == ["suspended", "difference"]
