"""A2's model of the count, kept apart from the app: boxes, papers, double entry, stages, lots, events."""

# The model re-derives, in its own few lines, what design.md says each step does to a small
# election (two single-seat contests with a handful of papers, so ties and lots come up often).
# The state machine compares the real services against it after every step.

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

BUNDLE = 50  # bigger than any table here: every full-bundles box is 0, the part box holds all
HEADS = ("no-official-mark", "too-many-votes", "identifies-voter", "unmarked-or-void")
RO, SUPERVISOR, ADMIN = "Helen Marsh", "Priya Shah", "Dev Ahmed"
OPERATORS = ("Tom Evans", "Siân Roberts")
PEOPLE = {
    RO: ("returning-officer", "1111"), SUPERVISOR: ("supervisor", "2222"),
    OPERATORS[0]: ("operator", "3333"), OPERATORS[1]: ("operator", "4444"),
    ADMIN: ("administrator", "5555"),
}
KEYERS = (*OPERATORS, SUPERVISOR)  # the roles that may key sheets and count boxes
ALPHA, BETA = "parl.alpha.2029-05-03", "parl.beta.2029-05-03"
# contest -> (candidates, {table: {box: issued}})
ELECTION = {
    ALPHA: (("ash", "birch", "cedar"), {"TA1": {"A1": 9}, "TA2": {"A2": 7}}),
    BETA: (("dale", "elm"), {"TB1": {"B1": 6}}),
}
OP, SUP, ROLE_RO, ROLE_ADMIN = "operator", "supervisor", "returning-officer", "administrator"
KEYING_STAGES = {"setup", "verification", "counting"}
# The few rows of design.md's role × stage table this machine needs, written again (not imported).
ALLOWED = {
    "enter-verification-count": ({OP, SUP}, KEYING_STAGES),
    "enter-sheet": ({OP, SUP}, KEYING_STAGES),
    "correct-entry": ({OP, SUP}, KEYING_STAGES),
    "resolve-difference": ({SUP, ROLE_RO}, {"verification", "counting"}),
    "record-recount-request": ({SUP, ROLE_RO}, {"provisional"}),
    "backup": ({SUP, ROLE_RO, ROLE_ADMIN}, None),
}
Cells = dict[str, int]
Event = tuple[str, str | None]  # (audit action, the policy action a denial names)


def write_package(path: Path) -> None:
    contests = []
    for contest_id, (candidates, tables) in ELECTION.items():
        boxes = [{"id": b, "kind": "postal", "issued": n} for t in tables.values() for b, n in t.items()]
        contests.append({
            "id": contest_id, "name": contest_id.split(".")[1].title(), "profile": "uk-parliamentary",
            "seats": 1, "electorate": 100, "bundle_size": BUNDLE,
            "candidates": [{"id": c, "surname": c.title(), "forenames": "Sam", "description": "Party"}
                           for c in candidates],
            "ballot_boxes": boxes,
            "count_tables": [{"id": t, "boxes": list(b)} for t, b in tables.items()],
        })
    election = {"id": "parl.2029-05-03", "title": "A2 election", "poll_date": "2029-05-03",
                "authority": "Council", "venue": "Hall", "training": True,
                "returning_officer": {"name": RO, "capacity": "Acting Returning Officer"}}
    package = {"format": "countdesk-election-package/1", "election": election, "contests": contests}
    path.write_text(json.dumps(package), encoding="utf-8")


def paper_cells(votes: dict[str, int], rejected: dict[str, int]) -> Cells:
    cells = {}
    for candidate, n in votes.items():
        cells[f"bundles:{candidate}"], cells[f"part:{candidate}"] = divmod(n, BUNDLE)
    for head in HEADS:
        cells[f"rejected:{head}"] = rejected.get(head, 0)
    return cells


def totals(cells: Cells, candidates: tuple[str, ...]) -> dict[str, int]:
    return {c: cells[f"bundles:{c}"] * BUNDLE + cells[f"part:{c}"] for c in candidates}


def splits(n: int, parts: int) -> list[tuple[int, ...]]:
    return [s for s in product(range(n + 1), repeat=parts) if sum(s) == n]


@dataclass
class EntryM:
    operator: str
    cells: Cells = field(default_factory=dict)
    typed_by: dict[str, str] = field(default_factory=dict)
    finished: bool = False

    @property
    def people(self) -> set[str]:
        return {self.operator, *self.typed_by.values()}

    def type(self, typed: Cells, person: str) -> None:
        self.typed_by = {k: self.typed_by[k] if self.cells.get(k) == v and k in self.typed_by else person
                         for k, v in typed.items()}
        self.cells = dict(typed)


