"""Writes an election and its contests' figures into the count file (the caller holds the transaction)."""

from __future__ import annotations

import json
from fractions import Fraction

from sqlite_utils import Database

from app.domain.election import Contest, CountSheet, Election, Lot, RecountRequest
from app.domain.profile import RecountRules


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
    for record in contest.verification:
        db.conn.executemany(
            "INSERT INTO verification_count (contest_id, box_id, count, entered_by) "
            "VALUES (?, ?, ?, ?)",
            [(cid, record.box, count, entered_by) for count in record.counts],
        )
        if record.explanation:
            db.execute(
                "INSERT INTO box_explanation (contest_id, box_id, explanation, entered_by) "
                "VALUES (?, ?, ?, ?)",
                [cid, record.box, record.explanation, entered_by],
            )
    for i, table in enumerate(contest.count_tables):
        db.execute(
            "INSERT INTO count_table (contest_id, id, position) VALUES (?, ?, ?)", [cid, table.id, i]
        )
        db.conn.executemany(
            "INSERT INTO table_box (contest_id, table_id, box_id, position) VALUES (?, ?, ?, ?)",
            [(cid, table.id, box, j) for j, box in enumerate(table.boxes)],
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
        for sheet in round_.sheets:
            record_sheet(db, cid, round_.number, sheet, source="import", entered_by=entered_by)
        for request in refused_after.get(round_.number, []):
            record_request(db, cid, round_.number, request)
    for lot in contest.lots:
        record_lot(db, cid, lot)


def record_request(db: Database, contest_id: str, after_round: int, request: RecountRequest) -> int:
    scope = None
    if request.scope is not None:
        scope = json.dumps(
            {"tables": list(request.scope.tables), "candidates": list(request.scope.candidates)},
            ensure_ascii=False,
        )
    cursor = db.execute(
        "INSERT INTO recount_request (contest_id, after_round, kind, requester_name, "
        "requester_role, decision, reason, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            contest_id,
            after_round,
            request.kind,
            request.requested_by.name if request.requested_by else None,
            request.requested_by.role if request.requested_by else None,
            request.decision,
            request.reason,
            scope,
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
    db.conn.executemany(
        "INSERT INTO sheet_vote (sheet_seq, contest_id, candidate_id, total, bundles, part) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (seq, contest_id, candidate, figure.total, figure.bundles, figure.part)
            for candidate, figure in sheet.votes.items()
        ],
    )
    db.conn.executemany(
        "INSERT INTO sheet_rejected (sheet_seq, head, count) VALUES (?, ?, ?)",
        [(seq, head, count) for head, count in sheet.rejected.items()],
    )
    return seq


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
