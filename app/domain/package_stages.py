"""The stage sections of an election package: provisional results, declarations and suspensions."""

from __future__ import annotations

import re
from dataclasses import replace

from app.domain.election import Contest
from app.domain.package_reader import Node, PackageError, as_count, as_text_list, describe
from app.domain.package_rounds import known
from app.domain.result import compute_result
from app.domain.snapshot import (
    CORRECTION_FIELDS,
    SUSPENSION_ACTIONS,
    FigureCorrection,
    Snapshot,
    StageRecord,
    SuspensionEvent,
)

STAGE_SECTIONS = ("provisional", "declarations", "suspensions")
_DIGEST = re.compile(r"[0-9a-f]{64}")


def read_stage_sections(node: Node, contest: Contest) -> Contest:
    """`contest` with the package's provisional results, suspensions and declarations added.

    The newest declaration must be of exactly the contest's figures (a declared contest's figures
    cannot change); earlier provisional results and superseded declarations may differ.
    """
    rounds = contest.current_round
    provisional = tuple(
        _record(n, contest, "provisional", None) for n in node.nodes("provisional")
    )
    suspensions = tuple(_suspension(n) for n in node.nodes("suspensions"))
    for index, event in enumerate(suspensions):
        expected = SUSPENSION_ACTIONS[index % 2]
        if event.action != expected:
            raise PackageError(
                node.at(f"suspensions[{index}].action"),
                f'expected "{expected}": suspensions and resumptions alternate, starting with a '
                "suspension",
            )
    declarations = tuple(
        _record(n, contest, "declared", i) for i, n in enumerate(node.nodes("declarations"))
    )
    if declarations:
        where = node.at(f"declarations[{len(declarations) - 1}]")
        if contest.pending_requests:
            raise PackageError(where, "a contest with a pending recount request cannot be declared")
        if len(suspensions) % 2:
            raise PackageError(where, "a contest cannot be declared while its count is suspended")
    for record in provisional + declarations:
        if record.round > rounds or record.round < 1:
            raise PackageError(
                node.at("provisional" if record.stage == "provisional" else "declarations"),
                f"a record of round {record.round}, but the contest has {rounds} round(s)",
            )
    built = replace(contest, stage_records=provisional + declarations, suspensions=suspensions)
    if declarations:
        now = compute_result(built).figures
        if not now.same_figures(declarations[-1].snapshot):
            raise PackageError(
                node.at(f"declarations[{len(declarations) - 1}].figures.digest"),
                "the declaration is not of the contest's figures: "
                + ("; ".join(now.differences(declarations[-1].snapshot)) or "they differ"),
            )
    return built


def _record(node: Node, contest: Contest, stage: str, index: int | None) -> StageRecord:
    allowed = ["recorded_by", "recorded_at", "figures"]
    if stage == "declared":
        allowed += ["supersedes", "reason", "corrections"]
    node.allow_only(*allowed)
    supersedes = node.optional_count("supersedes") if stage == "declared" else None
    reason = node.text("reason", optional=True, allow_empty=True)
    if index is not None:
        if index == 0 and supersedes is not None:
            raise PackageError(node.at("supersedes"), "the first declaration supersedes nothing")
        if index > 0 and supersedes != index:
            raise PackageError(
                node.at("supersedes"),
                f"declaration {index + 1} must supersede declaration {index}, the one before it",
            )
        if index > 0 and not reason:
            raise PackageError(node.at("reason"), "a superseding declaration needs its reason")
    corrections: tuple[FigureCorrection, ...] = ()
    if node.has("corrections"):
        if supersedes is None:
            raise PackageError(
                node.at("corrections"), "only a superseding declaration carries corrections"
            )
        corrections = tuple(_correction(n, contest) for n in node.nodes("corrections"))
    return StageRecord(
        stage=stage,
        snapshot=_figures(node.node("figures"), contest),
        recorded_by=node.text("recorded_by"),
        recorded_at=node.optional_text("recorded_at"),
        supersedes=supersedes,
        reason=reason,
        corrections=corrections,
    )