@dataclass
class SheetM:
    paper: Cells
    state: str = "empty"
    first: EntryM | None = None
    second: EntryM | None = None
    pending: dict[int, set[str]] = field(default_factory=dict)

    def entry(self, number: int) -> EntryM:
        found = self.first if number == 1 else self.second
        assert found is not None
        return found

    def keying(self, person: str) -> int | None:
        """The entry `person` would key now (the design's rules, written again), or None: refused."""
        if self.state == "first-in-progress":
            return 1 if self.entry(1).operator == person else None
        if self.state == "second-in-progress":
            return 2 if self.entry(2).operator == person else None
        if self.state == "correction":
            allowed = [n for n in sorted(self.pending) if person not in self.entry(3 - n).people]
            own = [n for n in allowed if person in self.entry(n).people]
            return next(iter(own or allowed), None)
        return None


@dataclass
class ContestM:
    id: str
    candidates: tuple[str, ...]
    tables: dict[str, dict[str, int]]
    counts: dict[str, list[int]] = field(default_factory=dict)
    round: int = 0
    sheets: dict[tuple[int, str], SheetM] = field(default_factory=dict)
    accepted: dict[tuple[int, str], Cells] = field(default_factory=dict)
    shown: list[object] = field(default_factory=list)  # figures of each provisional result
    pending: dict[int, str] = field(default_factory=dict)  # request seq -> kind
    lots: list[tuple[frozenset[str], str]] = field(default_factory=list)
    declared: bool = False

    # verification
    def issued(self, box: str) -> int:
        return next(t[box] for t in self.tables.values() if box in t)

    def figure(self, box: str) -> int | None:
        counts = self.counts.get(box, [])
        if counts and counts[-1] == self.issued(box):
            return counts[-1]
        if len(counts) >= 2 and counts[-1] == counts[-2]:
            return counts[-1]
        return None

    def boxes(self) -> list[str]:
        return [b for t in self.tables.values() for b in t]

    def expected(self, table: str) -> int | None:
        figures = [self.figure(b) for b in self.tables[table]]
        return None if None in figures else sum(f for f in figures if f is not None)

    def all_verified(self) -> bool:
        return all(self.figure(b) is not None for b in self.boxes())

    def table_touched(self, table: str) -> bool:
        return any(t == table for (_, t) in self.sheets)

    # figures
    def in_effect(self, table: str) -> Cells | None:
        for number in range(self.round, 0, -1):
            if (number, table) in self.accepted:
                return self.accepted[(number, table)]
        return None

    def raw_votes(self) -> dict[str, int]:
        votes = dict.fromkeys(self.candidates, 0)
        for table in self.tables:
            cells = self.in_effect(table)
            for c, n in totals(cells, self.candidates).items() if cells else ():
                votes[c] += n
        return votes

    def tie_group(self, votes: dict[str, int]) -> set[str]:
        ranked = sorted(votes.values(), reverse=True)
        if ranked[0] != ranked[1]:
            return set()
        return {c for c, n in votes.items() if n == ranked[0]}

    def votes(self) -> tuple[dict[str, int], set[str]]:
        """Votes with each lot that still decides a tie applied (+1), and the lots' winners."""
        votes, won = self.raw_votes(), set()
        for tied, winner in self.lots:
            if tied <= self.tie_group(votes):
                votes[winner] += 1
                won.add(winner)
        return votes, won

    def tied(self) -> set[str]:
        return self.tie_group(self.votes()[0])

    def balances(self, cells: Cells, table: str) -> bool:
        papers = sum(totals(cells, self.candidates).values()) + sum(cells[f"rejected:{h}"] for h in HEADS)
        return papers == self.expected(table)

    def reconciled(self) -> bool:
        if not self.all_verified():
            return False
        return all((cells := self.in_effect(t)) is not None and self.balances(cells, t) for t in self.tables)

    def key(self) -> object:
        """What makes two results the same figures (the app's digest, in the model's terms)."""
        tables = tuple((t, tuple(sorted((self.in_effect(t) or {}).items())), self.expected(t))
                       for t in sorted(self.tables))
        return (self.round, tables)

    def stage(self) -> str:
        if self.declared:
            return "declared"
        if self.key() in self.shown:
            return "provisional"
        counted = any(self.counts.values())
        sheet = any(self.in_effect(t) is not None for t in self.tables)
        if not counted and not sheet:
            return "setup"
        if not self.all_verified() and not sheet:
            return "verification"
        return "counting"

    # what each officer's step needs (design.md §3)
    def count_complete(self) -> bool:
        return (not self.declared and self.all_verified() and self.round >= 1
                and all((self.round, t) in self.accepted for t in self.tables) and self.reconciled())

    def provisional_possible(self) -> bool:
        return self.count_complete() and self.key() not in self.shown

    def declaration_possible(self) -> bool:
        return self.count_complete() and not self.tied() and not self.pending and self.key() in self.shown

    def lot_possible(self) -> bool:
        return self.stage() == "provisional" and bool(self.tied()) and not self.pending


