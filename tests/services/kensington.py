"""A Kensington-2017-like count (8 tables, final margin 20) and an Abbey-like tied ward, as a package."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

KENSINGTON = "parl.kensington.2017-06-08"
ABBEY = "local.northgate.abbey.2029-05-03"
TABLES = 8
HEADS = ("no-official-mark", "too-many-votes", "identifies-voter", "unmarked-or-void")

# ../shared/data/ge2017: the declared figures, rejected papers by head from the Electoral Commission
FINAL = {
    "borwick": 16313, "dent-coad": 16333, "lloyd": 49, "marshall": 98, "mullin": 4724,
    "nadel": 767, "torrance": 393,
}
REJECTED = {"no-official-mark": 0, "too-many-votes": 40, "identifies-voter": 1, "unmarked-or-void": 77}
NAMES = {
    "borwick": ("Borwick", "Victoria", "Conservative"),
    "dent-coad": ("Dent Coad", "Emma", "Labour"),
    "lloyd": ("Lloyd", "John", "Alliance for Green Socialism"),
    "marshall": ("Marshall", "Peter", "Independent"),
    "mullin": ("Mullin", "Annabel", "Liberal Democrat"),
    "nadel": ("Nadel", "Jennifer", "Green Party"),
    "torrance": ("Torrance", "James", "Independent"),
}
MISPILED = 24  # round 1: 24 of Borwick's papers counted in Dent Coad's pile at table T5


def _share(total: int, index: int) -> int:
    return total // TABLES + (1 if index < total % TABLES else 0)


def table_figures(index: int, *, round_one: bool = False) -> tuple[dict[str, int], dict[str, int]]:
    """Table T{index + 1}'s votes and rejected papers (round 1 has the mis-piled papers at T5)."""
    votes = {cid: _share(total, index) for cid, total in FINAL.items()}
    if round_one and index == 4:
        votes["dent-coad"] += MISPILED
        votes["borwick"] -= MISPILED
    return votes, {head: _share(count, index) for head, count in REJECTED.items()}


def _sheet(index: int, *, round_one: bool) -> dict[str, Any]:
    votes, rejected = table_figures(index, round_one=round_one)
    return {
        "table": f"T{index + 1}",
        "votes": {cid: {"bundles": n // 50, "part": n % 50} for cid, n in votes.items()},
        "rejected": rejected,
    }


def kensington_contest() -> dict[str, Any]:
    boxes, tables = [], []
    for index in range(TABLES):
        votes, rejected = table_figures(index)
        papers = sum(votes.values()) + sum(rejected.values())
        kind = "postal" if index == TABLES - 1 else "polling-station"
        first = papers // 2
        ids = [f"K{index + 1}A", f"K{index + 1}B"]
        for box_id, issued in zip(ids, (first, papers - first), strict=True):
            boxes.append({"id": box_id, "kind": kind, "issued": issued,
                          "polling_station": f"Station {box_id}", "polling_place": f"P{index + 1}"})
        tables.append({"id": f"T{index + 1}", "boxes": ids})
    return {
        "id": KENSINGTON, "name": "Kensington", "profile": "uk-parliamentary", "seats": 1,
        "electorate": 60588, "bundle_size": 50,
        "candidates": [
            {"id": cid, "surname": s, "forenames": f, "description": d}
            for cid, (s, f, d) in NAMES.items()
        ],
        "ballot_boxes": boxes,
        "verification": [{"box": b["id"], "counts": [b["issued"]]} for b in boxes],
        "count_tables": tables,
        "rounds": [{"kind": "initial", "sheets": [_sheet(i, round_one=True) for i in range(TABLES)]}],
    }


def night_package(examples_dir: Path, folder: Path) -> Path:
    """Kensington after its first count, and Abbey's tied ward with its lot not yet drawn."""
    abbey = json.loads((examples_dir / "abbey.package.json").read_text(encoding="utf-8"))
    ward = copy.deepcopy(abbey["contests"][0])
    ward.pop("lots", None)
    package = {
        "format": "countdesk-election-package/1",
        "election": {
            "id": "parl.2017-06-08", "title": "UK Parliamentary General Election",
            "poll_date": "2017-06-08", "authority": "Royal Borough of Kensington and Chelsea",
            "venue": "Kensington Town Hall",
            "returning_officer": {"name": "Nicholas Holgate", "capacity": "Acting Returning Officer"},
            "training": True,
        },
        "contests": [kensington_contest(), ward],
    }
    path = folder / "night.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
