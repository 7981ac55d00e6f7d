"""Writes an election and its contests' figures into the count file (the caller holds the transaction)."""

from __future__ import annotations

import json
from fractions import Fraction

from sqlite_utils import Database

from app.domain.election import Contest, CountSheet, Election, Lot, RecountRequest
from app.domain.profile import RecountRules
from app.store.batch_insert import insert_rows
from app.store.stages import record_stage_history


def rules_to_json(rules: RecountRules) -> str:
    relative = None
    if rules.relative is not None:
        fraction = rules.relative.fraction
        relative = {
            "fraction": [fraction.numerator, fraction.denominator],
            "base": rules.relative.base,
        }
    return json.dumps(
        {
            "bundle": rules.bundle,
            "absolute": rules.absolute,
            "relative": relative,
            "rejected": rules.rejected,
            "variance": rules.variance,
        },
        sort_keys=True,
    )


def fraction_from_json(pair: list[int]) -> Fraction:
    return Fraction(pair[0], pair[1])


def record_election(db: Database, election: Election) -> None:
    db.execute(
        "INSERT INTO election (singleton, id, title, poll_date, authority, venue, ro_name, "
        "ro_capacity, training) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            election.id,
            election.title,
            election.poll_date.isoformat(),
            election.authority,
            election.venue,
            election.returning_officer.name,
            election.returning_officer.capacity,
            int(election.training),
        ],
    )


def record_contest(db: Database, contest: Contest, position: int, entered_by: str) -> None:
    """The contest's setup and every figure it carries, as imported rows."""
    cid = contest.id
    db.execute(
        "INSERT INTO contest (id, position, name, profile, seats, electorate, bundle_size, rules) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            cid, position, contest.name, contest.profile_id, contest.seats, contest.electorate,
            contest.bundle_size, rules_to_json(contest.recount_rules),
        ],
    )
    db.conn.executemany(
        "INSERT INTO candidate (contest_id, id, position, surname, forenames, description, "
        "cu_surname, cu_forenames, ballot_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                cid, c.id, i, c.surname, c.forenames, c.description,
                c.commonly_used_surname, c.commonly_used_forenames, c.ballot_position,
            )
            for i, c in enumerate(contest.candidates)
        ],
    )
    db.conn.executemany(
        "INSERT INTO ballot_box (contest_id, id, position, kind, issued, polling_station, "
        "polling_place) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (cid, b.id, i, b.kind, b.issued, b.polling_station, b.polling_place)
            for i, b in enumerate(contest.ballot_boxes)
        ],
    )
    # One statement per table of the schema, not per box or sheet: at general-election scale
    # (650 contests x 40 tables) the number of round trips, not SQLite, is the cost of an import.
    db.conn.executemany(
        "INSERT INTO verification_count (contest_id, box_id, count, entered_by) VALUES (?, ?, ?, ?)",
        [(cid, r.box, count, entered_by) for r in contest.verification for count in r.counts],
    )
    db.conn.executemany(
        "INSERT INTO box_explanation (contest_id, box_id, explanation, entered_by) "
        "VALUES (?, ?, ?, ?)",
        [(cid, r.box, r.explanation, entered_by) for r in contest.verification if r.explanation],
    )
    db.conn.executemany(
        "INSERT INTO count_table (contest_id, id, position) VALUES (?, ?, ?)",
        [(cid, table.id, i) for i, table in enumerate(contest.count_tables)],
    )
    db.conn.executemany(
        "INSERT INTO table_box (contest_id, table_id, box_id, position) VALUES (?, ?, ?, ?)",
        [(cid, t.id, box, j) for t in contest.count_tables for j, box in enumerate(t.boxes)],
    )
    refused_after: dict[int, list[RecountRequest]] = {}
    for after, request in contest.refused_requests:
        refused_after.setdefault(after, []).append(request)
    for request in refused_after.get(0, []):
        record_request(db, cid, 0, request)
    for round_ in contest.rounds:
        request_seq = (
            record_request(db, cid, round_.number - 1, round_.request) if round_.request else None
        )
        db.execute(
            "INSERT INTO round (contest_id, number, kind, request_seq) VALUES (?, ?, ?, ?)",
            [cid, round_.number, round_.kind, request_seq],
        )
        for request in refused_after.get(round_.number, []):
            record_request(db, cid, round_.number, request)
    _record_sheets(
        db,
        cid,
        [(round_.number, sheet) for round_ in contest.rounds for sheet in round_.sheets],
        source="import",
        entered_by=entered_by,
    )
    for lot in contest.lots:
        record_lot(db, cid, lot)
    record_stage_history(db, contest)  # last: a declaration locks the contest's rows


