"""The election package reader refuses every malformed package with the JSON path and what is wrong."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.package import PackageError, read_package

Mutation = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def riverside(examples_dir: Path) -> dict[str, Any]:
    return json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))


def _sheet(pkg: dict[str, Any]) -> dict[str, Any]:
    return pkg["contests"][0]["rounds"][0]["sheets"][0]


CASES: list[tuple[str, Mutation, str, str]] = [
    ("negative issued", lambda p: p["contests"][0]["ballot_boxes"][0].update(issued=-5),
     "contests[0].ballot_boxes[0].issued", "whole number"),
    ("count as text", lambda p: p["contests"][0]["verification"][0].update(counts=["3908"]),
     "contests[0].verification[0].counts[0]", "digits 0-9"),
    ("non-ASCII digits in text", lambda p: _sheet(p)["votes"].update({"margaret-pryce": "١٢"}),
     "contests[0].rounds[0].sheets[0].votes.margaret-pryce", "digits 0-9"),
    ("boolean count", lambda p: _sheet(p)["rejected"].update({"no-official-mark": True}),
     "contests[0].rounds[0].sheets[0].rejected.no-official-mark", "whole number"),
    ("float count", lambda p: _sheet(p)["rejected"].update({"no-official-mark": 3.0}),
     "contests[0].rounds[0].sheets[0].rejected.no-official-mark", "whole number"),
    ("too large", lambda p: p["contests"][0]["ballot_boxes"][0].update(issued=10_000_000),
     "contests[0].ballot_boxes[0].issued", "9,999,999"),
    ("unknown candidate", lambda p: _sheet(p)["votes"].update({"nobody": 3}),
     "contests[0].rounds[0].sheets[0].votes.nobody", "not a candidate"),
    ("part bundle too big", lambda p: _sheet(p)["votes"].update(
        {"margaret-pryce": {"bundles": 2, "part": 50}}),
     "contests[0].rounds[0].sheets[0].votes.margaret-pryce.part", "bundle size 50"),
    ("duplicate box", lambda p: p["contests"][0]["ballot_boxes"].append(
        dict(p["contests"][0]["ballot_boxes"][0])),
     "contests[0].ballot_boxes[12].id", "used twice"),
    ("wrong format tag", lambda p: p.update(format="countdesk-election-package/2"),
     "format", "countdesk-election-package/1"),
    ("unknown head", lambda p: _sheet(p)["rejected"].update({"spoilt": 1}),
     "contests[0].rounds[0].sheets[0].rejected.spoilt", "not a rejected-paper head"),
    ("unknown box in table", lambda p: p["contests"][0]["count_tables"][0]["boxes"].append("ZZ"),
     "contests[0].count_tables[0].boxes[3]", "not a ballot box"),
    ("box at two tables", lambda p: p["contests"][0]["count_tables"][1]["boxes"].append("B01"),
     "contests[0].count_tables[1].boxes[3]", "already at table"),
    ("unknown profile", lambda p: p["contests"][0].update(profile="uk-mayor"),
     "contests[0].profile", "not a known profile"),
    ("bad date", lambda p: p["election"].update(poll_date="3 May 2029"),
     "election.poll_date", "YYYY-MM-DD"),
    ("missing name", lambda p: p["contests"][0]["candidates"][0].pop("surname"),
     "contests[0].candidates[0].surname", "required"),
    ("blank name", lambda p: p["contests"][0]["candidates"][0].update(surname="   "),
     "contests[0].candidates[0].surname", "empty"),
    ("typo field", lambda p: _sheet(p).update(rejectd={}),
     "contests[0].rounds[0].sheets[0].rejectd", "unknown field"),
    ("refused with sheets", lambda p: p["contests"][0]["rounds"][3].update(
        sheets=p["contests"][0]["rounds"][0]["sheets"]),
     "contests[0].rounds[3].sheets", "refused"),
    ("first round not initial", lambda p: p["contests"][0]["rounds"][0].update(kind="full-recount"),
     "contests[0].rounds[0].kind", "initial"),
    ("lot winner not tied", lambda p: p["contests"][0].update(
        lots=[{"tied": ["margaret-pryce", "łukasz-nowak"], "winner": "zoë-o-connor"}]),
     "contests[0].lots[0].winner", "not one of the tied"),
    ("NUL in a surname", lambda p: p["contests"][0]["candidates"][0].update(surname="Pryce\x00"),
     "contests[0].candidates[0].surname", "control character (U+0000)"),
    ("line break in the title", lambda p: p["election"].update(title="Borough\nCouncil"),
     "election.title", "control character (U+000A)"),
    ("control character in a polling station", lambda p: p["contests"][0]["ballot_boxes"][0].update(
        polling_station="St Mary\x07s"),
     "contests[0].ballot_boxes[0].polling_station", "control character (U+0007)"),
    ("unassigned character in a box id", lambda p: p["contests"][0]["ballot_boxes"][0].update(id="B\u0378"),
     "contests[0].ballot_boxes[0].id", "control character (U+0378)"),
    ("single-seat valid papers disagree", lambda p: _sheet(p).update(valid_papers=5),
     "contests[0].rounds[0].sheets[0].valid_papers", "must equal the votes"),
]


@pytest.mark.parametrize(("name", "mutate", "path", "words"), CASES, ids=[c[0] for c in CASES])
def test_malformed_package_names_the_path(
    riverside: dict[str, Any], name: str, mutate: Mutation, path: str, words: str
) -> None:
    package = copy.deepcopy(riverside)
    mutate(package)
    raw = json.dumps(package, ensure_ascii=False).encode("utf-8")
    with pytest.raises(PackageError) as caught:
        read_package(raw)
    assert caught.value.path == path
    assert words in caught.value.what


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b'{"format": "countdesk-election-package/1", "election": {', "not valid JSON"),
        ('{"format": "x"}'.encode("utf-16"), "not UTF-8"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"a": 1, "a": 2}', "appears twice"),
        (b'{"format": NaN}', "NaN"),
        ("{\"format\": \"countdesk-election-package/1\", \"n\": ١٢}".encode(), "not valid JSON"),
        (b"[]", "expected an object"),
    ],
)
def test_undecodable_packages(raw: bytes, words: str) -> None:
    with pytest.raises(PackageError) as caught:
        read_package(raw)
    assert words in str(caught.value)


def test_a_no_break_space_in_a_name_is_kept(riverside: dict[str, Any]) -> None:
    package = copy.deepcopy(riverside)
    package["contests"][0]["candidates"][0]["surname"] = "Ap\u00a0Gwilym"
    read = read_package(json.dumps(package, ensure_ascii=False).encode("utf-8"))
    assert read.contests[0].candidates[0].surname == "Ap\u00a0Gwilym"


def test_utf8_bom_is_accepted(examples_dir: Path) -> None:
    raw = (examples_dir / "abbey.package.json").read_bytes()
    assert read_package(b"\xef\xbb\xbf" + raw).contests[0].id == "local.northgate.abbey.2029-05-03"


def test_minimal_package_before_the_count(riverside: dict[str, Any]) -> None:
    package = copy.deepcopy(riverside)
    for key in ("verification", "count_tables", "rounds"):
        package["contests"][0].pop(key)
    parsed = read_package(json.dumps(package).encode())
    assert parsed.contests[0].rounds == () and len(parsed.contests[0].ballot_boxes) == 12


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_any_bytes_are_a_package_or_a_package_error(raw: bytes) -> None:
    try:
        read_package(raw)
    except PackageError as error:
        assert str(error)


@settings(max_examples=300)
@given(path=st.lists(st.integers(0, 8), min_size=1, max_size=5), value=json_values)
def test_any_single_replacement_is_accepted_or_refused_cleanly(
    riverside: dict[str, Any], path: list[int], value: object
) -> None:
    package = copy.deepcopy(riverside)
    node: Any = package
    for step in path[:-1]:
        children = list(node.values()) if isinstance(node, dict) else node
        if not isinstance(children, list) or not children:
            break
        candidate = children[step % len(children)]
        if not isinstance(candidate, (dict, list)):
            break
        node = candidate
    if isinstance(node, dict) and node:
        node[list(node)[path[-1] % len(node)]] = value
    elif isinstance(node, list) and node:
        node[path[-1] % len(node)] = value
    try:
        read_package(json.dumps(package).encode())
    except PackageError as error:
        assert str(error)
