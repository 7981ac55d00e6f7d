"""Printing one document for every contest: `countdesk print DOC FILE --all --out DIR`."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

from app.cli import run
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.printing import batch_file_name, prepare, print_every_contest
from tests.reports.documents import pages

RIVERSIDE = "parl.riverside.2029-05-03"
ODD = "parl.riverside/east:2029"  # characters a file name cannot hold


def _package(examples_dir: Path, folder: Path, *, undrawable: bool = False) -> Path:
    """Riverside and a copy of it under another id (and, if asked, a third whose name cannot print)."""
    package = json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))
    first = package["contests"][0]
    second = copy.deepcopy(first)
    second.update(id=ODD, name="Riverside East")
    package["contests"].append(second)
    if undrawable:
        third = copy.deepcopy(first)
        third.update(id="parl.riverside-west.2029", name="Riverside West")
        third["candidates"][0]["surname"] = "Gwilym \U0001f5f3"
        package["contests"].append(third)
    path = folder / "two.package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def two_contests(examples_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "two.countdesk"
    CountFile.import_package(_package(examples_dir, tmp_path), target).close()
    return target


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_every_declaration_is_written_as_the_single_print(two_contests: Path, tmp_path: Path) -> None:
    folder = tmp_path / "declarations"
    code, out, err = cli("print", "declaration", str(two_contests), "--all", "--out", str(folder))
    assert code == 0, err
    assert out == f"Wrote the declaration of result of 2 contest(s) to {folder} (2 DRAFT).\n"
    written = sorted(p.name for p in folder.iterdir())
    assert written == sorted([f"declaration-{RIVERSIDE}.pdf", "declaration-parl.riverside_east_2029.pdf"])
    with CountFile.open(two_contests) as count_file:
        for contest_id in (RIVERSIDE, ODD):
            alone = pages(prepare(count_file, "declaration", contest_id).render())
            batch = pages((folder / batch_file_name("declaration", contest_id)).read_bytes())
            # The same sheet, bar the second the footer says it was generated.
            assert [p.split("Generated")[0] for p in batch] == [p.split("Generated")[0] for p in alone]
    east = " ".join(pages((folder / batch_file_name("declaration", ODD)).read_bytes()))
    assert "Riverside East" in east and "O'Connor Zoë Labour Party 17,627" in east


def test_any_document_prints_for_every_contest(two_contests: Path, tmp_path: Path) -> None:
    with CountFile.open(two_contests) as count_file:
        done = print_every_contest(count_file, "count-summary", tmp_path / "summaries")
    assert [p.contest_id for p in done.printed] == [RIVERSIDE, ODD] and not done.not_printed
    for printed in done.printed:
        text = " ".join(pages(printed.path.read_bytes()))
        assert "Count Summary" in text and printed.contest_id in text


def test_a_contest_that_cannot_print_is_named_and_the_others_still_print(
    examples_dir: Path, tmp_path: Path
) -> None:
    count_path = tmp_path / "three.countdesk"
    CountFile.import_package(_package(examples_dir, tmp_path, undrawable=True), count_path).close()
    folder = tmp_path / "out"
    code, out, err = cli("print", "declaration", str(count_path), "--all", "--out", str(folder))
    assert code == 1
    assert "of 2 contest(s)" in out
    assert "Not printed: parl.riverside-west.2029: cannot print U+1F5F3 BALLOT BOX WITH BALLOT" in out
    assert "1 contest(s) could not be printed" in err
    assert len(list(folder.iterdir())) == 2, "no partial or empty file for the one that failed"


def test_bad_requests_are_refused_and_nothing_written(two_contests: Path, tmp_path: Path) -> None:
    code, _, err = cli("print", "declaration", str(two_contests), "--all", "--out", str(tmp_path / "a" / "b"))
    assert code == 2 and "does not exist" in err
    both = ("--all", "--contest", RIVERSIDE)
    code, _, err = cli("print", "declaration", str(two_contests), *both, "--out", "x")
    assert code == 2 and "not allowed with argument" in err
    code, _, err = cli("print", "declaration", str(two_contests), "--out", str(tmp_path / "d.pdf"))
    assert code == 2 and "one of the arguments --contest --all is required" in err
    code, _, err = cli("print", "declaration", str(two_contests), "--all", "--out", str(two_contests))
    assert code == 2 and "is a file; with --all, --out names the folder" in err
    with CountFile.open(two_contests) as count_file, pytest.raises(BadInput, match="no document 'ballot'"):
        print_every_contest(count_file, "ballot", tmp_path)
    assert not (tmp_path / "a").exists() and not (tmp_path / "d.pdf").exists()
