"""The quick readers of well-formed package parts give exactly what the full reader gives, or defer to it."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import app.domain.package as package_module
import app.domain.package_rounds as rounds_module
from app.domain.package import Package, PackageError, read_package


def _full_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every quick reader declines, so only the full reader (with its paths) runs."""
    for name in ("quick_box", "quick_verification"):
        monkeypatch.setattr(package_module, name, lambda *_: None)
    monkeypatch.setattr(package_module, "quick_table", lambda *_: None)
    monkeypatch.setattr(rounds_module, "_quick_sheet", lambda *_: None)


def _both(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[Package | str, Package | str]:
    def attempt() -> Package | str:
        try:
            return read_package(raw)
        except PackageError as error:
            return f"{error.path}: {error.what}"

    quick = attempt()
    with monkeypatch.context() as patch:
        _full_only(patch)
        full = attempt()
    return quick, full


@pytest.mark.parametrize("name", ["riverside", "abbey"])
def test_the_examples_read_the_same_either_way(examples_dir: Path, name: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    quick, full = _both((examples_dir / f"{name}.package.json").read_bytes(), monkeypatch)
    assert isinstance(quick, Package) and quick == full


def _first_contest(data: dict[str, Any]) -> dict[str, Any]:
    contest: dict[str, Any] = data["contests"][0]
    return contest


def _first_vote(data: dict[str, Any], value: object) -> None:
    votes = _first_contest(data)["rounds"][0]["sheets"][0]["votes"]
    votes[next(iter(votes))] = value


EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "box kind padded": lambda d: _first_contest(d)["ballot_boxes"][0].update(kind=" postal "),
    "box kind unknown": lambda d: _first_contest(d)["ballot_boxes"][0].update(kind="mobile"),
    "box issued as text": lambda d: _first_contest(d)["ballot_boxes"][0].update(issued="12"),
    "box station null": lambda d: _first_contest(d)["ballot_boxes"][0].update(polling_station=None),
    "box extra field": lambda d: _first_contest(d)["ballot_boxes"][0].update(colour="red"),
    "verification empty explanation": lambda d: _first_contest(d)["verification"][0].update(
        explanation=" "),
    "verification count negative": lambda d: _first_contest(d)["verification"][0].update(counts=[-1]),
    "verification twice": lambda d: _first_contest(d)["verification"].append(
        copy.deepcopy(_first_contest(d)["verification"][0])),
    "table box twice": lambda d: _first_contest(d)["count_tables"][0]["boxes"].append(
        _first_contest(d)["count_tables"][0]["boxes"][0]),
    "table box unknown": lambda d: _first_contest(d)["count_tables"][0]["boxes"].append("NOPE"),
    "table id padded": lambda d: _first_contest(d)["count_tables"][0].update(
        id=" " + _first_contest(d)["count_tables"][0]["id"] + " "),
    "sheet table padded": lambda d: _first_contest(d)["rounds"][0]["sheets"][0].update(
        table=" " + _first_contest(d)["rounds"][0]["sheets"][0]["table"]),
    "sheet vote as text": lambda d: _first_vote(d, "5"),
    "sheet vote as bool": lambda d: _first_vote(d, True),
    "sheet part too big": lambda d: _first_vote(d, {"bundles": 1, "part": 10_000}),
    "sheet bundles and part": lambda d: _first_vote(d, {"bundles": 2, "part": 3}),
    "sheet unknown head": lambda d: _first_contest(d)["rounds"][0]["sheets"][0].setdefault(
        "rejected", {}).update({"spoilt": 1}),
    "sheet valid papers off": lambda d: _first_contest(d)["rounds"][0]["sheets"][0].update(
        valid_papers=1),
    "sheet in part zero": lambda d: _first_contest(d)["rounds"][0]["sheets"][0].update(
        rejected_in_part=0),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_package_gets_the_same_answer_either_way(
    examples_dir: Path, edit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))
    EDITS[edit](data)
    quick, full = _both(json.dumps(data, ensure_ascii=False).encode(), monkeypatch)
    assert quick == full
