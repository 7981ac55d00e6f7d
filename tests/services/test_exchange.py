"""Export from a real count file: the package round trip, the other formats, where and how it writes."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.cli import run
from app.domain.eml import EML_NS
from app.services import exchange
from app.services.count_file import CountFile
from app.services.errors import BadInput, CheckFailed
from app.services.exchange import FORMATS, default_path, export_file

ISSUED = datetime(2029, 5, 4, 3, 15, tzinfo=UTC)


def _issued() -> datetime:
    return ISSUED


def _package(name: str, examples_dir: Path, repo_root: Path) -> Path:
    if name == "demo":
        return repo_root / "resources" / "demo" / "demo.package.json"
    return examples_dir / f"{name}.package.json"


def _state(count_file: CountFile) -> dict[str, Any]:
    """Everything the round trip must keep: results, rounds, requests in order, lots, the import's audit."""
    contests = [count_file.contest(cid) for cid in count_file.contest_ids()]
    events = count_file.store.db.execute(
        "SELECT action, object, after FROM event ORDER BY seq"
    ).fetchall()
    audit = []
    for action, obj, after in events:
        details = json.loads(after) if after else {}
        kept = {k: v for k, v in details.items() if k not in ("package_sha256", "source")}
        audit.append((action, obj, kept))
    return {
        "election": count_file.election,
        "results": [r.as_json() for r in count_file.results()],
        "rounds": [c.rounds for c in contests],
        "requests": [c.refused_requests for c in contests],
        "lots": [c.lots for c in contests],
        "contests": contests,
        "audit": audit,
    }


def _round_trip(source: Path, work: Path) -> tuple[dict[str, Any], dict[str, Any], exchange.Export]:
    with CountFile.import_package(source, work / "first.countdesk") as first:
        before = _state(first)
        done = export_file(first, "package", work / "exported.package.json")
    with CountFile.import_package(done.path, work / "second.countdesk") as second:
        after = _state(second)
    return before, after, done


@pytest.mark.parametrize("name", ["riverside", "abbey", "demo"])
def test_export_then_import_gives_the_same_count(
    name: str, examples_dir: Path, repo_root: Path, tmp_path: Path
) -> None:
    before, after, done = _round_trip(_package(name, examples_dir, repo_root), tmp_path)
    assert after == before
    assert done.notes == () and done.contests == len(before["results"])
    assert done.path.read_bytes().decode("utf-8").startswith('{"format": "countdesk-election-package/1"')


def test_a_round_trip_is_not_an_identity_by_accident(examples_dir: Path, tmp_path: Path) -> None:
    """The comparison above notices a changed figure, a dropped request and a reordered one."""
    with CountFile.import_package(examples_dir / "riverside.package.json", tmp_path / "r.countdesk") as f:
        before = _state(f)
    package = json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))
    rounds = package["contests"][0]["rounds"]
    variants = {
        "figure": lambda: rounds[2]["sheets"][0]["votes"].update({"siân-ap-gwilym": 618}),
        "dropped": lambda: rounds.pop(),
        "reordered": lambda: rounds.insert(2, rounds.pop()),
    }
    for label, change in variants.items():
        changed = json.loads(json.dumps(package))
        rounds = changed["contests"][0]["rounds"]
        change()
        path = tmp_path / f"{label}.json"
        path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
        with CountFile.import_package(path, tmp_path / f"{label}.countdesk") as other:
            assert _state(other) != before, label


