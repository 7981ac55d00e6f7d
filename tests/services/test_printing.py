"""Printing from a real count file: every document, whole-or-nothing writes, and `verify --sheet`."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.cli import run
from app.domain.documents import Fingerprint
from app.reports.declaration import render_declaration
from app.services.count_file import CountFile
from app.services.errors import BadInput
from app.services.printing import DOCUMENTS, prepare, print_document
from app.store import CountStore
from app.store.audit import Actor
from tests.reports.documents import pages

RIVERSIDE = "parl.riverside.2029-05-03"
CLOCK = datetime(2029, 5, 4, 3, 14, 7, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def riverside(tmp_path: Path, examples_dir: Path) -> Path:
    path = tmp_path / "riverside.countdesk"
    CountFile.import_package(examples_dir / "riverside.package.json", path).close()
    return path


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_document_prints_from_the_command_line(riverside: Path, tmp_path: Path, document: str) -> None:
    target = tmp_path / f"{document}.pdf"
    code, out, err = cli("print", document, str(riverside), "--contest", RIVERSIDE, "--out", str(target))
    assert code == 0, err
    assert f"to {target}" in out
    texts = pages(target.read_bytes())
    assert texts and all("Riverside" in page and "Page " in page for page in texts)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_the_sheet_uses_the_count_files_clock_and_fingerprint(riverside: Path) -> None:
    with CountFile(CountStore.open(riverside), now=lambda: CLOCK) as count_file:
        job = prepare(count_file, "count-summary", RIVERSIDE)
        fingerprint = count_file.fingerprint()
        text = " ".join(pages(job.render()))
    assert job.status == "DRAFT" and job.name == "count summary"
    assert "Generated 4 May 2029 at 03:14:07 +01:00" in text
    assert f"Fingerprint {fingerprint.short} · 2 events" in text


def test_an_unknown_document_or_contest_is_refused_and_nothing_written(
    riverside: Path, tmp_path: Path
) -> None:
    target = tmp_path / "x.pdf"
    with CountFile.open(riverside) as count_file:
        with pytest.raises(BadInput, match="there is no document 'ballot'"):
            print_document(count_file, "ballot", RIVERSIDE, target)
        with pytest.raises(BadInput, match='no contest "nowhere"'):
            print_document(count_file, "audit", "nowhere", target)
        with pytest.raises(BadInput, match="does not exist"):
            print_document(count_file, "audit", RIVERSIDE, tmp_path / "missing" / "x.pdf")
    assert not target.exists()


def test_a_failed_render_leaves_the_old_file_untouched(riverside: Path, tmp_path: Path) -> None:
    target = tmp_path / "declaration.pdf"
    target.write_bytes(b"the earlier sheet")
    with CountFile.open(riverside) as count_file:
        job = prepare(count_file, "declaration", RIVERSIDE)
        bad = dataclasses.replace(job.content, venue="Hall \U0001f5f3")
        with pytest.raises(ValueError, match="BALLOT BOX WITH BALLOT"):
            print_document_of(dataclasses.replace(job, content=bad), target)
    assert target.read_bytes() == b"the earlier sheet"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def print_document_of(job: object, target: Path) -> None:
    from app.services.printing import PrintJob, write_whole

    assert isinstance(job, PrintJob)
    write_whole(job.render(), target)


@pytest.mark.parametrize("document", ["declaration", "provisional"])
def test_verify_passes_a_fresh_sheet_even_after_later_events(
    riverside: Path, tmp_path: Path, document: str
) -> None:
    sheet = tmp_path / "sheet.pdf"
    assert cli("print", document, str(riverside), "--contest", RIVERSIDE, "--out", str(sheet))[0] == 0
    code, out, err = cli("verify", str(riverside), "--sheet", str(sheet))
    assert code == 0, out + err
    assert "1 printed sheet" in out
    # An event that changes no figure: the sheet still matches.
    with (
        CountFile.open(riverside) as count_file,
        count_file.store.action(Actor("Gwen", "supervisor"), "note", f"contest {RIVERSIDE}"),
    ):
        pass
    code, out, err = cli("verify", str(riverside), "--sheet", str(sheet))
    assert code == 0, out + err


def _sheet_with(riverside: Path, target: Path, **changes: object) -> None:
    with CountFile.open(riverside) as count_file:
        sheet = count_file.declaration(RIVERSIDE)
    render_declaration(dataclasses.replace(sheet, **changes), target)  # type: ignore[arg-type]


def test_verify_fails_a_sheet_whose_figures_differ(riverside: Path, tmp_path: Path) -> None:
    with CountFile.open(riverside) as count_file:
        lines = count_file.declaration(RIVERSIDE).lines
    moved = (dataclasses.replace(lines[0], votes=lines[0].votes + 20), *lines[1:])
    sheet = tmp_path / "altered.pdf"
    _sheet_with(riverside, sheet, lines=moved)
    code, out, err = cli("verify", str(riverside), "--sheet", str(sheet))
    assert code == 1
    assert "votes (in ballot-paper order): the sheet has 17,624, 2,311" in out
    assert "the file has 17,604, 2,311" in out
    assert "failed verification" in err


def test_verify_fails_a_sheet_whose_fingerprint_differs(riverside: Path, tmp_path: Path) -> None:
    with CountFile.open(riverside) as count_file:
        real = count_file.fingerprint()
    sheet = tmp_path / "other.pdf"
    _sheet_with(riverside, sheet, fingerprint=Fingerprint("cd" * 32, real.event_count))
    code, out, _ = cli("verify", str(riverside), "--sheet", str(sheet))
    assert code == 1 and "its fingerprint CDCD CDCD CDCD CDCD is not this file's at event 2" in out
    ahead = tmp_path / "ahead.pdf"
    _sheet_with(riverside, ahead, fingerprint=Fingerprint(real.chain_head, real.event_count + 5))
    code, out, _ = cli("verify", str(riverside), "--sheet", str(ahead))
    assert code == 1 and "the file holds only 2 events" in out


def test_verify_refuses_a_pdf_without_a_payload(riverside: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit.pdf"
    assert cli("print", "audit", str(riverside), "--contest", RIVERSIDE, "--out", str(audit))[0] == 0
    code, _, err = cli("verify", str(riverside), "--sheet", str(audit))
    assert code == 2 and "carries no CountDesk sheet payload" in err
    code, _, err = cli("verify", str(riverside), "--sheet", str(tmp_path / "none.pdf"))
    assert code == 2 and "does not exist" in err