def has_errors(contest: ContestM, table: str, cells: Cells) -> bool:
    expected = contest.expected(table)
    if expected is None or len(cells) != 2 * len(contest.candidates) + len(HEADS):
        return True
    votes = totals(cells, contest.candidates)
    too_big = any(cells[f"part:{c}"] >= BUNDLE or votes[c] > expected for c in contest.candidates)
    return too_big or not contest.balances(cells, table)


def open_entry(sheet: SheetM, person: str) -> bool | None:
    """Claim or resume `person`'s entry: True when a new entry starts, False when resumed, None: refused."""
    if sheet.state == "empty":
        sheet.first, sheet.state = EntryM(person), "first-in-progress"
        return True
    if sheet.state == "first-done":
        if person in sheet.entry(1).people:
            return None  # the second entry must be someone else's
        sheet.second, sheet.state = EntryM(person), "second-in-progress"
        return True
    return None if sheet.keying(person) is None else False


def save_entry(contest: ContestM, table: str, sheet: SheetM, person: str, typed: Cells, finish: bool) -> str:
    """What the sheet becomes when `person` saves (or finishes) what they typed; the audit verb."""
    number = sheet.keying(person)
    assert number is not None
    own = sheet.entry(number)
    correction = sheet.state == "correction"
    if correction:
        typed = {**{k: v for k, v in own.cells.items() if k not in sheet.pending[number]}, **typed}
    own.type(typed, person)
    verb = ("finish-" if finish else "save-") + ("correction" if correction else "entry")
    if not finish:
        return verb
    own.finished = True
    if correction:
        del sheet.pending[number]
        if not sheet.pending:
            _settle(contest, table, sheet)
    elif number == 1:
        sheet.state = "has-errors" if has_errors(contest, table, own.cells) else "first-done"
    else:
        _settle(contest, table, sheet)
    return verb


def _settle(contest: ContestM, table: str, sheet: SheetM) -> None:
    first, second = sheet.entry(1), sheet.entry(2)
    if first.cells != second.cells:
        sheet.state = "different"
    elif has_errors(contest, table, first.cells):
        sheet.state = "has-errors"
    else:
        sheet.state = "accepted"
        contest.accepted[(contest.round, table)] = dict(first.cells)


def resolve_by_paper(sheet: SheetM) -> dict[str, str]:
    """The supervisor's choices: for each differing box, the entry that matches the paper."""
    first, second = sheet.entry(1), sheet.entry(2)
    choices = {}
    for key in sorted(set(first.cells) | set(second.cells)):
        if first.cells.get(key) != second.cells.get(key):
            right = sheet.paper[key]
            choices[key] = ("first" if first.cells.get(key) == right
                            else "second" if second.cells.get(key) == right else "neither")
    sheet.pending = {n: cells for n, cells in (
        (1, {k for k, c in choices.items() if c != "first"}),
        (2, {k for k, c in choices.items() if c != "second"}),
    ) if cells}
    for number, cells in sheet.pending.items():
        entry = sheet.entry(number)
        entry.cells = {k: v for k, v in entry.cells.items() if k not in cells}
        entry.typed_by = {k: v for k, v in entry.typed_by.items() if k not in cells}
        entry.finished = False
    sheet.state = "correction"
    return choices


def return_sheet(sheet: SheetM) -> None:
    sheet.entry(1).finished = False
    sheet.state, sheet.second, sheet.pending = "first-in-progress", None, {}


def discard(contest: ContestM, table: str, sheet: SheetM, which: str) -> bool:
    """Set aside the second entry or both; False when the design refuses it."""
    if which == "both":
        if sheet.state in ("empty", "accepted"):
            return False
        sheet.state, sheet.first, sheet.second, sheet.pending = "empty", None, None, {}
        return True
    if sheet.state not in ("second-in-progress", "different") or sheet.first is None:
        return False
    if not sheet.first.finished or has_errors(contest, table, sheet.first.cells):
        return False
    sheet.state, sheet.second, sheet.pending = "first-done", None, {}
    return True

