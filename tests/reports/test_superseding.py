"""A corrected declaration says, on the sheet, which declaration it supersedes, why, and what changed."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

from app.domain.documents import DeclarationSheet
from app.domain.election import Contest
from app.services.count_file import CountFile
from app.services.printing import prepare
from tests.domain.test_package_stages import night_of, package_with_stages
from tests.reports.documents import pages

SheetMaker = Callable[..., DeclarationSheet]
Render = Callable[[DeclarationSheet], bytes]


def first_declaration_only(contest: Contest) -> Contest:
    corrected = night_of(contest)
    return dataclasses.replace(corrected, stage_records=corrected.stage_records[:2])


def test_the_corrected_declaration_prints_what_it_supersedes(make_sheet: SheetMaker, render: Render) -> None:
    sheet = make_sheet("riverside", "DECLARED", contest=night_of)
    [page] = pages(render(sheet))
    assert (
        "Superseding declaration. This declaration supersedes declaration 1 made "
        "4 May 2029 at 03:00 (+01:00), because transposed at T2" in page
    )
    assert "table T2, Zoë O'Connor:" in page and "table T2, Thomas Ashworth-Lee:" in page
    assert page.index("supersedes declaration 1") < page.index("Surname"), "read before the figures"
    zoe = next(line.votes for line in sheet.lines if line.surname == "O'Connor")
    assert f"O'Connor Zoë Labour Party {zoe:,}" in page, "the corrected figures"
    assert zoe == 17_627 - 9


def test_a_first_declaration_and_a_draft_supersede_nothing(make_sheet: SheetMaker, render: Render) -> None:
    for sheet in (
        make_sheet("riverside", "DECLARED", contest=first_declaration_only),
        make_sheet("riverside", "DRAFT"),
    ):
        assert sheet.supersedes is None
        assert "supersede" not in " ".join(pages(render(sheet))).lower()


def test_printed_from_a_corrected_count_file(examples_dir: Path, tmp_path: Path) -> None:
    package, _ = package_with_stages(examples_dir)
    source = tmp_path / "night.package.json"
    source.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    with CountFile.import_package(source, tmp_path / "night.countdesk") as count_file:
        contest_id = count_file.contest_ids()[0]
        job = prepare(count_file, "declaration", contest_id)
        text = " ".join(pages(job.render()))
    assert job.status == "DECLARED"
    assert "This declaration supersedes declaration 1" in text and "because transposed at T2" in text
