"""A2's state machine: the whole count through the real services on a real file, checked against the model."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from app.domain.election import Requester
from app.services import declaration, recounts
from app.services.backups import BACKUP_FOLDER_ENV, backup_on_request
from app.services.count_file import CountFile
from app.services.counting import Counting
from app.services.errors import ServiceError
from app.services.integrity import verify_store
from app.services.verification import Verification
from app.store import StoreError
from app.store.audit import Actor
from tests.faults import workflow_model as wm
from tests.faults import workflow_steps as ws
from tests.faults.workflow_model import ADMIN, ELECTION, KEYERS, OPERATORS, PEOPLE, RO, SUPERVISOR
from tests.faults.workflow_steps import Figures

CONTESTS = tuple(ELECTION)
APPEND_ONLY = ("event", "sheet", "sheet_vote", "sheet_rejected", "sheet_entry", "entry_cell",
               "entry_figures", "sheet_status", "sheet_resolution", "round", "verification_count",
               "contest_stage", "lot", "recount_request")
REFUSED = (ServiceError, StoreError)


class WorkflowMachine(RuleBasedStateMachine):
    template: ClassVar[Path]  # the imported, staffed file; set by the test before running
    drop_lock: ClassVar[bool] = False  # the broken variant whose store lets a declared contest change
    figures: ClassVar[Figures] = Figures()

    def __init__(self) -> None:
        super().__init__()
        shm = Path("/dev/shm")
        self.dir = Path(tempfile.mkdtemp(prefix="countdesk-a2-", dir=shm if shm.is_dir() else None))
        self.path = self.dir / "a2.countdesk"
        shutil.copyfile(self.template, self.path)
        if self.drop_lock:
            ws.drop_lock_triggers(self.path)
        self.old_backup_dir = os.environ.get(BACKUP_FOLDER_ENV)
        os.environ[BACKUP_FOLDER_ENV] = str(self.dir / "backups")
        self.file = CountFile.open(self.path)
        self.counting, self.desk = Counting(self.file), Verification(self.file)
        self.model = {cid: wm.ContestM(cid, cands, tables) for cid, (cands, tables) in ELECTION.items()}
        self.expected: list[wm.Event] = []
        self.seen = self.file.fingerprint().event_count
        self.failures = dict.fromkeys(PEOPLE, 0)
        self.frozen: dict[str, tuple[dict[str, Any], str]] = {}
        self.rows = self._row_counts()
        self.backed_up = self.seen

    def teardown(self) -> None:
        self.file.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.old_backup_dir is None:
            os.environ.pop(BACKUP_FOLDER_ENV, None)
        else:
            os.environ[BACKUP_FOLDER_ENV] = self.old_backup_dir

    # acting
    def _as(self, person: str) -> str:
        """Sign `person` in unless they are at the keyboard already; returns their role."""
        current = self.file.session.current
        if current is None or current.name != person:
            self.file.session.sign_in(person, PEOPLE[person][1])
            self.expected.append(("sign-in", None))
            self.failures[person] = 0
        return PEOPLE[person][0]

    def _run(self, ok: bool, call: Any, what: str) -> Any:
        """Call the service; it must succeed exactly when the model says it may."""
        try:
            made = call()
        except REFUSED as error:
            assert not ok, f"{what}: refused ({error}), but the model allows it"
            return None
        assert ok, f"{what}: done, but the model says it must be refused"
        return made

    def _allowed(self, action: str, role: str, stage: str | None) -> bool:
        roles, stages = wm.ALLOWED[action]
        allowed = role in roles and (stages is None or stage in stages)
        if not allowed:
            self.expected.append(("denied", action))
        return allowed

    def _officer(self, action: str, role: str, holds: bool) -> bool:
        """The RO's steps: a wrong role, a wrong stage or a failing precondition is one denial."""
        if role != wm.ROLE_RO or not holds:
            self.expected.append(("denied", action))
            return False
        return True

    # the steps, with their parameters (the rules below draw them; moves_on chooses them)
    def verify(self, cid: str, box: str, person: str, count: int) -> None:
        model = self.model[cid]
        ok = self._allowed("enter-verification-count", self._as(person), model.stage())
        self._run(ok, lambda: self.desk.enter_count(cid, box, str(count)), f"count {count} for {box}")
        if ok:
            model.counts.setdefault(box, []).append(count)
            self.expected.append(("count-box", None))

    def key(self, cid: str, table: str, person: str, data: st.DataObject) -> None:
        model = self.model[cid]
        role = self._as(person)
        place = (max(model.round, 1), table)
        sheet = model.sheets.get(place)
        action = "correct-entry" if sheet is not None and sheet.state == "correction" else "enter-sheet"
        if not self._allowed(action, role, model.stage()) or model.expected(table) is None:
            self._run(False, lambda: self.counting.open_sheet(cid, table), f"open {table}")
            return
        if sheet is None:
            sheet = model.sheets[place] = wm.SheetM(data.draw(ws.papers(model, table), label="paper"))
        started = wm.open_entry(sheet, person)
        self._run(started is not None, lambda: self.counting.open_sheet(cid, table), f"open {table}")
        if started is None:
            return
        if started:
            self.expected.append(("start-entry", None))
            model.round = max(model.round, 1)
        number = sheet.keying(person)
        assert number is not None
        boxes = sheet.pending[number] if sheet.state == "correction" else set(sheet.paper)
        typed = data.draw(ws.typed(sheet.paper, sorted(boxes)), label="typed")
        finish = data.draw(st.sampled_from((True, True, True, False)), label="finish")
        if not finish and sheet.state != "correction":
            typed = {k: v for k, v in typed.items() if data.draw(st.booleans())} or typed
        self.expected.append((wm.save_entry(model, table, sheet, person, typed, finish), None))
        saved = self.counting.save(cid, table, {k: str(v) for k, v in typed.items()}, finish=finish,
                                   confirmed=True)
        assert saved.state.value == sheet.state, f"{table}: {saved.state.value}, model {sheet.state}"
        WorkflowMachine.figures.accepted_sheets += sheet.state == "accepted"

    def review(self, cid: str, table: str, person: str, what: str) -> None:
        model = self.model[cid]
        sheet = model.sheets.get((max(model.round, 1), table)) or wm.SheetM({})
        if not self._allowed("resolve-difference", self._as(person), model.stage()):
            self._run(False, lambda: self.counting.return_to_operator(cid, table, "paper"), "review")
            return
        if what == "resolve":
            done = sheet.state == "different"
            choices = wm.resolve_by_paper(sheet) if done else {}
            call: Any = lambda: self.counting.resolve(cid, table, choices)  # noqa: E731
            verb = "resolve-differences"
        elif what == "return":
            done = sheet.state in ("different", "has-errors")
            if done:
                wm.return_sheet(sheet)
            call, verb = lambda: self.counting.return_to_operator(cid, table, "paper fixed"), "return-sheet"
        else:
            done = wm.discard(model, table, sheet, what)
            call, verb = lambda: self.counting.discard(cid, table, what, "keyed wrongly"), "discard-entry"
        self._run(done, call, f"{what} on {table}")
        if done:
            self.expected.append((verb, None))

    def provisional(self, cid: str, person: str) -> None:
        model = self.model[cid]
        ok = self._officer("record-provisional", self._as(person), model.provisional_possible())
        made = self._run(ok, lambda: declaration.record_provisional(self.file, cid), "provisional")
        if ok:
            assert made.backup.ok, made.backup.problem
            model.shown.append(model.key())
            self.expected += [("record-provisional", None), ("backup", None)]
            WorkflowMachine.figures.provisionals += 1

    def request(self, cid: str, person: str, kind: str) -> None:
        model = self.model[cid]
        ok = self._allowed("record-recount-request", self._as(person), model.stage())
        asked = Requester("Sam Ash", "candidate")
        made = self._run(ok, lambda: recounts.request_recount(self.file, cid, asked, kind, "close"), kind)
        if ok:
            model.pending[made.seq] = kind
            self.expected.append(("request-recount", None))

    def decide(self, cid: str, person: str, seq: int, grant: bool) -> None:
        model = self.model[cid]
        stages = ("provisional",) if grant else ("counting", "provisional")
        ok = self._officer("decide-recount", self._as(person), model.stage() in stages)
        ok = ok and seq in model.pending  # an unknown request is bad input: no event
        made = self._run(ok, lambda: recounts.decide(self.file, cid, seq, grant, "the RO decides"), "decide")
        if ok:
            del model.pending[seq]
            self.expected.append(("grant-recount" if grant else "refuse-recount", None))
            if grant:
                model.round += 1
                assert made == model.round
                WorkflowMachine.figures.recounts += 1

    def lot(self, cid: str, person: str, winner: str) -> None:
        model = self.model[cid]
        tied = model.tied()
        ok = self._officer("record-lot", self._as(person), model.lot_possible()) and winner in tied
        self._run(ok, lambda: declaration.record_lot(self.file, cid, winner, "drawn", ["agent"]), "lot")
        if ok:
            model.lots.append((frozenset(tied), winner))
            self.expected.append(("record-lot", None))
            WorkflowMachine.figures.lots += 1

    def declare(self, cid: str, person: str, right_pin: bool) -> None:
        model = self.model[cid]
        right_pin = right_pin or self.failures[person] >= 3  # never five wrong in a row: no lockout
        ok = self._officer("declare", self._as(person), model.declaration_possible())
        pin = PEOPLE[person][1] if right_pin else "9999"
        if ok and not right_pin:
            self.expected.append(("sign-in-failed", None))
            self.failures[person] += 1
        self._run(ok and right_pin, lambda: declaration.declare(self.file, cid, pin), "declare")
        if ok and right_pin:
            self.expected += [("sign-in", None), ("declare", None), ("backup", None)]
            model.declared = True
            result = self.file.result(cid)
            self.frozen[cid] = (result.as_json(), self.file.store.audit.state.digest(f"contest:{cid}"))
            WorkflowMachine.figures.declarations += 1

    def backup(self, person: str) -> None:
        folder = self.dir / "usb"
        folder.mkdir(exist_ok=True)
        ok = self._allowed("backup", self._as(person), None)
        info = self._run(ok, lambda: backup_on_request(self.file, folder), "backup")
        if not ok:
            return
        self.expected.append(("backup", None))
        ws.compare_restored(self.file, info, self.dir / f"restored-{info.events}.countdesk")
        WorkflowMachine.figures.restores += 1

    def refused_when_declared(self, cid: str, what: str) -> None:
        """Every path into a declared contest is refused, with exactly one event saying so."""
        model = self.model[cid]
        table, box = next(iter(model.tables.items()))
        if what == "count":
            self.verify(cid, next(iter(box)), OPERATORS[0], 1)
        elif what == "key":
            self._as(OPERATORS[0])
            self.expected.append(("denied", "enter-sheet"))
            self._run(False, lambda: self.counting.open_sheet(cid, table), "key a declared contest")
        elif what == "request":
            self.request(cid, SUPERVISOR, "full-recount")
        elif what == "provisional":
            self.provisional(cid, RO)
        elif what == "declare":
            self.declare(cid, RO, True)
        elif what == "decide":
            self.decide(cid, RO, next(iter(model.pending), 10_000), False)
        else:  # straight to the store, past every service check: the store's lock refuses it
            self._as(OPERATORS[0])
            self.expected.append(("refused", "enter-sheet"))
            write = lambda: ws.write_a_sheet(self.file, cid, Actor(OPERATORS[0], "operator"))  # noqa: E731
            self._run(False, write, "a store write to a declared contest")

    # the rules
    @rule(data=st.data())
    def count_a_box(self, data: st.DataObject) -> None:
        cid = data.draw(st.sampled_from(CONTESTS))
        model = self.model[cid]
        boxes = [b for t, bs in model.tables.items() if not model.table_touched(t) for b in bs]
        if boxes:
            box = data.draw(st.sampled_from(boxes))
            person = data.draw(st.sampled_from((*KEYERS, *OPERATORS, RO)))
            issued = model.issued(box)
            count = data.draw(st.sampled_from((issued, issued, issued + 1, issued - 1)))
            self.verify(cid, box, person, count)

    @rule(data=st.data())
    def key_a_sheet(self, data: st.DataObject) -> None:
        cid = data.draw(st.sampled_from(CONTESTS))
        table = data.draw(st.sampled_from(sorted(self.model[cid].tables)))
        self.key(cid, table, data.draw(st.sampled_from((*KEYERS, *OPERATORS, RO, ADMIN))), data)

    @rule(data=st.data())
    def review_a_sheet(self, data: st.DataObject) -> None:
        cid = data.draw(st.sampled_from(CONTESTS))
        table = data.draw(st.sampled_from(sorted(self.model[cid].tables)))
        person = data.draw(st.sampled_from((SUPERVISOR, SUPERVISOR, RO, OPERATORS[1])))
        self.review(cid, table, person, data.draw(st.sampled_from(("resolve", "resolve", "return", "second",
                                                                     "both"))))

    @rule(cid=st.sampled_from(CONTESTS), person=st.sampled_from((RO, RO, RO, SUPERVISOR)))
    def record_provisional(self, cid: str, person: str) -> None:
        self.provisional(cid, person)

    @rule(cid=st.sampled_from(CONTESTS), person=st.sampled_from((SUPERVISOR, RO, OPERATORS[0])),
          kind=st.sampled_from(("bundle-check", "full-recount")))
    def request_recount(self, cid: str, person: str, kind: str) -> None:
        self.request(cid, person, kind)

    @rule(data=st.data())
    def decide_recount(self, data: st.DataObject) -> None:
        cid = data.draw(st.sampled_from(CONTESTS))
        seq = data.draw(st.sampled_from((*self.model[cid].pending, 10_000)))
        self.decide(cid, data.draw(st.sampled_from((RO, RO, RO, SUPERVISOR))), seq, data.draw(st.booleans()))

    @rule(data=st.data())
    def draw_a_lot(self, data: st.DataObject) -> None:
        cid = data.draw(st.sampled_from(CONTESTS))
        model = self.model[cid]
        winner = data.draw(st.sampled_from(sorted(model.tied()) or model.candidates))
        self.lot(cid, data.draw(st.sampled_from((RO, RO, RO, SUPERVISOR))), winner)

    @rule(cid=st.sampled_from(CONTESTS), person=st.sampled_from((RO, RO, RO, SUPERVISOR)),
          right_pin=st.sampled_from((True, True, False)))
    def declare_the_result(self, cid: str, person: str, right_pin: bool) -> None:
        self.declare(cid, person, right_pin)

    # a backup and its restored copy take a tenth of a second: one after each 25 events at most
    @precondition(lambda self: self.file.fingerprint().event_count >= self.backed_up + 25)
    @rule(person=st.sampled_from((SUPERVISOR, RO, ADMIN, OPERATORS[0])))
    def back_up_and_restore(self, person: str) -> None:
        self.backed_up = self.file.fingerprint().event_count
        self.backup(person)

    @rule(data=st.data())
    def try_a_declared_contest(self, data: st.DataObject) -> None:
        declared = [cid for cid, m in self.model.items() if m.declared]
        if declared:
            what = ("count", "key", "request", "provisional", "declare", "decide", *("store",) * 3)
            self.refused_when_declared(data.draw(st.sampled_from(declared)), data.draw(st.sampled_from(what)))

    def _move_on(self, data: st.DataObject) -> None:
        open_ = [cid for cid in CONTESTS if not self.model[cid].declared]
        if not open_:
            self.try_a_declared_contest(data)
            return
        cid = data.draw(st.sampled_from(open_))
        step = ws.next_step(self.model[cid], data)
        if step is not None:
            getattr(self, step[0])(cid, *step[1:])

    # The natural next step of a contest, under four names: Hypothesis picks among rules
    # evenly, and random steps alone rarely get a count as far as its declaration.
    @rule(data=st.data())
    def moves_on(self, data: st.DataObject) -> None:
        self._move_on(data)

    @rule(data=st.data())
    def moves_on_again(self, data: st.DataObject) -> None:
        self._move_on(data)

    @rule(data=st.data())
    def and_again(self, data: st.DataObject) -> None:
        self._move_on(data)

    @rule(data=st.data())
    def and_on(self, data: st.DataObject) -> None:
        self._move_on(data)

    # after every step
    @invariant()
    def everything_holds(self) -> None:
        WorkflowMachine.figures.steps += 1
        self._check_events()
        report = verify_store(self.file.store)
        assert report.ok, [str(f) for f in report.findings]
        for cid, model in self.model.items():
            self._check_contest(cid, model)
        rows = self._row_counts()
        shrunk = [t for t in APPEND_ONLY if rows[t] < self.rows[t]]
        assert not shrunk, f"rows lost from {shrunk}"
        self.rows = rows

    def _check_events(self) -> None:
        found = self.file.store.db.execute(
            "SELECT seq, action, after FROM event WHERE seq > ? ORDER BY seq", [self.seen]
        ).fetchall()
        actual = [(action, json.loads(after).get("action") if action in ("denied", "refused") else None)
                  for _, action, after in found]
        assert actual == self.expected, f"events {actual}, the model expected {self.expected}"
        WorkflowMachine.figures.events += len(actual)
        WorkflowMachine.figures.denials += sum(a in ("denied", "refused") for a, _ in actual)
        self.seen = found[-1][0] if found else self.seen
        self.expected = []

    def _check_contest(self, cid: str, model: wm.ContestM) -> None:
        result = self.file.result(cid)
        votes, won = model.votes()
        assert (result.stage, result.round) == (model.stage(), model.round), cid
        assert {c.candidate.id: c.votes for c in result.candidates} == votes, cid
        assert {c.candidate.id for c in result.candidates if c.won_lot} == won, cid
        assert self.file.store.sql_vote_totals(cid) == model.raw_votes(), f"{cid}: totals by SQL"
        assert result.reconciled == model.reconciled() and result.lot_needed == bool(model.tied()), cid
        contest = result.contest
        assert {p.seq for p in recounts.pending(self.file, cid)} == set(model.pending), cid
        assert len(contest.pending_requests) == len(model.pending), cid
        states = {p.table_id: p.state.value for p in self.counting.tables(cid)}
        number = max(model.round, 1)
        assert states == {t: getattr(model.sheets.get((number, t)), "state", "empty") for t in model.tables}
        rounds = {r.number: {s.table: s for s in r.sheets} for r in contest.rounds}
        for (number, table), cells in model.accepted.items():  # no accepted sheet ever lost
            stored = rounds[number][table]
            assert {c: v.total for c, v in stored.votes.items()} == wm.totals(cells, model.candidates)
        if cid in self.frozen:
            as_json, digest = self.frozen[cid]
            assert result.as_json() == as_json, f"declared {cid} changed"
            assert self.file.store.audit.state.digest(f"contest:{cid}") == digest, f"declared {cid} rows"

    def _row_counts(self) -> dict[str, int]:
        db = self.file.store.db
        return {t: int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in APPEND_ONLY}
