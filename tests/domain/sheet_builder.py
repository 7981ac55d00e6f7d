"""Builds a table's paper sheet and its double-entry rules in code, for the double-entry tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.domain.double_entry import DoubleEntry
from app.domain.election import Contest
from app.domain.entry_cells import figures_of, sheet_layout
from app.domain.entry_check import SheetRules
from app.resources import resource_path
from tests.domain.contest_builder import build_contest

VOTES = {"ashby": 1234, "brown": 987, "cole": 406}
REJECTED = {"no-official-mark": 2, "too-many-votes": 5, "identifies-voter": 0, "unmarked-or-void": 7}


def paper_contest(
    votes: Mapping[str, int] = VOTES,
    rejected: Mapping[str, int] = REJECTED,
    *,
    seats: int = 1,
    valid_papers: int | None = None,
) -> Contest:
    """One table T1 whose box was verified at exactly the papers of the sheet (so it balances)."""
    return build_contest(votes, rejected=rejected, seats=seats, valid_papers=valid_papers)


def rules_for(contest: Contest) -> SheetRules:
    """The rules of table T1 in round 1, with the round's imported sheet taken away (to be keyed)."""
    expected = contest.ballot_boxes[0].issued
    fresh = replace(contest, rounds=(replace(contest.rounds[0], sheets=()),))
    return SheetRules(fresh, sheet_layout(fresh, 1, "T1"), expected)


def paper_of(contest: Contest) -> dict[str, int]:
    """What the paper sheet says, box by box (the contest's own sheet, written as bundles)."""
    layout = sheet_layout(contest, 1, "T1")
    sheet = contest.rounds[0].sheets[0]
    return {k: v for k, v in figures_of(layout, sheet).items() if v is not None}


def empty_sheet(rules: SheetRules, single_entry: bool = False) -> DoubleEntry:
    return DoubleEntry(rules.layout, single_entry=single_entry)


def demo_without_rounds(folder: Path) -> tuple[Path, dict[str, dict[str, Any]]]:
    """The demo election's package with no rounds or lots (a count not yet keyed), written into
    `folder`, and its initial round's sheets by table: the paper sheets two operators will key."""
    data = json.loads(resource_path("demo", "demo.package.json").read_text(encoding="utf-8"))
    contest = data["contests"][0]
    papers = {sheet["table"]: sheet for sheet in contest["rounds"][0]["sheets"]}
    for each in data["contests"]:
        each.pop("rounds", None)
        each.pop("lots", None)
    path = folder / "demo-before-the-count.package.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path, papers


def demo_round_one(folder: Path) -> Path:
    """The demo's package cut to its initial round: what the keyed count must come to."""
    data = json.loads(resource_path("demo", "demo.package.json").read_text(encoding="utf-8"))
    for each in data["contests"]:
        each["rounds"] = each["rounds"][:1]
        each.pop("lots", None)
    path = folder / "demo-round-one.package.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def typed_boxes(keys: tuple[str, ...], paper: Mapping[str, Any], bundle_size: int) -> dict[str, str]:
    """What an operator types in each box, read off a package sheet (bundles and part split out)."""
    typed: dict[str, str] = {}
    for key in keys:
        kind, _, ref = key.partition(":")
        if kind in ("bundles", "part", "votes"):
            value = paper["votes"][ref]
            total = value if isinstance(value, int) else value["bundles"] * bundle_size + value["part"]
            bundles, part = divmod(total, bundle_size)
            typed[key] = str({"bundles": bundles, "part": part, "votes": total}[kind])
        elif kind == "rejected":
            typed[key] = str(paper["rejected"].get(ref, 0))
        else:
            typed[key] = str(paper.get(key, 0))
    return typed
