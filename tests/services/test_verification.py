"""Verifying boxes on real files: counts and explanations as audited actions, progress, the statement."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.cli import run
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.session import NotAllowed
from app.services.verification import Verification

RIVERSIDE = "parl.riverside.2029-05-03"


def events(count_file: CountFile) -> int:
    return count_file.fingerprint().event_count


def unverified(package: dict[str, Any]) -> dict[str, Any]:
    """The package as an election management system sends it before the count: no figures."""
    for contest in package["contests"]:
        for key in ("verification", "rounds", "lots"):
            contest.pop(key, None)
    return package


@pytest.fixture
def fresh(examples_dir: Path, tmp_path: Path) -> Iterator[CountFile]:
    """Riverside before verification, with a supervisor and an operator."""
    package = unverified(json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8")))
    path = tmp_path / "fresh.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    count_file = CountFile.import_package(path, tmp_path / "fresh.countdesk")
    count_file.session.add_person("Helen Marsh", "returning-officer", "9876")
    count_file.session.sign_in("Helen Marsh", "9876")
    count_file.session.add_person("Sam Supervisor", "supervisor", "1357")
    count_file.session.add_person("Olu Operator", "operator", "1111")
    count_file.session.sign_in("Sam Supervisor", "1357")
    yield count_file
    count_file.close()


def test_each_count_is_one_audited_action_and_the_rule_applies(fresh: CountFile) -> None:
    desk = Verification(fresh)
    before = events(fresh)
    status = desk.enter_count(RIVERSIDE, "B01", "3908")
    assert (status.verified, status.how, status.figure) == (True, "equals-account", 3908)
    status = desk.enter_count(RIVERSIDE, "B02", "4224")
    assert (status.verified, status.how) == (False, "outstanding")
    status = desk.enter_count(RIVERSIDE, "B02", "4225")
    assert not status.verified, "two different counts"
    status = desk.enter_count(RIVERSIDE, "B02", "4225")
    assert (status.verified, status.how, status.variance) == (True, "two-counts-agree", -2)
    assert events(fresh) == before + 4
    assert [p.code for p in fresh.result(RIVERSIDE).problems if p.where == "box B02"] == ["W101"]
    status = desk.explain(RIVERSIDE, "B02", "two papers found in the wrong box at another count")
    assert status.explanation == "two papers found in the wrong box at another count"
    assert status.unexplained_variance == 0
    assert events(fresh) == before + 5
    last = fresh.store.db.execute(
        "SELECT user, role, action, object FROM event ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert last == ("Sam Supervisor", "supervisor", "explain-box", f"contest {RIVERSIDE} box B02")
    assert not fresh.store.verify_chain()


@pytest.mark.parametrize("typed", ["", "١٢", "１２", " 12", "1_000", "1,480", "-3", "10000000"])
def test_a_bad_figure_is_refused_and_nothing_is_saved(fresh: CountFile, typed: str) -> None:
    before = events(fresh)
    with pytest.raises(BadInput, match="box B01: "):
        Verification(fresh).enter_count(RIVERSIDE, "B01", typed)
    assert events(fresh) == before
    assert Verification(fresh).status(RIVERSIDE, "B01").counts == ()


def test_roles(fresh: CountFile) -> None:
    desk = Verification(fresh)
    fresh.session.sign_in("Olu Operator", "1111")
    desk.enter_count(RIVERSIDE, "B05", "3277")
    with pytest.raises(NotAllowed, match="supervisor"):
        desk.explain(RIVERSIDE, "B05", "why not")
    fresh.session.sign_in("Helen Marsh", "9876")
    with pytest.raises(NotAllowed):
        desk.enter_count(RIVERSIDE, "B05", "3277")
    with pytest.raises(BadInput, match="no box B99"):
        desk.explain(RIVERSIDE, "B99", "x")
    fresh.session.sign_out()
    with pytest.raises(BadInput, match="nobody is signed in"):
        desk.enter_count(RIVERSIDE, "B05", "3274")


def test_progress_and_statement_status(fresh: CountFile) -> None:
    desk = Verification(fresh)
    progress = desk.progress(RIVERSIDE)
    assert (progress.station.boxes, progress.postal.boxes, progress.verified) == (8, 4, 0)
    assert progress.outstanding[:3] == ("B01", "B02", "PV03")
    assert desk.statement(RIVERSIDE).context.status == "DRAFT"
    for status in desk.statuses(RIVERSIDE):
        desk.enter_count(RIVERSIDE, status.box.id, str(status.box.issued))
    progress = desk.progress(RIVERSIDE)
    assert progress.complete and progress.outstanding == ()
    assert (progress.postal.verified, progress.station.verified) == (4, 8)
    assert progress.papers_verified == 43273 == progress.station.expected + progress.postal.expected
    assert desk.statement(RIVERSIDE).context.status == "PROVISIONAL"


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_printed_statement_lists_every_box_and_the_totals(fresh: CountFile, tmp_path: Path) -> None:
    desk = Verification(fresh)
    for status in desk.statuses(RIVERSIDE):
        if status.box.id != "PV12":
            desk.enter_count(RIVERSIDE, status.box.id, str(status.box.issued))
    draft = _pdf_text(_saved(desk, tmp_path / "draft.pdf"))
    assert "DRAFT" in draft and "1 box is outstanding: PV12" in draft
    desk.enter_count(RIVERSIDE, "PV12", "3590")
    desk.enter_count(RIVERSIDE, "PV12", "3590")
    desk.explain(RIVERSIDE, "PV12", "one postal vote opened in error, Siân's table")
    text = _pdf_text(_saved(desk, tmp_path / "final.pdf"))
    assert "outstanding" not in text and "PROVISIONAL" in text
    for status in desk.statuses(RIVERSIDE):
        assert f"{status.box.id} " in text
    assert (
        "PV12 Postal 3,591 3,590 -1 Counts: 3,590; 3,590 one postal vote opened in error, Siân's table"
        in text
    )
    assert "Postal boxes (postal total) 4 4 14,788 14,787" in text
    assert "Grand total 12 12 43,273 43,272" in text
    assert "Grand total of ballot papers verified: 43,272" in text


def _saved(desk: Verification, path: Path) -> Path:
    desk.save_statement(RIVERSIDE, path)
    return path


def test_print_verification_on_the_command_line(fresh: CountFile, tmp_path: Path) -> None:
    path = fresh.path
    fresh.close()
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "statement.pdf"
    code = run(["print", "verification", str(path), "--contest", RIVERSIDE, "--out", str(target)], out, err)
    assert code == 0, err.getvalue()
    assert "(DRAFT)" in out.getvalue() and "12 boxes are outstanding" in _pdf_text(target)
    code = run(["print", "verification", str(path), "--contest", "nope", "--out", str(target)], out, err)
    assert code == 2 and "there is no contest" in err.getvalue()


# Several variances in one package: papers_verified is the sum of the figures that stand.
MULTI_VARIANCE = [
    # box, place, issued, counts, explanation -> verified figure
    ("A1", "P1", 500, [498, 498], "two papers taken home, reported by the presiding officer"),  # 498
    ("A2", "P2", 400, [402, 401, 401], None),  # 401, unexplained +1
    ("A3", "P3", 300, [305, 300], None),  # recounted to the account: 300
    ("A4", "P4", 200, [203], None),  # compensating with A5 (same place)
    ("A5", "P4", 150, [147], None),  # 147: A4 + A5 net 0 -> 203 + 147 = 350
    ("PV1", "", 1000, [999, 999], "one postal pack empty"),  # 999
    ("PV2", "", 800, [800], None),  # 800
]


def test_packages_with_several_variances_give_the_right_papers_verified(
    tmp_path: Path, examples_dir: Path
) -> None:
    package = unverified(json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8")))
    contest = package["contests"][0]
    contest["ballot_boxes"] = [
        {
            "id": b,
            "kind": "postal" if b.startswith("PV") else "polling-station",
            "polling_place": place,
            "issued": issued,
        }
        for b, place, issued, _, _ in MULTI_VARIANCE
    ]
    contest["verification"] = [
        {"box": b, "counts": counts, **({"explanation": why} if why else {})}
        for b, _, _, counts, why in MULTI_VARIANCE
    ]
    contest["count_tables"] = [{"id": "T1", "boxes": [b for b, *_ in MULTI_VARIANCE]}]
    path = tmp_path / "multi.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    with CountFile.import_package(path, tmp_path / "multi.countdesk") as count_file:
        result = count_file.result(RIVERSIDE)
        assert result.papers_verified == 498 + 401 + 300 + 203 + 147 + 999 + 800 == 3348
        assert result.expected_papers == {"T1": 3348}
        assert [p.code for p in result.problems if p.code.startswith("W1")] == ["W101"]  # A2 only
        statement = Verification(count_file).statement(RIVERSIDE)
        assert statement.papers_verified == 3348
        assert statement.progress.postal.papers_verified == 1799
        assert [line.variance for line in statement.lines] == [-2, 1, 0, 3, -3, -1, 0]
        assert [line.how for line in statement.lines] == [
            "two-counts-agree",
            "two-counts-agree",
            "equals-account",
            "compensating",
            "compensating",
            "two-counts-agree",
            "equals-account",
        ]
        assert statement.lines[1].note == "No explanation recorded."
        assert statement.lines[3].note == "compensating errors within polling place P4"
