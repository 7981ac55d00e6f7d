"""The count figures of an election package: rounds, count sheets, recount requests and lots."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from app.domain.election import (
    REQUESTER_ROLES,
    ROUND_KINDS,
    CountSheet,
    Lot,
    RecountRequest,
    RecountScope,
    Requester,
    Round,
    VoteFigure,
)
from app.domain.figures import MAX_COUNT, is_count
from app.domain.package_reader import Node, PackageError, as_count, as_text_list
from app.domain.profile import Profile


def known(value: str, known_ids: set[str], path: str, what: str) -> str:
    """`value`, if it names one of `known_ids`; otherwise a PackageError at `path`."""
    if value not in known_ids:
        raise PackageError(path, f'"{value}" is not a {what} of this contest')
    return value


_SHEET_KEYS = frozenset(("table", "votes", "rejected", "valid_papers", "rejected_in_part"))


@dataclass(frozen=True)
class SheetContext:
    profile: Profile
    seats: int
    bundle_size: int
    candidates: set[str]
    tables: set[str]
    # Equal figures share one (frozen) VoteFigure: a look-up is cheaper than building one, and
    # a general election has hundreds of thousands of them.
    figures: dict[object, VoteFigure] = field(default_factory=dict, compare=False)

    @cached_property
    def heads(self) -> frozenset[str]:
        return frozenset(self.profile.head_keys)


def read_rounds(
    contest: Node, context: SheetContext
) -> tuple[tuple[Round, ...], tuple[tuple[int, RecountRequest], ...]]:
    rounds: list[Round] = []
    refused: list[tuple[int, RecountRequest]] = []
    for index, node in enumerate(contest.nodes("rounds")):
        node.allow_only("kind", "requested_by", "decision", "reason", "grounds", "scope", "sheets")
        kind = node.choice("kind", ROUND_KINDS)
        if index == 0 and kind != "initial":
            raise PackageError(node.at("kind"), 'the first round must be "initial"')
        if index > 0 and kind == "initial":
            raise PackageError(node.at("kind"), 'only the first round may be "initial"')
        request: RecountRequest | None = None
        if kind != "initial":
            decision = node.choice("decision", ("granted", "refused", "pending"))
            request = RecountRequest(
                kind=kind,
                requested_by=_requester(node) if node.has("requested_by") else None,
                decision=decision,
                reason=node.text("reason", optional=True, allow_empty=True),
                scope=_scope(node, context) if node.has("scope") else None,
                grounds=node.text("grounds", optional=True, allow_empty=True),
            )
            if decision != "granted":
                if node.has("sheets") and node.data["sheets"]:
                    raise PackageError(node.at("sheets"), f"a {decision} request carries no sheets")
                refused.append((len(rounds), request))
                continue
        else:
            for extra in ("requested_by", "decision", "scope"):
                if node.has(extra):
                    raise PackageError(node.at(extra), "the initial round has no request")
        sheets: list[CountSheet] = []
        seen: set[str] = set()
        for place, data in enumerate(node.elements("sheets")):
            sheet = _quick_sheet(data, context) if type(data) is dict else None
            if sheet is None:
                sheet = _sheet(node.element("sheets", place, data), context)
            if sheet.table in seen:
                raise PackageError(
                    f"{node.at('sheets')}[{place}].table",
                    f'table "{sheet.table}" has two sheets in this round',
                )
            seen.add(sheet.table)
            sheets.append(sheet)
        rounds.append(Round(len(rounds) + 1, kind, tuple(sheets), request))
    return tuple(rounds), tuple(refused)


def _requester(node: Node) -> Requester:
    who = node.node("requested_by")
    who.allow_only("name", "role")
    return Requester(who.text("name"), who.choice("role", REQUESTER_ROLES))


def _scope(node: Node, context: SheetContext) -> RecountScope:
    scope = node.node("scope")
    scope.allow_only("tables", "candidates")
    tables = as_text_list(scope.data.get("tables", []), scope.at("tables"))
    candidates = as_text_list(scope.data.get("candidates", []), scope.at("candidates"))
    for i, table in enumerate(tables):
        known(table, context.tables, f"{scope.at('tables')}[{i}]", "count table")
    for i, candidate in enumerate(candidates):
        known(candidate, context.candidates, f"{scope.at('candidates')}[{i}]", "candidate")
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


def _plain_vote(value: object, context: SheetContext) -> VoteFigure | None:
    """The figure of a well-formed vote, checked without building JSON paths (at general-election
    scale there are hundreds of thousands); None for anything else, which `_vote` then explains."""
    if type(value) is int:
        if not 0 <= value <= MAX_COUNT:
            return None
        figure = context.figures.get(value)
        if figure is None:
            figure = context.figures[value] = VoteFigure(total=value)
        return figure
    if type(value) is dict and len(value) == 2:
        bundles, part = value.get("bundles"), value.get("part")
        if type(bundles) is int and type(part) is int and 0 <= bundles <= MAX_COUNT:
            bundle_size = context.bundle_size
            total = bundles * bundle_size + part
            if 0 <= part < bundle_size and total <= MAX_COUNT:
                key = (bundles, part)
                figure = context.figures.get(key)
                if figure is None:
                    figure = context.figures[key] = VoteFigure(total=total, bundles=bundles, part=part)
                return figure
    return None


def _quick_sheet(data: dict[str, Any], context: SheetContext) -> CountSheet | None:
    """A well-formed sheet read without building JSON paths; None for anything that needs a closer
    look (`_sheet` then gives the same result, or says exactly what is wrong and where)."""
    if not _SHEET_KEYS.issuperset(data):
        return None
    table, votes_data, rejected_data = data.get("table"), data.get("votes"), data.get("rejected")
    if type(table) is not str or type(votes_data) is not dict:
        return None
    table = table.strip()
    if table not in context.tables:
        return None
    candidates, figures, bundle_size = context.candidates, context.figures, context.bundle_size
    votes: dict[str, VoteFigure] = {}
    for candidate_id, value in votes_data.items():
        if candidate_id not in candidates:
            return None
        # _plain_vote, inlined for the two usual shapes: this loop runs for every figure
        kind = type(value)
        if kind is int:
            if not 0 <= value <= MAX_COUNT:
                return None
            figure = figures.get(value)
            if figure is None:
                figure = figures[value] = VoteFigure(total=value)
        elif kind is dict and len(value) == 2:
            bundles, part = value.get("bundles"), value.get("part")
            if type(bundles) is not int or type(part) is not int:
                return None
            key = (bundles, part)
            figure = figures.get(key)
            if figure is None:  # a pair not seen in this contest: its ranges, once
                total = bundles * bundle_size + part
                if not (0 <= bundles <= MAX_COUNT and 0 <= part < bundle_size and total <= MAX_COUNT):
                    return None
                figure = figures[key] = VoteFigure(total=total, bundles=bundles, part=part)
        else:
            return None
        votes[candidate_id] = figure
    rejected: dict[str, int] = {}
    if rejected_data is not None:
        if type(rejected_data) is not dict or not context.heads.issuperset(rejected_data):
            return None
        for value in rejected_data.values():
            if type(value) is not int or not 0 <= value <= MAX_COUNT:
                return None
        rejected = dict(rejected_data)
    valid, in_part = data.get("valid_papers"), data.get("rejected_in_part")
    if valid is not None and not (type(valid) is int and 0 <= valid <= MAX_COUNT):
        return None
    if in_part is not None and not (type(in_part) is int and 0 <= in_part <= MAX_COUNT):
        return None
    multi = context.seats > 1
    if not multi and valid is not None and valid != sum(v.total for v in votes.values()):
        return None
    if in_part is not None and not (multi and context.profile.rejected_in_part):
        if in_part != 0:
            return None
        in_part = None
    return CountSheet(
        table=table,
        votes=votes,
        rejected=rejected,
        valid_papers=valid if multi else None,
        rejected_in_part=in_part,
    )


def _sheet(node: Node, context: SheetContext) -> CountSheet:
    quick = _quick_sheet(node.data, context)
    if quick is not None:
        return quick
    multi = context.seats > 1
    node.allow_only("table", "votes", "rejected", "valid_papers", "rejected_in_part")
    table = known(node.text("table"), context.tables, node.at("table"), "count table")
    votes_node = node.node("votes")
    votes: dict[str, VoteFigure] = {}
    for candidate_id, value in votes_node.data.items():
        figure = _plain_vote(value, context)
        if figure is None or candidate_id not in context.candidates:
            path = votes_node.at(candidate_id)  # the full checks, which say what is wrong where
            known(candidate_id, context.candidates, path, "candidate")
            figure = _vote(value, path, context.bundle_size)
        votes[candidate_id] = figure
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
            rejected[key] = value if is_count(value) else as_count(value, rejected_node.at(key))
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


def read_lot(node: Node, candidates: set[str]) -> Lot:
    node.allow_only("tied", "winner", "method", "witnesses", "drawn_at")
    tied = as_text_list(node.required("tied"), node.at("tied"))
    for i, candidate in enumerate(tied):
        known(candidate, candidates, f"{node.at('tied')}[{i}]", "candidate")
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
