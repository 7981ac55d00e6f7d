"""The election package (interfaces.md): decoded and validated completely before anything is written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from app.domain.election import (
    BOX_KINDS,
    REQUESTER_ROLES,
    ROUND_KINDS,
    BallotBox,
    BoxVerification,
    Candidate,
    Contest,
    CountSheet,
    CountTable,
    Election,
    Lot,
    RecountRequest,
    RecountScope,
    Requester,
    ReturningOfficer,
    Round,
    VoteFigure,
)
from app.domain.package_reader import (
    Node,
    PackageError,
    as_count,
    as_text_list,
    describe,
)
from app.domain.profile import PROFILES, RELATIVE_BASES, Profile, RecountRules, RelativeRule

FORMAT = "countdesk-election-package/1"
MAX_BUNDLE_SIZE = 1000

__all__ = ["FORMAT", "Package", "PackageError", "decode_package", "read_package"]


@dataclass(frozen=True)
class Package:
    election: Election
    contests: tuple[Contest, ...]


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise PackageError("", f'the key "{key}" appears twice in one object')
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise PackageError("", f"{name} is not a number CountDesk accepts")


def decode_package(raw: bytes) -> Any:
    """Bytes to JSON values: UTF-8 (a BOM is allowed), strict JSON, no duplicate keys."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PackageError(
            "", f"the file is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8"
        ) from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_reject_duplicate_keys,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as error:
        raise PackageError(
            "",
            f"the file is not valid JSON ({error.msg} at line {error.lineno}, column "
            f"{error.colno}); it may be truncated or hand-edited",
        ) from None


def read_package(raw: bytes) -> Package:
    """A whole package, validated; PackageError names the first JSON path that is wrong."""
    root = Node(decode_package(raw), "")
    fmt = root.required("format")
    if fmt != FORMAT:
        raise PackageError("format", f'expected "{FORMAT}", found {describe(fmt)}')
    root.allow_only("format", "election", "contests")
    election = _election(root.node("election"))
    contests: list[Contest] = []
    seen: set[str] = set()
    for node in root.nodes("contests", optional=False):
        contest = _contest(node)
        if contest.id in seen:
            raise PackageError(node.at("id"), f'the contest id "{contest.id}" is used twice')
        seen.add(contest.id)
        contests.append(contest)
    if not contests:
        raise PackageError("contests", "the package has no contests")
    return Package(election=election, contests=tuple(contests))


def _election(node: Node) -> Election:
    node.allow_only(
        "id", "title", "poll_date", "authority", "venue", "returning_officer", "training"
    )
    officer = node.node("returning_officer")
    officer.allow_only("name", "capacity")
    return Election(
        id=node.text("id"),
        title=node.text("title"),
        poll_date=node.day("poll_date"),
        authority=node.text("authority"),
        venue=node.text("venue", optional=True, allow_empty=True),
        returning_officer=ReturningOfficer(officer.text("name"), officer.text("capacity")),
        training=node.flag("training"),
    )


def _unique(ids: list[str], path: str, what: str) -> None:
    seen: set[str] = set()
    for index, ident in enumerate(ids):
        if ident in seen:
            raise PackageError(f"{path}[{index}].id", f'the {what} id "{ident}" is used twice')
        seen.add(ident)


