"""Acceptance on real data: all 650 GE2017 seats through `import` and `result --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

Json = dict[str, Any]
TABLES = 4
ROUNDS = 2
BUNDLE = 50  # the generator's default bundle size
ABSOLUTE = 100  # design.md §5: the UK default absolute rule
TIMEOUT = 900  # seconds for one command (quality.md P5 asks import ≤ 10 s at 40 tables)


def _run(args: list[str], cwd: Path, what: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(cwd), env.get("PYTHONPATH")) if p)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONIOENCODING"] = "utf-8"
    run = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    assert run.returncode == 0, (
        f"{what} exited {run.returncode}\n"
        f"stdout: {run.stdout[-2000:]}\nstderr: {run.stderr[-4000:]}"
    )
    return run


@pytest.fixture(scope="module")
def ge2017_dir(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "ge2017"
    if not (path / "candidates.csv").is_file():
        pytest.fail(f"the GE2017 data is missing: expected {path}/candidates.csv", pytrace=False)
    return path


@pytest.fixture(scope="module")
def counted(
    repo_root: Path, ge2017_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Json, dict[str, Json], list[Json]]:
    """The package, what it must give, and `countdesk result --json` on the imported file."""
    if not (repo_root / "app" / "__main__.py").is_file():
        pytest.fail("app/__main__.py is missing: there is no `python -m app` to test")
    work = tmp_path_factory.mktemp("ge2017")
    package_path, expected_path = work / "ge2017.package.json", work / "ge2017.expected.json"
    count_file = work / "ge2017.countdesk"
    generator = repo_root / "tests" / "benchmarks" / "ge2017.py"
    _run(
        [
            *(str(generator), "--data", str(ge2017_dir), "--tables", str(TABLES)),
            *("--rounds", str(ROUNDS), "--bundle-size", str(BUNDLE)),
            *("--out", str(package_path), "--expected", str(expected_path)),
        ],
        repo_root,
        "the GE2017 generator",
    )
    _run(
        ["-m", "app", "import", str(package_path), "--out", str(count_file)],
        repo_root,
        "countdesk import",
    )
    assert count_file.is_file(), f"countdesk import said it succeeded but wrote no {count_file}"
    run = _run(["-m", "app", "result", str(count_file), "--json"], repo_root, "countdesk result")
    try:
        rows = json.loads(run.stdout)
    except json.JSONDecodeError as error:
        pytest.fail(f"`result --json` did not print JSON ({error}): {run.stdout[:500]!r}")
    assert isinstance(rows, list), f"`result --json` printed {type(rows).__name__}, not a list"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    return package, expected, rows


def _ballot_key(candidate: Json) -> tuple[str, str]:
    """Alphabetical by surname, then forenames (interfaces.md), ignoring accents and case."""

    def bare(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()

    return bare(candidate["surname"]), bare(candidate["forenames"])


def _final_rejected(contest: Json) -> dict[str, int]:
    """The rejected heads as the package's last round gives them, with the total."""
    heads: Counter[str] = Counter()
    for sheet in contest["rounds"][-1]["sheets"]:
        heads.update(sheet["rejected"])
    return dict(heads) | {"total": sum(heads.values())}


def _mismatches(contest: Json, want: Json, got: Json) -> list[str]:
    out: list[str] = []
    cid = contest["id"]

    def check(field: str, expected: object, actual: object) -> None:
        if expected != actual:
            out.append(f"{cid}: {field}: expected {expected!r}, got {actual!r}")

    by_id = {c["id"]: c for c in contest["candidates"]}
    surname = {c["id"]: c["surname"] for c in contest["candidates"]}
    candidates = got.get("candidates") or []
    elected = [c.get("id") for c in candidates if c.get("elected") is True]
    check("elected", [want["winner_id"]], elected)
    winner_surname = surname.get(elected[0]) if len(elected) == 1 else None
    check("winner surname (through the elected id)", want["winner_surname"], winner_surname)
    got_votes = {c.get("id"): c.get("votes") for c in candidates}
    for key in sorted(set(want["votes"]) | set(got_votes), key=str):
        check(f"votes of {key}", want["votes"].get(key), got_votes.get(key))
    order = [_ballot_key(by_id[c["id"]]) for c in candidates if c.get("id") in by_id]
    check("ballot-paper order", sorted(order), order)
    for row in candidates:
        c = by_id.get(row.get("id"), {"id": row.get("id"), "surname": "?", "forenames": "?"})
        name = str(row.get("name", ""))
        if c["surname"] not in name or c["forenames"] not in name:
            check(f"name of {c['id']}", f"{c['forenames']} {c['surname']}", name)
    check("won_lot", [], [c.get("id") for c in candidates if c.get("won_lot") is not False])
    check("margin", want["majority"], got.get("margin"))
    check("papers_verified", want["papers_verified"], got.get("papers_verified"))
    check("rejected (package)", _final_rejected(contest), got.get("rejected"))
    check("rejected (CSV)", want["rejected"], got.get("rejected"))
    check("rejected_in_part", None, got.get("rejected_in_part"))
    check("reconciled", True, got.get("reconciled"))
    check("round", ROUNDS, got.get("round"))
    check("lot_needed", False, got.get("lot_needed"))
    check("seats", 1, got.get("seats"))
    check("name", contest["name"], got.get("name"))

    margin, rejected = want["majority"], want["rejected"]["total"]
    rules: set[str] = set()
    if margin == 0:
        rules.add("tie")
    if margin <= 2 * BUNDLE:
        rules.add("bundle")
    if margin <= ABSOLUTE:
        rules.add("absolute")
    if margin <= rejected:
        rules.add("rejected")
    check("recount_advised", bool(rules), got.get("recount_advised"))
    check("advice rules", sorted(rules), sorted(a.get("rule") for a in got.get("advice") or []))
    errors = [p for p in got.get("problems") or [] if p.get("severity") == "error"]
    check("error problems", [], errors)
    return out


@pytest.mark.slow
def test_every_ge2017_seat_gives_its_real_result(
    counted: tuple[Json, dict[str, Json], list[Json]],
) -> None:
    package, expected, rows = counted
    by_id: dict[str, Json] = {}
    mismatches: list[str] = []
    for row in rows:
        cid = row.get("contest") if isinstance(row, dict) else None
        if not isinstance(cid, str) or cid in by_id:
            mismatches.append(f"result row for {cid!r} is missing its id or repeated")
            continue
        by_id[cid] = row
    wanted_ids = [contest["id"] for contest in package["contests"]]
    assert len(wanted_ids) == 650
    if set(by_id) != set(wanted_ids):
        missing = sorted(set(wanted_ids) - set(by_id))
        extra = sorted(set(by_id) - set(wanted_ids))
        mismatches.append(f"contests missing from the result: {missing[:10]}; extra: {extra[:10]}")
    for contest in package["contests"]:
        got = by_id.get(contest["id"])
        if got is not None:
            mismatches.extend(_mismatches(contest, expected[contest["id"]], got))
    if mismatches:
        pytest.fail(
            f"{len(mismatches)} mismatches; the first 20:\n" + "\n".join(mismatches[:20]),
            pytrace=False,
        )
