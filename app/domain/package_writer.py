"""Writes an election and its contests back as the election package of interfaces.md (pure)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from app.domain.election import (
    BallotBox,
    Candidate,
    Contest,
    CountSheet,
    Election,
    Lot,
    RecountRequest,
    VoteFigure,
)
from app.domain.package import FORMAT
from app.domain.package_stages import stage_sections_json
from app.domain.profile import RecountRules

Json = dict[str, Any]


def write_package(election: Election, contests: Sequence[Contest]) -> Json:
    """The package that `read_package` turns back into this election and these contests."""
    return {
        "format": FORMAT,
        "election": _election(election),
        "contests": [contest_json(contest) for contest in contests],
    }


def _election(election: Election) -> Json:
    return {
        "id": election.id,
        "title": election.title,
        "poll_date": election.poll_date.isoformat(),
        "authority": election.authority,
        "venue": election.venue,
        "returning_officer": {
            "name": election.returning_officer.name,
            "capacity": election.returning_officer.capacity,
        },
        "training": election.training,
    }


def contest_json(contest: Contest) -> Json:
    """One contest: its setup, then each section that has something in it, in SECTIONS order."""
    out: Json = {
        "id": contest.id,
        "name": contest.name,
        "profile": contest.profile_id,
        "seats": contest.seats,
    }
    if contest.electorate is not None:
        out["electorate"] = contest.electorate
    out["bundle_size"] = contest.bundle_size
    out["recount_rules"] = rules_json(contest.recount_rules)
    for key, section in SECTIONS:
        value = section(contest)
        if value or key == "candidates":  # the reader needs candidates; other empty sections go
            out[key] = value
    out.update(stage_sections_json(contest))  # provisional, suspensions, declarations
    return out


def rules_json(rules: RecountRules) -> Json:
    """Every rule written out, so a change of the profile's defaults cannot change this contest."""
    relative: Json | None = None
    if rules.relative is not None:
        relative = {"percent": _percent(rules.relative.fraction), "base": rules.relative.base}
    return {
        "bundle": rules.bundle,
        "absolute": rules.absolute,
        "relative": relative,
        "rejected": rules.rejected,
        "variance": rules.variance,
    }


def _percent(fraction: Fraction) -> int | float | str:
    """fraction × 100 as the reader takes it back exactly: a number when one says it, else text."""
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(fraction.numerator * 100) / Decimal(fraction.denominator)
    if exact == exact.to_integral_value():
        return int(exact)
    as_float = float(exact)
    return as_float if Decimal(repr(as_float)) == exact else str(exact.normalize())


def _candidate(candidate: Candidate) -> Json:
    out: Json = {
        "id": candidate.id,
        "surname": candidate.surname,
        "forenames": candidate.forenames,
        "description": candidate.description,
    }
    if candidate.commonly_used_surname is not None:
        out["commonly_used_surname"] = candidate.commonly_used_surname
    if candidate.commonly_used_forenames is not None:
        out["commonly_used_forenames"] = candidate.commonly_used_forenames
    if candidate.ballot_position is not None:
        out["ballot_position"] = candidate.ballot_position
    return out


def _box(box: BallotBox) -> Json:
    out: Json = {"id": box.id, "kind": box.kind, "issued": box.issued}
    if box.polling_station:
        out["polling_station"] = box.polling_station
    if box.polling_place:
        out["polling_place"] = box.polling_place
    return out


def _verification(contest: Contest) -> list[Json]:
    records: list[Json] = []
    for record in contest.verification:
        entry: Json = {"box": record.box, "counts": list(record.counts)}
        if record.explanation:
            entry["explanation"] = record.explanation
        records.append(entry)
    return records


def vote_json(figure: VoteFigure, bundle_size: int) -> int | Json:
    """Bundles and part when the figure was entered that way (and reads back the same), else the total."""
    bundles, part = figure.bundles, figure.part
    if bundles is None or part is None or not 0 <= part < bundle_size:
        return figure.total
    if bundles * bundle_size + part != figure.total:
        return figure.total
    return {"bundles": bundles, "part": part}