def _contest(node: Node) -> Contest:
    node.allow_only(
        "id", "name", "profile", "seats", "electorate", "bundle_size", "recount_rules",
        "candidates", "ballot_boxes", "verification", "count_tables", "rounds", "lots",
    )
    profile = PROFILES.get(node.text("profile"))
    if profile is None:
        raise PackageError(
            node.at("profile"),
            f'"{node.text("profile")}" is not a known profile ({", ".join(sorted(PROFILES))})',
        )
    seats = node.count("seats", minimum=1)
    bundle_size = node.count("bundle_size", minimum=1)
    if bundle_size > MAX_BUNDLE_SIZE:
        raise PackageError(node.at("bundle_size"), f"must be at most {MAX_BUNDLE_SIZE}")
    rules = (
        _rules(node.node("recount_rules"), profile)
        if node.has("recount_rules")
        else profile.default_rules
    )
    candidates = tuple(_candidate(n) for n in node.nodes("candidates", optional=False))
    if not candidates:
        raise PackageError(node.at("candidates"), "the contest has no candidates")
    _unique([c.id for c in candidates], node.at("candidates"), "candidate")
    boxes = tuple(_box(n) for n in node.nodes("ballot_boxes"))
    _unique([b.id for b in boxes], node.at("ballot_boxes"), "ballot box")
    box_ids = {b.id for b in boxes}
    verification = _verification(node, box_ids)
    tables = _tables(node, box_ids)
    context = _SheetContext(
        profile=profile,
        seats=seats,
        bundle_size=bundle_size,
        candidates={c.id for c in candidates},
        tables={t.id for t in tables},
    )
    rounds, refused = _rounds(node, context)
    lots = tuple(_lot(n, context.candidates) for n in node.nodes("lots"))
    return Contest(
        id=node.text("id"),
        name=node.text("name"),
        profile_id=profile.id,
        seats=seats,
        bundle_size=bundle_size,
        candidates=candidates,
        electorate=node.optional_count("electorate"),
        recount_rules=rules,
        ballot_boxes=boxes,
        verification=verification,
        count_tables=tables,
        rounds=rounds,
        refused_requests=refused,
        lots=lots,
    )


def _rules(node: Node, profile: Profile) -> RecountRules:
    node.allow_only("bundle", "absolute", "relative", "rejected", "variance")
    defaults = profile.default_rules
    absolute = defaults.absolute
    if "absolute" in node.data:
        value = node.data["absolute"]
        absolute = None if value is None or value is False else node.count("absolute")
    relative = defaults.relative
    if "relative" in node.data:
        relative = None if node.data["relative"] in (None, False) else _relative(node)
    return RecountRules(
        bundle=node.flag("bundle", defaults.bundle),
        absolute=absolute,
        relative=relative,
        rejected=node.flag("rejected", defaults.rejected),
        variance=node.flag("variance", defaults.variance),
    )


def _relative(parent: Node) -> RelativeRule:
    node = parent.node("relative")
    node.allow_only("percent", "base")
    value = node.required("percent")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise PackageError(
            node.at("percent"), f"expected a percentage, found {describe(value)}"
        ) from None
    try:
        percent = Decimal(str(value))
    except InvalidOperation:
        raise PackageError(
            node.at("percent"), f"expected a percentage, found {describe(value)}"
        ) from None
    if not percent.is_finite() or percent < 0 or percent > 100:
        raise PackageError(node.at("percent"), "expected a percentage from 0 to 100")
    return RelativeRule(Fraction(percent) / 100, node.choice("base", RELATIVE_BASES))


def _candidate(node: Node) -> Candidate:
    node.allow_only(
        "id", "surname", "forenames", "description", "commonly_used_surname",
        "commonly_used_forenames", "ballot_position",
    )
    position = node.optional_count("ballot_position")
    if position == 0:
        raise PackageError(node.at("ballot_position"), "ballot positions start at 1")
    return Candidate(
        id=node.text("id"),
        surname=node.text("surname"),
        forenames=node.text("forenames", allow_empty=True),
        description=node.text("description", optional=True, allow_empty=True),
        commonly_used_surname=node.optional_text("commonly_used_surname"),
        commonly_used_forenames=node.optional_text("commonly_used_forenames"),
        ballot_position=position,
    )


def _box(node: Node) -> BallotBox:
    node.allow_only("id", "kind", "issued", "polling_station", "polling_place")
    return BallotBox(
        id=node.text("id"),
        kind=node.choice("kind", BOX_KINDS),
        issued=node.count("issued"),
        polling_station=node.text("polling_station", optional=True, allow_empty=True),
        polling_place=node.text("polling_place", optional=True, allow_empty=True),
    )


