"""The election package (interfaces.md): decoded and validated completely before anything is written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from app.domain.election import (
    BOX_KINDS,
    BallotBox,
    BoxVerification,
    Candidate,
    Contest,
    CountTable,
    Election,
    ReturningOfficer,
)
from app.domain.package_quick import quick_box, quick_table, quick_verification
from app.domain.package_reader import (
    Node,
    PackageError,
    as_count,
    collection_paused,
    describe,
)
from app.domain.package_rounds import SheetContext, known, read_lot, read_rounds
from app.domain.package_stages import STAGE_SECTIONS, read_stage_sections
from app.domain.profile import PROFILES, RELATIVE_BASES, Profile, RecountRules, RelativeRule

FORMAT = "countdesk-election-package/1"
MAX_BUNDLE_SIZE = 1000

__all__ = ["FORMAT", "Package", "PackageError", "decode_package", "read_package"]


@dataclass(frozen=True)
class Package:
    election: Election
    contests: tuple[Contest, ...]


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # in C; the loop below runs only when a key was repeated
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise PackageError("", f'the key "{key}" appears twice in one object')
            seen.add(key)
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
    except PackageError:
        raise
    except ValueError:  # int() refuses a number of more than 4,300 digits; no count is near that
        raise PackageError(
            "", "the file holds a number thousands of digits long; it may be damaged or hand-edited"
        ) from None
    except RecursionError:  # lists or objects nested thousands deep: the decoder gives up
        raise PackageError(
            "", "the file's lists and objects are nested far too deep; it may be damaged or hand-edited"
        ) from None


def read_package(raw: bytes) -> Package:
    """A whole package, validated; PackageError names the first JSON path that is wrong."""
    with collection_paused():
        return _read_package(raw)


def _read_package(raw: bytes) -> Package:
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
        *STAGE_SECTIONS,
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
    boxes = tuple(_box(node, index, data) for index, data in enumerate(node.elements("ballot_boxes")))
    _unique([b.id for b in boxes], node.at("ballot_boxes"), "ballot box")
    box_ids = {b.id for b in boxes}
    verification = _verification(node, box_ids)
    tables = _tables(node, box_ids)
    context = SheetContext(
        profile=profile,
        seats=seats,
        bundle_size=bundle_size,
        candidates={c.id for c in candidates},
        tables={t.id for t in tables},
    )
    rounds, refused = read_rounds(node, context)
    lots = tuple(read_lot(n, context.candidates) for n in node.nodes("lots"))
    contest = Contest(
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
    return read_stage_sections(node, contest)


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
    if isinstance(value, str) and not value.isascii():  # Decimal() reads "١٢" and "１２" as 12
        raise PackageError(
            node.at("percent"), f"expected a percentage written with the digits 0-9, found {describe(value)}"
        )
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


def _box(contest: Node, index: int, data: object) -> BallotBox:
    quick = quick_box(data) if type(data) is dict else None
    if quick is not None:
        return quick
    node = contest.element("ballot_boxes", index, data)  # the full checks say what is wrong where
    node.allow_only("id", "kind", "issued", "polling_station", "polling_place")
    return BallotBox(
        id=node.text("id"),
        kind=node.choice("kind", BOX_KINDS),
        issued=node.count("issued"),
        polling_station=node.text("polling_station", optional=True, allow_empty=True),
        polling_place=node.text("polling_place", optional=True, allow_empty=True),
    )


def _verification(contest: Node, box_ids: set[str]) -> tuple[BoxVerification, ...]:
    records: list[BoxVerification] = []
    seen: set[str] = set()
    for index, data in enumerate(contest.elements("verification")):
        quick = quick_verification(data, box_ids) if type(data) is dict else None
        if quick is not None and quick.box not in seen:
            seen.add(quick.box)
            records.append(quick)
            continue
        node = contest.element("verification", index, data)
        node.allow_only("box", "counts", "explanation")
        box = known(node.text("box"), box_ids, node.at("box"), "ballot box")
        if box in seen:
            raise PackageError(node.at("box"), f'box "{box}" has two verification entries')
        seen.add(box)
        counts = tuple(as_count(v, p) for p, v in node.items("counts", optional=False))
        records.append(BoxVerification(box, counts, node.optional_text("explanation")))
    return tuple(records)


def _tables(contest: Node, box_ids: set[str]) -> tuple[CountTable, ...]:
    tables: list[CountTable] = []
    owner: dict[str, str] = {}
    for index, data in enumerate(contest.elements("count_tables")):
        quick = quick_table(data, box_ids, owner) if type(data) is dict else None
        if quick is not None:
            tables.append(quick)
            continue
        node = contest.element("count_tables", index, data)
        node.allow_only("id", "boxes")
        table_id = node.text("id")
        boxes: list[str] = []
        for path, value in node.items("boxes", optional=False):
            if not isinstance(value, str):
                raise PackageError(path, f"expected a box id, found {describe(value)}")
            box = known(value, box_ids, path, "ballot box")
            if box in owner:
                raise PackageError(
                    path, f'box "{box}" is already at table "{owner[box]}"'
                )
            owner[box] = table_id
            boxes.append(box)
        tables.append(CountTable(table_id, tuple(boxes)))
    _unique([t.id for t in tables], contest.at("count_tables"), "count table")
    return tuple(tables)