def sheet_json(contest: Contest, sheet: CountSheet) -> Json:
    """A sheet with its votes in the contest's candidate order and its heads in the profile's."""
    order = [c.id for c in contest.candidates if c.id in sheet.votes]
    order += [cid for cid in sheet.votes if cid not in order]
    heads = [key for key in contest.profile.head_keys if key in sheet.rejected]
    heads += [key for key in sheet.rejected if key not in heads]
    out: Json = {
        "table": sheet.table,
        "votes": {cid: vote_json(sheet.votes[cid], contest.bundle_size) for cid in order},
        "rejected": {key: sheet.rejected[key] for key in heads},
    }
    if sheet.valid_papers is not None:
        out["valid_papers"] = sheet.valid_papers
    if sheet.rejected_in_part is not None:
        out["rejected_in_part"] = sheet.rejected_in_part
    return out


def _request(request: RecountRequest) -> Json:
    out: Json = {"kind": request.kind}
    if request.requested_by is not None:
        out["requested_by"] = {"name": request.requested_by.name, "role": request.requested_by.role}
    out["decision"] = request.decision
    out["reason"] = request.reason
    if request.grounds:
        out["grounds"] = request.grounds
    if request.scope is not None:
        out["scope"] = {
            "tables": list(request.scope.tables),
            "candidates": list(request.scope.candidates),
        }
    return out


def _rounds(contest: Contest) -> list[Json]:
    """The rounds in order, each request not granted (refused or pending) after the round it followed."""
    refused_after: dict[int, list[RecountRequest]] = {}
    for after, request in contest.refused_requests:
        refused_after.setdefault(after, []).append(request)
    rounds: list[Json] = []
    for round_ in contest.rounds:
        entry: Json = {"kind": round_.kind}
        if round_.kind != "initial":
            # A round exists because its request was granted, whatever else was recorded with it.
            request = round_.request or RecountRequest(round_.kind, None, "granted")
            entry = _request(request) | {"kind": round_.kind, "decision": "granted"}
        entry["sheets"] = [sheet_json(contest, sheet) for sheet in round_.sheets]
        rounds.append(entry)
        rounds.extend(_request(request) for request in refused_after.get(round_.number, []))
    return rounds


def _lot(lot: Lot) -> Json:
    out: Json = {"tied": list(lot.tied), "winner": lot.winner, "method": lot.method}
    if lot.witnesses:
        out["witnesses"] = list(lot.witnesses)
    if lot.drawn_at is not None:
        out["drawn_at"] = lot.drawn_at
    return out


# The sections of a contest after its setup, in the order they are written. A new kind of record
# is one function from the Contest to its JSON here and one line in this tuple (with the matching
# field in package.py's reader); the stage sections come from package_stages.py, beside their reader.
SECTIONS: tuple[tuple[str, Callable[[Contest], list[Json]]], ...] = (
    ("candidates", lambda c: [_candidate(candidate) for candidate in c.candidates]),
    ("ballot_boxes", lambda c: [_box(box) for box in c.ballot_boxes]),
    ("verification", _verification),
    ("count_tables", lambda c: [{"id": t.id, "boxes": list(t.boxes)} for t in c.count_tables]),
    ("rounds", _rounds),
    ("lots", lambda c: [_lot(lot) for lot in c.lots]),
)


def left_out(contest: Contest) -> list[str]:
    """What of this contest the package format cannot carry, in words for the person exporting."""
    notes: list[str] = []
    for after, request in contest.refused_requests:
        if after == 0:
            notes.append(
                f"{contest.id}: a {request.decision} {request.kind} request made before the initial "
                "count is not in the package (a package starts with the initial round)"
            )
    if contest.acknowledged:
        notes.append(
            f"{contest.id}: {len(contest.acknowledged)} warning(s) acknowledged by a supervisor are "
            "not in the package (the package format has no acknowledgements): after an import they "
            "are open again"
        )
    for round_ in contest.rounds:
        for sheet in round_.sheets:
            for cid, figure in sheet.votes.items():
                if figure.bundles is not None and vote_json(figure, contest.bundle_size) == figure.total:
                    notes.append(
                        f"{contest.id}: round {round_.number}, table {sheet.table}: {cid}'s figure "
                        f"is written as its total {figure.total:,}, not as bundles and part"
                    )
    return notes
