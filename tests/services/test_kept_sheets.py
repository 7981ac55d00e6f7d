"""Keying with sheets and checks kept between verbs: the outcome of reading every time, never stale."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.double_entry import SheetState
from app.domain.entry_check import SheetRules
from app.services.count_file import CountFile
from app.services.counting import ConfirmPaper, Counting
from app.services.errors import BadInput
from app.services.kept_sheets import CheckedRules
from tests.domain.sheet_builder import typed_boxes
from tests.services.conftest import DEMO_PINS, demo_to_key

CONTEST = "parl.northgate-and-eastwick.2029-05-03"
PINS = DEMO_PINS
SLIP = "part:peter-dunmore"


def _demo(folder: Path) -> tuple[CountFile, dict[str, dict[str, object]]]:
    folder.mkdir()
    return demo_to_key(folder, signed_in=True)


def _as(count_file: CountFile, name: str) -> None:
    count_file.session.sign_in(name, PINS[name])


def _night(
    count_file: CountFile, papers: dict[str, dict[str, object]], counting: Callable[[], Counting]
) -> None:
    """Both entries of every table (one slip, resolved and re-keyed), each verb through counting()."""
    for name in ("Olu", "Siân"):
        _as(count_file, name)
        for table, paper in papers.items():
            view = counting().open_sheet(CONTEST, table)
            typed = typed_boxes(view.layout.keys, paper, view.layout.bundle_size)
            if name == "Siân" and table == "T3":
                typed[SLIP] = "9"
            counting().save(CONTEST, table, dict(list(typed.items())[:3]))  # part-way, then the rest
            try:
                counting().save(CONTEST, table, typed, finish=True)
            except ConfirmPaper:
                counting().save(CONTEST, table, typed, finish=True, confirmed=True)
    _as(count_file, "Sam")
    counting().resolve(CONTEST, "T3", {SLIP: "first"}, "Olu's entry matches the paper")
    _as(count_file, "Siân")
    counting().open_sheet(CONTEST, "T3")
    counting().save(CONTEST, "T3", typed_boxes((SLIP,), papers["T3"], 50), finish=True)


def _record(count_file: CountFile) -> tuple[list[object], ...]:
    db = count_file.store.db
    tables = [
        db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
        for table in ("sheet_entry", "entry_cell", "entry_figures", "sheet_status", "sheet", "sheet_vote",
                      "sheet_rejected")
    ]
    rows = db.execute("SELECT user, action, object, before, after, reason, state FROM event ORDER BY seq")
    events = [
        # the people's PINs are salted, so the election's digests differ from file to file
        (*row[:-1], {k: v for k, v in json.loads(row[-1] or "{}").items() if k.startswith("contest:")})
        for row in rows
    ]
    return (*tables, events)


def test_one_counting_kept_all_night_writes_what_a_fresh_one_per_verb_writes(tmp_path: Path) -> None:
    kept, papers = _demo(tmp_path / "kept")
    fresh, _ = _demo(tmp_path / "fresh")
    counting = Counting(kept)
    _night(kept, papers, lambda: counting)
    _night(fresh, papers, lambda: Counting(fresh))  # reads every sheet from its rows
    assert _record(kept) == _record(fresh)  # rows, and events with their digests, alike
    assert {t.state for t in counting.tables(CONTEST)} == {SheetState.ACCEPTED}
    assert kept.result(CONTEST).as_json() == fresh.result(CONTEST).as_json()
    kept.close()
    fresh.close()


def test_a_sheet_changed_elsewhere_is_read_again_not_taken_from_memory(tmp_path: Path) -> None:
    count_file, papers = _demo(tmp_path / "demo")
    screen, review = Counting(count_file), Counting(count_file)  # two windows on one file
    _as(count_file, "Olu")
    view = screen.open_sheet(CONTEST, "T1")
    typed = typed_boxes(view.layout.keys, papers["T1"], 50)
    screen.save(CONTEST, "T1", typed)
    _as(count_file, "Sam")
    assert review.discard(CONTEST, "T1", "both", "the paper sheet was torn") == SheetState.EMPTY
    _as(count_file, "Olu")
    with pytest.raises(BadInput):
        screen.save(CONTEST, "T1", typed, finish=True)  # what the screen last wrote is gone
    assert [t.state for t in screen.tables(CONTEST) if t.table_id == "T1"] == [SheetState.EMPTY]
    count_file.close()


def test_checked_rules_find_the_problems_the_rules_find(tmp_path: Path) -> None:
    count_file, papers = _demo(tmp_path / "demo")
    result = count_file.result(CONTEST)
    view_layout = Counting(count_file)
    _as(count_file, "Olu")
    layout = view_layout.open_sheet(CONTEST, "T2").layout
    plain = SheetRules(result.contest, layout, result.expected_papers["T2"])
    checked = CheckedRules(result.contest, layout, result.expected_papers["T2"])
    typed = {k: int(v) for k, v in typed_boxes(layout.keys, papers["T2"], 50).items()}
    variants = [typed, {**typed, SLIP: 49}, {k: v for k, v in list(typed.items())[:2]}, {}]
    variants += [{**typed, SLIP: n} for n in range(6)] + [typed, {**typed, SLIP: 49}]
    for figures in variants:
        assert checked.problems(figures) == plain.problems(figures)
    assert checked.problems({**typed, SLIP: 49}) != checked.problems(typed)
    count_file.close()
