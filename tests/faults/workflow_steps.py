"""A2's choices: the papers and what operators type (strategies), each contest's natural next step."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from app.services.backups import restore_backup
from app.services.count_file import CountFile
from app.services.integrity import verify_count_file
from app.store.audit import Actor
from app.store.backup import BackupInfo
from app.store.recorder import record_sheet
from tests.faults.workflow_model import (
    HEADS,
    KEYERS,
    RO,
    SUPERVISOR,
    Cells,
    ContestM,
    paper_cells,
    splits,
    totals,
)


@st.composite
def papers(draw: st.DrawFn, contest: ContestM, table: str) -> Cells:
    """The paper sheet of a table in the round now: any split of its papers, often one that
    leaves the top two level (a lot), in a recount often the last round's paper (or one vote moved)."""
    expected = contest.expected(table)
    assert expected is not None
    earlier = contest.sheets.get((contest.round - 1, table))
    how = draw(st.sampled_from(("any", "level", "level", "again", "again") if earlier else ("any", "level")))
    if how == "again" and earlier is not None:
        return moved(draw, earlier.paper, [f"part:{c}" for c in contest.candidates])
    others = dict.fromkeys(contest.candidates, 0)
    for other in contest.tables:
        sheet = contest.sheets.get((max(contest.round, 1), other))
        cells = sheet.paper if sheet is not None else contest.in_effect(other)
        for c, n in totals(cells, contest.candidates).items() if other != table and cells else ():
            others[c] += n
    rejected = draw(st.sampled_from((0, 0, 1))) if expected else 0
    options = splits(expected - rejected, len(contest.candidates))
    if how == "level":
        level = [s for s in options
                 if contest.tie_group({c: others[c] + n for c, n in zip(contest.candidates, s, strict=True)})]
        options = level or options
    split = draw(st.sampled_from(options))
    return paper_cells(dict(zip(contest.candidates, split, strict=True)),
                       {draw(st.sampled_from(HEADS)): rejected} if rejected else {})


def moved(draw: st.DrawFn, paper: Cells, keys: list[str]) -> Cells:
    """The paper, or with one paper moved from one pile to another (it still balances)."""
    cells = dict(paper)
    if draw(st.booleans()):
        losing, gaining = draw(st.permutations(keys))[:2]
        if cells[losing] > 0:
            cells[losing] -= 1
            cells[gaining] += 1
    return cells


@st.composite
def typed(draw: st.DrawFn, paper: Cells, keys: list[str]) -> Cells:
    """What an operator types for these boxes: mostly the paper, sometimes a slip."""
    cells = {k: paper[k] for k in keys}
    kind = draw(st.sampled_from(("paper", "paper", "paper", "moved", "slip")))
    if kind == "moved" and len(keys) >= 2:
        cells = moved(draw, cells, keys)
    elif kind == "slip":
        key = draw(st.sampled_from(keys))
        cells[key] += draw(st.sampled_from((1, 1, 2, 9)))
    return cells


Step = tuple[Any, ...]


def next_step(contest: ContestM, data: st.DataObject) -> Step | None:
    """The natural next step for the contest, as (machine method, its arguments after the contest)."""
    for table, boxes in contest.tables.items():
        for box in boxes:
            if contest.figure(box) is None and not contest.table_touched(table):
                return ("verify", box, data.draw(st.sampled_from(KEYERS)), contest.issued(box))
    number = max(contest.round, 1)
    for table in contest.tables:
        if (number, table) in contest.accepted:
            continue
        sheet = contest.sheets.get((number, table))
        state = sheet.state if sheet is not None else "empty"
        if state in ("different", "has-errors"):
            choices = ("resolve", "resolve", "resolve", "second", "return") if state == "different" else (
                "return", "return", "both")
            return ("review", table, SUPERVISOR, data.draw(st.sampled_from(choices)))
        who = [p for p in KEYERS if state == "empty" or sheet is None or sheet.keying(p) is not None
               or (state == "first-done" and p not in sheet.entry(1).people)]
        if not who:
            return ("review", table, SUPERVISOR, "both")
        return ("key", table, data.draw(st.sampled_from(who)), data)
    stage = contest.stage()
    if contest.pending:
        grant = stage == "provisional" and data.draw(st.sampled_from((True, True, False)))
        return ("decide", RO, next(iter(contest.pending)), grant)
    if stage == "counting":
        return ("provisional", RO)
    if stage == "provisional":
        if contest.tied():
            return ("lot", RO, data.draw(st.sampled_from(sorted(contest.tied()))))
        if data.draw(st.sampled_from((True, False) if contest.round == 1 else (True, False, False, False))):
            return ("request", SUPERVISOR, data.draw(st.sampled_from(("bundle-check", "full-recount"))))
        return ("declare", RO, data.draw(st.sampled_from((True, True, True, False))))
    return None


def drop_lock_triggers(path: Path) -> None:
    """The broken variant: a file whose store no longer locks a declared contest."""
    conn = sqlite3.connect(path)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%declared and locked%'"
    ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.commit()
    conn.close()


def compare_restored(count_file: CountFile, info: BackupInfo, target: Path) -> None:
    """Restored to a new file, the backup verifies, has the same results and our log, then "restore"."""
    target.unlink(missing_ok=True)
    restore_backup(info.path, target)
    report = verify_count_file(target, expect_events=info.events, expect_head=info.head[:16])
    assert report.ok, [str(f) for f in report.findings]
    with CountFile.open(target) as restored:
        assert [r.as_json() for r in restored.results()] == [r.as_json() for r in count_file.results()]
        ours = count_file.store.db.execute("SELECT hash FROM event WHERE seq = ?", [info.events]).fetchone()
        assert ours[0] == info.head and restored.fingerprint().event_count == info.events + 1
        last = restored.store.db.execute("SELECT action FROM event ORDER BY seq DESC LIMIT 1").fetchone()
        assert last[0] == "restore"


@dataclass
class Figures:
    """What the runs covered, summed over every example (printed by the tests)."""

    steps: int = 0
    events: int = 0
    denials: int = 0
    accepted_sheets: int = 0
    provisionals: int = 0
    recounts: int = 0
    lots: int = 0
    declarations: int = 0
    restores: int = 0


def write_a_sheet(count_file: CountFile, contest_id: str, actor: Actor) -> None:
    """A sheet written straight to the store, past every check of the services."""
    contest = count_file.contest(contest_id)
    with count_file.store.action(actor, "enter-sheet", "sheet") as db:
        record_sheet(db, contest_id, contest.current_round, contest.rounds[-1].sheets[0], source="entry",
                     entered_by=actor.name)