def record_request(db: Database, contest_id: str, after_round: int, request: RecountRequest) -> int:
    scope = None
    if request.scope is not None:
        scope = json.dumps(
            {"tables": list(request.scope.tables), "candidates": list(request.scope.candidates)},
            ensure_ascii=False,
        )
    cursor = db.execute(
        "INSERT INTO recount_request (contest_id, after_round, kind, requester_name, "
        "requester_role, decision, reason, scope, grounds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            contest_id,
            after_round,
            request.kind,
            request.requested_by.name if request.requested_by else None,
            request.requested_by.role if request.requested_by else None,
            request.decision,
            request.reason,
            scope,
            request.grounds,
        ],
    )
    return int(cursor.lastrowid or 0)


def record_sheet(
    db: Database,
    contest_id: str,
    round_number: int,
    sheet: CountSheet,
    *,
    source: str,
    entered_by: str,
) -> int:
    cursor = db.execute(
        "INSERT INTO sheet (contest_id, round_number, table_id, valid_papers, rejected_in_part, "
        "source, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            contest_id, round_number, sheet.table, sheet.valid_papers, sheet.rejected_in_part,
            source, entered_by,
        ],
    )
    seq = int(cursor.lastrowid or 0)
    insert_rows(
        db, "sheet_vote", ("sheet_seq", "contest_id", "candidate_id", "total", "bundles", "part"),
        [
            (seq, contest_id, candidate, figure.total, figure.bundles, figure.part)
            for candidate, figure in sheet.votes.items()
        ],
    )
    insert_rows(
        db, "sheet_rejected", ("sheet_seq", "head", "count"),
        [(seq, head, count) for head, count in sheet.rejected.items()],
    )
    return seq


def _record_sheets(
    db: Database,
    contest_id: str,
    sheets: list[tuple[int, CountSheet]],
    *,
    source: str,
    entered_by: str,
) -> None:
    """Many sheets in three statements, with the seq numbers record_sheet would have given them.

    The caller holds the write transaction (and the file's exclusive lock), so no other writer
    can take a seq between reading the largest and inserting.
    """
    if not sheets:
        return
    first = int(db.execute("SELECT coalesce(max(seq), 0) FROM sheet").fetchone()[0]) + 1
    db.conn.executemany(
        "INSERT INTO sheet (seq, contest_id, round_number, table_id, valid_papers, rejected_in_part, "
        "source, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (first + i, contest_id, number, sheet.table, sheet.valid_papers,
             sheet.rejected_in_part, source, entered_by)
            for i, (number, sheet) in enumerate(sheets)
        ],
    )
    db.conn.executemany(
        "INSERT INTO sheet_vote (sheet_seq, contest_id, candidate_id, total, bundles, part) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (first + i, contest_id, candidate, figure.total, figure.bundles, figure.part)
            for i, (_, sheet) in enumerate(sheets)
            for candidate, figure in sheet.votes.items()
        ],
    )
    db.conn.executemany(
        "INSERT INTO sheet_rejected (sheet_seq, head, count) VALUES (?, ?, ?)",
        [
            (first + i, head, count)
            for i, (_, sheet) in enumerate(sheets)
            for head, count in sheet.rejected.items()
        ],
    )


def record_lot(db: Database, contest_id: str, lot: Lot) -> None:
    db.execute(
        "INSERT INTO lot (contest_id, tied, winner, method, witnesses, drawn_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            contest_id,
            json.dumps(list(lot.tied), ensure_ascii=False),
            lot.winner,
            lot.method,
            json.dumps(list(lot.witnesses), ensure_ascii=False),
            lot.drawn_at,
        ],
    )
