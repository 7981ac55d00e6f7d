"""The catalogue and the code agree: every code used is catalogued, every rule fires in a case, docs match."""

# Run `python -m tests.domain.test_catalogue` from the checkout to rewrite docs/catalogue.md.

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain import double_entry as de
from app.domain.catalogue import CATALOGUE, Problem, catalogue_markdown
from app.domain.election import BoxVerification, Lot, VoteFigure
from app.domain.entry_cells import part_cell
from app.domain.entry_review import sheet_problems
from app.domain.result import compute_result
from app.domain.snapshot import Snapshot, StageRecord
from tests.domain.contest_builder import build_contest
from tests.domain.sheet_builder import paper_contest, paper_of, rules_for

DOC = Path(__file__).resolve().parents[2] / "docs" / "catalogue.md"
CODE = re.compile(r"""["']([EW]\d{3})["']""")
VOTES = {"ashby": 120, "brown": 80, "cole": 45}


def result_problems(**changes: object) -> tuple[Problem, ...]:
    return compute_result(replace(build_contest(VOTES), **changes)).problems


def with_counts(*counts: int, explanation: str | None = None) -> tuple[Problem, ...]:
    return compute_result(build_contest(VOTES, counts=counts, explanation=explanation)).problems


def with_votes(votes: dict[str, VoteFigure], **kw: object) -> tuple[Problem, ...]:
    contest = build_contest(VOTES, **kw)  # type: ignore[arg-type]
    sheet = replace(contest.rounds[0].sheets[0], votes=votes)
    return compute_result(replace(contest, rounds=(replace(contest.rounds[0], sheets=(sheet,)),))).problems


def sheet_state_problems(state: str) -> tuple[Problem, ...]:
    """E401 / E402 / W403: the supervisor's list for a sheet in that state."""
    rules, paper = rules_for(paper_contest()), paper_of(paper_contest())
    sheet = de.save(de.start(de.DoubleEntry(rules.layout), "ann"), rules, "ann", paper, finish=True)
    slip = {**paper, part_cell("ashby"): paper[part_cell("ashby")] + 1}
    if state == "has-errors":
        sheet = de.save(de.start(de.DoubleEntry(rules.layout), "ann"), rules, "ann", slip,
                        finish=True, confirmed=True)
    else:
        sheet = de.save(de.start(sheet, "ben"), rules, "ben", slip, finish=True, confirmed=True)
    if state == "correction":
        sheet = de.resolve(sheet, {part_cell("ashby"): "first"})
    assert sheet.state == state
    return sheet_problems(sheet, rules)


PAPERS = sum(VOTES.values())
# One case per code: how to make the rule fire. A new rule needs its case here.
CASES: dict[str, Callable[[], tuple[Problem, ...]]] = {
    "E101": lambda: result_problems(verification=()),
    "E102": lambda: with_counts(PAPERS + 3),
    "E103": lambda: with_counts(PAPERS + 3, PAPERS + 5),
    "W101": lambda: with_counts(PAPERS + 3, PAPERS + 3),
    "E201": lambda: with_votes({**{c: VoteFigure(n) for c, n in VOTES.items()},
                                "ashby": VoteFigure(120, bundles=1, part=70)}),
    "E202": lambda: with_votes({**{c: VoteFigure(n) for c, n in VOTES.items()}, "ashby": VoteFigure(900)}),
    "E203": lambda: with_votes({**{c: VoteFigure(n) for c, n in VOTES.items()}, "ashby": VoteFigure(111)}),
    "E204": lambda: compute_result(build_contest(VOTES, seats=2, valid_papers=100)).problems,
    "E205": lambda: compute_result(build_contest(VOTES, seats=2, valid_papers=110)).problems,
    "E206": lambda: result_problems(rounds=(replace(build_contest(VOTES).rounds[0], sheets=()),)),
    "E207": lambda: with_votes({c: VoteFigure(n) for c, n in VOTES.items() if c != "cole"}),
    "E208": lambda: result_problems(verification=(BoxVerification("B1", (PAPERS + 3, PAPERS + 5)),)),
    "W201": lambda: compute_result(build_contest({**VOTES, "cole": 0})).problems,
    "E301": lambda: with_votes({**{c: VoteFigure(n) for c, n in VOTES.items()}, "ashby": VoteFigure(111)}),
    "E302": lambda: compute_result(build_contest({"ashby": 80, "brown": 80})).problems,
    "E303": lambda: result_problems(stage_records=(
        StageRecord("declared", Snapshot(1, {"ashby": 1}, ("ashby",), {}, 1, 1, "other figures"), "RO"),
    )),
    "W301": lambda: compute_result(build_contest({"ashby": 90, "brown": 80})).problems,
    "W302": lambda: compute_result(
        build_contest({"ashby": 90, "brown": 80}, lots=(Lot(("ashby", "brown"), "ashby"),))
    ).problems,
    "E401": lambda: sheet_state_problems("different"),
    "E402": lambda: sheet_state_problems("has-errors"),
    "W403": lambda: sheet_state_problems("correction"),
}


def test_every_catalogue_rule_has_a_case_and_every_case_a_rule() -> None:
    assert set(CASES) == set(CATALOGUE), "add a case for each new rule (and drop those of removed rules)"


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_fires_in_its_case(code: str) -> None:
    found = CASES[code]()
    fired = [p for p in found if p.code == code]
    assert fired, f"{code} did not fire; the case found {[p.code for p in found]}"
    assert all(p.severity == CATALOGUE[code].severity for p in fired)


def test_every_code_used_in_the_app_is_in_the_catalogue(repo_root: Path) -> None:
    used: dict[str, list[str]] = {}
    for path in sorted((repo_root / "app").rglob("*.py")):
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(code, []).append(str(path.relative_to(repo_root)))
    unknown = {code: files for code, files in used.items() if code not in CATALOGUE}
    assert not unknown, f"codes used but not catalogued: {unknown}"
    assert {"E201", "E401", "W403"} <= set(used)  # the scan finds codes where they are used


def test_each_reader_has_their_own_words() -> None:
    """The operator's neutral text and the supervisor's instructions are written separately."""
    for rule in CATALOGUE.values():
        assert rule.severity in ("error", "warning") and rule.code[0] == rule.severity[0].upper()
        assert rule.operator_text and rule.supervisor_text and rule.predicate, rule.code
        assert rule.operator_text != rule.supervisor_text, rule.code


def test_docs_catalogue_is_the_rendering_of_the_catalogue() -> None:
    assert DOC.is_file(), "docs/catalogue.md is missing: run python -m tests.domain.test_catalogue"
    assert DOC.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/catalogue.md differs from app/domain/catalogue.py: run python -m tests.domain.test_catalogue"
    )


if __name__ == "__main__":
    DOC.write_text(catalogue_markdown(), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