def _known(value: str, known: set[str], path: str, what: str) -> str:
    if value not in known:
        raise PackageError(path, f'"{value}" is not a {what} of this contest')
    return value


def _verification(contest: Node, box_ids: set[str]) -> tuple[BoxVerification, ...]:
    records: list[BoxVerification] = []
    seen: set[str] = set()
    for node in contest.nodes("verification"):
        node.allow_only("box", "counts", "explanation")
        box = _known(node.text("box"), box_ids, node.at("box"), "ballot box")
        if box in seen:
            raise PackageError(node.at("box"), f'box "{box}" has two verification entries')
        seen.add(box)
        counts = tuple(as_count(v, p) for p, v in node.items("counts", optional=False))
        records.append(BoxVerification(box, counts, node.optional_text("explanation")))
    return tuple(records)


def _tables(contest: Node, box_ids: set[str]) -> tuple[CountTable, ...]:
    tables: list[CountTable] = []
    owner: dict[str, str] = {}
    for node in contest.nodes("count_tables"):
        node.allow_only("id", "boxes")
        table_id = node.text("id")
        boxes: list[str] = []
        for path, value in node.items("boxes", optional=False):
            if not isinstance(value, str):
                raise PackageError(path, f"expected a box id, found {describe(value)}")
            box = _known(value, box_ids, path, "ballot box")
            if box in owner:
                raise PackageError(
                    path, f'box "{box}" is already at table "{owner[box]}"'
                )
            owner[box] = table_id
            boxes.append(box)
        tables.append(CountTable(table_id, tuple(boxes)))
    _unique([t.id for t in tables], contest.at("count_tables"), "count table")
    return tuple(tables)


@dataclass(frozen=True)
class _SheetContext:
    profile: Profile
    seats: int
    bundle_size: int
    candidates: set[str]
    tables: set[str]


def _rounds(
    contest: Node, context: _SheetContext
) -> tuple[tuple[Round, ...], tuple[tuple[int, RecountRequest], ...]]:
    rounds: list[Round] = []
    refused: list[tuple[int, RecountRequest]] = []
    for index, node in enumerate(contest.nodes("rounds")):
        node.allow_only("kind", "requested_by", "decision", "reason", "scope", "sheets")
        kind = node.choice("kind", ROUND_KINDS)
        if index == 0 and kind != "initial":
            raise PackageError(node.at("kind"), 'the first round must be "initial"')
        if index > 0 and kind == "initial":
            raise PackageError(node.at("kind"), 'only the first round may be "initial"')
        request: RecountRequest | None = None
        if kind != "initial":
            decision = node.choice("decision", ("granted", "refused"))
            request = RecountRequest(
                kind=kind,
                requested_by=_requester(node) if node.has("requested_by") else None,
                decision=decision,
                reason=node.text("reason", optional=True, allow_empty=True),
                scope=_scope(node, context) if node.has("scope") else None,
            )
            if decision == "refused":
                if node.has("sheets") and node.data["sheets"]:
                    raise PackageError(node.at("sheets"), "a refused request carries no sheets")
                refused.append((len(rounds), request))
                continue
        else:
            for extra in ("requested_by", "decision", "scope"):
                if node.has(extra):
                    raise PackageError(node.at(extra), "the initial round has no request")
        sheets: list[CountSheet] = []
        seen: set[str] = set()
        for sheet_node in node.nodes("sheets"):
            sheet = _sheet(sheet_node, context)
            if sheet.table in seen:
                raise PackageError(
                    sheet_node.at("table"), f'table "{sheet.table}" has two sheets in this round'
                )
            seen.add(sheet.table)
            sheets.append(sheet)
        rounds.append(Round(len(rounds) + 1, kind, tuple(sheets), request))
    return tuple(rounds), tuple(refused)


def _requester(node: Node) -> Requester:
    who = node.node("requested_by")
    who.allow_only("name", "role")
    return Requester(who.text("name"), who.choice("role", REQUESTER_ROLES))


