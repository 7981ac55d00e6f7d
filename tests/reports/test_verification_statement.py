"""The verification statement: content read back from the PDF, the page frame, long lists, byte stability."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.election import BallotBox, BoxVerification, Contest, Election
from app.domain.verification_statement import VerificationStatement, verification_statement
from app.reports.fonts import UndrawableText
from app.reports.verification_statement import TEMPLATE, render_verification_statement
from tests.reports.conftest import FINGERPRINT, GENERATED_AT, Loader


def statement(election: Election, contest: Contest, stage: str = "counting") -> VerificationStatement:
    return verification_statement(
        election, contest, stage=stage, generated_at=GENERATED_AT, fingerprint=FINGERPRINT
    )


def pdf(sheet: VerificationStatement) -> bytes:
    out = io.BytesIO()
    render_verification_statement(sheet, out)
    return out.getvalue()


def pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_riverside_statement_every_box_and_the_totals(load_example: Loader) -> None:
    election, contest = load_example("riverside")
    sheet = statement(election, contest)
    [page] = pages(pdf(sheet))
    assert "Verification Statement Riverside Poll held on 3 May 2029" in page
    assert "B01 Station 1 P01 Station 3,908 3,908 0" in page
    assert (
        "B02 Station 2 P01 Station 4,227 4,225 -2 Counts: 4,224; 4,225; 4,225 two papers found in the "
        "wrong box at another count"
    ) in page
    assert "PV03 Postal 3,415 3,415 0" in page
    assert "B05 Station 5 P03 Station 3,274 3,274 0 Counts: 3,277; 3,274" in page
    positions = [page.index(f"{line.box} ") for line in sheet.lines]
    assert positions == sorted(positions), "boxes in the contest's order"
    assert "Polling station boxes 8 8 28,485 28,483" in page
    assert "Postal boxes (postal total) 4 4 14,788 14,788" in page
    assert "Grand total 12 12 43,273 43,271" in page
    assert "Grand total of ballot papers verified: 43,271" in page


def test_the_same_footer_as_the_declaration(load_example: Loader) -> None:
    election, contest = load_example("riverside")
    [page] = pages(pdf(statement(election, contest)))
    assert "PROVISIONAL figures may change on a recount" in page
    assert "Page 1 of 1" in page
    assert "Generated 4 May 2029 at 03:14:07 +01:00" in page
    assert "Fingerprint ABAB ABAB ABAB ABAB · 42 events" in page
    assert f"Template {TEMPLATE}" in page
    assert "Signed" in page and "Acting Returning Officer" in page
    declared = pages(pdf(statement(election, contest, stage="declared")))[0]
    assert "DECLARED" in declared and "DRAFT" not in declared


def test_draft_while_any_box_is_outstanding(load_example: Loader) -> None:
    election, contest = load_example("riverside")
    records = [r for r in contest.verification if r.box != "PV12"]
    records.append(BoxVerification("PV12", (3590,)))
    records = [r if r.box != "B08" else BoxVerification("B08", ()) for r in records]
    sheet = statement(election, dataclasses.replace(contest, verification=tuple(records)))
    assert sheet.context.status == "DRAFT"
    page = " ".join(pages(pdf(sheet)))
    assert "2 boxes are outstanding: B08, PV12" in page and "it is a draft" in page
    assert "B08 Station 8 P04 Station 3,838 — — Not counted yet." in page
    assert "PV12 Postal 3,591 3,590 -1 Outstanding: the count differs from the account" in page
    assert "DRAFT not the declared result" in page
    assert "Grand total 12 10 43,273 35,842" in page


def test_long_lists_repeat_the_heading_and_keep_the_signature_with_the_totals(load_example: Loader) -> None:
    election, contest = load_example("riverside")
    boxes = tuple(
        BallotBox(
            f"B{i:03}",
            "postal" if i % 5 == 0 else "polling-station",
            1000 + i,
            f"Neuadd y Pentref {i}, Llanfair-ym-Muallt",
            f"P{i // 3:02}",
        )
        for i in range(1, 151)
    )
    counts = tuple(BoxVerification(b.id, (b.issued,)) for b in boxes)
    sheet = statement(election, dataclasses.replace(contest, ballot_boxes=boxes, verification=counts))
    texts = pages(pdf(sheet))
    assert len(texts) >= 4
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        if re.search(r"\bB\d{3} ", text):
            assert "Box Polling station (place) Kind Expected Counted Variance Explanation" in text
    every = " ".join(texts)
    assert all(f"{b.id} Neuadd y Pentref" in every for b in boxes)
    assert "Grand total of ballot papers verified: 161,325" in texts[-1] and "Signed" in texts[-1]


def test_byte_stable_and_unicode(load_example: Loader) -> None:
    election, contest = load_example("riverside")
    welsh = dataclasses.replace(
        contest,
        ballot_boxes=(BallotBox("B1", "polling-station", 10, "Ysgol Gynradd Siân Łukasz", "Ŵ1"),),
        verification=(BoxVerification("B1", (9, 9), "Zoë's table: one paper in the wrong box"),),
    )
    sheet = statement(election, welsh)
    first, second = pdf(sheet), pdf(sheet)
    assert first == second, "the same statement gives the same bytes"
    [page] = pages(first)
    assert "B1 Ysgol Gynradd Siân Łukasz Ŵ1 Station 10 9 -1" in page
    assert "Zoë's table: one paper in the wrong box" in page
    broken = dataclasses.replace(
        welsh, ballot_boxes=(BallotBox("B1", "polling-station", 10, "Hall \U0001f600"),)
    )
    with pytest.raises(UndrawableText, match="U\\+1F600"):
        pdf(statement(election, broken))


def test_renders_as_pages(load_example: Loader, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: install poppler-utils", pytrace=False)
    election, contest = load_example("riverside")
    target = tmp_path / "statement.pdf"
    target.write_bytes(pdf(statement(election, contest)))
    run = subprocess.run(
        [pdftoppm, "-r", "50", "-png", str(target), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0 and not run.stderr.strip(), run.stderr
    assert [p.name for p in sorted(tmp_path.glob("page-*.png"))] == ["page-1.png"]
