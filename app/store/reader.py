"""Reads the count file back into domain objects: the election and each contest with its figures."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from sys import intern
from weakref import WeakKeyDictionary

from sqlite_utils import Database

from app.domain.election import (
    BallotBox,
    BoxVerification,
    Candidate,
    Contest,
    CountSheet,
    CountTable,
    Election,
    Lot,
    ReturningOfficer,
    Round,
    VoteFigure,
)
from app.domain.profile import RecountRules, RelativeRule
from app.store.entries import acknowledged_warnings
from app.store.recorder import fraction_from_json
from app.store.stages import load_stage_history, request_from_row

# Tables of a contest's scope whose rows load_contest never reads: keying entries, not figures.
NOT_READ_BY_CONTEST = frozenset(
    ("sheet_entry", "entry_cell", "entry_figures", "sheet_status", "sheet_resolution", "entry_decision")
)


class MissingError(LookupError):
    """Something asked for is not in the count file."""


def load_election(db: Database) -> Election:
    row = db.execute(
        "SELECT id, title, poll_date, authority, venue, ro_name, ro_capacity, training "
        "FROM election WHERE singleton = 1"
    ).fetchone()
    if row is None:
        raise MissingError("the count file has no election yet")
    return Election(
        id=row[0],
        title=row[1],
        poll_date=date.fromisoformat(row[2]),
        authority=row[3],
        venue=row[4],
        returning_officer=ReturningOfficer(row[5], row[6]),
        training=bool(row[7]),
    )


def contest_ids(db: Database) -> list[str]:
    return [str(row[0]) for row in db.execute("SELECT id FROM contest ORDER BY position, id")]


def _rules(text: str) -> RecountRules:
    data = json.loads(text)
    relative = None
    if data.get("relative"):
        relative = RelativeRule(
            fraction_from_json(data["relative"]["fraction"]), data["relative"]["base"]
        )
    return RecountRules(
        bundle=bool(data["bundle"]),
        absolute=data["absolute"],
        relative=relative,
        rejected=bool(data["rejected"]),
        variance=bool(data["variance"]),
    )


# A sheet's rows are append-only and written with it in one statement batch, so once committed a
# sheet's votes and rejected papers never change. Each connection keeps those it has read, by seq,
# and a later read of the contest (a refresh after a save) reads only the new sheets' rows. Rows
# read inside a transaction are not kept: a rollback could give their seq to another sheet.
_SheetRows = tuple[dict[str, VoteFigure], dict[str, int]]
_read_sheets: WeakKeyDictionary[Database, dict[int, _SheetRows]] = WeakKeyDictionary()
_FEW = 64  # up to this many new sheets are read by seq; more, by contest


def _sheet_rows(db: Database, contest_id: str, seqs: set[int]) -> dict[int, _SheetRows]:
    """The votes and rejected papers of these sheets of a contest; equal figures share one
    VoteFigure (they are frozen) and ids are interned, for the memory of a large open file."""
    if len(seqs) <= _FEW:
        marks = ", ".join("?" for _ in seqs)
        vote_sql = (
            "SELECT sheet_seq, candidate_id, total, bundles, part FROM sheet_vote "
            f"WHERE sheet_seq IN ({marks})"
        )
        rejected_sql = f"SELECT sheet_seq, head, count FROM sheet_rejected WHERE sheet_seq IN ({marks})"
        params: list[object] = [*sorted(seqs)]
    else:
        vote_sql = (
            "SELECT v.sheet_seq, v.candidate_id, v.total, v.bundles, v.part FROM sheet_vote v "
            "JOIN sheet s ON s.seq = v.sheet_seq WHERE s.contest_id = ?"
        )
        rejected_sql = (
            "SELECT r.sheet_seq, r.head, r.count FROM sheet_rejected r "
            "JOIN sheet s ON s.seq = r.sheet_seq WHERE s.contest_id = ?"
        )
        params = [contest_id]
    rows: dict[int, _SheetRows] = {seq: ({}, {}) for seq in seqs}
    figures: dict[tuple[int, int | None, int | None], VoteFigure] = {}
    for seq, candidate, total, bundles, part in db.conn.execute(vote_sql, params):
        if seq in rows:
            key = (total, bundles, part)
            figure = figures.get(key)
            if figure is None:
                figure = figures[key] = VoteFigure(total=total, bundles=bundles, part=part)
            rows[seq][0][intern(candidate)] = figure
    for seq, head, count in db.conn.execute(rejected_sql, params):
        if seq in rows:
            rows[seq][1][intern(head)] = count
    return rows


def _sheets(db: Database, contest_id: str) -> dict[int, list[CountSheet]]:
    """The sheet in effect for each (round, table): the latest row entered for it."""
    latest = db.execute(
        "SELECT seq, round_number, table_id, valid_papers, rejected_in_part FROM sheet "
        "WHERE contest_id = ? AND seq IN (SELECT max(seq) FROM sheet WHERE contest_id = ? "
        "GROUP BY round_number, table_id) ORDER BY round_number, seq",
        [contest_id, contest_id],
    ).fetchall()
    known = _read_sheets.setdefault(db, {})
    missing = {row[0] for row in latest if row[0] not in known}
    fresh = _sheet_rows(db, contest_id, missing) if missing else {}
    if fresh and not db.conn.in_transaction:
        known.update(fresh)
    by_round: dict[int, list[CountSheet]] = defaultdict(list)
    for seq, round_number, table_id, valid, in_part in latest:
        votes, rejected = known[seq] if seq in known else fresh[seq]
        by_round[round_number].append(
            CountSheet(
                table=table_id,
                votes=votes,
                rejected=rejected,
                valid_papers=valid,
                rejected_in_part=in_part,
            )
        )
    return by_round


# A contest's setup and verification change rarely and are re-read on every refresh. When the
# store can vouch for the audit digests of their tables (state_digest.content_key), equal digests
# mean equal rows, so the objects read last time are returned again (bounded: a few contests).
SETUP_TABLES = ("contest", "candidate", "ballot_box", "verification_count", "box_explanation",
                "count_table", "table_box")
_Setup = tuple[str, str, int, "int | None", int, str, tuple[Candidate, ...], tuple[BallotBox, ...],
               tuple[BoxVerification, ...], tuple[CountTable, ...]]
_setups: WeakKeyDictionary[Database, dict[str, tuple[tuple[str | None, ...], _Setup]]] = WeakKeyDictionary()
_KEEP_SETUPS = 64


def _setup(db: Database, contest_id: str, digests: Mapping[str, str] | None) -> _Setup:
    key = None if digests is None else tuple(digests.get(table) for table in SETUP_TABLES)
    kept = _setups.setdefault(db, {})
    if key is not None and contest_id in kept and kept[contest_id][0] == key:
        return kept[contest_id][1]
    setup = _read_setup(db, contest_id)
    if key is not None:
        kept.pop(contest_id, None)
        kept[contest_id] = (key, setup)
        while len(kept) > _KEEP_SETUPS:
            del kept[next(iter(kept))]
    return setup


def _read_setup(db: Database, contest_id: str) -> _Setup:
    row = db.execute(
        "SELECT name, profile, seats, electorate, bundle_size, rules FROM contest WHERE id = ?",
        [contest_id],
    ).fetchone()
    if row is None:
        raise MissingError(f'there is no contest "{contest_id}" in this count file')
    name, profile, seats, electorate, bundle_size, rules = row
    candidates = tuple(
        Candidate(
            id=intern(r[0]), surname=r[1], forenames=r[2], description=r[3],
            commonly_used_surname=r[4], commonly_used_forenames=r[5], ballot_position=r[6],
        )
        for r in db.execute(
            "SELECT id, surname, forenames, description, cu_surname, cu_forenames, "
            "ballot_position FROM candidate WHERE contest_id = ? ORDER BY position",
            [contest_id],
        )
    )
    boxes = tuple(
        BallotBox(
            id=intern(r[0]), kind=intern(r[1]), issued=r[2], polling_station=r[3],
            polling_place=intern(r[4]),
        )
        for r in db.execute(
            "SELECT id, kind, issued, polling_station, polling_place FROM ballot_box "
            "WHERE contest_id = ? ORDER BY position",
            [contest_id],
        )
    )
    counts: dict[str, list[int]] = defaultdict(list)
    for box_id, count in db.execute(
        "SELECT box_id, count FROM verification_count WHERE contest_id = ? ORDER BY seq",
        [contest_id],
    ):
        counts[intern(box_id)].append(count)
    explanations: dict[str, str] = {}
    for box_id, text in db.execute(
        "SELECT box_id, explanation FROM box_explanation WHERE contest_id = ? ORDER BY seq",
        [contest_id],
    ):
        explanations[box_id] = text
    verification = tuple(
        BoxVerification(box.id, tuple(counts[box.id]), explanations.get(box.id))
        for box in boxes
        if box.id in counts or box.id in explanations
    )
    table_boxes: dict[str, list[str]] = defaultdict(list)
    for table_id, box_id in db.execute(
        "SELECT table_id, box_id FROM table_box WHERE contest_id = ? ORDER BY table_id, position",
        [contest_id],
    ):
        table_boxes[table_id].append(intern(box_id))
    tables = tuple(
        CountTable(str(r[0]), tuple(table_boxes[str(r[0])]))
        for r in db.execute(
            "SELECT id FROM count_table WHERE contest_id = ? ORDER BY position", [contest_id]
        )
    )
    return (name, profile, seats, electorate, bundle_size, rules, candidates, boxes, verification, tables)


def load_contest(db: Database, contest_id: str, digests: Mapping[str, str] | None = None) -> Contest:
    """The contest with its figures; `digests`, the audit digests of its scope's tables when the
    store can vouch for them, lets its setup be reused while those rows are unchanged."""
    setup = _setup(db, contest_id, digests)
    name, profile, seats, electorate, bundle_size, rules, candidates, boxes, verification, tables = setup
    requests = {
        int(r[0]): (int(r[1]), request_from_row(tuple(r[2:])))
        for r in db.execute(
            "SELECT seq, after_round, kind, requester_name, requester_role, decision, reason, "
            "scope, grounds FROM recount_request WHERE contest_id = ? ORDER BY seq",
            [contest_id],
        )
    }
    sheets = _sheets(db, contest_id)
    rounds: list[Round] = []
    used: set[int] = set()
    for number, kind, request_seq in db.execute(
        "SELECT number, kind, request_seq FROM round WHERE contest_id = ? ORDER BY number",
        [contest_id],
    ):
        request = None
        if request_seq is not None:
            used.add(request_seq)
            request = requests[request_seq][1]
        rounds.append(Round(number, kind, tuple(sheets.get(number, [])), request))
    refused = tuple(
        (after, request) for seq, (after, request) in requests.items() if seq not in used
    )
    lots = tuple(
        Lot(
            tied=tuple(json.loads(r[0])), winner=r[1], method=r[2],
            witnesses=tuple(json.loads(r[3])), drawn_at=r[4],
        )
        for r in db.execute(
            "SELECT tied, winner, method, witnesses, drawn_at FROM lot WHERE contest_id = ? "
            "ORDER BY seq",
            [contest_id],
        )
    )
    stage_records, suspensions = load_stage_history(db, contest_id)
    return Contest(
        id=contest_id,
        name=name,
        profile_id=profile,
        seats=seats,
        bundle_size=bundle_size,
        candidates=candidates,
        electorate=electorate,
        recount_rules=_rules(rules),
        ballot_boxes=boxes,
        verification=verification,
        count_tables=tables,
        rounds=tuple(rounds),
        refused_requests=refused,
        lots=lots,
        acknowledged=acknowledged_warnings(db, contest_id),
        stage_records=stage_records,
        suspensions=suspensions,
    )
