"""The command line contract of interfaces.md: import, result, print declaration, demo; exit codes."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.cli import run

RIVERSIDE = "parl.riverside.2029-05-03"


def _run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def riverside_file(examples_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "riverside.countdesk"
    code, out, err = _run("import", examples_dir / "riverside.package.json", "--out", target)
    assert code == 0, err
    assert "Imported 1 contest" in out
    return target


def test_result_json_is_the_contract(riverside_file: Path, examples_dir: Path) -> None:
    code, out, _ = _run("result", riverside_file, "--json")
    assert code == 0
    [result] = json.loads(out)
    expected = json.loads((examples_dir / "riverside.expected.json").read_text(encoding="utf-8"))
    assert {c["id"]: c["votes"] for c in result["candidates"]} == expected["votes"]
    assert result["margin"] == 23 and result["round"] == 3 and result["reconciled"] is True
    assert result["stage"] == "counting"
    assert "Zoë O'Connor" in out  # not escaped: UTF-8 out


def test_result_for_one_contest_and_unknown_contest(riverside_file: Path) -> None:
    code, out, _ = _run("result", riverside_file, "--contest", RIVERSIDE)
    assert code == 0 and "Zoë O'Connor" in out and "ELECTED" in out and "Margin" in out
    code, _, err = _run("result", riverside_file, "--contest", "parl.nowhere")
    assert code == 2
    assert err.count("\n") == 1 and "no contest" in err and RIVERSIDE in err


def test_print_declaration_writes_a_draft_pdf(riverside_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "declaration.pdf"
    code, out, err = _run("print", "declaration", riverside_file, "--contest", RIVERSIDE,
                          "--out", target)
    assert code == 0, err
    assert "DRAFT" in out
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    for name in ("Ashworth-Lee", "Siân Ap", "Nowak", "Łukasz", "O'Connor", "Zoë", "Pryce"):
        assert name in text
    assert "17,627" in text and "DRAFT" in text
    assert not list(tmp_path.glob(".*partial"))


def test_print_into_a_missing_folder_is_refused(riverside_file: Path, tmp_path: Path) -> None:
    code, _, err = _run("print", "declaration", riverside_file, "--contest", RIVERSIDE,
                        "--out", tmp_path / "nowhere" / "d.pdf")
    assert code == 2 and "does not exist" in err


def test_import_refuses_to_overwrite(riverside_file: Path, examples_dir: Path) -> None:
    before = riverside_file.read_bytes()
    code, _, err = _run("import", examples_dir / "abbey.package.json", "--out", riverside_file)
    assert code == 2 and "already exists" in err
    assert riverside_file.read_bytes() == before


def _mutated(examples_dir: Path, change: str) -> bytes:
    package: dict[str, Any] = json.loads(
        (examples_dir / "riverside.package.json").read_text(encoding="utf-8")
    )
    contest = package["contests"][0]
    sheet = contest["rounds"][0]["sheets"][0]
    if change == "negative":
        contest["ballot_boxes"][0]["issued"] = -1
    elif change == "unknown-candidate":
        sheet["votes"]["nobody"] = 1
    elif change == "part-bundle":
        sheet["votes"]["margaret-pryce"] = {"bundles": 1, "part": 50}
    elif change == "duplicate-box":
        contest["ballot_boxes"].append(copy.deepcopy(contest["ballot_boxes"][1]))
    elif change == "format":
        package["format"] = "election/1"
    raw = json.dumps(package, ensure_ascii=False).encode("utf-8")
    if change == "non-ascii-digits":
        raw = raw.replace(b'"issued": 3908', '"issued": ٣٩٠٨'.encode())
    elif change == "truncated":
        raw = raw[: len(raw) // 2]
    elif change == "not-utf8":
        raw = raw.decode("utf-8").encode("latin-1", errors="replace").replace(b"Zo", b"Zo\xeb")
    return raw


@pytest.mark.parametrize(
    "change",
    ["negative", "non-ascii-digits", "unknown-candidate", "part-bundle", "duplicate-box",
     "format", "truncated", "not-utf8"],
)
def test_malformed_package_exits_2_with_one_sentence_and_writes_nothing(
    examples_dir: Path, tmp_path: Path, change: str
) -> None:
    package = tmp_path / "bad.json"
    package.write_bytes(_mutated(examples_dir, change))
    target = tmp_path / "out" / "x.countdesk"
    target.parent.mkdir()
    code, out, err = _run("import", package, "--out", target)
    assert code == 2
    assert out == ""
    assert err.startswith("countdesk: ") and err.count("\n") == 1
    assert "nothing was written" in err
    assert list(target.parent.iterdir()) == []


def test_missing_package_and_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = _run("import", tmp_path / "none.json", "--out", tmp_path / "x.countdesk")
    assert code == 2 and "does not exist" in err
    code, _, err = _run("import", tmp_path / "none.json")
    assert code == 2 and "--out" in err
    code, _, err = _run("result", tmp_path / "none.countdesk")
    assert code == 2 and "does not exist" in err


def test_extra_arguments_name_the_command_given_them(tmp_path: Path) -> None:
    extra = tmp_path / "b.json"
    code, out, err = _run("import", tmp_path / "a.json", extra, "--out", tmp_path / "x.countdesk")
    assert (code, out) == (2, "")
    assert err == f"countdesk: countdesk import does not take {extra}; see 'countdesk import --help'.\n"
    code, _, err = _run("--bogus")
    assert code == 2 and err == "countdesk: countdesk does not take --bogus; see 'countdesk --help'.\n"
    code, _, err = _run("import", tmp_path / "a.json")
    assert code == 2 and err.endswith("--out; see 'countdesk import --help'.\n")
    assert not (tmp_path / "x.countdesk").exists()


def test_foreign_file_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.countdesk"
    foreign.write_text("these are not the figures you are looking for\n")
    code, _, err = _run("result", foreign)
    assert code == 2 and f"{foreign} is not a CountDesk count file; open a .countdesk file." in err


def test_demo_headless_prints_result_and_writes_pdf(tmp_path: Path) -> None:
    code, out, err = _run("demo", "--no-window", "--folder", tmp_path)
    assert code == 0, err
    assert "Northgate and Eastwick" in out and "ELECTED" in out
    assert "Recount advised" in out
    pdfs = list(tmp_path.glob("declaration-*.pdf"))
    assert len(pdfs) == 1 and str(pdfs[0]) in out
    assert pdfs[0].read_bytes().startswith(b"%PDF")


def test_console_entry_point_without_display(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    completed = subprocess.run(
        [sys.executable, "-m", "app", "demo"], capture_output=True, text=True, env=env,
        timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "written to" in completed.stdout
    assert (tmp_path / "data" / "countdesk" / "demo" / "demo.countdesk").exists()