def _figures(node: Node, contest: Contest) -> Snapshot:
    node.allow_only(
        "round", "votes", "lots_won", "elected", "rejected", "rejected_in_part",
        "papers_verified", "valid_papers", "digest",
    )
    candidates = {c.id for c in contest.candidates}
    votes_node = node.node("votes")
    if set(votes_node.data) != candidates:
        raise PackageError(votes_node.path, "must give a figure for every candidate, and only them")
    votes = {
        c.id: as_count(votes_node.data[c.id], votes_node.at(c.id)) for c in contest.ordered_candidates
    }
    rejected_node = node.node("rejected")
    heads = contest.profile.head_keys
    if set(rejected_node.data) != set(heads):
        raise PackageError(rejected_node.path, f"must give every rejected head: {', '.join(heads)}")
    rejected = {key: as_count(rejected_node.data[key], rejected_node.at(key)) for key in heads}
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("elected", "lots_won"):
        values = as_text_list(node.data.get(key, []), node.at(key))
        for i, candidate in enumerate(values):
            known(candidate, candidates, f"{node.at(key)}[{i}]", "candidate")
        lists[key] = values
    digest = node.text("digest")
    if not _DIGEST.fullmatch(digest):
        raise PackageError(
            node.at("digest"), f"expected 64 hexadecimal digits, found {describe(digest)}"
        )
    return Snapshot(
        round=node.count("round", minimum=1),
        votes=votes,
        elected=lists["elected"],
        rejected=rejected,
        papers_verified=node.count("papers_verified"),
        valid_papers=node.count("valid_papers"),
        digest=digest,
        lots_won=lists["lots_won"],
        rejected_in_part=node.optional_count("rejected_in_part"),
    )


def _correction(node: Node, contest: Contest) -> FigureCorrection:
    node.allow_only("round", "table", "field", "key", "old", "new")
    field = node.choice("field", CORRECTION_FIELDS)
    key = node.text("key", optional=True, allow_empty=True)
    if field == "votes":
        known(key, {c.id for c in contest.candidates}, node.at("key"), "candidate")
    elif field == "rejected" and key not in contest.profile.head_keys:
        raise PackageError(node.at("key"), f'"{key}" is not a rejected-paper head of this contest')
    return FigureCorrection(
        round=node.count("round", minimum=1),
        table=known(node.text("table"), {t.id for t in contest.count_tables}, node.at("table"),
                    "count table"),
        field=field,
        key=key,
        old=node.optional_count("old"),
        new=node.count("new"),
    )


def _suspension(node: Node) -> SuspensionEvent:
    node.allow_only("action", "reason", "seals", "recorded_by", "recorded_at")
    return SuspensionEvent(
        action=node.choice("action", SUSPENSION_ACTIONS),
        reason=node.text("reason"),
        seals=as_text_list(node.data.get("seals", []), node.at("seals")),
        recorded_by=node.text("recorded_by"),
        recorded_at=node.optional_text("recorded_at"),
    )


def stage_sections_json(contest: Contest) -> dict[str, list[dict[str, object]]]:
    """The same sections as JSON, for the package writer (only the sections that have entries)."""
    out: dict[str, list[dict[str, object]]] = {}
    provisional = [
        _record_json(r) for r in contest.stage_records if r.stage == "provisional"
    ]
    if provisional:
        out["provisional"] = provisional
    if contest.suspensions:
        out["suspensions"] = [
            {
                "action": e.action, "reason": e.reason, "seals": list(e.seals),
                "recorded_by": e.recorded_by,
                **({"recorded_at": e.recorded_at} if e.recorded_at else {}),
            }
            for e in contest.suspensions
        ]
    if contest.declarations:
        out["declarations"] = [_record_json(r) for r in contest.declarations]
    return out


def _record_json(record: StageRecord) -> dict[str, object]:
    out: dict[str, object] = {"recorded_by": record.recorded_by}
    if record.recorded_at:
        out["recorded_at"] = record.recorded_at
    if record.supersedes is not None:
        out["supersedes"] = record.supersedes
        out["reason"] = record.reason
    if record.corrections:
        out["corrections"] = [
            {"round": c.round, "table": c.table, "field": c.field, "key": c.key, "old": c.old,
             "new": c.new}
            for c in record.corrections
        ]
    out["figures"] = record.snapshot.as_json()
    return out