@pytest.mark.slow
def test_the_ge2017_package_round_trips(shared_dir: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import ge2017
    finally:
        sys.path.pop(0)
    seats = ge2017.load_ge2017(shared_dir / "data" / "ge2017")
    package = ge2017.build_package(seats, tables_per_contest=4, rounds=2)
    source = tmp_path / "ge2017.package.json"
    source.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    before, after, done = _round_trip(source, tmp_path)
    assert done.contests == 650 and done.notes == ()
    assert after == before


def _written(folder: Path) -> list[str]:
    """The files in `folder` other than the open count file and its write-ahead log."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("r.countdesk"))


@pytest.fixture
def riverside(examples_dir: Path, tmp_path: Path) -> CountFile:
    count_file = CountFile.import_package(examples_dir / "riverside.package.json", tmp_path / "r.countdesk")
    yield count_file  # type: ignore[misc]
    count_file.close()


def test_each_format_is_written_beside_the_count_file(riverside: CountFile, tmp_path: Path) -> None:
    for fmt in FORMATS:
        done = export_file(riverside, fmt, now=_issued)
        assert done.path == default_path(riverside.path, fmt) == tmp_path / f"r{exchange.SUFFIXES[fmt]}"
        assert done.path.stat().st_size > 0
        mask = os.umask(0)
        os.umask(mask)
        assert done.path.stat().st_mode & 0o777 == 0o666 & ~mask  # shareable, unlike a temp file
    assert [name for name in _written(tmp_path) if ".partial" in name] == []
    for fmt in ("eml510", "eml520"):
        root = ET.fromstring(default_path(riverside.path, fmt).read_bytes())
        assert root.tag == f"{{{EML_NS}}}EML" and root.attrib["Id"] == fmt[3:]
        assert root.findtext(f"{{{EML_NS}}}IssueDate") == "2029-05-04T03:15:00+00:00"
        assert root.findtext(f"{{{EML_NS}}}TransactionId") == str(riverside.fingerprint().event_count)
    rows = list(csv.DictReader(io.StringIO(default_path(riverside.path, "dc-csv").read_text("utf-8"))))
    result = riverside.results()[0].as_json()
    assert {r["countdesk_candidate_id"]: int(r["votes_cast"]) for r in rows} == {
        c["id"]: c["votes"] for c in result["candidates"]
    }


def test_out_may_be_a_folder_or_a_file(riverside: CountFile, tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    folder.mkdir()
    assert export_file(riverside, "eml520", folder).path == folder / "r.eml520.xml"
    named = export_file(riverside, "eml520", folder / "result.xml").path
    assert named == folder / "result.xml" and named.is_file()


def test_bad_targets_are_refused_and_nothing_is_written(riverside: CountFile, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="does not exist; create it"):
        export_file(riverside, "package", tmp_path / "missing" / "p.json")
    with pytest.raises(BadInput, match="is the count file itself"):
        export_file(riverside, "package", riverside.path)
    with pytest.raises(BadInput, match="not an export format"):
        export_file(riverside, "pdf")
    assert _written(tmp_path) == []


def test_a_failed_write_keeps_the_previous_export(
    riverside: CountFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "p.json"
    target.write_text("the previous export", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange.os, "fsync", disk_full)
    with pytest.raises(BadInput, match="could not be written"):
        export_file(riverside, "package", target)
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert _written(tmp_path) == ["p.json"]


def _cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_command_line_export_and_import_again(examples_dir: Path, tmp_path: Path) -> None:
    first = tmp_path / "riverside.countdesk"
    assert _cli("import", examples_dir / "riverside.package.json", "--out", first)[0] == 0
    code, out, err = _cli("export", first, "--format", "package")
    assert (code, err) == (0, "")
    written = tmp_path / "riverside.package.json"
    assert out == f"Wrote the election package of 1 contest to {written}.\n"
    second = tmp_path / "again.countdesk"
    assert _cli("import", written, "--out", second)[0] == 0
    results = [json.loads(_cli("result", f, "--json")[1]) for f in (first, second)]
    assert results[0] == results[1]
    code, out, _ = _cli("export", first, "--format", "dc-csv", "--out", tmp_path / "dc.csv")
    assert code == 0 and "Democracy Club results CSV of 1 contest" in out


def test_command_line_errors_exit_2(tmp_path: Path, riverside: CountFile) -> None:
    code, _, err = _cli("export", riverside.path, "--format", "pdf")
    assert code == 2 and "invalid choice" in err and err.count("\n") == 1
    code, _, err = _cli("export", tmp_path / "nope.countdesk", "--format", "package")
    assert code == 2 and "does not exist" in err
    code, _, err = _cli("export", riverside.path)
    assert code == 2 and "--format" in err


def test_a_package_that_would_not_import_again_is_not_written(
    riverside: CountFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = exchange.write_package

    def without_candidates(election: Any, contests: Any) -> dict[str, Any]:
        package = real(election, contests)
        package["contests"][0]["candidates"] = []
        return package

    monkeypatch.setattr(exchange, "write_package", without_candidates)
    with pytest.raises(CheckFailed, match="would not import again"):
        export_file(riverside, "package")
    assert _written(tmp_path) == []