def _scope(node: Node, context: _SheetContext) -> RecountScope:
    scope = node.node("scope")
    scope.allow_only("tables", "candidates")
    tables = as_text_list(scope.data.get("tables", []), scope.at("tables"))
    candidates = as_text_list(scope.data.get("candidates", []), scope.at("candidates"))
    for i, table in enumerate(tables):
        _known(table, context.tables, f"{scope.at('tables')}[{i}]", "count table")
    for i, candidate in enumerate(candidates):
        _known(candidate, context.candidates, f"{scope.at('candidates')}[{i}]", "candidate")
    return RecountScope(tables, candidates)


def _vote(value: object, path: str, bundle_size: int) -> VoteFigure:
    if isinstance(value, dict):
        node = Node(value, path)
        node.allow_only("bundles", "part")
        bundles = node.count("bundles")
        part = node.count("part")
        if part >= bundle_size:
            raise PackageError(
                node.at("part"),
                f"a part bundle of {part} is not smaller than the bundle size {bundle_size}",
            )
        total = bundles * bundle_size + part
        if total > 9_999_999:
            raise PackageError(path, "the figure is larger than 9,999,999")
        return VoteFigure(total=total, bundles=bundles, part=part)
    return VoteFigure(total=as_count(value, path))


def _sheet(node: Node, context: _SheetContext) -> CountSheet:
    multi = context.seats > 1
    node.allow_only("table", "votes", "rejected", "valid_papers", "rejected_in_part")
    table = _known(node.text("table"), context.tables, node.at("table"), "count table")
    votes_node = node.node("votes")
    votes: dict[str, VoteFigure] = {}
    for candidate_id, value in votes_node.data.items():
        path = votes_node.at(candidate_id)
        _known(candidate_id, context.candidates, path, "candidate")
        votes[candidate_id] = _vote(value, path, context.bundle_size)
    rejected: dict[str, int] = {}
    if node.has("rejected"):
        rejected_node = node.node("rejected")
        heads = context.profile.head_keys
        for key, value in rejected_node.data.items():
            if key not in heads:
                raise PackageError(
                    rejected_node.at(key),
                    f'"{key}" is not a rejected-paper head of profile {context.profile.id} '
                    f"({', '.join(heads)})",
                )
            rejected[key] = as_count(value, rejected_node.at(key))
    valid = node.optional_count("valid_papers")
    if not multi and valid is not None:
        total = sum(v.total for v in votes.values())
        if valid != total:
            raise PackageError(
                node.at("valid_papers"),
                f"for a single seat valid papers must equal the votes ({total:,}), found {valid:,}",
            )
    in_part = node.optional_count("rejected_in_part")
    if in_part is not None and not (multi and context.profile.rejected_in_part):
        if in_part != 0:
            raise PackageError(
                node.at("rejected_in_part"),
                "papers rejected in part exist only in multi-seat contests",
            )
        in_part = None
    return CountSheet(
        table=table,
        votes=votes,
        rejected=rejected,
        valid_papers=valid if multi else None,
        rejected_in_part=in_part,
    )


def _lot(node: Node, candidates: set[str]) -> Lot:
    node.allow_only("tied", "winner", "method", "witnesses", "drawn_at")
    tied = as_text_list(node.required("tied"), node.at("tied"))
    for i, candidate in enumerate(tied):
        _known(candidate, candidates, f"{node.at('tied')}[{i}]", "candidate")
    if len(set(tied)) != len(tied) or len(tied) < 2:
        raise PackageError(node.at("tied"), "a lot needs two or more different candidates")
    winner = node.text("winner")
    if winner not in tied:
        raise PackageError(node.at("winner"), f'"{winner}" is not one of the tied candidates')
    witnesses: tuple[str, ...] = ()
    if node.has("witnesses"):
        witnesses = as_text_list(node.data["witnesses"], node.at("witnesses"))
    return Lot(
        tied=tied,
        winner=winner,
        method=node.text("method", optional=True, allow_empty=True),
        witnesses=witnesses,
        drawn_at=node.optional_text("drawn_at"),
    )
