"""Contest summaries: the small rows of the main window say what the full result says."""

from __future__ import annotations

import json
from pathlib import Path

from app.services.count_file import CountFile
from app.services.demo import prepare_demo
from app.services.summaries import contest_summaries, contest_summary, contests_changed_since, summarise
from app.store.audit import Actor
from app.store.recorder import record_sheet


def both_examples(examples_dir: Path, tmp_path: Path) -> CountFile:
    package = json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))
    other = json.loads((examples_dir / "abbey.package.json").read_text(encoding="utf-8"))
    package["contests"] += other["contests"]
    path = tmp_path / "both.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return CountFile.import_package(path, tmp_path / "both.countdesk")


def test_a_summary_carries_the_results_figures(examples_dir: Path, tmp_path: Path) -> None:
    with both_examples(examples_dir, tmp_path) as count_file, prepare_demo(tmp_path / "demo") as demo:
        for source in (count_file, demo):
            for contest_id in source.contest_ids():
                result = source.result(contest_id)
                summary = contest_summary(source, contest_id)
                assert summary == summarise(result)
                assert (summary.contest_id, summary.name, summary.seats) == (
                    contest_id, result.contest.name, result.contest.seats
                )
                assert (summary.stage, summary.round, summary.margin, summary.reconciled) == (
                    result.stage, result.round, result.margin, result.reconciled
                )
                assert summary.elected == tuple(c.candidate.name for c in result.elected)
                assert summary.lot_needed == result.lot_needed
                assert summary.advice == result.advice and summary.problems == result.problems
                kinds = [r.kind for r in result.contest.rounds if r.number == result.round]
                assert summary.round_kind == (kinds[0] if kinds else None)


def test_the_worked_examples_summaries(examples_dir: Path, tmp_path: Path) -> None:
    with both_examples(examples_dir, tmp_path) as count_file:
        riverside, abbey = list(contest_summaries(count_file))
    assert riverside.name == "Riverside" and riverside.elected == ("Zoë O'Connor",)
    assert riverside.margin == 23 and [a.rule for a in riverside.advice] == ["bundle", "absolute", "rejected"]
    assert abbey.elected == ("Catrin Davies", "Aled Bowen", "Rhys Evans") and abbey.margin == 1


def test_summaries_are_read_one_contest_at_a_time(examples_dir: Path, tmp_path: Path) -> None:
    with both_examples(examples_dir, tmp_path) as count_file:
        read: list[str] = []
        real = count_file.result

        def counted(contest_id: str):  # type: ignore[no-untyped-def]
            read.append(contest_id)
            return real(contest_id)

        count_file.result = counted  # type: ignore[method-assign]
        summaries = contest_summaries(count_file)
        assert read == []  # nothing read until asked
        first = next(summaries)
        assert read == [first.contest_id]
        assert [s.contest_id for s in summaries] == count_file.contest_ids()[1:]


def _move_a_vote(count_file: CountFile, contest_id: str, votes: int = 1) -> None:
    """The last round's first sheet again with more votes for the leading candidate (an audited write)."""
    last = count_file.contest(contest_id).rounds[-1]
    sheet = last.sheets[0]
    leader = count_file.result(contest_id).elected[0].candidate.id
    figures = {**sheet.votes, leader: type(sheet.votes[leader])(total=sheet.votes[leader].total + votes)}
    changed = type(sheet)(sheet.table, figures, sheet.rejected, sheet.valid_papers, sheet.rejected_in_part)
    with count_file.store.action(Actor("Test", "supervisor"), "save-sheet", contest_id) as db:
        record_sheet(db, contest_id, last.number, changed, source="entry", entered_by="Test")


def test_the_contests_changed_since_a_reading_are_those_written_after_it(
    examples_dir: Path, tmp_path: Path
) -> None:
    with both_examples(examples_dir, tmp_path) as count_file:
        riverside, abbey = count_file.contest_ids()
        read_at = count_file.fingerprint().event_count
        assert contests_changed_since(count_file, read_at) == set()
        with count_file.store.action(Actor("Test", "supervisor"), "sign-in", "no contest's rows"):
            pass
        assert contests_changed_since(count_file, read_at) == set()
        _move_a_vote(count_file, abbey)
        assert contests_changed_since(count_file, read_at) == {abbey}
        later = count_file.fingerprint().event_count
        _move_a_vote(count_file, riverside)
        assert contests_changed_since(count_file, read_at) == {abbey, riverside}
        assert contests_changed_since(count_file, later) == {riverside}
        assert contests_changed_since(count_file, count_file.fingerprint().event_count) == set()
