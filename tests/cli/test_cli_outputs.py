"""Where the command line writes: never over a count file; an empty contest id is not "every"."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import run


def _run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def two_counts(examples_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    files = []
    for name in ("riverside", "abbey"):
        target = tmp_path / f"{name}.countdesk"
        code, _, err = _run("import", examples_dir / f"{name}.package.json", "--out", target)
        assert code == 0, err
        files.append(target)
    return files[0], files[1]


@pytest.mark.parametrize("fmt", ["package", "dc-csv", "eml510", "eml520"])
def test_export_never_replaces_another_count_file(
    two_counts: tuple[Path, Path], fmt: str, tmp_path: Path
) -> None:
    riverside, abbey = two_counts
    kept = abbey.read_bytes()
    code, _, err = _run("export", riverside, "--format", fmt, "--out", abbey)
    assert code == 2 and err.count("\n") == 1
    assert "is a count file" in err and "choose another name" in err
    assert abbey.read_bytes() == kept
    code, _, err = _run("result", abbey, "--json")
    assert code == 0, err


def test_print_never_replaces_a_count_file(two_counts: tuple[Path, Path]) -> None:
    riverside, abbey = two_counts
    kept = abbey.read_bytes()
    code, _, err = _run(
        "print", "declaration", riverside, "--contest", "parl.riverside.2029-05-03", "--out", abbey
    )
    assert code == 2 and err.count("\n") == 1 and "is a count file" in err
    assert abbey.read_bytes() == kept


def test_an_empty_contest_id_is_an_unknown_contest(two_counts: tuple[Path, Path]) -> None:
    riverside, _ = two_counts
    code, out, err = _run("result", riverside, "--contest", "")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no contest" in err


def test_a_name_the_typeface_cannot_draw_is_one_sentence_not_a_traceback(
    examples_dir: Path, tmp_path: Path
) -> None:
    package = json.loads((examples_dir / "riverside.package.json").read_text(encoding="utf-8"))
    package["contests"][0]["candidates"][0]["surname"] = "Ashworth\U0002070e"
    source = tmp_path / "undrawable.package.json"
    source.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    count = tmp_path / "undrawable.countdesk"
    assert _run("import", source, "--out", count)[0] == 0
    target = tmp_path / "declaration.pdf"
    code, _, err = _run(
        "print", "declaration", count, "--contest", "parl.riverside.2029-05-03", "--out", target
    )
    assert code == 2 and err.count("\n") == 1
    assert "U+2070E" in err and "print again" in err
    assert not target.exists()


def test_print_to_a_folder_says_so(two_counts: tuple[Path, Path], tmp_path: Path) -> None:
    riverside, _ = two_counts
    folder = tmp_path / "sheets"
    folder.mkdir()
    code, _, err = _run(
        "print", "declaration", riverside, "--contest", "parl.riverside.2029-05-03", "--out", folder
    )
    assert code == 2 and err.count("\n") == 1
    assert "is a folder" in err and "--all" in err and ".partial" not in err
    assert list(folder.iterdir()) == []
