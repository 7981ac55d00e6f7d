"""Keying count sheets through the service: who may do what, one audit event per verb, nothing lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.double_entry import SheetState
from app.services.count_file import CountFile
from app.services.counting import ConfirmPaper, Counting
from app.services.errors import BadInput
from tests.domain.sheet_builder import demo_round_one, demo_without_rounds, typed_boxes

CONTEST = "parl.northgate-and-eastwick.2029-05-03"
PINS = {"Helen Marsh": "9876", "Olu": "1111", "Siân": "2222", "Sam": "3333", "Ada": "4444"}


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[CountFile, dict[str, dict[str, object]]]]:
    package, papers = demo_without_rounds(tmp_path)
    count_file = CountFile.import_package(package, tmp_path / "demo.countdesk")
    session = count_file.session
    session.add_person("Helen Marsh", "returning-officer", PINS["Helen Marsh"])
    session.sign_in("Helen Marsh", PINS["Helen Marsh"])
    session.add_person("Olu", "operator", PINS["Olu"])
    session.add_person("Siân", "operator", PINS["Siân"])
    session.add_person("Sam", "supervisor", PINS["Sam"])
    session.add_person("Ada", "administrator", PINS["Ada"])
    yield count_file, papers
    count_file.close()


def as_(count_file: CountFile, name: str) -> None:
    count_file.session.sign_in(name, PINS[name])


def events(count_file: CountFile) -> int:
    return count_file.fingerprint().event_count


def key_sheet(counting: Counting, table: str, paper: dict[str, object], **change: str) -> str:
    view = counting.open_sheet(CONTEST, table)
    typed = typed_boxes(view.layout.keys, paper, view.layout.bundle_size)
    typed.update(change)
    try:
        return counting.save(CONTEST, table, typed, finish=True).message
    except ConfirmPaper:
        return counting.save(CONTEST, table, typed, finish=True, confirmed=True).message


def test_two_operators_key_the_whole_demo_count_and_it_comes_to_the_imported_figures(
    demo: tuple[CountFile, dict[str, dict[str, object]]], tmp_path: Path
) -> None:
    count_file, papers = demo
    counting = Counting(count_file)
    assert [t.step for t in counting.tables(CONTEST)] == ["first entry needed"] * 8
    as_(count_file, "Olu")
    for table, paper in papers.items():
        before = events(count_file)
        assert "A different person keys the second entry" in key_sheet(counting, table, paper)
        assert events(count_file) == before + 2  # start, finish: one event each
    slip = "part:peter-dunmore"
    as_(count_file, "Siân")
    for table, paper in papers.items():
        change = {slip: "9"} if table == "T3" else {}
        message = key_sheet(counting, table, paper, **change)
        assert ("differ" in message) == (table == "T3"), message
    assert [t.state for t in counting.tables(CONTEST)].count(SheetState.ACCEPTED) == 7

    as_(count_file, "Sam")
    [waiting] = counting.waiting(CONTEST)
    assert waiting.layout.table_id == "T3" and waiting.differing == (slip,)
    assert counting.resolve(CONTEST, "T3", {slip: "first"}, "Olu's entry matches the paper") == (
        SheetState.CORRECTION
    )
    as_(count_file, "Olu")
    with pytest.raises(BadInput, match="keyed the other entry"):
        counting.open_sheet(CONTEST, "T3")
    as_(count_file, "Siân")
    view = counting.open_sheet(CONTEST, "T3")
    assert view.correction and view.editable == {slip} and slip not in view.figures
    right = typed_boxes((slip,), papers["T3"], 50)
    assert counting.save(CONTEST, "T3", right, finish=True).state == SheetState.ACCEPTED

    keyed = count_file.result(CONTEST).as_json()
    with CountFile.import_package(demo_round_one(tmp_path), tmp_path / "imported.countdesk") as imported:
        assert keyed == imported.result(CONTEST).as_json()
    assert count_file.store.verify_chain() == []


def test_operators_see_only_their_own_entry_and_supervisors_compare(
    demo: tuple[CountFile, dict[str, dict[str, object]]],
) -> None:
    count_file, papers = demo
    counting = Counting(count_file)
    as_(count_file, "Olu")
    key_sheet(counting, "T1", papers["T1"])
    with pytest.raises(BadInput, match="different person"):
        counting.open_sheet(CONTEST, "T1")
    with pytest.raises(BadInput, match="supervisor"):
        counting.comparison(CONTEST, "T1")
    as_(count_file, "Siân")
    view = counting.open_sheet(CONTEST, "T1")
    assert view.figures == {} and view.number == 2
    as_(count_file, "Ada")
    with pytest.raises(BadInput, match="may enter a count sheet"):
        counting.open_sheet(CONTEST, "T2")
    as_(count_file, "Sam")
    comparison = counting.comparison(CONTEST, "T1")
    assert comparison.first_operator == "Olu" and comparison.second_operator == "Siân"


def test_bad_figures_are_refused_with_the_box_named_and_nothing_saved(
    demo: tuple[CountFile, dict[str, dict[str, object]]],
) -> None:
    count_file, papers = demo
    counting = Counting(count_file)
    as_(count_file, "Olu")
    view = counting.open_sheet(CONTEST, "T1")
    typed = typed_boxes(view.layout.keys, papers["T1"], 50)
    counting.save(CONTEST, "T1", typed)
    before = events(count_file)
    for bad in ("１２", "1_000", "١٢", " 12", "-3", "12345678"):
        with pytest.raises(BadInput, match=r"Zoë Brennan, full bundles: .*nothing was saved"):
            counting.save(CONTEST, "T1", {**typed, "bundles:zoë-brennan": bad})
    with pytest.raises(BadInput, match="every box"):
        counting.save(CONTEST, "T1", {**typed, "part:zoë-brennan": ""}, finish=True)
    assert events(count_file) == before
    assert counting.open_sheet(CONTEST, "T1").figures == {k: int(v) for k, v in typed.items()}


def test_errors_need_the_paper_confirmed_and_then_wait_for_the_supervisor(
    demo: tuple[CountFile, dict[str, dict[str, object]]],
) -> None:
    count_file, papers = demo
    counting = Counting(count_file)
    as_(count_file, "Olu")
    view = counting.open_sheet(CONTEST, "T2")
    typed = {**typed_boxes(view.layout.keys, papers["T2"], 50), "part:amara-okafor": "61"}
    before = events(count_file)
    with pytest.raises(ConfirmPaper) as raised:
        counting.save(CONTEST, "T2", typed, finish=True)
    assert {p.code for p in raised.value.problems} == {"E201", "E203"}
    assert events(count_file) == before
    saved = counting.save(CONTEST, "T2", typed, finish=True, confirmed=True)
    assert saved.state == SheetState.HAS_ERRORS and saved.view is None
    as_(count_file, "Sam")
    [waiting] = counting.waiting(CONTEST)
    assert [p.code for p in waiting.problems] == ["E402"]
    assert {p.code for p in waiting.first_problems} == {"E201", "E203"}
    with pytest.raises(BadInput, match="reason"):
        counting.return_to_operator(CONTEST, "T2", " ")
    before = events(count_file)
    assert counting.return_to_operator(CONTEST, "T2", "paper corrected at the table") == (
        SheetState.FIRST_IN_PROGRESS
    )
    assert counting.discard(CONTEST, "T2", "both", "table recounts") == SheetState.EMPTY
    assert events(count_file) == before + 2  # one event per verb
    reasons = count_file.store.db.execute(
        "SELECT action, reason FROM event WHERE action IN ('return-sheet', 'discard-entry') ORDER BY seq"
    ).fetchall()
    assert reasons == [("return-sheet", "paper corrected at the table"), ("discard-entry", "table recounts")]


def test_an_acknowledged_warning_leaves_the_result_problems(
    demo: tuple[CountFile, dict[str, dict[str, object]]],
) -> None:
    count_file, papers = demo
    counting = Counting(count_file)
    for name in ("Olu", "Siân"):
        as_(count_file, name)
        for table, paper in papers.items():
            key_sheet(counting, table, paper)
    [advice] = counting.open_warnings(CONTEST)
    assert advice.code == "W301"
    as_(count_file, "Olu")
    with pytest.raises(BadInput, match="may acknowledge a warning"):
        counting.acknowledge(CONTEST, advice, "seen")
    as_(count_file, "Sam")
    with pytest.raises(BadInput, match="reason"):
        counting.acknowledge(CONTEST, advice, "")
    before = events(count_file)
    counting.acknowledge(CONTEST, advice, "RO told; candidates informed")
    assert events(count_file) == before + 1
    assert counting.open_warnings(CONTEST) == []
    assert all(p["code"] != "W301" for p in count_file.result(CONTEST).as_json()["problems"])
    [ack] = counting.acknowledgements(CONTEST)
    assert (ack.code, ack.acknowledged_by, ack.reason) == ("W301", "Sam", "RO told; candidates informed")


def test_single_entry_only_by_the_returning_officers_recorded_decision(
    demo: tuple[CountFile, dict[str, dict[str, object]]],
) -> None:
    count_file, papers = demo
    counting = Counting(count_file)
    as_(count_file, "Sam")
    with pytest.raises(BadInput, match="Returning Officer may allow single entry"):
        counting.decide_single_entry(CONTEST, True, "short of staff")
    as_(count_file, "Helen Marsh")
    with pytest.raises(BadInput, match="reason"):
        counting.decide_single_entry(CONTEST, True, "")
    counting.decide_single_entry(CONTEST, True, "short of staff")
    as_(count_file, "Olu")
    assert "single entry" in key_sheet(counting, "T1", papers["T1"])
    decision = counting.single_entry(CONTEST)
    assert decision is not None and decision.decided_by == "Helen Marsh"
    as_(count_file, "Helen Marsh")
    counting.decide_single_entry(CONTEST, False, "staff arrived")
    as_(count_file, "Olu")
    assert "different person" in key_sheet(counting, "T2", papers["T2"])
